"""Every page of the built site in headless Chromium: local requests only, no console errors."""

from urllib.parse import urlparse

import pytest

from browser_support import site_pages
from site_build import ROOT

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def pages():
    """URL paths of every Markdown page in docs/ (known before the build, for parametrize)."""
    for path in sorted((ROOT / "docs").rglob("*.md")):
        relative = path.relative_to(ROOT / "docs").with_suffix("")
        if relative.parts[0] == "plugins":
            continue
        yield "" if relative.as_posix() == "index" else relative.as_posix() + "/"


@pytest.mark.parametrize("path", list(pages()))
def test_page_loads_locally_without_errors(page, site_url, path):
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(site_url + path, wait_until="networkidle")
    assert response is not None and response.ok
    foreign = [url for url in requests
               if urlparse(url).scheme in ("http", "https")
               and urlparse(url).hostname not in LOCAL_HOSTS]
    assert foreign == []
    assert errors == []


def test_every_built_page_is_tested(built_site):
    assert set(site_pages(built_site)) == set(pages())
