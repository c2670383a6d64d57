import torch

lstm = torch.nn.LSTM(input_size=2, hidden_size=1)  # 1 unit, 2 input features
h = lstm.hidden_size
# Gate blocks are row blocks, in the order i, f, g, o: the candidate g is
# the third. weight_g is Keras 2.0-2.3's kernel_c, transposed.
weight_g = lstm.weight_ih_l0[2 * h : 3 * h]
bias_g = lstm.bias_ih_l0[2 * h : 3 * h] + lstm.bias_hh_l0[2 * h : 3 * h]
print(
    "weight_ih_l0:", tuple(lstm.weight_ih_l0.shape),
    " weight_g:", tuple(weight_g.shape),
    " bias_g:", tuple(bias_g.shape),
)
