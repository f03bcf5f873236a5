"""The sources: configuration, ``policy-*`` directives, declaration nodes and the policy domain.

This part turns MyST into records (``model``) kept per document in the domain,
and it is where a build stops when an input is wrong: on ``env-updated`` it
gathers the problems of every part (its own, and those that other parts report
through the ``policy-input-problems`` and ``policy-output-problems`` events) and
ends the build before anything is written.
"""

from __future__ import annotations

import logging as std_logging
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from sphinx_policy import model

from . import staging
from .config import PolicyConfig, line_of, misspelt_options, path_problems
from .domain import PolicyDomain, policy_domain
from .fences import unclosed_fences
from .policy_wide import DIRECTIVES
from .problems import PolicySourceError, report_problems
from .text import text_problem

logger = logging.getLogger(__name__)

#: Parts report problems in their own inputs (translations, the cookie database):
#: ``handler(app, domain) -> list[model.InputError]``.
INPUT_PROBLEMS = "policy-input-problems"
#: Asked only when every input is sound; parts report what they must refuse to
#: write (a change to a published version): ``handler(app, domain) -> list[model.InputError]``.
OUTPUT_PROBLEMS = "policy-output-problems"


def _on_config_inited(app: Sphinx, config: Config) -> None:
    """Stop on a wrong setting with a message located in conf.py; warn about a misspelt option."""
    conf_py = Path(app.confdir) / "conf.py"
    raw = getattr(config, "_raw_config", {})
    for name, message in misspelt_options(sorted(raw), {option.name for option in config}):
        line = line_of(conf_py, name)
        location = f"{conf_py}:{line}" if line else None
        text = message if line else f"{conf_py}: {message}"
        logger.warning(text, location=location, type="policy", subtype="config-name")
    settings = PolicyConfig.from_sphinx(config)
    problems = settings.validate(config.language) + path_problems(settings, Path(app.confdir))
    if problems:
        report_problems(
            [
                {"source": str(conf_py), "line": line_of(conf_py, name), "message": message, "code": "config"}
                for name, message in problems
            ]
        )


def _config_problems(app: Sphinx, domain: PolicyDomain) -> list[model.InputError]:
    site_policy = PolicyConfig.from_sphinx(app.config).site_policy
    known_ids = {policy["id"] for policy in domain.policies.values()}
    if site_policy is None or site_policy in known_ids:
        return []
    return [
        {
            "source": str(Path(app.confdir) / "conf.py"),
            "line": line_of(Path(app.confdir) / "conf.py", "policy_site_policy"),
            "message": (
                f"policy_site_policy is {site_policy!r}, but no page declares that policy; "
                f"use one of: {', '.join(sorted(known_ids)) or '(none declared)'}."
            ),
            "code": "config",
        }
    ]


def _on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Stop before reading when a page is not text Sphinx can read (another charset, control characters)."""
    problems: list[model.InputError] = []
    for docname in sorted(docnames):
        try:
            data = env.doc2path(docname).read_bytes()
        except OSError:
            continue  # Sphinx reports a page it cannot open
        found = text_problem(data, env.settings.get("input_encoding", "utf-8-sig"))
        if found is not None:
            line, message, code = found
            problems.append({"source": docname, "line": line, "message": message, "code": code})
    if problems:
        staging.finish(app, succeeded=False)
        report_problems(problems)


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    domain = policy_domain(app.env)
    for line, message in unclosed_fences(source[0]):
        domain.note_error(docname, line, message, "fence")


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Stop before anything is written when an input has a problem."""
    domain = policy_domain(env)
    problems = domain.all_errors()
    for reported in app.emit(INPUT_PROBLEMS, domain):
        problems += reported
    problems += _config_problems(app, domain)
    if not problems:
        for reported in app.emit(OUTPUT_PROBLEMS, domain):
            problems += reported
    if problems:
        staging.finish(app, succeeded=False)
        report_problems(problems)
    return []


