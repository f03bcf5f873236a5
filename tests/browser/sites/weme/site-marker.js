/* Marks in the dataLayer where the page's own deferred scripts ran (after consent.js). */
window.dataLayer = window.dataLayer || [];
window.dataLayer.push({ event: "site-script" });
