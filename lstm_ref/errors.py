"""The exceptions lstm_ref raises for bad input: each says what was expected and what it got."""


class LstmRefError(ValueError):
    """Base class: any input lstm_ref cannot accept. The message is one line."""


class SpecError(LstmRefError):
    """A layer spec or a stack of them that Keras would not build."""


class LayerSyntaxError(SpecError):
    """Text that is not a layer call lstm_ref understands, such as ``LSTM(32``."""


class InputShapeError(LstmRefError):
    """An input array or shape that is not (batch, timesteps, features) as the layer needs."""
