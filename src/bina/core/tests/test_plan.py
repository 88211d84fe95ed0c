"""The plan model: reading the JSON form, the objective, the checker, the planner, the bound."""

from __future__ import annotations

import json
import random
import time
from dataclasses import replace
from typing import Any

import pytest

from bina.core.plan import (
    SHORTFALL_BUDGET,
    SHORTFALL_NO_PROGRAMME,
    SHORTFALL_SEATS,
    Employee,
    PlanInputError,
    Problem,
    Programme,
    budget_curve,
    check_plan,
    explain_shortfall,
    plan_value,
    problem_from_dict,
    problem_to_dict,
    solve,
    solve_exact,
    synthetic_problem,
)
from bina.core.plan_solve import CurvePoint, greedy, scaled_problem

EXAMPLE: dict[str, Any] = {
    "budget": 15000000, "lambda": 0.25,
    "programmes": [{"code": "P01", "jp": 16, "cost": 2400000, "seats": 80,
                    "gains": {"M.3": 1, "T.EGOV": 2}}],
    "employees": [{"id": "E1", "min_jp": 20, "max_jp": 60, "gaps": {"M.3": 2, "M.8": 1},
                   "weights": {"M.3": 3, "M.8": 1}, "eligible": ["P01"]}],
    "locked": [{"employee": "E1", "programme": "P01"}],
}


def example(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(EXAMPLE))
    data.update(changes)
    return data


def small_problem(rng: random.Random, n: int = 8, m: int = 5) -> Problem:
    comps = ["A", "B", "C", "D"]
    programmes = tuple(
        Programme(f"P{i}", rng.choice((4, 8, 12, 16, 24)), rng.choice((1, 2, 3, 5)) * 100,
                  rng.randint(1, 4), {c: rng.randint(1, 2) for c in rng.sample(comps, 2)})
        for i in range(m))
    employees = []
    for i in range(n):
        gapped = rng.sample(comps, rng.randint(1, 3))
        eligible = tuple(p.code for p in programmes if rng.random() < 0.7)
        employees.append(Employee(f"E{i}", rng.choice((0, 20)), rng.choice((24, 40)),
                                  {c: rng.randint(1, 3) for c in gapped},
                                  {c: float(rng.randint(1, 5)) for c in gapped}, eligible))
    budget = rng.randint(3, 12) * 100
    return Problem(budget=budget, programmes=programmes, employees=tuple(employees),
                   lam=rng.choice((0.0, 0.25, 1.0)))


# --- the JSON form -------------------------------------------------------------------------


def test_the_issue_example_reads_and_round_trips() -> None:
    problem = problem_from_dict(EXAMPLE)
    assert problem.budget == 15_000_000 and problem.lam == 0.25
    assert problem.locked == (("E1", "P01"),)
    assert problem_from_dict(problem_to_dict(problem)) == problem


def test_value_of_the_example_follows_the_formula() -> None:
    problem = problem_from_dict(EXAMPLE)
    # M.3: 3·min(2, 1) = 3; M.8: 1·min(1, 0) = 0; JP 16 < 20: −0.25·4
    assert plan_value(problem, [("E1", "P01")]) == pytest.approx(3 - 1.0)
    assert plan_value(problem, []) == pytest.approx(-0.25 * 20)


def test_absent_eligible_means_programmes_raising_a_gap() -> None:
    data = example(locked=[])
    data["programmes"].append({"code": "P02", "jp": 8, "cost": 1, "seats": 5,
                               "gains": {"X.1": 1}})
    del data["employees"][0]["eligible"]
    problem = problem_from_dict(data)
    assert problem.eligible(problem.employees[0]) == ("P01",)


@pytest.mark.parametrize(("change", "fragment"), [
    ({"budget": 0}, "Anggaran harus lebih dari 0"),
    ({"budget": -5}, "Anggaran harus lebih dari 0"),
    ({"budget": "banyak"}, "bilangan bulat"),
    ({"lambda": -1}, "lambda"),
    ({"programmes": [{"code": "P01", "jp": 16, "cost": 1, "seats": 0, "gains": {}}]},
     "tidak punya kursi"),
    ({"programmes": [{"code": "P01", "jp": -1, "cost": 1, "seats": 3, "gains": {}}]},
     "tidak boleh negatif"),
    ({"programmes": [{"code": "P01", "jp": 1, "cost": -1, "seats": 3, "gains": {}}]},
     "tidak boleh negatif"),
    ({"locked": [{"employee": "E9", "programme": "P01"}]}, "pegawai E9 tidak dikenal"),
    ({"locked": [{"employee": "E1", "programme": "P77"}]}, "P77"),
])
def test_invalid_problems_are_refused_naming_the_fault(change: dict[str, Any],
                                                        fragment: str) -> None:
    with pytest.raises(PlanInputError) as caught:
        problem_from_dict(example(**change))
    assert fragment in caught.value.message_id
    assert caught.value.message_en


