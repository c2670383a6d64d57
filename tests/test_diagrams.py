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
