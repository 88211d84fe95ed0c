"""Writes of the delivery stage: classes scheduled from an approved plan, enrolments with a
waiting list and substitutes. Attendance, completion and certificates are in
``bina.delivery.attendance``; every write goes through a named function here or there."""

from __future__ import annotations

import datetime as dt
import math
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from bina.accounts.models import User
from bina.audit.services import audit_record
from bina.core.messages import BilingualError
from bina.delivery.models import (
    Activity,
    ActivitySession,
    ActivityStatus,
    DeliverySettings,
    Enrollment,
    EnrollmentStatus,
)
from bina.org.models import Agency
from bina.people.models import Employee
from bina.plan.models import Plan, PlanAssignment, Programme

# Paths that are not run as classes: mentoring and coaching become mentoring programmes, degree
# study is a year-long status, not a class.
NOT_CLASSES = frozenset({"NKL01", "NKL02", "PEND"})
ONLINE_PATHS = frozenset({"NKL03", "NKL04"})
# How many JP fit in one day of a classical programme (1 JP = 45 minutes; a training day of
# 8 × 45 minutes is the usual practice, an assumption, not a rule), and the per-day JP of the
# paths that are counted per day (regulation.md §2.2: seminar 4, workshop 5, sosialisasi 4,
# e-learning at most 3).
JP_PER_DAY_DEFAULT = 8
JP_PER_DAY = {"KL06": 4, "KL07": 5, "KL11": 4, "NKL03": 3, "NKL09": 2, "NKL10": 2}
SESSION_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


class DeliveryError(BilingualError):
    """A delivery write that cannot be done; the message names what and why (Indonesian; an
    English text where one is given)."""


def session_code() -> str:
    """A 6-character check-in code, easy to read out in a room (no 0/O or 1/I)."""
    return "".join(secrets.choice(SESSION_CODE_ALPHABET) for _ in range(6))


def settings_for(agency: Agency) -> DeliverySettings:
    found, _created = DeliverySettings.objects.get_or_create(agency=agency)
    return found


def working_days(start: dt.date, count: int) -> list[dt.date]:
    """``count`` working days (Monday–Friday) from ``start`` (moved to a weekday if needed)."""
    days: list[dt.date] = []
    day = start
    while len(days) < max(count, 1):
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def programme_days(programme: Programme) -> int:
    """How many days a class of the programme lasts: its JP over the JP a day of its path."""
    per_day = JP_PER_DAY.get(programme.path.code, JP_PER_DAY_DEFAULT)
    return max(1, math.ceil(float(programme.jp) / per_day))


def class_start(year: int, month: int, batch_in_month: int) -> dt.date:
    """The Monday of the (batch_in_month + 1)-th week of the month (weeks 1–3 rotate)."""
    first = dt.date(year, month, 1)
    monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    return monday + dt.timedelta(days=7 * (batch_in_month % 3))


@dataclass(frozen=True)
class ScheduleResult:
    activities: tuple[Activity, ...]
    enrolled: int
    skipped_programmes: tuple[str, ...]  # mentoring/coaching/degree programmes: not classes


def _split(people: Sequence[PlanAssignment], classes: int) -> list[list[PlanAssignment]]:
    """Round-robin over people ordered by unit: every class mixes units, and a unit's people
    are spread over the classes (so a unit is never emptied by one class)."""
    ordered = sorted(people, key=lambda a: (a.person.unit_id, a.person.employee_id))
    groups: list[list[PlanAssignment]] = [[] for _ in range(classes)]
    for i, assignment in enumerate(ordered):
        groups[i % classes].append(assignment)
    return groups


