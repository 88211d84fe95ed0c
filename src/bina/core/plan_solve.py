"""The fast planner: Lagrangian relaxation of the budget and the seats, with a proven bound.

Pure Python, no Django, no numpy. Entry points :func:`solve` and :func:`budget_curve`
(re-exported by :mod:`bina.core.plan`).

**Bound.** Price the budget with μ ≥ 0 (value per rupiah) and each programme's seats with
π_p ≥ 0 (value per seat). Every employee then pays price(p) = μ·cost(p) + π_p per programme and
the relaxed problem separates: each employee maximises their own term of the objective minus
the prices, under their JP ceiling, eligibility and locks. :func:`_subproblem` solves that small
integer problem **exactly** (depth-first branch and bound; the objective is submodular, so a
programme whose marginal value at a node is not positive is never worth adding below it, and
the sum of the remaining programmes' best-case values bounds a subtree). Then::

    L(μ, π) = Σ_e sub_e(μ, π) + μ·budget + Σ_p π_p·seats_p

is an upper bound on the best plan's value for any μ, π ≥ 0 (weak duality). The prices are
searched in two stages: block coordinates first (:meth:`_Dual.run`: μ by bisection on the
budget used, each over-subscribed programme's π_p set to the exact price at which only its
seats are wanted, unused programmes' prices decayed), then projected subgradient steps with a
Polyak step length towards the best plan's value (:meth:`_Dual.polish`). The smallest L
evaluated over **all** employees is the bound reported. For large instances (more than
``SAMPLE_SIZE`` employees) the prices are searched on a random sample of employees (with the
budget and the seats scaled down to the sample), then L is evaluated once on every employee: any
prices give a valid bound, the sample only finds good ones faster.

**Unit budget lines** are priced as well: line u gets ν_u ≥ 0 per rupiah, an employee of unit u
pays (μ + ν_u)·cost(p) + π_p, and L gains Σ_u ν_u·budget(u) — a valid bound for any ν ≥ 0 by
the same argument. Leaving the lines out of the relaxation would also be valid (dropping
constraints only raises the optimum), but that bound could not see a binding line and the
priced choices would ignore the lines; pricing them costs one price list per line. The ν_u
start where a greedy by value per rupiah would exhaust each line (:func:`_initial_nu`), are
bisected together in the block-coordinate stage (:meth:`_Dual.fit_nu`), and get a subgradient
component each. μ and ν price the same rupiah for a unit's people, so μ moves with each priced
line's total price μ + ν_u held (:meth:`_Dual.mu_slope`): μ then answers to the money not held
by a priced line, and the two do not chase each other. After the sample's prices are evaluated
on everyone, each ν_u alone is re-tuned on its whole unit (:func:`_refine_units`; L separates by
line given μ and π). Without lines there is no ν and every step is what it was. On a sample each
line is scaled by the share of its unit's employees sampled.

**Plan.** The employees' choices at several near-best prices, each repaired (seat overflows,
then each overspent unit line among its own employees, then the budget: drop the assignments
losing least value per rupiah, never a locked one) and filled greedily (best marginal value per
rupiah that still fits budget, unit line, seats and JP; no move ever overspends a line); the best
is improved by local search (swap one programme of an employee for a better one that fits;
re-solve an employee's own problem at the budget's price among the programmes with a free seat;
fill again) until the time is up. Up to ``TINY`` employees an exhaustive search pruned by the
Lagrangian bound finishes the job and proves optimality.

Deterministic for a seed when no phase is cut short by the clock (small instances); on large
ones the number of price steps, hence the plan, depends on the machine's speed.
"""

from __future__ import annotations

import heapq
import math
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bina.core.plan import (
    CURVE_FRACTIONS,
    Assignment,
    Problem,
    check_plan,
    locked_fits,
    plan_value,
)

EPS = 1e-9
SAMPLE_SIZE = 2500
CLEAR_SHARE = 0.45  # of the price search: block-coordinate clearing, then subgradient
TINY = 16  # employees: an exact search is affordable
SMALL = 60  # employees: ruin-and-recreate polishing is affordable


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan and what is known of its quality: ``bound`` is a proven upper bound on the best
    value and ``gap`` = (bound − value) / |bound| (0 when both are 0)."""

    assignments: tuple[Assignment, ...]
    value: float
    bound: float
    cost: int
    seconds: float
    method: str
    iterations: int
    employees_below_min_jp: int = 0

    @property
    def gap(self) -> float:
        if self.bound == self.value:
            return 0.0
        return (self.bound - self.value) / max(abs(self.bound), EPS)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of issue 4."""
        return {
            "assignments": [{"employee": e, "programme": p} for e, p in self.assignments],
            "value": round(self.value, 6),
            "bound": round(self.bound, 6),
            "gap": round(self.gap, 8),
            "cost": self.cost,
            "seconds": round(self.seconds, 3),
            "method": self.method,
            "iterations": self.iterations,
            "employees_below_min_jp": self.employees_below_min_jp,
        }


class _Emp:
    """One employee compiled to indices: local competency k, programme index p."""

    __slots__ = ("cands", "gain", "gap", "index", "lam_s0", "locked", "max_left", "min_jp",
                 "resid0", "s0", "ub", "unit", "weight")

    def __init__(self, index: int, gap: list[int], weight: list[float], min_jp: int) -> None:
        self.index = index
        self.unit = -1               # index of the employee's unit budget line (-1: none)
        self.gap = gap
        self.weight = weight
        self.min_jp = min_jp
        self.gain: dict[int, tuple[tuple[int, int], ...]] = {}
        self.locked: list[int] = []
        self.cands: list[int] = []   # free eligible programmes that fit the JP left
        self.ub: list[float] = []    # best-case marginal value of each candidate (no price)
        self.resid0: list[int] = []  # gaps left after the locked programmes
        self.s0 = 0                  # JP shortfall left after the locked programmes
        self.max_left = 0            # JP left under the ceiling after the locked programmes
        self.lam_s0 = 0.0


