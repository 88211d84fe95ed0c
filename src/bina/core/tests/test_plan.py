"""The plan model: reading the JSON form, the objective, the checker, the planner, the bound."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from bina.core.plan import (
    Employee,
    PlanInputError,
    Problem,
    Programme,
    check_plan,
    plan_value,
    problem_from_dict,
    problem_to_dict,
    solve,
    solve_exact,
    synthetic_problem,
)
from bina.core.plan_solve import greedy

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
