"""Runs the passes of every page on a few browsers at once.

Passes are independent (each has a fresh browser context), and most of a pass is
waiting for a page to load and settle, so two or three browsers in parallel cut the
wall time even on two cores.  Each worker thread has its own Playwright and browser,
as Playwright's synchronous API requires.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from .browser import launch
from .passes import BannerSelectors, Collector, PassPlan, PassResult

# A first visit that ends like this means every other pass of the page would too.
PAGE_FAILURES = ("page-timeout", "page-unreachable")


@dataclass(frozen=True)
class Job:
    page: str
    plan: PassPlan
    optional: tuple[str, ...]


@dataclass
class Outcome:
    results: dict[tuple[str, str], PassResult] = field(default_factory=dict)  # (page, pass id) -> result
    browser: str = ""


def run_jobs(
    jobs: list[Job],
    *,
    workers: int,
    resolve: dict[str, str],
    selectors: BannerSelectors,
    page_timeout: float,
    progress: Callable[[PassResult], None],
) -> Outcome:
    """Every job's result; first visits go first, and a page whose first visit failed gets no more passes."""
    outcome = Outcome()
    pending: queue.Queue[Job] = queue.Queue()
    first_visits = [job for job in jobs if job.plan.number == 1]
    for job in first_visits + [job for job in jobs if job.plan.number != 1]:
        pending.put(job)
    first_done = {job.page: threading.Event() for job in first_visits}
    lock = threading.Lock()
    failures: list[BaseException] = []
    stop = threading.Event()

    def work() -> None:
        try:
            with launch(resolve) as browser:
                with lock:
                    outcome.browser = f"{browser.name} {browser.version}"
                collector = Collector(browser.handle, selectors, page_timeout)
                while not stop.is_set():
                    try:
                        job = pending.get_nowait()
                    except queue.Empty:
                        return
                    if job.plan.number != 1 and job.page in first_done:
                        first_done[job.page].wait()
                        first = outcome.results.get((job.page, "first-visit"))
                        if first is not None and first.problem_code in PAGE_FAILURES:
                            continue
                    result = collector.run(job.page, job.plan, list(job.optional))
                    with lock:
                        outcome.results[(job.page, job.plan.id)] = result
                        progress(result)
                    if job.plan.number == 1:
                        first_done[job.page].set()
        except BaseException as error:  # handed to the main thread, which reports it
            with lock:
                failures.append(error)
            stop.set()
            for event in first_done.values():
                event.set()

    threads = [
        threading.Thread(target=work, name=f"sphinx-policy-audit-{number}", daemon=True)
        for number in range(max(1, min(workers, len(jobs))))
    ]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(timeout=0.5)  # a short join keeps Ctrl-C working
    except KeyboardInterrupt:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)  # each closes its browser after the pass it is in
        raise
    if failures:
        raise failures[0]
    return outcome
