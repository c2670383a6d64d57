"""The layer catalog: which Keras layers lstm_ref reads, and how a call to each is written.

For every kind: the spec class, Keras' positional argument order, the arguments that change
shapes or counts (with Keras 3's defaults, taken from the spec class), the arguments that are
accepted and ignored, and those lstm_ref refuses because it does not model them. The messages
the readers print are templates here too, so that the calculator's JavaScript port, which
reads :func:`shared_data`, says the same thing.

>>> kind("Conv1D").positional[:4]
('filters', 'kernel_size', 'strides', 'padding')
>>> kind("Conv1D").defaults()["padding"]
'valid'
>>> "activation" in kind("Conv1D").ignored
True
>>> message("unknown_layer", name="Conv3D")[:40]
"unknown layer 'Conv3D': expected one of "
"""

from __future__ import annotations

from . import records
from .layers import AROUND_KINDS
from .messages import EXAMPLE, MESSAGES, SUPPORTED_CODE, SYNTAX_ERRORS
from .records import frozen
from .specs import Bidirectional, Dense, GRU, LSTM, SimpleRNN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SCHEMA_VERSION = 2
"""The version of `python -m lstm_ref explain --json` output (see explain.schema.json)."""

# Keras 3.15's positional parameters, in order (tests/test_catalog_vs_keras.py reads
# inspect.signature to check them). A pasted call's positional arguments map onto these.
SIGNATURES: dict[str, tuple[str, ...]] = {
    "LSTM": ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
             "recurrent_initializer", "bias_initializer", "unit_forget_bias",
             "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
             "activity_regularizer", "kernel_constraint", "recurrent_constraint",
             "bias_constraint", "dropout", "recurrent_dropout", "seed", "return_sequences",
             "return_state", "go_backwards", "stateful", "unroll", "use_cudnn"),
    "GRU": ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
            "recurrent_initializer", "bias_initializer", "kernel_regularizer",
            "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
            "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
            "recurrent_dropout", "seed", "return_sequences", "return_state", "go_backwards",
            "stateful", "unroll", "reset_after", "use_cudnn"),
    "SimpleRNN": ("units", "activation", "use_bias", "kernel_initializer",
                  "recurrent_initializer", "bias_initializer", "kernel_regularizer",
                  "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
                  "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
                  "recurrent_dropout", "return_sequences", "return_state", "go_backwards",
                  "stateful", "unroll", "seed"),
    "Bidirectional": ("layer", "merge_mode", "weights", "backward_layer"),
    "Dense": ("units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
              "kernel_regularizer", "bias_regularizer", "activity_regularizer",
              "kernel_constraint", "bias_constraint", "lora_rank", "lora_alpha",
              "quantization_config"),
    "Embedding": ("input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
                  "embeddings_constraint", "mask_zero", "weights", "lora_rank", "lora_alpha",
                  "quantization_config"),
    "Masking": ("mask_value",),
    "Dropout": ("rate", "noise_shape", "seed"),
    "SpatialDropout1D": ("rate", "seed", "name", "dtype"),
    "GaussianNoise": ("stddev", "seed"),
    "Activation": ("activation",),
    "Conv1D": ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
               "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer",
               "kernel_regularizer", "bias_regularizer", "activity_regularizer",
               "kernel_constraint", "bias_constraint"),
    "MaxPooling1D": ("pool_size", "strides", "padding", "data_format", "name"),
    "AveragePooling1D": ("pool_size", "strides", "padding", "data_format", "name"),
    "GlobalMaxPooling1D": ("data_format", "keepdims"),
    "GlobalAveragePooling1D": ("data_format", "keepdims"),
    "Flatten": ("data_format",),
    "Reshape": ("target_shape",),
    "RepeatVector": ("n",),
    "Permute": ("dims",),
    "TimeDistributed": ("layer",),
    "Conv2D": ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
               "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer",
               "kernel_regularizer", "bias_regularizer", "activity_regularizer",
               "kernel_constraint", "bias_constraint"),
    "MaxPooling2D": ("pool_size", "strides", "padding", "data_format", "name"),
    "BatchNormalization": ("axis", "momentum", "epsilon", "center", "scale", "beta_initializer",
                           "gamma_initializer", "moving_mean_initializer",
                           "moving_variance_initializer", "beta_regularizer",
                           "gamma_regularizer", "beta_constraint", "gamma_constraint", "renorm",
                           "renorm_clipping", "renorm_momentum", "synchronized"),
    "LayerNormalization": ("axis", "epsilon", "center", "scale", "beta_initializer",
                           "gamma_initializer", "beta_regularizer", "gamma_regularizer",
                           "beta_constraint", "gamma_constraint"),
}

INPUT_SIGNATURES: dict[str, tuple[str, ...]] = {
    "Input": ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name",
              "tensor", "optional"),
    "InputLayer": ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape",
                   "input_tensor", "optional", "name"),
}
"""keras.Input and keras.layers.InputLayer: they give the model's input, they are no layer."""

INPUT_ARGUMENTS = ("shape", "batch_size", "batch_shape")
"""The Input arguments lstm_ref reads; the rest of INPUT_SIGNATURES is ignored."""

