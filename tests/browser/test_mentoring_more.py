"""Mentoring and supervision in a real Chromium: a mentor records a meeting from "Mentoring
saya" and sees the mentee's JP; the same person, as a supervisor, sees their subordinate's
development on "Pengembangan bawahan"; a coordinator searches a programme by NIP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_needs import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_mentor_records_a_meeting_and_sees_their_team(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.mentoring.services import mentoring_match
    from bina.mentoring.tests.factories import programme

    prog = programme(world, supervisor_rule="required")  # staff ← kabid
    mentoring_match(programme=prog, user=world.planner)
    base = live_server.url
    sign_in(page, base, world.kabid.nip)
    page.goto(f"{base}/mentoring/saya/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentoring saya")
    card = page.locator(".pair-card", has_text="Saya membina Yusran Pakaya")
    expect(card).to_contain_text("Belum ada pertemuan yang dicatat")
    card.get_by_text("Catat pertemuan").click()
    card.get_by_label("Tanggal").fill("2026-10-05")
    card.get_by_label("Topik").fill("Standar pelayanan")
    card.get_by_label("Tindak lanjut yang disepakati").fill("Susun SOP layanan")
    card.get_by_role("button", name="Simpan pertemuan").click()
    expect(page.locator(".messages")).to_contain_text("Pertemuan dicatat")
    expect(page.locator("#jp")).to_have_text("2")
    page.goto(f"{base}/mentoring/saya/")
    expect(card).to_contain_text("Susun SOP layanan")
    expect(card).to_contain_text("2 JP")
    shot()

    page.goto(f"{base}/pelaksanaan/bawahan/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pengembangan kompetensi bawahan")
    row = page.locator(f"#team tr[data-nip='{world.staff.nip}']")
    expect(row).to_contain_text("Yusran Pakaya")
    expect(page.locator(f"#team tr[data-nip='{world.lab.nip}']")).to_have_count(0)
    shot()


def test_a_coordinator_finds_a_pair_by_nip(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.mentoring.services import mentoring_match
    from bina.mentoring.tests.factories import programme

    prog = programme(world, coordinator=world.operator)
    mentoring_match(programme=prog, user=world.planner)
    base = live_server.url
    sign_in(page, base, "operator.kesehatan")
    page.goto(f"{base}/mentoring/{prog.pk}/")
    expect(page.locator("#pairs tbody tr")).to_have_count(2)
    page.get_by_label("Cari nama, NIP atau unit").fill(world.lab.nip)
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.locator("#pairs tbody tr")).to_have_count(1)
    expect(page.locator("#pairs")).to_contain_text("Nurhayati Daud")
    shot()
