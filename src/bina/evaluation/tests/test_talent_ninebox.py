"""The nine-box: potential only from assessments, the honest missing message, the pools,
the import and who sees names."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from bina.evaluation import talent, talent_io
from bina.evaluation.actions import carry_over
from bina.evaluation.models import CarryOverKind, PotentialAssessment
from bina.evaluation.tests.talent_factories import predicate


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def assess(employee: Any, potential: str, year: int = 2026) -> None:
    PotentialAssessment.objects.create(employee=employee, year=year, potential=potential,
                                       source="asesmen")


def sheet(rows: list[list[Any]], header: tuple[str, ...] = ("NIP", "TAHUN", "POTENSI",
                                                            "SUMBER")) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(header))
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "potensi.xlsx"
    return buffer


@pytest.mark.django_db
def test_without_potential_nobody_is_placed(world: Any) -> None:
    predicate(world.staff, 2025, "sangat_baik")
    view = talent.talent_view(agency_id=world.agency.pk, year=2026)
    assert view.placed == 0 and view.missing_potential == view.total == 5
    page = client_for(world.planner).get(reverse("evaluation:talent")).content.decode()
    assert "missing-potential" in page and "tidak mengarang" in page


@pytest.mark.django_db
def test_potential_and_the_latest_predicate_place_a_person(world: Any) -> None:
    assess(world.staff, "tinggi")
    predicate(world.staff, 2025, "sangat_baik")
    assess(world.kabid, "menengah")
    predicate(world.kabid, 2025, "baik")
    view = talent.talent_view(agency_id=world.agency.pk, year=2026)
    assert view.summary.counts[9] == 1 and view.summary.counts[5] == 1
    pools = {p.employee_id: p for p in talent.talent_pools(world.agency, 2026)}
    assert pools[world.staff.pk].pools == ("krs_instansi", "krs_nasional")
    assert pools[world.kabid.pk].pools == ("pengembangan",)


@pytest.mark.django_db
def test_names_per_box_only_for_planners(world: Any) -> None:
    assess(world.staff, "tinggi")
    predicate(world.staff, 2025, "sangat_baik")
    url = reverse("evaluation:talent") + "?kotak=9"
    assert world.staff.name in client_for(world.planner).get(url).content.decode()
    leader_page = client_for(world.leader).get(url).content.decode()
    assert world.staff.name not in leader_page
    assert client_for(world.staff_user).get(url).status_code == 403


@pytest.mark.django_db
def test_the_import_stores_every_row_or_nothing(world: Any) -> None:
    good = [[world.staff.nip, 2026, "sedang", "asesmen"], [world.kabid.nip, 2026, "tinggi", ""]]
    entries = talent_io.read_potentials(sheet(good), name="potensi.xlsx",
                                        agency_id=world.agency.pk)
    assert [e.potential for e in entries] == ["menengah", "tinggi"]
    bad = [*good, [world.outsider.nip, 2026, "tinggi", "asesmen"], [world.lab.nip, 2026,
                                                                   "hebat", "asesmen"]]
    with pytest.raises(talent_io.PotentialFileError) as caught:
        talent_io.read_potentials(sheet(bad), name="potensi.xlsx", agency_id=world.agency.pk)
    texts = [str(e) for e in caught.value.errors]
    assert any("baris 4" in t and "kolom NIP" in t for t in texts)
    assert any("baris 5" in t and "kolom POTENSI" in t for t in texts)
    c = client_for(world.planner)
    response = c.post(reverse("evaluation:talent_import"), {"file": sheet(bad)})
    assert response.status_code == 200 and "import-errors" in response.content.decode()
    assert not PotentialAssessment.objects.exists()
    response = c.post(reverse("evaluation:talent_import"), {"file": sheet(good)})
    assert response.status_code == 302 and PotentialAssessment.objects.count() == 2


@pytest.mark.django_db
def test_a_score_without_category_gives_the_potential(world: Any) -> None:
    entries = talent_io.read_potentials(
        sheet([[world.staff.nip, 2026, "", 85]], header=("NIP", "TAHUN", "POTENSI", "SKOR")),
        name="p.xlsx", agency_id=world.agency.pk)
    assert entries[0].potential == "tinggi"


@pytest.mark.django_db
def test_only_planners_enter_potential(world: Any) -> None:
    data = {"nip": world.staff.nip, "year": 2026, "potential": "rendah", "source": "asesmen"}
    assert client_for(world.operator).post(reverse("evaluation:talent_potential"),
                                           data).status_code == 403
    assert client_for(world.planner).post(reverse("evaluation:talent_potential"),
                                          data).status_code == 302
    assert PotentialAssessment.objects.get(employee=world.staff).potential == "rendah"


@pytest.mark.django_db
def test_the_pools_are_carried_into_the_next_round_as_counts_without_names(world: Any) -> None:
    assess(world.staff, "tinggi")
    predicate(world.staff, 2025, "sangat_baik")
    assess(world.kabid, "menengah")
    predicate(world.kabid, 2025, "baik")
    carried = [c for c in carry_over(agency=world.agency, from_year=2026, user=world.planner)
               if c.kind == CarryOverKind.TALENT]
    by_pool = {c.figures["pool"]: c for c in carried}
    assert set(by_pool) == {"pengembangan", "krs_instansi", "krs_nasional"}
    assert by_pool["krs_instansi"].figures == {"pool": "krs_instansi", "people": 1,
                                               "boxes": {"9": 1}}
    assert by_pool["pengembangan"].figures["boxes"] == {"5": 1}
    assert all(world.staff.name not in c.reason and c.employee_id is None for c in carried)
    again = carry_over(agency=world.agency, from_year=2026, user=world.planner)
    assert sorted(c.pk for c in again if c.kind == CarryOverKind.TALENT) == sorted(
        c.pk for c in carried)
