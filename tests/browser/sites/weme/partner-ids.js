/* A site's own file for a vendor tag's settings (as docs/embedding.md does for LinkedIn Insight):
 * it must run before the tag that reads it. */
window._linkedin_data_partner_ids = window._linkedin_data_partner_ids || [];
window._linkedin_data_partner_ids.push("123456");
