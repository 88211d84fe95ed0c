"""Writes of the needs-analysis stage: open a round (freezing its population and standards),
record answers and interviews, close a round (freezing its result)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bina.audit.services import audit_record
from bina.needs.models import (
    Answer,
    Interview,
    InterviewTag,
    NeedsRound,
    Participant,
    RoundCompetency,
    RoundStandard,
    RoundStatus,
)
from bina.org.models import CompetencyRequirement, Unit
from bina.people.models import Employee, EmployeeStatus, PerformanceRecord

if TYPE_CHECKING:
    from bina.accounts.models import User
    from bina.org.models import Agency
    from bina.reference.models import Competency


class RoundError(ValueError):
    """A write the round's state does not allow (closed round, wrong participant…)."""


@transaction.atomic
def round_create(
    *,
    agency: Agency,
    code: str,
    name: str,
    year: int,
    units: Iterable[Unit] = (),
    use_self_assessment: bool = True,
    use_supervisor_rating: bool = True,
    use_borich: bool = True,
    due_date: dt.date | None = None,
    actor: User | None = None,
) -> NeedsRound:
    needs_round = NeedsRound.objects.create(
        agency=agency, code=code, name=name, year=year, due_date=due_date,
        use_self_assessment=use_self_assessment, use_supervisor_rating=use_supervisor_rating,
        use_borich=use_borich, created_by=actor,
    )
    needs_round.units.set(list(units))
    audit_record(actor=actor, agency=agency, action="create", object_type="needs_round",
                 object_id=needs_round.pk, object_label=name)
    return needs_round


def _latest_predicates(employee_ids: Iterable[int]) -> dict[int, str]:
    latest: dict[int, str] = {}
    rows = (PerformanceRecord.objects.filter(employee_id__in=list(employee_ids))
            .order_by("employee_id", "year", "period_kind", "period_number")
            .values_list("employee_id", "predicate", "period_kind"))
    for employee_id, predicate, kind in rows:
        if kind == "tahunan" or employee_id not in latest:
            latest[employee_id] = predicate
    return latest


@transaction.atomic
def round_open(*, needs_round: NeedsRound, actor: User | None = None) -> NeedsRound:
    """Send the round: freeze who takes part (active staff of the chosen units and their
    sub-units; all units when none is chosen) and the standards of their positions."""
    if needs_round.status != RoundStatus.DRAFT:
        raise RoundError("only a draft round can be opened")
    units = list(needs_round.units.all())
    employees = Employee.objects.filter(agency=needs_round.agency, status=EmployeeStatus.ACTIVE)
    if units:
        scope = Q()
        for unit in units:
            scope |= Q(unit__path__startswith=unit.path)
        employees = employees.filter(scope)
    rows = list(employees.values_list("id", "unit_id", "position_id", "target_position_id",
                                      "supervisor_id"))
    predicates = _latest_predicates(r[0] for r in rows)
    Participant.objects.bulk_create(
        [Participant(round=needs_round, employee_id=e, unit_id=u, position_id=p,
                     target_position_id=t, supervisor_id=s, predicate=predicates.get(e, ""))
         for e, u, p, t, s in rows],
        batch_size=2000,
    )
    positions = {r[2] for r in rows} | {r[3] for r in rows if r[3]}
    standard = list(CompetencyRequirement.objects.filter(position_id__in=positions)
                    .values_list("position_id", "competency_id", "required_level"))
    RoundStandard.objects.bulk_create(
        [RoundStandard(round=needs_round, position_id=p, competency_id=c, required_level=lvl)
         for p, c, lvl in standard],
        batch_size=2000,
    )
    RoundCompetency.objects.bulk_create(
        [RoundCompetency(round=needs_round, competency_id=c)
         for c in sorted({c for _, c, _ in standard})]
    )
    needs_round.status = RoundStatus.OPEN
    needs_round.opened_at = timezone.now()
    needs_round.save(update_fields=["status", "opened_at"])
    audit_record(actor=actor, agency=needs_round.agency, action="open", object_type="needs_round",
                 object_id=needs_round.pk, object_label=needs_round.name,
                 changes={"participants": [None, len(rows)]})
    return needs_round


