extensions = ["myst_parser", "sphinx_policy"]
myst_enable_extensions = ["colon_fence"]

# Sphinx's default, set on purpose: the policy page's source must still stay out of _sources/.
html_copy_source = True
html_show_sourcelink = True

# This root is about internal fields; the transparency checks have roots of their own.
from sphinx_policy.outputs.checks import CHECKS  # noqa: E402

suppress_warnings = [f"policy.{code}" for code in CHECKS]
