"""Difference-in-differences with not-yet-treated comparisons and cluster-robust intervals
(methods.md B6), on simulated panels with a known effect."""

from __future__ import annotations

import numpy as np
import pytest

from bina.core.impact import (
    Estimate,
    ImpactError,
    Observation,
    _sentence,
    did_2x2,
    estimate,
    verdict,
)

YEARS = range(2019, 2027)


def simulate(effect: float, *, seed: int, units: int = 60, clusters: int = 15,
             pre_trend: float = 0.0) -> list[Observation]:
    """Units in OPD clusters; a third trained from 2023, a third from 2025, a third never.
    Outcome = unit level + common year shock + cluster shock + noise (+ effect once trained;
    + ``pre_trend`` per year for the units that will be trained, to break parallel trends)."""
    rng = np.random.default_rng(seed)
    level = rng.normal(75, 5, units)
    year_shock = {y: rng.normal(0, 1.5) for y in YEARS}
    cluster_shock = rng.normal(0, 1.0, (clusters, len(YEARS)))
    out = []
    for i in range(units):
        cohort = (2023, 2025, None)[i % 3]
        c = i % clusters
        for j, y in enumerate(YEARS):
            value = level[i] + year_shock[y] + cluster_shock[c, j] + rng.normal(0, 1.0)
            if cohort is not None:
                value += pre_trend * (y - 2019)
                if y >= cohort:
                    value += effect
            out.append(Observation(f"U{i:02d}", y, value, cohort, f"OPD{c:02d}"))
    return out


def test_the_interval_covers_a_known_effect_and_excludes_zero() -> None:
    result = estimate(simulate(3.0, seed=1), seed=1)
    assert result.att.ci_low < 3.0 < result.att.ci_high
    assert result.att.ci_low > 0
    assert result.cohorts == {2023: 20, 2025: 20}
    assert result.pretrend is not None and result.pretrend_ok
    # each event-time interval after training covers 3, each placebo lead covers 0
    assert all(est.ci_low < 3.0 < est.ci_high
               for e, est in result.by_event_time.items() if e >= 0)
    assert all(est.includes_zero for e, est in result.by_event_time.items() if e <= -2)


def test_with_no_effect_the_interval_includes_zero_most_of_the_time() -> None:
    covered = sum(estimate(simulate(0.0, seed=s), seed=s, bootstrap=199).att.includes_zero
                  for s in range(20))
    assert covered >= 17  # nominal 95%: 19 of 20 expected; 17 leaves room for chance


def test_the_pre_trend_check_flags_groups_that_were_already_diverging() -> None:
    result = estimate(simulate(0.0, seed=3, pre_trend=1.0), seed=3)
    assert result.pretrend is not None
    assert result.pretrend_ok is False
    text = verdict(result, outcome="IKM", lang="en")
    assert "Warning" in text and "may be biased" in text


def test_the_staggered_estimate_on_two_periods_equals_the_2x2_regression() -> None:
    rng = np.random.default_rng(5)
    obs = []
    for i in range(30):
        treated = i < 12
        base = rng.normal(70, 4)
        for year in (2024, 2025):
            value = base + (1.0 if year == 2025 else 0) + (2.5 if treated and year == 2025
                                                          else 0) + rng.normal(0, 1)
            obs.append(Observation(f"U{i}", year, value, 2025 if treated else None,
                                   f"OPD{i % 8}"))
    staggered = estimate(obs, seed=2)
    regression = did_2x2(obs, post_from=2025)
    assert staggered.att.estimate == pytest.approx(regression.estimate)
    assert regression.ci_low < 2.5 < regression.ci_high
    # both intervals are cluster-robust; the bootstrap and the analytic SE agree roughly
    assert staggered.att.se == pytest.approx(regression.se, rel=0.5)


def test_the_2x2_regression_by_hand() -> None:
    # treated: 10 → 15, 12 → 17 (+5); controls: 10 → 11, 14 → 15 (+1): DiD = 4
    obs = [Observation("T1", 1, 10, 2, "A"), Observation("T1", 2, 15, 2, "A"),
           Observation("T2", 1, 12, 2, "B"), Observation("T2", 2, 17, 2, "B"),
           Observation("C1", 1, 10, None, "C"), Observation("C1", 2, 11, None, "C"),
           Observation("C2", 1, 14, None, "D"), Observation("C2", 2, 15, None, "D")]
    result = did_2x2(obs, post_from=2)
    assert result.estimate == pytest.approx(4.0)
    assert result.se == pytest.approx(0.0, abs=1e-9)  # no noise around the parallel paths


