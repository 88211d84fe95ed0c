"""Writes of attendance, completion and certificates (issue 5).

Attendance comes in three ways: the organiser marks it (:func:`attendance_record`), the
participant types the session's code on the day (:func:`attendance_check_in`), or an Excel
sheet is imported (:func:`attendance_import`, all or nothing). :func:`activity_complete` closes
an activity: each participant who attended at least ``activity.min_attendance`` per cent of the
sessions completes it, is credited JP under the agency's recognition rule for the programme's
path (written to the JP ledger through :func:`bina.ledger.services.ledger_credit`) and gets a
certificate with a public verification code.

Present and late both count as attended. A participant who checks in more than
:data:`LATE_AFTER` after the session's start is recorded late: the 15 minutes are the app's
choice, no regulation read sets one (**UNVERIFIED**).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.accounts.models import User
from bina.audit.services import audit_record
from bina.core.jp_rules import CompletedActivity, credit, round_jp
from bina.delivery.models import (
    Activity,
    ActivitySession,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    Certificate,
    CheckInMethod,
    Enrollment,
    EnrollmentStatus,
    Outcome,
)
from bina.delivery.services import SESSION_CODE_ALPHABET, DeliveryError
from bina.ledger.services import ledger_credit, rules_for
from bina.people.models import DevelopmentSource, Employee

LATE_AFTER = dt.timedelta(minutes=15)
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
CERTIFICATE_CODE_LENGTH = 10

# What an Excel cell may say for each status (case-insensitive): the code, the label, the
# usual letters of an attendance list (H hadir, T terlambat, I izin, A alpa).
STATUS_WORDS: dict[str, str] = {
    "hadir": AttendanceStatus.PRESENT, "h": AttendanceStatus.PRESENT,
    "present": AttendanceStatus.PRESENT,
    "terlambat": AttendanceStatus.LATE, "t": AttendanceStatus.LATE,
    "late": AttendanceStatus.LATE,
    "izin": AttendanceStatus.EXCUSED, "ijin": AttendanceStatus.EXCUSED,
    "i": AttendanceStatus.EXCUSED, "sakit": AttendanceStatus.EXCUSED,
    "s": AttendanceStatus.EXCUSED, "excused": AttendanceStatus.EXCUSED,
    "tidak_hadir": AttendanceStatus.ABSENT, "tidak hadir": AttendanceStatus.ABSENT,
    "a": AttendanceStatus.ABSENT, "alpa": AttendanceStatus.ABSENT,
    "absent": AttendanceStatus.ABSENT,
}


class AttendanceError(DeliveryError):
    """A check-in or an attendance write that was refused; nothing was changed."""


def parse_status(value: object) -> str | None:
    """The attendance status a cell or a form means, or None when it means none."""
    text = " ".join(str(value or "").strip().lower().split())
    return STATUS_WORDS.get(text) or STATUS_WORDS.get(text.replace("_", " "))


def _require_scheduled(activity: Activity) -> None:
    if activity.status != ActivityStatus.SCHEDULED:
        raise AttendanceError(
            _("Kegiatan %(code)s sudah %(status)s: presensi tidak dapat diubah.")
            % {"code": activity.code, "status": activity.get_status_display().lower()})


@transaction.atomic
def attendance_record(*, session: ActivitySession, enrollment: Enrollment, status: str,
                      user: User | None, method: str = CheckInMethod.ORGANISER) -> Attendance:
    """The organiser marks one participant at one session; marking again changes the status."""
    activity = Activity.objects.select_for_update(of=("self",)).get(pk=session.activity_id)
    _require_scheduled(activity)
    if enrollment.activity_id != activity.pk:
        raise AttendanceError(_("%(name)s bukan peserta kegiatan %(code)s.")
                              % {"name": enrollment.employee.name, "code": activity.code})
    if enrollment.status != EnrollmentStatus.ENROLLED:
        raise AttendanceError(_("%(name)s tidak lagi menjadi peserta kegiatan %(code)s.")
                              % {"name": enrollment.employee.name, "code": activity.code})
    if status not in AttendanceStatus.values:
        raise AttendanceError(_("Status kehadiran tidak dikenal: %(status)s.")
                              % {"status": status})
    attendance, created = Attendance.objects.select_for_update(of=("self",)).get_or_create(
        session=session, enrollment=enrollment,
        defaults={"status": status, "method": method, "recorded_by": user})
    previous = None if created else attendance.status
    attendance.status = status
    attendance.method = method
    attendance.recorded_by = user
    if status in ATTENDED and attendance.checked_in_at is None:
        attendance.checked_in_at = timezone.now()
    attendance.save()
    audit_record(actor=user, agency=activity.agency, action="delivery.attendance",
                 object_type="activity", object_id=activity.pk, object_label=activity.code,
                 changes={"session": str(session.date), "employee": enrollment.employee_id,
                          "status": [previous, status]})
    return attendance


def normalise_code(code: str) -> str:
    """What a participant typed, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


