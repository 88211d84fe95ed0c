"""Behaviour follow-up (Kirkpatrick level 3, issue 6): selectors and services.

* :func:`followups_open` opens one :class:`FollowUp` per completed enrollment whose activity
  ended at least :data:`OPEN_AFTER_DAYS` (60) days ago, due :data:`DUE_AFTER_DAYS` (90) days
  after the end, with one :class:`FollowUpRating` per competency the programme targets
  (``plan.ProgrammeGain``) and the participant's direct supervisor (``Employee.supervisor``;
  none recorded: the participant alone rates). Idempotent: an enrollment with a follow-up is
  skipped. Past-due follow-ups not done are marked expired (:func:`followups_expire`).
* The participant (:func:`followup_self_submit`) and the supervisor
  (:func:`followup_supervisor_submit`) rate, per competency, the level now shown at work (1–5,
  the competency dictionary levels) and how much is applied (1–5), with an example.
* The competency record: each submission writes new ``CompetencyRating`` rows (kind
  ``evaluasi``, linked to the follow-up, with the evidence). The supervisor's level is the one
  recorded when present; the participant's level is recorded only when the supervisor has not
  rated, and is flagged as self-rated in the evidence. Older ratings stay as history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from bina.accounts.models import Role, User
from bina.accounts.selectors import AGENCY_WIDE
from bina.audit.services import audit_record
from bina.delivery.models import ActivityStatus, Enrollment, EnrollmentStatus, Outcome
from bina.evaluation.models import (
    CompetencyRating,
    EvidenceKind,
    FollowUp,
    FollowUpRating,
    FollowUpStatus,
)
from bina.org.models import Agency
from bina.plan.models import ProgrammeGain

OPEN_AFTER_DAYS = 60
DUE_AFTER_DAYS = 90
SCALE = range(1, 6)


class FollowUpError(ValueError):
    pass


# --------------------------------------------------------------------------------------------
# Selectors


def followups_base() -> QuerySet[FollowUp]:
    return FollowUp.objects.select_related(
        "enrollment__employee__unit", "enrollment__activity__programme", "supervisor")


def followups_as_participant(user: User) -> QuerySet[FollowUp]:
    if user.employee_id is None:
        return FollowUp.objects.none()
    return followups_base().filter(enrollment__employee_id=user.employee_id)


def followups_as_supervisor(user: User) -> QuerySet[FollowUp]:
    if user.employee_id is None:
        return FollowUp.objects.none()
    return followups_base().filter(supervisor_id=user.employee_id)


def can_oversee(user: User) -> bool:
    """The planner overview: admin, planner and leadership (aggregates only)."""
    return user.is_authenticated and user.role in AGENCY_WIDE


def can_open(user: User) -> bool:
    return user.is_authenticated and user.role in {Role.ADMIN, Role.PLANNER}


def role_in(follow_up: FollowUp, user: User) -> str | None:
    """"peserta", "atasan" or None: who ``user`` is for this follow-up."""
    if user.employee_id is None:
        return None
    if follow_up.enrollment.employee_id == user.employee_id:
        return "peserta"
    if follow_up.supervisor_id == user.employee_id:
        return "atasan"
    return None


def is_open(follow_up: FollowUp, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (follow_up.status not in (FollowUpStatus.DONE, FollowUpStatus.EXPIRED)
            and follow_up.opens_on <= today <= follow_up.due_on)


@dataclass(frozen=True, slots=True)
class ProgrammeFollowUp:
    programme_id: int
    code: str
    name: str
    follow_ups: int
    self_answered: int
    supervisor_answered: int
    expired: int
    mean_applied: float | None  # supervisor's applied score where given, else self
    mean_level: float | None

    @property
    def self_rate(self) -> float | None:
        return None if not self.follow_ups else round(100 * self.self_answered
                                                      / self.follow_ups, 1)

    @property
    def supervisor_rate(self) -> float | None:
        return None if not self.follow_ups else round(100 * self.supervisor_answered
                                                      / self.follow_ups, 1)


#: Fewer answered follow-ups than this behind a programme's means: read-only leadership does
#: not get the means (they would be one person's ratings).
MIN_CELL = 2


def without_small_cells(row: ProgrammeFollowUp) -> ProgrammeFollowUp:
    if max(row.self_answered, row.supervisor_answered) >= MIN_CELL:
        return row
    return replace(row, mean_applied=None, mean_level=None)


def overview(agency_id: int, year: int | None = None) -> list[ProgrammeFollowUp]:
    """Per programme: follow-ups, response rates, mean applied score and level."""
    qs = FollowUp.objects.filter(enrollment__activity__agency_id=agency_id)
    if year is not None:
        qs = qs.filter(enrollment__activity__end_date__year=year)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    names: dict[int, tuple[str, str]] = {}
    for programme_id, code, name, self_at, sup_at, status in qs.values_list(
            "enrollment__activity__programme_id", "enrollment__activity__programme__code",
            "enrollment__activity__programme__name", "self_submitted_at",
            "supervisor_submitted_at", "status"):
        row = counts[programme_id]
        row[0] += 1
        row[1] += self_at is not None
        row[2] += sup_at is not None
        row[3] += status == FollowUpStatus.EXPIRED
        names[programme_id] = (code, name)
    applied: dict[int, list[int]] = defaultdict(list)
    levels: dict[int, list[int]] = defaultdict(list)
    for programme_id, self_app, sup_app, self_lvl, sup_lvl in (
            FollowUpRating.objects.filter(follow_up__in=qs).values_list(
                "follow_up__enrollment__activity__programme_id", "self_applied",
                "supervisor_applied", "self_level", "supervisor_level")):
        value = sup_app if sup_app is not None else self_app
        if value is not None:
            applied[programme_id].append(value)
        level = sup_lvl if sup_lvl is not None else self_lvl
        if level is not None:
            levels[programme_id].append(level)

    def mean(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 2) if values else None

    return sorted((ProgrammeFollowUp(pk, names[pk][0], names[pk][1], counts[pk][0],
                                     counts[pk][1], counts[pk][2], counts[pk][3],
                                     mean(applied[pk]), mean(levels[pk])) for pk in counts),
                  key=lambda r: r.code)


# --------------------------------------------------------------------------------------------
# Services


def due_enrollments(agency_id: int, today: dt.date) -> QuerySet[Enrollment]:
    """Completed enrollments of completed activities ended ≥ 60 days ago, without follow-up."""
    return (Enrollment.objects
            .filter(activity__agency_id=agency_id, activity__status=ActivityStatus.COMPLETED,
                    activity__end_date__lte=today - dt.timedelta(days=OPEN_AFTER_DAYS),
                    status=EnrollmentStatus.ENROLLED, outcome=Outcome.COMPLETED,
                    follow_up__isnull=True)
            .select_related("activity", "employee")
            .order_by("activity__end_date", "activity_id", "employee__nip"))


def followups_open(*, agency: Agency, user: User | None, today: dt.date | None = None,
                   only_due: bool = True) -> int:
    """Open the follow-ups that are due (module notes); returns how many were opened.
    ``only_due`` False also opens those whose 90 days have passed (the demo's history); they
    are then expired by :func:`followups_expire`."""
    today = today or timezone.localdate()
    enrollments = list(due_enrollments(agency.pk, today))
    if only_due:
        enrollments = [e for e in enrollments if e.activity.end_date
                       + dt.timedelta(days=DUE_AFTER_DAYS) >= today]
    if not enrollments:
        return 0
    gains: dict[int, list[int]] = defaultdict(list)
    for programme_id, competency_id in ProgrammeGain.objects.filter(
            programme_id__in={e.activity.programme_id for e in enrollments}
    ).values_list("programme_id", "competency_id"):
        gains[programme_id].append(competency_id)
    with transaction.atomic():
        created = FollowUp.objects.bulk_create([
            FollowUp(enrollment=e, supervisor_id=e.employee.supervisor_id,
                     opens_on=e.activity.end_date + dt.timedelta(days=OPEN_AFTER_DAYS),
                     due_on=e.activity.end_date + dt.timedelta(days=DUE_AFTER_DAYS))
            for e in enrollments], ignore_conflicts=True)
        by_enrollment = dict(FollowUp.objects.filter(
            enrollment_id__in=[e.pk for e in enrollments]).values_list("enrollment_id", "pk"))
        FollowUpRating.objects.bulk_create([
            FollowUpRating(follow_up_id=by_enrollment[e.pk], competency_id=c)
            for e in enrollments if e.pk in by_enrollment
            for c in gains[e.activity.programme_id]], ignore_conflicts=True)
        audit_record(actor=user, agency=agency, action="followup.open",
                     object_type="evaluation.FollowUp",
                     object_label=f"{len(created)} evaluasi pascapelatihan dibuka",
                     changes={"opened": len(created), "day": today.isoformat()})
    return len(created)


def followups_expire(*, agency: Agency, today: dt.date | None = None) -> int:
    """Mark follow-ups past their due date and not done as expired."""
    today = today or timezone.localdate()
    return (FollowUp.objects
            .filter(enrollment__activity__agency=agency, due_on__lt=today)
            .exclude(status__in=[FollowUpStatus.DONE, FollowUpStatus.EXPIRED])
            .update(status=FollowUpStatus.EXPIRED))


@dataclass(frozen=True, slots=True)
class RatingInput:
    competency_id: int
    level: int
    applied: int


def _check(follow_up: FollowUp, ratings: Sequence[RatingInput], note: str,
           today: dt.date) -> Mapping[int, RatingInput]:
    if not is_open(follow_up, today):
        raise FollowUpError("Evaluasi ini tidak sedang dibuka untuk diisi.")
    expected = set(follow_up.ratings.values_list("competency_id", flat=True))
    given = {r.competency_id: r for r in ratings}
    if set(given) != expected or len(given) != len(ratings):
        raise FollowUpError("Setiap kompetensi sasaran harus dinilai tepat satu kali.")
    for r in ratings:
        if r.level not in SCALE or r.applied not in SCALE:
            raise FollowUpError("Nilai harus 1 sampai 5.")
    if not note.strip():
        raise FollowUpError("Tuliskan contoh penerapan di tempat kerja.")
    return given


def status_of(follow_up: FollowUp) -> str:
    """Done when the supervisor has rated and the participant too (or there is no
    supervisor and the participant has rated); partial when one side has."""
    if follow_up.supervisor_submitted_at is not None and (
            follow_up.self_submitted_at is not None or follow_up.supervisor_id is None):
        return FollowUpStatus.DONE
    if follow_up.supervisor_id is None and follow_up.self_submitted_at is not None:
        return FollowUpStatus.DONE
    if follow_up.self_submitted_at or follow_up.supervisor_submitted_at:
        return FollowUpStatus.PARTIAL
    return FollowUpStatus.PENDING


def _lock(follow_up: FollowUp) -> FollowUp:
    return (FollowUp.objects.select_for_update(of=("self",))
            .select_related("enrollment__employee", "enrollment__activity__agency")
            .get(pk=follow_up.pk))


def followup_self_submit(*, follow_up: FollowUp, user: User, ratings: Sequence[RatingInput],
                         note: str, today: dt.date | None = None) -> FollowUp:
    """The participant's ratings. Recorded in the competency record (flagged self-rated) only
    where the supervisor has not rated."""
    today = today or timezone.localdate()
    with transaction.atomic():
        fu = _lock(follow_up)
        if user.employee_id is None or fu.enrollment.employee_id != user.employee_id:
            raise FollowUpError("Hanya peserta yang dapat mengisi penilaian diri ini.")
        if fu.self_submitted_at is not None:
            raise FollowUpError("Penilaian diri sudah dikirim.")
        given = _check(fu, ratings, note, today)
        rows = list(fu.ratings.all())
        for row in rows:
            row.self_level = given[row.competency_id].level
            row.self_applied = given[row.competency_id].applied
        FollowUpRating.objects.bulk_update(rows, ["self_level", "self_applied"])
        fu.self_submitted_at = timezone.now()
        fu.self_note = note.strip()[:2000]
        fu.status = status_of(fu)
        fu.save(update_fields=["self_submitted_at", "self_note", "status"])
        if fu.supervisor_submitted_at is None:
            _record(fu, rows, user, today, supervisor=False)
        _audit(fu, user, "followup.self_submit")
    return fu


def followup_supervisor_submit(*, follow_up: FollowUp, user: User,
                               ratings: Sequence[RatingInput], note: str,
                               today: dt.date | None = None) -> FollowUp:
    """The direct supervisor's ratings of their subordinate; recorded in the competency
    record (their level is the one that counts)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        fu = _lock(follow_up)
        if user.employee_id is None or fu.supervisor_id != user.employee_id:
            raise FollowUpError("Hanya atasan langsung peserta yang dapat menilai.")
        if fu.supervisor_submitted_at is not None:
            raise FollowUpError("Penilaian atasan sudah dikirim.")
        given = _check(fu, ratings, note, today)
        rows = list(fu.ratings.all())
        for row in rows:
            row.supervisor_level = given[row.competency_id].level
            row.supervisor_applied = given[row.competency_id].applied
        FollowUpRating.objects.bulk_update(rows, ["supervisor_level", "supervisor_applied"])
        fu.supervisor_submitted_at = timezone.now()
        fu.supervisor_note = note.strip()[:2000]
        fu.status = status_of(fu)
        fu.save(update_fields=["supervisor_submitted_at", "supervisor_note", "status"])
        # a self-rated level recorded earlier stays as history; this one is newer
        _record(fu, rows, user, today, supervisor=True)
        _audit(fu, user, "followup.supervisor_submit")
    return fu


def _record(fu: FollowUp, rows: Sequence[FollowUpRating], user: User | None, today: dt.date,
            *, supervisor: bool) -> None:
    activity = fu.enrollment.activity
    if supervisor:
        evidence = (f"Evaluasi pascapelatihan {activity.code} ({activity.name}): dinilai "
                    f"atasan langsung. {fu.supervisor_note}")
    else:
        evidence = (f"Evaluasi pascapelatihan {activity.code} ({activity.name}): PENILAIAN "
                    f"DIRI peserta (atasan belum menilai). {fu.self_note}")
    CompetencyRating.objects.bulk_create([
        CompetencyRating(employee_id=fu.enrollment.employee_id, competency_id=row.competency_id,
                         level=(row.supervisor_level if supervisor else row.self_level) or 1,
                         rated_on=today, kind=EvidenceKind.FOLLOW_UP, follow_up=fu,
                         evidence=evidence[:2000], rated_by=user)
        for row in rows])


def _audit(fu: FollowUp, user: User, action: str) -> None:
    audit_record(actor=user, agency=fu.enrollment.activity.agency, action=action,
                 object_type="evaluation.FollowUp", object_id=fu.pk,
                 object_label=f"{fu.enrollment.activity.code} / {fu.enrollment.employee.nip}",
                 changes={"status": fu.status})


def pending_for(user: User, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """Follow-ups waiting for ``user`` now (as participant or supervisor)."""
    today = today or timezone.localdate()
    if user.employee_id is None:
        return FollowUp.objects.none()
    return (followups_base()
            .filter(opens_on__lte=today, due_on__gte=today)
            .exclude(status__in=[FollowUpStatus.DONE, FollowUpStatus.EXPIRED])
            .filter(Q(enrollment__employee_id=user.employee_id, self_submitted_at__isnull=True)
                    | Q(supervisor_id=user.employee_id, supervisor_submitted_at__isnull=True)))
