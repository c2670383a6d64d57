/* Text to paste elsewhere: the Keras 3 code that builds the calculator's stack, and the
   lstm_ref command that explains it. tests/test_calculator_agreement.py runs both. */
(function (calc) {
  "use strict";
  // Material's instant navigation runs the page's scripts again: each file defines once.
  calc.loaded = calc.loaded || {};
  if (calc.loaded.code) return;
  calc.loaded.code = true;

  const { DEFAULTS, describeOutput, isList } = calc;
  const NAMES = { LSTM: "lstm", GRU: "gru", SimpleRNN: "simple_rnn", Dense: "dense",
                  Bidirectional: "bidirectional" };

  const pyValue = (value) => (value === null ? "None" : typeof value === "boolean"
    ? (value ? "True" : "False") : typeof value === "string" ? `"${value}"` : String(value));

  const tuple = (dims) => "(" + dims.map(pyValue).join(", ") + (dims.length === 1 ? ",)" : ")");

  /* A snake_case name for a kind, as Keras names its layers (Conv1D -> conv1d). */
  const snake = (kind) => NAMES[kind] ||
    kind.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();

  /* keras.layers.X(...) for a layer around the recurrent ones: lstm_ref's call text (Python
     literals), the wrapped layer prefixed too, then the name and trainable=False if set. */
  function kerasAround(spec, number, trainable, named = true) {
    const required = calc.SHARED.kinds[spec.kind].required;
    const inner = required.includes("layer");
    const text = calc.callText(spec);
    let args = text.slice(spec.kind.length + 1, -1);
    if (inner) {
      const wrapped = calc.callText(spec.layer);
      args = (FORM.includes(spec.layer.kind) ? kerasLayer(spec.layer, number, false)
        : kerasAround(spec.layer, number, true, false)) + args.slice(wrapped.length);
    }
    const extra = [];
    if (!trainable) extra.push("trainable=False");
    if (named) extra.push(`name="${snake(spec.kind)}_${number}"`);
    return `keras.layers.${spec.kind}(${[args].concat(extra).filter(Boolean).join(", ")})`;
  }

  const FORM = ["LSTM", "GRU", "SimpleRNN", "Bidirectional", "Dense"];

  /* keras.layers.X(...) with the arguments that differ from Keras' defaults, and a name. */
  function kerasLayer(spec, number, named = true) {
    const args = [spec.kind === "Bidirectional" ? kerasLayer(spec.layer, number)
                                                : String(spec.units)];
    for (const [field, value] of Object.entries(DEFAULTS[spec.kind])) {
      if (spec[field] !== value) args.push(`${field}=${pyValue(spec[field])}`);
    }
    if (named) args.push(`name="${NAMES[spec.kind]}_${number}"`);
    return `keras.layers.${spec.kind}(${args.join(", ")})`;
  }

  /* What `outputs` holds when the last layer returns several tensors, as a comment. */
  function outputsNote(summary) {
    const last = summary.layers[summary.layers.length - 1];
    if (!isList(last.outputShape)) return "";
    return `  # a list: ${describeOutput(last.layer).split(";")[0]}`;
  }

  /* A functional Keras 3 model for the stack, every layer named after its kind and position. */
  function kerasCode(summary) {
    const [batch, ...sample] = summary.inputShape;
    const input = batch === null
      ? `keras.Input(shape=${tuple(sample)}, name="input")`
      : `keras.Input(batch_shape=${tuple(summary.inputShape)}, name="input")`;
    const lines = ["import keras", "", `inputs = ${input}`];
    summary.layers.forEach(({ layer, trainable }, i) => {
      const built = FORM.includes(layer.kind) && trainable !== false ? kerasLayer(layer, i + 1)
        : FORM.includes(layer.kind)
          ? kerasLayer(layer, i + 1).replace(/\)$/, ", trainable=False)")
          : kerasAround(layer, i + 1, trainable !== false);
      const call = `${built}(${i ? "x" : "inputs"})`;
      lines.push(i === summary.layers.length - 1 ? `outputs = ${call}${outputsNote(summary)}`
                                                  : `x = ${call}`);
    });
    lines.push('model = keras.Model(inputs, outputs, name="calculator")', "model.summary()");
    return lines.join("\n");
  }

  /* The same question for lstm_ref's command line. */
  function cliCommand(summary) {
    const [batch, ...sample] = summary.inputShape;
    const calls = summary.layers.map((row) => `"${callWithOptions(row)}"`).join(" ");
    return `python -m lstm_ref explain ${calls} --input-shape ${sample.map(pyValue).join(",")}` +
           (batch === null ? "" : ` --batch-size ${batch}`);
  }

  /* lstm_ref's call text, with trainable=False when the call said so. */
  function callWithOptions(row) {
    const text = calc.callText(row.layer);
    if (row.trainable !== false) return text;
    return text.endsWith("()") ? `${text.slice(0, -1)}trainable=False)`
                               : `${text.slice(0, -1)}, trainable=False)`;
  }

  Object.assign(calc, { kerasCode, cliCommand, callWithOptions });
  // Scripts inserted by instant navigation run in any order: the last one in starts the page.
  if (calc.start) calc.start();
})(window.LstmCalc = window.LstmCalc || {});
