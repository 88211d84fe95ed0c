"""The annual plan in a real Chromium: the planner types the budget the way planners write it,
sees it in words, builds the plan (the test plays the background worker), locks an
assignment, moves the budget with a rebuild, and approves the new version."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Dialog, Page, expect

from tests.browser.test_needs import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def plan_world(world: Any) -> None:
    """A closed needs round (staff: gap 2 in M.5, kabid: gap 1) and a small catalogue."""
    from bina.needs.services import round_close
    from bina.needs.tests.test_reports import answered_round
    from bina.plan.tests.test_plan_views import make_programme

    needs_round = answered_round(world)
    round_close(needs_round=needs_round, actor=world.planner)
    make_programme(world, "YAN", jp=16, cost=1_000_000, seats=10, gains={"M.5": 2},
                   name="Pelatihan Pelayanan Publik", months=[3, 4])
    make_programme(world, "EL", jp=6, cost=100_000, seats=100, gains={"M.5": 1},
                   path="NKL03", name="E-learning Pelayanan")


def run_job_and_open_plan(page: Page) -> None:
    from bina.jobs.services import jobs_run_pending

    expect(page).to_have_url(re.compile(r"/rencana/proses/\d+/"))
    assert jobs_run_pending() == 1  # the test plays the background worker
    link = page.locator("#open-plan")
    expect(link).to_be_visible(timeout=15_000)
    link.click()
    expect(page).to_have_url(re.compile(r"/rencana/\d+/$"))


def test_the_planner_builds_moves_locks_and_approves_a_plan(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.plan.models import Plan, PlanAssignment

    plan_world(world)
    base = live_server.url
    sign_in(page, base, "perencana")
    page.locator("nav.nav").get_by_role("link", name="Rencana pengembangan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rencana pengembangan kompetensi")
    page.get_by_role("link", name="Susun rencana").first.click()

    # The budget as typed, understood live: an ambiguous amount is refused with an example.
    budget = page.get_by_label("Anggaran")
    words = page.locator("#id_budget-words")
    budget.fill("5,500")
    expect(words).to_contain_text("Contoh penulisan yang benar")
    budget.fill("5,5 M")
    expect(words).to_contain_text("Rp 5.500.000.000")
    expect(words).to_contain_text("lima miliar lima ratus juta rupiah")
    page.get_by_label("Nama rencana (opsional)").fill("Rencana Induk 2027")
    shot()
    page.get_by_role("button", name="Susun rencana").click()
    run_job_and_open_plan(page)
    first = Plan.objects.get(name="Rencana Induk 2027", version=1)
    expect(page.locator("#plan-status")).to_have_text("Draf")
    expect(page.locator("#headline")).to_contain_text("Rp 5.500.000.000")
    expect(page.locator("#weights")).to_contain_text("Prioritas kebutuhan instansi")
    shot()

    # Lock the staff member's programme from the individual plan.
    page.get_by_label("NIP atau nama").fill("Yusran")
    page.get_by_role("button", name="Cari").click()
    page.locator("#found").get_by_role("link", name="Yusran Pakaya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yusran Pakaya")
    row = page.locator("#assignments tbody tr").first
    expect(row).to_contain_text("kesenjangan 2 level")
    code = row.get_attribute("data-programme")
    row.get_by_role("button", name=re.compile("Kunci")).click()
    expect(page.locator(".messages")).to_contain_text("dikunci")
    locked = PlanAssignment.objects.get(plan=first, programme__code=code,
                                        person__employee=world.staff)
    assert locked.is_locked
    shot()

    # Move the budget: a rebuild with another amount makes version 2 around the lock.
    page.get_by_role("link", name="Rencana Induk 2027 v1").click()
    rebuild = page.locator("#rebuild")
    rebuild.get_by_label("Anggaran baru (opsional)").fill("1,5 juta")
    expect(page.locator("#id_budget-words")).to_contain_text("satu juta lima ratus ribu")
    rebuild.get_by_role("button", name="Susun ulang").click()
    run_job_and_open_plan(page)
    second = Plan.objects.get(name="Rencana Induk 2027", version=2)
    assert second.parent == first and second.budget == 1_500_000
    assert PlanAssignment.objects.filter(plan=second, programme__code=code,
                                         person__employee=world.staff).exists()
    expect(page.get_by_role("heading", level=1)).to_contain_text("v2")
    expect(page.locator("#headline")).to_contain_text("Rp 1.500.000")
    shot()

    # Approve: the plan is frozen, who and when are shown, the edit buttons are gone.
    def accept(dialog: Dialog) -> None:
        dialog.accept()

    page.once("dialog", accept)
    page.locator("#approve").click()
    expect(page.locator("#plan-status")).to_have_text("Disetujui")
    expect(page.locator("#approved")).to_contain_text("perencana")
    expect(page.locator("#approve")).to_have_count(0)
    expect(page.locator("#rebuild")).to_have_count(0)
    shot()
    page.get_by_role("link", name=re.compile("Bandingkan")).click()
    expect(page.locator("#headline-compare")).to_contain_text("Rp 1.500.000")
    shot()


def test_the_planner_gives_a_unit_its_own_budget_line(
    page: Page, live_server: Any, world: Any, shot: Callable[[], Path]
) -> None:
    from bina.plan.models import PlanBudgetLine

    plan_world(world)
    base = live_server.url
    sign_in(page, base, "perencana")
    page.goto(f"{base}/rencana/susun/")
    lines = page.locator("#budget-lines")
    expect(lines).not_to_have_attribute("open", "")
    page.get_by_label("Anggaran").fill("50 juta")
    expect(page.locator("#id_budget-words")).to_contain_text("lima puluh juta rupiah")
    lines.locator("summary").click()
    dinkes = lines.get_by_label("Dinas Kesehatan")
    dinkes.fill("60 juta")
    expect(page.locator(f"#id_pagu_{world.dinkes.pk}-words")).to_contain_text(
        "enam puluh juta rupiah")
    page.get_by_role("button", name="Susun rencana").click()
    # refused beside the unit, the section kept open
    expect(page.locator("#budget-lines")).to_contain_text(
        "Pagu Dinas Kesehatan (Rp 60.000.000) melebihi anggaran Rp 50.000.000.")
    expect(page.locator("#budget-lines")).to_have_attribute("open", "")
    page.locator("#budget-lines").get_by_label("Dinas Kesehatan").fill("2 juta")
    expect(page.locator(f"#id_pagu_{world.dinkes.pk}-words")).to_contain_text(
        "dua juta rupiah")
    expect(page.locator("#id_budget-words")).to_contain_text("lima puluh juta rupiah")
    shot()
    page.get_by_role("button", name="Susun rencana").click()
    expect(page).to_have_url(re.compile(r"/rencana/proses/\d+/"))
    expect(page.locator("main")).to_contain_text("Rp 2.000.000")
    run_job_and_open_plan(page)
    assert list(PlanBudgetLine.objects.values_list("unit_id", "amount")) == [
        (world.dinkes.pk, 2_000_000)]
    expect(page.locator("#units")).to_contain_text("Rp 2.000.000")
