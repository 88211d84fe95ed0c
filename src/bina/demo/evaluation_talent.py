"""The demo's behaviour follow-up, potential assessments and discipline records (issue 6).

* Follow-ups (level 3) for every completed enrollment of the as-of year's classes that ended
  more than 60 days before the as-of date, opened by the real service
  (:func:`bina.evaluation.followup.followups_open`). About 60% are answered by the participant
  and about 45% by the supervisor (where there is one), a little above the levels assessed
  before the training (the latest closed needs round; 2 when unknown): a model, not data
  (ASSUMPTIONS). The answers are written in bulk with the same rules as the services: the
  supervisor's level goes into the competency record, else the participant's flagged as
  self-rated. Follow-ups past their 90 days and not done are expired.
* Potential assessments for the structural officials only (JPT, administrator, pengawas), so
  the talent page shows the honest "potential missing" message for everyone else.
* A handful of disciplinary sanctions (mostly light) in the last four years.

Deterministic: everything is drawn from the ``rng`` passed in, in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bina.evaluation import followup
from bina.evaluation.models import (
    CompetencyRating,
    DisciplineRecord,
    EvidenceKind,
    FollowUp,
    FollowUpRating,
    FollowUpStatus,
    PotentialAssessment,
    PotentialSource,
)
from bina.evaluation.talent import STRUCTURAL_TYPES
from bina.mentoring.selectors import assessed_levels
from bina.org.models import Agency
from bina.people.models import Employee, EmployeeStatus

SELF_SHARE = 0.60
SUPERVISOR_SHARE = 0.45
DISCIPLINE_SHARE = 0.004
EXAMPLES = (
    "Menyusun SOP layanan dengan format baru dari pelatihan.",
    "Menerapkan aplikasi pelaporan yang diajarkan untuk laporan bulanan.",
    "Membagikan materi pelatihan kepada rekan satu bidang.",
    "Memperbaiki alur pelayanan di loket berdasarkan materi pelatihan.",
    "Menggunakan teknik analisis data untuk menyusun telaahan staf.",
    "Menyusun rencana kerja tim dengan metode yang dipelajari.",
)
SUPERVISOR_NOTES = (
    "Sudah menerapkan dalam pekerjaan rutin.",
    "Mulai menerapkan, masih perlu pendampingan.",
    "Penerapan baik dan konsisten.",
    "Belum banyak terlihat perubahan.",
)


@dataclass
class TalentDemoSummary:
    follow_ups: int = 0
    self_answered: int = 0
    supervisor_answered: int = 0
    expired: int = 0
    competency_ratings: int = 0
    potentials: int = 0
    discipline: int = 0

    def describe(self) -> str:
        return (f"{self.follow_ups} evaluasi pascapelatihan ({self.self_answered} diisi peserta, "
                f"{self.supervisor_answered} dinilai atasan, {self.expired} kedaluwarsa), "
                f"{self.competency_ratings} rekam kompetensi baru, {self.potentials} penilaian "
                f"potensi (pejabat struktural), {self.discipline} hukuman disiplin")


def _moment(rng: random.Random, start: dt.date, end: dt.date) -> dt.datetime:
    days = max(0, (end - start).days)
    day = start + dt.timedelta(days=rng.randint(0, days))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 16),
                                                               rng.randint(0, 59))))


def _level(rng: random.Random, before: int) -> int:
    return max(1, min(5, before + rng.choice((0, 1, 1, 1, 2)) - (rng.random() < 0.08)))


def _applied(rng: random.Random) -> int:
    return rng.choices((1, 2, 3, 4, 5), weights=(3, 10, 30, 40, 17))[0]


def _follow_ups(agency: Agency, day: dt.date, rng: random.Random,
                summary: TalentDemoSummary) -> None:
    followup.followups_open(agency=agency, user=None, today=day, only_due=False)
    follow_ups = list(FollowUp.objects
                      .filter(enrollment__activity__agency=agency,
                              enrollment__activity__end_date__year=day.year,
                              self_submitted_at__isnull=True,
                              supervisor_submitted_at__isnull=True)
                      .select_related("enrollment__activity", "enrollment__employee")
                      .order_by("pk"))
    ratings: dict[int, list[FollowUpRating]] = {}
    for row in FollowUpRating.objects.filter(follow_up__in=follow_ups).order_by("pk"):
        ratings.setdefault(row.follow_up_id, []).append(row)
    before = assessed_levels({f.enrollment.employee_id for f in follow_ups},
                             {r.competency_id for rows in ratings.values() for r in rows})
    changed_fu: list[FollowUp] = []
    changed_rows: list[FollowUpRating] = []
    records: list[CompetencyRating] = []
    for fu in follow_ups:
        rows = ratings.get(fu.pk, [])
        last = min(fu.due_on, day - dt.timedelta(days=1))
        answers_self = rng.random() < SELF_SHARE
        answers_sup = fu.supervisor_id is not None and rng.random() < SUPERVISOR_SHARE
        if not rows or last < fu.opens_on or not (answers_self or answers_sup):
            continue
        levels = before.get(fu.enrollment.employee_id, {})
        for row in rows:
            pre = levels.get(row.competency_id, 2)
            if answers_self:
                row.self_level, row.self_applied = _level(rng, pre), _applied(rng)
            if answers_sup:
                row.supervisor_level = _level(rng, pre)
                row.supervisor_applied = max(1, _applied(rng) - (rng.random() < 0.3))
        activity = fu.enrollment.activity
        if answers_self:
            fu.self_submitted_at = _moment(rng, fu.opens_on, last)
            fu.self_note = rng.choice(EXAMPLES)
            summary.self_answered += 1
        if answers_sup:
            fu.supervisor_submitted_at = _moment(rng, fu.opens_on, last)
            fu.supervisor_note = rng.choice(SUPERVISOR_NOTES)
            summary.supervisor_answered += 1
        fu.status = followup.status_of(fu)
        changed_fu.append(fu)
        changed_rows.extend(rows)
        when = (fu.supervisor_submitted_at or fu.self_submitted_at)
        assert when is not None
        if answers_sup:
            evidence = (f"Evaluasi pascapelatihan {activity.code} ({activity.name}): dinilai "
                        f"atasan langsung. {fu.supervisor_note}")
        else:
            evidence = (f"Evaluasi pascapelatihan {activity.code} ({activity.name}): PENILAIAN "
                        f"DIRI peserta (atasan belum menilai). {fu.self_note}")
        for row in rows:
            level = row.supervisor_level if answers_sup else row.self_level
            records.append(CompetencyRating(
                employee_id=fu.enrollment.employee_id, competency_id=row.competency_id,
                level=level or 1, rated_on=timezone.localdate(when), kind=EvidenceKind.FOLLOW_UP,
                follow_up=fu, evidence=evidence[:2000]))
    FollowUp.objects.bulk_update(changed_fu, ["self_submitted_at", "self_note",
                                              "supervisor_submitted_at", "supervisor_note",
                                              "status"], batch_size=1000)
    FollowUpRating.objects.bulk_update(changed_rows, ["self_level", "self_applied",
                                                      "supervisor_level", "supervisor_applied"],
                                       batch_size=1000)
    CompetencyRating.objects.bulk_create(records, batch_size=1000)
    summary.competency_ratings = len(records)
    followup.followups_expire(agency=agency, today=day)
    done = FollowUp.objects.filter(enrollment__activity__agency=agency)
    summary.follow_ups = done.count()
    summary.expired = done.filter(status=FollowUpStatus.EXPIRED).count()


def _potentials(agency: Agency, day: dt.date, rng: random.Random) -> int:
    officials = list(Employee.objects
                     .filter(agency=agency, status=EmployeeStatus.ACTIVE,
                             position__position_type__in=STRUCTURAL_TYPES)
                     .order_by("nip").values_list("pk", flat=True))
    rows = []
    for pk in officials:
        potential = rng.choices(("tinggi", "menengah", "rendah"), weights=(25, 50, 25))[0]
        low, high = {"tinggi": (80, 95), "menengah": (60, 79), "rendah": (45, 59)}[potential]
        rows.append(PotentialAssessment(
            employee_id=pk, year=day.year, potential=potential,
            score=Decimal(rng.randint(low * 10, high * 10)) / 10,
            source=rng.choice((PotentialSource.ASSESSMENT_CENTRE, PotentialSource.TALENT_REVIEW)),
            note="Asesmen kompetensi manajerial (data demo)"))
    PotentialAssessment.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


def _discipline(agency: Agency, day: dt.date, rng: random.Random) -> int:
    people = list(Employee.objects.filter(agency=agency, status=EmployeeStatus.ACTIVE)
                  .order_by("nip").values_list("pk", flat=True))
    count = max(3, round(len(people) * DISCIPLINE_SHARE))
    chosen = sorted(rng.sample(people, min(count, len(people))))
    rows = []
    for pk in chosen:
        level = rng.choices(("ringan", "sedang", "berat"), weights=(70, 22, 8))[0]
        decided = day - dt.timedelta(days=rng.randint(30, 4 * 365))
        rows.append(DisciplineRecord(employee_id=pk, level=level, decided_on=decided,
                                     ends_on=decided + dt.timedelta(days=365),
                                     note="Data demo"))
    DisciplineRecord.objects.bulk_create(rows)
    return len(rows)


def generate_talent(*, agency: Agency, day: dt.date, rng: random.Random) -> TalentDemoSummary:
    """Follow-ups with answers, potential assessments and discipline records (module notes)."""
    summary = TalentDemoSummary()
    with transaction.atomic():
        _follow_ups(agency, day, rng, summary)
        summary.potentials = _potentials(agency, day, rng)
        summary.discipline = _discipline(agency, day, rng)
    return summary