class _Model:
    """The problem compiled to lists, shared by the bound and the primal heuristics."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.lam = problem.lam
        progs = problem.programmes
        self.pindex = {p.code: i for i, p in enumerate(progs)}
        self.jp = [p.jp for p in progs]
        self.cost = [p.cost for p in progs]
        self.seats = [p.seats for p in progs]
        self.budget = problem.budget
        # the unit budget lines that bind someone, as indices
        present = {e.unit for e in problem.employees if e.unit is not None}
        self.unit_names = [u for u in problem.unit_budgets if u in present]
        uindex = {u: k for k, u in enumerate(self.unit_names)}
        self.unit_budget = [int(problem.unit_budgets[u]) for u in self.unit_names]
        locked: dict[str, list[int]] = {}
        for eid, code in problem.locked:
            locked.setdefault(eid, []).append(self.pindex[code])
        self.emps: list[_Emp] = []
        for i, e in enumerate(problem.employees):
            comps = [c for c, g in e.gaps.items() if g > 0]
            kidx = {c: k for k, c in enumerate(comps)}
            emp = _Emp(i, [e.gaps[c] for c in comps], [e.weights.get(c, 0.0) for c in comps],
                       e.min_jp)
            if e.unit is not None:
                emp.unit = uindex.get(e.unit, -1)
            for code in problem.eligible(e):
                p = self.pindex[code]
                emp.gain[p] = tuple((kidx[c], a) for c, a in progs[p].gains.items()
                                    if c in kidx)
            emp.locked = locked.get(e.id, [])
            resid = list(emp.gap)
            ljp = 0
            for p in emp.locked:
                ljp += self.jp[p]
                for k, a in emp.gain[p]:
                    resid[k] = max(0, resid[k] - a)
            emp.resid0 = resid
            emp.s0 = max(0, e.min_jp - ljp)
            emp.max_left = e.max_jp - ljp
            emp.lam_s0 = self.lam * emp.s0
            lockset = set(emp.locked)
            for p, gains in emp.gain.items():
                if p in lockset or self.jp[p] > emp.max_left:
                    continue
                cov = sum(emp.weight[k] * min(resid[k], a) for k, a in gains)
                ub = cov + self.lam * min(self.jp[p], emp.s0)
                if ub > EPS:
                    emp.cands.append(p)
                    emp.ub.append(ub)
            self.emps.append(emp)

    # --- the employee's own objective -------------------------------------------------------

    def value(self, emp: _Emp, chosen: Sequence[int]) -> float:
        raised = [0] * len(emp.gap)
        jp = 0
        for p in chosen:
            jp += self.jp[p]
            for k, a in emp.gain[p]:
                raised[k] += a
        cov = sum(w * min(g, r) for w, g, r in zip(emp.weight, emp.gap, raised, strict=True))
        return cov - self.lam * max(0, emp.min_jp - jp)


def _greedy_incumbent(emp: _Emp, progs: list[int], price: list[float], jps: list[int],
                      lam: float) -> tuple[float, list[int]]:
    """A quick feasible start for the branch and bound: best marginal net value first."""
    resid = list(emp.resid0)
    s = emp.s0
    jp_left = emp.max_left
    val = 0.0
    chosen: list[int] = []
    left = list(progs)
    while True:
        best_m, best_p = EPS, -1
        for p in left:
            if jps[p] > jp_left:
                continue
            m = sum(emp.weight[k] * min(resid[k], a) for k, a in emp.gain[p])
            m += lam * min(jps[p], s) - price[p]
            if m > best_m:
                best_m, best_p = m, p
        if best_p < 0:
            return val, chosen
        val += best_m
        chosen.append(best_p)
        left.remove(best_p)
        jp_left -= jps[best_p]
        s -= min(jps[best_p], s)
        for k, a in emp.gain[best_p]:
            resid[k] -= min(resid[k], a)


def _subproblem(model: _Model, emp: _Emp, price: list[float]) -> tuple[float, list[int]]:
    """Exact: max over free sets S of value(locked ∪ S) − price(locked ∪ S) under the JP
    ceiling. Returns the optimum and the free programmes chosen."""
    lam = model.lam
    jps = model.jp
    fixed = -sum(price[p] for p in emp.locked)
    base = sum(w * (g - r) for w, g, r in zip(emp.weight, emp.gap, emp.resid0, strict=True))
    base -= lam * emp.s0
    items: list[tuple[float, int]] = []
    for p, ub in zip(emp.cands, emp.ub, strict=True):
        net = ub - price[p]
        if net > EPS:
            items.append((-net, p))
    if not items:
        return base + fixed, []
    items.sort()
    n = len(items)
    nets = [-x for x, _ in items]
    progs = [p for _, p in items]
    suf = [0.0] * (n + 1)
    for j in range(n - 1, -1, -1):
        suf[j] = suf[j + 1] + nets[j]
    resid = list(emp.resid0)
    weight = emp.weight
    gains = emp.gain
    # most items that fit in j JP (for the bound: the best that many remaining nets)
    max_left = emp.max_left
    fit_count = [0] * (max_left + 1)
    small = sorted(jps[p] for p in progs)
    acc = 0
    for count, jp in enumerate(small, 1):
        acc += jp
        if acc > max_left:
            break
        for j in range(acc, max_left + 1):
            fit_count[j] = count
    cur: list[int] = []
    cover_left = sum(w * r for w, r in zip(weight, resid, strict=True))
    best, best_set = _greedy_incumbent(emp, progs, price, jps, lam)

    def dfs(i: int, val: float, jp_left: int, s: int, cov_left: float) -> None:
        nonlocal best, best_set
        cap = cov_left + lam * s
        room = fit_count[jp_left]
        for j in range(i, n):
            top = suf[j] - suf[j + room] if j + room < n else suf[j]
            if val + (top if top < cap else cap) <= best + EPS:
                return
            p = progs[j]
            jp_p = jps[p]
            if jp_p > jp_left:
                continue
            cov = 0.0
            undo: list[tuple[int, int]] = []
            for k, a in gains[p]:
                r = resid[k]
                if r:
                    d = a if a < r else r
                    cov += weight[k] * d
                    undo.append((k, d))
            ds = jp_p if jp_p < s else s
            m = cov + lam * ds - price[p]
            if m <= EPS:
                continue
            for k, d in undo:
                resid[k] -= d
            cur.append(p)
            nv = val + m
            if nv > best + EPS:
                best = nv
                best_set = list(cur)
            dfs(j + 1, nv, jp_left - jp_p, s - ds, cov_left - cov)
            cur.pop()
            for k, d in undo:
                resid[k] += d

    dfs(0, 0.0, emp.max_left, emp.s0, cover_left)
    return base + fixed + best, best_set


@dataclass(slots=True)
class _Prices:
    mu: float            # value per rupiah of budget
    pi: list[float]      # value per seat of each programme
    nu: list[float] = field(default_factory=list)  # value per rupiah of each unit line

    def of(self, model: _Model) -> list[float]:
        """Each programme's price for an employee without a unit line."""
        return [self.mu * c + x for c, x in zip(model.cost, self.pi, strict=True)]

    def of_units(self, model: _Model) -> list[list[float]]:
        """Each programme's price for an employee of each unit line (empty: no lines)."""
        return [[(self.mu + nu) * c + x for c, x in zip(model.cost, self.pi, strict=True)]
                for nu in self.nu]

    def copy(self) -> _Prices:
        return _Prices(self.mu, list(self.pi), list(self.nu))


def _no_units(model: _Model) -> list[float]:
    return [0.0] * len(model.unit_budget)


@dataclass(slots=True)
class _Eval:
    bound: float
    choices: list[list[int]]
    cost: float
    used: list[int]
    values: list[float]
    unit_cost: list[float] = field(default_factory=list)


