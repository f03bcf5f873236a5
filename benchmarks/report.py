"""Verdicts against the targets, and the Markdown page (docs/benchmarks.md) from the JSON report."""

from __future__ import annotations

from typing import Any


def _kb(value: int) -> str:
    return f"{value / 1024:.1f} KB"


def _top_deltas(plain: dict[str, float], policy: dict[str, float], count: int = 3) -> list[tuple[str, float]]:
    deltas = {key: policy.get(key, 0.0) - plain.get(key, 0.0) for key in set(plain) | set(policy)}
    return sorted(((k, v) for k, v in deltas.items() if v > 0), key=lambda kv: -kv[1])[:count]


TOP_PHASES = (
    "read (parse sources)",
    "write (resolve + write pages)",
    "finish (search index, static files, ...)",
    "sphinx_policy: build-finished (feeds)",
)


def _profile_limit(profiles: dict[str, Any], baseline: str, count: int) -> str:
    """Where sphinx_policy spends more than ``baseline``, from one cProfile run of each."""
    if not profiles or baseline not in profiles or "policy" not in profiles:
        return ""
    base, policy = profiles[baseline], profiles["policy"]
    extra = policy["profiled_seconds"] - base["profiled_seconds"]
    top = ", ".join(
        f"{name} {policy['phases_seconds'].get(name, 0) - base['phases_seconds'].get(name, 0):+.1f} s"
        for name in TOP_PHASES
    )
    hooks = sorted(
        (
            (seconds, name)
            for name, seconds in policy["phases_seconds"].items()
            if name.startswith("sphinx_policy") and name not in TOP_PHASES and seconds >= 0.1
        ),
        reverse=True,
    )
    inner = ", ".join(f"{name.removeprefix('sphinx_policy: ')} {seconds:.1f} s" for seconds, name in hooks[:4])
    hottest = policy["sphinx_policy_functions_cumulative_seconds"][:1]
    packages = ", ".join(
        f"{name} +{delta:.1f} s"
        for name, delta in _top_deltas(base["own_time_by_package_seconds"], policy["own_time_by_package_seconds"])
    )
    names = {"plain": "plain Sphinx", "needs": "sphinx-needs"}
    return (
        f"Profiled (cProfile, one run each, N={count}), sphinx_policy takes {extra:+.1f} s against "
        f"{base['profiled_seconds']:.1f} s of {names[baseline]}. By phase: {top} (build-finished writes and "
        f"validates the feeds after Sphinx has finished). Within the phases, the extension's hooks: {inner or 'none'}"
        + (f"; its costliest function is `{hottest[0][0]}`, {hottest[0][1]:.1f} s cumulative" if hottest else "")
        + f". Own time by package, above {names[baseline]}: {packages or 'nothing'}."
    )


COUNTED_PHASES = ("sphinx_policy: validate feeds (jsonschema)", "sphinx_policy: write feeds (fsync)")


def _incremental_limit(incremental: dict[str, Any]) -> str:
    profile = incremental.get("profile")
    if not profile:
        return ""
    phases = sorted(profile["phases_seconds"].items(), key=lambda kv: -kv[1])
    # Call counts mean something for plain functions; the hooks that are generators count resumptions.
    calls = {k: v for k, v in profile.get("phases_calls", {}).items() if k in COUNTED_PHASES}

    def named(name: str, seconds: float) -> str:
        count = calls.get(name, 0)
        return f"{name} {seconds:.1f} s" + (f" ({count} calls)" if count > 1 else "")

    parts = ", ".join(named(name, seconds) for name, seconds in phases[:5] if seconds > 0)
    return (
        f"One rebuild after changing one policy, profiled (cProfile, N={incremental['n']}), takes "
        f"{profile['profiled_seconds']:.1f} s: {parts}. "
        + (
            "The call counts show work redone for every policy on each build, whatever changed. "
            if calls and any(calls.get(name, 0) > 1 for name, _ in phases[:5])
            else ""
        )
        + "The rest is what every Sphinx build does whatever changed (start-up, loading the pickled "
        "environment, the search index)."
    )


