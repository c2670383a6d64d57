import torch

gru = torch.nn.GRU(input_size=5, hidden_size=10)

for name, tensor in gru.state_dict().items():
    print(f"{name:<13} {tuple(tensor.shape)}")
print("parameters:", sum(p.numel() for p in gru.parameters()))
