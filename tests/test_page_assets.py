"""Each page loads only the stylesheets and scripts it uses (docs/plugins/page_assets.py), and
the calculator still starts however a reader reaches it."""

import json
import re
from urllib.parse import urlparse

import pytest

from browser_support import site_pages, watched_page
from site_build import build_hook

CALCULATOR_FILES = re.compile(r"assets/calculator/[\w.]+\.(?:js|css)")
PLUGIN_CSS = ("_mkdocstrings.css", "_markdown_exec_ansi.css", "diagrams.css")


def linked_assets(html: str) -> set[str]:
    return {path.split("/")[-1] for path in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html)}


def test_only_the_calculator_page_loads_the_calculator(built_site):
    for path in site_pages(built_site):
        html = (built_site / path).read_text(encoding="utf-8")
        files = set(CALCULATOR_FILES.findall(html))
        if 'id="lstm-calculator"' in html:
            # One script: as several, instant navigation ran them in the order they arrived.
            script, = [name for name in files if name.endswith(".js")]
            assert re.fullmatch(r"assets/calculator/calculator\.[0-9a-f]{8}\.min\.js", script)
            assert files == {"assets/calculator/calculator.css", script}, path
        else:
            assert files == set(), path


def test_plugin_stylesheets_only_where_used(built_site):
    reference = (built_site / "reference.html").read_text(encoding="utf-8")
    assert "_mkdocstrings.css" in linked_assets(reference)
    for path in [*site_pages(built_site), "404.html"]:
        html = (built_site / path).read_text(encoding="utf-8")
        article = html[html.find("<article"):html.find("</article>")]
        used = {"_mkdocstrings.css": 'class="doc' in article,
                "_markdown_exec_ansi.css": "-Color-" in article,
                "diagrams.css": re.search(r'class="[^"]*\blstm-(?:diagram|figure)\b', article)
                is not None}
        for css in PLUGIN_CSS:
            assert (css in linked_assets(html)) == used[css], (path, css)


BUNDLE = re.compile(r"(^|/)assets/javascripts/bundle\.\w+\.min\.js$")
# The time of the first frame drawn once the parser has passed the article (the footer comes
# after it), and the time Material's bundle was requested.
FRAME_AFTER_ARTICLE = """new MutationObserver((_, observer) => {
  if (!document.querySelector("footer.md-footer")) return;
  observer.disconnect();
  requestAnimationFrame(() => { window.articleFrame = performance.now(); });
}).observe(document, { childList: true, subtree: true });"""
DRAWN_AND_REQUESTED = """() => [window.articleFrame, (performance.getEntriesByType("resource")
  .find((entry) => /\\/bundle\\.\\w+\\.min\\.js$/.test(entry.name)) || {}).startTime]"""


def test_materials_script_and_the_worker_shim_start_after_the_first_paint(built_site):
    for path in ["index.html", "calculator.html", "404.html"]:
        html = (built_site / path).read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        assert "iframe-worker-shim.js" not in head, path
        # No script element of theirs for the parser to run before the page is drawn: one
        # line adds them after the next frame, the shim before Material's bundle.
        scripts = re.findall(r'<script src="([^"]+)"', html)
        assert not any(BUNDLE.search(src) or src.endswith("iframe-worker-shim.js")
                       for src in scripts), path
        started = re.findall(r'requestAnimationFrame\(.*?(\[[^\]]*\])\.forEach', html)
        assert len(started) == 1, path
        sources = json.loads(started[0])
        assert len(sources) == 2, path
        assert sources[0].endswith("assets/javascripts/iframe-worker-shim.js"), path
        assert BUNDLE.search(sources[1]), path


def test_materials_script_is_requested_after_the_page_is_drawn_and_starts(
        browser, site_url):
    with watched_page(browser) as watched:
        page = watched.page
        page.context.add_init_script(FRAME_AFTER_ARTICLE)
        page.goto(site_url + "index.html", wait_until="networkidle")
        # Not even requested before the browser drew the article (a deferred script is asked
        # for by the preload scanner while the parser runs, and ran before that frame when
        # already there): Material's bundle is asked for once the page has been drawn.
        drawn, requested = page.evaluate(DRAWN_AND_REQUESTED)
        assert drawn is not None and requested is not None
        assert requested >= drawn, (drawn, requested)
        # Material started as it would have from DOMContentLoaded: its palette set the
        # theme-color meta (at its start), the code blocks have their copy button (once it
        # had the document), and document$ holds the document.
        page.wait_for_selector(".md-code__button", state="attached", timeout=5000)
        assert page.evaluate("document.querySelector('meta[name=theme-color]').content")[0] == "#"
        assert page.evaluate("new Promise(r => window.document$.subscribe(d => r(d === document)))")
    assert watched.errors == []


