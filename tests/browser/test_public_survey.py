"""The public's voice in a real Chromium: a member of the public rates a service on a phone
(360×740) without an account and files a complaint; the unit's operator answers and closes it;
the member of the public reads the answer with the tracking code."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_needs import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser: Browser, page: Page) -> Page:
    """``page`` sized as a cheap phone (the shared ``page`` fixture's context is 1280×800)."""
    page.set_viewport_size({"width": 360, "height": 740})
    return page


def test_a_member_of_the_public_rates_a_service_on_a_phone(
    phone: Page, live_server: Any, world: Any, shot: Callable[[], Path], settings: Any
) -> None:
    from bina.stakeholders.models import Complaint, SurveyResponse

    settings.BINA_SURVEY_MIN_SECONDS = 1
    page = phone
    page.goto(f"{live_server.url}/survei/{world.upt.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bagaimana pelayanan kami?")
    expect(page.locator("#unit-name")).to_contain_text(world.upt.name)
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot()

    answers = ["Sangat baik", "Baik", "Baik", "Sangat baik", "Baik", "Kurang baik",
               "Baik", "Tidak baik", "Baik"]
    for number, answer in enumerate(answers, start=1):
        group = page.locator(f"#q-U{number}")
        option = group.get_by_text(answer, exact=True)
        box = option.bounding_box()
        assert box is not None and box["height"] >= 44  # a thumb-sized target
        option.click()
    page.get_by_label("Saran dan masukan").fill("Ruang tunggu panas, mohon tambah kipas.")
    page.get_by_text("Ingin menyampaikan pengaduan?").click()
    page.get_by_text("Saya juga ingin menyampaikan pengaduan").click()
    page.get_by_label("Isi pengaduan").fill("Hasil laboratorium saya terlambat tiga hari.")
    page.get_by_label("Telepon/WA").fill("081298765432")
    shot()
    page.wait_for_timeout(1000)  # people take longer than the minimum fill time
    page.get_by_role("button", name="Kirim penilaian").click()

    expect(page).to_have_url(re.compile(r"/terima-kasih/"))
    expect(page.locator("#thanks")).to_contain_text("Penilaian Anda sudah kami terima.")
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{10}", code)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot()

    stored = SurveyResponse.objects.get()
    assert stored.scores == {"U1": 4, "U2": 3, "U3": 3, "U4": 4, "U5": 3, "U6": 2, "U7": 3,
                             "U8": 1, "U9": 3}
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.contact_phone == "081298765432"

    page.get_by_role("link", name="Buka halaman lacak").click()
    expect(page.locator("#complaint-status")).to_contain_text("Belum dijawab")
    expect(page.locator("body")).not_to_contain_text("081298765432")

    page.goto(f"{live_server.url}/survei/hasil/{world.upt.code}/")
    expect(page.locator("#latest-grade")).to_be_visible()
    shot()


def test_a_refused_answer_is_shown_next_to_its_question_on_a_phone(
    phone: Page, live_server: Any, world: Any, shot: Callable[[], Path], settings: Any
) -> None:
    from bina.stakeholders.models import SurveyResponse

    settings.BINA_SURVEY_MIN_SECONDS = 0
    page = phone
    page.goto(f"{live_server.url}/survei/{world.upt.code}/")
    for number in range(1, 10):
        if number != 5:
            page.locator(f"#q-U{number}").get_by_text("Baik", exact=True).click()
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.locator("#q-U5")).to_contain_text("Unsur U5 belum dijawab.")
    expect(page.locator("#q-U1 input[value='3']")).to_be_checked()  # answers kept
    page.locator("#q-U5").scroll_into_view_if_needed()
    shot()
    assert not SurveyResponse.objects.exists()


def test_a_unit_operator_answers_a_complaint(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.stakeholders.models import Complaint, ComplaintStatus
    from bina.stakeholders.services import survey_submit

    submitted = survey_submit(
        unit=world.upt, scores={f"U{i}": 2 for i in range(1, 10)}, file_complaint=True,
        complaint_text="Petugas loket tidak ada pada jam 08.00.", contact_name="Bapak Ramli",
        contact_phone="082190001111", client_address="192.0.2.50")
    assert submitted.complaint is not None
    code = submitted.complaint.tracking_code

    sign_in(page, live_server.url, "operator.kesehatan")
    page.goto(f"{live_server.url}/survei/pengaduan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengaduan, saran dan masukan")
    shot()
    page.get_by_role("link", name=re.compile("Petugas loket tidak ada")).click()
    expect(page.locator("#contact")).to_contain_text("082190001111")
    page.get_by_label("Jawaban untuk masyarakat").fill(
        "Mohon maaf. Mulai pekan ini loket dibuka tepat pukul 07.30 dengan dua petugas.")
    shot()
    page.get_by_role("button", name="Kirim jawaban dan tutup").click()
    expect(page.locator("#complaint-status")).to_have_text("Selesai")
    shot()
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.answered_at is not None

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/survei/lacak/")
    page.get_by_label("Kode lacak").fill(code.lower())
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator("#complaint-answer")).to_contain_text("loket dibuka tepat pukul 07.30")
    expect(page.locator("body")).not_to_contain_text("Bapak Ramli")
    shot()


