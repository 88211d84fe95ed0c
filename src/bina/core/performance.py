"""Performance predicate (predikat kinerja), PermenPANRB 6/2022.

The matrix of work results (hasil kerja) × work behaviour (perilaku kerja), each rated above /
meets / below expectations (regulation.md §5.1). Source: at least five independent public
implementations and the SIASN reference ``kuadranNilai`` agree; the Lampiran figure itself was
not read (UNVERIFIED at primary level), hence the matrix is kept in one table here.
"""

from __future__ import annotations

from enum import StrEnum


class Rating(StrEnum):
    ABOVE = "diatas"
    MEETS = "sesuai"
    BELOW = "dibawah"


class Predicate(StrEnum):
    VERY_GOOD = "sangat_baik"
    GOOD = "baik"
    NEEDS_IMPROVEMENT = "butuh_perbaikan"
    POOR = "kurang"
    VERY_POOR = "sangat_kurang"


# (hasil kerja, perilaku kerja) → predikat
PREDICATE_MATRIX: dict[tuple[Rating, Rating], Predicate] = {
    (Rating.ABOVE, Rating.ABOVE): Predicate.VERY_GOOD,
    (Rating.ABOVE, Rating.MEETS): Predicate.GOOD,
    (Rating.ABOVE, Rating.BELOW): Predicate.POOR,
    (Rating.MEETS, Rating.ABOVE): Predicate.GOOD,
    (Rating.MEETS, Rating.MEETS): Predicate.GOOD,
    (Rating.MEETS, Rating.BELOW): Predicate.POOR,
    (Rating.BELOW, Rating.ABOVE): Predicate.NEEDS_IMPROVEMENT,
    (Rating.BELOW, Rating.MEETS): Predicate.NEEDS_IMPROVEMENT,
    (Rating.BELOW, Rating.BELOW): Predicate.VERY_POOR,
}

# SIASN kuadranNilai codes 1–5
SIASN_CODES: dict[Predicate, int] = {
    Predicate.VERY_GOOD: 1,
    Predicate.GOOD: 2,
    Predicate.NEEDS_IMPROVEMENT: 3,
    Predicate.POOR: 4,
    Predicate.VERY_POOR: 5,
}


def performance_predicate(result: Rating, behaviour: Rating) -> Predicate:
    """The predicate for a work-result rating and a work-behaviour rating."""
    return PREDICATE_MATRIX[(Rating(result), Rating(behaviour))]


def is_below_standard(predicate: Predicate) -> bool:
    """'Butuh Perbaikan' and below: the needs analysis raises such a person's priority."""
    return SIASN_CODES[Predicate(predicate)] >= SIASN_CODES[Predicate.NEEDS_IMPROVEMENT]
