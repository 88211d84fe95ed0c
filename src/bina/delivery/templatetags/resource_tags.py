"""Template filters of the resource and cost pages."""

from __future__ import annotations

from django import template

from bina.core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(value: int | str | None) -> str:
    """5500000 → "Rp 5.500.000"; None → "–"."""
    return "–" if value is None or value == "" else format_rupiah(int(value))