def test_unknown_programme_in_eligible_is_refused() -> None:
    data = example(locked=[])
    data["employees"][0]["eligible"] = ["P01", "P99"]
    with pytest.raises(PlanInputError, match="P99"):
        problem_from_dict(data)


@pytest.mark.parametrize(("edit", "fragment"), [
    (lambda d: d["employees"][0].update(max_jp=10), "melebihi batas 10 JP"),
    (lambda d: d["programmes"][0].update(seats=1) or d["employees"].append(
        {**d["employees"][0], "id": "E2"}) or d["locked"].append(
        {"employee": "E2", "programme": "P01"}), "melebihi 1 kursi"),
    (lambda d: d.update(budget=1000), "melebihi anggaran"),
    (lambda d: d["employees"][0].update(eligible=[]), "tidak sesuai"),
])
def test_a_lock_that_breaks_a_hard_constraint_says_which(edit: Any, fragment: str) -> None:
    data = example()
    edit(data)
    with pytest.raises(PlanInputError) as caught:
        problem_from_dict(data)
    assert fragment in caught.value.message_id


# --- the checker -----------------------------------------------------------------------------


def test_checker_finds_every_kind_of_violation() -> None:
    problem = Problem(
        budget=100,
        programmes=(Programme("P1", 30, 60, 1, {"A": 1}), Programme("P2", 40, 60, 5, {"A": 1})),
        employees=(Employee("E1", 20, 50, {"A": 2}, {"A": 1.0}, ("P1", "P2")),
                   Employee("E2", 20, 50, {"A": 2}, {"A": 1.0}, ("P2",))),
        locked=(("E2", "P2"),))
    errors = check_plan(problem, [("E1", "P1"), ("E1", "P2"), ("E2", "P1"), ("E2", "P1")])
    text = " | ".join(errors)
    for fragment in ("duplicate", "not eligible", "exceeds the budget", "P1: 2 participants",
                     "E1: 70 JP", "locked assignment E2–P2 missing"):
        assert fragment in text
    assert check_plan(problem, [("E2", "P2")]) == []


# --- the planner against the exact MILP ------------------------------------------------------


def test_planner_matches_the_exact_optimum_on_small_random_instances() -> None:
    rng = random.Random(20261128)
    for _ in range(30):
        problem = small_problem(rng)
        plan = solve(problem, time_limit=2.0, seed=1)
        exact = solve_exact(problem, time_limit=20)
        assert exact.optimal
        assert check_plan(problem, plan.assignments) == []
        assert check_plan(problem, exact.assignments) == []
        assert plan.value == pytest.approx(plan_value(problem, plan.assignments))
        assert plan.bound >= exact.value - 1e-6
        assert plan.value <= exact.value + 1e-6
        assert plan.value == pytest.approx(exact.value, abs=1e-6)


def test_locks_are_kept_and_the_plan_exports_in_the_issue_form() -> None:
    problem = synthetic_problem(60, 12, seed=3)
    first = problem.employees[0]
    code = problem.eligible(first)[0]
    locked = Problem(budget=problem.budget, programmes=problem.programmes,
                     employees=problem.employees, lam=problem.lam, locked=((first.id, code),))
    plan = solve(locked, time_limit=2.0)
    out = plan.to_dict()
    assert {"employee": first.id, "programme": code} in out["assignments"]
    again = [(a["employee"], a["programme"]) for a in json.loads(json.dumps(out))["assignments"]]
    assert check_plan(locked, again) == []
    assert out["value"] == pytest.approx(plan_value(locked, again), abs=1e-5)
    assert out["bound"] >= out["value"] and 0 <= out["gap"] < 0.05
    for key in ("cost", "seconds"):
        assert key in out


