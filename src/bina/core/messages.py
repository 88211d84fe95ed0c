"""Bilingual messages for the core.

The core never imports Django, so it cannot use gettext. A :class:`Message` carries a code and
its parameters; it renders in Indonesian (the default) or English. Scripts can rely on the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Self

Lang = Literal["id", "en"]

CATALOGUE: dict[str, dict[Lang, str]] = {
    # NIP
    "nip.empty": {"id": "NIP wajib diisi", "en": "NIP is required"},
    "nip.not_digits": {
        "id": "NIP harus 18 angka, bukan {value!r}",
        "en": "NIP must be 18 digits, not {value!r}",
    },
    "nip.length": {
        "id": "NIP harus 18 angka, ini {length} angka",
        "en": "NIP must be 18 digits, this has {length}",
    },
    "nip.scientific": {
        "id": (
            "NIP tersimpan sebagai angka ({value}) sehingga digitnya hilang; "
            "format kolom NIP sebagai teks lalu isi ulang"
        ),
        "en": (
            "the NIP was stored as a number ({value}) and has lost digits; "
            "format the NIP column as text and enter it again"
        ),
    },
    "nip.birth_date": {
        "id": "digit 1–8 NIP ({digits}) bukan tanggal lahir yang sah (TTTTBBHH)",
        "en": "digits 1–8 of the NIP ({digits}) are not a valid birth date (YYYYMMDD)",
    },
    "nip.tmt": {
        "id": "digit 9–14 NIP ({digits}) bukan TMT CPNS yang sah (TTTTBB)",
        "en": "digits 9–14 of the NIP ({digits}) are not a valid TMT CPNS (YYYYMM)",
    },
    "nip.tmt_before_birth": {
        "id": "TMT CPNS ({tmt}) pada NIP tidak mungkin saat umur {age} tahun",
        "en": "TMT CPNS ({tmt}) in the NIP is impossible at age {age}",
    },
    "nip.sex": {
        "id": "digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan), bukan {digit}",
        "en": "digit 15 of the NIP must be 1 (male) or 2 (female), not {digit}",
    },
    "nip.pppk_year": {
        "id": "digit 9–12 NIP PPPK ({digits}) bukan tahun TMT yang sah",
        "en": "digits 9–12 of the PPPK NIP ({digits}) are not a valid TMT year",
    },
    "nip.pppk_code": {
        "id": "digit ke-13 NIP PPPK harus 2, bukan {digit}",
        "en": "digit 13 of a PPPK NIP must be 2, not {digit}",
    },
    "nip.pppk_frequency": {
        "id": "digit ke-14 NIP PPPK (frekuensi) harus 1–9, bukan {digit}",
        "en": "digit 14 of a PPPK NIP (frequency) must be 1–9, not {digit}",
    },
    "nip.serial": {
        "id": "nomor urut NIP (digit 16–18) tidak boleh 000",
        "en": "the serial number of the NIP (digits 16–18) cannot be 000",
    },
}


@dataclass(frozen=True)
class Message:
    """A message with a stable code and named parameters."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: Lang = "id") -> str:
        templates = CATALOGUE.get(self.code)
        if templates is None:
            return self.code
        return templates[lang].format(**self.params)

    def __str__(self) -> str:
        return self.render("id")


class BilingualError(ValueError):
    """A refused write or input, with the reason in Indonesian (``str(error)``) and English.

    The apps' errors (plan, mentoring, ledger, …) derive from it, so a view or a command shows
    ``error.text(lang)`` whatever stage raised it."""

    def __init__(self, message_id: str, message_en: str | None = None) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.message_en = message_id if message_en is None else message_en

    def text(self, lang: str = "id") -> str:
        return self.message_en if lang.startswith("en") else self.message_id

    @classmethod
    def of(cls, message: Message) -> Self:
        return cls(message.render("id"), message.render("en"))


def register(code: str, *, id: str, en: str) -> None:
    """Add messages from other modules of the core (kept next to the rule they describe)."""
    CATALOGUE[code] = {"id": id, "en": en}


