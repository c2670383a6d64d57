import torch

for batch_first in (False, True):
    lstm = torch.nn.LSTM(
        input_size=3, hidden_size=8, batch_first=batch_first
    )
    # 4 sequences, 10 steps, 3 features per step, laid out as this module
    # expects them
    x = torch.zeros(4, 10, 3) if batch_first else torch.zeros(10, 4, 3)
    output, (h_n, c_n) = lstm(x)
    print(
        f"batch_first={batch_first!s:<5} x {tuple(x.shape)} -> output "
        f"{tuple(output.shape)}, "
        f"h_n {tuple(h_n.shape)}, c_n {tuple(c_n.shape)}"
    )
