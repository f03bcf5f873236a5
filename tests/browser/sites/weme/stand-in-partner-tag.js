/* A stand-in for a vendor tag that reads its settings when it runs (as LinkedIn's insight.min.js does),
 * and notes the attributes its script element was given. */
(function () {
  "use strict";
  var script = document.currentScript;
  window.__partnerTag = {
    partnerIds: (window._linkedin_data_partner_ids || []).slice(),
    id: script.id,
    data: script.getAttribute("data-vendor"),
    type: script.getAttribute("type")
  };
})();
