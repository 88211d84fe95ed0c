"""The development-plan model (issue 4): the problem, the objective, the independent checker.

Pure: no Django. Plain data in, plain data out. The planner itself lives in
:mod:`bina.core.plan_solve` (Lagrangian relaxation, fast) and the exact reference in
:mod:`bina.core.plan_exact` (HiGHS MILP, slow); both are re-exported here lazily, so
``from bina.core.plan import solve`` works.

**The model.** For employee e and competency c, g(e,c) is the gap in levels and w(e,c) its
weight; programme p raises c by a(p,c) levels. Choose x(e,p) ∈ {0,1} to maximise::

    Σ_e Σ_c w(e,c) · min(g(e,c), Σ_p a(p,c) · x(e,p))  −  λ · Σ_e max(0, min_jp(e) − JP(e))

with JP(e) = Σ_p jp(p) · x(e,p), subject to: Σ cost(p) · x(e,p) ≤ budget; for each unit budget
line u, Σ_{e in u} cost(p) · x(e,p) ≤ budget(u); participants of p ≤ seats(p) (the total over
its classes); JP(e) ≤ max_jp(e); x(e,p) = 0 unless p is eligible for e; locked assignments kept
(x = 1).

**The JSON form** (:func:`problem_from_dict`, :func:`problem_to_dict`)::

    {"budget": 15000000, "lambda": 0.25, "unit_budgets": {"U1": 9000000},
     "programmes": [{"code": "P01", "jp": 16, "cost": 2400000, "seats": 80,
                     "gains": {"M.3": 1, "T.EGOV": 2}}],
     "employees": [{"id": "E1", "min_jp": 20, "max_jp": 60, "gaps": {"M.3": 2, "M.8": 1},
                    "weights": {"M.3": 3, "M.8": 1}, "eligible": ["P01"], "unit": "U1"}],
     "locked": [{"employee": "E1", "programme": "P01"}]}

``eligible`` absent (``None``) means every programme that raises at least one competency in
which the employee has a gap (> 0). A competency without a weight weighs 0; ``min_jp`` defaults
to 0, ``max_jp`` to 60 and ``lambda`` to 0.25. **Unit budget lines** (optional): the
assignments of the employees whose ``unit`` has a line in ``unit_budgets`` cost at most that line
in total; employees without a unit, or whose unit has no line, are bound by the global budget
only, and the global budget always applies too (a line for a unit no employee has is ignored).
More keys are allowed and ignored. Invalid input raises :class:`PlanInputError` with an
Indonesian and an English message naming what is wrong.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    from bina.core.plan_exact import ExactResult
    from bina.core.plan_solve import CurvePoint, Plan

Assignment = tuple[str, str]  # (employee id, programme code)
CURVE_FRACTIONS: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5)


class PlanInputError(ValueError):
    """A planning problem that is refused; ``message_id`` in Indonesian, ``message_en`` English."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.message_en = message_en


