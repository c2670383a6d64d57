"""The search index stays within its budget (docs/plugins/search_scope.py explains it): every
page loads it on a first visit. `make bench` prints the figure; this test fails the build of a
change that pushes the index past the budget, so that the choice is made on purpose.
"""

import gzip
import json
import re
from html import unescape

import pytest

from browser_support import site_pages

BUDGET_KB = 40


@pytest.mark.xfail(strict=True, reason="known miss: 54 KB gzipped once five chapters and the error "
                   "messages' entries were merged (2026-11-30); issue 13 stays open until it fits")
def test_the_search_index_fits_its_budget(built_site):
    index = (built_site / "search" / "search_index.json").read_bytes()
    size = len(gzip.compress(index, compresslevel=6, mtime=0))
    assert size <= BUDGET_KB * 1024, f"search index {size / 1024:.1f} KB gzipped"


def test_figures_are_found_by_their_description_not_their_labels(built_site):
    texts = " ".join(doc["text"] for doc in json.loads(
        (built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"])
    descriptions, labels, prose = [], [], []
    for path in site_pages(built_site):
        html = (built_site / path).read_text(encoding="utf-8")
        descriptions += re.findall(r"<desc[^>]*>(.*?)</desc>", html, re.S)
        labels += re.findall(r"<text[^>]*>([^<]{12,})</text>", html)
        prose.append(re.sub(r"<svg\b.*?</svg>", "", html, flags=re.S))
        prose += re.findall(r"<title id=[^>]*>(.*?)</title>", html, re.S)
    assert descriptions and labels
    flat = " ".join(unescape(texts).split())
    for description in descriptions:
        assert " ".join(unescape(description).split())[:60] in flat
    # A label that the prose, or a figure's title or description, also says is found there.
    outside = unescape(" ".join(prose + descriptions))
    leaked = {label for label in map(unescape, labels) if label in flat and label not in outside}
    assert leaked == set()
