"""Figures: imported as lstm_diagrams from this repo, accessible, valid inline SVG, stable."""

import doctest
import html as html_module
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import lstm_diagrams
import lstm_ref as lr
from lstm_diagrams.render import elided
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
    html = html.split("</svg>")[0]       # the first drawing
    svg_id = re.search(r'class="lstm-figure" id="([^"]+)"', html).group(1)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and all(i.startswith(svg_id) for i in ids)
    assert re.search(rf'<svg role="img" aria-labelledby="{svg_id}-title {svg_id}-desc"', html)
    assert html.count("<title") == 1 and "<desc" in html
    assert "<!--" not in html and "<?xml" not in html
    assert f"{lr.count_params(layer, features)} parameters" in html
    drawn = len(re.findall(r">step (?:\d+|T)<", html))
    assert drawn == (timesteps if timesteps is not None and timesteps <= 5 else 4)
    assert ("…" in html) == (timesteps is None or timesteps > 5)



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


def drawings(html: str) -> list[str]:
    """The SVG drawings of one figure: the full one first, then narrower ones for phones."""
    return re.findall(r"<svg.*?</svg>", html, re.S)


def drawing_id(html: str) -> str:
    """The id of a figure's first drawing: the figure id (phones' drawing: that plus -narrow)."""
    return re.search(r'<svg role="img" aria-labelledby="[^"]*" class="lstm-figure" id="([^"]+)"',
                     html).group(1)


def first_drawing(html: str) -> str:
    """The figure with only its first drawing (the one wide screens show)."""
    return re.sub(r'<div class="lstm-diagram__frame[^"]*">', "", html.split("</svg>")[0]) + \
        "</svg>" + html[html.index("<p class=\"lstm-diagram__hint\""):]


@pytest.mark.parametrize("name", FIGURES)
def test_figure_is_accessible_valid_and_stable(name):
    whole = FIGURES[name]()
    assert whole == FIGURES[name](), "not deterministic"
    assert len(drawings(whole)) in (1, 2)
    html = first_drawing(whole)
    for svg in drawings(whole):
        _valid_figure(svg + "<figcaption>", drawing_id(svg))
    assert "<figcaption>" in html and "<!--" not in html


def test_figures_take_their_numbers_from_lstm_ref():
    html = first_drawing(FIGURES["stack_figure"]())
    summary = lr.summarize(STACK, (6, 3))
    for row in summary.layers:
        assert f"{row.params} parameters" in html
    assert f"{summary.params} parameters in total" in html
    layout = first_drawing(FIGURES["weight_layout"]())
    for weight in lr.weights(lr.GRU(4), 3):
        assert f"{weight.name} ({', '.join(map(str, weight.shape))}" in layout
    returned_html = unescape(first_drawing(FIGURES["returned"]()))
    assert returned_html.count("node-returned") == 1 + len(lr.LSTM.states)


def _valid_figure(html, figure_id):
    """The checks every figure passes: unique prefixed ids, accessible, no Graphviz noise."""
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and all(i.startswith(figure_id) for i in ids)
    assert f'<svg role="img" aria-labelledby="{figure_id}-title {figure_id}-desc"' in html
    assert html.count("<title") == 1 and "<desc" in html and "<figcaption>" in html
    assert "<!--" not in html and "<?xml" not in html
    # Colours come from CSS classes only: Graphviz writes nothing but its neutral defaults.
    assert set(re.findall(r'(?:fill|stroke)="([^"]+)"', html)) <= {"none", "transparent", "black"}


def drawn(size: int) -> int:
    """How many of `size` values a figure draws (the rest stand behind an ellipsis)."""
    return sum(i is not None for i in elided(size))


@pytest.mark.parametrize("units, features", [(2, 3), (1, 1), (4, 4), (32, 64), (5, 1)])
def test_connectivity_figure(units, features):
    from lstm_diagrams.connectivity import connectivity

    layer = lr.LSTM(units)
    whole = connectivity(layer, features, figure_id="conn")
    assert whole == connectivity(layer, features, figure_id="conn"), "not deterministic"
    html = first_drawing(whole)
    _valid_figure(html, drawing_id(html))
    text = html_module.unescape(html)
    kernel, recurrent, _ = lr.weights(layer, features)
    assert f"rows of kernel {kernel.shape}" in text
    assert f"rows of recurrent_kernel {recurrent.shape}" in text
    drawn_units, drawn_features = drawn(units), drawn(features)
    # Every drawn feature and every drawn h value reaches every drawn unit; c only its own.
    assert text.count("edge edge-kernel") == drawn_features * drawn_units
    assert text.count("edge edge-recurrent") == drawn_units * drawn_units
    assert text.count("edge edge-carry") == drawn_units
    # Inside each unit, its inputs reach each of the four gates.
    assert text.count("edge edge-gate") == 4 * drawn_units
    assert len(re.findall(r">unit \d+<", text)) == drawn_units
    assert ("⋮" in text) == (None in elided(units) or None in elided(features))


def test_connectivity_draws_lstm_only():
    from lstm_diagrams.connectivity import connectivity

    with pytest.raises(TypeError, match="LSTM"):
        connectivity(lr.GRU(2), features=3)


@pytest.mark.parametrize("layer, batch_size, timesteps, batches", [
    (lr.LSTM(4, stateful=True), 3, 4, 3), (lr.GRU(2, stateful=True), 1, 5, 2),
    (lr.LSTM(8, stateful=True), 32, 50, 20), (lr.SimpleRNN(3, stateful=True), 4, 2, 5)])
def test_stateful_figure(layer, batch_size, timesteps, batches):
    from lstm_diagrams.stateful import stateful_batches

    whole = stateful_batches(layer, batch_size, timesteps, batches, figure_id="sb")
    assert whole == stateful_batches(layer, batch_size, timesteps, batches, figure_id="sb")
    html = first_drawing(whole)
    _valid_figure(html, drawing_id(html))
    rows, columns = drawn(batch_size), drawn(batches)
    assert html.count(">series[") == rows * columns
    carried = f"carried: {', '.join(layer.states)}"
    assert html.count(carried) == rows * (columns - 1 if None not in elided(batches) else 1)
    # Row i of batch k holds steps [i*K*T + k*T, ... + T) of the series.
    last = (batch_size - 1) * batches * timesteps + (batches - 1) * timesteps
    assert f"series[{last}:{last + timesteps}]" in html
    states = lr.output_shape(
        type(layer)(layer.units, stateful=True, return_state=True),
        (batch_size, timesteps, 1))[-1]
    assert f"{', '.join(layer.states)}: ({states[0]}, {states[1]})" in html


def test_stateful_figure_needs_a_stateful_layer():
    from lstm_diagrams.stateful import stateful_batches

    with pytest.raises(ValueError, match="stateful"):
        stateful_batches(lr.LSTM(4), batch_size=2, timesteps=3, batches=2)
