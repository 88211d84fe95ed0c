"""The journeys a planner makes, in a real Chromium: sign in, browse employees, import a roster."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, base: str, username: str, password: str = "rahasia-123") -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(username)
    page.get_by_label("Kata sandi atau kode masuk pertama").fill(password)
    page.get_by_role("button", name="Masuk").click()


def test_a_planner_signs_in_and_sees_the_dashboard(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    sign_in(page, live_server.url, "perencana")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    expect(page.get_by_text("Pegawai per perangkat daerah")).to_be_visible()
    shot()


def test_a_wrong_password_keeps_the_user_out(page: Page, live_server: Any, world: Any) -> None:
    sign_in(page, live_server.url, "perencana", "keliru")
    expect(page.get_by_role("alert")).to_contain_text("kata sandi salah")
    page.goto(f"{live_server.url}/pegawai/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))


def test_a_planner_filters_the_employee_list_and_opens_a_profile(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    sign_in(page, live_server.url, "perencana")
    page.goto(f"{live_server.url}/pegawai/")
    rows = page.locator("#employees tbody tr")
    expect(rows).to_have_count(5)
    page.get_by_label("Unit").select_option(label="Dinas Kesehatan")
    page.get_by_role("button", name="Cari").click()
    expect(rows).to_have_count(4)
    expect(page.locator("#employees")).not_to_contain_text("Arifin Gobel")
    shot()
    page.get_by_role("link", name="Yusran Pakaya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yusran Pakaya")
    expect(page.get_by_text(world.staff.nip)).to_be_visible()
    shot()


def roster(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Pegawai"
    ws.append(["NIP", "NAMA", "STATUS ASN", "GOLONGAN", "PENDIDIKAN", "UNIT KERJA", "JABATAN",
               "JENIS JABATAN", "JENJANG", "NIP ATASAN"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_planner_imports_a_roster_and_sees_every_problem_then_success(
    page: Page,
    live_server: Any,
    world: Any,
    shot: Callable[[], Path],
    tmp_path: Path,
    settings: Any,
) -> None:
    from bina.jobs.services import jobs_run_pending
    from bina.people.models import Employee

    settings.MEDIA_ROOT = tmp_path / "media"
    before = Employee.objects.count()
    good: list[object] = [
        "199403122020122011", "Fitri Mohamad", "PNS", "III/a", "S1", "Dinas Kesehatan",
        "Epidemiolog Kesehatan", "fungsional", "ahli_pertama", world.kadis.nip,
    ]
    bad: list[object] = [
        "19940312202012201", "Rudi Usman", "PNS", "III/z", "S1", "Dinas Entah",
        "Epidemiolog Kesehatan", "fungsional", "ahli_pertama", "",
    ]
    sign_in(page, live_server.url, "perencana")
    page.goto(f"{live_server.url}/pegawai/impor/")
    bad_file = tmp_path / "pegawai-salah.xlsx"
    bad_file.write_bytes(roster([good, bad]))
    page.get_by_label("Berkas Excel (.xlsx) atau CSV").set_input_files(str(bad_file))
    page.get_by_role("button", name="Unggah dan proses").click()
    expect(page).to_have_url(re.compile(r"/pekerjaan/\d+/"))
    assert jobs_run_pending() == 1  # the test plays the background worker
    result = page.locator("#job-result")
    expect(result).to_contain_text("Impor ditolak", timeout=10_000)
    expect(result.locator("tbody tr")).not_to_have_count(0)
    expect(result).to_contain_text("NIP")
    expect(result).to_contain_text("GOLONGAN")
    expect(result).to_contain_text("UNIT KERJA")
    shot()
    assert Employee.objects.count() == before  # all or nothing

    page.goto(f"{live_server.url}/pegawai/impor/")
    good_file = tmp_path / "pegawai.xlsx"
    good_file.write_bytes(roster([good]))
    page.get_by_label("Berkas Excel (.xlsx) atau CSV").set_input_files(str(good_file))
    page.get_by_role("button", name="Unggah dan proses").click()
    expect(page).to_have_url(re.compile(r"/pekerjaan/\d+/"))
    assert jobs_run_pending() == 1
    expect(page.locator("#job-result")).to_contain_text("Berhasil", timeout=10_000)
    shot()
    assert Employee.objects.count() == before + 1
    assert Employee.objects.get(nip="199403122020122011").supervisor == world.kadis