def verdicts(data: dict[str, Any]) -> list[dict[str, Any]]:
    targets = data["targets"]
    found: list[dict[str, Any]] = []
    overhead = data.get("overhead")
    if overhead:
        ratio = overhead["overhead_ratio"]
        found.append(
            {
                "key": "overhead",
                "target": f"overhead ≤ {targets['overhead_ratio']}x plain Sphinx (wall, median, N={overhead['n']})",
                "measured": f"{ratio:.2f}x (CPU time: {overhead['overhead_ratio_cpu']:.2f}x)",
                "met": ratio <= targets["overhead_ratio"],
                "met_cpu": overhead["overhead_ratio_cpu"] <= targets["overhead_ratio"],
                "limit": _profile_limit(overhead.get("profiles", {}), "plain", overhead["n"]),
            }
        )
        ours, theirs = overhead["ms_per_object"]["policy"], overhead["ms_per_object"]["needs"]
        ours_cpu, theirs_cpu = overhead["ms_per_object_cpu"]["policy"], overhead["ms_per_object_cpu"]["needs"]
        found.append(
            {
                "key": "peer",
                "target": "less time per object than sphinx-needs",
                "measured": f"{ours:.1f} ms vs {theirs:.1f} ms per object (ratio {overhead['peer_ratio']:.2f}; "
                f"CPU time: {ours_cpu:.1f} vs {theirs_cpu:.1f} ms)",
                "met": ours < theirs,
                "met_cpu": ours_cpu < theirs_cpu,
                "limit": _profile_limit(overhead.get("profiles", {}), "needs", overhead["n"]),
            }
        )
    scale = data.get("scale")
    if scale:
        key = scale["judged_exponent"]
        value = scale["growth_exponents"][key]
        value_cpu = scale["growth_exponents_cpu"][key]
        limit = (
            _scale_limit(scale, targets["growth_exponent"])
            if max(value, value_cpu) > targets["growth_exponent"]
            else ""
        )
        found.append(
            {
                "key": "growth",
                "target": f"growth exponent ≤ {targets['growth_exponent']} (N {key.replace('->', ' → ')})",
                "measured": f"{value:.2f} (CPU time: {value_cpu:.2f})",
                "met": value <= targets["growth_exponent"],
                "met_cpu": value_cpu <= targets["growth_exponent"],
                "limit": limit,
            }
        )
    incremental = data.get("incremental")
    if incremental:
        fraction = incremental["median_fraction_of_cold"]
        fraction_cpu = incremental["median_fraction_of_cold_cpu"]
        met = fraction <= targets["incremental_fraction"]
        found.append(
            {
                "key": "incremental",
                "target": f"incremental rebuild ≤ {100 * targets['incremental_fraction']:.0f} % of a cold build "
                f"(N={incremental['n']})",
                "measured": f"{100 * fraction:.1f} % (CPU time: {100 * fraction_cpu:.1f} %)",
                "met": met,
                "met_cpu": fraction_cpu <= targets["incremental_fraction"],
                "limit": _incremental_limit(incremental),
            }
        )
    consent = data.get("consent")
    if consent:
        gzipped = consent["ours"]["gzip"]
        found.append(
            {
                "key": "payload",
                "target": f"consent payload < {targets['consent_gzip_bytes'] // 1024} KB gzipped",
                "measured": f"{_kb(gzipped)} ({gzipped} bytes)",
                "met": gzipped < targets["consent_gzip_bytes"],
                "limit": "",
            }
        )
        browser = consent.get("browser", {})
        if browser.get("available"):
            shift = browser["layout_shift_total_max"]
            found.append(
                {
                    "key": "layout-shift",
                    "target": "zero layout shift from the banner",
                    "measured": f"CLS {shift:g} (worst of {browser['loads']} loads; "
                    f"{browser['layout_shift_entries']} layout-shift entries)",
                    "met": shift <= targets["layout_shift"],
                    "limit": "",
                }
            )
        else:
            found.append(
                {
                    "key": "layout-shift",
                    "target": "zero layout shift from the banner",
                    "measured": f"unavailable: {browser.get('reason', 'not measured')}",
                    "met": None,
                    "limit": "",
                }
            )
    web = data.get("web")
    if web and web.get("available"):
        wanted = targets["lighthouse"]
        wanted_text = ", ".join(f"{name} ≥ {value}" for name, value in wanted.items())
        for page_type, page in web["pages"].items():
            scores = page.get("scores")
            failing = "; ".join(
                f"{category}: {', '.join(audits)}" for category, audits in page.get("failing", {}).items()
            )
            found.append(
                {
                    "key": f"lighthouse {page_type}",
                    "target": f"Lighthouse {page_type}: {wanted_text}",
                    "measured": ", ".join(f"{name} {value}" for name, value in scores.items())
                    if scores
                    else f"not measured: {page.get('error', '')[:200]}",
                    "met": all(scores[name] >= value for name, value in wanted.items()) if scores else None,
                    "limit": failing,
                }
            )
    elif web:
        found.append(
            {
                "key": "lighthouse",
                "target": "Lighthouse scores per page type",
                "measured": f"unavailable: {web.get('reason', '')}",
                "met": None,
                "limit": "",
            }
        )
    return found


