"""Print the benchmark: every figure against its target, section by section, then all together.

To add a figure: write a function that takes the `Run` (the built site and what earlier
sections found) and returns a list of `Figure`s, and add it to SECTIONS. It may print a detail
table of its own; the summary at the end lists every figure with its verdict.
"""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import ROOT
from .figures import Figure, machine, table

COLD_BUILD_S, REBUILD_S = 60, 3
PAGE_KB, NOTEBOOK_KB, SEARCH_INDEX_KB = 100, 60, 40
LIGHTHOUSE = {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100}
TOUCHED = ROOT / "docs" / "index.md"
NOISE = re.compile(r"warn|deprecat|traceback|error", re.IGNORECASE)


@dataclass
class Run:
    site: Path
    found: dict = field(default_factory=dict)     # what a section leaves for later ones


def command_line(run: Run) -> list[Figure]:
    """First, while the machine is quietest: `python -m lstm_ref explain` (bench/cli_time.py)."""
    from .cli_time import cli_table, measure

    print("Command line...", flush=True)
    measured = measure()
    cli_table(measured)
    return [Figure(f"{label}, median wall time", timing.wall_ms, "ms", target, digits=0)
            for label, timing, target in measured.rows]


def build(run: Run) -> list[Figure]:
    from .build_time import cold_build, serve_rebuild

    print("Cold build...", flush=True)
    cold = cold_build(run.site)
    print("Rebuild under `make serve` after a one-page edit...", flush=True)
    log: list[str] = []
    rebuild = serve_rebuild(TOUCHED, log=log)
    noisy = [line for line in log if line.strip() and (
        not line.startswith("INFO ") or NOISE.search(line.replace("errors.md", "")))]
    for line in noisy:
        print(f"  make serve printed: {line.rstrip()}")
    return [Figure("cold `mkdocs build --strict` (every block runs)", cold, "s", COLD_BUILD_S),
            Figure(f"rebuild after editing {TOUCHED.relative_to(ROOT)} under `make serve`",
                   rebuild, "s", REBUILD_S),
            Figure("warning, traceback or stray lines in the `make serve` log", len(noisy), "",
                   0, digits=0)]


def weights(run: Run) -> list[Figure]:
    from .page_weight import print_weights, weigh_site

    print("Page weights...", flush=True)
    weights = weigh_site(run.site)
    print_weights(weights)
    docs = ROOT / "docs"
    notebooks = {path.relative_to(docs).with_suffix(".html").as_posix()
                 for path in docs.rglob("*.ipynb")}
    pages = [weight for weight in weights if weight.path not in notebooks]
    heaviest = max(pages, key=lambda weight: weight.without_index)
    lightest = min(pages, key=lambda weight: weight.without_index)
    run.found["heaviest"] = heaviest.path
    figures = [
        Figure(f"first visit, heaviest page ({heaviest.path}), without the search index",
               heaviest.without_index / 1024, "KB", PAGE_KB),
        Figure(f"first visit, lightest page ({lightest.path}), without the search index",
               lightest.without_index / 1024, "KB"),
    ]
    figures += [Figure(f"first visit, notebook page ({weight.path}), without the search index",
                       weight.without_index / 1024, "KB", NOTEBOOK_KB)
                for weight in weights if weight.path in notebooks]
    # Material's script comes at the reader's first input: what a visit weighs with it.
    most = max(weights, key=lambda weight: weight.after_input)
    figures += [Figure(f"after the first input, heaviest page ({most.path}), without the search "
                       "index", most.after_input / 1024, "KB")]
    figures += [Figure(f"after the first input, notebook page ({weight.path}), without the search "
                       "index", weight.after_input / 1024, "KB")
                for weight in weights if weight.path in notebooks]
    figures.append(Figure("search index, gzipped", weights[0].search_index / 1024, "KB",
                          SEARCH_INDEX_KB))
    return figures


def lighthouse(run: Run) -> list[Figure]:
    from browser_support import chromium_path

    from .gzip_server import GzipHandler
    from .lighthouse import CATEGORIES, median_scores
    from browser_support import serve_directory

    print("Lighthouse (mobile, median of 3)...", flush=True)
    figures = []
    with serve_directory(run.site, GzipHandler) as url:
        for path in dict.fromkeys(["index.html", run.found.get("heaviest", "index.html")]):
            scores = median_scores(url + path, chromium_path())
            figures += [Figure(f"Lighthouse {name}, {path}", scores[name], "",
                               LIGHTHOUSE[name], higher_is_better=True, digits=0)
                        for name in CATEGORIES]
    return figures


SECTIONS = [command_line, build, weights, lighthouse]


def main() -> None:
    print(f"Machine: {machine()}", flush=True)
    started = time.perf_counter()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as scratch:
        run = Run(Path(scratch) / "site")
        for section in SECTIONS:
            figures += section(run)
    print(f"\n## Every figure against its target ({time.strftime('%Y-%m-%d %H:%M %Z')})\n")
    print(table(figures))
    missed = [figure for figure in figures if figure.met is False]
    print(f"\n{len(missed)} of {sum(f.met is not None for f in figures)} targets missed. "
          f"Machine at the end: {machine()}; the bench took "
          f"{time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
