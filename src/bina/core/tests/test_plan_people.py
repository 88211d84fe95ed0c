"""The rules that turn the needs analysis and the roster into the optimiser's employees."""

from __future__ import annotations

import datetime as dt

import pytest

from bina.core import plan_people as rules


def test_the_first_priority_weighs_three_and_the_last_one() -> None:
    weights = rules.priority_weights(["T.DIG.01", "M.5", "M.1"])
    assert weights == {"T.DIG.01": 3.0, "M.5": 2.0, "M.1": 1.0}
    assert rules.priority_weights(["M.5"]) == {"M.5": 3.0}


def test_a_low_performer_in_a_structural_post_weighs_more() -> None:
    assert rules.person_factor(predicate="baik", position_type="pelaksana") == 1.0
    assert rules.person_factor(predicate="butuh_perbaikan", position_type="pelaksana") == 1.5
    assert rules.person_factor(predicate=None, position_type="pengawas") == 1.25
    assert rules.person_factor(predicate="kurang", position_type="administrator") == \
        pytest.approx(1.875)


def test_the_gap_is_the_larger_of_current_and_target_position() -> None:
    assert rules.combined_gap(1, 3) == 3
    assert rules.combined_gap(2, None) == 2
    assert rules.combined_gap(-1, None) == 0


@pytest.mark.parametrize(("position_type", "level", "age"), [
    ("jpt_pratama", "", 60), ("administrator", "", 58), ("pelaksana", "", 58),
    ("fungsional", "ahli_utama", 65), ("fungsional", "ahli_madya", 60),
    ("fungsional", "terampil", 58),
])
def test_retirement_age_follows_the_position(position_type: str, level: str, age: int) -> None:
    assert rules.retirement_age(position_type, level) == age


def test_someone_reaching_58_in_the_plan_year_retires_in_it() -> None:
    assert rules.retires_in(dt.date(1969, 6, 1), "pelaksana", "", 2027)
    assert not rules.retires_in(dt.date(1970, 6, 1), "pelaksana", "", 2027)


def test_the_jp_right_depends_on_status_and_employment_type() -> None:
    assert rules.jp_rule(employment_type="PNS", status="aktif", retiring=False) == \
        rules.JpRule(20, 60, "")
    assert rules.jp_rule(employment_type="CPNS", status="aktif", retiring=False).min_jp == 20
    assert rules.jp_rule(employment_type="PPPK", status="aktif", retiring=False) == \
        rules.JpRule(0, 24, "pppk")
    assert rules.jp_rule(employment_type="PNS", status="aktif", retiring=True) == \
        rules.JpRule(0, 60, "pensiun")
    away = rules.jp_rule(employment_type="PNS", status="tugas_belajar", retiring=False)
    assert away.is_away and away.max_jp == 0
    assert rules.jp_rule(employment_type="PNS", status="aktif", retiring=False,
                         pns_max_jp=40).max_jp == 40


def test_a_programme_is_credited_only_with_the_levels_still_open() -> None:
    reasons = rules.assignment_reasons(
        [{"M.5": 2}, {"M.5": 1, "M.1": 1}], {"M.5": 2, "M.1": 1}, {"M.5": 3.0, "M.1": 1.0})
    assert reasons[0] == [rules.Reason("M.5", 2, 2, 3.0)]
    assert reasons[1] == [rules.Reason("M.1", 1, 1, 1.0)]
