from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bina.needs.models import RoundStatus
from bina.needs.selectors import round_analysis
from bina.needs.services import (
    RoundError,
    SelfAnswer,
    interview_record,
    round_close,
    round_create,
    round_open,
    self_assessment_submit,
    supervisor_rating_submit,
)
from bina.org.services import competency_standard_set
from bina.reference.models import Competency


@pytest.fixture
def opened(world: Any) -> Any:
    m5 = Competency.objects.get(code="M.5")
    m1 = Competency.objects.get(code="M.1")
    competency_standard_set(position=world.staff.position, levels={m5: 3, m1: 2})
    competency_standard_set(position=world.kabid.position, levels={m5: 3, m1: 3})
    needs_round = round_create(agency=world.agency, code="akpk-2027", name="AKPK 2027",
                               year=2027, units=[world.dinkes], actor=world.planner)
    return round_open(needs_round=needs_round, actor=world.planner)


def test_opening_freezes_the_population_and_the_standards(world: Any, opened: Any) -> None:
    people = set(opened.participants.values_list("employee_id", flat=True))
    assert people == {world.kadis.pk, world.kabid.pk, world.staff.pk, world.lab.pk}
    assert opened.status == RoundStatus.OPEN
    assert opened.standards.count() == 4
    assert {rc.competency.code for rc in opened.competencies.all()} == {"M.1", "M.5"}


def test_answers_give_gaps_and_a_closed_round_does_not_move(world: Any, opened: Any) -> None:
    m5 = Competency.objects.get(code="M.5")
    m1 = Competency.objects.get(code="M.1")
    staff = opened.participants.get(employee=world.staff)
    self_assessment_submit(participant=staff, answers={
        m5: SelfAnswer(self_level=2, importance=5, ability=2),
        m1: SelfAnswer(self_level=2, importance=3, ability=3)}, struggles="Aplikasi daring")
    supervisor_rating_submit(participant=staff, supervisor=world.kabid, levels={m5: 1, m1: 2})
    interview_record(needs_round=opened, group="Bidang P2P", held_on=dt.date(2026, 11, 2),
                     interviewer="Perencana", problems="Layanan daring lambat",
                     tags=[(m5, "layanan digital", "antrian daring")], unit=world.bidang)
    analysis = round_analysis(opened)
    gaps = {g.competency: g for g in analysis.gaps_of(world.staff.pk)}
    assert gaps["M.5"].assessed == 1 and gaps["M.5"].gap == 2  # (2 + 2×1)//3 = 1
    assert analysis.competencies[0].code == "M.5"
    round_close(needs_round=opened, actor=world.planner)
    frozen = opened.result
    competency_standard_set(position=world.staff.position, levels={m5: 1, m1: 1})
    world.staff.unit = world.inspektorat
    world.staff.save()
    assert round_analysis(opened).to_dict("akpk-2027", detail=True) == frozen
    with pytest.raises(RoundError):
        self_assessment_submit(participant=staff, answers={m5: SelfAnswer(self_level=3)})


def test_only_the_frozen_supervisor_rates(world: Any, opened: Any) -> None:
    m5 = Competency.objects.get(code="M.5")
    staff = opened.participants.get(employee=world.staff)
    with pytest.raises(RoundError):
        supervisor_rating_submit(participant=staff, supervisor=world.kadis, levels={m5: 2})


def test_levels_outside_one_to_five_are_refused(world: Any, opened: Any) -> None:
    m5 = Competency.objects.get(code="M.5")
    staff = opened.participants.get(employee=world.staff)
    with pytest.raises(RoundError):
        self_assessment_submit(participant=staff, answers={m5: SelfAnswer(self_level=6)})
