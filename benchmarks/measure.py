"""Measuring tools: timed sphinx-build runs, file hashes, profiles, the machine description."""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

START = time.perf_counter()


def log(step: str, message: str) -> None:
    """One progress line: elapsed time of the whole bench, the step, what happens."""
    elapsed = time.perf_counter() - START
    print(f"[bench {int(elapsed // 60):02d}:{elapsed % 60:04.1f}] {step}: {message}", flush=True)


def load_average() -> list[float]:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []


@dataclass
class Build:
    """One sphinx-build run, as the parent saw it."""

    seconds: float  # wall time, time.perf_counter() around the child process
    cpu_seconds: float  # user + system time of the child and the processes it waited for
    peak_rss_mb: float  # ru_maxrss of the child (and its reaped children), from wait4()
    returncode: int
    warnings: int
    jobs: int
    load_before: list[float]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class BuildFailedError(RuntimeError):
    pass


def sphinx_build(
    source: Path, output: Path, doctrees: Path, *, jobs: int = 1, cold: bool = True, profile: Path | None = None
) -> Build:
    """Run ``python -m sphinx -q -b html`` in a child process and measure it.

    A cold build starts from an empty output and doctree folder.  The peak memory is the
    child's own ``ru_maxrss`` from ``os.wait4``, so other processes of the bench do not count.
    """
    if cold:
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(doctrees, ignore_errors=True)
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "sphinx", "-q", "-b", "html", "-j", str(jobs), "-d", str(doctrees), str(source), str(output)]
    load_before = load_average()
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=source)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise BuildFailedError(f"sphinx-build {source} failed with exit {child.returncode}:\n{stderr[-4000:]}")
    return Build(
        seconds=round(seconds, 3),
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 3),
        peak_rss_mb=round(usage.ru_maxrss / 1024, 1),  # KiB on Linux
        returncode=child.returncode,
        warnings=sum(1 for line in stderr.splitlines() if "WARNING" in line or "ERROR" in line),
        jobs=jobs,
        load_before=load_before,
    )


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def hash_tree(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root``, by its path relative to ``root``."""
    hashes = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            hashes[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def changed_files(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    return {
        "changed": sorted(name for name in before.keys() & after.keys() if before[name] != after[name]),
        "added": sorted(after.keys() - before.keys()),
        "removed": sorted(before.keys() - after.keys()),
    }


# --- profiles -------------------------------------------------------------------------


def _package(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return "(built-in / C)"
    normal = filename.replace(os.sep, "/")
    if "/ext/sphinx_policy/" in normal:
        return "sphinx_policy"
    if "site-packages/" in normal:
        return normal.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    return "python stdlib"


# Functions whose cumulative time splits a build into phases (a function missing from a
# profile, an extension's hook in a plain build for example, counts as 0).  A phase is
# named by a part of the file's path and the function's name; the extension's handlers
# live in its parts (sphinx_policy/<part>/...), and a phase adds up every part's handler.
PHASES = {
    "read (parse sources)": ("sphinx/builders/__init__.py", "read"),
    "write (resolve + write pages)": ("sphinx/builders/__init__.py", "write"),
    "finish (search index, static files, ...)": ("sphinx/builders/html/__init__.py", "finish"),
    "sphinx_policy: env-updated (checks)": ("/sphinx_policy/", "_on_env_updated"),
    "sphinx_policy: doctree-resolved (render nodes)": ("/sphinx_policy/", "_on_doctree_resolved"),
    "sphinx_policy: html-page-context (JSON-LD)": ("/sphinx_policy/", "_on_html_page_context"),
    "sphinx_policy: html-collect-pages (reports, demos)": ("/sphinx_policy/", "_on_collect_pages"),
    "sphinx_policy: build-finished (feeds)": ("/sphinx_policy/", "_on_build_finished"),
    "sphinx_policy: validate feeds (jsonschema)": ("sphinx_policy/publishing/schemas.py", "validate"),
    "sphinx_policy: write feeds (fsync)": ("sphinx_policy/publishing/files.py", "write_atomically"),
}


def summarise_profile(path: Path, top: int = 12) -> dict[str, Any]:
    """Where the time of a profiled build goes: phases, packages (own time), hottest functions."""
    stats = pstats.Stats(str(path))
    raw: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    total = max((entry[3] for entry in raw.values()), default=0.0)  # the cumulative time of the outermost call
    by_package: dict[str, float] = {}
    functions = []
    phases = dict.fromkeys(PHASES, 0.0)
    phase_calls = dict.fromkeys(PHASES, 0)
    for (filename, line, name), (_calls, primitive, own, cumulative, _callers) in raw.items():
        package = _package(filename)
        by_package[package] = by_package.get(package, 0.0) + own
        where = filename.replace(os.sep, "/")
        if package == "(built-in / C)":
            label = f"{name} ({package})"
        else:
            label = f"{where.rsplit('/', 2)[-2]}/{where.rsplit('/', 1)[-1]}:{line} {name}"
        functions.append((own, cumulative, label, package))
        for phase, (suffix, function) in PHASES.items():
            if name == function and suffix in where:
                phases[phase] += cumulative
                phase_calls[phase] += primitive
    functions.sort(reverse=True)
    policy_functions = sorted(
        ((cumulative, label) for own, cumulative, label, package in functions if package == "sphinx_policy"),
        reverse=True,
    )
    return {
        "profiled_seconds": round(total, 2),
        "phases_seconds": {phase: round(value, 2) for phase, value in phases.items()},
        "phases_calls": phase_calls,
        "own_time_by_package_seconds": {
            package: round(value, 2) for package, value in sorted(by_package.items(), key=lambda kv: -kv[1])[:top]
        },
        "hottest_functions_own_seconds": [[label, round(own, 2)] for own, _cum, label, _pkg in functions[:top]],
        "sphinx_policy_functions_cumulative_seconds": [
            [label, round(cumulative, 2)] for cumulative, label in policy_functions[:top]
        ],
    }


# --- the machine ----------------------------------------------------------------------


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _command_version(*command: str) -> str:
    if shutil.which(command[0]) is None:
        return "not found"
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (result.stdout or result.stderr).strip().splitlines()[0] if (result.stdout or result.stderr) else "unknown"


def source_fingerprint() -> str:
    """Which state of the extension was measured: sha256 over its source files (the first 16 hex digits)."""
    root = Path(__file__).resolve().parent.parent / "ext" / "sphinx_policy"
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".mo":
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def machine() -> dict[str, Any]:
    cpu_model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu_model": cpu_model,
        "cores": os.cpu_count(),
        "cores_usable": usable,
        "memory_gb": memory_gb,
        "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "python": platform.python_version(),
        "sphinx": _version("sphinx"),
        "myst_parser": _version("myst-parser"),
        "sphinx_needs": _version("sphinx-needs"),
        "docutils": _version("docutils"),
        "alabaster": _version("alabaster"),
        "sphinx_policy": _version("sphinx-policy"),
        "sphinx_policy_source_sha256": source_fingerprint(),
        "playwright": _version("playwright"),
        "node": _command_version("node", "--version"),
        "npm": _command_version("npm", "--version"),
        "load_average_at_start": load_average(),
    }
