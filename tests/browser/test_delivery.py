"""Delivery in a real Chromium: a participant checks in by typing the session code, anyone
(logged out) verifies a certificate by its code, and the organiser's pages (list, activity,
calendar) render with the attendance grid and the warnings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_needs import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_participant_checks_in_with_the_session_code(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.delivery.models import Attendance
    from bina.delivery.tests.factories import TODAY, make_activity

    activity = make_activity(world, people=(world.staff,), start_time=dt.time(9, 0))
    code = activity.sessions.get(date=TODAY).code
    base = live_server.url
    sign_in(page, base, world.staff.nip)
    page.goto(f"{base}/pelaksanaan/presensi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Presensi kegiatan")

    # A mistyped code: a clear error, nothing recorded.
    page.get_by_label("Kode sesi").fill("QQQ999")
    page.get_by_role("button", name="Hadir").click()
    expect(page.locator("#checkin-error")).to_contain_text("tidak ditemukan")
    assert not Attendance.objects.exists()

    page.get_by_label("Kode sesi").fill(code.lower())
    page.get_by_role("button", name="Hadir").click()
    success = page.locator("#checkin-success")
    expect(success).to_contain_text("Tercatat hadir")
    expect(success).to_contain_text(activity.name)
    expect(page.locator("#checkin-time")).to_have_text("09:00")
    shot()
    assert Attendance.objects.get().status == "hadir"

    # Typing it again is refused, and says when the first check-in was.
    page.get_by_label("Kode sesi").fill(code)
    page.get_by_role("button", name="Hadir").click()
    expect(page.locator("#checkin-error")).to_contain_text("sudah tercatat hadir")
    shot()


def test_anyone_verifies_a_certificate_by_its_code(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.delivery.attendance import activity_complete, attendance_record
    from bina.delivery.models import Certificate
    from bina.delivery.tests.factories import TODAY, enrollment, make_activity

    activity = make_activity(world, "SEM-2026-01", start=TODAY - dt.timedelta(days=3), days=1,
                             path="KL06", people=(world.staff,),
                             name="Seminar Inovasi Pelayanan Publik")
    attendance_record(session=activity.sessions.get(), enrollment=enrollment(
        activity, world.staff), status="hadir", user=None)
    activity_complete(activity=activity, user=None)
    cert = Certificate.objects.get()
    base = live_server.url
    page.context.clear_cookies()
    page.goto(f"{base}/verifikasi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verifikasi sertifikat")
    page.get_by_label("Kode verifikasi sertifikat").fill(cert.code.lower())
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator("#verdict")).to_contain_text("Sertifikat ASLI")
    expect(page.locator("#cert-number")).to_have_text(cert.number)
    expect(page.locator("#cert-holder")).to_have_text("Yusran Pakaya")
    body = page.locator("body").inner_text()
    assert world.staff.nip not in body and world.staff.unit.name not in body
    shot()

    response = page.goto(f"{base}/verifikasi/ABCDEFGHJK/")
    assert response is not None and response.status == 404
    expect(page.locator("#verdict")).to_contain_text("tidak ditemukan")
    shot()


def test_the_organiser_pages_render(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.delivery.attendance import attendance_check_in, attendance_record
    from bina.delivery.models import EnrollmentStatus
    from bina.delivery.services import enrollment_add
    from bina.delivery.tests.factories import TODAY, enrollment, make_activity

    activity = make_activity(world, "WS-2026-01", start=TODAY - dt.timedelta(days=1), days=3,
                             people=(world.staff, world.kabid, world.auditor), seats=3,
                             name="Workshop Pelayanan Prima Angkatan 1")
    enrollment_add(activity=activity, employee=world.lab, user=None)
    yesterday = activity.sessions.get(date=TODAY - dt.timedelta(days=1))
    for person, status in ((world.staff, "hadir"), (world.kabid, "terlambat"),
                           (world.auditor, "izin")):
        attendance_record(session=yesterday, enrollment=enrollment(activity, person),
                          status=status, user=None)
    attendance_check_in(code=activity.sessions.get(date=TODAY).code, employee=world.staff)
    make_activity(world, "TEK-2026-01", start=TODAY, days=2, path="KL03",
                  people=(world.staff,), name="Pelatihan Teknis Surveilans")
    assert enrollment(activity, world.lab).status == EnrollmentStatus.WAITING
    base = live_server.url
    sign_in(page, base, "perencana")
    page.goto(f"{base}/pelaksanaan/")
    expect(page.locator("#activities")).to_contain_text("Workshop Pelayanan Prima")
    shot()
    page.get_by_role("link", name="Workshop Pelayanan Prima Angkatan 1").click()
    expect(page.locator("#waiting")).to_contain_text("Nurhayati Daud")
    expect(page.locator("#sessions .code-chip").first).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 2200})
    shot()
    page.goto(f"{base}/pelaksanaan/kalender/?tahun=2026&bulan=11")
    expect(page.locator("#warnings")).to_contain_text("Yusran Pakaya terdaftar di dua kegiatan")
    shot()