def _web_section(web: dict[str, Any], targets: dict[str, Any]) -> list[str]:
    if not web.get("available"):
        return ["## Web quality (Lighthouse)", "", f"Not measured: {web.get('reason', '')}.", ""]
    rows = []
    for page_type, page in web["pages"].items():
        scores = page.get("scores") or {}
        metrics = page.get("metrics") or {}
        rows.append(
            [
                page_type,
                f"`{page['path']}`",
                *[scores.get(category, "-") for category in ("performance", "accessibility", "best-practices", "seo")],
                metrics.get("largest-contentful-paint", ""),
                metrics.get("total-blocking-time", ""),
                " / ".join(str(run["performance"]) for run in page.get("runs", [])),
            ]
        )
    absent = ", ".join(web["not_in_site"]) or "none"
    runs = web.get("runs_per_page", 1)
    wanted = ", ".join(f"{name} ≥ {value}" for name, value in targets["lighthouse"].items())
    return [
        "## Web quality (Lighthouse)",
        "",
        f"Lighthouse {web['lighthouse']} (npm, installed at bench time) in {web['chromium']}, mobile emulation, "
        "the site built with `policy_site_url` set to the local server and served by "
        f"`python -m sphinx_policy.hosting.serve` with the generated `_headers` and compression. Target: {wanted}. "
        f"Each page is measured {runs} times; the table shows the run with the median performance score, and "
        f"the last column every run's. Page types this site does not have yet: {absent}. The seed policies "
        "have one version each, so the bench's copy of the site gives WeMe a second, editorial version "
        "(a reworded sentence, no new fact) for the change page and the earlier version's page; the "
        "published site is not changed.",
        "",
        _table(
            ["page type", "page", "performance", "accessibility", "best practices", "SEO", "LCP", "TBT", "runs"], rows
        ),
        "",
    ]


def _scale_limit(scale: dict[str, Any], target: float) -> str:
    sizes = [str(size) for size in scale["sizes"]]
    small, large = scale["points"][sizes[-2]], scale["points"][sizes[-1]]
    parts = [
        f"wall {small['median_seconds']:.0f} s → {large['median_seconds']:.0f} s, "
        f"CPU {small['median_cpu_seconds']:.0f} s → {large['median_cpu_seconds']:.0f} s, "
        f"peak memory {small['peak_rss_mb']:.0f} → {large['peak_rss_mb']:.0f} MB"
    ]
    pages = scale.get("page_bytes")
    if pages:
        parts.append(f"mean policy page {pages[sizes[-2]] / 1024:.0f} KB → {pages[sizes[-1]] / 1024:.0f} KB")
    baseline = scale.get("plain_baseline")
    if baseline and baseline.get("measured"):
        parts.append(
            f"plain Sphinx (myst-parser only) on the same corpus grows with exponent "
            f"{baseline['growth_exponent']:.3f} (CPU {baseline['growth_exponent_cpu']:.3f}) over the same sizes, "
            + (
                "already above the target on its own, so most of the growth is Sphinx's, and the extension adds "
                if baseline["growth_exponent"] > target
                else "so the extension adds "
            )
            + f"{scale['growth_exponents'][scale['judged_exponent']] - baseline['growth_exponent']:+.3f} to it"
        )
    elif baseline:
        parts.append("plain Sphinx's own growth was not measured: it did not fit in the time budget")
    return "Measured: " + "; ".join(parts) + "."


def _seconds(value: float) -> str:
    return f"{value:.2f} s"


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _met(value: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "n/a"}[value]


