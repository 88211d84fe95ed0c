"""Pairing mentors with mentees (methods.md B7). Pure: no Django; HiGHS (highspy) and numpy
are imported lazily by :func:`match`.

**Eligibility** (:func:`check_pair`, every rule a tunable of :class:`MatchRules`):

* a person is never their own mentor;
* **levels**: for each competency of the pairing that the mentee has a required level for, the
  mentor's assessed level is at or above that required level (a mentor not assessed in it is
  not eligible for it);
* **seniority**: the mentor's golongan rank and/or position rank is at least ``min_rank_gap``
  above the mentee's (``golongan``, ``position``, ``either`` or ``both``);
* **unit**: any unit, the same unit, or a different unit; **field**: optionally the same field;
* **direct supervisor**: allowed, excluded, or required. In Latsar CPNS (PerLAN 10/2021) the
  mentor is the participant's direct supervisor (atasan langsung; methods.md B7, SEC source);
  other programmes choose.

The best seniority gap, same vs different field or unit, and the span of control (mentees per
mentor) have no quantitative evidence (methods.md B7, **UNVERIFIED**): they are parameters,
not facts. Capacity (at most k mentees per mentor) is enforced by :func:`match`.

**Fit** (:func:`fit`) of an eligible pair, every term explained in ``reasons``:

* :data:`BASE` (10) per pair, so that matching one more mentee outweighs the bonus of any
  single pair (the bonuses add up to at most 9). This is a strong preference, not a strict
  lexicographic one: with long exchange chains a higher total fit can leave a mentee out;
* up to :data:`EXCESS_POINTS` (4) for how far the mentor exceeds the required level, the mean
  over the mentee's required competencies of min(excess, 2) / 2;
* up to :data:`GAP_POINTS` (3) for the mentee's gap being covered, the mean over the required
  competencies of min(required − own level, 3) / 3 (a competency the mentee was not assessed
  in adds nothing): when mentors are scarce, the mentees with the larger gaps go first;
* :data:`SAME_FIELD_POINTS` (2) when mentor and mentee share a field (Eby et al. 2013:
  similarity is the strongest antecedent of relationship quality; methods.md B7).

**Matching** (:func:`match`): maximise the total fit Σ fit(i,j)·x(i,j) subject to Σ_i x(i,j) ≤ 1
per mentee and Σ_j x(i,j) ≤ capacity(i) per mentor, x only for eligible, non-forbidden pairs,
fixed pairs forced to 1. The constraint matrix is the incidence matrix of a bipartite graph,
totally unimodular, so the LP's basic optimum is integral; :func:`match` solves the LP with
HiGHS's simplex, checks integrality, and falls back to the MIP if a value were fractional.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from bina.core.highs import new_highs
from bina.core.messages import Message

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

BASE = 10.0
EXCESS_POINTS = 4.0
EXCESS_CAP = 2
GAP_POINTS = 3.0
GAP_CAP = 3
SAME_FIELD_POINTS = 2.0

Seniority = Literal["golongan", "position", "either", "both"]
UnitRule = Literal["any", "same", "different"]
SupervisorRule = Literal["allowed", "excluded", "required"]


class MentoringError(ValueError):
    """Input the matching refuses (a fixed pair that breaks a rule, duplicate ids, …)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class Person:
    """A civil servant as the matching sees them. ``golongan_rank`` and ``position_rank`` are
    ordinal (higher = more senior); ``levels`` are assessed levels per competency code."""

    id: str
    name: str
    unit: str
    field: str
    golongan_rank: int
    position_rank: int
    levels: Mapping[str, int]
    supervisor_id: str | None = None


@dataclass(frozen=True)
class Mentor:
    person: Person
    capacity: int


@dataclass(frozen=True)
class Mentee:
    """``required``: the level required per competency of the pairing."""

    person: Person
    required: Mapping[str, int]


@dataclass(frozen=True)
class MatchRules:
    competencies: tuple[str, ...]
    seniority: Seniority = "either"
    min_rank_gap: int = 1
    unit_rule: UnitRule = "any"
    same_field: bool = False
    supervisor_rule: SupervisorRule = "allowed"


@dataclass(frozen=True)
class Fit:
    score: float
    reasons: tuple[Message, ...]


@dataclass(frozen=True)
class Pair:
    mentor_id: str
    mentee_id: str
    fit: Fit
    fixed: bool = False


@dataclass(frozen=True)
class Unmatched:
    mentee_id: str
    reason: Message


@dataclass(frozen=True)
class Matching:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    total_fit: float
    optimal: bool
    status: str = ""
    seconds: float = 0.0
    eligible_pairs: int = 0


