/* The calculator page: a form for the input and the layers, a text box for pasted layer calls,
   and results recomputed on every change, with a compact summary that stays in view. It
   starts wherever an element with the id "lstm-calculator" appears: on a full page load, and
   after each of Material's instant navigations (document$). The data it shares with lstm_ref
   is read from the page (<div id="lstm-calc-data" data-json>, written at build).
   window.lstmCalculator drives it from tests.

   Never a stale answer: whenever the input cannot be computed, the results are replaced by a
   pointer to the one message that says why, shown next to the field or box it is about. */
(function (calc) {
  "use strict";
  // Material's instant navigation runs the page's scripts again: each file defines once.
  calc.loaded = calc.loaded || {};
  if (calc.loaded.ui) {  // already subscribed to document$; start on this page's content
    if (calc.start) calc.start();
    return;
  }
  calc.loaded.ui = true;

  const MAX_LAYERS = 12;
  const FORM_KINDS = ["LSTM", "GRU", "SimpleRNN", "Bidirectional", "Dense"];
  const MERGE_NONE = "None";
  const DEFAULT_STATE = {
    batch: "None", timesteps: "10", features: "64", layers: [{ kind: "LSTM", units: "32" }],
  };
  const DATA_ID = "lstm-calc-data";
  const URL_DELAY = 250;  // ms of quiet before the address bar follows the form

  /* An error to show next to one part of the form: `scope` holds the message element,
     `control` (if any) is the field to mark invalid. */
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
      else el.setAttribute(key, value === true ? "" : value);
    }
    el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
    return el;
  }

  const code = (text, cls) => h("code", { class: cls }, text);
  /* A code block; focusable, so that a keyboard can scroll it when it is wider than the page. */
  const block = (text, cls) => h("pre", {}, h("code", { class: cls, tabindex: "0" }, text));

  /* lstm_ref's messages name the command line's options; the page names its fields. Any
     invisible or direction-changing character left in a message is shown as an escape, so
     that a right-to-left override typed by a reader never reorders what the page says. */
  function pageWords(message) {
    let text = message;
    for (const [flag, words] of Object.entries(calc.SHARED.pageWords)) {
      text = text.split(flag).join(words);
    }
    return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
      (ch) => `\\u${ch.codePointAt(0).toString(16).padStart(4, "0")}`);
  }

  /* ---- reading numbers typed into the form ------------------------------------------------ */

  function typed(control) {
    const text = control.value.trim();
    if (!text) return "the field is empty";
    const chars = Array.from(text);
    const odd = chars.findIndex((ch) => calc.nameCharacter(ch));
    const named = odd < 0 ? "" : `: character ${odd + 1} is an invisible character, ` +
      `${calc.characterName(chars[odd])}: ${calc.nameCharacter(chars[odd])}`;
    return `got ${calc.excerptRepr(text)}${named}`;
  }

  /* A size typed in a field: ASCII digits, at most lstm_ref's largest size (limits.parse_size),
     or None where `none` says what None means. */
  function size(control, what, example, scope, none) {
    const text = control.value.trim();
    if (none && /^none$/i.test(text)) return null;
    const max = calc.SHARED.limits.maxSize;
    const orNone = none ? `, or None for ${none}` : "";
    if (/^[0-9]+$/.test(text)) {
      const digits = text.replace(/^0+/, "");
      if (digits.length > max.toString().length || (digits && BigInt(digits) > max)) {
        throw new InputError(`${what}: expected a positive integer up to ${max}${orNone}; ` +
                             `${typed(control)}`, scope, control);
      }
      if (digits) return BigInt(digits);
    }
    throw new InputError(`${what}: expected a positive integer such as ${example}${orNone}; ` +
                         `${typed(control)}`, scope, control);
  }

  const positiveInt = (control, what, example, scope) => size(control, what, example, scope);
  const dimension = (control, what, example, none, scope) =>
    size(control, what, example, scope, none);

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

  /* The kinds a row can be (Bidirectional is a wrapper, a checkbox), and every True/False
     argument of any of them, in lstm_ref's field order. */
  function formKinds() {
    return calc.COMPUTED.filter((kind) => !calc.SHARED.kinds[kind].wrapper);
  }

  function formFlags() {
    const flags = [];
    for (const kind of formKinds()) {
      for (const [name, value] of Object.entries(calc.DEFAULTS[kind])) {
        if (typeof value === "boolean" && !flags.includes(name)) flags.push(name);
      }
    }
    return flags;
  }

  function flagDefault(name) {
    for (const kind of formKinds()) {
      if (name in calc.DEFAULTS[kind]) return calc.DEFAULTS[kind][name];
    }
    return false;
  }

  function layerRow(ui) {
    const id = `${ui.id}-layer${++ui.serial}`;
    const kind = select(`${id}-kind`, "Layer", formKinds());
    const units = field(`${id}-units`, "units", "width of h (or of the Dense output)", "32");
    const bidirectional = checkbox(`${id}-bidirectional`, "Bidirectional", false);
    const mergeMode = select(`${id}-merge`, "merge_mode",
      calc.MERGE_MODES.map((mode) => (mode === null ? MERGE_NONE : mode)));
    const flags = {};
    for (const name of ui.flags) flags[name] = checkbox(`${id}-${name}`, name, flagDefault(name));
    const error = h("p", { class: "calc-message", id: `${id}-error`, dir: "ltr", hidden: true });
    const legend = h("legend");
    const remove = h("button", { type: "button", class: "calc-button calc-remove" });
    const fieldset = h("fieldset", { class: "calc-layer-fields" }, legend,
      h("div", { class: "calc-fields" }, kind.wrapper, units.wrapper),
      h("div", { class: "calc-checks" }, bidirectional.wrapper, mergeMode.wrapper,
        ui.flags.map((name) => flags[name].wrapper)),
      error, remove);
    const row = { el: h("li", {}, fieldset), fieldset, kind, units, bidirectional, mergeMode,
                  flags, error, legend, remove };
    remove.addEventListener("click", () => removeRow(ui, row));
    return row;
  }

  /* Show only the controls that mean something for the chosen kind. */
  function showRelevant(row) {
    const kind = row.kind.input.value;
    const recurrent = calc.RECURRENT.includes(kind);
    row.bidirectional.wrapper.hidden = !recurrent;
    row.mergeMode.wrapper.hidden = !recurrent || !row.bidirectional.input.checked;
    for (const [name, flag] of Object.entries(row.flags)) {
      flag.wrapper.hidden = !(name in calc.DEFAULTS[kind]);
    }
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
    if (index < 0 || ui.rows.length === 1) return;
    ui.rows.splice(index, 1);
    row.el.remove();
    renumber(ui);
    (ui.rows[index] || ui.rows[index - 1]).kind.input.focus();
    update(ui);
  }

  /* The layer that "Add a layer" appends: one Keras accepts after the current last layer
     (a recurrent layer after a sequence, a Dense after a vector), or null when the last
     layer returns several tensors, after which nothing can follow. */
  function nextLayer(ui) {
    let summary = null;
    try {
      summary = compute(ui);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
    const sequence = { kind: "LSTM", units: "32" };
    const vector = { kind: "Dense", units: "1" };
    if (summary) {
      const output = summary.outputShape;
      if (calc.isList(output)) return null;
      return output.length === 3 ? sequence : vector;
    }
    const last = ui.rows[ui.rows.length - 1];
    const kind = last.kind.input.value;
    if (!calc.RECURRENT.includes(kind)) return vector;
    const flag = (name) => last.flags[name] && last.flags[name].input.checked;
    if (flag("return_state") || (last.bidirectional.input.checked &&
                                 last.mergeMode.input.value === MERGE_NONE)) return null;
    return flag("return_sequences") ? sequence : vector;
  }

  function addLayer(ui) {
    const layer = nextLayer(ui);
    if (!layer) {
      const n = ui.rows.length;
      ui.addNote.textContent = `Layer ${n} returns several tensors (return_state=True or ` +
        "merge_mode=None), so no layer can follow it in a stack: change that first.";
      ui.addNote.hidden = false;
      return;
    }
    const row = addRow(ui);
    setRow(row, layer);
    row.kind.input.focus();
    update(ui);
  }

  function build(root) {
    const ui = { root, id: root.id, serial: 0, rows: [], flags: formFlags(), urlTimer: null };
    const batch = field(`${ui.id}-batch`, "batch", "sequences per batch, or None", "None");
    const timesteps = field(`${ui.id}-timesteps`, "timesteps", "steps per sequence, or None",
                            "10");
    const features = field(`${ui.id}-features`, "features", "numbers in each step", "64");
    Object.assign(ui, { batch: batch.input, timesteps: timesteps.input,
                        features: features.input,
                        batchHint: batch.wrapper.querySelector(".calc-hint") });
    ui.batchHintText = ui.batchHint.textContent;
    ui.inputError = h("p", { class: "calc-message", id: `${ui.id}-input-error`, dir: "ltr",
                             hidden: true });
    ui.inputFields = h("fieldset", { class: "calc-input-fields" },
      h("legend", {}, "Input ", code(calc.ORDER)),
      h("div", { class: "calc-fields" }, batch.wrapper, timesteps.wrapper, features.wrapper),
      ui.inputError);
    ui.list = h("ol", { class: "calc-layers" });
    ui.add = h("button", { type: "button", class: "calc-button" }, "Add a layer");
    ui.addNote = h("p", { class: "calc-hint calc-add-note", role: "status", hidden: true });
    ui.add.addEventListener("click", () => addLayer(ui));
    ui.modelNote = h("p", { class: "calc-hint calc-model-note", hidden: true });
    ui.formMode = h("button", { type: "button", class: "calc-button", hidden: true },
                    "Use the form's layers instead");
    ui.formMode.addEventListener("click", () => { setModel(ui, null); update(ui); });
    ui.form = h("form", { class: "calc-form", "aria-labelledby": `${ui.id}-form-title` },
      h("h2", { id: `${ui.id}-form-title` }, "Your model"),
      ui.inputFields, ui.modelNote, ui.formMode, ui.list, ui.add, ui.addNote);
    ui.form.addEventListener("submit", (event) => event.preventDefault());
    ui.form.addEventListener("input", () => update(ui));
    ui.form.addEventListener("change", (event) => {
      const row = ui.rows.find((r) => r.el.contains(event.target));
      if (row) showRelevant(row);
      update(ui);
    });

    ui.text = h("textarea", { id: `${ui.id}-paste`, rows: "3", spellcheck: "false",
                              autocomplete: "off", "aria-describedby": `${ui.id}-paste-hint` });
    ui.pasteError = h("p", { class: "calc-message", id: `${ui.id}-paste-error`, dir: "ltr",
                             hidden: true });
    ui.paste = h("form", { class: "calc-paste" },
      h("label", { for: ui.text.id }, "Or paste layer calls, one per line"),
      ui.text,
      h("span", { class: "calc-hint", id: `${ui.id}-paste-hint` },
        "Keras call syntax, as ", code("python -m lstm_ref explain"), " reads it, e.g. ",
        code("Bidirectional(LSTM(64, return_sequences=True), merge_mode='sum')"),
        "; ", code("input_shape=(timesteps, features)"), " in the first call sets the input ",
        "(any rank, e.g. ", code("Embedding(1000, 64, input_shape=(80,))"), "). ",
        "Layers around the recurrent ones (Embedding, Conv1D, pooling, Flatten, Reshape, ",
        "TimeDistributed, BatchNormalization, ...) are computed from the pasted calls. ",
        "A whole model pastes too, as ", code("explain --file"), " reads it: ",
        code("model.add(...)"), " lines, ", code("Sequential([...])"), ", ",
        code("keras.Input(shape=...)"), " or a functional chain. Ctrl+Enter also applies."),
      h("button", { type: "submit", class: "calc-button" }, "Use these layers"),
      ui.pasteError);
    ui.pasteScope = { error: ui.pasteError, fieldset: ui.paste };
    ui.paste.addEventListener("submit", (event) => {
      event.preventDefault();
      applyText(ui, ui.text.value);
    });
    ui.text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) ui.paste.requestSubmit();
    });

    // The summary: one line with the total and the output shape, or where the problem is.
    // It is the page's live region; on phones it stays in view (calculator.css).
    ui.summary = h("p", { class: "calc-summary", role: "status", "aria-live": "polite",
                          "aria-atomic": "true" });
    ui.body = h("div", { class: "calc-results-body" });
    const results = h("section", { class: "calc-results", "aria-labelledby": `${ui.id}-results` },
      h("h2", { id: `${ui.id}-results` }, "Results"), ui.body);
    root.replaceChildren(
      h("div", { class: "calc-inputs" }, ui.form, ui.paste),
      h("div", { class: "calc-output" }, ui.summary, results));
    return ui;
  }

  /* ---- form state ------------------------------------------------------------------------- */

  function specOf(ui, row, index) {
    const kind = row.kind.input.value;
    const units = positiveInt(row.units.input, `Layer ${index} units`, "32", row);
    const fields = { units };
    for (const name of Object.keys(calc.DEFAULTS[kind])) {
      if (row.flags[name]) fields[name] = row.flags[name].input.checked;
    }
    const spec = calc.makeSpec(kind, fields);
    if (!calc.RECURRENT.includes(kind) || !row.bidirectional.input.checked) return spec;
    const mode = row.mergeMode.input.value === MERGE_NONE ? null : row.mergeMode.input.value;
    return calc.makeSpec("Bidirectional", { layer: spec, merge_mode: mode });
  }

  /* The summary for what the form says (or for the pasted model, when one is in use), or an
     InputError naming what was expected. */
  function compute(ui) {
    const input = ui.inputFields;
    let batch = dimension(ui.batch, "batch", "32", "any batch size", input);
    if (ui.model) {
      if (ui.model.batch !== undefined && ui.model.batch !== null) batch = ui.model.batch;
      const shape = ui.model.inputShape || [
        dimension(ui.timesteps, "timesteps", "10", "sequences of any length", input),
        positiveInt(ui.features, "features", "64", input)];
      try {
        return calc.summarizeCode(ui.model.parsed, shape, batch, ui.model.pending);
      } catch (error) {
        if (!(error instanceof calc.CalcError)) throw error;
        throw new InputError(error.message, ui.pasteScope, ui.text);
      }
    }
    const timesteps = dimension(ui.timesteps, "timesteps", "10", "sequences of any length", input);
    const features = positiveInt(ui.features, "features", "64", input);
    const specs = ui.rows.map((row, i) => specOf(ui, row, i + 1));
    try {
      return calc.summarize(specs, [timesteps, features], batch);
    } catch (error) {
      if (!(error instanceof calc.CalcError)) throw error;
      throw new InputError(error.message, error.layer ? ui.rows[error.layer - 1] : input);
    }
  }

  function setRow(row, layer) {
    row.kind.input.value = layer.kind;
    row.units.input.value = layer.units;
    row.bidirectional.input.checked = Boolean(layer.bidirectional);
    row.mergeMode.input.value = layer.merge_mode === null ? MERGE_NONE
      : layer.merge_mode || calc.DEFAULTS.Bidirectional.merge_mode;
    for (const [name, flag] of Object.entries(row.flags)) {
      flag.input.checked = name in layer ? Boolean(layer[name]) : flagDefault(name);
    }
    showRelevant(row);
  }

  /* Put a state ({batch, timesteps, features, layers: [...]}, all as typed) into the form. */
  function setForm(ui, state) {
    for (const name of ["batch", "timesteps", "features"]) {
      if (name in state) ui[name].value = state[name];
    }
    if (!state.layers) return;
    while (ui.rows.length < state.layers.length) addRow(ui);
    while (ui.rows.length > state.layers.length) ui.rows.pop().el.remove();
    state.layers.forEach((layer, i) => setRow(ui.rows[i], layer));
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

  /* Pasted calls as form state, or a CalcError; positions in messages are in `text`. */
  function readText(text) {
    const max = calc.SHARED.limits.maxSourceChars;
    if (text.length > max) {
      throw new calc.CalcError(calc.message("too_long", {
        what: calc.message("the_pasted_text"), length: text.length, limit: max,
        text: calc.excerptRepr(text) }));
    }
    const calls = calc.splitCallsAt(text);
    if (!calls.length) calc.parseLayer(text);
    // Anything but layer calls, one per line, is pasted model code: read as lstm_ref's
    // reader reads it (model.add lines, Sequential([...]), keras.Input, a functional chain).
    // One line reads as one layer call, in the words `explain LAYER` uses, unless it is
    // plainly code (an import, or a model assigned).
    if (calls.length > 1 ? !calls.every((call) => calc.looksLikeCall(call.text))
      : CODE_START.test(text)) return readCode(text);
    if (calls.length > MAX_LAYERS) {
      throw new calc.CalcError(calc.message("too_many_layers",
                                            { limit: MAX_LAYERS, count: calls.length }));
    }
    const where = (call) => (at) => calc.position(text, call.start + at);
    const parsed = calls.map((call, i) => {
      try {
        return calc.parseLayer(call.text, where(call));
      } catch (error) {
        if (error instanceof calc.CalcError && calls.length > 1) {
          error.message = `call ${i + 1}: ${error.message}`;
        }
        throw error;
      }
    });
    const shape = parsed[0].inputShape;
    // The form holds recurrent layers and Dense on (timesteps, features) with known features;
    // anything else is computed from the pasted calls as they are.
    const formable = parsed.every((p) => FORM_KINDS.includes(p.layer.kind) && p.trainable) &&
      (!shape || (shape.length === 2 && typeof shape[1] === "bigint" && shape[1] >= 1n &&
                  (shape[0] === null || (typeof shape[0] === "bigint" && shape[0] >= 1n))));
    if (!formable) return { model: { parsed, inputShape: shape } };
    const state = { layers: parsed.map((p) => formLayer(p.layer)) };
    if (shape) {
      calc.stackInput(shape, null);  // lstm_ref's checks of input_shape=(timesteps, features)
      Object.assign(state, { timesteps: calc.repr(shape[0]), features: calc.repr(shape[1]) });
    }
    return state;
  }

  /* An import, or a model or input assigned (names from lstm_ref's catalog). */
  const CODE_START = {
    test(text) {
      const names = calc.SHARED.sequential.concat(calc.SHARED.model,
                                                  Object.keys(calc.SHARED.inputs));
      return new RegExp("^\\s*(?:(?:import|from)\\s|[A-Za-z_]\\w*\\s*=\\s*" +
        `(?:[A-Za-z_]\\w*\\s*\\.\\s*)*(?:${names.join("|")})\\s*\\()`).test(text);
    },
  };

  /* Pasted model code as a model: its layers as they are, on the input the code gives (or
     the timesteps and features above), with the batch size the code gives, if any. */
  function readCode(text) {
    const pasted = calc.readModel(text);
    if (pasted.layers.length > MAX_LAYERS) {
      throw new calc.CalcError(calc.message("too_many_layers",
                                            { limit: MAX_LAYERS, count: pasted.layers.length }));
    }
    return { model: { parsed: pasted.layers, inputShape: pasted.inputShape, batch: pasted.batch,
                      pending: pasted.pending, code: true } };
  }

  /* Read pasted calls; on success they replace the form's layers (and input, if given). On
     failure the form keeps its layers, and the results give way to the box's message. */
  function applyText(ui, text) {
    clearMessage(ui.pasteError, ui.text);
    let state;
    try {
      state = readText(text);
    } catch (error) {
      const message = error instanceof calc.CalcError ? error.message : failure(error);
      showMessage(ui.pasteError, ui.text, message);
      showProblem(ui, message, ui.text, "the pasted text could not be read, so the form " +
                  "keeps the layers it had");
      return false;
    }
    if (state.model) {
      setModel(ui, state.model);
    } else {
      setModel(ui, null);
      setForm(ui, state);
    }
    update(ui);
    return true;
  }

  /* Use a pasted model ({parsed, inputShape}) instead of the form's layers, or the form again
     (null): the form's layer list is hidden while it does not apply. */
  function setModel(ui, model) {
    ui.model = model;
    followBatch(ui, model);
    ui.list.hidden = ui.add.hidden = Boolean(model);
    ui.formMode.hidden = ui.modelNote.hidden = !model;
    if (!model) return;
    const count = model.parsed.length;
    if (model.code) {
      ui.modelNote.textContent = `The layers are the ${count} layer${count === 1 ? "" : "s"} of ` +
        "the pasted model" + (model.inputShape
          ? `, on inputs of shape ${calc.shapeText([model.batch === undefined ? null
              : model.batch].concat(model.inputShape))} (the input the code gives).`
          : "; the input is the timesteps and features above (the code gives none).");
      return;
    }
    ui.modelNote.textContent = `The layers are the ${count} pasted call${count === 1 ? "" : "s"}` +
      (model.inputShape ? `, on inputs of shape ${calc.shapeText([null].concat(model.inputShape))} ` +
                          "(the first call's input_shape; batch from the field above)."
                        : "; the input is the timesteps and features above.");
  }

  /* A pasted model that gives its batch size (keras.Input(batch_shape=...), batch_size=,
     model.build): the batch field shows it, read-only, for the report uses it; the value
     typed before comes back with the form. */
  function followBatch(ui, model) {
    const given = model && model.code && model.batch !== undefined && model.batch !== null;
    if (given) {
      if (!ui.batch.readOnly) ui.typedBatch = ui.batch.value;
      ui.batch.value = calc.repr(model.batch);
      ui.batch.readOnly = true;
      ui.batch.classList.add("calc-from-code");
      ui.batchHint.textContent = "the pasted code's batch size (change it in the code)";
    } else if (ui.batch.readOnly) {
      ui.batch.value = ui.typedBatch;
      ui.batch.readOnly = false;
      ui.batch.classList.remove("calc-from-code");
      ui.batchHint.textContent = ui.batchHintText;
    }
  }

  function failure(error) {
    return `The calculator failed on this input (${calc.excerpt(String(error && error.message))}` +
           "); please report it, and meanwhile ask python -m lstm_ref explain.";
  }

  /* ---- results ---------------------------------------------------------------------------- */

  /* A weight's name, which may break after a '/' or '_' (forward/recurrent_kernel). */
  const weightName = (name) => h("code", {}, name.split(/(?<=[/_])/).flatMap(
    (part, i, parts) => (i < parts.length - 1 ? [part, h("wbr", {})] : [part])));

  function weightTable(row, index) {
    return h("div", { class: "calc-weights" }, h("table", {},
      h("caption", {}, `Weights of layer ${index}`),
      h("thead", {}, h("tr", {}, ["weight", "shape", "params", "connects"].map(
        (name) => h("th", { scope: "col" }, name)))),
      h("tbody", {}, row.weights.map((w) => h("tr", {},
        h("td", {}, weightName(w.name)), h("td", {}, code(calc.shapeText(w.shape))),
        h("td", { class: "calc-number" }, w.count.toString()),
        h("td", {}, w.trainable ? w.role : `${w.role} (non-trainable)`))))));
  }

  function layerBlock(ui, row, index) {
    const described = calc.describeOutput(row.layer);
    const timesteps = row.inputShape.length === 3 ? row.inputShape[1] : null;
    const note = FORM_KINDS.includes(row.layer.kind) && row.layer.kind !== "Dense" &&
                 timesteps !== null;
    return h("div", { class: "calc-layer", "data-index": String(index) },
      h("h3", { id: `${ui.id}-layer-${index}` }, `Layer ${index}: `,
        code(calc.callText(row.layer), "calc-call")),
      h("p", {}, "input ", code(calc.shapeText(row.inputShape), "calc-input-shape")),
      weightTable(row, index),
      h("p", {}, "params = ", code(row.formula.text, "calc-formula")),
      h("p", {}, "trainable ", code(row.trainableParams.toString(), "calc-layer-trainable"),
        ", non-trainable ", code(row.nonTrainableParams.toString(), "calc-layer-frozen")),
      h("p", {}, "output ", code(calc.shapeText(row.outputShape), "calc-output-shape"),
        described ? h("span", { class: "calc-described" }, `: ${described}`) : null),
      note ? h("p", { class: "calc-note" }, calc.message("timesteps_note", { timesteps }))
        : null);
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

  /* The query string that holds a calculation: ?batch=...&input=T,F&layers=... */
  function query(summary, model) {
    const [batch, timesteps, features] = summary.inputShape;
    if (model) {
      const calls = summary.layers.map((row) => calc.callWithOptions(row));
      if (model.inputShape) {
        const shape = `input_shape=${calc.shapeText(model.inputShape)}`;
        calls[0] = calls[0].endsWith("()") ? `${calls[0].slice(0, -1)}${shape})`
                                           : `${calls[0].slice(0, -1)}, ${shape})`;
      }
      const fields = { batch: calc.repr(batch) };
      if (!model.inputShape) fields.input = `${calc.repr(timesteps)},${features}`;
      return new URLSearchParams(Object.assign(fields, { layers: calls.join("\n") })).toString();
    }
    return new URLSearchParams({
      batch: calc.repr(batch), input: `${calc.repr(timesteps)},${features}`,
      layers: summary.layers.map((row) => calc.callText(row.layer)).join("\n"),
    }).toString();
  }

  /* The address bar follows the form (replaceState, so Back leaves the page rather than
     stepping through edits): reload and Back keep the reader's model. */
  function rememberInUrl(ui, summary) {
    if (!ui.started) return;  // the page as opened: its address already says it
    clearTimeout(ui.urlTimer);
    const search = `?${query(summary, ui.model)}`;
    ui.urlTimer = setTimeout(() => {
      if (!document.body.contains(ui.root) || window.location.search === search) return;
      try {
        history.replaceState(history.state, "", search + window.location.hash);
      } catch (error) {
        // Some browsers refuse too many history changes in a short time; the link remains.
      }
    }, URL_DELAY);
  }

  function renderSummary(ui, summary) {
    const keras = calc.kerasCode(summary);
    const output = calc.shapeText(summary.outputShape);
    ui.body.dataset.state = "ok";
    ui.body.replaceChildren(
      h("p", {}, ui.model ? "Input: " : `Input ${calc.ORDER}: `,
        code(calc.shapeText(summary.inputShape),
                                               "calc-stack-input")),
      ...summary.layers.map((row, i) => layerBlock(ui, row, i + 1)),
      h("p", { class: "calc-total" }, "Total params: ",
        h("strong", { class: "calc-total-value" }, summary.params.toString())),
      h("p", { class: "calc-total" }, "Trainable params: ",
        h("strong", { class: "calc-trainable-value" }, summary.trainableParams.toString()),
        ", non-trainable params: ",
        h("strong", { class: "calc-non-trainable-value" },
          summary.nonTrainableParams.toString())),
      h("h3", { id: `${ui.id}-keras` }, "Keras 3 code"),
      block(keras, "calc-code"),
      copyButton(keras),
      h("h3", { id: `${ui.id}-cli` }, "The same question for lstm_ref"),
      block(calc.cliCommand(summary), "calc-cli"),
      h("p", {}, h("a", { class: "calc-link", href: `?${query(summary, ui.model)}` },
                   "Link to this calculation")));
    ui.summary.dataset.state = "ok";
    ui.summary.replaceChildren(
      h("span", { class: "calc-summary-item" }, "Total params ",
        h("strong", { class: "calc-summary-total" }, summary.params.toString())),
      h("span", { class: "calc-summary-item" }, "output ",
        code(output, "calc-summary-output")));
    rememberInUrl(ui, summary);
  }

  /* No results: a pointer to the message (shown once, next to `control` or its part of the
     form), and for screen readers the message itself, read out by the live region. */
  function showProblem(ui, message, control, why) {
    const go = h("button", { type: "button", class: "calc-button calc-go" }, "Show the problem");
    go.addEventListener("click", () => {
      control.scrollIntoView({ block: "center" });
      control.focus();
    });
    ui.body.dataset.state = "error";
    ui.body.replaceChildren(h("p", { class: "calc-no-result" },
      `No results: ${why}. Its message says what is expected.`, " ", go));
    ui.summary.dataset.state = "error";
    ui.summary.replaceChildren(
      h("span", { class: "calc-summary-item" }, h("strong", {}, "No result"), `: ${why}.`),
      h("span", { class: "calc-visually-hidden" }, ` ${pageWords(message)}`));
  }

  /* Show `message` in `element`; mark `control` invalid and let it be described by the message. */
  function showMessage(element, control, message) {
    element.textContent = pageWords(message);
    element.hidden = false;
    if (control) {
      control.dataset.hint = control.getAttribute("aria-describedby") || "";
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", `${control.dataset.hint} ${element.id}`.trim());
    }
  }

  function clearMessage(element, control) {
    element.hidden = true;
    element.textContent = "";
    if (control) markValid(control);
  }

  function markValid(control) {
    if (!control.hasAttribute("aria-invalid")) return;
    control.removeAttribute("aria-invalid");
    if (control.dataset.hint) control.setAttribute("aria-describedby", control.dataset.hint);
    else control.removeAttribute("aria-describedby");
  }

  /* Every message goes: results computed from the form replace a paste's message too. */
  function clearMessages(ui) {
    clearMessage(ui.pasteError, ui.text);
    for (const element of [ui.inputError].concat(ui.rows.map((row) => row.error))) {
      clearMessage(element);
    }
    ui.form.querySelectorAll("[aria-invalid]").forEach(markValid);
    ui.form.querySelectorAll(".calc-has-error").forEach((el) => el.classList.remove("calc-has-error"));
    ui.addNote.hidden = true;
  }

  /* What a part of the form is called in the results' pointer. */
  function partName(ui, error) {
    if (error.scope === ui.pasteScope) return "the pasted model needs a change";
    const label = error.control && error.control.labels && error.control.labels[0];
    const index = ui.rows.indexOf(error.scope);
    const part = index >= 0 ? `layer ${index + 1}` : "the input";
    if (label && index >= 0) return `${part}'s ${label.textContent} field needs a change`;
    if (label) return `the ${label.textContent} field needs a change`;
    return `${part} needs a change`;
  }

  /* Recompute from the form; an error replaces the results and is shown where it belongs. */
  function update(ui) {
    clearMessages(ui);
    let summary;
    try {
      summary = compute(ui);
    } catch (error) {
      const known = error instanceof InputError;
      const message = known ? error.message : failure(error);
      const scope = known ? error.scope : ui.inputFields;
      const element = scope === ui.inputFields ? ui.inputError : scope.error;
      if (scope === ui.pasteScope) clearMessage(ui.pasteError, ui.text);
      const box = scope === ui.inputFields ? ui.inputFields : scope.fieldset;
      showMessage(element, known ? error.control : null, message);
      box.classList.add("calc-has-error");
      showProblem(ui, message, (known && error.control) || box.querySelector("select, input"),
                  known ? partName(ui, error) : "the calculator failed");
      return;
    }
    renderSummary(ui, summary);
  }

  /* ---- start-up --------------------------------------------------------------------------- */

  /* A calculation linked or remembered as ?batch=...&input=T,F&layers=... (see query). */
  function loadLocation(ui) {
    const search = new URLSearchParams(window.location.search);
    if (search.has("batch")) ui.batch.value = search.get("batch");
    if (search.has("input")) {
      const [timesteps, features] = search.get("input").split(",");
      ui.timesteps.value = timesteps || "";
      ui.features.value = features || "";
    }
    if (search.has("layers")) {
      const text = search.get("layers");
      try {
        const state = readText(text);
        if (state.model) {
          ui.text.value = text;
          setModel(ui, state.model);
        } else {
          setForm(ui, { layers: state.layers });
        }
      } catch (error) {
        ui.text.value = text;
        applyText(ui, text);
        return;
      }
    }
    update(ui);
  }

  function readData() {
    const element = document.getElementById(DATA_ID);
    return element ? JSON.parse(element.dataset.json) : null;
  }

  function init(root) {
    if (root.dataset.ready) return;
    const data = readData();
    if (!data) {
      root.replaceChildren(h("p", { class: "calc-message" }, "The calculator's data is missing " +
        "from this page; python -m lstm_ref explain answers the same questions."));
      return;
    }
    calc.configure(data);
    const ui = build(root);
    setForm(ui, DEFAULT_STATE);
    loadLocation(ui);
    ui.started = true;
    root.dataset.ready = "true";
    window.lstmCalculator = {
      setState(state) { setForm(ui, state); update(ui); },
      paste(text) { ui.text.value = text; return applyText(ui, text); },
    };
  }

  function start() {
    if (!["model", "parse", "code"].every((name) => calc.loaded[name])) return;
    const root = document.getElementById("lstm-calculator");
    if (root) init(root);
  }

  // Each page load starts it; so does each of Material's instant navigations (document$).
  // Both are needed: opened from disk, Material's document$ completes without emitting.
  calc.start = start;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  }
})(window.LstmCalc = window.LstmCalc || {});