def markdown(data: dict[str, Any]) -> str:
    machine = data["machine"]
    settings = data["settings"]
    out: list[str] = [
        "# Benchmarks",
        "",
        "Written by `nox -s bench` (`python -m benchmarks.run`); the same figures, and every single run, are in "
        "`docs/benchmarks.json`. The figures below are from one machine and one run: run the bench "
        "again on yours to compare (see *How to reproduce*).",
        "",
        "## Targets",
        "",
        "Goals, not assertions: the bench never fails on a missed target; it says so here.",
        "",
        _table(
            ["Target", "Measured", "Met? (wall time, as the target is set)", "Met by CPU time?"],
            [
                [v["target"], v["measured"], _met(v["met"]), _met(v.get("met_cpu")) if "met_cpu" in v else "-"]
                for v in data["verdicts"]
            ],
        ),
        "",
        "Wall time is what the targets name. The CPU time of the build process is given beside it because it "
        "does not depend on what else the machine runs: where the two verdicts differ, other processes were "
        "competing for the CPU (see the load average under *Machine*), and the CPU-time verdict is the one "
        "to trust.",
        "",
    ]
    missed = [v for v in data["verdicts"] if v["met"] is False or v.get("met_cpu") is False]
    if missed:
        out += ["What limits the figures missed by either measure (measured, not guessed):", ""]
        for verdict in missed:
            out.append(f"- **{verdict['target']}**: {verdict['limit'] or 'see the section below.'}")
        out.append("")

    out += [
        "## Machine",
        "",
        _table(
            ["", ""],
            [
                ["Date", machine["date"]],
                ["CPU", machine["cpu_model"]],
                ["Cores", f"{machine['cores']} ({machine['cores_usable']} usable)"],
                ["Memory", f"{machine['memory_gb']} GB"],
                ["OS", machine["os"]],
                ["Python", machine["python"]],
                ["Sphinx", machine["sphinx"]],
                ["myst-parser", machine["myst_parser"]],
                ["sphinx-needs", machine["sphinx_needs"]],
                ["docutils", machine["docutils"]],
                ["alabaster (theme of every corpus build)", machine["alabaster"]],
                [
                    "sphinx-policy",
                    f"{machine['sphinx_policy']} (sha256 of ext/sphinx_policy/ sources: "
                    f"{machine.get('sphinx_policy_source_sha256', 'not recorded')})",
                ],
                ["Node / npm", f"{machine['node']} / {machine['npm']}"],
                [
                    "Load average (1, 5, 15 min) at start / end",
                    f"{machine['load_average_at_start']} / {machine.get('load_average_at_end')}",
                ],
                ["Whole bench (wall)", f"{data['bench_seconds']:.0f} s ({data['bench_seconds'] / 60:.1f} min)"],
            ],
        ),
        "",
        "A load average above the number of cores means other processes competed for the CPU during the "
        "run; wall times then suffer more than CPU times, which is why each table gives both.",
        "",
    ]

    corpus = data["corpus"]
    out += [
        "## The corpus",
        "",
        f"Synthetic but realistic policies generated by `benchmarks/corpus.py` (seed {settings['seed']}): "
        "Norwegian organisations with valid organisation numbers, processing activities drawn from "
        f"{corpus.get('activity_kinds', 30)} kinds "
        "(newsletter, recruitment, fraud prevention, ...) with legal bases, retention periods, recipients and "
        "transfers, cookies drawn from "
        f"{corpus.get('cookie_kinds', 44)} real-world cookies (Google Analytics, Meta, Stripe, ...), and "
        "sentences built from word lists. "
        f"Per policy: {corpus['activities_per_policy']:.0f} activities, {corpus['cookies_per_policy']:.0f} "
        f"cookies, {corpus['recipients_per_policy']:.0f} recipients and {corpus['words_per_policy']:.0f} "
        f"words a reader sees (between {corpus['words_min']} and {corpus['words_max']}; mean of the first "
        f"{corpus['policies_sampled']}).",
        "",
        "Each policy is written three ways, with the same words:",
        "",
        "- **sphinx_policy**: the `policy-*` directives (docs/authoring.md), built with "
        '`extensions = ["myst_parser", "sphinx_policy"]` and the transparency checks\' warnings suppressed; '
        "this build also writes the feeds (validated against their schemas), a transparency report and a "
        "consent demo per policy.",
        "- **plain**: headings, bullet lists and a cookie table, built by Sphinx with `myst_parser` only.",
        "- **sphinx-needs**: the plain text with one `need` per activity and per cookie (types `activity` and "
        "`cookie`), the same fields as options, and `needs_build_json = True` (needs.json).",
        "",
        "Every build is `python -m sphinx -q -b html -j 1` (unless noted) in a child process, into a fresh "
        "output and doctree folder, with the **html builder and the default alabaster theme for every variant**, "
        "so that the differences are the extensions' own cost. Wall time is `time.perf_counter()` around the "
        "child; CPU time and peak memory (ru_maxrss) come from `os.wait4()` on the child. The start page is an "
        "A-Z index (one page per first letter, each listing its policies), as a large site would arrange them. "
        "(While this bench was written, a flat list of all policies on the start page was tried: alabaster's "
        "sidebar then lists every policy on every page, a policy page grew to 216 KB at N = 1,000, and that "
        "build had not finished after six minutes. That cost is Sphinx's and the theme's, grows with N squared, "
        "and would hide the extension's own; hence the index.)",
        "",
    ]

    overhead = data.get("overhead")
    if overhead:
        builds = overhead["builds"]
        names = {
            "plain": "plain Sphinx + myst-parser",
            "policy": "sphinx_policy (+ feeds)",
            "needs": "sphinx-needs (+ needs.json)",
        }
        out += [
            "## 1. Overhead against plain Sphinx",
            "",
            f"N = {overhead['n']} policies, {overhead['runs']} runs of each variant, interleaved "
            "(plain, sphinx_policy, sphinx-needs, then again), medians.",
            "",
            _table(
                ["Variant", "Runs (wall, s)", "Median wall", "Median CPU", "Peak memory"],
                [
                    [
                        names[v],
                        ", ".join(f"{r['seconds']:.2f}" for r in builds[v]["runs"]),
                        _seconds(builds[v]["median_seconds"]),
                        _seconds(builds[v]["median_cpu_seconds"]),
                        f"{builds[v]['peak_rss_mb']:.0f} MB",
                    ]
                    for v in ("plain", "policy", "needs")
                ],
            ),
            "",
            f"**Overhead: {overhead['overhead_ratio']:.2f}x** plain Sphinx in wall time "
            f"({overhead['overhead_ratio_cpu']:.2f}x in CPU time); target ≤ {data['targets']['overhead_ratio']}x.",
            "",
        ]
        out += [
            "## 2. A peer: sphinx-needs",
            "",
            f"The same N = {overhead['n']} policies, {overhead['objects']} structured objects "
            f"({overhead['objects'] // overhead['n']} per policy: activities and cookies), from the runs above.",
            "",
            _table(
                ["", "sphinx_policy (+ feeds)", "sphinx-needs (+ needs.json)"],
                [
                    [
                        "Median wall time",
                        _seconds(builds["policy"]["median_seconds"]),
                        _seconds(builds["needs"]["median_seconds"]),
                    ],
                    [
                        "Median CPU time",
                        _seconds(builds["policy"]["median_cpu_seconds"]),
                        _seconds(builds["needs"]["median_cpu_seconds"]),
                    ],
                    [
                        "Time per object (wall)",
                        f"{overhead['ms_per_object']['policy']:.2f} ms",
                        f"{overhead['ms_per_object']['needs']:.2f} ms",
                    ],
                    [
                        "Time per object (CPU)",
                        f"{overhead['ms_per_object_cpu']['policy']:.2f} ms",
                        f"{overhead['ms_per_object_cpu']['needs']:.2f} ms",
                    ],
                    [
                        "Time per object above plain Sphinx (wall)",
                        f"{overhead['ms_per_object_above_plain']['policy']:.2f} ms",
                        f"{overhead['ms_per_object_above_plain']['needs']:.2f} ms",
                    ],
                ],
            ),
            "",
            f"**sphinx_policy / sphinx-needs: {overhead['peer_ratio']:.2f}** in wall time "
            f"({overhead['peer_ratio_cpu']:.2f} in CPU time). sphinx_policy declares more than the activities "
            "and cookies (controller, recipients, rights, authority, statements) and writes three pages per policy; "
            "the time per object divides the whole build by the activities and cookies only.",
            "",
        ]
        if overhead.get("profiles"):
            out += _profile_section(overhead["profiles"], overhead["n"])

    scale = data.get("scale")
    if scale:
        rows = []
        for size in scale["sizes"]:
            point = scale["points"][str(size)]
            runs = ", ".join(f"{r['seconds']:.1f}" for r in point["runs"])
            rows.append(
                [
                    size,
                    runs,
                    _seconds(point["median_seconds"]),
                    _seconds(point["median_cpu_seconds"]),
                    f"{point['peak_rss_mb']:.0f} MB",
                    f"{1000 * point['median_seconds'] / size:.0f} ms",
                ]
            )
        jobs_point = scale["points"][str(scale["jobs2_n"])]
        jobs2_runs = ", ".join(f"{r['seconds']:.1f}" for r in jobs_point["jobs2"]["runs"])
        out += [
            "## 3. Scale",
            "",
            "sphinx_policy, one language (en), cold builds; medians of "
            f"{len(scale['points'][str(scale['sizes'][0])]['runs'])} runs up to N = {scale['jobs2_n']}, "
            "one run at the largest N (to fit the bench in its time budget).",
            "",
            _table(["N", "Runs (wall, s)", "Median wall", "Median CPU", "Peak memory", "Wall per policy"], rows),
            "",
            _table(
                ["Growth exponent log(t2/t1)/log(n2/n1)", "Wall", "CPU"],
                [
                    [k.replace("->", " → "), f"{v:.3f}", f"{scale['growth_exponents_cpu'].get(k, float('nan')):.3f}"]
                    for k, v in scale["growth_exponents"].items()
                ],
            ),
            "",
            f"The target (≤ {data['targets']['growth_exponent']}) is judged on N "
            f"{scale['judged_exponent'].replace('->', ' → ')}: "
            "below that, the fixed start-up of Sphinx (about a second or two) hides the per-policy cost and "
            "the exponent says little.",
            "",
            f"**`-j 2` at N = {scale['jobs2_n']}**: {jobs_point['jobs2']['median_seconds']:.2f} s against "
            f"{jobs_point['median_seconds']:.2f} s with `-j 1` (runs: "
            f"{jobs2_runs} s), "
            f"**speed-up {scale['jobs2_speedup']:.2f}x** on {machine['cores']} cores.",
            "",
        ]
        baseline = scale.get("plain_baseline")
        if baseline and baseline.get("measured"):
            b_small, b_large = (baseline["builds"][str(n)] for n in (baseline["n_small"], baseline["n_large"]))
            out += [
                f"Because the growth target was missed, plain Sphinx (myst-parser only, same corpus) was measured "
                f"once at N = {baseline['n_small']} ({b_small['seconds']:.1f} s wall, {b_small['cpu_seconds']:.1f} s "
                f"CPU) and N = {baseline['n_large']} ({b_large['seconds']:.1f} s, {b_large['cpu_seconds']:.1f} s "
                f"CPU): **exponent {baseline['growth_exponent']:.3f}** (CPU {baseline['growth_exponent_cpu']:.3f}).",
                "",
            ]
        if scale.get("page_bytes"):
            out += [
                "Mean size of a policy page: "
                + ", ".join(f"N = {n}: {b / 1024:.0f} KB" for n, b in scale["page_bytes"].items())
                + ".",
                "",
            ]

    incremental = data.get("incremental")
    if incremental:
        out += _incremental_section(incremental)

    consent = data.get("consent")
    if consent:
        out += _consent_section(consent, data["targets"])

    web = data.get("web")
    if web:
        out += _web_section(web, data["targets"])
    audit = data.get("audit")
    if audit:
        out += _audit_section(audit)
    scaleout = data.get("scaleout")
    if scaleout:
        out += _scaleout_section(scaleout)

    out += [
        "## How to reproduce",
        "",
        "```console",
        "nox -s bench",
        "```",
        "",
        "installs the project with its `test` dependency group plus sphinx-needs into `.nox/bench`, "
        "then runs `python -m benchmarks.run`, which prints each step, N and the elapsed time as it goes and "
        "writes `docs/benchmarks.json` and this page. Options (after `--`): `--overhead-n`, `--runs`, "
        "`--sizes 10,100,1000`, `--incremental-n`, `--scaleout-n`, `--seed`, "
        "`--skip overhead|scale|incremental|consent|web|audit|scaleout`, "
        "`--keep` (keep the generated projects), `--update` (measure only the steps not skipped and keep the "
        "others from the existing report), `--budget-minutes` (the optional plain-Sphinx growth baseline "
        "runs only if it fits), `--from-report` (measure nothing, write this page again from the JSON). "
        "The consent step needs npm (for the two peers; without it "
        "their figures are reported as unavailable) and Chromium (Playwright's, or `/usr/bin/chromium`).",
        "",
        f"This run: {data['bench_seconds']:.0f} s in all."
        + (
            f" Kept from the previous run (`--update`): {', '.join(data['kept_from_previous_run'])}."
            if data.get("kept_from_previous_run")
            else ""
        ),
        "",
    ]
    return "\n".join(out)


