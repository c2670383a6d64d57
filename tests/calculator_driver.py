"""Drive the calculator page in Chromium and read back what it shows, for comparison with lstm_ref.

The reader below looks only at the rendered page (text of the elements a reader sees), never
at the calculator's internal objects; lstm_ref, computed live in the test, gives the expected
values.
"""

from __future__ import annotations

import re
from pathlib import Path

import lstm_ref as lr
from lstm_ref.report import describe_output, shape_text

from browser_support import wait_for_material

ROOT_ID = "lstm-calculator"

# Everything the page shows, as text. `hidden` messages count as absent; `copies` counts the
# text nodes a sighted reader sees that hold the message (it must be shown once, not thrice).
READ = """
(root) => {
  const text = (el) => (el ? el.textContent : null);
  const visible = (el) => (el && !el.hidden ? el.textContent : null);
  const seen = (node) => {
    const el = node.parentElement;
    return !el.closest("[hidden], .calc-visually-hidden") && el.checkVisibility();
  };
  const body = root.querySelector(".calc-results-body");
  const summary = root.querySelector(".calc-summary");
  const messages = [...root.querySelectorAll(".calc-message")].filter((el) => !el.hidden)
    .map((el) => el.textContent);
  const copies = (message) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let count = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.data.includes(message) && seen(node)) count += 1;
    }
    return count;
  };
  return {
    state: body.dataset.state,
    error: messages.length ? messages.join(" | ") : null,
    copies: messages.map(copies),
    paste_error: visible(root.querySelector(".calc-paste .calc-message")),
    field_errors: [...root.querySelectorAll(".calc-form .calc-message")]
      .filter((el) => !el.hidden).map((el) => el.textContent),
    no_result: text(body.querySelector(".calc-no-result")),
    summary_state: summary.dataset.state,
    summary: [...summary.children].filter((el) => !el.matches(".calc-visually-hidden"))
      .map((el) => el.textContent).join(" "),
    summary_total: text(summary.querySelector(".calc-summary-total")),
    summary_output: text(summary.querySelector(".calc-summary-output")),
    announced: text(summary),
    invalid: [...root.querySelectorAll("[aria-invalid=true]")].map((el) => ({
      label: [...el.labels].map((l) => l.textContent).join(" "),
      described_by: (el.getAttribute("aria-describedby") || "").split(" ")
        .map((id) => text(document.getElementById(id))),
    })),
    highlighted: [...root.querySelectorAll(".calc-has-error")].map(
      (el) => text(el.querySelector("legend"))),
    input: text(body.querySelector(".calc-stack-input")),
    layers: [...body.querySelectorAll(".calc-layer")].map((el) => ({
      call: text(el.querySelector(".calc-call")),
      input: text(el.querySelector(".calc-input-shape")),
      weights: [...el.querySelectorAll("tbody tr")].map(
        (tr) => [...tr.cells].map((td) => td.textContent)),
      formula: text(el.querySelector(".calc-formula")),
      output: text(el.querySelector(".calc-output-shape")),
      described: (text(el.querySelector(".calc-described")) || "").replace(/^: /, ""),
      note: text(el.querySelector(".calc-note")),
      trainable: text(el.querySelector(".calc-layer-trainable")),
      frozen: text(el.querySelector(".calc-layer-frozen")),
    })),
    total: text(body.querySelector(".calc-total-value")),
    trainable: text(body.querySelector(".calc-trainable-value")),
    frozen: text(body.querySelector(".calc-non-trainable-value")),
    code: text(body.querySelector(".calc-code")),
    cli: text(body.querySelector(".calc-cli")),
    form: {
      batch: root.querySelector("[id$=-batch]").value,
      timesteps: root.querySelector("[id$=-timesteps]").value,
      features: root.querySelector("[id$=-features]").value,
      layers: [...root.querySelectorAll(".calc-layer-fields")].map((set) => {
        const value = (suffix) => set.querySelector(`[id$=${suffix}]`);
        const layer = { kind: value("-kind").value, units: value("-units").value,
                        bidirectional: value("-bidirectional").checked,
                        merge_mode: value("-merge").value };
        for (const box of set.querySelectorAll(".calc-checks input[type=checkbox]")) {
          const name = box.id.replace(/^.*-layer\\d+-/, "");
          if (name !== "bidirectional" && !box.closest("[hidden]")) layer[name] = box.checked;
        }
        return layer;
      }),
    },
    all_text: root.innerText,
  };
}
"""

