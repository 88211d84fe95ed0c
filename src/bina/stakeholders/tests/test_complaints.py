"""Complaints reach the unit that serves: its operator sees and answers only its own, with the
contact; the public follows the answer by tracking code without ever seeing a contact."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bina.stakeholders import selectors as sel
from bina.stakeholders.models import Complaint, ComplaintStatus
from bina.stakeholders.services import SurveyError, complaint_answer, survey_submit

pytestmark = pytest.mark.django_db

CONTACT = {"contact_name": "Ibu Ani Rahim", "contact_phone": "081234567890",
           "contact_email": "ani@example.org"}


def file(unit: Any, text: str = "Antrean lama sekali", **contact: str) -> Complaint:
    submitted = survey_submit(unit=unit, scores={f"U{i}": 2 for i in range(1, 10)},
                              file_complaint=True, complaint_text=text,
                              client_address="198.51.100.1", **contact)
    assert submitted.complaint is not None
    return submitted.complaint


@pytest.fixture
def two(world: Any, licensing: Any) -> tuple[Complaint, Complaint]:
    return file(world.upt, "Hasil lab terlambat", **CONTACT), file(licensing, "Izin lama")


def test_the_operator_lists_only_complaints_of_their_own_units(
        client: Client, world: Any, two: tuple[Complaint, Complaint]) -> None:
    own, foreign = two
    client.force_login(world.operator)
    html = client.get(reverse("public:complaints")).content.decode()
    assert "Hasil lab terlambat" in html
    assert "Izin lama" not in html
    assert client.get(reverse("public:complaint", args=[foreign.pk])).status_code == 404
    detail = client.get(reverse("public:complaint", args=[own.pk])).content.decode()
    for value in CONTACT.values():
        assert value in detail


def test_planners_see_all_complaints_of_the_agency(
        client: Client, world: Any, two: tuple[Complaint, Complaint]) -> None:
    client.force_login(world.planner)
    html = client.get(reverse("public:complaints")).content.decode()
    assert "Hasil lab terlambat" in html and "Izin lama" in html


def test_leadership_reads_complaints_but_not_contacts_and_cannot_answer(
        client: Client, world: Any, two: tuple[Complaint, Complaint]) -> None:
    own, _foreign = two
    client.force_login(world.leader)
    detail = client.get(reverse("public:complaint", args=[own.pk])).content.decode()
    assert "Hasil lab terlambat" in detail
    for value in CONTACT.values():
        assert value not in detail
    response = client.post(reverse("public:complaint", args=[own.pk]), {"answer": "Baik"})
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == ComplaintStatus.OPEN


@pytest.mark.parametrize("who", ["staff_user", "kabid_user", "auditor_user"])
def test_employees_see_no_complaints(client: Client, world: Any,
                                     two: tuple[Complaint, Complaint], who: str) -> None:
    client.force_login(getattr(world, who))
    assert client.get(reverse("public:complaints")).status_code == 403
    assert client.get(reverse("public:complaint", args=[two[0].pk])).status_code == 404


def test_another_agency_sees_nothing(client: Client, world: Any,
                                     two: tuple[Complaint, Complaint]) -> None:
    from bina.accounts.models import Role, User

    stranger = User.objects.create_user(username="perencana.boalemo", password="x",
                                        role=Role.PLANNER, agency=world.other_agency)
    client.force_login(stranger)
    html = client.get(reverse("public:complaints")).content.decode()
    assert "Hasil lab terlambat" not in html
    assert client.get(reverse("public:complaint", args=[two[0].pk])).status_code == 404


def test_the_operator_answers_and_closes_and_the_public_reads_the_answer(
        client: Client, world: Any, two: tuple[Complaint, Complaint]) -> None:
    own, _foreign = two
    client.force_login(world.operator)
    response = client.post(reverse("public:complaint", args=[own.pk]),
                           {"answer": "Mohon maaf, alat sudah diperbaiki.", "action": "close"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == ComplaintStatus.CLOSED
    assert own.answered_by == world.operator
    assert own.answered_at is not None and own.closed_at is not None

    public = Client()
    html = public.get(reverse("public:track", args=[own.tracking_code])).content.decode()
    assert "Mohon maaf, alat sudah diperbaiki." in html
    assert "Selesai" in html
    for value in CONTACT.values():
        assert value not in html
    assert "operator.kesehatan" not in html


def test_the_operator_cannot_answer_another_units_complaint(
        client: Client, world: Any, two: tuple[Complaint, Complaint]) -> None:
    _own, foreign = two
    client.force_login(world.operator)
    response = client.post(reverse("public:complaint", args=[foreign.pk]), {"answer": "x"})
    assert response.status_code == 404
    assert client.post(reverse("public:complaint_close", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == ComplaintStatus.OPEN


def test_an_empty_answer_is_refused(world: Any, two: tuple[Complaint, Complaint]) -> None:
    with pytest.raises(SurveyError):
        complaint_answer(complaint=two[0], answer="  ", actor=world.operator)


def test_tracking_by_the_form_normalises_the_code(
        client: Client, world: Any, two: tuple[Complaint, Complaint]) -> None:
    code = two[0].tracking_code
    typed = f" {code[:5].lower()}-{code[5:]} "
    response = client.get(reverse("public:track_form"), {"code": typed})
    assert response["Location"] == reverse("public:track", args=[code])
    assert client.get(reverse("public:track", args=["ZZZZZZZZZZ"])).status_code == 404


def test_response_times_give_the_median_hours_to_the_first_answer(
        world: Any, licensing: Any) -> None:
    now = timezone.now()
    complaints = [file(world.upt, f"keluhan {i}") for i in range(4)]
    for complaint, hours in zip(complaints[:3], (2, 10, 30), strict=True):
        complaint.created_at = now - dt.timedelta(hours=hours)
        complaint.save()
        complaint_answer(complaint=complaint, answer="dijawab", actor=world.operator)
    # a second answer later does not move the response time
    complaint_answer(complaint=complaints[0], answer="lagi", actor=world.operator, close=True)
    times = sel.response_times()
    upt = times[world.upt.pk]
    assert (upt.received, upt.answered, upt.open) == (4, 3, 1)
    assert upt.median_hours == pytest.approx(10, abs=0.01)
    assert licensing.pk not in times
