"""The strict site build: it succeeds, shows Keras' numbers, and fails on any broken part."""

import re
import shutil
import textwrap
from importlib.metadata import version

import keras
import pytest

import lstm_ref as lr
from keras_bridge import keras_model
from site_build import ROOT, mkdocs_build


def page(site, path="index.html") -> str:
    return (site / path).read_text(encoding="utf-8")


def test_home_shows_the_keras_count_and_a_diagram(built_site):
    html = page(built_site)
    model = keras_model([lr.LSTM(32), lr.Dense(2)], (10, 64))
    assert f"Total params: {model.count_params()}" in html
    assert f"Keras counts {model.count_params()} parameters" in html
    assert re.search(r'<svg role="img" aria-labelledby="home-axes-title home-axes-desc"', html)
    assert ('<title id="home-axes-title">Batch, time and units for LSTM(32) on input '
            '(16, 10, 64)</title>') in html


def test_pages_are_stamped_with_the_versions_that_ran(built_site):
    html = page(built_site)
    assert f"TensorFlow {version('tensorflow')} and Keras {keras.__version__}" in html
    for path in built_site.rglob("*.html"):
        if path.name != "404.html":
            footer = page(built_site, path)
            assert f"verified with TensorFlow {version('tensorflow')} / Keras {keras.__version__}" in footer, path


def test_no_third_party_assets_are_referenced(built_site):
    for path in built_site.rglob("*.html"):
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', page(built_site, path)):
            # Only links a reader chooses to follow may leave the site, never assets.
            assert not re.search(r"\.(css|js|woff2?|ttf|png|svg|jpg)(\?|$)", url), (path, url)
        assert "fonts.googleapis" not in page(built_site, path)


@pytest.fixture
def scratch_site(tmp_path):
    """A copy of the project's mkdocs.yml and assets with one page we control."""
    docs = tmp_path / "docs"
    for folder in ("assets", "plugins"):          # the theme assets and the MkDocs hooks
        shutil.copytree(ROOT / "docs" / folder, docs / folder)
    config = (ROOT / "mkdocs.yml").read_text()
    config = re.sub(r"\nnav:\n(?:  .*\n)+", "\nnav:\n  - Home: index.md\n", config + "\n")
    config = re.sub(r"\nwatch:\n(?:  .*\n)+", "\n", config)  # serve-only, and outside the copy
    (tmp_path / "mkdocs.yml").write_text(config)

    def build(markdown: str):
        (docs / "index.md").write_text(textwrap.dedent(markdown))
        return mkdocs_build(tmp_path / "site", tmp_path / "mkdocs.yml")

    return build


def test_scratch_site_builds_when_nothing_is_wrong(scratch_site):
    result = scratch_site("""
        # Fine

        ```python exec="on"
        print(6 * 7)
        ```
        """)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("markdown, warning", [
    ('# Broken code\n\n```python exec="on"\nraise RuntimeError("boom")\n```\n',
     "RuntimeError: boom"),
    ('# Broken figure\n\n```python exec="on" html="on"\n'
     'from lstm_diagrams.render import new_graph, to_svg\n'
     'g = new_graph("x")\ng.body.append("this is not {{ dot syntax")\n'
     'print(to_svg(g, figure_id="bad", title="t", description="d"))\n```\n',
     "CalledProcessError"),
    ("# Broken link\n\nSee [the missing page](missing.md).\n", "missing.md"),
    ("# Broken anchor\n\nSee [a section](#no-such-section).\n", "no-such-section"),
], ids=["code", "diagram", "link", "anchor"])
def test_a_broken_page_fails_the_strict_build(scratch_site, markdown, warning):
    result = scratch_site(markdown)
    assert result.returncode != 0
    assert "WARNING" in result.stderr and warning in result.stderr, result.stderr
