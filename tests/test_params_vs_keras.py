"""Parameter counts and weight shapes: lstm_ref against Keras over a grid of layers."""

import ast
import itertools
import operator

import pytest

import lstm_ref as lr
from keras_bridge import keras_layer, keras_model

UNITS = [1, 3, 32]
FEATURES = [1, 5, 64]


def recurrent_specs():
    for units, use_bias in itertools.product(UNITS, [True, False]):
        yield lr.LSTM(units, use_bias=use_bias)
        yield lr.SimpleRNN(units, use_bias=use_bias)
        for reset_after in (True, False):
            yield lr.GRU(units, use_bias=use_bias, reset_after=reset_after)


SPECS = list(recurrent_specs())
SPECS += [lr.Bidirectional(spec) for spec in SPECS[::3]]
SPECS += [lr.Dense(units, use_bias=b) for units in UNITS for b in (True, False)]


@pytest.mark.parametrize("features", FEATURES)
@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_weights_match_keras(spec, features):
    model = keras_model([spec], input_shape=(7, features))
    layer = model.layers[-1]
    ours = lr.weights(spec, features)
    keras_weights = layer.weights
    assert [w.shape for w in ours] == [tuple(w.shape) for w in keras_weights]
    assert [w.name.split("/")[-1] for w in ours] == [w.path.split("/")[-1] for w in keras_weights]
    if isinstance(spec, lr.Bidirectional):
        directions = [w.name.split("/")[0] for w in ours]
        assert all(f"{d}_" in w.path for d, w in zip(directions, keras_weights))
    assert lr.count_params(spec, features) == layer.count_params()


@pytest.mark.parametrize("spec", SPECS[:12], ids=str)
def test_formula_evaluates_to_the_keras_count(spec):
    features = 5
    formula = lr.formula(spec, features)
    expected = keras_layer(spec)
    expected.build((None, 3, features))
    names = {"units": getattr(spec, "units", None) or spec.layer.units, "features": features}
    assert arithmetic(formula.symbolic, names) == expected.count_params()
    assert arithmetic(formula.numeric, {}) == expected.count_params()
    assert formula.total == expected.count_params()


@pytest.mark.parametrize("timesteps", [1, 13, 100, None])
def test_timesteps_never_change_the_count(timesteps):
    model = keras_model([lr.LSTM(10)], input_shape=(timesteps, 5))
    assert model.count_params() == lr.count_params(lr.LSTM(10), features=5)


OPERATORS = {ast.Add: operator.add, ast.Mult: operator.mul}


def arithmetic(expression: str, names: dict) -> int:
    """Evaluate + and * over integers and names: enough for a formula, and nothing else."""
    def value(node):
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            return OPERATORS[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            return names[node.id]
        raise AssertionError(f"unexpected syntax in formula {expression!r}: {ast.dump(node)}")
    return value(ast.parse(expression, mode="eval").body)