@transaction.atomic
def attendance_check_in(*, code: str, employee: Employee,
                        now: dt.datetime | None = None) -> Attendance:
    """A participant checks in by typing the session's code, on the session's day only.

    Refused (nothing changes) when the code is unknown, the person is not a participant of the
    activity, the session is not today, or the person has already checked in. More than
    :data:`LATE_AFTER` after the start time the attendance is recorded as late. An organiser's
    earlier "izin"/"tidak hadir" mark is replaced by the check-in (the person came after all)."""
    now = timezone.localtime(now or timezone.now())
    session = (ActivitySession.objects.select_related("activity")
               .filter(code=normalise_code(code)).first())
    if session is None:
        raise AttendanceError(_("Kode sesi %(code)s tidak ditemukan. Periksa kembali kode yang "
                                "diberikan panitia.") % {"code": code.strip().upper()})
    activity = session.activity
    enrollment = Enrollment.objects.filter(activity=activity, employee=employee,
                                           status=EnrollmentStatus.ENROLLED).first()
    if enrollment is None:
        raise AttendanceError(_("Anda tidak terdaftar sebagai peserta %(name)s.")
                              % {"name": activity.name})
    if activity.status != ActivityStatus.SCHEDULED:
        raise AttendanceError(_("Kegiatan %(name)s sudah %(status)s: presensi ditutup.")
                              % {"name": activity.name,
                                 "status": activity.get_status_display().lower()})
    if session.date != now.date():
        raise AttendanceError(
            _("Kode ini untuk sesi tanggal %(date)s; presensi hanya dapat dilakukan pada hari "
              "sesi.") % {"date": session.date.strftime("%d-%m-%Y")})
    existing = (Attendance.objects.select_for_update(of=("self",))
                .filter(session=session, enrollment=enrollment).first())
    if existing is not None and existing.status in ATTENDED:
        when = (timezone.localtime(existing.checked_in_at).strftime("%H:%M")
                if existing.checked_in_at else "–")
        raise AttendanceError(_("Anda sudah tercatat hadir pada sesi ini (pukul %(time)s).")
                              % {"time": when})
    status = AttendanceStatus.PRESENT
    if session.start_time is not None:
        start = dt.datetime.combine(session.date, session.start_time, tzinfo=now.tzinfo)
        if now > start + LATE_AFTER:
            status = AttendanceStatus.LATE
    attendance = existing or Attendance(session=session, enrollment=enrollment)
    attendance.status = status
    attendance.method = CheckInMethod.CODE
    attendance.checked_in_at = now
    attendance.recorded_by = None
    attendance.save()
    audit_record(actor=None, agency=activity.agency, action="delivery.check_in",
                 object_type="activity", object_id=activity.pk, object_label=activity.code,
                 changes={"session": str(session.date), "employee": employee.pk,
                          "status": status})
    return attendance