def test_planner_is_deterministic_and_beats_greedy_on_a_medium_instance() -> None:
    problem = synthetic_problem(120, 20, seed=5)
    a = solve(problem, time_limit=20.0, seed=2)
    b = solve(problem, time_limit=20.0, seed=2)
    assert a.assignments == b.assignments
    base = greedy(problem)
    assert check_plan(problem, base.assignments) == []
    assert a.value >= base.value
    assert a.bound >= a.value


def test_bound_is_at_least_the_exact_optimum_on_a_medium_instance() -> None:
    problem = synthetic_problem(150, 15, seed=11)
    plan = solve(problem, time_limit=3.0)
    exact = solve_exact(problem, time_limit=30)
    assert exact.optimal
    assert plan.bound >= exact.value - 1e-6 >= plan.value - 1e-6
    assert plan.value >= 0.99 * exact.value


# --- unit budget lines -----------------------------------------------------------------------


def with_units(problem: Problem, n_units: int, share: float, seed: int = 0) -> Problem:
    """``problem`` with its employees spread over ``n_units`` units, every unit but the last
    given a line of ``share`` of the budget (the last unit has no line)."""
    rng = random.Random(seed)
    employees = tuple(replace(e, unit=f"U{rng.randrange(n_units)}") for e in problem.employees)
    lines = {f"U{u}": int(problem.budget * share) for u in range(n_units - 1)}
    return replace(problem, employees=employees, unit_budgets=lines, _index={})


def binding_unit_problem(**lines: int) -> Problem:
    programmes = (Programme("P1", 8, 100, 10, {"A": 1}), Programme("P2", 8, 100, 10, {"B": 1}))
    employees = (
        Employee("E1", 0, 40, {"A": 1, "B": 1}, {"A": 5.0, "B": 5.0}, unit="U1"),
        Employee("E2", 0, 40, {"A": 1, "B": 1}, {"A": 4.0, "B": 4.0}, unit="U1"),
        Employee("E3", 0, 40, {"A": 1}, {"A": 1.0}, unit="U2"),
        Employee("E4", 0, 40, {"B": 1}, {"B": 1.0}),
    )
    return Problem(budget=400, programmes=programmes, employees=employees, lam=0.0,
                   unit_budgets=lines)


def test_a_unit_line_binds_and_the_planner_finds_the_optimum() -> None:
    free = binding_unit_problem()
    bound = binding_unit_problem(U1=200, U9=50)  # U9: a line for a unit nobody has, ignored
    free_exact = solve_exact(free, time_limit=20)
    exact = solve_exact(bound, time_limit=20)
    assert free_exact.value == pytest.approx(18.0)  # E1 and E2 take both programmes
    assert exact.value == pytest.approx(12.0)  # E1 both (10), then E3 and E4 (1 + 1)
    plan = solve(bound, time_limit=2.0)
    assert check_plan(bound, plan.assignments) == []
    assert plan.value <= exact.value + 1e-6 <= plan.bound + 2e-6
    assert plan.value == pytest.approx(exact.value)
    assert check_plan(bound, exact.assignments) == []
    assert check_plan(bound, free_exact.assignments) == ["unit U1: cost 400 exceeds the unit "
                                                         "budget 200"]


def test_planner_matches_the_exact_optimum_with_unit_lines_on_small_instances() -> None:
    rng = random.Random(4)
    for k in range(20):
        problem = with_units(small_problem(rng), 3, rng.choice((0.2, 0.35, 0.5)), seed=k)
        plan = solve(problem, time_limit=2.0, seed=1)
        exact = solve_exact(problem, time_limit=20)
        assert exact.optimal
        assert check_plan(problem, plan.assignments) == []
        assert check_plan(problem, exact.assignments) == []
        assert plan.value <= exact.value + 1e-6 <= plan.bound + 2e-6
        assert plan.value == pytest.approx(exact.value, abs=1e-6)


def test_bound_stays_proven_with_unit_lines_on_a_medium_instance() -> None:
    problem = with_units(synthetic_problem(150, 15, seed=11), 4, 0.2)
    plan = solve(problem, time_limit=3.0)
    exact = solve_exact(problem, time_limit=60)
    assert exact.optimal
    assert check_plan(problem, plan.assignments) == []
    assert plan.bound >= exact.value - 1e-6 >= plan.value - 1e-6
    assert plan.value >= 0.98 * exact.value
    unlined = solve_exact(replace(problem, unit_budgets={}, _index={}), time_limit=60)
    assert unlined.value > exact.value + 1  # the lines bind