@dataclass(frozen=True, slots=True)
class Programme:
    """A programme: JP per participant, cost per participant (Rp), total seats, gains a(p,c)."""

    code: str
    jp: int
    cost: int
    seats: int
    gains: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Employee:
    """An employee: the JP floor for the penalty (20 PNS, 0 otherwise), the JP ceiling, the gaps
    g(e,c) and weights w(e,c), and the eligible programmes (``None``: derived from the gaps)."""

    id: str
    min_jp: int
    max_jp: int
    gaps: Mapping[str, int]
    weights: Mapping[str, float]
    eligible: tuple[str, ...] | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A planning problem. ``lam`` is the penalty λ per JP of shortfall below ``min_jp``;
    ``unit_budgets`` the unit budget lines (unit → Rp), on top of the global ``budget``."""

    budget: int
    programmes: tuple[Programme, ...]
    employees: tuple[Employee, ...]
    lam: float = 0.25
    locked: tuple[Assignment, ...] = ()
    unit_budgets: Mapping[str, int] = field(default_factory=dict)
    _index: dict[str, Programme] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({p.code: p for p in self.programmes})

    def programme(self, code: str) -> Programme:
        return self._index[code]

    def eligible(self, employee: Employee) -> tuple[str, ...]:
        """The programmes open to ``employee`` (the explicit list, or derived from the gaps)."""
        if employee.eligible is not None:
            return employee.eligible
        gapped = {c for c, g in employee.gaps.items() if g > 0}
        return tuple(p.code for p in self.programmes
                     if any(a > 0 and c in gapped for c, a in p.gains.items()))


# ---------------------------------------------------------------------------------------------
# Reading and writing the JSON form


def _refuse(message_id: str, message_en: str) -> PlanInputError:
    return PlanInputError(message_id, message_en)


def _number(value: Any, what_id: str, what_en: str, *, integer: bool = True) -> Any:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if ok and integer and isinstance(value, float):
        ok = value.is_integer()
        value = int(value) if ok else value
    if not ok or (isinstance(value, float) and not math.isfinite(value)):
        kind_id, kind_en = ("bilangan bulat", "an integer") if integer else ("angka", "a number")
        raise _refuse(f"{what_id} harus {kind_id}, bukan {value!r}.",
                      f"{what_en} must be {kind_en}, not {value!r}.")
    return value


def _mapping(value: Any, what_id: str, what_en: str, *, integer: bool) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _refuse(f"{what_id} harus objek {{kode: angka}}.",
                      f"{what_en} must be an object {{code: number}}.")
    out: dict[str, Any] = {}
    for key, raw in value.items():
        number = _number(raw, f"{what_id} {key}", f"{what_en} {key}", integer=integer)
        if number < 0:
            raise _refuse(f"{what_id} {key} tidak boleh negatif ({number}).",
                          f"{what_en} {key} must not be negative ({number}).")
        out[str(key)] = number
    return out


def problem_from_dict(data: Any) -> Problem:
    """The :class:`Problem` of the JSON form; :class:`PlanInputError` says what is wrong."""
    if not isinstance(data, dict):
        raise _refuse("Masalah perencanaan harus berupa objek JSON.",
                      "The planning problem must be a JSON object.")
    for key in ("budget", "programmes", "employees"):
        if key not in data:
            raise _refuse(f"Kunci '{key}' tidak ada.", f"The key '{key}' is missing.")
    budget = _number(data["budget"], "Anggaran (budget)", "The budget")
    if budget <= 0:
        raise _refuse(f"Anggaran harus lebih dari 0 (tertulis {budget}).",
                      f"The budget must be more than 0 (given {budget}).")
    lam = _number(data.get("lambda", 0.25), "lambda", "lambda", integer=False)
    if lam < 0:
        raise _refuse("lambda tidak boleh negatif.", "lambda must not be negative.")
    programmes = _programmes(data["programmes"])
    codes = {p.code for p in programmes}
    employees = _employees(data["employees"], codes)
    locked = _locked(data.get("locked") or [], employees)
    unit_budgets = _unit_budgets(data.get("unit_budgets"))
    problem = Problem(budget=budget, programmes=programmes, employees=employees,
                      lam=float(lam), locked=locked, unit_budgets=unit_budgets)
    _check_locked(problem)
    return problem


def _unit_budgets(raw: Any) -> dict[str, int]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _refuse("'unit_budgets' harus objek {unit: anggaran}.",
                      "'unit_budgets' must be an object {unit: budget}.")
    out: dict[str, int] = {}
    for unit, amount in raw.items():
        number = _number(amount, f"Anggaran unit {unit}", f"The budget of unit {unit}")
        if number < 0:
            raise _refuse(f"Anggaran unit {unit} tidak boleh negatif ({number}).",
                          f"The budget of unit {unit} must not be negative ({number}).")
        out[str(unit)] = number
    return out


def _programmes(raw: Any) -> tuple[Programme, ...]:
    if not isinstance(raw, list):
        raise _refuse("'programmes' harus daftar.", "'programmes' must be a list.")
    out: list[Programme] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("code"), str) or not item["code"]:
            raise _refuse(f"Program ke-{i}: 'code' (teks) wajib ada.",
                          f"Programme {i}: 'code' (text) is required.")
        code = item["code"]
        if code in seen:
            raise _refuse(f"Kode program {code} muncul dua kali.",
                          f"Programme code {code} appears twice.")
        seen.add(code)
        values = {}
        for key, name_id in (("jp", "JP"), ("cost", "biaya"), ("seats", "kursi")):
            if key not in item:
                raise _refuse(f"Program {code}: '{key}' wajib ada.",
                              f"Programme {code}: '{key}' is required.")
            values[key] = _number(item[key], f"Program {code}: {name_id}",
                                  f"Programme {code}: {key}")
        if values["jp"] < 0 or values["cost"] < 0:
            raise _refuse(f"Program {code}: JP dan biaya tidak boleh negatif.",
                          f"Programme {code}: JP and cost must not be negative.")
        if values["seats"] <= 0:
            raise _refuse(f"Program {code} tidak punya kursi (seats {values['seats']}); "
                          "hapus program itu atau isi jumlah kursinya.",
                          f"Programme {code} has no seats (seats {values['seats']}); remove it "
                          "or give its number of seats.")
        gains = _mapping(item.get("gains"), f"Program {code}: kenaikan",
                         f"Programme {code}: gain", integer=True)
        out.append(Programme(code, values["jp"], values["cost"], values["seats"],
                             {c: a for c, a in gains.items() if a > 0}))
    return tuple(out)


def _employees(raw: Any, codes: set[str]) -> tuple[Employee, ...]:
    if not isinstance(raw, list):
        raise _refuse("'employees' harus daftar.", "'employees' must be a list.")
    out: list[Employee] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            raise _refuse(f"Pegawai ke-{i}: 'id' (teks) wajib ada.",
                          f"Employee {i}: 'id' (text) is required.")
        eid = item["id"]
        if eid in seen:
            raise _refuse(f"Pegawai {eid} muncul dua kali.", f"Employee {eid} appears twice.")
        seen.add(eid)
        min_jp = _number(item.get("min_jp", 0), f"Pegawai {eid}: min_jp", f"Employee {eid}: min_jp")
        max_jp = _number(item.get("max_jp", 60), f"Pegawai {eid}: max_jp",
                         f"Employee {eid}: max_jp")
        if min_jp < 0 or max_jp < 0:
            raise _refuse(f"Pegawai {eid}: min_jp dan max_jp tidak boleh negatif.",
                          f"Employee {eid}: min_jp and max_jp must not be negative.")
        gaps = _mapping(item.get("gaps"), f"Pegawai {eid}: kesenjangan",
                        f"Employee {eid}: gap", integer=True)
        weights = _mapping(item.get("weights"), f"Pegawai {eid}: bobot",
                           f"Employee {eid}: weight", integer=False)
        eligible: tuple[str, ...] | None = None
        if item.get("eligible") is not None:
            raw_eligible = item["eligible"]
            if not isinstance(raw_eligible, list) or not all(isinstance(c, str)
                                                             for c in raw_eligible):
                raise _refuse(f"Pegawai {eid}: 'eligible' harus daftar kode program.",
                              f"Employee {eid}: 'eligible' must be a list of programme codes.")
            unknown = [c for c in raw_eligible if c not in codes]
            if unknown:
                raise _refuse(f"Pegawai {eid}: program tidak dikenal di 'eligible': "
                              f"{', '.join(unknown[:5])}.",
                              f"Employee {eid}: unknown programme in 'eligible': "
                              f"{', '.join(unknown[:5])}.")
            eligible = tuple(dict.fromkeys(raw_eligible))
        unit = item.get("unit")
        if unit is not None and (not isinstance(unit, str) or not unit):
            raise _refuse(f"Pegawai {eid}: 'unit' harus teks (kode unit).",
                          f"Employee {eid}: 'unit' must be text (a unit code).")
        out.append(Employee(eid, min_jp, max_jp, {c: g for c, g in gaps.items() if g > 0},
                            {c: float(w) for c, w in weights.items()}, eligible, unit))
    return tuple(out)


def _locked(raw: Any, employees: Sequence[Employee]) -> tuple[Assignment, ...]:
    if not isinstance(raw, list):
        raise _refuse("'locked' harus daftar.", "'locked' must be a list.")
    ids = {e.id for e in employees}
    out: list[Assignment] = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("employee"), str) \
                or not isinstance(item.get("programme"), str):
            raise _refuse(f"Penguncian ke-{i}: perlu 'employee' dan 'programme'.",
                          f"Lock {i}: needs 'employee' and 'programme'.")
        pair = (item["employee"], item["programme"])
        if pair[0] not in ids:
            raise _refuse(f"Penguncian ke-{i}: pegawai {pair[0]} tidak dikenal.",
                          f"Lock {i}: unknown employee {pair[0]}.")
        if pair in out:
            raise _refuse(f"Penguncian {pair[0]}–{pair[1]} tertulis dua kali.",
                          f"Lock {pair[0]}–{pair[1]} is listed twice.")
        out.append(pair)
    return tuple(out)


def _check_locked(problem: Problem) -> None:
    """A locked assignment that breaks a hard constraint is refused, naming the constraint."""
    employees = {e.id: e for e in problem.employees}
    jp: dict[str, int] = {}
    seats: dict[str, int] = {}
    cost = 0
    unit_cost: dict[str, int] = {}
    for eid, code in problem.locked:
        if code not in problem._index:
            raise _refuse(f"Penguncian {eid}–{code}: program {code} tidak dikenal.",
                          f"Lock {eid}–{code}: unknown programme {code}.")
        if code not in problem.eligible(employees[eid]):
            raise _refuse(f"Penguncian {eid}–{code}: program itu tidak sesuai untuk pegawai "
                          "ini (tidak ada di 'eligible').",
                          f"Lock {eid}–{code}: the programme is not eligible for this employee.")
        p = problem.programme(code)
        jp[eid] = jp.get(eid, 0) + p.jp
        seats[code] = seats.get(code, 0) + 1
        cost += p.cost
        unit = employees[eid].unit
        if unit is not None and unit in problem.unit_budgets:
            unit_cost[unit] = unit_cost.get(unit, 0) + p.cost
        if jp[eid] > employees[eid].max_jp:
            raise _refuse(f"Penguncian pegawai {eid}: jumlah JP terkunci {jp[eid]} melebihi "
                          f"batas {employees[eid].max_jp} JP.",
                          f"Locks of employee {eid}: locked JP {jp[eid]} exceed the maximum "
                          f"{employees[eid].max_jp} JP.")
        if seats[code] > p.seats:
            raise _refuse(f"Penguncian program {code}: {seats[code]} peserta terkunci melebihi "
                          f"{p.seats} kursi.",
                          f"Locks of programme {code}: {seats[code]} locked participants exceed "
                          f"its {p.seats} seats.")
    if cost > problem.budget:
        raise _refuse(f"Biaya penugasan terkunci (Rp {cost:,}) melebihi anggaran "
                      f"(Rp {problem.budget:,}).".replace(",", "."),
                      f"The locked assignments cost Rp {cost:,}, more than the budget "
                      f"Rp {problem.budget:,}.")
    for unit, spent in unit_cost.items():
        line = problem.unit_budgets[unit]
        if spent > line:
            raise _refuse(f"Biaya penugasan terkunci unit {unit} (Rp {spent:,}) melebihi "
                          f"anggaran unit itu (Rp {line:,}).".replace(",", "."),
                          f"The locked assignments of unit {unit} cost Rp {spent:,}, more than "
                          f"the unit's budget Rp {line:,}.")


def locked_fits(problem: Problem) -> bool:
    """Whether the locked assignments fit the budget and every unit line (the other hard
    constraints on locks do not depend on the money)."""
    employees = {e.id: e for e in problem.employees}
    cost = 0
    unit_cost: dict[str, int] = {}
    for eid, code in problem.locked:
        c = problem.programme(code).cost
        cost += c
        unit = employees[eid].unit
        if unit is not None and unit in problem.unit_budgets:
            unit_cost[unit] = unit_cost.get(unit, 0) + c
    return cost <= problem.budget and all(spent <= problem.unit_budgets[u]
                                          for u, spent in unit_cost.items())


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The JSON form of ``problem`` (round-trips through :func:`problem_from_dict`)."""
    out: dict[str, Any] = {
        "budget": problem.budget,
        "lambda": problem.lam,
        "programmes": [{"code": p.code, "jp": p.jp, "cost": p.cost, "seats": p.seats,
                        "gains": dict(p.gains)} for p in problem.programmes],
        "employees": [{"id": e.id, "min_jp": e.min_jp, "max_jp": e.max_jp,
                       "gaps": dict(e.gaps), "weights": dict(e.weights),
                       **({"eligible": list(e.eligible)} if e.eligible is not None else {}),
                       **({"unit": e.unit} if e.unit is not None else {})}
                      for e in problem.employees],
        "locked": [{"employee": e, "programme": p} for e, p in problem.locked],
    }
    if problem.unit_budgets:
        out["unit_budgets"] = dict(problem.unit_budgets)
    return out


