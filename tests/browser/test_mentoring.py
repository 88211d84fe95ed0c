"""Mentoring in a real Chromium: the programme's coordinator (a unit operator, who may manage
this programme only because they coordinate it) opens the programme, runs the exact matching,
swaps the mentors of two mentees, sees the swapped (now fixed) pairs and records a meeting; a
planner creates a programme with its rules chosen in plain words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_needs import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def mentor_of(page: Page, mentee: str) -> str:
    row = page.locator(f"#pairs tbody tr[data-mentee='{mentee}']")
    expect(row).to_have_count(1)
    return row.get_attribute("data-mentor") or ""


def test_a_coordinator_matches_and_swaps_a_pair(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.mentoring.tests.factories import programme

    programme(world, capacity=1, mentors=("kadis", "auditor"), coordinator=world.operator)
    base = live_server.url
    sign_in(page, base, "operator.kesehatan")
    page.locator("nav.nav").get_by_role("link", name="Mentoring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Program mentoring")
    page.get_by_role("link", name="Mentoring Pelayanan Publik").click()
    expect(page.locator("#rules")).to_contain_text("Atasan langsung boleh menjadi mentor")
    expect(page.locator("#pairs")).to_contain_text("Belum ada pasangan")
    shot()

    page.get_by_role("button", name="Pasangkan (optimal)").click()
    expect(page.locator(".messages")).to_contain_text("Pemasangan selesai: 2 pasangan")
    expect(page.locator("#optimal")).to_have_text("optimal terbukti")
    expect(page.locator("#pairs tbody tr")).to_have_count(2)
    expect(page.locator("#pairs")).to_contain_text("pasangan yang memenuhi syarat")
    before = {name: mentor_of(page, name) for name in ("Yusran Pakaya", "Nurhayati Daud")}
    assert set(before.values()) == {"Rahmat Hasan", "Arifin Gobel"}
    shot()

    swap = page.locator("#swap")
    swap.get_by_label("NIP mentee pertama").fill(world.staff.nip)  # Yusran Pakaya
    swap.get_by_label("NIP mentee kedua").fill(world.lab.nip)  # Nurhayati Daud
    swap.get_by_role("button", name="Tukar").click()
    expect(page.locator(".messages")).to_contain_text("ditukar")
    expect(page.locator("#optimal")).to_have_text("diubah manual")
    assert mentor_of(page, "Yusran Pakaya") == before["Nurhayati Daud"]
    assert mentor_of(page, "Nurhayati Daud") == before["Yusran Pakaya"]
    expect(page.locator("#pairs tbody tr.swapped")).to_have_count(2)
    expect(page.locator("#pairs .badge", has_text="manual")).to_have_count(2)
    page.evaluate("window.scrollTo(0, 0)")
    shot()

    # the meetings of a pair: one recorded, the mentee's JP follows the NKL02 rule
    page.locator("#pairs tbody tr[data-mentee='Yusran Pakaya']").get_by_role(
        "link", name="Pertemuan").click()
    page.get_by_label("Tanggal").fill("2026-10-05")
    page.get_by_label("Topik").fill("Standar pelayanan laboratorium")
    page.get_by_label("Tindak lanjut yang disepakati").fill("Susun SOP penerimaan sampel")
    page.get_by_role("button", name="Simpan pertemuan").click()
    expect(page.locator("#meetings")).to_contain_text("Susun SOP penerimaan sampel")
    expect(page.locator("#jp")).to_have_text("2")
    shot()


def test_a_planner_creates_a_programme_with_rules_in_words(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    base = live_server.url
    sign_in(page, base, "perencana")
    page.goto(f"{base}/mentoring/")
    page.get_by_role("link", name="Program baru").click()
    page.get_by_label("Kode").fill("LATSAR-26")
    page.get_by_label("Nama program").fill("Mentoring Latsar CPNS 2026")
    page.get_by_label("Kompetensi yang dibina").select_option(label="M.5 · Pelayanan Publik")
    page.get_by_label("Mentor harus atasan langsung (seperti Latsar CPNS)").check()
    shot()
    page.get_by_role("button", name="Buat program").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentoring Latsar CPNS 2026")
    expect(page.locator("#rules")).to_contain_text("Mentor harus atasan langsung mentee")
    shot()
