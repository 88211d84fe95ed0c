"""Development history (riwayat pengembangan kompetensi) files: columns, template, validation
and what an import changes. No database work: the service loads lookups and writes.

Rules (repeated in the Petunjuk sheet):

- NIP must be an employee of the agency (import the roster first);
- JALUR is a path code (KL01–KL12, NKL01–NKL13, PEND) or a path name (case and spaces ignored);
- JP is a non-negative number with at most one decimal (``2,5`` is accepted);
- TANGGAL SELESAI is not before TANGGAL MULAI;
- an activity is the same one when NIP, NAMA KEGIATAN (case and spaces ignored), TANGGAL MULAI
  and TANGGAL SELESAI agree: a re-import updates it instead of adding it again;
- PENYELENGGARA is matched to the agency's registered organisations by name (case ignored);
  otherwise the name is kept as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import IO

from bina.core.messages import Message, register
from bina.core.nip import NipError, clean_nip
from bina.core.roster import (
    CellError,
    Column,
    RowError,
    SheetRow,
    cell_text,
    normalise_name,
    parse_date,
    parse_non_negative,
    sort_errors,
)
from bina.people.io.roster_xlsx import ReferenceSheet, SheetSpec, write_workbook

DEVELOPMENT_SHEET = "Pengembangan"
MAX_JP = Decimal("99999.9")


class DevCol:
    NIP = "NIP"
    TITLE = "NAMA KEGIATAN"
    PATH = "JALUR"
    JP = "JP"
    START = "TANGGAL MULAI"
    END = "TANGGAL SELESAI"
    PROVIDER = "PENYELENGGARA"
    CERTIFICATE = "NOMOR SERTIFIKAT"


DEVELOPMENT_COLUMNS: tuple[Column, ...] = (
    Column(DevCol.NIP, True, "18 angka, sebagai teks", "198503122010011004",
           "NIP pegawai yang sudah terdaftar", ("NIP BARU",), 22),
    Column(DevCol.TITLE, True, "teks", "Pelatihan Analisis Data", "paling banyak 250 karakter",
           ("NAMA DIKLAT", "NAMA PELATIHAN", "KEGIATAN", "NAMA KEGIATAN PENGEMBANGAN"), 40),
    Column(DevCol.PATH, True, "kode atau nama jalur", "KL03",
           "KL01–KL12 (klasikal), NKL01–NKL13 (nonklasikal), PEND (pendidikan), atau nama "
           "jalur; lihat lembar Jalur",
           ("JENIS DIKLAT", "JALUR PENGEMBANGAN", "JENIS KEGIATAN", "KODE JALUR"), 12),
    Column(DevCol.JP, True, "angka ≥ 0", "24", "jam pelajaran; boleh satu desimal (2,5)",
           ("JUMLAH JP", "JAM PELAJARAN", "JPL", "JUMLAH JAM"), 8),
    Column(DevCol.START, True, "HH-BB-TTTT", "02-09-2024",
           "HH-BB-TTTT, HH/BB/TTTT, TTTT-BB-HH atau sel tanggal Excel",
           ("TGL MULAI", "TANGGAL AWAL", "MULAI"), 14),
    Column(DevCol.END, True, "HH-BB-TTTT", "05-09-2024", "tidak sebelum TANGGAL MULAI",
           ("TGL SELESAI", "TANGGAL AKHIR", "SELESAI"), 14),
    Column(DevCol.PROVIDER, False, "teks", "BPSDM Provinsi Gorontalo",
           "dicocokkan dengan daftar organisasi instansi; bila tidak ada, disimpan sebagai teks",
           ("INSTANSI PENYELENGGARA", "LEMBAGA PENYELENGGARA"), 30),
    Column(DevCol.CERTIFICATE, False, "teks", "800/BPSDM/IX/2024", "",
           ("NO SERTIFIKAT", "NOMOR STTPP", "NO STTPP", "NOMOR STTPL", "NO STTPL"), 22),
)

DEVELOPMENT_RULES = (
    "Satu baris untuk satu kegiatan satu pegawai. Judul kolom di baris 1 jangan diubah; kolom "
    "yang tidak dikenal (misalnya NAMA pegawai) diabaikan.",
    "Hapus baris contoh (baris 2) sebelum mengimpor.",
    "NIP harus pegawai instansi yang sudah terdaftar: impor daftar pegawai lebih dulu.",
    "Impor bersifat semua-atau-tidak-sama-sekali: bila ada satu kesalahan, tidak ada yang "
    "disimpan dan semua kesalahan dilaporkan per baris dan kolom.",
    "Kegiatan dianggap sama bila NIP, NAMA KEGIATAN, TANGGAL MULAI dan TANGGAL SELESAI sama: "
    "impor ulang memperbarui kegiatan itu, tidak menggandakannya.",
    "PENYELENGGARA dicocokkan dengan daftar organisasi instansi (huruf besar/kecil diabaikan); "
    "bila tidak ditemukan, nama disimpan apa adanya.",
)

DEVELOPMENT_SPEC = SheetSpec(
    DEVELOPMENT_SHEET, DEVELOPMENT_COLUMNS, DEVELOPMENT_RULES,
    text_columns=frozenset({DevCol.NIP, DevCol.CERTIFICATE}),
    date_columns=frozenset({DevCol.START, DevCol.END}),
)

EXAMPLE_DEVELOPMENT: list[object] = [
    "198503122010011004", "Pelatihan Analisis Data", "KL03", 24, dt.date(2024, 9, 2),
    dt.date(2024, 9, 5), "BPSDM Provinsi Gorontalo", "800/BPSDM/IX/2024",
]

for _code, _id, _en in (
    ("development.nip_unknown",
     "NIP {nip} bukan pegawai instansi ini; impor daftar pegawai lebih dulu",
     "NIP {nip} is not an employee of this agency; import the roster first"),
    ("development.path", "jalur {value!r} tidak dikenal; gunakan kode (KL01…NKL13, PEND) atau "
     "nama jalur", "unknown path {value!r}; use a code (KL01…NKL13, PEND) or a path name"),
    ("development.jp", "JP harus angka ≥ 0 dengan paling banyak satu desimal, bukan {value!r}",
     "JP must be a number ≥ 0 with at most one decimal, not {value!r}"),
    ("development.dates", "TANGGAL SELESAI ({end}) sebelum TANGGAL MULAI ({start})",
     "TANGGAL SELESAI ({end}) is before TANGGAL MULAI ({start})"),
    ("development.duplicate", "kegiatan yang sama untuk NIP ini sudah ada di baris {other}",
     "the same activity for this NIP already appears on row {other}"),
    ("development.too_long", "{column} paling banyak {max} karakter, ini {length}",
     "{column} takes at most {max} characters, this has {length}"),
):
    register(_code, id=_id, en=_en)


@dataclass(frozen=True)
class PathRef:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class DevelopmentLookups:
    employees: Mapping[str, int]  # NIP -> employee id, of the agency
    paths: Sequence[PathRef]
    organisations: Mapping[str, int]  # casefolded name -> organisation id, of the agency


ActivityKey = tuple[int, str, dt.date, dt.date]


def title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


@dataclass(frozen=True)
class DevelopmentRow:
    """A valid row. ``provider_*`` and ``certificate_number`` None: column absent (keep)."""

    row_number: int
    employee_id: int
    title: str
    path_id: int
    jp: Decimal
    start_date: dt.date
    end_date: dt.date
    provider_id: int | None = None
    provider_name: str | None = None
    certificate_number: str | None = None
    has_provider: bool = False

    @property
    def key(self) -> ActivityKey:
        return (self.employee_id, title_key(self.title), self.start_date, self.end_date)


@dataclass(frozen=True)
class DevelopmentResult:
    records: tuple[DevelopmentRow, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


class _Reader:
    def __init__(self, row: SheetRow, errors: list[RowError]) -> None:
        self.row, self.errors, self.failed = row, errors, False

    def fail(self, column: str, message: Message) -> None:
        self.errors.append(RowError(self.row.row_number, column, message))
        self.failed = True

    def text(self, column: str, max_length: int, *, required: bool = False) -> str:
        text = cell_text(self.row.values.get(column))
        if required and not text:
            self.fail(column, Message("roster.required", {"column": column}))
        elif len(text) > max_length:
            self.fail(column, Message("development.too_long",
                                      {"column": column, "max": max_length, "length": len(text)}))
        return text

    def date(self, column: str) -> dt.date | None:
        if self.row.values.get(column) in (None, ""):
            self.fail(column, Message("roster.required", {"column": column}))
            return None
        try:
            return parse_date(self.row.values.get(column))
        except CellError as exc:
            self.fail(column, exc.message)
            return None


def _employee(r: _Reader, lookups: DevelopmentLookups) -> int | None:
    try:
        nip = clean_nip(r.row.values.get(DevCol.NIP))
    except NipError as exc:
        r.fail(DevCol.NIP, exc.message)
        return None
    employee_id = lookups.employees.get(nip)
    if employee_id is None:
        r.fail(DevCol.NIP, Message("development.nip_unknown", {"nip": nip}))
    return employee_id


def _path(r: _Reader, paths: Mapping[str, int]) -> int | None:
    text = r.text(DevCol.PATH, 120, required=True)
    if not text:
        return None
    path_id = paths.get(normalise_name(text))
    if path_id is None:
        r.fail(DevCol.PATH, Message("development.path", {"value": text}))
    return path_id


def _jp(r: _Reader) -> Decimal | None:
    raw = r.row.values.get(DevCol.JP)
    if raw in (None, ""):
        r.fail(DevCol.JP, Message("roster.required", {"column": DevCol.JP}))
        return None
    try:
        jp = parse_non_negative(raw, DevCol.JP)
    except CellError:
        jp = Decimal(-1)
    if jp < 0 or jp > MAX_JP or jp != jp.quantize(Decimal("0.1")):
        r.fail(DevCol.JP, Message("development.jp", {"value": cell_text(raw)}))
        return None
    return jp.quantize(Decimal("0.1"))


def _provider(r: _Reader, lookups: DevelopmentLookups) -> tuple[int | None, str | None]:
    if DevCol.PROVIDER not in r.row.values:
        return None, None
    name = r.text(DevCol.PROVIDER, 200)
    organisation = lookups.organisations.get(name.casefold()) if name else None
    return organisation, "" if organisation is not None else name


def _parse(row: SheetRow, lookups: DevelopmentLookups, paths: Mapping[str, int],
           errors: list[RowError]) -> DevelopmentRow | None:
    r = _Reader(row, errors)
    employee_id = _employee(r, lookups)
    title = r.text(DevCol.TITLE, 250, required=True)
    path_id = _path(r, paths)
    jp = _jp(r)
    start, end = r.date(DevCol.START), r.date(DevCol.END)
    if start and end and end < start:
        r.fail(DevCol.END, Message("development.dates",
                                   {"start": f"{start:%d-%m-%Y}", "end": f"{end:%d-%m-%Y}"}))
    provider_id, provider_name = _provider(r, lookups)
    certificate = (r.text(DevCol.CERTIFICATE, 100) if DevCol.CERTIFICATE in row.values
                   else None)
    if r.failed or not (employee_id and path_id and jp is not None and start and end):
        return None
    return DevelopmentRow(row.row_number, employee_id, title, path_id, jp, start, end,
                          provider_id, provider_name, certificate,
                          has_provider=DevCol.PROVIDER in row.values)


def validate_development(rows: Sequence[SheetRow],
                         lookups: DevelopmentLookups) -> DevelopmentResult:
    """Check every row; return all the problems, or the clean records when there are none."""
    if not rows:
        return DevelopmentResult((), (RowError(None, None, Message("roster.no_rows")),))
    paths = {normalise_name(p.code): p.id for p in lookups.paths}
    paths.update({normalise_name(p.name): p.id for p in lookups.paths})
    errors: list[RowError] = []
    records: list[DevelopmentRow] = []
    first: dict[ActivityKey, int] = {}
    for row in rows:
        record = _parse(row, lookups, paths, errors)
        if record is None:
            continue
        if record.key in first:
            errors.append(RowError(row.row_number, DevCol.TITLE, Message(
                "development.duplicate", {"other": first[record.key]})))
            continue
        first[record.key] = row.row_number
        records.append(record)
    if errors:
        return DevelopmentResult((), tuple(sort_errors(errors, DEVELOPMENT_COLUMNS)))
    return DevelopmentResult(tuple(records), ())


# --------------------------------------------------------------------------------------------
# What an import changes


@dataclass(frozen=True)
class StoredActivity:
    id: int
    path_id: int
    jp: Decimal
    provider_id: int | None
    provider_name: str
    certificate_number: str


ACTIVITY_FIELDS = tuple(f.name for f in fields(StoredActivity) if f.name != "id")


@dataclass(frozen=True)
class DevelopmentPlan:
    creates: tuple[DevelopmentRow, ...]
    updates: tuple[tuple[StoredActivity, StoredActivity], ...]  # (before, after)
    unchanged: int


def _after(record: DevelopmentRow, before: StoredActivity) -> StoredActivity:
    return StoredActivity(
        id=before.id,
        path_id=record.path_id,
        jp=record.jp,
        provider_id=record.provider_id if record.has_provider else before.provider_id,
        provider_name=(record.provider_name or "") if record.has_provider
        else before.provider_name,
        certificate_number=before.certificate_number if record.certificate_number is None
        else record.certificate_number,
    )


def development_plan(records: Iterable[DevelopmentRow],
                     existing: Mapping[ActivityKey, StoredActivity]) -> DevelopmentPlan:
    creates: list[DevelopmentRow] = []
    updates: list[tuple[StoredActivity, StoredActivity]] = []
    unchanged = 0
    for record in records:
        before = existing.get(record.key)
        if before is None:
            creates.append(record)
            continue
        after = _after(record, before)
        if after == before:
            unchanged += 1
        else:
            updates.append((before, after))
    return DevelopmentPlan(tuple(creates), tuple(updates), unchanged)


def write_development_template(file: IO[bytes], *, paths: Sequence[PathRef] = ()) -> None:
    references = (
        [ReferenceSheet("Jalur", ("KODE", "NAMA JALUR"), ((p.code, p.name) for p in paths))]
        if paths else []
    )
    write_workbook(file, DEVELOPMENT_SPEC, (), example=EXAMPLE_DEVELOPMENT,
                   references=references)
