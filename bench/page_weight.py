"""What a first visit to each page transfers, then what the reader's first input adds (Material's
script starts then): every response, gzipped as a server would send it."""

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


def index_size(sizes: dict[str, int]) -> int:
    """The search index's share of `sizes` (URL path -> gzipped bytes)."""
    return sum(size for path, size in sizes.items() if path.endswith(SEARCH_INDEX))


@dataclass
class PageWeight:
    """Gzipped bytes of every response of one page load, by URL path."""

    path: str
    sizes: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    # What the reader's first input adds: Material's script starts then, and asks for what it
    # needs (docs/plugins/page_assets.py).
    later: dict[str, int] = field(default_factory=dict)

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

    def add_later(self, url: str, body: bytes) -> None:
        path = urlparse(url).path
        self.later[path] = self.later.get(path, 0) + gzipped(body)

    @property
    def search_index(self) -> int:
        """The search index, whether the first visit or the first input asked for it."""
        return index_size({**self.sizes, **self.later})

    @property
    def without_index(self) -> int:
        """The page's weight budget counts everything but the search index, which has its own."""
        return self.total - index_size(self.sizes)

    @property
    def after_input(self) -> int:
        """The first visit and what the first input added, without the search index."""
        return self.total + sum(self.later.values()) - self.search_index

    @property
    def requests(self) -> int:
        return len(self.sizes)

    def own(self, shared: set[str]) -> int:
        """Bytes of the responses that not every page loads: the page and what only it needs."""
        return sum(size for path, size in self.sizes.items() if path not in shared)


def shared_later(weights: list[PageWeight]) -> dict[str, int]:
    """What the first input asks for on every page, and its size on the first."""
    paths = set.intersection(*(set(weight.later) for weight in weights))
    return {path: size for path, size in weights[0].later.items() if path in paths}


def shared_paths(weights: list[PageWeight]) -> set[str]:
    """URL paths every page loads: the theme, scripts, styles, the search index."""
    return set.intersection(*(set(weight.sizes) for weight in weights))


def body(response) -> bytes:
    return response.body() if response.status < 300 else b""


def wait_until_quiet(page, responses: list, quiet_ms: int = 500) -> None:
    """Wait until `quiet_ms` pass without a new response."""
    count = -1
    while count != len(responses):
        count = len(responses)
        page.wait_for_timeout(quiet_ms)


def weigh(browser, base_url: str, path: str) -> PageWeight:
    """Load `path` in a fresh browser context (empty cache) and weigh every response: those of
    the first visit, then those the reader's first input adds."""
    from browser_support import wait_for_material

    weight = PageWeight(path)
    context = browser.new_context()
    responses = []
    context.on("response", lambda response: responses.append(response))
    try:
        page = context.new_page()
        page.goto(base_url + path, wait_until="networkidle")
        wait_until_quiet(page, responses)
        first, responses[:] = list(responses), []
        for response in first:
            weight.add(response.url, body(response))
        wait_for_material(page)
        wait_until_quiet(page, responses)
        for response in responses:
            weight.add_later(response.url, body(response))
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
    print("| page | " + " | ".join(KINDS) + " | total | without index "
          "| requests | own | after first input |")
    print("|---|" + "---:|" * (len(KINDS) + 5))
    for weight in weights:
        cells = " | ".join(kb(weight.kinds[name]) for name in KINDS)
        print(f"| {weight.path} | {cells} | {kb(weight.total)} | {kb(weight.without_index)} | "
              f"{weight.requests} | {kb(weight.own(shared))} | {kb(weight.after_input)} |")
    print(f"\nEvery page loads the same {len(shared)} files: "
          + ", ".join(f"{path} {kb(size)}" for path, size in sorted(
              ((path, weights[0].sizes[path]) for path in shared), key=lambda item: -item[1])))
    later = shared_later(weights)
    print(f"The reader's first input (a click, a key, a mouse that moves) starts Material's script, "
          f"which asks for " + ", ".join(f"{path} {kb(size)}" for path, size in sorted(
              later.items(), key=lambda item: -item[1]))
          + "; `after first input` counts them too, but not the search index.")
    print("`own` is the rest: the page and what only it needs. svg: SVG inline in the page "
          "(diagrams, icons), compressed apart from the rest of the HTML. total: each response "
          "gzipped on its own, exactly; the kinds need not add up to it.")
