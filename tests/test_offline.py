"""The built site opened from disk (file://), with no server: pages, links and search work.

Material's offline plugin inlines the search index into a script and turns directory URLs off;
the worker shim it needs is vendored, so nothing is fetched from anywhere but the disk.
"""

from urllib.parse import urlparse

from browser_support import search, watched_page

ON_DISK = ("file:", "data:", "blob:", "about:")


def test_offline_copy_navigates_and_searches_from_disk(browser, built_site):
    with watched_page(browser) as watched:
        page = watched.page
        page.goto((built_site / "index.html").as_uri(), wait_until="load")
        results = search(page, "units")
        assert results and all(url.startswith("file://") for url in results)
        target = urlparse(results[0]).path
        page.locator("a.md-search-result__link").first.click()
        page.wait_for_url(f"file://{target}*")
        assert page.locator("article h1").count() == 1

        link = page.locator("nav.md-nav--primary a.md-nav__link[href$='.html']").last
        href = link.get_attribute("href")
        link.click()
        page.wait_for_load_state("load")
        assert page.url.endswith(href.split("/")[-1]) and page.locator("article h1").count() == 1
    assert [url for url in watched.requests if not url.startswith(ON_DISK)] == []
    assert watched.errors == []
