from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


def test_healthz_answers_without_login(db: Any) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_openapi_document_is_public(db: Any) -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/employees" in response.json()["paths"]


@pytest.mark.parametrize(
    "url",
    ["/", "/pegawai/", "/organisasi/unit/", "/organisasi/unit/?riwayat=1", "/organisasi/jabatan/",
     "/organisasi/kompetensi/", "/organisasi/mitra/", "/pegawai/impor/", "/audit/",
     "/akun/daftar/"],
)
def test_the_admin_can_open_every_page(world: Any, url: str) -> None:
    client = Client()
    client.force_login(world.admin)
    assert client.get(url).status_code == 200


def test_pages_speak_indonesian_by_default_and_english_on_request(world: Any) -> None:
    client = Client()
    client.force_login(world.planner)
    assert "Pegawai per perangkat daerah" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Employees per regional unit" in client.get("/").content.decode()


def test_the_employee_list_filters_by_unit_including_sub_units(world: Any) -> None:
    client = Client()
    client.force_login(world.planner)
    page = client.get(f"/pegawai/?unit={world.dinkes.pk}").content.decode()
    assert "Yusran Pakaya" in page and "Arifin Gobel" not in page


def test_the_employee_list_searches_by_nip_prefix(world: Any) -> None:
    client = Client()
    client.force_login(world.planner)
    page = client.get("/pegawai/?q=19920817").content.decode()
    assert "Yusran Pakaya" in page and "Sri Katili" not in page


def test_the_unit_tree_shows_closed_units_only_in_history(world: Any) -> None:
    import datetime as dt

    from bina.org.services import unit_close, unit_create

    old = unit_create(agency=world.agency, code="DINSOS", name="Dinas Sosial", kind="opd")
    unit_close(unit=old, closed_on=dt.date(2026, 1, 1), successor=world.dinkes)
    client = Client()
    client.force_login(world.planner)
    assert "Dinas Sosial" not in client.get("/organisasi/unit/").content.decode().split(
        "Perubahan organisasi")[0]
    assert "Dinas Sosial" in client.get("/organisasi/unit/?riwayat=1").content.decode()


def test_the_position_page_shows_the_required_levels(world: Any) -> None:
    from bina.org.services import competency_standard_set
    from bina.reference.models import Competency

    integritas = Competency.objects.get(code="M.1")
    competency_standard_set(position=world.kabid.position, levels={integritas: 3})
    client = Client()
    client.force_login(world.planner)
    page = client.get(f"/organisasi/jabatan/{world.kabid.position.pk}/").content.decode()
    assert "Integritas" in page and "menanamkan keyakinan bersama" in page


def test_the_planner_downloads_templates_and_an_export_that_reads_back(world: Any) -> None:
    import io

    from openpyxl import load_workbook

    client = Client()
    client.force_login(world.planner)
    for kind in ("employees", "development"):
        response = client.get(f"/pegawai/templat/{kind}/")
        assert response.status_code == 200
        assert load_workbook(io.BytesIO(response.content)).sheetnames[0] in {"Pegawai",
                                                                              "Pengembangan"}
    assert client.get("/pegawai/templat/bogus/").status_code == 404
    export = client.get("/pegawai/ekspor/")
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    nips = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert world.staff.nip in nips and world.outsider.nip not in nips


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(world: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(world.planner)
    assert "Beranda" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Home" in client.get("/").content.decode()
