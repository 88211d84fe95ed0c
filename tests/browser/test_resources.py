"""The resource-person registry in a real Chromium: the planner adds a resource person with
their expertise, sees the registry, asks for suggestions for a programme and invites the best
one to a class, then looks at the cost report and the letter settings."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_needs import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def registry_world(world: Any) -> Any:
    from bina.delivery.resources import expertise_set, resource_person_upsert
    from bina.delivery.tests.factories import make_activity, make_programme
    from bina.plan.models import ProgrammeGain
    from bina.reference.models import Competency

    def comp(code: str) -> Competency:
        return Competency.objects.get(code=code, agency__isnull=True)

    programme = make_programme(world, "YAN", name="Pelatihan Pelayanan Publik")
    ProgrammeGain.objects.create(programme=programme, competency=comp("M.5"), levels=2)
    ProgrammeGain.objects.create(programme=programme, competency=comp("M.1"), levels=1)
    people = [
        ("Dr. Hasan Mooduto, M.Si", "Universitas Negeri Gorontalo", "Lektor Kepala",
         {"M.5": 5, "M.1": 4}, "88.20", "narasumber"),
        ("Sri Wahyuni Katili, S.Sos", "DPMPTSP Kota Gorontalo", "Kepala Bidang Pelayanan",
         {"M.5": 5}, "91.45", "praktisi"),
        ("Drs. Rahman Baruadi", "BPSDM Provinsi Gorontalo", "Widyaiswara Ahli Madya",
         {"M.5": 3, "M.1": 3, "M.3": 4}, None, "widyaiswara"),
        ("Fitriani Hulopi, S.Kep", "RSUD Prof. Dr. H. Aloei Saboe", "Perawat Ahli Madya",
         {"M.3": 4}, "84.10", "mentor"),
    ]
    for name, home, title, levels, ikm, kind in people:
        p = resource_person_upsert(agency=world.agency, user=world.planner, name=name,
                                   home_agency=home, position_title=title, evidence_ikm=ikm,
                                   kind=kind,
                                   email=name.split()[1].strip(",.").lower() + "@example.org",
                                   evidence="Inovasi layanan publik tingkat provinsi")
        expertise_set(person=p, levels={comp(c).pk: lvl for c, lvl in levels.items()},
                      user=world.planner)
    return make_activity(world, "YAN-2026-01", people=(world.staff, world.kabid),
                         name="Pelatihan Pelayanan Publik Angkatan 1")


def test_the_planner_keeps_the_registry_and_invites_a_suggested_speaker(
        page: Page, live_server: Any, world: Any, shot: Callable[[], Path]) -> None:
    from bina.delivery.models import ActivitySpeaker
    from bina.plan.models import Programme

    activity = registry_world(world)
    base = live_server.url
    sign_in(page, base, "perencana")
    page.goto(f"{base}/narasumber/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar narasumber")
    expect(page.locator("#people tbody tr")).to_have_count(4)
    expect(page.locator("#people")).to_contain_text("hasan@example.org")  # planner: contact
    shot()

    page.get_by_role("link", name="Tambah narasumber").click()
    page.get_by_label("Nama lengkap dan gelar").fill("Yusuf Daud, S.H.")
    page.get_by_label("Nama instansi asal").fill("Ombudsman RI Perwakilan Gorontalo")
    page.get_by_label("IKM unit asal").fill("79,5")
    page.locator("#id_competency_0").select_option(label="M.1 Integritas")
    page.locator("#id_level_0").select_option("4")
    shot()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yusuf Daud, S.H.")
    expect(page.locator("body")).to_contain_text("79,5")

    programme = Programme.objects.get(code="YAN")
    page.goto(f"{base}/narasumber/saran/?program={programme.pk}")
    rows = page.locator("#suggestions tbody tr")
    expect(rows.first).to_contain_text("Dr. Hasan Mooduto")
    expect(rows.first).to_contain_text("93%")
    shot()

    page.goto(f"{base}/narasumber/kegiatan/{activity.pk}/")
    page.get_by_role("link", name="Pilih").first.click()
    page.get_by_label("Materi").fill("Standar Pelayanan Publik")
    page.get_by_role("button", name="Tambahkan").click()
    expect(page.locator("#speakers")).to_contain_text("Dr. Hasan Mooduto")
    assert ActivitySpeaker.objects.get().topic == "Standar Pelayanan Publik"
    shot()

    page.goto(f"{base}/narasumber/pengaturan/")
    page.get_by_label("Kop surat").fill("PEMERINTAH PROVINSI GORONTALO\nBADAN KEPEGAWAIAN "
                                        "DAERAH\nJl. Sapta Marga, Botu, Kota Gorontalo")
    page.get_by_label("Kota penandatanganan").fill("Gorontalo")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".kop-preview")).to_contain_text("BADAN KEPEGAWAIAN DAERAH")
    shot()


def test_an_operator_reads_the_registry_without_contact_data(
        page: Page, live_server: Any, world: Any, shot: Callable[[], Path]) -> None:
    registry_world(world)
    sign_in(page, live_server.url, "operator.kesehatan")
    page.goto(f"{live_server.url}/narasumber/")
    expect(page.locator("#people tbody tr")).to_have_count(4)
    expect(page.locator("#people")).not_to_contain_text("@example.org")
    expect(page.get_by_role("link", name="Tambah narasumber")).to_have_count(0)
    shot()
    response = page.goto(f"{live_server.url}/narasumber/pengaturan/")
    assert response is not None and response.status == 403


def test_the_cost_report_page(page: Page, live_server: Any, world: Any,
                              shot: Callable[[], Path]) -> None:
    from bina.delivery.tests.test_documents import costed_plan

    plan = costed_plan(world)
    sign_in(page, live_server.url, "perencana")
    page.goto(f"{live_server.url}/narasumber/biaya/?rencana={plan.pk}")
    expect(page.locator("#realised-total")).to_have_text("Rp 4.500.000")
    expect(page.locator("#lines")).to_contain_text("Dinas Kesehatan")
    expect(page).to_have_title(re.compile("Realisasi biaya"))
    shot()