# --------------------------------------------------------------------------------------------
# Eligibility and fit of one pair


def _required(mentee: Mentee, rules: MatchRules) -> list[tuple[str, int]]:
    return [(c, mentee.required[c]) for c in rules.competencies if c in mentee.required]


def check_pair(mentor: Mentor, mentee: Mentee, rules: MatchRules) -> tuple[Message, ...]:
    """The rules ``mentor`` breaks for ``mentee`` (empty = eligible). Capacity is not checked
    here (it depends on the other pairs)."""
    m, e = mentor.person, mentee.person
    out: list[Message] = []
    if m.id == e.id:
        return (Message("mentoring.self", {"person": m.name}),)
    is_supervisor = e.supervisor_id == m.id
    if rules.supervisor_rule == "excluded" and is_supervisor:
        out.append(Message("mentoring.supervisor_excluded", {"mentor": m.name,
                                                             "mentee": e.name}))
    if rules.supervisor_rule == "required" and not is_supervisor:
        out.append(Message("mentoring.supervisor_required", {"mentor": m.name,
                                                             "mentee": e.name}))
    gol_gap = m.golongan_rank - e.golongan_rank
    pos_gap = m.position_rank - e.position_rank
    gol_ok = gol_gap >= rules.min_rank_gap
    pos_ok = pos_gap >= rules.min_rank_gap
    senior = {"golongan": gol_ok, "position": pos_ok, "either": gol_ok or pos_ok,
              "both": gol_ok and pos_ok}[rules.seniority]
    if not senior:
        out.append(Message(f"mentoring.seniority.{rules.seniority}", {
            "gap": rules.min_rank_gap, "golongan_gap": gol_gap, "position_gap": pos_gap}))
    if rules.unit_rule == "same" and m.unit != e.unit:
        out.append(Message("mentoring.unit_same", {"mentor_unit": m.unit, "mentee_unit": e.unit}))
    if rules.unit_rule == "different" and m.unit == e.unit:
        out.append(Message("mentoring.unit_different", {"unit": m.unit}))
    if rules.same_field and m.field != e.field:
        out.append(Message("mentoring.field", {"mentor_field": m.field,
                                               "mentee_field": e.field}))
    for code, req in _required(mentee, rules):
        level = m.levels.get(code)
        if level is None:
            out.append(Message("mentoring.level_missing", {"competency": code}))
        elif level < req:
            out.append(Message("mentoring.level_low", {"competency": code, "level": level,
                                                       "required": req}))
    return tuple(out)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def fit(mentor: Mentor, mentee: Mentee, rules: MatchRules) -> Fit:
    """The fit of the pair (module notes). An ineligible pair scores 0 and its reasons are the
    violations of :func:`check_pair`."""
    violations = check_pair(mentor, mentee, rules)
    if violations:
        return Fit(0.0, violations)
    m, e = mentor.person, mentee.person
    reasons: list[Message] = [Message("mentoring.fit.base", {"points": _pts(BASE)})]
    required = _required(mentee, rules)
    n = len(required)
    score = BASE
    excess_total = 0.0
    gap_total = 0.0
    for code, req in required:
        level = m.levels[code]
        excess = min(max(level - req, 0), EXCESS_CAP)
        part = EXCESS_POINTS * excess / EXCESS_CAP / n
        excess_total += part
        reasons.append(Message("mentoring.fit.excess", {
            "competency": code, "level": level, "required": req, "points": _pts(part)}))
        own = e.levels.get(code)
        if own is not None:
            gap = min(max(req - own, 0), GAP_CAP)
            gpart = GAP_POINTS * gap / GAP_CAP / n
            gap_total += gpart
            if gap > 0:
                reasons.append(Message("mentoring.fit.gap", {
                    "competency": code, "own": own, "required": req, "points": _pts(gpart)}))
    score += excess_total + gap_total
    if m.field == e.field:
        score += SAME_FIELD_POINTS
        reasons.append(Message("mentoring.fit.same_field", {
            "field": m.field, "points": _pts(SAME_FIELD_POINTS)}))
    if e.supervisor_id == m.id:
        reasons.append(Message("mentoring.fit.supervisor", {}))
    return Fit(round(score, 9), tuple(reasons))


