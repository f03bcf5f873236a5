extensions = ["myst_parser", "sphinx_policy"]
myst_enable_extensions = ["colon_fence"]

# This root shows one directive; the transparency checks have roots of their own.
from sphinx_policy.outputs.checks import CHECKS  # noqa: E402

suppress_warnings = [f"policy.{code}" for code in CHECKS]
