"""Find the numbers typed in a chapter's prose, outside the blocks that run at build time.

The page's front-matter description (shown in search results and link previews) counts as
prose. A number in prose is one of:

- a **version name**: `Keras 3`, `TensorFlow 1`, `Keras 2 and 3` (a major version used as a name);
- an **example input**: the same literal appears in the source of a block that runs in the same
  section, so the prose describes the example whose output Keras prints beside it;
- a **formula**: inline code with `units` or `features` in it, such as `4 × units`; the test
  evaluates each one against Keras (tests/test_prose_numbers.py, FORMULAS);
- anything else, a **claim**, which the test must know and check with Keras (CLAIMS there).

>>> [(n.text, n.kind) for n in numbers_in("# T\\n\\nKeras 3 has `4 × units` and 7 gates.\\n")]
[('3', 'version'), ('4', 'formula'), ('7', 'claim')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```|~~~)(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
                   re.MULTILINE | re.DOTALL)
NUMBER = re.compile(r"(?<![\w.\-])-?\d+(?:\.\d+)*(?![\w])")
VERSION_BEFORE = re.compile(r"(?:Keras|TensorFlow|TF|Keras \d and|Keras \d,|Keras \d or)\s+$")
FORMULA_NAMES = re.compile(r"\b(units|features|hidden_size|input_size|proj_size)\b")
HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)


@dataclass(frozen=True)
class ProseNumber:
    text: str         # the number as typed
    kind: str         # "version", "example", "formula" or "claim"
    context: str      # the line it is on (inline code kept), stripped
    code: str         # the inline code span it is in, or ""


def _prose(markdown: str) -> str:
    """The Markdown with front matter, fenced blocks, link targets and attributes blanked."""
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.DOTALL)
    markdown = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), markdown)
    markdown = re.sub(r"<!--.*?-->", "", markdown, flags=re.DOTALL)
    markdown = re.sub(r"\{ *#[^}]*\}", "", markdown)                 # heading ids
    markdown = re.sub(r"\]\([^)\s]*\)", "]", markdown)               # link targets
    markdown = re.sub(r"\]\[[^\]]*\]", "]", markdown)                # mkdocstrings cross-refs
    markdown = re.sub(r'^ *=== "[^"]*"', "", markdown, flags=re.MULTILINE)   # tab labels
    markdown = re.sub(r"^ *(?:\d+\.|[-*]) ", "", markdown, flags=re.MULTILINE)  # list markers
    markdown = re.sub(r"\|(?: *:?-+:? *\|)+", "", markdown)          # table rules
    return markdown


def _sections(markdown: str) -> list[tuple[str, str]]:
    """(prose, code of the blocks that run at build) for each section between headings.

    >>> [code for _, code in _sections('# A\\n```python exec="on"\\n# no heading\\nx = 2\\n```\\n')]
    ['', '# no heading\\nx = 2\\n']
    """
    fences = [m.span() for m in FENCE.finditer(markdown)]
    starts = [m.start() for m in HEADING.finditer(markdown)         # a `# comment` in a block
              if not any(start <= m.start() < end for start, end in fences)]   # is no heading
    bounds = [0, *starts, len(markdown)]
    parts = [markdown[a:b] for a, b in zip(bounds, bounds[1:])]
    sections = []
    for part in parts:
        code = "\n".join(m.group("body") for m in FENCE.finditer(part)
                         if 'exec="on"' in m.group("info") or m.group("body").lstrip()
                         .startswith(">>>"))
        sections.append((_prose(part), code))
    return sections


def numbers_in(markdown: str) -> list[ProseNumber]:
    """Every number typed in the prose of a Markdown page, and in its description, classified."""
    found = []
    description = re.search(r"\A---\n(?:.*\n)*?description: (.*)\n(?:.*\n)*?---\n", markdown)
    sections = [(description.group(1), "")] if description else []
    for prose, code in sections + _sections(markdown):
        literals = set(NUMBER.findall(code))
        for line in re.split(r"\n\s*\n", prose):
            line = " ".join(line.split())
            spans = [(m.start(), m.end(), m.group(1)) for m in re.finditer(r"`([^`]*)`", line)]
            for match in NUMBER.finditer(line):
                text = match.group()
                span = next((s for s in spans if s[0] < match.start() < s[1]), None)
                inline = span[2] if span else ""
                if span is None and VERSION_BEFORE.search(line[:match.start()]) and \
                        re.fullmatch(r"[123]", text):
                    kind = "version"
                elif FORMULA_NAMES.search(inline):
                    kind = "formula"
                elif text in literals:
                    kind = "example"
                else:
                    kind = "claim"
                found.append(ProseNumber(text, kind, line.strip(), inline))
    return found