def test_a_unit_with_no_comparison_group_is_refused_clearly() -> None:
    # every unit trained in 2025, nobody left untrained: nothing to compare with
    obs = [Observation(f"U{i}", y, 70.0 + i + (2 if y >= 2025 else 0), 2025, f"OPD{i}")
           for i in range(4) for y in (2023, 2024, 2025)]
    with pytest.raises(ImpactError) as caught:
        estimate(obs)
    assert caught.value.message.code == "impact.no_comparison"
    assert "tidak ada kelompok pembanding" in caught.value.message.render("id")
    with pytest.raises(ImpactError):
        did_2x2(obs, post_from=2025)


def test_the_last_cohort_without_comparison_is_left_out_and_named() -> None:
    obs = simulate(2.0, seed=4)
    # make the never-trained third trained in 2026: in 2026 nobody is left as comparison
    obs = [Observation(o.unit, o.period, o.outcome, 2026 if o.treated_from is None
                       else o.treated_from, o.cluster) for o in obs]
    result = estimate(obs, seed=4)
    assert 2026 not in result.cohorts
    assert any(n.code == "impact.no_comparison" for n in result.notes)
    assert result.att.ci_low < 2.0 < result.att.ci_high


def test_a_unit_renamed_in_the_2025_reorganisation_keeps_its_history() -> None:
    obs = simulate(3.0, seed=6)
    renamed = [Observation("DINAS-BARU" if o.unit == "U00" and o.period >= 2025 else o.unit,
                           o.period, o.outcome, o.treated_from, o.cluster) for o in obs]
    joined = estimate(renamed, aliases={"U00": "DINAS-BARU"}, seed=6)
    original = estimate(obs, seed=6)
    assert joined.att.estimate == pytest.approx(original.att.estimate)
    assert sum(joined.cohorts.values()) == sum(original.cohorts.values())


def test_it_refuses_no_trained_unit_and_a_single_cluster() -> None:
    with pytest.raises(ImpactError):
        estimate([Observation("A", 1, 1.0), Observation("A", 2, 2.0)])
    with pytest.raises(ImpactError):
        estimate([Observation("A", 1, 1.0, 2, "X"), Observation("A", 2, 2.0, 2, "X"),
                  Observation("B", 1, 1.0, None, "X"), Observation("B", 2, 1.0, None, "X")])
    with pytest.raises(ImpactError):
        estimate([])


def test_the_verdict_states_the_estimate_interval_and_caveat_never_a_bare_success() -> None:
    result = estimate(simulate(3.0, seed=1), seed=1)
    text = verdict(result, outcome="IKM", unit="Dinas Kesehatan", lang="id")
    assert "IK 95%" in text and "s.d." in text
    assert "di atas nol" in text and "asumsi" in text
    assert "berhasil" not in text
    english = verdict(result, outcome="IKM", lang="en")
    assert "it worked" not in english.lower() and "95% CI" in english
    null = Estimate(0.4, 0.5, -0.6, 1.4, 10, 10)
    assert "includes zero" in verdict(null, outcome="IKM", lang="en", clusters=12)
    negative = Estimate(-2.0, 0.5, -3.0, -1.0, 10, 10)
    assert "decrease" in verdict(negative, outcome="IKM", lang="en")


def test_the_result_serialises_with_notes_in_the_chosen_language() -> None:
    data = estimate(simulate(1.0, seed=2, clusters=5), seed=2).to_dict("en")
    assert data["clusters"] == 5
    assert any("clusters" in note for note in data["notes"])
    assert set(data["att"]) == {"estimate", "se", "ci", "includes_zero", "n_treated",
                                "n_comparison"}


def test_dose_slope_recovers_a_known_association_and_refuses_no_variation() -> None:
    from bina.core.impact import dose_slope

    rng = np.random.default_rng(8)
    # NRR U6 = 2.8 + 0.6 × share + noise, 40 units
    points = [(f"U{i}", s, 2.8 + 0.6 * s + rng.normal(0, 0.05))
              for i, s in enumerate(rng.uniform(0, 1, 40))]
    result = dose_slope(points)
    assert result.ci_low < 0.6 < result.ci_high and result.ci_low > 0
    # a perfect line by hand: slope 2, no residual
    exact = dose_slope([("A", 0.0, 1.0), ("B", 0.5, 2.0), ("C", 1.0, 3.0)])
    assert exact.estimate == pytest.approx(2.0) and exact.se == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(ImpactError):
        dose_slope([("A", 0.5, 1.0), ("B", 0.5, 2.0), ("C", 0.5, 3.0)])


def test_a_note_in_the_verdict_reads_as_its_own_sentence() -> None:
    assert _sentence("hanya 7 klaster (OPD); galat baku kurang andal") == (
        "Hanya 7 klaster (OPD); galat baku kurang andal.")
    assert _sentence("Sudah kalimat.") == "Sudah kalimat."
