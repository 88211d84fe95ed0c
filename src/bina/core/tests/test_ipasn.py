"""IP ASN (regulation.md §7): dimension points, bands, unverified rules as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bina.core.ipasn import (
    IpAsnError,
    IpAsnInput,
    by_unit,
    category,
    describe_unverified,
    load_rules,
    rules_from_dict,
    score,
)

RULES = load_rules()


def person(**changes: object) -> IpAsnInput:
    base: dict[str, object] = {
        "person": "P1", "unit": "DINKES", "position_kind": "struktural", "education": "S1",
        "pim_matching": True, "technical_jp_last_year": 24, "skp_score": 85,
        "discipline": "none"}
    base.update(changes)
    return IpAsnInput(**base)  # type: ignore[arg-type]


def test_the_weights_are_25_40_30_5() -> None:
    assert RULES.weights == {"kualifikasi": 25, "kompetensi": 40, "kinerja": 30, "disiplin": 5}


def test_a_structural_officer_by_hand() -> None:
    # S1 15 + (PIM 15 + teknis 15) + SKP 85 → 25 + none 5 = 75 → Sedang
    result = score(person())
    assert [d.points for d in result.dimensions] == [15, 30, 25, 5]
    assert (result.total, result.category) == (75.0, "Sedang")
    assert "kinerja.skp" in result.unverified_rules
    assert "kompetensi.pim" not in result.unverified_rules  # REG: Pasal 8


def test_a_pelaksana_uses_the_unverified_22_5_and_17_5() -> None:
    result = score(person(position_kind="pelaksana", pim_matching=False, education="D3",
                          seminar_last_two_years=True, skp_score=95, discipline="ringan"))
    assert result.dimension("kompetensi").points == 40.0  # 22.5 + 17.5
    assert result.total == 10 + 40 + 30 + 3
    assert {"kompetensi.teknis_pelaksana", "kompetensi.seminar_pelaksana"} <= set(
        result.unverified_rules)


def test_competence_is_capped_at_its_weight() -> None:
    result = score(person(seminar_last_two_years=True, fungsional_matching=True))
    # PIM 15 + teknis 15 + seminar 10 = 40: not above; a JF does not get PIM points
    assert result.dimension("kompetensi").points == 40.0
    jf = score(person(position_kind="fungsional", fungsional_matching=True,
                      technical_jp_last_year=19))
    assert jf.dimension("kompetensi").points == 15.0  # 19 JP is below the 20 JP rule


@pytest.mark.parametrize(("skp", "points"), [(50, 1), (50.5, 5), (60, 5), (61, 15), (75, 15),
                                             (76, 25), (90, 25), (91, 30), (100, 30)])
def test_skp_bands(skp: float, points: int) -> None:
    assert score(person(skp_score=skp)).dimension("kinerja").points == points


def test_without_skp_the_predikat_mapping_is_used_and_marked_unverified() -> None:
    result = score(person(skp_score=None, predicate="Sangat Baik"))
    assert result.dimension("kinerja").points == 30.0
    assert "kinerja.predikat" in result.unverified_rules


@pytest.mark.parametrize(("total", "band"), [
    (60.0, "Sangat Rendah"), (60.004, "Sangat Rendah"), (60.01, "Rendah"), (70.0, "Rendah"),
    (70.01, "Sedang"), (80.0, "Sedang"), (80.01, "Tinggi"), (90.0, "Tinggi"),
    (90.01, "Sangat Tinggi"), (100.0, "Sangat Tinggi")])
def test_category_bands_at_two_decimals(total: float, band: str) -> None:
    assert category(total, RULES) == band


def test_missing_data_leaves_the_dimension_and_total_not_available() -> None:
    result = score(person(education=None, skp_score=None, predicate=None))
    assert result.total is None and result.category is None
    assert result.dimension("kualifikasi").points is None
    missing = result.dimension("kinerja").missing
    assert missing is not None and "not available" in missing.render("en")


def test_bad_inputs_are_refused() -> None:
    for bad in (person(position_kind="honorer"), person(education="S9"),
                person(discipline="pecat"), person(skp_score=120),
                person(skp_score=None, predicate="luar biasa")):
        with pytest.raises(IpAsnError):
            score(bad)


def test_unit_aggregate() -> None:
    scores = [score(person(person="A")), score(person(person="B", education="S2")),
              score(person(person="C", education=None))]
    (unit,) = by_unit(scores)
    assert (unit.employees, unit.complete, unit.mean_total) == (3, 2, 77.5)
    assert unit.category == "Sedang"
    assert unit.mean_by_dimension["kualifikasi"] == 17.5
    assert unit.categories["Sedang"] == 2


def test_the_unverified_rules_are_listed_and_configurable(tmp_path: Path) -> None:
    ids = {r.id for r in RULES.unverified()}
    assert {"kualifikasi.education", "kinerja.skp", "kinerja.predikat", "disiplin.penalty",
            "kompetensi.teknis_pelaksana", "kompetensi.seminar_pelaksana"} <= ids
    assert "kompetensi.teknis" not in ids
    assert any("BELUM TERVERIFIKASI" in line for line in describe_unverified())
    data = json.loads(Path(__file__).parents[1].joinpath("data/ipasn_rules.json").read_text())
    for rule in data["rules"]:
        if rule["id"] == "disiplin.penalty":
            rule["points"]["none"] = 4
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert score(person(), load_rules(path)).dimension("disiplin").points == 4
    data["dimensions"][0]["weight"] = 30
    with pytest.raises(IpAsnError):
        rules_from_dict(data)
