"""The needs-analysis journey in a real Chromium: a planner sends a round, an employee assesses
themself, the supervisor rates them, and the planner sees the priority list change."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, base: str, username: str, password: str = "rahasia-123") -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(username)
    page.get_by_label("Kata sandi atau kode masuk pertama").fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{base}/")


def first_priority(page: Page) -> str | None:
    return page.locator("#priorities tbody tr").first.get_attribute("data-code")


def test_answers_move_the_priority_list(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.needs.models import NeedsRound
    from bina.needs.services import SelfAnswer, self_assessment_submit
    from bina.org.services import competency_standard_set
    from bina.reference.models import Competency

    base = live_server.url
    m1, m5 = Competency.objects.get(code="M.1"), Competency.objects.get(code="M.5")
    for employee in (world.kadis, world.kabid, world.lab):
        competency_standard_set(position=employee.position, levels={m1: 3, m5: 3})
    competency_standard_set(position=world.staff.position, levels={m1: 3, m5: 4})

    # The planner creates and sends the round.
    sign_in(page, base, "perencana")
    page.get_by_role("link", name="Analisis kebutuhan").click()
    page.get_by_label("Kode").fill("akpk-2027")
    page.get_by_label("Nama", exact=True).fill("AKPK 2027")
    page.get_by_label("Tahun rencana").fill("2027")
    page.get_by_label("Perangkat daerah").select_option(label="Dinas Kesehatan")
    page.get_by_label("Batas waktu").fill("2026-12-15")
    shot()
    page.get_by_role("button", name="Buat putaran").click()
    expect(page).to_have_url(f"{base}/kebutuhan/akpk-2027/")
    expect(page.locator("#round-status")).to_have_text("Draf")
    page.get_by_role("link", name=re.compile("Kirim")).click()
    page.get_by_role("button", name="Ya, kirim").click()
    expect(page.locator("#round-status")).to_have_text("Berjalan")
    expect(page.locator("#coverage")).to_contain_text("0 / 4 (0%)")
    page.get_by_role("link", name="Catat wawancara").click()
    page.get_by_label("Kelompok/narasumber").fill("Kepala seksi Bidang P2P")
    page.get_by_label("Unit (opsional)").select_option(label="Dinas Kesehatan")
    page.get_by_label("Tanggal").fill("2026-11-20")
    page.get_by_label("Pewawancara").fill("Tim BKPSDM")
    page.get_by_label("Masalah yang disampaikan").fill("Laporan surveilans daring sering ditolak")
    page.get_by_label("Kompetensi 1").select_option(label=str(m5))
    page.get_by_label("Tema 1").fill("layanan digital")
    page.get_by_label("Catatan 1").fill("pengisian aplikasi daring")
    shot()
    page.get_by_role("button", name="Simpan wawancara").click()
    expect(page.locator("#interviews")).to_contain_text("pengisian aplikasi daring")

    # Earlier answers (as if from the paper path): the head and the lab assistant are weak in
    # M.1 and find it important, so M.1 leads.
    needs_round = NeedsRound.objects.get(code="akpk-2027")
    for employee in (world.kadis, world.lab):
        self_assessment_submit(
            participant=needs_round.participants.get(employee=employee),
            answers={m1: SelfAnswer(2, 4, 2), m5: SelfAnswer(3, 3, 3)})
    page.goto(f"{base}/kebutuhan/akpk-2027/hasil/")
    assert first_priority(page) == "M.1"

    # The employee finds the task and fills in the self-assessment.
    sign_in(page, base, world.staff.nip)
    expect(page.locator("#open-tasks .value")).to_have_text("1")
    shot()
    page.get_by_role("link", name="Tugas saya").first.click()
    page.get_by_role("link", name="Isi sekarang").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Penilaian diri")
    page.locator(f'input[name="level_{m5.pk}"][value="1"]').check()
    page.locator(f'input[name="importance_{m5.pk}"][value="5"]').check()
    page.locator(f'input[name="ability_{m5.pk}"][value="1"]').check()
    page.locator(f'input[name="level_{m1.pk}"][value="4"]').check()
    page.locator(f'input[name="importance_{m1.pk}"][value="2"]').check()
    page.locator(f'input[name="ability_{m1.pk}"][value="4"]').check()
    page.get_by_label("Tugas yang sulit Anda kerjakan").fill(
        "Melayani permohonan data melalui aplikasi daring")
    shot()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator(".messages")).to_contain_text("terkirim")
    expect(page.locator("#submitted")).to_be_visible()

    # Its supervisor rates it.
    sign_in(page, base, world.kabid.nip)
    page.goto(f"{base}/kebutuhan/tugas/")
    page.get_by_role("link", name="Nilai Yusran Pakaya").click()
    page.locator(f'input[name="level_{m5.pk}"][value="1"]').check()
    page.locator(f'input[name="level_{m1.pk}"][value="4"]').check()
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.locator("#rate-tasks")).to_contain_text("Terkirim")

    # The planner sees M.5 rise to the top, with the reason.
    sign_in(page, base, "perencana")
    page.goto(f"{base}/kebutuhan/akpk-2027/hasil/")
    assert first_priority(page) == "M.5"
    top = page.locator("#priorities tbody tr").first
    expect(top).to_contain_text("Pelayanan Publik")
    expect(top).to_contain_text("di bawah standar")
    expect(page.locator("#combination-rule")).to_contain_text("penilaian atasan")
    expect(page.locator("svg.ipa")).to_be_visible()
    shot()
    page.get_by_label("Cakupan").select_option(label="Dinas Kesehatan")
    expect(page).to_have_url(re.compile(r"unit=DINKES"))
    expect(page.get_by_role("heading", name=re.compile("Dinas Kesehatan"))).to_be_visible()
    page.goto(f"{base}/kebutuhan/akpk-2027/")
    expect(page.locator("#coverage")).to_contain_text("3 / 4 (75%)")
    shot()


def test_the_self_assessment_works_on_a_phone(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.needs.services import round_create, round_open
    from bina.org.services import competency_standard_set
    from bina.reference.models import Competency

    m1, m5 = Competency.objects.get(code="M.1"), Competency.objects.get(code="M.5")
    competency_standard_set(position=world.staff.position, levels={m1: 3, m5: 4})
    round_open(needs_round=round_create(agency=world.agency, code="akpk-2027",
                                        name="AKPK 2027", year=2027, actor=world.planner))
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, world.staff.nip)
    page.goto(f"{live_server.url}/kebutuhan/akpk-2027/diri/")
    first, second = (page.locator(f'input[name="level_{m5.pk}"]').nth(i) for i in (0, 1))
    a, b = first.bounding_box(), second.bounding_box()
    assert a is not None and b is not None
    assert b["y"] > a["y"] + 20  # stacked, not side by side
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # no sideways scrolling
    shot()
