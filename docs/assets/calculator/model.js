/* The calculator's model: a line-by-line port of lstm_ref (specs, params, shapes, stack and
   the words of report.describe_output). Integers are BigInt, so counts never round; None is
   null. Errors are thrown as CalcError with lstm_ref's own one-line messages.
   tests/test_calculator_agreement.py checks every figure against lstm_ref in a browser. */
(function (calc) {
  "use strict";
  // Material's instant navigation runs the page's scripts again: each file defines once.
  calc.loaded = calc.loaded || {};
  if (calc.loaded.model) return;
  calc.loaded.model = true;

  const ORDER = "(batch, timesteps, features)";
  /* Per recurrent kind, its gate blocks as the site names them and its states: filled by
     configure() from lstm_ref's specs (shared_data's blocks and states). */
  const GATES = {};
  const STATES = {};
  /* Filled by configure() from the data lstm_ref writes into the page at build
     (docs/plugins/calculator_data.py): kinds, their fields in dataclass order with the
     Keras 3 defaults (`units` and `layer` have none and are left out), merge modes. */
  const RECURRENT = ["LSTM", "GRU", "SimpleRNN"];
  /* The kinds this port computes; lstm_ref's catalog knows more (Embedding, Conv1D, ...),
     which the calculator reads and names but leaves to python -m lstm_ref explain. */
  const COMPUTED_FORM = RECURRENT.concat(["Bidirectional", "Dense"]);
  const COMPUTED = COMPUTED_FORM;
  /* Filled by configure() from the data lstm_ref writes into the page at build
     (docs/plugins/calculator_data.py, from lstm_ref.catalog.shared_data()). DEFAULTS: each
     kind's optional fields in spec order with Keras 3's defaults. */
  const MERGE_MODES = [];
  const DEFAULTS = {};
  const SHARED = { kinds: {}, names: [], keras2Only: {}, unsupported: {}, messages: {},
                   syntaxErrors: {}, example: "", known: "", pageWords: {}, limits: {},
                   charNames: {}, activations: [], activationArguments: [],
                   inputs: {}, sequential: [], model: [], skippedMethods: [], statements: {} };

  class CalcError extends Error {}

  /* Take the shared data (parsed JSON) once per page: the objects above are filled in place. */
  function configure(data) {
    MERGE_MODES.splice(0, MERGE_MODES.length, ...data.merge_modes);
    Object.assign(GATES, data.blocks);
    Object.assign(STATES, data.states);
    for (const key of Object.keys(DEFAULTS)) delete DEFAULTS[key];
    for (const [kind, entry] of Object.entries(data.kinds)) {
      DEFAULTS[kind] = Object.fromEntries(Object.entries(entry.defaults)
        .map(([name, value]) => [name, fromJson(value)]));
    }
    Object.assign(SHARED, {
      kinds: data.kinds, names: Object.keys(data.kinds), keras2Only: data.keras2_only,
      unsupported: data.unsupported, messages: data.messages,
      syntaxErrors: data.syntax_errors, example: data.example,
      known: data.known, pageWords: data.page_words,
      limits: { maxSize: BigInt(data.limits.max_size), maxNesting: data.limits.max_nesting,
                maxCallChars: data.limits.max_call_chars,
                maxSourceChars: data.limits.max_source_chars },
      charNames: data.char_names, inputs: data.inputs, sequential: data.sequential,
      model: data.model, skippedMethods: data.skipped_methods, statements: data.statements,
      activations: data.activations, activationArguments: data.activation_arguments,
    });
  }

  /* lstm_ref's message template `key` (catalog.MESSAGES), filled as str.format fills it. */
  function message(key, values) {
    const all = Object.assign({ example: SHARED.example, known: SHARED.known }, values);
    return SHARED.messages[key].replace(/\{(\w+)\}/g, (whole, name) => String(all[name]));
  }

  /* messages.with_fix: `text`, then ": fix" when there is a fix. */
  const withFix = (text, fix) => (fix ? message("with_fix", { message: text, fix }) : text);

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
      throw new CalcError(message("positive", { kind, name: "units", value: excerpt(repr(units)) }));
    }
  }

  /* Build a spec from field values (missing ones take the defaults), checked as lstm_ref does. */
  function makeSpec(kind, fields) {
    if (!COMPUTED_FORM.includes(kind)) return makeAroundSpec(kind, fields);
    if (kind === "Bidirectional") {
      const spec = { kind, layer: fields.layer,
                     merge_mode: "merge_mode" in fields ? fields.merge_mode
                                                           : DEFAULTS.Bidirectional.merge_mode };
      if (!spec.layer || !RECURRENT.includes(spec.layer.kind)) {
        throw new CalcError(message("wraps_recurrent", { value: excerpt(repr(spec.layer)) }));
      }
      if (!MERGE_MODES.includes(spec.merge_mode)) {
        throw new CalcError(message("merge_mode", { value: excerpt(repr(spec.merge_mode)) }));
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
        throw new CalcError(message("flag", { kind, name, value: excerpt(repr(spec[name])) }));
      }
    }
    return spec;
  }

  /* Keras call syntax showing only the arguments that differ from the default. */
  function callText(spec) {
    if (!COMPUTED_FORM.includes(spec.kind)) return aroundCallText(spec);
    const args = [spec.kind === "Bidirectional" ? callText(spec.layer) : spec.units.toString()];
    for (const [name, value] of Object.entries(DEFAULTS[spec.kind])) {
      if (spec[name] !== value) args.push(`${name}=${repr(spec[name])}`);
    }
    return `${spec.kind}(${args.join(", ")})`;
  }

  const inner = (spec) => (spec.kind === "Bidirectional" ? spec.layer : spec);

  /* ---- params.py -------------------------------------------------------------------------- */

  function weight(name, shape, role, trainable = true) {
    return { name, shape, role, trainable, count: shape.reduce((a, b) => a * b, 1n) };
  }

  function recurrentWeights(layer, features, prefix) {
    const gates = GATES[layer.kind];
    const k = BigInt(gates.length);
    const u = layer.units;
    const blocks = k > 1n ? message("role_gates", { count: k, gates: gates.join(", ") })
      : message("role_single");
    const found = [
      weight(prefix + "kernel", [features, k * u],
             message("role_kernel", { features, blocks, units: u })),
      weight(prefix + "recurrent_kernel", [u, k * u], message("role_recurrent", { blocks, units: u })),
    ];
    if (layer.use_bias) {
      if (layer.kind === "GRU" && layer.reset_after) {
        found.push(weight(prefix + "bias", [2n, k * u], message("role_bias_reset")));
      } else {
        found.push(weight(prefix + "bias", [k * u], message("role_bias_gates")));
      }
    }
    return found;
  }

  function checkFeatures(layer, features) {
    if (!isPositiveInt(features)) {
      throw new CalcError(message("features", { layer: callText(layer), order: ORDER,
                                                value: repr(features) }));
    }
  }

  const isAround = (layer) => !COMPUTED_FORM.includes(layer.kind);

  /* The layer's weights in the order Keras' layer.get_weights() returns them; `features` is
     the input's last axis, or the whole input shape (an array, batch axis first). */
  function weights(layer, features) {
    if (isAround(layer)) return aroundWeights(layer, features);
    if (Array.isArray(features)) features = features[features.length - 1];
    checkFeatures(layer, features);
    if (layer.kind === "Dense") {
      const found = [weight("kernel", [features, layer.units],
                            message("role_dense_kernel", { features, units: layer.units }))];
      if (layer.use_bias) found.push(weight("bias", [layer.units], message("role_dense_bias")));
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
    if (isAround(layer)) return aroundFormula(layer, features);
    if (Array.isArray(features)) features = features[features.length - 1];
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
      const hint = shape.length === 2 ? message("form_hint") : "";
      throw new CalcError(message("form_rank", { who, order: ORDER, rank: shape.length,
                                               shape: excerpt(shapeText(shape)), hint }));
    }
    ["batch", "timesteps", "features"].forEach((axis, i) => {
      if (shape[i] !== null && !isPositiveInt(shape[i])) {
        throw new CalcError(message("form_axis", { who, axis, order: ORDER,
          value: excerpt(repr(shape[i])), shape: excerpt(shapeText(shape)) }));
      }
    });
    if (shape[2] === null) {
      throw new CalcError(message("form_features", { who, order: ORDER,
                                                     shape: excerpt(shapeText(shape)) }));
    }
  }

  /* shapes.check_input_shape, in a stack: a ShapeMismatch for a wrong rank or features. */
  function recurrentInput(layer, shape) {
    if (shape.length !== 3) {
      throw mismatch(layer, shape, message("wants_sequence"),
                     shape.length === 2 ? message("fix_batch_axis") : "");
    }
    ["batch", "timesteps", "features"].forEach((axis, i) => {
      if (shape[i] !== null && !isPositiveInt(shape[i])) {
        throw new CalcError(message("axis_value", { layer: callText(layer), axis, order: ORDER,
                                                    value: repr(shape[i]),
                                                    shape: shapeText(shape) }));
      }
    });
    if (shape[2] === null) {
      throw mismatch(layer, shape, message("wants_features", { order: ORDER }));
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
        throw mismatch(layer, shape, message("wants_last_axis"));
      }
      return shape.slice(0, -1).concat([layer.units]);
    }
    if (isAround(layer)) return aroundOutputShape(layer, shape);
    recurrentInput(layer, shape);
    const cell = inner(layer);
    if (cell.stateful && shape[0] === null) {
      throw new CalcError(message("stateful", { layer: callText(layer), order: ORDER }));
    }
    if (layer.kind === "Bidirectional" && cell.stateful && cell.return_state) {
      throw new CalcError(message("stateful_state", { layer: callText(layer) }));
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
      throw new CalcError(message("form_input", { order: ORDER,
                                                  shape: excerpt(shapeText(inputShape)) }));
    }
    if (batch !== null && !isPositiveInt(batch)) {
      throw new CalcError(message("batch_size", { value: repr(batch) }));
    }
    const shape = [batch].concat(inputShape);
    checkInputShape(shape, message("form_who"));
    return shape;
  }

  /* The stack as keras.Sequential would build it, from the form: (timesteps, features). */
  function summarize(layers, inputShape, batch) {
    if (!layers.length) throw new CalcError(message("empty"));
    stackInput(inputShape, batch);
    return summarizeModel(layers, inputShape, batch);
  }

  /* stack.model_input_shape: (batch, ...inputShape), each axis a positive integer or None. */
  function modelInputShape(inputShape, batch) {
    for (const dim of inputShape) {
      if (dim !== null && !isPositiveInt(dim)) {
        throw new CalcError(message("input_axis", { value: repr(dim),
                                                    shape: shapeText(inputShape) }));
      }
    }
    if (batch !== null && !isPositiveInt(batch)) {
      throw new CalcError(message("batch_size", { value: repr(batch) }));
    }
    return [batch].concat(inputShape);
  }

  const modelError = (text, index, line) =>
    Object.assign(new CalcError(text), { layer: index, line: line === undefined ? null : line });

  /* stack.summarize: `items` are specs or {layer, trainable, line} from the reader; the
     input shape has any rank. Rows: {layer, inputShape, weights, formula, outputShape,
     trainable, line, params, trainableParams, nonTrainableParams}. An error about a layer
     carries its 1-based number as `error.layer` and reads "layer N, ...". */
  function summarizeModel(items, inputShape, batch) {
    if (!items.length) throw new CalcError(message("empty"));
    let shape = modelInputShape(inputShape, batch);
    const rows = [];
    items.forEach((item, i) => {
      const index = i + 1;
      const parsed = item && "layer" in item && !("kind" in item) ? item
        : { layer: item, trainable: true, line: null };
      const layer = parsed.layer;
      if (rows.length) shape = singleOutput(rows[rows.length - 1], index, layer);
      let out, found, count;
      try {
        out = outputShape(layer, shape);
        found = weights(layer, shape);
        count = formula(layer, shape);
      } catch (error) {
        if (!(error instanceof CalcError)) throw error;
        if (error.mismatch) {
          const fix = stackFix(error, rows, shape) || error.hint;
          throw modelError(withFix(message("receives", { index, layer: callText(layer),
            expected: error.expected, shape: shapeText(shape) }), fix), index, parsed.line);
        }
        throw modelError(message("layer", { index, problem: error.message }), index, parsed.line);
      }
      const trainable = parsed.trainable !== false;
      if (!trainable) found = found.map((w) => Object.assign({}, w, { trainable: false }));
      const trainableParams = found.reduce((sum, w) => sum + (w.trainable ? w.count : 0n), 0n);
      rows.push({ layer, inputShape: shape, weights: found, formula: count, outputShape: out,
                  trainable, line: parsed.line === undefined ? null : parsed.line,
                  params: count.total, trainableParams,
                  nonTrainableParams: count.total - trainableParams });
    });
    const sum = (key) => rows.reduce((total, row) => total + row[key], 0n);
    return { inputShape: rows[0].inputShape, layers: rows, params: sum("params"),
             trainableParams: sum("trainableParams"),
             nonTrainableParams: sum("nonTrainableParams"),
             outputShape: rows[rows.length - 1].outputShape };
  }

  function singleOutput(row, index, layer) {
    if (isList(row.outputShape)) {
      throw modelError(message("several_tensors", { index, layer: callText(layer),
        count: row.outputShape.length, previous: index - 1,
        previous_layer: callText(row.layer) }), index, row.line);
    }
    return row.outputShape;
  }

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

  const SEQUENCE_KINDS = ["LSTM", "GRU", "SimpleRNN", "Bidirectional"];

  /* stack._fix: how to fix a rank or size mismatch, from what the layers before did. */
  function stackFix(error, rows, shape) {
    const expected = error.expected;
    const wantsSequence = expected.startsWith("a 3-D input");
    if (wantsSequence && shape.length === 2) {
      const index = reducer(rows);
      if (index === null) {
        return message("fix_input_sequence");
      }
      const row = rows[index - 1];
      if (SEQUENCE_KINDS.includes(row.layer.kind)) {
        return message("fix_return_sequences", { index, layer: callText(row.layer) });
      }
      return message("fix_removed_timesteps", { index, layer: callText(row.layer) });
    }
    if (wantsSequence && shape.length > 3) {
      for (const [i, row] of rows.entries()) {
        if (row.layer.kind === "Embedding" && row.inputShape.length >= 3) {
          return message("fix_embedding", { index: i + 1, layer: callText(row.layer),
            rank: row.inputShape.length, shape: shapeText(row.inputShape),
            steps: repr(row.inputShape[1]) });
        }
      }
      if (!rows.length) return message("fix_input_batch");
      if (rows.some((row) => row.layer.kind === "TimeDistributed")) {
        return message("fix_flatten_steps");
      }
      return message("fix_reduce");
    }
    if (expected === message("wants_image")) return message("fix_image");
    if (expected.includes("last axis") && shape.length && shape[shape.length - 1] === null) {
      for (let index = rows.length; index > 0; index -= 1) {
        const row = rows[index - 1];
        if (row.layer.kind === "Flatten" && row.inputShape.slice(1).includes(null)) {
          return message("fix_flatten_none", { index, layer: callText(row.layer),
                                               shape: shapeText(row.inputShape) });
        }
      }
      return message("fix_fixed_size");
    }
    if (expected === message("wants_vector") && shape.length === 3) return message("fix_repeat");
    return "";
  }

  /* ---- layers.py: the layers around recurrent ones ----------------------------------------- */

  /* Keras' defaults as the JSON carries them (numbers, lists) turned into this port's values
     (BigInt, {tuple}). */
  function fromJson(value) {
    if (typeof value === "number") return BigInt(value);
    if (Array.isArray(value)) return { tuple: value.map(fromJson) };
    return value;
  }

  const isInt = (v) => typeof v === "bigint";
  const items = (v) => (v && typeof v === "object" && ("tuple" in v || "list" in v)
    ? (v.tuple || v.list) : null);
  const isNumber = (v) => isInt(v) || (v !== null && typeof v === "object" && "float" in v);
  const numberOf = (v) => (isInt(v) ? Number(v) : v.float);

  /* Python's == between two of this port's values (after a spec's normalization). */
  function same(a, b) {
    if (isNumber(a) && isNumber(b)) return isInt(a) && isInt(b) ? a === b : numberOf(a) === numberOf(b);
    const left = items(a), right = items(b);
    if (left && right) {
      return ("tuple" in a) === ("tuple" in b) && left.length === right.length &&
             left.every((v, i) => same(v, right[i]));
    }
    return a === b;
  }

  function positiveInt(kind, name, value) {
    if (!isInt(value) || value < 1n) {
      throw new CalcError(message("positive", { kind, name, value: repr(value) }));
    }
    return value;
  }

  function intTuple(kind, name, value, rank) {
    const found = isInt(value) ? Array(rank).fill(value) : items(value);
    if (!found || found.length !== rank || !found.every((v) => isInt(v) && v >= 1n)) {
      throw new CalcError(message(rank === 1 ? "positive" : "int_tuple",
                                  { kind, name, rank, value: repr(value) }));
    }
    return found;
  }

  function choice(kind, name, value, allowed) {
    if (typeof value !== "string" || !allowed.includes(value.toLowerCase())) {
      throw new CalcError(message("choice", { kind, name, allowed: allowed.map(strRepr).join(", "),
                                              value: repr(value) }));
    }
    return value.toLowerCase();
  }

  function rate(kind, name, value) {
    if (!isNumber(value) || !(numberOf(value) >= 0 && numberOf(value) <= 1)) {
      throw new CalcError(message("rate", { kind, name, value: repr(value) }));
    }
  }

  function dataFormat(kind, value) {
    if (value !== null && value !== "channels_last") {
      throw new CalcError(message("channels_last", { kind, value: repr(value) }));
    }
  }

  const RANK = { Conv1D: 1, Conv2D: 2, MaxPooling1D: 1, AveragePooling1D: 1, MaxPooling2D: 2 };
  const asValue = (found, rank) => (rank === 1 ? found[0] : { tuple: found });
  const tupleOf = (value, rank) => (rank === 1 ? [value] : items(value));

  /* The checks of each kind's __post_init__ (specs.check_flags, then check()), normalizing
     the values as lstm_ref stores them. */
  const CHECKS = {
    Embedding(s) {
      positiveInt(s.kind, "input_dim", s.input_dim);
      positiveInt(s.kind, "output_dim", s.output_dim);
    },
    Dropout(s) { rate(s.kind, "rate", s.rate); },
    SpatialDropout1D(s) { rate(s.kind, "rate", s.rate); },
    GaussianNoise(s) { rate(s.kind, "stddev", s.stddev); },
    Conv1D(s) { checkConv(s, ["valid", "same", "causal"]); },
    Conv2D(s) { checkConv(s, ["valid", "same"]); },
    MaxPooling1D: checkPool, AveragePooling1D: checkPool, MaxPooling2D: checkPool,
    GlobalMaxPooling1D(s) { dataFormat(s.kind, s.data_format); },
    GlobalAveragePooling1D(s) { dataFormat(s.kind, s.data_format); },
    Reshape(s) {
      const found = items(s.target_shape);
      if (!found || !found.every((d) => isInt(d) && (d >= 1n || d === -1n)) ||
          found.filter((d) => d === -1n).length > 1) {
        throw new CalcError(message("reshape_target", { value: repr(s.target_shape) }));
      }
      s.target_shape = { tuple: found };
    },
    RepeatVector(s) { positiveInt(s.kind, "n", s.n); },
    Permute(s) {
      const found = items(s.dims);
      const sorted = found && found.every(isInt) ? found.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : null;
      if (!sorted || !sorted.every((d, i) => d === BigInt(i + 1))) {
        throw new CalcError(message("permute_dims", { value: repr(s.dims) }));
      }
      s.dims = { tuple: found };
    },
    BatchNormalization(s) {
      if (!isInt(s.axis)) {
        throw new CalcError(message("batch_norm_axis", { value: repr(s.axis) }));
      }
    },
    LayerNormalization(s) {
      const axes = items(s.axis) || [s.axis];
      if (!axes.length || !axes.every(isInt)) {
        throw new CalcError(message("layer_norm_axis", { value: repr(s.axis) }));
      }
      if (s.axis && typeof s.axis === "object" && "list" in s.axis) s.axis = { tuple: axes };
    },
    TimeDistributed(s) {
      if (!s.layer || !s.layer.kind) {
        throw new CalcError(message("wraps_layer", { value: repr(s.layer) }));
      }
      if (s.layer.return_state === true) {
        throw new CalcError(message("wraps_state"));
      }
    },
  };

  function checkConv(s, paddings) {
    const rank = RANK[s.kind];
    positiveInt(s.kind, "filters", s.filters);
    positiveInt(s.kind, "groups", s.groups);
    for (const name of ["kernel_size", "strides", "dilation_rate"]) {
      s[name] = asValue(intTuple(s.kind, name, s[name], rank), rank);
    }
    s.padding = choice(s.kind, "padding", s.padding, paddings);
    dataFormat(s.kind, s.data_format);
    if (s.filters % s.groups) {
      throw new CalcError(message("groups", { kind: s.kind, filters: s.filters, groups: s.groups }));
    }
    const big = (v) => tupleOf(v, rank).some((d) => d > 1n);
    if (big(s.strides) && big(s.dilation_rate)) {
      throw new CalcError(message("strides_dilation", { kind: s.kind, strides: repr(s.strides),
                                                        dilation: repr(s.dilation_rate) }));
    }
  }

  function checkPool(s) {
    const rank = RANK[s.kind];
    s.pool_size = asValue(intTuple(s.kind, "pool_size", s.pool_size, rank), rank);
    if (s.strides !== null) s.strides = asValue(intTuple(s.kind, "strides", s.strides, rank), rank);
    s.padding = choice(s.kind, "padding", s.padding, ["valid", "same"]);
    dataFormat(s.kind, s.data_format);
  }

  function makeAroundSpec(kind, fields) {
    const spec = { kind };
    for (const name of SHARED.kinds[kind].fields) {
      spec[name] = name in fields ? fields[name] : DEFAULTS[kind][name];
    }
    for (const [name, value] of Object.entries(DEFAULTS[kind])) {
      if (typeof value === "boolean" && typeof spec[name] !== "boolean") {
        throw new CalcError(message("flag", { kind, name, value: repr(spec[name]) }));
      }
    }
    if (CHECKS[kind]) CHECKS[kind](spec);
    return spec;
  }

  function aroundCallText(spec) {
    const required = SHARED.kinds[spec.kind].required;
    const args = required.map((name) => (name === "layer" ? callText(spec.layer) : repr(spec[name])));
    for (const [name, value] of Object.entries(DEFAULTS[spec.kind])) {
      if (!required.includes(name) && !same(spec[name], value)) args.push(`${name}=${repr(spec[name])}`);
    }
    return `${spec.kind}(${args.join(", ")})`;
  }

  /* ---- around_shapes.py --------------------------------------------------------------------- */

  const SEQUENCE = () => message("wants_sequence");
  const IMAGE = () => message("wants_image");

  /* errors.ShapeMismatch: `expected` says what the layer takes, `hint` how to fix it. */
  function mismatch(layer, shape, expected, hint = "") {
    return Object.assign(new CalcError(withFix(message("mismatch", { layer: callText(layer),
                                                 expected, shape: shapeText(shape) }), hint)),
                         { mismatch: true, expected, hint });
  }

  const product = (values) => values.reduce((a, b) => a * b, 1n);

  function rankOf(layer, shape, ndim, what) {
    if (shape.length !== ndim) throw mismatch(layer, shape, what);
  }

  function knownChannels(layer, shape) {
    if (shape[shape.length - 1] === null) {
      throw mismatch(layer, shape, message("wants_channels"));
    }
    return shape[shape.length - 1];
  }

  function windowLength(size, window, stride, padding, layer, shape, what, dilation = 1n) {
    if (size === null) return null;
    if (padding === "same" || padding === "causal") return (size + stride - 1n) / stride;
    const span = dilation * (window - 1n) + 1n;
    if (size < span) {
      const fix = dilation === 1n ? message("fix_window", { what: what.split(" ")[0] })
        : message("fix_window_dilated");
      throw mismatch(layer, shape, message("wants_steps", { span, what }), fix);
    }
    return (size - span) / stride + 1n;
  }

  function convShape(layer, shape) {
    const rank = RANK[layer.kind];
    rankOf(layer, shape, rank + 2, rank === 1 ? SEQUENCE() : IMAGE());
    const channels = knownChannels(layer, shape);
    if (channels % layer.groups) {
      throw mismatch(layer, shape, message("wants_groups", { groups: layer.groups }));
    }
    const kernel = tupleOf(layer.kernel_size, rank), strides = tupleOf(layer.strides, rank);
    const dilation = tupleOf(layer.dilation_rate, rank);
    const spatial = shape.slice(1, -1).map((size, i) => windowLength(
      size, kernel[i], strides[i], layer.padding, layer, shape,
      message(dilation[i] > 1n ? "window_dilated" : "window_kernel",
              { size: kernel[i], dilation: dilation[i] }),
      dilation[i]));
    return [shape[0], ...spatial, layer.filters];
  }

  function poolShape(layer, shape) {
    const rank = RANK[layer.kind];
    rankOf(layer, shape, rank + 2, rank === 1 ? SEQUENCE() : IMAGE());
    const pool = tupleOf(layer.pool_size, rank);
    const strides = tupleOf(layer.strides === null ? layer.pool_size : layer.strides, rank);
    const spatial = shape.slice(1, -1).map((size, i) => windowLength(
      size, pool[i], strides[i], layer.padding, layer, shape,
      message("window_pool", { size: pool[i] })));
    return [shape[0], ...spatial, shape[shape.length - 1]];
  }

  function reshapeShape(layer, shape) {
    const rest = shape.slice(1), target = layer.target_shape.tuple;
    const targetText = shapeText(target);
    if (rest.includes(null)) return [shape[0], ...target.map((d) => (d === -1n ? null : d))];
    const size = product(rest);
    const known = product(target.filter((d) => d !== -1n));
    const values = message("reshape_values", { size, dims: rest.join(" x ") });
    const free = target.includes(-1n);
    if (!free && known !== size) {
      throw mismatch(layer, shape, message("wants_values", { known, target: targetText }),
                     message("fix_reshape", { values, size }));
    }
    if (free) {
      if (size % known) {
        throw mismatch(layer, shape, message("wants_divisible", { known, target: targetText }),
                       message("fix_reshape_free", { values }));
      }
      return [shape[0], ...target.map((d) => (d === -1n ? size / known : d))];
    }
    return [shape[0], ...target];
  }

  /* The axes a normalization uses (sorted when a tuple), checked; weights need known sizes. */
  function normalizedAxes(layer, shape) {
    const tuple = items(layer.axis);
    const axes = tuple ? tuple.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : [layer.axis];
    const n = BigInt(shape.length);
    for (const axis of axes) {
      if (!(-n <= axis && axis < n)) throw mismatch(layer, shape, message("wants_axis", { axis }));
    }
    const hasWeights = layer.kind === "BatchNormalization" || layer.center || layer.scale ||
                       layer.rms_scaling === true;
    for (const axis of axes) {
      if (hasWeights && at(shape, axis) === null) {
        throw mismatch(layer, shape, message("wants_axis_size", { axis }));
      }
    }
    return axes;
  }

  const at = (shape, axis) => shape[Number(axis < 0n ? BigInt(shape.length) + axis : axis)];

  function timeDistributedShape(layer, shape) {
    if (shape.length < 3) {
      throw mismatch(layer, shape, message("wants_timesteps"),
                     message("fix_timesteps", { kind: layer.layer.kind }));
    }
    const step = [shape[0], ...shape.slice(2)];
    let stepOutput;
    try {
      stepOutput = outputShape(layer.layer, step);
    } catch (error) {
      if (!error.mismatch) throw error;
      throw mismatch(layer, shape, message("wants_step", { layer: callText(layer.layer),
                                                           expected: error.expected }),
                     message("fix_step", { step: shapeText(step) }));
    }
    if (isList(stepOutput)) throw mismatch(layer, shape, message("wants_one_tensor"));
    return [stepOutput[0], shape[1], ...stepOutput.slice(1)];
  }

  const AROUND_SHAPES = {
    Embedding: (l, s) => s.concat([l.output_dim]),
    Masking: (l, s) => s, Dropout: (l, s) => s, GaussianNoise: (l, s) => s,
    Activation: (l, s) => s,
    SpatialDropout1D: (l, s) => { rankOf(l, s, 3, SEQUENCE()); return s; },
    Conv1D: convShape, Conv2D: convShape,
    MaxPooling1D: poolShape, AveragePooling1D: poolShape, MaxPooling2D: poolShape,
    GlobalMaxPooling1D: globalPoolShape, GlobalAveragePooling1D: globalPoolShape,
    Flatten: (l, s) => {
      const rest = s.slice(1);
      if (!rest.length) return [s[0], 1n];
      return [s[0], rest.includes(null) ? null : product(rest)];
    },
    Reshape: reshapeShape,
    RepeatVector: (l, s) => {
      rankOf(l, s, 2, message("wants_vector"));
      return [s[0], l.n, s[1]];
    },
    Permute: (l, s) => {
      const dims = l.dims.tuple;
      rankOf(l, s, dims.length + 1, message("wants_rank", { rank: dims.length + 1,
                                                            dims: shapeText(dims),
                                                            count: dims.length }));
      return [s[0], ...dims.map((d) => s[Number(d)])];
    },
    TimeDistributed: timeDistributedShape,
    BatchNormalization: (l, s) => { normalizedAxes(l, s); return s; },
    LayerNormalization: (l, s) => { normalizedAxes(l, s); return s; },
  };

  function globalPoolShape(layer, shape) {
    rankOf(layer, shape, 3, SEQUENCE());
    return layer.keepdims ? [shape[0], 1n, shape[2]] : [shape[0], shape[2]];
  }

  function aroundOutputShape(layer, shape) {
    if (shape.length < 1) throw mismatch(layer, shape, message("wants_batch_axis"));
    return AROUND_SHAPES[layer.kind](layer, shape);
  }

  /* ---- around_params.py --------------------------------------------------------------------- */

  function convWeights(layer, shape) {
    const kernel = tupleOf(layer.kernel_size, RANK[layer.kind]);
    const perGroup = shape[shape.length - 1] / layer.groups;
    const found = [weight("kernel", [...kernel, perGroup, layer.filters],
      message("role_conv_kernel", { window: kernel.join(" x "), channels: perGroup,
                                    filters: layer.filters }))];
    if (layer.use_bias) found.push(weight("bias", [layer.filters], message("role_conv_bias")));
    return found;
  }

  function normWeights(layer, shape) {
    const size = normalizedAxes(layer, shape).map((axis) => at(shape, axis));
    const found = [];
    const rms = layer.rms_scaling === true;
    if (layer.scale || rms) found.push(weight("gamma", size, message("role_gamma")));
    if (layer.center && !rms) found.push(weight("beta", size, message("role_beta")));
    if (layer.kind === "BatchNormalization") {
      found.push(weight("moving_mean", size, message("role_moving_mean"), false),
                 weight("moving_variance", size, message("role_moving_variance"), false));
    }
    return found;
  }

  function aroundWeights(layer, shape) {
    switch (layer.kind) {
      case "Embedding":
        return [weight("embeddings", [layer.input_dim, layer.output_dim],
          message("role_embeddings", { dim: layer.output_dim, last: layer.input_dim - 1n }))];
      case "Conv1D": case "Conv2D": return convWeights(layer, shape);
      case "BatchNormalization": case "LayerNormalization": return normWeights(layer, shape);
      case "TimeDistributed": return weights(layer.layer, [shape[0], ...shape.slice(2)]);
      default: return [];
    }
  }

  function aroundFormula(layer, shape) {
    const total = aroundWeights(layer, shape).reduce((sum, w) => sum + w.count, 0n);
    const done = (symbolic, numeric) => ({ symbolic, numeric, total,
                                           text: `${symbolic} = ${numeric} = ${total}` });
    switch (layer.kind) {
      case "Embedding":
        return done("input_dim*output_dim", `${layer.input_dim}*${layer.output_dim}`);
      case "Conv1D": case "Conv2D": {
        const rank = RANK[layer.kind];
        const kernel = tupleOf(layer.kernel_size, rank);
        const window = rank === 1 ? "kernel_size" : "kernel_rows*kernel_cols";
        const channels = layer.groups === 1n ? "channels" : "(channels/groups)";
        const perGroup = shape[shape.length - 1] / layer.groups;
        const [biasS, biasN] = layer.use_bias ? [" + filters", ` + ${layer.filters}`] : ["", ""];
        return done(`${window}*${channels}*filters${biasS}`,
                    [...kernel, perGroup, layer.filters].join("*") + biasN);
      }
      case "BatchNormalization": case "LayerNormalization": {
        const found = aroundWeights(layer, shape);
        return done(found.map((w) => w.name).join(" + ") || "0",
                    found.map((w) => w.count.toString()).join(" + ") || "0");
      }
      case "TimeDistributed": return formula(layer.layer, [shape[0], ...shape.slice(2)]);
      default: return done("0", "0");
    }
  }

  /* ---- report.py: the JSON report (schema version 2, without `config`) -------------------- */

  const jsonShape = (shape) => (isList(shape) ? shape.map(jsonShape) : shape.slice());
  const outputShapes = (shape) => (isList(shape) ? shape.map(jsonShape) : [jsonShape(shape)]);

  /* report.to_dict of a summary, numbers as BigInt; `config` is left to lstm_ref. */
  function toDict(summary) {
    return {
      schema_version: 2,
      input_shape: jsonShape(summary.inputShape),
      params: summary.params, trainable_params: summary.trainableParams,
      non_trainable_params: summary.nonTrainableParams,
      output_shape: jsonShape(summary.outputShape),
      output_shapes: outputShapes(summary.outputShape),
      layers: summary.layers.map((row) => ({
        layer: callText(row.layer), params: row.params, trainable_params: row.trainableParams,
        non_trainable_params: row.nonTrainableParams, input_shape: jsonShape(row.inputShape),
        output_shape: jsonShape(row.outputShape), output_shapes: outputShapes(row.outputShape),
        weights: row.weights.map((w) => ({ name: w.name, shape: w.shape.slice(), params: w.count,
                                           trainable: w.trainable })),
        formula: { symbolic: row.formula.symbolic, numeric: row.formula.numeric,
                   total: row.formula.total },
      })),
    };
  }

  /* ---- report.py: the words ---------------------------------------------------------------- */

  function describeOutput(layer) {
    if (!SEQUENCE_KINDS.includes(layer.kind)) return "";
    const cell = inner(layer);
    const steps = message(cell.return_sequences ? "output_every_step" : "output_last_step");
    let what, names;
    if (layer.kind === "Bidirectional") {
      what = message("output_both", { steps,
                                      merge: message(`merge_${layer.merge_mode === null ? "None" : layer.merge_mode}`) });
      names = layer.merge_mode ? ["output"] : ["forward output", "backward output"];
      if (cell.return_state) {
        for (const direction of ["forward", "backward"]) {
          for (const state of STATES[cell.kind]) names.push(`${direction} ${state}`);
        }
      }
    } else {
      what = message("output_one", { steps });
      names = ["output"].concat(cell.return_state ? STATES[cell.kind] : []);
    }
    return names.length === 1 ? what : message("output_list", { names: names.join(", "), what });
  }

  Object.assign(calc, {
    CalcError, ORDER, RECURRENT, COMPUTED, MERGE_MODES, DEFAULTS, SHARED, configure, message,
    repr, strRepr,
    excerpt, excerptRepr, describeNumber, shapeText, makeSpec,
    callText, weights, formula, outputShape, stackInput, summarize, describeOutput, isList,
    summarizeModel, modelInputShape, toDict,
  });
  // Scripts inserted by instant navigation run in any order: the last one in starts the page.
  if (calc.start) calc.start();
})(window.LstmCalc = window.LstmCalc || {});
