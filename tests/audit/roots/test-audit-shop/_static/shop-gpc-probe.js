/* Records what the page sees of Global Privacy Control, as a cookie named after it. */
document.cookie = "gpc_" + String(navigator.globalPrivacyControl) + "=1; path=/; SameSite=Lax";
