"""The calculator never shows a stale or missing answer, whatever is pasted or typed.

A seeded random walk of a few hundred actions (pastes of mutated and hostile text, odd field
values, layers added, removed and changed) runs in the page; after each one the page must show
either results equal to lstm_ref's for what its form now holds, or one message and no results.
No action may raise an uncaught exception. Then the hostile inputs of issue 11, one by one.
"""

from __future__ import annotations

import random
import re

import pytest

import lstm_ref as lr
from lstm_ref.records import fields
from calculator_driver import (READ, ROOT_ID, expected, form_state, open_calculator, shown,
                               without_detail)
from site_build import build_hook

SEED = 11
STEPS = 600


def page_words():
    """The hook's table of command-line options and the page fields that stand for them."""
    return build_hook("calculator_data").PAGE_WORDS


# ---- what the page must show for the form it holds ---------------------------------------

JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
           "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


class FieldError(Exception):
    pass


MAX_SIZE = 10 ** 9
"""lstm_ref's largest size (lstm_ref.limits.MAX_SIZE; parse_shape's bound before it)."""


def number(text: str, none_allowed: bool):
    """A field's value as the page reads it: a positive integer up to MAX_SIZE, or None."""
    text = text.strip(JS_SPACE)
    if none_allowed and text.lower() == "none":
        return None
    if re.fullmatch(r"[0-9]+", text) and len(text) <= 4300 and 1 <= int(text) <= MAX_SIZE:
        return int(text)
    raise FieldError(text)


def specs_of(form: dict):
    """lstm_ref specs for the form's layers (a FieldError for a units field that is no number)."""
    specs = []
    for layer in form["layers"]:
        units = number(layer["units"], none_allowed=False)
        kind = getattr(lr, layer["kind"])
        names = {field.name for field in fields(kind)} - {"units"}
        flags = {name: value for name, value in layer.items() if name in names}
        spec = kind(units, **flags)
        if layer["kind"] in ("LSTM", "GRU", "SimpleRNN") and layer["bidirectional"]:
            mode = None if layer["merge_mode"] == "None" else layer["merge_mode"]
            spec = lr.Bidirectional(spec, merge_mode=mode)
        specs.append(spec)
    return specs


OPTIONS = r"--(input-shape|batch-size|json|file)\b"
"""The command line's options, which the page's messages never name."""


def check(seen: dict, step) -> None:
    """One reading of the page: results for its form, or exactly one message and no results."""
    assert seen["error"] is None or "failed on this input" not in seen["error"], step
    if seen["state"] == "ok":
        form = seen["form"]
        specs = specs_of(form)
        want = expected(specs, number(form["timesteps"], True), number(form["features"], False),
                        number(form["batch"], True))
        assert want["state"] == "ok", (step, want)
        for key, value in want.items():
            assert seen[key] == value, (step, key)
        assert seen["error"] is None and seen["summary_total"] == seen["total"], step
        assert seen["summary_output"] == seen["layers"][-1]["output"], step
        return
    assert seen["state"] == "error", step
    assert seen["layers"] == [] and seen["total"] is None and seen["summary_total"] is None, step
    # One message per problem, each shown once: the paste box's, or else the form's one.
    # (A rejected paste leaves the form as it was, with its own message if it had one.)
    form_messages = seen["field_errors"]
    assert len(form_messages) <= 1 and seen["copies"] == [1] * len(seen["copies"]), step
    message = seen["paste_error"] or (form_messages[0] if form_messages else None)
    assert message, (step, "no message and no results")
    assert message in seen["announced"], step
    for shown_message in [seen["paste_error"]] + form_messages:
        if shown_message is None:
            continue
        assert not re.search("[\u202a-\u202e\u2066-\u2069\u200b-\u200f]", shown_message), step
        assert not re.search(OPTIONS, shown_message), (step, shown_message)
        assert len(shown_message) < 1200, (step, len(shown_message))
    if seen["paste_error"] is not None:
        return
    # A form error: the field's own words (with the field marked), or lstm_ref's.
    form = seen["form"]
    try:
        specs = specs_of(form)
        values = [number(form[n], n != "features") for n in ("timesteps", "features", "batch")]
    except FieldError:
        assert seen["invalid"] and seen["highlighted"], step
        assert re.match(r"(batch|timesteps|features|Layer \d+ units): expected a positive "
                        "integer", message), (step, message)
        return
    want = expected(specs, *values)
    assert want == {"state": "error", "error": message}, (step, want, message)
    assert seen["highlighted"], step


