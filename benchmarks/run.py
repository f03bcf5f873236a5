"""Run every benchmark of sphinx-policy and write the report (JSON) and docs/benchmarks.md.

    python -m benchmarks.run --report docs/benchmarks.json --page docs/benchmarks.md

``nox -s bench`` runs it with sphinx-needs installed (peak memory comes from os.wait4, no psutil needed).  Steps:

1. overhead: sphinx_policy against plain MyST built by plain Sphinx (same words);
2. peer: sphinx-needs with its needs.json export, one need per activity and cookie;
3. scale: N = 10, 100, 1,000 policies; growth exponent; ``-j 2`` at N = 100;
4. incremental: change one policy out of 200, rebuild, compare hashes of the outputs;
5. consent payload: bytes against vanilla-cookieconsent and Klaro; banner timing and
   layout shift in Chromium;
6. audit: the browser audit of every demo page in every language, all passes; cost per page and pass;
7. scale-out: the three-language site at N = 100 built by ``python -m sphinx_policy.site``, languages
   one after another (``--jobs 1``) against side by side (``--jobs 3``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import audit, consent, corpus, report, scaleout, web
from .measure import (
    Build,
    BuildFailedError,
    changed_files,
    hash_tree,
    load_average,
    log,
    machine,
    median,
    sphinx_build,
    summarise_profile,
)

PROJECT = Path(__file__).resolve().parent.parent

TARGETS = {
    "overhead_ratio": 1.2,
    "growth_exponent": 1.05,
    "incremental_fraction": 0.10,
    "consent_gzip_bytes": 6 * 1024,
    "layout_shift": 0.0,
    "lighthouse": {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100},
    "audit_seconds": 30.0,
}


# The report's key of each step (``--update`` keeps the ones a run skips).
STEPS = ("consent", "web", "audit", "overhead", "scale", "incremental", "scaleout")


class Bench:
    def __init__(self, workdir: Path, seed: int) -> None:
        self.workdir = workdir
        self.seed = seed
        self.projects: dict[tuple[str, int], Path] = {}

    def project(self, variant: str, count: int) -> Path:
        key = (variant, count)
        if key not in self.projects:
            root = self.workdir / f"{variant}-{count}"
            corpus.write_project(root / "src", variant, count, self.seed)
            self.projects[key] = root
        return self.projects[key]

    def build(
        self,
        variant: str,
        count: int,
        *,
        jobs: int = 1,
        step: str,
        label: str = "",
        check: bool = True,
        profile: Path | None = None,
    ) -> Build:
        root = self.project(variant, count)
        log(step, f"{variant} N={count} -j {jobs} {label}".rstrip() + " ...")
        result = sphinx_build(root / "src", root / "html", root / "doctrees", jobs=jobs, profile=profile)
        if check:
            verify(variant, count, root / "html")
        log(
            step,
            f"{variant} N={count} -j {jobs}: {result.seconds:.2f} s wall, {result.cpu_seconds:.2f} s CPU, "
            f"peak {result.peak_rss_mb:.0f} MB",
        )
        return result


def verify(variant: str, count: int, html: Path) -> None:
    """The build produced what it should, so that no figure comes from a broken build."""
    pages = list((html / "policies").glob("*.html"))
    if len(pages) != count:
        raise BuildFailedError(f"{variant} N={count}: {len(pages)} policy pages instead of {count}")
    if variant == "policy":
        index = json.loads((html / "feeds" / "index.json").read_text(encoding="utf-8"))
        feeds = [html / entry["feed_url"] for entry in index["policies"]]
        if len(feeds) != count or not all(feed.is_file() for feed in feeds):
            raise BuildFailedError(f"policy N={count}: the feeds do not list {count} policies")
    if variant == "needs":
        needs = json.loads((html / "needs.json").read_text(encoding="utf-8"))
        version = needs["versions"][needs["current_version"]]
        expected = count * (corpus.Shape().activities + corpus.Shape().cookies)
        if len(version["needs"]) != expected:
            raise BuildFailedError(f"needs N={count}: needs.json holds {len(version['needs'])} needs, not {expected}")


def summary(builds: list[Build]) -> dict[str, Any]:
    return {
        "runs": [build.as_dict() for build in builds],
        "median_seconds": median([build.seconds for build in builds]),
        "median_cpu_seconds": median([build.cpu_seconds for build in builds]),
        "peak_rss_mb": max(build.peak_rss_mb for build in builds),
    }


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    return round(math.log(t2 / t1) / math.log(n2 / n1), 3)


# --- the steps ----------------------------------------------------------------------------


def overhead_and_peer(bench: Bench, count: int, runs: int) -> dict[str, Any]:
    """Plain, sphinx_policy and sphinx-needs at the same N, interleaved run by run."""
    builds: dict[str, list[Build]] = {"plain": [], "policy": [], "needs": []}
    for number in range(1, runs + 1):
        for variant in builds:
            builds[variant].append(
                bench.build(variant, count, step="1+2 overhead/peer", label=f"(run {number}/{runs})")
            )
    result = {variant: summary(runs_) for variant, runs_ in builds.items()}
    objects = count * (corpus.Shape().activities + corpus.Shape().cookies)
    plain, policy, needs = (result[v]["median_seconds"] for v in ("plain", "policy", "needs"))
    plain_cpu, policy_cpu, needs_cpu = (result[v]["median_cpu_seconds"] for v in ("plain", "policy", "needs"))
    return {
        "n": count,
        "runs": runs,
        "objects": objects,
        "builds": result,
        "overhead_ratio": round(policy / plain, 3),
        "overhead_ratio_cpu": round(policy_cpu / plain_cpu, 3),
        "peer_ratio": round(policy / needs, 3),
        "peer_ratio_cpu": round(policy_cpu / needs_cpu, 3),
        "ms_per_object": {"policy": round(1000 * policy / objects, 2), "needs": round(1000 * needs / objects, 2)},
        "ms_per_object_cpu": {
            "policy": round(1000 * policy_cpu / objects, 2),
            "needs": round(1000 * needs_cpu / objects, 2),
        },
        "ms_per_object_above_plain": {
            "policy": round(1000 * (policy - plain) / objects, 2),
            "needs": round(1000 * (needs - plain) / objects, 2),
        },
    }


def scale(bench: Bench, sizes: list[int], runs_small: int, jobs_n: int) -> dict[str, Any]:
    points: dict[int, dict[str, Any]] = {}
    page_bytes: dict[str, int] = {}
    for count in sizes:
        runs = runs_small if count <= jobs_n else 1
        builds = [bench.build("policy", count, step="3 scale", label=f"(run {n}/{runs})") for n in range(1, runs + 1)]
        points[count] = summary(builds)
        pages = list((bench.project("policy", count) / "html" / "policies").glob("*.html"))
        page_bytes[str(count)] = round(sum(page.stat().st_size for page in pages) / len(pages))
        if count == jobs_n:
            parallel = [
                bench.build("policy", count, jobs=2, step="3 scale", label=f"(run {n}/{runs_small})")
                for n in range(1, runs_small + 1)
            ]
            points[count]["jobs2"] = summary(parallel)
    exponents = {}
    for small, large in itertools.pairwise(sizes):
        exponents[f"{small}->{large}"] = exponent(
            points[small]["median_seconds"], points[large]["median_seconds"], small, large
        )
    exponents[f"{sizes[0]}->{sizes[-1]}"] = exponent(
        points[sizes[0]]["median_seconds"], points[sizes[-1]]["median_seconds"], sizes[0], sizes[-1]
    )
    cpu_exponents = {}
    for small, large in itertools.pairwise(sizes):
        cpu_exponents[f"{small}->{large}"] = exponent(
            points[small]["median_cpu_seconds"], points[large]["median_cpu_seconds"], small, large
        )
    cpu_exponents[f"{sizes[0]}->{sizes[-1]}"] = exponent(
        points[sizes[0]]["median_cpu_seconds"], points[sizes[-1]]["median_cpu_seconds"], sizes[0], sizes[-1]
    )
    jobs1 = points[jobs_n]["median_seconds"]
    jobs2 = points[jobs_n]["jobs2"]["median_seconds"]
    return {
        "sizes": sizes,
        "points": {str(count): point for count, point in points.items()},
        "growth_exponents": exponents,
        "growth_exponents_cpu": cpu_exponents,
        "judged_exponent": f"{sizes[-2]}->{sizes[-1]}",
        "jobs2_n": jobs_n,
        "jobs2_speedup": round(jobs1 / jobs2, 3),
        "page_bytes": page_bytes,
    }


def classify(name: str, policy_id: str) -> str:
    expected = {f"policies/{policy_id}.html", f"feeds/policies/{policy_id}.json", "feeds/index.json"}
    if name in expected:
        return "expected"
    if policy_id in name:
        return "same policy, other output"
    return "other"


def incremental(bench: Bench, count: int, changes: list[int], profile_dir: Path | None) -> dict[str, Any]:
    root = bench.project("policy", count)
    src, html, doctrees = root / "src", root / "html", root / "doctrees"
    cold = bench.build("policy", count, step="4 incremental", label="(cold)")
    rebuilds = []
    for number, index in enumerate(changes, start=1):
        before = hash_tree(html)
        policy = corpus.rewrite_policy(src, "policy", index, revision=number, seed=bench.seed)
        time.sleep(0.05)
        log("4 incremental", f"changed {corpus.policy_filename(policy)} ({number}/{len(changes)}), rebuilding ...")
        build = sphinx_build(src, html, doctrees, cold=False)
        after = hash_tree(html)
        difference = changed_files(before, after)
        every = difference["changed"] + difference["added"] + difference["removed"]
        by_kind: dict[str, list[str]] = {}
        for name in every:
            by_kind.setdefault(classify(name, policy.id), []).append(name)
        feeds_and_pages = [n for n in every if n.startswith("feeds/") or n.startswith("policies/")]
        rebuilds.append(
            {
                "changed_source": corpus.policy_filename(policy),
                "policy_id": policy.id,
                "build": build.as_dict(),
                "fraction_of_cold": round(build.seconds / cold.seconds, 4),
                "fraction_of_cold_cpu": round(build.cpu_seconds / cold.cpu_seconds, 4),
                "files_hashed": len(after),
                "differences": difference,
                "by_kind": by_kind,
                "feeds_and_policy_pages_changed": feeds_and_pages,
                "other_policies_feeds_or_pages_changed": [
                    n for n in feeds_and_pages if classify(n, policy.id) == "other"
                ],
            }
        )
        log(
            "4 incremental",
            f"rebuild {number}: {build.seconds:.2f} s = {100 * build.seconds / cold.seconds:.1f} % "
            f"of cold; {len(every)} files differ ({', '.join(f'{k}: {len(v)}' for k, v in by_kind.items())})",
        )
    fraction = median([r["fraction_of_cold"] for r in rebuilds])
    result: dict[str, Any] = {
        "n": count,
        "cold": cold.as_dict(),
        "rebuilds": rebuilds,
        "median_rebuild_seconds": median([r["build"]["seconds"] for r in rebuilds]),
        "median_fraction_of_cold": fraction,
        "median_fraction_of_cold_cpu": median([r["fraction_of_cold_cpu"] for r in rebuilds]),
    }
    if (
        profile_dir is not None
        and max(fraction, result["median_fraction_of_cold_cpu"]) > TARGETS["incremental_fraction"]
    ):
        log("4 incremental", "target missed: profiling one more incremental rebuild (cProfile)")
        corpus.rewrite_policy(src, "policy", changes[0], revision=len(changes) + 1, seed=bench.seed)
        time.sleep(0.05)
        sphinx_build(src, html, doctrees, cold=False, profile=profile_dir / "incremental.prof")
        result["profile"] = summarise_profile(profile_dir / "incremental.prof")
    return result


def profile_variants(bench: Bench, count: int, variants: list[str], profile_dir: Path) -> dict[str, Any]:
    profiles = {}
    for variant in variants:
        path = profile_dir / f"{variant}-{count}.prof"
        bench.build(variant, count, step="1+2 profile", label="(cProfile, because a target was missed)", profile=path)
        profiles[variant] = summarise_profile(path)
    return profiles


def plain_growth_baseline(bench: Bench, data: dict[str, Any], sizes: list[int], started: float, budget: float) -> None:
    """When the growth target is missed: how fast plain Sphinx grows on the same corpus, if time allows."""
    scale_data = data["scale"]
    judged = scale_data["judged_exponent"]
    worst = max(scale_data["growth_exponents"][judged], scale_data["growth_exponents_cpu"][judged])
    if worst <= TARGETS["growth_exponent"]:
        return
    small, large = sizes[-2], sizes[-1]
    ratio = data.get("overhead", {}).get("overhead_ratio", 1.0)
    estimate = sum(scale_data["points"][str(n)]["median_seconds"] for n in (small, large)) / max(ratio, 0.5)
    elapsed = time.perf_counter() - started
    if elapsed + estimate > budget:
        log(
            "3 scale",
            f"plain Sphinx's growth not measured: about {estimate:.0f} s more would pass the budget "
            f"({elapsed:.0f} s spent of {budget:.0f} s)",
        )
        scale_data["plain_baseline"] = {"measured": False, "estimate_seconds": round(estimate), "budget": budget}
        return
    log(
        "3 scale",
        f"growth target missed (wall or CPU): measuring plain Sphinx at N={small} and N={large} "
        f"(about {estimate:.0f} s)",
    )
    times = {}
    for count in (small, large):
        build = bench.build("plain", count, step="3 scale (plain baseline)")
        times[count] = build
        shutil.rmtree(bench.project("plain", count), ignore_errors=True)
        bench.projects.pop(("plain", count), None)
    scale_data["plain_baseline"] = {
        "measured": True,
        "n_small": small,
        "n_large": large,
        "builds": {str(n): b.as_dict() for n, b in times.items()},
        "growth_exponent": exponent(times[small].seconds, times[large].seconds, small, large),
        "growth_exponent_cpu": exponent(times[small].cpu_seconds, times[large].cpu_seconds, small, large),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, default=PROJECT / "docs" / "benchmarks.json")
    parser.add_argument("--page", type=Path, default=PROJECT / "docs" / "benchmarks.md")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--overhead-n", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3, help="runs per median")
    parser.add_argument("--sizes", default="10,100,1000", help="the N of the scale step")
    parser.add_argument("--incremental-n", type=int, default=200)
    parser.add_argument("--scaleout-n", type=int, default=100, help="policies in the three-language scale-out site")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["overhead", "scale", "incremental", "consent", "web", "audit", "scaleout"],
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument(
        "--budget-minutes",
        type=float,
        default=18.0,
        help="optional measurements (plain Sphinx's own growth, when the growth target is missed) run only "
        "if they fit in this budget",
    )
    parser.add_argument(
        "--from-report",
        action="store_true",
        help="measure nothing: write the page (and the verdicts) again from the existing --report",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="keep the steps of the existing --report that this run skips, and replace those it measures",
    )
    arguments = parser.parse_args(argv)
    if arguments.from_report:
        data = json.loads(arguments.report.read_text(encoding="utf-8"))
        data["verdicts"] = report.verdicts(data)
        arguments.report.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        arguments.page.write_text(report.markdown(data), encoding="utf-8")
        log("done", f"page {arguments.page} written again from {arguments.report}")
        return 0

    sizes = [int(size) for size in arguments.sizes.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="sphinx-policy-bench-"))
    profile_dir = workdir / "profiles"
    profile_dir.mkdir()
    bench = Bench(workdir, arguments.seed)
    started = time.perf_counter()
    data: dict[str, Any] = {
        "machine": machine(),
        "targets": TARGETS,
        "settings": vars(arguments)
        | {"report": str(arguments.report), "page": str(arguments.page), "workdir": str(workdir)},
    }
    data["corpus"] = corpus.corpus_stats(seed=arguments.seed)
    log(
        "setup",
        f"machine: {data['machine']['cpu_model']}, {data['machine']['cores']} cores, "
        f"load {data['machine']['load_average_at_start']}; temporary projects in {workdir}",
    )
    try:
        if "consent" not in arguments.skip:
            step_started = time.perf_counter()
            log("5 consent", "payload and banner")
            data["consent"] = consent.run(PROJECT / "docs")
            data["consent"]["step_seconds"] = round(time.perf_counter() - step_started, 1)
        if "web" not in arguments.skip:
            step_started = time.perf_counter()
            log("6 web", "Lighthouse per page type")
            data["web"] = web.run(PROJECT / "docs", workdir)
            data["web"]["step_seconds"] = round(time.perf_counter() - step_started, 1)
        if "audit" not in arguments.skip:
            step_started = time.perf_counter()
            data["audit"] = audit.run(PROJECT / "docs", workdir)
            data["audit"]["step_seconds"] = round(time.perf_counter() - step_started, 1)
        if "overhead" not in arguments.skip:
            step_started = time.perf_counter()
            data["overhead"] = overhead_and_peer(bench, arguments.overhead_n, arguments.runs)
            overhead = data["overhead"]
            variants = []
            # Profile where the time goes when the target is missed by wall time or by CPU time.
            if max(overhead["overhead_ratio"], overhead["overhead_ratio_cpu"]) > TARGETS["overhead_ratio"]:
                variants += ["plain", "policy"]
            if max(overhead["peer_ratio"], overhead["peer_ratio_cpu"]) >= 1:
                variants += ["needs", "policy"]
            if variants:
                overhead["profiles"] = profile_variants(
                    bench, arguments.overhead_n, sorted(set(variants), key=variants.index), profile_dir
                )
            data["overhead"]["step_seconds"] = round(time.perf_counter() - step_started, 1)
            shutil.rmtree(workdir / f"needs-{arguments.overhead_n}", ignore_errors=True)
            shutil.rmtree(workdir / f"plain-{arguments.overhead_n}", ignore_errors=True)
        if "scale" not in arguments.skip:
            step_started = time.perf_counter()
            data["scale"] = scale(bench, sizes, arguments.runs, jobs_n=100 if 100 in sizes else sizes[-2])
            data["scale"]["step_seconds"] = round(time.perf_counter() - step_started, 1)
            for count in sizes:
                shutil.rmtree(workdir / f"policy-{count}", ignore_errors=True)
        if "incremental" not in arguments.skip:
            step_started = time.perf_counter()
            n = arguments.incremental_n
            data["incremental"] = incremental(bench, n, [n // 2, n // 4, (3 * n) // 4], profile_dir)
            data["incremental"]["step_seconds"] = round(time.perf_counter() - step_started, 1)
        if "scaleout" not in arguments.skip:
            step_started = time.perf_counter()
            data["scaleout"] = scaleout.run(workdir, arguments.scaleout_n, arguments.seed, runs=1)
            data["scaleout"]["step_seconds"] = round(time.perf_counter() - step_started, 1)
        if "scale" in data:
            plain_growth_baseline(bench, data, sizes, started, arguments.budget_minutes * 60)
    finally:
        data["bench_seconds"] = round(time.perf_counter() - started, 1)
        data["machine"]["load_average_at_end"] = load_average()
        if arguments.keep:
            log("done", f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if arguments.update and arguments.report.is_file():
        previous = json.loads(arguments.report.read_text(encoding="utf-8"))
        kept = [step for step in STEPS if step not in data and step in previous]
        for step in kept:
            data[step] = previous[step]
        data["kept_from_previous_run"] = kept
        log("done", f"kept from {arguments.report}: {', '.join(kept) or 'nothing'}")
    data["verdicts"] = report.verdicts(data)
    arguments.report.parent.mkdir(parents=True, exist_ok=True)
    arguments.report.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    arguments.page.write_text(report.markdown(data), encoding="utf-8")
    log("done", f"report {arguments.report}, page {arguments.page}; whole bench {data['bench_seconds']:.0f} s")
    for verdict in data["verdicts"]:
        print(
            f"  {'met   ' if verdict['met'] else 'MISSED' if verdict['met'] is False else 'n/a   '} "
            f"{verdict['target']}: {verdict['measured']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
