/* sphinx-policy consent manager.
 * Asks before anything but strictly necessary storage, keeps the choice in one
 * first-party cookie, starts the scripts and embeds of the categories a visitor
 * allows, speaks Google Consent Mode v2, and removes what a refusal withdraws.
 * Its configuration is the file the extension generated from the policy, named by
 * this script's data-policy-config (or inline, script#policy-consent-config).
 * No eval, no inline code, no third parties. */
(function () {
  "use strict";
  var FORMAT = 1;
  var NAME = "policy_consent";
  var SAYS = "sphinx-policy consent: ";
  // The words consent.js shows; a configuration without one of them is refused.
  var WORDS = "title intro close acceptAll rejectAll customise save policy download always gpc thirdParty optOut " +
    "placeholder load reload newCookie longer newProvider newCategory";
  var GRANTED = "granted";
  var DENIED = "denied";
  var me = document.currentScript;
  var gpc = navigator.globalPrivacyControl === true;
  var config, words, optional, labels = Object.create(null), unknown = [], base = location.href;
  var banner = null, returnFocus = null, current = null, reason = null, previous = null;

  window.dataLayer = window.dataLayer || [];
  function gtag() { window.dataLayer.push(arguments); }

  function cookieValue(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var at = parts[i].indexOf("=");
      if (parts[i].slice(0, at) === name) { return parts[i].slice(at + 1); }
    }
    return null;
  }

  function stored() {
    try {
      var r = JSON.parse(decodeURIComponent(cookieValue(NAME)));
      return r && typeof r.id === "string" && typeof r.ts === "string" && r.c && typeof r.c === "object" ? r : null;
    } catch (error) {
      return null;
    }
  }

  // Consent Mode v2 from the categories: statistics -> analytics; marketing -> the ad_ types;
  // preferences -> functionality and personalization; security storage is always allowed.
  function mode(c) {
    function state(on) { return on === true ? GRANTED : DENIED; }
    return { ad_storage: state(c.marketing), ad_user_data: state(c.marketing), ad_personalization: state(c.marketing),
      analytics_storage: state(c.statistics), functionality_storage: state(c.preferences),
      personalization_storage: state(c.preferences), security_storage: GRANTED };
  }

  // Before any Google tag can run: the default, from a stored choice if there is one. Google's
  // tags wait for the update that follows once the configuration is read (it may narrow the choice).
  var early = stored();
  // GPC is newer than a choice made without it: marketing goes off (turned on again, it stays).
  var overruled = early && gpc && !early.gpc && early.c.marketing === true;
  if (overruled) {
    early.c.marketing = false;
    early.gpc = true;
    early.how = "gpc";
  }
  var first = mode(early ? early.c : {});
  first.wait_for_update = 500;
  gtag("consent", "default", first);

  function fail(why) {
    gtag("consent", "update", mode({}));
    console.error(SAYS + why + ". Nothing that needs consent will run.");
  }

  function text(value) { return typeof value === "string"; }

  // An address for a link: http(s) only, resolved against the configuration's own.
  function web(address) {
    try {
      var url = new URL(address, base);
      return /^https?:$/.test(url.protocol) ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  // Everything consent.js reads, of the type it reads: anything else is not a configuration.
  function usable(c) {
    return c && c.format === FORMAT && c.policy && text(c.policy.id) && text(c.policy.version) &&
      web(c.policy.url) && text(c.fingerprint) && c.cookie && c.cookie.maxAgeDays > 0 && c.words &&
      WORDS.split(" ").every(function (key) { return text(c.words[key]); }) && Array.isArray(c.categories) &&
      c.categories.every(function (k) { return k && text(k.id) && text(k.label) && text(k.description); }) &&
      Array.isArray(c.cookies) && c.cookies.every(function (d) {
        return d && text(d.name) && text(d.category) && text(d.provider) && text(d.storage) &&
          typeof d.maxAgeSeconds === "number" && (!d.domain || text(d.domain)) && (!d.path || text(d.path));
      });
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return values[key] === undefined ? all : values[key]; });
  }

  function each(selector, action) { Array.prototype.forEach.call(document.querySelectorAll(selector), action); }

  function start(loaded) {
    if (!usable(loaded)) {
      fail("the configuration is not one this consent.js reads (format " + FORMAT + ", see its schema)");
      return;
    }
    var pinned = me && me.getAttribute("data-policy-version");
    if (pinned && pinned !== loaded.policy.version) {
      fail("the configuration is for policy version " + loaded.policy.version + ", not " + pinned);
      return;
    }
    config = loaded;
    words = config.words;
    config.categories.forEach(function (c) { labels[c.id] = c.label; });
    optional = config.categories.filter(function (c) { return !c.locked; }).map(function (c) { return c.id; });
    var r = early && early.p === config.policy.id ? early : null;
    if (r && r.fp !== config.fingerprint) {
      var change = compare(r);
      if (change.reason) {
        reason = change.reason;
        previous = r;
        var kept = {};
        optional.forEach(function (id) { kept[id] = r.c[id] === true && !change.wider[id]; });
        apply(kept);
        open("first");
      } else { // narrower: the choice stands; what is no longer declared goes
        Object.keys(Object(r.k)).forEach(function (category) {
          Object.keys(Object(r.k[category])).forEach(function (name) {
            if (!config.cookies.some(function (d) { return d.name === name; })) {
              ["cookie", "localStorage", "sessionStorage", "indexedDB"].forEach(function (storage) {
                remove({ name: name, storage: storage });
              });
            }
          });
        });
        save(r.c, r.how, r);
      }
    } else if (r && optional.every(function (id) { return typeof r.c[id] === "boolean"; })) {
      current = r;
      if (overruled) { save(r.c, r.how, r); } else { apply(r.c); }
    } else {
      apply({});
      open("first");
    }
    each("[data-consent-open]", function (opener) {
      opener.addEventListener("click", function (event) { event.preventDefault(); open("customise"); });
    });
    document.addEventListener("keydown", onKey);
  }

  // What widened since the stored choice, for the categories the visitor allowed.
  function compare(r) {
    var wider = {}, first = null;
    function note(category, text) { wider[category] = true; first = first || text; }
    optional.forEach(function (id) {
      if (typeof r.c[id] !== "boolean") { note(id, fill(words.newCategory, { category: labels[id] })); }
    });
    config.cookies.forEach(function (d) {
      if (r.c[d.category] !== true) { return; }
      var before = (r.k && r.k[d.category] || {})[d.name];
      if ((r.pv || []).indexOf(d.provider) < 0) {
        note(d.category, fill(words.newProvider, { provider: d.provider }));
      } else if (before === undefined) {
        note(d.category, fill(words.newCookie, { name: d.name, category: labels[d.category] }));
      } else if (d.maxAgeSeconds > before) {
        note(d.category, fill(words.longer, { name: d.name }));
      }
    });
    return { reason: first, wider: wider };
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // The record: the choice, how it was given, and what was declared for the allowed
  // categories then (names with lifetimes, providers), to compare a later change with.
  function save(choices, how, kept) {
    var seen = {}, providers = [];
    config.cookies.forEach(function (d) {
      if (!choices[d.category]) { return; }
      (seen[d.category] = seen[d.category] || {})[d.name] = d.maxAgeSeconds;
      if (providers.indexOf(d.provider) < 0) { providers.push(d.provider); }
    });
    current = { id: kept ? kept.id : newId(), ts: kept ? kept.ts : new Date().toISOString(), p: config.policy.id,
      v: config.policy.version, fp: config.fingerprint, c: choices, gpc: kept ? kept.gpc : gpc, how: how,
      k: seen, pv: providers };
    document.cookie = NAME + "=" + encodeURIComponent(JSON.stringify(current)) + "; path=/; max-age=" +
      config.cookie.maxAgeDays * 86400 + "; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
    reason = null;
    return apply(choices);
  }

  // Every domain the cookie may carry: host-only, this host and each parent with a leading
  // dot (the browser ignores a public suffix), and the declared domain.
  function remove(d) {
    try {
      if (d.storage === "localStorage" || d.storage === "sessionStorage") { window[d.storage].removeItem(d.name); }
      if (d.storage === "indexedDB") { indexedDB.deleteDatabase(d.name); }
    } catch (error) { /* storage switched off: nothing to remove */ }
    if (d.storage !== "cookie") { return; }
    var labelsOfHost = location.hostname.split("."), domains = ["", d.domain ? "." + d.domain.replace(/^\./, "") : ""];
    for (var i = 0; i < labelsOfHost.length - 1; i++) { domains.push("." + labelsOfHost.slice(i).join(".")); }
    ["/", d.path || "/"].forEach(function (path) {
      domains.forEach(function (domain) {
        document.cookie = d.name + "=; max-age=0; path=" + path + (domain ? "; domain=" + domain : "") +
          (location.protocol === "https:" ? "; Secure" : ""); // a __Secure-/__Host- cookie goes only so
      });
    });
  }

  // A gated element's category if the policy has it; an unknown one is told once, with the others.
  function known(element) {
    var category = element.getAttribute("data-consent-category");
    if (labels[category]) { return category; }
    if (!element.hasAttribute("data-consent-unknown")) {
      element.setAttribute("data-consent-unknown", "");
      unknown.push(JSON.stringify(category));
    }
    return null;
  }

  // Returns true when a withdrawn category's script or embed already ran on this page.
  function apply(choices) {
    var ran = false;
    config.cookies.forEach(function (d) { if (d.category !== "necessary" && !choices[d.category]) { remove(d); } });
    if (config.consentMode) { gtag("consent", "update", mode(choices)); }
    function on(category) { return category === "necessary" || choices[category] === true; }
    each("[data-consent-started]", function (started) {
      if (!on(started.getAttribute("data-consent-category"))) { ran = true; }
    });
    // Scripts already inserted learn the current choice here too: one that has not
    // finished loading reads it when it runs, so a quick withdrawal is not missed.
    each("script[src][data-consent-category]", function (script) {
      script.setAttribute("data-consent-granted", on(script.getAttribute("data-consent-category")) ? "true" : "false");
    });
    // A waiting script becomes the tag it stands for, with its other attributes (id, data-*,
    // integrity...); started scripts run in page order, as the vendor's snippet would.
    each('script[type="text/plain"][data-consent-category]', function (waiting) {
      var category = known(waiting);
      if (!category || !on(category)) { return; }
      var script = document.createElement("script");
      Array.prototype.forEach.call(waiting.attributes, function (a) {
        if (a.name !== "type" && a.name !== "data-consent-src") { script.setAttribute(a.name, a.value); }
      });
      script.async = waiting.hasAttribute("async");
      script.setAttribute("data-consent-started", "");
      script.setAttribute("data-consent-granted", "true");
      script.setAttribute("data-cookies", JSON.stringify(config.cookies.filter(function (d) {
        return d.category === category;
      })));
      script.src = waiting.getAttribute("data-consent-src");
      waiting.parentNode.replaceChild(script, waiting);
    });
    each("iframe[data-consent-src]:not([data-consent-started])", function (frame) { gate(frame, on); });
    if (unknown.length) {
      console.error(SAYS + "no category " + unknown.join(", ") + " in this policy (it has " +
        Object.keys(labels).join(", ") + "); what is gated with it stays off.");
      unknown = [];
    }
    document.dispatchEvent(new CustomEvent("policy-consent", { detail: { categories: choices } }));
    return ran;
  }

  function gate(frame, on) {
    var category = known(frame);
    var holder = frame.previousElementSibling;
    holder = holder && holder.classList.contains("policy-consent-placeholder") ? holder : null;
    if (category && on(category)) {
      if (holder) { holder.remove(); }
      frame.setAttribute("data-consent-started", "");
      frame.hidden = false;
      frame.src = frame.getAttribute("data-consent-src");
      return;
    }
    frame.hidden = true;
    if (holder || !category) { return; }
    var provider = frame.getAttribute("data-consent-provider") || new URL(frame.getAttribute("data-consent-src"), base).hostname;
    var values = { title: frame.title || provider, provider: provider, category: labels[category] };
    holder = element("div", { "class": "policy-consent-placeholder", role: "group", "aria-label": values.title });
    holder.appendChild(element("p", {}, fill(words.placeholder, values)));
    var allow = element("button", { type: "button", "class": "policy-consent-button" }, fill(words.load, values));
    allow.addEventListener("click", function () {
      var choices = {};
      optional.forEach(function (id) { choices[id] = current ? current.c[id] === true : false; });
      choices[category] = true;
      finish(choices, "save");
      close(false);
      frame.focus();
    });
    holder.appendChild(allow);
    frame.parentNode.insertBefore(holder, frame);
  }

  function all(value) {
    var choices = {};
    optional.forEach(function (id) { choices[id] = value && !(gpc && id === "marketing"); });
    return choices;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function button(action, label) {
    return element("button", { type: "button", "class": "policy-consent-button", "data-consent-action": action }, label);
  }

  function open(view) {
    close(false);
    returnFocus = document.activeElement;
    var shown = current || previous;
    banner = element("div", { id: "policy-consent", "class": "policy-consent", role: "dialog",
      "aria-modal": "false", "aria-labelledby": "policy-consent-title", "aria-describedby": "policy-consent-intro",
      tabindex: "-1" });
    banner.appendChild(element("button", { type: "button", "class": "policy-consent-close", "data-consent-action": "close",
      "aria-label": words.close, title: words.close }, "\u00d7"));
    banner.appendChild(element("h2", { id: "policy-consent-title" }, words.title));
    banner.appendChild(element("p", { id: "policy-consent-intro" }, words.intro));
    if (reason) { banner.appendChild(element("p", { "class": "policy-consent-changed" }, reason)); }
    if (gpc) { banner.appendChild(element("p", { "class": "policy-consent-gpc" }, words.gpc)); }
    if (view === "customise") {
      var list = element("ul", { "class": "policy-consent-categories" });
      config.categories.forEach(function (category) {
        var item = element("li", {});
        var label = element("label", {});
        var box = element("input", { type: "checkbox", name: "policy-consent-category", value: category.id,
          "aria-describedby": "policy-consent-about-" + category.id });
        box.checked = category.locked || (shown ? shown.c[category.id] === true : false);
        box.disabled = category.locked;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + category.label + (category.locked ? " (" + words.always + ")" : "")));
        item.appendChild(label);
        item.appendChild(element("p", { id: "policy-consent-about-" + category.id }, category.description));
        list.appendChild(item);
      });
      banner.appendChild(list);
      var others = config.cookies.filter(function (d) { return d.party === "third" && d.category !== "necessary"; });
      if (others.length) {
        var note = element("p", { "class": "policy-consent-third" }, words.thirdParty);
        var links = {};
        others.forEach(function (d) {
          var href = d.optOut && web(d.optOut);
          if (href && !links[href]) {
            links[href] = true;
            note.appendChild(document.createTextNode(" "));
            note.appendChild(element("a", { href: href, rel: "noopener" }, fill(words.optOut, d)));
          }
        });
        banner.appendChild(note);
      }
    }
    var actions = element("div", { "class": "policy-consent-actions" });
    actions.appendChild(button("accept-all", words.acceptAll));
    actions.appendChild(button("reject-all", words.rejectAll));
    actions.appendChild(view === "customise" ? button("save", words.save) : button("customise", words.customise));
    banner.appendChild(actions);
    var more = element("p", { "class": "policy-consent-links" });
    more.appendChild(element("a", { href: web(config.policy.url) }, words.policy));
    if (current) { more.appendChild(button("download", words.download)); }
    banner.appendChild(more);
    banner.addEventListener("click", onClick);
    document.body.appendChild(banner);
    banner.focus();
  }

  function close(restore) {
    if (!banner) { return; }
    banner.remove();
    banner = null;
    if (restore && returnFocus && returnFocus !== document.body && document.contains(returnFocus)) {
      returnFocus.focus();
    } else if (restore && document.activeElement && document.activeElement !== document.body) {
      document.activeElement.blur(); // back to the page, where the visitor was before the banner
    }
  }

  // A choice; when it withdraws what already ran here, the page says so and reloads.
  function finish(choices, how) {
    if (!save(choices, how)) { return; }
    document.body.appendChild(element("p", { "class": "policy-consent-notice", role: "alert" }, words.reload));
    setTimeout(function () { location.reload(); }, 1500);
  }

  function onClick(event) {
    var action = event.target.closest("[data-consent-action]");
    if (!action) { return; }
    var name = action.getAttribute("data-consent-action");
    if (name === "customise") { open("customise"); return; }
    if (name === "download") { download(); return; }
    var choices = all(name === "accept-all");
    if (name === "save") {
      Array.prototype.forEach.call(banner.querySelectorAll('input[name="policy-consent-category"]'), function (box) {
        if (!box.disabled) { choices[box.value] = box.checked; }
      });
    }
    close(true);
    // "close" stores a refusal; accept-all under GPC is recorded as given with GPC (marketing off).
    finish(choices, name === "accept-all" && gpc ? "gpc" : name);
  }

  function onKey(event) {
    if (banner && event.key === "Escape") {
      event.preventDefault();
      close(true);
      finish(all(false), "close");
    }
  }

  function download() {
    var receipt = {
      schema_version: "1.0",
      record_id: current.id,
      timestamp: current.ts,
      controller: config.controller,
      policy_id: config.policy.id,
      policy_url: web(config.policy.url),
      policy_version: config.policy.version,
      declarations_fingerprint: config.fingerprint,
      language: config.language,
      categories: config.categories.map(function (category) {
        return { category: category.id, state: category.locked || current.c[category.id] ? "granted" : "denied",
          required: category.locked };
      }),
      gpc: current.gpc === true
    };
    if (current.how) { receipt.method = current.how; }
    var link = element("a", { download: "consent-receipt-" + config.policy.id + "-" + current.id + ".json" });
    link.href = URL.createObjectURL(new Blob([JSON.stringify(receipt, null, 2)], { type: "application/json" }));
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function begin(loaded) {
    function run() {
      try {
        start(loaded);
      } catch (error) { // a last resort: usable() lets through nothing known to throw
        fail("the configuration could not be used (" + error.message + ")");
      }
    }
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  }

  var named = me && me.getAttribute("data-policy-config");
  if (named) {
    new Promise(function (resolve) { // an invalid address rejects here, like a failed request
      base = new URL(named, base).href;
      resolve(fetch(base, { credentials: "omit" }));
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(begin, function (error) {
      fail("the configuration " + named + " could not be read (" + error.message + ")");
    });
  } else {
    var inline = document.getElementById("policy-consent-config");
    try {
      begin(JSON.parse(inline.textContent)); // start() catches its own errors
    } catch (error) {
      fail(inline ? "the inline configuration is not JSON (" + error.message + ")" :
        "no configuration: name one with data-policy-config");
    }
  }
})();
