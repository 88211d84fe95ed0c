"""Reads of the delivery pages: who may see which activities and participants, the
attendance grid, the calendar with its warnings, a person's own activities, and the public
certificate lookup.

Who may see what (issue 5): admin and planner see and manage everything; leadership sees
everything read-only (no session codes, no NIP); an operator sees the activities with
participants of their unit and only those participants; an employee sees their own."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from bina.accounts.models import Role, User
from bina.accounts.selectors import AGENCY_WIDE, subordinate_ids, visible_employees
from bina.core.calendar import AbsencePeak, Booking, Conflict, absence_peaks, double_bookings
from bina.delivery.io import TemplateRow
from bina.delivery.models import (
    Activity,
    ActivitySession,
    ActivityStatus,
    Attendance,
    Certificate,
    Enrollment,
    EnrollmentStatus,
)
from bina.delivery.services import settings_for
from bina.ledger.selectors import (
    PersonProgress,
    pending_submissions_for,
    year_bounds,
    year_progress,
)
from bina.org.models import Agency, Unit
from bina.people.models import Employee

MANAGERS = {Role.ADMIN, Role.PLANNER}


def can_manage(user: User) -> bool:
    """Schedule, enrol, record attendance of anyone, complete, revoke."""
    return user.is_authenticated and user.role in MANAGERS


def can_browse(user: User) -> bool:
    """The activity list, pages and calendar (operators: their unit's part)."""
    return user.is_authenticated and (user.role in AGENCY_WIDE or user.role == Role.OPERATOR)


def can_see_codes(user: User) -> bool:
    """Session check-in codes: planners, admin and operators (who run the room)."""
    return user.is_authenticated and user.role in {Role.ADMIN, Role.PLANNER, Role.OPERATOR}


def can_see_nip(user: User) -> bool:
    return user.is_authenticated and user.role != Role.LEADERSHIP


def activities_for(user: User) -> QuerySet[Activity]:
    if user.agency_id is None:
        return Activity.objects.none()
    qs = Activity.objects.filter(agency_id=user.agency_id)
    if user.role in AGENCY_WIDE:
        return qs
    if user.role == Role.OPERATOR:
        return qs.filter(enrollments__employee__in=visible_employees(user)).distinct()
    return qs.none()


def visible_enrollments(user: User, activity: Activity) -> QuerySet[Enrollment]:
    qs = activity.enrollments.select_related("employee__unit", "substitute_for__employee",
                                             "certificate")
    if user.role in AGENCY_WIDE:
        return qs
    return qs.filter(employee__in=visible_employees(user))


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    participants: int
    waiting: int
    completed: int


def activity_rows(qs: QuerySet[Activity]) -> list[ActivityRow]:
    annotated = qs.select_related("programme__path").annotate(
        n_part=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.ENROLLED),
                     distinct=True),
        n_wait=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.WAITING),
                     distinct=True),
        n_done=Count("enrollments", filter=Q(enrollments__outcome="selesai"), distinct=True))
    return [ActivityRow(a, a.n_part, a.n_wait, a.n_done) for a in annotated]


def status_counts(qs: QuerySet[Activity]) -> dict[str, int]:
    counts = {s: 0 for s in ActivityStatus.values}
    for row in qs.order_by().values("status").annotate(n=Count("id", distinct=True)):
        counts[row["status"]] = row["n"]
    return counts


@dataclass
class GridRow:
    enrollment: Enrollment
    cells: list[tuple[ActivitySession, Attendance | None]]
    attended: int = 0


@dataclass(frozen=True)
class Grid:
    sessions: list[ActivitySession]
    rows: list[GridRow]


def attendance_grid(activity: Activity, enrollments: QuerySet[Enrollment]) -> Grid:
    """Participants × sessions with the attendance recorded (None: not yet)."""
    sessions = list(activity.sessions.order_by("date", "start_time"))
    people = list(enrollments.filter(status=EnrollmentStatus.ENROLLED)
                  .order_by("employee__name"))
    marks = {(a.session_id, a.enrollment_id): a for a in
             Attendance.objects.filter(session__activity=activity,
                                       enrollment__in=[e.pk for e in people])}
    rows = []
    for e in people:
        cells = [(s, marks.get((s.pk, e.pk))) for s in sessions]
        rows.append(GridRow(e, cells, sum(1 for _s, c in cells
                                          if c is not None and c.status in ("hadir",
                                                                            "terlambat"))))
    return Grid(sessions, rows)


def template_rows(activity: Activity) -> list[TemplateRow]:
    """The attendance template: every participant × every session date."""
    dates = sorted(set(activity.sessions.values_list("date", flat=True)))
    people = (activity.enrollments.filter(status=EnrollmentStatus.ENROLLED)
              .select_related("employee").order_by("employee__name"))
    return [TemplateRow(e.employee.nip, e.employee.name, d) for e in people for d in dates]


# --------------------------------------------------------------------------------------------
# Calendar


@dataclass
class CalendarDay:
    date: dt.date
    in_month: bool
    activities: list[Activity] = field(default_factory=list)
    warning: bool = False


@dataclass(frozen=True)
class CalendarMonth:
    year: int
    month: int
    weeks: list[list[CalendarDay]]
    conflicts: tuple[Conflict, ...]
    peaks: tuple[AbsencePeak, ...]
    names: dict[str, str]
    activity_codes: dict[str, str]
    max_share: Decimal


