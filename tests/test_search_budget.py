"""What the search index holds (docs/plugins/search_scope.py explains it): every page loads it on
a first visit, so it stays within its budget; and what it leaves out to fit (repeated words,
numbers, figure labels) must not cost a reader a word of the prose. `make bench` prints the
figure; the budget test fails the build of a change that pushes the index past it, so that the
choice is made on purpose.
"""

import gzip
import json
import re
from html import escape, unescape

from browser_support import site_pages

BUDGET_KB = 40


def test_the_search_index_fits_its_budget(built_site):
    index = (built_site / "search" / "search_index.json").read_bytes()
    size = len(gzip.compress(index, compresslevel=6, mtime=0))
    assert size <= BUDGET_KB * 1024, f"search index {size / 1024:.1f} KB gzipped"


def index_words(built_site) -> tuple[dict, set]:
    """The index, and every word it lets a query match (titles, texts, hidden words)."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    found = set()
    for doc in index["docs"]:
        for field in ("title", "text", "words"):
            found.update(words(doc.get(field, ""), separator))
    return index, found


def words(html: str, separator: re.Pattern) -> set[str]:
    """The words Material's search reads in an HTML fragment (lowercased, as it does; the index
    holds text escaped as Python's `html.escape(text, quote=False)` does)."""
    text = escape(unescape(re.sub(r"<[^>]+>", " ", html)), quote=False)
    return {word.lower() for word in separator.split(text) if word}


def test_figures_are_found_by_their_description_not_their_labels(built_site):
    index, found = index_words(built_site)
    separator = re.compile(index["config"]["separator"])
    descriptions, labels, prose = [], [], []
    for path in site_pages(built_site):
        html = (built_site / path).read_text(encoding="utf-8")
        descriptions += re.findall(r"<desc[^>]*>(.*?)</desc>", html, re.S)
        labels += re.findall(r"<text[^>]*>([^<]+)</text>", html)
        prose.append(re.sub(r"<svg\b.*?</svg>", "", html, flags=re.S))
        prose += re.findall(r"<title id=[^>]*>(.*?)</title>", html, re.S)
    assert descriptions and labels
    for description in descriptions:
        assert searchable(words(description, separator)) <= found, description
    # A word of a label that the prose, or a figure's title or description, also says is
    # found there; the others must not be in the index.
    outside = words(" ".join(prose + descriptions), separator)
    leaked = words(" ".join(labels), separator) - outside
    assert leaked and not leaked & found, sorted(leaked & found)


STOP_WORDS = set("a able about across after all almost also am among an and any are as at be "
                 "because been but by can cannot could dear did do does either else ever every "
                 "for from get got had has have he her hers him his how however i if in into is "
                 "it its just least let like likely may me might most must my neither no nor not "
                 "of off often on only or other our own rather said say says she should since so "
                 "some than that the their them then there these they this tis to too twas us "
                 "wants was we were what when where which while who whom why will with would yet "
                 "you your".split())


def searchable(found: set[str]) -> set[str]:
    """The words the index keeps wherever they are: those with a letter, but stop words."""
    return {word for word in found if re.search(r"[^\W\d_]", word) and word not in STOP_WORDS}


def test_every_word_of_the_prose_is_searchable(built_site):
    """The index keeps a section's first sentence as text and its other words once each
    (search_scope.py): every word of a chapter's paragraphs and lists, but numbers and stop
    words, still finds its page."""
    index, _ = index_words(built_site)
    separator = re.compile(index["config"]["separator"])
    by_page: dict[str, set] = {}
    for doc in index["docs"]:
        page = by_page.setdefault(doc["location"].partition("#")[0], set())
        for field in ("title", "text", "words"):
            page.update(words(doc.get(field, ""), separator))
    missing = {}
    for path in site_pages(built_site):
        if path == "reference.html":    # its API entries keep the summaries only, by design
            continue
        html = (built_site / path).read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index('id="cite-this-page"')]
        article = re.sub(r"<(svg|pre)\b.*?</\1>", " ", article, flags=re.S)
        article = re.sub(r'<p class="(?:admonition-title|lstm-diagram__hint)".*?</p>', " ", article,
                         flags=re.S)
        prose = " ".join(text for _, text in re.findall(r"<(p|li)\b[^>]*>(.*?)</\1>", article, re.S))
        expected = searchable(words(prose, separator))
        assert len(expected) > 20, path
        if expected - by_page.get(path, set()):
            missing[path] = sorted(expected - by_page.get(path, set()))[:10]
    assert missing == {}