def test_the_public_reads_a_units_ikm_trend_on_a_phone(
    phone: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    import datetime as dt

    from bina.stakeholders.models import SurveyResponse

    # Six quarters, getting better: 2 → 4 on some elements.
    for i, (year, quarter) in enumerate([(2025, 3), (2025, 4), (2026, 1), (2026, 2),
                                         (2026, 3), (2026, 4)]):
        for j in range(5):
            value = min(4, 2 + (i + j) // 3)
            SurveyResponse.objects.create(
                unit=world.upt, year=year, quarter=quarter,
                submitted_at=dt.datetime(year, quarter * 3, 1, tzinfo=dt.UTC),
                **{f"u{k}": value if k % 2 else 3 for k in range(1, 10)})
    page = phone
    page.goto(f"{live_server.url}/survei/hasil/{world.upt.code}/")
    expect(page.locator("svg.chart circle")).to_have_count(6)
    expect(page.locator("#periods")).to_contain_text("T3 2025")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot()


def test_a_visitor_past_the_limit_sees_a_friendly_page(
    phone: Page, live_server: Any, world: Any, shot: Callable[[], Path], settings: Any
) -> None:
    settings.BINA_SURVEY_MIN_SECONDS = 0
    settings.BINA_SURVEY_RATE = {"address": (1, 60), "unit": (600, 60)}
    page = phone
    for _attempt in range(2):
        page.goto(f"{live_server.url}/survei/{world.upt.code}/")
        for number in range(1, 10):
            page.locator(f"#q-U{number}").get_by_text("Baik", exact=True).click()
        page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.locator("#throttled")).to_contain_text("Terlalu banyak kiriman")
    shot()
    page.goto(f"{live_server.url}/survei/")
    expect(page.get_by_role("link", name=world.upt.name)).to_be_visible()
    shot()


def test_a_planner_imports_paper_surveys_and_reads_the_ikm_per_unit(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path], tmp_path: Path
) -> None:
    from bina.stakeholders.models import SurveyResponse

    header = "unit,date,U1,U2,U3,U4,U5,U6,U7,U8,U9"
    bad = tmp_path / "skm-salah.csv"
    bad.write_text(f"{header}\nDINKES-LAB,2026-08-03,3,3,3,3,3,3,3,3,3\n"
                   "DINKES-LAB,2026-08-04,3,3,3,3,7,3,3,3,3\n", encoding="utf-8")
    good = tmp_path / "skm.csv"
    good.write_text(header + "\n" + "\n".join(
        f"DINKES-LAB,2026-08-{day:02d},4,3,3,4,3,3,4,3,3" for day in range(3, 13)) + "\n",
        encoding="utf-8")

    sign_in(page, live_server.url, "perencana")
    page.goto(f"{live_server.url}/survei/ikm/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Indeks Kepuasan Masyarakat per unit layanan")
    page.get_by_role("link", name=re.compile("Impor survei kertas")).click()
    page.get_by_label("Berkas jawaban").set_input_files(str(bad))
    page.get_by_role("button", name=re.compile("Unggah")).click()
    expect(page.locator("#import-errors")).to_contain_text("baris 3: nilai U5 harus")
    shot()
    assert not SurveyResponse.objects.exists()

    page.get_by_label("Berkas jawaban").set_input_files(str(good))
    page.get_by_role("button", name=re.compile("Unggah")).click()
    expect(page).to_have_url(re.compile(r"/survei/ikm/$"))
    page.get_by_label("Periode").select_option("2026-T3")
    page.get_by_role("button", name="Tampilkan").click()
    row = page.locator("#ikm-units tr", has_text=world.upt.name)
    expect(row).to_contain_text("10")
    expect(row).to_contain_text("83,33")  # (4+3+3+4+3+3+4+3+3)/9 × 25
    shot()
    page.get_by_role("link", name=world.upt.name).first.click()
    expect(page.locator("#trend svg.chart")).to_be_visible()
    shot()
    assert SurveyResponse.objects.filter(channel="impor").count() == 10
