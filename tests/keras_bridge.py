"""Build the real Keras layer or model that an lstm_ref spec describes.

This is the judge's side of every comparison: it passes each spec field to the Keras
constructor of the same name and reads back what Keras computes. It shares no logic with
lstm_ref's counting or shape code.
"""

from __future__ import annotations

import itertools

import keras

import lstm_ref as lr
from lstm_ref.records import fields

_names = itertools.count()


def _name(kind: str) -> str:
    return f"{kind.lower()}_{next(_names)}"


def keras_layer(spec: lr.Layer, name: str | None = None, trainable: bool = True
                ) -> keras.layers.Layer:
    """The Keras layer for `spec`, explicitly named: each spec field is passed by its name to
    the Keras class of the same name (a wrapper's inner layer built the same way)."""
    name = name or _name(spec.kind)
    if spec.kind not in ("LSTM", "GRU", "SimpleRNN", "Bidirectional", "Dense"):
        arguments = {field.name: getattr(spec, field.name) for field in fields(spec)}
        if "layer" in arguments:
            arguments["layer"] = keras_layer(arguments["layer"])
        layer = getattr(keras.layers, spec.kind)(**arguments, name=name)
        layer.trainable = trainable
        return layer
    if not trainable:
        layer = keras_layer(spec, name)
        layer.trainable = False
        return layer
    if isinstance(spec, lr.Dense):
        return keras.layers.Dense(spec.units, use_bias=spec.use_bias, name=name)
    if isinstance(spec, lr.Bidirectional):
        return keras.layers.Bidirectional(keras_layer(spec.layer), merge_mode=spec.merge_mode,
                                          name=name)
    arguments = dict(units=spec.units, return_sequences=spec.return_sequences,
                     return_state=spec.return_state, use_bias=spec.use_bias,
                     stateful=spec.stateful, name=name)
    if isinstance(spec, lr.GRU):
        arguments["reset_after"] = spec.reset_after
    return getattr(keras.layers, spec.kind)(**arguments)


def shapes(tensors) -> tuple | list:
    """Keras output shape(s) in lstm_ref's convention: a tuple, or a list of tuples."""
    if isinstance(tensors, (list, tuple)):
        return [tuple(t.shape) for t in tensors]
    return tuple(tensors.shape)


def keras_model(specs, input_shape, batch_size=None) -> keras.Model:
    """A functional model applying `specs` in order to Input(batch_shape=(batch_size, *input_shape))."""
    inputs = keras.Input(batch_shape=(batch_size, *input_shape), name="input")
    x = inputs
    for spec in specs:
        x = keras_layer(spec)(x)
    return keras.Model(inputs, x, name=_name("model"))


def keras_params(text: str, input_shape) -> int:
    """Keras' parameter count for one layer call written as text, e.g. "LSTM(10)"."""
    model = keras_model([lr.parse_layer(text).layer], input_shape)
    return model.count_params()
