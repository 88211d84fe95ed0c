"""The needs-analysis core (gaps, Borich MWDS, quadrants, priorities), without a database."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from dataclasses import dataclass, field, replace
from typing import TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bina.core.needs import (
    COMBINATION_RULE,
    AnalysisParams,
    Assessment,
    BorichAnswer,
    Competency,
    CompetencyResult,
    Disagreement,
    EmployeeGap,
    EmployeeInfo,
    InterviewTag,
    NeedsAnalysis,
    NeedsInputError,
    Quadrant,
    Requirement,
    Unit,
    analyse,
    combine_levels,
    ipa_quadrant,
    is_disagreement,
    mwds,
)


@dataclass
class Round:
    """The inputs of one analysis, easy to change and shuffle in a test."""

    competencies: list[Competency]
    requirements: list[Requirement] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    answers: list[BorichAnswer] = field(default_factory=list)
    employees: list[EmployeeInfo] = field(default_factory=list)
    interviews: list[InterviewTag] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)

    def analyse(self, params: AnalysisParams | None = None) -> NeedsAnalysis:
        return analyse(
            competencies=self.competencies, requirements=self.requirements,
            assessments=self.assessments, answers=self.answers, employees=self.employees,
            interviews=self.interviews, units=self.units, params=params or AnalysisParams())


# --------------------------------------------------------------------------------------------
# A three-person round computed by hand
#
# Two competencies; employees 1 and 2 in unit U1 (4 staff), employee 3 in U2 (1 staff).
# M.3 requires level 3; SK.1 requires 2. Employee 1 is planned for a post that needs M.3 at 4.
#
#        M.3 self/sup → assessed  gap      SK.1 self/sup → assessed  gap
#   e1   3 / 2  → (3+4)//3 = 2     1       2 / 2  → 2                 0
#   e2   4 / 4  → 4               −1 → 0   5 / 3  → (5+6)//3 = 3     −1 → 0  (disagreement)
#   e3   1 / 2  → (1+4)//3 = 1     2       – / 1  → 1 (supervisor)    1
#
#   M.3: 3 assessed, 2 below, share 2/3, mean gap (1+0+2)/3 = 1.0; career: e1 4−2 = 2.
#   SK.1: 3 assessed, 1 below, share 1/3, mean gap (0+0+1)/3 = 0.333.
#
# Borich (importance, ability):
#   M.3:  (5,2) (4,4) (3,1): mean I = 12/3 = 4, mean A = 7/3; DS 3,0,2; WDS 12,0,8;
#         MWDS = 20/3 = 6.667.
#   SK.1: (2,4) (3,5) (1,3): mean I = 2, mean A = 4; DS −2,−2,−2; WDS −4 each; MWDS = −4.
#   Crosshairs: importance (4+2)/2 = 3, ability (7/3+4)/2 = 19/6 = 3.167.
#   M.3: I 4 ≥ 3 and A 2.33 < 3.17 → quadrant I.  SK.1: I 2 < 3 and A 4 ≥ 3.17 → IV.
#   M.3 leads on every piece of evidence: rank 1 (z-scores +1 each: score 1+1+1+0 = 3).
#
# Unit U1 alone (e1, e2): M.3 mean gap (1+0)/2 = 0.5; Borich (5,2) (4,4): mean I 4.5,
#   mean DS 1.5 → MWDS 6.75. Coverage U1: e1, e2 answered of 4 staff = 0.5; U2: 1/1 = 1.0.


def three_people() -> Round:
    return Round(
        competencies=[Competency("SK.1", "Perekat Bangsa"), Competency("M.3", "Komunikasi")],
        requirements=[
            Requirement(1, "M.3", 3, 4), Requirement(2, "M.3", 3), Requirement(3, "M.3", 3),
            Requirement(1, "SK.1", 2), Requirement(2, "SK.1", 2), Requirement(3, "SK.1", 2),
        ],
        assessments=[
            Assessment(1, "M.3", 3, 2), Assessment(2, "M.3", 4, 4), Assessment(3, "M.3", 1, 2),
            Assessment(1, "SK.1", 2, 2), Assessment(2, "SK.1", 5, 3),
            Assessment(3, "SK.1", None, 1),
        ],
        answers=[
            BorichAnswer(1, "M.3", 5, 2), BorichAnswer(2, "M.3", 4, 4),
            BorichAnswer(3, "M.3", 3, 1),
            BorichAnswer(1, "SK.1", 2, 4), BorichAnswer(2, "SK.1", 3, 5),
            BorichAnswer(3, "SK.1", 1, 3),
        ],
        employees=[EmployeeInfo(1, "U1", "baik"), EmployeeInfo(2, "U1", "baik"),
                   EmployeeInfo(3, "U2", None)],
        units=[Unit("U1", "Dinas Satu", 4), Unit("U2", "Dinas Dua", 1)],
    )


def test_the_hand_computed_round_gives_gap_share_mean_gap_mwds_and_quadrants() -> None:
    result = three_people().analyse()

    m3, sk1 = result.competency("M.3"), result.competency("SK.1")
    assert (m3.staff_assessed, m3.staff_below_standard) == (3, 2)
    assert m3.share_below == pytest.approx(2 / 3)
    assert m3.mean_gap == pytest.approx(1.0)
    assert m3.mean_importance == pytest.approx(4.0)
    assert m3.mean_ability == pytest.approx(7 / 3)
    assert m3.mwds == pytest.approx(20 / 3)
    assert m3.quadrant is Quadrant.CONCENTRATE
    assert (sk1.staff_assessed, sk1.staff_below_standard) == (3, 1)
    assert sk1.mean_gap == pytest.approx(1 / 3)
    assert sk1.mwds == pytest.approx(-4.0)
    assert sk1.quadrant is Quadrant.OVERKILL
    assert result.importance_cut == pytest.approx(3.0)
    assert result.ability_cut == pytest.approx(19 / 6)
    assert [c.code for c in result.competencies] == ["M.3", "SK.1"]
    assert (m3.rank, sk1.rank) == (1, 2)
    assert m3.score == pytest.approx(3.0)

    u1 = result.unit("U1").competencies[0]
    assert (u1.code, u1.staff_assessed, u1.staff_below_standard) == ("M.3", 2, 1)
    assert u1.mean_gap == pytest.approx(0.5)
    assert u1.mwds == pytest.approx(6.75)


def test_the_gap_of_each_employee_and_competency() -> None:
    result = three_people().analyse()

    assert result.gaps_of(1) == (
        EmployeeGap(1, "M.3", required=3, self_level=3, supervisor_level=2, assessed=2,
                    source="both", gap=1, target_required=4, career_gap=2),
        EmployeeGap(1, "SK.1", required=2, self_level=2, supervisor_level=2, assessed=2,
                    source="both", gap=0, target_required=None, career_gap=None),
    )
    assert [g.gap for g in result.gaps_of(2)] == [-1, -1]
    assert result.gaps_of(3)[1].source == "supervisor"
    assert result.gaps_of(99) == ()


def test_the_json_has_the_shape_of_the_interface() -> None:
    doc = three_people().analyse().to_dict(round_code="AKPK-2027")

    assert list(doc) == ["round", "competencies", "units"]
    assert doc["round"] == "AKPK-2027"
    assert doc["competencies"] == [
        {"code": "M.3", "name": "Komunikasi", "staff_assessed": 3, "staff_below_standard": 2,
         "mean_gap": 1.0, "mwds": 6.667, "quadrant": "I", "rank": 1},
        {"code": "SK.1", "name": "Perekat Bangsa", "staff_assessed": 3,
         "staff_below_standard": 1, "mean_gap": 0.333, "mwds": -4.0, "quadrant": "IV",
         "rank": 2},
    ]
    units = doc["units"]
    assert isinstance(units, list)
    assert [(u["code"], u["name"], u["coverage"]) for u in units] == [
        ("U1", "Dinas Satu", 0.5), ("U2", "Dinas Dua", 1.0)]
    assert list(units[0]) == ["code", "name", "coverage", "competencies"]
    assert units[0]["competencies"][0] == {
        "code": "M.3", "name": "Komunikasi", "staff_assessed": 2, "staff_below_standard": 1,
        "mean_gap": 0.5, "mwds": 6.75, "quadrant": "I", "rank": 1}
    json.dumps(doc)


def test_the_detailed_json_shows_the_rule_and_the_evidence() -> None:
    doc = three_people().analyse().to_dict("AKPK-2027", detail=True)

    assert doc["combination_rule"] == COMBINATION_RULE.to_dict()
    assert doc["disagreements"] == 1
    first = doc["competencies"][0]  # type: ignore[index]
    assert first["share_below"] == 0.667
    assert first["career_below"] == 1
    assert first["reason"]["id"].startswith("67% pegawai (2 dari 3) di bawah standar")
    json.dumps(doc)


# --------------------------------------------------------------------------------------------
# Combining self and supervisor ratings


@pytest.mark.parametrize(
    ("self_level", "supervisor_level", "expected"),
    [
        (3, 3, 3),  # agree
        (4, 3, 3),  # one apart: the lower
        (3, 4, 3),
        (2, 3, 2),
        (5, 3, 3),  # two apart: the supervisor
        (1, 3, 2),  # (1 + 6) // 3: two apart, the supervisor dominates but is pulled down
        (5, 2, 3),  # three apart: one level towards the self-rating
        (1, 5, 3),
        (None, 4, 4),
        (2, None, 2),
        (None, None, None),
    ],
)
def test_the_combination_rule(self_level: int | None, supervisor_level: int | None,
                              expected: int | None) -> None:
    assert combine_levels(self_level, supervisor_level) == expected


def test_the_combination_rule_never_falls_when_a_rating_rises() -> None:
    for s, v in itertools.product(range(1, 6), repeat=2):
        level = combine_levels(s, v)
        assert level is not None
        assert min(s, v) <= level <= max(s, v)
        if s < 5:
            assert combine_levels(s + 1, v) >= level  # type: ignore[operator]
        if v < 5:
            assert combine_levels(s, v + 1) >= level  # type: ignore[operator]


def test_the_rule_is_shown_as_data_in_both_languages() -> None:
    result = three_people().analyse()

    assert result.combination_rule == COMBINATION_RULE
    assert "2 × penilaian atasan" in COMBINATION_RULE.id
    assert "2 × supervisor rating" in COMBINATION_RULE.en


def test_a_disagreement_of_two_levels_or_more_is_recorded() -> None:
    assert not is_disagreement(4, 3)
    assert is_disagreement(5, 3)
    assert is_disagreement(1, 3)
    assert not is_disagreement(None, 1)

    result = three_people().analyse()

    assert result.disagreements == (Disagreement(2, "SK.1", self_level=5, supervisor_level=3),)


# --------------------------------------------------------------------------------------------
# Gaps, career gaps, coverage


def test_negative_gaps_count_as_zero_in_the_mean() -> None:
    data = Round(
        competencies=[Competency("M.1", "Integritas")],
        requirements=[Requirement(1, "M.1", 1), Requirement(2, "M.1", 3)],
        assessments=[Assessment(1, "M.1", 5, 5), Assessment(2, "M.1", 2, 2)],
    )

    result = data.analyse().competency("M.1")

    # gaps −4 and 1: the mean is (0 + 1) / 2, not (−4 + 1) / 2
    assert result.mean_gap == pytest.approx(0.5)
    assert result.staff_below_standard == 1


def test_the_career_gap_is_measured_against_the_target_position() -> None:
    data = Round(
        competencies=[Competency("M.8", "Pengambilan Keputusan")],
        requirements=[Requirement(1, "M.8", 3, target_required=4),
                      Requirement(2, "M.8", 3, target_required=5),
                      Requirement(3, "M.8", 3)],
        assessments=[Assessment(1, "M.8", 4, 4), Assessment(2, "M.8", 3, 3),
                     Assessment(3, "M.8", 2, 2)],
    )

    result = data.analyse()
    m8 = result.competency("M.8")

    assert [(g.gap, g.career_gap) for g in result.gaps] == [(-1, 0), (0, 2), (1, None)]
    assert (m8.staff_below_standard, m8.career_assessed, m8.career_below) == (1, 2, 1)
    assert m8.mean_career_gap == pytest.approx(1.0)  # (0 + 2) / 2


def test_unassessed_people_and_assessments_without_a_requirement() -> None:
    data = Round(
        competencies=[Competency("M.1", "Integritas")],
        requirements=[Requirement(1, "M.1", 2), Requirement(2, "M.1", 2),
                      Requirement(3, "M.1", 2)],
        assessments=[Assessment(1, "M.1", 1, 1), Assessment(3, "M.1", None, None),
                     Assessment(4, "M.1", 2, 2)],
    )

    result = data.analyse()
    m1 = result.competency("M.1")

    assert (m1.staff_required, m1.staff_assessed, m1.staff_below_standard) == (3, 1, 1)
    assert result.unmatched_assessments == 1


def test_coverage_is_the_share_of_staff_who_answered() -> None:
    data = Round(
        competencies=[Competency("M.1", "Integritas")],
        requirements=[Requirement(e, "M.1", 2) for e in range(1, 6)],
        # 1: self-assessment; 2: Borich only; 3: supervisor only (not an answer); 4, 5: none
        assessments=[Assessment(1, "M.1", 2, None), Assessment(3, "M.1", None, 2)],
        answers=[BorichAnswer(2, "M.1", 4, 3)],
        employees=[EmployeeInfo(e, "A", None) for e in (1, 2, 3, 4)]
        + [EmployeeInfo(5, "B", None), EmployeeInfo(6, "C", None)],
        units=[Unit("A", "Unit A", 10), Unit("B", "Unit B"), Unit("C", "Unit C", 0)],
    )

    result = data.analyse()

    assert result.unit("A").coverage == pytest.approx(0.2)  # 2 of the 10 staff given
    assert (result.unit("A").respondents, result.unit("A").staff) == (2, 10)
    assert result.unit("B").staff == 1  # no headcount given: the employees of the unit
    assert result.unit("B").coverage == 0.0
    assert result.unit("C").coverage == 0.0  # no staff: 0, not a division by zero


def test_coverage_never_exceeds_one() -> None:
    data = Round(
        competencies=[Competency("M.1", "Integritas")],
        answers=[BorichAnswer(e, "M.1", 4, 3) for e in (1, 2)],
        employees=[EmployeeInfo(1, "A", None), EmployeeInfo(2, "A", None)],
        units=[Unit("A", "Unit A", 1)],  # an outdated headcount
    )

    assert data.analyse().unit("A").coverage == 1.0


# --------------------------------------------------------------------------------------------
# Borich and IPA helpers


def test_mwds_follows_borich() -> None:
    # methods.md B5: Σ (I − A) × mean(I) / n
    assert mwds([(5, 2), (4, 4), (3, 1)]) == pytest.approx((3 * 4 + 0 * 4 + 2 * 4) / 3)
    assert mwds([]) is None


@pytest.mark.parametrize(
    ("importance", "ability", "expected"),
    [
        (4.0, 2.0, Quadrant.CONCENTRATE),
        (4.0, 4.0, Quadrant.KEEP_UP),
        (2.0, 2.0, Quadrant.LOW_PRIORITY),
        (2.0, 4.0, Quadrant.OVERKILL),
        (3.0, 3.0, Quadrant.KEEP_UP),  # on the crosshairs: high
    ],
)
def test_the_quadrants_of_methods_b5(importance: float, ability: float,
                                     expected: Quadrant) -> None:
    assert ipa_quadrant(importance, ability, 3.0, 3.0) is expected
    assert expected.value in {"I", "II", "III", "IV"}


# --------------------------------------------------------------------------------------------
# Priorities


DIGITAL = "T.DIG.01"
T = TypeVar("T")


def digital_weakness() -> Round:
    """40 staff in two service units; 70% are below standard in digital services.

    Everyone must reach level 3 everywhere. T.DIG.01: employees 1–15 (of 20 in DPMPTSP) and
    21–33 (of 20 in DISDUK) are below, 1–4 by two levels: 28 of 40 = 70%, mean gap
    (28 + 4) / 40 = 0.8. A few gaps elsewhere: M.1 employees 1–4, M.3 employees 21–26.
    Borich: T.DIG.01 importance 5, ability 2 for the 28 below and 3 for the rest: mean DS
    (200 − 92) / 40 = 2.7, MWDS 2.7 × 5 = 13.5. M.3 (4, 3): MWDS 4; M.1 (3, 3): 0; SK.1 (3, 4): −3.
    Two interviews name T.DIG.01, one names M.3.
    """
    codes = ("M.1", "M.3", "SK.1", DIGITAL)
    data = Round(
        competencies=[Competency("M.1", "Integritas"), Competency("M.3", "Komunikasi"),
                      Competency("SK.1", "Perekat Bangsa"),
                      Competency(DIGITAL, "Pelayanan Publik Digital")],
        units=[Unit("DPMPTSP", "Dinas Penanaman Modal dan PTSP", 20),
               Unit("DISDUK", "Dinas Kependudukan dan Catatan Sipil", 20)],
    )
    below = {("M.1", e) for e in range(1, 5)} | {("M.3", e) for e in range(21, 27)}
    below |= {(DIGITAL, e) for e in (*range(1, 16), *range(21, 34))}
    borich = {"M.1": (3, 3), "M.3": (4, 3), "SK.1": (3, 4)}
    for e in range(1, 41):
        data.employees.append(EmployeeInfo(e, "DPMPTSP" if e <= 20 else "DISDUK", "baik"))
        for code in codes:
            data.requirements.append(Requirement(e, code, 3))
            level = 3 if (code, e) not in below else 1 if code == DIGITAL and e <= 4 else 2
            data.assessments.append(Assessment(e, code, level, level))
            importance, ability = borich.get(code, (5, 2 if (code, e) in below else 3))
            data.answers.append(BorichAnswer(e, code, importance, ability))
    data.interviews = [
        InterviewTag("DPMPTSP", DIGITAL, "Aplikasi perizinan daring sering gagal"),
        InterviewTag("DISDUK", DIGITAL, "Petugas belum bisa melayani permohonan daring"),
        InterviewTag("DISDUK", "M.3", "Informasi layanan tidak jelas bagi warga"),
    ]
    return data


def test_a_widespread_digital_weakness_rises_to_the_top_and_says_why() -> None:
    result = digital_weakness().analyse()
    top = result.competencies[0]

    assert (top.code, top.rank) == (DIGITAL, 1)
    assert top.mwds == pytest.approx(13.5)
    assert top.quadrant is Quadrant.CONCENTRATE
    assert top.evidence.reason.id == (
        "70% pegawai (28 dari 40) di bawah standar; rata-rata kesenjangan 0,8 level; "
        "proporsi tertinggi di Dinas Penanaman Modal dan PTSP (75%); MWDS 13,5 tertinggi; "
        "kuadran I (prioritas utama); disebut dalam 2 wawancara"
    )
    assert top.evidence.reason.en.startswith("70% of staff (28 of 40) below standard;")
    assert [u.code for u in top.evidence.top_units] == ["DPMPTSP", "DISDUK"]
    assert top.evidence.notes == ("Petugas belum bisa melayani permohonan daring",
                                  "Aplikasi perizinan daring sering gagal")
    for unit in result.units:
        assert unit.competencies[0].code == DIGITAL


def test_interview_notes_are_capped_and_counted_per_unit() -> None:
    data = digital_weakness()
    data.interviews += [InterviewTag("DISDUK", DIGITAL, f"catatan {n}") for n in range(5)]

    result = data.analyse(AnalysisParams(evidence_notes=3))

    assert result.competency(DIGITAL).interview_mentions == 7
    assert len(result.competency(DIGITAL).evidence.notes) == 3
    disduk = next(c for c in result.unit("DISDUK").competencies if c.code == DIGITAL)
    assert disduk.interview_mentions == 6


def two_equal_competencies() -> Round:
    """M.1 and M.2 with the same numbers: employees 1, 2 lack M.1; employees 3, 4 lack M.2."""
    data = Round(competencies=[Competency("M.1", "Integritas"), Competency("M.2", "Kerja Sama")])
    for e in range(1, 11):
        data.employees.append(EmployeeInfo(e, "U", "baik"))
        for code, weak in (("M.1", (1, 2)), ("M.2", (3, 4))):
            data.requirements.append(Requirement(e, code, 3))
            level = 2 if e in weak else 3
            data.assessments.append(Assessment(e, code, level, level))
    return data


@pytest.mark.parametrize("params", [
    AnalysisParams(),
    AnalysisParams(weight_share_below=0),  # the weighted mean gap alone
    AnalysisParams(weight_mean_gap=0),  # the weighted share below alone
])
def test_a_needs_improvement_predicate_raises_the_priority_of_that_persons_gaps(
        params: AnalysisParams) -> None:
    data = two_equal_competencies()
    assert [c.code for c in data.analyse(params).competencies] == ["M.1", "M.2"]  # tie: code

    data.employees[2] = EmployeeInfo(3, "U", "butuh_perbaikan")
    result = data.analyse(params)

    assert [c.code for c in result.competencies] == ["M.2", "M.1"]
    assert result.competency("M.2").low_performers_below == 1
    assert "1 di antaranya berkinerja Butuh Perbaikan" in result.competencies[0].evidence.reason.id
    # the published numbers themselves are not weighted
    assert result.competency("M.2").mean_gap == result.competency("M.1").mean_gap
    # with the weight switched off the tie returns
    same = data.analyse(AnalysisParams(low_performance_weight=1.0))
    assert [c.code for c in same.competencies] == ["M.1", "M.2"]


def test_a_good_predicate_does_not_raise_the_priority() -> None:
    data = two_equal_competencies()
    data.employees[2] = EmployeeInfo(3, "U", "sangat_baik")

    assert [c.code for c in data.analyse().competencies] == ["M.1", "M.2"]


def test_the_same_input_in_a_shuffled_order_gives_the_same_output() -> None:
    data = random_round(random.Random(7), employees=120)
    expected = data.analyse()
    rng = random.Random(11)
    for _ in range(3):
        shuffled = Round(
            shuffle(rng, data.competencies), shuffle(rng, data.requirements),
            shuffle(rng, data.assessments), shuffle(rng, data.answers),
            shuffle(rng, data.employees), shuffle(rng, data.interviews),
            shuffle(rng, data.units))
        result = shuffled.analyse()
        assert result == expected
        assert result.to_dict("R", detail=True) == expected.to_dict("R", detail=True)


def test_every_gap_follows_the_published_rule() -> None:
    data = random_round(random.Random(3), employees=150)

    result = data.analyse()

    assert result.gaps
    for g in result.gaps:
        assert g.assessed == combine_levels(g.self_level, g.supervisor_level)
        assert g.gap == g.required - g.assessed
    assert {(d.employee_id, d.competency) for d in result.disagreements} == {
        (g.employee_id, g.competency) for g in result.gaps
        if is_disagreement(g.self_level, g.supervisor_level)}


def shuffle(rng: random.Random, rows: list[T]) -> list[T]:
    return rng.sample(rows, len(rows))


def random_round(rng: random.Random, employees: int) -> Round:
    codes = ["M.1", "M.3", "M.5", "SK.1", DIGITAL]
    data = Round(competencies=[Competency(c, f"Kompetensi {c}") for c in codes],
                 units=[Unit(u, f"Unit {u}", employees // 3) for u in ("A", "B", "C")])
    predicates = [None, "sangat_baik", "baik", "baik", "butuh_perbaikan", "kurang"]
    for e in range(1, employees + 1):
        data.employees.append(EmployeeInfo(e, rng.choice("ABC"), rng.choice(predicates)))
        for code in codes:
            data.requirements.append(Requirement(e, code, rng.randint(1, 4),
                                                 rng.choice([None, None, 4, 5])))
            data.assessments.append(Assessment(e, code, rng.choice([None, 1, 2, 3, 4, 5]),
                                               rng.choice([None, 1, 2, 3, 4, 5])))
            data.answers.append(BorichAnswer(e, code, rng.randint(1, 5), rng.randint(1, 5)))
    for n in range(12):
        data.interviews.append(InterviewTag(rng.choice(["A", "B", None]), rng.choice(codes),
                                            f"catatan {n}"))
    return data


# --------------------------------------------------------------------------------------------
# Bad input


def test_a_level_outside_1_to_5_is_refused() -> None:
    data = three_people()
    data.assessments[0] = Assessment(1, "M.3", 6, 2)

    with pytest.raises(NeedsInputError, match=r"self_level 6 .*employee 1, competency M.3"):
        data.analyse()

    data = three_people()
    data.answers[0] = BorichAnswer(1, "M.3", 0, 2)
    with pytest.raises(NeedsInputError, match="importance 0"):
        data.analyse()


def test_a_duplicate_row_is_refused() -> None:
    data = three_people()
    data.assessments.append(Assessment(3, "SK.1", 2, 2))

    with pytest.raises(NeedsInputError) as error:
        data.analyse()
    assert error.value.message.render("id") == (
        "assessment ganda untuk pegawai 3, kompetensi SK.1")


def test_an_unknown_predicate_or_a_twice_listed_employee_is_refused() -> None:
    data = three_people()
    data.employees[0] = EmployeeInfo(1, "U1", "jelek")
    with pytest.raises(NeedsInputError, match="unknown performance predicate 'jelek'"):
        data.analyse()

    data = three_people()
    data.employees.append(EmployeeInfo(1, "U2", None))
    with pytest.raises(NeedsInputError, match="employee 1 is listed twice"):
        data.analyse()


def test_an_unknown_competency_code_is_refused() -> None:
    data = three_people()
    data.interviews.append(InterviewTag(None, "T.XYZ", "?"))

    with pytest.raises(NeedsInputError, match=r"'T\.XYZ'"):
        data.analyse()


def test_the_params_refuse_a_weight_that_would_lower_priority() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        AnalysisParams(low_performance_weight=0.5)
    with pytest.raises(ValueError, match="non-negative"):
        AnalysisParams(weight_mwds=-1)


def test_the_module_loads_without_django_numpy_or_pandas() -> None:
    code = ("import sys, bina.core.needs; "
            "sys.exit(any(m.split('.')[0] in {'django', 'numpy', 'pandas'} for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --------------------------------------------------------------------------------------------
# Properties

levels = st.integers(1, 5)
maybe_levels = st.none() | levels


@st.composite
def small_rounds(draw: st.DrawFn) -> Round:
    codes = draw(st.lists(st.sampled_from(["M.1", "M.3", "SK.1", DIGITAL]), min_size=1,
                          max_size=4, unique=True))
    n = draw(st.integers(1, 8))
    data = Round(competencies=[Competency(c, c) for c in codes],
                 units=[Unit("A", "A", 5), Unit("B", "B", 5)])
    for e in range(1, n + 1):
        data.employees.append(EmployeeInfo(
            e, draw(st.sampled_from("AB")),
            draw(st.sampled_from([None, "baik", "butuh_perbaikan", "sangat_kurang"]))))
        for code in codes:
            data.requirements.append(Requirement(e, code, draw(levels), draw(maybe_levels)))
            data.assessments.append(Assessment(e, code, draw(maybe_levels), draw(maybe_levels)))
            if draw(st.booleans()):
                data.answers.append(BorichAnswer(e, code, draw(levels), draw(levels)))
    for _ in range(draw(st.integers(0, 3))):
        data.interviews.append(InterviewTag(draw(st.sampled_from(["A", "B", None])),
                                            draw(st.sampled_from(codes)), "catatan"))
    return data


def scopes(result: NeedsAnalysis, code: str, employee_unit: str) -> list[CompetencyResult]:
    """A competency's results for the agency and for the unit of the changed employee."""
    in_unit = [c for c in result.unit(employee_unit).competencies if c.code == code]
    assert len(in_unit) == 1
    return [result.competency(code), *in_unit]


