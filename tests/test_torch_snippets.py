"""The PyTorch snippets the pages show (docs/snippets/pytorch_*.py), run with real PyTorch.

Each page shows a snippet with `--8<-- "name.py"` and, under it, the output that lstm_ref computes
while the site is built. Here the snippet runs with torch, and what it prints must appear, exactly,
as a code block of every built page that shows it; the snippet's own source must be there too.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import runpy
import warnings

import pytest

from site_build import ROOT

try:
    import torch  # noqa: F401 - the snippets import it; fail here with a clear message
except ImportError as error:  # pragma: no cover
    raise ImportError("tests/test_torch_snippets.py needs torch: `make test` installs it from "
                      "requirements-torch.lock") from error

SNIPPETS = ROOT / "docs" / "snippets"
INCLUDE = re.compile(r'^\s*--8<-- "([^"]+)"\s*$', re.MULTILINE)


def pages_showing() -> dict[str, list[str]]:
    """{snippet file name: [page .md paths that include it]}."""
    found: dict[str, list[str]] = {}
    for page in sorted((ROOT / "docs").glob("*.md")):
        for name in INCLUDE.findall(page.read_text(encoding="utf-8")):
            found.setdefault(name, []).append(page.name)
    return found


SHOWN = pages_showing()
FILES = sorted(path.name for path in SNIPPETS.glob("pytorch_*.py"))


def run_snippet(name: str) -> str:
    """Run the file as a script (`__main__`), as a reader would, and return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")       # e.g. torch's notice about oneDNN and proj_size
        runpy.run_path(str(SNIPPETS / name), run_name="__main__")
    return out.getvalue()


def code_blocks(page_html: str) -> list[str]:
    """The text of every code block of a built page, as a reader would copy it."""
    blocks = re.findall(r"<pre[^>]*>(?:<span></span>)?<code[^>]*>(.*?)</code></pre>", page_html,
                        flags=re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


def test_every_snippet_is_shown_and_every_shown_snippet_exists():
    assert FILES, "no snippets found"
    assert set(SHOWN) == set(FILES), (set(SHOWN) ^ set(FILES))


@pytest.mark.parametrize("name", FILES)
def test_snippet_prints_what_its_pages_show(name, built_site):
    printed = run_snippet(name)
    assert printed.strip(), f"{name} printed nothing"
    source = (SNIPPETS / name).read_text(encoding="utf-8")
    for page in SHOWN[name]:
        blocks = code_blocks((built_site / page.replace(".md", ".html")).read_text("utf-8"))
        assert any(block.strip() == source.strip() for block in blocks), (
            f"{page} does not show {name} verbatim")
        assert any(block.strip() == printed.strip() for block in blocks), (
            f"{page} does not show what {name} prints:\n{printed}")


def test_snippets_import_nothing_but_torch_numpy_keras_and_lstm_ref():
    allowed = {"torch", "numpy", "keras", "lstm_ref"}
    for name in FILES:
        source = (SNIPPETS / name).read_text(encoding="utf-8")
        imported = set(re.findall(r"^(?:import|from) (\w+)", source, re.MULTILINE))
        assert imported <= allowed, (name, imported - allowed)
        assert "torch" in imported, name
