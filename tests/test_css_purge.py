"""Material's stylesheets cut to what the site uses (docs/plugins/css_purge.py) style every
element exactly as the whole stylesheets do.

Each page is opened twice in Chromium: as built, and with the browser given Material's
original main and palette stylesheets (from the installed theme) in place of the cut ones.
Every element's computed style (but the custom properties nothing reads, which the cut drops:
any that is read shows in the properties that read it), and its ::before and ::after, must be
the same in both, on a
phone and on a wide screen, in both palettes, with the search open and showing results and the
navigation drawer open on the phone.
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from browser_support import PALETTES

ORIGINALS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
PAGES = ["index.html", "calculator.html", "notebook.html", "reference.html", "errors.html",
         "keras-2-vs-3.html", "404.html"]
CUT = re.compile(r"/assets/stylesheets/(main|palette)\.[0-9a-f]{8}\.min\.css$")

STYLES = """() => {
  const out = [];
  const all = [document.documentElement, ...document.body.querySelectorAll('*')];
  all.forEach((el, i) => {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      if (pseudo && style.content === 'none') continue;
      const values = [];
      for (let k = 0; k < style.length; k++) {
        const name = style[k];
        // Custom properties nothing reads are what the cut removes; what they would set is
        // compared through the properties that read them.
        if (name.startsWith('--') || name.startsWith('transition') || name.startsWith('animation')) continue;
        values.push(name + ':' + style.getPropertyValue(name));
      }
      const path = el.tagName + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined ? '.' + el.className : '');
      out.push([i + ' ' + path + (pseudo || ''), values.join(';')]);
    }
  });
  return out;
}"""


def original(name: str) -> bytes:
    found = sorted(ORIGINALS.glob(f"{name}.*.min.css"))
    assert len(found) == 1, found
    return found[0].read_bytes()


def styles(browser, url: str, palette: str, width: int, action: str, whole: bool) -> list:
    context = browser.new_context(color_scheme=palette, reduced_motion="reduce",
                                  viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        if whole:
            page.route(CUT, lambda route: route.fulfill(
                body=original(CUT.search(route.request.url).group(1)), content_type="text/css"))
        page.goto(url, wait_until="networkidle")
        page.wait_for_function("s => document.body.dataset.mdColorScheme === s",
                               arg=PALETTES[palette], timeout=5000)
        if action == "search":
            page.keyboard.press("s")                       # Material's search shortcut
            page.wait_for_selector(".md-search__input:focus", timeout=5000)
            page.keyboard.type("units")
            page.wait_for_selector(".md-search-result__item", timeout=10000)
        elif action == "drawer":
            page.locator("label.md-header__button[for=__drawer]").click()
        page.wait_for_timeout(300)
        return page.evaluate(STYLES)
    finally:
        context.close()


def test_the_cut_stylesheets_replace_materials_own(built_site):
    names = {path.name for path in (built_site / "assets" / "stylesheets").glob("*.css")}
    assert {name.split(".")[0] for name in names} == {"main", "palette"}
    for name in names:
        assert CUT.search("/assets/stylesheets/" + name), name
        cut = (built_site / "assets" / "stylesheets" / name).stat().st_size
        assert cut < 0.8 * len(original(name.split(".")[0])), (name, "barely cut")


@pytest.mark.parametrize("path", PAGES)
def test_every_element_styled_as_with_materials_whole_stylesheets(browser, site_url, path):
    cases = [(palette, width, action) for palette in ("light", "dark") for width in (390, 1280)
             for action in ("read", "search", "drawer") if not (action == "drawer" and width > 600)]
    for palette, width, action in cases:
        cut = styles(browser, site_url + path, palette, width, action, whole=False)
        whole = styles(browser, site_url + path, palette, width, action, whole=True)
        assert [name for name, _ in cut] == [name for name, _ in whole], (path, palette, width, action)
        differing = [(name, sorted(set(a.split(";")) ^ set(b.split(";")))[:6])
                     for (name, a), (_, b) in zip(cut, whole) if a != b]
        assert differing == [], (path, palette, width, action, differing[:5])
