"""The built site opened from disk (file://), with no server: pages, links and search work.

Material's offline plugin inlines the search index into a script and turns directory URLs off;
the worker shim it needs is vendored, so nothing is fetched from anywhere but the disk.
"""

from urllib.parse import urlparse

from browser_support import search

ON_DISK = ("file:", "data:", "blob:", "about:")


def test_offline_copy_navigates_and_searches_from_disk(browser, built_site):
    context = browser.new_context()
    requests, errors = [], []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
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
    finally:
        context.close()
    assert [url for url in requests if not url.startswith(ON_DISK)] == []
    assert errors == []
