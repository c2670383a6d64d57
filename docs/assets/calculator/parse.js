/* Read pasted layer calls in the grammar of lstm_ref/parse.py: Keras call syntax with literal
   arguments. A small tokenizer and recursive-descent parser for a subset of Python expressions;
   nothing the reader types is ever evaluated. Messages are lstm_ref's. */
(function (calc) {
  "use strict";

  const { CalcError, SHARED, makeSpec, message, repr, strRepr, excerptRepr } = calc;

  /* Layer names, argument lists, ignored arguments, Keras 2 arguments and the example come
     from lstm_ref, generated into the page at build (calc.SHARED, see model.js). */
  const MAX_DIGITS = 4300;  // Python's int() refuses longer decimal numbers (int_max_str_digits)
  // Brackets, operators or names inside each other: lstm_ref's limit (SHARED.limits).
  const maxNesting = () => SHARED.limits.maxNesting;
  const RESERVED = new Set([
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
  ]);

  /* Text that is not an expression of the subset we read; `at` is where reading stopped. */
  class Unreadable extends Error {
    constructor(message, at, limit = false) {
      super(message);
      Object.assign(this, { at, limit });
    }
  }
  /* Past one of the calculator's limits, said as such in the message. */
  const pastLimit = (what, at) => new Unreadable(`${what}: lstm_ref reads at most ` +
    `${maxNesting()} levels`, at, true);

  /* limits.check_numbers: no int beyond lstm_ref's largest size, anywhere in a literal. */
  function checkNumbers(value, what) {
    const stack = [value];
    while (stack.length) {
      const item = stack.pop();
      if (typeof item === "bigint" && (item > SHARED.limits.maxSize ||
                                       -item > SHARED.limits.maxSize)) {
        throw new CalcError(`${what} is ${calc.describeNumber(item)}: lstm_ref reads sizes up ` +
                            `to ${SHARED.limits.maxSize}`);
      }
      if (item && typeof item === "object" && ("tuple" in item || "list" in item)) {
        stack.push(...(item.tuple || item.list));
      }
    }
    return value;
  }

  /* Characters that look like nothing, or like something else, when pasted from a web page,
     a word processor or a chat: Python refuses them outside strings. */
  const LOOKALIKES = {
    0x00a0: ["a no-break space", "type a plain space instead"],
    0x202f: ["a narrow no-break space", "type a plain space instead"],
    0x2009: ["a thin space", "type a plain space instead"],
    0x3000: ["an ideographic space", "type a plain space instead"],
    0x200b: ["a zero-width space", "delete it"],
    0x200c: ["a zero-width non-joiner", "delete it"],
    0x200d: ["a zero-width joiner", "delete it"],
    0x2060: ["a word joiner", "delete it"],
    0xfeff: ["a zero-width no-break space (byte order mark)", "delete it"],
    0x00ad: ["a soft hyphen", "delete it"],
    0x200e: ["a left-to-right mark", "delete it"],
    0x200f: ["a right-to-left mark", "delete it"],
    0x202a: ["a left-to-right embedding", "delete it"],
    0x202b: ["a right-to-left embedding", "delete it"],
    0x202c: ["a pop directional formatting character", "delete it"],
    0x202d: ["a left-to-right override", "delete it"],
    0x202e: ["a right-to-left override", "delete it"],
    0x2066: ["a left-to-right isolate", "delete it"],
    0x2067: ["a right-to-left isolate", "delete it"],
    0x2068: ["a first strong isolate", "delete it"],
    0x2069: ["a pop directional isolate", "delete it"],
    0x2028: ["a line separator", "type a plain line break instead"],
    0x2029: ["a paragraph separator", "type a plain line break instead"],
    0x2018: ["a curly quote", "type a straight quote ' instead"],
    0x2019: ["a curly quote", "type a straight quote ' instead"],
    0x201c: ["a curly quote", 'type a straight quote " instead'],
    0x201d: ["a curly quote", 'type a straight quote " instead'],
    0x2212: ["a minus sign", "type a hyphen-minus - instead"],
  };
  const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}]$/u;

  /* "a no-break space (U+00A0); type a plain space instead" for a character worth naming. */
  function nameCharacter(ch) {
    if (ch === "\n" || ch === "\r" || ch === "\t" || ch === " ") return null;
    const code = ch.codePointAt(0);
    const label = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    if (code in LOOKALIKES) {
      const [name, fix] = LOOKALIKES[code];
      return `${name} (${label}); ${fix}`;
    }
    if (INVISIBLE.test(ch)) return `an invisible character (${label}); delete it`;
    return null;
  }

  /* ---- tokenizer -------------------------------------------------------------------------- */

  const DIGITS = "\\d(?:_?\\d)*";
  const NUMBER = new RegExp(
    "(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+" +
    `|(?:(?:${DIGITS})?\\.${DIGITS}|${DIGITS}\\.?)(?:[eE][+-]?${DIGITS})?)([jJ])?`, "y");
  // Sticky (y): each matches at its lastIndex only, so the tokenizer never copies the text.
  const STRING_START = /([rRuUbBfF]{0,2})('''|"""|'|")/y;
  const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
  const NUMBER_START = /\.?\d/y;
  const NAME_CHAR = /[A-Za-z0-9_]/y;
  const matchAt = (re, src, at) => {
    re.lastIndex = at;
    return re.exec(src);
  };
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
    if (/^0+[1-9]/.test(clean)) throw new Unreadable("leading zeros in a decimal integer", null);
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
    const [, prefix, quote] = matchAt(STRING_START, src, at);
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
    throw new Unreadable("unterminated string", at);
  }

  /* Tokens {type: name|number|string|op|end, value, start, end}; newlines only inside brackets. */
  function tokenize(src) {
    const tokens = [];
    let i = 0, depth = 0;
    while (i < src.length) {
      const ch = src[i];
      if (/[ \t\f\r\n]/.test(ch)) {
        if (ch === "\n" && depth === 0) throw new Unreadable("a line break outside brackets", i);
        i += 1; continue;
      }
      if (ch === "\\" && src[i + 1] === "\n") { i += 2; continue; }
      if (ch === "#") { while (i < src.length && src[i] !== "\n") i += 1; continue; }
      const string = matchAt(STRING_START, src, i) ? stringToken(src, i) : null;
      if (string) {
        tokens.push({ type: "string", value: string, start: i, end: string.end });
        i = string.end; continue;
      }
      const name = matchAt(NAME, src, i);
      if (name) {
        tokens.push({ type: "name", value: name[0], start: i, end: i + name[0].length });
        i += name[0].length; continue;
      }
      const number = matchAt(NUMBER_START, src, i) ? matchAt(NUMBER, src, i) : null;
      if (number) {
        const end = i + number[0].length;
        if (matchAt(NAME_CHAR, src, end)) throw new Unreadable("a malformed number", i);
        if (number[0].replace(/_/g, "").length > MAX_DIGITS) {
          throw new Unreadable(`a ${number[0].length}-digit number at {where}: lstm_ref reads ` +
                               `sizes up to ${SHARED.limits.maxSize}`, i, true);
        }
        tokens.push({ type: "number", value: numberToken(number[0].replace(/[jJ]$/, ""), number[1]),
                      start: i, end });
        i = end; continue;
      }
      const op = OPERATORS.find((o) => src.startsWith(o, i));
      if (!op) throw new Unreadable(`the character ${ch}`, i);
      if ("([{".includes(op)) depth += 1;
      if (")]}".includes(op)) depth -= 1;
      if (depth < 0) throw new Unreadable("an unmatched bracket", i);
      if (depth > maxNesting()) throw pastLimit("brackets nested too deeply", i);
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
    let nesting = 0;
    /* Chains such as a.b.c... or 1 + 1 + ... make trees as deep as they are long. */
    const tooLong = (n) => {
      if (n > maxNesting()) throw pastLimit("a chain of operators or names too long");
    };

    function expression() {
      if (++nesting > maxNesting()) throw pastLimit("expressions nested too deeply");
      try {
        return expressionBody();
      } finally {
        nesting -= 1;
      }
    }

    function expressionBody() {
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
      for (let n = 0; isWord(word); n += 1) {
        tooLong(n);
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
      for (let n = 0; ; n += 1) {
        tooLong(n);
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
      for (let n = 0; peek().type === "op" && BINARY.includes(peek().value); n += 1) {
        tooLong(n);
        const op = peek().value;
        pos += 1;
        left = node("BinOp", start, { left, op, right: unary() });
      }
      return left;
    }

    function unary() {
      let depth = 0;
      const ops = [];
      while (peek().type === "op" && ["+", "-", "~"].includes(peek().value)) {
        if (++depth > maxNesting()) throw pastLimit("operators nested too deeply");
        ops.push([peek().value, peek().start]);
        pos += 1;
      }
      let value = postfix();
      while (ops.length) {
        const [op, at] = ops.pop();
        value = Object.assign({ type: "UnaryOp", src: src.slice(at, tokens[pos - 1].end) },
                              { op, operand: value });
      }
      return value;
    }

    function postfix() {
      const start = peek().start;
      let value = atom();
      for (let n = 0; ; n += 1) {
        tooLong(n);
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

    try {
      const tree = expression();
      if (peek().type !== "end") throw new Unreadable("text after the expression");
      return tree;
    } catch (error) {
      if (error instanceof Unreadable && error.at === undefined) error.at = peek().start;
      throw error;
    }
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
                          `or a tuple), got ${calc.excerpt(unparse(node))}`);
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

  /* 'LSTM' for LSTM, layers.LSTM, keras.layers.LSTM or tf.keras.layers.LSTM. */
  function callName(func) {
    let node = func;
    while (node.type === "Attribute") node = node.value;
    if (node.type !== "Name") return null;
    return func.type === "Name" ? func.id : func.attr;
  }

  const cut = (text) => calc.excerpt(text);

  /* calls.unparse: source text for messages, at most 60 characters. */
  function shortText(node) {
    const text = unparse(node);
    return text.length <= 60 ? text : text.slice(0, 47) + "..." + text.slice(-10);
  }

  /* input_shape=(...) or input_dim=N (Keras 2 style) on a layer: the model's input shape. */
  function inputShapeOf(name, node, kind) {
    let value = checkNumbers(literal(node, `${kind} ${name}`), `${kind} ${name}`);
    if (name === "input_dim") value = { tuple: [value] };
    if (value && typeof value === "object" && ("tuple" in value || "list" in value)) {
      return value.tuple || value.list;
    }
    throw new CalcError(`${kind} input_shape must be a tuple such as (timesteps, features), ` +
                        `got ${cut(repr(value))}`);
  }

  /* The call's arguments by name: positional ones take Keras' parameter order
     (lstm_ref.calls.arguments). */
  function argumentsOf(node, kind, positional) {
    if (node.args.some((a) => a.type === "Starred") || node.keywords.some((k) => k.arg === null)) {
      throw new CalcError(message("starred", { kind }));
    }
    if (node.args.length > positional.length) {
      throw new CalcError(message("positional", { kind, count: positional.length,
        names: positional.join(", "), got: node.args.length }));
    }
    const found = new Map(node.args.map((arg, i) => [positional[i], arg]));
    for (const keyword of node.keywords) {
      if (found.has(keyword.arg)) throw new CalcError(message("twice", { kind, name: keyword.arg }));
      found.set(keyword.arg, keyword.value);
    }
    return found;
  }

  /* A layer call node as lstm_ref.calls.read_call reads it: {layer, inputShape or null}.
     Every kind of lstm_ref's catalog is read; the kinds this port does not compute are
     refused by name, pointing to the command line, which explains them. */
  function parseCall(node, text) {
    if (node.type !== "Call") {
      throw new CalcError(message("not_a_call", {
        text: text === undefined ? strRepr(shortText(node)) : excerptRepr(text) }));
    }
    const kind = callName(node.func);
    if (!SHARED.names.includes(kind)) {
      throw new CalcError(message("unknown_layer", { name: cut(shortText(node.func)) }));
    }
    if (!calc.COMPUTED.includes(kind)) {
      throw new CalcError(`${kind} is one of the layers python -m lstm_ref explain reads, but ` +
                          `this calculator computes only ${calc.COMPUTED.join(", ")}: ask the ` +
                          "command line for the whole model");
    }
    const entry = SHARED.kinds[kind];
    const values = {};
    let inputShape = null;
    for (const [name, value] of argumentsOf(node, kind, entry.positional)) {
      if (entry.fields.includes(name) && name === "layer") {
        const inner = parseCall(value);
        values.layer = inner.layer;
        inputShape = inputShape && inputShape.length ? inputShape : inner.inputShape;
      } else if (entry.fields.includes(name)) {
        values[name] = checkNumbers(literal(value, `${kind} argument ${name}`),
                                    `${kind} argument ${name}`);
      } else if (name === "input_shape" || name === "input_dim") {
        inputShape = inputShapeOf(name, value, kind);
      } else if (name === "trainable") {
        // Which weights train changes no shape and no total: checked, then not shown.
        const trainable = literal(value, `${kind} argument trainable`);
        if (typeof trainable !== "boolean") {
          throw new CalcError(`${kind} trainable must be True or False, got ` +
                              `${cut(repr(trainable))}`);
        }
      } else if (entry.ignored.includes(name)) {
        continue;
      } else if (name in SHARED.unsupported) {
        throw new CalcError(message("unsupported_argument",
                                    { kind, name, why: SHARED.unsupported[name] }));
      } else if (name in SHARED.keras2Only) {
        throw new CalcError(message("keras2", { kind, name, why: SHARED.keras2Only[name] }));
      } else {
        throw new CalcError(message("unexpected", { kind, name: cut(name),
          expected: entry.fields.slice().sort().join(", ") + ", input_shape or trainable" }));
      }
    }
    for (const name of entry.required) {
      if (!(name in values)) throw new CalcError(message("missing", { kind, name }));
    }
    return { layer: makeSpec(kind, values), inputShape };
  }

  /* Where `index` is in `text`, counted from 1 (lstm_ref.limits.position): "character 7",
     or "line 2, column 9" in text of several lines. */
  function position(text, index) {
    if (!text.includes("\n")) return `character ${Array.from(text.slice(0, index)).length + 1}`;
    const before = Array.from(text.slice(0, index));
    const line = before.filter((ch) => ch === "\n").length + 1;
    const column = before.length - before.lastIndexOf("\n");
    return `line ${line}, column ${column}`;
  }

  /* One layer call, as lstm_ref.parse_layer reads it: {layer, inputShape or null}.
     `where` turns an index into `text` into words ("line 2, column 9"), for messages that
     point at one character. */
  function parseLayer(text, where) {
    if (typeof text !== "string" || !text.trim()) {
      throw new CalcError(message("not_a_call", { text: excerptRepr(String(text)) }));
    }
    const lead = text.length - text.trimStart().length;
    let tree;
    try {
      tree = parseExpression(text.trim());
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      const at = typeof error.at === "number" ? lead + error.at : null;
      const ch = at === null ? "" : String.fromCodePoint(text.codePointAt(at) || 32);
      const named = at !== null && at < text.length ? nameCharacter(ch) : null;
      if (named) {
        const place = where ? where(at) : position(text, at);
        throw new CalcError(`could not read ${excerptRepr(text)} as a layer call: ${place} ` +
                            `holds ${named}`);
      }
      if (error.limit) {
        const place = at === null ? "" : where ? where(at) : position(text, at);
        throw new CalcError(`could not read ${excerptRepr(text)} as a layer call: ` +
                            `${error.message.replace("{where}", place)}`);
      }
      throw new CalcError(message("syntax", { text: excerptRepr(text) }));
    }
    return parseCall(tree, text);
  }

  /* Split pasted text into calls, {text, start}: a line break outside brackets and strings
     ends a call. */
  function splitCallsAt(text) {
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
      else if (ch === "\n" && depth === 0) {
        calls.push({ text: text.slice(start, i), start });
        start = i + 1;
      }
    }
    calls.push({ text: text.slice(start), start });
    return calls.filter((call) => call.text.replace(/#.*$/gm, "").trim());
  }

  const splitCalls = (text) => splitCallsAt(text).map((call) => call.text);

  Object.assign(calc, { parseLayer, splitCalls, splitCallsAt, position, nameCharacter });
})(window.LstmCalc = window.LstmCalc || {});
