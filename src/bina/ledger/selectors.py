"""Progress on the 20 JP right during a year: per person, per unit and for the agency, the
fair-share view and the list of ASN with no development at all (issue 5).

**Who is counted for a year, and where.** Everyone of the agency with a placement
(``people.Placement``) overlapping the year, plus people without any placement on record who
have not left. A person is listed **once**, under the unit at the year's end: the unit of their
latest placement that overlaps the year. For the current year and someone still in post that
is the current placement, i.e. ``Employee.unit``; for someone who left during the year, the
unit of their last placement in the year; without placements, ``Employee.unit``.

**The figures.**

* ``planned_jp``: ``PlanEmployee.jp_planned`` in the agency's approved plan of the year (the
  latest approved version; 0 when there is none or the person is not in it).
* ``earned_jp``: the sum of the person's ledger rows (``people.DevelopmentRecord.jp``) whose
  ``end_date`` falls in the year.
* ``upcoming_jp``: the programme JP of the person's enrolments as a participant ("peserta")
  in activities still scheduled ("terjadwal") that end after today and within the year. This
  is the programme's JP, not what the recognition rule will credit (a seminar counts per day):
  it is a forecast, the ledger is the record.
* exemption: degree study (tugas belajar) and long leave (CLTN) by the employee's status;
  reaching the retirement age during the year (``bina.core.plan_people.retires_in``) or retired;
  left the agency (status "berhenti") — no longer the agency's to develop at the year's end.
  PPPK are ``not_applicable`` (``bina.core.jp_progress.status``).

Everything is read in a handful of queries whatever the number of people (the sums are
``GROUP BY`` queries; statuses are computed in Python over one row per person).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from bina.core import jp_progress
from bina.core import plan_people as people_rules
from bina.core.jp_progress import RIGHT_JP, GroupShare, Status
from bina.delivery.models import ActivityStatus, Enrollment, EnrollmentStatus
from bina.ledger.models import ExternalActivity, SubmissionStatus
from bina.org.models import Unit
from bina.people.models import DevelopmentRecord, Employee, EmployeeStatus, Placement
from bina.plan.models import Plan, PlanEmployee, PlanStatus

STATUSES: tuple[Status, ...] = ("met", "on_track", "at_risk", "exempt", "not_applicable")
COUNTED: frozenset[str] = frozenset({"met", "on_track", "at_risk"})
ZERO = Decimal(0)
FAIR_SHARE_MIN_COUNT = 10
TPP_RULE_ID = ("Pergub Gorontalo 1/2025 memotong TPP ASN yang tidak mengikuti pengembangan "
               "kompetensi (gorontalo.md, dari pemberitaan; teks Pergub belum dibaca: "
               "BELUM TERVERIFIKASI).")
TPP_RULE_EN = ("Pergub Gorontalo 1/2025 cuts the TPP allowance of ASN who do no competency "
               "development (gorontalo.md, from news reports; the Pergub text was not read: "
               "UNVERIFIED).")


@dataclass(frozen=True, slots=True)
class PersonProgress:
    """One person's year: the JP planned, earned and still scheduled, and the status."""

    employee_id: int
    nip: str
    name: str
    unit_id: int
    employment_type: str
    grade: str
    planned_jp: Decimal
    earned_jp: Decimal
    upcoming_jp: Decimal
    exemption: str  # "" | tugas_belajar | cltn | pensiun | berhenti | pppk
    status: Status

    @property
    def bar(self) -> int:
        """Earned JP as a share of 20 JP (0–100), for the progress bar."""
        return min(100, int(self.earned_jp * 100 / RIGHT_JP))

    @property
    def shortfall(self) -> Decimal:
        """JP still missing to the right (0 for people met, exempt or not applicable)."""
        if self.status not in ("on_track", "at_risk"):
            return ZERO
        return max(RIGHT_JP - self.earned_jp, ZERO)


