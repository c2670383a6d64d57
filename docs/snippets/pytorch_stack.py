import torch

lstm = torch.nn.LSTM(
    input_size=5, hidden_size=10, num_layers=2, bidirectional=True
)

for name, tensor in lstm.state_dict().items():
    print(f"{name:<21} {tuple(tensor.shape)}")
print("parameters:", sum(p.numel() for p in lstm.parameters()))

# 13 steps, 2 sequences, 5 features
output, (h_n, c_n) = lstm(torch.zeros(13, 2, 5))
print(
    "output", tuple(output.shape),
    "h_n", tuple(h_n.shape),
    "c_n", tuple(c_n.shape),
)