@transaction.atomic
def activities_from_plan(*, plan: Plan, user: User | None,
                         not_before: dt.date | None = None) -> ScheduleResult:
    """Turn an approved plan into classes: per programme, as many classes as its participants
    need (at most the catalogue's number), spread over the months the programme can run, each
    with one session per working day and the participants taken from the plan."""
    if not plan.is_approved:
        raise DeliveryError(_("Rencana %(plan)s belum disetujui: hanya rencana yang disetujui "
                              "yang dapat dilaksanakan.") % {"plan": plan})
    if plan.activities.exists():
        raise DeliveryError(_("Kegiatan untuk rencana %(plan)s sudah dijadwalkan.")
                            % {"plan": plan})
    by_programme: dict[int, list[PlanAssignment]] = defaultdict(list)
    assignments = (PlanAssignment.objects.filter(plan=plan)
                   .select_related("person", "programme__path", "programme__provider"))
    programmes: dict[int, Programme] = {}
    for assignment in assignments:
        by_programme[assignment.programme_id].append(assignment)
        programmes[assignment.programme_id] = assignment.programme
    activities: list[Activity] = []
    skipped: list[str] = []
    enrolled = 0
    per_month: dict[int, int] = defaultdict(int)
    for programme_id in sorted(by_programme, key=lambda pid: programmes[pid].code):
        programme = programmes[programme_id]
        people = by_programme[programme_id]
        if programme.path.code in NOT_CLASSES:
            skipped.append(programme.code)
            continue
        classes = min(programme.classes, max(1, math.ceil(len(people) / programme.seats_per_class)))
        months = sorted(programme.months) or list(range(1, 13))
        if not_before is not None and not_before.year == plan.year:
            later = [m for m in months if m >= not_before.month]
            months = later or [max(months)]
        days = programme_days(programme)
        for batch, group in enumerate(_split(people, classes), start=1):
            # spread evenly: class k of n in the middle of the k-th n-th of the months
            month = months[min(len(months) - 1, int((batch - 0.5) * len(months) / classes))]
            start = class_start(plan.year, month, per_month[month])
            per_month[month] += 1
            if not_before is not None and start < not_before:
                start = not_before + dt.timedelta(days=(7 - not_before.weekday()) % 7)
            dates = working_days(start, days)
            activity = Activity.objects.create(
                agency=plan.agency, programme=programme, plan=plan,
                code=f"{programme.code}-{plan.year}-{batch:02d}",
                name=f"{programme.name} Angkatan {batch}", batch=batch,
                start_date=dates[0], end_date=dates[-1],
                place="" if programme.path.code in ONLINE_PATHS else programme.provider_label,
                is_online=programme.path.code in ONLINE_PATHS,
                provider=programme.provider, provider_name=programme.provider_name,
                seats=programme.seats_per_class,
                planned_cost=len(group) * programme.cost_total_per_participant)
            ActivitySession.objects.bulk_create([
                ActivitySession(activity=activity, date=day, start_time=dt.time(8, 0),
                                end_time=dt.time(16, 0), code=session_code(),
                                topic=_("Hari %(n)s") % {"n": i})
                for i, day in enumerate(dates, start=1)])
            Enrollment.objects.bulk_create([
                Enrollment(activity=activity, employee_id=a.person.employee_id,
                           plan_assignment=a, status=EnrollmentStatus.ENROLLED)
                for a in group])
            enrolled += len(group)
            activities.append(activity)
    audit_record(actor=user, agency=plan.agency, action="delivery.schedule", object_type="plan",
                 object_id=plan.pk, object_label=str(plan),
                 changes={"activities": len(activities), "enrolled": enrolled})
    return ScheduleResult(activities=tuple(activities), enrolled=enrolled,
                          skipped_programmes=tuple(skipped))


def _require_open(activity: Activity) -> None:
    if activity.status != ActivityStatus.SCHEDULED:
        raise DeliveryError(_("Kegiatan %(code)s sudah %(status)s: daftar peserta tidak dapat "
                              "diubah.") % {"code": activity.code,
                                            "status": activity.get_status_display().lower()})


def _enrolled_count(activity: Activity) -> int:
    return activity.enrollments.filter(status=EnrollmentStatus.ENROLLED).count()


@transaction.atomic
def enrollment_add(*, activity: Activity, employee: Employee, user: User | None) -> Enrollment:
    """Add a person: a participant while seats are free, otherwise on the waiting list."""
    _require_open(activity)
    if employee.agency_id != activity.agency_id:
        raise DeliveryError(_("Pegawai %(name)s bukan pegawai instansi ini.")
                            % {"name": employee.name})
    existing = Enrollment.objects.filter(activity=activity, employee=employee).first()
    if existing is not None and existing.status in (EnrollmentStatus.ENROLLED,
                                                    EnrollmentStatus.WAITING):
        raise DeliveryError(_("%(name)s sudah terdaftar pada %(code)s.")
                            % {"name": employee.name, "code": activity.code})
    enrollment = existing or Enrollment(activity=activity, employee=employee)
    if _enrolled_count(activity) < activity.seats:
        enrollment.status = EnrollmentStatus.ENROLLED
        enrollment.waitlist_rank = None
    else:
        last = activity.enrollments.aggregate(m=Max("waitlist_rank"))["m"] or 0
        enrollment.status = EnrollmentStatus.WAITING
        enrollment.waitlist_rank = last + 1
    enrollment.save()
    audit_record(actor=user, agency=activity.agency, action="delivery.enroll",
                 object_type="activity", object_id=activity.pk, object_label=activity.code,
                 changes={"employee": employee.pk, "status": enrollment.status})
    return enrollment


