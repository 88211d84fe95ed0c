"""Reads of the mentoring app: the inputs of :func:`bina.core.mentoring.match` built from the
database, and what the pages list.

How a civil servant becomes a :class:`bina.core.mentoring.Person`:

* **assessed level** per competency: the answer of the latest *closed* needs round of the
  agency in which the person was rated in that competency (latest by ``closed_at``), the self
  and supervisor ratings combined by the needs analysis's own rule
  (:func:`bina.core.needs.combine_levels`: the supervisor's rating alone, the self rating alone,
  or ⅓ self + ⅔ supervisor rounded down when both exist). A person never rated in a competency
  has no level in it (and cannot mentor in it).
* **required level** (mentees): the current competency standard of the person's position
  (``org.CompetencyRequirement``), for the programme's competencies only.
* **golongan rank**: ``Employee.grade.rank``. PNS golongan I/a–IV/e and PPPK grades I–XVII are
  both ranked 1–17 by the reference data, so a PPPK grade IX compares as III/a, by the entry
  grade of the same education. **UNVERIFIED**: no regulation found that equates the two scales
  for seniority; it is the pay-scale order.
* **position rank**: :func:`position_rank`, an ordinal over structural and functional levels
  (see :data:`POSITION_RANKS`).
* **field**: the position has no field or job family in the data model, so the field is the
  person's *bidang*: the ancestor of their unit at depth 1 (a bidang, sekretariat, UPT or
  school of an OPD), or the unit itself when it is an OPD (depth 0). The head of a bidang and
  the staff of its sub-bidang share a field; so do a sekretaris and the subbagian below. (The
  unit's plain parent would split a kepala bidang, whose parent is the OPD, from their own
  staff.)
* **unit**: the person's own unit; **supervisor**: ``Employee.supervisor``.

Every builder runs a constant number of queries, whatever the number of people.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from bina.accounts import selectors as access
from bina.accounts.models import Role, User
from bina.core import mentoring as core
from bina.core.needs import combine_levels
from bina.mentoring.models import (
    Mentee,
    Mentor,
    MentoringPair,
    MentoringProgramme,
)
from bina.needs.models import Answer, RoundStatus
from bina.org.models import CompetencyRequirement, FunctionalLevel, PositionType, Unit
from bina.people.models import Employee

#: Position levels as one ordinal scale (higher = more senior). Structural and functional
#: levels are put side by side following the equivalence used when administrative positions
#: were converted to functional ones (PermenPANRB 17/2021: administrator ↔ ahli madya,
#: pengawas ↔ ahli muda, eselon V ↔ ahli pertama); the skill track (pemula … penyelia) is
#: placed by its usual job-class range. **UNVERIFIED** as a measure of seniority between tracks:
#: it is a documented convention, and a programme that needs certainty uses ``golongan``.
POSITION_RANKS: dict[str, int] = {
    PositionType.PELAKSANA: 1,
    FunctionalLevel.PEMULA: 1,
    FunctionalLevel.TERAMPIL: 2,
    FunctionalLevel.MAHIR: 3,
    FunctionalLevel.AHLI_PERTAMA: 3,
    FunctionalLevel.PENYELIA: 4,
    FunctionalLevel.AHLI_MUDA: 4,
    PositionType.PENGAWAS: 4,
    FunctionalLevel.AHLI_MADYA: 5,
    PositionType.ADMINISTRATOR: 5,
    FunctionalLevel.AHLI_UTAMA: 6,
    PositionType.JPT_PRATAMA: 6,
    PositionType.JPT_MADYA: 7,
    PositionType.JPT_UTAMA: 8,
}


def position_rank(position_type: str, functional_level: str = "") -> int:
    """The ordinal of a position (:data:`POSITION_RANKS`); a functional position without a
    level counts as the lowest level."""
    if position_type == PositionType.FUNGSIONAL:
        return POSITION_RANKS.get(functional_level, 1)
    return POSITION_RANKS.get(position_type, 1)


# --------------------------------------------------------------------------------------------
# Levels


def assessed_levels(employee_ids: Iterable[int], competency_ids: Iterable[int]
                    ) -> dict[int, dict[int, int]]:
    """employee id → competency id → assessed level, from the latest closed needs round that
    rated the person in the competency (module notes). One query."""
    employees = set(employee_ids)
    competencies = set(competency_ids)
    out: dict[int, dict[int, int]] = {}
    if not employees or not competencies:
        return out
    rows = (Answer.objects
            .filter(participant__employee_id__in=employees, competency_id__in=competencies,
                    participant__round__status=RoundStatus.CLOSED)
            .filter(Q(self_level__isnull=False) | Q(supervisor_level__isnull=False))
            .order_by("-participant__round__closed_at", "-participant__round__year",
                      "-participant__round_id")
            .values_list("participant__employee_id", "competency_id", "self_level",
                         "supervisor_level"))
    for employee_id, competency_id, self_level, supervisor_level in rows:
        mine = out.setdefault(employee_id, {})
        if competency_id in mine:
            continue  # a later round already gave this level
        level = combine_levels(self_level, supervisor_level)
        if level is not None:
            mine[competency_id] = level
    return out


def required_levels(position_ids: Iterable[int], competency_ids: Iterable[int]
                    ) -> dict[int, dict[int, int]]:
    """position id → competency id → required level (the position's standard). One query."""
    out: dict[int, dict[int, int]] = {}
    for position_id, competency_id, level in CompetencyRequirement.objects.filter(
            position_id__in=set(position_ids), competency_id__in=set(competency_ids)
    ).values_list("position_id", "competency_id", "required_level"):
        out.setdefault(position_id, {})[competency_id] = level
    return out


# --------------------------------------------------------------------------------------------
# People as the matching sees them


def _top_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def _field_unit_id(unit_id: int, path: str) -> int:
    ids = _top_ids(path)
    if len(ids) >= 2:
        return ids[1]
    return ids[0] if ids else unit_id


@dataclass(frozen=True)
class PersonRow:
    """An employee with what the pages show next to the core's :class:`Person`."""

    employee_id: int
    nip: str
    name: str
    unit_id: int
    unit_name: str
    field_name: str
    grade: str
    position: str
    person: core.Person


def people(employee_ids: Iterable[int], competencies: Mapping[int, str]
           ) -> dict[int, PersonRow]:
    """The people (employee id → :class:`PersonRow`) with their levels in ``competencies``
    (competency id → code). Four queries."""
    ids = set(employee_ids)
    if not ids:
        return {}
    rows = list(Employee.objects.filter(pk__in=ids).values_list(
        "id", "nip", "front_title", "name", "back_title", "unit_id", "unit__path",
        "unit__name", "unit__short_name", "grade__rank", "grade__code", "position__name",
        "position__position_type", "position__functional_level", "supervisor_id"))
    field_of = {r[0]: _field_unit_id(r[5], r[6]) for r in rows}
    label_ids = set(field_of.values()) | {r[5] for r in rows}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=label_ids).only(
        "id", "code", "name", "short_name", "path", "depth")}
    labels = _unit_labels(units)
    levels = assessed_levels(ids, competencies)
    out: dict[int, PersonRow] = {}
    for (eid, nip, front, name, back, unit_id, _path, unit_name, _short, grank, gcode,
         pos_name, pos_type, pos_level, supervisor_id) in rows:
        full = f"{front} {name}".strip()
        full = f"{full}, {back}" if back else full
        person = core.Person(
            id=str(eid), name=full, unit=labels.get(unit_id, unit_name),
            field=labels.get(field_of[eid], unit_name), golongan_rank=int(grank),
            position_rank=position_rank(pos_type, pos_level),
            levels={competencies[c]: lvl for c, lvl in levels.get(eid, {}).items()
                    if c in competencies},
            supervisor_id=str(supervisor_id) if supervisor_id else None)
        out[eid] = PersonRow(eid, nip, full, unit_id, labels.get(unit_id, unit_name),
                             person.field, gcode, pos_name, person)
    return out