def unit_of(data: Round, employee_id: int) -> str:
    return next(p.unit for p in data.employees if p.employee_id == employee_id)


@settings(max_examples=150, deadline=None)
@given(small_rounds(), st.data())
def test_raising_one_persons_ability_never_raises_the_mwds(data: Round,
                                                           draw: st.DataObject) -> None:
    if not data.answers:
        return
    k = draw.draw(st.integers(0, len(data.answers) - 1))
    answer = data.answers[k]
    before = data.analyse()
    data.answers[k] = replace(answer, ability=draw.draw(st.integers(answer.ability, 5)))
    after = data.analyse()

    unit = unit_of(data, answer.employee_id)
    for old, new in zip(scopes(before, answer.competency, unit),
                        scopes(after, answer.competency, unit), strict=True):
        assert old.mwds is not None
        assert new.mwds is not None
        assert new.mwds <= old.mwds


@settings(max_examples=150, deadline=None)
@given(small_rounds(), st.data())
def test_raising_one_persons_assessed_level_never_raises_the_mean_gap(
        data: Round, draw: st.DataObject) -> None:
    k = draw.draw(st.integers(0, len(data.assessments) - 1))
    a = data.assessments[k]
    if a.self_level is None and a.supervisor_level is None:
        return
    before = data.analyse()
    data.assessments[k] = replace(
        a,
        self_level=None if a.self_level is None else draw.draw(st.integers(a.self_level, 5)),
        supervisor_level=None if a.supervisor_level is None
        else draw.draw(st.integers(a.supervisor_level, 5)))
    after = data.analyse()

    unit = unit_of(data, a.employee_id)
    for old, new in zip(scopes(before, a.competency, unit), scopes(after, a.competency, unit),
                        strict=True):
        assert old.mean_gap is not None
        assert new.mean_gap is not None
        assert new.mean_gap <= old.mean_gap


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(levels, maybe_levels, maybe_levels), min_size=1, max_size=4),
       st.tuples(levels, maybe_levels, maybe_levels), st.integers(0, 4), st.integers(0, 4))