# --------------------------------------------------------------------------------------------
# Delivery: JP recognition (jp_rules), mentoring, JP progress

CATALOGUE.update({
    # JP recognition table (rules_from_rows)
    "jp_rules.missing": {
        "id": "baris {row} tabel pengakuan JP: kolom {field} wajib diisi",
        "en": "row {row} of the JP recognition table: {field} is required",
    },
    "jp_rules.unknown_field": {
        "id": "baris {row} tabel pengakuan JP: kolom {field!r} tidak dikenal",
        "en": "row {row} of the JP recognition table: unknown field {field!r}",
    },
    "jp_rules.duplicate": {
        "id": "baris {row} tabel pengakuan JP: jalur {path} sudah ada",
        "en": "row {row} of the JP recognition table: path {path} is already listed",
    },
    "jp_rules.bad_basis": {
        "id": "baris {row} tabel pengakuan JP: satuan {value!r} tidak dikenal; pilihan: {known}",
        "en": "row {row} of the JP recognition table: unknown basis {value!r}; choose: {known}",
    },
    "jp_rules.bad_number": {
        "id": "baris {row} tabel pengakuan JP: {field} harus angka desimal ≥ 0 (ditulis "
              "sebagai teks, mis. \"0.20\"), bukan {value!r}",
        "en": "row {row} of the JP recognition table: {field} must be a decimal ≥ 0 (written "
              "as text, e.g. \"0.20\"), not {value!r}",
    },
    "jp_rules.bad_int": {
        "id": "baris {row} tabel pengakuan JP: {field} harus bilangan bulat ≥ 1, bukan {value!r}",
        "en": "row {row} of the JP recognition table: {field} must be a whole number ≥ 1, "
              "not {value!r}",
    },
    "jp_rules.bad_bool": {
        "id": "baris {row} tabel pengakuan JP: {field} harus true atau false, bukan {value!r}",
        "en": "row {row} of the JP recognition table: {field} must be true or false, "
              "not {value!r}",
    },
    "jp_rules.sessions_cap_basis": {
        "id": "baris {row} tabel pengakuan JP: batas sesi per bulan hanya untuk satuan sesi, "
              "bukan {basis}",
        "en": "row {row} of the JP recognition table: a monthly session cap needs the session "
              "basis, not {basis}",
    },
    "jp_rules.needs_jp": {
        "id": "jalur {path}: satuan {basis} memerlukan nilai JP per satuan",
        "en": "path {path}: the {basis} basis needs a JP value per unit",
    },
    "jp.wrong_rule": {
        "id": "aturan jalur {rule} dipakai untuk kegiatan jalur {path}",
        "en": "the rule of path {rule} was applied to an activity of path {path}",
    },
    "jp.negative_activity": {
        "id": "kegiatan jalur {path}: JP, hari dan semester tidak boleh negatif",
        "en": "activity of path {path}: JP, days and semesters cannot be negative",
    },
    # JP credit explanations
    "jp.credit.programme": {
        "id": "{jp} JP sesuai JP program",
        "en": "{jp} JP, the programme's JP",
    },
    "jp.credit.uplift": {
        "id": "{base} JP + {pct}% (internasional) = {jp} JP",
        "en": "{base} JP + {pct}% (international) = {jp} JP",
    },
    "jp.credit.per_day": {
        "id": "{days} hari × {per_day} JP = {jp} JP",
        "en": "{days} day(s) × {per_day} JP = {jp} JP",
    },
    "jp.credit.per_day.international": {
        "id": "{days} hari × {per_day} JP (internasional) = {jp} JP",
        "en": "{days} day(s) × {per_day} JP (international) = {jp} JP",
    },
    "jp.credit.day_cap": {
        "id": "paling banyak {cap} JP per hari × {days} hari, JP program {programme_jp}: "
              "diakui {jp} JP",
        "en": "at most {cap} JP per day × {days} day(s), programme JP {programme_jp}: "
              "{jp} JP recognised",
    },
    "jp.credit.day_cap.international": {
        "id": "paling banyak {cap} JP per hari (internasional) × {days} hari, JP program "
              "{programme_jp}: diakui {jp} JP",
        "en": "at most {cap} JP per day (international) × {days} day(s), programme JP "
              "{programme_jp}: {jp} JP recognised",
    },
    "jp.credit.sessions": {
        "id": "{counted} sesi × {per_session} JP = {jp} JP ({ignored} sesi di atas batas "
              "{cap} sesi per bulan tidak dihitung)",
        "en": "{counted} session(s) × {per_session} JP = {jp} JP ({ignored} session(s) above "
              "the cap of {cap} per month not counted)",
    },
    "jp.credit.fixed": {
        "id": "{jp} JP per kegiatan",
        "en": "{jp} JP per activity",
    },
    "jp.credit.fixed.international": {
        "id": "{jp} JP per kegiatan (internasional)",
        "en": "{jp} JP per activity (international)",
    },
    "jp.credit.semester": {
        "id": "{semesters} semester × {per} JP = {jp} JP",
        "en": "{semesters} semester(s) × {per} JP = {jp} JP",
    },
    "jp.note.no_international": {
        "id": "tabel tidak memuat nilai internasional untuk jalur {path}: dihitung sebagai "
              "kegiatan dalam negeri",
        "en": "the table has no international value for path {path}: counted as domestic",
    },
    # Mentoring: eligibility
    "mentoring.self": {
        "id": "{person} tidak dapat menjadi mentor bagi dirinya sendiri",
        "en": "{person} cannot be their own mentor",
    },
    "mentoring.supervisor_excluded": {
        "id": "{mentor} adalah atasan langsung {mentee}; program ini tidak mengizinkan atasan "
              "langsung sebagai mentor",
        "en": "{mentor} is {mentee}'s direct supervisor; this programme excludes direct "
              "supervisors as mentors",
    },
    "mentoring.supervisor_required": {
        "id": "{mentor} bukan atasan langsung {mentee}; program ini mensyaratkan atasan langsung "
              "sebagai mentor",
        "en": "{mentor} is not {mentee}'s direct supervisor; this programme requires the direct "
              "supervisor as mentor",
    },
    "mentoring.seniority.golongan": {
        "id": "golongan mentor harus sekurang-kurangnya {gap} tingkat di atas mentee "
              "(selisih {golongan_gap})",
        "en": "the mentor's golongan must be at least {gap} rank(s) above the mentee's "
              "(difference {golongan_gap})",
    },
    "mentoring.seniority.position": {
        "id": "jenjang jabatan mentor harus sekurang-kurangnya {gap} tingkat di atas mentee "
              "(selisih {position_gap})",
        "en": "the mentor's position level must be at least {gap} level(s) above the mentee's "
              "(difference {position_gap})",
    },
    "mentoring.seniority.either": {
        "id": "golongan atau jenjang jabatan mentor harus sekurang-kurangnya {gap} tingkat di "
              "atas mentee (selisih golongan {golongan_gap}, jabatan {position_gap})",
        "en": "the mentor's golongan or position level must be at least {gap} above the "
              "mentee's (golongan difference {golongan_gap}, position {position_gap})",
    },
    "mentoring.seniority.both": {
        "id": "golongan dan jenjang jabatan mentor harus sekurang-kurangnya {gap} tingkat di "
              "atas mentee (selisih golongan {golongan_gap}, jabatan {position_gap})",
        "en": "the mentor's golongan and position level must both be at least {gap} above the "
              "mentee's (golongan difference {golongan_gap}, position {position_gap})",
    },
    "mentoring.unit_same": {
        "id": "mentor harus dari unit yang sama (mentor {mentor_unit}, mentee {mentee_unit})",
        "en": "the mentor must be from the same unit (mentor {mentor_unit}, "
              "mentee {mentee_unit})",
    },
    "mentoring.unit_different": {
        "id": "mentor harus dari unit lain (keduanya di {unit})",
        "en": "the mentor must be from another unit (both in {unit})",
    },
    "mentoring.field": {
        "id": "mentor harus dari bidang yang sama (mentor {mentor_field}, mentee {mentee_field})",
        "en": "the mentor must be from the same field (mentor {mentor_field}, "
              "mentee {mentee_field})",
    },
    "mentoring.level_missing": {
        "id": "mentor belum dinilai pada kompetensi {competency}",
        "en": "the mentor has not been assessed in {competency}",
    },
    "mentoring.level_low": {
        "id": "level mentor pada {competency} ({level}) di bawah level yang disyaratkan "
              "mentee ({required})",
        "en": "the mentor's level in {competency} ({level}) is below the mentee's required "
              "level ({required})",
    },
    # Mentoring: fit
    "mentoring.fit.base": {
        "id": "+{points}: pasangan yang memenuhi syarat",
        "en": "+{points}: an eligible pair",
    },
    "mentoring.fit.excess": {
        "id": "+{points}: level mentor pada {competency} {level}, disyaratkan {required}",
        "en": "+{points}: mentor's level in {competency} {level}, required {required}",
    },
    "mentoring.fit.gap": {
        "id": "+{points}: kesenjangan mentee pada {competency} (level {own}, disyaratkan "
              "{required}) ditutup",
        "en": "+{points}: covers the mentee's gap in {competency} (level {own}, required "
              "{required})",
    },
    "mentoring.fit.same_field": {
        "id": "+{points}: bidang yang sama ({field})",
        "en": "+{points}: same field ({field})",
    },
    "mentoring.fit.supervisor": {
        "id": "mentor adalah atasan langsung mentee",
        "en": "the mentor is the mentee's direct supervisor",
    },
    # Mentoring: matching
    "mentoring.unmatched.none_eligible": {
        "id": "tidak ada mentor yang memenuhi syarat untuk {mentee}",
        "en": "no mentor meets the rules for {mentee}",
    },
    "mentoring.unmatched.full": {
        "id": "semua mentor yang memenuhi syarat untuk {mentee} sudah penuh",
        "en": "every eligible mentor of {mentee} is full",
    },
    "mentoring.duplicate": {
        "id": "pegawai {person} tercantum dua kali",
        "en": "person {person} is listed twice",
    },
    "mentoring.capacity": {
        "id": "kapasitas mentor {mentor} tidak boleh negatif ({capacity})",
        "en": "the capacity of mentor {mentor} cannot be negative ({capacity})",
    },
    "mentoring.fixed_unknown": {
        "id": "pasangan tetap {mentor}–{mentee}: mentor atau mentee tidak ada dalam daftar",
        "en": "fixed pair {mentor}–{mentee}: the mentor or the mentee is not in the lists",
    },
    "mentoring.fixed_invalid": {
        "id": "pasangan tetap {mentor}–{mentee} melanggar aturan: {reasons}",
        "en": "fixed pair {mentor}–{mentee} breaks the rules: {reasons_en}",
    },
    "mentoring.fixed_forbidden": {
        "id": "pasangan {mentor}–{mentee} ditetapkan sekaligus dilarang",
        "en": "the pair {mentor}–{mentee} is both fixed and forbidden",
    },
    "mentoring.fixed_twice": {
        "id": "{mentee} ditetapkan pada lebih dari satu mentor",
        "en": "{mentee} is fixed to more than one mentor",
    },
    "mentoring.fixed_capacity": {
        "id": "pasangan tetap melebihi kapasitas mentor {mentor} ({capacity})",
        "en": "the fixed pairs exceed the capacity of mentor {mentor} ({capacity})",
    },
    "mentoring.solver": {
        "id": "pemecah HiGHS tidak menemukan solusi (status {status})",
        "en": "the HiGHS solver found no solution (status {status})",
    },
    # JP progress
    "jp_progress.four_fifths": {
        "id": "{share} pegawai {group} mencapai hak JP, di bawah 4/5 dari {overall} seluruh "
              "pegawai (rasio {ratio}; aturan empat per lima, sebagai petunjuk)",
        "en": "{share} of {group} reached the JP right, below 4/5 of the overall {overall} "
              "(ratio {ratio}; the four-fifths rule, as a heuristic)",
    },
})
