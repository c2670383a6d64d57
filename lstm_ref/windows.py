"""Sliding windows over one series: which steps each window reads and which it predicts.

Window i of a series of `length` steps reads `timesteps` steps from `start = i * stride` and
its target is the `horizon` steps right after them. The test suite checks these spans against
`keras.utils.timeseries_dataset_from_array` and NumPy's `sliding_window_view`.

>>> spans = window_spans(length=10, timesteps=4, horizon=1)
>>> len(spans), spans[0], spans[-1]
(6, Window(index=0, inputs=(0, 4), target=(4, 5)), Window(index=5, inputs=(5, 9), target=(9, 10)))
>>> len(window_spans(length=10, timesteps=4, horizon=3)), len(window_spans(10, 4, 1, stride=2))
(4, 3)
"""

from __future__ import annotations

from typing import NamedTuple

from .errors import SpecError


class Window(NamedTuple):
    """Window `index`: inputs are series[inputs[0]:inputs[1]], targets series[target[0]:target[1]]."""

    index: int
    inputs: tuple[int, int]
    target: tuple[int, int]


def window_count(length: int, timesteps: int, horizon: int = 1, stride: int = 1) -> int:
    """How many complete (window, target) pairs a series of `length` steps gives.

    >>> window_count(10, 4), window_count(10, 4, horizon=3), window_count(5, 4, horizon=2)
    (6, 4, 0)
    """
    for name, value in (("length", length), ("timesteps", timesteps), ("horizon", horizon),
                        ("stride", stride)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SpecError(f"{name} must be a positive integer, got {value!r}")
    return max(0, (length - timesteps - horizon) // stride + 1)


def window_spans(length: int, timesteps: int, horizon: int = 1, stride: int = 1) -> list[Window]:
    """Every window's input and target span as half-open [start, stop) step ranges."""
    count = window_count(length, timesteps, horizon, stride)
    spans = []
    for i in range(count):
        start = i * stride
        spans.append(Window(i, (start, start + timesteps),
                            (start + timesteps, start + timesteps + horizon)))
    return spans
