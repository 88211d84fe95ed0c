"""The evaluation report pages: who may see what, and what the pages show."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.evaluation.models import Action, ActionStatus
from bina.evaluation.tests.report_data import evaluated_programme
from bina.testing import World

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _url(code: str = "PRIMA", year: int = 2026) -> str:
    return reverse("evaluation:report_programme", args=[code, year])


def test_a_planner_sees_the_programme_report_with_its_figures(world: World) -> None:
    evaluated_programme(world)
    page = client_for(world.planner).get(_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Pelayanan Prima" in text and 'id="overall">3,00<' in text
    assert "Hasil rendah" in text and "action-form" in text


@pytest.mark.parametrize("who", ["staff_user", "kabid_user", "auditor_user"])
def test_employees_cannot_open_the_evaluation_pages(world: World, who: str) -> None:
    evaluated_programme(world)
    c = client_for(getattr(world, who))
    for url in (_url(), reverse("evaluation:report_index"), reverse("evaluation:impact"),
                reverse("evaluation:report_year", args=[2026]),
                reverse("evaluation:action_list"),
                reverse("evaluation:report_programme_download", args=["PRIMA", 2026, "pdf"])):
        assert c.get(url).status_code == 403, url


def test_leadership_reads_but_cannot_record_actions(world: World) -> None:
    evaluated_programme(world)
    c = client_for(world.leader)
    page = c.get(_url())
    assert page.status_code == 200 and "action-form" not in page.content.decode()
    response = c.post(reverse("evaluation:action_create"), {
        "text": "x", "owner_name": "y", "due_on": "2026-12-31", "year": 2026})
    assert response.status_code == 403
    assert not Action.objects.exists()
    assert c.post(reverse("evaluation:carry_over", args=[2026])).status_code == 403


def test_an_operator_sees_only_their_units_participants(world: World) -> None:
    evaluated_programme(world)
    page = client_for(world.operator).get(_url())  # operator of Dinas Kesehatan
    assert page.status_code == 200
    assert "Peserta Dinas Kesehatan" in page.content.decode()


def test_an_operator_of_another_unit_does_not_find_the_programme(world: World) -> None:
    from bina.accounts.models import Role, User

    evaluated_programme(world)
    other = User.objects.create_user(username="op.insp", password="x", role=Role.OPERATOR,
                                     agency=world.agency, unit=world.inspektorat)
    assert client_for(other).get(_url()).status_code == 404


def test_another_agency_cannot_see_the_programme(world: World) -> None:
    from bina.accounts.models import Role, User

    evaluated_programme(world)
    outsider = User.objects.create_user(username="plan.boalemo", password="x",
                                        role=Role.PLANNER, agency=world.other_agency)
    assert client_for(outsider).get(_url()).status_code == 404


def test_the_downloads_are_pdf_and_excel(world: World) -> None:
    evaluated_programme(world)
    c = client_for(world.planner)
    pdf = c.get(reverse("evaluation:report_programme_download", args=["PRIMA", 2026, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = c.get(reverse("evaluation:report_programme_download", args=["PRIMA", 2026, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert c.get(reverse("evaluation:report_programme_download",
                         args=["PRIMA", 2026, "doc"])).status_code == 404


def test_a_planner_records_an_action_and_an_overdue_one_is_highlighted(world: World) -> None:
    evaluated_programme(world)
    c = client_for(world.planner)
    response = c.post(reverse("evaluation:action_create"), {
        "text": "Ganti narasumber", "owner": world.planner.pk, "due_on": "2026-10-01",
        "year": 2026, "programme": "PRIMA", "next": _url()})
    assert response.status_code == 302 and response["Location"] == _url()
    action = Action.objects.get()
    assert action.programme is not None and action.programme.code == "PRIMA"
    page = c.get(_url()).content.decode()
    assert "Ganti narasumber" in page and 'class="overdue"' in page
    assert "1 lewat batas waktu" in page


def test_closing_an_action_needs_a_note_and_records_it(world: World) -> None:
    action = Action.objects.create(agency=world.agency, year=2026, text="Perbaiki modul",
                                   owner_name="Bidang PKP", due_on=dt.date(2026, 12, 1))
    c = client_for(world.planner)
    url = reverse("evaluation:action_close", args=[action.pk])
    assert c.post(url, {"status": "selesai", "note": ""}).status_code == 200
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert c.post(url, {"status": "selesai", "note": "Modul direvisi"}).status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closing_note == "Modul direvisi"


def test_an_operator_cannot_close_an_agency_wide_action(world: World) -> None:
    action = Action.objects.create(agency=world.agency, year=2026, text="Agency",
                                   owner_name="X", due_on=dt.date(2026, 12, 1))
    url = reverse("evaluation:action_close", args=[action.pk])
    assert client_for(world.operator).post(url, {"status": "selesai",
                                                 "note": "n"}).status_code == 403


def test_the_year_report_and_index_list_the_programme(world: World) -> None:
    evaluated_programme(world)
    c = client_for(world.planner)
    index = c.get(reverse("evaluation:report_index") + "?year=2026").content.decode()
    assert _url() in index
    year = c.get(reverse("evaluation:report_year", args=[2026])).content.decode()
    assert "PRIMA" in year and "tertinggal" in year


def test_the_impact_page_says_when_nothing_can_be_estimated(world: World) -> None:
    page = client_for(world.planner).get(reverse("evaluation:impact"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "tidak ada unit layanan dengan data yang cukup" in text
    assert "belum ada jawaban survei kepuasan" in text  # the UPT of the test world
