import torch

lstm = torch.nn.LSTM(input_size=3, hidden_size=4, batch_first=True)
x = torch.zeros(2, 5, 3)  # (batch, seq, feature): batch_first applies to x
h_0 = torch.zeros(1, 2, 4)  # (num_layers * directions, batch, hidden_size)
c_0 = torch.zeros(1, 2, 4)
output, (h_n, c_n) = lstm(x, (h_0, c_0))
print(
    "h_0", tuple(h_0.shape),
    "c_0", tuple(c_0.shape),
    "-> output", tuple(output.shape),
    "h_n", tuple(h_n.shape),
)

for h_shape in [(2, 1, 4), (2, 4), (1, 2, 8)]:
    try:
        lstm(x, (torch.zeros(h_shape), c_0))
    except RuntimeError as error:
        print(f"h_0 {h_shape}: RuntimeError: {error}")

gru = torch.nn.GRU(
    input_size=3, hidden_size=4, num_layers=2, batch_first=True
)
try:
    gru(x, torch.zeros(1, 2, 4))
except RuntimeError as error:
    print(f"nn.GRU, num_layers=2, h_0 (1, 2, 4): RuntimeError: {error}")

deep = torch.nn.LSTM(
    input_size=3, hidden_size=4, num_layers=2, batch_first=True
)
# meant as (batch, num_layers, hidden_size)
batch_first_h_0 = torch.zeros(2, 2, 4)
deep(x, (batch_first_h_0, batch_first_h_0))
print("num_layers=2, batch=2, h_0 laid out batch first: accepted, no error")
