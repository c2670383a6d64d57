"""Every anchor in each page's table of contents, and every heading permalink, resolves."""

import pytest

from browser_support import open_page, source_pages
from site_build import ROOT

ANCHORS = """() => {
  const links = [...document.querySelectorAll(
      "nav.md-nav--secondary a.md-nav__link, article a.headerlink")];
  const headings = [...document.querySelectorAll("article :is(h2, h3, h4, h5, h6)[id]")];
  return {
    headings: headings.length,
    toc: document.querySelectorAll("nav.md-nav--secondary a.md-nav__link").length,
    broken: links.map(a => new URL(a.href))
      .filter(url => url.pathname === location.pathname && url.hash)
      .map(url => decodeURIComponent(url.hash.slice(1)))
      .filter(id => !document.getElementById(id)?.matches("h1, h2, h3, h4, h5, h6")),
    elsewhere: links.map(a => a.href).filter(href => new URL(href).pathname !== location.pathname),
  };
}"""


@pytest.mark.parametrize("path", source_pages(ROOT / "docs"))
def test_table_of_contents_anchors_resolve_to_headings(browser, site_url, path):
    with open_page(browser, site_url + path) as page:
        anchors = page.evaluate(ANCHORS)
    if anchors["headings"]:
        assert anchors["toc"] > 0, "the page has section headings but no table of contents"
    assert anchors["elsewhere"] == [], "table of contents links that leave the page"
    assert anchors["broken"] == [], "anchors with no heading of that id"
