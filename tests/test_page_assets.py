"""Each page loads only the stylesheets and scripts it uses (docs/plugins/page_assets.py), and
the calculator still starts however a reader reaches it."""

import json
import re
import time
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest

from browser_support import (MATERIAL_STARTED, first_input, site_pages, wait_for_material,
                             watched_page)
from site_build import ROOT, build_hook

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
LOADER = re.compile(r'sources=(\[[^\]]*\]);.*?\.concat\(\[("[^"]+")\]\)')
# What Material (and only Material) asks for once it runs: its bundle, the search index, the
# search worker's stand-in, the sitemap (instant navigation).
MATERIALS_REQUESTS = re.compile(r"/bundle\.\w+\.min\.js$|/search_index\.json$|/search-on-demand"
                                r"\.\w+\.js$|/sitemap\.xml$|iframe-worker-shim\.js$")


def test_materials_script_and_the_worker_shim_start_at_the_first_input(built_site):
    for path in ["index.html", "calculator.html", "404.html"]:
        html = (built_site / path).read_text(encoding="utf-8")
        # No script element of theirs for the parser to load: one line adds them, the shim
        # (only on a page opened from disk) before Material's bundle.
        scripts = re.findall(r'<script src="([^"]+)"', html)
        assert not any(BUNDLE.search(src) or src.endswith("iframe-worker-shim.js")
                       for src in scripts), path
        loaders = LOADER.findall(html)
        assert len(loaders) == 1, path
        polyfills, bundle = json.loads(loaders[0][0]), json.loads(loaders[0][1])
        assert [src.rsplit("/", 1)[-1] for src in polyfills] == ["iframe-worker-shim.js"], path
        assert BUNDLE.search(bundle), path


def test_a_reader_who_only_reads_never_loads_material_and_the_first_input_starts_it(
        browser, site_url):
    with watched_page(browser) as watched:
        page = watched.page
        page.goto(site_url + "index.html", wait_until="networkidle")
        page.wait_for_timeout(500)
        assert not [url for url in watched.requests if MATERIALS_REQUESTS.search(url)]
        assert page.evaluate("window.document$") is None
        # The mouse moves: Material starts as it would have from DOMContentLoaded. Its palette
        # set the theme-color meta (at its start), the code blocks have their copy button (once
        # it had the document), and document$ holds the document.
        first_input(page)
        page.wait_for_selector(".md-code__button", state="attached", timeout=10000)
        assert page.evaluate("document.querySelector('meta[name=theme-color]').content")[0] == "#"
        assert page.evaluate("new Promise(r => window.document$.subscribe(d => r(d === document)))")
        page.wait_for_load_state("networkidle")
        asked = {urlparse(url).path for url in watched.requests if MATERIALS_REQUESTS.search(url)}
        # Over HTTP the worker shim is not needed, so not asked for.
        assert not any(path.endswith("iframe-worker-shim.js") for path in asked)
        assert any(BUNDLE.search(path) for path in asked)
    assert watched.errors == []


SCROLLING_STOPPED = """() => new Promise((resolve) => {
  let y = scrollY;
  const timer = setInterval(() => {
    if (scrollY === y) { clearInterval(timer); resolve(); }
    y = scrollY;
  }, 250);
})"""


