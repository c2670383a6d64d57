/* Read pasted layer calls in the grammar of lstm_ref/parse.py: Keras call syntax with literal
   arguments. A small tokenizer and recursive-descent parser for a subset of Python expressions;
   nothing the reader types is ever evaluated. Messages are lstm_ref's. */
(function (calc) {
  "use strict";
  // Material's instant navigation runs the page's scripts again: each file defines once.
  calc.loaded = calc.loaded || {};
  if (calc.loaded.parse) return;
  calc.loaded.parse = true;

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

  /* Python's own words for a syntax error (messages.SYNTAX_ERRORS), filled as str.format does. */
  const syntaxError = (key, values = {}) => SHARED.syntaxErrors[key]
    .replace(/\{(\w+)\}/g, (whole, name) => String(values[name]));
  const INVALID = () => syntaxError("invalid_syntax");
  /* limits.parse_source: a decimal number past Python's int() limit. */
  const digitsMessage = (what, digits, where) => message("digits", {
    what, digits, where, limit: SHARED.limits.maxSize });

  /* '(' was never closed: Python names the innermost bracket left open. */
  function neverClosed(unclosed) {
    const [bracket, at] = unclosed[unclosed.length - 1];
    return Object.assign(new Unreadable(syntaxError("never_closed", { bracket }), at),
                         { neverClosed: true });
  }

  /* Text that is not an expression of the subset we read; `at` is where reading stopped. */
  class Unreadable extends Error {
    constructor(message, at, limit = false) {
      super(message);
      Object.assign(this, { at, limit });
    }
  }
  /* Past one of the calculator's limits, said as such in the message. */
  const pastLimit = (what, at) => new Unreadable(message("past_limit", {
    what: message(what), limit: maxNesting() }), at, true);

  /* limits.check_numbers: no int beyond lstm_ref's largest size, anywhere in a literal. */
  function checkNumbers(value, what) {
    const stack = [value];
    while (stack.length) {
      const item = stack.pop();
      if (typeof item === "bigint" && (item > SHARED.limits.maxSize ||
                                       -item > SHARED.limits.maxSize)) {
        throw new CalcError(message("too_big", { what, number: calc.describeNumber(item),
                                                 limit: SHARED.limits.maxSize }));
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
    return message(/^\p{Zs}$/u.test(ch) ? "invisible_space" : "invisible_other");
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

  /* limits._too_deep: the message for text nested too deeply (`where` "" when unknown). */
  const tooDeep = (what, where, text) => message("too_deep", {
    what, limit: maxNesting(), where: where ? message("at_place", { where }) : "",
    text: excerptRepr(text) });

  /* limits.check_text: too long, an invisible character, or nested too deep: one message. */
  function checkText(text, what, maxChars, where) {
    const place = (index) => (where ? where(index) : position(text, index));
    const length = Array.from(text).length;
    if (length > maxChars) {
      throw new CalcError(message("too_long", { what, length, limit: maxChars,
                                                text: excerptRepr(text) }));
    }
    let index = 0;
    for (const ch of text) {
      const advice = nameCharacter(ch);
      if (advice) {
        throw new CalcError(message("invisible", { what, name: characterName(ch),
          where: place(index), text: excerptRepr(text), advice }));
      }
      index += ch.length;
    }
    const [depth, at] = nesting(text);
    if (depth > maxNesting()) {
      throw new CalcError(tooDeep(what, at === null ? "" : place(at), text));
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
  /* What Python's tokenizer lets follow a number (1if x else y): then the name is read on. */
  const KEYWORD_AFTER = /and|else|for|i[fns]|or|not/y;
  const matchAt = (re, src, at) => {
    re.lastIndex = at;
    return re.exec(src);
  };
  const OPERATORS = [":=", "...", "**", "//", "==", "!=", "<=", ">=", "<<", ">>", "(", ")", "[", "]",
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
    if (/^0+[1-9]/.test(clean)) throw new Unreadable(syntaxError("leading_zeros"), null);
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
    throw new Unreadable(syntaxError(quote.length === 3 ? "unterminated_triple" : "unterminated",
      { line: quote.length === 3 ? src.replace(/\n$/, "").split("\n").length : line }), at);
  }

  /* Tokens {type: name|number|string|op|end, value, start, end}; newlines only inside brackets.
     `unclosed`: the brackets never closed, [bracket, index] each. */
  function tokenize(src) {
    const tokens = [];
    const open = [];  // [bracket, index] of each bracket not yet closed
    let i = 0, depth = 0;
    while (i < src.length) {
      const ch = src[i];
      if (/[ \t\f\r\n]/.test(ch)) {
        if (ch === "\n" && depth === 0) throw new Unreadable(INVALID(), i);
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
        if (matchAt(NAME_CHAR, src, end) && !matchAt(KEYWORD_AFTER, src, end)) {
          throw new Unreadable(syntaxError("decimal"), i);
        }
        if (number[0].replace(/_/g, "").length > MAX_DIGITS) {
          throw Object.assign(new Unreadable("", i, true), { digits: number[0].length });
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
        throw new Unreadable(/[\x00-\x7f]/.test(one) ? INVALID()
          : syntaxError("character", { char: one, code: hexCode(one) }), i);
      }
      if ("([{".includes(op)) { depth += 1; open.push([op, i]); }
      if (")]}".includes(op)) { depth -= 1; open.pop(); }
      if (depth < 0) throw new Unreadable(syntaxError("unmatched", { bracket: op }), i);
      if (depth > maxNesting()) throw pastLimit("deep_brackets", i);
      tokens.push({ type: "op", value: op, start: i, end: i + op.length });
      i += op.length;
    }
    tokens.push({ type: "end", value: "", start: src.length, end: src.length });
    // Brackets still open at the end: Python says so only if its parser gets that far.
    return Object.assign(tokens, { unclosed: open });
  }

  /* ---- parser: a subset of Python expressions --------------------------------------------- */

  /* `raw`: report the parser's own error even inside a bracket never closed. */
  function parseExpression(src, raw = false) {
    const tokens = tokenize(src);
    let pos = 0;
    const peek = () => tokens[pos];
    const isOp = (value) => peek().type === "op" && peek().value === value;
    /* A token that starts an expression where a closing bracket was expected: two values
       side by side, which Python takes for a missing comma (not a name run into a string,
       as in a typo of a string prefix). */
    const forgotComma = () => {
      const next = peek(), before = tokens[pos - 1];
      const starts = (next.type === "name" && !RESERVED.has(next.value)) ||
                     next.type === "number" || next.type === "string";
      return starts && !(before && before.type === "name" && next.type === "string");
    };
    const expect = (value, wrapper = false) => {
      if (!isOp(value)) {
        if (")]}".includes(value) && !wrapper && forgotComma()) {
          // CPython points at the first of the two values, once it has read the second
          // (`follows`: where the token after it starts).
          const first = lastDone, save = pos;
          let follows = null;
          try {
            expression();
            follows = peek().start;
          } catch (error) {
            if (!(error instanceof Unreadable)) throw error;
          } finally {
            pos = save;
          }
          if (follows !== null) {
            throw Object.assign(new Unreadable(syntaxError("comma"), first ? first.start : undefined),
                                { follows });
          }
        }
        throw new Unreadable(INVALID());
      }
      pos += 1;
    };
    const node = (type, start, fields) =>
      Object.assign({ type, src: src.slice(start, tokens[pos - 1].end), start }, fields);

    const isWord = (word) => peek().type === "name" && peek().value === word;

    /* Python's expression grammar, less comprehensions, slices and walrus: enough to skip
       over any argument value a pasted layer call is likely to hold. */
    let nesting = 0;
    /* Chains such as a.b.c... or 1 + 1 + ... make trees as deep as they are long. */
    const tooLong = (n) => {
      if (n > maxNesting()) throw pastLimit("deep_chain");
    };

    let lastDone = null;  // the expression read last
    function expression() {
      if (++nesting > maxNesting()) throw pastLimit("deep_expressions");
      try {
        lastDone = expressionBody();
        return lastDone;
      } finally {
        nesting -= 1;
      }
    }

    function expressionBody() {
      const start = peek().start;
      if (isWord("lambda")) return lambda(start);
      if (peek().type === "name" && !RESERVED.has(peek().value) &&
          tokens[pos + 1].type === "op" && tokens[pos + 1].value === ":=") {
        const target = tokens[pos].value;  // a walrus, x := value: read, never evaluated
        pos += 2;
        return node("NamedExpr", start, { target, value: expression() });
      }
      const body = boolean("or");
      if (!isWord("if")) return body;
      pos += 1;
      const test = boolean("or");
      if (!isWord("else")) throw new Unreadable(INVALID());
      pos += 1;
      return node("IfExp", start, { body, test, orelse: expression() });
    }

    function lambda(start) {
      pos += 1;
      while (!isOp(":")) {
        if (isOp("*") || isOp("**")) pos += 1;
        if (peek().type !== "name" || RESERVED.has(peek().value)) throw new Unreadable(INVALID());
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
        let op;
        if (peek().type === "op" && COMPARE.includes(peek().value)) op = tokens[pos++].value;
        else if (isWord("in") || isWord("is")) {
          op = tokens[pos++].value;
          if (isWord("not")) { pos += 1; op += " not"; }
        } else if (isWord("not") && tokens[pos + 1].value === "in") { pos += 2; op = "not in"; }
        else return left;
        left = node("Compare", start, { left, op, right: arithmetic() });
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
        if (++depth > maxNesting()) throw pastLimit("deep_operators");
        ops.push([peek().value, peek().start]);
        pos += 1;
      }
      let value = postfix();
      while (ops.length) {
        const [op, at] = ops.pop();
        value = Object.assign({ type: "UnaryOp", src: src.slice(at, tokens[pos - 1].end),
                                start: at },
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
          if (peek().type !== "name" || RESERVED.has(peek().value)) throw new Unreadable(INVALID());
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
          if (keywords.some((k) => k.arg === null)) throw new Unreadable(INVALID());
          args.push(node("Starred", start, { value: expression() }));
        } else if (peek().type === "name" && tokens[pos + 1].type === "op" &&
                   tokens[pos + 1].value === "=") {
          const arg = peek().value;
          if (RESERVED.has(arg) || ["True", "False", "None"].includes(arg)) {
            throw new Unreadable(INVALID());
          }
          seen.add(arg);  // a repeated one is refused as lstm_ref refuses it: "got x twice"
          pos += 2;
          const value = expression();
          if (value.type === "NamedExpr" && !value.parenthesized) throw new Unreadable(INVALID());
          keywords.push({ arg, value });
        } else {
          if (keywords.length) throw new Unreadable(syntaxError("keyword_order"));
          const arg = expression();
          if (isOp("=")) throw new Unreadable(syntaxError("kwarg_expression"), arg.start);
          args.push(arg);
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
        const elt = expression();
        elts.push(elt);
        if (isOp("=") && elt.type === "Name" && !elt.parenthesized) {
          throw new Unreadable(syntaxError("named"), elt.start);  // (a, b = 2)
        }
        comma = isOp(",");
        if (!comma) break;
        pos += 1;
      }
      expect(close, raw && start === 0);  // the bracket put around a statement: no comma
      if (type === "Paren") {
        if (elts.length === 1 && !comma) return Object.assign(elts[0], { parenthesized: true });
        type = "Tuple";
      }
      return node(type, start, { elts });
    }

    function atom() {
      const token = peek();
      const start = token.start;
      if (token.type === "end") throw new Unreadable(INVALID());
      pos += 1;
      if (token.type === "number") return node("Constant", start, { value: token.value });
      if (token.type === "string") {
        let { kind, text } = token.value;
        while (peek().type === "string") {  // implicit concatenation: 'a' 'b'
          const next = tokens[pos++].value;
          if ((next.kind === "bytes") !== (kind === "bytes")) {
            throw new Unreadable(INVALID());
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
        if (RESERVED.has(token.value)) throw new Unreadable(INVALID(), start);
        return node("Name", start, { id: token.value });
      }
      if (token.value === "...") return node("Constant", start, { value: { other: "Ellipsis" } });
      if (token.value === "(") return sequence("Paren", ")", start);
      if (token.value === "[") return sequence("List", "]", start);
      if (token.value === "{") return dictOrSet(start);
      throw new Unreadable(INVALID(), start);  // where the token it cannot start with is
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
      if (peek().type !== "end") throw new Unreadable(INVALID());
      return tree;
    } catch (error) {
      // Python's parser, reaching the end of the text with a bracket open, says so.
      const reached = error instanceof Unreadable && typeof error.follows === "number"
        ? error.follows : peek().start;
      if (error instanceof Unreadable && !error.limit && !raw && tokens.unclosed.length &&
          reached >= src.length) {
        throw neverClosed(tokens.unclosed);
      }
      if (error instanceof Unreadable && error.at === undefined) error.at = peek().start;
      throw error;
    }
  }

  /* ---- from syntax tree to layer spec (lstm_ref/parse.py) --------------------------------- */

  const PRECEDENCE = { "|": 1, "^": 2, "&": 3, "<<": 4, ">>": 4, "+": 5, "-": 5, "*": 6,
                       "/": 6, "//": 6, "%": 6, "@": 6, "**": 8 };

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
      case "NamedExpr": return `(${node.target} := ${unparse(node.value)})`;
      case "BinOp": case "Compare": {
        // ast.unparse: one space around the operator, brackets only where precedence needs them
        const rank = (n) => (n.type === "BinOp" ? PRECEDENCE[n.op] : n.type === "Compare" ? 0
          : 99);
        const own = rank(node);
        const side = (n, right) => {
          const r = rank(n);
          const wrap = r < own || (r === own && (right !== (node.op === "**")));
          return wrap && r < 99 ? `(${unparse(n)})` : unparse(n);
        };
        return `${side(node.left, false)} ${node.op} ${side(node.right, true)}`;
      }
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

  /* calls.nearest: the first of `names` fewest edits from `word`, if `most` or fewer. */
  function nearest(word, names, most = 2) {
    let best = most + 1, found = null;
    const chars = [...word];
    for (const candidate of names) {
      const others = [...candidate];
      let previous = others.map((_, j) => j).concat([others.length]);
      chars.forEach((char, i) => {
        const current = [i + 1];
        others.forEach((other, j) => {
          current.push(Math.min(previous[j + 1] + 1, current[j] + 1,
                                previous[j] + (char !== other ? 1 : 0)));
        });
        previous = current;
      });
      if (previous[others.length] < best) { best = previous[others.length]; found = candidate; }
    }
    return found;
  }

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
    throw new CalcError(message("input_shape_tuple", { kind, value: cut(repr(value)) }));
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
      // calls._check_activation: a string activation Keras does not know is refused.
      if ((entry.fields.includes(name) || entry.ignored.includes(name)) &&
          SHARED.activationArguments.includes(name) && value.type === "Constant" &&
          typeof value.value === "string" && !SHARED.activations.includes(value.value)) {
        const near = nearest(value.value.toLowerCase(), SHARED.activations);
        const fields = { kind, name, value: excerptRepr(value.value) };
        throw new CalcError(near ? message("activation_near", { ...fields, near: strRepr(near) })
                                 : message("activation_unknown", fields));
      }
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
          throw new CalcError(message("flag", { kind, name: "trainable",
                                                value: cut(repr(trainable)) }));
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
          ? message("unexpected_options", { fields: entry.fields.slice().sort().join(", ") })
          : message("unexpected_only", { names: entry.positional.join(", ") });
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
    const what = message("layer_call");
    checkText(text, what, SHARED.limits.maxCallChars, where);
    const stripped = text.trim();
    const lead = text.length - text.trimStart().length;
    let tree;
    try {
      tree = parseExpression(stripped);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      const at = typeof error.at === "number" ? Math.min(error.at, stripped.length - 1) : null;
      const place = at === null ? null : where ? where(lead + at) : position(stripped, at);
      if (error.digits) throw new CalcError(digitsMessage(what, error.digits, place));
      const detail = place === null ? error.message : `at ${place}: ${error.message}`;
      throw new CalcError(message("syntax", { text: excerptRepr(text), detail }));
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
            : message("layer", { index: i + 1, problem: error.message })), { layer: i + 1 });
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

  /* Where pasted text breaks, [index, character]: a line break outside brackets, strings,
     comments and line continuations, and with `semicolons` a ';' likewise. One scanner for
     calls and statements, on limits._code_spans' view of the text. */
  function* breaks(text, semicolons) {
    let depth = 0, continued = false;
    for (const [i, ch] of codeSpans(text)) {
      if (ch === "\n" && continued) { continued = false; continue; }
      continued = ch === "\\" && text[i + 1] === "\n";
      if ("([{".includes(ch)) depth += 1;
      else if (")]}".includes(ch)) depth = Math.max(0, depth - 1);
      else if (depth === 0 && (ch === "\n" || (semicolons && ch === ";"))) yield [i, ch];
    }
  }

  /* Split pasted text into calls, {text, start}: a line break outside brackets and strings
     ends a call. */
  function splitCallsAt(text) {
    const calls = [];
    let start = 0;
    for (const [i] of breaks(text, false)) {
      calls.push({ text: text.slice(start, i), start });
      start = i + 1;
    }
    calls.push({ text: text.slice(start), start });
    return calls.filter((call) => call.text.replace(/#.*$/gm, "").trim());
  }

  const splitCalls = (text) => splitCallsAt(text).map((call) => call.text);


  /* ---- pasted model code, as lstm_ref/reader.py reads it ---------------------------------- */

  /* The statements of pasted code, {text, start, indent, first}: a line break outside
     brackets, strings and line continuations, or a ';', ends one. `first` is true when the
     statement begins its line (so its indentation counts). */
  function splitStatements(text) {
    const found = [];
    let start = 0, first = true;
    const push = (end, next) => {
      const raw = text.slice(start, end);
      const lead = raw.length - raw.replace(/^[ \t\f]+/, "").length;
      const body = raw.slice(lead);
      if (body.replace(/#[^\n]*/g, "").replace(/\\\n/g, "").trim()) {
        found.push({ text: body, start: start + lead, indent: first ? lead : 0, first });
      }
      start = end + 1;
      first = next;
    };
    for (const [i, ch] of breaks(text, true)) push(i, ch === "\n");
    push(text.length, true);
    return found;
  }

  /* A name, not a keyword (from x import as is no import). */
  const NAME_WORD = `(?!(?:${[...RESERVED].join("|")})\\b)[A-Za-z_]\\w*`;
  const DOTTED = `${NAME_WORD}(?:\\s*\\.\\s*${NAME_WORD})*`;
  const ALIASED = (name) => `${name}(?:\\s+as\\s+${NAME_WORD})?`;
  const LIST = (name) => `${ALIASED(name)}(?:\\s*,\\s*${ALIASED(name)})*`;
  /* An import statement, which is skipped once it is known to be one. */
  const NAMES = LIST(NAME_WORD);
  const IMPORT = new RegExp(`^(?:import\\s+${LIST(DOTTED)}|from(?:\\s+|\\s*\\.[.\\s]*)` +
    `(?:${DOTTED}\\s+|(?<=\\.[.\\s]*))import(?:\\s*\\*|\\s+${NAMES}|\\s*\\(\\s*${NAMES}` +
    "\\s*,?\\s*\\)))$");
  /* The first error Python's tokenizer finds in the whole text, which it reports before any
     error of the parser's: a bracket that does not match, a string or a bracket never closed,
     a number run into a name. {reason, at} or null. */
  function tokenError(text) {
    const open = [];
    const lineOf = (index) => text.slice(0, index).split("\n").length;
    const PAIRS = { ")": "(", "]": "[", "}": "{" };
    for (let i = 0; i < text.length; i += 1) {
      const ch = text[i];
      if (ch === "#") {
        while (i + 1 < text.length && text[i + 1] !== "\n") i += 1;
      } else if (ch === "'" || ch === '"') {
        const quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
        let j = i + quote.length;
        for (; j < text.length; j += 1) {
          if (text[j] === "\\") { j += 1; continue; }
          if (text.startsWith(quote, j)) break;
          if (text[j] === "\n" && quote.length === 1) {
            return { reason: syntaxError("unterminated", { line: lineOf(i) }), at: i };
          }
        }
        if (j >= text.length) {
          return quote.length === 3
            // (detected at the last line: a final line break starts no line of its own)
            ? { reason: syntaxError("unterminated_triple",
                                    { line: lineOf(text.replace(/\n$/, "").length) }), at: i }
            : { reason: syntaxError("unterminated", { line: lineOf(i) }), at: i };
        }
        i = j + quote.length - 1;
      } else if (/[A-Za-z_]/.test(ch)) {
        while (i + 1 < text.length && /[A-Za-z0-9_]/.test(text[i + 1])) i += 1;
      } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(text[i + 1] || ""))) {
        const number = matchAt(NUMBER, text, i);
        const end = i + (number ? number[0].length : 1);
        if (matchAt(NAME_CHAR, text, end) && !matchAt(KEYWORD_AFTER, text, end)) {
          return { reason: syntaxError("decimal"), at: i };
        }
        if (number && /^0+[1-9][\d_]*$/.test(number[0])) {
          return { reason: syntaxError("leading_zeros"), at: i };
        }
        i = end - 1;
      } else if ("([{".includes(ch)) {
        open.push([ch, i]);
      } else if (")]}".includes(ch)) {
        if (!open.length) return { reason: syntaxError("unmatched", { bracket: ch }), at: i };
        const [bracket, at] = open.pop();
        if (bracket !== PAIRS[ch]) {
          const where = lineOf(at) === lineOf(i) ? ""
            : syntaxError("mismatched_line", { line: lineOf(at) });
          return { reason: syntaxError("mismatched", { close: ch, open: bracket, where }),
                   at: i };
        }
      }
    }
    // A bracket never closed is the parser's to report, where it stops (or Python's, after
    // an error on a later line than the bracket's): the innermost one open at the end.
    return { reason: null, unclosed: open };
  }

  const COMPOUND = ["for", "while", "if", "def", "class", "with", "try"];
  const AFTER = { def: "after_function", class: "after_class" };
  const NOT_FIRST = ["elif", "else", "except", "finally"];
  const TARGETS = ["Name", "Attribute", "Subscript", "Tuple", "List", "Starred"];
  const AUGMENTED = ["+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "|", "^", "&"];

  /* "expected an indented block after ... on line N" for an open compound statement. */
  const indentedBlock = (header) => syntaxError("indented_block",
                                                { after: header.after, line: header.line });

  /* A syntax error in pasted code: where it is (an index into the whole text) and why. */
  class CodeSyntax extends Error {
    constructor(reason, at, limit = false) {
      super(reason);
      Object.assign(this, { at, limit });
    }
  }

  /* Parse `src` (a part of a statement at `base` in the whole text) as an expression; every
     node gets `at`, its index in the whole text. */
  function expressionAt(src, base) {
    let tree;
    if (!src.replace(/#[^\n]*/g, "").trim()) throw new CodeSyntax(INVALID(), base);
    base -= 1;  // in brackets, so that a, b (a tuple without them) reads as Python reads it
    try {
      tree = parseExpression(`(${src}\n)`, true);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      if (!error.limit) {
        // Inside a bracket of its own never closed (the one put around it closed it): Python
        // names that bracket.
        let own = null;
        try {
          own = tokenize(src);
        } catch (inner) {
          if (!(inner instanceof Unreadable)) throw inner;
        }
        // Reached the end of the text (the bracket put around it starts at src.length + 1).
        const reached = (typeof error.follows === "number" ? error.follows
          : typeof error.at === "number" ? error.at : src.length + 1) - 1;
        if (own && own.unclosed.length && reached >= src.length) {
          const inner = neverClosed(own.unclosed);
          throw new CodeSyntax(inner.message, base + 1 + inner.at);
        }
      }
      const at = typeof error.at === "number" ? Math.min(error.at, Math.max(src.length - 1, 0))
        : 0;
      throw Object.assign(new CodeSyntax(error.message, base + at, error.limit),
                          { digits: error.digits });
    }
    const stack = [tree];
    while (stack.length) {
      const item = stack.pop();
      if (!item || typeof item !== "object") continue;
      if (Array.isArray(item)) { stack.push(...item); continue; }
      if (typeof item.type !== "string") { stack.push(item.value); continue; }
      if (typeof item.start === "number") item.at = base + item.start;
      for (const [key, value] of Object.entries(item)) {
        if (key !== "src" && value && typeof value === "object" && key !== "value") stack.push(value);
        else if (key === "value" && value && typeof value === "object" && value.type) stack.push(value);
      }
    }
    return tree;
  }

  /* The top-level '=' and ':' of a statement, as indices into its text (none inside brackets,
     or in a comparison such as ==). */
  function topLevel(src, base) {
    let tokens;
    try {
      tokens = tokenize(src);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      throw Object.assign(new CodeSyntax(error.message,
        base + (typeof error.at === "number" ? error.at : 0), error.limit), { digits: error.digits });
    }
    let depth = 0, lambdas = 0;
    const equals = [], colons = [];
    tokens.forEach((token, i) => {
      if (token.type === "name" && token.value === "lambda" && depth === 0) lambdas += 1;
      if (token.type !== "op") return;
      if ("([{".includes(token.value)) depth += 1;
      else if (")]}".includes(token.value)) depth -= 1;
      else if (depth === 0 && token.value === ":") {
        if (lambdas) lambdas -= 1;
        else colons.push(token);
      } else if (depth === 0 && token.value === "=" && !lambdas) {
        const before = tokens[i - 1];
        equals.push({ token, augmented: Boolean(before && before.type === "op" &&
          before.end === token.start && AUGMENTED.includes(before.value)) });
      }
    });
    return { tokens, equals, colons };
  }

  /* Whether `text` leaves a bracket open (a compound statement's header cannot). */
  function unclosedIn(text) {
    try {
      return tokenize(text.replace(/\n/g, " ")).unclosed.length > 0;
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      return false;
    }
  }

  /* The header of a compound statement that ends its line with ':' is Python too: the
     condition of if/elif/while, the name and parameters of def, the bases of class. */
  function checkHeader(statement, word) {
    const text = statement.text.replace(/\s*(#[^\n]*)?$/, "");
    const body = text.slice(word.length, -1);  // between the keyword and the ':'
    const base = statement.start + word.length;
    if (["if", "elif", "while"].includes(word)) {
      expressionAt(body, base);
    } else if (word === "def" || word === "class") {
      const found = /^\s+([A-Za-z_]\w*)\s*(\(([\s\S]*)\))?\s*(->[\s\S]*)?$/.exec(body);
      if (!found || RESERVED.has(found[1]) || (word === "def" && !found[2]) ||
          (word === "class" && found[4])) {
        throw new CodeSyntax(INVALID(), base);
      }
      const inside = found[3] === undefined ? null : found[3];
      if (inside !== null && word === "class") expressionAt(`f(${inside})`, base);
      if (inside !== null && word === "def" && inside.trim()) {
        // The parameters, as a lambda takes them once their annotations (x: int) are off.
        const parts = inside.split(",");
        if (parts.some((p) => p.includes(":") && !/^\s*\*{0,2}[A-Za-z_]\w*\s*:\s*\S/.test(p))) {
          throw new CodeSyntax(INVALID(), base);
        }
        if (!inside.includes("(") && !inside.includes("[")) {
          expressionAt(`lambda ${parts.map((p) => p.replace(/:[^=]*/, "")).join(",")}: 0`, base);
        }
      }
      if (found[4]) expressionAt(found[4].slice(2), base);
    }
  }

  /* What CPython calls an expression that cannot be assigned to (_PyPegen_get_expr_name). */
  const EXPRESSION_NAMES = { Call: "function call", Compare: "comparison", Lambda: "lambda",
                             IfExp: "conditional expression", Dict: "dict literal",
                             Set: "set display", JoinedStr: "f-string expression" };
  function targetName(node) {
    if (node.type === "Constant") {
      if (node.value === null) return "None";
      if (typeof node.value === "boolean") return node.value ? "True" : "False";
      return node.value && node.value.other === "Ellipsis" ? "ellipsis" : "literal";
    }
    return EXPRESSION_NAMES[node.type] || "expression";
  }

  /* One statement as a small syntax tree: {kind: skip|expr|assign|ann|refuse|compound, ...}. */
  function readStatement(statement) {
    const { text: src, start: base } = statement;
    const word = (/^[A-Za-z_][A-Za-z0-9_]*/.exec(src) || [""])[0];
    const after = src.slice(word.length);
    const keyword = word === "async" ? (/^\s+(for|with|def)\b/.exec(after) || [])[1] : word;
    if (word === "import" || word === "from") {
      const clean = src.replace(/#[^\n]*/g, "").replace(/\\\n/g, " ").trim();
      if (!IMPORT.test(clean)) throw new CodeSyntax(INVALID(), base);
      return { kind: "skip" };
    }
    if (word === "pass" && !after.replace(/#.*/, "").trim()) return { kind: "skip" };
    if (COMPOUND.includes(keyword) && !/^[A-Za-z0-9_]/.test(after)) {
      return { kind: "compound", keyword };
    }
    if (NOT_FIRST.includes(word) && !/^[A-Za-z0-9_]/.test(after)) {
      throw new CodeSyntax(INVALID(), base);
    }
    if (["del", "return", "global"].includes(word) && !/^[A-Za-z0-9_]/.test(after)) {
      const rest = after.replace(/#[^\n]*/g, "").trim();
      const spaced = /^\s/.test(after) || /^[([{'"]/.test(after);
      const ok = word === "global" ? /^\s+[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*\s*$/.test(after)
        : word === "return" ? !rest || (spaced && expressionAt(after, base + word.length))
          : rest && spaced && TARGETS.includes(expressionAt(after, base + word.length).type);
      if (!ok) throw new CodeSyntax(INVALID(), base);
      return { kind: "refuse", what: SHARED.statements[word] };
    }
    if (["raise", "assert", "break", "continue", "nonlocal"].includes(word) &&
        !/^[A-Za-z0-9_]/.test(after)) {
      topLevel(src, base);
      return { kind: "refuse", what: message("quoted", {
        text: calc.excerpt(src.replace(/\s*#.*$/, "").replace(/\s+/g, " ")) }) };
    }
    const { tokens, equals, colons } = topLevel(src, base);
    const walrus = tokens.find((token, i) => token.value === ":=" && token.type === "op" &&
      tokens.slice(0, i).filter((t) => t.type === "op" && "([{".includes(t.value)).length ===
      tokens.slice(0, i).filter((t) => t.type === "op" && ")]}".includes(t.value)).length);
    if (walrus) throw new CodeSyntax(INVALID(), base + walrus.start);  // x := 1 unbracketed
    if (equals.some((e) => e.augmented)) {
      return { kind: "refuse", what: SHARED.statements.augmented };
    }
    if (colons.length && (!equals.length || colons[0].start < equals[0].token.start)) {
      const target = expressionAt(src.slice(0, colons[0].start), base);
      const end = equals.length ? equals[0].token.start : src.length;
      expressionAt(src.slice(colons[0].end, end), base + colons[0].end);
      const value = equals.length
        ? expressionAt(src.slice(equals[0].token.end), base + equals[0].token.end) : null;
      if (!TARGETS.includes(target.type)) throw new CodeSyntax(syntaxError("annotation"), base);
      return { kind: "ann", target, value, src };
    }
    if (!equals.length && /^\*(?!\*)/.test(src)) {  // *a: a starred expression on its own
      const value = expressionAt(src.slice(1), base + 1);
      return { kind: "expr", value: { type: "Starred", src: `*${value.src}`, value, at: base } };
    }
    if (!equals.length) return { kind: "expr", value: expressionAt(src, base) };
    const parts = [];
    let from = 0;
    for (const { token } of equals) {
      parts.push([from, token.start]);
      from = token.end;
    }
    const targets = parts.map(([a, b]) => {
      const part = src.slice(a, b), lead = part.length - part.trimStart().length;
      if (!/^\*(?!\*)/.test(part.trimStart())) return expressionAt(part, base + a);
      // *rest = ...: a starred target, which Python's parser takes (its compiler refuses it)
      const value = expressionAt(part.slice(lead + 1), base + a + lead + 1);
      return { type: "Starred", src: part.trim(), value, at: base + a + lead };
    });
    targets.forEach((target, i) => {
      if (TARGETS.includes(target.type)) return;
      const what = targetName(target);
      const plain = i > 0 || ["comparison", "lambda", "None", "True", "False"].includes(what);
      throw new CodeSyntax(syntaxError(plain ? "assign" : "assign_here", { what }), target.at);
    });
    return { kind: "assign", targets, value: expressionAt(src.slice(from), base + from) };
  }

  /* Whether pasted text is a layer call (Kind(...) with any dotted prefix), as the paste box
     read it before it read whole models; anything else is read as model code. */
  function looksLikeCall(text) {
    const match = /^\s*(?:[A-Za-z_]\w*\s*\.\s*)*([A-Za-z_]\w*)\s*\(/.exec(text);
    return Boolean(match) && SHARED.names.includes(match[1]);
  }

  /* lstm_ref.reader.read_model: pasted code to {layers: [{layer, inputShape, trainable,
     line}], inputShape, batch, inputLine}, or a CalcError with `line` (and `layer`, when a
     layer call is wrong) that says what is supported. Nothing is executed. */
  function readModel(text) {
    const what = message("the_code");
    const lineStarts = [0];
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
    const lineAt = (index) => {
      let lo = 0, hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid] <= index) lo = mid; else hi = mid - 1;
      }
      return lo + 1;
    };
    const error = (messageText, layer, line) =>
      Object.assign(new CalcError(messageText), { layer: layer === undefined ? null : layer,
                                                  line: line === undefined ? null : line });
    checkText(text, what, SHARED.limits.maxSourceChars);

    // First the whole text is read, as Python parses it before anything runs.
    const statements = [];
    const levels = [0];  // the indentation levels open, as Python's tokenizer keeps them
    let opener = null;   // the compound statement whose indented block must come next
    let afterCompound = false;  // the last top-level statement was a compound one (or its else)
    try {
      for (const statement of splitStatements(text)) {
        const line = lineAt(statement.start);
        if (statement.first) {
          const indent = statement.indent, current = levels[levels.length - 1];
          if (opener) {
            if (indent <= current) throw new CodeSyntax(indentedBlock(opener), statement.start);
            levels.push(indent);
            opener = null;
          } else if (indent > current) {
            throw new CodeSyntax(syntaxError("indent"), statement.start);
          } else if (indent < current) {
            while (levels[levels.length - 1] > indent) levels.pop();
            if (levels[levels.length - 1] !== indent) {
              throw new CodeSyntax(syntaxError("unindent"), statement.start);
            }
          }
        }
        const word = (/^[A-Za-z_]\w*/.exec(statement.text) || [""])[0];
        const header = [...COMPOUND, ...NOT_FIRST, "async"].includes(word) &&
          !/^[A-Za-z0-9_]/.test(statement.text.slice(word.length));
        const inBody = levels.length > 1;
        if (header && (inBody || !NOT_FIRST.includes(word) || afterCompound)) {
          // A compound statement (or its else/elif/except/finally): its block is parsed and
          // never read; at the top level it is refused, after the whole text is parsed.
          const read = NOT_FIRST.includes(word) ? { kind: "compound", keyword: word }
            : readStatement(statement);
          if (read.kind === "compound") {
            const open = /:\s*(#[^\n]*)?$/.test(statement.text);
            if (open) checkHeader(statement, word);
            else if (unclosedIn(statement.text)) throw new CodeSyntax(INVALID(), statement.start);
            if (open) {
              opener = { line, after: AFTER[read.keyword] ? syntaxError(AFTER[read.keyword])
                : syntaxError("after_statement", read) };
            }
            if (!inBody && !NOT_FIRST.includes(word)) {
              read.line = line;
              statements.push(read);
            }
            afterCompound = afterCompound || !inBody;
            continue;
          }
        }
        if (inBody) {
          readStatement(statement);  // the block of a compound statement: parsed, not read
          continue;
        }
        afterCompound = false;
        const read = readStatement(statement);
        read.line = line;
        statements.push(read);
      }
      if (opener) throw new CodeSyntax(indentedBlock(opener), text.length);
    } catch (failure) {
      if (!(failure instanceof CodeSyntax)) throw failure;
      const at = Math.min(failure.at, Math.max(text.length - 1, 0));
      if (failure.digits) throw error(digitsMessage(what, failure.digits, position(text, at)));
      if (failure.limit) throw error(tooDeep(what, position(text, at), text));
      // (Python's parser reports indentation itself; other errors give way to the tokenizer's.)
      let first = /indent/.test(failure.message) ? null : tokenError(text);
      if (first && !first.reason) {
        const [bracket, open] = first.unclosed.length ? first.unclosed[first.unclosed.length - 1]
          : [null, null];
        first = bracket && lineAt(at) > lineAt(open)
          ? { reason: syntaxError("never_closed", { bracket }), at: open } : null;
      }
      const line = lineAt(first ? first.at : at);
      if (first) failure.message = first.reason;
      throw error(message("code_syntax", { line, reason: calc.excerpt(failure.message, 120) }),
                  null, line);
    }

    const fail = (line, whatText) =>
      error(message("unsupported_line", { line, what: whatText }), null, line);
    const nameOf = (node) => (node.type === "Call" ? null : callName(node));
    const kindName = (call) => (call.func.type === "Call" ? null : callName(call.func));
    const state = { layers: [], models: new Set(), lists: new Map(), layerVars: new Map(),
                    tensor: null, inputTensor: null, inputShape: null, batch: null,
                    inputLine: null, declared: false, pending: null };
    const isInput = (name) => Object.prototype.hasOwnProperty.call(SHARED.inputs, name);
    const isKind = (name) => SHARED.names.includes(name);

    function literalAt(node, whatText, line) {
      try {
        return checkNumbers(literal(node, whatText), whatText);
      } catch (failure) {
        if (!(failure instanceof CalcError)) throw failure;
        throw error(message("at_line", { line, problem: failure.message }), null, line);
      }
    }
    const isSequence = (v) => v && typeof v === "object" && ("tuple" in v || "list" in v);
    const items = (v) => v.tuple || v.list;

    function readInput(node, line) {
      const name = kindName(node);
      const positional = SHARED.inputs[name].positional;
      const read = SHARED.inputs[name].read;
      if (node.args.length > positional.length || node.args.some((a) => a.type === "Starred")) {
        throw fail(line, message("input_positional", { name, count: node.args.length }));
      }
      const found = {};
      const pairs = node.args.map((arg, i) => [positional[i], arg])
        .concat(node.keywords.map((k) => [k.arg, k.value]));
      for (let [key, value] of pairs) {
        if (key === null) throw fail(line, message("input_kwargs", { name }));
        key = { input_shape: "shape", batch_input_shape: "batch_shape" }[key] || key;
        if (read.includes(key)) found[key] = literalAt(value, `${name} ${key}`, line);
      }
      let shape = found.shape === undefined ? null : found.shape;
      let batch = found.batch_size === undefined ? null : found.batch_size;
      if (found.batch_shape !== undefined && found.batch_shape !== null) {
        const batchShape = found.batch_shape;
        if (!isSequence(batchShape) || !items(batchShape).length) {
          throw error(message("at_line", { line, problem: message("batch_shape", {
            name, value: repr(batchShape) }) }), null, line);
        }
        batch = items(batchShape)[0];
        shape = { tuple: items(batchShape).slice(1) };
      }
      if (!isSequence(shape)) {
        throw error(message("at_line", { line, problem: message("input_value", {
          name, value: repr(shape) }) }), null, line);
      }
      Object.assign(state, { inputShape: items(shape), batch, inputLine: line, declared: true });
    }

    /* reader.add_layer: `builtAsAdded` when Keras builds the model at this line if it knows
       the input (model.add, a functional call): a layer it cannot construct is then pending,
       raised only if the layers before it build. */
    function addLayer(node, line, builtAsAdded = false) {
      if (node.type === "Name" && state.layerVars.has(node.id)) node = state.layerVars.get(node.id);
      if (node.type === "Call" && isInput(kindName(node))) {
        if (state.layers.length) {
          throw fail(line, message("input_after_layer", { name: kindName(node) }));
        }
        readInput(node, line);
        return;
      }
      const index = state.layers.length + 1;
      let parsed;
      try {
        parsed = parseCall(node);
      } catch (failure) {
        if (!(failure instanceof CalcError)) throw failure;
        const pending = error(message("at_line", { line, problem: message("layer", {
          index, problem: failure.message }) }), index, line);
        if (builtAsAdded && (state.declared ||
                             (state.layers.length && state.layers[0].inputShape))) {
          state.pending = pending;
          return;
        }
        throw pending;
      }
      state.layers.push(Object.assign(parsed, { line }));
    }

    function skipped(node) {
      if (node.type !== "Call") return false;
      const name = kindName(node);
      if (name === "print" || name === "plot_model") return true;
      return node.func.type === "Attribute" && SHARED.skippedMethods.includes(name) &&
        name !== "build";
    }

    function build(call, line) {
      const args = call.args.concat(call.keywords.filter((k) => k.arg === "input_shape")
        .map((k) => k.value));
      if (args.length !== 1) throw fail(line, message("build_arguments"));
      const batchShape = literalAt(args[0], "model.build input_shape", line);
      if (!isSequence(batchShape) || !items(batchShape).length) {
        throw error(message("at_line", { line, problem: message("build_shape", {
          value: repr(batchShape) }) }), null, line);
      }
      Object.assign(state, { batch: items(batchShape)[0], inputShape: items(batchShape).slice(1),
                             inputLine: line });
    }

    const lineOf = (node, line) => (typeof node.at === "number" ? lineAt(node.at) : line);

    function expression(value, line) {
      if (value.type === "Constant" && typeof value.value === "string") return;
      if (skipped(value)) return;
      if (value.type === "Call" && value.func.type === "Attribute") {
        const owner = value.func.value;
        if (owner.type === "Name" && state.models.has(owner.id)) {
          if (value.func.attr === "add" && value.args.length === 1 && !value.keywords.length) {
            addLayer(value.args[0], line, true);
            return;
          }
          if (value.func.attr === "build") { build(value, line); return; }
        }
      }
      if (value.type === "List" && !state.models.size && state.tensor === null) {
        value.elts.forEach((item) => addLayer(item, lineOf(item, line)));
        return;
      }
      if (value.type === "Call" && isKind(kindName(value)) && !state.models.size &&
          state.tensor === null) {
        addLayer(value, line);
        return;
      }
      throw fail(line, message("quoted", { text: shortText(value) }));
    }

    function sequential(name, call, line) {
      if (state.models.size || state.layers.length) {
        throw fail(line, message("second_model"));
      }
      state.models.add(name);
      const given = call.args.slice(0, 1).concat(call.keywords.filter((k) => k.arg === "layers")
        .map((k) => k.value));
      if (!given.length) return;
      const layers = given[0];
      let elements;
      if (layers.type === "Name" && state.lists.has(layers.id)) elements = state.lists.get(layers.id);
      else if (layers.type === "List" || layers.type === "Tuple") elements = layers.elts;
      else throw fail(line, message("sequential_argument", { text: shortText(layers) }));
      elements.forEach((item) => addLayer(item, lineOf(item, line)));
    }

    function appliesLayer(call) {
      if (call.func.type === "Call") return isKind(kindName(call.func));
      return call.func.type === "Name" && state.layerVars.has(call.func.id);
    }

    function apply(call, line) {
      if (state.inputTensor === null) {
        throw fail(line, message("applied_first"));
      }
      if (call.args.length !== 1 || (call.keywords.length &&
          call.keywords.some((k) => k.arg !== "training" && k.arg !== "mask"))) {
        throw fail(line, message("applied_arguments", { text: shortText(call) }));
      }
      const arg = call.args[0];
      if (arg.type === "Call" && appliesLayer(arg)) apply(arg, line);
      else if (!(arg.type === "Name" && arg.id === state.tensor)) {
        throw fail(line, message("applied_elsewhere", { text: shortText(arg),
          tensor: state.tensor === null ? "None" : state.tensor }));
      }
      addLayer(call.func, line, true);
    }

    function model(call, line) {
      const args = {};
      ["inputs", "outputs"].forEach((key, i) => { if (i < call.args.length) args[key] = call.args[i]; });
      for (const k of call.keywords) if (k.arg === "inputs" || k.arg === "outputs") args[k.arg] = k.value;
      const names = ["inputs", "outputs"].map((key) => {
        let node = args[key];
        if (node && (node.type === "List" || node.type === "Tuple") && node.elts.length === 1) {
          node = node.elts[0];
        }
        return node && node.type === "Name" ? node.id : null;
      });
      if (names[0] !== state.inputTensor || names[1] !== state.tensor || state.tensor === null) {
        throw fail(line, message("model_arguments", { text: shortText(call) }));
      }
    }

    function assign(name, value, line) {
      if (skipped(value)) return;
      if (value.type === "List") { state.lists.set(name, value.elts); return; }
      const whole = () => message("quoted", { text: `${name} = ${shortText(value)}` });
      if (value.type !== "Call") throw fail(line, whole());
      const kind = kindName(value);
      if (SHARED.sequential.includes(kind)) { sequential(name, value, line); return; }
      if (isInput(kind)) {
        if (state.layers.length || state.inputTensor) {
          throw fail(line, message("second_input"));
        }
        readInput(value, line);
        state.tensor = state.inputTensor = name;
        return;
      }
      if (SHARED.model.includes(kind)) { model(value, line); return; }
      if (isKind(kind)) { state.layerVars.set(name, value); return; }
      if (appliesLayer(value)) {
        apply(value, line);
        state.tensor = name;
        return;
      }
      throw fail(line, whole());
    }

    for (const statement of statements) {
      if (state.pending) break;  // Keras stops at the layer it could not construct
      const line = statement.line;
      if (statement.kind === "skip") continue;
      if (statement.kind === "compound") throw fail(line, SHARED.statements[statement.keyword]);
      if (statement.kind === "refuse") throw fail(line, statement.what);
      if (statement.kind === "expr") { expression(statement.value, line); continue; }
      if (statement.kind === "ann") {
        if (statement.target.type === "Name" && statement.value) {
          assign(statement.target.id, statement.value, line);
          continue;
        }
        throw fail(line, message("quoted", {
          text: calc.excerpt(statement.src.replace(/\s+/g, " ")) }));
      }
      const targets = statement.targets;
      if (targets.length !== 1 || targets[0].type !== "Name") {
        throw fail(line, message("several_targets", { target: shortText(targets[0]) }));
      }
      assign(targets[0].id, statement.value, line);
    }
    if (!state.layers.length) throw state.pending || error(message("no_layers", {}));
    let { inputShape, batch, inputLine } = state;
    if (inputShape === null && state.layers[0].inputShape) {
      inputShape = state.layers[0].inputShape;
      inputLine = state.layers[0].line;
    }
    return { layers: state.layers, inputShape, batch, inputLine, pending: state.pending };
  }

  /* explain.explain_model for pasted code, on inputs of `inputShape` (per sample, or null)
     when the code gives none: report.to_dict's report, or {error: {message, layer, line}}. */
  function explainCode(text, inputShape, batch) {
    try {
      const pasted = readModel(text);
      let shape = pasted.inputShape;
      const given = inputShape === undefined ? null : inputShape;
      if (given !== null && shape !== null && repr({ tuple: shape }) !== repr({ tuple: given })) {
        const where = pasted.inputLine ? message("on_line", { line: pasted.inputLine }) : "";
        throw Object.assign(new CalcError(message("shape_disagrees", {
          given: given.map(repr).join(","), shape: calc.excerpt(repr({ tuple: shape })),
          source: message("source_code"), where })), { layer: null, line: pasted.inputLine });
      }
      shape = shape !== null ? shape : given;
      if (shape === null) throw new CalcError(message("no_input_shape", {}));
      const wanted = batch === undefined ? null : batch;
      if (wanted !== null && pasted.batch !== null && repr(pasted.batch) !== repr(wanted)) {
        throw Object.assign(new CalcError(message("batch_disagrees", {
          given: repr(wanted), batch: repr(pasted.batch) })),
          { layer: null, line: pasted.inputLine });
      }
      const size = pasted.batch !== null ? pasted.batch : wanted;
      return calc.toDict(summarizeCode(pasted.layers, shape, size, pasted.pending));
    } catch (error) {
      if (!(error instanceof CalcError)) throw error;
      return { schema_version: 2, error: { message: error.message,
        layer: error.layer === undefined ? null : error.layer,
        line: error.line === undefined ? null : error.line } };
    }
  }

  /* stack.summarize for the reader's layers: an error about a layer names its line first;
     then the reader's pending layer, if any (explain.explain_model). */
  function summarizeCode(layers, shape, batch, pending = null) {
    let summary;
    try {
      summary = calc.summarizeModel(layers, shape, batch);
    } catch (error) {
      if (error instanceof CalcError && error.line !== null && error.line !== undefined &&
          !error.message.startsWith("line ")) {
        error.message = message("at_line", { line: error.line, problem: error.message });
      }
      throw error;
    }
    if (pending) throw pending;
    return summary;
  }

  Object.assign(calc, { parseLayer, explainCalls, readModel, explainCode, summarizeCode, looksLikeCall, splitCalls, splitCallsAt, position, nameCharacter,
                        characterName, checkText });
  // Scripts inserted by instant navigation run in any order: the last one in starts the page.
  if (calc.start) calc.start();
})(window.LstmCalc = window.LstmCalc || {});