def _pts(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------------------------
# Vectorised eligibility and fit (the same rules as check_pair/fit, for many pairs at once)


@dataclass(frozen=True)
class _Grid:
    eligible: npt.NDArray[np.bool_]  # mentors × mentees
    score: npt.NDArray[np.float64]


def _grid(mentors: Sequence[Mentor], mentees: Sequence[Mentee], rules: MatchRules) -> _Grid:
    import numpy as np

    n_m, n_e = len(mentors), len(mentees)
    mp = [m.person for m in mentors]
    ep = [e.person for e in mentees]
    ok = np.ones((n_m, n_e), dtype=bool)
    mentor_index = {p.id: i for i, p in enumerate(mp)}
    is_sup = np.zeros((n_m, n_e), dtype=bool)
    for j, p in enumerate(ep):
        i = mentor_index.get(p.id)
        if i is not None:
            ok[i, j] = False  # never one's own mentor
        if p.supervisor_id is not None:
            s = mentor_index.get(p.supervisor_id)
            if s is not None:
                is_sup[s, j] = True
    if rules.supervisor_rule == "excluded":
        ok &= ~is_sup
    elif rules.supervisor_rule == "required":
        ok &= is_sup
    gap = rules.min_rank_gap
    gol = (np.array([p.golongan_rank for p in mp], dtype=np.int64)[:, None]
           - np.array([p.golongan_rank for p in ep], dtype=np.int64)[None, :]) >= gap
    pos = (np.array([p.position_rank for p in mp], dtype=np.int64)[:, None]
           - np.array([p.position_rank for p in ep], dtype=np.int64)[None, :]) >= gap
    if rules.seniority == "golongan":
        ok &= gol
    elif rules.seniority == "position":
        ok &= pos
    elif rules.seniority == "either":
        ok &= gol | pos
    else:
        ok &= gol & pos
    del gol, pos
    codes: dict[str, int] = {}
    m_unit = np.array([codes.setdefault(p.unit, len(codes)) for p in mp], dtype=np.int64)
    e_unit = np.array([codes.setdefault(p.unit, len(codes)) for p in ep], dtype=np.int64)
    if rules.unit_rule == "same":
        ok &= m_unit[:, None] == e_unit[None, :]
    elif rules.unit_rule == "different":
        ok &= m_unit[:, None] != e_unit[None, :]
    fcodes: dict[str, int] = {}
    m_field = np.array([fcodes.setdefault(p.field, len(fcodes)) for p in mp], dtype=np.int64)
    e_field = np.array([fcodes.setdefault(p.field, len(fcodes)) for p in ep], dtype=np.int64)
    same_field = m_field[:, None] == e_field[None, :]
    if rules.same_field:
        ok &= same_field
    n_req = np.zeros(n_e, dtype=np.float64)
    for e_j, e in enumerate(mentees):
        n_req[e_j] = len(_required(e, rules))
    safe_n = np.where(n_req > 0, n_req, 1.0)
    excess_sum = np.zeros((n_m, n_e), dtype=np.float64)
    gap_sum = np.zeros(n_e, dtype=np.float64)
    for code in rules.competencies:
        has_req = np.array([code in e.required for e in mentees], dtype=bool)
        if not has_req.any():
            continue
        req = np.array([e.required.get(code, 0) for e in mentees], dtype=np.int64)
        has_lvl = np.array([code in p.levels for p in mp], dtype=bool)
        lvl = np.array([p.levels.get(code, 0) for p in mp], dtype=np.int64)
        diff = lvl[:, None] - req[None, :]
        ok &= ~has_req[None, :] | (has_lvl[:, None] & (diff >= 0))
        excess = np.clip(diff, 0, EXCESS_CAP) * has_req[None, :]
        excess_sum += excess
        own_has = np.array([code in p.levels for p in ep], dtype=bool) & has_req
        own = np.array([p.levels.get(code, 0) for p in ep], dtype=np.int64)
        gap_sum += np.clip(req - own, 0, GAP_CAP) * own_has
    score = (BASE + EXCESS_POINTS * excess_sum / EXCESS_CAP / safe_n[None, :]
             + (GAP_POINTS * gap_sum / GAP_CAP / safe_n)[None, :]
             + SAME_FIELD_POINTS * same_field)
    return _Grid(ok, score)


def eligibility(mentors: Sequence[Mentor], mentees: Sequence[Mentee],
                rules: MatchRules) -> list[list[bool]]:
    """The eligibility matrix (mentors × mentees) as :func:`match` computes it."""
    grid = _grid(mentors, mentees, rules)
    return [[bool(v) for v in row] for row in grid.eligible]


# --------------------------------------------------------------------------------------------
# Matching


@dataclass(frozen=True)
class _Prepared:
    mentors: tuple[Mentor, ...]
    mentees: tuple[Mentee, ...]
    pairs_i: npt.NDArray[np.int64]  # candidate pairs (eligible, not forbidden)
    pairs_j: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float64]
    fixed: frozenset[tuple[int, int]]
    any_eligible: npt.NDArray[np.bool_]  # per mentee, before forbidden pairs