def _unit_labels(units: Mapping[int, Unit]) -> dict[int, str]:
    """A readable, unique name per unit: its name, with the code when two share a name."""
    by_name: dict[str, int] = {}
    for u in units.values():
        by_name[u.name] = by_name.get(u.name, 0) + 1
    return {pk: (u.name if by_name[u.name] == 1 else f"{u.name} ({u.code})")
            for pk, u in units.items()}


# --------------------------------------------------------------------------------------------
# The matching's inputs


def programme_rules(programme: MentoringProgramme, codes: Iterable[str]) -> core.MatchRules:
    return core.MatchRules(
        competencies=tuple(sorted(codes)), seniority=programme.seniority,  # type: ignore[arg-type]
        min_rank_gap=programme.min_rank_gap, unit_rule=programme.unit_rule,  # type: ignore[arg-type]
        same_field=programme.same_field,
        supervisor_rule=programme.supervisor_rule)  # type: ignore[arg-type]


@dataclass(frozen=True)
class MatchInputs:
    """Everything :func:`bina.core.mentoring.match` needs, plus the way back to the rows."""

    rules: core.MatchRules
    mentors: tuple[core.Mentor, ...]
    mentees: tuple[core.Mentee, ...]
    mentor_rows: dict[str, Mentor]  # person id → Mentor row
    mentee_rows: dict[str, Mentee]
    people: dict[int, PersonRow]


