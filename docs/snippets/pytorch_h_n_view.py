import torch

torch.manual_seed(0)
num_layers, directions, hidden = 2, 2, 4
lstm = torch.nn.LSTM(
    3, hidden, num_layers=num_layers, bidirectional=True, batch_first=True
)
# 5 sequences, 6 steps, 3 features
output, (h_n, c_n) = lstm(torch.randn(5, 6, 3))
batch = output.shape[0]

layers = h_n.view(num_layers, directions, batch, hidden)
print("h_n", tuple(h_n.shape), "-> view", tuple(layers.shape))
print(
    "layers[l, d] is h_n[l * directions + d]:",
    all(
        torch.equal(layers[l, d], h_n[l * directions + d])
        for l in range(num_layers)
        for d in range(directions)
    ),
)
# the top layer, both directions
top = torch.cat([layers[-1, 0], layers[-1, 1]], dim=1)
print("top layer, forward and backward side by side:", tuple(top.shape))
print(
    "equals output[:, -1, :hidden] and output[:, 0, hidden:]:",
    torch.allclose(
        top,
        torch.cat([output[:, -1, :hidden], output[:, 0, hidden:]], dim=1),
    ),
)
