/* A stand-in for a vendor tag (gtag.js, LinkedIn Insight): notes that it ran (and when, in the
 * dataLayer), then stores what the policy declares for its category the way real tags do:
 * each cookie on the registrable domain (.weme.test from www.weme.test, as gtag.js does) and
 * host-only (as a tag without a cookie domain does), web storage keys, IndexedDB databases. */
(function () {
  "use strict";
  var script = document.currentScript;
  window.__ran = window.__ran || [];
  window.__ran.push(script.getAttribute("src"));
  window.dataLayer = window.dataLayer || [];
  window.dataLayer.push({ event: "stand-in-tag", category: script.getAttribute("data-consent-category") });
  var parent = "." + location.hostname.split(".").slice(-2).join(".");
  JSON.parse(script.getAttribute("data-cookies") || "[]").forEach(function (declared) {
    if (declared.storage === "cookie") {
      var rest = "=stand-in; path=" + (declared.path || "/") + "; max-age=3600";
      document.cookie = declared.name + rest + "; domain=" + parent;
      document.cookie = declared.name + rest;
    } else if (declared.storage === "localStorage" || declared.storage === "sessionStorage") {
      window[declared.storage].setItem(declared.name, "stand-in");
    } else if (declared.storage === "indexedDB") {
      var opening = indexedDB.open(declared.name);
      opening.onsuccess = function () {
        opening.result.close();
        window.__databases = (window.__databases || []).concat(declared.name);
      };
    }
  });
})();
