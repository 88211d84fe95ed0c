"""From the database to the optimiser's problem (issue 4): who is planned for, with which gaps
and weights, which programmes each may take, what is mandatory, and the budget lines.

Reads only; :mod:`bina.plan.services` writes the plan. The rules themselves are pure and live
in :mod:`bina.core.plan_people`; this module gathers the rows they need.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bina.core import plan as core
from bina.core import plan_people as rules
from bina.core.messages import BilingualError
from bina.core.money import format_rupiah
from bina.needs.models import NeedsRound, RoundStatus
from bina.needs.selectors import round_analysis
from bina.org.models import Unit
from bina.people.models import DevelopmentRecord, Employee, EmployeeStatus, Placement
from bina.plan.models import MandatoryFor, Programme
from bina.plan.selectors import whole_jp

MAX_BUDGET = 10**15  # Rp 1,000 trillion: anything above is a typing mistake
MANDATORY_LOOKBACK_YEARS = 2
"""A mandatory programme is forced into the plan for people appointed in the plan year or the
two years before it. Someone appointed earlier without a record of it more likely lacks the
record than the training (histories imported from older systems are incomplete); forcing them
all in would swamp the budget, so they stay eligible but are not forced."""


class PlanError(BilingualError):
    """A plan that cannot be built, with the reason in Indonesian and English."""


def employee_key(employee_id: int) -> str:
    """The id of an employee in the problem: not the NIP, so that a dumped problem carries no
    personal data."""
    return f"E{employee_id}"


def employee_id_of(key: str) -> int:
    return int(key[1:])


@dataclass(frozen=True)
class Mandatory:
    employee_id: int
    code: str
    deadline: dt.date | None


@dataclass
class Person:
    employee_id: int
    unit_id: int  # the OPD (top of the unit tree)
    employment_type: str
    rule: rules.JpRule
    gaps: dict[str, int]
    weights: dict[str, float]
    eligible: list[str]
    mandatory: list[Mandatory] = field(default_factory=list)


@dataclass
class PlanInputs:
    """The problem and what the plan needs to explain it."""

    needs_round: NeedsRound
    year: int
    problem: core.Problem
    people: dict[int, Person]  # employee id → person
    programmes: dict[str, Programme]  # code → catalogue row
    mandatory: list[Mandatory]
    ranking: list[str]  # competency codes, best first
    dropped_locks: int = 0


def _top_units() -> dict[int, int]:
    """Every unit → the OPD at the top of its tree."""
    return {pk: int(path.strip("/").split("/")[0])
            for pk, path in Unit.objects.values_list("id", "path")}


def _completed(employee_ids: Iterable[int], programmes: Iterable[Programme]
               ) -> dict[int, set[str]]:
    """Employee → programme codes they already completed (by code or name in the history)."""
    keys = [(p.code, p.code.casefold(), p.name.casefold()) for p in programmes]
    done: dict[int, set[str]] = defaultdict(set)
    ids = set(employee_ids)
    for eid, title in DevelopmentRecord.objects.values_list("employee_id", "title").iterator():
        if eid not in ids:
            continue
        folded = title.casefold()
        for code, code_cf, name_cf in keys:
            if code_cf in folded or folded == name_cf:
                done[eid].add(code)
    return done


def _appointments(employee_ids: Iterable[int]) -> tuple[dict[int, dt.date], dict[int, dt.date]]:
    """Employee → first placement start (CPNS appointment) and current placement start."""
    first: dict[int, dt.date] = {}
    current: dict[int, dt.date] = {}
    ids = set(employee_ids)
    for eid, start, end in Placement.objects.values_list("employee_id", "start_date",
                                                          "end_date").iterator():
        if eid not in ids:
            continue
        if eid not in first or start < first[eid]:
            first[eid] = start
        if end is None and (eid not in current or start > current[eid]):
            current[eid] = start
    return first, current


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def _applies(programme: Programme, employment_type: str, position_type: str) -> bool:
    rule = programme.mandatory_for
    if rule == MandatoryFor.CPNS:
        return employment_type == "CPNS"
    if rule:
        return position_type == rule
    return not programme.suitable_position_types or \
        position_type in programme.suitable_position_types


def plan_inputs(*, needs_round: NeedsRound, budget: int, lam: float = 0.25,
                max_jp_pns: int = rules.DEFAULT_PNS_MAX_JP,
                budget_lines: Mapping[int, int] | None = None,
                locked: Iterable[tuple[int, str]] = (),
                excluded: Iterable[tuple[int, str]] = ()) -> PlanInputs:
    """The planning problem of ``needs_round``'s agency for the round's year.

    ``budget_lines``: OPD id → its share; ``locked`` and ``excluded``: (employee id, programme
    code) kept or removed by hand. Raises :class:`PlanError` for a round that is not closed, a
    silly budget, an empty catalogue, or mandatory programmes that do not fit."""
    if needs_round.status != RoundStatus.CLOSED:
        raise PlanError(
            f"Putaran {needs_round.code} belum ditutup: rencana disusun dari hasil analisis "
            "kebutuhan yang sudah beku. Tutup putaran itu lebih dulu.",
            f"Round {needs_round.code} is not closed: a plan is built from a frozen needs "
            "analysis. Close the round first.")
    if budget <= 0:
        raise PlanError("Anggaran harus lebih dari Rp 0, misalnya 5,5 M.",
                        "The budget must be more than Rp 0, for example 5,5 M.")
    if budget > MAX_BUDGET:
        raise PlanError(f"Anggaran {format_rupiah(budget)} tidak masuk akal; periksa angkanya.",
                        f"A budget of {format_rupiah(budget)} is not plausible; check it.")
    if not 0 <= lam <= 1000:
        raise PlanError("λ harus antara 0 dan 1000.", "λ must be between 0 and 1000.")
    agency = needs_round.agency
    year = needs_round.year
    catalogue = {p.code: p for p in Programme.objects.filter(agency=agency, is_active=True)
                 .prefetch_related("gains__competency", "prerequisites")}
    if not catalogue:
        raise PlanError("Katalog program instansi ini masih kosong: impor katalog dulu "
                        "(bina import programmes FILE).",
                        "This agency's programme catalogue is empty: import it first "
                        "(bina import programmes FILE).")
    gains = {code: {g.competency.code: g.levels for g in p.gains.all()}
             for code, p in catalogue.items()}
    prerequisites = {code: [q.code for q in p.prerequisites.all()]
                     for code, p in catalogue.items()}
    analysis = round_analysis(needs_round)
    ranking = [c.code for c in analysis.competencies]
    priority = rules.priority_weights(ranking) if ranking else {}
    employees = list(
        Employee.objects.filter(agency=agency)
        .exclude(status__in=[EmployeeStatus.RETIRED, EmployeeStatus.LEFT])
        .values_list("id", "unit_id", "employment_type", "status", "birth_date",
                     "position__position_type", "position__functional_level"))
    ids = [row[0] for row in employees]
    participants = dict(needs_round.participants.values_list("employee_id", "predicate"))
    gap_rows: dict[int, dict[str, int]] = defaultdict(dict)
    for g in analysis.gaps:
        value = rules.combined_gap(g.gap, g.career_gap)
        if value > 0:
            gap_rows[g.employee_id][g.competency] = value
    completed = _completed(ids, catalogue.values())
    first_start, current_start = _appointments(ids)
    top = _top_units()
    excluded_set = set(excluded)
    mandatory_programmes = [p for p in catalogue.values() if p.is_mandatory]
    people: dict[int, Person] = {}
    all_mandatory: list[Mandatory] = []
    for eid, unit_id, etype, status, birth, ptype, level in employees:
        rule = rules.jp_rule(employment_type=etype, status=status,
                             retiring=rules.retires_in(birth, ptype, level or "", year),
                             pns_max_jp=max_jp_pns)
        gaps = gap_rows.get(eid, {})
        factor = rules.person_factor(predicate=participants.get(eid) or None,
                                     position_type=ptype)
        weights = {c: round(priority.get(c, 1.0) * factor, 4) for c in gaps}
        done = completed.get(eid, set())
        person = Person(eid, top.get(unit_id, unit_id), etype, rule, gaps, weights, [])
        if not rule.is_away:
            for p in mandatory_programmes:
                if p.code in done or (eid, p.code) in excluded_set \
                        or not _applies(p, etype, ptype):
                    continue
                start = first_start.get(eid) if p.mandatory_for == MandatoryFor.CPNS \
                    else current_start.get(eid)
                if start is not None and start.year < year - MANDATORY_LOOKBACK_YEARS:
                    continue
                deadline = _add_months(start, p.mandatory_within_months) if start else None
                person.mandatory.append(Mandatory(eid, p.code, deadline))
            mandatory_codes = {m.code for m in person.mandatory}
            for code, p in catalogue.items():
                if code in done or (eid, code) in excluded_set:
                    continue
                if code in mandatory_codes:
                    person.eligible.append(code)
                    continue
                if p.suitable_position_types and ptype not in p.suitable_position_types:
                    continue
                if any(q not in done for q in prerequisites[code]):
                    continue
                if any(gaps.get(c, 0) > 0 for c in gains[code]):
                    person.eligible.append(code)
        all_mandatory.extend(person.mandatory)
        people[eid] = person
    _check_mandatory(all_mandatory, catalogue, people, budget, budget_lines or {})
    locks: list[tuple[str, str]] = [(employee_key(m.employee_id), m.code) for m in all_mandatory]
    mandatory_pairs = {(m.employee_id, m.code) for m in all_mandatory}
    dropped = 0
    for eid, code in locked:
        person_ = people.get(eid)
        if (eid, code) in mandatory_pairs:
            continue
        if person_ is None or code not in person_.eligible:
            dropped += 1
            continue
        locks.append((employee_key(eid), code))
    programmes = tuple(core.Programme(code, whole_jp(p.jp), p.cost_total_per_participant,
                                      p.seats, gains[code])
                       for code, p in sorted(catalogue.items()))
    jp_of = {p.code: p.jp for p in programmes}
    core_employees = []
    for eid, person in people.items():
        mandatory_jp = sum(jp_of[m.code] for m in person.mandatory)
        core_employees.append(core.Employee(
            employee_key(eid), person.rule.min_jp, max(person.rule.max_jp, mandatory_jp),
            person.gaps, person.weights, tuple(person.eligible),
            unit=str(person.unit_id)))
    lines = {str(unit_id): amount for unit_id, amount in (budget_lines or {}).items()}
    try:
        problem = core.Problem(budget=budget, programmes=programmes,
                               employees=tuple(core_employees), lam=lam, locked=tuple(locks),
                               unit_budgets=lines)
        core._check_locked(problem)  # the refusal names the constraint broken
    except core.PlanInputError as exc:
        raise PlanError(exc.message_id, exc.message_en) from exc
    return PlanInputs(needs_round, year, problem, people, catalogue, all_mandatory, ranking,
                      dropped)


def _check_mandatory(mandatory: list[Mandatory], catalogue: Mapping[str, Programme],
                     people: Mapping[int, Person], budget: int,
                     budget_lines: Mapping[int, int]) -> None:
    """Mandatory programmes come first: if they do not fit, say so before anything else."""
    if not mandatory:
        return
    by_code: dict[str, int] = defaultdict(int)
    by_unit: dict[int, int] = defaultdict(int)
    cost = 0
    for m in mandatory:
        p = catalogue[m.code]
        by_code[m.code] += 1
        cost += p.cost_total_per_participant
        by_unit[people[m.employee_id].unit_id] += p.cost_total_per_participant
    summary = ", ".join(f"{code} {n} orang" for code, n in sorted(by_code.items()))
    summary_en = ", ".join(f"{code} {n} people" for code, n in sorted(by_code.items()))
    if cost > budget:
        raise PlanError(
            f"Program wajib ({summary}) membutuhkan {format_rupiah(cost)}, melebihi anggaran "
            f"{format_rupiah(budget)}. Naikkan anggaran sekurang-kurangnya menjadi "
            f"{format_rupiah(cost)}: program wajib tidak boleh ditinggalkan.",
            f"Mandatory programmes ({summary_en}) need {format_rupiah(cost)}, more than the "
            f"budget {format_rupiah(budget)}. Raise the budget to at least "
            f"{format_rupiah(cost)}: mandatory programmes cannot be left out.")
    for code, n in sorted(by_code.items()):
        seats = catalogue[code].seats
        if n > seats:
            raise PlanError(
                f"Program wajib {code} harus diikuti {n} orang, tetapi katalog hanya menyediakan "
                f"{seats} kursi. Tambah jumlah kelasnya di katalog.",
                f"Mandatory programme {code} must be taken by {n} people, but the catalogue "
                f"offers only {seats} seats. Add classes in the catalogue.")
    for unit_id, amount in sorted(budget_lines.items()):
        need = by_unit.get(unit_id, 0)
        if need > amount:
            unit = Unit.objects.get(pk=unit_id)
            raise PlanError(
                f"Program wajib pegawai {unit.name} membutuhkan {format_rupiah(need)}, melebihi "
                f"pagu unit itu {format_rupiah(amount)}.",
                f"Mandatory programmes of {unit.name} need {format_rupiah(need)}, more than "
                f"its budget line {format_rupiah(amount)}.")