def programme_competencies(programme: MentoringProgramme) -> dict[int, str]:
    return dict(programme.competencies.values_list("id", "code"))


def match_inputs(programme: MentoringProgramme, *,
                 mentor_ids: Iterable[int] | None = None,
                 mentee_ids: Iterable[int] | None = None) -> MatchInputs:
    """The programme's mentors and mentees as the core sees them (optionally only some of
    them, by ``Mentor``/``Mentee`` id). A constant number of queries."""
    competencies = programme_competencies(programme)
    mentors_qs = Mentor.objects.filter(programme=programme)
    mentees_qs = Mentee.objects.filter(programme=programme)
    if mentor_ids is not None:
        mentors_qs = mentors_qs.filter(pk__in=list(mentor_ids))
    if mentee_ids is not None:
        mentees_qs = mentees_qs.filter(pk__in=list(mentee_ids))
    mentor_rows = list(mentors_qs.order_by("pk"))
    mentee_rows = list(mentees_qs.order_by("pk"))
    found = people({m.employee_id for m in mentor_rows} | {m.employee_id for m in mentee_rows},
                   competencies)
    positions = Employee.objects.filter(pk__in=[m.employee_id for m in mentee_rows]
                                        ).values_list("id", "position_id")
    position_of = dict(positions)
    required = required_levels(set(position_of.values()), competencies)
    mentors = tuple(core.Mentor(found[m.employee_id].person, m.capacity) for m in mentor_rows)
    mentees = tuple(
        core.Mentee(found[m.employee_id].person,
                    {competencies[c]: lvl
                     for c, lvl in required.get(position_of[m.employee_id], {}).items()})
        for m in mentee_rows)
    return MatchInputs(
        rules=programme_rules(programme, competencies.values()), mentors=mentors,
        mentees=mentees, mentor_rows={str(m.employee_id): m for m in mentor_rows},
        mentee_rows={str(m.employee_id): m for m in mentee_rows}, people=found)


# --------------------------------------------------------------------------------------------
# Who may see and do what
#
# - admin, planner and the programme's coordinator: manage (participants, match, swap, fix,
#   release, meetings of every pair);
# - leadership: read everything, change nothing;
# - operator: the programme's pairs with someone of their unit (and sub-units), read-only;
# - a mentor or mentee: their own pair, and they record the meetings of their own pair.

MANAGERS = {Role.ADMIN, Role.PLANNER}


def can_create(user: User) -> bool:
    return user.is_authenticated and user.role in MANAGERS


def can_manage(user: User, programme: MentoringProgramme) -> bool:
    if not user.is_authenticated or user.agency_id != programme.agency_id:
        return False
    return user.role in MANAGERS or (programme.coordinator_id is not None
                                     and programme.coordinator_id == user.pk)


def sees_everything(user: User, programme: MentoringProgramme) -> bool:
    return can_manage(user, programme) or (
        user.agency_id == programme.agency_id and user.role == Role.LEADERSHIP)


