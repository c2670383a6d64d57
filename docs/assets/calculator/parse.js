/* Read pasted layer calls in the grammar of lstm_ref/parse.py: Keras call syntax with literal
   arguments. A small tokenizer and recursive-descent parser for a subset of Python expressions;
   nothing the reader types is ever evaluated. Messages are lstm_ref's. */
(function (calc) {
  "use strict";

  const { CalcError, DEFAULTS, RECURRENT, makeSpec, repr, strRepr } = calc;

  const EXAMPLE = 'e.g. "LSTM(32)" or "Bidirectional(GRU(16, return_sequences=True), ' +
                  "merge_mode='sum')\"";
  const KINDS = RECURRENT.concat(["Bidirectional", "Dense"]);
  const IGNORED = new Set([
    "activation", "recurrent_activation", "kernel_initializer", "recurrent_initializer",
    "bias_initializer", "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
    "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "seed", "go_backwards", "unroll",
    "implementation", "name", "dtype", "trainable", "use_cudnn", "lora_rank", "lora_alpha",
    "weights",
  ]);
  const KERAS2_ONLY = {
    batch_input_shape: "Keras 3 rejects batch_input_shape=: pass --input-shape TIMESTEPS," +
                       "FEATURES and --batch-size N (in Keras 3, keras.Input(batch_shape=...))",
    batch_size: "Keras 3 rejects batch_size= on a layer: pass --batch-size N " +
                "(in Keras 3, keras.Input(batch_shape=...))",
    input_dim: "input_dim= is Keras 2 for the features axis: pass --input-shape " +
               "TIMESTEPS,FEATURES instead",
    input_length: "input_length= is Keras 2 for the timesteps axis: pass --input-shape " +
                  "TIMESTEPS,FEATURES instead",
  };
  const RESERVED = new Set([
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
  ]);

  class Unreadable extends Error {}  // text that is not an expression of the subset we read

  /* ---- tokenizer -------------------------------------------------------------------------- */

  const DIGITS = "\\d(?:_?\\d)*";
  const NUMBER = new RegExp(
    "^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+" +
    `|(?:(?:${DIGITS})?\\.${DIGITS}|${DIGITS}\\.?)(?:[eE][+-]?${DIGITS})?)([jJ])?`);
  const STRING_START = /^([rRuUbBfF]{0,2})('''|"""|'|")/;
  const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
  const OPERATORS = ["...", "**", "//", "==", "!=", "<=", ">=", "<<", ">>", "(", ")", "[", "]",
                     "{", "}", ",", "=", ".", ":", "+", "-", "*", "/", "%", "@", "~", "<", ">",
                     "|", "^", "&"];
  const BINARY = ["+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "|", "^", "&"];
  const COMPARE = ["==", "!=", "<", ">", "<=", ">="];
  const ESCAPES = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n",
                    r: "\r", t: "\t", v: "\v" };

  function numberToken(text, imaginary) {
    const clean = text.replace(/_/g, "");
    if (imaginary) return { other: text + imaginary };
    if (/^0[xXoObB]/.test(clean)) return BigInt(clean.toLowerCase());
    if (/[.eE]/.test(clean)) return { float: Number(clean) };
    if (/^0+[1-9]/.test(clean)) throw new Unreadable("leading zeros in a decimal integer");
    return BigInt(clean);
  }

  function unescape(body) {
    return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\n|.)/g,
      (whole, esc) => {
        if (esc === "\n") return "";
        if (/^[xuU]/.test(esc) && esc.length > 1) {
          return String.fromCodePoint(parseInt(esc.slice(1), 16));
        }
        if (/^[0-7]+$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
        return esc in ESCAPES ? ESCAPES[esc] : whole;
      });
  }

  function stringToken(src, at) {
    const [, prefix, quote] = STRING_START.exec(src.slice(at));
    const flags = prefix.toLowerCase();
    if (!["", "r", "u", "b", "f", "br", "rb", "fr", "rf"].includes(flags)) return null;
    let i = at + prefix.length + quote.length;
    while (i < src.length) {
      if (src[i] === "\\") { i += 2; continue; }
      if (src.startsWith(quote, i)) {
        const body = src.slice(at + prefix.length + quote.length, i);
        const text = flags.includes("r") ? body : unescape(body);
        return { end: i + quote.length, kind: flags.includes("f") ? "fstring"
                 : flags.includes("b") ? "bytes" : "str", text };
      }
      if (src[i] === "\n" && quote.length === 1) break;
      i += 1;
    }
    throw new Unreadable("unterminated string");
  }

  /* Tokens {type: name|number|string|op|end, value, start, end}; newlines only inside brackets. */
  function tokenize(src) {
    const tokens = [];
    let i = 0, depth = 0;
    while (i < src.length) {
      const rest = src.slice(i);
      const ch = src[i];
      if (/[ \t\f\r\n]/.test(ch)) {
        if (ch === "\n" && depth === 0) throw new Unreadable("a line break outside brackets");
        i += 1; continue;
      }
      if (ch === "\\" && src[i + 1] === "\n") { i += 2; continue; }
      if (ch === "#") { while (i < src.length && src[i] !== "\n") i += 1; continue; }
      const string = STRING_START.test(rest) ? stringToken(src, i) : null;
      if (string) {
        tokens.push({ type: "string", value: string, start: i, end: string.end });
        i = string.end; continue;
      }
      const name = NAME.exec(rest);
      if (name) {
        tokens.push({ type: "name", value: name[0], start: i, end: i + name[0].length });
        i += name[0].length; continue;
      }
      const number = /^\.?\d/.test(rest) ? NUMBER.exec(rest) : null;
      if (number) {
        const end = i + number[0].length;
        if (/^[A-Za-z0-9_]/.test(src.slice(end))) throw new Unreadable("a malformed number");
        tokens.push({ type: "number", value: numberToken(number[0].replace(/[jJ]$/, ""), number[1]),
                      start: i, end });
        i = end; continue;
      }
      const op = OPERATORS.find((o) => rest.startsWith(o));
      if (!op) throw new Unreadable(`the character ${ch}`);
      if ("([{".includes(op)) depth += 1;
      if (")]}".includes(op)) depth -= 1;
      if (depth < 0) throw new Unreadable("an unmatched bracket");
      tokens.push({ type: "op", value: op, start: i, end: i + op.length });
      i += op.length;
    }
    tokens.push({ type: "end", value: "", start: src.length, end: src.length });
    return tokens;
  }

  /* ---- parser: a subset of Python expressions --------------------------------------------- */

  function parseExpression(src) {
    const tokens = tokenize(src);
    let pos = 0;
    const peek = () => tokens[pos];
    const isOp = (value) => peek().type === "op" && peek().value === value;
    const expect = (value) => {
      if (!isOp(value)) throw new Unreadable(`expected '${value}'`);
      pos += 1;
    };
    const node = (type, start, fields) =>
      Object.assign({ type, src: src.slice(start, tokens[pos - 1].end) }, fields);

    const isWord = (word) => peek().type === "name" && peek().value === word;

    /* Python's expression grammar, less comprehensions, slices and walrus: enough to skip
       over any argument value a pasted layer call is likely to hold. */
    function expression() {
      const start = peek().start;
      if (isWord("lambda")) return lambda(start);
      const body = boolean("or");
      if (!isWord("if")) return body;
      pos += 1;
      const test = boolean("or");
      if (!isWord("else")) throw new Unreadable("'if' without 'else'");
      pos += 1;
      return node("IfExp", start, { body, test, orelse: expression() });
    }

    function lambda(start) {
      pos += 1;
      while (!isOp(":")) {
        if (isOp("*") || isOp("**")) pos += 1;
        if (peek().type !== "name" || RESERVED.has(peek().value)) throw new Unreadable("a name");
        pos += 1;
        if (isOp("=")) { pos += 1; expression(); }
        if (!isOp(",")) break;
        pos += 1;
      }
      expect(":");
      return node("Lambda", start, { body: expression() });
    }

    function boolean(word) {
      const start = peek().start;
      let left = word === "or" ? boolean("and") : inversion();
      while (isWord(word)) {
        pos += 1;
        left = node("BoolOp", start, { left, right: word === "or" ? boolean("and") : inversion() });
      }
      return left;
    }

    function inversion() {
      const start = peek().start;
      if (!isWord("not")) return comparison();
      pos += 1;
      return node("UnaryOp", start, { op: "not", operand: inversion() });
    }

    function comparison() {
      const start = peek().start;
      let left = arithmetic();
      for (;;) {
        if (peek().type === "op" && COMPARE.includes(peek().value)) pos += 1;
        else if (isWord("in") || isWord("is")) { pos += 1; if (isWord("not")) pos += 1; }
        else if (isWord("not") && tokens[pos + 1].value === "in") pos += 2;
        else return left;
        left = node("Compare", start, { left, right: arithmetic() });
      }
    }

    function arithmetic() {
      const start = peek().start;
      let left = unary();
      while (peek().type === "op" && BINARY.includes(peek().value)) {
        const op = peek().value;
        pos += 1;
        left = node("BinOp", start, { left, op, right: unary() });
      }
      return left;
    }

    function unary() {
      const start = peek().start;
      if (peek().type === "op" && ["+", "-", "~"].includes(peek().value)) {
        const op = peek().value;
        pos += 1;
        return node("UnaryOp", start, { op, operand: unary() });
      }
      return postfix();
    }

    function postfix() {
      const start = peek().start;
      let value = atom();
      for (;;) {
        if (isOp(".")) {
          pos += 1;
          if (peek().type !== "name" || RESERVED.has(peek().value)) throw new Unreadable("a name");
          const attr = tokens[pos++].value;
          value = node("Attribute", start, { value, attr });
        } else if (isOp("(")) {
          pos += 1;
          const { args, keywords } = callArguments();
          value = node("Call", start, { func: value, args, keywords });
        } else if (isOp("[")) {
          pos += 1;
          const index = expression();
          expect("]");
          value = node("Subscript", start, { value, index });
        } else {
          return value;
        }
      }
    }

    function callArguments() {
      const args = [], keywords = [], seen = new Set();
      while (!isOp(")")) {
        if (isOp("**")) {
          pos += 1;
          keywords.push({ arg: null, value: expression() });
        } else if (isOp("*")) {
          const start = peek().start;
          pos += 1;
          if (keywords.some((k) => k.arg === null)) throw new Unreadable("*args after **kwargs");
          args.push(node("Starred", start, { value: expression() }));
        } else if (peek().type === "name" && tokens[pos + 1].type === "op" &&
                   tokens[pos + 1].value === "=") {
          const arg = peek().value;
          if (RESERVED.has(arg) || ["True", "False", "None"].includes(arg)) {
            throw new Unreadable("a keyword used as an argument name");
          }
          if (seen.has(arg)) throw new Unreadable(`keyword argument repeated: ${arg}`);
          seen.add(arg);
          pos += 2;
          keywords.push({ arg, value: expression() });
        } else {
          if (keywords.length) throw new Unreadable("a positional argument after a keyword one");
          args.push(expression());
        }
        if (!isOp(",")) break;
        pos += 1;
      }
      expect(")");
      return { args, keywords };
    }

    function sequence(type, close, start) {
      const elts = [];
      let comma = false;
      while (!isOp(close)) {
        elts.push(expression());
        comma = isOp(",");
        if (!comma) break;
        pos += 1;
      }
      expect(close);
      if (type === "Paren") {
        if (elts.length === 1 && !comma) return elts[0];
        type = "Tuple";
      }
      return node(type, start, { elts });
    }

    function atom() {
      const token = peek();
      const start = token.start;
      if (token.type === "end") throw new Unreadable("the text to end early");
      pos += 1;
      if (token.type === "number") return node("Constant", start, { value: token.value });
      if (token.type === "string") {
        let { kind, text } = token.value;
        while (peek().type === "string") {  // implicit concatenation: 'a' 'b'
          const next = tokens[pos++].value;
          if ((next.kind === "bytes") !== (kind === "bytes")) {
            throw new Unreadable("bytes mixed with text");
          }
          if (next.kind === "fstring") kind = "fstring";
          text += next.text;
        }
        if (kind === "fstring") return node("JoinedStr", start, {});
        return node("Constant", start, { value: kind === "bytes" ? { bytes: text } : text });
      }
      if (token.type === "name") {
        if (token.value === "True" || token.value === "False") {
          return node("Constant", start, { value: token.value === "True" });
        }
        if (token.value === "None") return node("Constant", start, { value: null });
        if (RESERVED.has(token.value)) throw new Unreadable(`the keyword ${token.value}`);
        return node("Name", start, { id: token.value });
      }
      if (token.value === "...") return node("Constant", start, { value: { other: "Ellipsis" } });
      if (token.value === "(") return sequence("Paren", ")", start);
      if (token.value === "[") return sequence("List", "]", start);
      if (token.value === "{") return dictOrSet(start);
      throw new Unreadable(`'${token.value}'`);
    }

    function dictOrSet(start) {
      const keys = [], values = [];
      let isDict = null;
      while (!isOp("}")) {
        keys.push(expression());
        if (isDict === null) isDict = isOp(":");
        if (isDict) { expect(":"); values.push(expression()); }
        if (!isOp(",")) break;
        pos += 1;
      }
      expect("}");
      return isDict === false ? node("Set", start, { elts: keys })
                              : node("Dict", start, { keys, values });
    }

    const tree = expression();
    if (peek().type !== "end") throw new Unreadable("text after the expression");
    return tree;
  }

  /* ---- from syntax tree to layer spec (lstm_ref/parse.py) --------------------------------- */

  function unparse(node) {
    switch (node.type) {
      case "Name": return node.id;
      case "Attribute": return `${unparse(node.value)}.${node.attr}`;
      case "Constant": return repr(node.value);
      case "Call": return `${unparse(node.func)}(` + node.args.map(unparse)
        .concat(node.keywords.map((k) => (k.arg ? `${k.arg}=` : "**") + unparse(k.value)))
        .join(", ") + ")";
      case "Tuple": return "(" + node.elts.map(unparse).join(", ") +
        (node.elts.length === 1 ? ",)" : ")");
      case "List": return "[" + node.elts.map(unparse).join(", ") + "]";
      default: return node.src.replace(/\s+/g, " ");
    }
  }

  /* ast.literal_eval: constants, containers of literals, and signed numbers; nothing else. */
  function literal(node, what) {
    const fail = () => {
      throw new CalcError(`${what} must be a literal (a number, a string, True, False, None ` +
                          `or a tuple), got ${unparse(node)}`);
    };
    const isNumber = (v) => typeof v === "bigint" || (v !== null && typeof v === "object" &&
                            ("float" in v || /j$/.test(v.other || "")));
    const convert = (n) => {
      switch (n.type) {
        case "Constant": return n.value;
        case "Tuple": return { tuple: n.elts.map(convert) };
        case "List": return { list: n.elts.map(convert) };
        case "Set": return { other: unparse(n) };
        case "Dict": n.keys.concat(n.values).forEach(convert); return { other: unparse(n) };
        case "Call":
          if (n.func.type === "Name" && n.func.id === "set" && !n.args.length &&
              !n.keywords.length) return { other: "set()" };
          return fail();
        case "UnaryOp": {
          const operand = n.operand.type === "Constant" ? n.operand.value : undefined;
          if (!["+", "-"].includes(n.op) || !isNumber(operand)) return fail();
          if (n.op === "+") return operand;
          if (typeof operand === "bigint") return -operand;
          if ("float" in operand) return { float: -operand.float };
          return { other: "-" + operand.other };
        }
        case "BinOp": {
          const right = n.right.type === "Constant" ? n.right.value : undefined;
          if (!["+", "-"].includes(n.op) || !/j$/.test((right && right.other) || "")) return fail();
          const left = convert(n.left);
          if (!isNumber(left) || /j$/.test(left.other || "")) return fail();
          return { other: unparse(n) };
        }
        default: return fail();
      }
    };
    return convert(node);
  }

  function callName(func) {
    if (func.type === "Name") return func.id;
    if (func.type === "Attribute" && callName(func.value) !== null) return func.attr;
    return null;
  }

  function fieldsOf(kind) {
    if (kind === "Bidirectional") return ["layer", "merge_mode"];
    return ["units"].concat(Object.keys(DEFAULTS[kind]));
  }

  function tupleOf(value, kind) {
    if (value && typeof value === "object" && ("tuple" in value || "list" in value)) {
      return value.tuple || value.list;
    }
    throw new CalcError(`${kind} input_shape must be a tuple (timesteps, features), ` +
                        `got ${repr(value)}`);
  }

  function parseCall(node, text) {
    if (node.type !== "Call") {
      throw new CalcError(`expected a layer call, ${EXAMPLE}; got ${strRepr(text)}`);
    }
    const kind = callName(node.func);
    if (!KINDS.includes(kind)) {
      throw new CalcError(`unknown layer '${unparse(node.func)}': expected one of ` +
                          `${KINDS.join(", ")}; ${EXAMPLE}`);
    }
    const first = kind === "Bidirectional" ? "layer" : "units";
    if (node.args.length > 1 || node.args.some((a) => a.type === "Starred")) {
      throw new CalcError(`${kind} takes one positional argument (${first}), got ` +
                          `${node.args.length}: give the others by name`);
    }
    const keywords = new Map();
    for (const keyword of node.keywords) {
      if (keyword.arg === null) {
        throw new CalcError(`${kind}: **kwargs cannot be read, name each argument`);
      }
      keywords.set(keyword.arg, keyword.value);
    }
    if (node.args.length) {
      if (keywords.has(first)) throw new CalcError(`${kind} got ${first} twice`);
      keywords.set(first, node.args[0]);
    }
    const allowed = fieldsOf(kind);
    const values = {};
    let inputShape = null;
    for (const [key, value] of keywords) {
      if (key in KERAS2_ONLY) {
        throw new CalcError(`${kind}(${key}=...): ${KERAS2_ONLY[key]}`);
      }
      if (key === "input_shape") {
        inputShape = tupleOf(literal(value, `${kind} input_shape`), kind);
      } else if (key === "layer" && kind === "Bidirectional") {
        const wrapped = parseCall(value, unparse(value));
        values.layer = wrapped.layer;
        inputShape = inputShape && inputShape.length ? inputShape : wrapped.inputShape;
      } else if (allowed.includes(key)) {
        values[key] = literal(value, `${kind} argument ${key}`);
      } else if (!IGNORED.has(key)) {
        throw new CalcError(`${kind} got an unexpected argument '${key}': expected ` +
                            `${allowed.slice().sort().join(", ")} or input_shape (arguments ` +
                            "such as activation or dropout are accepted and ignored)");
      }
    }
    if (!(first in values)) throw new CalcError(`${kind} needs its ${first} argument, ${EXAMPLE}`);
    return { layer: makeSpec(kind, values), inputShape };
  }

  /* One layer call, as lstm_ref.parse_layer reads it: {layer, inputShape or null}. */
  function parseLayer(text) {
    if (typeof text !== "string" || !text.trim()) {
      throw new CalcError(`expected a layer call, ${EXAMPLE}; got ${strRepr(String(text))}`);
    }
    let tree;
    try {
      tree = parseExpression(text.trim());
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      throw new CalcError(`could not read ${strRepr(text)} as a layer call: expected Keras ` +
                          `call syntax, ${EXAMPLE}`);
    }
    return parseCall(tree, text);
  }

  /* Split pasted text into calls: a line break outside brackets and strings ends a call. */
  function splitCalls(text) {
    const calls = [];
    let depth = 0, quote = null, start = 0;
    for (let i = 0; i < text.length; i += 1) {
      const ch = text[i];
      if (quote) {
        if (ch === "\\") i += 1;
        else if (text.startsWith(quote, i)) { i += quote.length - 1; quote = null; }
        else if (ch === "\n" && quote.length === 1) quote = null;
      } else if (ch === "'" || ch === '"') {
        quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
        i += quote.length - 1;
      } else if (ch === "#") {
        while (i + 1 < text.length && text[i + 1] !== "\n") i += 1;
      } else if ("([{".includes(ch)) depth += 1;
      else if (")]}".includes(ch)) depth = Math.max(0, depth - 1);
      else if (ch === "\n" && depth === 0) { calls.push(text.slice(start, i)); start = i + 1; }
    }
    calls.push(text.slice(start));
    return calls.filter((call) => call.replace(/#.*$/gm, "").trim());
  }

  Object.assign(calc, { EXAMPLE, parseLayer, splitCalls });
})(window.LstmCalc = window.LstmCalc || {});
