"""MkDocs hook: the data the calculator shares with lstm_ref, generated from lstm_ref at build.

The calculator (docs/assets/calculator/*.js) is a JavaScript port of lstm_ref's logic; the
facts both sides need (layer names, their arguments in order with Keras' defaults, the
arguments accepted and ignored, Keras 2 arguments and what to say about them, the example
in messages, the limits on sizes) are read here from lstm_ref and written into the
calculator page as JSON in one hidden element, ``<div id="lstm-calc-data" hidden
data-json="...">``, which the JavaScript reads when it starts. Nothing of it is typed twice.
(Not a ``<script type="application/json">``: Material's instant navigation re-creates each
script in the new page as plain JavaScript, dropping its type and id.)

>>> data = shared_data()
>>> data["kinds"][:3], data["fields"]["Dense"]
(['LSTM', 'GRU', 'SimpleRNN'], [['units', None], ['use_bias', True]])
>>> "activation" in data["ignored"]
True
>>> json.loads(html.unescape(data_element(data).split('data-json="')[1].split('"')[0])) == data
True
"""

from __future__ import annotations

import dataclasses
import html
import json

import lstm_ref
from lstm_ref import parse, specs

PAGE = "calculator.md"
ELEMENT_ID = "lstm-calc-data"

PAGE_WORDS = {
    "pass --input-shape TIMESTEPS,FEATURES and --batch-size N":
        "fill in the timesteps, features and batch fields",
    "pass --input-shape TIMESTEPS,FEATURES": "fill in the timesteps and features fields",
    "pass --batch-size N": "fill in the batch field",
}
"""lstm_ref's messages name the command line's options; the page names its own fields."""


def _default(field: dataclasses.Field):
    """A field's default as JSON (None for a field without one, such as units)."""
    if field.default is dataclasses.MISSING:
        return None
    return field.default


def shared_data() -> dict:
    """Everything the calculator needs to read and check layer calls as lstm_ref does."""
    catalog = getattr(lstm_ref, "shared_data", None)
    if callable(catalog):  # the layer catalog, once lstm_ref has one
        data = dict(catalog())
    else:
        kinds = list(specs.LAYER_KINDS)
        data = {
            "kinds": kinds,
            "recurrent": list(specs.RECURRENT_KINDS),
            "fields": {kind: [[f.name, _default(f)] for f in dataclasses.fields(cls)]
                       for kind, cls in specs.LAYER_KINDS.items()},
            "merge_modes": list(specs.MERGE_MODES),
            "ignored": sorted(parse.IGNORED),
            "keras2_only": dict(parse.KERAS2_ONLY),
            "example": parse.EXAMPLE,
        }
    data["page_words"] = PAGE_WORDS
    return data


def data_element(data: dict) -> str:
    """The data as JSON in the data-json attribute of a hidden element."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return f'<div id="{ELEMENT_ID}" hidden data-json="{html.escape(text, quote=True)}"></div>'


def on_page_content(html_text, page, config, files):
    if page.file.src_uri == PAGE:
        return html_text + data_element(shared_data())
    return html_text
