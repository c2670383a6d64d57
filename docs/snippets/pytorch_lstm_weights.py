import torch

lstm = torch.nn.LSTM(input_size=5, hidden_size=10)

for name, tensor in lstm.state_dict().items():
    print(f"{name:<13} {tuple(tensor.shape)}")
print("parameters:", sum(p.numel() for p in lstm.parameters()))
