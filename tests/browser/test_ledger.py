"""The JP ledger in a real Chromium: the planner reads the agency's progress, opens a unit with
the people at risk first, and an employee submits an outside activity that the unit's
operator approves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_needs import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n%test\n"


def ledger_world(world: Any) -> None:
    from bina.people.models import DevelopmentRecord
    from bina.reference.models import DevelopmentPath
    from bina.testing import make_employee

    path = DevelopmentPath.objects.get(code="KL03")
    for i in range(12):
        e = make_employee(world.agency, world.bidang if i % 2 else world.inspektorat,
                          world.staff.position, f"1991010120150310{i + 1:02d}",
                          f"Pegawai Contoh {i + 1}")
        if i % 3:
            DevelopmentRecord.objects.create(
                employee=e, title="Pelatihan Teknis", path=path, jp=Decimal(4 * i),
                start_date=dt.date(2026, 4, 1), end_date=dt.date(2026, 4, 3))
    DevelopmentRecord.objects.create(
        employee=world.staff, title="Pelatihan Surveilans", path=path, jp=Decimal(24),
        start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 5, 3))


def test_the_planner_reads_progress_and_a_unit(
        page: Page, live_server: Any, world: Any, shot: Callable[[], Path]) -> None:
    ledger_world(world)
    base = live_server.url
    sign_in(page, base, "perencana")
    page.goto(f"{base}/jp/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Capaian hak 20 JP")
    expect(page.locator("#units")).to_contain_text("Inspektorat")
    shot()
    page.locator("#units").get_by_role("link", name="Dinas Kesehatan").click()
    expect(page.locator("#people-table")).to_contain_text("Yusran Pakaya")
    first = page.locator("#people-table tbody tr").first
    expect(first).to_contain_text("Berisiko")
    shot()
    page.goto(f"{base}/jp/aturan/?ubah=0")
    expect(page.locator("#rules")).to_contain_text("belum terverifikasi")
    shot()


def test_an_employee_submits_and_the_operator_approves(
        page: Page, live_server: Any, world: Any, shot: Callable[[], Path],
        tmp_path: Path) -> None:
    base = live_server.url
    sign_in(page, base, world.staff.nip)
    page.goto(f"{base}/jp/pengajuan/baru/")
    page.get_by_label("Nama kegiatan").fill("Seminar Nasional Epidemiologi")
    page.get_by_label("Jalur").select_option(label="KL06 · Seminar/Konferensi/Sarasehan")
    page.get_by_label("Penyelenggara").fill("PAEI")
    page.get_by_label("Tanggal mulai").fill("2026-09-01")
    page.get_by_label("Tanggal selesai").fill("2026-09-02")
    page.get_by_label("Nomor sertifikat").fill("PAEI/2026/77")
    certificate = tmp_path / "sertifikat.pdf"
    certificate.write_bytes(PDF)
    page.get_by_label("Berkas sertifikat").set_input_files(str(certificate))
    shot()
    page.get_by_role("button", name="Kirim pengajuan").click()
    expect(page.locator("#own")).to_contain_text("Diajukan")
    sign_in(page, base, "operator.kesehatan")
    page.goto(f"{base}/jp/pengajuan/")
    expect(page.locator("#pending")).to_contain_text("8 JP")
    shot()
    page.locator("#pending").get_by_role("button", name="Setujui").click()
    expect(page.locator("#decided")).to_contain_text("Disetujui")
    sign_in(page, base, world.staff.nip)
    page.goto(f"{base}/jp/saya/")
    expect(page.locator("#ledger")).to_contain_text("Seminar Nasional Epidemiologi")
    shot()
