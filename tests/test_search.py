"""The site's search finds the pages about units and about timesteps.

A page is "about" a term when its title or a section heading names it; that is read from the
built HTML, independently of the search index the browser queries.
"""

import json
import re
from html import unescape
from urllib.parse import urlparse

import pytest

from browser_support import search, site_pages

HEADING = re.compile(r"<h([1-3])[^>]*>(.*?)</h\1>", re.S)


def headings(html: str) -> list[str]:
    article = html[html.index("<article"):html.index("</article>")]
    return [unescape(re.sub(r"<[^>]+>", "", text)) for _, text in HEADING.findall(article)]


def pages_about(site, term: str) -> set[str]:
    word = re.compile(rf"\b{re.escape(term)}\b", re.I)
    return {path for path in site_pages(site)
            if any(word.search(h) for h in headings((site / path).read_text(encoding="utf-8")))}


@pytest.mark.parametrize("term", ["units", "timesteps"])
def test_search_finds_the_pages_about(page, site_url, built_site, term):
    expected = pages_about(built_site, term)
    assert expected, f"no page has a heading about {term!r}"
    page.goto(site_url + "index.html", wait_until="networkidle")
    found = {urlparse(url).path.lstrip("/") for url in search(page, term)}
    assert expected <= found, f"search for {term!r} misses {sorted(expected - found)}"


def test_search_finds_nothing_for_a_word_no_page_has(page, site_url):
    page.goto(site_url + "index.html", wait_until="networkidle")
    assert search(page, "xylophonist") == []
    assert page.locator(".md-search-result__meta").inner_text() == "No matching documents"


def test_the_index_holds_prose_but_not_code_blocks(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [doc["text"] for doc in index["docs"]]
    assert len(texts) > 20 and sum(map(len, texts)) > 10_000
    # Code blocks stay out; error messages come in as entries of their own, one block each.
    listings = [text for text in texts if "<pre" in text
                and not re.fullmatch(r"<p>[^<]*</p><pre><code>(?:[\w.]+\.)?[A-Z]\w*"
                                     r"(?:Error|Exception|Warning):[^<]*</code></pre>", text, re.S)]
    assert listings == []
    assert sum(doc["location"].startswith("errors.html#") and "-message-" in doc["location"]
               for doc in index["docs"]) >= 10
    assert "<pre" in (built_site / "index.html").read_text(encoding="utf-8")
