"""Reads for the public's voice: which unit a public page is for, who may see which complaints,
the IKM per unit and period, and how fast units answer complaints."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from bina.accounts import selectors as access
from bina.accounts.models import Role, User
from bina.core import ikm
from bina.core.ikm import UnitIkm
from bina.org.models import Unit
from bina.stakeholders.models import (
    ELEMENT_CODES,
    Complaint,
    ComplaintStatus,
    ServicePopulation,
    SurveyResponse,
)

HANDLING_ROLES = {Role.ADMIN, Role.PLANNER}


def public_units() -> QuerySet[Unit]:
    """Units that take the public survey today."""
    today = timezone.localdate()
    return Unit.objects.filter(is_public_service=True, valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=today)
    )


def public_unit(code: str) -> Unit | None:
    """The public service unit with this code, or None (unknown, not public, closed, or the code
    is used by more than one agency on this server)."""
    found = list(public_units().filter(code=code).select_related("agency")[:2])
    return found[0] if len(found) == 1 else None


def complaints_visible(user: User) -> QuerySet[Complaint]:
    """Operators: their unit and its sub-units; admin, planners and leadership: the agency."""
    if not user.is_authenticated or user.agency_id is None:
        return Complaint.objects.none()
    if user.role in access.AGENCY_WIDE:
        return Complaint.objects.filter(unit__agency_id=user.agency_id)
    if user.role == Role.OPERATOR:
        return Complaint.objects.filter(unit__in=access.visible_units(user))
    return Complaint.objects.none()


def can_handle(user: User, complaint: Complaint) -> bool:
    """Who answers and closes a complaint, and sees the contact left with it."""
    if user.role not in HANDLING_ROLES and user.role != Role.OPERATOR:
        return False
    return complaints_visible(user).filter(pk=complaint.pk).exists()


def can_print_poster(user: User, unit: Unit) -> bool:
    if user.role in HANDLING_ROLES:
        return unit.agency_id == user.agency_id
    if user.role == Role.OPERATOR:
        return access.visible_units(user).filter(pk=unit.pk).exists()
    return False


# --- the index ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodIndex:
    """The index of one unit over one period, computed by :mod:`bina.core.ikm` (regulation.md
    §4.2): ``ikm`` is the exact mean NRR × 25, ``ikm_rounded`` the value at the regulation's
    resolution (2 decimals, half up) from which the grade is read."""

    year: int
    quarter: int | None  # None: the whole year
    respondents: int
    nrr: dict[str, float]  # element code → mean score
    ikm: float  # 25–100, exact (unrounded)
    grade: str  # A–D
    performance: str  # Sangat Baik … Tidak Baik
    ikm_rounded: float = 0.0

    @property
    def label(self) -> str:
        return f"{self.year}" if self.quarter is None else f"T{self.quarter} {self.year}"


SUM_FIELDS = {f"s_{code.lower()}": Sum(code.lower()) for code in ELEMENT_CODES}


def sums_of(row: dict[str, Any]) -> list[int]:
    """The element sums (U1..U9) of a row annotated with :data:`SUM_FIELDS`."""
    return [int(row[f"s_{code.lower()}"]) for code in ELEMENT_CODES]


def index_of(label: str, row: dict[str, Any]) -> UnitIkm:
    """The core's :class:`~bina.core.ikm.UnitIkm` of a row annotated with ``n`` (respondents)
    and :data:`SUM_FIELDS`."""
    return ikm.index_from_sums(label, sums_of(row), int(row["n"]))


def unit_index_by_period(unit: Unit, *, by: str = "quarter") -> list[PeriodIndex]:
    """IKM per period (``quarter`` or ``year``), oldest first; periods without answers are
    left out. Sums per element in the database, the index and its grade by the core."""
    fields = ["year", "quarter"] if by == "quarter" else ["year"]
    rows = (
        SurveyResponse.objects.filter(unit=unit)
        .values(*fields)
        .annotate(n=Count("id"), **SUM_FIELDS)
        .order_by(*fields)
    )
    out = []
    for row in rows:
        result = index_of(unit.code, row)
        exact = ikm.index_value(sums_of(row), result.respondents)
        out.append(PeriodIndex(
            year=row["year"], quarter=row.get("quarter"), respondents=result.respondents,
            nrr=dict(result.nrr), ikm=float(exact), grade=result.mutu,
            performance=result.kinerja, ikm_rounded=result.ikm,
        ))
    return out


# --- the agency's table: every public service unit × a period ----------------------------------

@dataclass(frozen=True)
class Period:
    """A year, a semester (1–2) or a quarter (triwulan, 1–4) of a year."""

    year: int
    kind: str = "year"  # "year" | "semester" | "quarter"
    number: int = 0

    @property
    def quarters(self) -> tuple[int, ...]:
        if self.kind == "quarter":
            return (self.number,)
        if self.kind == "semester":
            return (1, 2) if self.number == 1 else (3, 4)
        return (1, 2, 3, 4)

    @property
    def key(self) -> str:
        return {"year": f"{self.year}", "semester": f"{self.year}-S{self.number}",
                "quarter": f"{self.year}-T{self.number}"}[self.kind]

    @property
    def label(self) -> str:
        if self.kind == "quarter":
            return f"Triwulan {self.number} {self.year}"
        if self.kind == "semester":
            return f"Semester {self.number} {self.year}"
        return f"Tahun {self.year}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarters[0] - 1) + 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        last = self.quarters[-1]
        if last == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * last + 1, 1) - dt.timedelta(days=1)


def parse_period(text: str, *, default_year: int) -> Period:
    """``2026``, ``2026-S1`` or ``2026-T3`` (case-insensitive); anything else: the default
    year."""
    value = (text or "").strip().upper()
    year_text, _sep, part = value.partition("-")
    if not (year_text.isdigit() and len(year_text) == 4):
        return Period(default_year)
    year = int(year_text)
    if part[:1] == "T" and part[1:] in {"1", "2", "3", "4"}:
        return Period(year, "quarter", int(part[1:]))
    if part[:1] == "S" and part[1:] in {"1", "2"}:
        return Period(year, "semester", int(part[1:]))
    return Period(year)


def period_choices(years: list[int]) -> list[Period]:
    """The periods offered for the given years, newest year first: the year, its semesters
    and its quarters."""
    out = []
    for year in sorted(set(years), reverse=True):
        out.append(Period(year))
        out.extend(Period(year, "semester", s) for s in (1, 2))
        out.extend(Period(year, "quarter", q) for q in (1, 2, 3, 4))
    return out


def survey_years(units: QuerySet[Unit]) -> list[int]:
    return sorted(SurveyResponse.objects.filter(unit__in=units)
                  .values_list("year", flat=True).distinct())


def service_units_visible(user: User) -> QuerySet[Unit]:
    """The public service units whose results ``user`` may read: agency-wide roles all of the
    agency's, operators those of their unit's subtree, nobody else any."""
    if user.role not in access.AGENCY_WIDE and user.role != Role.OPERATOR:
        return Unit.objects.none()
    return access.visible_units(user).filter(is_public_service=True)


def units_index(units: QuerySet[Unit], period: Period) -> dict[int, UnitIkm]:
    """unit id → the core's index over the period's responses (units without any left out)."""
    rows = (SurveyResponse.objects.filter(unit__in=units, year=period.year,
                                          quarter__in=period.quarters)
            .values("unit_id").annotate(n=Count("id"), **SUM_FIELDS).order_by())
    return {row["unit_id"]: index_of(str(row["unit_id"]), row) for row in rows}


def populations(units: QuerySet[Unit], year: int) -> dict[int, int]:
    """unit id → the number of service users recorded for the year."""
    return dict(ServicePopulation.objects.filter(unit__in=units, year=year)
                .values_list("unit_id", "population"))


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    index: UnitIkm | None
    population: int | None
    sample_min: int | None
    handling: Handling | None

    @property
    def sample_ok(self) -> bool | None:
        if self.sample_min is None:
            return None
        return (self.index.respondents if self.index else 0) >= self.sample_min


def agency_table(units: QuerySet[Unit], period: Period) -> list[UnitRow]:
    """One row per unit in force during the period (by name): its index over the period, the
    year's population with the Krejcie–Morgan minimum (year view only: the population is
    counted per year), and how it handled the period's complaints."""
    units = units.filter(valid_from__lte=period.end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=period.start))  # in force during the period
    indices = units_index(units, period)
    people = populations(units, period.year) if period.kind == "year" else {}
    handled = complaint_handling(units, period)
    out = []
    for unit in units.order_by("name"):
        population = people.get(unit.pk)
        out.append(UnitRow(
            unit=unit, index=indices.get(unit.pk), population=population,
            sample_min=ikm.krejcie_morgan(population) if population else None,
            handling=handled.get(unit.pk),
        ))
    return out


