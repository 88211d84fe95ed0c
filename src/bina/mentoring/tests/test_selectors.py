"""The matching's inputs built from the database: levels from the needs rounds, required
levels from the position's standard, ranks, fields, and a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bina.core.mentoring import MatchRules
from bina.mentoring.selectors import assessed_levels, match_inputs, people, position_rank
from bina.mentoring.services import mentees_add, mentors_add
from bina.mentoring.tests.factories import assessed_round, programme, standards
from bina.reference.models import Competency
from bina.testing import make_employee


def m5() -> dict[int, str]:
    competency = Competency.objects.get(code="M.5")
    return {competency.pk: competency.code}


def test_levels_come_from_the_latest_closed_round(world: Any) -> None:
    standards(world)
    assessed_round(world, {"staff": {"M.5": 2}, "auditor": {"M.5": 3}}, code="akpk-a")
    assessed_round(world, {"staff": {"M.5": 4}}, code="akpk-b")
    assessed_round(world, {"staff": {"M.5": 5}, "auditor": {"M.5": 5}}, code="akpk-open",
                   close=False)
    levels = assessed_levels([world.staff.pk, world.auditor.pk, world.kadis.pk], m5())
    code = Competency.objects.get(code="M.5").pk
    assert levels[world.staff.pk] == {code: 4}  # round b is later; the open round is ignored
    assert levels[world.auditor.pk] == {code: 3}  # not rated in b: a's answer stands
    assert world.kadis.pk not in levels  # never rated


@pytest.mark.parametrize(("answer", "level"), [
    ((3, 1), 1),  # (3 + 2·1) // 3: the needs analysis's combination
    ((None, 4), 4),  # the supervisor's rating alone
    ((2, None), 2),  # the self rating alone
    ((2, 3), 2),
])
def test_self_and_supervisor_ratings_combine_as_in_the_needs_analysis(
        world: Any, answer: tuple[int | None, int | None], level: int) -> None:
    standards(world)
    assessed_round(world, {"staff": {"M.5": answer}}, code="akpk-x")
    found = people([world.staff.pk], m5())
    assert found[world.staff.pk].person.levels == {"M.5": level}


def test_a_person_carries_ranks_field_unit_and_supervisor(world: Any) -> None:
    found = people([world.kadis.pk, world.kabid.pk, world.staff.pk, world.lab.pk], m5())
    kadis, kabid = found[world.kadis.pk].person, found[world.kabid.pk].person
    staff, lab = found[world.staff.pk].person, found[world.lab.pk].person
    assert (kadis.golongan_rank, kabid.golongan_rank, staff.golongan_rank) == (14, 13, 10)
    assert lab.golongan_rank == 9  # PPPK IX sits with III/a
    assert (kadis.position_rank, kabid.position_rank, staff.position_rank,
            lab.position_rank) == (6, 5, 3, 2)
    assert staff.supervisor_id == str(world.kabid.pk) and kadis.supervisor_id is None
    # the bidang is the field: its head and its staff share it; the OPD head is the OPD
    assert kabid.field == staff.field == "Bidang Pencegahan dan Pengendalian Penyakit"
    assert kadis.field == "Dinas Kesehatan"
    assert lab.field == lab.unit == "UPTD Balai Laboratorium Kesehatan Daerah"


@pytest.mark.parametrize(("position_type", "level", "rank"), [
    ("pelaksana", "", 1), ("fungsional", "ahli_pertama", 3), ("pengawas", "", 4),
    ("fungsional", "ahli_muda", 4), ("administrator", "", 5), ("fungsional", "ahli_madya", 5),
    ("jpt_pratama", "", 6), ("jpt_utama", "", 8), ("fungsional", "", 1),
])
def test_position_levels_are_one_ordinal_scale(position_type: str, level: str,
                                               rank: int) -> None:
    assert position_rank(position_type, level) == rank


def test_match_inputs_hold_the_rules_and_the_required_levels(world: Any) -> None:
    prog = programme(world, seniority="golongan", unit_rule="different", same_field=True,
                     supervisor_rule="excluded", min_rank_gap=2)
    inputs = match_inputs(prog)
    assert inputs.rules == MatchRules(("M.5",), "golongan", 2, "different", True, "excluded")
    required = {e.person.name: dict(e.required) for e in inputs.mentees}
    assert required == {"Yusran Pakaya": {"M.5": 3}, "Nurhayati Daud": {"M.5": 2}}
    assert {m.person.name: m.capacity for m in inputs.mentors} == {
        "Rahmat Hasan": 2, "Sri Katili": 2, "Arifin Gobel": 2}


def test_building_the_inputs_takes_the_same_queries_for_more_people(world: Any) -> None:
    prog = programme(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            match_inputs(prog)
        return len(ctx.captured_queries)

    small = count()
    extra = [make_employee(world.agency, world.bidang, world.staff.position,
                           f"19920817201903{i:04d}", f"Pegawai {i}", supervisor=world.kabid)
             for i in range(1005, 1025)]
    mentees_add(programme=prog, employees=extra[:15], user=None)
    mentors_add(programme=prog, employees=extra[15:], user=None)
    assert count() == small <= 8
