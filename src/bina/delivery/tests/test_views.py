"""The delivery pages: who sees what, the organiser's actions, the participant's check-in,
their own certificates, and the public verification page (which reveals nothing else)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.delivery.attendance import activity_complete, attendance_record
from bina.delivery.models import (
    Activity,
    ActivityStatus,
    Attendance,
    Certificate,
    DeliverySettings,
    EnrollmentStatus,
)
from bina.delivery.tests.factories import TODAY, enrollment, make_activity
from bina.testing import World


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def activity(world: World) -> Activity:
    return make_activity(world, people=(world.staff, world.auditor), seats=2)


def completed(world: World) -> Activity:
    """A finished one-day class: staff and auditor attended and hold certificates."""
    a = make_activity(world, "SEM-2026-01", start=TODAY - dt.timedelta(days=3), days=1,
                      path="KL06", people=(world.staff, world.auditor))
    for person in (world.staff, world.auditor):
        attendance_record(session=a.sessions.get(), enrollment=enrollment(a, person),
                          status="hadir", user=world.planner)
    activity_complete(activity=a, user=world.planner)
    return a


def cert_of(person: Any) -> Certificate:
    return Certificate.objects.get(enrollment__employee=person)


# --------------------------------------------------------------------------------------------
# List and detail


def test_the_planner_sees_the_year_with_counts_and_filters(world: World,
                                                           activity: Activity) -> None:
    make_activity(world, "TEK-2026-01", start=dt.date(2026, 3, 2), days=1, path="KL03",
                  people=(world.kabid,))
    c = client_for(world.planner)
    page = c.get(reverse("delivery:list")).content.decode()
    assert "WS-2026-01" in page and "TEK-2026-01" in page
    page = c.get(reverse("delivery:list"), {"bulan": 3}).content.decode()
    assert "TEK-2026-01" in page and "WS-2026-01" not in page
    page = c.get(reverse("delivery:list"), {"unit": world.inspektorat.pk}).content.decode()
    assert "WS-2026-01" in page and "TEK-2026-01" not in page


def test_an_approved_plan_without_activities_offers_scheduling(world: World) -> None:
    from bina.plan.models import PlanStatus
    from bina.plan.tests.test_plan_views import make_plan

    plan = make_plan(world)
    plan.status = PlanStatus.APPROVED
    plan.save()
    c = client_for(world.planner)
    assert "Jadwalkan dari rencana" in c.get(reverse("delivery:list")).content.decode()
    response = c.post(reverse("delivery:schedule"), {"plan": plan.pk})
    assert response.status_code == 302
    assert Activity.objects.filter(plan=plan).exists()
    assert "Jadwalkan dari rencana" not in c.get(reverse("delivery:list")).content.decode()


def test_the_planner_sees_codes_and_nip_but_leadership_sees_neither(
        world: World, activity: Activity) -> None:
    code = activity.sessions.get(date=TODAY).code
    page = client_for(world.planner).get(reverse("delivery:detail", args=[activity.pk]))
    assert code in page.content.decode() and world.staff.nip in page.content.decode()
    page = client_for(world.leader).get(reverse("delivery:detail", args=[activity.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert code not in text and world.staff.nip not in text and "Selesaikan" not in text


def test_an_operator_sees_only_their_units_participants(world: World,
                                                       activity: Activity) -> None:
    c = client_for(world.operator)
    text = c.get(reverse("delivery:detail", args=[activity.pk])).content.decode()
    assert world.staff.name in text and world.auditor.name not in text
    only_auditor = make_activity(world, "AUD-2026-01", people=(world.auditor,))
    assert c.get(reverse("delivery:detail", args=[only_auditor.pk])).status_code == 404


def test_an_employee_cannot_open_activity_pages(world: World, activity: Activity) -> None:
    c = client_for(world.staff_user)
    assert c.get(reverse("delivery:detail", args=[activity.pk])).status_code == 403
    assert c.get(reverse("delivery:list")).url == reverse("delivery:my")  # type: ignore[attr-defined]


def test_the_organiser_marks_attendance_from_the_grid(world: World, activity: Activity) -> None:
    e = enrollment(activity, world.staff)
    session = activity.sessions.get(date=TODAY)
    response = client_for(world.operator).post(
        reverse("delivery:attendance_mark", args=[activity.pk]),
        {"session": session.pk, "enrollment": e.pk, "status": "terlambat"})
    assert response.status_code == 302
    assert Attendance.objects.get().status == "terlambat"


def test_an_operator_cannot_mark_another_units_participant(world: World,
                                                           activity: Activity) -> None:
    e = enrollment(activity, world.auditor)
    response = client_for(world.operator).post(
        reverse("delivery:attendance_mark", args=[activity.pk]),
        {"session": activity.sessions.first().pk, "enrollment": e.pk,  # type: ignore[union-attr]
         "status": "hadir"})
    assert response.status_code == 404 and not Attendance.objects.exists()


def test_leadership_cannot_mark_attendance(world: World, activity: Activity) -> None:
    response = client_for(world.leader).post(
        reverse("delivery:attendance_mark", args=[activity.pk]),
        {"session": activity.sessions.first().pk,  # type: ignore[union-attr]
         "enrollment": enrollment(activity, world.staff).pk, "status": "hadir"})
    assert response.status_code == 403


def test_the_planner_adds_to_the_waiting_list_withdraws_and_the_seat_passes_on(
        world: World, activity: Activity) -> None:
    c = client_for(world.planner)
    c.post(reverse("delivery:enroll", args=[activity.pk]), {"nip": world.kabid.nip})
    assert enrollment(activity, world.kabid).status == EnrollmentStatus.WAITING
    c.post(reverse("delivery:withdraw", args=[activity.pk, enrollment(activity, world.staff).pk]))
    assert enrollment(activity, world.kabid).status == EnrollmentStatus.ENROLLED
    c.post(reverse("delivery:substitute", args=[activity.pk,
                                                enrollment(activity, world.auditor).pk]),
           {"nip": world.kadis.nip})
    assert enrollment(activity, world.auditor).status == EnrollmentStatus.REPLACED
    assert enrollment(activity, world.kadis).status == EnrollmentStatus.ENROLLED


def test_the_planner_records_the_realised_cost(world: World, activity: Activity) -> None:
    client_for(world.planner).post(reverse("delivery:cost", args=[activity.pk]),
                                   {"realised_cost": "Rp 5.750.000"})
    activity.refresh_from_db()
    assert activity.realised_cost == 5_750_000
    page = client_for(world.planner).get(reverse("delivery:detail", args=[activity.pk]))
    assert "+Rp 750.000" in page.content.decode()


def test_the_completion_button_completes_and_a_second_press_is_refused(world: World) -> None:
    a = make_activity(world, "SEM-2026-02", start=TODAY - dt.timedelta(days=3), days=1,
                      path="KL06", people=(world.staff,))
    attendance_record(session=a.sessions.get(), enrollment=enrollment(a, world.staff),
                      status="hadir", user=world.planner)
    c = client_for(world.planner)
    response = c.post(reverse("delivery:complete", args=[a.pk]), follow=True)
    assert "1 peserta selesai" in response.content.decode()
    a.refresh_from_db()
    assert a.status == ActivityStatus.COMPLETED
    response = c.post(reverse("delivery:complete", args=[a.pk]), follow=True)
    assert "sudah diselesaikan" in response.content.decode()
    assert Certificate.objects.count() == 1


# --------------------------------------------------------------------------------------------
# Calendar


def test_the_calendar_warns_of_a_double_booking_and_a_unit_away(world: World) -> None:
    make_activity(world, "WS-2026-01", people=(world.staff,))
    make_activity(world, "TEK-2026-01", people=(world.staff, world.kabid), path="KL03")
    DeliverySettings.objects.create(agency=world.agency, max_away_share="0.25")
    page = client_for(world.planner).get(reverse("delivery:calendar"),
                                         {"tahun": 2026, "bulan": 11}).content.decode()
    assert "Yusran Pakaya terdaftar di dua kegiatan sekaligus" in page
    assert "Bidang Pencegahan" in page and "pergi bersamaan" in page


def test_an_employee_sees_only_their_own_calendar(world: World, activity: Activity) -> None:
    c = client_for(world.staff_user)
    assert "WS-2026-01" in c.get(reverse("delivery:calendar")).content.decode()
    assert c.get(reverse("delivery:calendar"), {"pegawai": world.auditor.nip}).status_code == 403


# --------------------------------------------------------------------------------------------
# Check-in and own certificates


def test_a_participant_checks_in_with_the_code(world: World, activity: Activity) -> None:
    code = activity.sessions.get(date=TODAY).code
    page = client_for(world.staff_user).post(reverse("delivery:checkin"), {"code": code})
    text = page.content.decode()
    assert "Tercatat hadir" in text and activity.name in text
    assert Attendance.objects.get().method == "kode"


def test_a_wrong_code_shows_a_clear_error(world: World, activity: Activity) -> None:
    text = client_for(world.staff_user).post(reverse("delivery:checkin"),
                                             {"code": "QQQQQQ"}).content.decode()
    assert "tidak ditemukan" in text and not Attendance.objects.exists()


def test_an_employee_sees_and_downloads_their_own_certificate(world: World) -> None:
    completed(world)
    c = client_for(world.staff_user)
    page = c.get(reverse("delivery:my")).content.decode()
    assert cert_of(world.staff).number in page
    response = c.get(reverse("delivery:certificate_pdf", args=[cert_of(world.staff).pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_an_employee_cannot_open_anothers_certificate(world: World) -> None:
    completed(world)
    c = client_for(world.staff_user)
    assert c.get(reverse("delivery:certificate_pdf",
                         args=[cert_of(world.auditor).pk])).status_code == 404
    assert client_for(world.operator).get(reverse(
        "delivery:certificate_pdf", args=[cert_of(world.auditor).pk])).status_code == 404


def test_pages_need_a_login(world: World, activity: Activity) -> None:
    c = Client()
    for name, args in (("delivery:list", []), ("delivery:checkin", []), ("delivery:my", []),
                       ("delivery:detail", [activity.pk])):
        assert c.get(reverse(name, args=args)).status_code == 302


# --------------------------------------------------------------------------------------------
# Public verification


def test_the_public_page_confirms_a_certificate_and_reveals_no_nip_or_unit(world: World) -> None:
    completed(world)
    cert = cert_of(world.staff)
    response = Client().get(reverse("verify:certificate", args=[cert.code]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Sertifikat ASLI" in text and cert.number in text and world.staff.name in text
    assert world.staff.nip not in text and world.staff.unit.name not in text
    assert world.staff.position.name not in text and "yusran@example.org" not in text


def test_an_unknown_code_is_not_found_without_hints(world: World) -> None:
    completed(world)
    real = cert_of(world.staff).code
    response = Client().get(reverse("verify:certificate", args=[real[:-1] + "Z"
                                                                if real[-1] != "Z" else "Y"]))
    text = response.content.decode()
    assert response.status_code == 404 and "tidak ditemukan" in text
    assert world.staff.name not in text and "SEM-2026-01" not in text


def test_a_revoked_certificate_is_shown_as_revoked(world: World) -> None:
    completed(world)
    cert = cert_of(world.staff)
    c = client_for(world.planner)
    c.post(reverse("delivery:certificate_revoke", args=[cert.pk]))
    text = Client().get(reverse("verify:certificate", args=[cert.code])).content.decode()
    assert "DICABUT" in text and "ASLI" not in text


def test_the_form_takes_a_typed_code_in_any_case(world: World) -> None:
    completed(world)
    cert = cert_of(world.staff)
    response = Client().get(reverse("verify:form"), {"code": f" {cert.code.lower()} "})
    assert response.url == reverse("verify:certificate", args=[cert.code])  # type: ignore[attr-defined]


def test_only_planners_revoke(world: World) -> None:
    completed(world)
    cert = cert_of(world.staff)
    assert client_for(world.operator).post(reverse(
        "delivery:certificate_revoke", args=[cert.pk])).status_code == 403
    cert.refresh_from_db()
    assert cert.revoked_at is None


