extensions = ["myst_parser", "sphinx_policy"]
myst_enable_extensions = ["colon_fence"]
