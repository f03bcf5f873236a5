/* Stands in for the site's own, strictly necessary cookies (a session, bot protection):
 * they need no consent, so this script runs at once. */
(function () {
  "use strict";
  var script = document.currentScript;
  JSON.parse(script.getAttribute("data-cookies") || "[]").forEach(function (cookie) {
    document.cookie = cookie.name + "=demo-necessary; path=/; SameSite=Lax" +
      (cookie.maxAgeSeconds > 0 ? "; max-age=" + cookie.maxAgeSeconds : "");
  });
})();
