"""A planner opens the evaluation report of a programme in a real Chromium, records a
recommendation, and downloads the report as a PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_needs import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_planner_opens_the_programme_report_and_downloads_the_pdf(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path], tmp_path: Path
) -> None:
    from bina.evaluation.models import Action
    from bina.evaluation.tests.report_data import evaluated_programme

    evaluated_programme(world)
    base = live_server.url
    sign_in(page, base, "perencana")
    page.goto(f"{base}/evaluasi/laporan/?year=2026")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluasi program 2026")
    page.get_by_role("link", name="Pelayanan Prima").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Pelayanan Prima")
    expect(page.locator("#overall")).to_have_text("3,00")
    expect(page.locator("#gain")).to_have_text("0,36")
    expect(page.locator("#poor-flag")).to_be_visible()
    expect(page.locator("#reaction")).to_contain_text("Kepuasan keseluruhan")
    expect(page.locator("#behaviour")).to_contain_text("M.5")
    expect(page.locator("#people-verdict")).not_to_be_empty()
    shot()

    page.get_by_text("Catat rekomendasi").click()
    page.get_by_label("Rekomendasi").fill("Ganti narasumber sesi 2")
    page.get_by_label("Penanggung jawab (nama, bila tanpa akun)").fill("Bidang PKP")
    page.get_by_label("Batas waktu").fill("2027-02-28")
    page.get_by_role("button", name="Simpan tindak lanjut").click()
    expect(page.locator(".action-table")).to_contain_text("Ganti narasumber sesi 2")
    assert Action.objects.get().owner_name == "Bidang PKP"

    with page.expect_download() as info:
        page.locator("#download-pdf").click()
    download = info.value
    assert download.suggested_filename == "evaluasi-PRIMA-2026.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")


def test_the_impact_page_draws_units_against_their_trained_share(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.evaluation.tests.report_data import service_units

    service_units(world, trained_in={0: (2025, 3), 1: (2025, 3), 2: (2026, 1), 3: (2026, 1)},
                  effect=0.4, responses=30)
    sign_in(page, live_server.url, "perencana")
    page.goto(f"{live_server.url}/evaluasi/dampak/")
    expect(page.locator("#verdicts")).to_contain_text("IK 95%")
    expect(page.locator("#verdicts")).to_contain_text("bersandar pada asumsi")
    expect(page.locator("svg circle")).to_have_count(12)  # 6 units × (U6, U7)
    expect(page.locator("#service-units")).to_contain_text("belum ada jawaban survei")
    shot()
