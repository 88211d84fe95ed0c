"""Reads of the needs-analysis stage: the core's inputs built from a round's frozen rows."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from bina.core import needs as core
from bina.needs.models import Answer, InterviewTag, NeedsRound, Participant, RoundStandard
from bina.org.models import Unit


def _top_unit_codes(needs_round: NeedsRound) -> dict[int, tuple[str, str]]:
    """Each participant unit → the OPD (top of its path) it belongs to: the analysis is per OPD."""
    unit_ids = set(needs_round.participants.values_list("unit_id", flat=True))
    paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("id", "path"))
    tops = {uid: int(path.strip("/").split("/")[0]) for uid, path in paths.items()}
    names = {u.pk: (u.code, u.name) for u in Unit.objects.filter(pk__in=set(tops.values()))}
    return {uid: names[top] for uid, top in tops.items()}


def round_inputs(needs_round: NeedsRound) -> dict[str, list[object]]:
    """The keyword arguments of :func:`bina.core.needs.analyse` for ``needs_round``."""
    comps = list(needs_round.competencies.select_related("competency"))
    code_of = {rc.competency_id: rc.competency.code for rc in comps}
    standard: dict[tuple[int, int], int] = {
        (p, c): lvl for p, c, lvl in RoundStandard.objects.filter(round=needs_round)
        .values_list("position_id", "competency_id", "required_level")
    }
    top = _top_unit_codes(needs_round)
    participants = list(needs_round.participants.values_list(
        "id", "employee_id", "unit_id", "position_id", "target_position_id", "predicate"))
    requirements: list[object] = []
    employees: list[object] = []
    employee_of: dict[int, int] = {}
    for pid, eid, uid, pos, target, predicate in participants:
        employee_of[pid] = eid
        employees.append(core.EmployeeInfo(eid, top[uid][0], predicate or None))
        for cid, code in code_of.items():
            required = standard.get((pos, cid))
            if required is None:
                continue
            target_required = standard.get((target, cid)) if target else None
            requirements.append(core.Requirement(eid, code, required, target_required))
    assessments: list[object] = []
    answers: list[object] = []
    for pid, cid, s, sup, imp, abl in Answer.objects.filter(
            participant__round=needs_round).values_list(
            "participant_id", "competency_id", "self_level", "supervisor_level", "importance",
            "ability"):
        answer_code = code_of.get(cid)
        if answer_code is None:
            continue
        eid = employee_of[pid]
        if s is not None or sup is not None:
            assessments.append(core.Assessment(eid, answer_code, s, sup))
        if imp is not None and abl is not None:
            answers.append(core.BorichAnswer(eid, answer_code, imp, abl))
    staff: dict[str, int] = {}
    names: dict[str, str] = {}
    for _, _, uid, *_rest in participants:
        unit_code_, unit_name = top[uid]
        staff[unit_code_] = staff.get(unit_code_, 0) + 1
        names[unit_code_] = unit_name
    units: list[object] = [core.Unit(code, names[code], n) for code, n in sorted(staff.items())]
    interviews: list[object] = []
    unit_code = {uid: top.get(uid, (None, ""))[0] for uid in top}
    for uid, cid, theme, note, problems in InterviewTag.objects.filter(
            interview__round=needs_round).values_list(
            "interview__unit_id", "competency_id", "theme", "note", "interview__problems"):
        tag_code = code_of.get(cid)
        if tag_code is None:
            continue
        tag_unit = unit_code.get(uid) if uid else None
        if uid and tag_unit is None:
            tag_unit = _unit_top_code(uid)
        interviews.append(core.InterviewTag(tag_unit, tag_code, note or theme or problems[:200]))
    return {
        "competencies": [core.Competency(rc.competency.code, rc.competency.name) for rc in comps],
        "requirements": requirements, "assessments": assessments, "answers": answers,
        "employees": employees, "interviews": interviews, "units": units,
    }


def _unit_top_code(unit_id: int) -> str | None:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return None
    top = Unit.objects.filter(pk=int(unit.path.strip("/").split("/")[0])).first()
    return top.code if top else None


def round_analysis(needs_round: NeedsRound) -> core.NeedsAnalysis:
    return core.analyse(**round_inputs(needs_round))  # type: ignore[arg-type]


def rounds_for(agency_id: int) -> QuerySet[NeedsRound]:
    return NeedsRound.objects.filter(agency_id=agency_id).annotate(
        n_participants=Count("participants", distinct=True),
        n_answered=Count("participants", filter=Q(participants__self_submitted_at__isnull=False),
                         distinct=True),
    )


def open_tasks_for(employee_id: int) -> QuerySet[Participant]:
    """The employee's own open self-assessments."""
    return Participant.objects.filter(employee_id=employee_id, round__status="open"
                                      ).select_related("round")


def supervisor_tasks_for(employee_id: int) -> QuerySet[Participant]:
    """Subordinates (as frozen in open rounds) the supervisor still has to rate."""
    return Participant.objects.filter(supervisor_id=employee_id, round__status="open"
                                      ).select_related("round", "employee", "position")