def _require_open(needs_round: NeedsRound) -> None:
    if needs_round.status != RoundStatus.OPEN:
        raise RoundError("the round is not open for answers")


def _check_level(value: int | None, what: str) -> None:
    if value is not None and not 1 <= value <= 5:
        raise RoundError(f"{what} must be 1–5, not {value}")


@dataclass(frozen=True)
class SelfAnswer:
    self_level: int | None = None
    importance: int | None = None
    ability: int | None = None


@transaction.atomic
def self_assessment_submit(
    *,
    participant: Participant,
    answers: Mapping[Competency, SelfAnswer],
    struggles: str = "",
) -> Participant:
    """An employee's own answers: their level per competency and Borich's two ratings."""
    _require_open(participant.round)
    for competency, a in answers.items():
        _check_level(a.self_level, f"{competency.code} self level")
        _check_level(a.importance, f"{competency.code} importance")
        _check_level(a.ability, f"{competency.code} ability")
        Answer.objects.update_or_create(
            participant=participant, competency=competency,
            defaults={"self_level": a.self_level, "importance": a.importance,
                      "ability": a.ability},
        )
    participant.struggles = struggles.strip()
    participant.self_submitted_at = timezone.now()
    participant.save(update_fields=["struggles", "self_submitted_at"])
    return participant


@transaction.atomic
def supervisor_rating_submit(
    *, participant: Participant, supervisor: Employee, levels: Mapping[Competency, int]
) -> Participant:
    """The direct supervisor (as frozen in the round) rates a subordinate's levels."""
    _require_open(participant.round)
    if participant.supervisor_id != supervisor.pk:
        raise RoundError("only the participant's direct supervisor may rate them")
    for competency, level in levels.items():
        _check_level(level, f"{competency.code} supervisor level")
        Answer.objects.update_or_create(participant=participant, competency=competency,
                                        defaults={"supervisor_level": level})
    participant.supervisor_submitted_at = timezone.now()
    participant.save(update_fields=["supervisor_submitted_at"])
    return participant


@transaction.atomic
def interview_record(
    *,
    needs_round: NeedsRound,
    group: str,
    held_on: dt.date,
    interviewer: str,
    problems: str,
    tags: Iterable[tuple[Competency, str, str]],
    unit: Unit | None = None,
    actor: User | None = None,
) -> Interview:
    """Structured interview notes; each tag is (competency, theme, note)."""
    if needs_round.status == RoundStatus.CLOSED:
        raise RoundError("the round is closed")
    interview = Interview.objects.create(round=needs_round, unit=unit, group=group,
                                         held_on=held_on, interviewer=interviewer,
                                         problems=problems, created_by=actor)
    InterviewTag.objects.bulk_create(
        InterviewTag(interview=interview, competency=c, theme=theme, note=note)
        for c, theme, note in tags
    )
    return interview


@transaction.atomic
def round_close(*, needs_round: NeedsRound, actor: User | None = None) -> NeedsRound:
    """Close the round and freeze its result (the analysis as JSON)."""
    from bina.needs.selectors import round_analysis

    if needs_round.status != RoundStatus.OPEN:
        raise RoundError("only an open round can be closed")
    needs_round.status = RoundStatus.CLOSED
    needs_round.closed_at = timezone.now()
    analysis = round_analysis(needs_round)
    needs_round.result = analysis.to_dict(needs_round.code, detail=True)
    needs_round.save(update_fields=["status", "closed_at", "result"])
    audit_record(actor=actor, agency=needs_round.agency, action="close",
                 object_type="needs_round", object_id=needs_round.pk,
                 object_label=needs_round.name)
    return needs_round
