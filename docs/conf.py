"""Sphinx configuration of the sphinx-policy site: the seed policies, published with sphinx_policy."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The extension is installed by `pip install -e .`; the path keeps a plain
# `sphinx-build docs ...` working from a checkout too.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ext"))

project = "sphinx-policy"
author = "sphinx-policy contributors"
copyright = "2026, sphinx-policy contributors"

extensions = ["myst_parser", "sphinx_policy"]

# Read the Docs builds one language per project and names it; everywhere else the
# site builder passes -D language=<lang> for each language in turn.
language = os.environ.get("READTHEDOCS_LANGUAGE", "en")
locale_dirs = ["locales/"]
gettext_compact = False

myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

# benchmarks.md is written by `nox -s bench` on each machine: a report, not a site page;
# architecture.md, hosting.md, audit.md and embedding.md are guides for contributors and site operators, read in
# the repository.
exclude_patterns = [
    "_build",
    "Thumbs.db",
    ".DS_Store",
    "locales",
    "published",
    "benchmarks.md",
    "architecture.md",
    "hosting.md",
    "audit.md",
    "embedding.md",
]

html_theme = "furo"
html_title = "sphinx-policy"
html_favicon = "favicon.svg"
html_static_path: list[str] = []
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# No general index or domain indices: the site has no index entries, and their
# pages carry inline styles that a strict Content-Security-Policy refuses.
html_use_index = False
html_domain_indices = False

# Every page links to the policy that covers this site with rel="privacy-policy".
policy_site_policy = "weme"

# The languages the site is published in, English (the source) first. Each is built
# into docs/_build/html/<lang>/ from the .po files in docs/locales/<lang>/.
policy_languages = ["en", "nb", "sv"]

# The seed policies are published as their organisations wrote them: what they fail
# to tell people is shown in each policy's transparency report and printed by
# `nox -s site`, instead of failing the build. Another site would leave these
# warnings on (and build with -W) or suppress single checks by their code.
from sphinx_policy.outputs.checks import CHECKS  # noqa: E402

suppress_warnings = [f"policy.{code}" for code in CHECKS]

# Every published version of every policy is kept here, per language; commit it.
# A build adds new versions and refuses to change a published one.
policy_archive = "published"

# The site's address, for the sitemap and Open Graph URLs. example.org stands in for
# the real host: set it to where the site is served.
policy_site_url = "https://policies.example.org/"

# On Read the Docs a translation lives at /<language>/<version>/: links between the
# languages and absolute URLs follow that layout there.
if os.environ.get("READTHEDOCS_VERSION"):
    policy_language_folder = "{language}/" + os.environ["READTHEDOCS_VERSION"]
    # READTHEDOCS_CANONICAL_URL is https://<project>.readthedocs.io/<language>/<version>/.
    _canonical = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    policy_site_url = _canonical.split(f"/{language}/")[0] + "/" if f"/{language}/" in _canonical else None

# The consent banner honours Global Privacy Control: publish /.well-known/gpc.json.
policy_gpc = True
