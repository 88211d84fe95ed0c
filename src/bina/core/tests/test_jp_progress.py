"""The 20 JP right during the year (PP 11/2017 Pasal 203(4); PP 49/2018 Pasal 40)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bina.core.jp_progress import fair_share, status
from bina.core.messages import CATALOGUE

D = Decimal


def s(kind: str = "PNS", earned: int | str = 0, upcoming: int | str = 0, *,
      exempt: bool = False, right: int = 20) -> str:
    return status(employment_type=kind, exempt=exempt, earned_jp=D(earned),
                  upcoming_jp=D(upcoming), right_jp=D(right))


def test_the_statuses() -> None:
    assert s(earned=20) == "met"
    assert s(earned=25) == "met"
    assert s(earned=12, upcoming=8) == "on_track"
    assert s(earned="19.9", upcoming=0) == "at_risk"
    assert s(earned=0, upcoming=10) == "at_risk"
    assert s(earned=5, upcoming=-10) == "at_risk"


def test_cpns_count_like_pns() -> None:
    for earned, upcoming in ((20, 0), (10, 10), (0, 0)):
        assert s("CPNS", earned, upcoming) == s("PNS", earned, upcoming)


def test_pppk_have_a_ceiling_not_a_right() -> None:
    assert s("PPPK", 0) == "not_applicable"
    assert s("PPPK", 30, exempt=True) == "not_applicable"


def test_exempt_people_are_exempt_even_when_they_met_it() -> None:
    assert s(earned=0, exempt=True) == "exempt"
    assert s(earned=30, exempt=True) == "exempt"


def test_case_is_ignored_and_unknown_types_are_refused() -> None:
    assert s("pns", 20) == "met"
    assert s("pppk") == "not_applicable"
    with pytest.raises(ValueError, match="employment type"):
        s("honorer")


def test_a_custom_right() -> None:
    assert s(earned=20, right=24) == "at_risk"
    assert s(earned=20, upcoming=4, right=24) == "on_track"


def test_fair_share_flags_a_group_below_four_fifths() -> None:
    groups = {
        "A": [(True, D(20))] * 8 + [(False, D(5))] * 2,   # 80%
        "B": [(True, D(24))] * 6 + [(False, D(0))] * 4,   # 60%
        "C": [(True, D(20))] * 4 + [(False, D(10))] * 6,  # 40%
    }
    out = {g.group: g for g in fair_share(groups)}
    assert [g.group for g in fair_share(groups)] == ["A", "B", "C"]
    # overall 18/30 = 60%; 4/5 of it = 48%
    assert out["A"].share == pytest.approx(0.8) and not out["A"].flagged
    assert out["B"].ratio == pytest.approx(1.0) and not out["B"].flagged
    assert out["C"].flagged and out["C"].ratio == pytest.approx(0.4 / 0.6)
    assert out["A"].mean_jp == D(17)
    assert out["B"].mean_jp == D("14.4")
    reason = out["C"].reason
    assert reason is not None and reason.code in CATALOGUE
    assert "40%" in reason.render("en") and "60%" in reason.render("id")
    assert out["A"].reason is None


def test_fair_share_edge_cases() -> None:
    assert fair_share({}) == ()
    out = fair_share({"empty": [], "none": [(False, D(1))] * 3})
    assert out[0].count == 0 and out[0].share == 0 and not out[0].flagged
    assert out[1].ratio is None and not out[1].flagged  # nobody met it: no ratio
    small = fair_share({"big": [(True, D(20))] * 10, "tiny": [(False, D(0))]}, min_count=5)
    assert not small[1].flagged
    assert fair_share({"big": [(True, D(20))] * 10, "tiny": [(False, D(0))]})[1].flagged


def test_the_mean_is_rounded_half_up() -> None:
    out = fair_share({"g": [(False, D("0.1")), (False, D("0"))]})  # 0.05
    assert out[0].mean_jp == D("0.1")
