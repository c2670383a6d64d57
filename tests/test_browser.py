"""Every page of the built site in headless Chromium: local requests only, no console errors."""

import pytest

from browser_support import is_local, site_pages, source_pages, watched_page
from site_build import ROOT

PAGES = source_pages(ROOT / "docs")


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_locally_without_errors(browser, site_url, path):
    with watched_page(browser) as watched:
        response = watched.page.goto(site_url + path, wait_until="networkidle")
        assert response is not None and response.ok
        assert watched.page.locator("article h1").count() == 1
    assert len(watched.requests) > 1, "the page loaded no assets: is the theme missing?"
    assert [url for url in watched.requests if not is_local(url)] == []
    assert watched.errors == []


def test_every_built_page_is_tested(built_site):
    assert set(site_pages(built_site)) == set(PAGES)


@pytest.mark.parametrize("url, local", [
    ("http://127.0.0.1:8000/index.html", True),
    ("http://localhost:1234/assets/x.js", True),
    ("file:///tmp/site/index.html", True),
    ("data:image/svg+xml,%3Csvg%3E", True),
    ("https://unpkg.com/iframe-worker/shim", False),
    ("https://fonts.gstatic.com/s/roboto.woff2", False),
    ("http://127.0.0.1.example.com/x", False),
    ("wss://example.org/socket", False),
])
def test_only_loopback_and_inline_urls_count_as_local(url, local):
    assert is_local(url) is local
