"""A supervisor's view of their subordinates' development (``delivery:team``): classes to come
and held, JP earned against planned and the 20 JP status, pending outside activities; only
for supervisors and only their own subordinates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.accounts.models import Role, User
from bina.delivery.attendance import activity_complete, attendance_record
from bina.delivery.tests.factories import TODAY, enrollment, make_activity
from bina.ledger.services import ledger_external_submit
from bina.reference.models import DevelopmentPath
from bina.testing import World

pytestmark = pytest.mark.django_db
TEAM = reverse("delivery:team")


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def team(world: World) -> World:
    """staff (kabid's subordinate) has a held class (4 JP), an upcoming one and a pending
    outside activity; lab (kadis's) has an upcoming class."""
    held = make_activity(world, "SEM-2026-01", start=dt.date(2026, 5, 4), days=1,
                         path="KL06", people=(world.staff,), name="Seminar Layanan Digital")
    attendance_record(session=held.sessions.get(), enrollment=enrollment(held, world.staff),
                      status="hadir", user=world.planner)
    activity_complete(activity=held, user=world.planner)
    make_activity(world, "WS-2026-02", start=TODAY + dt.timedelta(days=7), days=2,
                  people=(world.staff,), name="Workshop Standar Pelayanan")
    make_activity(world, "LAB-2026-01", start=TODAY + dt.timedelta(days=3), days=1,
                  people=(world.lab,), name="Bimtek Laboratorium Rahasia")
    ledger_external_submit(
        employee=world.staff, user=world.staff_user, title="Kursus Daring Analisis Data",
        path=DevelopmentPath.objects.get(code="NKL03"), provider_name="LAN RI",
        start_date=dt.date(2026, 6, 1), end_date=dt.date(2026, 6, 3),
        certificate_number="LUAR/1", programme_jp=Decimal(8))
    return world


def row_of(page: str, nip: str) -> str:
    start = page.index(f'data-nip="{nip}"')
    return page[start:page.index("</tr>", start)]


def test_a_supervisor_sees_their_subordinates_classes_jp_and_pending_submissions(
        team: World) -> None:
    response = client_for(team.kabid_user).get(TEAM)
    assert response.status_code == 200
    page = response.content.decode()
    row = row_of(page, team.staff.nip)
    assert "Yusran Pakaya" in row
    assert "Workshop Standar Pelayanan" in row  # upcoming
    assert "Seminar Layanan Digital" in row and "4 JP" in row  # held, credited
    assert "Berisiko" in row  # 4 JP + 10 to come < 20
    assert '<span class="badge gold">1</span>' in row  # one outside activity pending
    assert 'id="n-pending">1<' in page


def test_a_supervisor_does_not_see_someone_elses_subordinates(team: World) -> None:
    page = client_for(team.kabid_user).get(TEAM).content.decode()
    assert team.lab.nip not in page and "Bimtek Laboratorium Rahasia" not in page
    assert team.auditor.nip not in page and team.kadis.nip not in page
    # nor through the whole-tree switch: lab is not below kabid
    page = client_for(team.kabid_user).get(TEAM, {"semua": "1"}).content.decode()
    assert team.lab.nip not in page
    # and the person page of someone else's subordinate stays closed
    other = client_for(team.kabid_user).get(reverse("ledger:person", args=[team.lab.pk]))
    assert other.status_code in (403, 404)


def test_the_head_sees_direct_subordinates_and_on_request_the_indirect_ones(
        team: World) -> None:
    head = User.objects.create_user(username=team.kadis.nip, password="x-123456789",
                                    role=Role.EMPLOYEE, agency=team.agency, employee=team.kadis)
    c = client_for(head)
    page = c.get(TEAM).content.decode()
    assert team.kabid.nip in page and team.lab.nip in page
    assert team.staff.nip not in page
    page = c.get(TEAM, {"semua": "1"}).content.decode()
    assert "tidak langsung" in row_of(page, team.staff.nip)
    assert "tidak langsung" not in row_of(page, team.lab.nip)


@pytest.mark.parametrize("who", ["staff_user", "planner", "operator"])
def test_people_who_supervise_nobody_are_refused(team: World, who: str) -> None:
    assert client_for(getattr(team, who)).get(TEAM).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(team: World) -> None:
    response = Client().get(TEAM)
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_the_page_runs_a_bounded_number_of_queries(
        team: World, django_assert_max_num_queries: Any) -> None:
    c = client_for(team.kabid_user)
    c.get(TEAM)
    with django_assert_max_num_queries(25):
        assert c.get(TEAM).status_code == 200