# --------------------------------------------------------------------------------------------
# Excel import


@dataclass(frozen=True)
class AttendanceRow:
    """One row of an attendance sheet as read: the file row, the NIP, the session date (None
    when the cell is not a date; ``date_text`` keeps what it said) and the status as written."""

    row: int
    nip: str
    date: dt.date | None
    status: str
    date_text: str = ""


@dataclass(frozen=True)
class RowProblem:
    row: int | None
    column: str
    message: str


@dataclass(frozen=True)
class AttendanceImport:
    """The outcome of an import; when there are errors nothing was written."""

    imported: int = 0
    errors: tuple[RowProblem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, object]:
        return {"imported": self.imported,
                "errors": [{"row": e.row, "column": e.column, "message": e.message}
                           for e in self.errors]}


COL_NIP, COL_DATE, COL_STATUS = "NIP", "TANGGAL", "STATUS"


@transaction.atomic
def attendance_import(*, activity: Activity, rows: Sequence[AttendanceRow],
                      user: User | None) -> AttendanceImport:
    """Record the attendance of a sheet, all or nothing. Each error names the row, the column
    and the rule: an unknown NIP, a person not enrolled, a date outside the activity or without
    a session, an unknown status, a row repeating an earlier one (same NIP and date). Rows
    with an empty status are skipped (not yet known). Re-importing changes earlier marks."""
    errors: list[RowProblem] = []

    def refuse(row: int, column: str, message: str) -> None:
        errors.append(RowProblem(row, column, message))

    if activity.status != ActivityStatus.SCHEDULED:
        return AttendanceImport(errors=(RowProblem(
            None, "", _("Kegiatan %(code)s sudah %(status)s: presensi tidak dapat diubah.")
            % {"code": activity.code, "status": activity.get_status_display().lower()}),))
    sessions: dict[dt.date, ActivitySession] = {}
    for each in activity.sessions.order_by("date", "start_time"):
        sessions.setdefault(each.date, each)
    enrollments = {e.employee.nip: e for e in
                   activity.enrollments.select_related("employee")}
    known_nips = set(Employee.objects.filter(agency_id=activity.agency_id,
                                             nip__in=[r.nip for r in rows])
                     .values_list("nip", flat=True))
    seen: dict[tuple[str, dt.date], int] = {}
    valid: list[tuple[ActivitySession, Enrollment, str]] = []
    for r in rows:
        status_text = str(r.status or "").strip()
        if not status_text:  # not yet known (the template's empty cells)
            continue
        ok = True
        enrollment = enrollments.get(r.nip)
        if not r.nip:
            refuse(r.row, COL_NIP, _("NIP kosong."))
            ok = False
        elif r.nip not in known_nips:
            refuse(r.row, COL_NIP, _("NIP %(nip)s tidak dikenal di instansi ini.")
                   % {"nip": r.nip})
            ok = False
        elif enrollment is None or enrollment.status != EnrollmentStatus.ENROLLED:
            refuse(r.row, COL_NIP, _("NIP %(nip)s bukan peserta kegiatan %(code)s.")
                   % {"nip": r.nip, "code": activity.code})
            ok = False
        session: ActivitySession | None = None
        if r.date is None:
            refuse(r.row, COL_DATE, _("Tanggal %(value)r bukan tanggal (tulis TTTT-BB-HH atau "
                                      "HH-BB-TTTT).") % {"value": r.date_text})
            ok = False
        elif not activity.start_date <= r.date <= activity.end_date:
            refuse(r.row, COL_DATE, _("Tanggal %(date)s di luar kegiatan (%(start)s s.d. "
                                      "%(end)s).") % {"date": r.date.isoformat(),
                                                      "start": activity.start_date.isoformat(),
                                                      "end": activity.end_date.isoformat()})
            ok = False
        else:
            session = sessions.get(r.date)
            if session is None:
                refuse(r.row, COL_DATE, _("Tidak ada sesi pada tanggal %(date)s.")
                       % {"date": r.date.isoformat()})
                ok = False
        status = parse_status(status_text)
        if status is None:
            refuse(r.row, COL_STATUS, _("Status %(value)r tidak dikenal; gunakan hadir, "
                                        "terlambat, izin atau tidak hadir.")
                   % {"value": status_text})
            ok = False
        if r.nip and r.date is not None:
            key = (r.nip, r.date)
            if key in seen:
                refuse(r.row, COL_NIP, _("Baris ganda: NIP %(nip)s tanggal %(date)s sudah ada "
                                         "di baris %(first)s.")
                       % {"nip": r.nip, "date": r.date.isoformat(), "first": seen[key]})
                ok = False
            else:
                seen[key] = r.row
        if ok and session is not None and enrollment is not None and status is not None:
            valid.append((session, enrollment, status))
    if errors:
        return AttendanceImport(errors=tuple(errors))
    now = timezone.now()
    existing = {(a.session_id, a.enrollment_id): a for a in
                Attendance.objects.filter(session__activity=activity)}
    for session, enrollment, status in valid:
        attendance = existing.get((session.pk, enrollment.pk)) or Attendance(
            session=session, enrollment=enrollment)
        attendance.status = status
        attendance.method = CheckInMethod.UPLOAD
        attendance.recorded_by = user
        if status in ATTENDED and attendance.checked_in_at is None:
            attendance.checked_in_at = now
        attendance.save()
    audit_record(actor=user, agency=activity.agency, action="delivery.attendance_import",
                 object_type="activity", object_id=activity.pk, object_label=activity.code,
                 changes={"rows": len(valid)})
    return AttendanceImport(imported=len(valid))