# ---------------------------------------------------------------------------------------------
# The objective and the checker


def employee_value(problem: Problem, employee: Employee, codes: Iterable[str]) -> float:
    """One employee's term of the objective for the programmes ``codes``."""
    raised: dict[str, int] = {}
    jp = 0
    for code in codes:
        p = problem.programme(code)
        jp += p.jp
        for c, a in p.gains.items():
            raised[c] = raised.get(c, 0) + a
    value = sum(employee.weights.get(c, 0.0) * min(g, raised.get(c, 0))
                for c, g in employee.gaps.items())
    return value - problem.lam * max(0, employee.min_jp - jp)


def plan_value(problem: Problem, assignments: Iterable[Assignment]) -> float:
    """The objective of the issue, computed from the assignments alone (unknown pairs skipped:
    :func:`check_plan` reports them)."""
    chosen: dict[str, list[str]] = {}
    for eid, code in assignments:
        if code in problem._index:
            chosen.setdefault(eid, []).append(code)
    return math.fsum(employee_value(problem, e, chosen.get(e.id, ()))
                     for e in problem.employees)


def check_plan(problem: Problem, assignments: Iterable[Assignment]) -> list[str]:
    """Every broken constraint of the plan, one English sentence each (empty: feasible)."""
    errors: list[str] = []
    employees = {e.id: e for e in problem.employees}
    seen: set[Assignment] = set()
    jp: dict[str, int] = {}
    seats: dict[str, int] = {}
    cost = 0
    unit_cost: dict[str, int] = {}
    for pair in assignments:
        eid, code = pair
        if pair in seen:
            errors.append(f"duplicate assignment {eid}–{code}")
            continue
        seen.add(pair)
        if eid not in employees or code not in problem._index:
            errors.append(f"unknown employee or programme in {eid}–{code}")
            continue
        if code not in problem.eligible(employees[eid]):
            errors.append(f"{code} is not eligible for {eid}")
        p = problem.programme(code)
        jp[eid] = jp.get(eid, 0) + p.jp
        seats[code] = seats.get(code, 0) + 1
        cost += p.cost
        unit = employees[eid].unit
        if unit is not None and unit in problem.unit_budgets:
            unit_cost[unit] = unit_cost.get(unit, 0) + p.cost
    if cost > problem.budget:
        errors.append(f"cost {cost} exceeds the budget {problem.budget}")
    for unit, spent in unit_cost.items():
        if spent > problem.unit_budgets[unit]:
            errors.append(f"unit {unit}: cost {spent} exceeds the unit budget "
                          f"{problem.unit_budgets[unit]}")
    for code, used in seats.items():
        if used > problem.programme(code).seats:
            errors.append(f"{code}: {used} participants for {problem.programme(code).seats} seats")
    for eid, total in jp.items():
        if total > employees[eid].max_jp:
            errors.append(f"{eid}: {total} JP above the maximum {employees[eid].max_jp}")
    errors.extend(f"locked assignment {eid}–{code} missing"
                  for eid, code in problem.locked if (eid, code) not in seen)
    return errors


