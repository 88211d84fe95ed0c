"""The demo's public voice (issues 6 and 7): satisfaction-survey responses (SKM) for every
public service unit from 2024Q1 to the as-of quarter, complaints with their answers, and each
unit's yearly number of service users.

The simulation follows the shared definition in ``notes/impact-spec.md`` so that the impact
analysis finds the effect it was given:

* **Trained share and treatment.** Staff of a unit: active employees in the unit or below it
  (``Unit.path``). Trained: a completed ``delivery.Enrollment`` in an activity of a programme
  with a ``plan.ProgrammeGain`` on a service competency (:data:`SERVICE_COMPETENCIES`, M.5
  Pelayanan Publik) that ended by the end of the quarter. The unit's treatment quarter is the
  first whose trained share reaches :data:`THRESHOLD` (10%); units never reaching it are the
  "not yet trained" comparisons.
* **Scores (ASSUMPTIONS, a model, not data).** Per unit and element a baseline mean drawn from
  2.9–3.4 (U8, complaint handling, leans on how fast the unit answers complaints; a unit that
  replaced others in the 2025 reorganisation keeps their baseline); a tiny common
  trend (+0.01 a quarter); a unit-quarter wobble (sd 0.04); per respondent a general mood
  (sd 0.30) and per answer noise (sd 0.35). A respondent's latent value, clipped to 1–4, is
  turned into a whole score by a draw that keeps its mean (3.3 → 3 or 4 with 70%/30%). From the
  treatment quarter on, U6 (Kompetensi Pelaksana) and U7 (Perilaku Pelaksana) shift up by
  :data:`EFFECT` (+0.2; the clipping at 4 takes a little off); the other elements do not move.
* **Volume and time.** 40–120 responses per unit-quarter (the current quarter pro rata up to
  the as-of date), on weekdays in service hours (08:00–15:30 WITA), inside the days the unit
  existed (the 2025 reorganisation closes and opens units). About 70% come from the web form,
  25% are paper forms entered later (channel ``impor``) and 5% through the API; about 6% carry a
  comment.
* **Complaints.** A few per unit and quarter; each unit has a speed (median answer time from
  about one day to two weeks); answers that would fall after the as-of date leave the complaint
  open, and slow units leave a few unanswered altogether; about 30% leave contact details
  (reserved ``.example`` e-mail addresses); half of the answered ones are closed.
* **Service users.** Each unit's yearly number of users, log-uniform from 300 to 60,000 (±10%
  a year), so that some units' samples reach the Krejcie–Morgan minimum and others do not.

Deterministic given ``rng``: numpy draws come from a generator seeded from it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from django.utils import timezone

from bina.accounts.models import Role, User
from bina.delivery.models import Enrollment, Outcome
from bina.org.models import Agency, Unit
from bina.people.models import Employee, EmployeeStatus
from bina.plan.models import ProgrammeGain
from bina.stakeholders.models import (
    SCORE_FIELDS,
    Complaint,
    ComplaintStatus,
    ServicePopulation,
    SurveyResponse,
)
from bina.stakeholders.services import TRACKING_ALPHABET, TRACKING_LENGTH

SERVICE_COMPETENCIES: frozenset[str] = frozenset({"M.5"})  # Pelayanan Publik
THRESHOLD = 0.10
EFFECT = 0.2
TREATED_ELEMENTS = ("U6", "U7")
FIRST_QUARTER = (2024, 1)
PER_QUARTER = (40, 120)
BATCH = 5000

COMMENTS_GOOD = (
    "Pelayanan cepat dan petugasnya ramah. Terima kasih.",
    "Petugas menjelaskan persyaratan dengan jelas.",
    "Antrean tertib, ruang tunggu bersih.",
    "Prosesnya lebih cepat dari yang saya kira.",
    "Sudah bagus, pertahankan.",
    "Petugas sabar melayani orang tua saya.",
)
COMMENTS_BAD = (
    "Antrean terlalu lama, mohon ditambah loket.",
    "Informasi persyaratan di papan pengumuman kurang jelas.",
    "Toilet kurang bersih.",
    "Mohon jam pelayanan ditepati, petugas datang terlambat.",
    "Parkiran sempit dan panas.",
    "Sistem sering gangguan sehingga harus kembali besok.",
)
COMPLAINTS = (
    "Berkas saya sudah dua minggu belum selesai diproses. Mohon kejelasan.",
    "Saya diminta kembali berkali-kali karena persyaratan berubah-ubah.",
    "Petugas loket kurang ramah saat saya bertanya.",
    "Nomor pengaduan yang tertera di papan tidak dapat dihubungi.",
    "Ada pungutan yang tidak tercantum dalam standar pelayanan.",
    "Pendingin ruangan di ruang tunggu rusak sejak lama.",
    "Mohon disediakan kursi roda bagi pengunjung lansia.",
    "Hasil layanan yang saya terima tidak sesuai dengan yang diajukan.",
    "Jadwal pelayanan daring tidak sesuai dengan yang diumumkan.",
)
ANSWERS = (
    "Terima kasih atas masukan Bapak/Ibu. Berkas sudah kami proses dan dapat diambil di loket 2.",
    "Mohon maaf atas ketidaknyamanannya. Persyaratan sudah kami seragamkan dan diumumkan di "
    "papan informasi.",
    "Terima kasih. Petugas yang bersangkutan sudah dibina oleh atasannya.",
    "Nomor pengaduan sudah diperbaiki. Silakan hubungi kembali pada jam kerja.",
    "Terima kasih. Kami sudah menindaklanjuti bersama bagian umum.",
)
CONTACT_NAMES = ("Rahman Hulopi", "Sartin Ismail", "Nurain Abas", "Yusuf Daud", "Fitri Mohi",
                 "Hamzah Lasena", "Wati Podungge", "Arman Kadir")


@dataclass
class StakeholdersDemoSummary:
    units: int = 0
    quarters: int = 0
    responses: int = 0
    complaints: int = 0
    complaints_open: int = 0
    populations: int = 0
    #: "2026-T2" → how many units were first treated in that quarter
    treatment_quarters: dict[str, int] = field(default_factory=dict)
    never_treated: int = 0
    #: of those never treated, units closed (merged or renamed) before the as-of date: not
    #: comparisons of their own, their successors carry their series on
    never_treated_closed: int = 0
    #: unit code → its treatment quarter ("2026-T2") or None
    treatment_by_unit: dict[str, str | None] = field(default_factory=dict)
    #: unit code → trained share at the end of the as-of quarter
    trained_share: dict[str, float] = field(default_factory=dict)

    def describe(self) -> str:
        parts = [f"{k}: {v}" for k, v in sorted(self.treatment_quarters.items())]
        parts.append(f"belum: {self.never_treated} (di antaranya {self.never_treated_closed} "
                     f"unit yang sudah ditutup/digabung)")
        return (f"{self.responses} jawaban survei, {self.complaints} pengaduan "
                f"({self.complaints_open} belum dijawab), {self.units} unit layanan; "
                f"kuartal perlakuan: {', '.join(parts)}")


Quarter = tuple[int, int]


def _quarters(first: Quarter, day: dt.date) -> list[Quarter]:
    out = []
    year, quarter = first
    last = (day.year, (day.month - 1) // 3 + 1)
    while (year, quarter) <= last:
        out.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return out


def _bounds(q: Quarter) -> tuple[dt.date, dt.date]:
    year, quarter = q
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)


def _label(q: Quarter) -> str:
    return f"{q[0]}-T{q[1]}"


def _first_training(agency: Agency) -> dict[int, dt.date]:
    """Employee id → end date of their first completed service-matching activity."""
    matching = ProgrammeGain.objects.filter(
        programme__agency=agency, competency__code__in=SERVICE_COMPETENCIES,
    ).values("programme_id")
    first: dict[int, dt.date] = {}
    for employee_id, end in Enrollment.objects.filter(
        outcome=Outcome.COMPLETED, activity__programme_id__in=matching,
        employee__agency=agency,
    ).values_list("employee_id", "activity__end_date"):
        if employee_id not in first or end < first[employee_id]:
            first[employee_id] = end
    return first


def treatment(agency: Agency, units: list[Unit], quarters: list[Quarter]
              ) -> tuple[dict[int, Quarter | None], dict[int, float]]:
    """Per unit id: its treatment quarter (None: never within ``quarters``) and its trained
    share at the end of the last quarter (impact spec)."""
    first = _first_training(agency)
    staff = list(Employee.objects.filter(agency=agency, status=EmployeeStatus.ACTIVE)
                 .values_list("id", "unit__path"))
    ends = [_bounds(q)[1] for q in quarters]
    treated: dict[int, Quarter | None] = {}
    shares: dict[int, float] = {}
    for unit in units:
        members = [pk for pk, path in staff if path.startswith(unit.path)]
        trained_on = sorted(first[pk] for pk in members if pk in first)
        treated[unit.pk] = None
        shares[unit.pk] = 0.0
        if not members:
            continue
        for q, end in zip(quarters, ends, strict=True):
            share = sum(1 for d in trained_on if d <= end) / len(members)
            shares[unit.pk] = share
            if share >= THRESHOLD and treated[unit.pk] is None:
                treated[unit.pk] = q
    return treated, shares


def _weekdays(start: dt.date, end: dt.date) -> npt.NDArray[np.int64]:
    """Ordinals of the Mondays–Fridays from ``start`` to ``end`` (inclusive)."""
    if end < start:
        return np.empty(0, dtype=np.int64)
    ordinals = np.arange(start.toordinal(), end.toordinal() + 1, dtype=np.int64)
    days: npt.NDArray[np.int64] = ordinals[(ordinals - 1) % 7 < 5]  # 0 = Monday
    return days


def _active_days(unit: Unit, q: Quarter, day: dt.date) -> npt.NDArray[np.int64]:
    """Weekday ordinals of the quarter when the unit existed, up to ``day``."""
    start, end = _bounds(q)
    start = max(start, unit.valid_from)
    end = min(end, day)
    if unit.valid_to is not None:
        end = min(end, unit.valid_to - dt.timedelta(days=1))
    return _weekdays(start, end)


def _scores(means: npt.NDArray[np.float64], n: int, gen: np.random.Generator
            ) -> npt.NDArray[np.int64]:
    """``n`` questionnaires around the nine element ``means``: whole scores 1–4 whose
    expectation is the clipped latent value."""
    latent = (means[None, :] + gen.normal(0, 0.30, size=(n, 1))
              + gen.normal(0, 0.35, size=(n, len(means))))
    latent = np.clip(latent, 1.0, 4.0)
    low = np.floor(latent)
    scores: npt.NDArray[np.int64] = (low + (gen.random(latent.shape) < latent - low)
                                     ).astype(np.int64)
    return np.clip(scores, 1, 4)


def _moments(days: npt.NDArray[np.int64], n: int, gen: np.random.Generator,
             tz: dt.tzinfo) -> list[dt.datetime]:
    picked = gen.choice(days, size=n)
    seconds = gen.integers(8 * 3600, 15 * 3600 + 1800, size=n)
    out = []
    for ordinal, second in zip(picked.tolist(), seconds.tolist(), strict=True):
        base = dt.datetime.fromordinal(ordinal)
        out.append((base + dt.timedelta(seconds=second)).replace(tzinfo=tz))
    return out


def _traits(units: list[Unit], rng: random.Random
            ) -> dict[int, tuple[float, npt.NDArray[np.float64], int]]:
    """Per unit: its complaint-answering speed (1 fast), its baseline element means and its
    yearly users. A unit that replaced others in the 2025 reorganisation (``successor``) is the
    same service under a new name: it inherits its predecessors' traits, so that a series
    chained across the renaming has no jump of its own."""
    traits: dict[int, tuple[float, npt.NDArray[np.float64], int]] = {}
    for unit in units:
        speed = rng.random()
        base = np.array([rng.uniform(2.9, 3.4) for _code in SCORE_FIELDS])
        base[7] = 2.9 + 0.45 * speed + rng.uniform(-0.05, 0.05)  # U8 leans on the speed
        yearly = round(math.exp(rng.uniform(math.log(300), math.log(60_000))))  # log-uniform
        traits[unit.pk] = (speed, base, yearly)
    by_id = {u.pk: u for u in units}
    for unit in units:
        before = [traits[u.pk] for u in by_id.values() if u.successor_id == unit.pk]
        if before:
            traits[unit.pk] = (
                float(np.mean([t[0] for t in before])),
                np.mean([t[1] for t in before], axis=0),
                sum(t[2] for t in before),
            )
    return traits


def _tracking_code(rng: random.Random, taken: set[str]) -> str:
    while True:
        code = "".join(rng.choice(TRACKING_ALPHABET) for _i in range(TRACKING_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def delete_stakeholders(*, agency: Agency) -> None:
    """Remove the public-voice rows of the agency's units (for a demo refresh; the wipe must
    call this before it deletes units, which these rows protect)."""
    units = Unit.objects.filter(agency=agency)
    Complaint.objects.filter(unit__in=units).delete()
    SurveyResponse.objects.filter(unit__in=units).delete()
    ServicePopulation.objects.filter(unit__in=units).delete()


def generate_stakeholders(*, agency: Agency, day: dt.date, rng: random.Random
                          ) -> StakeholdersDemoSummary:
    """Survey responses, complaints and service-user populations for every public service unit
    of ``agency`` from 2024Q1 to the quarter of ``day``. Run after the delivery demo: the
    treatment quarters come from its completed enrollments."""
    delete_stakeholders(agency=agency)
    summary = StakeholdersDemoSummary()
    gen = np.random.default_rng(rng.getrandbits(64))
    tz = timezone.get_current_timezone()
    units = list(Unit.objects.filter(agency=agency, is_public_service=True).order_by("path"))
    quarters = _quarters(FIRST_QUARTER, day)
    treated, shares = treatment(agency, units, quarters)
    index = {q: i for i, q in enumerate(quarters)}
    handler = (User.objects.filter(agency=agency, role=Role.PLANNER).order_by("pk").first()
               or User.objects.filter(agency=agency, role=Role.ADMIN).order_by("pk").first())
    now = dt.datetime.combine(day, dt.time(16), tzinfo=tz)
    taken: set[str] = set(Complaint.objects.values_list("tracking_code", flat=True))
    responses: list[SurveyResponse] = []
    complaints: list[Complaint] = []
    populations: list[ServicePopulation] = []
    channels = np.array(["web", "impor", "api"])
    traits = _traits(units, rng)
    for unit in units:
        speed, base, yearly = traits[unit.pk]
        median_days = 14 * (1 - speed) + 0.7
        treated_from = treated[unit.pk]
        for year in sorted({q[0] for q in quarters}):
            if unit.valid_from.year <= year and (unit.valid_to is None
                                                 or unit.valid_to.year >= year):
                populations.append(ServicePopulation(
                    unit=unit, year=year,
                    population=int(yearly * rng.uniform(0.9, 1.1))))
        for q in quarters:
            days = _active_days(unit, q, day)
            if not len(days):
                continue
            share = len(days) / max(len(_weekdays(*_bounds(q))), 1)
            n = max(5, round(rng.randint(*PER_QUARTER) * share))
            means = base + 0.01 * index[q] + gen.normal(0, 0.04, size=len(base))
            if treated_from is not None and q >= treated_from:
                for code in TREATED_ELEMENTS:
                    means[int(code[1:]) - 1] += EFFECT
            scores = _scores(means, n, gen)
            moments = _moments(days, n, gen, tz)
            picks = channels[np.searchsorted([0.70, 0.95], gen.random(n), side="right")]
            with_comment = gen.random(n) < 0.06
            for i in range(n):
                comment = ""
                if with_comment[i]:
                    pool = COMMENTS_GOOD if scores[i].mean() >= 3 else COMMENTS_BAD
                    comment = pool[rng.randrange(len(pool))]
                moment = moments[i]
                responses.append(SurveyResponse(
                    unit=unit, submitted_at=moment, year=q[0], quarter=q[1], comment=comment,
                    channel=str(picks[i]),
                    **{f: int(v) for f, v in zip(SCORE_FIELDS, scores[i].tolist(), strict=True)},
                ))
            for _c in range(int(gen.poisson(2.2 * share))):
                created = _moments(days, 1, gen, tz)[0]
                wait = dt.timedelta(days=float(gen.lognormal(np.log(median_days), 0.6)))
                answered = created + wait
                contact = rng.random() < 0.3
                name = rng.choice(CONTACT_NAMES)
                complaint = Complaint(
                    unit=unit, tracking_code=_tracking_code(rng, taken),
                    text=rng.choice(COMPLAINTS), created_at=created,
                    contact_name=name if contact else "",
                    contact_phone=f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}"
                    if contact and rng.random() < 0.8 else "",
                    contact_email=f"{name.split()[0].lower()}{rng.randint(1, 99)}@contoh.example"
                    if contact and rng.random() < 0.5 else "",
                )
                ignored = rng.random() < 0.12 * (1 - speed)  # slow units leave some unanswered
                if answered <= now and not ignored:
                    complaint.answer = rng.choice(ANSWERS)
                    complaint.answered_at = answered
                    complaint.answered_by = handler
                    complaint.status = ComplaintStatus.ANSWERED
                    if rng.random() < 0.5:
                        complaint.status = ComplaintStatus.CLOSED
                        complaint.closed_at = min(answered + dt.timedelta(days=rng.randint(0, 3)),
                                                  now)
                else:
                    summary.complaints_open += 1
                complaints.append(complaint)
    SurveyResponse.objects.bulk_create(responses, batch_size=BATCH)
    Complaint.objects.bulk_create(complaints, batch_size=BATCH)
    ServicePopulation.objects.bulk_create(populations, batch_size=BATCH)
    summary.units = len(units)
    summary.quarters = len(quarters)
    summary.responses = len(responses)
    summary.complaints = len(complaints)
    summary.populations = len(populations)
    counts: Counter[str] = Counter()
    for unit in units:
        q_treated = treated[unit.pk]
        summary.treatment_by_unit[unit.code] = _label(q_treated) if q_treated else None
        summary.trained_share[unit.code] = round(shares[unit.pk], 4)
        if q_treated is None:
            summary.never_treated += 1
            if unit.valid_to is not None and unit.valid_to <= day:
                summary.never_treated_closed += 1
        else:
            counts[_label(q_treated)] += 1
    summary.treatment_quarters = dict(sorted(counts.items()))
    return summary


def summary_dict(summary: StakeholdersDemoSummary) -> dict[str, Any]:
    return {
        "units": summary.units, "quarters": summary.quarters, "responses": summary.responses,
        "complaints": summary.complaints, "complaints_open": summary.complaints_open,
        "treatment_quarters": summary.treatment_quarters, "never_treated": summary.never_treated,
        "never_treated_closed": summary.never_treated_closed,
    }
