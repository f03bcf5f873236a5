"""Nothing half-written: a build with warnings as errors writes into a staging folder, put in
place only when it succeeds.

Sphinx writes each page as soon as it is ready, and a warning while writing (a
broken reference) is known only then; under ``--fail-on-warning`` such a build
fails with some pages already rewritten.  So such a build writes into a copy of
the last good output beside it (``.<name>.policy-staging``, time stamps kept, so
only the pages whose sources changed are written again), and the copy replaces
the output only at the very end of a build that succeeded.  A build that fails,
however it fails, leaves the last good output byte for byte as it was.

Only builds that treat warnings as errors (``-W``, ``--fail-on-warning``: the site
builder, CI) are staged.  Without that, a warning does not fail a build and a
source error stops it before anything is written; and a live preview
(sphinx-autobuild) watches the folders beside its output, so the swap of a staged
build would set off the next build, and that one the next.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

#: Where the real output folder is kept while a build writes into its staging copy.
_FINAL = "_policy_final_outdir"


def staging_folder(target: Path) -> Path:
    return target.parent / f".{target.name}.policy-staging"


def staged_copy(target: Path, staging: Path, keep_out: Path | None = None) -> None:
    """Make ``staging`` a copy of ``target`` (if any) with the time stamps kept, leaving out ``keep_out``."""
    shutil.rmtree(staging, ignore_errors=True)
    if not target.is_dir():
        staging.mkdir(parents=True)
        return

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if keep_out is not None and Path(folder, name) == keep_out]

    shutil.copytree(target, staging, symlinks=True, ignore=ignore)


def swap_in(staging: Path, target: Path) -> None:
    """Put a finished folder in the place of ``target`` at once: a reader never sees half a build."""
    previous = target.parent / f".{target.name}.previous"
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def begin(app: Sphinx) -> None:
    """Point the builder at a staging copy of its output folder (``builder-inited``, before any part writes)."""
    if not getattr(app, "_fail_on_warnings", False):
        return
    target = Path(app.outdir)
    staging = staging_folder(target)
    doctrees = Path(app.doctreedir)
    # sphinx-build without -d keeps the doctrees inside the output: they stay where Sphinx writes them.
    inside = doctrees if doctrees.is_relative_to(target) else None
    staged_copy(target, staging, inside)
    setattr(app, _FINAL, target)
    _point_at(app, staging)


def finish(app: Sphinx, succeeded: bool) -> None:
    """Swap the staging copy in when the build succeeded; otherwise drop it.  Idempotent."""
    target: Path | None = getattr(app, _FINAL, None)
    if target is None:
        return
    setattr(app, _FINAL, None)
    staging = Path(app.outdir)
    _point_at(app, target)
    if not succeeded:
        shutil.rmtree(staging, ignore_errors=True)
        return
    doctrees = Path(app.doctreedir)
    if doctrees.is_relative_to(target) and doctrees.exists():
        # Move the doctrees Sphinx has just written into the folder that takes the output's place.
        moved = staging / doctrees.relative_to(target)
        moved.parent.mkdir(parents=True, exist_ok=True)
        doctrees.rename(moved)
    swap_in(staging, target)


def _point_at(app: Sphinx, folder: Path) -> None:
    """Make the application and its builder write into ``folder``, with every folder the builder
    has already worked out inside its output (HTML's ``_static``, ``_images``...) moved along."""
    previous = Path(app.outdir)
    kind = type(app.outdir)  # Sphinx's own path type, which some of its code expects
    app.outdir = kind(folder)
    builder = getattr(app, "builder", None)
    if builder is None:
        return
    builder.outdir = kind(folder)
    doctrees = Path(app.doctreedir)  # stays where it is, inside the output folder or not
    for name, value in list(vars(builder).items()):
        if (
            isinstance(value, Path)
            and name != "outdir"
            and value.is_relative_to(previous)
            and not value.is_relative_to(doctrees)
        ):
            setattr(builder, name, type(value)(folder / value.relative_to(previous)))
