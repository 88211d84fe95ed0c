"""The budget curve of a plan as SVG geometry, shared by the plan page and the PDF: the
plan's value (left axis) and the share of PNS reaching 20 JP (right axis) at 50%–150% of the
budget, with the plan's own budget marked."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any


def short_rupiah(amount: float) -> str:
    """5_500_000_000 → "5,5 M"; 750_000_000 → "750 jt"."""
    for size, unit in ((10**12, "T"), (10**9, "M"), (10**6, "jt"), (10**3, "rb")):
        if amount >= size:
            value = amount / size
            text = f"{value:.1f}" if value < 100 and value != int(value) else f"{value:.0f}"
            return text.replace(".", ",") + " " + unit
    return f"{amount:.0f}"


def _nice_step(raw: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at least ``raw``."""
    exponent = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * exponent + 1e-12:
            return float(step * exponent)
    return float(10 * exponent)


def budget_curve_chart(points: Sequence[Mapping[str, Any]], budget: int, *,
                       width: int = 640, height: int = 300) -> dict[str, Any] | None:
    """Coordinates of the two series, the ticks and the marker of the current budget; None
    when the plan has no (feasible) curve."""
    data = sorted((p for p in points if p.get("feasible") and p.get("value") is not None),
                  key=lambda p: p["budget"])
    if len(data) < 2:
        return None
    left, right, top, bottom = 66, 58, 22, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    x0, x1 = float(data[0]["budget"]), float(data[-1]["budget"])
    if x1 <= x0:
        return None
    values = [float(p["value"]) for p in data]
    low, high = min(0.0, min(values)), max(0.0, max(values))
    step = _nice_step((high - low) / 4 if high > low else 1.0)
    y_min = math.floor(low / step) * step
    y_max = max(math.ceil(high / step) * step, y_min + step)
    decimals = 0 if step >= 1 else 1 if step >= 0.1 else 2
    levels = [y_min + step * i for i in range(round((y_max - y_min) / step) + 1)]

    def sx(v: float) -> float:
        return round(left + (v - x0) / (x1 - x0) * plot_w, 1)

    def sy(v: float) -> float:
        return round(top + (y_max - v) / (y_max - y_min) * plot_h, 1)

    def sc(share: float) -> float:
        return round(top + (1 - share) * plot_h, 1)

    value_pts = [(sx(p["budget"]), sy(float(p["value"]))) for p in data]
    cover = [(sx(p["budget"]), sc(p["reaching"] / p["counted"]))
             for p in data if p.get("counted")]
    marks = []
    for p, (x, y) in zip(data, value_pts, strict=True):
        share = p["reaching"] / p["counted"] if p.get("counted") else None
        marks.append({"x": x, "y": y, "cy": None if share is None else sc(share),
                      "title": (f"{round(100 * p['fraction'])}% · Rp {short_rupiah(p['budget'])}"
                                f" · nilai {p['value']:.1f}"
                                + ("" if share is None else f" · 20 JP {round(100 * share)}%"))})
    ticks_x = [{"x": sx(p["budget"]), "label": f"{round(100 * p['fraction'])}%",
                "sub": short_rupiah(p["budget"])}
               for i, p in enumerate(data) if i % max(1, len(data) // 6) == 0 or i == len(data) - 1]
    ticks_y = [{"y": sy(v), "label": f"{v:.{decimals}f}".replace(".", ",")} for v in levels]
    ticks_c = [{"y": sc(i / 4), "label": f"{25 * i}%"} for i in range(5)]
    current = None
    if x0 <= budget <= x1:
        current = {"x": sx(budget), "label": "Rp " + short_rupiah(budget)}
    return {
        "width": width, "height": height, "left": left, "top": top,
        "right": left + plot_w, "bottom": top + plot_h,
        "value_path": " ".join(f"{x},{y}" for x, y in value_pts),
        "cover_path": " ".join(f"{x},{y}" for x, y in cover),
        "marks": marks, "ticks_x": ticks_x, "ticks_y": ticks_y, "ticks_c": ticks_c,
        "current": current,
    }
