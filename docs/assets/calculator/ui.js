/* The calculator page: a form for the input and the layers, a text box for pasted layer calls,
   and results recomputed on every change. It starts wherever an element with the id
   "lstm-calculator" appears: on a full page load, and after each of Material's instant
   navigations (document$). window.lstmCalculator drives it from tests. */
(function (calc) {
  "use strict";

  const MAX_LAYERS = 12;
  const KINDS = ["LSTM", "GRU", "SimpleRNN", "Dense"];
  const FLAGS = ["return_sequences", "return_state", "use_bias", "stateful", "reset_after"];
  const MERGE_OPTIONS = ["concat", "sum", "mul", "ave", "None"];
  const DEFAULT_STATE = {
    batch: "None", timesteps: "10", features: "64",
    layers: [{ kind: "LSTM", units: "32" }, { kind: "Dense", units: "2" }],
  };

  /* An error to show next to one part of the form: `scope` holds the message element. */
  class InputError extends Error {
    constructor(message, scope, control) {
      super(message);
      Object.assign(this, { scope, control });
    }
  }

  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : value);
    }
    el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
    return el;
  }

  const code = (text, cls) => h("code", { class: cls }, text);
  /* A code block; focusable, so that a keyboard can scroll it when it is wider than the page. */
  const block = (text, cls) => h("pre", {}, h("code", { class: cls, tabindex: "0" }, text));

  /* ---- reading numbers typed into the form ------------------------------------------------ */

  function typed(control) {
    const text = control.value.trim();
    return text ? `got ${calc.strRepr(text)}` : "the field is empty";
  }

  function positiveInt(control, what, example, scope) {
    const text = control.value.trim();
    if (/^\d+$/.test(text) && BigInt(text) >= 1n) return BigInt(text);
    throw new InputError(`${what}: expected a positive integer such as ${example}; ` +
                         `${typed(control)}`, scope, control);
  }

  function dimension(control, what, example, none, scope) {
    if (/^none$/i.test(control.value.trim())) return null;
    const text = control.value.trim();
    if (/^\d+$/.test(text) && BigInt(text) >= 1n) return BigInt(text);
    throw new InputError(`${what}: expected a positive integer such as ${example}, or None ` +
                         `for ${none}; ${typed(control)}`, scope, control);
  }

  /* ---- building the form ------------------------------------------------------------------ */

  function field(id, label, hint, value) {
    const input = h("input", { id, type: "text", inputmode: "numeric", autocomplete: "off",
                               spellcheck: "false", value, "aria-describedby": `${id}-hint` });
    const wrapper = h("div", { class: "calc-field" },
                      h("label", { for: id }, label), input,
                      h("span", { class: "calc-hint", id: `${id}-hint` }, hint));
    return { wrapper, input };
  }

  function checkbox(id, label, checked) {
    const input = h("input", { id, type: "checkbox", checked });
    return { input, wrapper: h("div", { class: "calc-check" }, input,
                                h("label", { for: id }, code(label))) };
  }

  function select(id, label, options) {
    const input = h("select", { id }, options.map((o) => h("option", { value: o }, o)));
    return { input, wrapper: h("div", { class: "calc-field" }, h("label", { for: id }, label),
                               input) };
  }

  function layerRow(ui) {
    const id = `${ui.id}-layer${++ui.serial}`;
    const kind = select(`${id}-kind`, "Layer", KINDS);
    const units = field(`${id}-units`, "units", "width of h (or of the Dense output)", "32");
    const bidirectional = checkbox(`${id}-bidirectional`, "Bidirectional", false);
    const mergeMode = select(`${id}-merge`, "merge_mode", MERGE_OPTIONS);
    const flags = {};
    for (const name of FLAGS) {
      flags[name] = checkbox(`${id}-${name}`, name, name === "use_bias" || name === "reset_after");
    }
    const error = h("p", { class: "calc-message", id: `${id}-error`, hidden: true });
    const legend = h("legend");
    const remove = h("button", { type: "button", class: "calc-button calc-remove" });
    const fieldset = h("fieldset", { class: "calc-layer-fields" }, legend,
      h("div", { class: "calc-fields" }, kind.wrapper, units.wrapper),
      h("div", { class: "calc-checks" }, bidirectional.wrapper, mergeMode.wrapper,
        FLAGS.map((name) => flags[name].wrapper)),
      error, remove);
    const row = { el: h("li", {}, fieldset), kind, units, bidirectional, mergeMode, flags,
                  error, legend, remove };
    remove.addEventListener("click", () => removeRow(ui, row));
    return row;
  }

  /* Show only the controls that mean something for the chosen kind. */
  function showRelevant(row) {
    const dense = row.kind.input.value === "Dense";
    row.bidirectional.wrapper.hidden = dense;
    row.mergeMode.wrapper.hidden = dense || !row.bidirectional.input.checked;
    for (const name of ["return_sequences", "return_state", "stateful"]) {
      row.flags[name].wrapper.hidden = dense;
    }
    row.flags.reset_after.wrapper.hidden = row.kind.input.value !== "GRU";
  }

  function renumber(ui) {
    ui.rows.forEach((row, i) => {
      row.legend.textContent = `Layer ${i + 1}`;
      row.remove.textContent = `Remove layer ${i + 1}`;
      row.remove.hidden = ui.rows.length === 1;
    });
    ui.add.disabled = ui.rows.length >= MAX_LAYERS;
  }

  function addRow(ui) {
    const row = layerRow(ui);
    ui.rows.push(row);
    ui.list.append(row.el);
    showRelevant(row);
    renumber(ui);
    return row;
  }

  function removeRow(ui, row) {
    const index = ui.rows.indexOf(row);
    ui.rows.splice(index, 1);
    row.el.remove();
    renumber(ui);
    (ui.rows[index] || ui.rows[index - 1]).kind.input.focus();
    update(ui);
  }

  function build(root) {
    const ui = { root, id: root.id, serial: 0, rows: [] };
    const batch = field(`${ui.id}-batch`, "batch", "sequences per batch, or None", "None");
    const timesteps = field(`${ui.id}-timesteps`, "timesteps", "steps per sequence, or None",
                            "10");
    const features = field(`${ui.id}-features`, "features", "numbers in each step", "64");
    Object.assign(ui, { batch: batch.input, timesteps: timesteps.input,
                        features: features.input });
    ui.inputError = h("p", { class: "calc-message", id: `${ui.id}-input-error`, hidden: true });
    ui.list = h("ol", { class: "calc-layers" });
    ui.add = h("button", { type: "button", class: "calc-button" }, "Add a layer");
    ui.add.addEventListener("click", () => {
      const row = addRow(ui);
      row.kind.input.focus();
      update(ui);
    });
    ui.form = h("form", { class: "calc-form", "aria-labelledby": `${ui.id}-form-title` },
      h("h2", { id: `${ui.id}-form-title` }, "Your layers"),
      h("fieldset", { class: "calc-input-fields" },
        h("legend", {}, "Input ", code(calc.ORDER)),
        h("div", { class: "calc-fields" }, batch.wrapper, timesteps.wrapper, features.wrapper),
        ui.inputError),
      ui.list, ui.add);
    ui.form.addEventListener("submit", (event) => event.preventDefault());
    ui.form.addEventListener("input", () => update(ui));
    ui.form.addEventListener("change", (event) => {
      const row = ui.rows.find((r) => r.el.contains(event.target));
      if (row) showRelevant(row);
      update(ui);
    });

    ui.text = h("textarea", { id: `${ui.id}-paste`, rows: "3", spellcheck: "false",
                              autocomplete: "off", "aria-describedby": `${ui.id}-paste-hint` });
    ui.pasteError = h("p", { class: "calc-message", id: `${ui.id}-paste-error`, hidden: true });
    ui.paste = h("form", { class: "calc-paste" },
      h("label", { for: ui.text.id }, "Or paste layer calls, one per line"),
      ui.text,
      h("span", { class: "calc-hint", id: `${ui.id}-paste-hint` },
        "Keras call syntax, as ", code("python -m lstm_ref explain"), " reads it, e.g. ",
        code("Bidirectional(LSTM(64, return_sequences=True), merge_mode='sum')"),
        "; ", code("input_shape=(timesteps, features)"), " in the first call sets the input. ",
        "Ctrl+Enter also applies."),
      h("button", { type: "submit", class: "calc-button" }, "Use these layers"),
      ui.pasteError);
    ui.paste.addEventListener("submit", (event) => {
      event.preventDefault();
      applyText(ui, ui.text.value);
    });
    ui.text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) ui.paste.requestSubmit();
    });

    ui.status = h("p", { class: "calc-status", role: "status", "aria-live": "polite" });
    ui.body = h("div", { class: "calc-results-body" });
    const results = h("section", { class: "calc-results", "aria-labelledby": `${ui.id}-results` },
      h("h2", { id: `${ui.id}-results` }, "Results"), ui.status, ui.body);
    root.replaceChildren(ui.form, ui.paste, results);
    return ui;
  }

  /* ---- form state ------------------------------------------------------------------------- */

  function specOf(row, index) {
    const kind = row.kind.input.value;
    const units = positiveInt(row.units.input, `Layer ${index} units`, "32", row);
    const flag = (name) => row.flags[name].input.checked;
    if (kind === "Dense") return calc.makeSpec("Dense", { units, use_bias: flag("use_bias") });
    const fields = { units };
    for (const name of FLAGS) {
      if (name !== "reset_after" || kind === "GRU") fields[name] = flag(name);
    }
    const spec = calc.makeSpec(kind, fields);
    if (!row.bidirectional.input.checked) return spec;
    const mode = row.mergeMode.input.value === "None" ? null : row.mergeMode.input.value;
    return calc.makeSpec("Bidirectional", { layer: spec, merge_mode: mode });
  }

  /* The summary for what the form says, or an InputError naming what was expected. */
  function compute(ui) {
    const input = ui.inputError;
    const batch = dimension(ui.batch, "batch", "32", "any batch size", input);
    const timesteps = dimension(ui.timesteps, "timesteps", "10", "sequences of any length", input);
    const features = positiveInt(ui.features, "features", "64", input);
    const specs = ui.rows.map((row, i) => specOf(row, i + 1));
    try {
      return calc.summarize(specs, [timesteps, features], batch);
    } catch (error) {
      if (!(error instanceof calc.CalcError)) throw error;
      throw new InputError(error.message, error.layer ? ui.rows[error.layer - 1] : input);
    }
  }

  /* Put a state ({batch, timesteps, features, layers: [...]}, all as typed) into the form. */
  function setForm(ui, state) {
    for (const name of ["batch", "timesteps", "features"]) {
      if (name in state) ui[name].value = state[name];
    }
    if (!state.layers) return;
    while (ui.rows.length < state.layers.length) addRow(ui);
    while (ui.rows.length > state.layers.length) ui.rows.pop().el.remove();
    state.layers.forEach((layer, i) => {
      const row = ui.rows[i];
      row.kind.input.value = layer.kind;
      row.units.input.value = layer.units;
      row.bidirectional.input.checked = Boolean(layer.bidirectional);
      row.mergeMode.input.value = layer.merge_mode === null ? "None"
        : layer.merge_mode || "concat";
      for (const name of FLAGS) {
        const fallback = name === "use_bias" || name === "reset_after";
        row.flags[name].input.checked = name in layer ? Boolean(layer[name]) : fallback;
      }
      showRelevant(row);
    });
    renumber(ui);
  }

  /* A spec (from the parser) as form state. */
  function formLayer(spec) {
    const cell = spec.kind === "Bidirectional" ? spec.layer : spec;
    const layer = Object.assign({}, cell, { units: cell.units.toString() });
    if (spec.kind === "Bidirectional") {
      Object.assign(layer, { bidirectional: true, merge_mode: spec.merge_mode });
    }
    return layer;
  }

  /* Read pasted calls; on success they replace the form's layers (and input, if given). */
  function applyText(ui, text) {
    ui.pasteError.hidden = true;
    markValid(ui.text);
    try {
      const calls = calc.splitCalls(text);
      if (!calls.length) calc.parseLayer(text);
      if (calls.length > MAX_LAYERS) {
        throw new calc.CalcError(`the calculator stacks at most ${MAX_LAYERS} layers, got ` +
                                 `${calls.length} calls`);
      }
      const parsed = calls.map((call, i) => {
        try {
          return calc.parseLayer(call);
        } catch (error) {
          if (error instanceof calc.CalcError && calls.length > 1) {
            error.message = `call ${i + 1}: ${error.message}`;
          }
          throw error;
        }
      });
      const state = { layers: parsed.map((p) => formLayer(p.layer)) };
      const shape = parsed[0].inputShape;
      if (shape) {
        calc.stackInput(shape, null);  // lstm_ref's checks of input_shape=(timesteps, features)
        Object.assign(state, { timesteps: calc.repr(shape[0]), features: calc.repr(shape[1]) });
      }
      setForm(ui, state);
    } catch (error) {
      if (!(error instanceof calc.CalcError)) throw error;
      showMessage(ui.pasteError, ui.text, error.message);
      ui.status.textContent = error.message;
      return false;
    }
    update(ui);
    return true;
  }

  /* ---- results ---------------------------------------------------------------------------- */

  function weightTable(row, index) {
    return h("div", { class: "calc-weights" }, h("table", {},
      h("caption", {}, `Weights of layer ${index}`),
      h("thead", {}, h("tr", {}, ["weight", "shape", "params", "connects"].map(
        (name) => h("th", { scope: "col" }, name)))),
      h("tbody", {}, row.weights.map((w) => h("tr", {},
        h("td", {}, code(w.name)), h("td", {}, code(calc.shapeText(w.shape))),
        h("td", { class: "calc-number" }, w.count.toString()), h("td", {}, w.role))))));
  }

  function layerBlock(ui, row, index) {
    const described = calc.describeOutput(row.layer);
    const timesteps = row.inputShape.length === 3 ? row.inputShape[1] : null;
    const note = row.layer.kind !== "Dense" && timesteps !== null;
    return h("div", { class: "calc-layer", "data-index": String(index) },
      h("h3", { id: `${ui.id}-layer-${index}` }, `Layer ${index}: `,
        code(calc.callText(row.layer), "calc-call")),
      h("p", {}, "input ", code(calc.shapeText(row.inputShape), "calc-input-shape")),
      weightTable(row, index),
      h("p", {}, "params = ", code(row.formula.text, "calc-formula")),
      h("p", {}, "output ", code(calc.shapeText(row.outputShape), "calc-output-shape"),
        described ? h("span", { class: "calc-described" }, `: ${described}`) : null),
      note ? h("p", { class: "calc-note" }, `timesteps (${timesteps}) appears nowhere above: ` +
               "the same weights are applied at every step.") : null);
  }

  function copyButton(text) {
    const feedback = h("span", { class: "calc-hint", role: "status" });
    const button = h("button", { type: "button", class: "calc-button" }, "Copy the code");
    button.addEventListener("click", () => {
      const done = () => { feedback.textContent = "Copied."; };
      const failed = () => { feedback.textContent = "Copying is blocked here: select the code."; };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, failed);
      else failed();
    });
    return h("p", {}, button, " ", feedback);
  }

  function permalink(summary) {
    const [batch, timesteps, features] = summary.inputShape;
    const query = new URLSearchParams({
      batch: calc.repr(batch), input: `${calc.repr(timesteps)},${features}`,
      layers: summary.layers.map((row) => calc.callText(row.layer)).join("\n"),
    });
    return h("a", { class: "calc-link", href: `?${query}` }, "Link to this calculation");
  }

  function renderSummary(ui, summary) {
    const keras = calc.kerasCode(summary);
    ui.body.dataset.state = "ok";
    ui.body.replaceChildren(
      h("p", {}, `Input ${calc.ORDER}: `, code(calc.shapeText(summary.inputShape),
                                               "calc-stack-input")),
      ...summary.layers.map((row, i) => layerBlock(ui, row, i + 1)),
      h("p", { class: "calc-total" }, "Total params: ",
        h("strong", { class: "calc-total-value" }, summary.params.toString())),
      h("h3", { id: `${ui.id}-keras` }, "Keras 3 code"),
      block(keras, "calc-code"),
      copyButton(keras),
      h("h3", { id: `${ui.id}-cli` }, "The same question for lstm_ref"),
      block(calc.cliCommand(summary), "calc-cli"),
      h("p", {}, permalink(summary)));
    ui.status.textContent = `Total params: ${summary.params}; output ` +
                            `${calc.shapeText(summary.outputShape)}.`;
  }

  /* Show `message` in `element`; mark `control` invalid and let it be described by the message. */
  function showMessage(element, control, message) {
    element.textContent = message;
    element.hidden = false;
    if (control) {
      control.dataset.hint = control.getAttribute("aria-describedby") || "";
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", `${control.dataset.hint} ${element.id}`.trim());
    }
  }

  function markValid(control) {
    if (!control.hasAttribute("aria-invalid")) return;
    control.removeAttribute("aria-invalid");
    if (control.dataset.hint) control.setAttribute("aria-describedby", control.dataset.hint);
    else control.removeAttribute("aria-describedby");
  }

  function clearMessages(ui) {
    for (const element of [ui.inputError].concat(ui.rows.map((row) => row.error))) {
      element.hidden = true;
      element.textContent = "";
    }
    ui.form.querySelectorAll("[aria-invalid]").forEach(markValid);
  }

  /* Recompute from the form; an error replaces the results and is shown where it belongs. */
  function update(ui) {
    clearMessages(ui);
    let summary;
    try {
      summary = compute(ui);
    } catch (error) {
      const known = error instanceof InputError;
      const message = known ? error.message
        : `The calculator failed on this input (${error.message}); please report it, and ` +
          "meanwhile ask python -m lstm_ref explain.";
      if (known) showMessage(error.scope.error || error.scope, error.control, message);
      ui.body.dataset.state = "error";
      ui.body.replaceChildren(h("p", { class: "calc-message calc-error" }, message));
      ui.status.textContent = message;
      return;
    }
    renderSummary(ui, summary);
  }

  /* ---- start-up --------------------------------------------------------------------------- */

  /* A calculation linked as ?batch=...&input=T,F&layers=... (see permalink). */
  function loadLocation(ui) {
    const query = new URLSearchParams(window.location.search);
    if (query.has("batch")) ui.batch.value = query.get("batch");
    if (query.has("input")) {
      const [timesteps, features] = query.get("input").split(",");
      ui.timesteps.value = timesteps || "";
      ui.features.value = features || "";
    }
    update(ui);
    if (query.has("layers")) {
      ui.text.value = query.get("layers");
      applyText(ui, ui.text.value);
    }
  }

  function init(root) {
    if (root.dataset.ready) return;
    const ui = build(root);
    setForm(ui, DEFAULT_STATE);
    loadLocation(ui);
    root.dataset.ready = "true";
    window.lstmCalculator = {
      setState(state) { setForm(ui, state); update(ui); },
      paste(text) { ui.text.value = text; return applyText(ui, text); },
    };
  }

  function start() {
    const root = document.getElementById("lstm-calculator");
    if (root) init(root);
  }

  // Each page load starts it; so does each of Material's instant navigations (document$).
  // Both are needed: opened from disk, Material's document$ completes without emitting.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  }
})(window.LstmCalc = window.LstmCalc || {});
