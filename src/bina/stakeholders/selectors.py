"""Reads for the public's voice: which unit a public page is for, who may see which complaints,
the IKM per unit and period, and how fast units answer complaints."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from bina.accounts import selectors as access
from bina.accounts.models import Role, User
from bina.org.models import Unit
from bina.stakeholders.models import ELEMENT_CODES, Complaint, SurveyResponse

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


# --- the index -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodIndex:
    year: int
    quarter: int | None  # None: the whole year
    respondents: int
    nrr: dict[str, float]  # element code → mean score
    ikm: float  # 25–100
    grade: str  # A–D
    performance: str  # Sangat Baik … Tidak Baik

    @property
    def label(self) -> str:
        return f"{self.year}" if self.quarter is None else f"T{self.quarter} {self.year}"


def _index(nrr: dict[str, float]) -> tuple[float, str, str]:
    """IKM = mean NRR × 25 (exact weight 1/9, regulation.md §4.2) and its grade (mutu) by the
    conversion table of §4.2, compared at two decimals.

    Written here because ``bina.core.ikm`` (the shared pure module) had not landed yet; when it
    has, this should call its ``unit_index`` and grade so that both stay one rule."""
    value = sum(nrr.values()) / len(nrr) * 25
    rounded = round(value, 2)
    if rounded < 65:
        return value, "D", "Tidak Baik"
    if rounded <= 76.60:
        return value, "C", "Kurang Baik"
    if rounded <= 88.30:
        return value, "B", "Baik"
    return value, "A", "Sangat Baik"


def unit_index_by_period(unit: Unit, *, by: str = "quarter") -> list[PeriodIndex]:
    """IKM per period (``quarter`` or ``year``), oldest first; periods without answers are
    left out."""
    fields = ["year", "quarter"] if by == "quarter" else ["year"]
    aggregates = {code: Avg(code.lower()) for code in ELEMENT_CODES}
    rows = (
        SurveyResponse.objects.filter(unit=unit)
        .values(*fields)
        .annotate(n=Count("id"), **aggregates)
        .order_by(*fields)
    )
    out = []
    for row in rows:
        nrr = {code: float(row[code]) for code in ELEMENT_CODES}
        ikm, grade, performance = _index(nrr)
        out.append(PeriodIndex(
            year=row["year"], quarter=row.get("quarter"), respondents=row["n"], nrr=nrr,
            ikm=ikm, grade=grade, performance=performance,
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
