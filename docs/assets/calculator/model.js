/* The calculator's model: a line-by-line port of lstm_ref (specs, params, shapes, stack and
   the words of report.describe_output). Integers are BigInt, so counts never round; None is
   null. Errors are thrown as CalcError with lstm_ref's own one-line messages.
   tests/test_calculator_agreement.py checks every figure against lstm_ref in a browser. */
(function (calc) {
  "use strict";

  const ORDER = "(batch, timesteps, features)";
  const GATES = { LSTM: ["i", "f", "c", "o"], GRU: ["z", "r", "h"], SimpleRNN: ["h"] };
  const STATES = { LSTM: ["h", "c"], GRU: ["h"], SimpleRNN: ["h"] };
  /* Filled by configure() from the data lstm_ref writes into the page at build
     (docs/plugins/calculator_data.py): kinds, their fields in dataclass order with the
     Keras 3 defaults (`units` and `layer` have none and are left out), merge modes. */
  const RECURRENT = ["LSTM", "GRU", "SimpleRNN"];
  /* The kinds this port computes; lstm_ref's catalog knows more (Embedding, Conv1D, ...),
     which the calculator reads and names but leaves to python -m lstm_ref explain. */
  const COMPUTED = RECURRENT.concat(["Bidirectional", "Dense"]);
  /* Filled by configure() from the data lstm_ref writes into the page at build
     (docs/plugins/calculator_data.py, from lstm_ref.catalog.shared_data()). DEFAULTS: each
     kind's optional fields in spec order with Keras 3's defaults. */
  const MERGE_MODES = [];
  const DEFAULTS = {};
  const SHARED = { kinds: {}, names: [], keras2Only: {}, unsupported: {}, messages: {},
                   example: "", known: "", pageWords: {}, limits: {}, charNames: {} };

  class CalcError extends Error {}

  /* Take the shared data (parsed JSON) once per page: the objects above are filled in place. */
  function configure(data) {
    MERGE_MODES.splice(0, MERGE_MODES.length, ...data.merge_modes);
    for (const key of Object.keys(DEFAULTS)) delete DEFAULTS[key];
    for (const [kind, entry] of Object.entries(data.kinds)) {
      DEFAULTS[kind] = Object.assign({}, entry.defaults);
    }
    Object.assign(SHARED, {
      kinds: data.kinds, names: Object.keys(data.kinds), keras2Only: data.keras2_only,
      unsupported: data.unsupported, messages: data.messages, example: data.example,
      known: data.known, pageWords: data.page_words,
      limits: { maxSize: BigInt(data.limits.max_size), maxNesting: data.limits.max_nesting,
                maxCallChars: data.limits.max_call_chars,
                maxSourceChars: data.limits.max_source_chars },
      charNames: data.char_names,
    });
  }

  /* lstm_ref's message template `key` (catalog.MESSAGES), filled as str.format fills it. */
  function message(key, values) {
    const all = Object.assign({ example: SHARED.example, known: SHARED.known }, values);
    return SHARED.messages[key].replace(/\{(\w+)\}/g, (whole, name) => String(all[name]));
  }

  /* ---- Python's repr, for messages and call text ---------------------------------------- */

  /* Characters Python's repr escapes (str.isprintable() is False): controls, format characters
     such as the right-to-left override, separators other than the space, unassigned. */
  const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

  function strRepr(text) {
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    const hex = (code, width) => code.toString(16).padStart(width, "0");
    let out = "";
    for (const ch of text) {
      const code = ch.codePointAt(0);
      if (ch === "\\" || ch === quote) out += "\\" + ch;
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (ch === "\t") out += "\\t";
      else if (ch === " " || !NOT_PRINTABLE.test(ch)) out += ch;
      else if (code <= 0xff) out += "\\x" + hex(code, 2);
      else if (code <= 0xffff) out += "\\u" + hex(code, 4);
      else out += "\\U" + hex(code, 8);
    }
    return quote + out + quote;
  }

  /* lstm_ref.limits: how a message quotes what it got. EXCERPT characters at most, the
     middle cut out; lengths in characters (code points), as Python counts them. */
  const EXCERPT = 50;
  const cutAt = (limit) => [limit - Math.max(Math.floor(limit / 5), 1), Math.max(Math.floor(limit / 5), 1)];

  /* limits.excerpt: `text` quoted as Python's repr quotes it, cut in the middle if long. */
  function excerptRepr(text, limit = EXCERPT) {
    const chars = Array.from(text);
    if (chars.length <= limit) return strRepr(text);
    const [head, tail] = cutAt(limit);
    return `${strRepr(chars.slice(0, head).join("")).slice(0, -1)}...` +
           `${strRepr(chars.slice(-tail).join("")).slice(1)} (${chars.length} characters)`;
  }

  /* limits.clip: `text` unquoted, invisible characters escaped, cut in the middle if long. */
  function excerpt(text, limit = EXCERPT) {
    const chars = Array.from(String(text));
    const escape = (part) => part.map((ch) => (ch === " " || !NOT_PRINTABLE.test(ch) ? ch
      : strRepr(ch).slice(1, -1))).join("");
    if (chars.length <= limit) return escape(chars);
    const [head, tail] = cutAt(limit);
    return `${escape(chars.slice(0, head))}...${escape(chars.slice(-tail))} ` +
           `(${chars.length} characters)`;
  }

  /* repr() of an int, or "a 41-digit number" when it is too long to show (limits.describe_number). */
  function describeNumber(value) {
    const size = value < 0n ? -value : value;
    if (size < 10n ** 20n) return value.toString();
    return `a ${size.toString().length}-digit ${value < 0n ? "negative " : ""}number`;
  }

  function floatRepr(x) {
    if (Number.isNaN(x)) return "nan";
    if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
    const [mantissa, exp] = x.toExponential().split("e");
    const e = Number(exp);
    if (e < -4 || e >= 16) {
      return mantissa + "e" + (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");
    }
    const text = String(x);
    return text.includes(".") ? text : text + ".0";
  }

  /* repr() of a JS value standing for a Python one: BigInt int, boolean, null, string,
     {float: n}, {bytes: s}, {tuple: [...]}, {list: [...]}, {other: "source text"}. */
  function repr(value) {
    if (value === null || value === undefined) return "None";
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "boolean") return value ? "True" : "False";
    if (typeof value === "string") return strRepr(value);
    if (typeof value === "number") return floatRepr(value);
    if (Array.isArray(value)) return shapeText(value);
    if ("float" in value) return floatRepr(value.float);
    if ("bytes" in value) return "b" + strRepr(value.bytes);
    if ("tuple" in value) return shapeText(value.tuple);
    if ("list" in value) return "[" + value.list.map(repr).join(", ") + "]";
    if ("kind" in value) return callText(value);
    return String(value.other);
  }

  /* A tuple as Python prints it, (None, 8) or (5,); a list of tuples as [(...), (...)]. */
  function shapeText(shape) {
    if (shape.length && Array.isArray(shape[0])) return "[" + shape.map(shapeText).join(", ") + "]";
    return "(" + shape.map(repr).join(", ") + (shape.length === 1 ? "," : "") + ")";
  }

  /* ---- specs.py --------------------------------------------------------------------------- */

  const isPositiveInt = (v) => typeof v === "bigint" && v >= 1n;

  function checkUnits(kind, units) {
    if (!isPositiveInt(units)) {
      throw new CalcError(`${kind} units must be a positive integer, got ${excerpt(repr(units))}`);
    }
  }

  /* Build a spec from field values (missing ones take the defaults), checked as lstm_ref does. */
  function makeSpec(kind, fields) {
    if (kind === "Bidirectional") {
      const spec = { kind, layer: fields.layer,
                     merge_mode: "merge_mode" in fields ? fields.merge_mode
                                                           : DEFAULTS.Bidirectional.merge_mode };
      if (!spec.layer || !RECURRENT.includes(spec.layer.kind)) {
        throw new CalcError("Bidirectional wraps one recurrent layer (LSTM, GRU or SimpleRNN), " +
                            `got ${excerpt(repr(spec.layer))}`);
      }
      if (!MERGE_MODES.includes(spec.merge_mode)) {
        throw new CalcError("Bidirectional merge_mode must be one of 'concat', 'sum', 'mul', " +
                            `'ave' or None, got ${excerpt(repr(spec.merge_mode))}`);
      }
      return spec;
    }
    const spec = { kind, units: fields.units };
    for (const [name, value] of Object.entries(DEFAULTS[kind])) {
      spec[name] = name in fields ? fields[name] : value;
    }
    checkUnits(kind, spec.units);
    for (const name of Object.keys(DEFAULTS[kind])) {
      if (typeof spec[name] !== "boolean") {
        throw new CalcError(`${kind} ${name} must be True or False, ` +
                            `got ${excerpt(repr(spec[name]))}`);
      }
    }
    return spec;
  }

  /* Keras call syntax showing only the arguments that differ from the default. */
  function callText(spec) {
    const args = [spec.kind === "Bidirectional" ? callText(spec.layer) : spec.units.toString()];
    for (const [name, value] of Object.entries(DEFAULTS[spec.kind])) {
      if (spec[name] !== value) args.push(`${name}=${repr(spec[name])}`);
    }
    return `${spec.kind}(${args.join(", ")})`;
  }

  const inner = (spec) => (spec.kind === "Bidirectional" ? spec.layer : spec);

  /* ---- params.py -------------------------------------------------------------------------- */

  function weight(name, shape, role) {
    return { name, shape, role, count: shape.reduce((a, b) => a * b, 1n) };
  }

  function recurrentWeights(layer, features, prefix) {
    const gates = GATES[layer.kind];
    const k = BigInt(gates.length);
    const u = layer.units;
    const blocks = k > 1n ? `${k} gate blocks (${gates.join(", ")})` : "the single block";
    const found = [
      weight(prefix + "kernel", [features, k * u],
             `each of the ${features} input features to ${blocks} of ${u} units`),
      weight(prefix + "recurrent_kernel", [u, k * u],
             `the previous h (${u} values) to ${blocks} of ${u} units`),
    ];
    if (layer.use_bias) {
      if (layer.kind === "GRU" && layer.reset_after) {
        found.push(weight(prefix + "bias", [2n, k * u],
                          "row 0 for the input, row 1 for the recurrent projection " +
                          "(reset_after=True)"));
      } else {
        found.push(weight(prefix + "bias", [k * u], "one per gate and unit"));
      }
    }
    return found;
  }

  function checkFeatures(layer, features) {
    if (!isPositiveInt(features)) {
      throw new CalcError(`${callText(layer)} needs the input's feature count (the last axis of ` +
                          `${ORDER}) as a positive integer, got ${repr(features)}`);
    }
  }

  /* The layer's weights in the order Keras' layer.get_weights() returns them. */
  function weights(layer, features) {
    checkFeatures(layer, features);
    if (layer.kind === "Dense") {
      const found = [weight("kernel", [features, layer.units],
                            `each of the ${features} inputs to each of ${layer.units} units`)];
      if (layer.use_bias) found.push(weight("bias", [layer.units], "one per unit"));
      return found;
    }
    if (layer.kind === "Bidirectional") {
      return recurrentWeights(layer.layer, features, "forward/")
        .concat(recurrentWeights(layer.layer, features, "backward/"));
    }
    return recurrentWeights(layer, features, "");
  }

  const countParams = (layer, features) =>
    weights(layer, features).reduce((sum, w) => sum + w.count, 0n);

  /* The count written out: {symbolic, numeric, total}; text is "symbolic = numeric = total". */
  function formula(layer, features) {
    checkFeatures(layer, features);
    const total = countParams(layer, features);
    let symbolic, numeric;
    if (layer.kind === "Dense") {
      const bias = layer.use_bias;
      symbolic = "features*units" + (bias ? " + units" : "");
      numeric = `${features}*${layer.units}` + (bias ? ` + ${layer.units}` : "");
    } else {
      const cell = inner(layer);
      const u = cell.units;
      const k = GATES[cell.kind].length;
      let biasS = "", biasN = "";
      if (cell.use_bias && cell.kind === "GRU" && cell.reset_after) {
        biasS = " + 2*units"; biasN = ` + 2*${u}`;
      } else if (cell.use_bias) {
        biasS = " + units"; biasN = ` + ${u}`;
      }
      symbolic = `units*features + units*units${biasS}`;
      numeric = `${u}*${features} + ${u}*${u}${biasN}`;
      if (k > 1) { symbolic = `${k} * (${symbolic})`; numeric = `${k} * (${numeric})`; }
      if (layer.kind === "Bidirectional") {
        symbolic = `2 * (${symbolic})`; numeric = `2 * (${numeric})`;
      }
    }
    return { symbolic, numeric, total, text: `${symbolic} = ${numeric} = ${total}` };
  }

  /* ---- shapes.py -------------------------------------------------------------------------- */

  function checkInputShape(shape, who) {
    if (shape.length !== 3) {
      const hint = shape.length === 2 ? ": did you forget the batch axis?" : "";
      throw new CalcError(`${who} expects a 3-D input ${ORDER}, got the ${shape.length}-D ` +
                          `shape ${excerpt(shapeText(shape))}${hint}`);
    }
    ["batch", "timesteps", "features"].forEach((axis, i) => {
      if (shape[i] !== null && !isPositiveInt(shape[i])) {
        throw new CalcError(`${who}: the ${axis} axis of ${ORDER} must be a positive integer ` +
                            `or None, got ${excerpt(repr(shape[i]))} in ${excerpt(shapeText(shape))}`);
      }
    });
    if (shape[2] === null) {
      throw new CalcError(`${who}: the features axis of ${ORDER} must be known to size the ` +
                          `kernel, got ${excerpt(shapeText(shape))}`);
    }
  }

  function recurrentOutput(layer, shape, width) {
    const [batch, timesteps] = shape;
    const output = layer.return_sequences ? [batch, timesteps, width] : [batch, width];
    return [output].concat(STATES[layer.kind].map(() => [batch, layer.units]));
  }

  /* One shape (an array), or a list of shapes (an array of arrays) for several tensors. */
  function outputShape(layer, shape) {
    if (layer.kind === "Dense") {
      if (shape.length < 2 || shape[shape.length - 1] === null) {
        throw new CalcError(`${callText(layer)} expects an input whose last axis is known, ` +
                            `got ${shapeText(shape)}`);
      }
      return shape.slice(0, -1).concat([layer.units]);
    }
    checkInputShape(shape, callText(layer));
    const cell = inner(layer);
    if (cell.stateful && shape[0] === null) {
      throw new CalcError(`${callText(layer)} is stateful, so it needs a fixed batch size: give ` +
                          `the batch axis of ${ORDER} a number (in Keras 3, ` +
                          `keras.Input(batch_shape=(batch, timesteps, features)))`);
    }
    if (layer.kind !== "Bidirectional") {
      const outputs = recurrentOutput(layer, shape, layer.units);
      return layer.return_state ? outputs : outputs[0];
    }
    const width = layer.merge_mode === "concat" ? 2n * cell.units : cell.units;
    const [merged, ...states] = recurrentOutput(cell, shape, width);
    let mergedOutputs = [merged];
    if (layer.merge_mode === null) {
      const single = recurrentOutput(cell, shape, cell.units)[0];
      mergedOutputs = [single, single];
    }
    if (cell.return_state) return mergedOutputs.concat(states, states);
    return layer.merge_mode === null ? mergedOutputs : merged;
  }

  const isList = (output) => Array.isArray(output[0]);

  /* ---- stack.py --------------------------------------------------------------------------- */

  function stackInput(inputShape, batch) {
    if (inputShape.length !== 2) {
      throw new CalcError("expected input_shape=(timesteps, features), the input " +
                          `${ORDER} without its batch axis, got ${excerpt(shapeText(inputShape))}`);
    }
    if (batch !== null && !isPositiveInt(batch)) {
      throw new CalcError(`expected batch_size to be a positive integer, got ${repr(batch)}`);
    }
    const shape = [batch].concat(inputShape);
    checkInputShape(shape, "the stack's input");
    return shape;
  }

  /* The stack as keras.Sequential would build it: {inputShape, layers: [row], params}.
     An error about a layer carries its 1-based number as `error.layer`, and reads as
     lstm_ref's ModelError: "layer N, ...". */
  function summarize(layers, inputShape, batch) {
    if (!layers.length) throw new CalcError("expected at least one layer");
    let shape = stackInput(inputShape, batch);
    const rows = [];
    layers.forEach((layer, i) => {
      try {
        shape = addRow(rows, layer, i + 1, shape);
      } catch (error) {
        if (error instanceof CalcError) {
          if (!error.fromStack) error.message = `layer ${i + 1}, ${error.message}`;
          error.layer = i + 1;
        }
        throw error;
      }
    });
    const params = rows.reduce((sum, row) => sum + row.formula.total, 0n);
    return { inputShape: rows[0].inputShape, layers: rows, params,
             outputShape: rows[rows.length - 1].outputShape };
  }

  const stackError = (text) => Object.assign(new CalcError(text), { fromStack: true });

  /* The last layer that returned fewer axes than it received (lstm_ref.stack._reducer). */
  function reducer(rows) {
    for (let index = rows.length; index > 0; index -= 1) {
      const row = rows[index - 1];
      if (!isList(row.outputShape) && row.outputShape.length < row.inputShape.length) {
        return index;
      }
    }
    return null;
  }

  /* Check layer number `index` against the previous row, append its row, return its input. */
  function addRow(rows, layer, index, shape) {
    if (rows.length) {
      const previous = rows[rows.length - 1];
      if (isList(previous.outputShape)) {
        throw stackError(`layer ${index}, ${callText(layer)}, receives the ` +
                         `${previous.outputShape.length} tensors that layer ${index - 1}, ` +
                         `${callText(previous.layer)}, returns: only the last layer may set ` +
                         "return_state=True (or Bidirectional merge_mode=None); in a " +
                         "functional model, pass on the first output only");
      }
      shape = previous.outputShape;
      if (layer.kind !== "Dense" && shape.length !== 3) {
        const culprit = reducer(rows);
        const fix = culprit === null ? "" : `: set return_sequences=True on layer ${culprit}, ` +
                                            `${callText(rows[culprit - 1].layer)}`;
        throw stackError(`layer ${index}, ${callText(layer)}, expects a 3-D input ${ORDER} ` +
                         `but receives ${shapeText(shape)}${fix}`);
      }
    }
    const features = shape[shape.length - 1];
    rows.push({ layer, inputShape: shape, weights: weights(layer, features),
                formula: formula(layer, features), outputShape: outputShape(layer, shape) });
    return shape;
  }

  /* ---- report.py: the words ---------------------------------------------------------------- */

  const MERGE_WORDS = { concat: "concatenated", sum: "added", mul: "multiplied",
                        ave: "averaged", null: "returned separately" };

  function describeOutput(layer) {
    if (layer.kind === "Dense") return "";
    const cell = inner(layer);
    const steps = cell.return_sequences ? "at every step" : "after the last step";
    let what, names;
    if (layer.kind === "Bidirectional") {
      what = `forward and backward h ${steps}, ${MERGE_WORDS[layer.merge_mode]}`;
      names = layer.merge_mode ? ["output"] : ["forward output", "backward output"];
      if (cell.return_state) {
        for (const direction of ["forward", "backward"]) {
          for (const state of STATES[cell.kind]) names.push(`${direction} ${state}`);
        }
      }
    } else {
      what = `h ${steps}`;
      names = ["output"].concat(cell.return_state ? STATES[cell.kind] : []);
    }
    return names.length === 1 ? what : `[${names.join(", ")}]; output: ${what}`;
  }

  Object.assign(calc, {
    CalcError, ORDER, RECURRENT, COMPUTED, MERGE_MODES, DEFAULTS, SHARED, configure, message,
    repr, strRepr,
    excerpt, excerptRepr, describeNumber, shapeText, makeSpec,
    callText, weights, formula, outputShape, stackInput, summarize, describeOutput, isList,
  });
})(window.LstmCalc = window.LstmCalc || {});
