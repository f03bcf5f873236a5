"""Build a whole multilingual site: every language, a root page, host configurations, and a summary.

    python -m sphinx_policy.site docs docs/_build/html
    python -m sphinx_policy.site docs out/nb --language nb     # one language (a CI matrix job)
    python -m sphinx_policy.site docs docs/_build/html --assemble out/en out/nb out/sv

builds ``docs`` once per language of ``policy_languages`` (conf.py) into
``docs/_build/html/<lang>/``, languages in parallel processes when cores allow
(``--jobs``), then writes the site-wide files: a root page that sends a visitor
to their language, the sitemap index, gpc.json, ``_headers`` and ``.nojekyll``
for static hosts, and ``../hosting/nginx.conf``.  Each language is its own
``sphinx-build`` run, so one language's failure leaves the others' last good
output alone.  The site-wide files depend only on conf.py, so languages built on
separate machines and joined with ``--assemble`` give the same bytes as one build.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.config import eval_config_file
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from sphinx_policy.hosting import headers
from sphinx_policy.i18n.languages import language_name
from sphinx_policy.outputs import sitemeta
from sphinx_policy.publishing.files import write_atomically
from sphinx_policy.source.staging import staged_copy, swap_in

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
    try:
        return eval_config_file(conf_py, Tags())
    except ConfigError as error:  # a syntax error or an exception in conf.py: Sphinx's message names it
        raise SystemExit(f"error: {error}") from None


def site_languages(source: Path) -> list[str]:
    namespace = site_settings(source)
    languages = namespace.get("policy_languages") or []
    if not isinstance(languages, list | tuple) or not all(isinstance(code, str) for code in languages):
        raise SystemExit(
            f"error: {source / 'conf.py'}: policy_languages is {languages!r}: give a list of language codes, "
            'source language first, such as ["en", "nb", "sv"].'
        )
    return list(languages) or [str(namespace.get("language") or "en")]


def build_language(
    source: Path, output: Path, language: str, jobs: str, defines: tuple[str, ...] = ()
) -> LanguageResult:
    started = time.monotonic()
    target = output / language
    doctrees = output.parent / "doctrees" / language
    output.mkdir(parents=True, exist_ok=True)
    # The copy keeps each file's time stamp, so Sphinx still rewrites only the pages whose sources
    # changed; the last good output itself is not touched until the build succeeds.
    staging = output / f".{language}.staging"
    staged_copy(target, staging)
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
        *[argument for define in defines for argument in ("--define", define)],
        "--doctree-dir",
        str(doctrees),
        str(source),
        str(staging),
    ]
    process = subprocess.run(command, capture_output=True, text=True, check=False)
    messages = [line.replace(str(staging), str(target)) for line in process.stderr.splitlines() if line.strip()]
    if process.returncode == 0:
        swap_in(staging, target)
    else:
        shutil.rmtree(staging, ignore_errors=True)
        # The next build reads every page again, so the warnings that failed this one come back.
        shutil.rmtree(doctrees, ignore_errors=True)
        kept = f"the last good output in {target} is unchanged" if target.exists() else f"nothing written to {target}"
        messages.append(f"build of {language} ({language_name(language)}) failed: {kept}")
    if messages:  # printed at once per language, so that languages built side by side do not interleave
        print("\n".join(f"  [{language}] {line}" for line in messages), file=sys.stderr, flush=True)
    warnings = [line for line in messages if "WARNING" in line or "ERROR" in line]
    return LanguageResult(language, process.returncode, warnings, time.monotonic() - started)


def root_page(languages: list[str], site_url: str | None = None) -> str:
    """The site's front door: plain links to each language, and a script that picks one.

    With the site's address known, the alternates and the canonical link are absolute,
    as search engines require.
    """
    root = (site_url if site_url.endswith("/") else site_url + "/") if site_url else ""
    links = "\n".join(
        f'      <li><a href="{html.escape(code)}/index.html" hreflang="{html.escape(code)}" '
        f'lang="{html.escape(code)}">{html.escape(language_name(code))}</a></li>'
        for code in languages
    )
    # The source language stands in for visitors whose language the site lacks.
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{html.escape(hreflang)}" href="{html.escape(root + code)}/index.html">'
        for hreflang, code in [*((code, code) for code in languages), ("x-default", languages[0])]
    )
    canonical = f'  <link rel="canonical" href="{html.escape(root)}">\n' if root else ""
    names = ", ".join(language_name(code) for code in languages)
    description = html.escape(f"Privacy policies in {names}: choose your language.")
    codes = html.escape(" ".join(languages))
    return f"""<!DOCTYPE html>
<html lang="{html.escape(languages[0])}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Privacy policies</title>
  <meta name="description" content="{description}">
{canonical}{alternates}
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
    write_atomically(output / "index.html", root_page(languages, site_url).encode("utf-8"))
    write_atomically(output / REDIRECT_SCRIPT, (STATIC_DIR / REDIRECT_SCRIPT).read_bytes())
    if site_url:
        write_atomically(output / "sitemap.xml", sitemeta.sitemap_index(site_url, languages))
    if gpc:
        write_atomically(output / ".well-known" / "gpc.json", sitemeta.gpc_json())


