"""``bina demo``: a realistic, deterministic demo of Pemerintah Provinsi Gorontalo.

One call of :func:`generate_demo` plans everything in memory from the data files and a seed,
then wipes the demo agency (``prov-gorontalo``) and writes it again in one transaction. The same
seed, headcount and as-of date give the same data: every random draw comes from
``random.Random`` instances seeded from ``seed`` (one per phase, so that a change in one phase
does not shift the others), never from the global generator or the clock.

What is generated, and which parts are sourced, assumed or UNVERIFIED, is documented in the
modules it calls: :mod:`~bina.demo.catalogue` (OPD, units, the 2025 reorganisation),
:mod:`~bina.demo.structure` (positions and standards; the required-level mapping of
regulation.md §3.2 is UNVERIFIED), :mod:`~bina.demo.staff` and :mod:`~bina.demo.staffing`
(people, grades, hierarchy), :mod:`~bina.demo.history` (placements) and
:mod:`~bina.demo.records` (development and performance history) and :mod:`~bina.demo.needs`
(next year's needs-analysis round, answered and closed).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from bina.accounts.models import Role, User
from bina.demo.catalogue import Catalogue, load_catalogue
from bina.demo.delivery import DeliveryDemoSummary, generate_delivery
from bina.demo.evaluation_actions import generate_actions
from bina.demo.evaluation_reaction import generate_reaction
from bina.demo.evaluation_talent import generate_talent
from bina.demo.history import plan_placements
from bina.demo.mentoring import generate_mentoring
from bina.demo.needs import NeedsDemoSummary, generate_needs_round
from bina.demo.partners import PARTNER_USERNAME, generate_partners
from bina.demo.plans import PlanDemoSummary, generate_plans, write_programmes
from bina.demo.records import plan_development, plan_performance
from bina.demo.staff import Person, Planner, composition
from bina.demo.staffing import plan_people
from bina.demo.stakeholders import generate_stakeholders
from bina.demo.structure import PositionSpec, Structure, plan_structure
from bina.demo.wipe import wipe_agency
from bina.demo.writer import (
    ensure_reference_data,
    write_competencies,
    write_employees,
    write_history,
    write_organisations,
    write_positions,
    write_units,
)
from bina.needs.models import NeedsRound
from bina.org.models import Agency, AgencyKind, Unit
from bina.people.models import Employee, EmployeeStatus
from bina.plan.models import Plan, PlanStatus

AGENCY_CODE = "prov-gorontalo"
AGENCY_NAME = "Pemerintah Provinsi Gorontalo"
DEMO_PASSWORD = "demo12345"  # noqa: S105 - the published password of the demo accounts
OPERATOR_UNIT = "DINKES"
MIN_EMPLOYEES = 100
MAX_EMPLOYEES = 100_000


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    note: str


@dataclass
class DemoSummary:
    seed: int
    as_of: dt.date
    refreshed: bool
    employees: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    teachers: int = 0
    units: int = 0
    units_current: int = 0
    opd_current: int = 0
    positions: dict[str, int] = field(default_factory=dict)
    placements: int = 0
    development_records: int = 0
    performance_records: int = 0
    logins: list[DemoLogin] = field(default_factory=list)
    needs: NeedsDemoSummary | None = None
    plans: PlanDemoSummary | None = None
    delivery: DeliveryDemoSummary | None = None
    #: (label, one line) per later stage of the cycle: mentoring, evaluation, stakeholders…
    stages: list[tuple[str, str]] = field(default_factory=list)
    skipped_logins: list[str] = field(default_factory=list)
    seconds: float = 0.0


def refresh_statistics() -> None:
    """On PostgreSQL, ANALYZE: the demo writes everything in one transaction, and without
    statistics on those rows the planner picks nested loops that take minutes on later
    queries (ANALYZE inside the transaction counts its own new rows). SQLite needs nothing."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def phase_rng(seed: int, phase: str) -> random.Random:
    return random.Random(f"{seed}:{phase}")


