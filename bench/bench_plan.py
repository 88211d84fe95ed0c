"""Benchmark the planner (issue 4): value, proven bound, gap, time and peak memory.

    .venv/bin/python bench/bench_plan.py [--exact] [--huge] [--units] [--seed 1]

Instances come from :func:`bina.core.plan.synthetic_problem` (seeded). For each size it runs
the plain greedy baseline (marginal value per rupiah, seats and JP respected) and the Lagrangian
planner (:func:`bina.core.plan.solve`, time limit 10 s at 2,000 × 60, 30 s at 32,000 × 80,
150 s at 300,000 × 80 with ``--huge``); ``--exact`` adds the HiGHS MILP at 2,000 × 60 with a
200 s limit (2 threads) as the quality reference. Each run is a separate process, so the peak
memory (ru_maxrss) is that run's own. "% of exact" divides by the MILP's best value when it is
proven optimal, otherwise by its incumbent (and says so). ``--units`` spreads the employees
over 10 units (at random, seeded) and gives 9 of them a budget line of 7% of the budget each
(the 10th has none), so the lines bind: the unit-line variant of every case.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dataclasses import replace

from bina.core.plan import Problem, check_plan, plan_value, synthetic_problem

SIZES = {"small": (2000, 60, 10.0), "large": (32000, 80, 30.0), "huge": (300000, 80, 150.0)}


UNITS, UNIT_SHARE = 10, 0.07


def with_unit_lines(problem: Problem, seed: int) -> Problem:
    """``problem`` with employees spread over ``UNITS`` units, all but the last with a line."""
    rng = random.Random(seed)
    employees = tuple(replace(e, unit=f"U{rng.randrange(UNITS)}") for e in problem.employees)
    lines = {f"U{u}": int(problem.budget * UNIT_SHARE) for u in range(UNITS - 1)}
    return replace(problem, employees=employees, unit_budgets=lines, _index={})


def run_case(size: str, method: str, seed: int, units: bool = False) -> dict[str, object]:
    n, m, limit = SIZES[size]
    problem = synthetic_problem(n, m, seed)
    if units:
        problem = with_unit_lines(problem, seed)
    start = time.perf_counter()
    if method == "greedy":
        from bina.core.plan_solve import greedy

        plan = greedy(problem)
        value, bound, assignments = plan.value, plan.bound, plan.assignments
        extra: dict[str, object] = {}
    elif method == "lagrangian":
        from bina.core.plan import solve

        plan = solve(problem, time_limit=limit, seed=seed)
        value, bound, assignments = plan.value, plan.bound, plan.assignments
        extra = {"iterations": plan.iterations, "below_min_jp": plan.employees_below_min_jp}
    else:
        from bina.core.plan import solve_exact

        result = solve_exact(problem, time_limit=200.0, threads=2)
        value, bound, assignments = result.value, result.bound, result.assignments
        extra = {"optimal": result.optimal, "status": result.status}
    seconds = time.perf_counter() - start
    errors = check_plan(problem, assignments)
    assert not errors, errors[:3]
    assert abs(plan_value(problem, assignments) - value) < 1e-6 * max(1.0, abs(value))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = f"{n:,} × {m}" + (" units" if units else "")
    return {"size": label, "method": method, "value": value, "bound": bound,
            "gap": (bound - value) / abs(bound) if bound else 0.0, "seconds": seconds,
            "peak_mb": peak_mb, "assignments": len(assignments), **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--exact", action="store_true", help="add the HiGHS MILP at 2,000 × 60")
    parser.add_argument("--huge", action="store_true", help="add 300,000 × 80")
    parser.add_argument("--units", action="store_true",
                        help="give the employees units and the units binding budget lines")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--case", nargs=2, metavar=("SIZE", "METHOD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case[0], args.case[1], args.seed, args.units)))
        return
    cases = [("small", "greedy"), ("small", "lagrangian")]
    if args.exact:
        cases.append(("small", "exact"))
    cases += [("large", "greedy"), ("large", "lagrangian")]
    if args.huge:
        cases += [("huge", "greedy"), ("huge", "lagrangian")]
    print(f"{'size':>20} {'method':>11} {'value':>12} {'bound':>12} {'gap':>7} "
          f"{'seconds':>8} {'peak MB':>8}  notes")
    results = []
    for size, method in cases:
        out = subprocess.run([sys.executable, __file__, "--case", size, method,
                              "--seed", str(args.seed), *(["--units"] if args.units else [])],
                             capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(row)
        notes = {k: v for k, v in row.items() if k not in {
            "size", "method", "value", "bound", "gap", "seconds", "peak_mb"}}
        print(f"{row['size']:>20} {row['method']:>11} {row['value']:>12.1f} {row['bound']:>12.1f} "
              f"{row['gap']:>7.2%} {row['seconds']:>8.1f} {row['peak_mb']:>8.0f}  {notes}",
              flush=True)
    exact = [r for r in results if r["method"] == "exact"]
    if exact:
        ref = exact[0]
        label = "optimum" if ref.get("optimal") else "MILP incumbent (not proven optimal)"
        for r in results:
            if r["size"] == ref["size"] and r["method"] != "exact":
                print(f"{r['method']} at {r['size']}: {r['value'] / ref['value']:.2%} of the "
                      f"{label}; MILP bound {ref['bound']:.1f}")


if __name__ == "__main__":
    main()
