"""The exact reference: the plan model as a MILP solved by HiGHS (highspy, imported lazily).

Variables: x(e,p) ∈ {0,1} for each eligible pair (fixed to 1 when locked), y(e,c) ∈ [0, g(e,c)]
the levels of gap c closed for e, s(e) ≥ 0 the JP shortfall. Maximise
Σ w(e,c)·y(e,c) − λ·Σ s(e) subject to y(e,c) ≤ Σ_p a(p,c)·x(e,p), s(e) + Σ_p jp(p)·x(e,p) ≥
min_jp(e), Σ_p jp(p)·x(e,p) ≤ max_jp(e), Σ cost(p)·x(e,p) ≤ budget, one row
Σ_{e in u} cost(p)·x(e,p) ≤ budget(u) per unit budget line, Σ_e x(e,p) ≤ seats(p).
Slow when every employee is eligible for many programmes (minutes at 1,500 employees × 39
eligible programmes): the reference for tests and benchmarks. When eligibility is sparse (real
catalogues: about six eligible programmes per person) HiGHS is fast, and the planner uses it to
polish its plan and tighten its bound with the time it has left (``plan_solve.solve``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from bina.core.highs import new_highs
from bina.core.plan import Assignment, Problem, plan_value


@dataclass(frozen=True, slots=True)
class ExactResult:
    """HiGHS's answer: the best plan found, its value, HiGHS's proven bound, and whether it
    proved optimality within the time limit."""

    assignments: tuple[Assignment, ...]
    value: float
    bound: float
    optimal: bool
    seconds: float
    status: str


def solve_exact(problem: Problem, time_limit: float = 60.0, *, threads: int = 1,
                mip_rel_gap: float = 1e-9,
                initial: Iterable[tuple[str, str]] | None = None) -> ExactResult:
    """Solve ``problem`` exactly (up to ``mip_rel_gap``) with HiGHS within ``time_limit`` s.

    ``initial`` (employee id, programme code) pairs, a feasible plan, start the search: HiGHS
    then only ever reports a plan at least as good."""
    import highspy
    import numpy as np

    start = time.perf_counter()
    h = new_highs()
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", threads)
    h.setOptionValue("mip_rel_gap", mip_rel_gap)
    h.setOptionValue("mip_abs_gap", 1e-9)
    h.setOptionValue("mip_heuristic_effort", 0.3)
    inf = highspy.kHighsInf
    pindex = {p.code: i for i, p in enumerate(problem.programmes)}
    locked = set(problem.locked)
    pairs: list[tuple[int, int]] = []
    for e_i, e in enumerate(problem.employees):
        pairs.extend((e_i, pindex[c]) for c in problem.eligible(e))
    n_x = len(pairs)
    obj: list[float] = [0.0] * n_x
    lower: list[float] = [1.0 if (problem.employees[e].id, problem.programmes[p].code) in locked
                          else 0.0 for e, p in pairs]
    upper: list[float] = [1.0] * n_x
    y_index: dict[tuple[int, str], int] = {}
    for e_i, e in enumerate(problem.employees):
        for c, g in e.gaps.items():
            y_index[(e_i, c)] = len(obj)
            obj.append(e.weights.get(c, 0.0))
            lower.append(0.0)
            upper.append(float(g))
    s_index: dict[int, int] = {}
    for e_i, e in enumerate(problem.employees):
        if e.min_jp > 0 and problem.lam > 0:
            s_index[e_i] = len(obj)
            obj.append(-problem.lam)
            lower.append(0.0)
            upper.append(float(e.min_jp))
    n_cols = len(obj)
    h.addVars(n_cols, np.array(lower), np.array(upper))
    h.changeColsCost(n_cols, np.arange(n_cols, dtype=np.int32), np.array(obj))
    h.changeColsIntegrality(n_x, np.arange(n_x, dtype=np.int32),
                            np.array([highspy.HighsVarType.kInteger] * n_x))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)

    rows_lo: list[float] = []
    rows_hi: list[float] = []
    starts: list[int] = []
    index: list[int] = []
    value: list[float] = []

    def row(lo: float, hi: float, entries: list[tuple[int, float]]) -> None:
        starts.append(len(index))
        rows_lo.append(lo)
        rows_hi.append(hi)
        for j, v in entries:
            index.append(j)
            value.append(v)

    by_emp: dict[int, list[int]] = {}
    by_prog: dict[int, list[int]] = {}
    for j, (e_i, p) in enumerate(pairs):
        by_emp.setdefault(e_i, []).append(j)
        by_prog.setdefault(p, []).append(j)
    progs = problem.programmes
    for e_i, e in enumerate(problem.employees):
        xs = by_emp.get(e_i, [])
        for c in e.gaps:  # y ≤ Σ a·x
            entries = [(y_index[(e_i, c)], 1.0)]
            entries += [(j, -float(progs[pairs[j][1]].gains.get(c, 0))) for j in xs
                        if progs[pairs[j][1]].gains.get(c, 0)]
            row(-inf, 0.0, entries)
        jp_entries = [(j, float(progs[pairs[j][1]].jp)) for j in xs]
        if xs:
            row(-inf, float(e.max_jp), jp_entries)
        if e_i in s_index:  # s + JP ≥ min_jp
            row(float(e.min_jp), inf, [(s_index[e_i], 1.0), *jp_entries])
    row(-inf, float(problem.budget), [(j, float(progs[p].cost)) for j, (_, p) in
                                      enumerate(pairs)])
    for unit, line in problem.unit_budgets.items():  # one row per unit budget line
        members = {e_i for e_i, e in enumerate(problem.employees) if e.unit == unit}
        entries = [(j, float(progs[p].cost)) for j, (e_i, p) in enumerate(pairs)
                   if e_i in members]
        if entries:
            row(-inf, float(line), entries)
    for p, xs in by_prog.items():
        row(-inf, float(progs[p].seats), [(j, 1.0) for j in xs])
    h.addRows(len(rows_lo), np.array(rows_lo), np.array(rows_hi), len(index),
              np.array(starts, dtype=np.int32), np.array(index, dtype=np.int32),
              np.array(value))
    if initial is not None:
        start_values = _start_values(problem, pairs, y_index, s_index, n_cols, set(initial))
        h.setSolution(n_cols, np.arange(n_cols, dtype=np.int32), np.array(start_values))
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    sol = h.getSolution()
    if not sol.value_valid:
        return ExactResult((), float("nan"), float(info.mip_dual_bound), False,
                           time.perf_counter() - start, status)
    col = sol.col_value
    chosen = tuple((problem.employees[e].id, progs[p].code)
                   for j, (e, p) in enumerate(pairs) if col[j] > 0.5)
    return ExactResult(chosen, plan_value(problem, chosen), float(info.mip_dual_bound),
                       status == "Optimal", time.perf_counter() - start, status)


def _start_values(problem: Problem, pairs: list[tuple[int, int]],
                  y_index: dict[tuple[int, str], int], s_index: dict[int, int], n_cols: int,
                  chosen: set[tuple[str, str]]) -> list[float]:
    """Every column's value for the plan ``chosen``: x, then y = min(gap, levels gained) and
    s = the JP short of the floor."""
    values = [0.0] * n_cols
    progs = problem.programmes
    gained: dict[tuple[int, str], int] = {}
    jp: dict[int, int] = {}
    for j, (e_i, p) in enumerate(pairs):
        if (problem.employees[e_i].id, progs[p].code) in chosen:
            values[j] = 1.0
            jp[e_i] = jp.get(e_i, 0) + progs[p].jp
            for c, a in progs[p].gains.items():
                gained[(e_i, c)] = gained.get((e_i, c), 0) + a
    for e_i, e in enumerate(problem.employees):
        for c, g in e.gaps.items():
            values[y_index[(e_i, c)]] = float(min(g, gained.get((e_i, c), 0)))
        if e_i in s_index:
            values[s_index[e_i]] = float(max(0, e.min_jp - jp.get(e_i, 0)))
    return values
