"""Guards for text a reader types or pastes: sizes, characters, nesting, and how a message quotes it.

Every reader of user text in lstm_ref (a layer call, an input shape, a pasted model) goes
through these checks before `ast` or `int()` sees the text, so that any input, however long,
deep or strange, ends in one `LstmRefError` with a one-line message, never a traceback:

- text longer than a cap (:data:`MAX_CALL_CHARS`, :data:`MAX_SOURCE_CHARS`) is refused;
- an invisible or control character, or a byte that is not UTF-8, is named with its position;
- brackets, operators or attribute chains nested deeper than :data:`MAX_NESTING` are refused
  before Python's recursive parser can overflow;
- a number is a size only if it is written with ASCII digits and is at most :data:`MAX_SIZE`;
- messages quote what they got through :func:`excerpt`: escaped, on one line, and bounded.

>>> excerpt("LSTM(" + "-" * 3000 + "3)")
"'LSTM(-----------------------------------...--------3)' (3007 characters)"
>>> check_text("LSTM(32,\\u00a0return_sequences=True)", "the layer call")
Traceback (most recent call last):
...
lstm_ref.errors.LayerSyntaxError: the layer call has an invisible character, U+00A0 NO-BREAK SPACE, at character 9 ('LSTM(32,\\xa0return_sequences=True)'): replace it with a plain space
"""

from __future__ import annotations

import ast
import re
import warnings

from .errors import LayerSyntaxError, LstmRefError
from .messages import say

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator, Optional

MAX_SIZE = 1_000_000_000
"""The largest size (units, a dimension, a batch size) lstm_ref reads: 10**9. A layer with a
billion units does not fit in any machine's memory; past this, a number is a typo."""

MAX_CALL_CHARS = 10_000
"""The longest layer call or input shape read from one command-line argument."""

MAX_SOURCE_CHARS = 200_000
"""The longest pasted model (a whole file); a 100-layer model is about 5,000 characters."""

MAX_NESTING = 100
"""The deepest nesting read: brackets, unary operators, attribute chains or syntax-tree levels.
Real layer calls nest fewer than 20 levels (``tf.keras.layers.TimeDistributed(...)`` and all)."""

EXCERPT_CHARS = 50
"""How much of an input a message quotes before it cuts the middle out."""

MAX_MESSAGE_CHARS = 400
"""The longest message :func:`one_line` lets through."""