def _promote_waiting(activity: Activity, replaced: Enrollment) -> Enrollment | None:
    waiting = (activity.enrollments.filter(status=EnrollmentStatus.WAITING)
               .order_by("waitlist_rank", "pk").first())
    if waiting is None:
        return None
    waiting.status = EnrollmentStatus.ENROLLED
    waiting.waitlist_rank = None
    waiting.substitute_for = replaced
    waiting.save(update_fields=["status", "waitlist_rank", "substitute_for"])
    return waiting


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, user: User | None) -> Enrollment | None:
    """Withdraw a participant; the first person on the waiting list takes the seat (returned)."""
    activity = enrollment.activity
    _require_open(activity)
    was_enrolled = enrollment.status == EnrollmentStatus.ENROLLED
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.waitlist_rank = None
    enrollment.save(update_fields=["status", "waitlist_rank"])
    promoted = _promote_waiting(activity, enrollment) if was_enrolled else None
    audit_record(actor=user, agency=activity.agency, action="delivery.withdraw",
                 object_type="activity", object_id=activity.pk, object_label=activity.code,
                 changes={"employee": enrollment.employee_id,
                          "promoted": promoted.employee_id if promoted else None})
    return promoted


@transaction.atomic
def enrollment_substitute(*, enrollment: Enrollment, substitute: Employee,
                          user: User | None) -> Enrollment:
    """Send ``substitute`` in place of a participant who cannot go (the seat passes over)."""
    activity = enrollment.activity
    _require_open(activity)
    if enrollment.status != EnrollmentStatus.ENROLLED:
        raise DeliveryError(_("Hanya peserta yang dapat digantikan."))
    if substitute.agency_id != activity.agency_id:
        raise DeliveryError(_("Pegawai %(name)s bukan pegawai instansi ini.")
                            % {"name": substitute.name})
    other = Enrollment.objects.filter(activity=activity, employee=substitute).first()
    if other is not None and other.status == EnrollmentStatus.ENROLLED:
        raise DeliveryError(_("%(name)s sudah menjadi peserta %(code)s.")
                            % {"name": substitute.name, "code": activity.code})
    enrollment.status = EnrollmentStatus.REPLACED
    enrollment.save(update_fields=["status"])
    new = other or Enrollment(activity=activity, employee=substitute)
    new.status = EnrollmentStatus.ENROLLED
    new.waitlist_rank = None
    new.substitute_for = enrollment
    new.save()
    audit_record(actor=user, agency=activity.agency, action="delivery.substitute",
                 object_type="activity", object_id=activity.pk, object_label=activity.code,
                 changes={"from": enrollment.employee_id, "to": substitute.pk})
    return new


@transaction.atomic
def activity_cancel(*, activity: Activity, user: User | None) -> Activity:
    _require_open(activity)
    activity.status = ActivityStatus.CANCELLED
    activity.save(update_fields=["status"])
    audit_record(actor=user, agency=activity.agency, action="delivery.cancel",
                 object_type="activity", object_id=activity.pk, object_label=activity.code)
    return activity


@transaction.atomic
def activity_realised_cost(*, activity: Activity, amount: int | None,
                           user: User | None) -> Activity:
    """Record what the class actually cost (None: not known yet), next to the planned cost."""
    if amount is not None and amount < 0:
        raise DeliveryError(_("Biaya realisasi tidak boleh negatif."))
    previous = activity.realised_cost
    activity.realised_cost = amount
    activity.save(update_fields=["realised_cost"])
    audit_record(actor=user, agency=activity.agency, action="delivery.realised_cost",
                 object_type="activity", object_id=activity.pk, object_label=activity.code,
                 changes={"realised_cost": [previous, amount]})
    return activity
