// Sends a visitor from the site's root to the language their browser asks for.
// The root page lists every language as a plain link too, so nothing depends on this.
(function () {
  "use strict";
  var script = document.currentScript;
  var available = (script && script.getAttribute("data-languages") || "").split(" ").filter(Boolean);
  if (!available.length) {
    return;
  }
  // Norwegian is often announced as "no" or "nn"; the site's Norwegian is Bokmål.
  var aliases = { no: "nb", nn: "nb" };
  var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var primary = String(wanted[i]).toLowerCase().split("-")[0];
    var code = aliases[primary] || primary;
    if (available.indexOf(code) !== -1) {
      window.location.replace(code + "/index.html");
      return;
    }
  }
  window.location.replace(available[0] + "/index.html");
})();
