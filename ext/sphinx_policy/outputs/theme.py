"""The theme under a strict CSP: furo's pages working under ``Content-Security-Policy: default-src 'self'``.

Furo writes three things a strict policy refuses: an inline script that restores
the reader's light/dark choice (furo.js does the same once loaded), an inline
``<style>`` with the code-block colours, and ``style`` attributes on its icon
sprite.  The templates written here override exactly those parts: no inline
script, the colours in a stylesheet file, and the icons with an SVG attribute
and a class instead; they also ask the catalog for the interface words furo
writes as plain English (icon titles, the sidebar toggles' labels).  They are
derived from the installed furo at build time, so a furo update is followed, not
frozen.

They also spare a long page work the browser would otherwise do twice (measured in
Chromium's trace of a policy with 31 activities): the page is written as furo's
scripts leave it, ``<html>`` without the ``no-js`` class and ``<body
data-theme="auto">``, so neither furo.js removing the class nor the theme script
restoring the default choice changes the document after its first layout, which
cost a second style pass over every element.  Without scripts, the theme toggle is
hidden by ``@media (scripting: none)`` instead of the ``no-js`` class.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from pygments.styles import get_style_by_name
from pygments.token import Text
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.config import Config

from sphinx_policy.source.config import PolicyConfig

THEME_VARIABLES_CSS = "policy-theme-variables.css"


_TITLE = re.compile(r"<title>([A-Z][^<{]*)</title>")
# furo's inline script in <body> that restores the theme (refused by a strict CSP).
_INLINE_THEME_SCRIPT = re.compile(r"\s*<script>\s*document\.body\.dataset\.theme[^<]*</script>")
_ARIA_LABEL = re.compile(r'aria-label="([A-Z][^"{]*)"')


def _translated(text: str) -> str:
    """A Jinja expression for ``text`` from the catalog, escaped for HTML."""
    return "{{ _(" + repr(text) + ")|e }}"


def write_furo_templates(target: Path) -> bool:
    """Write the overriding templates into ``target``; False when furo is not installed."""
    try:
        import furo
    except ImportError:
        return False
    theme = Path(furo.__file__).parent / "theme" / "furo"
    icons = (theme / "partials" / "icons.html").read_text(encoding="utf-8")
    icons = icons.replace('style="display: none;"', 'class="policy-hidden" aria-hidden="true"')
    icons = re.sub(r'style="opacity:\s*50%"', 'opacity="0.5"', icons)
    # Furo writes some interface words without asking the catalog: ask it, so the
    # extension's interface catalog (i18n/interface.py) can give them in the page's language.
    icons = _TITLE.sub(lambda match: f"<title>{_translated(match.group(1))}</title>", icons)
    page = _ARIA_LABEL.sub(
        lambda match: f'aria-label="{_translated(match.group(1))}"',
        (theme / "page.html").read_text(encoding="utf-8"),
    )
    files = {
        "base.html": furo_base(theme / "base.html"),
        "partials/_head_css_variables.html": (
            '<link rel="stylesheet" type="text/css" href="{{ pathto(\'_static/'
            + THEME_VARIABLES_CSS
            + "', 1) }}\" />\n"
        ),
        "partials/icons.html": icons,
        "page.html": page,
    }
    for name, content in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
    return True


def furo_base(template: Path) -> str:
    """furo's base.html as its scripts leave the page, without the inline script.

    ``policy-theme.js`` restores the reader's theme from a file; a page whose reader
    chose none is already as that script would make it, so it changes nothing.
    """
    base = template.read_text(encoding="utf-8")
    base = base.replace('<html class="no-js"', "<html", 1)
    base = base.replace("<body>", '<body data-theme="auto">', 1)
    return _INLINE_THEME_SCRIPT.sub("", base, count=1)


_ICON = re.compile(r"--icon-([a-z-]+):url\('data:image/svg\+xml;charset=utf-8,(<svg.*?</svg>)'\)")


def furo_icons() -> dict[str, str]:
    """Furo's icons, which its stylesheet embeds as data: URLs (refused by img-src 'self')."""
    try:
        import furo
    except ImportError:
        return {}
    stylesheet = Path(furo.__file__).parent / "theme" / "furo" / "static" / "styles" / "furo.css"
    return dict(_ICON.findall(stylesheet.read_text(encoding="utf-8")))


