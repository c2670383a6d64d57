"""Every sentence lstm_ref says about bad input, as ``str.format`` templates, written once.

The calculator's JavaScript port reads the same templates from the page (catalog.shared_data
ships them, docs/assets/calculator/model.js fills them with ``message(key, values)``), so the
page and ``python -m lstm_ref explain`` word each refusal alike and no sentence is typed
twice. Placeholders are plain ``{name}``; each side formats the values (repr, shapes) before
filling them. Python fills them through :func:`lstm_ref.catalog.message` (or :func:`say`
here, for the modules the catalog itself imports).

A few templates are only said by one side: :data:`PYTHON_ONLY` (what the page cannot be
given, such as a command-line option or bytes that are not UTF-8) and :data:`PAGE_ONLY`
(the JavaScript parser's own guards). tests/test_calculator_messages.py checks that every
other key is used on both sides, and that the port holds no sentence of its own.

>>> say("positive", kind="Embedding", name="input_dim", value="0")
'Embedding input_dim must be a positive integer, got 0'
>>> say("too_deep", what="the code", limit=100, where="", text="'...'")[:41]
'the code nests more than 100 levels deep '
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ORDER = "(batch, timesteps, features)"

EXAMPLE = 'e.g. "LSTM(32)" or "Bidirectional(GRU(16, return_sequences=True), merge_mode=\'sum\')"'

SUPPORTED_CODE = (
    "lstm_ref reads imports, comments, model = Sequential([...]) or Sequential() with "
    "model.add(...) lines, x = keras.Input(shape=...) followed by x = Layer(...)(x) lines and "
    "keras.Model(inputs, outputs), and model.compile/fit/summary/predict lines"
)

MESSAGES: dict[str, str] = {
    # -- reading a layer call (calls.py, parse.py) --------------------------------------------
    "not_a_call": "expected a layer call, {example}; got {text}",
    "syntax": "could not read {text} as a layer call ({detail}): expected Keras call syntax, "
              "{example}",
    "code_syntax": "line {line}: could not read the code ({reason}); expected Python as Keras "
                   "code is written",
    "unknown_layer": "unknown layer '{name}': expected one of {known}; {example}",
    "literal": "{what} must be a literal (a number, a string, True, False, None or a tuple), "
               "got {text}",
    "positional": "{kind} takes at most {count} positional arguments ({names}), got {got}: "
                  "give the others by name",
    "starred": "{kind}: *args and **kwargs cannot be read, name each argument",
    "twice": "{kind} got {name} twice",
    "unexpected": "{kind} got an unexpected argument '{name}': expected {expected} "
                  "(arguments such as kernel_initializer or dropout are accepted and ignored)",
    "unexpected_options": "{fields}, input_shape or trainable",
    "activation_unknown": "{kind} {name}={value}: not an activation Keras knows; expected one of the "
                  "names in keras.activations, such as relu, tanh, sigmoid, softmax or linear",
    "activation_near": "{kind} {name}={value}: not an activation Keras knows; did you mean "
                       "{near}?",
    "unexpected_only": "only {names}",
    "missing": "{kind} needs its {name} argument, {example}",
    "unsupported_argument": "{kind}({name}=...) is not supported by lstm_ref: {why}",
    "keras2": "{kind}({name}=...): {why}",
    "input_shape_tuple": "{kind} input_shape must be a tuple such as (timesteps, features), "
                         "got {value}",
    # -- limits.py: text too long, odd characters, too deep, numbers too large --------------
    "as_text": "expected {what} as text, got {type}",
    "the_pasted_text": "the pasted text",
    "too_long": "{what} is {length} characters long, more than the {limit} lstm_ref reads: "
                "{text}",
    "not_utf8": "{what} has the byte 0x{byte} at {where}, which is not UTF-8 text: write it "
                "in UTF-8 ({text})",
    "invisible": "{what} has an invisible character, {name}, at {where} ({text}): {advice}",
    "invisible_space": "replace it with a plain space",
    "invisible_other": "delete it (retype the text around it if you cannot see it)",
    "too_deep": "{what} nests more than {limit} levels deep{where} (brackets, operators or "
                "attributes; a layer call needs a few): {text}",
    "at_place": " at {where}",
    "digits": "{what} has a {digits}-digit number at {where}: lstm_ref reads sizes up to {limit}",
    "unreadable": "could not read {what} {text}: {reason}",
    "too_big": "{what} is {number}: lstm_ref reads sizes up to {limit}",
    "size": "expected {name} to be a positive integer{none}{bound}, got {text}{whole}{reason}",
    "layer_call": "the layer call",
    "shape_text": "expected an input shape such as 10,64 (timesteps, features) or 80 (token "
                  "ids), got {text}",
    "the_code": "the code",
    # -- specs.py, layers.py: arguments Keras' constructors refuse --------------------------
    "positive": "{kind} {name} must be a positive integer, got {value}",
    "int_tuple": "{kind} {name} must be a positive integer or a tuple of {rank} positive "
                 "integers, got {value}",
    "flag": "{kind} {name} must be True or False, got {value}",
    "choice": "{kind} {name} must be one of {allowed}, got {value}",
    "rate": "{kind} {name} must be a number from 0 to 1, got {value}",
    "channels_last": "{kind} data_format: lstm_ref reads channels_last models only (the Keras "
                   "default), got {value}",
    "groups": "{kind} filters ({filters}) must be divisible by groups ({groups})",
    "strides_dilation": "{kind}: strides > 1 cannot be combined with dilation_rate > 1 (got "
                        "strides={strides}, dilation_rate={dilation})",
    "reshape_target": "Reshape target_shape must be a tuple of positive integers with at most "
                      "one -1, got {value}",
    "permute_dims": "Permute dims must be a permutation of 1..N such as (2, 1), got {value}",
    "batch_norm_axis": "BatchNormalization axis must be an integer, got {value}",
    "layer_norm_axis": "LayerNormalization axis must be an integer or a tuple of integers, "
                       "got {value}",
    "wraps_layer": "TimeDistributed wraps one layer spec, got {value}",
    "wraps_state": "TimeDistributed around a layer with return_state=True is not supported: it "
                   "returns several tensors",
    "wraps_recurrent": "Bidirectional wraps one recurrent layer (LSTM, GRU or SimpleRNN), "
                       "got {value}",
    "merge_mode": "Bidirectional merge_mode must be one of 'concat', 'sum', 'mul', 'ave' or "
                  "None, got {value}",
    # -- shapes.py, around_shapes.py, params.py: what a layer receives ----------------------
    "mismatch": "{layer} expects {expected}, got {shape}",
    "with_fix": "{message}: {fix}",
    "axis_value": "{layer}: the {axis} axis of {order} must be a positive integer or None, "
                  "got {value} in {shape}",
    "stateful": "{layer} is stateful, so it needs a fixed batch size: give the batch axis of "
                "{order} a number (in Keras 3, keras.Input(batch_shape=(batch, timesteps, "
                "features)))",
    "stateful_state": "{layer}: Keras 3.15 cannot build a stateful Bidirectional layer with "
                      "return_state=True (it raises a TypeError while computing the state "
                      "shapes); drop return_state or stateful",
    "features": "{layer} needs the input's feature count (the last axis of {order}) as a "
                "positive integer, got {value}",
    "wants_sequence": "a 3-D input (batch, timesteps, features)",
    "wants_image": "a 4-D input (batch, rows, cols, channels)",
    "wants_vector": "a 2-D input (batch, features)",
    "wants_features": "a known features axis in {order} to size its kernel",
    "wants_last_axis": "an input of 2 or more axes whose last axis is known",
    "wants_channels": "a known last axis (channels) to size its weights",
    "wants_steps": "at least {span} steps ({what})",
    "wants_groups": "a channel count divisible by groups={groups}",
    "wants_values": "{known} values per sample to fill {target}",
    "wants_divisible": "a number of values per sample divisible by {known} to fill the -1 in "
                       "{target}",
    "wants_rank": "a {rank}-D input (dims {dims} permute {count} axes after the batch axis)",
    "wants_axis": "an input with an axis {axis}",
    "wants_axis_size": "a known size on axis {axis} to size its weights",
    "wants_timesteps": "an input of at least 3 axes (batch, timesteps, ...)",
    "wants_step": "steps {layer} can take ({expected}, without the timesteps axis)",
    "wants_one_tensor": "a wrapped layer that returns one tensor",
    "wants_batch_axis": "an input with a batch axis",
    "window_kernel": "kernel_size {size}",
    "window_dilated": "kernel_size {size}, dilation_rate {dilation}",
    "window_pool": "pool_size {size}",
    "fix_batch_axis": "did you forget the batch axis?",
    "fix_window": "use padding='same' or a smaller {what}",
    "fix_window_dilated": "use padding='same', a smaller kernel_size or dilation_rate",
    "reshape_values": "that is {size} values ({dims})",
    "fix_reshape": "{values}; a Reshape keeps the number of values, so give a target_shape "
                   "whose product is {size}, or -1 for one axis",
    "fix_reshape_free": "{values}; a Reshape keeps the number of values",
    "fix_timesteps": "it applies {kind} to each step of axis 1",
    "fix_step": "each step is {step}; TimeDistributed applies its layer to every step of axis 1",
    # -- stack.py: a layer in a model, and how to fix what it receives ----------------------
    "input_tuple": "expected the input shape as a tuple such as (10, 64), got {value}",
    "input_axis": "expected each axis of the input shape (without the batch axis) to be a "
                  "positive integer or None, got {value} in {shape}",
    "batch_size": "expected batch_size to be a positive integer, got {value}",
    "empty": "expected at least one layer",
    "not_a_spec": "layer {index} is not a layer spec: {value}",
    "layer": "layer {index}, {problem}",
    "receives": "layer {index}, {layer}, expects {expected} but receives {shape}",
    "several_tensors": "layer {index}, {layer}, receives the {count} tensors that layer "
                       "{previous}, {previous_layer}, returns: only the last layer may set "
                       "return_state=True (or Bidirectional merge_mode=None); in a functional "
                       "model, pass on the first output only",
    "fix_input_sequence": "a sequence layer needs (batch, timesteps, features): give the model "
                          "input_shape=(timesteps, features), e.g. keras.Input(shape=(10, 1)) "
                          "for 10 steps of 1 feature",
    "fix_return_sequences": "set return_sequences=True on layer {index}, {layer}",
    "fix_removed_timesteps": "layer {index}, {layer}, removed the timesteps axis: move or "
                             "remove it",
    "fix_embedding": "layer {index}, {layer}, received the {rank}-D input {shape} and added an "
                     "axis; an Embedding takes (batch, timesteps) integer ids, so give the input "
                     "shape ({steps},)",
    "fix_input_batch": "the input shape excludes the batch axis: for (batch, timesteps, "
                       "features) give (timesteps, features)",
    "fix_flatten_steps": "add TimeDistributed(Flatten()) before it, so that each step is one "
                         "vector of features",
    "fix_reduce": "reduce it to 3-D first, e.g. with Reshape or GlobalAveragePooling1D",
    "fix_image": "a 2-D convolution or pooling takes one image per sample (rows, cols, "
                 "channels); for a sequence of frames give (frames, rows, cols, channels) and "
                 "wrap it in TimeDistributed",
    "fix_flatten_none": "layer {index}, {layer}, gives None because its input {shape} has an "
                        "axis of unknown size: give the sequences a fixed length, or use "
                        "GlobalAveragePooling1D() (or a recurrent layer without "
                        "return_sequences) instead of Flatten",
    "fix_fixed_size": "give that axis a fixed size in the input shape",
    "fix_repeat": "RepeatVector repeats one vector per sample: put it after a layer that "
                  "returns (batch, features), such as a recurrent layer without "
                  "return_sequences",
    # -- reader.py: pasted code ---------------------------------------------------------------
    "at_line": "line {line}: {problem}",
    "unsupported_line": "line {line}: {what} is not supported; " + SUPPORTED_CODE,
    "no_layers": "expected at least one layer; " + SUPPORTED_CODE,
    "no_input_shape": "no input shape: the code gives none (keras.Input(shape=...), or "
                      "input_shape= on the first layer), so pass --input-shape, e.g. "
                      "--input-shape 10,64 for inputs of shape (batch, 10, 64) or "
                      "--input-shape 80 for 80 token ids per sample",
    "batch_shape": "{name} batch_shape must be a tuple such as (32, 10, 64), got {value}",
    "input_value": "{name} shape must be a tuple such as (10, 64) or (80,), got {value}",
    "build_shape": "model.build takes the shape with its batch axis, such as (None, 10, 64), "
                   "got {value}",
    "input_after_layer": "{name} after a layer (it must come first)",
    "input_positional": "{name} with {count} positional arguments",
    "input_kwargs": "{name}(**kwargs)",
    "several_targets": "assigning to {target} (several outputs or targets; only single-chain "
                       "models can be read)",
    "quoted": "'{text}'",
    "build_arguments": "model.build without one input_shape",
    "second_input": "a second input (only single-chain models can be read)",
    "second_model": "a second model (one model at a time can be read)",
    "sequential_argument": "Sequential({text}) (give the layers as a list)",
    "applied_first": "a layer applied before inputs = keras.Input(shape=...)",
    "applied_arguments": "'{text}' (a layer called on one tensor can be read)",
    "applied_elsewhere": "applying a layer to {text}, which is not the last output ({tensor}): "
                         "only single-chain models can be read",
    "model_arguments": "'{text}' (keras.Model(inputs, outputs) must take the Input and the "
                       "last output of the chain)",
    # -- explain.py: what the code gives against what was asked -------------------------------
    "both_given": "give either pasted code or layer calls, not both",
    "shape_disagrees": "--input-shape {given} disagrees with the input_shape={shape} {source}"
                       "{where}",
    "source_code": "the code gives",
    "source_layer": "the first layer gives",
    "on_line": " on line {line}",
    "no_shape_for_calls": "missing --input-shape, e.g. --input-shape 10,64 for inputs of shape "
                          "(batch, 10, 64), or input_shape=(10, 64) in the first layer",
    "batch_disagrees": "--batch-size {given} disagrees with the batch size {batch} the code "
                       "gives",
    # -- params.py, around_params.py, report.py: what each weight holds, what a layer returns -
    "timesteps_note": "timesteps ({timesteps}) appears nowhere above: the same weights are "
                      "applied at every step.",
    "role_gates": "{count} gate blocks ({gates})",
    "role_single": "the single block",
    "role_kernel": "each of the {features} input features to {blocks} of {units} units",
    "role_recurrent": "the previous h ({units} values) to {blocks} of {units} units",
    "role_bias_reset": "row 0 for the input, row 1 for the recurrent projection "
                       "(reset_after=True)",
    "role_bias_gates": "one per gate and unit",
    "role_dense_kernel": "each of the {features} inputs to each of {units} units",
    "role_dense_bias": "one per unit",
    "role_conv_kernel": "a window of {window} steps of {channels} channels to each of {filters} "
                        "filters",
    "role_conv_bias": "one per filter",
    "role_gamma": "a scale per normalized value",
    "role_beta": "an offset per normalized value",
    "role_moving_mean": "the running mean, updated in training, not learned",
    "role_moving_variance": "the running variance, updated in training, not learned",
    "role_embeddings": "one vector of {dim} values per id 0..{last}",
    "output_every_step": "at every step",
    "output_last_step": "after the last step",
    "output_both": "forward and backward h {steps}, {merge}",
    "output_one": "h {steps}",
    "output_list": "[{names}]; output: {what}",
    "merge_concat": "concatenated", "merge_sum": "added", "merge_mul": "multiplied",
    "merge_ave": "averaged", "merge_None": "returned separately",
    # -- the page's own guards: the JavaScript parser's limits and the form's stack ---------
    "past_limit": "{what}: lstm_ref reads at most {limit} levels",
    "too_many_layers": "the calculator stacks at most {limit} layers, got {count}",
    "deep_brackets": "brackets nested too deeply",
    "deep_chain": "a chain of operators or names too long",
    "deep_expressions": "expressions nested too deeply",
    "deep_operators": "operators nested too deeply",
    "form_input": "expected input_shape=(timesteps, features), the input {order} without its "
                  "batch axis, got {shape}",
    "form_rank": "{who} expects a 3-D input {order}, got the {rank}-D shape {shape}{hint}",
    "form_axis": "{who}: the {axis} axis of {order} must be a positive integer or None, got "
                 "{value} in {shape}",
    "form_features": "{who}: the features axis of {order} must be known to size the kernel, "
                     "got {shape}",
    "form_who": "the stack's input",
    "form_hint": ": did you forget the batch axis?",
}
"""One-line message templates, filled with str.format (:func:`say`, catalog.message)."""

PYTHON_ONLY = (
    "as_text", "not_utf8", "unreadable", "size", "not_a_spec", "both_given", "input_tuple",
    "no_shape_for_calls", "source_layer", "shape_text",
)
"""Said by lstm_ref only: the page gives it no such input (text that is not a str, bytes that
are not UTF-8, a shape typed on the command line, a spec object that is no layer)."""

PAGE_ONLY = (
    "past_limit", "deep_brackets", "deep_chain", "deep_expressions", "deep_operators",
    "form_input", "form_rank", "form_axis", "form_features", "form_who", "form_hint",
    "too_many_layers", "the_pasted_text",
)
"""Said by the calculator only: the guards of its own recursive parser (lstm_ref's are
Python's own, see limits.py), and the checks of its form's (timesteps, features) fields."""

SYNTAX_ERRORS: dict[str, tuple[str, str]] = {
    "invalid_syntax": ("invalid syntax", "model.add(LSTM(4)) ?"),
    "comma": ("invalid syntax. Perhaps you forgot a comma?", "LSTM(4 return_sequences=True)"),
    "never_closed": ("'{bracket}' was never closed", "LSTM(4"),
    "unmatched": ("unmatched '{bracket}'", "LSTM(4))"),
    "mismatched": ("closing parenthesis '{close}' does not match opening parenthesis "
                   "'{open}'{where}", "x = (4,\n]"),
    "mismatched_line": (" on line {line}", ""),
    "unterminated": ("unterminated string literal (detected at line {line})", "LSTM('a)"),
    "unterminated_triple": ("unterminated triple-quoted string literal (detected at line "
                            "{line})", "LSTM('''a)"),
    "decimal": ("invalid decimal literal", "LSTM(4a)"),
    "leading_zeros": ("leading zeros in decimal integer literals are not permitted; use an 0o "
                      "prefix for octal integers", "LSTM(04)"),
    "character": ("invalid character '{char}' (U+{code})", "LSTM(4) \u2019"),
    "named": ("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", "x = (a, b = 2)"),
    "kwarg_expression": ('expression cannot contain assignment, perhaps you meant "=="?',
                         "f(a.b=1)"),
    "keyword_order": ("positional argument follows keyword argument", "LSTM(units=4, 3)"),
    "indented_block": ("expected an indented block after {after} on line {line}",
                       "if x:\ny = 1"),
    "indent": ("unexpected indent", "x = 1\n  y = 2"),
    "unindent": ("unindent does not match any outer indentation level",
                 "if x:\n    y = 1\n  z = 2"),
    "assign_here": ("cannot assign to {what} here. Maybe you meant '==' instead of '='?",
                    "f() = 3"),
    "assign": ("cannot assign to {what}", "x = f() = 3"),
    "annotation": ("illegal target for annotation", "f(): int = 3"),
    "after_function": ("function definition", ""),
    "after_class": ("class definition", ""),
    "after_statement": ("'{keyword}' statement", ""),
}
"""Python's own words for the syntax errors the calculator's parser finds (key: the template
and, when it is a whole message, code on which CPython says it; the test compiles each)."""


def say(key: str, **values: Any) -> str:
    """Fill the template `key` (``example`` is filled in for you)."""
    values.setdefault("example", EXAMPLE)
    return MESSAGES[key].format(**values)


def with_fix(message: str, fix: str) -> str:
    """`message`, then ": fix" when there is a fix."""
    return say("with_fix", message=message, fix=fix) if fix else message
