"""IKM (PermenPANRB 14/2017, regulation.md §4): hand-computed cases, grade boundaries, sample
size (Krejcie & Morgan, methods.md B8)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import numpy as np
import pytest

from bina.core.ikm import (
    ELEMENT_CODES,
    ELEMENTS,
    IkmError,
    Response,
    aggregate,
    aggregate_arrays,
    check_scores,
    grade,
    index_from_nrr,
    index_from_sums,
    krejcie_morgan,
    parse_score,
    response,
    unit_index,
)

DAY = dt.date(2026, 3, 31)


def scores(default: int = 3, **overrides: int) -> dict[str, int]:
    return {code: overrides.get(code, default) for code in ELEMENT_CODES}


def test_the_elements_follow_the_regulations_order_with_u8_complaints_and_u9_facilities() -> None:
    assert [e.code for e in ELEMENTS] == [f"U{i}" for i in range(1, 10)]
    assert ELEMENTS[5].name_id == "Kompetensi Pelaksana"
    assert ELEMENTS[6].name_id == "Perilaku Pelaksana"
    assert ELEMENTS[7].name_id.startswith("Penanganan Pengaduan")
    assert ELEMENTS[8].name_id == "Sarana dan Prasarana"


def test_one_respondent_answering_all_fours_gives_100_and_grade_a() -> None:
    result = unit_index([Response("RSUD", DAY, scores(4))])
    assert result.respondents == 1
    assert result.ikm == 100.0
    assert (result.mutu, result.kinerja) == ("A", "Sangat Baik")


def test_one_respondent_answering_all_ones_gives_25_and_grade_d() -> None:
    result = unit_index([Response("RSUD", DAY, scores(1))])
    assert (result.ikm, result.mutu, result.kinerja) == (25.0, "D", "Tidak Baik")


def test_a_hand_computed_unit_of_two_respondents() -> None:
    # NRR U1 = (4+3)/2 = 3.5, the others 3; mean NRR = 27.5/9 = 3.0556; × 25 = 76.3889 → 76.39
    result = unit_index([Response("X", DAY, scores(3, U1=4)), Response("X", DAY, scores(3))])
    assert result.nrr["U1"] == 3.5 and result.nrr["U9"] == 3.0
    assert result.ikm == 76.39
    assert (result.mutu, result.kinerja) == ("C", "Kurang Baik")


def test_the_printed_weight_0111_caps_the_index_at_99_9() -> None:
    all_fours = [Response("X", DAY, scores(4))]
    assert unit_index(all_fours, printed_weight=True).ikm == 99.9
    assert unit_index(all_fours).ikm == 100.0


# Sums found by hand: IKM = 25·S / (9·n) for n respondents whose 9·n answers sum to S.
@pytest.mark.parametrize(("n", "total", "ikm", "mutu"), [
    (38, 889, 64.99, "D"),   # 64.985… → 64.99: last D
    (5, 117, 65.00, "C"),    # exactly 65: first C
    (26, 717, 76.60, "C"),   # 76.6026 → 76.60: last C
    (19, 524, 76.61, "B"),   # 76.6082 → 76.61: first B
    (19, 604, 88.30, "B"),   # 88.3041 → 88.30: last B
    (24, 763, 88.31, "A"),   # 88.3102 → 88.31: first A
])
def test_the_grade_is_read_from_the_rounded_value_on_both_sides_of_each_boundary(
        n: int, total: int, ikm: float, mutu: str) -> None:
    sums = [total // 9 + (1 if i < total % 9 else 0) for i in range(9)]
    result = index_from_sums("X", sums, n)
    assert result.ikm == ikm
    assert result.mutu == mutu


def test_an_exact_half_hundredth_rounds_up() -> None:
    # n = 5000, S = 137889: 25·137889/45000 = 76.605 exactly → 76.61 → B (half up, not even)
    sums = [137889 // 9 + (1 if i < 137889 % 9 else 0) for i in range(9)]
    result = index_from_sums("X", sums, 5000)
    assert (result.ikm, result.mutu) == (76.61, "B")


def test_grade_of_a_float_uses_its_two_decimal_value() -> None:
    assert grade(76.604).mutu == "C"
    assert grade(76.61).mutu == "B"
    assert grade(Fraction(8830, 100)).mutu == "B"
    assert grade(88.31).mutu == "A"


def test_index_from_nrr_means_matches_the_sums() -> None:
    value, g = index_from_nrr({code: 3.0 for code in ELEMENT_CODES} | {"U1": 3.5})
    assert (value, g.mutu) == (76.39, "C")


@pytest.mark.parametrize(("value", "expected"), [
    (1, 1), (4, 4), ("3", 3), (" 2 ", 2), (3.0, 3), ("4.0", 4),
    (0, None), (5, None), ("5", None), (2.5, None), ("x", None), (True, None), (None, None),
])
def test_parse_score_accepts_only_whole_numbers_one_to_four(value: object,
                                                            expected: int | None) -> None:
    assert parse_score(value) == expected


def test_it_rejects_a_score_of_zero_or_five_naming_the_row_and_element() -> None:
    with pytest.raises(IkmError) as caught:
        response("X", DAY, scores(3, U2=0, U7=5), row=12)
    problems = caught.value.problems
    assert [(p.row, p.column) for p in problems] == [(12, "U2"), (12, "U7")]
    assert "baris 12" in problems[0].message.render("id")
    assert "row 12" in problems[1].message.render("en")
    assert caught.value.row == 12


def test_it_rejects_an_unknown_element_and_a_missing_one() -> None:
    answers: dict[str, object] = {**scores(3), "U10": 3}
    del answers["U4"]
    _, problems = check_scores(answers, row=4)
    assert {(p.column, p.message.code) for p in problems} == {
        ("U10", "ikm.unknown_element"), ("U4", "ikm.missing_element")}


def test_aggregate_refuses_the_whole_input_when_one_row_is_bad() -> None:
    rows = [Response("A", DAY, scores(3)), Response("A", DAY, scores(3, U9=9))]
    with pytest.raises(IkmError) as caught:
        aggregate(rows)
    assert caught.value.row == 2


def test_unit_index_refuses_responses_of_several_units_and_no_responses() -> None:
    with pytest.raises(IkmError):
        unit_index([Response("A", DAY, scores()), Response("B", DAY, scores())])
    with pytest.raises(IkmError):
        unit_index([])


def test_aggregate_gives_one_result_per_unit_sorted_with_the_date_range() -> None:
    rows = [Response("B", dt.date(2026, 5, 1), scores(4)),
            Response("A", dt.date(2026, 2, 1), scores(2)),
            Response("B", dt.date(2026, 1, 1), scores(2))]
    a, b = aggregate(rows)
    assert (a.unit, a.respondents, a.ikm) == ("A", 1, 50.0)
    assert (b.unit, b.respondents, b.ikm) == ("B", 2, 75.0)
    assert (b.first_date, b.last_date) == (dt.date(2026, 1, 1), dt.date(2026, 5, 1))


def test_the_array_entry_point_agrees_with_the_object_one() -> None:
    rng = np.random.default_rng(7)
    n = 2000
    index = rng.integers(0, 3, n)
    matrix = rng.integers(1, 5, (n, 9))
    fast = aggregate_arrays(("A", "B", "C"), index, matrix)
    slow = aggregate([Response("ABC"[int(i)], DAY, dict(zip(ELEMENT_CODES, map(int, row),
                                                            strict=True)))
                      for i, row in zip(index, matrix, strict=True)])
    assert [(r.unit, r.respondents, r.ikm, dict(r.nrr)) for r in fast] == \
        [(r.unit, r.respondents, r.ikm, dict(r.nrr)) for r in slow]


def test_to_dict_has_the_contract_fields_and_the_sample_check() -> None:
    result = unit_index([Response("X", DAY, scores(3))]).with_population(100)
    data = result.to_dict()
    assert list(data)[:6] == ["unit", "respondents", "nrr", "ikm", "mutu", "kinerja"]
    assert list(data["nrr"]) == list(ELEMENT_CODES)
    assert (data["sample_min"], data["sample_ok"]) == (80, False)


# Krejcie & Morgan (1970) table values (methods.md B8; 1.000 → 278 and > 1.000.000 → 384 are
# also quoted for the SKM in regulation.md §4.3).
@pytest.mark.parametrize(("population", "sample"), [
    (10, 10), (15, 14), (50, 44), (100, 80), (110, 86), (120, 92), (220, 140), (500, 217),
    (1000, 278), (1200, 291), (1500, 306), (9000, 368), (10_000, 370), (1_000_000, 384),
])
def test_krejcie_morgan_reproduces_the_published_table(population: int, sample: int) -> None:
    assert krejcie_morgan(population) == sample


def test_krejcie_morgan_never_exceeds_the_population_and_refuses_zero() -> None:
    assert all(krejcie_morgan(n) <= n for n in range(1, 300))
    assert krejcie_morgan(1) == 1
    with pytest.raises(IkmError):
        krejcie_morgan(0)