# ---- the random walk -----------------------------------------------------------------------

VALID = [
    "LSTM(32)", "GRU(16, return_sequences=True, reset_after=False)", "Dense(2)",
    "Bidirectional(LSTM(8, return_sequences=True), merge_mode='sum')",
    "keras.layers.SimpleRNN(4, input_shape=(10, 3))", "layers.LSTM(5, return_state=True)",
    "Bidirectional(GRU(3), merge_mode=None)", "Dense(7, use_bias=False)",
]
ODD = ["\u00a0", "\u200b", "\u202e", "\u2066", "\ufeff", "\u2028", "\u201c", "\u2212", "\x00",
       "\t", "é", "\U0001f600", "\\", "'", '"', "#", "(", ")", "[", "]", "\n", ",", "=", "None"]


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.choice([1, 1, 2, 3])):
        i = rng.randrange(len(text) + 1)
        edit = rng.random()
        if edit < 0.3 and text:
            text = text[:i] + text[i + 1:]
        elif edit < 0.7:
            text = text[:i] + rng.choice(ODD) + text[i:]
        else:
            text = text[:i] + text[i:i + rng.randint(1, 5)] * 2 + text[i + 5:]
    return text


def hostile(rng: random.Random) -> str:
    n = rng.choice([150, 1000, 5000])
    return rng.choice([
        "LSTM(" + "(" * n + "3" + ")" * n + ")",
        "LSTM(" + "[" * n,
        "LSTM(" + "-" * n + "3)",
        "a." * n + "LSTM(3)",
        "LSTM(" + "9" * rng.choice([4301, 20_000]) + ")",
        "LSTM(0x" + "f" * 10_000 + ")",
        "LSTM(3, name='" + "x" * 50_000 + "')",
        "x" * 200_000,
        "LSTM(3)\n" * 20,
        "".join(chr(rng.randrange(32, 0x3000)) for _ in range(200)),
    ])


def paste_text(rng: random.Random) -> str:
    draw = rng.random()
    calls = [rng.choice(VALID) for _ in range(rng.choice([1, 1, 2, 3]))]
    if draw < 0.35:
        return "\n".join(calls)
    if draw < 0.85:
        return mutate("\n".join(calls), rng)
    return hostile(rng)