def test_the_calculator_starts_after_instant_navigation_from_another_page(browser, site_url):
    with watched_page(browser) as watched:
        page = watched.page
        page.goto(site_url + "index.html", wait_until="networkidle")
        requested = {urlparse(url).path for url in watched.requests}
        assert not any("/assets/calculator/" in path for path in requested)
        page.locator("nav.md-nav--primary a.md-nav__link[href$='calculator.html']").first.click()
        page.wait_for_url("**/calculator.html")
        page.wait_for_selector("#lstm-calculator[data-ready=true]", timeout=15000)
        assert page.evaluate("typeof window.lstmCalculator.setState") == "function"
        # Its stylesheet applies: the custom property it sets on the calculator is there.
        assert page.evaluate("getComputedStyle(document.querySelector('.lstm-calc'))"
                             ".getPropertyValue('--calc-message').trim()") != ""
        assert page.evaluate("document.querySelectorAll('link[href$=\"calculator.css\"]').length") == 1
    assert watched.errors == []


# Records, when the parser inserts the article, the body's palette and the palette buttons shown:
# whatever is painted with the article is painted so.
AT_ARTICLE = """new MutationObserver((_, observer) => {
  if (!document.querySelector("article")) return;
  const shown = [...document.querySelectorAll("[data-md-component=palette] label")]
    .filter((label) => !label.hidden).map((label) => label.title);
  window.atArticle = { scheme: document.body.dataset.mdColorScheme, shown };
  observer.disconnect();
}).observe(document, { childList: true, subtree: true });"""


@pytest.mark.parametrize("preference, scheme, button", [
    ("dark", "slate", "Switch to the light palette"),
    ("light", "default", "Switch to the dark palette")])
def test_the_first_paint_has_the_readers_palette_before_material_starts(
        browser, site_url, preference, scheme, button):
    context = browser.new_context(color_scheme=preference)
    try:
        context.add_init_script(AT_ARTICLE)
        page = context.new_page()
        page.goto(site_url + "index.html", wait_until="networkidle")
        # A first visit (nothing stored): the system's preference, and its switch.
        assert page.evaluate("window.atArticle") == {"scheme": scheme, "shown": [button]}
        # A choice made on the switch is what the next page is first painted with.
        page.locator("[data-md-component=palette] label:not([hidden])").click()
        page.wait_for_function("s => document.body.dataset.mdColorScheme !== s", arg=scheme)
        chosen = page.evaluate("document.body.dataset.mdColorScheme")
        page.goto(site_url + "shapes.html", wait_until="networkidle")
        assert page.evaluate("window.atArticle")["scheme"] == chosen != scheme
    finally:
        context.close()


# Stands in for Material's bundle: document$ and its DOMContentLoaded listener, as Material's
# watchDocument has them, counting what it is handed.
FAKE_MATERIAL = """window.handed = 0;
window.document$ = { next: function () { window.handed += 1; } };
document.addEventListener("DOMContentLoaded", function () { window.document$.next(document); },
                          { once: true });"""


@pytest.mark.parametrize("deferred_delay", [0.0, 1.5])
def test_material_is_handed_the_document_exactly_once(browser, tmp_path, deferred_delay):
    """Whether DOMContentLoaded passes before Material runs (its listener then misses it) or
    after (a deferred script, slow to arrive, holds it back): one hand-over, never two."""
    import http.server
    import time

    from browser_support import serve_directory

    page_assets = build_hook("page_assets")
    page = ('<html class="no-js"><head></head><body><p>Text</p>'
            '<script src="deferred.js" defer></script>'
            '<script src="assets/javascripts/bundle.0000.min.js"></script></body></html>')
    (tmp_path / "index.html").write_text(page_assets.theme_scripts_after_first_paint(page, []))
    (tmp_path / "deferred.js").write_text("window.deferredRan = true;")
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.0000.min.js").write_text(FAKE_MATERIAL)

    class SlowDeferred(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            if self.path.endswith("deferred.js"):
                time.sleep(deferred_delay)
            super().do_GET()

        def log_message(self, format, *args):  # noqa: A002 - the base class's signature
            pass

    with serve_directory(tmp_path, SlowDeferred) as url:
        context = browser.new_context()
        try:
            tab = context.new_page()
            tab.goto(url, wait_until="load")
            tab.wait_for_function("window.deferredRan === true && window.handed >= 1")
            tab.wait_for_timeout(300)   # a second hand-over would come in a later task
            assert tab.evaluate("window.handed") == 1
        finally:
            context.close()