def test_greedy_respects_unit_lines() -> None:
    problem = with_units(synthetic_problem(200, 20, seed=2), 5, 0.1)
    assert check_plan(problem, greedy(problem).assignments) == []


def test_unit_lines_read_and_round_trip() -> None:
    data = example(unit_budgets={"U1": 9_000_000, "U2": 1_000})
    data["employees"][0]["unit"] = "U1"
    problem = problem_from_dict(data)
    assert problem.unit_budgets == {"U1": 9_000_000, "U2": 1_000}
    assert problem.employees[0].unit == "U1"
    again = problem_to_dict(problem)
    assert again["unit_budgets"] == {"U1": 9_000_000, "U2": 1_000}
    assert again["employees"][0]["unit"] == "U1"
    assert problem_from_dict(json.loads(json.dumps(again))) == problem
    assert "unit_budgets" not in problem_to_dict(problem_from_dict(EXAMPLE))


@pytest.mark.parametrize(("edit", "fragment_id", "fragment_en"), [
    (lambda d: d.update(unit_budgets={"U1": -5}), "Anggaran unit U1 tidak boleh negatif",
     "unit U1 must not be negative"),
    (lambda d: d.update(unit_budgets=[1, 2]), "'unit_budgets' harus objek",
     "'unit_budgets' must be an object"),
    (lambda d: d.update(unit_budgets={"U1": "banyak"}), "bilangan bulat", "integer"),
    (lambda d: d["employees"][0].update(unit=7), "'unit' harus teks", "'unit' must be text"),
    (lambda d: d.update(unit_budgets={"U1": 1_000_000}) or d["employees"][0].update(unit="U1"),
     "terkunci unit U1", "locked assignments of unit U1"),
])
def test_it_refuses_bad_unit_lines_naming_the_unit(edit: Any, fragment_id: str,
                                                   fragment_en: str) -> None:
    data = example()
    edit(data)
    with pytest.raises(PlanInputError) as caught:
        problem_from_dict(data)
    assert fragment_id in caught.value.message_id
    assert fragment_en in caught.value.message_en


def test_a_line_for_a_unit_nobody_has_is_ignored() -> None:
    problem = problem_from_dict(example(unit_budgets={"GHOST": 0}))
    assert check_plan(problem, [("E1", "P01")]) == []


# --- the budget curve ------------------------------------------------------------------------


def test_budget_curve_plans_are_feasible_at_their_budgets() -> None:
    problem = with_units(synthetic_problem(80, 12, seed=7), 3, 0.3)
    fractions = (0.5, 1.0, 1.5, 0.75)
    curve = budget_curve(problem, fractions, time_limit=6.0, seed=1)
    assert [point.fraction for point in curve] == list(fractions)
    counted = sum(1 for e in problem.employees if e.min_jp > 0)
    for point in curve:
        assert isinstance(point, CurvePoint) and point.feasible
        scaled = scaled_problem(problem, point.fraction)
        assert point.budget == scaled.budget
        assert check_plan(scaled, point.assignments) == []
        assert point.value is not None and point.bound is not None and point.cost is not None
        assert point.value == pytest.approx(plan_value(scaled, point.assignments))
        assert point.bound >= point.value
        assert point.cost <= point.budget
        assert point.counted == counted and 0 <= point.reaching_min_jp <= counted
    assert curve[1].budget == problem.budget


def test_budget_curve_defaults_to_half_to_one_and_a_half_and_keeps_time() -> None:
    problem = synthetic_problem(30, 8, seed=3)
    curve = budget_curve(problem, time_limit=3.0)
    assert [round(p.fraction, 1) for p in curve] == [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2,
                                                    1.3, 1.4, 1.5]
    assert curve[5].budget == problem.budget


def test_budget_curve_skips_a_budget_the_locks_do_not_fit() -> None:
    problem = problem_from_dict(example(budget=3_000_000))  # the lock costs 2,400,000
    curve = budget_curve(problem, (0.5, 1.0), time_limit=1.0)
    assert not curve[0].feasible and curve[0].value is None and curve[0].bound is None
    assert curve[0].budget == 1_500_000
    assert curve[1].feasible and curve[1].value is not None


def test_budget_curve_skips_a_unit_line_the_locks_do_not_fit() -> None:
    data = example(unit_budgets={"U1": 2_400_000})
    data["employees"][0]["unit"] = "U1"
    curve = budget_curve(problem_from_dict(data), (0.9, 1.0), time_limit=1.0)
    assert [p.feasible for p in curve] == [False, True]


