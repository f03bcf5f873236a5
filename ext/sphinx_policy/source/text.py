"""Source files that are not text: checked before Sphinx reads them.

Sphinx decodes each page with ``source_encoding`` and answers a file in another
charset with a crash report (a ``UnicodeDecodeError`` from deep inside the
reader); a NUL byte or another control character passes through docutils into
the pages and feeds, where HTML calls it a parse error and XML cannot hold it.
Each page about to be read is checked first, and a problem is reported at the
line where it is, with what to do.
"""

from __future__ import annotations

import codecs

from sphinx_policy import model


def text_problem(data: bytes, encoding: str) -> tuple[int, str, str] | None:
    """(line, message, code) for a source that is not clean text in ``encoding``; None when it is."""
    try:
        text = codecs.decode(data, encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        name = codecs.lookup(encoding).name
        name = "UTF-8" if name in ("utf-8", "utf-8-sig") else name
        return (
            line,
            f"the file is not {name} text (byte 0x{data[error.start]:02x} on this line cannot be read): "
            f"save it as {name} in your editor (it was probably saved as Latin-1 or Windows-1252), "
            "or set source_encoding in conf.py to the charset it is in.",
            "source-encoding",
        )
    except LookupError:
        return None  # an unknown source_encoding is Sphinx's to report
    found = model.control_character(text)
    if found is None:
        return None
    line, code = found
    return (
        line,
        f"the line holds the control character {code}, which most editors do not show and no page or "
        "feed can publish: delete it (retype the line if you cannot see it).",
        "source-text",
    )
