import keras
import numpy as np
import torch

import lstm_ref as lr

torch.manual_seed(0)
lstm = torch.nn.LSTM(input_size=3, hidden_size=4, batch_first=True)
state = {name: tensor.numpy() for name, tensor in lstm.state_dict().items()}

# The same weights in a Keras layer: transposed, the two biases added.
keras_lstm = keras.layers.LSTM(
    4, return_sequences=True, name="lstm_from_torch"
)
keras_lstm.build((None, 6, 3))
keras_lstm.set_weights(
    lr.keras_weights_from_torch(lr.TorchLSTM(3, 4), state)
)

x = np.random.default_rng(0).uniform(-1, 1, size=(2, 6, 3)).astype("float32")
with torch.no_grad():
    expected, _ = lstm(torch.from_numpy(x))
difference = np.abs(np.asarray(keras_lstm(x)) - expected.numpy()).max()
print(
    "Keras output", tuple(keras_lstm(x).shape),
    "equals PyTorch's to within 1e-5:", bool(difference < 1e-5),
)