def _profile_section(profiles: dict[str, Any], count: int) -> list[str]:
    names = {"plain": "plain", "policy": "sphinx_policy", "needs": "sphinx-needs"}
    variants = [v for v in ("plain", "needs", "policy") if v in profiles]
    phases = list(profiles["policy"]["phases_seconds"])
    phase_rows = [[name, *(f"{profiles[v]['phases_seconds'].get(name, 0):.2f}" for v in variants)] for name in phases]
    packages = sorted(
        {p for v in variants for p in profiles[v]["own_time_by_package_seconds"]},
        key=lambda p: -profiles["policy"]["own_time_by_package_seconds"].get(p, 0),
    )
    package_rows = [
        [p, *(f"{profiles[v]['own_time_by_package_seconds'].get(p, 0):.2f}" for v in variants)] for p in packages
    ]
    policy = profiles["policy"]
    return [
        f"Where the time goes (one cProfile run of each at N = {count}, run because a target was missed; "
        "profiling slows every build down, so compare the columns with each other, not with the table above):",
        "",
        _table(["Phase (cumulative s)", *(names[v] for v in variants)], phase_rows),
        "",
        _table(["Package (own time, s)", *(names[v] for v in variants)], package_rows),
        "",
        "Hottest sphinx_policy functions (cumulative s): "
        + "; ".join(
            f"`{label}` {seconds:.2f}" for label, seconds in policy["sphinx_policy_functions_cumulative_seconds"][:8]
        )
        + ".",
        "",
    ]


