import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.manual_seed(0)
lstm = torch.nn.LSTM(input_size=2, hidden_size=3, batch_first=True)
x = torch.randn(3, 5, 2)  # 3 sequences padded to 5 steps, 2 features
lengths = [5, 2, 4]  # their real lengths; the padding is at the end
for i, n in enumerate(lengths):
    x[i, n:] = 0

packed = pack_padded_sequence(
    x, torch.tensor(lengths), batch_first=True, enforce_sorted=False
)
packed_output, (h_n, c_n) = lstm(packed)
output, _ = pad_packed_sequence(packed_output, batch_first=True)
print(
    "output", tuple(output.shape),
    "lengths", lengths,
    "h_n", tuple(h_n.shape),
)
last_real = output[torch.arange(3), torch.tensor(lengths) - 1]
print(
    "h_n[-1] is the output at each sequence's last real step:",
    torch.allclose(h_n[-1], last_real),
)
print(
    "output after each length is zero:",
    all(bool((output[i, n:] == 0).all()) for i, n in enumerate(lengths)),
)
print(
    "h_n[-1] equals output[:, -1]:",
    [torch.allclose(h_n[-1, i], output[i, -1]) for i in range(3)],
)
_, (unpacked_h_n, _) = lstm(x)
print(
    "without packing, h_n[-1] is the same:",
    [torch.allclose(unpacked_h_n[-1, i], h_n[-1, i]) for i in range(3)],
)