@dataclass
class Summary:
    """Counts per status and the figures over the people the right applies to (PNS and CPNS
    not exempt: met + on track + at risk)."""

    people: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    planned: Decimal = ZERO
    earned: Decimal = ZERO
    counted_earned: Decimal = ZERO
    no_development: int = 0

    def add(self, p: PersonProgress) -> None:
        self.people += 1
        self.counts[p.status] += 1
        self.planned += p.planned_jp
        self.earned += p.earned_jp
        if p.status in COUNTED:
            self.counted_earned += p.earned_jp
        if p.earned_jp == 0 and p.status not in ("exempt",):
            self.no_development += 1

    @property
    def counted(self) -> int:
        return sum(self.counts[s] for s in COUNTED)

    @property
    def share_met(self) -> float | None:
        return self.counts["met"] / self.counted if self.counted else None

    @property
    def mean_earned(self) -> Decimal | None:
        if not self.counted:
            return None
        return (self.counted_earned / self.counted).quantize(Decimal("0.1"))

    def percent(self, status: str) -> float:
        """The status's share of the counted people (0–100), for the stacked bar."""
        return 100.0 * self.counts[status] / self.counted if self.counted else 0.0

    @property
    def percent_met(self) -> float:
        return self.percent("met")

    @property
    def percent_on_track(self) -> float:
        return self.percent("on_track")

    @property
    def percent_at_risk(self) -> float:
        return self.percent("at_risk")

    @property
    def met(self) -> int:
        return self.counts["met"]

    @property
    def on_track(self) -> int:
        return self.counts["on_track"]

    @property
    def at_risk(self) -> int:
        return self.counts["at_risk"]

    @property
    def exempt(self) -> int:
        return self.counts["exempt"]

    @property
    def not_applicable(self) -> int:
        return self.counts["not_applicable"]


@dataclass
class UnitSummary:
    unit_id: int
    code: str
    name: str
    summary: Summary


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def approved_plan(agency_id: int, year: int) -> Plan | None:
    """The agency's approved plan of the year: the latest approved version."""
    return (Plan.objects.filter(agency_id=agency_id, year=year, status=PlanStatus.APPROVED)
            .order_by("-approved_at", "-version", "-pk").first())


def _exemption(*, employment_type: str, status: str, birth: dt.date, position_type: str,
               level: str, year: int) -> str:
    if status in people_rules.EXEMPT_AWAY:
        return status
    if status == EmployeeStatus.RETIRED:
        return "pensiun"
    if status == EmployeeStatus.LEFT:
        return "berhenti"
    if employment_type == "PPPK":
        return "pppk"
    if people_rules.retires_in(birth, position_type, level, year):
        return "pensiun"
    return ""


def year_progress(*, agency_id: int, year: int, today: dt.date | None = None,
                  employees: Iterable[int] | None = None,
                  units: Iterable[int] | None = None) -> list[PersonProgress]:
    """Every person of the agency counted for ``year`` (module notes), optionally only the
    ``employees`` ids or the people whose year-end unit is in ``units``. Sorted by name.

    Five queries: the people (with their year-end unit), the approved plan, its JP per person,
    the JP earned and the JP upcoming per person."""
    today = today or timezone.localdate()
    first, last = year_bounds(year)
    overlapping = Placement.objects.filter(
        employee=OuterRef("pk"), start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first))
    qs = (Employee.objects.filter(agency_id=agency_id)
          .annotate(in_year=Exists(overlapping),
                    any_placement=Exists(Placement.objects.filter(employee=OuterRef("pk"))),
                    year_unit=Coalesce(Subquery(overlapping.order_by("-start_date", "-pk")
                                                .values("unit_id")[:1]), F("unit_id"),
                                        output_field=IntegerField()))
          .filter(Q(in_year=True) | (Q(any_placement=False)
                                     & ~Q(status__in=[EmployeeStatus.RETIRED,
                                                      EmployeeStatus.LEFT]))))
    if employees is not None:
        qs = qs.filter(pk__in=list(employees))
    if units is not None:
        qs = qs.filter(year_unit__in=list(units))
    rows = list(qs.values_list(
        "id", "nip", "front_title", "name", "back_title", "year_unit", "employment_type",
        "status", "birth_date", "position__position_type", "position__functional_level",
        "grade__code").order_by("name", "id"))
    ids = [r[0] for r in rows]
    planned = _planned(agency_id, year, ids)
    earned = _earned(agency_id, ids, first, last)
    upcoming = _upcoming(agency_id, ids, max(today, first - dt.timedelta(days=1)), last)
    out: list[PersonProgress] = []
    for (eid, nip, front, name, back, unit_id, etype, status, birth, ptype, level,
         grade) in rows:
        exemption = _exemption(employment_type=etype, status=status, birth=birth,
                               position_type=ptype, level=level or "", year=year)
        got = earned.get(eid, ZERO)
        coming = upcoming.get(eid, ZERO)
        full = f"{front} {name}".strip()
        full = f"{full}, {back}" if back else full
        out.append(PersonProgress(
            employee_id=eid, nip=nip, name=full, unit_id=unit_id, employment_type=etype,
            grade=grade, planned_jp=Decimal(planned.get(eid, 0)), earned_jp=got,
            upcoming_jp=coming, exemption=exemption,
            status=jp_progress.status(employment_type=etype,
                                      exempt=exemption not in ("", "pppk"),
                                      earned_jp=got, upcoming_jp=coming)))
    return out