def _incremental_section(incremental: dict[str, Any]) -> list[str]:
    rows = []
    for rebuild in incremental["rebuilds"]:
        kinds = rebuild["by_kind"]
        rows.append(
            [
                f"`{rebuild['changed_source']}`",
                _seconds(rebuild["build"]["seconds"]),
                f"{100 * rebuild['fraction_of_cold']:.1f} %",
                f"{100 * rebuild['fraction_of_cold_cpu']:.1f} %",
                len(kinds.get("expected", [])),
                len(kinds.get("same policy, other output", [])),
                len(kinds.get("other", [])),
                "none"
                if not rebuild["other_policies_feeds_or_pages_changed"]
                else "**" + ", ".join(rebuild["other_policies_feeds_or_pages_changed"]) + "**",
            ]
        )
    first = incremental["rebuilds"][0]
    lines = [
        "## 4. Incremental rebuild",
        "",
        f"N = {incremental['n']} policies: one cold build ({incremental['cold']['seconds']:.2f} s), then "
        f"{len(incremental['rebuilds'])} times: change one policy (a new sentence in its introduction and in "
        "its first activity), rebuild in place, and compare the sha256 of every file of the output before and "
        "after.",
        "",
        _table(
            [
                "Changed",
                "Rebuild",
                "Of cold (wall)",
                "Of cold (CPU)",
                "Expected files changed",
                "Same policy, other files",
                "Other files",
                "Feeds or pages of other policies changed",
            ],
            rows,
        ),
        "",
        f"**Median rebuild: {incremental['median_rebuild_seconds']:.2f} s = "
        f"{100 * incremental['median_fraction_of_cold']:.1f} % of the cold build** "
        f"({100 * incremental['median_fraction_of_cold_cpu']:.1f} % in CPU time).",
        "",
        f"Files that changed in the first rebuild (of {first['files_hashed']} in the output):",
        "",
    ]
    descriptions = {
        "expected": "expected: the changed policy's page, its feed, and feeds/index.json",
        "same policy, other output": "other outputs of the same policy (files whose path holds its id)",
        "other": "anything else",
    }
    for kind in ("expected", "same policy, other output", "other"):
        names = first["by_kind"].get(kind, [])
        shown = ", ".join(f"`{name}`" for name in names) if names else "none"
        lines.append(f"- {descriptions[kind]}: {shown}")
    lines.append("")
    others = sorted({name for rebuild in incremental["rebuilds"] for name in rebuild["by_kind"].get("other", [])})
    foreign = sorted({n for r in incremental["rebuilds"] for n in r["other_policies_feeds_or_pages_changed"]})
    extra = sorted({n for r in incremental["rebuilds"] for n in r["by_kind"].get("same policy, other output", [])})
    lines += [
        (
            "**No output of another policy changed**: in every rebuild, no feed and no page of another policy changed. "
            if not foreign
            else "**Outputs of other policies changed too**: " + ", ".join(f"`{n}`" for n in foreign) + ". "
        )
        + "Besides its page, feed and feeds/index.json (when its entry changed), the changed policy's other outputs "
        "changed as well, which is expected: "
        + (", ".join(f"`{n}`" for n in extra) if extra else "none")
        + ". "
        + (
            "Outside the policy's own outputs, these changed: "
            + ", ".join(f"`{n}`" for n in others)
            + " (site-wide files that hold every page change whenever any page does)."
            if others
            else "Nothing else changed."
        ),
        "",
    ]
    if incremental.get("profile"):
        profile = incremental["profile"]
        lines += [
            f"Where a rebuild's time goes (one cProfile run; {profile['profiled_seconds']:.1f} s profiled):",
            "",
            _table(
                ["Phase", "Cumulative s", "Calls"],
                [
                    [k, f"{v:.2f}", profile.get("phases_calls", {}).get(k, "") if k in COUNTED_PHASES else ""]
                    for k, v in sorted(profile["phases_seconds"].items(), key=lambda kv: -kv[1])
                ],
            ),
            "",
            "Own time by package: "
            + ", ".join(f"{k} {v:.2f} s" for k, v in profile["own_time_by_package_seconds"].items())
            + ".",
            "",
        ]
    return lines