def field_text(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice([str(rng.randint(1, 64)), "None"])
    return rng.choice([
        str(rng.randint(1, 64)), str(rng.randint(1, 64)), "None", "none", "0", "-3", "", " 7 ",
        "3.5", "1e3", "٣", "²", "6\u200b4", "\u202e12", "1" * 4301, "9" * 200_000, "NaN",
        str(rng.randint(10**20, 10**21)),
    ])


def actions(rng: random.Random, count: int) -> list[dict]:
    steps = []
    for _ in range(count):
        draw = rng.random()
        if draw < 0.3:
            steps.append({"do": "paste", "text": paste_text(rng)})
        elif draw < 0.38:  # a reader putting things right: every input field valid again
            steps.append({"do": "fix", "values": [rng.choice(["None", "2", "4"]),
                                                  rng.choice(["None", "10"]), "8"]})
        elif draw < 0.5:
            steps.append({"do": "field", "name": rng.choice(["batch", "timesteps", "features"]),
                          "value": field_text(rng)})
        elif draw < 0.62:
            steps.append({"do": "units", "row": rng.random(), "value": field_text(rng)})
        elif draw < 0.72:
            steps.append({"do": "kind", "row": rng.random(),
                          "value": rng.choice(["LSTM", "GRU", "SimpleRNN", "Dense"])})
        elif draw < 0.84:
            steps.append({"do": "toggle", "row": rng.random(),
                          "name": rng.choice(["return_sequences", "return_state", "use_bias",
                                              "stateful", "reset_after", "bidirectional"])})
        elif draw < 0.88:
            steps.append({"do": "merge", "row": rng.random(),
                          "value": rng.choice(["concat", "sum", "mul", "ave", "None"])})
        elif draw < 0.95:
            steps.append({"do": "add"})
        else:
            steps.append({"do": "remove", "row": rng.random()})
    return steps


# Each action as a reader would do it (events that bubble, the buttons' own clicks), then the
# page is read. Exceptions inside the page's handlers do not reach this function: the test
# collects them from the page's "pageerror" events.
WALK = """
(steps) => {
  const root = document.getElementById("%s");
  const reader = %s;
  const rows = () => [...root.querySelectorAll(".calc-layer-fields")];
  const pick = (r) => { const all = rows(); return all[Math.floor(r * all.length)]; };
  const fire = (el, type) => el.dispatchEvent(new Event(type, { bubbles: true }));
  return steps.map((step) => {
    const row = step.row === undefined ? null : pick(step.row);
    if (step.do === "paste") {
      const box = root.querySelector(".calc-paste textarea");
      box.value = step.text;
      box.form.requestSubmit();
    } else if (step.do === "fix") {
      ["batch", "timesteps", "features"].forEach((name, i) => {
        const input = root.querySelector(`[id$=-${name}]`);
        input.value = step.values[i];
        fire(input, "input");
      });
    } else if (step.do === "field") {
      const input = root.querySelector(`[id$=-${step.name}]`);
      input.value = step.value;
      fire(input, "input");
    } else if (step.do === "units" || step.do === "kind" || step.do === "merge") {
      const input = row.querySelector(`[id$=-${{units: "units", kind: "kind", merge: "merge"}[step.do]}]`);
      input.value = step.value;
      fire(input, step.do === "units" ? "input" : "change");
    } else if (step.do === "toggle") {
      const box = row.querySelector(`[id$=-${step.name}]`);
      if (box && !box.closest("[hidden]")) box.click();
    } else if (step.do === "add") {
      [...root.querySelectorAll("button")].find((b) => b.textContent === "Add a layer").click();
    } else if (step.do === "remove") {
      const button = row.querySelector(".calc-remove");
      if (!button.hidden) button.click();
    }
    return reader(root);
  });
}
""" % (ROOT_ID, READ.strip())


def walk(page, steps):
    """Run `steps` in batches; return the readings and every uncaught error the page raised."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    readings = []
    for start in range(0, len(steps), 50):
        readings += page.evaluate(WALK, steps[start:start + 50])
    return readings, errors


def test_a_random_walk_never_leaves_a_stale_or_missing_answer(page, site_url, built_site):
    rng = random.Random(SEED)
    steps = actions(rng, STEPS)
    kinds = {step["do"] for step in steps}
    assert kinds == {"paste", "fix", "field", "units", "kind", "toggle", "merge", "add", "remove"}
    open_calculator(page, site_url, built_site)
    readings, errors = walk(page, steps)
    assert errors == []
    before = shown(page)  # the state after the walk, read again outside it
    assert before == readings[-1]
    outcomes = {"ok": 0, "paste error": 0, "form error": 0}
    previous = None
    for number_, (step, seen) in enumerate(zip(steps, readings)):
        label = (number_, {k: (v[:80] if isinstance(v, str) else v) for k, v in step.items()})
        check(seen, label)
        if seen["state"] == "ok":
            outcomes["ok"] += 1
        else:
            outcomes["paste error" if seen["paste_error"] else "form error"] += 1
        if step["do"] == "add" and previous and previous["state"] == "ok":
            last = previous["layers"][-1]["output"]
            if not last.startswith("[") and len(previous["layers"]) < 12:
                # A layer Keras accepts after the last one.
                assert seen["state"] == "ok", (label, seen["error"])
                assert len(seen["layers"]) == len(previous["layers"]) + 1, label
        previous = seen
    # The walk visits each outcome often enough to mean something.
    assert min(outcomes.values()) >= 60, outcomes


# ---- the hostile inputs of issue 11, one by one ------------------------------------------

def paste(page, text: str) -> dict:
    page.evaluate("""([id, text]) => {
        const box = document.querySelector(`#${id} .calc-paste textarea`);
        box.value = text;
        box.form.requestSubmit();
    }""", [ROOT_ID, text])
    return shown(page)


@pytest.mark.parametrize("text, says", [
    ("LSTM(" + "(" * 1000 + "32" + ")" * 1000 + ")", "nests more than 100 levels deep"),
    ("LSTM(" + "[" * 3000, "nests more than 100 levels deep"),
    ("LSTM(" + "-" * 3000 + "3)", "nests more than 100 levels deep"),
    ("a." * 3000 + "LSTM(3)", "nests more than 100 levels deep"),
    ("LSTM(3, \u201c" + "x" * 9000 + "\u201d)", "invalid character '\u201c' (U+201C)"),
    ("LSTM(" + "7" * 9000 + ")", "the layer call has a 9000-digit number at character 6: "
                                  "lstm_ref reads sizes up to 1000000000"),
    ("LSTM(" + "7" * 150_000 + ")", "the layer call is 150006 characters long, more than the "
                                    "10000 lstm_ref reads"),
    ("LSTM(" + "7" * 21 + ")", "LSTM argument units is a 21-digit number: lstm_ref reads sizes"),
    ("LSTM(3, name='" + "x" * 9000 + "')", None),  # read: an ignored argument
    ("LSTM(32, activation='relu'" + " " * 9000 + "x)", "expected Keras call syntax"),
    ("LSTM(32)" + " " * 200_000, "characters long, more than the 200000 lstm_ref reads"),
])
def test_hostile_pastes_get_one_short_message(page, site_url, built_site, text, says):
    open_calculator(page, site_url, built_site)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    seen = paste(page, text)
    assert errors == []
    if says is None:
        assert seen["state"] == "ok" and seen["layers"][0]["call"] == "LSTM(3)"
        return
    assert seen["state"] == "error" and seen["total"] is None and seen["copies"] == [1]
    assert says in seen["paste_error"], seen["paste_error"][:300]
    if len(text) <= 200_000:  # lstm_ref's own words (a paste past 200,000 is the page's)
        with pytest.raises(lr.LstmRefError) as refused:
            lr.parse_layer(text)
        assert without_detail(seen["paste_error"]) == without_detail(str(refused.value))
    # The text is echoed as an excerpt with its length, not whole.
    assert len(seen["paste_error"]) < 400
    assert f"({len(text)} characters)" in seen["paste_error"] or text[:60] not in seen["paste_error"]


def test_a_200000_digit_field_is_refused_with_the_limit(page, site_url, built_site):
    open_calculator(page, site_url, built_site)
    page.get_by_label("features").fill("9" * 200_000)
    seen = shown(page)
    assert seen["state"] == "error" and seen["total"] is None
    assert seen["error"].startswith(f"features: expected a positive integer up to {MAX_SIZE}; "
                                    "got '999"), seen["error"][:200]
    assert seen["error"].endswith("...9999999999' (200000 characters)") and len(seen["error"]) < 300
    page.get_by_label("features").fill(str(MAX_SIZE))  # lstm_ref's largest size: computed
    seen = shown(page)
    want = lr.summarize([lr.LSTM(32)], (10, MAX_SIZE))
    assert seen["state"] == "ok" and seen["total"] == str(want.params)
    with pytest.raises(lr.LstmRefError):  # one more, and lstm_ref refuses it as the page does
        lr.parse_shape(f"10,{MAX_SIZE + 1}")
    page.get_by_label("features").fill(str(MAX_SIZE + 1))
    assert shown(page)["error"].startswith(f"features: expected a positive integer up to ")


@pytest.mark.parametrize("character, name", [
    ("\u00a0", "U+00A0 NO-BREAK SPACE"),
    ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("\x07", "U+0007 (a control character)"),
])
def test_invisible_characters_are_named_with_their_place(page, site_url, built_site, character,
                                                         name):
    call = f"LSTM(32,{character}return_sequences=True)"
    with pytest.raises(lr.LstmRefError) as refused:
        lr.parse_layer(call)
    open_calculator(page, site_url, built_site)
    assert paste(page, call)["paste_error"] == str(refused.value)  # lstm_ref's very words
    message = paste(page, f"Dense(4)\n{call}")["paste_error"]
    assert message.startswith(f"call 2: the layer call has an invisible character, {name}, at "
                              "line 2, column 9 ("), message
    # Escaped as Python's repr escapes it: the character itself is not in the message.
    assert character not in message
    assert f"\\u{ord(character):04x}" in message or f"\\x{ord(character):02x}" in message


def test_a_right_to_left_override_never_reorders_the_message(page, site_url, built_site):
    """The override can be read (in a string) or refused (elsewhere): never shown raw."""
    open_calculator(page, site_url, built_site)
    for text in ("LSTM(3, colour='\u202e)3(MTSL')", "LSTM(\u202e3)", "LSTM(f'\u202e3')",
                 "LSTM(3, return_sequences='\u202eTrue')"):
        seen = paste(page, text)
        assert seen["state"] == "error"
        rendered = page.eval_on_selector(f"#{ROOT_ID} .calc-paste .calc-message",
                                         "el => el.textContent")
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", rendered), rendered
        direction = page.eval_on_selector(f"#{ROOT_ID} .calc-paste .calc-message",
                                          "el => [el.dir, getComputedStyle(el).unicodeBidi]")
        assert direction == ["ltr", "isolate"]


KERAS2_CALLS = ["LSTM(3, input_length=4)", "LSTM(3, batch_size=2)", "GRU(3, time_major=True)",
                "LSTM(3, batch_input_shape=(2, 3, 4))"]


def test_messages_name_the_pages_fields_not_command_line_options(page, site_url, built_site):
    words = page_words()
    open_calculator(page, site_url, built_site)
    for text in KERAS2_CALLS:
        with pytest.raises(lr.LstmRefError) as refused:
            lr.parse_layer(text)
        want = str(refused.value)
        for flag, field in words.items():
            want = want.replace(flag, field)
        seen = paste(page, text)
        assert seen["paste_error"] == want
        assert not re.search(OPTIONS, seen["paste_error"])
        if re.search(OPTIONS, str(refused.value)):
            assert "on this page, the batch" in want


@pytest.mark.parametrize("specs, added", [
    ([lr.LSTM(8)], lr.Dense(1)),
    ([lr.LSTM(8, return_sequences=True)], lr.LSTM(32)),
    ([lr.Bidirectional(lr.GRU(4, return_sequences=True))], lr.LSTM(32)),
    ([lr.LSTM(8, return_sequences=True), lr.Dense(3)], lr.LSTM(32)),
    ([lr.LSTM(8), lr.Dense(3)], lr.Dense(1)),
])
def test_add_a_layer_appends_one_valid_after_the_last(page, site_url, built_site, specs, added):
    open_calculator(page, site_url, built_site)
    window_state = form_state(specs, 5, 3, None)
    page.evaluate("s => window.lstmCalculator.setState(s)", window_state)
    page.get_by_role("button", name="Add a layer").click()
    seen = shown(page)
    assert seen == {**seen, **expected(specs + [added], 5, 3, None)}


def test_add_a_layer_after_several_tensors_says_why_it_cannot(page, site_url, built_site):
    open_calculator(page, site_url, built_site)
    specs = [lr.LSTM(8, return_state=True)]
    page.evaluate("s => window.lstmCalculator.setState(s)", form_state(specs, 5, 3, None))
    page.get_by_role("button", name="Add a layer").click()
    seen = shown(page)
    assert len(seen["form"]["layers"]) == 1 and seen["state"] == "ok"
    note = page.locator(".calc-add-note")
    assert note.is_visible() and "no layer can follow it" in note.inner_text()


def test_an_invalid_field_is_visibly_marked(page, site_url, built_site):
    open_calculator(page, site_url, built_site)
    field = page.get_by_label("features")
    style = "el => { const s = getComputedStyle(el); " \
            "return [s.borderTopWidth, s.borderTopColor, s.backgroundColor, s.boxShadow]; }"
    valid = field.evaluate(style)
    field.fill("six")
    assert field.get_attribute("aria-invalid") == "true"
    invalid = field.evaluate(style)
    assert float(invalid[0].rstrip("px")) >= 2 > float(valid[0].rstrip("px"))
    assert invalid[1] != valid[1] and invalid[2] != valid[2] and invalid[3] != "none"
    field.fill("6")
    assert field.get_attribute("aria-invalid") is None and field.evaluate(style) == valid
