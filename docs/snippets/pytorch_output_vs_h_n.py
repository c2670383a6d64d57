import torch

torch.manual_seed(0)
x = torch.randn(2, 6, 3)  # batch_first: 2 sequences, 6 steps, 3 features
hidden = 4
for num_layers, bidirectional in [(1, False), (2, False), (1, True)]:
    lstm = torch.nn.LSTM(
        3,
        hidden,
        num_layers=num_layers,
        bidirectional=bidirectional,
        batch_first=True,
    )
    output, (h_n, c_n) = lstm(x)
    print(
        f"num_layers={num_layers}, bidirectional={bidirectional}:",
        f"output {tuple(output.shape)}, h_n {tuple(h_n.shape)}",
    )
    if not bidirectional:
        print(
            "  output[:, -1] equals h_n[-1]:",
            torch.allclose(output[:, -1], h_n[-1]),
        )
    if num_layers > 1:
        print(
            "  output[:, -1] equals h_n[0], the lower layer:",
            torch.allclose(output[:, -1], h_n[0]),
        )
    if bidirectional:
        print(
            "  output[:, -1, :hidden], forward at the last step, equals "
            "h_n[-2]:",
            torch.allclose(output[:, -1, :hidden], h_n[-2]),
        )
        print(
            "  output[:, -1, hidden:], backward at the last step, equals "
            "h_n[-1]:",
            torch.allclose(output[:, -1, hidden:], h_n[-1]),
        )
        print(
            "  output[:, 0, hidden:], backward at the first step, equals "
            "h_n[-1]:",
            torch.allclose(output[:, 0, hidden:], h_n[-1]),
        )