def _consent_section(consent: dict[str, Any], targets: dict[str, Any]) -> list[str]:
    rows = [
        [
            "sphinx-policy (consent.js + consent.css)",
            consent["ours"]["raw"],
            consent["ours"]["gzip"],
            _kb(consent["ours"]["gzip"]),
        ]
    ]
    files = {
        "vanilla-cookieconsent@3.1": "cookieconsent.umd.js + cookieconsent.css",
        "klaro@0.7": "klaro.js, CSS included",
    }
    for spec, peer in consent["peers"].items():
        if peer.get("available"):
            rows.append([f"{spec} ({peer['version']}: {files[spec]})", peer["raw"], peer["gzip"], _kb(peer["gzip"])])
        else:
            rows.append([f"{spec}", "unavailable", "unavailable", peer.get("reason", "")])
    lines = [
        "## 5. Consent payload",
        "",
        "Bytes a site sends for the banner; gzip level 9, each file on its own. The peers are installed from "
        "npm into a temporary folder at bench time (`npm install --prefix <tmp> --no-save`), never kept.",
        "",
        _table(["Consent manager", "Raw bytes", "Gzipped bytes", "Gzipped"], rows),
        "",
    ]
    if consent.get("demo_config"):
        config = consent["demo_config"]
        lines += [
            f"Each page also fetches its generated configuration (categories, cookies, words), "
            f"en/consent/weme.json: {config['raw']} bytes raw, {config['gzip']} gzipped for WeMe "
            "(cached by the browser); the peers need a similar configuration written by hand. Our files are "
            "measured as the build publishes them, minified (consent/v1/).",
            "",
        ]
    browser = consent.get("browser", {})
    if browser.get("available"):
        lines += [
            f"**In Chromium** ({browser['browser']}, headless, viewport {browser['viewport']}), the demo page "
            f"`{browser['page']}` of the real site (docs/ built with `python -m sphinx_policy.site docs <tmp> "
            f"--language en`, served on 127.0.0.1), {browser['loads']} loads, each in a fresh context (no consent "
            "cookie, so the banner shows). An init script records DOMContentLoaded, the moment a MutationObserver "
            "sees #policy-consent with a non-empty box, the next animation frame and the task after it "
            "(painted), and every `layout-shift` entry of a PerformanceObserver.",
            "",
            _table(
                ["Per load (ms after DOMContentLoaded started)", "Values", "Median"],
                [
                    [
                        "banner in the DOM, laid out",
                        ", ".join(f"{v:.1f}" for v in browser["banner_inserted_after_dcl_ms"]),
                        f"{browser['median_inserted_after_dcl_ms']:.1f}",
                    ],
                    [
                        "next animation frame",
                        ", ".join(f"{v:.1f}" for v in browser["banner_first_frame_after_dcl_ms"]),
                        "",
                    ],
                    [
                        "banner painted (visible)",
                        ", ".join(f"{v:.1f}" for v in browser["banner_painted_after_dcl_ms"]),
                        f"**{browser['median_painted_after_dcl_ms']:.1f}**",
                    ],
                ],
            ),
            "",
            f"DOMContentLoaded starts {browser['median_dcl_after_navigation_ms']:.0f} ms after navigation (median). "
            + (
                "A negative figure means the banner was in the DOM before the event fired: the page loads "
                f"consent.js as `{consent.get('consent_script_tag')}`, and deferred scripts run just before "
                "DOMContentLoaded."
                if browser["median_inserted_after_dcl_ms"] < 0 and "defer" in (consent.get("consent_script_tag") or "")
                else ""
            ),
            "",
            f"**Layout shift**: cumulative {browser['layout_shift_total_max']:g} (worst load), "
            f"{browser['layout_shift_from_banner_max']:g} after the banner appeared; "
            f"{browser['layout_shift_entries']} layout-shift entries over {browser['loads']} loads. "
            "The banner is `position: fixed`, so it moves no content. "
            + (
                f"Control: the same observer records a shift of {browser['control_layout_shift']:g} on a test page "
                "that inserts a block above its text, so a zero is a measurement, not a blind spot."
                if browser.get("control_layout_shift") is not None
                else ""
            ),
            "",
        ]
    else:
        lines += [f"In Chromium: unavailable ({browser.get('reason', 'not measured')}).", ""]
    return lines


