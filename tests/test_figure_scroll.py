"""A figure wider than its column scrolls sideways in its frame, says so under it and takes a
tab stop (docs/assets/javascripts/accessibility.js), whatever changed the room it has: the
window, or the column alone (the frames are watched with a ResizeObserver, which also spares
the page a layout of its own when it starts)."""

import pytest

from browser_support import open_page

# Each figure on the page: does its shown frame overflow, and do the hint and the tab stop say so?
FIGURES = """() => [...document.querySelectorAll('.lstm-diagram')].map((figure) => {
  const frame = [...figure.querySelectorAll('.lstm-diagram__frame')]
    .find((f) => f.offsetParent !== null);
  return {
    overflows: frame.scrollWidth > frame.clientWidth + 1,
    hint: !figure.querySelector('.lstm-diagram__hint').hidden,
    tabStop: frame.tabIndex === 0 && frame.getAttribute('role') === 'region'
      && frame.getAttribute('aria-label') === 'Figure, scrolls sideways',
  };
})"""

MARKED = f"""() => ({FIGURES})().every((f) => f.hint === f.overflows && f.tabStop === f.overflows)"""


# (page, window width, does a figure scroll there?). At 320 px, a small phone, some figures of
# data.html are wider than the column even in their narrow drawing.
CASES = [("data.html", 320, True), ("data.html", 390, False), ("index.html", 1280, False)]


@pytest.mark.parametrize("path, width, scrolls", CASES)
def test_the_hint_and_tab_stop_mark_exactly_the_figures_that_scroll(browser, site_url, path,
                                                                     width, scrolls):
    with open_page(browser, site_url + path, viewport={"width": width, "height": 900}) as page:
        assert page.evaluate(FIGURES), f"no figure on {path}"
        page.wait_for_function(MARKED, timeout=5000)
        assert any(f["overflows"] for f in page.evaluate(FIGURES)) == scrolls, \
            f"figures of {path} at {width} px: update CASES"


def test_the_hint_follows_the_column_not_only_the_window(browser, site_url):
    with open_page(browser, site_url + "index.html",
                   viewport={"width": 1280, "height": 900}) as page:
        page.wait_for_function(MARKED, timeout=5000)
        first = page.evaluate(FIGURES)[0]
        assert not first["overflows"], "the first figure should fit at 1280 px"
        # The column narrows without the window changing (no resize event).
        page.evaluate("document.querySelector('.lstm-diagram').style.width = '120px'")
        page.wait_for_function(f"() => ({FIGURES})()[0].hint", timeout=5000)
        assert page.evaluate(FIGURES)[0] == {"overflows": True, "hint": True, "tabStop": True}
        page.evaluate("document.querySelector('.lstm-diagram').style.width = ''")
        page.wait_for_function(f"() => !({FIGURES})()[0].hint", timeout=5000)
        assert page.evaluate(FIGURES)[0] == {"overflows": False, "hint": False, "tabStop": False}
