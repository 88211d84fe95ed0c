"""The talent nine-box (regulation.md §6)."""

from __future__ import annotations

import pytest

from bina.core.ninebox import (
    BOXES,
    NineBoxError,
    Potential,
    place,
    rating_from_predicate,
    summarise,
)
from bina.core.performance import Predicate, Rating


@pytest.mark.parametrize(("potential", "performance", "box"), [
    ("tinggi", "dibawah", 6), ("tinggi", "sesuai", 8), ("tinggi", "diatas", 9),
    ("menengah", "dibawah", 3), ("menengah", "sesuai", 5), ("menengah", "diatas", 7),
    ("rendah", "dibawah", 1), ("rendah", "sesuai", 2), ("rendah", "diatas", 4),
])
def test_every_cell_of_the_regulations_grid(potential: str, performance: str, box: int) -> None:
    assert place("A", potential, performance).box == box


def test_box_9_enters_both_succession_pools_and_box_1_is_handled_by_the_rules() -> None:
    nine = place("A", Potential.HIGH, Rating.ABOVE)
    assert nine.info is not None and nine.info.succession == ("instansi", "nasional")
    assert "Penghargaan" in nine.info.actions("id")
    one = place("B", Potential.LOW, Rating.BELOW).to_dict("en")
    assert one["actions"] == ["Handled according to the laws and regulations"]


def test_the_development_boxes_are_7_5_4_3_2() -> None:
    assert sorted(b for b, info in BOXES.items() if info.develops_competency) == [2, 3, 4, 5, 7]


def test_missing_potential_is_not_available_never_invented() -> None:
    result = place("Siti", None, Rating.ABOVE)
    assert not result.available and result.box is None
    assert result.reason is not None
    assert "belum dinilai" in result.reason.render("id")
    assert result.to_dict()["actions"] == []
    assert not place("Siti", "tinggi", None).available


def test_an_unknown_value_is_refused() -> None:
    with pytest.raises(NineBoxError):
        place("A", "super", "diatas")


def test_the_predicate_mapping_and_the_summary() -> None:
    assert rating_from_predicate(Predicate.VERY_GOOD) == Rating.ABOVE
    assert rating_from_predicate("butuh_perbaikan") == Rating.BELOW
    assert rating_from_predicate(None) is None
    results = [place("A", "tinggi", "diatas"), place("B", "menengah", "diatas"),
               place("C", "rendah", "sesuai"), place("D", None, "sesuai")]
    summary = summarise(results)
    assert summary.counts[9] == 1 and summary.counts[7] == 1 and summary.not_available == 1
    assert summary.agency_succession == ("A", "B")
    assert summary.national_succession == ("A",)
    assert summary.development == ("B", "C")
