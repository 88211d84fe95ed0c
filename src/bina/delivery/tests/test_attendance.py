"""Attendance, completion and certificates: the organiser's marks, the participant's check-in
by code, the Excel import (all or nothing), completion with JP through the agency's rule, and
revocation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from bina.delivery.attendance import (
    AttendanceError,
    AttendanceRow,
    activity_complete,
    attendance_check_in,
    attendance_import,
    attendance_record,
    certificate_revoke,
    completes,
)
from bina.delivery.models import (
    Activity,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    Certificate,
    CheckInMethod,
    EnrollmentStatus,
    Outcome,
)
from bina.delivery.services import SESSION_CODE_ALPHABET, DeliveryError, enrollment_withdraw
from bina.delivery.tests.factories import TODAY, enrollment, make_activity
from bina.people.models import DevelopmentRecord, DevelopmentSource
from bina.testing import World

WITA = dt.timezone(dt.timedelta(hours=8))


def at(hour: int, minute: int = 0, day: dt.date = TODAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WITA)


# --------------------------------------------------------------------------------------------
# Organiser


def test_the_organiser_marks_and_re_marks_a_participant(world: World) -> None:
    activity = make_activity(world, people=(world.staff,))
    session = activity.sessions.get(date=TODAY)
    e = enrollment(activity, world.staff)
    attendance_record(session=session, enrollment=e, status="izin", user=world.planner)
    attendance_record(session=session, enrollment=e, status="hadir", user=world.planner)
    a = Attendance.objects.get()
    assert (a.status, a.method, a.recorded_by) == ("hadir", "panitia", world.planner)


def test_it_rejects_marking_someone_who_was_withdrawn(world: World) -> None:
    activity = make_activity(world, people=(world.staff,))
    e = enrollment(activity, world.staff)
    enrollment_withdraw(enrollment=e, user=world.planner)
    e.refresh_from_db()
    with pytest.raises(AttendanceError, match="tidak lagi menjadi peserta"):
        attendance_record(session=activity.sessions.get(date=TODAY),
                          enrollment=e, status="hadir", user=world.planner)
    assert not Attendance.objects.exists()


def test_it_rejects_an_unknown_status(world: World) -> None:
    activity = make_activity(world, people=(world.staff,))
    with pytest.raises(AttendanceError, match="tidak dikenal"):
        attendance_record(session=activity.sessions.get(date=TODAY),
                          enrollment=enrollment(activity, world.staff), status="datang",
                          user=world.planner)


# --------------------------------------------------------------------------------------------
# Check-in by code


def test_a_participant_checks_in_on_time_with_the_code(world: World) -> None:
    activity = make_activity(world, people=(world.staff,))
    session = activity.sessions.get(date=TODAY)
    a = attendance_check_in(code=session.code.lower(), employee=world.staff, now=at(8, 15))
    assert (a.status, a.method) == (AttendanceStatus.PRESENT, CheckInMethod.CODE)
    assert a.checked_in_at == at(8, 15)


def test_a_check_in_after_fifteen_minutes_is_late(world: World) -> None:
    activity = make_activity(world, people=(world.staff,))
    code = activity.sessions.get(date=TODAY).code
    assert attendance_check_in(code=code, employee=world.staff, now=at(8, 16)).status == "terlambat"


def test_it_rejects_an_unknown_code(world: World) -> None:
    make_activity(world, people=(world.staff,))
    with pytest.raises(AttendanceError, match="tidak ditemukan"):
        attendance_check_in(code="ZZZZZZ", employee=world.staff, now=at(8))


def test_it_rejects_a_person_who_is_not_a_participant(world: World) -> None:
    activity = make_activity(world, people=(world.staff,))
    with pytest.raises(AttendanceError, match="tidak terdaftar"):
        attendance_check_in(code=activity.sessions.get(date=TODAY).code,
                            employee=world.auditor, now=at(8))
    assert not Attendance.objects.exists()


def test_it_rejects_a_code_on_another_day(world: World) -> None:
    activity = make_activity(world, people=(world.staff,))
    tomorrow = activity.sessions.get(date=TODAY + dt.timedelta(days=1))
    with pytest.raises(AttendanceError, match="hanya dapat dilakukan pada hari sesi"):
        attendance_check_in(code=tomorrow.code, employee=world.staff, now=at(8))
    assert not Attendance.objects.exists()


def test_it_rejects_a_double_check_in_and_changes_nothing(world: World) -> None:
    activity = make_activity(world, people=(world.staff,))
    code = activity.sessions.get(date=TODAY).code
    attendance_check_in(code=code, employee=world.staff, now=at(8, 5))
    with pytest.raises(AttendanceError, match=r"sudah tercatat hadir.*08:05"):
        attendance_check_in(code=code, employee=world.staff, now=at(9, 30))
    a = Attendance.objects.get()
    assert (a.status, a.checked_in_at) == ("hadir", at(8, 5))


def test_a_check_in_replaces_an_organisers_absent_mark(world: World) -> None:
    activity = make_activity(world, people=(world.staff,))
    session = activity.sessions.get(date=TODAY)
    attendance_record(session=session, enrollment=enrollment(activity, world.staff),
                      status="tidak_hadir", user=world.planner)
    assert attendance_check_in(code=session.code, employee=world.staff,
                               now=at(10)).status == "terlambat"
    assert Attendance.objects.count() == 1


# --------------------------------------------------------------------------------------------
# Excel import


def rows(*items: tuple[str, dt.date | None, str]) -> list[AttendanceRow]:
    return [AttendanceRow(row=i, nip=nip, date=day, status=status, date_text=str(day))
            for i, (nip, day, status) in enumerate(items, start=4)]


def test_the_import_records_every_row(world: World) -> None:
    activity = make_activity(world, people=(world.staff, world.kabid))
    day2 = TODAY + dt.timedelta(days=1)
    result = attendance_import(activity=activity, user=world.planner, rows=rows(
        (world.staff.nip, TODAY, "Hadir"), (world.staff.nip, day2, "T"),
        (world.kabid.nip, TODAY, "izin"), (world.kabid.nip, day2, "")))
    assert result.ok and result.imported == 3
    assert sorted(Attendance.objects.values_list("status", flat=True)) == [
        "hadir", "izin", "terlambat"]
    assert set(Attendance.objects.values_list("method", flat=True)) == {"unggah"}


@pytest.mark.parametrize(("row", "column", "rule"), [
    (("199001019999031001", TODAY, "hadir"), "NIP", "tidak dikenal"),
    (("AUDITOR", TODAY, "hadir"), "NIP", "bukan peserta"),
    (("STAFF", TODAY + dt.timedelta(days=5), "hadir"), "TANGGAL", "di luar kegiatan"),
    (("STAFF", None, "hadir"), "TANGGAL", "bukan tanggal"),
    (("STAFF", TODAY, "datang"), "STATUS", "tidak dikenal"),
])
def test_the_import_names_the_row_column_and_rule_and_writes_nothing(
        world: World, row: tuple[str, dt.date | None, str], column: str, rule: str) -> None:
    activity = make_activity(world, people=(world.staff,))
    nip = {"STAFF": world.staff.nip, "AUDITOR": world.auditor.nip}.get(row[0], row[0])
    result = attendance_import(activity=activity, user=world.planner, rows=rows(
        (world.staff.nip, TODAY + dt.timedelta(days=1), "hadir"), (nip, row[1], row[2])))
    assert not result.ok and result.imported == 0
    assert [(e.row, e.column) for e in result.errors] == [(5, column)]
    assert rule in result.errors[0].message
    assert not Attendance.objects.exists()


def test_the_import_rejects_a_day_without_a_session(world: World) -> None:
    activity = make_activity(world, people=(world.staff,), days=3)
    activity.sessions.filter(date=TODAY + dt.timedelta(days=1)).delete()
    result = attendance_import(activity=activity, user=world.planner, rows=rows(
        (world.staff.nip, TODAY + dt.timedelta(days=1), "hadir")))
    assert [e.message for e in result.errors] == ["Tidak ada sesi pada tanggal 2026-11-29."]


def test_the_import_rejects_a_duplicate_row(world: World) -> None:
    activity = make_activity(world, people=(world.staff,))
    result = attendance_import(activity=activity, user=world.planner, rows=rows(
        (world.staff.nip, TODAY, "hadir"), (world.staff.nip, TODAY, "izin")))
    assert [(e.row, e.column) for e in result.errors] == [(5, "NIP")]
    assert "baris 4" in result.errors[0].message
    assert not Attendance.objects.exists()


# --------------------------------------------------------------------------------------------
# Completion


@pytest.mark.parametrize(("attended", "sessions", "ok"), [
    (4, 5, True), (3, 5, False), (8, 10, True), (7, 9, False), (0, 1, False)])
def test_the_80_percent_rule_boundary(attended: int, sessions: int, ok: bool) -> None:
    assert completes(attended, sessions, 80) is ok


def past_activity(world: World, days: int, **kw: Any) -> Activity:
    return make_activity(world, start=TODAY - dt.timedelta(days=days + 2), days=days, **kw)


def mark(activity: Activity, person: Any, statuses: list[str], world: World) -> None:
    e = enrollment(activity, person)
    for session, status in zip(e.activity.sessions.order_by("date"), statuses, strict=False):
        attendance_record(session=session, enrollment=e, status=status, user=world.planner)


def test_completion_credits_a_two_day_workshop_ten_jp(world: World) -> None:
    activity = past_activity(world, 2, people=(world.staff,), path="KL07", jp=16)
    mark(activity, world.staff, ["hadir", "terlambat"], world)
    result = activity_complete(activity=activity, user=world.planner)
    assert (result.completed, result.not_completed, result.jp_total) == (1, 0, Decimal(10))
    e = enrollment(activity, world.staff)
    assert (e.outcome, e.jp_credited, e.attendance_share) == ("selesai", Decimal(10),
                                                              Decimal("1.000"))
    record = DevelopmentRecord.objects.get(employee=world.staff)
    assert record == e.record
    assert (record.jp, record.source, record.path.code) == (Decimal(10), DevelopmentSource.PLAN,
                                                           "KL07")
    cert = Certificate.objects.get(enrollment=e)
    assert cert.number == "WS-2026-01/001" == record.certificate_number
    assert len(cert.code) == 10 and set(cert.code) <= set(SESSION_CODE_ALPHABET)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.COMPLETED


def test_completion_below_the_minimum_is_not_completed_and_credits_nothing(
        world: World) -> None:
    activity = past_activity(world, 5, people=(world.staff, world.kabid))
    mark(activity, world.staff, ["hadir", "hadir", "hadir", "terlambat", "izin"], world)
    mark(activity, world.kabid, ["hadir", "hadir", "hadir", "izin", "tidak_hadir"], world)
    result = activity_complete(activity=activity, user=world.planner)
    assert (result.completed, result.not_completed) == (1, 1)
    kabid = enrollment(activity, world.kabid)
    assert (kabid.outcome, kabid.attendance_share) == (Outcome.NOT_COMPLETED, Decimal("0.600"))
    assert not Certificate.objects.filter(enrollment=kabid).exists()
    assert not DevelopmentRecord.objects.filter(employee=world.kabid).exists()
    assert enrollment(activity, world.staff).outcome == Outcome.COMPLETED


def test_completion_follows_the_seminar_rule_and_the_programme_rule(world: World) -> None:
    seminar = past_activity(world, 1, people=(world.staff,), path="KL06")
    mark(seminar, world.staff, ["hadir"], world)
    assert activity_complete(activity=seminar,
                             user=None).jp_total == Decimal(4)
    course = make_activity(world, "TEK-2026-01", start=TODAY - dt.timedelta(days=9), days=3,
                           path="KL03", jp=24, people=(world.staff,))
    mark(course, world.staff, ["hadir", "hadir", "hadir"], world)
    assert activity_complete(activity=course, user=None).jp_total == Decimal(24)


def test_it_refuses_to_complete_twice(world: World) -> None:
    activity = past_activity(world, 1, people=(world.staff,))
    mark(activity, world.staff, ["hadir"], world)
    activity_complete(activity=activity, user=world.planner)
    with pytest.raises(DeliveryError, match="sudah diselesaikan"):
        activity_complete(activity=activity, user=world.planner)
    assert Certificate.objects.count() == 1 and DevelopmentRecord.objects.count() == 1


def test_it_refuses_to_complete_before_the_last_day(world: World) -> None:
    activity = make_activity(world, people=(world.staff,))
    with pytest.raises(DeliveryError, match="baru berakhir"):
        activity_complete(activity=activity, user=world.planner)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SCHEDULED


def test_withdrawn_people_are_not_assessed(world: World) -> None:
    activity = past_activity(world, 1, people=(world.staff, world.kabid))
    e = enrollment(activity, world.kabid)
    e.status = EnrollmentStatus.WITHDRAWN
    e.save()
    result = activity_complete(activity=activity, user=None)
    assert (result.completed, result.not_completed) == (0, 1)
    assert enrollment(activity, world.kabid).outcome == ""


def test_attendance_is_closed_after_completion(world: World) -> None:
    activity = past_activity(world, 1, people=(world.staff,))
    activity_complete(activity=activity, user=None)
    with pytest.raises(AttendanceError, match="sudah selesai"):
        attendance_record(session=activity.sessions.get(),
                          enrollment=enrollment(activity, world.staff), status="hadir",
                          user=world.planner)


def test_a_revoked_certificate_is_marked_and_cannot_be_revoked_twice(world: World) -> None:
    activity = past_activity(world, 1, people=(world.staff,))
    mark(activity, world.staff, ["hadir"], world)
    activity_complete(activity=activity, user=None)
    cert = Certificate.objects.get()
    certificate_revoke(certificate=cert, user=world.admin, reason="salah orang")
    cert.refresh_from_db()
    assert cert.revoked_at is not None and cert.revoked_at <= timezone.now()
    with pytest.raises(DeliveryError, match="sudah dicabut"):
        certificate_revoke(certificate=cert, user=world.admin)