def _evaluate(model: _Model, emps: Sequence[_Emp], prices: _Prices, budget: float,
              seats: Sequence[float], unit_budgets: Sequence[float] = ()) -> _Eval:
    """L at these prices over ``emps`` (with ``budget``, ``seats`` and ``unit_budgets`` scaled
    to them), the employees' choices, and the resources those use."""
    price = prices.of(model)
    unit_price = prices.of_units(model)
    unit_cost = [0.0] * len(unit_price)
    values = []
    choices = []
    used_cost = 0.0
    used = [0] * len(model.cost)
    cost = model.cost
    for emp in emps:
        before = used_cost
        unit = emp.unit if unit_price else -1  # (no lines: one test per employee, no more)
        val, chosen = _subproblem(model, emp, unit_price[unit] if unit >= 0 else price)
        values.append(val)
        choices.append(chosen)
        for p in emp.locked:
            used_cost += cost[p]
            used[p] += 1
        for p in chosen:
            used_cost += cost[p]
            used[p] += 1
        if unit >= 0:
            unit_cost[unit] += used_cost - before
    # + 1e-7 per employee: what the branch and bound's tolerances (EPS) could have missed
    bound = math.fsum(values) + 1e-7 * len(values) + prices.mu * budget
    bound += sum(x * s for x, s in zip(prices.pi, seats, strict=True))
    bound += sum(x * b for x, b in zip(prices.nu, unit_budgets, strict=True))
    return _Eval(bound, choices, used_cost, used, values, unit_cost)


def _initial_mu(model: _Model, emps: Sequence[_Emp], budget: float) -> float:
    """Where a greedy by best-case value per rupiah would exhaust the budget."""
    ratios = []
    for emp in emps:
        for p, ub in zip(emp.cands, emp.ub, strict=True):
            ratios.append((ub / max(model.cost[p], 1), model.cost[p]))
    ratios.sort(reverse=True)
    spent = 0.0
    for ratio, c in ratios:
        spent += c
        if spent > budget:
            return ratio
    return ratios[-1][0] * 0.5 if ratios else 0.0


def _initial_nu(model: _Model, emps: Sequence[_Emp], lines: Sequence[float], mu: float
                ) -> list[float]:
    """For each unit line, where a greedy by best-case value per rupiah over its own employees
    would exhaust it, less the budget's price μ (0 when the line does not bind first)."""
    ratios: list[list[tuple[float, int]]] = [[] for _ in lines]
    for emp in emps:
        if emp.unit < 0:
            continue
        for p, ub in zip(emp.cands, emp.ub, strict=True):
            ratios[emp.unit].append((ub / max(model.cost[p], 1), model.cost[p]))
    out = []
    for line, unit_ratios in zip(lines, ratios, strict=True):
        unit_ratios.sort(reverse=True)
        spent = 0.0
        nu = 0.0
        for ratio, c in unit_ratios:
            spent += c
            if spent > line:
                nu = max(0.0, ratio - mu)
                break
        out.append(nu)
    return out


def _refine_units(model: _Model, prices: _Prices, result: _Eval, deadline: float) -> _Eval:
    """Lower the bound ``result`` (L over every employee at ``prices``) line by line: given μ
    and π, L separates into the employees without a line and one term per unit line u,
    Σ_{e in u} sub_e(μ + ν_u, π) + ν_u·line(u), convex in ν_u alone; a few bisection probes on
    each ν_u re-solve only that unit's employees, and the best ν_u of each line is kept (any
    ν ≥ 0 gives a valid bound). Corrects the prices found on a sample, where each unit is only
    a few hundred people."""
    emps = model.emps
    members: list[list[int]] = [[] for _ in model.unit_budget]
    for i, emp in enumerate(emps):
        if emp.unit >= 0:
            members[emp.unit].append(i)
    values = list(result.values)
    choices = list(result.choices)
    nu = list(prices.nu)
    cost = model.cost
    base = prices.of(model)

    def term(u: int, x: float) -> tuple[float, float, list[tuple[float, list[int]]]]:
        price = [b + x * c for b, c in zip(base, cost, strict=True)]
        solved = [_subproblem(model, emps[i], price) for i in members[u]]
        spent = sum(cost[p] for i, (_, chosen) in zip(members[u], solved, strict=True)
                    for p in (*emps[i].locked, *chosen))
        return math.fsum(v for v, _ in solved) + x * model.unit_budget[u], spent, solved

    for u, line in enumerate(model.unit_budget):
        if time.perf_counter() > deadline:
            break
        now = math.fsum(values[i] for i in members[u]) + nu[u] * line
        spent = result.unit_cost[u]
        lo: float | None = None
        hi: float | None = None
        x = nu[u]
        for _ in range(3):
            if spent > line:
                lo = x
                x = x * 1.3 + 1e-12 if hi is None else (x + hi) / 2
            elif x > 0:
                hi = x
                x = x / 1.3 if lo is None else (lo + x) / 2
            else:
                break
            if time.perf_counter() > deadline:
                break
            value, spent, solved = term(u, x)
            if value < now:
                now, nu[u] = value, x
                for i, (v, chosen) in zip(members[u], solved, strict=True):
                    values[i], choices[i] = v, chosen
    prices.nu = nu
    bound = math.fsum(values) + 1e-7 * len(values) + prices.mu * model.budget
    bound += sum(x * s for x, s in zip(prices.pi, model.seats, strict=True))
    bound += sum(x * b for x, b in zip(nu, model.unit_budget, strict=True))
    if bound >= result.bound:
        return result
    return _Eval(bound, choices, result.cost, result.used, values, result.unit_cost)