BASE_IGNORED = ("name", "dtype", "autocast")
"""Keyword arguments every Keras layer accepts that change no shape or count."""

EXTRA_IGNORED: dict[str, tuple[str, ...]] = {
    "LSTM": ("implementation",), "GRU": ("implementation",), "SimpleRNN": ("implementation",),
    "Embedding": ("input_length",), "LayerNormalization": ("rms_scaling",),
}
"""Keyword arguments outside the signature that Keras 3 still accepts (Embedding's
input_length is deprecated and ignored; implementation is read and ignored)."""

NO_KWARGS = ("SpatialDropout1D",)
"""Kinds whose Keras constructor takes no **kwargs: only the arguments of their signature
(so not trainable=, input_shape= or autocast=, which Keras refuses with a TypeError)."""

LAYER_OPTIONS = ("trainable", "input_shape", "input_dim")
"""Arguments any layer takes that lstm_ref reads apart from the spec: trainable=False makes
the layer's weights non-trainable; input_shape=(...) or input_dim=N on the first layer give
the model's input (Keras 2 style, still read by Keras 3)."""

ACTIVATIONS = (
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
    "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus",
    "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh",
    "tanh_shrink", "threshold",
)
"""The names keras.activations.get() takes in Keras 3 (tests/test_catalog_vs_keras.py checks
them). Activation arguments change no shape or count, but a name outside this list makes the
layer's constructor raise, so a string given to one of ACTIVATION_ARGUMENTS is checked."""

ACTIVATION_ARGUMENTS = ("activation", "recurrent_activation")
"""Ignored arguments whose string value must be one of ACTIVATIONS."""

UNSUPPORTED: dict[str, str] = {
    "lora_rank": "LoRA adds weights and freezes the kernel",
    "quantization_config": "quantization changes the weights",
    "backward_layer": "a separate backward layer can differ from the forward one",
    "renorm": "batch renormalization adds moving statistics",
}
"""Arguments that change weights or shapes in ways lstm_ref does not model: refused, named."""

KERAS2_ONLY: dict[str, str] = {
    "batch_input_shape": "Keras 3 rejects batch_input_shape=: use keras.Input(batch_shape="
                         "(batch, ...)) (on the command line, --input-shape and --batch-size)",
    "batch_size": "Keras 3 rejects batch_size= on a layer: use keras.Input(batch_shape="
                  "(batch, ...)) (on the command line, --batch-size N)",
    "input_length": "input_length= is Keras 2 (only Embedding still accepts it, and ignores it): "
                    "use keras.Input(shape=(timesteps, features))",
    "time_major": "Keras 3 has no time_major: inputs are (batch, timesteps, features)",
}
"""Arguments Keras 3 refuses on the layers other than those that list them, with the fix."""

WRAPPERS = ("Bidirectional", "TimeDistributed")
"""Kinds whose first argument is another layer call."""

PREFIXES = ("keras.layers.", "layers.", "tf.keras.layers.", "keras.", "tf.keras.", "")
"""How pasted code names a layer; any dotted prefix is read, these are the usual ones."""

SEQUENTIAL = ("Sequential",)
MODEL = ("Model", "Functional")
SKIPPED_METHODS = ("compile", "fit", "summary", "predict", "evaluate", "save", "save_weights",
                   "load_weights", "build", "train_on_batch", "predict_on_batch",
                   "test_on_batch", "reset_states", "get_weights", "set_weights", "plot_model")
"""model.<method>(...) lines that are skipped (model.build(shape) is read for its shape)."""

STATEMENTS: dict[str, str] = {
    "for": "a for loop", "while": "a while loop", "if": "an if statement",
    "def": "a function definition", "class": "a class definition (custom layers cannot be read)",
    "with": "a with block", "try": "a try block", "augmented": "an augmented assignment",
    "del": "a del statement", "return": "a return statement", "global": "a global statement",
}
"""What the model reader calls a statement it refuses, by its keyword (the message's {what})."""

# The sentences (MESSAGES, with EXAMPLE and SUPPORTED_CODE) are in messages.py, which the
# modules below the catalog use too; they are shipped from here.



@frozen
class Kind:
    """What the readers know about one Keras layer class."""

    name: str
    spec: type
    positional: tuple[str, ...]
    """Keras' positional parameters, in order."""
    ignored: frozenset[str]
    """Arguments accepted and never read: they change no shape or count."""
    options: tuple[str, ...] = LAYER_OPTIONS
    """Which of LAYER_OPTIONS the constructor takes (none for the NO_KWARGS kinds)."""

    def fields(self) -> tuple[str, ...]:
        """The arguments that change shapes or counts: the spec's fields."""
        return tuple(f.name for f in records.fields(self.spec))

    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in records.fields(self.spec)
                     if f.default is records.MISSING)

    def defaults(self) -> dict[str, Any]:
        """Keras 3's default for each optional shape-relevant argument."""
        return {f.name: f.default for f in records.fields(self.spec)
                if f.default is not records.MISSING}


