"""The demo's mentoring programme (issue 5): senior civil servants pass on what they know to
junior staff and new PNS.

* One programme for the as-of year, "Mentoring Pelayanan Publik Digital <year>", from 1
  February to 31 December, in the competencies *Pelayanan Publik* (M.5) and, when the agency
  has it, *Pelayanan Publik Berbasis Digital* (T.DIG.01); coordinated by the planner.
* Mentees: junior PNS (golongan III/b and below, including CPNS), drawn at random.
* Mentors: senior PNS (golongan III/d and above) with the highest assessed levels in the
  programme's competencies (latest closed needs round), capacity 3.
* The pairs come from the real exact match (``mentoring_match``); the coordinator then swaps
  one couple of pairs by hand and fixes a pair for a mentee the match left alone, when the
  rules allow it (both through the real services, which check the rules).
* Meetings are a model, not data (ASSUMPTIONS): most pairs meet once or twice a month from
  their first month, a few skip months, and now and then a pair meets three times in a month
  (only two sessions count: the NKL02 cap). JP reach the ledger through ``meetings_record``.

Deterministic: everything is drawn from the ``rng`` passed in, in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from bina.accounts.models import User
from bina.mentoring.models import Mentee, MentoringPair, MentoringProgramme
from bina.mentoring.selectors import assessed_levels
from bina.mentoring.services import (
    MENTORING_PATH,
    MeetingEntry,
    MentoringError,
    meetings_record,
    mentees_add,
    mentoring_match,
    mentoring_programme_create,
    mentoring_swap,
    mentors_add,
    pair_set,
)
from bina.org.models import Agency
from bina.people.models import Employee, EmployeeStatus
from bina.reference.models import Competency, DevelopmentPath

COMPETENCY_CODES = ("M.5", "T.DIG.01")
JUNIOR_MAX_RANK = 10  # III/b
SENIOR_MIN_RANK = 12  # III/d
MAX_MENTEES = 60
CAPACITY = 3

TOPICS = [
    ("Memetakan alur layanan dari permohonan sampai produk",
     "Gambar alur layanan unit dan tandai langkah yang bisa dipangkas."),
    ("Menyusun standar pelayanan sesuai PermenPANRB 15/2014",
     "Lengkapi 14 komponen standar pelayanan untuk satu jenis layanan."),
    ("Membaca hasil survei kepuasan masyarakat",
     "Pilih dua unsur IKM terendah dan usulkan perbaikannya."),
    ("Menangani pengaduan di SP4N-LAPOR!",
     "Tindak lanjuti tiga pengaduan terbuka bersama mentor."),
    ("Digitalisasi formulir layanan",
     "Ubah satu formulir kertas menjadi formulir daring."),
    ("Etika melayani dan komunikasi dengan pemohon",
     "Catat dua situasi sulit minggu ini dan cara menanganinya."),
    ("Keamanan data pribadi dalam layanan daring",
     "Periksa berkas layanan yang memuat data pribadi dan cara penyimpanannya."),
    ("Menulis laporan kinerja layanan bulanan",
     "Susun draf laporan bulan ini dan minta masukan mentor."),
    ("Inovasi pelayanan publik: belajar dari unit lain",
     "Kunjungi satu unit dengan layanan unggulan dan tulis catatan."),
    ("Rencana pengembangan diri dan target SKP",
     "Tetapkan satu target pengembangan untuk triwulan berikutnya."),
]


@dataclass
class MentoringDemoSummary:
    programme: str = ""
    mentors: int = 0
    mentees: int = 0
    pairs: int = 0
    unmatched: int = 0
    swapped: bool = False
    fixed: bool = False
    meetings: int = 0


def _months(start: dt.date, last: dt.date) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    year, month = start.year, start.month
    while (year, month) <= (last.year, last.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _meeting_plan(start: dt.date, last: dt.date, rng: random.Random) -> list[MeetingEntry]:
    """The meetings of one pair between ``start`` and ``last`` (both included)."""
    months = _months(start, last)
    skip_first = rng.choice((0, 0, 0, 1, 2))
    entries: list[MeetingEntry] = []
    for index, (year, month) in enumerate(months[skip_first:]):
        draw = rng.random()
        count = 0 if draw < 0.12 else 1 if draw < 0.62 else 2 if draw < 0.95 else 3
        days = sorted(rng.sample(range(1, 29), count))
        for day_of_month in days:
            date = dt.date(year, month, day_of_month)
            if not start <= date <= last:
                continue
            topic, action = TOPICS[(index * 3 + len(entries)) % len(TOPICS)]
            entries.append(MeetingEntry(date, topic, action))
    return entries


def generate_mentoring(*, agency: Agency, day: dt.date, planner: User | None,
                       rng: random.Random) -> MentoringDemoSummary:
    """Create the year's mentoring programme of ``agency`` as of ``day`` (see the module)."""
    summary = MentoringDemoSummary()
    year = day.year
    competencies = list(Competency.objects.filter(
        Q(agency__isnull=True) | Q(agency=agency), code__in=COMPETENCY_CODES).order_by("code"))
    if not competencies:
        return summary
    people = list(Employee.objects.filter(
        agency=agency, status=EmployeeStatus.ACTIVE, employment_type__in=("PNS", "CPNS"),
    ).select_related("grade").order_by("nip"))
    juniors = [e for e in people if e.grade.rank <= JUNIOR_MAX_RANK]
    seniors = [e for e in people if e.grade.rank >= SENIOR_MIN_RANK]
    if not juniors or not seniors:
        return summary
    mentees = sorted(rng.sample(juniors, min(MAX_MENTEES, len(juniors))), key=lambda e: e.nip)
    levels = assessed_levels([e.pk for e in seniors], [c.pk for c in competencies])
    ids = [c.pk for c in competencies]

    def strength(employee: Employee) -> tuple[int, int, float]:
        mine = levels.get(employee.pk, {})
        return (sum(1 for c in ids if mine.get(c, 0) >= 3), sum(mine.get(c, 0) for c in ids),
                rng.random())

    ranked = sorted((e for e in seniors if levels.get(e.pk)), key=strength, reverse=True)
    mentors = ranked[:-(-len(mentees) // CAPACITY) + 4]
    if not mentors:
        return summary
    start = dt.date(year, 2, 1)
    programme = mentoring_programme_create(
        agency=agency, code=f"MENTOR-{year}", name=f"Mentoring Pelayanan Publik Digital {year}",
        year=year, start_date=start, end_date=dt.date(year, 12, 31), competencies=competencies,
        default_capacity=CAPACITY, coordinator=planner, user=planner)
    summary.programme = programme.code
    mentors_add(programme=programme, employees=mentors, user=planner)
    mentees_add(programme=programme, employees=mentees, user=planner)
    summary.mentors, summary.mentees = len(mentors), len(mentees)
    mentoring_match(programme=programme, user=planner)
    summary.swapped = _swap_one(programme, planner)
    summary.fixed = _fix_one(programme, planner)
    path = DevelopmentPath.objects.get(code=MENTORING_PATH)
    last = min(day - dt.timedelta(days=1), timezone.localdate(), programme.end_date)
    pairs = list(MentoringPair.objects.filter(programme=programme)
                 .order_by("mentee__employee__nip"))
    for pair in pairs:
        if last < start:
            break
        entries = _meeting_plan(start, last, rng)
        if entries:
            summary.meetings += len(meetings_record(pair=pair, entries=entries, user=planner,
                                                    path=path))
    summary.pairs = len(pairs)
    summary.unmatched = Mentee.objects.filter(programme=programme, pair__isnull=True).count()
    return summary


def _swap_one(programme: MentoringProgramme, planner: User | None) -> bool:
    """The coordinator swaps the mentors of two mentees, if some couple keeps the rules."""
    pairs = list(MentoringPair.objects.filter(programme=programme)
                 .select_related("mentee__employee").order_by("mentee__employee__nip")[:12])
    for i, first in enumerate(pairs):
        for second in pairs[i + 1:]:
            if first.mentor_id == second.mentor_id:
                continue
            try:
                mentoring_swap(programme=programme, mentee_a=first.mentee,
                               mentee_b=second.mentee, user=planner)
            except MentoringError:
                continue
            return True
    return False


def _fix_one(programme: MentoringProgramme, planner: User | None) -> bool:
    """The coordinator gives a mentor to one mentee the match left alone, if a mentor with
    room keeps the rules (a mentor outside the match's capacity is not forced)."""
    alone = (Mentee.objects.filter(programme=programme, pair__isnull=True)
             .select_related("employee").order_by("employee__nip").first())
    if alone is None:
        return False
    for mentor in programme.mentors.select_related("employee").order_by("employee__nip"):
        try:
            pair_set(programme=programme, mentor=mentor, mentee=alone, user=planner)
        except MentoringError:
            continue
        return True
    return False
