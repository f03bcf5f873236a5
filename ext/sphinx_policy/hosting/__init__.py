"""Hosting: the site's HTTP headers as ``_headers`` and nginx configuration, and a local server that applies them."""
