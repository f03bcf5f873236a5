"""Problems in the sources, reported with file and line, and how a build ends because of them."""

from __future__ import annotations

from typing import NoReturn

from sphinx.errors import SphinxError
from sphinx.util import logging

from sphinx_policy import model

logger = logging.getLogger(__name__)


class PolicyBuildError(SphinxError):
    category = "Policy error"


class PolicySourceError(SystemExit):
    """Ends the build with exit status 1 once the located messages are logged.

    Raised before anything is written, so the pages, assets and feeds of the
    last good build stay exactly as they were.  It is a SystemExit, not a
    SphinxError, because sphinx-build answers every exception with a crash
    report that asks authors to file a bug: a policy error is the author's to
    fix, and the messages already say where and how.  Code that runs Sphinx
    in-process can catch it like any exception.
    """

    def __init__(self, count: int) -> None:
        super().__init__(1)
        self.count = count

    def __str__(self) -> str:
        plural = "s" if self.count != 1 else ""
        return (
            f"{self.count} problem{plural} in the sources (listed above with file and line). "
            "Nothing was written: the output of the last good build is unchanged."
        )


def report_problems(problems: list[model.InputError]) -> NoReturn:
    for problem in problems:
        # Problems in .po files, conf.py and archive files are located by path; those in pages by docname.
        location: str | tuple[str, int] | None
        if problem["code"] not in ("translation", "config", "archive"):
            location = (problem["source"], problem["line"])
        elif problem["line"]:
            location = f"{problem['source']}:{problem['line']}"
        else:
            location = None  # the message names the file
        message = problem["message"]
        if problem["code"] in ("translation", "config", "archive") and not problem["line"]:
            message = f"{problem['source']}: {message}"  # a folder, a value set with -D, or no line found
        logger.error(message, location=location, type="policy", subtype=problem["code"])
    error = PolicySourceError(len(problems))
    logger.error("sphinx-policy: %s", error)
    raise error
