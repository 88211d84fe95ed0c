"""The partner portal in a real Chromium: a university's partner account adds a class of its
accepted programme and records a participant's attendance in its own class, and cannot open
another partner's class."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_partner(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(username)
    page.get_by_label("Kata sandi atau kode masuk pertama").fill("rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page).not_to_have_url(re.compile(r"/akun/masuk/"))


def test_a_partner_adds_a_class_and_records_attendance(
        page: Page, live_server: Any, world: Any, shot: Callable[[], Path]) -> None:
    from bina.delivery.models import Activity, Attendance
    from bina.partners.tests.factories import make_partners

    pw = make_partners(world)
    base = live_server.url
    sign_in_partner(page, base, "mitra.ung")

    page.goto(f"{base}/mitra/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Universitas Negeri Gorontalo")
    expect(page.locator("#classes")).to_contain_text(pw.activity.code)
    expect(page.locator("#classes")).not_to_contain_text(pw.other_activity.code)
    shot()

    form = page.locator("#class-form")
    form.get_by_label("Program").select_option(label=str(pw.programme))
    form.get_by_label("Tanggal mulai").fill("2026-12-07")
    form.get_by_label("Tempat").fill("Kampus 1 UNG, Ruang Seminar")
    form.get_by_role("button", name="Tambah kelas").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Analisis Data Kesehatan")
    expect(page.locator("body")).to_contain_text("Kampus 1 UNG, Ruang Seminar")
    added = Activity.objects.get(place="Kampus 1 UNG, Ruang Seminar")
    assert added.provider_id == pw.ung.organisation_id
    assert added.start_date.isoformat() == "2026-12-07"
    shot()

    # attendance in the class with participants
    page.goto(f"{base}/mitra/portal/kelas/{pw.activity.pk}/")
    row = page.locator("#attendance tbody tr", has_text=world.staff.name)
    row.locator("select").first.select_option(label="Hadir")
    row.get_by_role("button", name="Catat").first.click()
    expect(page.locator(".messages")).to_contain_text(world.staff.name)
    first_session = pw.activity.sessions.order_by("date").first()
    assert Attendance.objects.get(session=first_session,
                                  enrollment__employee=world.staff).status == "hadir"
    shot()

    # another partner's class is out of reach
    response = page.goto(f"{base}/mitra/portal/kelas/{pw.other_activity.pk}/")
    assert response is not None and response.status == 404
