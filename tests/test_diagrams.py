"""Figures: imported as lstm_diagrams from this repo, accessible, valid inline SVG, stable."""

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import lstm_diagrams
import lstm_ref as lr
from lstm_diagrams.unrolled import unrolled
from site_build import ROOT

MODULES = sorted(m.name for m in pkgutil.iter_modules(lstm_diagrams.__path__))


def test_figure_code_is_this_repos_diagrams_folder():
    assert Path(lstm_diagrams.__file__).resolve() == ROOT / "diagrams" / "__init__.py"


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(f"lstm_diagrams.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


@pytest.mark.parametrize("layer, timesteps, features", [
    (lr.LSTM(32), 10, 64), (lr.GRU(4), 2, 3), (lr.SimpleRNN(1), None, 1), (lr.LSTM(5), 5, 2)])
def test_unrolled_figure(layer, timesteps, features):
    html = unrolled(layer, timesteps, features, figure_id="fig")
    assert html == unrolled(layer, timesteps, features, figure_id="fig"), "not deterministic"
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and all(i.startswith("fig") for i in ids)
    assert re.search(r'<svg role="img" aria-labelledby="fig-title fig-desc"', html)
    assert html.count("<title") == 1 and "<desc" in html
    assert "<!--" not in html and "<?xml" not in html
    assert f"{lr.count_params(layer, features)} parameters" in html
    drawn = len(re.findall(r">step (?:\d+|T)<", html))
    assert drawn == (timesteps if timesteps is not None and timesteps <= 4 else 4)
    assert ("…" in html) == (timesteps is None or timesteps > 4)



from html import unescape  # noqa: E402 - grouped with the figure tests below

from lstm_diagrams.axes import three_axes  # noqa: E402
from lstm_diagrams.layout import weight_layout  # noqa: E402
from lstm_diagrams.outputs import returned  # noqa: E402
from lstm_diagrams.stack import stack_figure  # noqa: E402

STACK = [lr.Bidirectional(lr.LSTM(4, return_sequences=True)), lr.Dense(2)]
FIGURES = {
    "three_axes": lambda: three_axes(lr.GRU(6), batch=5, timesteps=12, features=2,
                                     figure_id="fig"),
    "returned": lambda: returned(lr.LSTM(3, return_state=True), timesteps=7, features=2,
                                 figure_id="fig"),
    "weight_layout": lambda: weight_layout(lr.GRU(4), features=3, figure_id="fig"),
    "stack_figure": lambda: stack_figure(STACK, (6, 3), figure_id="fig"),
}


@pytest.mark.parametrize("name", FIGURES)
def test_figure_is_accessible_valid_and_stable(name):
    html = FIGURES[name]()
    assert html == FIGURES[name](), "not deterministic"
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and all(i.startswith("fig") for i in ids)
    assert re.search(r'<svg role="img" aria-labelledby="fig-title fig-desc"', html)
    assert html.count("<title") == 1 and html.count("<desc") == 1
    assert "<figcaption>" in html and "<!--" not in html


def test_figures_take_their_numbers_from_lstm_ref():
    html = FIGURES["stack_figure"]()
    summary = lr.summarize(STACK, (6, 3))
    for row in summary.layers:
        assert f"{row.params} parameters" in html
    assert f"{summary.params} parameters in total" in html
    layout = FIGURES["weight_layout"]()
    for weight in lr.weights(lr.GRU(4), 3):
        assert f"{weight.name} ({', '.join(map(str, weight.shape))}" in layout
    returned_html = unescape(FIGURES["returned"]())
    assert returned_html.count("node-returned") == 1 + len(lr.LSTM.states)
