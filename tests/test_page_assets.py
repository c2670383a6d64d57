"""Each page loads only the stylesheets and scripts it uses (docs/plugins/page_assets.py), and
the calculator still starts however a reader reaches it."""

import re
from urllib.parse import urlparse

from browser_support import site_pages, watched_page

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


def test_the_worker_shim_loads_after_the_first_paint_but_before_materials_script(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    assert "iframe-worker-shim.js" not in head
    # Neither holds up the first paint: both deferred, in this order.
    deferred = re.findall(r'<script src="([^"]+)" defer>', html)
    assert any(src.endswith("iframe-worker-shim.js") for src in deferred)
    assert any(re.search(r"(^|/)bundle\.\w+\.min\.js$", src) for src in deferred)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    shim = next(i for i, src in enumerate(scripts) if src.endswith("iframe-worker-shim.js"))
    bundle = next(i for i, src in enumerate(scripts) if re.search(r"(^|/)bundle\.\w+\.min\.js$", src))
    assert shim == bundle - 1


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
