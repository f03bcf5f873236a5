/* Started by consent.js once statistics are allowed: the declared cookie, but for 30 days
 * instead of the declared one, and a request to a host no declaration names. */
document.cookie = "shop_stats=s-1; path=/; max-age=" + 30 * 86400 + "; SameSite=Lax";
var pixel = document.querySelector('meta[name="shop-pixel"]');
if (pixel) { fetch(pixel.content, { mode: "no-cors" }); }