def _colours(style: Any, fallback_foreground: str, fallback_background: str) -> tuple[str, str]:
    if isinstance(style, str):
        style = get_style_by_name(style)
    background = style.background_color or fallback_background
    foreground = style.style_for_token(Text)["color"]
    return (f"#{foreground}" if foreground else fallback_foreground), background


def theme_variables_css(light_style: Any, dark_style: Any, icons: dict[str, str]) -> str:
    """The code-block colours furo would have written inline, and its icons as files."""
    light_foreground, light_background = _colours(light_style, "black", "white")
    dark_foreground, dark_background = _colours(dark_style, "white", "black")
    light = f"--color-code-background: {light_background}; --color-code-foreground: {light_foreground};"
    dark = f"--color-code-background: {dark_background}; --color-code-foreground: {dark_foreground};"
    return (
        f"body {{ {light} }}\n"
        "@media not print {\n"
        f'  body[data-theme="dark"] {{ {dark} }}\n'
        f'  @media (prefers-color-scheme: dark) {{ body:not([data-theme="light"]) {{ {dark} }} }}\n'
        "}\n"
        ".policy-hidden { display: none; }\n"
        # furo hides its theme toggle under <html class="no-js">, which the pages no longer carry.
        "@media (scripting: none) { .theme-toggle-container { display: none; } }\n"
        # A url() in a custom property resolves where var() uses it: furo's
        # stylesheet in _static/styles/, hence the "../".
        + "".join(f'body {{ --icon-{name}: url("../policy-icons/{name}.svg"); }}\n' for name in sorted(icons))
    )


def _on_config_inited(app: Sphinx, config: Config) -> None:
    if config.html_theme == "furo" and PolicyConfig.from_sphinx(config).strict_csp:
        generated = Path(app.doctreedir) / "sphinx_policy-templates"
        if write_furo_templates(generated):
            config.templates_path = [*config.templates_path, str(generated)]


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html" or not PolicyConfig.from_sphinx(app.config).strict_csp:
        return
    # After doctools.js (priority 200), before the language's translations.js (500).
    app.add_js_file("policy-csp-doctools.js", priority=400)
    if app.config.html_theme != "furo":
        return
    # Furo's code colours, written inline by furo, as a file.
    static = Path(app.doctreedir) / "sphinx_policy-static"
    static.mkdir(parents=True, exist_ok=True)
    light = app.builder.highlighter.formatter_args.get("style", "tango")  # type: ignore[attr-defined]
    dark_highlighter = getattr(app.builder, "dark_highlighter", None)
    dark = dark_highlighter.formatter_args.get("style", "native") if dark_highlighter else "native"
    icons = furo_icons()
    for name, svg in icons.items():
        icon = static / "policy-icons" / f"{name}.svg"
        icon.parent.mkdir(exist_ok=True)
        if not icon.is_file() or icon.read_text(encoding="utf-8") != svg:
            icon.write_text(svg, encoding="utf-8")
    css = theme_variables_css(light, dark, icons)
    target = static / THEME_VARIABLES_CSS
    if not target.is_file() or target.read_text(encoding="utf-8") != css:
        target.write_text(css, encoding="utf-8")
    app.config.html_static_path = [*app.config.html_static_path, str(static)]
    app.add_js_file("policy-theme.js")


PYGMENTS_CSS = "_static/pygments.css"


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """No script blocks the first paint, and no page loads code colours it has no code for."""
    scripts = context.get("script_files")
    # The search page's template loads searchtools.js without defer, which must run
    # after the scripts it needs: that page keeps them in document order as they are.
    if scripts and pagename != "search":
        context["script_files"] = [
            _JavaScript(script.filename, priority=script.priority, **{**script.attributes, "defer": "defer"})
            if isinstance(script, _JavaScript) and script.filename and "async" not in script.attributes
            else script
            for script in scripts
        ]
    has_code = doctree is not None and any(True for _ in doctree.findall(nodes.literal_block))
    if not has_code and "css_files" in context:
        context["css_files"] = [css for css in context["css_files"] if getattr(css, "filename", css) != PYGMENTS_CSS]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_html_page_context)
