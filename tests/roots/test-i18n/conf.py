extensions = ["myst_parser", "sphinx_policy"]
myst_enable_extensions = ["colon_fence"]
language = "en"
locale_dirs = ["locales/"]
gettext_compact = False
policy_languages = ["en", "nb"]
