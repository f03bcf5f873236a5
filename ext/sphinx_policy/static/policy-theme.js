/* Restores the reader's light/dark choice for the furo theme, as furo's inline
 * script would: kept in a file so pages need no inline script (strict CSP).
 * The page is written with data-theme="auto": only another choice changes it, since
 * any change makes the browser style the whole page again. */
(function () {
  "use strict";
  var theme = localStorage.getItem("theme") || "auto";
  if (document.body.dataset.theme !== theme) {
    document.body.dataset.theme = theme;
  }
})();