# --------------------------------------------------------------------------------------------
# Completion and certificates


@dataclass(frozen=True)
class CompletionResult:
    activity: Activity
    completed: int
    not_completed: int
    jp_total: Decimal


def certificate_code() -> str:
    """A 10-character verification code from the unambiguous alphabet (no 0/O, 1/I)."""
    while True:
        code = "".join(secrets.choice(SESSION_CODE_ALPHABET)
                       for _ in range(CERTIFICATE_CODE_LENGTH))
        if not Certificate.objects.filter(code=code).exists():
            return code


def completes(attended: int, sessions: int, min_attendance: int) -> bool:
    """The completion rule: attended / sessions ≥ min_attendance %, in whole numbers (no
    rounding: 4 of 5 sessions is exactly 80%)."""
    return sessions > 0 and attended * 100 >= min_attendance * sessions


@transaction.atomic
def activity_complete(*, activity: Activity, user: User | None) -> CompletionResult:
    """Close an activity: outcome, JP and certificate of every participant.

    A participant whose present-or-late sessions reach ``min_attendance`` % of the sessions
    completes it: JP are credited under the agency's rule for the programme's path
    (regulation.md §2.2; a path without a rule counts the programme's JP, **UNVERIFIED**),
    written to the ledger and numbered ``{activity.code}/{seq:03d}`` on a certificate. The
    others are "tidak selesai". Completing twice is refused; so is completing before the last
    day or an activity without sessions."""
    given = activity
    activity = Activity.objects.select_for_update(of=("self",)).select_related(
        "programme__path", "provider", "agency").get(pk=given.pk)
    if activity.status == ActivityStatus.COMPLETED:
        raise DeliveryError(_("Kegiatan %(code)s sudah diselesaikan.") % {"code": activity.code})
    if activity.status != ActivityStatus.SCHEDULED:
        raise DeliveryError(_("Kegiatan %(code)s dibatalkan: tidak dapat diselesaikan.")
                            % {"code": activity.code})
    today = timezone.localdate()
    if activity.end_date > today:
        raise DeliveryError(_("Kegiatan %(code)s baru berakhir %(date)s: selesaikan setelah "
                              "hari terakhir.") % {"code": activity.code,
                                                  "date": activity.end_date.strftime("%d-%m-%Y")})
    sessions = list(activity.sessions.all())
    if not sessions:
        raise DeliveryError(_("Kegiatan %(code)s tidak mempunyai sesi.") % {"code": activity.code})
    programme = activity.programme
    path_code = programme.path.code
    rule = rules_for(activity.agency).get(path_code)
    attended_dates: dict[int, list[dt.date]] = {}
    for a in (Attendance.objects.filter(session__activity=activity, status__in=ATTENDED)
              .select_related("session")):
        attended_dates.setdefault(a.enrollment_id, []).append(a.session.date)
    enrollments = list(activity.enrollments.filter(status=EnrollmentStatus.ENROLLED)
                       .select_related("employee").order_by("employee__name", "pk"))
    seq = Certificate.objects.filter(enrollment__activity=activity).count()
    completed = not_completed = 0
    jp_total = Decimal(0)
    now = timezone.now()
    for enrollment in enrollments:
        dates = sorted(attended_dates.get(enrollment.pk, []))
        enrollment.attendance_share = (Decimal(len(dates)) / Decimal(len(sessions))
                                       ).quantize(Decimal("0.001"))
        if not completes(len(dates), len(sessions), activity.min_attendance):
            enrollment.outcome = Outcome.NOT_COMPLETED
            enrollment.jp_credited = Decimal(0)
            enrollment.save(update_fields=["outcome", "attendance_share", "jp_credited"])
            not_completed += 1
            continue
        if rule is None:
            jp = round_jp(Decimal(programme.jp))
        else:
            jp = credit(rule, CompletedActivity(
                path_code, programme_jp=Decimal(programme.jp), days=activity.days,
                session_dates=tuple(dates), international=activity.is_international)).jp
        seq += 1
        number = f"{activity.code}/{seq:03d}"
        Certificate.objects.create(enrollment=enrollment, number=number,
                                   code=certificate_code(), jp=jp, issued_at=now)
        enrollment.record = ledger_credit(
            employee=enrollment.employee, title=activity.name, path_code=path_code,
            start_date=activity.start_date, end_date=activity.end_date, jp=jp,
            source=DevelopmentSource.PLAN, provider=activity.provider,
            provider_name=activity.provider_name, certificate_number=number,
            record=enrollment.record, path=programme.path)
        enrollment.outcome = Outcome.COMPLETED
        enrollment.jp_credited = jp
        enrollment.save(update_fields=["outcome", "attendance_share", "jp_credited", "record"])
        completed += 1
        jp_total += jp
    activity.status = ActivityStatus.COMPLETED
    activity.completed_at = now
    activity.completed_by = user
    activity.save(update_fields=["status", "completed_at", "completed_by"])
    given.status, given.completed_at, given.completed_by = activity.status, now, user
    audit_record(actor=user, agency=activity.agency, action="delivery.complete",
                 object_type="activity", object_id=activity.pk, object_label=activity.code,
                 changes={"completed": completed, "not_completed": not_completed,
                          "jp": str(jp_total)})
    return CompletionResult(activity=activity, completed=completed,
                            not_completed=not_completed, jp_total=jp_total)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, user: User | None,
                       reason: str = "") -> Certificate:
    """Revoke a certificate: the public page then says so. The JP already credited stay in the
    ledger (correct them there if the completion itself was wrong)."""
    if certificate.revoked_at is not None:
        raise DeliveryError(_("Sertifikat %(number)s sudah dicabut.")
                            % {"number": certificate.number})
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["revoked_at"])
    activity = certificate.enrollment.activity
    audit_record(actor=user, agency=activity.agency, action="delivery.certificate_revoke",
                 object_type="certificate", object_id=certificate.pk,
                 object_label=certificate.number, changes={"reason": reason})
    return certificate
