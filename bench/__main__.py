"""Print the benchmark: build times, page weights, Lighthouse scores, each against its target."""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from browser_support import CHROMIUM_ARGS, chromium_path, page_path, serve_directory, site_pages

from . import ROOT
from .build_time import cold_build, serve_rebuild
from .cli_time import cli_table, measure as measure_cli
from .gzip_server import GzipHandler
from .lighthouse import CATEGORIES, median_scores
from .page_weight import KINDS, shared_paths, weigh

COLD_BUILD_S, REBUILD_S = 60, 5
PAGE_KB, NOTEBOOK_KB = 120, 60
LIGHTHOUSE = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
TOUCHED = ROOT / "docs" / "index.md"


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISS"


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def build_table(cold: float, rebuild: float, dirty: float) -> None:
    print(f"\n## Build (targets: cold <= {COLD_BUILD_S} s, one-page rebuild <= {REBUILD_S} s)\n")
    print("| measure | seconds | target |\n|---|---:|---|")
    print(f"| cold `mkdocs build --strict`, fresh process | {cold:.1f} | "
          f"{verdict(cold <= COLD_BUILD_S)} |")
    touched = TOUCHED.relative_to(ROOT)
    print(f"| touch {touched} under `make serve` (every page re-rendered) | {rebuild:.1f} | "
          f"{verdict(rebuild <= REBUILD_S)} |")
    print(f"| touch {touched} under `mkdocs serve --dirty --no-strict` (that page only) | "
          f"{dirty:.1f} | "
          f"{verdict(dirty <= REBUILD_S)} |")


def weight_table(weights, notebooks: set[str]) -> None:
    shared = shared_paths(weights)
    print(f"\n## First visit, empty cache, KB gzipped (targets: page <= {PAGE_KB}, "
          f"notebook <= {NOTEBOOK_KB})\n")
    print("| page | " + " | ".join(KINDS) + " | total | requests | own | target |")
    print("|---|" + "---:|" * (len(KINDS) + 3) + "---|")
    for weight in weights:
        limit = NOTEBOOK_KB if weight.path in notebooks else PAGE_KB
        cells = " | ".join(kb(weight.kinds[name]) for name in KINDS)
        print(f"| {weight.path} | {cells} | {kb(weight.total)} | {weight.requests} | "
              f"{kb(weight.own(shared))} | {verdict(weight.total <= limit * 1024)} |")
    common = weights[0].total - weights[0].own(shared)
    print(f"\nEvery page loads the same {len(shared)} files ({kb(common)} KB: theme, "
          "scripts, styles, search index); `own` is the rest: the page and what only it needs.\n"
          "svg: SVG inline in the page (diagrams, icons), compressed apart from the rest of the "
          "HTML. other: mostly the search index.\ntotal: each response gzipped on its own, "
          "exactly; the kinds need not add up to it.")


def lighthouse_table(scores: dict[str, dict[str, int]]) -> None:
    targets = " / ".join(map(str, LIGHTHOUSE.values()))
    print(f"\n## Lighthouse, mobile, median of 3 runs (targets: {targets})\n")
    print("| page | " + " | ".join(CATEGORIES) + " | target |")
    print("|---|" + "---:|" * len(CATEGORIES) + "---|")
    for path, score in scores.items():
        met = all(score[name] >= LIGHTHOUSE[name] for name in CATEGORIES)
        cells = " | ".join(str(score[name]) for name in CATEGORIES)
        print(f"| {path} | {cells} | {verdict(met)} |")


def main() -> None:
    docs = ROOT / "docs"
    notebooks = {page_path(path, docs) for path in docs.rglob("*.ipynb")}
    chromium = chromium_path()
    print("Command line...", flush=True)  # first, before the builds load the machine
    cli = measure_cli()
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        print("Cold build...", flush=True)
        cold = cold_build(site)
        print("Rebuilds under mkdocs serve...", flush=True)
        rebuild = serve_rebuild(TOUCHED)
        # A dirty build warns that navigation may be stale, which strict mode would abort on.
        dirty = serve_rebuild(TOUCHED, "--dirty", "--no-strict")
        print("Page weights...", flush=True)
        with sync_playwright() as playwright, serve_directory(site) as url:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                                 args=CHROMIUM_ARGS)
            weights = [weigh(browser, url, path) for path in site_pages(site)]
            browser.close()
        heaviest = max(weights, key=lambda weight: weight.total)
        print("Lighthouse...", flush=True)
        with serve_directory(site, GzipHandler) as url:
            scores = {path: median_scores(url + path, chromium)
                      for path in dict.fromkeys(["index.html", heaviest.path])}
    build_table(cold, rebuild, dirty)
    weight_table(weights, notebooks)
    lighthouse_table(scores)
    cli_table(cli)


if __name__ == "__main__":
    main()
