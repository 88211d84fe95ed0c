"""Who may open which needs-analysis page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bina.needs.services import round_create, round_open
from bina.org.services import competency_standard_set
from bina.reference.models import Competency

PLANNER_PAGES = ["/kebutuhan/akpk-2027/", "/kebutuhan/akpk-2027/kirim/",
                 "/kebutuhan/akpk-2027/tutup/", "/kebutuhan/akpk-2027/wawancara/baru/",
                 "/kebutuhan/akpk-2027/hasil/perbedaan/"]
READER_PAGES = ["/kebutuhan/", "/kebutuhan/akpk-2027/hasil/"]


@pytest.fixture
def opened(world: Any) -> Any:
    m5 = Competency.objects.get(code="M.5")
    for employee in (world.staff, world.kabid, world.kadis, world.lab, world.auditor):
        competency_standard_set(position=employee.position, levels={m5: 3})
    needs_round = round_create(agency=world.agency, code="akpk-2027", name="AKPK 2027",
                               year=2027, actor=world.planner)
    return round_open(needs_round=needs_round, actor=world.planner)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize("who", ["admin", "planner"])
@pytest.mark.parametrize("url", PLANNER_PAGES + READER_PAGES)
def test_planners_open_every_planner_page(world: Any, opened: Any, who: str, url: str) -> None:
    assert client_for(getattr(world, who)).get(url).status_code == 200


@pytest.mark.parametrize("who", ["operator", "staff_user", "kabid_user", "leader"])
@pytest.mark.parametrize("url", PLANNER_PAGES)
def test_others_get_403_on_planner_pages(world: Any, opened: Any, who: str, url: str) -> None:
    assert client_for(getattr(world, who)).get(url).status_code == 403


@pytest.mark.parametrize("who", ["operator", "staff_user", "kabid_user"])
@pytest.mark.parametrize("url", READER_PAGES)
def test_results_are_closed_to_operators_and_employees(world: Any, opened: Any, who: str,
                                                       url: str) -> None:
    assert client_for(getattr(world, who)).get(url).status_code == 403


def test_leadership_reads_the_results_but_cannot_plan(world: Any, opened: Any) -> None:
    c = client_for(world.leader)
    listing = c.get("/kebutuhan/").content.decode()
    assert "AKPK 2027" in listing and "Putaran baru" not in listing
    assert 'href="/kebutuhan/akpk-2027/"' not in listing
    assert c.get("/kebutuhan/akpk-2027/hasil/").status_code == 200
    assert c.post("/kebutuhan/", {"code": "x", "name": "x", "year": 2027}).status_code == 403
    assert c.post("/kebutuhan/akpk-2027/pengingat/").status_code == 403


def test_the_supervisor_form_is_404_for_anyone_but_the_frozen_supervisor(
        world: Any, opened: Any) -> None:
    staff = opened.participants.get(employee=world.staff)
    url = f"/kebutuhan/akpk-2027/atasan/{staff.pk}/"
    assert client_for(world.kabid_user).get(url).status_code == 200
    assert client_for(world.staff_user).get(url).status_code == 404
    assert client_for(world.auditor_user).get(url).status_code == 404
    # the supervisor as frozen in the round decides, not the current one
    world.staff.supervisor = world.auditor
    world.staff.save()
    assert client_for(world.auditor_user).get(url).status_code == 404
    assert client_for(world.kabid_user).get(url).status_code == 200
    for who in ("planner", "admin", "leader"):  # no employee record
        assert client_for(getattr(world, who)).get(url).status_code == 403


def test_the_self_assessment_is_only_for_participants(world: Any, opened: Any) -> None:
    assert client_for(world.staff_user).get("/kebutuhan/akpk-2027/diri/").status_code == 200
    assert client_for(world.planner).get("/kebutuhan/akpk-2027/diri/").status_code == 403
    other = round_create(agency=world.other_agency, code="lain", name="Lain", year=2027)
    assert other.pk
    assert client_for(world.staff_user).get("/kebutuhan/lain/diri/").status_code == 404


def test_navigation_follows_the_role(world: Any, opened: Any) -> None:
    assert "Analisis kebutuhan" in client_for(world.planner).get("/").content.decode()
    assert "Analisis kebutuhan" in client_for(world.leader).get("/").content.decode()
    staff_home = client_for(world.staff_user).get("/").content.decode()
    assert "Analisis kebutuhan" not in staff_home and "Tugas saya" in staff_home
    assert "Tugas saya" not in client_for(world.operator).get("/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(db: Any) -> None:
    response = Client().get("/kebutuhan/")
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
