/* Text to paste elsewhere: the Keras 3 code that builds the calculator's stack, and the
   lstm_ref command that explains it. tests/test_calculator_agreement.py runs both. */
(function (calc) {
  "use strict";

  const { DEFAULTS, describeOutput, isList } = calc;
  const NAMES = { LSTM: "lstm", GRU: "gru", SimpleRNN: "simple_rnn", Dense: "dense",
                  Bidirectional: "bidirectional" };

  const pyValue = (value) => (value === null ? "None" : typeof value === "boolean"
    ? (value ? "True" : "False") : typeof value === "string" ? `"${value}"` : String(value));

  const tuple = (dims) => "(" + dims.map(pyValue).join(", ") + (dims.length === 1 ? ",)" : ")");

  /* keras.layers.X(...) with the arguments that differ from Keras' defaults, and a name. */
  function kerasLayer(spec, number) {
    const args = [spec.kind === "Bidirectional" ? kerasLayer(spec.layer, number)
                                                : String(spec.units)];
    for (const [field, value] of Object.entries(DEFAULTS[spec.kind])) {
      if (spec[field] !== value) args.push(`${field}=${pyValue(spec[field])}`);
    }
    args.push(`name="${NAMES[spec.kind]}_${number}"`);
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
    const [batch, timesteps, features] = summary.inputShape;
    const input = batch === null
      ? `keras.Input(shape=${tuple([timesteps, features])}, name="input")`
      : `keras.Input(batch_shape=${tuple([batch, timesteps, features])}, name="input")`;
    const lines = ["import keras", "", `inputs = ${input}`];
    summary.layers.forEach(({ layer }, i) => {
      const call = `${kerasLayer(layer, i + 1)}(${i ? "x" : "inputs"})`;
      lines.push(i === summary.layers.length - 1 ? `outputs = ${call}${outputsNote(summary)}`
                                                  : `x = ${call}`);
    });
    lines.push('model = keras.Model(inputs, outputs, name="calculator")', "model.summary()");
    return lines.join("\n");
  }

  /* The same question for lstm_ref's command line. */
  function cliCommand(summary) {
    const [batch, timesteps, features] = summary.inputShape;
    const calls = summary.layers.map(({ layer }) => `"${calc.callText(layer)}"`).join(" ");
    return `python -m lstm_ref explain ${calls} --input-shape ${pyValue(timesteps)},${features}` +
           (batch === null ? "" : ` --batch-size ${batch}`);
  }

  Object.assign(calc, { kerasCode, cliCommand });
})(window.LstmCalc = window.LstmCalc || {});