def write_hosting(output: Path, languages: list[str]) -> None:
    """Host configurations: ``_headers`` (Netlify, Cloudflare Pages), ``.nojekyll`` (GitHub Pages
    would otherwise hide ``_static/``), and an nginx snippet beside the site, not in it."""
    rules = headers.site_rules(languages)
    write_atomically(output / "_headers", headers.headers_file(rules).encode("utf-8"))
    write_atomically(output / ".nojekyll", b"")
    write_atomically(output.parent / "hosting" / "nginx.conf", headers.nginx_snippet(rules).encode("utf-8"))


def write_site_files(source: Path, output: Path, languages: list[str]) -> None:
    """Everything outside the language folders; it depends on conf.py alone."""
    settings = site_settings(source)
    write_root(output, languages, settings.get("policy_site_url"), bool(settings.get("policy_gpc")))
    write_hosting(output, languages)


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


def _parallel_builds(jobs: str, count: int) -> int:
    if jobs == "auto":
        return max(1, min(count, os.cpu_count() or 1))
    if not jobs.isdigit() or int(jobs) < 1:
        raise SystemExit(f"error: --jobs is {jobs!r}: give a whole number of languages to build at once, or auto.")
    return min(count, int(jobs))


def build_site(
    source: Path,
    output: Path,
    languages: list[str] | None = None,
    jobs: str = "auto",
    defines: tuple[str, ...] = (),
) -> int:
    all_languages = site_languages(source)
    chosen = languages or all_languages
    unknown = [language for language in chosen if language not in all_languages]
    if unknown:
        print(
            f"error: {', '.join(unknown)} not in policy_languages of {source / 'conf.py'} "
            f"({', '.join(all_languages)}): add it there or build one of those.",
            file=sys.stderr,
        )
        return 2
    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = source_date_epoch(source)
        if epoch:
            os.environ["SOURCE_DATE_EPOCH"] = epoch  # inherited by each language's build
    at_once = _parallel_builds(jobs, len(chosen))
    # One build at a time may use every core; builds side by side get one each.
    sphinx_jobs = "auto" if at_once == 1 else "1"
    for position, language in enumerate(chosen, start=1):
        print(f"[{position}/{len(chosen)}] building {language} ({language_name(language)}) ...", flush=True)
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        results = list(
            pool.map(lambda language: build_language(source, output, language, sphinx_jobs, defines), chosen)
        )
    built_everything = all(result.returncode == 0 for result in results)
    present = [language for language in all_languages if (output / language / "feeds" / "index.json").is_file()]
    if built_everything and present == all_languages:
        write_site_files(source, output, all_languages)
    elif built_everything:
        missing = ", ".join(language for language in all_languages if language not in present)
        print(f"(site-wide files not written yet: build {missing} too, or join the builds with --assemble)")
    print(summary(output, results))
    return 0 if built_everything else 1


def assemble_site(source: Path, output: Path, parts: list[Path]) -> int:
    """Join languages built separately (``--language`` on several machines) into one site."""
    all_languages = site_languages(source)
    found: dict[str, Path] = {}
    for part in parts:
        for language in all_languages:
            if (part / language / "feeds" / "index.json").is_file():
                if language in found and found[language] != part:
                    print(
                        f"error: {language} is built in both {found[language]} and {part}: give one.", file=sys.stderr
                    )
                    return 2
                found[language] = part
    missing = [language for language in all_languages if language not in found]
    if missing:
        print(
            f"error: no build of {', '.join(missing)} in {', '.join(str(part) for part in parts)}: "
            f"build it with --language {missing[0]} first.",
            file=sys.stderr,
        )
        return 2
    for language in all_languages:
        target = output / language
        if found[language].resolve() == output.resolve():
            continue
        print(f"joining {language} from {found[language] / language}", flush=True)
        staging = output / f".{language}.assembling"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(found[language] / language, staging)
        swap_in(staging, target)
    write_site_files(source, output, all_languages)
    print(f"Site assembled in {output}/ ({', '.join(all_languages)})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sphinx_policy.site", description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the Sphinx source folder (with conf.py)")
    parser.add_argument("output", type=Path, help="where to write the site; each language gets a sub-folder")
    parser.add_argument("--language", action="append", dest="languages", help="build only this language (repeatable)")
    parser.add_argument(
        "--jobs", default="auto", help="languages built at once, in separate processes (default: auto, one per core)"
    )
    parser.add_argument(
        "--define", "-D", action="append", default=[], metavar="NAME=VALUE", help="override a conf.py value"
    )
    parser.add_argument(
        "--assemble",
        nargs="+",
        type=Path,
        metavar="BUILD",
        help="join the languages built into these folders (with --language) into OUTPUT, instead of building",
    )
    arguments = parser.parse_args(argv)
    if not (arguments.source / "conf.py").is_file():
        print(f"error: {arguments.source / 'conf.py'} not found: give the folder that holds conf.py.", file=sys.stderr)
        return 2
    if arguments.assemble:
        return assemble_site(arguments.source, arguments.output, arguments.assemble)
    return build_site(arguments.source, arguments.output, arguments.languages, arguments.jobs, tuple(arguments.define))


if __name__ == "__main__":
    raise SystemExit(main())
