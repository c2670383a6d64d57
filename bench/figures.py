"""A figure against its target, and the table that prints them: what every bench section returns."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass


@dataclass
class Figure:
    """One measured figure. `target` None: printed for information, judged against nothing.

    >>> Figure("cold build", 41.23, "s", 60).row()
    '| cold build | 41.2 s | <= 60 s | ok |'
    >>> Figure("Lighthouse performance", 97, "", 100, higher_is_better=True, digits=0).row()
    '| Lighthouse performance | 97 | >= 100 | MISS |'
    """

    measure: str
    value: float
    unit: str = ""
    target: float | None = None
    higher_is_better: bool = False
    digits: int = 1

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def _number(self, value: float) -> str:
        text = f"{value:.{self.digits}f}"
        return f"{text} {self.unit}" if self.unit else text

    def row(self) -> str:
        if self.target is None:
            return f"| {self.measure} | {self._number(self.value)} | | |"
        sign = ">=" if self.higher_is_better else "<="
        verdict = "ok" if self.met else "MISS"
        target = f"{self.target:g} {self.unit}".rstrip()
        return f"| {self.measure} | {self._number(self.value)} | {sign} {target} | {verdict} |"


def table(figures: list[Figure]) -> str:
    lines = ["| measure | figure | target | |", "|---|---:|---|---|"]
    return "\n".join(lines + [figure.row() for figure in figures])


def machine() -> str:
    """The machine and how busy it is: the figures mean little without it."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), load average {load} (1, 5, 15 min)"