_ALLOWED_CONTROLS = "\t\n\r"
_SPACE_LIKE = ("Zs",)
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` quoted as Python would (control and invisible characters escaped), cut if long.

    Examples:
        >>> excerpt("10,\\n64")
        "'10,\\\\n64'"
        >>> excerpt("x" * 100, limit=10)
        "'xxxxxxxx...xx' (100 characters)"
    """
    if not isinstance(text, str):
        text = str(text)
    if len(text) <= limit:
        return repr(text)
    head, tail = text[: limit - max(limit // 5, 1)], text[-max(limit // 5, 1):]
    return f"{repr(head)[:-1]}...{repr(tail)[1:]} ({len(text)} characters)"


def clip(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` unquoted, with control and invisible characters escaped, cut in the middle if long.

    Examples:
        >>> clip("(10, 64)"), clip("1," * 100, limit=12)
        ('(10, 64)', '1,1,1,1,1,...1, (200 characters)')
    """
    text = str(text)
    if len(text) <= limit:
        return "".join(_escape(ch) for ch in text)
    head = "".join(_escape(ch) for ch in text[: limit - max(limit // 5, 1)])
    tail = "".join(_escape(ch) for ch in text[-max(limit // 5, 1):])
    return f"{head}...{tail} ({len(text)} characters)"


def one_line(message: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """A message made safe to print as one line: escaped line breaks and invisible characters,
    and at most `limit` characters (the middle is cut, so the start and the advice at the end stay).

    Examples:
        >>> one_line("got '3\\n4'\\r")
        "got '3\\\\n4'\\\\r"
        >>> len(one_line("a" * 5000))
        400
    """
    text = "".join(_escape(ch) for ch in str(message))
    if len(text) > limit:
        keep_end = limit // 4
        text = text[: limit - keep_end - 5] + " ... " + text[-keep_end:]
    return text


def _escape(ch: str) -> str:
    if " " <= ch <= "~" or (ch.isprintable() and _category(ch) not in _INVISIBLE):
        return ch
    return repr(ch)[1:-1]


def _category(ch: str) -> str:
    import unicodedata  # here, not at the top: the command line starts faster without it

    return unicodedata.category(ch)


def character_name(ch: str) -> str:
    """U+XXXX and the Unicode name of a character.

    Examples:
        >>> character_name("\\u200b"), character_name("\\x07")
        ('U+200B ZERO WIDTH SPACE', 'U+0007 (a control character)')
    """
    import unicodedata  # here, not at the top: the command line starts faster without it

    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}" if name else f"U+{ord(ch):04X} (a control character)"


def position(text: str, index: int) -> str:
    """Where `index` is in `text`, counted from 1: "character 7", or "line 3, column 7".

    Examples:
        >>> position("LSTM(3)", 5), position("a\\nbc", 3)
        ('character 6', 'line 2, column 2')
    """
    if "\n" not in text:
        return f"character {index + 1}"
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def check_text(text: object, what: str, max_chars: int = MAX_CALL_CHARS,
               error: type[LstmRefError] = LayerSyntaxError) -> str:
    """Refuse text that is too long, holds a character that is invisible, a control character
    or a byte that is not UTF-8, or nests deeper than :data:`MAX_NESTING`. Returns `text`.

    Examples:
        >>> check_text("LSTM(\\udcff)", "the layer call")
        Traceback (most recent call last):
        ...
        lstm_ref.errors.LayerSyntaxError: the layer call has the byte 0xFF at character 6, which is not UTF-8 text: write it in UTF-8 ('LSTM(\\udcff)')
    """
    if not isinstance(text, str):
        raise error(say("as_text", what=what, type=type(text).__name__))
    if len(text) > max_chars:
        raise error(say("too_long", what=what, length=len(text), limit=max_chars,
                        text=excerpt(text)))
    for index, ch in _odd_characters(text):
        where = position(text, index)
        if "\udc80" <= ch <= "\udcff":  # a byte Python could not decode (surrogateescape)
            raise error(say("not_utf8", what=what, byte=f"{ord(ch) - 0xDC00:02X}", where=where,
                            text=excerpt(text)))
        advice = say("invisible_space" if _category(ch) in _SPACE_LIKE else "invisible_other")
        raise error(say("invisible", what=what, name=character_name(ch), where=where,
                        text=excerpt(text), advice=advice))
    depth, index = nesting(text)
    if depth > MAX_NESTING:
        raise error(_too_deep(what, text, index))
    return text


def _odd_characters(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) for each invisible or control character (tab and line breaks are fine)."""
    if text.isascii():
        for match in re.finditer(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
            yield match.start(), match.group()
        return
    for index, ch in enumerate(text):
        if ch in _ALLOWED_CONTROLS or ch == " ":
            continue
        if not ch.isprintable() or _category(ch) in _INVISIBLE:
            yield index, ch


def _too_deep(what: str, text: str, index: Optional[int]) -> str:
    where = say("at_place", where=position(text, index)) if index is not None else ""
    return say("too_deep", what=what, limit=MAX_NESTING, where=where, text=excerpt(text))


def _code_spans(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) for the characters of `text` outside string literals and comments."""
    index, quote = 0, ""
    while index < len(text):
        ch = text[index]
        if quote:
            if ch == "\\":
                index += 2
                continue
            if text.startswith(quote, index):
                index += len(quote)
                quote = ""
                continue
            if ch == "\n" and len(quote) == 1:
                quote = ""
            index += 1
            continue
        if ch in "'\"":
            quote = text[index:index + 3] if text.startswith(ch * 3, index) else ch
            index += len(quote)
            continue
        if ch == "#":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        yield index, ch
        index += 1


def nesting(text: str) -> tuple[int, Optional[int]]:
    """The deepest nesting in code text, and the index where it is reached (None if flat).

    Counts open brackets plus runs of unary operators (``---3``) and attribute chains
    (``a.b.c``), outside string literals and comments. An estimate of how deep Python's
    recursive parser will go, taken before it runs.

    Examples:
        >>> nesting("Bidirectional(LSTM(3, input_shape=(2, 3)))")
        (3, 34)
        >>> nesting("LSTM(----3)")[0], nesting("a.a.a.a.LSTM(3)")[0]
        (5, 4)
    """
    deepest, where = 0, None
    brackets = run = 0
    for index, ch in _code_spans(text):
        if ch in "([{":
            brackets, run = brackets + 1, 0
        elif ch in ")]}":
            brackets, run = max(brackets - 1, 0), 0
        elif ch in "-+~.":
            run += 1
        elif not (ch.isspace() or ch.isalnum() or ch == "_"):
            run = 0
        if brackets + run > deepest:
            deepest, where = brackets + run, index
    return deepest, where


def tree_depth(node: ast.AST) -> tuple[int, ast.AST]:
    """The depth of a syntax tree, and its deepest node, without recursion.

    Examples:
        >>> tree_depth(ast.parse("LSTM(3)", mode="eval"))[0]
        4
    """
    deepest, deepest_node = 0, node
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > deepest:
            deepest, deepest_node = depth, current
        if depth <= MAX_NESTING + 1:
            stack.extend((child, depth + 1) for child in ast.iter_child_nodes(current))
    return deepest, deepest_node


def parse_source(text: str, what: str, mode: str = "eval",
                 error: type[LstmRefError] = LayerSyntaxError) -> ast.AST:
    """`ast.parse` that turns every failure but a SyntaxError into one `error` with a message.

    A SyntaxError is re-raised for the caller to word (it knows what was expected); see
    :func:`syntax_detail`. Call :func:`check_text` first. The tree returned is at most
    :data:`MAX_NESTING` levels deep, so recursive code (``ast.unparse``, ``literal_eval``)
    can walk it.

    Examples:
        >>> parse_source("LSTM(" + "9" * 5000 + ")", "the layer call")
        Traceback (most recent call last):
        ...
        lstm_ref.errors.LayerSyntaxError: the layer call has a 5000-digit number at character 6: lstm_ref reads sizes up to 1000000000
    """
    try:
        with warnings.catch_warnings():  # "invalid decimal literal" and such would be a 2nd line
            warnings.simplefilter("ignore")
            tree = ast.parse(text, mode=mode)
    except (RecursionError, MemoryError):
        raise error(_too_deep(what, text, nesting(text)[1])) from None
    except (SyntaxError, ValueError) as failure:
        # A decimal literal past int()'s 4300-digit limit is a ValueError in Python 3.11, a
        # SyntaxError in later versions.
        match = max(re.finditer(r"\d[\d_]*", text), key=lambda m: len(m.group()), default=None)
        if "digit" in str(failure) and match is not None and len(match.group()) > 20:
            raise error(say("digits", what=what, digits=len(match.group()),
                            where=position(text, match.start()), limit=MAX_SIZE)) from None
        if isinstance(failure, SyntaxError):
            raise
        raise error(say("unreadable", what=what, text=excerpt(text),
                        reason=one_line(str(failure), 120))) from None
    depth, node = tree_depth(tree)
    if depth > MAX_NESTING:
        index = _offset(text, node)
        raise error(_too_deep(what, text, index))
    return tree


def _offset(text: str, node: ast.AST) -> Optional[int]:
    """The index in `text` where `node` starts, if it has a position."""
    line, column = getattr(node, "lineno", None), getattr(node, "col_offset", None)
    if line is None or column is None:
        return None
    lines = text.split("\n")
    start = sum(len(part) + 1 for part in lines[: line - 1])
    encoded = lines[line - 1].encode("utf-8")[:column] if line - 1 < len(lines) else b""
    return start + len(encoded.decode("utf-8", errors="ignore"))


def syntax_detail(failure: SyntaxError, text: str) -> str:
    """What Python's parser said, where, as a short clause for a message.

    Examples:
        >>> try:
        ...     ast.parse("LSTM(32", mode="eval")
        ... except SyntaxError as failure:
        ...     print(syntax_detail(failure, "LSTM(32"))
        at character 5: '(' was never closed
    """
    message = one_line(failure.msg or "invalid syntax", 120)
    if failure.lineno is None or failure.offset is None:
        return message
    lines = text.split("\n")
    if failure.lineno - 1 >= len(lines):
        return message
    start = sum(len(part) + 1 for part in lines[: failure.lineno - 1])
    index = min(start + max(failure.offset - 1, 0), max(len(text) - 1, 0))
    return f"at {position(text, index)}: {message}"


def safe_unparse(node: ast.AST, limit: int = EXCERPT_CHARS) -> str:
    """``ast.unparse(node)``, cut to `limit` characters; never fails (a huge number, a deep tree).

    Examples:
        >>> safe_unparse(ast.parse("keras.layers.LSTM", mode="eval").body)
        'keras.layers.LSTM'
        >>> safe_unparse(ast.Constant(1 << 20000))
        'a 6021-digit number'
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return describe_number(node.value)
    try:
        text = ast.unparse(node)
    except (ValueError, RecursionError, MemoryError):
        return "an expression too large to show"
    return clip(text, limit)


def describe_number(value: object) -> str:
    """`repr(value)`, or "a 5000-digit number" for an int too long to show (or to repr).

    Examples:
        >>> describe_number(640), describe_number(-(10 ** 40))
        ('640', 'a 41-digit negative number')
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 20:
        digits = _digits(abs(value))
        return f"a {digits}-digit {'negative ' if value < 0 else ''}number"
    return repr(value)


def _digits(value: int) -> int:
    """How many decimal digits a positive int has, without converting it to a string."""
    estimate = int(value.bit_length() * 0.30102999566398120) + 1
    # Correct the estimate by one where it overshoots (10**(estimate-1) > value).
    return estimate - 1 if estimate > 1 and 10 ** (estimate - 1) > value else estimate


def check_numbers(value: object, what: str, error: type[LstmRefError] = LayerSyntaxError):
    """Refuse an int beyond ±:data:`MAX_SIZE` anywhere in a literal value; returns the value.

    Examples:
        >>> check_numbers((10, 64), "input_shape")
        (10, 64)
        >>> check_numbers(0x7FFFFFFFFFFFFFFF, "LSTM argument units")
        Traceback (most recent call last):
        ...
        lstm_ref.errors.LayerSyntaxError: LSTM argument units is 9223372036854775807: lstm_ref reads sizes up to 1000000000
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_SIZE:
            raise error(say("too_big", what=what, number=describe_number(item), limit=MAX_SIZE))
        if isinstance(item, (tuple, list, set, frozenset)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
    return value


def parse_size(text: str, name: str, whole: Optional[str] = None, or_none: bool = False,
               error: type[LstmRefError] = LayerSyntaxError) -> Optional[int]:
    """Read a positive size written in ASCII digits, at most :data:`MAX_SIZE` (or "None").

    ``str.isdigit()`` accepts "²" and ``int()`` accepts "١٠" and "1_0"; a size here is 0-9 only.

    Examples:
        >>> parse_size("64", "FEATURES"), parse_size("None", "TIMESTEPS", or_none=True)
        (64, None)
        >>> parse_size("²", "FEATURES", "²,3")
        Traceback (most recent call last):
        ...
        lstm_ref.errors.LayerSyntaxError: expected FEATURES to be a positive integer, got '²' in '²,3': U+00B2 SUPERSCRIPT TWO is not a digit 0-9
    """
    if or_none and text == "None":
        return None
    fill = dict(name=name, none=" or None" if or_none else "", bound="", text=excerpt(text),
                whole=f" in {excerpt(whole)}" if whole is not None else "", reason="")
    if re.fullmatch(r"[0-9]+", text, flags=re.ASCII):
        digits = text.lstrip("0") or "0"
        if len(digits) > len(str(MAX_SIZE)) or int(digits) > MAX_SIZE:
            raise error(say("size", **dict(fill, bound=f" up to {MAX_SIZE}")))
        if int(digits) > 0:
            return int(digits)
        raise error(say("size", **fill))
    odd = next((ch for ch in text if ch.isdigit() and not "0" <= ch <= "9"), None)
    reason = f": {character_name(odd)} is not a digit 0-9" if odd else ""
    raise error(say("size", **dict(fill, reason=reason)))