def generate_demo(*, employees: int = 6000, seed: int = 2026,
                  as_of: dt.date | None = None) -> DemoSummary:
    """Create or refresh the demo agency. ``as_of`` defaults to today."""
    if not MIN_EMPLOYEES <= employees <= MAX_EMPLOYEES:
        raise ValueError(f"employees must be {MIN_EMPLOYEES}–{MAX_EMPLOYEES}")
    day = as_of or timezone.localdate()
    started = time.perf_counter()
    catalogue = load_catalogue()
    structure = plan_structure(catalogue, phase_rng(seed, "structure"))
    planner = Planner(catalogue, structure, day, phase_rng(seed, "people"))
    people = plan_people(planner, composition(employees, day), employees)
    placements = plan_placements(catalogue, structure, people, day, phase_rng(seed, "history"))
    development = plan_development(catalogue, structure, people, day,
                                   phase_rng(seed, "development"))
    performance = plan_performance(people, day, phase_rng(seed, "performance"))

    with transaction.atomic():
        ensure_reference_data()
        agency, refreshed = _fresh_agency()
        competencies = write_competencies(agency, catalogue)
        organisations = write_organisations(agency, catalogue)
        units = write_units(agency, catalogue)
        positions = write_positions(agency, structure, units, competencies)
        rows = write_employees(agency, people, units, positions)
        write_history(rows, units, positions, organisations, placements, development,
                      performance)
        refresh_statistics()
        summary = DemoSummary(seed=seed, as_of=day, refreshed=refreshed)
        supervisor = _demo_supervisor(people, catalogue, structure)
        summary.logins, summary.skipped_logins = _accounts(
            agency, people, rows, units[OPERATOR_UNIT], supervisor)
        current = generate_needs_round(agency=agency, units=units,
                                       day=day - dt.timedelta(days=365),
                                       rng=phase_rng(seed, "needs-current"))
        summary.needs = generate_needs_round(agency=agency, units=units, day=day,
                                             rng=phase_rng(seed, "needs"))
        write_programmes(agency, organisations)
        summary.plans = generate_plans(
            agency=agency, current=NeedsRound.objects.get(agency=agency, code=current.code),
            following=NeedsRound.objects.get(agency=agency, code=summary.needs.code),
            planner=User.objects.filter(agency=agency, username="perencana").first())
        refresh_statistics()
        approved = (Plan.objects.filter(agency=agency, status=PlanStatus.APPROVED)
                    .order_by("-year", "-version").first())
        if approved is not None:
            summary.delivery = generate_delivery(
                agency=agency, plan=approved, day=day,
                planner=User.objects.filter(agency=agency, username="perencana").first(),
                rng=phase_rng(seed, "delivery"))
            mentoring = generate_mentoring(
                agency=agency, day=day,
                planner=User.objects.filter(agency=agency, username="perencana").first(),
                rng=phase_rng(seed, "mentoring"))
            summary.delivery.mentoring = (
                f"{mentoring.programme}: {mentoring.mentors} mentor, {mentoring.mentees} mentee, "
                f"{mentoring.pairs} pasangan, {mentoring.meetings} pertemuan")
        refresh_statistics()
        reaction = generate_reaction(agency=agency, day=day,
                                     rng=phase_rng(seed, "evaluation-reaction"))
        summary.stages.append(("Evaluasi L1–L2", reaction.describe()))
        talent = generate_talent(agency=agency, day=day, rng=phase_rng(seed, "talent"))
        summary.stages.append(("Evaluasi L3", talent.describe()))
        stakeholders = generate_stakeholders(agency=agency, day=day,
                                             rng=phase_rng(seed, "stakeholders"))
        summary.stages.append(("Suara publik", stakeholders.describe()))
        partners = generate_partners(
            agency=agency, day=day,
            planner=User.objects.filter(agency=agency, username="perencana").first(),
            rng=phase_rng(seed, "partners"))
        summary.stages.append(("Mitra", partners.describe()))
        summary.logins.append(DemoLogin(PARTNER_USERNAME, str(Role.PARTNER.label),
                                        "akun mitra: Universitas Negeri Gorontalo"))
        if approved is not None:
            refresh_statistics()
            actions = generate_actions(
                agency=agency, year=approved.year, day=day,
                planner=User.objects.filter(agency=agency, username="perencana").first())
            summary.stages.append(("Tindak lanjut", actions.describe()))
    _count(summary, people, units, day, structure.positions)
    summary.placements = len(placements)
    summary.development_records = len(development)
    summary.performance_records = len(performance)
    summary.seconds = time.perf_counter() - started
    return summary


