/* Runs at once, before any consent: an undeclared cookie and an undeclared localStorage key. */
document.cookie = "shop_visitor=v-123; path=/; max-age=86400; SameSite=Lax";
localStorage.setItem("shop_cart_id", "42");
