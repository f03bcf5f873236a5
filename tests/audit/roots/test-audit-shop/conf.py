# A shop whose policy declares three cookies; tests/audit/ builds it and audits its
# demo page (clean) and misbehaving pages that embed the same banner.
extensions = ["myst_parser", "sphinx_policy"]
myst_enable_extensions = ["colon_fence"]
html_static_path = ["_static"]
exclude_patterns = ["_build"]

from sphinx_policy.outputs.checks import CHECKS  # noqa: E402

suppress_warnings = [f"policy.{code}" for code in CHECKS]
