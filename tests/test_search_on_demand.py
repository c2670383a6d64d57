"""Material's search worker loads when a reader first searches, not on every page
(docs/plugins/search_on_demand.py): a first visit fetches a stand-in of under 2 KB instead of
Material's 12 KB worker, and search answers exactly as Material's own worker does.

Search itself is tested through the stand-in by test_search.py, test_search_ranking.py and
test_offline.py (file://); here: that no page starts Material's worker before a search, and
that the stand-in's answers are those of Material's worker named in the page directly.
"""

from __future__ import annotations

import gzip
import json
import re
from urllib.parse import urlparse

import pytest

from browser_support import search, site_pages, watched_page

CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
WORKERS = "assets/javascripts/workers/"
MATERIAL_WORKER = re.compile(r"search\.[0-9a-f]{8}\.min\.js")
STAND_IN = re.compile(r"search-on-demand\.[0-9a-f]{8}\.js")
QUERIES = ["units", "timesteps", "return_sequences=True", "expected ndim=3, found ndim=2",
           "xylophonist"]


def configured_worker(html: str) -> str:
    """The search worker's address in a page's configuration (Material's `#__config`)."""
    return json.loads(CONFIG.search(html).group(1))["search"]


def worker_names(requests: list[str]) -> list[str]:
    return [urlparse(url).path.rsplit("/", 1)[-1] for url in requests if f"/{WORKERS}" in url]


@pytest.fixture(scope="module")
def workers(built_site) -> tuple[str, str]:
    """(Material's worker, the stand-in): the file names in the built site."""
    names = [path.name for path in (built_site / WORKERS).iterdir()]
    material = [name for name in names if MATERIAL_WORKER.fullmatch(name)]
    stand_in = [name for name in names if STAND_IN.fullmatch(name)]
    assert len(material) == 1 and len(stand_in) == 1, names
    return material[0], stand_in[0]


def test_every_page_names_the_stand_in_which_names_materials_worker(built_site, workers):
    material, stand_in = workers
    for path in [*site_pages(built_site), "404.html"]:
        worker = configured_worker((built_site / path).read_text(encoding="utf-8"))
        assert worker.endswith(WORKERS + stand_in), (path, worker)
    script = (built_site / WORKERS / stand_in).read_bytes()
    assert f'"{material}"'.encode() in script
    assert len(gzip.compress(script)) < 2048


def test_a_first_visit_loads_materials_worker_only_when_the_reader_searches(
        browser, site_url, workers):
    material, stand_in = workers
    with watched_page(browser) as watched:
        page = watched.page
        page.goto(site_url + "shapes.html", wait_until="networkidle")
        page.wait_for_timeout(500)
        # Material starts at the reader's first input (docs/plugins/page_assets.py), and asks
        # for the stand-in; the click into the search box is that input here.
        assert worker_names(watched.requests) == []
        page.locator("input.md-search__input").click()
        # The index arrives ("Initializing search" until then); the worker has not been asked for.
        page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for()
        assert worker_names(watched.requests) == [stand_in]
        assert search(page, "units")
        assert worker_names(watched.requests) == [stand_in, material]
    assert watched.errors == []


def test_a_search_link_with_a_query_shows_its_results(browser, site_url):
    """Material's deep link `?q=`: the query is sent as search becomes ready."""
    with watched_page(browser) as watched:
        page = watched.page
        page.goto(site_url + "index.html?q=timesteps", wait_until="networkidle")
        page.locator(".md-search-result__meta").filter(has_text="matching").wait_for()
        assert page.locator("a.md-search-result__link").count() > 0
    assert watched.errors == []


def results(browser, url: str, query: str, worker: tuple[str, str] | None = None) -> list[str]:
    """The result links of `query` on a fresh page; with `worker` = (stand-in, Material's), the
    page's configuration is changed on its way to name Material's worker instead."""
    context = browser.new_context()
    try:
        page = context.new_page()
        if worker is not None:
            def named_directly(route):
                response = route.fetch()
                body = response.text()
                assert worker[0] in body
                route.fulfill(response=response, body=body.replace(worker[0], worker[1]))
            page.route("**/*.html", named_directly)
        page.goto(url, wait_until="networkidle")
        return search(page, query)
    finally:
        context.close()


@pytest.mark.parametrize("query", QUERIES)
def test_the_results_are_those_of_materials_worker(browser, site_url, workers, query):
    material, stand_in = workers
    url = site_url + "index.html"
    assert results(browser, url, query) == results(browser, url, query, (stand_in, material))