def test_raising_either_rating_of_one_person_never_raises_the_mean_gap(
        others: list[tuple[int, int | None, int | None]],
        person: tuple[int, int | None, int | None], more_self: int, more_supervisor: int,
) -> None:
    def mean_gap(self_level: int | None, supervisor_level: int | None) -> float | None:
        rows = [*others, (person[0], self_level, supervisor_level)]
        data = Round(
            competencies=[Competency("M.1", "Integritas")],
            requirements=[Requirement(e, "M.1", r) for e, (r, _, _) in enumerate(rows)],
            assessments=[Assessment(e, "M.1", s, v) for e, (_, s, v) in enumerate(rows)])
        return data.analyse().competency("M.1").mean_gap

    _, s, v = person
    before = mean_gap(s, v)
    after = mean_gap(None if s is None else min(5, s + more_self),
                     None if v is None else min(5, v + more_supervisor))
    if before is not None:
        assert after is not None
        assert after <= before


@settings(max_examples=150, deadline=None)
@given(small_rounds())
def test_ranks_are_a_permutation_and_the_numbers_stay_in_range(data: Round) -> None:
    result = data.analyse()

    for ranked in (result.competencies, *(u.competencies for u in result.units)):
        assert sorted(c.rank for c in ranked) == list(range(1, len(ranked) + 1))
        assert [c.rank for c in ranked] == list(range(1, len(ranked) + 1))  # listed in order
        for c in ranked:
            assert 0 <= c.staff_below_standard <= c.staff_assessed <= c.staff_required
            assert c.mean_gap is None or 0 <= c.mean_gap <= 4
            assert c.share_below is None or 0 <= c.share_below <= 1
    assert len(result.competencies) == len(data.competencies)
    assert all(0 <= u.coverage <= 1 for u in result.units)