# --- why someone stays below 20 JP -----------------------------------------------------------


def shortfall_problem(seats: int = 5, budget: int = 1_000) -> Problem:
    programmes = (Programme("P1", 12, 100, seats, {"A": 1}),
                  Programme("P2", 12, 100, 5, {"B": 1}),
                  Programme("P3", 30, 100, 5, {"C": 1}))
    employees = (
        Employee("NONE", 20, 60, {"A": 1}, {"A": 1.0}, ()),             # nothing eligible
        Employee("SHORT", 20, 60, {"A": 1}, {"A": 1.0}, ("P1",)),       # 12 JP at most
        Employee("CAP", 20, 24, {"C": 1}, {"C": 1.0}, ("P1", "P3")),    # P3 above the cap
        Employee("WANT", 20, 60, {"A": 1, "B": 1}, {"A": 1.0, "B": 1.0}, ("P1", "P2")),
        Employee("PPPK", 0, 24, {"A": 1}, {"A": 1.0}, ("P1",)),         # no floor: absent
        Employee("DONE", 20, 60, {"A": 1, "B": 1}, {"A": 1.0, "B": 1.0}, ("P1", "P2")),
    )
    return Problem(budget=budget, programmes=programmes, employees=employees)


def test_explain_shortfall_names_no_programme_when_the_floor_is_out_of_reach() -> None:
    problem = shortfall_problem()
    reasons = explain_shortfall(problem, [("DONE", "P1"), ("DONE", "P2"), ("WANT", "P2")])
    assert reasons["NONE"] == SHORTFALL_NO_PROGRAMME
    assert reasons["SHORT"] == SHORTFALL_NO_PROGRAMME
    assert reasons["CAP"] == SHORTFALL_NO_PROGRAMME  # only P1 (12 JP) fits under 24
    assert "PPPK" not in reasons and "DONE" not in reasons


def test_explain_shortfall_names_seats_when_every_fitting_programme_is_full() -> None:
    problem = shortfall_problem(seats=1)
    reasons = explain_shortfall(problem, [("DONE", "P1"), ("DONE", "P2"), ("WANT", "P2")])
    assert reasons["WANT"] == SHORTFALL_SEATS


def test_explain_shortfall_names_the_budget_when_a_seat_is_free() -> None:
    problem = shortfall_problem(seats=2)
    reasons = explain_shortfall(problem, [("DONE", "P1"), ("DONE", "P2"), ("WANT", "P2")])
    assert reasons["WANT"] == SHORTFALL_BUDGET
    assert set(reasons.values()) <= {SHORTFALL_NO_PROGRAMME, SHORTFALL_SEATS, SHORTFALL_BUDGET}


def test_explain_shortfall_covers_everyone_below_the_floor_in_a_solved_plan() -> None:
    problem = synthetic_problem(200, 15, seed=4, budget_share=0.1)
    plan = solve(problem, time_limit=2.0)
    reasons = explain_shortfall(problem, plan.assignments)
    assert len(reasons) == plan.employees_below_min_jp > 0
    assert set(reasons.values()) <= {SHORTFALL_NO_PROGRAMME, SHORTFALL_SEATS, SHORTFALL_BUDGET}


def test_the_milp_polish_only_improves_the_plan_and_tightens_a_proven_bound() -> None:
    from bina.core.plan_solve import milp_polish

    base = synthetic_problem(400, 30, seed=5)
    rng = random.Random(5)
    sparse = tuple(replace(e, eligible=tuple(rng.sample(base.eligible(e),
                                                         min(4, len(base.eligible(e))))))
                   for e in base.employees)
    problem = replace(base, employees=sparse, _index={})
    quick = solve(problem, time_limit=0.5, seed=1)
    polished = milp_polish(problem, quick, deadline=time.perf_counter() + 8.0, gap_trigger=0.0)
    exact = solve_exact(problem, time_limit=60)
    assert exact.optimal
    assert polished.method.endswith("+milp")
    assert check_plan(problem, polished.assignments) == []
    assert polished.value == pytest.approx(plan_value(problem, polished.assignments))
    assert polished.value >= quick.value - 1e-9
    assert exact.value - 1e-6 <= polished.bound <= quick.bound + 1e-9
