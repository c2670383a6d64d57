"""Lighthouse scores of a page: npm's lighthouse, as package-lock.json pins it, on Chromium."""

from __future__ import annotations

import json
import os
import statistics
import subprocess

from . import ROOT

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")


def lighthouse_scores(url: str, chromium: str) -> dict[str, int]:
    """Scores out of 100 per category, Lighthouse's default (mobile, simulated throttling)."""
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise RuntimeError("Lighthouse is not installed: run `make bench` (it runs `npm ci`)")
    result = subprocess.run(
        [str(binary), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        env=dict(os.environ, CHROME_PATH=chromium), capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout)
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def median_scores(url: str, chromium: str, runs: int = 3) -> dict[str, int]:
    """Median scores of a few runs: one run's performance score varies by a point or two."""
    results = [lighthouse_scores(url, chromium) for _ in range(runs)]
    return {name: round(statistics.median(r[name] for r in results)) for name in CATEGORIES}
