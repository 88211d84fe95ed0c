"""IP ASN and the talent nine-box (issue 6): selectors that build the core's inputs from the
database, and the services that record potential assessments.

IP ASN (:mod:`bina.core.ipasn`, regulation.md §7), per employee as of the end of ``year`` (or
today, if earlier):

* Kualifikasi: ``Employee.education``.
* Kompetensi: from ``people.DevelopmentRecord`` by development path — a leadership training
  (``KL01``) for structural officials, a functional training (``KL04``) for JF, at least 20 JP
  of technical training (``KL03`` teknis, ``KL10`` bimtek) ending in the last 365 days, and a
  seminar, workshop, course or internship (``KL06``, ``KL07``, ``KL08``, ``NKL12``) in the last
  two years. ASSUMPTION: whether a PIM/functional training "matches the position" is not
  recorded; any such training counts.
* Kinerja: the latest predikat of ``people.PerformanceRecord`` up to ``year`` (the annual one
  when the year has it).
* Disiplin: the heaviest ``DisciplineRecord`` decided in the last five years; none recorded
  means none imposed.

Nine-box (:mod:`bina.core.ninebox`, regulation.md §6): potential only from
:class:`PotentialAssessment` (the latest up to ``year``), performance from the latest predikat
through :func:`bina.core.ninebox.rating_from_predicate`. Without potential there is no box.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from bina.accounts.models import User
from bina.audit.services import audit_record
from bina.core import ipasn, ninebox
from bina.evaluation.models import DisciplineRecord, PotentialAssessment, PotentialSource
from bina.org.models import Agency, PositionType, Unit
from bina.people.models import (
    DevelopmentRecord,
    Employee,
    EmployeeStatus,
    PerformanceRecord,
    PeriodKind,
)

PIM_PATHS = frozenset({"KL01"})
FUNGSIONAL_PATHS = frozenset({"KL04"})
TECHNICAL_PATHS = frozenset({"KL03", "KL10"})
SEMINAR_PATHS = frozenset({"KL06", "KL07", "KL08", "NKL12"})
STRUCTURAL_TYPES = frozenset({PositionType.JPT_UTAMA, PositionType.JPT_MADYA,
                              PositionType.JPT_PRATAMA, PositionType.ADMINISTRATOR,
                              PositionType.PENGAWAS})
DISCIPLINE_ORDER = {"none": 0, "ringan": 1, "sedang": 2, "berat": 3}
POTENTIAL_ALIASES = {"sedang": "menengah", "medium": "menengah", "tinggi": "tinggi",
                     "rendah": "rendah", "menengah": "menengah", "high": "tinggi",
                     "low": "rendah"}


def current_rules() -> ipasn.IpAsnRules:
    """The IP ASN rules: the file named by the ``BINA_IPASN_RULES`` setting when an agency
    has corrected them, else the shipped ``bina/core/data/ipasn_rules.json``."""
    return ipasn.load_rules(getattr(settings, "BINA_IPASN_RULES", None) or None)


def position_kind(position_type: str) -> str:
    """struktural | fungsional | pelaksana, for the IP ASN rules."""
    if position_type in STRUCTURAL_TYPES:
        return "struktural"
    if position_type == PositionType.FUNGSIONAL:
        return "fungsional"
    return "pelaksana"


def as_of_for(year: int) -> dt.date:
    return min(dt.date(year, 12, 31), timezone.localdate())


def active_employees(agency_id: int) -> QuerySet[Employee]:
    return (Employee.objects.filter(agency_id=agency_id, status=EmployeeStatus.ACTIVE)
            .select_related("unit", "position", "education").order_by("unit__path", "name"))


def latest_predicates(employee_ids: Sequence[int], year: int) -> dict[int, str]:
    """employee id → the latest predikat up to ``year`` (the annual one of a year first)."""
    rows = (PerformanceRecord.objects.filter(employee_id__in=employee_ids, year__lte=year)
            .values_list("employee_id", "year", "period_kind", "period_number", "predicate"))
    best: dict[int, tuple[tuple[int, int, int], str]] = {}
    for employee_id, rec_year, kind, number, predicate in rows:
        key = (rec_year, 1 if kind == PeriodKind.ANNUAL else 0, number)
        if employee_id not in best or key > best[employee_id][0]:
            best[employee_id] = (key, predicate)
    return {pk: value for pk, (_, value) in best.items()}


@dataclass(frozen=True, slots=True)
class EmployeeIpAsn:
    employee_id: int
    nip: str
    name: str
    unit_id: int
    unit_code: str
    unit_name: str
    group: str  # code of the aggregation unit (the OPD)
    position: str
    score: ipasn.IpAsnScore


def _training_facts(employee_ids: Sequence[int], as_of: dt.date
                    ) -> tuple[set[int], set[int], dict[int, Decimal], set[int]]:
    pim: set[int] = set()
    fungsional: set[int] = set()
    technical: dict[int, Decimal] = defaultdict(Decimal)
    seminar: set[int] = set()
    year_ago = as_of - dt.timedelta(days=365)
    two_years_ago = as_of - dt.timedelta(days=730)
    paths = PIM_PATHS | FUNGSIONAL_PATHS | TECHNICAL_PATHS | SEMINAR_PATHS
    rows = (DevelopmentRecord.objects
            .filter(employee_id__in=employee_ids, path__code__in=paths, end_date__lte=as_of)
            .values_list("employee_id", "path__code", "jp", "end_date"))
    for employee_id, code, jp, end in rows:
        if code in PIM_PATHS:
            pim.add(employee_id)
        elif code in FUNGSIONAL_PATHS:
            fungsional.add(employee_id)
        elif code in TECHNICAL_PATHS and end > year_ago:
            technical[employee_id] += jp
        elif code in SEMINAR_PATHS and end > two_years_ago:
            seminar.add(employee_id)
    return pim, fungsional, technical, seminar


def _discipline(employee_ids: Sequence[int], as_of: dt.date) -> dict[int, str]:
    since = as_of.replace(year=as_of.year - 5) if not (as_of.month == 2 and as_of.day == 29) \
        else as_of - dt.timedelta(days=5 * 365)
    out: dict[int, str] = {}
    for employee_id, level in (DisciplineRecord.objects
                               .filter(employee_id__in=employee_ids, decided_on__gt=since,
                                       decided_on__lte=as_of)
                               .values_list("employee_id", "level")):
        if DISCIPLINE_ORDER.get(level, 0) > DISCIPLINE_ORDER.get(out.get(employee_id, "none"),
                                                                 0):
            out[employee_id] = level
    return out


def _group_units(agency_id: int) -> dict[int, Unit]:
    """unit id → its top-level unit (OPD), the level IP ASN is aggregated at."""
    units = list(Unit.objects.filter(agency_id=agency_id))
    by_pk = {u.pk: u for u in units}
    out: dict[int, Unit] = {}
    for unit in units:
        root_pk = int(unit.path.strip("/").split("/")[0]) if unit.path else unit.pk
        out[unit.pk] = by_pk.get(root_pk, unit)
    return out


def ipasn_scores(*, agency_id: int, year: int, unit: Unit | None = None,
                 employee_ids: Iterable[int] | None = None,
                 rules: ipasn.IpAsnRules | None = None) -> list[EmployeeIpAsn]:
    """The IP ASN of every active employee of the agency (or of ``unit`` and its sub-units,
    or of ``employee_ids``), as of the end of ``year``. Grouped by OPD, or all under ``unit``
    when given."""
    rules = rules or current_rules()
    as_of = as_of_for(year)
    people = active_employees(agency_id)
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    if employee_ids is not None:
        people = people.filter(pk__in=list(employee_ids))
    employees = list(people)
    ids = [e.pk for e in employees]
    pim, fungsional, technical, seminar = _training_facts(ids, as_of)
    predicates = latest_predicates(ids, year)
    discipline = _discipline(ids, as_of)
    groups = _group_units(agency_id)
    out = []
    for e in employees:
        group = unit if unit is not None else groups.get(e.unit_id, e.unit)
        item = ipasn.IpAsnInput(
            person=e.nip, unit=group.code, position_kind=position_kind(e.position.position_type),
            education=e.education.code, pim_matching=e.pk in pim,
            fungsional_matching=e.pk in fungsional,
            technical_jp_last_year=float(technical.get(e.pk, Decimal(0))),
            seminar_last_two_years=e.pk in seminar, predicate=predicates.get(e.pk),
            discipline=discipline.get(e.pk, "none"))
        out.append(EmployeeIpAsn(e.pk, e.nip, e.full_name, e.unit_id, e.unit.code, e.unit.name,
                                 group.code, e.position.name, ipasn.score(item, rules)))
    return out


@dataclass(frozen=True, slots=True)
class UnitRow:
    unit: ipasn.UnitIpAsn
    name: str
    pk: int


def ipasn_units(scores: Sequence[EmployeeIpAsn], agency_id: int,
                rules: ipasn.IpAsnRules | None = None) -> list[UnitRow]:
    """Per aggregation unit (OPD): the core's means and bands, with the unit's name."""
    rules = rules or current_rules()
    names = {u.code: (u.name, u.pk) for u in Unit.objects.filter(agency_id=agency_id)}
    return [UnitRow(u, names.get(u.unit, (u.unit, 0))[0], names.get(u.unit, (u.unit, 0))[1])
            for u in ipasn.by_unit([s.score for s in scores], rules)]


def scope_scores(scores: Sequence[EmployeeIpAsn], group: str) -> list[EmployeeIpAsn]:
    return [s for s in scores if s.group == group]


# --------------------------------------------------------------------------------------------
# Nine-box


def latest_potentials(employee_ids: Sequence[int], year: int) -> dict[int, PotentialAssessment]:
    out: dict[int, PotentialAssessment] = {}
    for row in (PotentialAssessment.objects.filter(employee_id__in=employee_ids, year__lte=year)
                .order_by("employee_id", "-year")):
        out.setdefault(row.employee_id, row)
    return out


@dataclass(frozen=True, slots=True)
class TalentPerson:
    employee_id: int
    nip: str
    name: str
    unit_code: str
    unit_name: str
    position: str
    position_type: str
    result: ninebox.NineBoxResult


@dataclass(frozen=True, slots=True)
class TalentView:
    year: int
    people: tuple[TalentPerson, ...]
    summary: ninebox.NineBoxSummary
    missing_potential: int
    missing_performance: int

    @property
    def total(self) -> int:
        return len(self.people)

    @property
    def placed(self) -> int:
        return self.total - self.summary.not_available

    def in_box(self, box: int) -> list[TalentPerson]:
        return [p for p in self.people if p.result.box == box]


def talent_view(*, agency_id: int, year: int, unit: Unit | None = None) -> TalentView:
    """Every active employee's nine-box placement (or why not) for ``year``."""
    people = active_employees(agency_id)
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    employees = list(people)
    ids = [e.pk for e in employees]
    potentials = latest_potentials(ids, year)
    predicates = latest_predicates(ids, year)
    out = []
    for e in employees:
        pot = potentials.get(e.pk)
        result = ninebox.place(e.nip, None if pot is None else pot.potential,
                               ninebox.rating_from_predicate(predicates.get(e.pk)))
        out.append(TalentPerson(e.pk, e.nip, e.full_name, e.unit.code, e.unit.name,
                                e.position.name, e.position.position_type, result))
    results = [p.result for p in out]
    return TalentView(year, tuple(out), ninebox.summarise(results),
                      sum(1 for r in results if r.potential is None),
                      sum(1 for r in results if r.potential is not None
                          and r.performance is None))


