/* A stand-in for a third-party script on the demo page. consent.js starts it only
 * once its category is allowed; it then sets exactly the cookies the policy
 * declares for that category, on this host, with their declared lifetimes, and
 * keeps them set (as real trackers do) until the category is withdrawn. */
(function () {
  "use strict";
  var script = document.currentScript;
  var category = script.getAttribute("data-consent-category");
  var cookies = JSON.parse(script.getAttribute("data-cookies") || "[]");
  var timer = null;

  function setCookies() {
    cookies.forEach(function (cookie) {
      document.cookie = cookie.name + "=demo-" + category + "; path=/; SameSite=Lax" +
        (cookie.maxAgeSeconds > 0 ? "; max-age=" + cookie.maxAgeSeconds : "");
    });
  }

  function start() {
    if (timer === null) {
      setCookies();
      timer = setInterval(setCookies, 1000);
    }
  }

  function stop() {
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  }

  document.addEventListener("policy-consent", function (event) {
    if (event.detail.categories[category]) { start(); } else { stop(); }
  });
  // The category may have been withdrawn while this script was loading.
  if (script.getAttribute("data-consent-granted") === "true") { start(); }
})();
