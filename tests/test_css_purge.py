"""Material's stylesheets cut to what the site uses (docs/plugins/css_purge.py) style every
page exactly as the whole stylesheets do.

The cut keeps Material's rules in their order and drops rules (and selectors of a rule) whose
selector names a class, id, tag or attribute that no built page or script holds, and custom
properties nothing reads. So a page is styled as before as long as none of the dropped
selectors matches an element of it, in any state a reader can bring it to. That is what this
checks, in Chromium, on pages that between them hold every kind of content the site has: each
page is taken through ten states (light and dark palette at 390 and 1280 px as it loads; the
navigation drawer open on the phone, both palettes; search open and showing results, at both
widths and in both palettes), and in each no dropped selector may match. A selector is made
more general before it is tried: its :not(...) parts, pseudo-elements and the pseudo-classes of
a moment (:hover, :focus, :checked, :target...) go, so `.md-nav__link:hover::before` is tried as
`.md-nav__link`: a rule that would apply on hover is caught without hovering.

(An earlier test compared every element's computed style with both stylesheets: 13 minutes on
2 cores for the same pages and states. It also failed on the 404 page for a reason of its own:
that page links everything under site_url's path, which the local server does not have, so it
compared Material's stylesheets with none. Here that path is served from the built site.)
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import material
import pytest
import tinycss2

from browser_support import PALETTES

ROOT = Path(__file__).resolve().parent.parent
ORIGINALS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
PAGES = ["index.html", "shapes.html", "calculator.html", "notebook.html", "reference.html",
         "errors.html", "keras-2-vs-3.html", "404.html"]
CUT = re.compile(r"/assets/stylesheets/(main|palette)\.[0-9a-f]{8}\.min\.css$")
SITE_PATH = urlparse(re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(
    encoding="utf-8"), re.M).group(1)).path
GROUPING = ("media", "supports", "layer", "container")
# Pseudo-classes that say where an element is, not what state it is in: kept in a selector.
STRUCTURAL = {"root", "empty", "first-child", "last-child", "only-child", "first-of-type",
              "last-of-type", "only-of-type", "nth-child", "nth-last-child", "nth-of-type",
              "nth-last-of-type", "is", "where", "has"}

# The dropped selectors that match an element of the page (or that the browser cannot read).
MATCHING = """selectors => selectors.filter(selector => {
  try { return document.querySelector(selector) !== null; } catch (error) { return true; }
})"""
# Material picks the palette of the reader's preference as the page loads, and later only when
# the reader chooses one: choose it the way its toggle does.
CHOOSE = """scheme => [...document.querySelectorAll('input[name=__palette]')]
  .find(input => input.dataset.mdColorScheme === scheme).click()"""


def selectors(css: str) -> set[str]:
    """Every selector of every rule in `css`, inside @media and @supports blocks too."""
    found = set()

    def walk(rules):
        for rule in rules:
            if rule.type == "qualified-rule":
                current = []
                for token in [*rule.prelude, None]:
                    if token is None or (token.type == "literal" and token.value == ","):
                        found.add(tinycss2.serialize(current).strip())
                        current = []
                    else:
                        current.append(token)
            elif rule.type == "at-rule" and rule.content and rule.lower_at_keyword in GROUPING:
                walk(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                              skip_whitespace=True))

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return found


def general(selector: str) -> str:
    """`selector` without what only narrows it: :not(...), pseudo-elements, and pseudo-classes
    of a moment.

    >>> general(".md-nav__link:not(.md-tag):hover::before")
    '.md-nav__link'
    >>> general(".md-typeset .tabbed-set>input:first-child:checked~.tabbed-labels>:first-child")
    '.md-typeset .tabbed-set>input:first-child~.tabbed-labels>:first-child'
    >>> general("::-webkit-scrollbar"), general(".a>:focus"), general(".a>:hover~.b")
    ('*', '.a>*', '.a>*~.b')
    """
    tokens = tinycss2.parse_component_value_list(selector)
    kept = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "literal" and token.value == ":":
            colons = 1
            while tokens[i + colons].type == "literal" and tokens[i + colons].value == ":":
                colons += 1
            name = tokens[i + colons]
            keep = colons == 1 and (name.lower_value if name.type == "ident" else
                                    getattr(name, "lower_name", "")) in STRUCTURAL
            if keep:
                kept += tokens[i:i + colons + 1]
            i += colons + 1
            continue
        kept.append(token)
        i += 1
    text = tinycss2.serialize(kept).strip()
    if not text or text[-1] in ">+~ ":
        text = (text + "*").strip()
    return re.sub(r"(^|[>+~]\s*)(?=[>+~])", r"\1*", text)


def original(name: str) -> bytes:
    found = sorted(ORIGINALS.glob(f"{name}.*.min.css"))
    assert len(found) == 1, found
    return found[0].read_bytes()


@pytest.fixture(scope="module")
def dropped(built_site) -> list[str]:
    """The selectors of Material's stylesheets that the cut ones no longer hold, generalized."""
    folder = built_site / "assets" / "stylesheets"
    whole = selectors(original("main").decode()) | selectors(original("palette").decode())
    cut = set().union(*(selectors(path.read_text(encoding="utf-8"))
                        for path in folder.glob("*.css")))
    assert cut < whole
    return sorted({general(selector) for selector in whole - cut})


