"""Reaction in a real Chromium: a participant opens "Evaluasi saya", gives feedback on a class
that is over (the form says organisers will not see their name), and the organiser sees the
answer in the class's results, without the name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_needs import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_participant_gives_feedback_and_the_organiser_sees_it(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.delivery.attendance import activity_complete
    from bina.evaluation.models import Feedback
    from bina.evaluation.tests.test_reaction_services import held_class, speaker

    activity = held_class(world, people=(world.staff, world.lab))
    speaker(world, activity)
    activity_complete(activity=activity, user=world.planner)
    base = live_server.url

    sign_in(page, base, world.staff.nip)
    page.goto(f"{base}/evaluasi/saya/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluasi saya")
    row = page.locator("#todo tbody tr[data-kind='feedback']")
    expect(row).to_contain_text(activity.name)
    shot()
    row.get_by_role("link", name="Isi umpan balik").click()
    expect(page.locator("#anonymous-note")).to_contain_text("tanpa nama Anda")
    for item, answer in (("Relevansi materi dengan pekerjaan", "5 · Sangat baik"),
                         ("Narasumber/fasilitator", "4 · Baik"),
                         ("Penyelenggaraan", "4 · Baik"),
                         ("Bahan dan sarana", "3 · Cukup"),
                         ("Kepuasan keseluruhan", "4 · Baik"),
                         ("Dr. Hamid Ali", "5 · Sangat baik")):
        page.get_by_role("radiogroup", name=item).get_by_label(answer).check()
    page.get_by_label("Apa yang akan Anda terapkan di tempat kerja?").fill(
        "Menyusun SOP penerimaan sampel")
    page.get_by_label("Saran untuk penyelenggara").fill("Tambah waktu praktik lapangan")
    shot()
    page.get_by_role("button", name="Kirim umpan balik").click()
    expect(page.locator(".messages")).to_contain_text("umpan balik Anda")
    expect(page.locator("#done tbody tr[data-kind='feedback']")).to_contain_text(activity.name)
    expect(page.locator("#todo")).to_contain_text("Tidak ada umpan balik atau tes")
    assert Feedback.objects.get().overall == 4

    sign_in(page, base, "perencana")
    page.goto(f"{base}/evaluasi/kegiatan/{activity.pk}/")
    expect(page.locator("#responses")).to_have_text("1")
    expect(page.locator("#response-rate")).to_have_text("50%")
    expect(page.locator("#comments")).to_contain_text("Tambah waktu praktik lapangan")
    expect(page.locator("#will-apply")).to_contain_text("Menyusun SOP penerimaan sampel")
    expect(page.locator("#speakers")).to_contain_text("Dr. Hamid Ali")
    expect(page.locator("body")).not_to_contain_text("Yusran Pakaya")
    shot()


def test_a_planner_enters_scores_and_reads_the_class_gains(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.evaluation.tests.test_reaction_services import held_class, speaker, submit

    activity = held_class(world, people=(world.staff, world.lab, world.kabid))
    speaker(world, activity)
    submit(world, activity, world.staff, world.staff_user, overall=5, speaker=5)
    base = live_server.url
    sign_in(page, base, "perencana")
    page.goto(f"{base}/evaluasi/kegiatan/{activity.pk}/")
    page.get_by_role("link", name="Nilai pre/post-test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nilai pre-test dan post-test")
    for name, pre, post in (("Yusran Pakaya", "20", "60"), ("Nurhayati Daud", "80", "90"),
                            ("Sri Katili", "100", "100")):
        page.get_by_label(f"Pre-test {name}").fill(pre)
        page.get_by_label(f"Post-test {name}").fill(post)
    shot()
    page.get_by_role("button", name="Simpan nilai").click()
    expect(page.locator(".messages")).to_contain_text("3 nilai peserta disimpan")
    page.get_by_role("link", name="Hasil evaluasi").click()
    expect(page.locator("#class-gain")).to_have_text("0,50")
    expect(page.locator("#mean-individual-gain")).to_have_text("0,50")
    expect(page.locator(f"#gains tr[data-nip='{world.kabid.nip}'] .gain")).to_have_text("—")
    expect(page.locator("#undefined-note")).to_contain_text("tidak terdefinisi")
    expect(page.locator("#gain-explained")).to_be_visible()
    page.locator("#learning-head").scroll_into_view_if_needed()
    shot()
    page.goto(f"{base}/evaluasi/umpan-balik/?per=speaker&tahun={activity.start_date.year}")
    expect(page.locator("#summary")).to_contain_text("Dr. Hamid Ali")
    shot()
