"""Each sentence the calculator and lstm_ref say about bad input is written once, in
lstm_ref/messages.py: Python fills it with say()/catalog.message, the page with message(key)
from the shared data. Here: every template is used on both sides (or listed as one side's
own), the port's scripts hold no sentence of their own, and the words the port copies from
Python's parser are the ones CPython says."""

import re
import warnings
from pathlib import Path

import pytest

from lstm_ref import messages
from site_build import ROOT

PORT = [ROOT / "docs" / "assets" / "calculator" / name for name in ("model.js", "parse.js")]
UI = ROOT / "docs" / "assets" / "calculator" / "ui.js"
"""The page's own script says lstm_ref's templates too (the report's notes, its limits); its
other strings are the form's labels, so it is not held to the no-sentence rule below."""
PYTHON = [path for path in (ROOT / "lstm_ref").glob("*.py") if path.name != "messages.py"]
PROSE = re.compile(r"[A-Za-z][a-z']*(?:,? [a-z(][a-z'()-]*){3,}")
"""Four words or more in a row: a sentence, or a piece of one."""


def string_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal in JavaScript source (quotes, and the static parts
    of template literals); comments and regular expressions are skipped."""
    found, n = [], len(source)
    last = ""

    def line(at):
        return source.count("\n", 0, at) + 1

    def template(i):
        start, part = i, []
        while i < n:
            if source[i] == "\\":
                part.append(source[i:i + 2])
                i += 2
            elif source[i] == "`":
                found.append((line(start), "".join(part)))
                return i + 1
            elif source.startswith("${", i):
                found.append((line(start), "".join(part)))
                part, i = [], code(i + 2, closing=True)
                start = i
            else:
                part.append(source[i])
                i += 1
        return i

    def code(i, closing=False):
        nonlocal last
        depth = 0
        while i < n:
            ch = source[i]
            if ch.isspace():
                i += 1
            elif source.startswith("//", i):
                end = source.find("\n", i)
                i = n if end < 0 else end
            elif source.startswith("/*", i):
                end = source.find("*/", i + 2)
                i = n if end < 0 else end + 2
            elif ch in "'\"":
                j = i + 1
                while j < n and source[j] != ch:
                    j += 2 if source[j] == "\\" else 1
                found.append((line(i), source[i + 1:j]))
                i, last = j + 1, "a"
            elif ch == "`":
                i, last = template(i + 1), "a"
            elif ch == "/" and (last in set("(,=:[!&|?{};+-*%<>~^") or last in ("", "return")):
                j, in_class = i + 1, False  # a regular expression
                while j < n and (source[j] != "/" or in_class):
                    if source[j] == "\\":
                        j += 1
                    elif source[j] in "[]":
                        in_class = source[j] == "["
                    j += 1
                i = j + 1
                while i < n and source[i].isalpha():
                    i += 1
                last = "a"
            elif closing and ch in "{}":
                if ch == "}" and depth == 0:
                    return i + 1
                depth += 1 if ch == "{" else -1
                i, last = i + 1, ch
            elif match := re.match(r"[A-Za-z_$][\w$]*", source[i:i + 80]):
                last = "return" if match.group() in ("return", "typeof") else "a"
                i += len(match.group())
            else:
                last = "a" if ch in ")]}" else ch
                i += 1
        return i

    code(0)
    return found


def used(key: str, source: str, dynamic: tuple[str, ...]) -> bool:
    return (f'"{key}"' in source or f"'{key}'" in source
            or any(key.startswith(prefix) for prefix in dynamic))


def test_every_template_is_said_by_both_sides():
    python = "\n".join(path.read_text(encoding="utf-8") for path in PYTHON)
    own = (ROOT / "lstm_ref" / "messages.py").read_text(encoding="utf-8")
    python += own[own.index("def say"):]  # with_fix, which messages.py itself fills
    port = "\n".join(path.read_text(encoding="utf-8") for path in [*PORT, UI])
    # Keys built at run time: f"merge_{mode}" in report.py, `merge_${mode}` in model.js.
    assert 'f"merge_{' in python and "`merge_${" in port
    dynamic = ("merge_",)
    unused_python = [key for key in messages.MESSAGES if key not in messages.PAGE_ONLY
                     and not used(key, python, dynamic)]
    unused_port = [key for key in messages.MESSAGES if key not in messages.PYTHON_ONLY
                   and not used(key, port, dynamic)]
    assert unused_python == [] and unused_port == [], (unused_python, unused_port)
    said = set(re.findall(r"""message\(\s*["'](\w+)["']""", port))
    assert said - set(messages.MESSAGES) == set(), said - set(messages.MESSAGES)
    assert set(messages.PYTHON_ONLY) | set(messages.PAGE_ONLY) <= set(messages.MESSAGES)
    port_syntax = set(re.findall(r"""syntaxError\(\s*["'](\w+)["']""", port))
    assert port_syntax <= set(messages.SYNTAX_ERRORS), port_syntax


def test_the_port_holds_no_sentence_of_its_own():
    """A string literal of four words or more in model.js or parse.js is a message typed
    twice: it belongs in lstm_ref/messages.py."""
    literals = {path.name: string_literals(path.read_text(encoding="utf-8")) for path in PORT}
    assert sum(map(len, literals.values())) > 200  # the scanner finds the literals there are
    typed = [(name, line, text) for name, found in literals.items() for line, text in found
             if PROSE.search(text)]
    assert typed == [], typed


def test_the_scanner_finds_a_sentence_typed_in_javascript():
    source = ('const a = /["\']x/g; // "a comment is fine, of course"\n'
              'throw new CalcError(`${kind} units must be a positive integer, got ${v}`);\n')
    assert [text for _, text in string_literals(source) if PROSE.search(text)] == [
        " units must be a positive integer, got "]


@pytest.mark.parametrize("key", [key for key, (_, code) in messages.SYNTAX_ERRORS.items()
                                 if code])
def test_the_syntax_errors_the_port_copies_are_cpythons(key):
    """The port says Python's words for the syntax errors its parser finds: each template,
    on the code given with it, is what CPython says (lstm_ref reports CPython's own)."""
    template, code = messages.SYNTAX_ERRORS[key]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(SyntaxError) as caught:
            compile(code, "<pasted>", "exec")
    said = caught.value.msg
    pattern = re.escape(template)
    pattern = re.sub(r"\\\{\w+\\\}", ".*?", pattern)
    assert re.fullmatch(pattern, said), (said, template)