def _audit_section(audit: dict[str, Any]) -> list[str]:
    per_pass = audit["browser_seconds_per_pass_median"]
    return [
        "## Browser audit",
        "",
        f"`python -m sphinx_policy.audit` over the built site: {audit['pages']} demo pages (every policy with "
        f"cookies, every language), {audit['passes']} passes, {audit['jobs']} browsers at once: "
        f"{_seconds(audit['seconds'])} wall, {_seconds(audit['cpu_seconds'])} CPU (audit process and its "
        f"browsers), {_seconds(audit['seconds_per_page'])} per page and {_seconds(audit['seconds_per_pass'])} "
        f"per pass (wall); {audit['errors']} errors found.",
        "",
        _table(
            ["Pass", "Median seconds (one browser context)"],
            [[name, f"{seconds:.2f}"] for name, seconds in per_pass.items()],
        ),
        "",
    ]


def _scaleout_section(scaleout: dict[str, Any]) -> list[str]:
    languages = ", ".join(scaleout["languages"])
    rows = [
        [name, build["jobs"], _seconds(build["seconds"]), _seconds(build["cpu_seconds"]), build["load_before"]]
        for name in ("sequential", "parallel")
        for build in scaleout["builds"][name]
    ]
    return [
        "## Scale out: languages side by side",
        "",
        f"The site of {scaleout['n']} policies in {len(scaleout['languages'])} languages ({languages}), built "
        f"cold by `python -m sphinx_policy.site` on {scaleout['cores']} cores: languages one after another "
        f"(`--jobs 1`) took {_seconds(scaleout['sequential_seconds'])}, side by side (`--jobs "
        f"{len(scaleout['languages'])}`) {_seconds(scaleout['parallel_seconds'])}, a speed-up of "
        f"{scaleout['speedup']:.2f} (median of {scaleout['runs']} run(s) each). Languages built on separate "
        "machines (`--language`, then `--assemble`) take about one language's share each.",
        "",
        _table(["Run", "--jobs", "Wall", "CPU", "Load before"], rows),
        "",
    ]