def _prepare(mentors: Iterable[Mentor], mentees: Iterable[Mentee], rules: MatchRules,
             fixed: Iterable[tuple[str, str]], forbidden: Iterable[tuple[str, str]]
             ) -> _Prepared:
    import numpy as np

    ms, es = tuple(mentors), tuple(mentees)
    m_index: dict[str, int] = {}
    for i, m in enumerate(ms):
        if m.person.id in m_index:
            raise MentoringError(Message("mentoring.duplicate", {"person": m.person.id}))
        if m.capacity < 0:
            raise MentoringError(Message("mentoring.capacity", {"mentor": m.person.name,
                                                                "capacity": m.capacity}))
        m_index[m.person.id] = i
    e_index: dict[str, int] = {}
    for j, e in enumerate(es):
        if e.person.id in e_index:
            raise MentoringError(Message("mentoring.duplicate", {"person": e.person.id}))
        e_index[e.person.id] = j
    forbidden_ij: set[tuple[int, int]] = set()
    for m_id, e_id in forbidden:
        if m_id in m_index and e_id in e_index:
            forbidden_ij.add((m_index[m_id], e_index[e_id]))
    fixed_ij: set[tuple[int, int]] = set()
    per_mentee: dict[int, int] = {}
    per_mentor: dict[int, int] = {}
    for m_id, e_id in fixed:
        if m_id not in m_index or e_id not in e_index:
            raise MentoringError(Message("mentoring.fixed_unknown", {"mentor": m_id,
                                                                     "mentee": e_id}))
        i, j = m_index[m_id], e_index[e_id]
        if (i, j) in fixed_ij:
            continue
        violations = check_pair(ms[i], es[j], rules)
        if violations:
            raise MentoringError(Message("mentoring.fixed_invalid", {
                "mentor": ms[i].person.name, "mentee": es[j].person.name,
                "reasons": "; ".join(v.render("id") for v in violations),
                "reasons_en": "; ".join(v.render("en") for v in violations)}))
        if (i, j) in forbidden_ij:
            raise MentoringError(Message("mentoring.fixed_forbidden", {
                "mentor": ms[i].person.name, "mentee": es[j].person.name}))
        if per_mentee.get(j):
            raise MentoringError(Message("mentoring.fixed_twice", {"mentee": es[j].person.name}))
        per_mentee[j] = 1
        per_mentor[i] = per_mentor.get(i, 0) + 1
        if per_mentor[i] > ms[i].capacity:
            raise MentoringError(Message("mentoring.fixed_capacity", {
                "mentor": ms[i].person.name, "capacity": ms[i].capacity}))
        fixed_ij.add((i, j))
    if not ms or not es:
        empty_i = np.zeros(0, dtype=np.int64)
        return _Prepared(ms, es, empty_i, empty_i.copy(), np.zeros(0), frozenset(),
                         np.zeros(len(es), dtype=bool))
    grid = _grid(ms, es, rules)
    any_eligible = np.asarray(grid.eligible.any(axis=0), dtype=bool)
    candidate = grid.eligible
    if forbidden_ij:
        candidate = candidate.copy()
        fi = np.array([p[0] for p in forbidden_ij], dtype=np.int64)
        fj = np.array([p[1] for p in forbidden_ij], dtype=np.int64)
        candidate[fi, fj] = False
    # a mentee fixed to a mentor keeps only that pair
    for i, j in fixed_ij:
        candidate[:, j] = False
        candidate[i, j] = True
    pi, pj = np.nonzero(candidate)
    return _Prepared(ms, es, pi.astype(np.int64), pj.astype(np.int64),
                     grid.score[pi, pj].astype(np.float64), frozenset(fixed_ij), any_eligible)


def _result(prep: _Prepared, chosen: Iterable[tuple[int, int]], rules: MatchRules,
            optimal: bool, status: str, start: float) -> Matching:
    pairs: list[Pair] = []
    matched: set[int] = set()
    for i, j in chosen:
        matched.add(j)
        m, e = prep.mentors[i], prep.mentees[j]
        pairs.append(Pair(m.person.id, e.person.id, fit(m, e, rules), (i, j) in prep.fixed))
    pairs.sort(key=lambda p: (p.mentor_id, p.mentee_id))
    unmatched: list[Unmatched] = []
    for j, e in enumerate(prep.mentees):
        if j in matched:
            continue
        if not bool(prep.any_eligible[j]):
            reason = Message("mentoring.unmatched.none_eligible", {"mentee": e.person.name})
        else:
            reason = Message("mentoring.unmatched.full", {"mentee": e.person.name})
        unmatched.append(Unmatched(e.person.id, reason))
    total = round(sum(p.fit.score for p in pairs), 9)
    return Matching(tuple(pairs), tuple(unmatched), total, optimal, status,
                    time.perf_counter() - start, len(prep.pairs_i))


