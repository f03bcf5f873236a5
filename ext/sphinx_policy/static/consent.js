/* sphinx-policy consent manager.
 * Asks before anything but strictly necessary storage, keeps the choice in one
 * first-party cookie, and starts the scripts of the categories a visitor allows.
 * It knows only the configuration the extension generated from the policy
 * (script#policy-consent-config); no eval, no inline code, no third parties. */
(function () {
  "use strict";
  var source = document.getElementById("policy-consent-config");
  if (!source) { return; }
  var config;
  try { config = JSON.parse(source.textContent); } catch (error) { return; }

  var words = config.words;
  var gpc = navigator.globalPrivacyControl === true;
  var optional = config.categories.filter(function (c) { return !c.locked; }).map(function (c) { return c.id; });
  var banner = null;
  var returnFocus = null;
  var current = read();

  function cookieValue(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var at = parts[i].indexOf("=");
      if (parts[i].slice(0, at) === name) { return parts[i].slice(at + 1); }
    }
    return null;
  }

  // A stored choice counts only if it is ours, whole, and for this version of
  // the policy and this set of cookies; anything else is no consent.
  function read() {
    var raw = cookieValue(config.cookie.name);
    if (!raw) { return null; }
    try {
      var r = JSON.parse(decodeURIComponent(raw));
      if (!r || r.p !== config.policy.id || r.v !== config.policy.version || r.fp !== config.fingerprint ||
          typeof r.id !== "string" || typeof r.ts !== "string" || !r.c || typeof r.c !== "object") { return null; }
      var choices = {};
      for (var i = 0; i < optional.length; i++) {
        if (typeof r.c[optional[i]] !== "boolean") { return null; }
        choices[optional[i]] = r.c[optional[i]];
      }
      return { id: r.id, ts: r.ts, gpc: r.gpc === true, c: choices };
    } catch (error) {
      return null;
    }
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function store(choices) {
    var record = { id: newId(), ts: new Date().toISOString(), p: config.policy.id, v: config.policy.version,
      fp: config.fingerprint, c: choices, gpc: gpc };
    document.cookie = config.cookie.name + "=" + encodeURIComponent(JSON.stringify(record)) +
      "; path=/; max-age=" + config.cookie.maxAgeDays * 86400 + "; SameSite=Lax" +
      (location.protocol === "https:" ? "; Secure" : "");
    current = { id: record.id, ts: record.ts, gpc: gpc, c: choices };
    apply(choices);
  }

  function apply(choices) {
    config.cookies.forEach(function (cookie) {
      if (cookie.category !== "necessary" && !choices[cookie.category]) {
        document.cookie = cookie.name + "=; path=/; max-age=0; SameSite=Lax";
      }
    });
    // Scripts already inserted learn the current choice here too: one that has not
    // finished loading reads it when it runs, so a quick withdrawal is not missed.
    Array.prototype.forEach.call(document.querySelectorAll("script[src][data-consent-category]"), function (script) {
      script.setAttribute("data-consent-granted", choices[script.getAttribute("data-consent-category")] ? "true" : "false");
    });
    var waiting = document.querySelectorAll('script[type="text/plain"][data-consent-category]');
    Array.prototype.forEach.call(waiting, function (placeholder) {
      var category = placeholder.getAttribute("data-consent-category");
      if (!choices[category] || placeholder.hasAttribute("data-consent-started")) { return; }
      placeholder.setAttribute("data-consent-started", "");
      var script = document.createElement("script");
      script.src = placeholder.getAttribute("data-consent-src");
      script.setAttribute("data-consent-category", category);
      script.setAttribute("data-consent-granted", "true");
      script.setAttribute("data-cookies", JSON.stringify(config.cookies.filter(function (c) {
        return c.category === category;
      })));
      placeholder.parentNode.insertBefore(script, placeholder.nextSibling);
    });
    document.dispatchEvent(new CustomEvent("policy-consent", { detail: { categories: choices } }));
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
    banner = element("div", { id: "policy-consent", "class": "policy-consent", role: "dialog",
      "aria-modal": "false", "aria-labelledby": "policy-consent-title", "aria-describedby": "policy-consent-intro",
      tabindex: "-1" });
    var closer = element("button", { type: "button", "class": "policy-consent-close", "data-consent-action": "close",
      "aria-label": words.close, title: words.close }, "\u00d7");
    banner.appendChild(closer);
    banner.appendChild(element("h2", { id: "policy-consent-title" }, words.title));
    banner.appendChild(element("p", { id: "policy-consent-intro" }, words.intro));
    if (gpc) { banner.appendChild(element("p", { "class": "policy-consent-gpc" }, words.gpc)); }
    if (view === "customise") {
      var list = element("ul", { "class": "policy-consent-categories" });
      config.categories.forEach(function (category) {
        var item = element("li", {});
        var label = element("label", {});
        var box = element("input", { type: "checkbox", name: "policy-consent-category", value: category.id,
          "aria-describedby": "policy-consent-about-" + category.id });
        box.checked = category.locked || (current ? current.c[category.id] : false);
        box.disabled = category.locked;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + category.label + (category.locked ? " (" + words.always + ")" : "")));
        item.appendChild(label);
        item.appendChild(element("p", { id: "policy-consent-about-" + category.id }, category.description));
        list.appendChild(item);
      });
      banner.appendChild(list);
    }
    var actions = element("div", { "class": "policy-consent-actions" });
    actions.appendChild(button("accept-all", words.acceptAll));
    actions.appendChild(button("reject-all", words.rejectAll));
    actions.appendChild(view === "customise" ? button("save", words.save) : button("customise", words.customise));
    banner.appendChild(actions);
    var links = element("p", { "class": "policy-consent-links" });
    links.appendChild(element("a", { href: config.policy.url }, words.policy));
    if (current) { links.appendChild(button("download", words.download)); }
    banner.appendChild(links);
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

  function onClick(event) {
    var action = event.target.closest("[data-consent-action]");
    if (!action) { return; }
    var name = action.getAttribute("data-consent-action");
    if (name === "customise") { open("customise"); return; }
    if (name === "download") { download(); return; }
    var choices = all(false);
    if (name === "accept-all") {
      choices = all(true);
    } else if (name === "save") {
      Array.prototype.forEach.call(banner.querySelectorAll('input[name="policy-consent-category"]'), function (box) {
        if (!box.disabled) { choices[box.value] = box.checked; }
      });
    }
    store(choices); // "close" and "reject-all" store a refusal
    close(true);
  }

  function onKey(event) {
    if (banner && event.key === "Escape") {
      event.preventDefault();
      store(all(false));
      close(true);
    }
  }

  function download() {
    var receipt = {
      schema_version: "1.0",
      record_id: current.id,
      timestamp: current.ts,
      controller: config.controller,
      policy_id: config.policy.id,
      policy_url: new URL(config.policy.url, location.href).href,
      policy_version: config.policy.version,
      declarations_fingerprint: config.fingerprint,
      language: config.language,
      categories: config.categories.map(function (category) {
        return { category: category.id, state: category.locked || current.c[category.id] ? "granted" : "denied",
          required: category.locked };
      }),
      gpc: current.gpc
    };
    var link = element("a", { download: "consent-receipt-" + config.policy.id + "-" + current.id + ".json" });
    link.href = URL.createObjectURL(new Blob([JSON.stringify(receipt, null, 2)], { type: "application/json" }));
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-consent-open]"), function (opener) {
    opener.addEventListener("click", function (event) { event.preventDefault(); open("customise"); });
  });
  document.addEventListener("keydown", onKey);
  if (current) { apply(current.c); } else { open("first"); }
})();