SHORTFALL_NO_PROGRAMME = "no_programme"
SHORTFALL_SEATS = "seats"
SHORTFALL_BUDGET = "budget"


def _most_jp_within(jps: Iterable[int], cap: int) -> int:
    """The largest total of a subset of ``jps`` that is at most ``cap`` (subset sum)."""
    reach = 1  # bit j set: a total of j JP is reachable
    mask = (1 << (cap + 1)) - 1
    for jp in jps:
        if jp > 0:
            reach = (reach | (reach << jp)) & mask
    return reach.bit_length() - 1


def explain_shortfall(problem: Problem, assignments: Iterable[Assignment]) -> dict[str, str]:
    """Why each employee with a JP floor (``min_jp`` > 0) is planned below it: employee id →
    the main reason, one of

    * :data:`SHORTFALL_NO_PROGRAMME` (``"no_programme"``): no eligible programme, or even every
      eligible programme together, within ``max_jp``, cannot reach ``min_jp``; also when no
      eligible programme they do not have yet fits the JP they have left under ``max_jp``;
    * :data:`SHORTFALL_SEATS` (``"seats"``): every eligible programme they do not have yet that
      adds JP and fits the JP they have left is full;
    * :data:`SHORTFALL_BUDGET` (``"budget"``): otherwise — such a programme has a free seat, so
      the money is spent (the global budget, or their unit's line).

    Employees at or above their floor are absent. Unknown pairs in ``assignments`` are skipped
    (:func:`check_plan` reports them).
    """
    chosen: dict[str, list[str]] = {}
    used: dict[str, int] = {}
    for eid, code in assignments:
        if code in problem._index:
            chosen.setdefault(eid, []).append(code)
            used[code] = used.get(code, 0) + 1
    reasons: dict[str, str] = {}
    for e in problem.employees:
        if e.min_jp <= 0:
            continue
        have = chosen.get(e.id, [])
        jp = sum(problem.programme(c).jp for c in have)
        if jp >= e.min_jp:
            continue
        eligible = [problem.programme(c) for c in problem.eligible(e)]
        if _most_jp_within((p.jp for p in eligible), e.max_jp) < e.min_jp:
            reasons[e.id] = SHORTFALL_NO_PROGRAMME
            continue
        taken = set(have)
        fitting = [p for p in eligible
                   if p.code not in taken and 0 < p.jp <= e.max_jp - jp]
        if not fitting:
            reasons[e.id] = SHORTFALL_NO_PROGRAMME
        elif all(used.get(p.code, 0) >= p.seats for p in fitting):
            reasons[e.id] = SHORTFALL_SEATS
        else:
            reasons[e.id] = SHORTFALL_BUDGET
    return reasons


