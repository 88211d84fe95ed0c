"""Kirkpatrick levels 1–2 (methods.md B6): normalised gain and Likert summaries."""

from __future__ import annotations

import pytest

from bina.core.learning import (
    LearningError,
    PrePost,
    ReactionAnswer,
    class_gain,
    gain_band,
    likert_summary,
    normalised_gain,
    summarise_reactions,
    t_cdf,
    t_critical,
)


def test_normalised_gain_by_hand() -> None:
    assert normalised_gain(40, 70) == pytest.approx(0.5)  # 30 / 60
    assert normalised_gain(80, 90) == pytest.approx(0.5)  # 10 / 20
    assert normalised_gain(50, 40) == pytest.approx(-0.2)  # forgot: negative, not hidden
    assert normalised_gain(3, 9, max_score=10) == pytest.approx(6 / 7)


def test_gain_is_undefined_when_the_pre_test_is_at_the_maximum() -> None:
    assert normalised_gain(100, 100) is None
    assert normalised_gain(100, 90) is None


def test_class_average_gain_differs_from_the_mean_of_individual_gains() -> None:
    # A: 20 → 60, g = 40/80 = 0.5; B: 80 → 90, g = 10/20 = 0.5; mean g_i = 0.5
    # class means: pre 50, post 75 → ⟨g⟩ = 25/50 = 0.5 — equal here; C breaks the tie:
    # C: 0 → 10, g = 0.1; mean g_i = 1.1/3 = 0.3667; pre 100/3, post 160/3 → ⟨g⟩ = 20/(200/3) = 0.3
    result = class_gain([PrePost("A", 20, 60), PrePost("B", 80, 90), PrePost("C", 0, 10)])
    assert result.class_average_gain == pytest.approx(0.3)
    assert result.mean_individual_gain == pytest.approx(1.1 / 3)
    assert result.class_band == "medium"
    assert [p.band for p in result.people] == ["medium", "medium", "low"]


def test_a_person_with_pre_100_is_reported_and_left_out_of_the_mean_of_gains() -> None:
    result = class_gain([PrePost("A", 100, 100), PrePost("B", 50, 75)])
    assert result.undefined == ("A",)
    assert result.n_defined == 1
    assert result.mean_individual_gain == pytest.approx(0.5)
    # the class means still include A: pre 75, post 87.5 → ⟨g⟩ = 12.5/25 = 0.5
    assert result.class_average_gain == pytest.approx(0.5)
    assert result.people[0].note is not None
    assert "maksimum" in result.people[0].note.render("id")
    assert result.to_dict()["people"][0]["gain"] is None


def test_a_class_entirely_at_the_maximum_has_no_class_gain() -> None:
    result = class_gain([PrePost("A", 100, 100)])
    assert result.class_average_gain is None and result.mean_individual_gain is None
    assert result.note is not None


def test_it_refuses_scores_outside_the_scale_and_an_empty_class() -> None:
    with pytest.raises(LearningError):
        class_gain([PrePost("A", 50, 101)])
    with pytest.raises(LearningError):
        class_gain([PrePost("A", -1, 50)])
    with pytest.raises(LearningError):
        class_gain([])


@pytest.mark.parametrize(("g", "band"), [(0.29, "low"), (0.3, "medium"), (0.7, "medium"),
                                         (0.71, "high"), (-0.5, "low")])
def test_gain_bands(g: float, band: str) -> None:
    assert gain_band(g) == band


@pytest.mark.parametrize(("df", "value"), [(1, 12.706), (2, 4.303), (10, 2.228), (30, 2.042),
                                           (1000, 1.962)])
def test_t_critical_matches_the_printed_table(df: int, value: float) -> None:
    assert t_critical(df) == pytest.approx(value, abs=1e-3)


def test_t_cdf_is_symmetric() -> None:
    assert t_cdf(0, 5) == pytest.approx(0.5)
    assert t_cdf(-2, 7) == pytest.approx(1 - t_cdf(2, 7))


def test_likert_summary_by_hand() -> None:
    # 4, 5, 3, 4: mean 4, SD sqrt(2/3) = 0.8165, half width 3.182 × 0.8165 / 2 = 1.299
    summary = likert_summary("relevansi", [4, 5, 3, 4])
    assert summary.n == 4 and summary.mean == 4.0
    assert summary.sd == pytest.approx(0.8165, abs=1e-4)
    assert summary.ci_low == pytest.approx(4 - 1.2991, abs=1e-3)
    assert summary.ci_high == pytest.approx(5.0)  # 5.299 clipped to the scale
    assert dict(summary.counts) == {1: 0, 2: 0, 3: 1, 4: 2, 5: 1}


def test_likert_summary_of_one_answer_has_no_interval_and_refuses_out_of_scale() -> None:
    one = likert_summary("x", [5])
    assert (one.mean, one.ci_low, one.ci_high) == (5.0, None, None)
    assert likert_summary("x", []).mean is None
    with pytest.raises(LearningError):
        likert_summary("x", [6])


def test_reactions_are_summarised_per_group_and_item() -> None:
    answers = [ReactionAnswer("narasumber:1", "penguasaan", s) for s in (4, 5)]
    answers += [ReactionAnswer("narasumber:2", "penguasaan", 2)]
    out = summarise_reactions(answers)
    assert out["narasumber:1"][0].mean == 4.5
    assert out["narasumber:2"][0].n == 1