@contextmanager
def opened(browser, url: str, site: Path):
    """The page at `url` on a phone in the light palette."""
    context = browser.new_context(color_scheme="light", reduced_motion="reduce",
                                  viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.route(lambda url: urlparse(url).path.startswith(SITE_PATH),
                   lambda route: route.fulfill(
                       path=site / urlparse(route.request.url).path[len(SITE_PATH):]))
        page.goto(url, wait_until="networkidle")
        yield page
    finally:
        context.close()


def set_state(page, width: int, palette: str) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate(CHOOSE, PALETTES[palette])
    page.wait_for_function("s => document.body.dataset.mdColorScheme === s",
                           arg=PALETTES[palette], timeout=5000)


def test_the_cut_stylesheets_replace_materials_own(built_site):
    names = {path.name for path in (built_site / "assets" / "stylesheets").glob("*.css")}
    assert {name.split(".")[0] for name in names} == {"main", "palette"}
    for name in names:
        assert CUT.search("/assets/stylesheets/" + name), name
        cut = (built_site / "assets" / "stylesheets" / name).stat().st_size
        assert cut < 0.8 * len(original(name.split(".")[0])), (name, "barely cut")


def test_no_dropped_selector_is_unreadable_or_matches_every_page(browser, site_url, dropped):
    assert "*" not in dropped and len(dropped) > 100
    with opened(browser, site_url + "index.html", Path()) as page:
        unreadable = page.evaluate("""selectors => selectors.filter(selector => {
          try { document.querySelector(selector); return false; } catch (error) { return true; }
        })""", dropped)
    assert unreadable == []


@pytest.mark.parametrize("path", PAGES)
def test_no_rule_the_cut_dropped_applies_to_the_page(browser, site_url, built_site, dropped,
                                                     path):
    found = {}
    with opened(browser, site_url + path, built_site) as page:
        for width in (390, 1280):
            for palette in ("light", "dark"):
                set_state(page, width, palette)
                found[width, palette, "reading"] = page.evaluate(MATCHING, dropped)
        set_state(page, 390, "light")
        page.locator("label.md-header__button[for=__drawer]").click()
        for palette in ("light", "dark"):
            set_state(page, 390, palette)
            found[390, palette, "drawer open"] = page.evaluate(MATCHING, dropped)
        page.evaluate("document.getElementById('__drawer').checked = false")
        page.keyboard.press("s")                       # Material's search shortcut
        page.wait_for_selector(".md-search__input:focus", timeout=5000)
        page.keyboard.type("units")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        for width in (390, 1280):
            for palette in ("light", "dark"):
                set_state(page, width, palette)
                found[width, palette, "search results"] = page.evaluate(MATCHING, dropped)
    assert {state: matching for state, matching in found.items() if matching} == {}
