"""The plan pages: list, build form (budget as typed, confirmation, job), the plan page, the
individual plan with lock/remove, rebuild, approve, compare, downloads, and who may see what.

Plans are made with the ORM (:func:`make_plan`) so that the pages are tested apart from the
optimiser; one end-to-end test builds a plan through the job and ``plan_build``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.jobs.models import Job
from bina.jobs.services import jobs_run_pending
from bina.needs.models import NeedsRound, RoundStatus
from bina.plan.models import (
    Exemption,
    Plan,
    PlanAssignment,
    PlanBudgetLine,
    PlanEmployee,
    PlanExclusion,
    PlanStatus,
    Programme,
    ProgrammeGain,
    Shortfall,
)
from bina.plan.services import plan_approve
from bina.reference.models import Competency, DevelopmentPath
from bina.testing import World


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def make_programme(world: World, code: str, *, jp: int, cost: int, seats: int = 30,
                   gains: dict[str, int] | None = None, **extra: Any) -> Programme:
    p = Programme.objects.create(
        agency=world.agency, code=code, name=extra.pop("name", f"Program {code}"),
        path=DevelopmentPath.objects.get(code=extra.pop("path", "KL03")), jp=Decimal(jp),
        cost_per_participant=cost, seats_per_class=seats, **extra)
    for c, levels in (gains or {}).items():
        ProgrammeGain.objects.create(programme=p, competency=Competency.objects.get(code=c),
                                     levels=levels)
    return p


def closed_round(world: World, code: str = "akpk-2027") -> NeedsRound:
    return NeedsRound.objects.create(
        agency=world.agency, code=code, name="AKPK 2027", year=2027,
        status=RoundStatus.CLOSED, closed_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        result={"competencies": [{"code": "M.5", "name": "Pelayanan Publik", "rank": 1},
                                 {"code": "M.1", "name": "Integritas", "rank": 2}]})


def make_plan(world: World, *, version: int = 1, parent: Plan | None = None,
              budget: int = 50_000_000, name: str = "Rencana 2027",
              needs_round: NeedsRound | None = None) -> Plan:
    """A small plan as plan_build would save it: staff takes YAN (locked) and EL, kabid the
    mandatory PKA, the auditor nothing (budget), the lab assistant (PPPK) is exempt."""
    needs_round = needs_round or (NeedsRound.objects.filter(agency=world.agency).first()
                                  or closed_round(world))
    programmes = {p.code: p for p in Programme.objects.filter(agency=world.agency)}
    if not programmes:
        programmes = {
            "YAN": make_programme(world, "YAN", jp=16, cost=1_000_000, gains={"M.5": 2},
                                  name="Pelatihan Pelayanan Publik", months=[3, 4],
                                  provider_name="BPSDM Provinsi"),
            "EL": make_programme(world, "EL", jp=6, cost=100_000, gains={"M.5": 1},
                                 path="NKL03", name="E-learning Pelayanan"),
            "PKA": make_programme(world, "PKA", jp=300, cost=30_000_000, gains={"M.8": 1},
                                  path="KL01", name="Pelatihan Kepemimpinan Administrator",
                                  is_mandatory=True, mandatory_for="administrator",
                                  mandatory_note="PermenLAN 2019"),
        }
    plan = Plan.objects.create(
        agency=world.agency, year=2027, name=name, version=version, parent=parent,
        needs_round=needs_round, budget=budget, value=9.5, bound=10.0, cost=31_100_000,
        mandatory_cost=30_000_000, seconds=1.2, method="cp-sat", counted=3, reaching=2,
        created_by=world.planner,
        curve=[{"fraction": f, "budget": int(budget * f), "value": 9.5 * min(f, 1.2),
                "bound": 10.0, "cost": int(31_100_000 * min(f, 1)), "reaching": 2 if f >= 1
                else 1, "counted": 3, "feasible": f >= 0.75}
               for f in (0.5, 0.75, 1.0, 1.25, 1.5)])
    PlanBudgetLine.objects.create(plan=plan, unit=world.dinkes, amount=40_000_000)
    staff = PlanEmployee.objects.create(
        plan=plan, employee=world.staff, unit=world.dinkes, employment_type="PNS", min_jp=20,
        max_jp=60, jp_planned=22, cost=1_100_000, value=6.0, gaps={"M.5": 2, "M.1": 1},
        weights={"M.5": 3.0, "M.1": 2.0})
    kabid = PlanEmployee.objects.create(
        plan=plan, employee=world.kabid, unit=world.dinkes, employment_type="PNS", min_jp=20,
        max_jp=60, jp_planned=300, cost=30_000_000, value=3.5, gaps={"M.8": 1},
        weights={"M.8": 1.25})
    PlanEmployee.objects.create(
        plan=plan, employee=world.auditor, unit=world.inspektorat, employment_type="PNS",
        min_jp=20, max_jp=60, jp_planned=0, cost=0, value=-5.0, gaps={"M.5": 1},
        weights={"M.5": 3.0}, shortfall=Shortfall.BUDGET)
    PlanEmployee.objects.create(
        plan=plan, employee=world.lab, unit=world.dinkes, employment_type="PPPK", min_jp=0,
        max_jp=24, exemption=Exemption.PPPK)
    PlanAssignment.objects.create(
        plan=plan, person=staff, programme=programmes["YAN"], cost=1_000_000, jp=16,
        is_locked=True, reasons=[{"competency": "M.5", "gap": 2, "gain": 2, "weight": 3.0}])
    PlanAssignment.objects.create(
        plan=plan, person=staff, programme=programmes["EL"], cost=100_000, jp=6,
        reasons=[{"competency": "M.5", "gap": 2, "gain": 1, "weight": 3.0}])
    PlanAssignment.objects.create(
        plan=plan, person=kabid, programme=programmes["PKA"], cost=30_000_000, jp=300,
        is_mandatory=True, deadline=dt.date(2027, 6, 30),
        reasons=[{"competency": "M.8", "gap": 1, "gain": 1, "weight": 1.25}])
    return plan


@pytest.fixture
def plan(world: World) -> Plan:
    return make_plan(world)


def staff_assignment(plan: Plan, code: str) -> PlanAssignment:
    return PlanAssignment.objects.get(plan=plan, programme__code=code,
                                      person__employee__name="Yusran Pakaya")


# --------------------------------------------------------------------------------------------
# Pages and access


def test_the_planner_sees_the_list_and_the_plan_page(world: World, plan: Plan) -> None:
    c = client_for(world.planner)
    page = c.get(reverse("plan:list")).content.decode()
    assert "Rencana 2027" in page and "v1" in page and "Draf" in page
    assert reverse("plan:new") in page
    page = c.get(reverse("plan:detail", args=[plan.pk])).content.decode()
    assert "Rp 50.000.000" in page  # budget
    assert "lima puluh juta rupiah" in page  # and in words
    assert "Rp 31.100.000" in page and "Rp 30.000.000" in page  # cost, mandatory cost
    assert "2 / 3" in page  # PNS reaching 20 JP
    assert "5,0%" in page  # the gap to the proven bound
    assert "Prioritas kebutuhan instansi" in page  # the weights in plain words
    assert "Anggaran tidak cukup" in page and "PPPK" in page  # shortfall, exemptions
    assert '<svg class="curve"' in page and "anggaran rencana" in page
    assert "Dinas Kesehatan" in page and "Inspektorat" in page  # per unit
    assert "Pelatihan Pelayanan Publik" in page and "KL01" in page  # per programme
    assert 'id="approve"' in page and 'id="rebuild"' in page


def test_the_plan_page_runs_a_bounded_number_of_queries(
        world: World, plan: Plan, django_assert_max_num_queries: Any) -> None:
    for i in range(30):  # more people must not mean more queries
        PlanEmployee.objects.create(plan=plan, employee=world.staff.__class__.objects.create(
            agency=world.agency, nip=f"19900101201503{i:04d}"[:18], name=f"Pegawai {i}",
            employment_type="PNS", sex="L", birth_date=dt.date(1990, 1, 1),
            grade=world.staff.grade, education=world.staff.education, unit=world.bidang,
            position=world.staff.position), unit=world.dinkes, employment_type="PNS",
            min_jp=20, max_jp=60)
    c = client_for(world.planner)
    with django_assert_max_num_queries(25):
        response = c.get(reverse("plan:detail", args=[plan.pk]) + "?q=Pegawai")
    assert response.status_code == 200
    assert "Pegawai 29" in response.content.decode()


def test_leadership_reads_but_cannot_change(world: World, plan: Plan) -> None:
    c = client_for(world.leader)
    page = c.get(reverse("plan:detail", args=[plan.pk])).content.decode()
    assert "Rp 50.000.000" in page
    assert 'id="approve"' not in page and 'id="rebuild"' not in page
    assert 'id="people"' not in page  # no search of named employees
    assert reverse("plan:new") not in c.get(reverse("plan:list")).content.decode()
    assert c.get(reverse("plan:new")).status_code == 403
    assert c.get(reverse("plan:compare", args=[plan.pk])).status_code == 200
    a = staff_assignment(plan, "EL")
    for name, args in (("approve", [plan.pk]), ("rebuild", [plan.pk]),
                       ("lock", [plan.pk, a.pk]), ("remove", [plan.pk, a.pk])):
        assert c.post(reverse(f"plan:{name}", args=args)).status_code == 403
    assert c.get(reverse("plan:person", args=[plan.pk, world.staff.pk])).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@pytest.mark.parametrize("who", ["operator", "staff_user", "kabid_user"])
def test_others_are_refused(world: World, plan: Plan, who: str) -> None:
    c = client_for(getattr(world, who))
    for url in (reverse("plan:list"), reverse("plan:new"), reverse("plan:detail", args=[plan.pk]),
                reverse("plan:compare", args=[plan.pk]),
                reverse("plan:download", args=[plan.pk, "xlsx"]),
                reverse("plan:budget") + "?teks=5+M"):
        assert c.get(url).status_code == 403, url


def test_an_employee_opens_only_their_own_plan(world: World, plan: Plan) -> None:
    c = client_for(world.staff_user)
    own = c.get(reverse("plan:person", args=[plan.pk, world.staff.pk]))
    assert own.status_code == 200
    page = own.content.decode()
    assert "Pelatihan Pelayanan Publik" in page and "masih draf" in page
    assert "Kunci" not in page and "Hapus" not in page
    pdf = c.get(reverse("plan:person_pdf", args=[plan.pk, world.staff.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = reverse("plan:person", args=[plan.pk, world.kabid.pk])
    assert c.get(other).status_code == 403
    assert c.get(reverse("plan:person_pdf", args=[plan.pk, world.kabid.pk])).status_code == 403
    # another agency's planner cannot see this plan at all
    from bina.accounts.models import Role, User
    outsider = User.objects.create_user(username="luar", password="x", role=Role.PLANNER,
                                        agency=world.other_agency)
    assert client_for(outsider).get(reverse("plan:detail", args=[plan.pk])).status_code == 404


def test_the_individual_plan_explains_each_programme(world: World, plan: Plan) -> None:
    c = client_for(world.planner)
    search = c.get(reverse("plan:detail", args=[plan.pk]) + f"?q={world.staff.nip[:8]}")
    assert reverse("plan:person", args=[plan.pk, world.staff.pk]) in search.content.decode()
    page = c.get(reverse("plan:person", args=[plan.pk, world.staff.pk])).content.decode()
    assert "kesenjangan 2 level, naik 2, bobot 3,00" in page
    assert "prioritas #1" in page and "Pelayanan Publik" in page
    assert "Mar, Apr" in page  # schedule
    assert "Lepas kunci" in page and "Hapus" in page
    kabid = c.get(reverse("plan:person", args=[plan.pk, world.kabid.pk])).content.decode()
    assert "wajib" in kabid and "30-06-2027" in kabid and "tetap (wajib)" in kabid


# --------------------------------------------------------------------------------------------
# Lock, remove, approve


def test_lock_unlock_and_remove(world: World, plan: Plan) -> None:
    c = client_for(world.planner)
    el = staff_assignment(plan, "EL")
    r = c.post(reverse("plan:lock", args=[plan.pk, el.pk]), {"locked": "1"}, follow=True)
    assert "dikunci" in r.content.decode()
    el.refresh_from_db()
    assert el.is_locked
    c.post(reverse("plan:lock", args=[plan.pk, el.pk]), {"locked": "0"})
    el.refresh_from_db()
    assert not el.is_locked
    r = c.post(reverse("plan:remove", args=[plan.pk, el.pk]), follow=True)
    assert "dihapus dari rencana" in r.content.decode()
    assert not PlanAssignment.objects.filter(pk=el.pk).exists()
    assert PlanExclusion.objects.filter(plan=plan, employee=world.staff).exists()
    plan.refresh_from_db()
    assert plan.cost == 31_000_000
    # a mandatory programme can be neither locked nor removed: the service's reason is shown
    pka = PlanAssignment.objects.get(plan=plan, programme__code="PKA")
    r = c.post(reverse("plan:remove", args=[plan.pk, pka.pk]), follow=True)
    assert "Program wajib tidak dapat dihapus" in r.content.decode()
    assert PlanAssignment.objects.filter(pk=pka.pk).exists()
    # GET is not allowed, POST without the CSRF token is refused
    assert c.get(reverse("plan:lock", args=[plan.pk, pka.pk])).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.planner)
    assert strict.post(reverse("plan:approve", args=[plan.pk])).status_code == 403


def test_approve_freezes_the_plan(world: World, plan: Plan) -> None:
    c = client_for(world.planner)
    r = c.post(reverse("plan:approve", args=[plan.pk]), follow=True)
    page = r.content.decode()
    assert "Rencana disetujui" in page and 'id="approved"' in page
    assert 'id="approve"' not in page and 'id="rebuild"' not in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == world.planner
    person = c.get(reverse("plan:person", args=[plan.pk, world.staff.pk])).content.decode()
    assert "Lepas kunci" not in person and "Hapus" not in person
    el = staff_assignment(plan, "EL")
    r = c.post(reverse("plan:remove", args=[plan.pk, el.pk]), follow=True)
    assert "sudah disetujui" in r.content.decode()
    r = c.post(reverse("plan:approve", args=[plan.pk]), follow=True)
    assert "sudah disetujui" in r.content.decode()
    r = c.post(reverse("plan:rebuild", args=[plan.pk]), follow=True)
    assert "tidak dapat disusun ulang" in r.content.decode()
    assert not Job.objects.exists()


def test_compare_two_versions(world: World, plan: Plan) -> None:
    v2 = make_plan(world, version=2, parent=plan, budget=60_000_000)
    PlanAssignment.objects.filter(plan=v2, programme__code="EL").delete()
    c = client_for(world.planner)
    page = c.get(reverse("plan:compare", args=[v2.pk])).content.decode()  # parent by default
    assert "Rencana 2027 v1 → Rencana 2027 v2" in page
    assert "+Rp 10.000.000" in page
    assert 'id="dropped">1<' in page


# --------------------------------------------------------------------------------------------
# The build form, the budget endpoint and the jobs


def test_the_budget_endpoint_reads_amounts_as_planners_write_them(world: World) -> None:
    c = client_for(world.planner)
    url = reverse("plan:budget")
    for text, amount in (("Rp 5.500.000.000", 5_500_000_000), ("5,5 M", 5_500_000_000),
                         ("5,5 miliar", 5_500_000_000), ("5500 juta", 5_500_000_000)):
        d = c.get(url, {"teks": text}).json()
        assert d["ok"] and d["amount"] == amount, text
        assert d["formatted"] == "Rp 5.500.000.000"
        assert d["words"].startswith("lima miliar lima ratus juta")
    bad = c.get(url, {"teks": "5,500"}).json()
    assert not bad["ok"] and "Contoh" in bad["error"]
    assert c.get(url, {"teks": ""}).json() == {"ok": False, "error": ""}


def test_the_build_form_confirms_the_amount_then_queues_the_job(world: World) -> None:
    needs_round = closed_round(world)
    make_programme(world, "YAN", jp=16, cost=1_000_000, gains={"M.5": 2})
    c = client_for(world.planner)
    page = c.get(reverse("plan:new")).content.decode()
    assert "AKPK 2027" in page and "5,5 M" in page
    data = {"needs_round": needs_round.pk, "budget": "5,5 M", "name": "Rencana Induk"}
    # ambiguous: refused with an example, nothing queued
    r = c.post(reverse("plan:new"), data | {"budget": "5,500"})
    assert r.status_code == 200 and "Contoh penulisan yang benar" in r.content.decode()
    # first POST (no JavaScript): the confirmation step shows the amount in words
    r = c.post(reverse("plan:new"), data)
    page = r.content.decode()
    assert 'id="confirm"' in page and "Rp 5.500.000.000" in page
    assert "lima miliar lima ratus juta rupiah" in page
    assert not Job.objects.exists()
    # confirmed: queued, and the progress page shows the budget in words
    r = c.post(reverse("plan:new"), data | {"confirmed_amount": "5500000000"})
    job = Job.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("plan:job", args=[job.pk])
    assert job.kind == "plan.build" and job.params["budget"] == 5_500_000_000
    assert job.params["round_id"] == needs_round.pk and job.params["name"] == "Rencana Induk"
    page = c.get(r["Location"]).content.decode()
    assert "lima miliar lima ratus juta rupiah" in page
    assert reverse("jobs:status", args=[job.pk]) in page
    # a confirmation for another amount is asked again
    r = c.post(reverse("plan:new"), data | {"budget": "6 M", "confirmed_amount": "5500000000"})
    assert 'id="confirm"' in r.content.decode() and Job.objects.count() == 1


def test_the_build_form_refuses_unit_budget_lines_that_do_not_fit(world: World) -> None:
    needs_round = closed_round(world)
    make_programme(world, "YAN", jp=16, cost=1_000_000, gains={"M.5": 2})
    c = client_for(world.planner)
    page = c.get(reverse("plan:new")).content.decode()
    assert "Pagu per unit (opsional)" in page
    dinkes, insp = f"pagu_{world.dinkes.pk}", f"pagu_{world.inspektorat.pk}"
    assert f'name="{dinkes}"' in page and f'name="{insp}"' in page
    assert f'name="pagu_{world.bidang.pk}"' not in page  # only the OPDs
    data = {"needs_round": needs_round.pk, "budget": "50 juta",
            "confirmed_amount": "50000000"}
    # one line above the total: refused beside the unit, with its name and both amounts
    r = c.post(reverse("plan:new"), data | {dinkes: "60 juta"})
    page = r.content.decode()
    assert r.status_code == 200
    assert ("Pagu Dinas Kesehatan (Rp 60.000.000) melebihi anggaran Rp 50.000.000."
            in page)
    # lines that each fit but together do not: refused, naming the units
    r = c.post(reverse("plan:new"), data | {dinkes: "30 juta", insp: "25 juta"})
    page = r.content.decode()
    assert "Jumlah pagu per unit Rp 55.000.000" in page
    assert "Dinas Kesehatan Rp 30.000.000" in page and "Inspektorat Rp 25.000.000" in page
    # a zero line, and one that cannot be read
    r = c.post(reverse("plan:new"), data | {dinkes: "0"})
    assert "Pagu Dinas Kesehatan harus lebih dari Rp 0" in r.content.decode()
    r = c.post(reverse("plan:new"), data | {dinkes: "5,500"})
    assert "Contoh penulisan yang benar" in r.content.decode()
    assert not Job.objects.exists()
    # without JavaScript the confirmation step shows the lines and carries them
    r = c.post(reverse("plan:new"), {"needs_round": needs_round.pk, "budget": "50 juta",
                                     dinkes: "40 juta"})
    page = r.content.decode()
    assert 'id="confirm"' in page and "Rp 40.000.000" in page
    assert f'<input type="hidden" name="{dinkes}" value="40 juta">' in page
    assert not Job.objects.exists()


def test_a_build_with_a_unit_budget_line_saves_it(world: World) -> None:
    from bina.needs.services import round_close
    from bina.needs.tests.test_reports import answered_round

    needs_round = answered_round(world)
    round_close(needs_round=needs_round, actor=world.planner)
    make_programme(world, "YAN", jp=16, cost=1_000_000, seats=10, gains={"M.5": 2})
    make_programme(world, "EL", jp=6, cost=100_000, seats=100, gains={"M.5": 1}, path="NKL03")
    c = client_for(world.planner)
    r = c.post(reverse("plan:new"), {
        "needs_round": needs_round.pk, "budget": "50 juta", "confirmed_amount": "50000000",
        f"pagu_{world.dinkes.pk}": "Rp 2.000.000", f"pagu_{world.inspektorat.pk}": ""})
    assert r.status_code == 302
    job = Job.objects.get()
    assert job.params["budget_lines"] == {str(world.dinkes.pk): 2_000_000}
    page = c.get(r["Location"]).content.decode()
    assert "Pagu per unit" in page and "Rp 2.000.000" in page
    assert jobs_run_pending() == 1
    job.refresh_from_db()
    assert job.status == "done" and job.result["ok"], (job.message, job.result)
    plan = Plan.objects.get(pk=job.result["plan_id"])
    assert list(plan.budget_lines.values_list("unit_id", "amount")) == [
        (world.dinkes.pk, 2_000_000)]
    dinkes_cost = sum(PlanEmployee.objects.filter(plan=plan, unit=world.dinkes)
                      .values_list("cost", flat=True))
    assert dinkes_cost <= 2_000_000
    page = c.get(reverse("plan:detail", args=[plan.pk])).content.decode()
    assert "Rp 2.000.000" in page


def test_the_form_says_when_there_is_no_closed_round(world: World) -> None:
    page = client_for(world.planner).get(reverse("plan:new")).content.decode()
    assert "Belum ada putaran analisis kebutuhan yang ditutup" in page


def test_a_refused_build_is_a_message_not_a_crash(world: World) -> None:
    needs_round = NeedsRound.objects.create(agency=world.agency, code="buka", name="Buka",
                                            year=2027, status=RoundStatus.OPEN)
    from bina.jobs.services import job_enqueue
    job = job_enqueue(kind="plan.build", params={"round_id": needs_round.pk, "budget": 10**9,
                                                 "lang": "en"},
                      user=world.planner, agency=world.agency)
    assert jobs_run_pending() == 1
    job.refresh_from_db()
    assert job.status == "done" and job.result["ok"] is False
    assert "closed" in job.result["error"]  # in the job's language
    page = client_for(world.planner).get(reverse("plan:job", args=[job.pk])).content.decode()
    assert "Rencana tidak dapat disusun" in page


def test_the_jobs_refuse_what_they_cannot_build(world: World, plan: Plan) -> None:
    from bina.jobs.services import job_enqueue

    plan_approve(plan=plan, user=world.planner)
    rebuild = job_enqueue(kind="plan.rebuild", params={"plan_id": plan.pk, "lang": "id"},
                          user=world.planner, agency=world.agency)
    missing = job_enqueue(kind="plan.build", params={"round_id": 999, "budget": 10**9},
                          user=world.planner, agency=world.agency)
    other = job_enqueue(kind="plan.rebuild", params={"plan_id": plan.pk, "lang": "en"},
                        user=world.planner, agency=world.other_agency)
    assert jobs_run_pending() == 3
    for job in (rebuild, missing, other):
        job.refresh_from_db()
        assert job.status == "done" and job.result["ok"] is False, job.result
    assert "sudah disetujui" in rebuild.result["error"]
    assert "tidak ditemukan" in missing.result["error"]
    assert other.result["error"] == "The plan was not found."  # not another agency's plan
    assert Plan.objects.count() == 1


def test_rebuild_queues_a_job_with_the_new_budget(world: World, plan: Plan) -> None:
    c = client_for(world.planner)
    r = c.post(reverse("plan:rebuild", args=[plan.pk]), {"budget": "75 juta"})
    job = Job.objects.get()
    assert r["Location"] == reverse("plan:job", args=[job.pk])
    assert job.kind == "plan.rebuild" and job.params == {"plan_id": plan.pk, "lang": "id",
                                                         "budget": 75_000_000}
    r = c.post(reverse("plan:rebuild", args=[plan.pk]), {"budget": "7,500"}, follow=True)
    assert "Contoh penulisan yang benar" in r.content.decode()
    assert Job.objects.count() == 1
    c.post(reverse("plan:rebuild", args=[plan.pk]), {"budget": ""})
    last = Job.objects.order_by("-id").first()
    assert last is not None and "budget" not in last.params


def test_the_job_page_is_only_for_its_owner(world: World) -> None:
    from bina.jobs.services import job_enqueue
    job = job_enqueue(kind="plan.build", params={}, user=world.admin, agency=world.agency)
    assert client_for(world.planner).get(reverse("plan:job", args=[job.pk])).status_code == 404
    assert client_for(world.admin).get(reverse("plan:job", args=[job.pk])).status_code == 200


def test_the_navigation_links_the_plans(world: World) -> None:
    page = client_for(world.leader).get(reverse("plan:list")).content.decode()
    assert "Rencana pengembangan" in page and 'href="/rencana/"' in page
    home = client_for(world.staff_user).get("/").content.decode()
    assert 'href="/rencana/"' not in home


# --------------------------------------------------------------------------------------------
# End to end through the job and plan_build


def test_end_to_end_build_rebuild_lock_approve(world: World) -> None:
    from bina.needs.services import round_close
    from bina.needs.tests.test_reports import answered_round

    needs_round = answered_round(world)
    round_close(needs_round=needs_round, actor=world.planner)
    make_programme(world, "YAN", jp=16, cost=1_000_000, seats=10, gains={"M.5": 2})
    make_programme(world, "EL", jp=6, cost=100_000, seats=100, gains={"M.5": 1}, path="NKL03")
    c = client_for(world.planner)
    r = c.post(reverse("plan:new"), {"needs_round": needs_round.pk, "budget": "50 juta",
                                     "confirmed_amount": "50000000"})
    assert r.status_code == 302
    assert jobs_run_pending() == 1
    job = Job.objects.get()
    assert job.status == "done", job.message
    assert job.result["ok"], job.result
    plan = Plan.objects.get(pk=job.result["plan_id"])
    assert job.result["url"] == reverse("plan:detail", args=[plan.pk])
    assert c.get(job.result["url"]).status_code == 200
    a = PlanAssignment.objects.filter(plan=plan, is_mandatory=False).first()
    assert a is not None
    c.post(reverse("plan:lock", args=[plan.pk, a.pk]), {"locked": "1"})
    c.post(reverse("plan:rebuild", args=[plan.pk]), {"budget": "2 juta"})
    assert jobs_run_pending() == 1
    rebuilt = Job.objects.order_by("-id").first()
    assert rebuilt is not None
    assert rebuilt.result["ok"], rebuilt.result
    v2 = Plan.objects.get(pk=rebuilt.result["plan_id"])
    assert v2.version == 2 and v2.parent == plan and v2.budget == 2_000_000
    assert PlanAssignment.objects.filter(plan=v2, programme=a.programme,
                                         person__employee=a.person.employee).exists()
    c.post(reverse("plan:approve", args=[v2.pk]))
    v2.refresh_from_db()
    assert v2.is_approved