# --- complaint handling ----------------------------------------------------------------------

@dataclass(frozen=True)
class ResponseTime:
    unit_id: int
    received: int
    answered: int
    open: int
    median_hours: float | None  # to the first answer; None while nothing is answered


def response_times(units: QuerySet[Unit] | None = None, *, year: int | None = None
                   ) -> dict[int, ResponseTime]:
    """Per unit: complaints received, answered, still open, and the median hours from receipt to
    the first answer. Read against element U8 ("Penanganan Pengaduan, Saran dan Masukan",
    regulation.md §4.1) of the same unit and period."""
    complaints = Complaint.objects.all()
    if units is not None:
        complaints = complaints.filter(unit__in=units)
    if year is not None:
        complaints = complaints.filter(created_at__year=year)
    hours: dict[int, list[float]] = {}
    counts: dict[int, list[int]] = {}
    for unit_id, created, answered, status in complaints.values_list(
        "unit_id", "created_at", "answered_at", "status"
    ):
        c = counts.setdefault(unit_id, [0, 0, 0])
        c[0] += 1
        if answered is not None:
            c[1] += 1
            hours.setdefault(unit_id, []).append((answered - created).total_seconds() / 3600)
        elif status == "baru":
            c[2] += 1
    return {
        unit_id: ResponseTime(
            unit_id=unit_id, received=c[0], answered=c[1], open=c[2],
            median_hours=statistics.median(hours[unit_id]) if unit_id in hours else None,
        )
        for unit_id, c in counts.items()
    }


