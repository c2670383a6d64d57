"""The layer catalog against Keras itself: signatures, required arguments, defaults (through
get_config() of layers built with default arguments only), and the calls both refuse."""

import inspect
import json

import keras
import pytest

import lstm_ref as lr
from lstm_ref import catalog

# The arguments each kind cannot do without, in Keras; everything else is left to defaults.
REQUIRED = {
    "LSTM": dict(units=3), "GRU": dict(units=3), "SimpleRNN": dict(units=3),
    "Dense": dict(units=3), "Embedding": dict(input_dim=10, output_dim=4),
    "Dropout": dict(rate=0.5), "SpatialDropout1D": dict(rate=0.5),
    "GaussianNoise": dict(stddev=0.1), "Activation": dict(activation="relu"),
    "Conv1D": dict(filters=4, kernel_size=3), "Conv2D": dict(filters=4, kernel_size=3),
    "Reshape": dict(target_shape=(2, 3)), "RepeatVector": dict(n=3), "Permute": dict(dims=(2, 1)),
    "AveragePooling1D": dict(pool_size=2),
}
WRAPPED = {"Bidirectional": "LSTM", "TimeDistributed": "Dense"}


def keras_class(name):
    return getattr(keras.layers, name)


def keras_defaults_only(name):
    if name in WRAPPED:
        inner = WRAPPED[name]
        return keras_class(name)(keras_class(inner)(**REQUIRED[inner]))
    return keras_class(name)(**REQUIRED.get(name, {}))


def spec_defaults_only(name):
    entry = catalog.kind(name)
    if name in WRAPPED:
        inner = catalog.kind(WRAPPED[name]).spec(**REQUIRED[WRAPPED[name]])
        return entry.spec(inner)
    return entry.spec(**REQUIRED.get(name, {}))


