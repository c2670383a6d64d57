"""MkDocs hook: the data the calculator shares with lstm_ref, generated from lstm_ref at build.

The calculator (docs/assets/calculator/*.js) is a JavaScript port of lstm_ref's logic; the
facts both sides need (layer names, their arguments in order with Keras' defaults, the
arguments accepted and ignored, Keras 2 arguments and what to say about them, the example
in messages, the limits on sizes) are read here from lstm_ref and written into the
calculator page as JSON in one hidden element, ``<div id="lstm-calc-data" hidden
data-json='...'>``, which the JavaScript reads when it starts. Nothing of it is typed twice.
(Single quotes around it: JSON is full of double quotes, each ``&quot;`` in a double-quoted
attribute, 0.7 KB more of the page gzipped.)
(Not a ``<script type="application/json">``: Material's instant navigation re-creates each
script in the new page as plain JavaScript, dropping its type and id.)

>>> data = shared_data()
>>> list(data["kinds"])[:3], data["kinds"]["Dense"]["fields"]
(['LSTM', 'GRU', 'SimpleRNN'], ['units', 'use_bias'])
>>> "activation" in data["kinds"]["LSTM"]["ignored"]
True
>>> json.loads(html.unescape(data_element(data).split("data-json='")[1].split("'")[0])) == data
True
>>> print(data_element({"a": "it's <b> & c"}))
<div id="lstm-calc-data" hidden data-json='{"a":"it&#x27;s &lt;b&gt; &amp; c"}'></div>
"""

from __future__ import annotations

import html
import json
import sys
import unicodedata

from lstm_ref import catalog, specs

PAGE = "calculator.md"
ELEMENT_ID = "lstm-calc-data"

PAGE_WORDS = {
    "(on the command line, --input-shape and --batch-size)":
        "(on this page, the batch, timesteps and features fields)",
    "(on the command line, --batch-size N)": "(on this page, the batch field)",
}
"""lstm_ref's messages name the command line's options; the page names its own fields."""


def limits() -> dict:
    """The bounds lstm_ref puts on what it reads, so the calculator stops where it stops."""
    from lstm_ref import limits as bounds

    return {"max_size": bounds.MAX_SIZE, "max_nesting": bounds.MAX_NESTING,
            "max_call_chars": bounds.MAX_CALL_CHARS, "max_source_chars": bounds.MAX_SOURCE_CHARS}


def invisible_names() -> dict:
    """Unicode's name of each invisible character that has one (format characters and
    separators), by hex code point: lstm_ref names them so in its messages.

    Going through every code point takes half a second: the result is kept for the process
    (on the unicodedata module, which `mkdocs serve` does not reload with this hook)."""
    cache = getattr(unicodedata, "_keras_lstm_shapes_invisible", None)
    if cache is None or cache[0] != unicodedata.unidata_version:
        cache = (unicodedata.unidata_version, _invisible_names())
        unicodedata._keras_lstm_shapes_invisible = cache
    return dict(cache[1])


def _invisible_names() -> dict:
    names = {}
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp") and ch != " ":
            name = unicodedata.name(ch, "")
            if name:
                names[f"{code:04X}"] = name
    return names


def shared_data() -> dict:
    """lstm_ref's catalog data (catalog.shared_data), with the merge modes, the limits and
    the page's words for the command line's options."""
    data = catalog.shared_data()
    data["merge_modes"] = list(specs.MERGE_MODES)
    data["limits"] = limits()
    data["char_names"] = invisible_names()
    data["page_words"] = PAGE_WORDS
    return data


def data_element(data: dict) -> str:
    """The data as JSON in the data-json attribute of a hidden element."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    value = html.escape(text, quote=False).replace("'", "&#x27;")
    return f"<div id=\"{ELEMENT_ID}\" hidden data-json='{value}'></div>"


def on_page_content(html_text, page, config, files):
    if page.file.src_uri == PAGE:
        return html_text + data_element(shared_data())
    return html_text