def _failed_by_warnings(app: Sphinx) -> int:
    """How many warnings turned into errors (``--fail-on-warning``, ``-W``) so far; 0 when they are not."""
    if not getattr(app, "_fail_on_warnings", False):
        return 0
    # While reading, Sphinx holds the warnings back and counts them only once reading is done.
    pending = 0
    for handler in std_logging.getLogger(logging.NAMESPACE).handlers:
        if isinstance(handler, logging.MemoryHandler):
            pending += sum(
                1
                for record in handler.buffer
                if record.levelno >= std_logging.WARNING
                and not getattr(record, "skip_warningsiserror", False)
                and not logging.is_suppressed_warning(
                    getattr(record, "type", ""), getattr(record, "subtype", ""), app.config.suppress_warnings
                )
            )
    return int(getattr(app, "_warncount", 0)) + pending


def _stop_failed_by_warnings(app: Sphinx, when: str) -> None:
    count = _failed_by_warnings(app)
    if count:
        staging.finish(app, succeeded=False)
        plural = "s" if count != 1 else ""
        logger.error(
            "sphinx-policy: %d warning%s %s, and warnings are errors here (--fail-on-warning): "
            "the build stops, and the output of the last good build is unchanged; fix the warnings above.",
            count,
            plural,
            when,
        )
        raise PolicySourceError(count)


def _on_env_read(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """With warnings as errors, a build that has already failed writes nothing at all."""
    _stop_failed_by_warnings(app, "while reading")
    return []


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """First of every part's build-finished handlers: a build failed by a warning while writing
    pages ends here, before the feeds, the archive and the sitemap are written."""
    if exception is None:
        _stop_failed_by_warnings(app, "while writing the pages")
    else:
        staging.finish(app, succeeded=False)


def _on_build_finished_last(app: Sphinx, exception: Exception | None) -> None:
    """Last of every part's build-finished handlers: the output of a build that succeeded takes the
    place of the last good one; that of a build failed by a warning since then is dropped."""
    if exception is not None:
        staging.finish(app, succeeded=False)
    elif _failed_by_warnings(app):
        staging.finish(app, succeeded=False)
        logger.error(
            "sphinx-policy: warnings are errors here (--fail-on-warning): the output of the last good "
            "build is unchanged; fix the warnings above."
        )
    else:
        staging.finish(app, succeeded=app.statuscode == 0)


def setup(app: Sphinx) -> None:
    app.add_config_value("policy_site_policy", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("policy_languages", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("policy_cookie_database", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("policy_consent_max_age_days", 180, "env", types=frozenset({int}))
    app.add_config_value("policy_archive", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("policy_notice_days", 30, "env", types=frozenset({int}))
    app.add_config_value("policy_site_url", None, "html", types=frozenset({str, type(None)}))
    app.add_config_value("policy_language_folder", "{language}", "html", types=frozenset({str}))
    app.add_config_value("policy_consent_mode", None, "html", types=frozenset({str, type(None)}))
    app.add_config_value("policy_gpc", False, "html", types=frozenset({bool}))
    app.add_config_value("policy_strict_csp", True, "html", types=frozenset({bool}))
    app.add_event(INPUT_PROBLEMS)
    app.add_event(OUTPUT_PROBLEMS)
    app.add_domain(PolicyDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.connect("config-inited", _on_config_inited)
    app.connect("env-before-read-docs", _on_env_before_read_docs)
    app.connect("source-read", _on_source_read)
    # Before the parts that act on the records (priority 500): none runs on a broken source.
    app.connect("env-updated", _on_env_updated, priority=400)
    # After every part's own checks on the records (their warnings count too).
    app.connect("env-updated", _on_env_read, priority=990)
    app.connect("build-finished", _on_build_finished, priority=1)
    # After the checks made as the builder starts (a broken .po stops the build there), before any
    # part writes; and after every part has written.
    app.connect("builder-inited", staging.begin, priority=999)
    app.connect("build-finished", _on_build_finished_last, priority=1000)
