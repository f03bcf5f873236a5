/* Started once marketing is allowed: the declared cookie, on a path of its own, so the
 * banner's clean-up (path=/) misses it and it survives a withdrawal. */
document.cookie = "shop_ads=a-1; path=/demo; max-age=" + 30 * 86400 + "; SameSite=Lax";