def programmes_for(user: User) -> QuerySet[MentoringProgramme]:
    """The programmes ``user`` may open, with counts of mentors, mentees and pairs."""
    if not user.is_authenticated or user.agency_id is None:
        return MentoringProgramme.objects.none()
    qs = MentoringProgramme.objects.filter(agency_id=user.agency_id)
    if user.role not in access.AGENCY_WIDE:
        condition = Q(coordinator_id=user.pk)
        if user.employee_id is not None:
            condition |= Q(mentors__employee_id=user.employee_id)
            condition |= Q(mentees__employee_id=user.employee_id)
        if user.role == Role.OPERATOR and user.unit is not None:
            condition |= Q(mentees__employee__unit__path__startswith=user.unit.path)
            condition |= Q(mentors__employee__unit__path__startswith=user.unit.path)
        qs = qs.filter(pk__in=MentoringProgramme.objects.filter(condition).values("pk"))
    return qs.annotate(
        n_mentors=Count("mentors", distinct=True), n_mentees=Count("mentees", distinct=True),
        n_pairs=Count("pairs", distinct=True)).select_related("coordinator")


def visible_pair_filter(user: User, programme: MentoringProgramme) -> Q | None:
    """``None``: every pair; otherwise the condition on ``MentoringPair`` of the pairs the
    user may see (their own; an operator's unit)."""
    if sees_everything(user, programme):
        return None
    condition = Q(pk__in=[])
    if user.employee_id is not None:
        condition |= Q(mentor__employee_id=user.employee_id)
        condition |= Q(mentee__employee_id=user.employee_id)
    if user.role == Role.OPERATOR and user.unit is not None and \
            user.agency_id == programme.agency_id:
        condition |= Q(mentor__employee__unit__path__startswith=user.unit.path)
        condition |= Q(mentee__employee__unit__path__startswith=user.unit.path)
    return condition


def can_see_pair(user: User, pair: MentoringPair) -> bool:
    condition = visible_pair_filter(user, pair.programme)
    if condition is None:
        return True
    return MentoringPair.objects.filter(condition, pk=pair.pk).exists()


def can_record_meeting(user: User, pair: MentoringPair) -> bool:
    """Managers for any pair; the mentor and the mentee for their own pair."""
    if can_manage(user, pair.programme):
        return True
    return user.employee_id is not None and user.employee_id in (
        pair.mentor.employee_id, pair.mentee.employee_id)


# --------------------------------------------------------------------------------------------
# A person's own mentoring


def _own_condition(user: User) -> tuple[int, Q] | None:
    """(the user's agency, the condition on ``MentoringProgramme`` of their own programmes)."""
    if not user.is_authenticated or user.agency_id is None:
        return None
    condition = Q(coordinator_id=user.pk)
    if user.employee_id is not None:
        condition |= Q(mentors__employee_id=user.employee_id)
        condition |= Q(mentees__employee_id=user.employee_id)
    return user.agency_id, condition


def is_in_mentoring(user: User) -> bool:
    """Whether ``user`` is a mentor, a mentee or a coordinator in a programme of their agency
    (the "Mentoring saya" link). One query."""
    own = _own_condition(user)
    if own is None:
        return False
    agency_id, condition = own
    return MentoringProgramme.objects.filter(condition, agency_id=agency_id).exists()


def my_programmes(user: User) -> QuerySet[MentoringProgramme]:
    """The programmes ``user`` takes part in (mentor, mentee or coordinator), newest first."""
    own = _own_condition(user)
    if own is None:
        return MentoringProgramme.objects.none()
    agency_id, condition = own
    ids = MentoringProgramme.objects.filter(condition, agency_id=agency_id).values("pk")
    return (MentoringProgramme.objects.filter(pk__in=ids)
            .annotate(n_mentees=Count("mentees", distinct=True),
                      n_pairs=Count("pairs", distinct=True))
            .order_by("-year", "code"))


def my_pairs(user: User) -> QuerySet[MentoringPair]:
    """The pairs in which ``user``'s employee is the mentor or the mentee, with their
    meetings (prefetched) and ledger row."""
    if not user.is_authenticated or user.employee_id is None or user.agency_id is None:
        return MentoringPair.objects.none()
    agency_id: int = user.agency_id
    return (MentoringPair.objects
            .filter(Q(mentor__employee_id=user.employee_id)
                    | Q(mentee__employee_id=user.employee_id),
                    programme__agency_id=agency_id)
            .select_related("programme", "mentor__employee__unit", "mentee__employee__unit",
                            "record")
            .prefetch_related("meetings")
            .order_by("-programme__year", "programme__code", "mentee__employee__name"))