class _Dual:
    """Minimises L by block coordinates: μ by bisection on the budget use, each over-subscribed
    programme's π by its exact clearing price (the (seats+1)-th largest amount its holders would
    pay before dropping it), under-subscribed prices decayed. Every evaluation is a valid bound;
    the smallest is kept."""

    def __init__(self, model: _Model, emps: Sequence[_Emp], budget: float,
                 seats: Sequence[float], deadline: float,
                 unit_budgets: Sequence[float] = ()) -> None:
        self.model = model
        self.emps = emps
        self.budget = budget
        self.seats = seats
        self.unit_budgets = list(unit_budgets) or [float(b) for b in model.unit_budget]
        self.deadline = deadline
        self.best = _Eval(math.inf, [], 0.0, [], [])
        self.best_prices = _Prices(0.0, [0.0] * len(seats), _no_units(model))
        self.evaluations = 0
        self.exact_clearing = True

    def eval(self, prices: _Prices) -> _Eval:
        result = _evaluate(self.model, self.emps, prices, self.budget, self.seats,
                           self.unit_budgets)
        self.evaluations += 1
        if result.bound < self.best.bound:
            self.best = result
            self.best_prices = prices.copy()
        return result

    def late(self) -> bool:
        return time.perf_counter() > self.deadline

    def mu_slope(self, prices: _Prices, current: _Eval) -> float:
        """The slope of L in μ when every priced unit line (ν_u > 0) keeps its total price
        μ + ν_u: the budget less those lines, minus what everyone else spends. Without lines:
        budget − cost. (Moving μ alone would move the lines' prices too, and μ and ν would
        chase each other.)"""
        if not prices.nu:
            return self.budget - current.cost
        held = [u for u, x in enumerate(prices.nu) if x > 0]
        room = self.budget - sum(self.unit_budgets[u] for u in held)
        return room - (current.cost - sum(current.unit_cost[u] for u in held))

    @staticmethod
    def move_mu(prices: _Prices, mu: float) -> None:
        """Set μ, keeping each priced line's total price μ + ν_u where it is (ν_u ≥ 0)."""
        if prices.nu:
            d = mu - prices.mu
            prices.nu = [max(0.0, x - d) if x > 0 else 0.0 for x in prices.nu]
        prices.mu = mu

    def fit_mu(self, prices: _Prices, probes: int, spread: float) -> _Eval:
        """Bisection on μ towards the budget being used exactly (the slope of L in μ is
        budget − cost; with unit lines, see :meth:`mu_slope`)."""
        lo: float | None = None
        hi: float | None = None
        current = self.eval(prices)
        for _ in range(probes):
            if self.late():
                break
            if self.mu_slope(prices, current) < 0:
                lo = prices.mu
                self.move_mu(prices, prices.mu * spread if hi is None else (lo + hi) / 2)
            else:
                hi = prices.mu
                if prices.mu <= 0:
                    break
                self.move_mu(prices, prices.mu / spread if lo is None else (lo + hi) / 2)
            current = self.eval(prices)
        return current

    def fit_nu(self, prices: _Prices, current: _Eval, probes: int, spread: float) -> _Eval:
        """Bisection on every unit line's price at once towards each line being used exactly
        (the slope of L in ν_u is line(u) − cost(u); the lines interact only through the other
        prices, so simultaneous bisection is close to per-line bisection)."""
        lines = self.unit_budgets
        lo: list[float | None] = [None] * len(lines)
        hi: list[float | None] = [None] * len(lines)
        start = max(prices.mu, 1e-12) * 0.25
        for _ in range(probes):
            if self.late():
                break
            moved = False
            for u, line in enumerate(lines):
                nu = prices.nu[u]
                low, high = lo[u], hi[u]
                if current.unit_cost[u] > line:
                    lo[u] = low = nu
                    new = (max(nu * spread, start) if high is None else (nu + high) / 2)
                else:
                    hi[u] = high = nu
                    if nu <= 0:
                        continue
                    new = nu / spread if low is None else (low + nu) / 2
                    if new < 1e-3 * start:
                        new = 0.0
                moved = moved or new != nu
                prices.nu[u] = new
            if not moved:
                break
            current = self.eval(prices)
        return current

    def clear_seats(self, prices: _Prices, current: _Eval, decay: float) -> None:
        model = self.model
        price = prices.of(model)
        unit_price = prices.of_units(model)
        holders: dict[int, list[int]] = {}
        for p, s in enumerate(self.seats):
            if current.used[p] > s:
                holders[p] = []
        for i, chosen in enumerate(current.choices):
            for p in chosen:
                if p in holders:
                    holders[p].append(i)
        for p, who in holders.items():
            keep = math.floor(self.seats[p]) - sum(
                1 for e in self.emps if p in e.locked)
            if keep >= len(who) or not who:  # nothing to price out: the locks hold the seats
                continue
            deltas = []
            for i in who:
                emp = self.emps[i]
                own = unit_price[emp.unit] if emp.unit >= 0 else price
                old = own[p]
                if self.exact_clearing:
                    with_p = current.values[i]
                    own[p] = math.inf
                    without, _ = _subproblem(model, emp, own)
                    own[p] = old
                    deltas.append(with_p - without)
                else:  # the loss of p alone: at least what dropping it costs after re-solving
                    chosen = [*emp.locked, *current.choices[i]]
                    rest = [q for q in chosen if q != p]
                    deltas.append(model.value(emp, chosen) - model.value(emp, rest) - old)
            deltas.sort(reverse=True)
            prices.pi[p] += deltas[max(keep, 0)] + EPS
        for p, s in enumerate(self.seats):
            if p not in holders and current.used[p] < s:
                prices.pi[p] *= decay

    def polish(self, target: float, deadline: float, theta: float = 1.0,
               max_steps: int = 300,
               plan_from: Callable[[_Eval], float] | None = None) -> int:
        """Projected subgradient steps (Polyak length towards ``target``, a plan's value) from
        the best prices so far; the budget is measured in units of a mean programme cost so
        that its step compares with the seats'."""
        prices = self.best_prices.copy()
        current = self.best
        scale = max(1.0, sum(self.model.cost) / max(1, len(self.model.cost)))
        best = current.bound
        stall = 0
        steps = 0
        while time.perf_counter() < deadline and steps < max_steps:
            g_b = self.mu_slope(prices, current) / scale
            if prices.mu <= 0 and g_b > 0:
                g_b = 0.0
            g_s = [0.0 if (x <= 0 and s > u) else s - u
                   for x, s, u in zip(prices.pi, self.seats, current.used, strict=True)]
            g_u = [0.0 if (x <= 0 and b > c) else (b - c) / scale
                   for x, b, c in zip(prices.nu, self.unit_budgets, current.unit_cost,
                                      strict=True)]
            norm = g_b * g_b + sum(g * g for g in g_s) + sum(g * g for g in g_u)
            if norm <= 1e-12 or current.bound <= target:
                break
            step = theta * (current.bound - target) / norm
            mu = max(0.0, prices.mu - step * g_b / scale)
            if prices.nu and prices.mu > 0:  # with lines, μ prices only the people without
                # one, a flatter direction where full steps swing μ to 0 and back: at most
                # halve it per step
                mu = max(mu, prices.mu / 2)
            prices.pi = [max(0.0, x - step * g) for x, g in zip(prices.pi, g_s, strict=True)]
            # a priced line moves its total price μ + ν_u by its own component (see mu_slope)
            prices.nu = [max(0.0, (prices.mu + x if x > 0 else mu) - step * g / scale - mu)
                         for x, g in zip(prices.nu, g_u, strict=True)]
            prices.mu = mu
            current = self.eval(prices)
            steps += 1
            if plan_from is not None and current.bound <= 1.01 * self.best.bound:
                target = max(target, plan_from(current))
            if self.best.bound < best - 1e-7 * abs(best):
                best = self.best.bound
                stall = 0
            else:
                stall += 1
                if stall >= 5:
                    theta /= 2
                    stall = 0
                    if theta < 1e-4:
                        break
        return steps

    def run(self, start: _Prices, max_sweeps: int) -> int:
        prices = start
        current = self.eval(prices)
        sweeps = 0
        decay = 0.5
        spread = 1.5
        stall = 0
        while sweeps < max_sweeps and not self.late():
            sweeps += 1
            before = self.best.bound
            self.clear_seats(prices, current, decay)
            if self.late():
                break
            current = self.fit_mu(prices, 2, spread)
            if self.unit_budgets:
                current = self.fit_nu(prices, current, 2, spread)
            spread = max(1.02, 1 + (spread - 1) * 0.7)
            if self.best.bound > before - 1e-5 * abs(before):
                stall += 1
                decay = 0.5 + 0.5 * decay
                if stall >= 4:
                    prices = self.best_prices.copy()
                    current = self.eval(prices)
                    stall = 0
            else:
                stall = 0
        return sweeps


# --- primal side ------------------------------------------------------------------------------


