"""The demo's delivery year (issue 5): the current year's approved plan carried out up to the
as-of date.

* The BKD's letterhead and signing official (the head of the BKD among the demo employees).
* Classes scheduled from the approved plan (``activities_from_plan``): those that ended before
  the as-of date are held and completed, with attendance taken; the rest are upcoming.
* Attendance is a model, not data (ASSUMPTIONS): most people attend every session (present, a
  few late), about 7% are often away (each session missed with probability 0.35), so a share
  of them miss the 80% completion rule; completed classes credit JP under the agency's
  recognition rules and get certificates (``activity_complete``).
* A few upcoming classes have a participant withdrawn (the first on the waiting list moves up)
  or replaced by a colleague of the same unit.
* Resource persons with their expertise and the evidence behind the invitation, invited to some
  classes.
* (with `bina.demo.mentoring`) A mentoring programme for new and junior staff: the exact match,
  and monthly meetings up to the as-of date.
* Outside activities submitted by employees: approved, rejected and still pending.

Deterministic: everything is drawn from the ``rng`` passed in, in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any

from django.db.models import Q
from django.utils import timezone

from bina.accounts.models import User
from bina.delivery.attendance import activity_complete
from bina.delivery.models import (
    Activity,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    CheckInMethod,
    Enrollment,
    EnrollmentStatus,
    SpeakerRole,
)
from bina.delivery.resources import (
    delivery_settings_update,
    expertise_set,
    resource_person_upsert,
    speaker_add,
)
from bina.delivery.services import (
    activities_from_plan,
    activity_realised_cost,
    enrollment_substitute,
    enrollment_withdraw,
)
from bina.ledger.services import (
    ledger_external_approve,
    ledger_external_reject,
    ledger_external_submit,
)
from bina.org.models import Agency, Organisation
from bina.people.models import Employee, EmployeeStatus
from bina.plan.models import Plan
from bina.reference.models import Competency, DevelopmentPath

UNRELIABLE_SHARE = 0.07
UNRELIABLE_MISS = 0.35
LATE_SHARE = 0.06


@dataclass
class DeliveryDemoSummary:
    activities: int = 0
    completed: int = 0
    upcoming: int = 0
    enrolled: int = 0
    certificates: int = 0
    not_completed: int = 0
    jp_credited: Decimal = Decimal(0)
    resource_persons: int = 0
    mentoring: str = ""
    submissions: dict[str, int] = field(default_factory=dict)


def _letterhead(agency: Agency, planner: User | None) -> None:
    head = (Employee.objects.filter(agency=agency, unit__name__icontains="Kepegawaian",
                                    position__position_type__in=("jpt_pratama",))
            .select_related("position").order_by("nip").first())
    fields: dict[str, Any] = {
        "letterhead": f"{agency.name.upper()}\nBADAN KEPEGAWAIAN DAERAH\nKota Gorontalo",
        "city": "Gorontalo",
        "max_away_share": Decimal("0.25"),
    }
    if head is not None:
        fields.update(signer_name=head.full_name, signer_nip=head.nip,
                      signer_title=head.position.name if head.position else "Kepala")
    delivery_settings_update(agency=agency, user=planner, **fields)


def _attendance(activities: list[Activity], day: dt.date, rng: random.Random) -> None:
    """Attendance for every session held before ``day`` (organiser check-in)."""
    unreliable: dict[int, bool] = {}
    rows: list[Attendance] = []
    for activity in activities:
        sessions = [s for s in activity.sessions.all() if s.date < day]
        if not sessions:
            continue
        enrollments = [e for e in activity.enrollments.all()
                       if e.status == EnrollmentStatus.ENROLLED]
        for enrollment in enrollments:
            flaky = unreliable.setdefault(enrollment.employee_id,
                                          rng.random() < UNRELIABLE_SHARE)
            for session in sessions:
                draw = rng.random()
                if flaky and draw < UNRELIABLE_MISS:
                    status = (AttendanceStatus.EXCUSED if rng.random() < 0.4
                              else AttendanceStatus.ABSENT)
                elif draw > 1 - LATE_SHARE:
                    status = AttendanceStatus.LATE
                else:
                    status = AttendanceStatus.PRESENT
                checked = None
                if status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
                    minute = rng.randint(40, 59) if status == AttendanceStatus.PRESENT \
                        else rng.randint(16, 50)
                    hour = 7 if status == AttendanceStatus.PRESENT else 8
                    checked = timezone.make_aware(dt.datetime.combine(
                        session.date, dt.time(hour, minute)))
                rows.append(Attendance(session=session, enrollment=enrollment, status=status,
                                       method=CheckInMethod.ORGANISER, checked_in_at=checked))
    Attendance.objects.bulk_create(rows, batch_size=2000)


def _changes(upcoming: list[Activity], planner: User | None, rng: random.Random) -> None:
    """A withdrawal with a waiting list and a substitute in a few upcoming classes."""
    for activity in upcoming[:3]:
        enrolled = list(activity.enrollments.filter(status=EnrollmentStatus.ENROLLED)
                        .select_related("employee").order_by("employee__nip"))
        if len(enrolled) < 3:
            continue
        unit_id = enrolled[0].employee.unit_id
        taken = {e.employee_id for e in activity.enrollments.all()}
        colleagues = list(Employee.objects.filter(unit_id=unit_id, status=EmployeeStatus.ACTIVE)
                          .exclude(pk__in=taken).order_by("nip")[:3])
        if len(colleagues) < 2:
            continue
        # two colleagues wait for a seat, then one participant withdraws
        for waiting in colleagues[:2]:
            Enrollment.objects.create(
                activity=activity, employee=waiting, status=EnrollmentStatus.WAITING,
                waitlist_rank=(activity.enrollments.filter(
                    status=EnrollmentStatus.WAITING).count() + 1))
        enrollment_withdraw(enrollment=enrolled[1], user=planner)
        if len(colleagues) > 2:
            enrollment_substitute(enrollment=enrolled[2], substitute=colleagues[2],
                                  user=planner)


def _resource_persons(agency: Agency, activities: list[Activity], planner: User | None,
                      rng: random.Random) -> int:
    data = json.loads(resources.files("bina.demo").joinpath("data/resource_persons.json")
                      .read_text("utf-8"))
    organisations = {o.name: o for o in Organisation.objects.filter(agency=agency)}
    competencies = {c.code: c.pk for c in Competency.objects.filter(
        Q(agency__isnull=True) | Q(agency=agency))}
    people = []
    for row in data["people"]:
        fields: dict[str, Any] = {k: row[k] for k in ("name", "kind", "position_title",
                                                      "evidence") if k in row}
        if "organisation" in row:
            fields["organisation"] = organisations.get(row["organisation"])
            fields["home_agency"] = row["organisation"]
        else:
            fields["home_agency"] = row.get("home_agency", "")
        if "evidence_ikm" in row:
            fields["evidence_ikm"] = row["evidence_ikm"]
        person = resource_person_upsert(agency=agency, user=planner, **fields)
        expertise_set(person=person, user=planner,
                      levels={competencies[c]: level for c, level in row["expertise"].items()
                              if c in competencies})
        people.append((person, set(row["expertise"])))
    # invite the best-matching person to classes whose programme raises their competencies
    for activity in activities:
        gains = set(activity.programme.gains.values_list("competency__code", flat=True))
        matching = [p for p, codes in people if codes & gains]
        if matching and rng.random() < 0.6:
            person = matching[rng.randrange(len(matching))]
            role = (SpeakerRole.WIDYAISWARA if person.kind == "widyaiswara"
                    else SpeakerRole.SPEAKER)
            speaker_add(activity=activity, person=person, role=role,
                        topic=activity.programme.name, user=planner)
    return len(people)


def _submissions(agency: Agency, day: dt.date, year: int, rng: random.Random,
                 planner: User | None) -> dict[str, int]:
    """Outside activities: courses people took on their own, with their certificates."""
    courses = [
        ("Webinar Keamanan Data Pribadi di Instansi Pemerintah", "KL06", 1, Decimal(0)),
        ("Kursus Daring Analisis Data dengan Spreadsheet", "NKL03", 3, Decimal(8)),
        ("Workshop Penulisan Naskah Kebijakan", "KL07", 2, Decimal(0)),
        ("Pelatihan Jarak Jauh Manajemen Risiko Sektor Publik", "NKL04", 5, Decimal(24)),
        ("Seminar Nasional Pelayanan Publik Inklusif", "KL06", 1, Decimal(0)),
    ]
    paths = {p.code: p for p in DevelopmentPath.objects.all()}
    people = list(Employee.objects.filter(agency=agency, status=EmployeeStatus.ACTIVE,
                                          employment_type="PNS").order_by("nip"))
    chosen = rng.sample(people, min(18, len(people)))
    counts = {"disetujui": 0, "ditolak": 0, "diajukan": 0}
    for i, employee in enumerate(chosen):
        title, path, days, jp = courses[i % len(courses)]
        end = day - dt.timedelta(days=10 + rng.randrange(150))
        if end.year != year:
            end = dt.date(year, 6, 15)
        start = end - dt.timedelta(days=days - 1)
        activity = ledger_external_submit(
            employee=employee, user=None, title=title, path=paths[path],
            provider_name="Lembaga Administrasi Negara (LAN RI)" if i % 2 else
            "Kementerian Komunikasi dan Digital (Komdigi)",
            start_date=start, end_date=end, programme_jp=jp,
            certificate_number=f"LUAR/{year}/{i + 1:04d}")
        if planner is None or i % 3 == 2:
            counts["diajukan"] += 1
        elif i % 6 == 4:
            ledger_external_reject(activity=activity, user=planner,
                                   note="Sertifikat tidak terbaca; unggah ulang berkas yang jelas.")
            counts["ditolak"] += 1
        else:
            ledger_external_approve(activity=activity, user=planner)
            counts["disetujui"] += 1
    return counts


def generate_delivery(*, agency: Agency, plan: Plan, day: dt.date, planner: User | None,
                      rng: random.Random) -> DeliveryDemoSummary:
    summary = DeliveryDemoSummary()
    _letterhead(agency, planner)
    result = activities_from_plan(plan=plan, user=planner)
    activities = list(Activity.objects.filter(plan=plan)
                      .prefetch_related("sessions", "enrollments")
                      .select_related("programme").order_by("start_date", "code"))
    summary.activities = len(activities)
    summary.enrolled = result.enrolled
    _attendance(activities, day, rng)
    today = timezone.localdate()
    held = [a for a in activities if a.end_date < day and a.end_date <= today]
    for activity in held:
        done = activity_complete(activity=activity, user=planner)
        summary.completed += 1
        summary.certificates += done.completed
        summary.not_completed += done.not_completed
        summary.jp_credited += done.jp_total
        factor = Decimal(str(round(rng.uniform(0.88, 1.03), 3)))
        activity_realised_cost(activity=activity, amount=int(activity.planned_cost * factor),
                               user=planner)
    upcoming = [a for a in activities if a.start_date >= day
                and a.status == ActivityStatus.SCHEDULED]
    summary.upcoming = len(upcoming)
    _changes(upcoming, planner, rng)
    summary.resource_persons = _resource_persons(agency, activities, planner, rng)
    summary.submissions = _submissions(agency, day, plan.year, rng, planner)
    return summary

