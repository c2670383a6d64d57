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

  /* ---- lstm_ref.limits.check_text: before any parsing ----------------------------------- */

  const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;
  const hexCode = (ch) => ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");

  /* limits.character_name: "U+00A0 NO-BREAK SPACE" (names generated from Python's unicodedata). */
  function characterName(ch) {
    const name = SHARED.charNames[hexCode(ch)];
    return name ? `U+${hexCode(ch)} ${name}` : `U+${hexCode(ch)} (a control character)`;
  }

  /* The advice for an invisible character, or null for one that is fine (tab, line breaks). */
  function nameCharacter(ch) {
    if (ch === "\n" || ch === "\r" || ch === "\t" || ch === " " || !INVISIBLE.test(ch)) {
      return null;
    }
    return /^\p{Zs}$/u.test(ch) ? "replace it with a plain space"
      : "delete it (retype the text around it if you cannot see it)";
  }

  /* Indices of the characters outside string literals and comments (limits._code_spans). */
  function* codeSpans(text) {
    let index = 0, quote = "";
    while (index < text.length) {
      const ch = text[index];
      if (quote) {
        if (ch === "\\") { index += 2; continue; }
        if (text.startsWith(quote, index)) { index += quote.length; quote = ""; continue; }
        if (ch === "\n" && quote.length === 1) quote = "";
        index += 1;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = text.startsWith(ch.repeat(3), index) ? ch.repeat(3) : ch;
        index += quote.length;
        continue;
      }
      if (ch === "#") {
        const end = text.indexOf("\n", index);
        index = end < 0 ? text.length : end;
        continue;
      }
      yield [index, ch];
      index += 1;
    }
  }

  /* limits.nesting: the deepest nesting of brackets plus runs of unary operators and dots. */
  function nesting(text) {
    let deepest = 0, where = null, brackets = 0, run = 0;
    for (const [index, ch] of codeSpans(text)) {
      if ("([{".includes(ch)) { brackets += 1; run = 0; }
      else if (")]}".includes(ch)) { brackets = Math.max(brackets - 1, 0); run = 0; }
      else if ("-+~.".includes(ch)) run += 1;
      else if (!/^[\p{White_Space}\p{L}\p{N}_]$/u.test(ch)) run = 0;
      if (brackets + run > deepest) { deepest = brackets + run; where = index; }
    }
    return [deepest, where];
  }

  /* limits.check_text: too long, an invisible character, or nested too deep: one message. */
  function checkText(text, what, maxChars, where) {
    const place = (index) => (where ? where(index) : position(text, index));
    const length = Array.from(text).length;
    if (length > maxChars) {
      throw new CalcError(`${what} is ${length} characters long, more than the ${maxChars} ` +
                          `lstm_ref reads: ${excerptRepr(text)}`);
    }
    let index = 0;
    for (const ch of text) {
      const advice = nameCharacter(ch);
      if (advice) {
        throw new CalcError(`${what} has an invisible character, ${characterName(ch)}, at ` +
                            `${place(index)} (${excerptRepr(text)}): ${advice}`);
      }
      index += ch.length;
    }
    const [depth, at] = nesting(text);
    if (depth > maxNesting()) {
      const found = at === null ? "" : ` at ${place(at)}`;
      throw new CalcError(`${what} nests more than ${maxNesting()} levels deep${found} ` +
                          "(brackets, operators or attributes; a layer call needs a few): " +
                          `${excerptRepr(text)}`);
    }
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
    if (/^0+[1-9]/.test(clean)) throw new Unreadable("leading zeros in decimal integer literals are not permitted; use an 0o "
                                               + "prefix for octal integers", null);
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
    const line = src.slice(0, at).split("\n").length;
    throw new Unreadable(quote.length === 3 ? "unterminated triple-quoted string literal"
      : `unterminated string literal (detected at line ${line})`, at);
  }

  /* Tokens {type: name|number|string|op|end, value, start, end}; newlines only inside brackets. */
  function tokenize(src) {
    const tokens = [];
    const open = [];  // [bracket, index] of each bracket not yet closed
    let i = 0, depth = 0;
    while (i < src.length) {
      const ch = src[i];
      if (/[ \t\f\r\n]/.test(ch)) {
        if (ch === "\n" && depth === 0) throw new Unreadable("invalid syntax", i);
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
        if (matchAt(NAME_CHAR, src, end)) throw new Unreadable("invalid decimal literal", i);
        if (number[0].replace(/_/g, "").length > MAX_DIGITS) {
          throw new Unreadable(`a ${number[0].length}-digit number at {where}: lstm_ref reads ` +
                               `sizes up to ${SHARED.limits.maxSize}`, i, true);
        }
        let value;
        try {
          value = numberToken(number[0].replace(/[jJ]$/, ""), number[1]);
        } catch (error) {
          if (error instanceof Unreadable) error.at = i;
          throw error;
        }
        tokens.push({ type: "number", value, start: i, end });
        i = end; continue;
      }
      const op = OPERATORS.find((o) => src.startsWith(o, i));
      if (!op) {
        const one = String.fromCodePoint(src.codePointAt(i));
        throw new Unreadable(/[\x00-\x7f]/.test(one) ? "invalid syntax"
          : `invalid character '${one}' (U+${hexCode(one)})`, i);
      }
      if ("([{".includes(op)) { depth += 1; open.push([op, i]); }
      if (")]}".includes(op)) { depth -= 1; open.pop(); }
      if (depth < 0) throw new Unreadable(`unmatched '${op}'`, i);
      if (depth > maxNesting()) throw pastLimit("brackets nested too deeply", i);
      tokens.push({ type: "op", value: op, start: i, end: i + op.length });
      i += op.length;
    }
    if (open.length) throw new Unreadable(`'${open[0][0]}' was never closed`, open[0][1]);
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
      if (!isOp(value)) throw new Unreadable("invalid syntax");
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
      if (!isWord("else")) throw new Unreadable("invalid syntax");
      pos += 1;
      return node("IfExp", start, { body, test, orelse: expression() });
    }

    function lambda(start) {
      pos += 1;
      while (!isOp(":")) {
        if (isOp("*") || isOp("**")) pos += 1;
        if (peek().type !== "name" || RESERVED.has(peek().value)) throw new Unreadable("invalid syntax");
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
          if (peek().type !== "name" || RESERVED.has(peek().value)) throw new Unreadable("invalid syntax");
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
          if (keywords.some((k) => k.arg === null)) throw new Unreadable("invalid syntax");
          args.push(node("Starred", start, { value: expression() }));
        } else if (peek().type === "name" && tokens[pos + 1].type === "op" &&
                   tokens[pos + 1].value === "=") {
          const arg = peek().value;
          if (RESERVED.has(arg) || ["True", "False", "None"].includes(arg)) {
            throw new Unreadable("invalid syntax");
          }
          seen.add(arg);  // a repeated one is refused as lstm_ref refuses it: "got x twice"
          pos += 2;
          keywords.push({ arg, value: expression() });
        } else {
          if (keywords.length) throw new Unreadable("positional argument follows keyword argument");
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
      if (token.type === "end") throw new Unreadable("invalid syntax");
      pos += 1;
      if (token.type === "number") return node("Constant", start, { value: token.value });
      if (token.type === "string") {
        let { kind, text } = token.value;
        while (peek().type === "string") {  // implicit concatenation: 'a' 'b'
          const next = tokens[pos++].value;
          if ((next.kind === "bytes") !== (kind === "bytes")) {
            throw new Unreadable("invalid syntax");
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
        if (RESERVED.has(token.value)) throw new Unreadable("invalid syntax");
        return node("Name", start, { id: token.value });
      }
      if (token.value === "...") return node("Constant", start, { value: { other: "Ellipsis" } });
      if (token.value === "(") return sequence("Paren", ")", start);
      if (token.value === "[") return sequence("List", "]", start);
      if (token.value === "{") return dictOrSet(start);
      throw new Unreadable("invalid syntax");
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
      if (peek().type !== "end") throw new Unreadable("invalid syntax");
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
      throw new CalcError(message("literal", { what, text: shortText(node) }));
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

  /* calls.unparse (limits.safe_unparse): source text for messages, bounded, escaped. */
  function shortText(node) {
    if (node.type === "Constant" && typeof node.value === "bigint") {
      return calc.describeNumber(node.value);
    }
    return calc.excerpt(unparse(node));
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

  /* A layer call node as lstm_ref.calls.read_call reads it: {layer, inputShape or null,
     trainable}, for every kind of lstm_ref's catalog. */
  function parseCall(node, text) {
    if (node.type !== "Call") {
      throw new CalcError(message("not_a_call", {
        text: text === undefined ? shortText(node) : excerptRepr(text) }));
    }
    const kind = callName(node.func);
    if (!SHARED.names.includes(kind)) {
      throw new CalcError(message("unknown_layer", { name: shortText(node.func) }));
    }
    const entry = SHARED.kinds[kind];
    const values = {};
    let inputShape = null, trainable = true;
    for (const [name, value] of argumentsOf(node, kind, entry.positional)) {
      if (entry.fields.includes(name) && name === "layer") {
        const inner = parseCall(value);
        values.layer = inner.layer;
        inputShape = inputShape && inputShape.length ? inputShape : inner.inputShape;
      } else if (entry.fields.includes(name)) {
        values[name] = checkNumbers(literal(value, `${kind} argument ${name}`),
                                    `${kind} argument ${name}`);
      } else if ((name === "input_shape" || name === "input_dim") &&
                 entry.options.includes(name)) {
        inputShape = inputShapeOf(name, value, kind);
      } else if (name === "trainable" && entry.options.includes(name)) {
        // Which weights train changes no shape and no total: checked, then not shown.
        trainable = literal(value, `${kind} argument trainable`);
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
        // A constructor without **kwargs (no options) takes its signature only.
        const expected = entry.options.length
          ? entry.fields.slice().sort().join(", ") + ", input_shape or trainable"
          : "only " + entry.positional.join(", ");
        throw new CalcError(message("unexpected", { kind, name: cut(name), expected }));
      }
    }
    for (const name of entry.required) {
      if (!(name in values)) throw new CalcError(message("missing", { kind, name }));
    }
    return { layer: makeSpec(kind, values), inputShape, trainable };
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
     `where` turns an index into `text` into words ("line 2, column 9") for a call that is
     part of a longer paste; alone, a call's places read "character 9", as lstm_ref says. */
  function parseLayer(text, where) {
    if (typeof text !== "string" || !text.trim()) {
      throw new CalcError(message("not_a_call", { text: excerptRepr(String(text)) }));
    }
    checkText(text, "the layer call", SHARED.limits.maxCallChars, where);
    const stripped = text.trim();
    const lead = text.length - text.trimStart().length;
    let tree;
    try {
      tree = parseExpression(stripped);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      const at = typeof error.at === "number" ? Math.min(error.at, stripped.length - 1) : null;
      const place = at === null ? null : where ? where(lead + at) : position(stripped, at);
      if (error.limit && error.message.includes("{where}")) {  // a number past int()'s limit
        throw new CalcError(`the layer call has ${error.message.replace("{where}", place)}`);
      }
      const detail = place === null ? error.message : `at ${place}: ${error.message}`;
      throw new CalcError(`could not read ${excerptRepr(text)} as a layer call (${detail}): ` +
                          `expected Keras call syntax, ${SHARED.example}`);
    }
    return parseCall(tree, text);
  }

  /* explain.read_layers + explain_model for layer calls given one by one, on inputs of
     `inputShape` (per sample, any rank) unless the first call gives input_shape=:
     report.to_dict's report, or {error: {message, layer, line}} as error_dict gives it. */
  function explainCalls(texts, inputShape, batch) {
    try {
      const parsed = texts.map((text, i) => {
        try {
          return calc.parseLayer(text);
        } catch (error) {
          if (!(error instanceof CalcError)) throw error;
          throw Object.assign(new CalcError(texts.length === 1 ? error.message
            : `layer ${i + 1}, ${error.message}`), { layer: i + 1 });
        }
      });
      const shape = parsed.length && parsed[0].inputShape ? parsed[0].inputShape : inputShape;
      return calc.toDict(calc.summarizeModel(parsed, shape, batch));
    } catch (error) {
      if (!(error instanceof CalcError)) throw error;
      return { schema_version: 2, error: { message: error.message,
        layer: error.layer === undefined ? null : error.layer,
        line: error.line === undefined ? null : error.line } };
    }
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

  Object.assign(calc, { parseLayer, explainCalls, splitCalls, splitCallsAt, position, nameCharacter,
                        characterName, checkText });
})(window.LstmCalc = window.LstmCalc || {});
