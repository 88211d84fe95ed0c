"""The frame of the importance–performance chart, shared by the results page and the PDF:
axis bounds on half-levels within 1–5 and the scales from values to SVG coordinates."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass


def _bounds(values: Sequence[float]) -> tuple[float, float]:
    lo = max(1.0, math.floor((min(values) - 0.25) * 2) / 2)
    hi = min(5.0, math.ceil((max(values) + 0.25) * 2) / 2)
    return (lo, hi) if hi > lo else (max(1.0, lo - 0.5), min(5.0, hi + 0.5))


@dataclass(frozen=True)
class ChartFrame:
    width: int
    height: int
    left: int
    top: int
    plot_w: int
    plot_h: int
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def right(self) -> int:
        return self.left + self.plot_w

    @property
    def bottom(self) -> int:
        return self.top + self.plot_h

    def sx(self, v: float) -> float:
        return round(self.left + (v - self.x0) / (self.x1 - self.x0) * self.plot_w, 1)

    def sy(self, v: float) -> float:
        return round(self.top + (self.y1 - v) / (self.y1 - self.y0) * self.plot_h, 1)

    def ticks_x(self, fmt: Callable[[float], str]) -> list[tuple[float, str]]:
        return [(self.sx(t / 2), fmt(t / 2)) for t in range(int(self.x0 * 2), int(self.x1 * 2) + 1)]

    def ticks_y(self, fmt: Callable[[float], str]) -> list[tuple[float, str]]:
        return [(self.sy(t / 2), fmt(t / 2)) for t in range(int(self.y0 * 2), int(self.y1 * 2) + 1)]


def chart_frame(xs: Sequence[float], ys: Sequence[float], *, width: int, height: int,
                left: int, right: int, top: int, bottom: int) -> ChartFrame:
    """Mean ability on x, mean importance on y (the crosshair values included in xs, ys)."""
    x0, x1 = _bounds(xs)
    y0, y1 = _bounds(ys)
    return ChartFrame(width, height, left, top, width - left - right, height - top - bottom,
                      x0, x1, y0, y1)