@dataclass(frozen=True, slots=True)
class TalentPoolEntry:
    employee_id: int
    box: int
    pools: tuple[str, ...]  # "pengembangan", "krs_instansi", "krs_nasional"
    actions: tuple[str, ...]


def talent_pools(agency: Agency, year: int) -> list[TalentPoolEntry]:
    """People whose box calls for competency development or puts them in a succession pool:
    what the talent view feeds into the next needs-analysis round (carry-over)."""
    view = talent_view(agency_id=agency.pk, year=year)
    out = []
    for person in view.people:
        info = person.result.info
        if info is None:
            continue
        pools = []
        if info.develops_competency:
            pools.append("pengembangan")
        if "instansi" in info.succession:
            pools.append("krs_instansi")
        if "nasional" in info.succession:
            pools.append("krs_nasional")
        if pools:
            out.append(TalentPoolEntry(person.employee_id, info.box, tuple(pools),
                                       info.actions("id")))
    return out


class TalentError(ValueError):
    pass


def normalise_potential(value: str) -> str:
    key = value.strip().lower()
    if key not in POTENTIAL_ALIASES:
        raise TalentError(value)
    return POTENTIAL_ALIASES[key]


def potential_from_score(score: Decimal) -> str:
    """ASSUMPTION (no regulation text read): a 0–100 potential score in thirds —
    < 60 rendah, 60–79.99 menengah, ≥ 80 tinggi; used only when the source gives a score
    without a category."""
    if score >= 80:
        return ninebox.Potential.HIGH.value
    if score >= 60:
        return ninebox.Potential.MEDIUM.value
    return ninebox.Potential.LOW.value


@dataclass(frozen=True, slots=True)
class PotentialEntry:
    employee: Employee
    year: int
    potential: str
    score: Decimal | None
    source: str
    note: str = ""


def potentials_record(*, entries: Sequence[PotentialEntry], user: User | None,
                      agency: Agency) -> int:
    """Create or replace the potential of each (employee, year); one audit event per row."""
    with transaction.atomic():
        for entry in entries:
            if entry.employee.agency_id != agency.pk:
                raise TalentError(entry.employee.nip)
            PotentialAssessment.objects.update_or_create(
                employee=entry.employee, year=entry.year,
                defaults={"potential": entry.potential, "score": entry.score,
                          "source": entry.source, "note": entry.note})
        audit_record(actor=user, agency=agency, action="potential.record",
                     object_type="evaluation.PotentialAssessment",
                     object_label=f"{len(entries)} penilaian potensi",
                     changes={"rows": [[e.employee.nip, e.year, e.potential] for e in entries]
                              [:200]})
    return len(entries)


SOURCES = {s.value for s in PotentialSource}