# ---------------------------------------------------------------------------------------------
# A synthetic instance generator (benchmarks and tests)


def synthetic_problem(n_employees: int, n_programmes: int, seed: int = 0, *,
                      n_competencies: int = 12, budget_share: float = 0.35,
                      lam: float = 0.25) -> Problem:
    """A realistic random instance: costs Rp 0.5–6 million, JP 4–40, seats 20–200, each
    programme raising 1–3 of ``n_competencies`` competencies by 1–2 levels; each employee has
    gaps 1–3 on 3–6 competencies with weights 1–5, 80% PNS (min 20 JP, max 60) and 20% PPPK
    (no floor, max 24), eligible for about 62% of the programmes; the budget is
    ``budget_share`` of what giving everyone every useful programme would cost, capped so that
    roughly two thirds of the wanted training fits."""
    rng = random.Random(seed)
    comps = [f"C{i:02d}" for i in range(n_competencies)]
    programmes = []
    for i in range(n_programmes):
        raised = rng.sample(comps, rng.choice((1, 1, 2, 2, 2, 3)))
        jp = rng.choice((4, 8, 8, 12, 16, 16, 20, 24, 24, 32, 40))
        cost = round(rng.uniform(500_000, 6_000_000) * (0.6 + jp / 50), -4)
        cost = int(min(6_000_000, max(500_000, cost)))
        seats = rng.choice((20, 30, 40, 60, 80, 100, 120, 150, 200))
        seats = max(seats, n_employees // max(1, n_programmes // 4) // rng.choice((2, 3, 4, 6)))
        programmes.append(Programme(f"P{i + 1:03d}", jp, cost, seats,
                                    {c: rng.choice((1, 1, 2)) for c in raised}))
    codes = [p.code for p in programmes]
    employees = []
    wanted = 0
    for i in range(n_employees):
        pns = rng.random() < 0.8
        gapped = rng.sample(comps, rng.randint(3, 6))
        gaps = {c: rng.choice((1, 1, 2, 2, 3)) for c in gapped}
        weights = {c: float(rng.randint(1, 5)) for c in gapped}
        eligible = tuple(c for c in codes if rng.random() < 0.62)
        employees.append(Employee(f"E{i + 1:06d}", 20 if pns else 0, 60 if pns else 24,
                                  gaps, weights, eligible))
        wanted += sum(g for g in gaps.values())
    mean_cost = sum(p.cost for p in programmes) / max(1, n_programmes)
    mean_gain = sum(sum(p.gains.values()) for p in programmes) / max(1, n_programmes)
    # about wanted/mean_gain programme places close every gap; fund a share of them
    budget = int(round(budget_share * wanted / mean_gain * mean_cost * 1.5, -6))
    total_seats = sum(p.seats for p in programmes)
    budget = max(1_000_000, min(budget, int(total_seats * mean_cost * 0.7)))
    return Problem(budget=budget, programmes=tuple(programmes), employees=tuple(employees),
                   lam=lam)


# ---------------------------------------------------------------------------------------------
# The solvers (lazy re-exports, so this module stays light to import)


def solve(problem: Problem, *, time_limit: float = 10.0, seed: int = 0) -> Plan:
    """The fast planner: see :func:`bina.core.plan_solve.solve`."""
    from bina.core.plan_solve import solve as _solve

    return _solve(problem, time_limit=time_limit, seed=seed)


def budget_curve(problem: Problem, fractions: Sequence[float] = CURVE_FRACTIONS, *,
                 time_limit: float, seed: int = 0) -> tuple[CurvePoint, ...]:
    """The plan's value at several budgets: see :func:`bina.core.plan_solve.budget_curve`."""
    from bina.core.plan_solve import budget_curve as _budget_curve

    return _budget_curve(problem, fractions, time_limit=time_limit, seed=seed)


def solve_exact(problem: Problem, time_limit: float = 60.0, *, threads: int = 1) -> ExactResult:
    """The exact MILP through HiGHS: see :func:`bina.core.plan_exact.solve_exact`."""
    from bina.core.plan_exact import solve_exact as _solve_exact

    return _solve_exact(problem, time_limit=time_limit, threads=threads)
