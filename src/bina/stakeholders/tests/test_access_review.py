"""Access review of the IKM pages, the paper-survey import, populations and complaints: no
agency reads or writes another's units, an operator's downloads and writes stay within their
units, and the public survey API reaches nothing but the survey."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from bina.accounts.models import Role, User
from bina.org.services import unit_create
from bina.stakeholders.models import Complaint, ServicePopulation, SurveyResponse

pytestmark = pytest.mark.django_db
WITA = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def hospital(world: Any) -> Any:
    """A public service unit of the other agency, with one answer and one complaint."""
    unit = unit_create(agency=world.other_agency, code="RSUD-BLM", kind="upt",
                       name="RSUD Tani dan Nelayan", is_public_service=True)
    response = SurveyResponse.objects.create(
        unit=unit, year=2026, quarter=3, submitted_at=dt.datetime(2026, 8, 1, tzinfo=WITA),
        **{f"u{i}": 4 for i in range(1, 10)})
    Complaint.objects.create(unit=unit, response=response, tracking_code="BLM12345",
                             text="Antrean panjang", created_at=response.submitted_at,
                             contact_name="Warga Boalemo", contact_phone="0812000111")
    return unit


def login(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_unit_of_another_agency_is_not_found_on_the_ikm_pages(
        world: Any, hospital: Any) -> None:
    c = login(world.planner)
    assert c.get(reverse("public:ikm_unit", args=[hospital.code])).status_code == 404
    html = c.get(reverse("public:ikm") + "?periode=2026").content.decode()
    assert hospital.name not in html
    sheet = load_workbook(io.BytesIO(
        c.get(reverse("public:ikm") + "?periode=2026&format=xlsx").content)).active
    assert sheet is not None
    assert hospital.code not in {row[0] for row in sheet.iter_rows(values_only=True)}


def test_a_complaint_of_another_agency_cannot_be_read_or_closed(
        world: Any, hospital: Any) -> None:
    complaint = Complaint.objects.get(unit=hospital)
    c = login(world.admin)
    assert c.get(reverse("public:complaint", args=[complaint.pk])).status_code == 404
    assert c.post(reverse("public:complaint_close", args=[complaint.pk])).status_code == 404
    assert c.post(reverse("public:complaint", args=[complaint.pk]),
                  {"answer": "Dijawab", "action": "close"}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == "baru" and not complaint.answer
    listing = c.get(reverse("public:complaints") + "?status=semua").content.decode()
    assert "BLM12345" not in listing and "Warga Boalemo" not in listing


def test_paper_forms_cannot_be_imported_into_another_agencys_unit(
        world: Any, hospital: Any) -> None:
    file = SimpleUploadedFile("skm.csv", (
        "unit,date,U1,U2,U3,U4,U5,U6,U7,U8,U9\n"
        f"{hospital.code},2026-02-10,1,1,1,1,1,1,1,1,1\n").encode(), "text/csv")
    response = login(world.admin).post(reverse("public:ikm_import"), {"file": file})
    assert response.status_code == 400
    assert SurveyResponse.objects.filter(unit=hospital).count() == 1


def test_an_operator_export_and_populations_stay_within_their_units(
        world: Any, licensing: Any) -> None:
    c = login(world.operator)
    sheet = load_workbook(io.BytesIO(
        c.get(reverse("public:ikm") + "?periode=2026&format=xlsx").content)).active
    assert sheet is not None
    codes = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert world.upt.code in codes and licensing.code not in codes
    response = c.post(reverse("public:ikm_population"), {
        "tahun": "2026", f"pop-{world.upt.pk}": "1200", f"pop-{licensing.pk}": "999"})
    assert response.status_code == 302
    stored = dict(ServicePopulation.objects.values_list("unit_id", "population"))
    assert stored == {world.upt.pk: 1200}


def test_leadership_reads_but_writes_no_population_and_no_import(world: Any) -> None:
    c = login(world.leader)
    assert c.post(reverse("public:ikm_population"),
                  {"tahun": "2026", f"pop-{world.upt.pk}": "5"}).status_code == 403
    assert c.get(reverse("public:ikm_import")).status_code == 403
    assert not ServicePopulation.objects.exists()


def test_another_agencys_planner_sees_nothing_of_this_agency(world: Any) -> None:
    outsider = User.objects.create_user(username="perencana-blm", password="rahasia-123",
                                        role=Role.PLANNER, agency=world.other_agency)
    c = login(outsider)
    assert c.get(reverse("public:ikm_unit", args=[world.upt.code])).status_code == 404
    assert world.upt.name not in c.get(reverse("public:ikm")).content.decode()
    c.post(reverse("public:ikm_population"), {"tahun": "2026", f"pop-{world.upt.pk}": "7"})
    assert not ServicePopulation.objects.exists()


def test_the_public_api_takes_a_survey_and_reaches_nothing_else(
        world: Any, hospital: Any) -> None:
    anonymous = Client()
    payload = {"scores": {f"U{i}": 3 for i in range(1, 10)}}
    for code in (world.dinkes.code, "TIDAK-ADA"):  # not a public service unit; unknown
        response = anonymous.post(f"/api/survei/{code}", data=json.dumps(payload),
                                  content_type="application/json")
        assert response.status_code == 404
    assert anonymous.get(f"/api/survei/{world.upt.code}").status_code == 405
    response = anonymous.post(f"/api/survei/{world.upt.code}", data=json.dumps(payload),
                              content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "year", "quarter", "tracking_code"}
    assert body["tracking_code"] is None
    assert SurveyResponse.objects.filter(unit=world.upt).count() == 1
