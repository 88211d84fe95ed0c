"""The demo generator: deterministic, valid NIPs, one supervisor tree, a consistent history."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bina.accounts.models import Role, User
from bina.core.nip import NipLayout, parse_nip
from bina.core.performance import Rating, performance_predicate
from bina.demo.catalogue import load_catalogue
from bina.demo.generator import DEMO_PASSWORD, DemoSummary, generate_demo, phase_rng
from bina.demo.staff import Planner, composition
from bina.demo.staffing import plan_people
from bina.demo.structure import plan_structure
from bina.demo.wipe import NotDemoDataError
from bina.org.models import CompetencyRequirement, Position, Unit
from bina.people.models import DevelopmentRecord, Employee, PerformanceRecord, Placement

N = 300
SEED = 7
AS_OF = dt.date(2026, 11, 28)
BEFORE_REORGANISATION = dt.date(2025, 6, 30)
REORGANISATION = dt.date(2026, 1, 1)


def demo(as_of: dt.date = AS_OF, seed: int = SEED) -> DemoSummary:
    return generate_demo(employees=N, seed=seed, as_of=as_of)


def snapshot() -> list[tuple[str, str, str, str, str | None]]:
    return sorted(
        (e.nip, e.full_name, e.unit.code, e.position.code,
         e.supervisor.nip if e.supervisor else None)
        for e in Employee.objects.select_related("unit", "position", "supervisor")
    )


def history_snapshot() -> tuple[list[tuple[str, str, str, dt.date]], Decimal]:
    placements = sorted(Placement.objects.values_list(
        "employee__nip", "unit__code", "position__code", "start_date"))
    total_jp = sum((d.jp for d in DevelopmentRecord.objects.all()), Decimal(0))
    return placements, total_jp


@pytest.mark.django_db
def test_the_same_seed_and_date_give_the_same_demo_and_a_refresh_replaces_it() -> None:
    first = demo()
    before, history = snapshot(), history_snapshot()
    second = demo()
    assert not first.refreshed and second.refreshed
    assert snapshot() == before
    assert history_snapshot() == history
    assert Employee.objects.count() == N
    demo(seed=SEED + 1)
    assert snapshot() != before


@pytest.mark.django_db
def test_every_nip_is_valid_unique_and_agrees_with_the_employee() -> None:
    demo()
    employees = list(Employee.objects.all())
    assert len({e.nip for e in employees}) == N
    for e in employees:
        layout = NipLayout.PPPK if e.employment_type == "PPPK" else NipLayout.PNS
        nip = parse_nip(e.nip, layout=layout)
        assert nip.birth_date == e.birth_date
        assert nip.sex.value == e.sex
        assert 22 <= e.age_on(AS_OF) < (60 if e.is_teacher or "jpt" in e.position.position_type
                                         else 58)


@pytest.mark.django_db
def test_supervisors_form_one_tree_rooted_at_the_sekda() -> None:
    demo()
    supervisor = dict(Employee.objects.values_list("pk", "supervisor_id"))
    roots = [pk for pk, sup in supervisor.items() if sup is None]
    assert len(roots) == 1
    assert Employee.objects.get(pk=roots[0]).position.code == "KA-SETDA"
    for pk in supervisor:
        seen = set()
        while pk is not None:
            assert pk not in seen, "cycle in the supervisor graph"
            seen.add(pk)
            pk = supervisor[pk]
    heads = Employee.objects.filter(position__code__startswith="KA-", unit__depth=0)
    assert {h.supervisor.position.code for h in heads.exclude(position__code="KA-SETDA")
            if h.supervisor} == {"KA-SETDA"}


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", [AS_OF, BEFORE_REORGANISATION])
def test_positions_units_and_placements_are_valid_on_their_dates(as_of: dt.date) -> None:
    demo(as_of)
    for e in Employee.objects.select_related("unit", "position"):
        assert e.unit.is_active_on(as_of)
        assert e.position.valid_from <= as_of and (
            e.position.valid_to is None or as_of < e.position.valid_to)
        assert e.position.unit_id in (None, e.unit_id)
        current = e.placements.get(end_date=None)
        assert (current.unit_id, current.position_id) == (e.unit_id, e.position_id)
    for p in Placement.objects.select_related("unit", "position"):
        last = (p.end_date - dt.timedelta(days=1)) if p.end_date else as_of
        assert p.unit.is_active_on(p.start_date) and p.unit.is_active_on(last)
        assert p.position.unit_id in (None, p.unit_id)


@pytest.mark.django_db
def test_people_of_merged_units_move_to_the_successor_on_1_january_2026() -> None:
    demo()
    bkd = Unit.objects.get(code="BKD")
    assert bkd.valid_to == REORGANISATION and bkd.successor is not None
    assert bkd.successor.code == "BKPSDM" and bkd.successor.valid_from == REORGANISATION
    assert "6/2025" in bkd.successor.legal_basis
    moved = Employee.objects.filter(placements__end_date=REORGANISATION).distinct()
    assert moved.exists()
    for e in moved:
        old = e.placements.get(end_date=REORGANISATION)
        new = e.placements.get(start_date=REORGANISATION)
        assert old.unit.valid_to == REORGANISATION
        assert new.unit.valid_from == REORGANISATION


@pytest.mark.django_db
def test_before_2026_the_old_structure_is_the_current_one() -> None:
    demo(BEFORE_REORGANISATION)
    assert not Employee.objects.filter(unit__valid_from=REORGANISATION).exists()
    assert Employee.objects.filter(unit__code__startswith="BKD").exists()
    assert not Placement.objects.filter(end_date=REORGANISATION).exists()


@pytest.mark.django_db
def test_grades_follow_the_scheme_of_the_employment_type() -> None:
    demo()
    pairs = Counter(Employee.objects.values_list("employment_type", "grade__scheme"))
    assert set(pairs) <= {("PNS", "PNS"), ("CPNS", "PNS"), ("PPPK", "PPPK")}
    pppk = Counter(Employee.objects.filter(grade__scheme="PPPK")
                   .values_list("grade__code", flat=True))
    assert pppk.most_common(1)[0][0] == "IX"


def test_the_full_size_plan_has_the_national_mix() -> None:
    """6,000 people planned without the database: shares from gorontalo.md A1."""
    catalogue = load_catalogue()
    structure = plan_structure(catalogue, phase_rng(SEED, "structure"))
    planner = Planner(catalogue, structure, AS_OF, phase_rng(SEED, "people"))
    people = plan_people(planner, composition(6000, AS_OF), 6000)
    types = Counter(p.employment_type for p in people)
    assert types["PPPK"] == 1700 and 4200 < types["PNS"] < 4350 and types["CPNS"] > 0
    pns = [p for p in people if p.grade_scheme == "PNS"]
    assert sum(1 for p in pns if 9 <= p.grade_rank <= 12) > len(pns) / 2  # golongan III
    assert 0.5 < sum(1 for p in people if p.sex == "P") / len(people) < 0.6
    education = Counter(p.education for p in pns)
    assert 0.5 < education["S1"] / len(pns) < 0.65
    assert all(p.role == "structural" for p in people
               if structure.by_code[p.position].is_structural)
    assert sum(1 for p in people if p.target_position) == 300


@pytest.mark.django_db
def test_some_pns_stay_under_20_jp_a_year_and_some_reach_it() -> None:
    demo()
    year = AS_OF.year - 1
    jp: dict[int, Decimal] = defaultdict(Decimal)
    for employee_id, value in DevelopmentRecord.objects.filter(
            end_date__year=year).values_list("employee_id", "jp"):
        jp[employee_id] += value
    pns = Employee.objects.filter(employment_type="PNS", status="aktif")
    under = sum(1 for e in pns if jp[e.pk] < 20)
    assert 0.25 < under / pns.count() < 0.6
    assert DevelopmentRecord.objects.filter(end_date__gt=AS_OF).count() == 0
    assert not DevelopmentRecord.objects.filter(employee__employment_type="PPPK",
                                                jp__gt=24).exists()


@pytest.mark.django_db
def test_performance_ratings_give_the_recorded_predicate() -> None:
    demo()
    records = list(PerformanceRecord.objects.all())
    assert {r.year for r in records} == {AS_OF.year - 3, AS_OF.year - 2, AS_OF.year - 1}
    for r in records:
        assert performance_predicate(Rating(r.result_rating),
                                     Rating(r.behaviour_rating)) == r.predicate
    shares = Counter(r.predicate for r in records)
    assert shares["baik"] > len(records) / 2


@pytest.mark.django_db
def test_every_position_has_a_competency_standard() -> None:
    demo()
    for position in Position.objects.prefetch_related("requirements__competency"):
        codes = {r.competency.code for r in position.requirements.all()}
        assert {"M.1", "M.8", "SK.1"} <= codes
        assert 2 <= sum(1 for c in codes if c.startswith("T.")) <= 4
    sekda = CompetencyRequirement.objects.filter(position__code="KA-SETDA",
                                                 competency__code__startswith="M.")
    assert {r.required_level for r in sekda} <= {4, 5}


@pytest.mark.django_db
def test_demo_accounts_exist_with_their_roles_and_the_shared_password() -> None:
    summary = demo()
    accounts = User.objects.select_related("employee", "unit").order_by("id")
    users = {u.username: u for u in accounts}
    assert users["admin"].role == Role.ADMIN and users["admin"].is_superuser
    assert users["perencana"].role == Role.PLANNER and not users["perencana"].is_staff
    assert users["operator.kesehatan"].unit is not None
    assert users["operator.kesehatan"].unit.code == "DINKES"
    assert users["pimpinan"].role == Role.LEADERSHIP
    linked = [u for u in users.values() if u.employee is not None]
    assert len(linked) == 2 and all(u.username == u.employee.nip for u in linked
                                    if u.employee is not None)
    assert any(u.employee.subordinates.exists() for u in linked if u.employee is not None)
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD) and not user.must_change_password
    assert [login.username for login in summary.logins] == list(users)


@pytest.mark.django_db
def test_the_command_reports_the_logins_and_refuses_a_bad_date() -> None:
    out = StringIO()
    call_command("demo", "--employees", str(N), "--seed", "7", "--as-of", "2026-11-28",
                 "--no-serve", stdout=out)
    assert "demo12345" in out.getvalue() and "operator.kesehatan" in out.getvalue()
    with pytest.raises(CommandError) as bad:
        call_command("demo", "--as-of", "2026-13-40", "--no-serve")
    assert bad.value.returncode == 2 and "TTTT-BB-HH" in str(bad.value)


def test_the_catalogue_has_27_opd_after_the_reorganisation_and_29_before() -> None:
    catalogue = load_catalogue()
    roots = [u for u in catalogue.units if u.depth == 0]
    assert sum(1 for u in roots if u.is_active_on(AS_OF)) == 27
    assert sum(1 for u in roots if u.is_active_on(dt.date(2025, 12, 31))) == 29
    new = [u for u in roots if u.is_active_on(AS_OF)]
    # the 22 OPD of gorontalo.md A2 (Sekretariat DPRD among them, unsourced) and 5 standard ones
    assert {u.code for u in new if not u.verified} == {
        "SETWAN", "DISHUB", "DKP", "DLHK", "DISPERINDAG", "SATPOLPP"}
    for unit in catalogue.units:
        if unit.valid_to is not None:
            assert unit.valid_to == REORGANISATION


@pytest.mark.django_db
def test_it_never_wipes_an_agency_that_holds_real_data(world: Any) -> None:
    with pytest.raises(NotDemoDataError):
        demo()
    assert Employee.objects.filter(agency=world.agency).count() == 5
