from __future__ import annotations

import pytest

from bina.core.performance import Predicate, Rating, is_below_standard, performance_predicate

A, M, B = Rating.ABOVE, Rating.MEETS, Rating.BELOW


@pytest.mark.parametrize(
    ("result", "behaviour", "expected"),
    [
        (A, A, Predicate.VERY_GOOD),
        (A, M, Predicate.GOOD),
        (M, A, Predicate.GOOD),
        (M, M, Predicate.GOOD),
        (A, B, Predicate.POOR),
        (M, B, Predicate.POOR),
        (B, A, Predicate.NEEDS_IMPROVEMENT),
        (B, M, Predicate.NEEDS_IMPROVEMENT),
        (B, B, Predicate.VERY_POOR),
    ],
)
def test_the_matrix_of_permenpanrb_6_2022(result: Rating, behaviour: Rating,
                                          expected: Predicate) -> None:
    assert performance_predicate(result, behaviour) is expected


def test_needs_improvement_and_below_count_as_below_standard() -> None:
    assert not is_below_standard(Predicate.GOOD)
    assert is_below_standard(Predicate.NEEDS_IMPROVEMENT)
    assert is_below_standard(Predicate.VERY_POOR)


def test_model_choices_match_the_core() -> None:
    from bina.people.models import Predicate as ModelPredicate
    from bina.people.models import Rating as ModelRating

    assert {p.value for p in ModelPredicate} == {p.value for p in Predicate}
    assert {r.value for r in ModelRating} == {r.value for r in Rating}