def _fresh_agency() -> tuple[Agency, bool]:
    agency = Agency.objects.filter(code=AGENCY_CODE).first()
    if agency is None:
        return Agency.objects.create(code=AGENCY_CODE, name=AGENCY_NAME,
                                     kind=AgencyKind.PROVINCE), False
    refresh_statistics()
    wipe_agency(agency)
    agency.name, agency.kind = AGENCY_NAME, AgencyKind.PROVINCE
    agency.save(update_fields=["name", "kind"])
    return agency, True


def _demo_supervisor(people: list[Person], catalogue: Catalogue,
                     structure: Structure) -> Person | None:
    """A Kepala Bidang with subordinates, preferably in Dinas Kesehatan."""
    subordinates = Counter(p.supervisor for p in people if p.supervisor is not None)
    heads = [p for p in people if p.status == "aktif" and subordinates[p.idx] > 0
             and structure.by_code[p.position].position_type == "administrator"
             and catalogue.unit(p.unit).kind == "bidang"]
    if not heads:
        heads = [p for p in people if subordinates[p.idx] > 0 and p.supervisor is not None]
    heads.sort(key=lambda p: (catalogue.unit(p.unit).opd != OPERATOR_UNIT,
                              -subordinates[p.idx], p.idx))
    return heads[0] if heads else None


def _demo_staff(people: list[Person], supervisor: Person | None) -> Person | None:
    staff = [p for p in people if p.role in ("fungsional", "pelaksana")
             and p.employment_type == "PNS" and p.status == "aktif"]
    under = [p for p in staff if supervisor is not None and p.supervisor == supervisor.idx]
    chosen = under or staff
    return chosen[0] if chosen else None


def _accounts(agency: Agency, people: list[Person], rows: list[Employee], operator_unit: Unit,
              supervisor: Person | None) -> tuple[list[DemoLogin], list[str]]:
    """The demo accounts, all with :data:`DEMO_PASSWORD` hashed once. An existing account of
    the same name outside the demo agency is left alone and reported."""
    staff = _demo_staff(people, supervisor)
    specs: list[tuple[str, str, str, dict[str, Any]]] = [
        ("admin", Role.ADMIN, "semua menu, termasuk admin Django",
         {"is_staff": True, "is_superuser": True}),
        ("perencana", Role.PLANNER, "perencana pengembangan kompetensi", {}),
        ("operator.kesehatan", Role.OPERATOR, f"operator {operator_unit.name}",
         {"unit": operator_unit}),
        ("pimpinan", Role.LEADERSHIP, "pimpinan, hanya baca", {}),
    ]
    for person, note in ((supervisor, "atasan dengan bawahan"), (staff, "pegawai")):
        if person is not None:
            position = rows[person.idx].position.name
            specs.append((person.nip, Role.EMPLOYEE,
                          f"{note}: {rows[person.idx].full_name}, {position}",
                          {"employee": rows[person.idx], "first_name": person.name[:150]}))
    taken = set(User.objects.filter(username__in=[s[0] for s in specs])
                .values_list("username", flat=True))
    logins, skipped, created = [], [], []
    for username, role, note, extra in specs:
        if username in taken:
            skipped.append(username)
            continue
        user = User.objects.create_user(username=username, password=None, role=role,
                                        agency=agency, must_change_password=False, **extra)
        created.append(user.pk)
        logins.append(DemoLogin(username, str(Role(role).label), note))
    User.objects.filter(pk__in=created).update(password=make_password(DEMO_PASSWORD))
    return logins, skipped


def _count(summary: DemoSummary, people: list[Person], units: dict[str, Unit], day: dt.date,
           positions: tuple[PositionSpec, ...]) -> None:
    summary.employees = len(people)
    by_type: Counter[str] = Counter()
    for p in people:
        label = p.employment_type
        if p.employment_type == "PPPK":
            label = "PPPK paruh waktu" if p.is_part_time else "PPPK penuh waktu"
        by_type[label] += 1
    summary.by_type = dict(by_type)
    summary.by_status = dict(Counter(str(EmployeeStatus(p.status).label) for p in people))
    summary.teachers = sum(1 for p in people if p.is_teacher)
    summary.units = len(units)
    summary.units_current = sum(1 for u in units.values() if u.is_active_on(day))
    summary.opd_current = sum(1 for u in units.values() if u.depth == 0 and u.is_active_on(day))
    kinds = Counter("struktural" if p.is_structural else p.position_type for p in positions)
    summary.positions = dict(kinds)
