"""Search that lands (issue 12): a pasted error message finds its section first, a key term
finds its section among the first three.

The error messages are read from the built errors page (every printed `...Error:` or
`...Warning:` block, Keras 3 and Keras 2 tabs alike), each with the section it is printed in;
the key terms come from tests/search_cases.txt. Queries are typed into the site's own search
box in Chromium, so separators, boosts and what the index holds are all tested together.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser_support import search

CASES = Path(__file__).with_name("search_cases.txt")
HEADING = re.compile(r'<h[1-6] id="([^"]+)"')
RESULT = re.compile(r'<div class="result"[^>]*>\s*<div class="highlight"><pre[^>]*>(?:<span></span>)?'
                    r"<code>(.*?)</code></pre>", re.S)
MESSAGE = re.compile(r"^(?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception|Warning): ")


def key_term_cases() -> list:
    rows = [line.split("\t") for line in CASES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert all(len(row) == 2 for row in rows), "rows are query<TAB>page.html#anchor"
    return [(query, target) for query, target in rows]


def error_messages(html: str) -> list[tuple[str, str]]:
    """(each printed error message, whole, and the id of the section that prints it)."""
    found = []
    for match in RESULT.finditer(html):
        text = unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()
        if MESSAGE.match(text):
            sections = HEADING.findall(html[:match.start()])
            found.append((text, sections[-1]))
    return found


PASTE = """(box, text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  box.value = "";
  box.focus();
  box.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                   cancelable: true}));
}"""


def fresh_search(page, query: str, paste: bool = False) -> list[str]:
    """The results of `query` in rank order, after clearing the previous query's results.

    Material groups results by page, each group headed by its page: a head followed by a
    section of that page is a heading, not a result, and is left out.
    """
    page.locator("input.md-search__input").fill("")
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').innerText.includes('matching')")
    if paste:       # as a reader pastes a message: the whole text, line breaks and all
        box = page.locator("input.md-search__input")
        box.evaluate(PASTE, query)
        query = box.input_value()
        assert query, "pasting into the search box left it empty"
    links = [location(url) for url in search(page, query)]
    return [link for link, after in zip(links, links[1:] + [""])
            if "#" in link or not after.startswith(link + "#")]


def location(url: str) -> str:
    parsed = urlparse(url)
    return parsed.path.lstrip("/") + (f"#{parsed.fragment}" if parsed.fragment else "")


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "index.html", wait_until="networkidle")
    yield page
    context.close()


def test_the_errors_page_has_messages_to_search_for(built_site):
    messages = error_messages((built_site / "errors.html").read_text(encoding="utf-8"))
    assert len(messages) >= 10, messages
    assert len({section for _, section in messages}) >= 6


def test_each_error_message_finds_its_section_first(search_page, built_site):
    misses = []
    for message, section in error_messages((built_site / "errors.html").read_text("utf-8")):
        results = fresh_search(search_page, message, paste=True)
        # The section, or the message's own anchor in it (docs/plugins/search_scope.py).
        if not results or not re.fullmatch(rf"errors\.html#{section}(-message-\d+)?", results[0]):
            misses.append((message[:80], section, results[:3]))
    assert not misses, "\n".join(map(str, misses))


@pytest.mark.parametrize("query, target", key_term_cases())
def test_a_key_term_finds_its_section_in_the_first_three(search_page, built_site, query, target):
    page, _, anchor = target.partition("#")
    built = built_site / page
    assert built.is_file(), f"search_cases.txt names {page}, which the build does not have"
    if anchor:
        assert f'id="{anchor}"' in built.read_text(encoding="utf-8"), f"{page} has no #{anchor}"
    results = fresh_search(search_page, query)
    # A page's top (no anchor) is found when the page's sections lead the results.
    first = results[:3] if anchor else [result.partition("#")[0] for result in results[:3]]
    assert target in first, f"{query!r}: {target} not in the first three {results[:5]}"


def test_result_snippets_do_not_run_tab_labels_together(built_site):
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Keras 3Keras 2" not in index and "Keras 2Keras 3" not in index
