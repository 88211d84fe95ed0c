"""Progress on the 20 JP right: the selectors, the pages and who may see them.

The test clock is 28-11-2026 (``bina.testing``). World: kadis (born 1970, JPT: retires at 60
in 2030), kabid, staff (PNS), lab (PPPK), auditor (PNS, Inspektorat)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.delivery.models import Activity, ActivityStatus, Enrollment, EnrollmentStatus
from bina.ledger import selectors as progress
from bina.needs.models import NeedsRound, RoundStatus
from bina.people.models import DevelopmentRecord, DevelopmentSource, EmployeeStatus, Placement
from bina.plan.models import Plan, PlanEmployee, PlanStatus, Programme
from bina.reference.models import DevelopmentPath
from bina.testing import World

pytestmark = pytest.mark.django_db
YEAR = 2026


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def record(employee: Any, jp: int, end: dt.date, title: str = "Pelatihan") -> DevelopmentRecord:
    return DevelopmentRecord.objects.create(
        employee=employee, title=title, path=DevelopmentPath.objects.get(code="KL03"),
        jp=Decimal(jp), start_date=end, end_date=end, source=DevelopmentSource.IMPORT)


def programme(world: World, jp: int = 12) -> Programme:
    code = f"P{Programme.objects.count() + 1}"
    return Programme.objects.create(
        agency=world.agency, code=code, name=f"Program {jp} JP",
        path=DevelopmentPath.objects.get(code="KL03"), jp=Decimal(jp),
        cost_per_participant=0, seats_per_class=30)


def scheduled(world: World, employee: Any, jp: int, end: dt.date,
              status: str = ActivityStatus.SCHEDULED,
              enrolment: str = EnrollmentStatus.ENROLLED) -> Activity:
    p = programme(world, jp)
    activity = Activity.objects.create(
        agency=world.agency, programme=p, code=f"A-{p.code}",
        name=p.name, start_date=end, end_date=end, seats=10, status=status)
    Enrollment.objects.create(activity=activity, employee=employee, status=enrolment)
    return activity


def approved_plan(world: World, planned: dict[Any, int]) -> Plan:
    needs_round = NeedsRound.objects.create(agency=world.agency, code="akpk-2026",
                                            name="AKPK 2026", year=YEAR,
                                            status=RoundStatus.CLOSED)
    plan = Plan.objects.create(agency=world.agency, year=YEAR, name="Rencana 2026",
                               needs_round=needs_round, budget=1, status=PlanStatus.APPROVED,
                               approved_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    for employee, jp in planned.items():
        PlanEmployee.objects.create(plan=plan, employee=employee, unit=employee.unit,
                                    employment_type=employee.employment_type, jp_planned=jp)
    return plan


def by_nip(world: World) -> dict[str, progress.PersonProgress]:
    return {p.nip: p for p in progress.year_progress(agency_id=world.agency.pk, year=YEAR)}


def test_planned_earned_and_upcoming_come_from_the_plan_the_ledger_and_the_schedule(
        world: World) -> None:
    approved_plan(world, {world.staff: 24})
    record(world.staff, 8, dt.date(2026, 3, 4))
    record(world.staff, 4, dt.date(2026, 6, 30))
    record(world.staff, 30, dt.date(2025, 12, 31))  # last year: not counted
    scheduled(world, world.staff, 6, dt.date(2026, 12, 10))
    scheduled(world, world.staff, 9, dt.date(2027, 1, 10))  # next year: not counted
    scheduled(world, world.staff, 5, dt.date(2026, 12, 12),
              enrolment=EnrollmentStatus.WAITING)  # waiting list: not counted
    p = by_nip(world)[world.staff.nip]
    assert (p.planned_jp, p.earned_jp, p.upcoming_jp) == (Decimal(24), Decimal(12), Decimal(6))
    assert p.status == "at_risk"  # 12 + 6 < 20


def test_no_approved_plan_means_zero_planned(world: World) -> None:
    assert by_nip(world)[world.staff.nip].planned_jp == 0


def test_each_status(world: World) -> None:
    record(world.staff, 20, dt.date(2026, 5, 1))  # met
    record(world.kabid, 12, dt.date(2026, 5, 1))
    scheduled(world, world.kabid, 8, dt.date(2026, 12, 15))  # 12 + 8: on track
    record(world.auditor, 4, dt.date(2026, 5, 1))  # at risk
    people = by_nip(world)
    assert people[world.staff.nip].status == "met"
    assert people[world.kabid.nip].status == "on_track"
    assert people[world.auditor.nip].status == "at_risk"
    assert people[world.lab.nip].status == "not_applicable"  # PPPK


def test_a_finished_or_past_activity_is_not_upcoming(world: World) -> None:
    scheduled(world, world.auditor, 20, dt.date(2026, 11, 1))  # ended before today
    scheduled(world, world.auditor, 20, dt.date(2026, 12, 20), status=ActivityStatus.CANCELLED)
    assert by_nip(world)[world.auditor.nip].upcoming_jp == 0


@pytest.mark.parametrize("status", [EmployeeStatus.DEGREE_STUDY, EmployeeStatus.LONG_LEAVE])
def test_people_away_are_exempt(world: World, status: str) -> None:
    world.auditor.status = status
    world.auditor.save()
    p = by_nip(world)[world.auditor.nip]
    assert (p.status, p.exemption) == ("exempt", status)


def test_someone_retiring_during_the_year_is_exempt(world: World) -> None:
    world.auditor.birth_date = dt.date(1968, 7, 7)  # fungsional ahli muda: 58 in 2026
    world.auditor.save()
    p = by_nip(world)[world.auditor.nip]
    assert (p.status, p.exemption) == ("exempt", "pensiun")


def test_a_mover_is_listed_once_under_the_unit_at_the_year_end(world: World) -> None:
    Placement.objects.filter(employee=world.auditor).update(end_date=dt.date(2026, 6, 30))
    Placement.objects.create(employee=world.auditor, unit=world.bidang,
                             position=world.auditor.position, start_date=dt.date(2026, 7, 1))
    world.auditor.unit = world.bidang
    world.auditor.save()
    rows = [p for p in progress.year_progress(agency_id=world.agency.pk, year=YEAR)
            if p.employee_id == world.auditor.pk]
    assert [p.unit_id for p in rows] == [world.bidang.pk]
    # and in 2025 they were in the Inspektorat
    old = progress.year_progress(agency_id=world.agency.pk, year=2025,
                                 employees=[world.auditor.pk])
    assert [p.unit_id for p in old] == [world.inspektorat.pk]


def test_someone_who_left_is_listed_under_their_last_unit_and_exempt(world: World) -> None:
    Placement.objects.filter(employee=world.auditor).update(end_date=dt.date(2026, 4, 30))
    world.auditor.status = EmployeeStatus.LEFT
    world.auditor.save()
    p = by_nip(world)[world.auditor.nip]
    assert (p.unit_id, p.status, p.exemption) == (world.inspektorat.pk, "exempt", "berhenti")
    assert world.auditor.nip not in {
        p.nip for p in progress.year_progress(agency_id=world.agency.pk, year=2027)}


def test_no_development_lists_zero_jp_people_but_not_the_exempt(world: World) -> None:
    record(world.staff, 2, dt.date(2026, 2, 2))
    world.kabid.status = EmployeeStatus.DEGREE_STUDY
    world.kabid.save()
    none = {p.nip for p in progress.no_development(
        progress.year_progress(agency_id=world.agency.pk, year=YEAR))}
    assert none == {world.kadis.nip, world.lab.nip, world.auditor.nip}


def test_fair_share_flags_a_group_far_below_the_rest(world: World) -> None:
    for e in (world.staff, world.kabid, world.kadis):
        record(e, 20, dt.date(2026, 3, 3))
    people = progress.year_progress(agency_id=world.agency.pk, year=YEAR)
    views = progress.fair_share_views(people, progress.unit_map(world.agency.pk), min_count=1)
    units = {g.group: g for g in views["unit"]}
    assert units["Inspektorat"].flagged and not units["Dinas Kesehatan"].flagged
    assert {g.group for g in views["type"]} == {"PNS", "PPPK"}


# --------------------------------------------------------------------------------------------
# Pages


def test_the_progress_page_shows_units_and_counts(world: World) -> None:
    record(world.staff, 20, dt.date(2026, 5, 1))
    page = client_for(world.planner).get(reverse("ledger:progress")).content.decode()
    assert "Dinas Kesehatan" in page and "Inspektorat" in page
    assert 'id="kpi-met">1<' in page
    assert reverse("ledger:none") in page


def test_the_progress_page_runs_a_bounded_number_of_queries(
        world: World, django_assert_max_num_queries: Any) -> None:
    from bina.testing import make_employee

    for i in range(30):  # more people must not mean more queries
        e = make_employee(world.agency, world.bidang, world.staff.position,
                          f"1991010120150310{i + 1:02d}", f"Pegawai {i}")
        record(e, i, dt.date(2026, 4, 1))
    c = client_for(world.planner)
    with django_assert_max_num_queries(20):
        assert c.get(reverse("ledger:progress")).status_code == 200
    with django_assert_max_num_queries(20):
        assert c.get(reverse("ledger:unit", args=[world.dinkes.pk])).status_code == 200


def test_the_unit_page_lists_people_at_risk_first_and_filters(world: World) -> None:
    record(world.staff, 20, dt.date(2026, 5, 1))
    c = client_for(world.operator)
    page = c.get(reverse("ledger:unit", args=[world.dinkes.pk])).content.decode()
    assert page.index("Sri Katili") < page.index("Yusran Pakaya")  # at risk before met
    assert world.staff.nip in page
    only_met = c.get(reverse("ledger:unit", args=[world.dinkes.pk]) + "?status=met")
    assert "Yusran Pakaya" in only_met.content.decode()
    assert "Sri Katili" not in only_met.content.decode()


def test_leadership_sees_aggregates_but_no_names(world: World) -> None:
    c = client_for(world.leader)
    for url in (reverse("ledger:progress"), reverse("ledger:unit", args=[world.dinkes.pk]),
                reverse("ledger:none")):
        page = c.get(url).content.decode()
        assert 'id="aggregate-only"' in page
        assert "Yusran Pakaya" not in page and world.staff.nip not in page
    assert c.get(reverse("ledger:none") + "?format=xlsx").status_code == 403
    assert c.get(reverse("ledger:person", args=[world.staff.pk])).status_code == 403
    assert c.get(reverse("ledger:siasn")).status_code == 403


def test_an_operator_sees_only_their_unit(world: World) -> None:
    c = client_for(world.operator)
    page = c.get(reverse("ledger:progress")).content.decode()
    assert "Inspektorat" not in page
    assert c.get(reverse("ledger:unit", args=[world.inspektorat.pk])).status_code == 403
    assert c.get(reverse("ledger:person", args=[world.auditor.pk])).status_code == 403
    assert c.get(reverse("ledger:person", args=[world.staff.pk])).status_code == 200


def test_an_employee_sees_their_own_ledger_and_no_one_elses(world: World) -> None:
    record(world.staff, 7, dt.date(2026, 5, 1), title="Kursus Epidemiologi Lapangan")
    c = client_for(world.staff_user)
    assert c.get(reverse("ledger:progress"))["Location"] == reverse("ledger:my")
    own = c.get(reverse("ledger:my")).content.decode()
    assert "Kursus Epidemiologi Lapangan" in own
    assert c.get(reverse("ledger:person", args=[world.auditor.pk])).status_code == 403
    assert c.get(reverse("ledger:person", args=[world.kabid.pk])).status_code == 403
    assert c.get(reverse("ledger:unit", args=[world.dinkes.pk])).status_code == 403
    assert c.get(reverse("ledger:none")).status_code == 403


def test_a_supervisor_opens_a_subordinates_ledger(world: World) -> None:
    c = client_for(world.kabid_user)
    assert c.get(reverse("ledger:person", args=[world.staff.pk])).status_code == 200
    assert c.get(reverse("ledger:person", args=[world.kadis.pk])).status_code == 403


def test_the_no_development_list_downloads_as_excel(world: World) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    r = client_for(world.planner).get(reverse("ledger:none") + "?format=xlsx")
    assert r.status_code == 200
    ws = load_workbook(BytesIO(r.content)).active
    assert ws is not None
    values = [c for row in ws.iter_rows(values_only=True) for c in row]
    assert world.auditor.nip in values and "NIP" in values


def test_the_siasn_export_has_the_riwayat_kursus_columns(world: World) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    r = record(world.staff, 7, dt.date(2026, 5, 1), title="Kursus Epidemiologi")
    r.certificate_number = "SERT-77"
    r.provider_name = "Bapelkes Makassar"
    r.save()
    record(world.staff, 9, dt.date(2025, 5, 1), title="Tahun lalu")
    resp = client_for(world.planner).get(reverse("ledger:siasn") + "?tahun=2026")
    rows = list(load_workbook(BytesIO(resp.content))["Riwayat kursus"].iter_rows(
        values_only=True))
    assert rows[0][2:] == ("namaKursus", "jenisDiklatId (kode jalur)", "jumlahJam",
                           "tanggalKursus", "tanggalSelesaiKursus", "institusiPenyelenggara",
                           "nomorSertipikat", "tahunKursus")
    assert rows[1:] == [(world.staff.nip, "Yusran Pakaya", "Kursus Epidemiologi", "KL03", 7,
                         "01-05-2026", "01-05-2026", "Bapelkes Makassar", "SERT-77", 2026)]
