/* A stand-in for gtag.js: notes that it ran (and when, in the dataLayer), then stores what the
 * policy declares for its category the way the real tag does: cookies on the registrable
 * domain (.weme.test from www.weme.test), and web storage keys. */
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
      document.cookie = declared.name + "=stand-in; domain=" + parent + "; path=" + (declared.path || "/") +
        "; max-age=3600";
    } else if (declared.storage === "localStorage" || declared.storage === "sessionStorage") {
      window[declared.storage].setItem(declared.name, "stand-in");
    }
  });
})();
