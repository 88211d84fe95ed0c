"""The demo's needs-analysis round (AKPK) for the year after ``--as-of``, answered and closed.

Issue 2 puts "next year's needs-analysis round closed" on the demo timeline and issue 3 asks
for "a finished needs-analysis round with realistic answers, including a visible
digital-services weakness". :func:`generate_needs_round` builds it through the needs app's own
services (``round_create``, ``round_open`` which freezes participants and standards,
``interview_record``, ``round_close`` which computes and freezes the result), except for the
answers themselves: about 70,000 of them at 6,000 employees are written with one
``bulk_create`` instead of one service call per person.

The answers are a model, not data from Gorontalo (all figures below are this demo's
ASSUMPTIONS, chosen so that the analysis has something to show):

- The round covers every unit (no unit chosen = all) and runs for about seven weeks ending two
  weeks before the as-of date; it is closed by then.
- About 85% of participants fill in the self-assessment and the Borich questionnaire (the
  response rate varies per OPD, 72–96%); about three quarters are rated by their supervisor
  (a supervisor who takes part rates all their staff).
- A person's "true" level per competency is the required level plus a person effect, a
  competency effect and noise. The self-rating is lenient (+0.3), the supervisor rates a
  little lower (−0.1); about 5% of the pairs disagree by two levels or more.
- Weaknesses: **T.DIG.01 Pelayanan Publik Berbasis Digital** is markedly below standard
  across the agency and most of all in the public-service units (DPMPTSP, Dinas Sosial dan
  Dukcapil, RSUD, the Samsat UPTDs…); **M.7 Mengelola Perubahan** is moderately weak
  everywhere after the 2025 reorganisation; **T.KEU.01/T.KEU.02** are weak in finance units.
  Diskominfotik, the IT agency, is not weak in digital services.
- Borich importance is mostly 3–5 (highest for digital services); the ability rating follows
  the person's level against the standard.
- About 30% of the respondents write what they struggle with; eight interviews with OPD
  groups are tagged with competencies and themes, several of them about digital services.

Deterministic: everything is drawn from the ``rng`` passed in, participants sorted by NIP and
competencies by code; the timestamps derive from the as-of date, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from bina.core.performance import Predicate, is_below_standard
from bina.needs.models import Answer, NeedsRound, Participant, RoundStandard
from bina.needs.services import interview_record, round_close, round_create, round_open
from bina.org.models import Agency, Unit
from bina.reference.models import Competency

DIGITAL = "T.DIG.01"
CHANGE = "M.7"
FINANCE = ("T.KEU.01", "T.KEU.02")
FINANCE_OPD = ("BKAD", "BAKEU", "INSP")
DIGITAL_STRONG_OPD = ("DISKOMINFOTIK",)
SERVICE_OPD = ("DPMPTSP", "DINSOSDUKCAPIL", "DUKCAPILPMD", "DINSOS", "RSUD", "BAPENDA",
               "DISNAKERTRANS")

RESPONSE_RATE = (0.72, 0.96)  # per OPD, uniform
SUPERVISOR_TAKES_PART = 0.92
SUPERVISOR_RATES_ONE = 0.82
STRUGGLES_SHARE = 0.30
FORCED_DISAGREEMENT = 0.025  # on top of the disagreements the noise produces

# Competency effects on the "true" level (levels; negative = below standard).
BASE_SHIFT = 0.2
DIGITAL_SHIFT = -1.3
DIGITAL_SERVICE_SHIFT = -2.3
DIGITAL_STRONG_SHIFT = 0.1
CHANGE_SHIFT = -0.75
FINANCE_UNIT_SHIFT = -1.0
LOW_PERFORMER_SHIFT = -0.3

IMPORTANCE = {DIGITAL: 4.5, CHANGE: 4.3}
IMPORTANCE_DEFAULT = 3.8
IMPORTANCE_FINANCE_UNIT = 4.4

DIGITAL_STRUGGLES = (
    "Menggunakan aplikasi SIPD dan tanda tangan elektronik",
    "Melayani pemohon secara daring",
    "Mengunggah dan memverifikasi berkas permohonan di aplikasi layanan",
    "Menjawab pengaduan masyarakat di SP4N-LAPOR! tepat waktu",
    "Mengelola surat dan disposisi melalui aplikasi persuratan elektronik (SRIKANDI)",
    "Mengolah data layanan dari aplikasi menjadi laporan bulanan",
)
DIGITAL_STRUGGLES_BY_OPD = {
    "DIKBUD": ("Mengisi Dapodik dan menggunakan Platform Merdeka Mengajar",
               "Menyiapkan pembelajaran daring dan asesmen berbasis komputer"),
    "RSUD": ("Mencatat rekam medis elektronik di SIMRS saat melayani pasien",
             "Melayani pendaftaran pasien BPJS secara daring"),
    "DPMPTSP": ("Memproses perizinan berusaha di OSS RBA",
                "Melayani pemohon izin secara daring tanpa tatap muka"),
    "DINSOSDUKCAPIL": ("Menerbitkan dokumen kependudukan dengan tanda tangan elektronik",
                       "Memutakhirkan data DTKS dan bantuan sosial di aplikasi SIKS-NG"),
    "BAPENDA": ("Melayani pembayaran pajak kendaraan melalui Samsat digital (SIGNAL)",
                "Merekonsiliasi penerimaan pajak dari kanal pembayaran daring"),
}
FINANCE_STRUGGLES = (
    "Menatausahakan keuangan di SIPD RI",
    "Menyusun laporan keuangan berbasis akrual",
    "Merekonsiliasi belanja dan SP2D setiap bulan",
)
CHANGE_STRUGGLES = (
    "Menyesuaikan tugas setelah penggabungan OPD tahun 2025",
    "Menjalankan tugas baru setelah penyetaraan jabatan ke fungsional",
)
GENERAL_STRUGGLES = (
    "Menyusun laporan kinerja",
    "Menyusun SKP dan rencana hasil kerja bersama atasan",
    "Menyusun telaahan staf dan nota dinas",
    "Menyusun rencana kerja dan anggaran unit",
    "Mengolah data menjadi bahan paparan pimpinan",
    "Berkoordinasi dengan kabupaten/kota",
)


@dataclass(frozen=True)
class InterviewSpec:
    units: tuple[str, ...]  # candidate unit codes, the first active one is used
    group: str
    problems: str
    tags: tuple[tuple[str, str, str], ...]  # (competency, theme, note)
    week: int  # week of the round in which it was held


INTERVIEWS = (
    InterviewSpec(
        ("DPMPTSP",), "Kepala Bidang Pelayanan dan petugas front office (7 orang)",
        "Sebagian besar permohonan izin kini masuk lewat OSS RBA, tetapi petugas masih "
        "mencetak berkas dan memverifikasi secara manual; pemohon mengeluhkan lamanya "
        "tanggapan daring.",
        ((DIGITAL, "Layanan digital", "Petugas front office belum mahir memproses izin di "
          "OSS RBA dan menanggapi pemohon secara daring"),
         ("T.YAN.01", "Standar pelayanan", "Waktu tanggapan layanan daring melebihi standar "
          "pelayanan")), 2),
    InterviewSpec(
        ("DINSOSDUKCAPIL", "DUKCAPILPMD"), "Petugas layanan adminduk dan operator SIAK (6 orang)",
        "Tanda tangan elektronik dokumen kependudukan sudah wajib, namun banyak petugas belum "
        "memiliki sertifikat elektronik dan ragu menggunakannya; layanan daring sering "
        "dialihkan kembali ke loket.",
        ((DIGITAL, "Layanan digital", "Penggunaan TTE dan layanan adminduk daring belum "
          "dikuasai petugas"),
         ("T.DUK.01", "Administrasi kependudukan", "Pemutakhiran data kependudukan lambat")), 3),
    InterviewSpec(
        ("RSUD",), "Kepala ruangan dan perawat pelaksana (8 orang)",
        "Rekam medis elektronik mulai diterapkan, tetapi perawat senior masih mencatat di "
        "kertas lalu menyalin ke SIMRS; antrean pendaftaran daring belum berjalan.",
        ((DIGITAL, "Rekam medis elektronik", "Perawat belum terbiasa mencatat langsung di "
          "SIMRS"),
         ("T.KES.01", "Mutu pelayanan", "Beban penyalinan data mengurangi waktu pelayanan "
          "pasien")), 3),
    InterviewSpec(
        ("BAPENDA",), "Kepala UPTD Samsat dan petugas kasir (5 orang)",
        "Pembayaran pajak kendaraan melalui Samsat digital meningkat, tetapi petugas belum "
        "bisa membantu wajib pajak yang gagal bayar daring dan rekonsiliasi masih manual.",
        ((DIGITAL, "Layanan digital", "Petugas Samsat perlu dibekali layanan pembayaran "
          "daring"),
         ("T.PAD.01", "Pendapatan daerah", "Rekonsiliasi penerimaan dari kanal daring")), 4),
    InterviewSpec(
        ("DIKBUD",), "Perwakilan kepala sekolah dan guru SMA/SMK (10 orang)",
        "Guru diminta memakai Platform Merdeka Mengajar dan asesmen berbasis komputer; "
        "sekolah di daerah dengan sinyal lemah dan guru senior paling kesulitan.",
        ((DIGITAL, "Pembelajaran digital", "Guru senior belum percaya diri memakai platform "
          "pembelajaran daring"),
         ("T.PEN.02", "Asesmen", "Asesmen berbasis komputer belum merata")), 4),
    InterviewSpec(
        ("BKAD", "BAKEU"), "Bendahara dan pengelola keuangan OPD (9 orang)",
        "Perubahan modul penatausahaan di SIPD RI membuat SPJ sering dikembalikan; laporan "
        "keuangan akrual triwulanan terlambat di beberapa OPD.",
        (("T.KEU.01", "Keuangan daerah", "Penatausahaan keuangan di SIPD RI belum dikuasai "
          "bendahara baru"),
         ("T.KEU.02", "Pelaporan keuangan", "Laporan keuangan akrual triwulanan terlambat"),
         (DIGITAL, "Aplikasi pemerintahan", "Bendahara kesulitan dengan aplikasi SIPD dan "
          "TTE")), 5),
    InterviewSpec(
        ("BKPSDM", "BKD"), "Sekretaris dan kepala bidang OPD hasil penggabungan (6 orang)",
        "Setelah penggabungan OPD tahun 2025, banyak pegawai menjalankan tugas baru tanpa "
        "pembekalan; pejabat administrator merasa belum siap memimpin perubahan.",
        ((CHANGE, "Manajemen perubahan", "Pejabat belum siap memimpin tim setelah "
          "penggabungan OPD"),
         ("M.3", "Kerja sama", "Koordinasi antarbidang baru belum berjalan")), 5),
    InterviewSpec(
        ("DISKOMINFOTIK",), "Tim SPBE provinsi (5 orang)",
        "Indeks SPBE provinsi tertahan oleh rendahnya pemakaian layanan digital di OPD "
        "pelayanan; aplikasi tersedia tetapi petugas belum memanfaatkannya.",
        ((DIGITAL, "SPBE", "Pemanfaatan aplikasi layanan oleh petugas OPD rendah"),
         (CHANGE, "Manajemen perubahan", "Perubahan cara kerja ke layanan digital perlu "
          "dipimpin kepala OPD")), 6),
)
INTERVIEWERS = ("Tim AKPK BKPSDM: Rahmawati Pakaya dan Moh. Rizal Hasan",
                "Tim AKPK BKPSDM: Sri Wahyuni Daud dan Fadli Mustapa")


@dataclass
class NeedsDemoSummary:
    code: str
    name: str
    participants: int = 0
    respondents: int = 0
    supervisor_rated: int = 0
    answers: int = 0
    interviews: int = 0
    top: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name, reason)

    def line(self) -> str:
        """One line for the ``bina demo`` report, in Indonesian."""
        def number(n: int) -> str:
            return f"{n:,}".replace(",", ".")
        share = round(100 * self.respondents / self.participants) if self.participants else 0
        first = f"; prioritas 1: {self.top[0][0]} {self.top[0][1]}" if self.top else ""
        return (f"{self.name} ditutup: {number(self.participants)} peserta, "
                f"{number(self.respondents)} menjawab ({share}%), "
                f"{number(self.supervisor_rated)} dinilai atasan, {self.interviews} wawancara"
                f"{first}")


@dataclass(frozen=True)
class _UnitInfo:
    opd: str
    service: bool
    finance: bool


def _level(x: float) -> int:
    return min(5, max(1, math.floor(x + 0.5)))


def _aware(day: dt.date, minutes: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(7, 30))
                               + dt.timedelta(minutes=minutes))


def _unit_infos(agency: Agency) -> dict[int, _UnitInfo]:
    rows = list(Unit.objects.filter(agency=agency).values_list(
        "id", "code", "name", "path", "is_public_service"))
    by_id = {r[0]: r for r in rows}
    infos = {}
    for uid, _code, name, path, _public in rows:
        chain = [by_id[int(x)] for x in path.strip("/").split("/") if int(x) in by_id]
        opd = chain[0][1] if chain else ""
        service = opd in SERVICE_OPD or any(r[4] for r in chain) or "Samsat" in name
        finance = opd in FINANCE_OPD or any("Keuangan" in r[2] for r in chain[1:])
        infos[uid] = _UnitInfo(opd, service, finance)
    return infos


def _shift(code: str, unit: _UnitInfo) -> float:
    if code == DIGITAL:
        if unit.opd in DIGITAL_STRONG_OPD:
            return DIGITAL_STRONG_SHIFT
        return DIGITAL_SERVICE_SHIFT if unit.service else DIGITAL_SHIFT
    if code == CHANGE:
        return CHANGE_SHIFT
    if code in FINANCE and unit.finance:
        return FINANCE_UNIT_SHIFT
    return BASE_SHIFT


def _importance_mean(code: str, unit: _UnitInfo) -> float:
    if code in FINANCE and unit.finance:
        return IMPORTANCE_FINANCE_UNIT
    return IMPORTANCE.get(code, IMPORTANCE_DEFAULT)


def _struggles(rng: random.Random, unit: _UnitInfo, weak: set[str]) -> str:
    pool: list[str] = []
    if DIGITAL in weak:
        pool += DIGITAL_STRUGGLES_BY_OPD.get(unit.opd, ()) * 2 + DIGITAL_STRUGGLES
    if weak & set(FINANCE):
        pool += FINANCE_STRUGGLES * 2
    if CHANGE in weak:
        pool += CHANGE_STRUGGLES
    pool += GENERAL_STRUGGLES
    chosen = rng.sample(pool, k=min(len(set(pool)), rng.choice((1, 1, 2))))
    unique = list(dict.fromkeys(chosen))
    return "; ".join(unique) + "."


def _active_unit(units: dict[str, Unit], codes: Sequence[str], day: dt.date) -> Unit | None:
    for code in codes:
        unit = units.get(code)
        if unit is not None and unit.is_active_on(day):
            return unit
    return None


def _save_progress(participants: Sequence[Participant]) -> None:
    """Write the submission times, reminders and struggles: one prepared UPDATE run with
    ``executemany`` (Django's ``bulk_update`` builds CASE expressions and takes seconds here)."""
    ops = connection.ops
    columns = ("self_submitted_at", "supervisor_submitted_at", "reminded_at")
    assignments = ", ".join(f"{ops.quote_name(c)} = %s" for c in (*columns, "struggles"))
    sql = (f"UPDATE {ops.quote_name(Participant._meta.db_table)} SET {assignments} "  # noqa: S608 - constant names; values are parameters
           f"WHERE {ops.quote_name('id')} = %s")
    rows = [(ops.adapt_datetimefield_value(p.self_submitted_at),
             ops.adapt_datetimefield_value(p.supervisor_submitted_at),
             ops.adapt_datetimefield_value(p.reminded_at), p.struggles, p.pk)
            for p in participants
            if p.self_submitted_at or p.supervisor_submitted_at or p.reminded_at]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def generate_needs_round(*, agency: Agency, units: dict[str, Unit], day: dt.date,
                         rng: random.Random) -> NeedsDemoSummary:
    """Create, open, answer, interview and close the AKPK round of the year after ``day``."""
    year = day.year + 1
    opened = day - dt.timedelta(days=63)
    due = day - dt.timedelta(days=21)
    closed = day - dt.timedelta(days=14)
    needs_round = round_create(agency=agency, code=f"akpk-{year}", name=f"AKPK {year}",
                               year=year, due_date=due)
    round_open(needs_round=needs_round)
    summary = NeedsDemoSummary(code=needs_round.code, name=needs_round.name)

    infos = _unit_infos(agency)
    standard: dict[int, list[tuple[str, int, int]]] = {}
    for pos, cid, code, level in (RoundStandard.objects.filter(round=needs_round)
                                  .values_list("position_id", "competency_id",
                                               "competency__code", "required_level")):
        standard.setdefault(pos, []).append((code, cid, level))
    for items in standard.values():
        items.sort()
    participants = list(Participant.objects.filter(round=needs_round)
                        .select_related("employee").order_by("employee__nip"))
    summary.participants = len(participants)

    opds = sorted({infos[p.unit_id].opd for p in participants})
    response = {opd: rng.uniform(*RESPONSE_RATE) for opd in opds}
    supervisors = sorted({p.supervisor_id for p in participants if p.supervisor_id})
    rating = {s for s in supervisors if rng.random() < SUPERVISOR_TAKES_PART}
    window = (due - opened).days
    answers: list[Answer] = []
    for p in participants:
        unit = infos[p.unit_id]
        answered = rng.random() < response[unit.opd]
        rated = p.supervisor_id in rating and rng.random() < SUPERVISOR_RATES_ONE
        person = rng.gauss(0.0, 0.3)
        if p.predicate and is_below_standard(Predicate(p.predicate)):
            person += LOW_PERFORMER_SHIFT
        weak: set[str] = set()
        late = False
        for code, cid, required in standard.get(p.position_id, ()):
            true = required + person + _shift(code, unit) + rng.gauss(0.0, 0.45)
            self_level = _level(true + 0.3 + rng.gauss(0.0, 0.45))
            supervisor_level = _level(true - 0.1 + rng.gauss(0.0, 0.3))
            if rng.random() < FORCED_DISAGREEMENT:
                self_level = min(5, supervisor_level + 2 + (rng.random() < 0.2))
                if self_level - supervisor_level < 2:
                    self_level = max(1, supervisor_level - 2)
            importance = _level(rng.gauss(_importance_mean(code, unit), 0.7))
            ability = _level(3.2 + 0.9 * (true - required) + rng.gauss(0.0, 0.6))
            if true < required - 0.5:
                weak.add(code)
            if not (answered or rated):
                continue
            answers.append(Answer(
                participant_id=p.pk, competency_id=cid,
                self_level=self_level if answered else None,
                supervisor_level=supervisor_level if rated else None,
                importance=importance if answered else None,
                ability=ability if answered else None,
            ))
        if answered:
            summary.respondents += 1
            late = rng.random() < 0.12
            offset = (window + rng.randint(1, 5)) if late else min(
                window, int(rng.triangular(0, window, window * 0.8)))
            p.self_submitted_at = _aware(opened + dt.timedelta(days=offset),
                                         rng.randint(0, 540))
            if rng.random() < STRUGGLES_SHARE:
                p.struggles = _struggles(rng, unit, weak)
        if rated:
            summary.supervisor_rated += 1
            offset = rng.randint(10, window + 6)
            p.supervisor_submitted_at = _aware(opened + dt.timedelta(days=offset),
                                               rng.randint(0, 540))
        if not answered or late:
            p.reminded_at = _aware(opened + dt.timedelta(days=28), 60)
    Answer.objects.bulk_create(answers, batch_size=2000)
    _save_progress(participants)
    summary.answers = len(answers)

    asked = set(needs_round.competencies.values_list("competency__code", flat=True))
    comps = {c.code: c for c in Competency.objects.filter(
        Q(agency=agency) | Q(agency=None), code__in=asked)}
    for k, spec in enumerate(INTERVIEWS):
        tags = [(comps[code], theme, note) for code, theme, note in spec.tags if code in comps]
        if not tags:
            continue
        interview_record(
            needs_round=needs_round, group=spec.group,
            held_on=opened + dt.timedelta(days=7 * spec.week + rng.randint(0, 4)),
            interviewer=INTERVIEWERS[k % len(INTERVIEWERS)], problems=spec.problems,
            tags=tags, unit=_active_unit(units, spec.units, day))
        summary.interviews += 1

    round_close(needs_round=needs_round)
    NeedsRound.objects.filter(pk=needs_round.pk).update(
        opened_at=_aware(opened, 0), closed_at=_aware(closed, 480))
    for entry in needs_round.result.get("competencies", [])[:3]:
        summary.top.append((entry["code"], entry["name"], entry["reason"]["id"]))
    return summary