# Bulk driving: each case sets the form through window.lstmCalculator.setState, or types text
# into the paste box and submits its form, then the page is read.
DRIVE = """
(cases) => {
  const root = document.getElementById("%s");
  const reader = %s;
  const box = root.querySelector(".calc-paste textarea");
  return cases.map((c) => {
    if (c.form) window.lstmCalculator.setState(c.form);
    if (c.text !== undefined) {
      box.value = c.text;
      box.form.requestSubmit();
    }
    return reader(root);
  });
}
""" % (ROOT_ID, READ.strip())


def page_path(site: Path, name: str) -> str:
    """The URL path of page `name` in the built site, with or without directory URLs."""
    if (site / f"{name}.html").exists():
        return f"{name}.html"
    return f"{name}/"


def open_calculator(page, site_url: str, site: Path, query: str = ""):
    """Load the calculator page and wait until its script has started."""
    page.goto(site_url + page_path(site, "calculator") + query)
    page.wait_for_selector(f"#{ROOT_ID}[data-ready=true]")
    wait_for_material(page)
    return page


def shown(page) -> dict:
    return page.eval_on_selector(f"#{ROOT_ID}", READ)


def drive(page, cases: list[dict]) -> list[dict]:
    return page.evaluate(DRIVE, cases)


def dim(value) -> str:
    return "None" if value is None else str(value)


def form_layer(spec) -> dict:
    """An lstm_ref spec as the calculator's form state (what a reader would set by hand)."""
    cell = spec.layer if isinstance(spec, lr.Bidirectional) else spec
    layer = {"kind": cell.kind, "units": str(cell.units)}
    for name in ("return_sequences", "return_state", "use_bias", "stateful", "reset_after"):
        if hasattr(cell, name):
            layer[name] = getattr(cell, name)
    if isinstance(spec, lr.Bidirectional):
        layer.update(bidirectional=True, merge_mode=spec.merge_mode)
    return layer


def form_state(specs, timesteps, features, batch) -> dict:
    return {"batch": dim(batch), "timesteps": dim(timesteps), "features": str(features),
            "layers": [form_layer(spec) for spec in specs]}


def expected(specs, timesteps, features, batch) -> dict:
    """What the page must show, from lstm_ref: the figures, or lstm_ref's error message."""
    try:
        summary = lr.summarize(specs, (timesteps, features), batch)
    except lr.LstmRefError as error:
        return {"state": "error", "error": str(error)}
    layers = []
    for row in summary.layers:
        steps = row.input_shape[1] if len(row.input_shape) == 3 else None
        layers.append({
            "call": str(row.layer),
            "input": shape_text(row.input_shape),
            "weights": [[w.name, shape_text(w.shape), str(w.count), w.role] for w in row.weights],
            "formula": str(row.formula),
            "output": shape_text(row.output_shape),
            "described": describe_output(row.layer),
            "note": (f"timesteps ({steps}) appears nowhere above: the same weights are applied "
                     "at every step." if steps is not None and not isinstance(row.layer, lr.Dense)
                     else None),
            "trainable": str(row.trainable_params),
            "frozen": str(row.non_trainable_params),
        })
    return {"state": "ok", "error": None, "input": shape_text(summary.input_shape),
            "layers": layers, "total": str(summary.params),
            "trainable": str(summary.trainable_params),
            "frozen": str(summary.non_trainable_params)}


def without_detail(message: str) -> str:
    """A syntax error's message without the parser's own words in brackets ("at character 21:
    invalid syntax. Perhaps you forgot a comma?"), which only Python's parser says."""
    return re.sub(r" as a layer call \(at .*\): expected Keras call syntax",
                  " as a layer call: expected Keras call syntax", message)


def differences(seen: dict, want: dict) -> dict:
    """The keys of `want` whose values the page does not show: {key: (shown, expected)}."""
    return {key: (seen.get(key), value) for key, value in want.items() if seen.get(key) != value}
