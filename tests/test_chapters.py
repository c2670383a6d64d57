"""The chapters One step, Stateful layers, Glossary, Notebook and Reference, as built.

They show what Keras computes on this build, and their links lead to pages and anchors that exist.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import keras
import numpy as np
import pytest

import lstm_ref as lr
from site_build import ROOT

DOCS = ROOT / "docs"


def built(site, name: str) -> tuple[str, str]:
    """(HTML, URL path) of the page built from docs/<name>.md or .ipynb, in either URL style."""
    for path in (f"{name}/index.html", f"{name}.html"):
        if (site / path).is_file():
            return (site / path).read_text(encoding="utf-8"), path
    raise FileNotFoundError(f"no built page for {name} in {site}")


def text_of(page_html: str) -> str:
    """The page's text, tags dropped and entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html)).split())


def ids(page_html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page_html))


# -- One step inside the layer --------------------------------------------------------------------

def test_one_step_shape_table_matches_keras(built_site):
    page = text_of(built(built_site, "one-step")[0])
    shapes = []
    for units, features in ((2, 3), (32, 64)):
        layer = keras.layers.LSTM(units, name="lstm")
        layer.build((None, 5, features))
        shapes.append([tuple(w.shape) for w in layer.get_weights()])
    rows = [("kernel", "(features, 4·units)"), ("recurrent_kernel", "(units, 4·units)"),
            ("bias", "(4·units,)")]
    for k, (name, symbolic) in enumerate(rows):
        assert f"{name} {symbolic} {shapes[0][k]} {shapes[1][k]}" in page, name


def keras_vs_numpy(spec, features=3, timesteps=5, batch=4, seed=0):
    """Largest |Keras - lstm_ref| over every step's h, computed here, independently of the page."""
    weights = lr.seeded_weights(spec, features, seed=seed)
    arguments = {"reset_after": spec.reset_after} if spec.kind == "GRU" else {}
    layer = getattr(keras.layers, spec.kind)(spec.units, return_sequences=True,
                                             name=spec.kind.lower(), **arguments)
    layer.build((None, timesteps, features))
    layer.set_weights(weights)
    x = np.random.default_rng(seed + 1).uniform(-1, 1, size=(batch, timesteps, features))
    theirs = keras.ops.convert_to_numpy(layer(x.astype("float32")))
    return float(np.abs(lr.trace(spec, x, weights).h - theirs).max())


def test_one_step_shows_the_connectivity_figure_and_the_keras_comparison(built_site):
    page_html, _ = built(built_site, "one-step")
    assert '<svg role="img" aria-labelledby="one-step-connectivity-title' in page_html
    page = text_of(page_html)
    # The page prints fixed sentences once its own assertion passed; the judge is Keras, here.
    bound = 1e-6
    assert keras_vs_numpy(lr.LSTM(2)) < bound
    assert f"largest |Keras - NumPy| over every h_t and the final c: below {bound:g}" in page
    assert "hand-written loop == lstm_forward: True" in page
    for spec in (lr.GRU(2), lr.GRU(2, reset_after=False), lr.SimpleRNN(2)):
        assert keras_vs_numpy(spec) < bound, spec
        assert f"{spec} every h_t agrees with Keras to within {bound:g}" in page
    # Nudging c_prev[0] moves only unit 0's cell state; x_t and h_prev reach every unit.
    assert "nudge c_prev[0] gates moved in units [], c_t moved in units [0]" in page
    assert "nudge x_t[0] gates moved in units [0, 1], c_t moved in units [0, 1]" in page


# -- Stateful layers ---------------------------------------------------------------------------------

def test_stateful_page_quotes_the_error_keras_raises_today(built_site):
    page = text_of(built(built_site, "stateful")[0])
    with pytest.raises(ValueError) as caught:
        keras.Sequential([keras.Input(shape=(4, 1), name="series"),
                          keras.layers.LSTM(4, stateful=True, name="no_batch_size")],
                         name="unbuildable")
    assert " ".join(f"ValueError: {caught.value}".split()) in page
    with pytest.raises(ValueError) as caught:
        keras.layers.LSTM(4, stateful=True, batch_input_shape=(3, 4, 1), name="keras2_style")
    assert " ".join(f"ValueError: {caught.value}".split()) in page


def test_stateful_page_arranges_streams_like_its_figure(built_site):
    page_html, _ = built(built_site, "stateful")
    assert '<svg role="img" aria-labelledby="stateful-index-map-title' in page_html
    page = text_of(page_html)
    batches = np.arange(36).reshape(3, 3, 4).transpose(1, 0, 2)
    for k, piece in enumerate(batches):
        assert f"batch {k}: {piece.tolist()}" in page
        for i, row in enumerate(piece):            # the figure labels the same slices
            assert f"series[{row[0]}:{row[-1] + 1}]" in page_html
    assert "streams row i of batch k+1 continues row i of batch k: True" in page
    assert "consecutive windows row i of batch k+1 continues row i of batch k: False" in page
    assert "model has reset_state: False | model has reset_states: False" in page


def test_stateful_halves_end_where_the_whole_sequence_ends(built_site):
    """The page's sentence is fixed text; Keras, run here on its own, must agree with it."""
    bound, units, features, timesteps, batch = 1e-6, 4, 1, 4, 3
    weights = lr.seeded_weights(lr.LSTM(units), features, seed=0)
    whole = np.random.default_rng(0).uniform(-1, 1, size=(batch, 2 * timesteps, features))
    whole = whole.astype("float32")
    model = keras.Sequential([keras.Input(batch_shape=(batch, timesteps, features), name="x"),
                              keras.layers.LSTM(units, stateful=True, name="stateful")],
                             name="halves")
    stateful = model.get_layer("stateful")
    stateful.set_weights(weights)
    model(whole[:, :timesteps])
    model(whole[:, timesteps:])
    plain = keras.layers.LSTM(units, return_state=True, name="plain")
    plain.build((None, 2 * timesteps, features))
    plain.set_weights(weights)
    _, h, c = plain(whole)
    for ours, theirs in zip(stateful.states, (h, c)):
        assert np.abs(ours.numpy() - keras.ops.convert_to_numpy(theirs)).max() < bound
    page = text_of(built(built_site, "stateful")[0])
    assert f"stateful halves vs plain whole (Keras) final h and c agree to within {bound:g}" in page


