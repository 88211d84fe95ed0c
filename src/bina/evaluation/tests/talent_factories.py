"""Small IP ASN / talent data for the tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from bina.people.models import DevelopmentRecord, PerformanceRecord
from bina.reference.models import DevelopmentPath


def development(employee: Any, path: str, jp: int, end: dt.date) -> DevelopmentRecord:
    return DevelopmentRecord.objects.create(
        employee=employee, title=f"{path} {end}", path=DevelopmentPath.objects.get(code=path),
        jp=Decimal(jp), start_date=end - dt.timedelta(days=2), end_date=end)


def predicate(employee: Any, year: int, value: str) -> PerformanceRecord:
    return PerformanceRecord.objects.create(employee=employee, year=year, predicate=value)


def staff_profile(world: Any) -> None:
    """staff (JF, S1): 24 JP teknis in 2026, a seminar in 2025, Baik in 2025:
    15 + (15 + 10) + 25 + 5 = 70 (Rendah)."""
    development(world.staff, "KL03", 24, dt.date(2026, 5, 10))
    development(world.staff, "KL06", 8, dt.date(2025, 3, 1))
    predicate(world.staff, 2025, "baik")