def calendar_month(*, agency: Agency, year: int, month: int, activities: QuerySet[Activity],
                   unit: Unit | None = None, employee: Employee | None = None
                   ) -> CalendarMonth:
    """A month of activities (of a unit's people, or of one person) and the warnings: a person
    booked on two activities at once, and days when more than the agency's share of a unit is
    away (``DeliverySettings.max_away_share``)."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, month_calendar.monthrange(year, month)[1])
    enrollments = Enrollment.objects.filter(
        activity__in=activities.exclude(status=ActivityStatus.CANCELLED),
        status=EnrollmentStatus.ENROLLED, activity__start_date__lte=last,
        activity__end_date__gte=first).select_related("activity", "employee")
    if employee is not None:
        enrollments = enrollments.filter(employee=employee)
    if unit is not None:
        enrollments = enrollments.filter(employee__unit__path__startswith=unit.path)
    bookings: list[Booking] = []
    shown: dict[int, Activity] = {}
    names: dict[str, str] = {}
    for e in enrollments:
        shown[e.activity_id] = e.activity
        names[str(e.employee_id)] = e.employee.name
        bookings.append(Booking(person_id=str(e.employee_id), unit=str(e.employee.unit_id),
                                activity_id=str(e.activity_id), start=e.activity.start_date,
                                end=e.activity.end_date))
    conflicts = double_bookings(bookings)
    settings = settings_for(agency)
    unit_ids = {b.unit for b in bookings}
    sizes = {str(row["unit_id"]): row["n"] for row in
             Employee.objects.filter(unit_id__in=[int(u) for u in unit_ids])
             .exclude(status__in=["pensiun", "berhenti"])
             .values("unit_id").annotate(n=Count("id"))} if unit_ids else {}
    peaks = absence_peaks(bookings, sizes, float(settings.max_away_share))
    warn_days: set[dt.date] = set()
    for c in conflicts:
        warn_days |= _days(c.start, c.end)
    for p in peaks:
        warn_days |= _days(p.start, p.end)
    weeks: list[list[CalendarDay]] = []
    for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for day in week:
            acts = sorted((a for a in shown.values() if a.start_date <= day <= a.end_date),
                          key=lambda a: a.code)
            row.append(CalendarDay(day, day.month == month, acts, day in warn_days))
        weeks.append(row)
    codes = {str(a.pk): a.code for a in shown.values()}
    return CalendarMonth(year, month, weeks, conflicts, peaks, names, codes,
                         settings.max_away_share)


def _days(start: dt.date, end: dt.date) -> set[dt.date]:
    return {start + dt.timedelta(days=i) for i in range((end - start).days + 1)}


# --------------------------------------------------------------------------------------------
# A person's own, and the public lookup


def my_enrollments(employee: Employee) -> QuerySet[Enrollment]:
    return (Enrollment.objects.filter(employee=employee)
            .exclude(status=EnrollmentStatus.WITHDRAWN)
            .select_related("activity__programme__path", "certificate")
            .order_by("-activity__start_date"))


def certificate_by_code(code: str) -> Certificate | None:
    from bina.delivery.attendance import normalise_code

    cleaned = normalise_code(code)
    if not cleaned:
        return None
    return (Certificate.objects.select_related("enrollment__activity__programme",
                                               "enrollment__employee")
            .filter(code=cleaned).first())


# --------------------------------------------------------------------------------------------
# A supervisor's view of their subordinates' development


@dataclass
class TeamMember:
    """One subordinate: the year's JP (planned, earned, to come, the 20 JP status), their
    classes still to come and those held, and outside activities awaiting a decision."""

    employee: Employee
    direct: bool
    progress: PersonProgress | None
    upcoming: list[Enrollment] = field(default_factory=list)
    held: list[Enrollment] = field(default_factory=list)
    pending: int = 0


def team_ids(supervisor: Employee, *, indirect: bool) -> tuple[set[int], set[int]]:
    """(every subordinate shown, the direct ones): the direct subordinates, and with
    ``indirect`` those below them too (as far as :func:`subordinate_ids` reaches)."""
    direct = set(Employee.objects.filter(supervisor=supervisor).exclude(pk=supervisor.pk)
                 .values_list("id", flat=True))
    return (subordinate_ids(supervisor) if indirect else set(direct)), direct


def team_development(ids: Iterable[int], direct: set[int], *, agency_id: int, year: int,
                     today: dt.date) -> list[TeamMember]:
    """The development of the people ``ids`` in ``year`` (:class:`TeamMember`), by name. A
    constant number of queries whatever the size of the team."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    employees = {e.pk: e for e in Employee.objects.filter(pk__in=wanted, agency_id=agency_id)
                 .select_related("unit", "position", "grade")}
    progress = {p.employee_id: p for p in year_progress(
        agency_id=agency_id, year=year, today=today, employees=wanted)}
    first, last = year_bounds(year)
    members = {pk: TeamMember(employee=e, direct=pk in direct, progress=progress.get(pk))
               for pk, e in employees.items()}
    enrollments = (Enrollment.objects
                   .filter(employee_id__in=wanted, status=EnrollmentStatus.ENROLLED,
                           activity__start_date__lte=last, activity__end_date__gte=first)
                   .exclude(activity__status=ActivityStatus.CANCELLED)
                   .select_related("activity__programme__path")
                   .order_by("activity__start_date", "activity__code"))
    for enrollment in enrollments:
        member = members[enrollment.employee_id]
        activity = enrollment.activity
        if activity.status == ActivityStatus.COMPLETED or activity.end_date < today:
            member.held.append(enrollment)
        else:
            member.upcoming.append(enrollment)
    for submission in pending_submissions_for(wanted):
        members[submission.employee_id].pending += 1
    return sorted(members.values(), key=lambda m: (not m.direct, m.employee.name, m.employee.pk))