class _Primal:
    """A feasible plan under construction, with its resource use."""

    def __init__(self, model: _Model, emps: Sequence[_Emp], budget: int, seats: Sequence[int],
                 unit_budgets: Sequence[int] | None = None) -> None:
        self.model = model
        self.emps = emps
        self.budget = budget
        self.seats = list(seats)
        self.unit_budget = list(model.unit_budget if unit_budgets is None else unit_budgets)
        self.unit_spent = [0] * len(self.unit_budget)
        self.chosen: list[list[int]] = [list(e.locked) for e in emps]
        self.used = [0] * len(seats)
        self.spent = 0
        self.jp = [0] * len(emps)
        for i, emp in enumerate(emps):
            for p in emp.locked:
                self._account(i, p, +1)

    def _account(self, i: int, p: int, sign: int) -> None:
        self.used[p] += sign
        self.spent += sign * self.model.cost[p]
        self.jp[i] += sign * self.model.jp[p]
        u = self.emps[i].unit
        if u >= 0:
            self.unit_spent[u] += sign * self.model.cost[p]

    def slack(self, i: int) -> int:
        """The money employee ``i`` may still be given: the budget left, and their unit's."""
        left = self.budget - self.spent
        u = self.emps[i].unit
        if u >= 0:
            return min(left, self.unit_budget[u] - self.unit_spent[u])
        return left

    def add(self, i: int, p: int) -> None:
        self.chosen[i].append(p)
        self._account(i, p, +1)

    def remove(self, i: int, p: int) -> None:
        self.chosen[i].remove(p)
        self._account(i, p, -1)

    def load(self, choices: Sequence[Sequence[int]]) -> None:
        for i, chosen in enumerate(choices):
            for p in chosen:
                self.add(i, p)

    def loss(self, i: int, p: int) -> float:
        emp = self.emps[i]
        rest = [q for q in self.chosen[i] if q != p]
        return self.model.value(emp, self.chosen[i]) - self.model.value(emp, rest)

    def gain(self, i: int, p: int) -> float:
        emp = self.emps[i]
        now = self.model.value(emp, self.chosen[i])
        return self.model.value(emp, [*self.chosen[i], p]) - now

    def total(self) -> float:
        return math.fsum(self.model.value(e, c) for e, c in zip(self.emps, self.chosen,
                                                                strict=True))

    def repair(self) -> None:
        """Drop what overflows the seats, then each overspent unit line (among its own
        employees), then the budget, losing least value per rupiah; never a locked one."""
        locked = [set(e.locked) for e in self.emps]
        over = [p for p in range(len(self.seats)) if self.used[p] > self.seats[p]]
        if over:
            holders: dict[int, list[int]] = {p: [] for p in over}
            for i, chosen in enumerate(self.chosen):
                for p in chosen:
                    if p in holders and p not in locked[i]:
                        holders[p].append(i)
            for p in over:
                ranked = sorted(holders[p], key=lambda i: (self.loss(i, p), i))
                for i in ranked:
                    if self.used[p] <= self.seats[p]:
                        break
                    self.remove(i, p)
        over_units = [u for u, (spent, line) in enumerate(
            zip(self.unit_spent, self.unit_budget, strict=True)) if spent > line]
        if over_units:  # the overspent units first, each from its own employees
            members: dict[int, list[int]] = {u: [] for u in over_units}
            for i, emp in enumerate(self.emps):
                if emp.unit in members:
                    members[emp.unit].append(i)
            for u in over_units:
                self._drop_until(members[u], locked, u)
        if self.spent <= self.budget:
            return
        self._drop_until(range(len(self.emps)), locked)

    def _drop_until(self, who: Iterable[int], locked: Sequence[set[int]], unit: int = -1
                    ) -> None:
        """Drop the free assignments of ``who`` losing least value per rupiah while the budget
        (``unit`` < 0) or the unit line ``unit`` is overspent."""
        cost = self.model.cost
        heap = [(self.loss(i, p) / max(cost[p], 1), i, p)
                for i in who for p in self.chosen[i]
                if p not in locked[i] and cost[p] > 0]
        heapq.heapify(heap)

        def over() -> bool:
            if unit >= 0:
                return self.unit_spent[unit] > self.unit_budget[unit]
            return self.spent > self.budget

        while heap and over():
            key, i, p = heapq.heappop(heap)
            fresh = self.loss(i, p) / max(cost[p], 1)
            if fresh > key + EPS:
                heapq.heappush(heap, (fresh, i, p))
                continue
            self.remove(i, p)

    def fill(self, min_ratio: float = 0.0, banned: set[tuple[int, int]] | None = None) -> None:
        """Lazy greedy: add the best marginal value per rupiah that fits, until nothing does."""
        model = self.model
        cost = model.cost
        jps = model.jp
        heap: list[tuple[float, int, int]] = []
        for i, emp in enumerate(self.emps):
            slack = self.slack(i)
            have = set(self.chosen[i])
            left = emp.max_left + sum(jps[p] for p in emp.locked) - self.jp[i]
            for p in emp.cands:
                if p in have or jps[p] > left or cost[p] > slack or \
                        self.used[p] >= self.seats[p] or (banned and (i, p) in banned):
                    continue
                g = self.gain(i, p)
                if g <= EPS:
                    continue
                ratio = g / max(cost[p], 1)
                if ratio >= min_ratio:
                    heap.append((-ratio, i, p))
        heapq.heapify(heap)
        while heap:
            key, i, p = heapq.heappop(heap)
            if cost[p] > self.slack(i) or self.used[p] >= self.seats[p]:
                continue
            emp = self.emps[i]
            if self.jp[i] + jps[p] > emp.max_left + sum(jps[q] for q in emp.locked):
                continue
            g = self.gain(i, p)
            if g <= EPS:
                continue
            ratio = g / max(cost[p], 1)
            if ratio < -key - EPS:
                heapq.heappush(heap, (-ratio, i, p))
                continue
            self.add(i, p)

    def improve(self, deadline: float, rng: random.Random) -> int:
        """One pass of swaps (replace one free programme of an employee by a better one that
        fits), then a fill; returns the number of swaps made."""
        model = self.model
        cost = model.cost
        jps = model.jp
        order = list(range(len(self.emps)))
        rng.shuffle(order)
        moves = 0
        for n, i in enumerate(order):
            if n % 64 == 0 and time.perf_counter() > deadline:
                break
            emp = self.emps[i]
            lockset = set(emp.locked)
            chosen = self.chosen[i]
            free = [q for q in chosen if q not in lockset]
            if not free:
                continue
            now = model.value(emp, chosen)
            cap = emp.max_left + sum(jps[q] for q in emp.locked)
            slack = self.slack(i)
            best = (EPS, -1, -1)
            have = set(chosen)
            for q in free:
                rest = [x for x in chosen if x != q]
                rest_jp = self.jp[i] - jps[q]
                for p in emp.cands:
                    if p in have or cost[p] - cost[q] > slack or rest_jp + jps[p] > cap or \
                            self.used[p] >= self.seats[p]:
                        continue
                    delta = model.value(emp, [*rest, p]) - now
                    if delta > best[0]:
                        best = (delta, q, p)
            if best[1] >= 0:
                self.remove(i, best[1])
                self.add(i, best[2])
                moves += 1
        self.fill()
        return moves

    def transfer_seats(self, deadline: float) -> int:
        """For each full programme: give a seat to the employee who gains most from it when that
        is more than its holder who loses least would lose (same cost, so the budget holds);
        the holder keeps the rest of their plan. Returns the number of seats moved."""
        model = self.model
        jps = model.jp
        cost = model.cost
        seekers: dict[int, list[int]] = {}
        for i, emp in enumerate(self.emps):
            for p in emp.cands:
                if self.used[p] >= self.seats[p]:
                    seekers.setdefault(p, []).append(i)
        moved = 0
        for p, wanting in seekers.items():
            if time.perf_counter() > deadline:
                break
            holders = [i for i, c in enumerate(self.chosen)
                       if p in c and p not in self.emps[i].locked]
            if not holders:
                continue
            gains = []
            for i in wanting:
                emp = self.emps[i]
                if p in self.chosen[i] or self.jp[i] + jps[p] > emp.max_left + sum(
                        jps[q] for q in emp.locked):
                    continue
                g = self.gain(i, p)
                if g > EPS:
                    gains.append((g, i))
            if not gains:
                continue
            gains.sort(reverse=True)
            losses = sorted((self.loss(i, p), i) for i in holders)
            for (g, taker), (lost, giver) in zip(gains, losses, strict=False):
                if g <= lost + 1e-9:
                    break
                unit = self.emps[taker].unit
                if unit >= 0 and unit != self.emps[giver].unit and \
                        self.unit_spent[unit] + cost[p] > self.unit_budget[unit]:
                    continue  # the taker's unit line cannot pay for it
                self.remove(giver, p)
                self.add(taker, p)
                moved += 1
        return moved

    def reprice(self, mu: float, deadline: float, rng: random.Random,
                nu: Sequence[float] = ()) -> int:
        """One pass of priced re-optimisation: each employee re-solves their own problem at
        value − (μ + ν_u)·cost (μ the budget's price, ν_u their unit line's), programmes without
        a free seat excluded, and takes the new set when it scores better at that price and fits
        the money left (budget and unit line); a fill then spends what was freed. Returns the
        number of employees changed."""
        model = self.model
        cost = model.cost
        base = [mu * c for c in cost]
        unit_base = [[(mu + x) * c for c in cost] for x in nu]
        order = list(range(len(self.emps)))
        rng.shuffle(order)
        changed = 0
        for n, i in enumerate(order):
            if n % 64 == 0 and time.perf_counter() > deadline:
                break
            emp = self.emps[i]
            have = self.chosen[i]
            held = set(have)
            unit = emp.unit if unit_base else -1
            price = list(unit_base[unit] if unit >= 0 else base)
            for p in emp.cands:
                if p not in held and self.used[p] >= self.seats[p]:
                    price[p] = math.inf
            _, new = _subproblem(model, emp, price)
            free_old = [p for p in have if p not in emp.locked]
            if sorted(new) == sorted(free_old):
                continue
            rate = mu + (nu[unit] if unit >= 0 else 0.0)
            old_score = model.value(emp, have) - rate * sum(cost[p] for p in free_old)
            new_set = [*emp.locked, *new]
            new_score = model.value(emp, new_set) - rate * sum(cost[p] for p in new)
            extra = sum(cost[p] for p in new) - sum(cost[p] for p in free_old)
            if new_score > old_score + 1e-9 and extra <= self.slack(i):
                for p in free_old:
                    self.remove(i, p)
                for p in new:
                    self.add(i, p)
                changed += 1
        self.fill()
        return changed

    def snapshot(self) -> tuple[list[list[int]], list[int], int, list[int], list[int]]:
        return ([list(c) for c in self.chosen], list(self.used), self.spent, list(self.jp),
                list(self.unit_spent))

    def restore(self, snap: tuple[list[list[int]], list[int], int, list[int], list[int]]
                ) -> None:
        chosen, used, spent, jp, unit_spent = snap
        self.chosen = [list(c) for c in chosen]
        self.used, self.spent, self.jp = list(used), spent, list(jp)
        self.unit_spent = list(unit_spent)

    def ruin_and_recreate(self, deadline: float, rng: random.Random, depth: int = 2) -> bool:
        """For small problems: drop one or two free assignments, refill greedily, keep the
        result when it is better. Returns whether anything improved."""
        improved = False
        now = self.total()
        pairs = [(i, p) for i, chosen in enumerate(self.chosen) for p in chosen
                 if p not in self.emps[i].locked]
        rng.shuffle(pairs)
        tries = [[a] for a in pairs]
        if depth > 1:
            tries += [[a, b] for k, a in enumerate(pairs) for b in pairs[k + 1:]]
        for drop in tries:
            if time.perf_counter() > deadline:
                break
            if any(p not in self.chosen[i] for i, p in drop):
                continue
            snap = self.snapshot()
            for i, p in drop:
                self.remove(i, p)
            banned = set(drop)
            self.fill(banned=banned)
            value = self.total()
            if value > now + 1e-9:
                now = value
                improved = True
            else:
                self.restore(snap)
        return improved

    def assignments(self, all_emps: Sequence[Any]) -> tuple[Assignment, ...]:
        codes = [p.code for p in self.model.problem.programmes]
        out: list[Assignment] = []
        for emp, chosen in zip(self.emps, self.chosen, strict=True):
            eid = all_emps[emp.index].id
            out.extend((eid, codes[p]) for p in sorted(chosen))
        return tuple(out)