def swipe_up(page, x: int = 200, top: int = 200, bottom: int = 700) -> None:
    """A finger drawn up the screen, as a phone reader scrolls: touch events, no click."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": bottom}]})
    for y in range(bottom, top, -50):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_phone_reader_who_swipes_never_loads_material_and_a_tap_starts_it(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    requests = []
    try:
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.goto(site_url + "shapes.html", wait_until="networkidle")
        swipe_up(page)
        page.wait_for_function("scrollY > 0")     # the swipe scrolled the page
        page.evaluate(SCROLLING_STOPPED)           # a tap during the fling would only stop it
        assert not [url for url in requests if MATERIALS_REQUESTS.search(url)]
        # A tap (on the header's title, which is no link) is a click: Material starts.
        box = page.locator(".md-header__title").bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_function(MATERIAL_STARTED, timeout=10000)
        assert page.url.endswith("shapes.html")
    finally:
        context.close()


@contextmanager
def material_held_back(browser, preference: str = "light"):
    """A page whose Material bundle arrives 400 ms after it is asked for: what a reader does
    first happens, for certain, before Material runs."""
    context = browser.new_context(color_scheme=preference)
    errors = []

    def slow(route):
        time.sleep(0.4)
        route.continue_()

    try:
        context.route(re.compile(r".*/bundle\.\w+\.min\.js$"), slow)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
        assert errors == []
    finally:
        context.close()


def test_a_palette_switch_clicked_before_material_runs_is_kept(browser, site_url):
    with material_held_back(browser, "light") as page:
        page.goto(site_url + "index.html", wait_until="networkidle")
        page.locator("[data-md-component=palette] label:not([hidden])").click()
        wait_for_material(page)
        page.wait_for_timeout(300)
        # Material started with the stored palette (none: the system's light one); the click
        # replayed after it makes the switch, and Material stores it.
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert page.evaluate('__md_get("__palette").index') == 1


def test_a_content_tab_clicked_before_material_runs_chooses_it_everywhere(browser, site_url):
    with material_held_back(browser) as page:
        page.goto(site_url + "errors.html", wait_until="networkidle")
        label = page.locator(".tabbed-labels > label", has_text="Keras 2").first
        label.click()
        wait_for_material(page)
        page.wait_for_function('(__md_get("__tabs") || [])[0] === "Keras 2"', timeout=5000)
        chosen = page.evaluate("""[...document.querySelectorAll('.tabbed-set')].map((set) =>
          [...set.querySelectorAll(':scope > input')].map((input) =>
            document.querySelector(`label[for="${input.id}"]`).innerText.trim()
              + (input.checked ? '*' : '')))""")
        with_keras_2 = [labels for labels in chosen if "Keras 2" in labels or "Keras 2*" in labels]
        assert len(with_keras_2) > 1
        assert all("Keras 2*" in labels for labels in with_keras_2), chosen


def test_a_shortcut_pressed_before_material_runs_is_kept(browser, site_url):
    with material_held_back(browser) as page:
        page.goto(site_url + "shapes.html", wait_until="networkidle")
        page.keyboard.press("s")   # Material's shortcut to the search box
        page.wait_for_function(MATERIAL_STARTED, timeout=10000)
        page.wait_for_function("document.activeElement.matches('input.md-search__input')",
                               timeout=5000)


def test_a_browser_shortcut_pressed_before_material_runs_is_not_taken_for_materials(
        browser, site_url):
    """Ctrl+F is the browser's find, not Material's "f" (search): the replay keeps Ctrl."""
    with material_held_back(browser) as page:
        page.goto(site_url + "shapes.html", wait_until="networkidle")
        page.keyboard.press("Control+f")
        page.wait_for_function(MATERIAL_STARTED, timeout=10000)
        page.wait_for_timeout(300)
        assert not page.evaluate("document.activeElement.matches('input.md-search__input')")


def test_an_address_that_names_a_content_tab_starts_material_and_opens_it(browser, site_url,
                                                                          built_site):
    html = (built_site / "errors.html").read_text(encoding="utf-8")
    second = re.findall(r'<input id="(__tabbed_\d+_2)"', html)[0]
    with watched_page(browser) as watched:
        page = watched.page
        page.goto(site_url + f"errors.html#{second}", wait_until="networkidle")
        page.wait_for_function(MATERIAL_STARTED, timeout=10000)
        page.wait_for_function(f"document.getElementById('{second}').checked", timeout=5000)
        # A malformed address is no error either.
        page.goto(site_url + "index.html#%E0%A4%A", wait_until="networkidle")
    assert watched.errors == []


def test_the_chosen_content_tab_is_marked_before_material_runs(browser, site_url):
    with material_held_back(browser) as page:
        page.goto(site_url + "errors.html", wait_until="networkidle")
        border = """() => { const set = document.querySelector('.tabbed-set');
          const input = set.querySelector(':scope > input:checked');
          const label = document.querySelector(`label[for="${input.id}"]`);
          return getComputedStyle(label).borderBottomColor; }"""
        assert page.evaluate("window.document$") is None
        assert page.evaluate(border) not in ("rgba(0, 0, 0, 0)", "transparent")
        # Once Material runs, its sliding underline takes over: no second mark.
        wait_for_material(page)
        page.wait_for_selector(".tabbed-labels--linked")
        assert page.evaluate(border) in ("rgba(0, 0, 0, 0)", "transparent")


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

    from browser_support import serve_directory

    page_assets = build_hook("page_assets")
    page = ('<html class="no-js"><head></head><body><p>Text</p>'
            '<script src="deferred.js" defer></script>'
            '<script src="assets/javascripts/bundle.0000.min.js"></script></body></html>')
    (tmp_path / "index.html").write_text(page_assets.theme_scripts_on_first_input(page, []))
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
            # The reader's first input comes once the parser is done: before DOMContentLoaded
            # when the deferred script is held back, after it when not.
            tab.goto(url, wait_until="commit")
            tab.wait_for_function("document.readyState !== 'loading'")
            first_input(tab)
            tab.wait_for_function("window.deferredRan === true && window.handed >= 1")
            tab.wait_for_timeout(300)   # a second hand-over would come in a later task
            assert tab.evaluate("window.handed") == 1
        finally:
            context.close()


def test_our_stylesheets_and_scripts_ship_minified(built_site):
    page_assets = build_hook("page_assets")
    for path in page_assets.MINIFIED:
        source = (ROOT / "docs" / path).read_text(encoding="utf-8")
        shipped = (built_site / path).read_text(encoding="utf-8")
        assert shipped == page_assets.minified(path, source), path
        assert len(shipped) < 0.8 * len(source), path


def test_the_favicon_is_the_headers_logo_in_a_small_svg(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    icon, = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert icon.endswith(".svg")
    svg = (built_site / icon).read_text(encoding="utf-8")
    assert len(svg.encode()) < 1024
    logo = re.search(r'md-logo".*?<svg[^>]*>(.*?)</svg>', html, re.S).group(1)
    assert re.search(r' d="([^"]+)"', logo).group(1) in svg
