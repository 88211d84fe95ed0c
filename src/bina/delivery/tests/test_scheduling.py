"""Scheduling classes from an approved plan, and the enrolment list: seats, the waiting list,
withdrawals that promote the next person, substitutes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bina.delivery.models import Activity, ActivityStatus, Enrollment, EnrollmentStatus
from bina.delivery.services import (
    DeliveryError,
    activities_from_plan,
    activity_cancel,
    class_start,
    enrollment_add,
    enrollment_substitute,
    enrollment_withdraw,
    programme_days,
    working_days,
)
from bina.needs.models import NeedsRound
from bina.plan.models import Plan, PlanAssignment, PlanEmployee, PlanStatus, Programme
from bina.reference.models import DevelopmentPath
from bina.testing import World


def make_programme(world: World, code: str, *, path: str = "KL03", jp: int = 16,
                   seats: int = 2, classes: int = 2, months: list[int] | None = None,
                   cost: int = 1_000_000) -> Programme:
    return Programme.objects.create(
        agency=world.agency, code=code, name=f"Program {code}",
        path=DevelopmentPath.objects.get(code=path), jp=Decimal(jp),
        cost_per_participant=cost, extra_cost_per_participant=250_000,
        seats_per_class=seats, classes=classes, months=months or [])


def make_plan(world: World, assignments: dict[str, list[str]], *,
              approved: bool = True) -> Plan:
    """A plan with the given programme code → employees (world attribute names)."""
    needs_round = NeedsRound.objects.create(agency=world.agency, code="akpk-2026",
                                            name="AKPK 2026", year=2026)
    plan = Plan.objects.create(agency=world.agency, year=2026, name="Rencana 2026",
                               needs_round=needs_round, budget=100_000_000,
                               status=PlanStatus.APPROVED if approved else PlanStatus.DRAFT)
    people: dict[str, PlanEmployee] = {}
    for code, names in assignments.items():
        programme = Programme.objects.get(agency=world.agency, code=code)
        for name in names:
            employee = getattr(world, name)
            if name not in people:
                people[name] = PlanEmployee.objects.create(
                    plan=plan, employee=employee, unit=employee.unit,
                    employment_type=employee.employment_type, min_jp=20, max_jp=60)
            PlanAssignment.objects.create(plan=plan, person=people[name], programme=programme,
                                          jp=int(programme.jp),
                                          cost=programme.cost_total_per_participant)
    return plan


def test_working_days_skip_the_weekend() -> None:
    friday = dt.date(2026, 11, 27)
    assert working_days(friday, 3) == [dt.date(2026, 11, 27), dt.date(2026, 11, 30),
                                       dt.date(2026, 12, 1)]


def test_classes_start_on_a_monday_and_rotate_over_the_first_three_weeks() -> None:
    starts = [class_start(2026, 3, i) for i in range(4)]
    assert all(day.weekday() == 0 for day in starts)
    assert starts[0] == dt.date(2026, 3, 2)
    assert starts[3] == starts[0]


def test_days_follow_the_jp_per_day_of_the_path(world: World) -> None:
    assert programme_days(make_programme(world, "T", jp=16)) == 2  # 8 JP a training day
    assert programme_days(make_programme(world, "S", path="KL06", jp=4)) == 1  # seminar 4/day
    assert programme_days(make_programme(world, "W", path="KL07", jp=15)) == 3  # workshop 5/day


def test_an_approved_plan_becomes_classes_with_sessions_and_participants(world: World) -> None:
    make_programme(world, "YAN", seats=2, classes=2, months=[3, 9])
    plan = make_plan(world, {"YAN": ["staff", "kabid", "auditor"]})
    result = activities_from_plan(plan=plan, user=world.planner)
    activities = list(Activity.objects.filter(plan=plan).order_by("batch"))
    assert [a.code for a in activities] == ["YAN-2026-01", "YAN-2026-02"]
    assert [a.start_date.month for a in activities] == [3, 9]
    assert result.enrolled == 3
    sizes = [a.enrollments.filter(status=EnrollmentStatus.ENROLLED).count() for a in activities]
    assert sorted(sizes) == [1, 2]
    for activity in activities:
        assert activity.sessions.count() == activity.days == 2
        assert activity.planned_cost == activity.enrollments.count() * 1_250_000
    codes = set(Activity.objects.values_list("sessions__code", flat=True))
    assert len(codes) == 4 and all(len(c) == 6 for c in codes)
    linked = Enrollment.objects.filter(plan_assignment__isnull=False).count()
    assert linked == 3


def test_mentoring_and_degree_programmes_are_not_scheduled_as_classes(world: World) -> None:
    make_programme(world, "MENTOR", path="NKL02")
    make_programme(world, "YAN")
    plan = make_plan(world, {"MENTOR": ["staff"], "YAN": ["kabid"]})
    result = activities_from_plan(plan=plan, user=world.planner)
    assert result.skipped_programmes == ("MENTOR",)
    assert [a.programme.code for a in result.activities] == ["YAN"]


def test_it_refuses_a_draft_plan_and_a_second_scheduling(world: World) -> None:
    make_programme(world, "YAN")
    draft = make_plan(world, {"YAN": ["staff"]}, approved=False)
    with pytest.raises(DeliveryError, match="belum disetujui"):
        activities_from_plan(plan=draft, user=world.planner)
    draft.status = PlanStatus.APPROVED
    draft.save()
    activities_from_plan(plan=draft, user=world.planner)
    with pytest.raises(DeliveryError, match="sudah dijadwalkan"):
        activities_from_plan(plan=draft, user=world.planner)
    assert Activity.objects.count() == 1


def test_late_scheduling_uses_only_the_months_still_ahead(world: World) -> None:
    make_programme(world, "YAN", months=[2, 11, 12])
    plan = make_plan(world, {"YAN": ["staff"]})
    activities_from_plan(plan=plan, user=world.planner, not_before=dt.date(2026, 11, 28))
    start = Activity.objects.get().start_date
    assert start >= dt.date(2026, 11, 28) and start.weekday() == 0


@pytest.fixture
def full_class(world: World) -> Activity:
    make_programme(world, "YAN", seats=2, classes=1)
    plan = make_plan(world, {"YAN": ["staff", "kabid"]})
    return activities_from_plan(plan=plan, user=world.planner).activities[0]


def test_a_full_class_puts_newcomers_on_the_waiting_list_in_order(
        world: World, full_class: Activity) -> None:
    first = enrollment_add(activity=full_class, employee=world.auditor, user=world.planner)
    second = enrollment_add(activity=full_class, employee=world.kadis, user=world.planner)
    assert (first.status, first.waitlist_rank) == (EnrollmentStatus.WAITING, 1)
    assert (second.status, second.waitlist_rank) == (EnrollmentStatus.WAITING, 2)
    with pytest.raises(DeliveryError, match="sudah terdaftar"):
        enrollment_add(activity=full_class, employee=world.auditor, user=world.planner)


def test_a_withdrawal_gives_the_seat_to_the_first_on_the_waiting_list(
        world: World, full_class: Activity) -> None:
    enrollment_add(activity=full_class, employee=world.auditor, user=world.planner)
    enrollment_add(activity=full_class, employee=world.kadis, user=world.planner)
    leaving = full_class.enrollments.get(employee=world.staff)
    promoted = enrollment_withdraw(enrollment=leaving, user=world.planner)
    assert promoted is not None and promoted.employee == world.auditor
    assert promoted.substitute_for == leaving
    assert full_class.enrollments.filter(status=EnrollmentStatus.ENROLLED).count() == 2
    assert full_class.enrollments.get(employee=world.kadis).status == EnrollmentStatus.WAITING


def test_a_substitute_takes_the_place_of_a_participant(world: World,
                                                       full_class: Activity) -> None:
    staying = full_class.enrollments.get(employee=world.staff)
    new = enrollment_substitute(enrollment=staying, substitute=world.auditor,
                                user=world.planner)
    staying.refresh_from_db()
    assert staying.status == EnrollmentStatus.REPLACED
    assert new.substitute_for == staying and new.status == EnrollmentStatus.ENROLLED
    with pytest.raises(DeliveryError, match="sudah menjadi peserta"):
        enrollment_substitute(enrollment=full_class.enrollments.get(employee=world.kabid),
                              substitute=world.auditor, user=world.planner)


def test_people_of_another_agency_cannot_be_enrolled(world: World,
                                                    full_class: Activity) -> None:
    with pytest.raises(DeliveryError, match="bukan pegawai instansi ini"):
        enrollment_add(activity=full_class, employee=world.outsider, user=world.planner)


def test_a_cancelled_class_is_frozen(world: World, full_class: Activity) -> None:
    activity_cancel(activity=full_class, user=world.planner)
    assert full_class.status == ActivityStatus.CANCELLED
    with pytest.raises(DeliveryError, match="dibatalkan"):
        enrollment_add(activity=full_class, employee=world.auditor, user=world.planner)


def test_classes_spread_evenly_over_the_year(world: World) -> None:
    make_programme(world, "ONE", seats=5, classes=1)
    make_programme(world, "SIX", seats=1, classes=6)
    plan = make_plan(world, {"ONE": ["staff"],
                             "SIX": ["staff", "kabid", "auditor", "kadis", "lab"]})
    activities_from_plan(plan=plan, user=world.planner)
    one = Activity.objects.get(programme__code="ONE")
    assert one.start_date.month == 7
    six = sorted(a.start_date.month for a in Activity.objects.filter(programme__code="SIX"))
    assert six == [2, 4, 7, 9, 11]  # five classes needed: the middle of each fifth of the year
