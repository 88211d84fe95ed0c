"""A small mentoring world on top of the shared test world (``bina.testing``).

Levels in M.5 (Pelayanan Publik) from a closed needs round: kadis 4, kabid 3, auditor 4 (as
mentors); staff 2 (requires 3) and lab 1 (requires 2) as mentees. Ranks: kadis IV/b JPT
pratama, kabid IV/a administrator, auditor III/b ahli muda, staff III/b ahli pertama, lab PPPK
IX terampil. kabid is staff's direct supervisor, kadis is lab's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from bina.mentoring.models import MentoringProgramme
from bina.mentoring.services import mentees_add, mentoring_programme_create, mentors_add
from bina.needs.models import NeedsRound
from bina.needs.services import (
    SelfAnswer,
    round_close,
    round_create,
    round_open,
    self_assessment_submit,
    supervisor_rating_submit,
)
from bina.org.services import competency_standard_set
from bina.reference.models import Competency

Levels = Mapping[Any, Mapping[str, int | tuple[int | None, int | None]]]

DEFAULT_LEVELS = {"kadis": {"M.5": 4}, "kabid": {"M.5": 3}, "auditor": {"M.5": 4},
                  "staff": {"M.5": 2}, "lab": {"M.5": 1}}


def standards(world: Any) -> None:
    m5 = Competency.objects.get(code="M.5")
    for person, level in ((world.staff, 3), (world.lab, 2), (world.kabid, 3),
                          (world.auditor, 3), (world.kadis, 4)):
        competency_standard_set(position=person.position, levels={m5: level})


def assessed_round(world: Any, levels: Mapping[str, Mapping[str, Any]], *, code: str,
                   close: bool = True) -> NeedsRound:
    """A needs round over the agency where each named person (attribute of ``world``) has the
    given levels: an int is a self level; a (self, supervisor) tuple gives both."""
    needs_round = round_create(agency=world.agency, code=code, name=code.upper(), year=2026,
                               actor=world.planner)
    round_open(needs_round=needs_round, actor=world.planner)
    for name, per in levels.items():
        employee = getattr(world, name)
        participant = needs_round.participants.get(employee=employee)
        self_levels: dict[Competency, SelfAnswer] = {}
        sup_levels: dict[Competency, int] = {}
        for comp_code, value in per.items():
            comp = Competency.objects.get(code=comp_code)
            own, sup = value if isinstance(value, tuple) else (value, None)
            if own is not None:
                self_levels[comp] = SelfAnswer(self_level=own)
            if sup is not None:
                sup_levels[comp] = sup
        if self_levels:
            self_assessment_submit(participant=participant, answers=self_levels)
        if sup_levels:
            supervisor_rating_submit(participant=participant, supervisor=employee.supervisor,
                                     levels=sup_levels)
    if close:
        round_close(needs_round=needs_round, actor=world.planner)
    return needs_round


def programme(world: Any, *, code: str = "MENTOR-26", capacity: int = 2,
              mentors: tuple[str, ...] = ("kadis", "kabid", "auditor"),
              mentees: tuple[str, ...] = ("staff", "lab"),
              levels: Mapping[str, Mapping[str, Any]] | None = None,
              **rules: Any) -> MentoringProgramme:
    """Standards, a closed round with ``levels`` (default :data:`DEFAULT_LEVELS`) and a
    programme in M.5 over 2026 with the given rules, mentors and mentees."""
    standards(world)
    assessed_round(world, levels or DEFAULT_LEVELS, code=f"akpk-{code.lower()}")
    created = mentoring_programme_create(
        agency=world.agency, code=code, name="Mentoring Pelayanan Publik", year=2026,
        start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31),
        competencies=[Competency.objects.get(code="M.5")], default_capacity=capacity,
        user=world.planner, **rules)
    mentors_add(programme=created, employees=[getattr(world, n) for n in mentors],
                user=world.planner)
    mentees_add(programme=created, employees=[getattr(world, n) for n in mentees],
                user=world.planner)
    return created