@pytest.mark.parametrize("name", list(catalog.KINDS))
def test_positional_order_is_keras_signature(name):
    parameters = inspect.signature(keras_class(name)).parameters.values()
    positional = tuple(p.name for p in parameters
                       if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self")
    assert catalog.kind(name).positional == positional


@pytest.mark.parametrize("name", list(catalog.KINDS))
def test_required_arguments_are_keras_required(name):
    parameters = inspect.signature(keras_class(name)).parameters.values()
    required = tuple(p.name for p in parameters
                     if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty)
    assert catalog.kind(name).required() == required


@pytest.mark.parametrize("name", list(catalog.KINDS))
def test_ignored_arguments_exist_in_keras(name):
    """Every ignored argument is one Keras takes: in the signature, or any layer's keyword."""
    parameters = inspect.signature(keras_class(name)).parameters
    takes_kwargs = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    extra = set(catalog.BASE_IGNORED) | set(catalog.EXTRA_IGNORED.get(name, ()))
    for argument in catalog.kind(name).ignored:
        assert argument in parameters or (takes_kwargs and argument in extra), argument
    assert takes_kwargs == bool(catalog.kind(name).options)


def keras_value(name, field, config):
    """The config value of `field`, as lstm_ref states it: Keras standardizes int sizes to
    tuples, None data_format to the configured one, None pooling strides to pool_size."""
    return config[field]


def lstm_ref_value(spec, field):
    value = getattr(spec, field)
    rank = getattr(spec, "rank", None)
    if field in ("kernel_size", "strides", "dilation_rate", "pool_size") and rank:
        if field == "strides" and value is None:
            value = spec.pool_size
        value = (value,) * rank if isinstance(value, int) else tuple(value)
    if field == "data_format" and value is None:
        value = keras.config.image_data_format()
    return value


@pytest.mark.parametrize("name", list(catalog.KINDS))
def test_defaults_match_keras_get_config(name):
    """Built with default arguments only, Keras' config agrees with each lstm_ref default, so a
    default changed upstream fails here."""
    config = keras_defaults_only(name).get_config()
    spec = spec_defaults_only(name)
    defaults = catalog.kind(name).defaults()
    if name == "Bidirectional":
        config = {**config, "layer": None}
    for field in defaults:
        if field == "layer":
            continue
        assert lstm_ref_value(spec, field) == keras_value(name, field, config), field


def test_shared_data_is_deterministic_json():
    data = catalog.shared_data()
    assert json.loads(json.dumps(data)) == data
    assert json.dumps(data, sort_keys=True) == json.dumps(catalog.shared_data(), sort_keys=True)
    assert set(data["kinds"]) == set(catalog.KINDS)


# Calls both Keras and lstm_ref refuse when the layer is constructed (nothing is built yet).
REFUSED = [
    "Dropout(1.5)", "GaussianNoise(-0.1)", "Conv1D(0, 3)", "Conv1D(4, 0)",
    "Conv1D(4, 3, strides=2, dilation_rate=2)", "Conv1D(3, 2, groups=2)",
    "Conv2D(4, 3, padding='causal')", "Conv1D(4, 3, padding='full')", "Permute((1, 3))",
    "RepeatVector(0)", "Embedding(0, 3)", "Embedding(10, 0)", "Reshape((-1, -1))",
    "SpatialDropout1D(0.2, trainable=False)", "LSTM(3, time_major=True)",
    "Dense(3, batch_input_shape=(2, 3))", "Dense(3, input_length=5)", "LSTM(0)",
    "Bidirectional(Dense(3))", "Bidirectional(LSTM(3), merge_mode='max')",
    "Dense(3, trainable=1)", "AveragePooling1D()",
    "Dense(3, activation='Relu')", "Activation('sofmax')", "Conv1D(4, 3, activation='')",
    "LSTM(3, recurrent_activation='hardsigmoid')", "GRU(3, 'tanhh')",
    "TimeDistributed(Dense(3, activation='soft max'))",
]
# Calls both accept, with arguments lstm_ref ignores or reads in their Keras spelling.
ACCEPTED = [
    "Conv1D(64, 3, 1, 'same', activation='relu', kernel_initializer='he_normal')",
    "Conv1D(8, (3,), strides=(2,), padding='CAUSAL')",
    "Embedding(1000, 64, input_length=80, mask_zero=True, name='words')",
    "Embedding(100, 8, trainable=False)",
    "Dropout(0.2, seed=1)", "SpatialDropout1D(0.2, seed=1, name='x')",
    "MaxPooling1D(2, 2, 'same')", "MaxPooling2D((2, 2))", "GlobalAveragePooling1D(keepdims=True)",
    "Reshape((-1, 4))", "Permute((2, 1))", "RepeatVector(5)", "Activation('tanh')",
    "BatchNormalization(momentum=0.9, epsilon=1e-5)", "LayerNormalization(axis=(1, 2))",
    "TimeDistributed(Conv2D(8, (3, 3), activation='relu'))", "Flatten(data_format='channels_last')",
    "LSTM(32, 'tanh', 'sigmoid', True, implementation=2)", "Dense(3, input_dim=4)",
    "GaussianNoise(0.1)", "Masking(mask_value=-1.0)",
    "Dense(3, activation='softmax')", "LSTM(3, recurrent_activation='hard_sigmoid')",
    "SimpleRNN(3, activation='relu6')", "Activation('linear')",
]


def test_the_activation_names_are_keras():
    from keras.src.activations import ALL_OBJECTS_DICT

    assert catalog.ACTIVATIONS == tuple(sorted(ALL_OBJECTS_DICT))
    for name in catalog.ACTIVATIONS:
        assert callable(keras.activations.get(name)), name
    # The names the message gives as examples are real ones.
    named = catalog.MESSAGES["activation_unknown"].split("such as ")[1].replace(" or ", ", ").split(", ")
    assert named and set(named) <= set(catalog.ACTIVATIONS)
    for argument in catalog.ACTIVATION_ARGUMENTS:
        assert any(argument in entry.ignored or argument in entry.fields()
                   for entry in catalog.KINDS.values()), argument


def keras_from_text(text):
    return eval(text, {**vars(keras.layers)})  # noqa: S307 - our own fixed strings, the judge


@pytest.mark.parametrize("text", REFUSED)
def test_both_refuse(text):
    with pytest.raises(lr.LstmRefError):
        lr.parse_layer(text)
    with pytest.raises((ValueError, TypeError)):
        keras_from_text(text)


@pytest.mark.parametrize("text", ACCEPTED)
def test_both_accept(text):
    lr.parse_layer(text)
    keras_from_text(text)