def _spec_classes() -> dict[str, type]:
    classes = {cls.kind: cls for cls in (LSTM, GRU, SimpleRNN, Bidirectional, Dense)}
    classes.update(AROUND_KINDS)
    return classes


def _build() -> dict[str, Kind]:
    kinds = {}
    for name, spec in _spec_classes().items():
        positional = SIGNATURES[name]
        fields = {f.name for f in records.fields(spec)}
        base = () if name in NO_KWARGS else BASE_IGNORED
        ignored = ((set(positional) | set(base) | set(EXTRA_IGNORED.get(name, ())))
                   - fields - set(UNSUPPORTED))
        options = () if name in NO_KWARGS else LAYER_OPTIONS
        kinds[name] = Kind(name, spec, positional, frozenset(ignored), options)
    return kinds


KINDS: dict[str, Kind] = _build()
"""Every layer kind lstm_ref reads, by Keras class name."""

KNOWN = ", ".join(KINDS)


def kind(name: str) -> Kind:
    """The catalog entry for a Keras class name, such as ``"LSTM"``."""
    return KINDS[name]


def message(key: str, **values: Any) -> str:
    """Fill the message template `key`; `known` and `example` are filled in for you."""
    values.setdefault("known", KNOWN)
    values.setdefault("example", EXAMPLE)
    return MESSAGES[key].format(**values)


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def shared_data() -> dict:
    """Everything the calculator's JavaScript port shares with lstm_ref, as one JSON-able dict.

    Keys (stable; the calculator reads them):

    - ``schema_version``: the JSON report's version (2);
    - ``kinds``: per Keras class name, in catalog order: ``positional`` (Keras' positional
      parameters, in order), ``fields`` (the shape-relevant arguments, in spec order),
      ``required``, ``defaults`` (Keras 3 defaults of the optional fields; tuples as lists),
      ``ignored`` (sorted), ``options`` (which of ``layer_options`` the kind takes),
      ``wrapper`` (true when the first argument is a layer call);
    - ``inputs``: keras.Input and InputLayer's positional parameters, and ``read`` (those used);
    - ``layer_options``: arguments any layer takes that are read apart from its fields;
    - ``unsupported`` and ``keras2_only``: refused arguments, each with the reason or fix;
    - ``prefixes``, ``sequential``, ``model``, ``skipped_methods``, ``statements``: how pasted
      code is read (``statements``: what a refused statement is called, by its keyword);
    - ``messages``: every sentence lstm_ref says about bad input, as one-line templates
      (``lstm_ref/messages.py``; Python ``str.format`` placeholders in braces), with
      ``example``, ``known`` and ``supported_code`` for the placeholders they use;
    - ``syntax_errors``: Python's own words for the syntax errors the port's parser finds;
    - ``activations`` and ``activation_arguments``: the activation names Keras takes, and the
      ignored arguments whose string value is checked against them;
    - ``blocks`` and ``states``: per recurrent kind, its gate blocks as the site names them
      (``specs.LSTM.blocks``) and the states it carries.

    The same sources give the same dict, so the file generated from it is byte-identical.

    Examples:
        >>> data = shared_data()
        >>> lstm = data["kinds"]["LSTM"]
        >>> lstm["defaults"]["return_sequences"], lstm["required"]
        (False, ['units'])
        >>> data["kinds"]["TimeDistributed"]["wrapper"], data["schema_version"]
        (True, 2)
        >>> data["blocks"]["LSTM"], data["states"]["LSTM"]
        (['i', 'f', 'g', 'o'], ['h', 'c'])
    """
    return {
        "schema_version": SCHEMA_VERSION,
        "kinds": {
            name: {
                "positional": list(entry.positional),
                "fields": list(entry.fields()),
                "required": list(entry.required()),
                "defaults": {k: _jsonable(v) for k, v in entry.defaults().items()},
                "ignored": sorted(entry.ignored),
                "options": list(entry.options),
                "wrapper": name in WRAPPERS,
            }
            for name, entry in KINDS.items()
        },
        "inputs": {name: {"positional": list(args), "read": list(INPUT_ARGUMENTS)}
                   for name, args in INPUT_SIGNATURES.items()},
        "layer_options": list(LAYER_OPTIONS),
        "unsupported": dict(UNSUPPORTED),
        "keras2_only": dict(KERAS2_ONLY),
        "prefixes": list(PREFIXES),
        "sequential": list(SEQUENTIAL),
        "model": list(MODEL),
        "skipped_methods": list(SKIPPED_METHODS),
        "statements": dict(STATEMENTS),
        "messages": dict(MESSAGES),
        "syntax_errors": {key: text for key, (text, _) in SYNTAX_ERRORS.items()},
        "example": EXAMPLE,
        "known": KNOWN,
        "supported_code": SUPPORTED_CODE,
        "activations": list(ACTIVATIONS),
        "activation_arguments": list(ACTIVATION_ARGUMENTS),
        "blocks": {cls.kind: list(cls.blocks) for cls in (LSTM, GRU, SimpleRNN)},
        "states": {cls.kind: list(cls.states) for cls in (LSTM, GRU, SimpleRNN)},
    }
