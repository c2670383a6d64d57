"""What a first visit to each page transfers: every response, gzipped as a server would send it."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

KINDS = ("html", "css", "js", "svg", "other")
INLINE_SVG = re.compile(rb"<svg\b.*?</svg>", re.S)
# Material loads the search index on every page (the .js form only when opened from disk).
SEARCH_INDEX = ("/search/search_index.json", "/search/search_index.js")


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0))


SUFFIX_KINDS = {"html": "html", "css": "css", "js": "js", "mjs": "js", "svg": "svg"}


def kind(path: str) -> str:
    """html, css, js, svg or other, from a URL path's suffix (a directory URL is a page)."""
    name = path.rsplit("/", 1)[-1]
    return SUFFIX_KINDS.get(name.rsplit(".", 1)[-1].lower(), "other") if "." in name else "html"


@dataclass
class PageWeight:
    """Gzipped bytes of every response of one page load, by URL path."""

    path: str
    sizes: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def add(self, url: str, body: bytes) -> None:
        path = urlparse(url).path
        self.sizes[path] = self.sizes.get(path, 0) + gzipped(body)
        if kind(path) == "html":
            # Diagrams and icons are SVG inline in the page: their share is compressed apart.
            inline = b"".join(INLINE_SVG.findall(body))
            self.kinds["svg"] += gzipped(inline) if inline else 0
            self.kinds["html"] += gzipped(INLINE_SVG.sub(b"", body))
        else:
            self.kinds[kind(path)] += gzipped(body)

    @property
    def total(self) -> int:
        """Exactly what was transferred: each response gzipped on its own."""
        return sum(self.sizes.values())

    @property
    def search_index(self) -> int:
        return sum(size for path, size in self.sizes.items() if path.endswith(SEARCH_INDEX))

    @property
    def without_index(self) -> int:
        """The page's weight budget counts everything but the search index, which has its own."""
        return self.total - self.search_index

    @property
    def requests(self) -> int:
        return len(self.sizes)

    def own(self, shared: set[str]) -> int:
        """Bytes of the responses that not every page loads: the page and what only it needs."""
        return sum(size for path, size in self.sizes.items() if path not in shared)


def shared_paths(weights: list[PageWeight]) -> set[str]:
    """URL paths every page loads: the theme, scripts, styles, the search index."""
    return set.intersection(*(set(weight.sizes) for weight in weights))


def weigh(browser, base_url: str, path: str) -> PageWeight:
    """Load `path` in a fresh browser context (empty cache) and weigh every response."""
    weight = PageWeight(path)
    context = browser.new_context()
    responses = []
    context.on("response", lambda response: responses.append(response))
    try:
        page = context.new_page()
        page.goto(base_url + path, wait_until="networkidle")
        page.wait_for_timeout(500)
        for response in responses:
            weight.add(response.url, response.body() if response.status < 300 else b"")
    finally:
        context.close()
    return weight


def weigh_site(site) -> list[PageWeight]:
    """Every content page of the built `site`, each loaded with an empty cache."""
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM_ARGS, chromium_path, serve_directory, site_pages

    with sync_playwright() as playwright, serve_directory(site) as url:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            return [weigh(browser, url, path) for path in site_pages(site)]
        finally:
            browser.close()


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def print_weights(weights: list[PageWeight]) -> None:
    """A table of each page's first visit by kind, and what every page shares."""
    shared = shared_paths(weights)
    print("\n## First visit, empty cache, KB gzipped\n")
    print("| page | " + " | ".join(KINDS) + " | search index | total | without index "
          "| requests | own |")
    print("|---|" + "---:|" * (len(KINDS) + 5))
    for weight in weights:
        cells = " | ".join(kb(weight.kinds[name]) for name in KINDS)
        print(f"| {weight.path} | {cells} | {kb(weight.search_index)} | {kb(weight.total)} | "
              f"{kb(weight.without_index)} | {weight.requests} | {kb(weight.own(shared))} |")
    print(f"\nEvery page loads the same {len(shared)} files: "
          + ", ".join(f"{path} {kb(size)}" for path, size in sorted(
              ((path, weights[0].sizes[path]) for path in shared), key=lambda item: -item[1])))
    print("`own` is the rest: the page and what only it needs. svg: SVG inline in the page "
          "(diagrams, icons), compressed apart from the rest of the HTML. total: each response "
          "gzipped on its own, exactly; the kinds need not add up to it.")
