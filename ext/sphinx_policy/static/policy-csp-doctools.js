/* Sphinx's doctools.js compiles a language's plural rule with `new Function`, which a
 * strict Content-Security-Policy (no eval) refuses. This replaces that one step: the
 * catalog is kept and the usual plural rules are read without evaluating code. */
(function () {
  "use strict";
  if (typeof Documentation === "undefined") {
    return;
  }
  var rules = {
    "(n != 1)": function (n) { return n !== 1 ? 1 : 0; },
    "n != 1": function (n) { return n !== 1 ? 1 : 0; },
    "(n > 1)": function (n) { return n > 1 ? 1 : 0; },
    "0": function () { return 0; }
  };
  Documentation.addTranslations = function (catalog) {
    Object.assign(Documentation.TRANSLATIONS, catalog.messages);
    var rule = String(catalog.plural_expr).replace(/\s+/g, " ").trim();
    Documentation.PLURAL_EXPR = rules[rule] || function (n) { return n === 1 ? 0 : 1; };
    Documentation.LOCALE = catalog.locale;
  };
})();
