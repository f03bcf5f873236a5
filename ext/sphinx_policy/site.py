"""Build a whole multilingual site: every language, a root page, and a summary.

    python -m sphinx_policy.site docs docs/_build/html

builds ``docs`` once per language of ``policy_languages`` (conf.py) into
``docs/_build/html/<lang>/``, writes a root page that sends a visitor to their
language, and prints what was published.  Each language is its own
``sphinx-build`` run, so one language's failure leaves the others' last good
output alone.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from sphinx_policy.i18n.languages import language_name
from sphinx_policy.outputs import sitemeta
from sphinx_policy.publishing.files import write_atomically

STATIC_DIR = Path(__file__).parent / "static"
REDIRECT_SCRIPT = "language-redirect.js"


@dataclass(frozen=True)
class LanguageResult:
    language: str
    returncode: int
    warnings: list[str]
    seconds: float


def site_settings(source: Path) -> dict[str, Any]:
    conf_py = (source / "conf.py").resolve()
    if not conf_py.is_file():
        raise SystemExit(f"error: {conf_py} not found: give the folder that holds the site's conf.py.")
    return eval_config_file(conf_py, Tags())


def site_languages(source: Path) -> list[str]:
    namespace = site_settings(source)
    languages = list(namespace.get("policy_languages") or [])
    return languages or [str(namespace.get("language") or "en")]


def build_language(source: Path, output: Path, language: str, jobs: str) -> LanguageResult:
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "--fail-on-warning",
        "--keep-going",
        "--quiet",
        "--jobs",
        jobs,
        "--builder",
        "html",
        "--define",
        f"language={language}",
        "--doctree-dir",
        str(output.parent / "doctrees" / language),
        str(source),
        str(output / language),
    ]
    process = subprocess.run(command, capture_output=True, text=True, check=False)
    messages = [line for line in process.stderr.splitlines() if line.strip()]
    for line in messages:
        print(f"  [{language}] {line}", file=sys.stderr)
    warnings = [line for line in messages if "WARNING" in line or "ERROR" in line]
    return LanguageResult(language, process.returncode, warnings, time.monotonic() - started)


def root_page(languages: list[str]) -> str:
    """The site's front door: plain links to each language, and a script that picks one."""
    links = "\n".join(
        f'      <li><a href="{html.escape(code)}/index.html" hreflang="{html.escape(code)}" '
        f'lang="{html.escape(code)}">{html.escape(language_name(code))}</a></li>'
        for code in languages
    )
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{html.escape(code)}" href="{html.escape(code)}/index.html">'
        for code in languages
    )
    codes = html.escape(" ".join(languages))
    return f"""<!DOCTYPE html>
<html lang="{html.escape(languages[0])}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Privacy policies</title>
{alternates}
  <script src="{REDIRECT_SCRIPT}" data-languages="{codes}" defer></script>
</head>
<body>
  <main>
    <h1>Privacy policies</h1>
    <nav aria-label="Languages">
    <ul>
{links}
    </ul>
    </nav>
  </main>
</body>
</html>
"""


def write_root(output: Path, languages: list[str], site_url: str | None = None, gpc: bool = False) -> None:
    """The root page and its script beside the language folders; the sitemap index and gpc.json."""
    write_atomically(output / "index.html", root_page(languages).encode("utf-8"))
    write_atomically(output / REDIRECT_SCRIPT, (STATIC_DIR / REDIRECT_SCRIPT).read_bytes())
    if site_url:
        write_atomically(output / "sitemap.xml", sitemeta.sitemap_index(site_url, languages))
    if gpc:
        write_atomically(output / ".well-known" / "gpc.json", sitemeta.gpc_json())


def summary(output: Path, results: list[LanguageResult]) -> str:
    lines = ["", "sphinx-policy site", "=================="]
    for result in results:
        status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
        lines.append(f"[{result.language}] {status} in {result.seconds:.1f} s, {len(result.warnings)} warnings/errors")
        index_path = output / result.language / "feeds" / "index.json"
        if result.returncode != 0 or not index_path.is_file():
            continue
        index = json.loads(index_path.read_text(encoding="utf-8"))
        feed_count = 1 + len(index["policies"])
        lines.append(f"     {len(index['policies'])} policies, {feed_count} feeds validated against their schemas")
        for entry in index["policies"]:
            feed = json.loads((output / result.language / entry["feed_url"]).read_text(encoding="utf-8"))
            severities = Counter("waived" if finding["waived"] else finding["severity"] for finding in feed["checks"])
            lines.append(
                f"     {entry['id']:<10} v{entry['version']:<11} {len(feed['activities']):>2} activities "
                f"{len(feed['cookies']):>2} cookies  checks: {severities['error']:>2} errors "
                f"{severities['warning']:>2} warnings {severities['waived']} waived  {result.language}/{entry['url']}"
            )
    failed = [result.language for result in results if result.returncode != 0]
    lines.append("")
    lines.append(f"FAILED: {', '.join(failed)}" if failed else f"Site ready in {output}/ (open index.html)")
    return "\n".join(lines)


def source_date_epoch(source: Path) -> str | None:
    """The time of the last commit: what reproducible builds date generated files by."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=source, capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return value if result.returncode == 0 and value.isdigit() else None


def build_site(source: Path, output: Path, languages: list[str] | None = None, jobs: str = "auto") -> int:
    chosen = languages or site_languages(source)
    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = source_date_epoch(source)
        if epoch:
            os.environ["SOURCE_DATE_EPOCH"] = epoch  # inherited by each language's build
    results = []
    for position, language in enumerate(chosen, start=1):
        print(f"[{position}/{len(chosen)}] building {language} ({language_name(language)}) ...", flush=True)
        results.append(build_language(source, output, language, jobs))
    if all(result.returncode == 0 for result in results):
        settings = site_settings(source)
        write_root(output, chosen, settings.get("policy_site_url"), bool(settings.get("policy_gpc")))
    print(summary(output, results))
    return 0 if all(result.returncode == 0 for result in results) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sphinx_policy.site", description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the Sphinx source folder (with conf.py)")
    parser.add_argument("output", type=Path, help="where to write the site; each language gets a sub-folder")
    parser.add_argument("--language", action="append", dest="languages", help="build only this language (repeatable)")
    parser.add_argument("--jobs", default="auto", help="parallel jobs per language build (default: auto)")
    arguments = parser.parse_args(argv)
    return build_site(arguments.source, arguments.output, arguments.languages, arguments.jobs)


if __name__ == "__main__":
    raise SystemExit(main())
