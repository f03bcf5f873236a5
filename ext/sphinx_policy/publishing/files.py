"""Writing output files: sorted, reproducible JSON and atomic replacement.

Every output that writes a file goes through here, so that a reader never sees
half a file and a file that already holds the right bytes is left alone (its
time stamp too, which keeps incremental builds and rsync-style deploys cheap).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def serialise(document: dict[str, Any]) -> bytes:
    """Sorted keys and a final newline: the same records give the same bytes."""
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def unchanged(target: Path, content: bytes) -> bool:
    return target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content


def write_atomically(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content`` in one step; a file that already holds it is left alone."""
    if unchanged(path, content):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