# -- Glossary -----------------------------------------------------------------------------------------

TERMS = ["units", "cell", "unit", "timesteps", "features", "batch", "batch-size", "sample",
         "sequence", "hidden-state", "cell-state", "gate", "kernel", "recurrent-kernel", "bias",
         "return-sequences", "return-state", "stateful", "bidirectional", "merge-mode",
         "reset-after", "unroll", "timedistributed", "many-to-one", "many-to-many",
         "input-shape", "batch-shape", "none-dimension", "other-names"]


def test_glossary_has_every_term_under_its_anchor(built_site):
    page_html, _ = built(built_site, "glossary")
    assert set(TERMS) <= ids(page_html)
    page = text_of(page_html)
    for name in ("num_units", "n_hidden", "hidden_size", "output_dim"):
        assert name in page


# -- Notebook -------------------------------------------------------------------------------------------

def test_notebook_is_committed_without_outputs():
    notebook = json.loads((DOCS / "notebook.ipynb").read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell["outputs"] == [] and cell["execution_count"] is None
                        for cell in code)


def test_notebook_page_shows_keras_counts(built_site):
    page = text_of(built(built_site, "notebook")[0])
    for label, units, shape in (("LSTM(10) on 13 steps of 5 features", 10, (13, 5)),
                                ("LSTM(10) on 100 steps of 5 features", 10, (100, 5)),
                                ("LSTM(1) on 1 feature", 1, (1, 1)),
                                ("LSTM(1) on 2 features", 1, (1, 2))):
        judge = keras.Sequential([keras.Input(shape=shape, name="series"),
                                  keras.layers.LSTM(units, name="lstm")], name="judge")
        keras_count = judge.count_params()                       # Keras' side, from Keras
        ours = lr.count_params(lr.LSTM(units), features=shape[1])  # lstm_ref's side
        assert f"{label} Keras {keras_count} lstm_ref {ours}" in page


def test_notebook_forward_pass_claim_holds_in_keras(built_site):
    """The notebook prints a fixed sentence after its own check; the judge here is Keras."""
    bound = 1e-6
    spec = lr.LSTM(4, return_sequences=True, return_state=True)
    weights = lr.seeded_weights(spec, features=3, seed=0)
    x = np.random.default_rng(0).uniform(-1, 1, size=(2, 6, 3))
    layer = keras.layers.LSTM(4, return_sequences=True, return_state=True, name="judge")
    layer.build((None, 6, 3))
    layer.set_weights(weights)
    theirs = [keras.ops.convert_to_numpy(t) for t in layer(x.astype("float32"))]
    ours = lr.run(spec, x, weights)
    assert max(np.abs(a - b).max() for a, b in zip(ours, theirs)) < bound
    page = text_of(built(built_site, "notebook")[0])
    assert f"largest difference between Keras and NumPy: below {bound:g}" in page


# -- Reference -----------------------------------------------------------------------------------------

def test_reference_documents_every_public_name(built_site):
    page_html, _ = built(built_site, "reference")
    page = text_of(page_html)
    for name in lr.__all__:
        assert f"lstm_ref.{name}" in page, name
    found = ids(page_html)
    for name in lr.__all__:
        assert f"lstm_ref.{name}" in found, name
    for anchor in ("explain", "explain-help", "lstm_diagrams.connectivity.connectivity",
                   "lstm_diagrams.stateful.stateful_batches"):
        assert anchor in found, anchor
    assert "usage: python -m lstm_ref explain" in page
    assert "Total params: 640" in page


def _resolve(site, page_path: str, href: str):
    """(built file, fragment) that a relative href on page_path points to."""
    parts = urlsplit(href)
    target = PurePosixPath(page_path).parent / unquote(parts.path) if parts.path else \
        PurePosixPath(page_path)
    normal = []
    for part in target.parts:
        if part == "..":
            normal.pop()
        elif part != ".":
            normal.append(part)
    path = site.joinpath(*normal)
    if href.split("#")[0].endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


@pytest.mark.parametrize("name", ["reference", "one-step", "stateful", "glossary"])
def test_links_on_my_pages_lead_somewhere(built_site, name):
    page_html, page_path = built(built_site, name)
    checked = 0
    for href in set(re.findall(r'<a [^>]*href="([^"]+)"', page_html)):
        if re.match(r"[a-z]+:|//", href) or href.endswith((".ipynb", ".css", ".js")):
            continue
        path, fragment = _resolve(built_site, page_path, html.unescape(href))
        assert path.is_file(), (href, path)
        if fragment:
            assert fragment in ids(path.read_text(encoding="utf-8")), href
        checked += 1
    assert checked > 10


@pytest.mark.parametrize("name", ["one-step", "stateful", "glossary", "reference", "notebook"])
def test_my_pages_print_no_addresses_or_generated_names(built_site, name):
    page = text_of(built(built_site, name)[0])
    assert not re.search(r"\bat 0x[0-9a-f]+", page)
    assert not re.search(r"\b(lstm|dense|sequential|functional)_\d+\b", page)
    assert "exec-" not in " ".join(ids(built(built_site, name)[0]))