def _planned(agency_id: int, year: int, ids: Sequence[int]) -> dict[int, int]:
    plan = approved_plan(agency_id, year)
    if plan is None or not ids:
        return {}
    return dict(PlanEmployee.objects.filter(plan=plan).values_list("employee_id", "jp_planned"))


def _earned(agency_id: int, ids: Sequence[int], first: dt.date,
            last: dt.date) -> dict[int, Decimal]:
    if not ids:
        return {}
    wanted = set(ids)
    rows = (DevelopmentRecord.objects.filter(employee__agency_id=agency_id, end_date__gte=first,
                                             end_date__lte=last)
            .values("employee_id").annotate(total=Sum("jp")).values_list("employee_id", "total"))
    if len(wanted) <= 500:
        rows = rows.filter(employee_id__in=wanted)
    return {eid: total or ZERO for eid, total in rows if eid in wanted}


def _upcoming(agency_id: int, ids: Sequence[int], after: dt.date,
              last: dt.date) -> dict[int, Decimal]:
    if not ids or after >= last:
        return {}
    wanted = set(ids)
    rows = (Enrollment.objects.filter(employee__agency_id=agency_id,
                                      status=EnrollmentStatus.ENROLLED,
                                      activity__status=ActivityStatus.SCHEDULED,
                                      activity__end_date__gt=after,
                                      activity__end_date__lte=last)
            .values("employee_id").annotate(total=Sum("activity__programme__jp"))
            .values_list("employee_id", "total"))
    if len(wanted) <= 500:
        rows = rows.filter(employee_id__in=wanted)
    return {eid: total or ZERO for eid, total in rows if eid in wanted}


# --------------------------------------------------------------------------------------------
# Aggregates


def summarise(people: Iterable[PersonProgress]) -> Summary:
    s = Summary()
    for p in people:
        s.add(p)
    return s


def unit_summaries(people: Sequence[PersonProgress], units: dict[int, Unit], *,
                   depth: int = 0) -> list[UnitSummary]:
    """Per unit at ``depth`` of the tree (0: the OPD), each person under the ancestor of their
    year-end unit at that depth (or their own unit when it is higher up). Sorted by code."""
    grouped: dict[int, Summary] = defaultdict(Summary)
    for p in people:
        grouped[ancestor_at(units, p.unit_id, depth)].add(p)
    out = [UnitSummary(uid, units[uid].code if uid in units else "?",
                       units[uid].name if uid in units else "?", s)
           for uid, s in grouped.items()]
    return sorted(out, key=lambda u: u.code)


def ancestor_at(units: dict[int, Unit], unit_id: int, depth: int) -> int:
    unit = units.get(unit_id)
    if unit is None:
        return unit_id
    parts = [int(x) for x in unit.path.strip("/").split("/") if x]
    if not parts:
        return unit_id
    return parts[min(depth, len(parts) - 1)]


def reached(p: PersonProgress) -> bool:
    """The fair-share yardstick: 20 JP earned (for PPPK a comparison, not a right)."""
    return p.earned_jp >= RIGHT_JP