#: Complaints answered within this many working days count as answered on time. No regulation
#: read for this project sets the figure (UNVERIFIED): it is the agency's service standard, a
#: module constant so that it can be changed in one place.
ANSWER_WORKING_DAYS = 5


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days (Monday–Friday; public holidays are not known to the system) after
    ``start`` up to and including ``end``: a complaint received on a Monday and answered the
    next Monday took 5."""
    return int(np.busday_count(start + dt.timedelta(days=1), end + dt.timedelta(days=1)))


@dataclass(frozen=True)
class Handling:
    """How a unit handled the complaints received in a period."""

    unit_id: int
    received: int
    answered: int
    open: int
    median_days: float | None  # receipt → first answer, over the answered ones
    on_time: int  # answered within ANSWER_WORKING_DAYS working days
    due: int  # answered, or open for longer than that: those the share is taken over

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.due if self.due else None


def complaint_handling(units: QuerySet[Unit], period: Period, *,
                       today: dt.date | None = None) -> dict[int, Handling]:
    """Per unit, over the complaints received in ``period``: received, answered, still open,
    the median days from receipt to the first answer, and the share answered within
    :data:`ANSWER_WORKING_DAYS` working days (of the complaints answered or open longer than
    that; one received yesterday can still make it and is not counted yet)."""
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    days: dict[int, list[float]] = {}
    counts: dict[int, list[int]] = {}
    for unit_id, created, answered, status in (
        Complaint.objects.filter(unit__in=units, created_at__gte=start, created_at__lt=end)
        .values_list("unit_id", "created_at", "answered_at", "status")
    ):
        c = counts.setdefault(unit_id, [0, 0, 0, 0, 0])  # received answered open on_time due
        c[0] += 1
        received_on = timezone.localtime(created, tz).date()
        if answered is not None:
            c[1] += 1
            days.setdefault(unit_id, []).append((answered - created).total_seconds() / 86400)
            c[4] += 1
            if working_days(received_on, timezone.localtime(answered, tz).date()) \
                    <= ANSWER_WORKING_DAYS:
                c[3] += 1
        elif status == ComplaintStatus.OPEN:  # closed unanswered (a duplicate): not counted
            c[2] += 1
            if working_days(received_on, today) > ANSWER_WORKING_DAYS:
                c[4] += 1
    return {
        unit_id: Handling(
            unit_id=unit_id, received=c[0], answered=c[1], open=c[2],
            median_days=statistics.median(days[unit_id]) if unit_id in days else None,
            on_time=c[3], due=c[4],
        )
        for unit_id, c in counts.items()
    }
