"""The exceptions lstm_ref raises for bad input: each says what was expected and what it got."""


class LstmRefError(ValueError):
    """Base class: any input lstm_ref cannot accept. The message is one line."""


class SpecError(LstmRefError):
    """A layer spec or a stack of them that Keras would not build."""


class LayerSyntaxError(SpecError):
    """Text that is not a layer call lstm_ref understands, such as ``LSTM(32``."""


class InputShapeError(LstmRefError):
    """An input array or shape that is not (batch, timesteps, features) as the layer needs."""


class ShapeMismatch(InputShapeError):
    """A layer receives a tensor of a shape it cannot take: `expected` says what it takes,
    `hint` how to fix it, when the layer alone can tell."""

    def __init__(self, layer: object, shape: object, expected: str, hint: str = "") -> None:
        self.layer, self.shape, self.expected, self.hint = layer, shape, expected, hint
        from .messages import say, with_fix

        super().__init__(with_fix(say("mismatch", layer=layer, expected=expected, shape=shape),
                                  hint))


class ModelError(SpecError):
    """A pasted model or a stack Keras would refuse: `layer` is the 1-based index of the layer
    Keras fails at (the Input not counted) and `line` the source line, when known."""

    def __init__(self, message: str, layer: "int | None" = None, line: "int | None" = None) -> None:
        super().__init__(message)
        self.layer, self.line = layer, line