def fair_share_views(people: Sequence[PersonProgress], units: dict[int, Unit], *,
                     min_count: int = FAIR_SHARE_MIN_COUNT) -> dict[str, tuple[GroupShare, ...]]:
    """Fair share (``bina.core.jp_progress.fair_share``) by OPD, by golongan and by employment
    type, over the people not exempt (PNS, CPNS and PPPK): the share reaching 20 JP per group
    against the overall share. Groups below ``min_count`` people are never flagged."""
    pool = [p for p in people if p.status != "exempt"]
    by_unit: dict[str, list[tuple[bool, Decimal]]] = defaultdict(list)
    by_grade: dict[str, list[tuple[bool, Decimal]]] = defaultdict(list)
    by_type: dict[str, list[tuple[bool, Decimal]]] = defaultdict(list)
    for p in pool:
        top = units.get(ancestor_at(units, p.unit_id, 0))
        by_unit[top.name if top else "?"].append((reached(p), p.earned_jp))
        by_grade[p.grade].append((reached(p), p.earned_jp))
        by_type[p.employment_type].append((reached(p), p.earned_jp))
    return {
        "unit": jp_progress.fair_share(dict(sorted(by_unit.items())), min_count=min_count),
        "grade": jp_progress.fair_share(dict(sorted(by_grade.items())), min_count=min_count),
        "type": jp_progress.fair_share(
            {k: by_type[k] for k in jp_progress.EMPLOYMENT_TYPES if k in by_type},
            min_count=min_count),
    }


def no_development(people: Iterable[PersonProgress]) -> list[PersonProgress]:
    """ASN with no development at all in the year (earned 0), not counting those exempt
    (degree study, long leave, retired or retiring, left): PNS, CPNS and PPPK alike. The list
    regional rules use for allowance decisions (module constant ``TPP_RULE_ID``)."""
    return [p for p in people if p.earned_jp == 0 and p.status != "exempt"]


STATUS_ORDER = {"at_risk": 0, "on_track": 1, "met": 2, "not_applicable": 3, "exempt": 4}


def at_risk_first(people: Iterable[PersonProgress]) -> list[PersonProgress]:
    """People at risk first (largest shortfall first), then on track, met, PPPK, exempt."""
    return sorted(people, key=lambda p: (STATUS_ORDER[p.status], p.earned_jp + p.upcoming_jp,
                                         p.name))


def unit_map(agency_id: int) -> dict[int, Unit]:
    return {u.pk: u for u in Unit.objects.filter(agency_id=agency_id)}


def years_available(agency_id: int, today: dt.date | None = None) -> list[int]:
    """The years to choose from: from the earliest ledger row or plan to next year."""
    today = today or timezone.localdate()
    first = (DevelopmentRecord.objects.filter(employee__agency_id=agency_id)
             .order_by("end_date").values_list("end_date", flat=True).first())
    start = min(first.year if first else today.year, today.year)
    start = max(start, today.year - 10)
    return list(range(today.year + 1, start - 1, -1))


# --------------------------------------------------------------------------------------------
# One person's ledger


@dataclass(frozen=True)
class LedgerRow:
    record: DevelopmentRecord
    how: str


def person_ledger(employee: Employee, year: int, lang: str = "id") -> list[LedgerRow]:
    """The person's ledger rows ending in ``year``, newest first, with how each JP was
    computed (the enrolment's programme JP and attendance, the approved outside activity's
    rule explanation, or "as recorded" for imported and manual rows)."""
    from bina.core.messages import Message

    first, last = year_bounds(year)
    records = list(DevelopmentRecord.objects.filter(
        employee=employee, end_date__gte=first, end_date__lte=last)
        .select_related("path", "provider", "enrollment__activity__programme",
                        "external_activity")
        .order_by("-end_date", "-pk"))
    out = []
    for r in records:
        how = ""
        enrollment = getattr(r, "enrollment", None)
        external = getattr(r, "external_activity", None)
        if enrollment is not None:
            activity = enrollment.activity
            share = enrollment.attendance_share
            if lang == "en":
                how = (f"{activity.code}: programme {activity.programme.jp} JP, "
                       f"{activity.days} day(s)")
                if share is not None:
                    how += f", attendance {share * 100:.0f}%"
            else:
                how = (f"{activity.code}: JP program {activity.programme.jp}, "
                       f"{activity.days} hari")
                if share is not None:
                    how += f", kehadiran {share * 100:.0f}%"
        elif external is not None and external.jp_explanation:
            message = Message(str(external.jp_explanation.get("code", "")),
                              dict(external.jp_explanation.get("params", {})))
            how = message.render("en" if lang == "en" else "id")
        out.append(LedgerRow(r, how))
    return out


def pending_submissions_for(employee_ids: Iterable[int]) -> list[ExternalActivity]:
    return list(ExternalActivity.objects.filter(
        employee_id__in=list(employee_ids), status=SubmissionStatus.SUBMITTED)
        .select_related("employee", "path").order_by("submitted_at"))


def status_counts(people: Iterable[PersonProgress]) -> Counter[str]:
    return Counter(p.status for p in people)
