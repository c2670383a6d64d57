"""What a first visit to each page transfers: every response, gzipped as a server would send it."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

KINDS = ("html", "css", "js", "svg", "other")
INLINE_SVG = re.compile(rb"<svg\b.*?</svg>", re.S)


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