def match(mentors: Iterable[Mentor], mentees: Iterable[Mentee], rules: MatchRules, *,
          fixed: Iterable[tuple[str, str]] = (), forbidden: Iterable[tuple[str, str]] = (),
          time_limit: float = 60.0) -> Matching:
    """The pairs of maximum total fit (module notes), exact, solved with HiGHS.

    ``fixed`` (mentor_id, mentee_id) pairs are forced in (a pair that breaks a rule, is
    forbidden, repeats a mentee or overfills a mentor raises :class:`MentoringError`);
    ``forbidden`` pairs are left out. Variables exist only for eligible pairs."""
    start = time.perf_counter()
    prep = _prepare(mentors, mentees, rules, fixed, forbidden)
    n = len(prep.pairs_i)
    if n == 0:
        return _result(prep, (), rules, True, "Empty", start)
    import highspy
    import numpy as np

    n_m, n_e = len(prep.mentors), len(prep.mentees)
    h: Any = new_highs()
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", 1)
    inf = highspy.kHighsInf
    # rows: mentees 0..n_e-1 (≤ 1), then mentors (≤ capacity)
    row_hi = np.concatenate([np.ones(n_e), np.array([float(m.capacity) for m in prep.mentors])])
    h.addRows(n_e + n_m, np.full(n_e + n_m, -inf), row_hi, 0,
              np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0))
    lower = np.zeros(n)
    if prep.fixed:
        fixed_set = prep.fixed
        for k in range(n):
            if (int(prep.pairs_i[k]), int(prep.pairs_j[k])) in fixed_set:
                lower[k] = 1.0
    index = np.empty(2 * n, dtype=np.int32)
    index[0::2] = prep.pairs_j
    index[1::2] = n_e + prep.pairs_i
    starts = np.arange(0, 2 * n, 2, dtype=np.int32)
    h.addCols(n, prep.scores, lower, np.ones(n), 2 * n, starts, index, np.ones(2 * n))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    sol = h.getSolution()
    values = np.asarray(sol.col_value) if sol.value_valid else np.zeros(n)
    integral = bool(np.all(np.minimum(np.abs(values), np.abs(values - 1.0)) < 1e-6))
    if sol.value_valid and not integral:  # cannot happen for a TU matrix; be safe
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                np.array([highspy.HighsVarType.kInteger] * n))
        h.run()
        status = h.modelStatusToString(h.getModelStatus())
        sol = h.getSolution()
        values = np.asarray(sol.col_value) if sol.value_valid else np.zeros(n)
    if not sol.value_valid:
        raise MentoringError(Message("mentoring.solver", {"status": status}))
    chosen_k = np.nonzero(values > 0.5)[0]
    chosen = [(int(prep.pairs_i[k]), int(prep.pairs_j[k])) for k in chosen_k]
    return _result(prep, chosen, rules, status == "Optimal", status, start)


def greedy_match(mentors: Iterable[Mentor], mentees: Iterable[Mentee], rules: MatchRules, *,
                 fixed: Iterable[tuple[str, str]] = (),
                 forbidden: Iterable[tuple[str, str]] = ()) -> Matching:
    """The baseline: fixed pairs first, then the eligible pairs best fit first (ties by
    mentor id, mentee id), each taken while the mentee is free and the mentor has room."""
    start = time.perf_counter()
    prep = _prepare(mentors, mentees, rules, fixed, forbidden)
    load = [0] * len(prep.mentors)
    taken: set[int] = set()
    chosen: list[tuple[int, int]] = []
    for i, j in sorted(prep.fixed):
        load[i] += 1
        taken.add(j)
        chosen.append((i, j))
    order = sorted(range(len(prep.pairs_i)), key=lambda k: (
        -float(prep.scores[k]), prep.mentors[int(prep.pairs_i[k])].person.id,
        prep.mentees[int(prep.pairs_j[k])].person.id))
    for k in order:
        i, j = int(prep.pairs_i[k]), int(prep.pairs_j[k])
        if j in taken or load[i] >= prep.mentors[i].capacity:
            continue
        load[i] += 1
        taken.add(j)
        chosen.append((i, j))
    return _result(prep, chosen, rules, False, "Greedy", start)
