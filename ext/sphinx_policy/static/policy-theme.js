/* Restores the reader's light/dark choice for the furo theme, as furo's inline
 * script would: kept in a file so pages need no inline script (strict CSP). */
document.body.dataset.theme = localStorage.getItem("theme") || "auto";
