"""`explain --json` output validates against lstm_ref/explain.schema.json (schema version 2).

The schema is the contract for programs that read the report; these tests hold the command to
it with the jsonschema package (JSON Schema 2020-12), on reports of every layer kind and every
pasted form, on refused input (the error object), and on hypothesis-mutated calls and models.
Whether the numbers are right is for the Keras tests; here, only the shape of the JSON.
"""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from lstm_ref import catalog
from test_cli_contract import (PROPERTY, VALID_MODELS, assert_contract, is_help, mutated_call,
                               mutated_model, run_quietly, run_with_stdin)

SCHEMA = json.loads(resources.files("lstm_ref").joinpath("explain.schema.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA)


def validate(out: str) -> dict:
    report = json.loads(out)
    VALIDATOR.validate(report)
    return report


def explain_json(argv: list[str], stdin: bytes | None = None) -> tuple[int, str, str]:
    argv = ["explain", *argv, "--json"]
    result = run_quietly(argv) if stdin is None else run_with_stdin(argv, stdin)
    assert_contract(*result)
    return result


def test_the_schema_is_valid_json_schema_2020_12():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# One call per layer kind, each valid after the ones before it in its stack.
KIND_STACKS = [
    (["Embedding(1000, 8, mask_zero=True)", "SpatialDropout1D(0.1)", "Conv1D(4, 3)",
      "MaxPooling1D(2)", "AveragePooling1D(2)", "LSTM(3, return_sequences=True)",
      "GlobalMaxPooling1D()"], "20"),
    (["Masking()", "GaussianNoise(0.1)", "Activation('relu')", "GRU(4, return_sequences=True)",
      "LayerNormalization()", "BatchNormalization()", "GlobalAveragePooling1D()", "Dropout(0.5)",
      "RepeatVector(3)", "SimpleRNN(2, return_sequences=True)", "Permute((2, 1))",
      "Reshape((3, 2))", "Flatten()", "Dense(1)"], "10,4"),
    (["TimeDistributed(Conv2D(2, 3))", "TimeDistributed(MaxPooling2D())",
      "TimeDistributed(Flatten())", "Bidirectional(LSTM(2, return_state=True))"], "5,8,8,3"),
    (["Bidirectional(GRU(3, return_sequences=True), merge_mode=None)"], "None,2"),
]


def test_the_stacks_cover_every_layer_kind():
    used = {call.split("(")[0] for stack, _ in KIND_STACKS for call in stack}
    used |= {"Conv2D", "MaxPooling2D", "LSTM", "GRU", "Flatten"}  # inside the wrappers
    assert set(catalog.KINDS) - {"Input", "InputLayer"} <= used, set(catalog.KINDS) - used


@pytest.mark.parametrize("layers, shape", KIND_STACKS)
def test_reports_of_every_layer_kind_validate(layers, shape):
    code, out, _ = explain_json([*layers, "--input-shape", shape])
    assert code == 0
    report = validate(out)
    assert report["schema_version"] == 2 and len(report["layers"]) == len(layers)


@pytest.mark.parametrize("index", range(len(VALID_MODELS)))
def test_reports_of_pasted_models_validate(index):
    code_text, options = VALID_MODELS[index]
    options = [o for o in options if o != "--json"]
    code, out, _ = explain_json(["--file", "-", *options], code_text.encode())
    assert code == 0
    validate(out)


REFUSED = {
    "2-D into LSTM": (["Dense(3)", "LSTM(4)", "--input-shape", "10"], 2),
    "unknown layer": (["LSTM(4)", "Conv3D(2)", "--input-shape", "10,4"], 2),
    "bad input shape": (["LSTM(4)", "--input-shape", "ten,4"], None),
    "usage error": (["LSTM(4)", "--input-shape"], None),
}


@pytest.mark.parametrize("argv, layer", REFUSED.values(), ids=REFUSED.keys())
def test_refused_input_prints_an_error_object_that_validates(argv, layer):
    code, out, err = explain_json(argv)
    assert code == 2
    report = validate(out)
    assert set(report) == {"schema_version", "error"}
    assert report["error"]["layer"] == layer, report


def test_refused_pasted_code_names_its_line():
    pasted = b"model = Sequential()\nmodel.add(LSTM(4, input_shape=(3, 2)))\nfor i in x:\n  pass\n"
    code, out, _ = explain_json(["--file", "-"], pasted)
    assert code == 2
    assert validate(out)["error"]["line"] == 3


@pytest.mark.parametrize("breakage", ["drop params", "negative params", "extra key",
                                      "shape of text", "version 1"])
def test_the_schema_rejects_a_broken_report(breakage):
    """The schema has teeth: a report changed in any of these ways does not validate."""
    _, out, _ = explain_json(["LSTM(4, return_state=True)", "--input-shape", "3,2"])
    report = copy.deepcopy(json.loads(out))
    layer = report["layers"][0]
    if breakage == "drop params":
        del layer["params"]
    elif breakage == "negative params":
        report["params"] = -1
    elif breakage == "extra key":
        layer["units"] = 4
    elif breakage == "shape of text":
        layer["output_shapes"][0][1] = "4"
    else:
        report["schema_version"] = 1
    with pytest.raises(ValidationError):
        VALIDATOR.validate(report)


@PROPERTY
@given(mutated_call())
def test_json_of_mutated_calls_validates(argv):
    argv = [a for a in argv if a != "--json" and not is_help(a)]
    _, out, _ = explain_json(argv)
    if out:  # argparse's own errors come before --json is known
        validate(out)


@PROPERTY
@given(mutated_model())
def test_json_of_mutated_pasted_models_validates(pasted):
    data, options = pasted
    options = [o for o in options if o != "--json"]
    _, out, _ = explain_json(["--file", "-", *options], data)
    if out:
        validate(out)
