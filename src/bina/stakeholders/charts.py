"""The IKM trend as numbers for an inline SVG (no JavaScript): x per period, y on 25–100 with
the grade bands of regulation.md §4.2 drawn behind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bina.stakeholders.selectors import PeriodIndex

WIDTH, HEIGHT = 360, 200  # drawn about this size on a phone: the text stays legible
LEFT, RIGHT, TOP, BOTTOM = 30, 8, 10, 30
Y_MIN, Y_MAX = 50.0, 100.0  # below 50 is drawn at the floor: D all the same
BANDS = (("D", 50.0, 65.0), ("C", 65.0, 76.61), ("B", 76.61, 88.31), ("A", 88.31, 100.0))


def _y(value: float) -> float:
    value = min(max(value, Y_MIN), Y_MAX)
    return TOP + (Y_MAX - value) / (Y_MAX - Y_MIN) * (HEIGHT - TOP - BOTTOM)


def _n(value: float) -> str:
    """A coordinate as SVG wants it: a dot, never the locale's decimal comma."""
    return f"{value:.1f}"


def ikm_chart(periods: Sequence[PeriodIndex]) -> dict[str, Any]:
    if not periods:
        return {"points": []}
    inner = WIDTH - LEFT - RIGHT
    step = inner / max(len(periods) - 1, 1)
    points = [
        {"x": _n(LEFT + (i * step if len(periods) > 1 else inner / 2)),
         "y": _n(_y(p.ikm)), "label": p.label, "ikm": p.ikm_rounded, "grade": p.grade}
        for i, p in enumerate(periods)
    ]
    every = max(1, -(-len(points) // 5))  # not more than about 5 labels on the axis
    for i, point in enumerate(points):
        point["show_label"] = (len(points) - 1 - i) % every == 0  # counted from the latest
        point["anchor"] = ("end" if i == len(points) - 1 and len(points) > 1
                           else "start" if i == 0 and len(points) > 1 else "middle")
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM, "label_y": HEIGHT - BOTTOM + 18,
        "inner": inner, "band_label_x": WIDTH - RIGHT - 10,
        "points": points,
        "line": " ".join(f"{p['x']},{p['y']}" for p in points),
        "bands": [
            {"grade": g, "y": _n(_y(hi)), "h": _n(_y(lo) - _y(hi)),
             "label_y": _n((_y(lo) + _y(hi)) / 2 + 4)}
            for g, lo, hi in BANDS
        ],
        "ticks": [{"value": v, "y": _n(_y(v))} for v in (50, 60, 70, 80, 90, 100)],
    }
