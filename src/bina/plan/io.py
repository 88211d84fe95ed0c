"""The programme catalogue as a spreadsheet: its columns, the template (a "Programme" sheet with
one example row and the "Petunjuk" sheet), and the validation of the rows read by
:func:`bina.people.io.tabular.read_table`. No database work: the lookups come in as plain data
(:class:`CatalogueLookups`) and the service writes.

Every problem is reported as a :class:`~bina.core.roster.RowError` with its row and column, in
Indonesian or English (:mod:`bina.core.messages`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, TypeVar

from bina.core.messages import Message, register
from bina.core.roster import POSITION_TYPES, CellError, Column, RowError, SheetRow, sort_errors
from bina.people.io.roster_xlsx import ReferenceSheet, SheetSpec, write_workbook

PROGRAMME_SHEET = "Program"
T = TypeVar("T")
MAX_JP = Decimal("99999.9")
MAX_RUPIAH = 10**15


class PCol:
    CODE = "KODE"
    NAME = "NAMA PROGRAM"
    PATH = "JALUR"
    PROVIDER = "PENYELENGGARA"
    JP = "JP"
    COST = "BIAYA PER PESERTA"
    EXTRA_COST = "BIAYA LAIN PER PESERTA"
    SEATS = "KURSI PER KELAS"
    CLASSES = "JUMLAH KELAS"
    MONTHS = "BULAN"
    GAINS = "KOMPETENSI"
    POSITION_TYPES = "JENIS JABATAN"
    MANDATORY = "WAJIB"
    MANDATORY_NOTE = "KETERANGAN WAJIB"
    MANDATORY_FOR = "WAJIB BAGI"
    MANDATORY_WITHIN = "BATAS WAKTU (BULAN)"
    PREREQUISITES = "PRASYARAT"
    ACTIVE = "AKTIF"


PROGRAMME_COLUMNS: tuple[Column, ...] = (
    Column(PCol.CODE, True, "teks, unik", "LATSAR-01",
           "Kode program di katalog instansi; impor ulang memperbarui program berkode sama.",
           ("KODE PROGRAM",), 14),
    Column(PCol.NAME, True, "teks", "Pelatihan Dasar CPNS", "", ("NAMA", "PROGRAM"), 40),
    Column(PCol.PATH, True, "kode atau nama jalur", "KL04",
           "KL01–KL12 (klasikal), NKL01–NKL13 (nonklasikal), PEND (pendidikan), atau nama "
           "jalurnya.", ("JALUR PENGEMBANGAN",), 12),
    Column(PCol.PROVIDER, False, "teks", "BPSDM Provinsi",
           "Nama penyelenggara; bila sama dengan nama di daftar organisasi, program ditautkan.",
           (), 28),
    Column(PCol.JP, True, "angka ≥ 0", "40", "Jam pelajaran per peserta; desimal boleh (16,5).",
           ("JAM PELAJARAN",), 8),
    Column(PCol.COST, True, "rupiah ≥ 0", "2.400.000",
           "Biaya program per peserta. Diterima: 2400000, 2.400.000, Rp 2.400.000.",
           ("BIAYA", "BIAYA PESERTA"), 18),
    Column(PCol.EXTRA_COST, False, "rupiah ≥ 0", "750.000",
           "Perjalanan dinas, uang harian dan biaya lain yang ditanggung instansi; kosong = 0.",
           ("BIAYA LAIN",), 18),
    Column(PCol.SEATS, True, "bilangan bulat > 0", "30", "", ("KURSI",), 10),
    Column(PCol.CLASSES, False, "bilangan bulat > 0", "2", "Kosong = 1 kelas.", ("KELAS",), 10),
    Column(PCol.MONTHS, False, "angka 1–12, dipisah koma", "3,4,5",
           "Bulan pelaksanaan; kosong = bulan apa saja.", (), 12),
    Column(PCol.GAINS, False, "KODE:LEVEL; …", "M.3:1; SK.1:1",
           "Kompetensi yang dinaikkan dan berapa level (1–3), dipisah titik koma.",
           ("KENAIKAN KOMPETENSI",), 28),
    Column(PCol.POSITION_TYPES, False, "daftar, dipisah koma", "Fungsional, Pelaksana",
           "Jenis jabatan yang sesuai: " + ", ".join(POSITION_TYPES.values())
           + "; kosong = semua.", (), 24),
    Column(PCol.MANDATORY, False, "Y/T", "Y", "Y = wajib (misalnya Latsar CPNS, PKP/PKA/PKN "
           "setelah pelantikan); kosong = T.", (), 8),
    Column(PCol.MANDATORY_FOR, False, "CPNS atau jenis jabatan", "CPNS",
           "Untuk program wajib: CPNS (Latsar), Pengawas (PKP), Administrator (PKA), JPT "
           "Pratama atau JPT Madya (PKN); kosong = semua pegawai pada JENIS JABATAN.", (), 16),
    Column(PCol.MANDATORY_WITHIN, False, "bilangan bulat > 0", "12",
           "Paling lambat sekian bulan sejak pengangkatan CPNS atau pelantikan; kosong = 12.",
           (), 10),
    Column(PCol.MANDATORY_NOTE, False, "teks", "Wajib bagi CPNS tahun pertama", "", (), 30),
    Column(PCol.PREREQUISITES, False, "kode, dipisah koma", "",
           "Kode program yang harus diikuti lebih dulu (di file ini atau di katalog).", (), 16),
    Column(PCol.ACTIVE, False, "Ya/Tidak", "Ya",
           "Tidak = program tidak ditawarkan lagi: tetap tercatat di katalog, tetapi tidak "
           "dipilih saat menyusun rencana; kosong = Ya.", ("STATUS AKTIF",), 8),
)

PROGRAMME_RULES = (
    "Satu baris satu program. Baris contoh (huruf miring) boleh diganti atau dihapus.",
    "Impor bersifat semua-atau-tidak-sama-sekali: bila ada satu kesalahan, tidak ada yang "
    "disimpan dan setiap kesalahan disebut baris dan kolomnya.",
    "Impor ulang memperbarui program dengan KODE yang sama; tidak ada program ganda.",
    "Kursi program = KURSI PER KELAS × JUMLAH KELAS; biaya per peserta bagi perencana = "
    "BIAYA PER PESERTA + BIAYA LAIN PER PESERTA.",
)

EXAMPLE_PROGRAMME: dict[str, object] = {c.name: c.example for c in PROGRAMME_COLUMNS}

PROGRAMME_SPEC = SheetSpec(
    PROGRAMME_SHEET, PROGRAMME_COLUMNS, PROGRAMME_RULES,
    text_columns=frozenset({PCol.CODE, PCol.MONTHS, PCol.PREREQUISITES}),
    choices={PCol.MANDATORY: "Y,T", PCol.ACTIVE: "Ya,Tidak"},
)

for _code, _id, _en in (
    ("programme.required", "wajib diisi", "required"),
    ("programme.unknown_path", "jalur {value!r} tidak dikenal; gunakan KL01–KL12, NKL01–NKL13 "
     "atau PEND", "unknown path {value!r}; use KL01–KL12, NKL01–NKL13 or PEND"),
    ("programme.not_number", "{value!r} bukan angka", "{value!r} is not a number"),
    ("programme.not_whole", "{value!r} harus bilangan bulat", "{value!r} must be a whole number"),
    ("programme.negative", "tidak boleh negatif ({value})", "must not be negative ({value})"),
    ("programme.too_large", "terlalu besar ({value})", "too large ({value})"),
    ("programme.not_positive", "harus lebih dari 0 ({value})", "must be more than 0 ({value})"),
    ("programme.jp_decimals", "JP paling banyak satu angka desimal ({value})",
     "JP has at most one decimal ({value})"),
    ("programme.month", "bulan {value!r} harus angka 1–12", "month {value!r} must be 1–12"),
    ("programme.gain_format", "{value!r} harus berbentuk KODE:LEVEL (misalnya M.3:1)",
     "{value!r} must read CODE:LEVEL (e.g. M.3:1)"),
    ("programme.unknown_competency", "kompetensi {value!r} tidak dikenal",
     "unknown competency {value!r}"),
    ("programme.gain_level", "kenaikan {code} harus 1–3, bukan {value!r}",
     "the gain of {code} must be 1–3, not {value!r}"),
    ("programme.gain_twice", "kompetensi {value} disebut dua kali",
     "competency {value} is listed twice"),
    ("programme.position_type", "jenis jabatan {value!r} tidak dikenal; pilih dari: {choices}",
     "unknown position type {value!r}; choose from: {choices}"),
    ("programme.yes_no", "isi Y atau T, bukan {value!r}", "enter Y or T, not {value!r}"),
    ("programme.active", "isi Ya atau Tidak, bukan {value!r}",
     "enter Ya (yes) or Tidak (no), not {value!r}"),
    ("programme.mandatory_for", "{value!r} tidak dikenal; isi CPNS atau salah satu dari: "
     "{choices}", "unknown {value!r}; enter CPNS or one of: {choices}"),
    ("programme.duplicate_code", "kode {value} sudah dipakai di baris {first}",
     "code {value} is already used on row {first}"),
    ("programme.unknown_prerequisite",
     "prasyarat {value!r} tidak ada di file ini maupun di katalog",
     "prerequisite {value!r} is neither in this file nor in the catalogue"),
    ("programme.self_prerequisite", "program tidak bisa menjadi prasyaratnya sendiri",
     "a programme cannot be its own prerequisite"),
    ("programme.too_long", "paling banyak {limit} karakter", "at most {limit} characters"),
):
    register(_code, id=_id, en=_en)


# --------------------------------------------------------------------------------------------
# Cell parsers: raise CellError


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN = re.compile(r"^\d+([.,]\d+)?$")


def parse_decimal(value: object) -> Decimal:
    """A number from a cell: 16, 16.5, "16,5", "2.400.000", "Rp 2.400.000", "Rp2.400.000,00"."""
    if isinstance(value, bool):
        raise CellError(Message("programme.not_number", {"value": value}))
    if isinstance(value, int | float):
        try:
            number = Decimal(str(value))
        except InvalidOperation as exc:
            raise CellError(Message("programme.not_number", {"value": value})) from exc
    else:
        text = re.sub(r"[\s\u00a0]", "", _text(value))
        text = re.sub(r"^rp\.?", "", text, flags=re.IGNORECASE)
        negative = text.startswith("-")
        digits = text[1:] if negative else text
        if _THOUSANDS.match(digits):
            digits = digits.replace(".", "").replace(",", ".")
        elif _PLAIN.match(digits):
            digits = digits.replace(",", ".")
        else:
            raise CellError(Message("programme.not_number", {"value": value}))
        number = Decimal(digits)
        number = -number if negative else number
    if not number.is_finite():
        raise CellError(Message("programme.not_number", {"value": value}))
    if number < 0:
        raise CellError(Message("programme.negative", {"value": value}))
    return number


def parse_rupiah(value: object) -> int:
    if value is None:
        return 0
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise CellError(Message("programme.not_whole", {"value": value}))
    if number >= MAX_RUPIAH:
        raise CellError(Message("programme.too_large", {"value": value}))
    return int(number)


def parse_jp(value: object) -> Decimal:
    number = parse_decimal(value)
    if number > MAX_JP:
        raise CellError(Message("programme.too_large", {"value": value}))
    if number != number.quantize(Decimal("0.1")):
        raise CellError(Message("programme.jp_decimals", {"value": value}))
    return number.quantize(Decimal("0.1"))


def parse_positive(value: object, default: int | None = None) -> int:
    if value is None and default is not None:
        return default
    number = parse_decimal(value) if value is not None else Decimal(0)
    if number != number.to_integral_value():
        raise CellError(Message("programme.not_whole", {"value": value}))
    if number <= 0:
        raise CellError(Message("programme.not_positive", {"value": value}))
    if number > 1_000_000:
        raise CellError(Message("programme.too_large", {"value": value}))
    return int(number)


def _items(value: object, separators: str = ",;") -> list[str]:
    text = _text(value)
    return [part.strip() for part in re.split(f"[{separators}\n]", text) if part.strip()]


def parse_months(value: object) -> list[int]:
    """``"3,4,5"`` → [3, 4, 5]; empty → [] (any month)."""
    months: set[int] = set()
    for part in _items(value):
        if not re.fullmatch(r"\d{1,2}", part) or not 1 <= int(part) <= 12:
            raise CellError(Message("programme.month", {"value": part}))
        months.add(int(part))
    return sorted(months)


def check_months(months: Sequence[object]) -> list[int]:
    """The months of a form or an API: whole numbers 1–12."""
    out: set[int] = set()
    for month in months:
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            raise CellError(Message("programme.month", {"value": month}))
        out.add(month)
    return sorted(out)


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip().casefold())


_POSITION_TYPE_NAMES = {
    **{_key(v): v for v in POSITION_TYPES},
    **{_key(label): v for v, label in POSITION_TYPES.items()},
}


def parse_position_types(value: object) -> list[str]:
    found: list[str] = []
    for part in _items(value):
        code = _POSITION_TYPE_NAMES.get(_key(part))
        if code is None:
            raise CellError(Message("programme.position_type", {
                "value": part, "choices": ", ".join(POSITION_TYPES.values())}))
        if code not in found:
            found.append(code)
    return [c for c in POSITION_TYPES if c in found]


def parse_gains(value: object, competencies: Mapping[str, int]) -> dict[int, int]:
    """``"M.3:1; T.DIG.01:2"`` → {competency id: levels}; ``competencies`` maps casefolded
    codes to ids."""
    gains: dict[int, int] = {}
    for part in _items(value, ";"):
        code, sep, level = part.rpartition(":")
        code, level = code.strip(), level.strip()
        if not sep or not code:
            raise CellError(Message("programme.gain_format", {"value": part}))
        pk = competencies.get(code.casefold())
        if pk is None:
            raise CellError(Message("programme.unknown_competency", {"value": code}))
        if not re.fullmatch(r"\d+", level) or not 1 <= int(level) <= 3:
            raise CellError(Message("programme.gain_level", {"code": code, "value": level}))
        if pk in gains:
            raise CellError(Message("programme.gain_twice", {"value": code}))
        gains[pk] = int(level)
    return gains


MANDATORY_FOR_CHOICES = {"cpns": "cpns", "latsar": "cpns",
                         **{label.casefold(): key for key, label in POSITION_TYPES.items()},
                         **{key: key for key in POSITION_TYPES}}


def parse_mandatory_for(value: object) -> str:
    """"CPNS" → "cpns", "Pengawas" → "pengawas"; empty → "" (everyone of the position types)."""
    text = _text(value)
    if not text:
        return ""
    found = MANDATORY_FOR_CHOICES.get(" ".join(text.casefold().split()))
    if found is None:
        raise CellError(Message("programme.mandatory_for", {
            "value": text, "choices": ", ".join(POSITION_TYPES.values())}))
    return found


def parse_yes_no(value: object) -> bool:
    text = _text(value).casefold()
    if text in ("", "t", "tidak", "n", "no", "false", "0"):
        return False
    if text in ("y", "ya", "yes", "true", "1"):
        return True
    raise CellError(Message("programme.yes_no", {"value": value}))


def parse_active(value: object) -> bool:
    """AKTIF: Ya (also Y) or Tidak (also T); an empty cell is Ya."""
    if not _text(value):
        return True
    try:
        return parse_yes_no(value)
    except CellError:
        raise CellError(Message("programme.active", {"value": value})) from None


def parse_codes(value: object) -> list[str]:
    out: list[str] = []
    for part in _items(value):
        if part not in out:
            out.append(part)
    return out


# --------------------------------------------------------------------------------------------
# Rows


@dataclass(frozen=True)
class CatalogueLookups:
    """What a validation needs from the database."""

    paths: Mapping[str, int]  # casefolded code and name → id
    competencies: Mapping[str, int]  # casefolded code → id
    organisations: Mapping[str, int]  # casefolded name → id
    existing_codes: frozenset[str]  # codes already in the agency's catalogue


@dataclass(frozen=True)
class ProgrammeRecord:
    """A valid row, ready to be written."""

    row: int
    code: str
    name: str
    path_id: int
    provider_id: int | None
    provider_name: str
    jp: Decimal
    cost_per_participant: int
    extra_cost_per_participant: int
    seats_per_class: int
    classes: int
    months: list[int]
    suitable_position_types: list[str]
    is_mandatory: bool
    mandatory_note: str
    mandatory_for: str = ""
    mandatory_within_months: int = 12
    is_active: bool = True
    gains: dict[int, int] = field(default_factory=dict)
    prerequisites: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, object]:
        """The model fields (without gains and prerequisites)."""
        return {
            "name": self.name, "path_id": self.path_id, "provider_id": self.provider_id,
            "provider_name": self.provider_name, "jp": self.jp,
            "cost_per_participant": self.cost_per_participant,
            "extra_cost_per_participant": self.extra_cost_per_participant,
            "seats_per_class": self.seats_per_class, "classes": self.classes,
            "months": self.months, "suitable_position_types": self.suitable_position_types,
            "is_mandatory": self.is_mandatory, "mandatory_note": self.mandatory_note,
            "mandatory_for": self.mandatory_for,
            "mandatory_within_months": self.mandatory_within_months,
            "is_active": self.is_active,
        }


@dataclass(frozen=True)
class CatalogueResult:
    records: tuple[ProgrammeRecord, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


_LIMITS = {PCol.CODE: 30, PCol.NAME: 200, PCol.PROVIDER: 200, PCol.MANDATORY_NOTE: 300}


class _Row:
    def __init__(self, row: SheetRow, errors: list[RowError]) -> None:
        self.row, self.errors = row, errors

    def fail(self, column: str, message: Message) -> None:
        self.errors.append(RowError(self.row.row_number, column, message))

    def text(self, column: str) -> str:
        text = _text(self.row.values.get(column))
        limit = _LIMITS.get(column)
        if limit and len(text) > limit:
            self.fail(column, Message("programme.too_long", {"limit": limit}))
        return text

    def parsed(self, column: str, parse: Callable[[object], T], *,
               required: bool = False) -> T | None:
        raw = self.row.values.get(column)
        if raw is None and required:
            self.fail(column, Message("programme.required"))
            return None
        try:
            return parse(raw)
        except CellError as exc:
            self.fail(column, exc.message)
            return None


def validate_catalogue(rows: Sequence[SheetRow], lookups: CatalogueLookups) -> CatalogueResult:
    """Every row checked; the records when there is no error at all."""
    errors: list[RowError] = []
    records: list[ProgrammeRecord] = []
    first_row: dict[str, int] = {}
    for sheet_row in rows:
        before = len(errors)
        row = _Row(sheet_row, errors)
        code = row.text(PCol.CODE)
        if not code:
            row.fail(PCol.CODE, Message("programme.required"))
        elif (seen := first_row.get(code.casefold())) is not None:
            row.fail(PCol.CODE, Message("programme.duplicate_code",
                                        {"value": code, "first": seen}))
        else:
            first_row[code.casefold()] = sheet_row.row_number
        name = row.text(PCol.NAME)
        if not name:
            row.fail(PCol.NAME, Message("programme.required"))
        path_text = row.text(PCol.PATH)
        path_id = lookups.paths.get(_key(path_text)) if path_text else None
        if not path_text:
            row.fail(PCol.PATH, Message("programme.required"))
        elif path_id is None:
            row.fail(PCol.PATH, Message("programme.unknown_path", {"value": path_text}))
        provider_name = row.text(PCol.PROVIDER)
        jp = row.parsed(PCol.JP, parse_jp, required=True)
        cost = row.parsed(PCol.COST, parse_rupiah, required=True)
        extra = row.parsed(PCol.EXTRA_COST, parse_rupiah)
        seats = row.parsed(PCol.SEATS, parse_positive, required=True)
        classes = row.parsed(PCol.CLASSES, lambda v: parse_positive(v, default=1))
        months = row.parsed(PCol.MONTHS, parse_months)
        gains = row.parsed(PCol.GAINS, lambda v: parse_gains(v, lookups.competencies))
        position_types = row.parsed(PCol.POSITION_TYPES, parse_position_types)
        mandatory = row.parsed(PCol.MANDATORY, parse_yes_no)
        note = row.text(PCol.MANDATORY_NOTE)
        mandatory_for = row.parsed(PCol.MANDATORY_FOR, parse_mandatory_for)
        within = row.parsed(PCol.MANDATORY_WITHIN, lambda v: parse_positive(v, default=12))
        active = row.parsed(PCol.ACTIVE, parse_active)
        if len(errors) > before:
            continue
        assert path_id is not None and jp is not None and cost is not None
        assert extra is not None and seats is not None and classes is not None
        assert months is not None and gains is not None and position_types is not None
        assert mandatory_for is not None and within is not None and active is not None
        records.append(ProgrammeRecord(
            row=sheet_row.row_number, code=code, name=name, path_id=path_id,
            provider_id=lookups.organisations.get(_key(provider_name)) if provider_name
            else None,
            provider_name=provider_name, jp=jp, cost_per_participant=cost,
            extra_cost_per_participant=extra, seats_per_class=seats, classes=classes,
            months=months, suitable_position_types=position_types,
            is_mandatory=bool(mandatory) or bool(mandatory_for), mandatory_note=note,
            mandatory_for=mandatory_for, mandatory_within_months=within, is_active=active,
            gains=gains,
            prerequisites=parse_codes(sheet_row.values.get(PCol.PREREQUISITES)),
        ))
    known = lookups.existing_codes | set(first_row)
    known_folded = {c.casefold() for c in known}
    for sheet_row in rows:
        code = _text(sheet_row.values.get(PCol.CODE))
        for prerequisite in parse_codes(sheet_row.values.get(PCol.PREREQUISITES)):
            if prerequisite.casefold() == code.casefold():
                errors.append(RowError(sheet_row.row_number, PCol.PREREQUISITES,
                                       Message("programme.self_prerequisite")))
            elif prerequisite.casefold() not in known_folded:
                errors.append(RowError(sheet_row.row_number, PCol.PREREQUISITES, Message(
                    "programme.unknown_prerequisite", {"value": prerequisite})))
    if errors:
        return CatalogueResult((), tuple(sort_errors(errors, PROGRAMME_COLUMNS)))
    return CatalogueResult(tuple(records), ())


# --------------------------------------------------------------------------------------------
# Writing


def path_keys(rows: Sequence[tuple[int, str, str]]) -> dict[str, int]:
    """(id, code, name) of the development paths → the lookup by code or name."""
    keys: dict[str, int] = {}
    for pk, _code, name in rows:
        keys[_key(name)] = pk
    for pk, code, _ in rows:
        keys[_key(code)] = pk
    return keys


def name_key(text: str) -> str:
    return _key(text)


def example_programme() -> list[object]:
    return [EXAMPLE_PROGRAMME[c.name] for c in PROGRAMME_COLUMNS]


def write_programme_template(file: IO[bytes], *,
                             references: Sequence[ReferenceSheet] = ()) -> None:
    """The empty catalogue template: the example row, the Petunjuk sheet, reference sheets."""
    write_workbook(file, PROGRAMME_SPEC, (), example=example_programme(), references=references)
