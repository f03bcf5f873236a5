/* Runs at once, before any consent: an undeclared cookie, localStorage key and IndexedDB database. */
document.cookie = "shop_visitor=v-123; path=/; max-age=86400; SameSite=Lax";
localStorage.setItem("shop_cart_id", "42");
indexedDB.open("shop_offline", 1);