def _exact_small(model: _Model, prices: _Prices, incumbent: float, deadline: float
                 ) -> tuple[list[list[int]] | None, bool]:
    """Tiny problems only: depth-first search over the employees' feasible programme sets,
    pruned by the Lagrangian bound of what is left (the employees still to decide at
    ``prices``, plus the priced leftover budget and seats). Returns better choices (``None``
    when the incumbent is already best) and whether the search finished (optimality proven)."""
    emps = model.emps
    price = prices.of(model)
    unit_price = prices.of_units(model)
    options: list[list[tuple[float, int, list[int]]]] = []
    subs = []
    for emp in emps:
        sets: list[tuple[float, int, list[int]]] = []
        cands = emp.cands
        for mask in range(1 << len(cands)):
            chosen = [cands[b] for b in range(len(cands)) if mask >> b & 1]
            if sum(model.jp[p] for p in chosen) > emp.max_left:
                continue
            sets.append((model.value(emp, [*emp.locked, *chosen]),
                         sum(model.cost[p] for p in chosen), chosen))
        sets.sort(key=lambda t: -t[0])
        options.append(sets)
        own = unit_price[emp.unit] if emp.unit >= 0 else price
        subs.append(_subproblem(model, emp, own)[0]
                    + sum(own[p] for p in emp.locked))  # free part priced, locked unpriced
    suffix = [0.0] * (len(emps) + 1)
    for i in range(len(emps) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + subs[i]
    seats = list(model.seats)
    spent = 0
    unit_left = list(model.unit_budget)
    for emp in emps:
        for p in emp.locked:
            seats[p] -= 1
            spent += model.cost[p]
            if emp.unit >= 0:
                unit_left[emp.unit] -= model.cost[p]
    best = incumbent
    best_choice: list[list[int]] | None = None
    current: list[list[int]] = []
    timed_out = False

    def dfs(i: int, value: float, budget_left: int) -> None:
        nonlocal best, best_choice, timed_out
        if timed_out or time.perf_counter() > deadline:
            timed_out = True
            return
        if i == len(emps):
            if value > best + 1e-9:
                best, best_choice = value, [list(c) for c in current]
            return
        rest = suffix[i] + prices.mu * budget_left + sum(
            x * max(s, 0) for x, s in zip(prices.pi, seats, strict=True)) + sum(
            x * max(b, 0) for x, b in zip(prices.nu, unit_left, strict=True))
        if value + rest <= best + 1e-9:
            return
        unit = emps[i].unit
        for val, cost, chosen in options[i]:
            if cost > budget_left or any(seats[p] <= 0 for p in chosen) or \
                    (unit >= 0 and cost > unit_left[unit]):
                continue
            for p in chosen:
                seats[p] -= 1
            if unit >= 0:
                unit_left[unit] -= cost
            current.append(chosen)
            dfs(i + 1, value + val, budget_left - cost)
            current.pop()
            if unit >= 0:
                unit_left[unit] += cost
            for p in chosen:
                seats[p] += 1

    dfs(0, 0.0, model.budget - spent)
    return best_choice, not timed_out


def _finish(problem: Problem, primal: _Primal, bound: float, start: float, method: str,
            iterations: int) -> Plan:
    assignments = primal.assignments(problem.employees)
    value = plan_value(problem, assignments)
    errors = check_plan(problem, assignments)
    if errors:  # a bug, never an answer: the checker is independent of the planner
        raise AssertionError(f"planner produced an infeasible plan: {errors[:3]}")
    below = sum(1 for emp, jp in zip(primal.emps, primal.jp, strict=True) if jp < emp.min_jp)
    return Plan(assignments=assignments, value=value, bound=max(bound, value),
                cost=primal.spent, seconds=time.perf_counter() - start, method=method,
                iterations=iterations, employees_below_min_jp=below)


def greedy(problem: Problem) -> Plan:
    """The plain baseline: lazy greedy by marginal value per rupiah, seats and JP respected.
    Its ``bound`` is the trivial one: every gap closed and nobody short of JP."""
    start = time.perf_counter()
    model = _Model(problem)
    primal = _Primal(model, model.emps, model.budget, model.seats)
    primal.fill()
    trivial = math.fsum(sum(w * g for w, g in zip(e.weight, e.gap, strict=True))
                        for e in model.emps)
    return _finish(problem, primal, trivial, start, "greedy", 0)


def solve(problem: Problem, *, time_limit: float = 10.0, seed: int = 0) -> Plan:
    """The best plan found within ``time_limit`` seconds, with a proven bound (see the module
    documentation). ``seed`` fixes the sample of employees and the local-search order.

    When the price method finishes early and the problem is sparse enough, the time left goes
    to the exact MILP (HiGHS), started from the plan found: it can only improve the plan, and
    its proven bound tightens the Lagrangian one (see :func:`milp_polish`)."""
    start = time.perf_counter()
    plan = _solve(problem, time_limit, seed, None)[0]
    return milp_polish(problem, plan, deadline=start + time_limit)


# The MILP polish: worth starting only with a few seconds left, on a model HiGHS handles well
# (measured: the demo's 6,000 employees × 52 programmes, 35,000 eligible pairs, solved to
# optimality in 30 s; 2,000 × 60 with 78,000 pairs was not proven in 150 s), and only when the
# plan is not already proven within half a percent.
MILP_MIN_SECONDS = 2.0
MILP_MAX_PAIRS = 120_000
MILP_GAP_TRIGGER = 0.005


def milp_polish(problem: Problem, plan: Plan, *, deadline: float,
                gap_trigger: float = MILP_GAP_TRIGGER) -> Plan:
    """``plan`` improved by HiGHS's MILP in the time left before ``deadline``: the better of the
    two plans, and the smaller of the two proven bounds."""
    pairs = sum(len(problem.eligible(e)) for e in problem.employees)
    left = deadline - time.perf_counter() - 1e-5 * pairs - 0.2  # building the model, checks
    if left < MILP_MIN_SECONDS or pairs > MILP_MAX_PAIRS or plan.gap <= gap_trigger:
        return plan
    from bina.core.plan_exact import solve_exact

    started = time.perf_counter()
    exact = solve_exact(problem, time_limit=left, initial=plan.assignments)
    assignments, value, cost = plan.assignments, plan.value, plan.cost
    if exact.assignments and exact.value > plan.value + 1e-9 \
            and not check_plan(problem, exact.assignments):
        assignments, value = exact.assignments, exact.value
        costs = {p.code: p.cost for p in problem.programmes}
        cost = sum(costs[code] for _, code in assignments)
    bound = plan.bound
    if math.isfinite(exact.bound):
        bound = min(bound, exact.bound)
    floor = {e.id: e.min_jp for e in problem.employees}
    jps = {p.code: p.jp for p in problem.programmes}
    planned: dict[str, int] = {}
    for employee, code in assignments:
        planned[employee] = planned.get(employee, 0) + jps[code]
    below = sum(1 for e, m in floor.items() if planned.get(e, 0) < m)
    return replace(plan, assignments=tuple(assignments), value=value,
                   bound=max(bound, value), cost=cost,
                   seconds=plan.seconds + time.perf_counter() - started,
                   method=plan.method + "+milp", employees_below_min_jp=below)


def _solve(problem: Problem, time_limit: float, seed: int, warm: _Prices | None
           ) -> tuple[Plan, _Prices]:
    """:func:`solve`, starting the price search from ``warm`` (when given) instead of the
    greedy estimate; also returns the best prices found."""
    start = time.perf_counter()
    deadline = start + time_limit
    rng = random.Random(seed)
    model = _Model(problem)
    emps = model.emps
    n = len(emps)
    full_seats = [float(s) for s in model.seats]
    # 1. tune the prices on a sample (the whole problem when small)
    if n > SAMPLE_SIZE:
        sample = sorted(rng.sample(range(n), SAMPLE_SIZE))
        s_emps = [emps[i] for i in sample]
        share = SAMPLE_SIZE / n
        s_budget, s_seats = model.budget * share, [s * share for s in full_seats]
        s_units = _unit_share(model, s_emps)
        phase_end = start + 0.4 * time_limit
    else:
        s_emps, s_budget, s_seats = emps, float(model.budget), full_seats
        s_units = [float(b) for b in model.unit_budget]
        phase_end = start + 0.85 * time_limit
    clear_end = start + (phase_end - start) * CLEAR_SHARE
    dual = _Dual(model, s_emps, s_budget, s_seats, clear_end, s_units)
    if warm is not None and len(warm.pi) == len(full_seats) and len(warm.nu) == len(s_units):
        initial = warm.copy()
    else:
        mu0 = _initial_mu(model, s_emps, s_budget)
        initial = _Prices(mu0, [0.0] * len(full_seats),
                          _initial_nu(model, s_emps, s_units, mu0))
    dual.run(initial, 40)
    plans: list[tuple[float, list[list[int]]]] = []

    def plan_from(result: _Eval) -> float:
        """A repaired and filled plan from the choices at some prices (kept when best)."""
        trial = _Primal(model, emps, model.budget, model.seats)
        trial.load(result.choices)
        trial.repair()
        trial.fill()
        value = trial.total()
        if not plans or value > plans[0][0]:
            plans[:] = [(value, [[p for p in c if p not in e.locked]
                                 for e, c in zip(emps, trial.chosen, strict=True)])]
        return value

    if n <= SAMPLE_SIZE:
        target = plan_from(dual.best) if dual.best.choices else -math.inf
        dual.polish(target, phase_end, plan_from=plan_from)
    else:  # a plan on the sample: its value estimates the sample's optimum from below
        trial = _Primal(model, s_emps, math.floor(s_budget), [math.floor(x) for x in s_seats],
                        [math.floor(x) for x in s_units])
        trial.load(dual.best.choices)
        trial.repair()
        trial.fill()
        dual.polish(trial.total(), phase_end)
    iterations = dual.evaluations
    best = dual.best
    # 2. the bound on every employee at the best prices found
    if n > SAMPLE_SIZE:
        best = _evaluate(model, emps, dual.best_prices, model.budget, full_seats,
                         model.unit_budget)
        iterations += 1
        if model.unit_budget:
            best = _refine_units(model, dual.best_prices, best, start + 0.6 * time_limit)
    if not math.isfinite(best.bound):  # no time at all: the trivial bound
        trivial = math.fsum(sum(w * g for w, g in zip(e.weight, e.gap, strict=True))
                            for e in emps)
        best = _Eval(trivial, [[] for _ in emps], 0.0, [], [])
    best_l, choices = best.bound, best.choices
    # 3. the plan: repair the relaxed choices, fill, improve
    method = "lagrangian"
    end = deadline - 0.02 * time_limit - 2e-5 * n  # the checks and the export take that long
    primal = _Primal(model, emps, model.budget, model.seats)
    primal.load(choices)
    primal.repair()
    primal.fill()
    if plans and plans[0][0] > primal.total():
        primal = _Primal(model, emps, model.budget, model.seats)
        primal.load(plans[0][1])
    passes = 0
    while time.perf_counter() < end:
        passes += 1
        if primal.improve(end, rng) == 0 or passes >= 20:
            break
    mu = dual.best_prices.mu
    for factor in (1.0, 0.95, 1.05, 1.0, 0.9, 1.1, 1.0):
        if time.perf_counter() > end - 0.03 * time_limit:
            break
        if primal.transfer_seats(end):
            primal.fill()
        primal.reprice(mu * factor, end, rng, [x * factor for x in dual.best_prices.nu])
    if n <= TINY and max((len(e.cands) for e in emps), default=0) <= 10:
        better, proven = _exact_small(model, dual.best_prices, primal.total(),
                                      end)
        if better is not None:
            primal = _Primal(model, emps, model.budget, model.seats)
            primal.load(better)
        if proven:  # the search covered every plan: the best one found is optimal
            best_l = min(best_l, primal.total() + 1e-9 * max(1.0, abs(best_l)))
            method = "lagrangian+exhaustive"
    elif n <= SMALL:
        while time.perf_counter() < end and \
                primal.ruin_and_recreate(end, rng):
            pass
    return _finish(problem, primal, best_l, start, method, iterations), dual.best_prices


def _unit_share(model: _Model, sample: Sequence[_Emp]) -> list[float]:
    """Each unit line scaled down to the sample: line × (its employees sampled / all)."""
    everyone = [0] * len(model.unit_budget)
    sampled = [0] * len(model.unit_budget)
    for emp in model.emps:
        if emp.unit >= 0:
            everyone[emp.unit] += 1
    for emp in sample:
        if emp.unit >= 0:
            sampled[emp.unit] += 1
    return [b * s / max(1, n) for b, s, n in zip(model.unit_budget, sampled, everyone,
                                                  strict=True)]


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """One point of :func:`budget_curve`: the plan at ``fraction`` of the budget (``budget`` in
    Rp, unit lines scaled alike). ``counted`` employees have a JP floor (``min_jp`` > 0) and
    ``reaching_min_jp`` of them are planned at least that many JP. When the locked assignments
    do not fit this budget (or a scaled unit line) the point is not solved: ``feasible`` is
    False and ``value``, ``bound`` and ``cost`` are ``None``."""

    fraction: float
    budget: int
    value: float | None
    bound: float | None
    cost: int | None
    reaching_min_jp: int
    counted: int
    feasible: bool = True
    assignments: tuple[Assignment, ...] = ()


def scaled_problem(problem: Problem, fraction: float) -> Problem:
    """``problem`` with its budget and every unit line multiplied by ``fraction`` (rounded to
    the rupiah)."""
    return replace(problem, budget=round(problem.budget * fraction),
                   unit_budgets={u: round(b * fraction) for u, b in problem.unit_budgets.items()},
                   _index={})


def budget_curve(problem: Problem, fractions: Sequence[float] = CURVE_FRACTIONS, *,
                 time_limit: float, seed: int = 0) -> tuple[CurvePoint, ...]:
    """The best plan found at each budget ``fraction`` (1.0: the problem's own budget), within
    ``time_limit`` seconds in all: the points are solved in increasing order of fraction, each
    given an equal share of the time still left, and each price search starts from the previous
    point's best prices (a warm start: the budget's price moves, the seats' prices change little).
    The points come back in the order of ``fractions``. Heuristic plans need not rise with the
    budget; each point's ``bound`` is proven for its own budget."""
    start = time.perf_counter()
    deadline = start + time_limit
    counted = sum(1 for e in problem.employees if e.min_jp > 0)
    order = sorted(range(len(fractions)), key=lambda k: fractions[k])
    points: dict[int, CurvePoint] = {}
    warm: _Prices | None = None
    left = len(order)
    for k in order:
        fraction = fractions[k]
        scaled = scaled_problem(problem, fraction)
        share = max(0.0, deadline - time.perf_counter()) / left
        left -= 1
        if not locked_fits(scaled):
            points[k] = CurvePoint(fraction, scaled.budget, None, None, None, 0, counted,
                                   feasible=False)
            continue
        plan, warm = _solve(scaled, max(share, 1e-3), seed, warm)
        jp: dict[str, int] = {}
        for eid, code in plan.assignments:
            jp[eid] = jp.get(eid, 0) + scaled.programme(code).jp
        reaching = sum(1 for e in problem.employees
                       if e.min_jp > 0 and jp.get(e.id, 0) >= e.min_jp)
        points[k] = CurvePoint(fraction, scaled.budget, plan.value, plan.bound, plan.cost,
                               reaching, counted, True, plan.assignments)
    return tuple(points[k] for k in range(len(fractions)))
