"""axe-core finds no accessibility violation on any page, in the light or the dark palette.

axe is the copy bundled with axe-playwright-python, injected into the page: no CDN. Both
palettes of a page are checked at once, in two browser contexts.
"""

from contextlib import ExitStack

import pytest
from axe_playwright_python.base import AXE_SCRIPT, AxeResults

from browser_support import PALETTES, open_page, source_pages
from site_build import ROOT

START = "() => { window.__axeRun = axe.run(document, {resultTypes: ['violations']}); }"


@pytest.mark.parametrize("path", source_pages(ROOT / "docs"))
def test_no_axe_violations_in_either_palette(browser, site_url, path):
    with ExitStack() as stack:
        pages = {palette: stack.enter_context(open_page(browser, site_url + path, palette))
                 for palette in PALETTES}
        for page in pages.values():
            page.evaluate(AXE_SCRIPT)
            assert page.evaluate("axe.getRules().length") > 50, "axe did not load its rules"
            page.evaluate(START)
        results = {palette: AxeResults(page.evaluate("() => window.__axeRun"))
                   for palette, page in pages.items()}
    failures = [f"[{palette}] {result.generate_report()}" for palette, result in results.items()
                if result.violations_count]
    assert failures == [], "\n".join(failures)
