"""Building a plan from the database: who is planned for, mandatory programmes first, the
exemptions, locks and removals through rebuilds, approval, ``bina plan build`` — and an
independent check of the exported plan against the dumped problem."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bina.needs.models import NeedsRound
from bina.needs.services import round_close
from bina.needs.tests.test_reports import answered_round
from bina.people.models import EmployeeStatus, Placement
from bina.plan.building import PlanError, plan_inputs
from bina.plan.models import (
    Exemption,
    MandatoryFor,
    Plan,
    PlanAssignment,
    PlanEmployee,
    PlanExclusion,
    PlanStatus,
    Programme,
    ProgrammeGain,
)
from bina.plan.selectors import plan_compare, plan_document, unit_rows
from bina.plan.services import (
    assignment_lock,
    assignment_remove,
    plan_approve,
    plan_build,
    plan_rebuild,
)
from bina.reference.models import Competency, DevelopmentPath
from bina.testing import World

AGENCY = ("--agency", "prov-gorontalo")


def programme(world: World, code: str, *, jp: int, cost: int, seats: int,
              gains: dict[str, int], **extra: Any) -> Programme:
    p = Programme.objects.create(
        agency=world.agency, code=code, name=extra.pop("name", f"Program {code}"),
        path=DevelopmentPath.objects.get(code=extra.pop("path", "KL03")), jp=Decimal(jp),
        cost_per_participant=cost, seats_per_class=seats, **extra)
    for c, levels in gains.items():
        ProgrammeGain.objects.create(programme=p, competency=Competency.objects.get(code=c),
                                     levels=levels)
    return p


@pytest.fixture
def closed(world: World) -> NeedsRound:
    """A closed round (staff: gap 2 in M.5; kabid: gap 1 in M.5) and a small catalogue."""
    needs_round = answered_round(world)
    round_close(needs_round=needs_round, actor=world.planner)
    # the kabid was appointed administrator this year: PKA is due within 24 months
    Placement.objects.filter(employee=world.kabid).update(start_date=dt.date(2026, 3, 2))
    programme(world, "YAN", jp=16, cost=1_000_000, seats=10, gains={"M.5": 2})
    programme(world, "EL", jp=6, cost=100_000, seats=100, gains={"M.5": 1}, path="NKL03")
    programme(world, "PKA", jp=300, cost=30_000_000, seats=30, gains={"M.8": 1},
              path="KL01", is_mandatory=True, mandatory_for=MandatoryFor.ADMINISTRATOR,
              suitable_position_types=["administrator"], mandatory_within_months=24)
    return needs_round


def test_it_refuses_a_round_that_is_not_closed(world: World) -> None:
    needs_round = answered_round(world)
    with pytest.raises(PlanError) as caught:
        plan_build(needs_round=needs_round, budget=50_000_000, user=world.planner)
    assert "belum ditutup" in caught.value.message_id
    assert not Plan.objects.exists()


def test_it_refuses_a_budget_of_zero(closed: NeedsRound, world: World) -> None:
    with pytest.raises(PlanError) as caught:
        plan_build(needs_round=closed, budget=0, user=world.planner)
    assert "lebih dari Rp 0" in caught.value.message_id


def test_mandatory_programmes_that_do_not_fit_the_budget_are_reported_first(
        closed: NeedsRound, world: World) -> None:
    with pytest.raises(PlanError) as caught:
        plan_build(needs_round=closed, budget=20_000_000, user=world.planner)
    message = caught.value.message_id
    assert "Program wajib (PKA 1 orang)" in message
    assert "Rp 30.000.000" in message and "Rp 20.000.000" in message
    assert "Mandatory programmes" in caught.value.message_en
    assert not Plan.objects.exists()


def test_it_plans_the_largest_gap_and_locks_the_mandatory_programme_in(
        closed: NeedsRound, world: World) -> None:
    plan = plan_build(needs_round=closed, budget=40_000_000, user=world.planner,
                      time_limit=2.0)
    staff = PlanEmployee.objects.get(plan=plan, employee=world.staff)
    kabid = PlanEmployee.objects.get(plan=plan, employee=world.kabid)
    staff_codes = set(staff.assignments.values_list("programme__code", flat=True))
    assert "YAN" in staff_codes  # the +2 programme closes the gap of 2
    reasons = [r for a in staff.assignments.order_by("programme__code") for r in a.reasons]
    assert {r["competency"] for r in reasons} == {"M.5"}
    assert reasons[0]["gap"] == 2  # the first programme meets the whole gap
    assert sum(r["gain"] for r in reasons) == 2  # and nothing is credited twice
    pka = kabid.assignments.get(programme__code="PKA")
    assert pka.is_mandatory and pka.deadline is not None and pka.deadline == dt.date(2028, 3, 2)
    assert plan.cost <= plan.budget and plan.mandatory_cost == 30_000_000
    assert plan.bound >= plan.value - 1e-6
    assert plan.status == PlanStatus.DRAFT and plan.version == 1


def test_pppk_and_people_on_degree_study_are_exempt_and_shown(closed: NeedsRound,
                                                              world: World) -> None:
    world.auditor.status = EmployeeStatus.DEGREE_STUDY
    world.auditor.save()
    plan = plan_build(needs_round=closed, budget=40_000_000, user=world.planner,
                      time_limit=1.0, curve=False)
    lab = PlanEmployee.objects.get(plan=plan, employee=world.lab)
    assert lab.exemption == Exemption.PPPK and lab.min_jp == 0 and lab.max_jp == 24
    away = PlanEmployee.objects.get(plan=plan, employee=world.auditor)
    assert away.exemption == Exemption.DEGREE_STUDY and away.min_jp == 0
    assert not away.assignments.exists()
    staff = PlanEmployee.objects.get(plan=plan, employee=world.staff)
    assert staff.exemption == "" and staff.min_jp == 20
    doc = plan_document(plan)
    assert doc["exempt"] == {"pppk": 1, "tugas_belajar": 1}


def test_people_below_20_jp_carry_the_reason(closed: NeedsRound, world: World) -> None:
    plan = plan_build(needs_round=closed, budget=40_000_000, user=world.planner,
                      time_limit=1.0, curve=False)
    kadis = PlanEmployee.objects.get(plan=plan, employee=world.kadis)
    assert kadis.jp_planned == 0 and kadis.shortfall == "no_programme"  # no gap, no programme
    assert plan.counted == PlanEmployee.objects.filter(plan=plan, min_jp__gt=0).count()


def test_a_lock_survives_a_rebuild_and_a_removal_stays_out(closed: NeedsRound,
                                                          world: World) -> None:
    plan = plan_build(needs_round=closed, budget=40_000_000, user=world.planner,
                      time_limit=1.0, curve=False)
    staff = PlanEmployee.objects.get(plan=plan, employee=world.staff)
    yan = staff.assignments.get(programme__code="YAN")
    assignment_lock(assignment=yan, user=world.planner)
    kabid_el = PlanAssignment.objects.filter(plan=plan, person__employee=world.kabid,
                                             programme__code="EL").first()
    if kabid_el is None:  # make sure there is something to remove
        kabid_el = PlanAssignment.objects.filter(plan=plan, is_mandatory=False).exclude(
            pk=yan.pk).first()
    assert kabid_el is not None
    removed = (kabid_el.person.employee_id, kabid_el.programme.code)
    before_cost = Plan.objects.get(pk=plan.pk).cost
    plan = assignment_remove(assignment=kabid_el, user=world.planner)
    assert plan.cost == before_cost - kabid_el.cost
    assert PlanExclusion.objects.filter(plan=plan).count() == 1
    second = plan_rebuild(plan=plan, user=world.planner, budget=60_000_000, time_limit=1.0)
    assert second.version == 2 and second.parent_id == plan.pk and second.budget == 60_000_000
    pairs = set(PlanAssignment.objects.filter(plan=second).values_list(
        "person__employee_id", "programme__code"))
    assert (world.staff.pk, "YAN") in pairs
    assert PlanAssignment.objects.get(plan=second, person__employee=world.staff,
                                      programme__code="YAN").is_locked
    assert removed not in pairs
    comparison = plan_compare(plan, second)
    assert comparison["headline"][0] == {"key": "budget", "a": 40_000_000, "b": 60_000_000}


def test_an_approved_plan_is_frozen(closed: NeedsRound, world: World) -> None:
    plan = plan_build(needs_round=closed, budget=40_000_000, user=world.planner,
                      time_limit=1.0, curve=False)
    plan_approve(plan=plan, user=world.planner)
    plan.refresh_from_db()
    assert plan.is_approved and plan.approved_by == world.planner
    assert plan.approved_at is not None
    some = PlanAssignment.objects.filter(plan=plan, is_mandatory=False).first()
    assert some is not None
    with pytest.raises(PlanError, match="sudah disetujui"):
        assignment_lock(assignment=some, user=world.planner)
    with pytest.raises(PlanError, match="sudah disetujui"):
        plan_approve(plan=plan, user=world.planner)


def test_a_unit_budget_line_is_respected(closed: NeedsRound, world: World) -> None:
    plan = plan_build(needs_round=closed, budget=40_000_000, user=world.planner,
                      budget_lines={world.inspektorat.pk: 50_000}, time_limit=1.0,
                      curve=False)
    rows = {r["code"]: r for r in unit_rows(plan)}
    assert rows["INSP"]["budget_line"] == 50_000
    assert rows["INSP"]["cost"] <= 50_000


def test_the_budget_curve_spans_half_to_one_and_a_half_times_the_budget(
        closed: NeedsRound, world: World) -> None:
    plan = plan_build(needs_round=closed, budget=40_000_000, user=world.planner,
                      time_limit=2.0)
    fractions = [p["fraction"] for p in plan.curve]
    assert fractions[0] == pytest.approx(0.5) and fractions[-1] == pytest.approx(1.5)
    middle = next(p for p in plan.curve if p["fraction"] == pytest.approx(1.0))
    assert middle["budget"] == 40_000_000
    for point in plan.curve:
        if point["feasible"]:
            assert point["cost"] <= point["budget"]
            assert point["bound"] >= point["value"] - 1e-6
    # at 50% the mandatory PKA (Rp 30 juta) no longer fits: the point says so
    assert plan.curve[0]["feasible"] is False


def test_plan_inputs_never_put_a_nip_in_the_problem(closed: NeedsRound, world: World) -> None:
    inputs = plan_inputs(needs_round=closed, budget=40_000_000)
    ids = {e.id for e in inputs.problem.employees}
    assert f"E{world.staff.pk}" in ids
    assert not any(world.staff.nip in i for i in ids)


# --------------------------------------------------------------------------------------------
# The command line, and the independent check of what it exports


def test_plan_build_reads_a_budget_the_way_planners_write_it(closed: NeedsRound,
                                                             capsys: Any) -> None:
    call_command("plan", "build", *AGENCY, "--round", "akpk-2027", "--budget", "0,04 M",
                 "--time-limit", "1", "--no-curve")
    doc = json.loads(capsys.readouterr().out)
    assert doc["plan"]["budget"] == 40_000_000
    assert doc["plan"]["round"] == "akpk-2027" and doc["plan"]["status"] == "draf"


@pytest.mark.parametrize(("budget", "expected"), [
    ("5,5", "5,5"),  # ambiguous without a unit
    ("lima juta", "lima juta"),
])
def test_plan_build_refuses_an_unreadable_budget_with_exit_2(closed: NeedsRound, budget: str,
                                                             expected: str) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("plan", "build", *AGENCY, "--round", "akpk-2027", "--budget", budget)
    assert caught.value.returncode == 2
    assert expected in str(caught.value)
    assert not Plan.objects.exists()


def test_plan_build_refuses_an_open_round_with_exit_2(world: World) -> None:
    answered_round(world)
    with pytest.raises(CommandError) as caught:
        call_command("plan", "build", *AGENCY, "--round", "akpk-2027", "--budget", "50 juta")
    assert caught.value.returncode == 2
    assert "belum ditutup" in str(caught.value)


def test_the_exported_plan_passes_an_independent_check(closed: NeedsRound, tmp_path: Path,
                                                       capsys: Any) -> None:
    """Recompute the objective and every constraint from the dumped problem and the exported
    plan alone (no call into the optimiser's code)."""
    problem_file = tmp_path / "masalah.json"
    plan_file = tmp_path / "rencana.json"
    call_command("plan", "build", *AGENCY, "--round", "akpk-2027", "--budget", "Rp 40.000.000",
                 "--time-limit", "1", "--no-curve", "--dump-problem", str(problem_file),
                 "-o", str(plan_file))
    problem = json.loads(problem_file.read_text())
    plan = json.loads(plan_file.read_text())
    nip_to_key = {e.nip: f"E{e.pk}" for e in closed.agency.employees.all()}
    chosen: dict[str, list[str]] = {}
    for a in plan["assignments"]:
        chosen.setdefault(nip_to_key[a["nip"]], []).append(a["programme"])
    programmes = {p["code"]: p for p in problem["programmes"]}
    cost = 0
    value = 0.0
    seats: dict[str, int] = {}
    for e in problem["employees"]:
        codes = chosen.get(e["id"], [])
        assert len(codes) == len(set(codes))
        assert set(codes) <= set(e["eligible"])
        jp = sum(programmes[c]["jp"] for c in codes)
        assert jp <= e["max_jp"]
        raised: dict[str, int] = {}
        for c in codes:
            cost += programmes[c]["cost"]
            seats[c] = seats.get(c, 0) + 1
            for comp, gain in programmes[c]["gains"].items():
                raised[comp] = raised.get(comp, 0) + gain
        value += sum(w * min(e["gaps"].get(c, 0), raised.get(c, 0))
                     for c, w in e["weights"].items())
        value -= problem["lambda"] * max(0, e["min_jp"] - jp)
    assert cost <= problem["budget"] and cost == plan["plan"]["cost"]
    assert all(n <= programmes[c]["seats"] for c, n in seats.items())
    for lock in problem["locked"]:
        assert lock["programme"] in chosen.get(lock["employee"], [])
    assert value == pytest.approx(plan["plan"]["value"], abs=1e-3)
    assert plan["plan"]["bound"] >= value - 1e-6
