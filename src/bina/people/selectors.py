"""Reads about employees: search, filters, JP totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from bina.people.models import DevelopmentRecord, Employee, EmployeeStatus
from bina.reference.models import EmploymentType

JP_MINIMUM = 20  # PP 11/2017 Pasal 203(4): at least 20 JP a year for every PNS


@dataclass(frozen=True)
class EmployeeFilter:
    q: str = ""
    unit_id: int | None = None
    position_type: str = ""
    grade_id: int | None = None
    employment_type: str = ""


def employees_filter(qs: QuerySet[Employee], f: EmployeeFilter) -> QuerySet[Employee]:
    if f.q:
        term = f.q.strip()
        if term.isdigit():
            qs = qs.filter(nip__startswith=term)
        else:
            qs = qs.filter(Q(name__icontains=term) | Q(position__name__icontains=term))
    if f.unit_id is not None:
        from bina.org.models import Unit

        unit = Unit.objects.filter(pk=f.unit_id).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if f.position_type:
        qs = qs.filter(position__position_type=f.position_type)
    if f.grade_id is not None:
        qs = qs.filter(grade_id=f.grade_id)
    if f.employment_type:
        qs = qs.filter(employment_type=f.employment_type)
    return qs.select_related("unit", "position", "grade")


def jp_by_year(employee: Employee) -> list[tuple[int, Decimal]]:
    rows = (
        DevelopmentRecord.objects.filter(employee=employee)
        .values_list("end_date__year")
        .annotate(total=Sum("jp"))
        .order_by("-end_date__year")
    )
    return [(int(year), Decimal(total)) for year, total in rows]


@dataclass(frozen=True)
class JpCoverage:
    year: int
    counted: int  # active PNS/CPNS counted for the 20 JP right
    reached: int
    exempt: int

    @property
    def not_reached(self) -> int:
        return self.counted - self.reached

    @property
    def percent(self) -> int:
        return round(100 * self.reached / self.counted) if self.counted else 0

    @property
    def share(self) -> float:
        return self.reached / self.counted if self.counted else 0.0


def jp_coverage(qs: QuerySet[Employee], year: int) -> JpCoverage:
    """How many PNS reached 20 JP in ``year`` (by the end date of each activity). Employees on
    degree study or long leave are exempt and not counted."""
    pns = qs.filter(employment_type__in=[EmploymentType.PNS, EmploymentType.CPNS])
    exempt = pns.exclude(status=EmployeeStatus.ACTIVE).count()
    counted = pns.filter(status=EmployeeStatus.ACTIVE)
    reached = (
        counted.filter(development_records__end_date__year=year)
        .annotate(total=Sum("development_records__jp"))
        .filter(total__gte=JP_MINIMUM)
        .count()
    )
    return JpCoverage(year=year, counted=counted.count(), reached=reached, exempt=exempt)


def headcount_by_type(qs: QuerySet[Employee]) -> dict[str, int]:
    rows = qs.values("employment_type").annotate(n=Count("id"))
    return {r["employment_type"]: r["n"] for r in rows}


def headcount_by_top_unit(qs: QuerySet[Employee], limit: int = 10) -> list[tuple[str, int]]:
    """Headcount per OPD (the top of each unit's path)."""
    from bina.org.models import Unit

    counts: dict[int, int] = {}
    for path, n in qs.values_list("unit__path").annotate(n=Count("id")):
        top = int(path.strip("/").split("/")[0])
        counts[top] = counts.get(top, 0) + n
    names = dict(Unit.objects.filter(pk__in=counts).values_list("id", "name"))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))
    return [(names.get(k, "?"), n) for k, n in ranked[:limit]]


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
