"""The roster (daftar pegawai) import: its columns, how cells are read, and the validation rules.

Pure: no Django. A reader (``bina.people.io.tabular``) turns a file into :class:`SheetRow` s; the
service loads the lookups from the database; :func:`validate_roster` checks every row against
them and reports EVERY problem as a :class:`RowError`, or returns clean :class:`EmployeeRecord` s;
:func:`roster_plan` compares them with what is stored and says what to create and what to update.

Rules the Petunjuk sheet repeats to the user:

- the NIP is the key: a re-import updates the employee with that NIP, never duplicates it;
- STATUS ASN picks the NIP layout (CPNS uses the PNS layout) and the grade scheme (PNS/CPNS:
  golongan I/a–IV/e; PPPK: I–XVII);
- JENIS KELAMIN and TANGGAL LAHIR are derived from the NIP and, when given, must agree with it;
- units must already exist: UNIT KERJA is matched to a unit code first, then to a unit name
  (ignoring case and spaces). Nothing creates units;
- a JABATAN is matched by name (ignoring case and spaces), preferring a position of the row's
  unit, then an agency-wide one. A JABATAN that does not exist in the agency is created when
  JENIS JABATAN is given and valid (with JENJANG for a functional position); otherwise it is an
  error;
- NIP ATASAN must be in the file or already in the agency, not the employee, and not close a
  circle of supervisors;
- an optional column that is absent from the file leaves the stored value alone; a blank cell in
  a present column clears it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation

from bina.core.messages import Message, register
from bina.core.nip import Nip, NipError, NipLayout, clean_nip, parse_nip

# --------------------------------------------------------------------------------------------
# Columns


@dataclass(frozen=True)
class Column:
    """A column of an import file, as the template and the Petunjuk sheet describe it."""

    name: str
    required: bool
    format: str
    example: str
    accepted: str = ""
    aliases: tuple[str, ...] = ()
    width: int = 18


class Col:
    NIP = "NIP"
    NAME = "NAMA"
    FRONT_TITLE = "GELAR DEPAN"
    BACK_TITLE = "GELAR BELAKANG"
    STATUS = "STATUS ASN"
    PART_TIME = "PPPK PARUH WAKTU"
    SEX = "JENIS KELAMIN"
    BIRTH_DATE = "TANGGAL LAHIR"
    GRADE = "GOLONGAN"
    EDUCATION = "PENDIDIKAN"
    MAJOR = "JURUSAN"
    UNIT = "UNIT KERJA"
    POSITION = "JABATAN"
    POSITION_TYPE = "JENIS JABATAN"
    LEVEL = "JENJANG"
    SUPERVISOR = "NIP ATASAN"
    TEACHER = "GURU"
    EMAIL = "EMAIL"
    PHONE = "NO HP"


EMPLOYMENT_TYPES = ("PNS", "CPNS", "PPPK")
PNS_GRADES = (*(f"{g}/{r}" for g in ("I", "II", "III", "IV") for r in "abcd"), "IV/e")
PPPK_GRADES = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)  # fmt: skip
EDUCATION_CODES = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
# Same codes as bina.org.models.PositionType / FunctionalLevel (a test keeps them in step).
POSITION_TYPES: dict[str, str] = {
    "jpt_utama": "JPT Utama",
    "jpt_madya": "JPT Madya",
    "jpt_pratama": "JPT Pratama",
    "administrator": "Administrator",
    "pengawas": "Pengawas",
    "fungsional": "Fungsional",
    "pelaksana": "Pelaksana",
}
FUNCTIONAL_LEVELS: dict[str, str] = {
    "pemula": "Pemula",
    "terampil": "Terampil",
    "mahir": "Mahir",
    "penyelia": "Penyelia",
    "ahli_pertama": "Ahli Pertama",
    "ahli_muda": "Ahli Muda",
    "ahli_madya": "Ahli Madya",
    "ahli_utama": "Ahli Utama",
}
FUNCTIONAL = "fungsional"

EMPLOYEE_COLUMNS: tuple[Column, ...] = (
    Column(Col.NIP, True, "18 angka, sebagai teks", "198503122010011004",
           "NIP baru 18 digit; kolom diformat teks agar digit tidak hilang",
           ("NIP BARU", "NIP 18", "NIP PEGAWAI"), 22),
    Column(Col.NAME, True, "teks, tanpa gelar", "Budi Santoso", "",
           ("NAMA LENGKAP", "NAMA PEGAWAI", "NAMA ASN"), 30),
    Column(Col.FRONT_TITLE, False, "teks", "dr.", "", ("GLR DEPAN",), 12),
    Column(Col.BACK_TITLE, False, "teks", "S.Kom., M.M.", "", ("GLR BELAKANG",), 16),
    Column(Col.STATUS, True, "PNS, CPNS atau PPPK", "PNS", "PNS, CPNS, PPPK",
           ("JENIS PEGAWAI", "STATUS PEGAWAI", "STATUS KEPEGAWAIAN", "JENIS ASN"), 12),
    Column(Col.PART_TIME, False, "Y atau T (kosong = T)", "T", "Y (ya), T (tidak); hanya PPPK",
           ("PARUH WAKTU",), 12),
    Column(Col.SEX, False, "L atau P; boleh kosong (diambil dari NIP)", "L",
           "L (laki-laki), P (perempuan); harus sesuai digit ke-15 NIP", ("JK", "L/P"), 10),
    Column(Col.BIRTH_DATE, False, "HH-BB-TTTT; boleh kosong (diambil dari NIP)", "12-03-1985",
           "HH-BB-TTTT, HH/BB/TTTT, TTTT-BB-HH atau sel tanggal Excel; harus sesuai NIP",
           ("TGL LAHIR",), 14),
    Column(Col.GRADE, True, "golongan/ruang (PNS) atau golongan PPPK", "III/b",
           "PNS/CPNS: " + ", ".join(PNS_GRADES) + " (juga ditulis III a, 3a, IIIa); "
           "PPPK: " + ", ".join(PPPK_GRADES) + " (atau 1–17)",
           ("GOL", "GOL RUANG", "GOLONGAN RUANG", "GOLONGAN/RUANG", "GOL/RUANG", "PANGKAT/GOL",
            "PANGKAT/GOLONGAN", "PANGKAT GOLONGAN"), 10),
    Column(Col.EDUCATION, True, "kode jenjang pendidikan", "S1", ", ".join(EDUCATION_CODES),
           ("PENDIDIKAN TERAKHIR", "TINGKAT PENDIDIKAN", "JENJANG PENDIDIKAN",
            "TK PENDIDIKAN"), 12),
    Column(Col.MAJOR, False, "teks", "Teknik Informatika", "",
           ("PROGRAM STUDI", "PRODI", "JURUSAN PENDIDIKAN"), 24),
    Column(Col.UNIT, True, "kode atau nama unit kerja yang sudah ada", "Dinas Kesehatan",
           "unit harus sudah terdaftar; dicocokkan dengan kode unit, lalu nama unit "
           "(huruf besar/kecil dan spasi diabaikan)",
           ("UNOR", "UNIT ORGANISASI", "SATUAN KERJA", "SATKER", "OPD", "PERANGKAT DAERAH",
            "UNIT"), 36),
    Column(Col.POSITION, True, "nama jabatan", "Pranata Komputer Ahli Muda",
           "dicocokkan dengan nama jabatan instansi; jabatan baru dibuat bila JENIS JABATAN "
           "diisi", ("NAMA JABATAN",), 34),
    Column(Col.POSITION_TYPE, False, "wajib bila JABATAN belum ada", "Fungsional",
           ", ".join(POSITION_TYPES.values()), ("JENIS JAB",), 16),
    Column(Col.LEVEL, False, "untuk jabatan fungsional", "Ahli Muda",
           ", ".join(FUNCTIONAL_LEVELS.values()), ("JENJANG JABATAN", "JENJANG FUNGSIONAL"), 14),
    Column(Col.SUPERVISOR, False, "18 angka, sebagai teks", "197801012005011002",
           "NIP atasan langsung: ada di file ini atau sudah terdaftar",
           ("NIP ATASAN LANGSUNG",), 22),
    Column(Col.TEACHER, False, "Y atau T (kosong = T)", "T", "Y (ya), T (tidak)", (), 8),
    Column(Col.EMAIL, False, "alamat email", "budi.santoso@example.go.id", "",
           ("E-MAIL", "SUREL", "ALAMAT EMAIL"), 28),
    Column(Col.PHONE, False, "angka, sebagai teks", "081234567890", "8–15 angka, boleh diawali +",
           ("NOMOR HP", "HP", "NO HANDPHONE", "NO TELEPON", "NOMOR TELEPON", "TELEPON"), 16),
)

# --------------------------------------------------------------------------------------------
# Messages

for _code, _id, _en in (
    ("roster.no_rows", "file tidak berisi baris data", "the file has no data rows"),
    ("roster.required", "{column} wajib diisi", "{column} is required"),
    ("roster.too_long", "{column} paling banyak {max} karakter, ini {length}",
     "{column} takes at most {max} characters, this has {length}"),
    ("roster.status", "STATUS ASN harus PNS, CPNS atau PPPK, bukan {value!r}",
     "STATUS ASN must be PNS, CPNS or PPPK, not {value!r}"),
    ("roster.duplicate_nip", "NIP {nip} sudah ada di baris {other}",
     "NIP {nip} already appears on row {other}"),
    ("roster.nip_other_agency", "NIP {nip} sudah terdaftar di instansi lain",
     "NIP {nip} is already registered with another agency"),
    ("roster.grade", "golongan {value!r} tidak berlaku untuk {status}; yang diterima: {accepted}",
     "grade {value!r} is not valid for {status}; accepted: {accepted}"),
    ("roster.education", "pendidikan {value!r} tidak dikenal; yang diterima: {accepted}",
     "unknown education level {value!r}; accepted: {accepted}"),
    ("roster.date_format",
     "{value!r} bukan tanggal; gunakan HH-BB-TTTT, HH/BB/TTTT atau TTTT-BB-HH",
     "{value!r} is not a date; use DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD"),
    ("roster.date_impossible", "tanggal {value!r} tidak ada di kalender",
     "the date {value!r} does not exist"),
    ("roster.sex", "jenis kelamin harus L atau P, bukan {value!r}",
     "sex must be L or P, not {value!r}"),
    ("roster.sex_mismatch", "jenis kelamin {value} tidak sesuai NIP (digit ke-15: {expected})",
     "sex {value} does not match the NIP (digit 15 says {expected})"),
    ("roster.birth_mismatch", "tanggal lahir {value} tidak sesuai NIP ({expected})",
     "birth date {value} does not match the NIP ({expected})"),
    ("roster.flag", "{column} harus Y atau T, bukan {value!r}",
     "{column} must be Y or T, not {value!r}"),
    ("roster.part_time_not_pppk", "PPPK PARUH WAKTU hanya untuk PPPK, bukan {status}",
     "PPPK PARUH WAKTU applies to PPPK only, not {status}"),
    ("roster.unit_unknown", "unit kerja {value!r} tidak ditemukan",
     "unit {value!r} not found"),
    ("roster.unit_suggest", "unit kerja {value!r} tidak ditemukan; maksud Anda {suggestion!r}?",
     "unit {value!r} not found; did you mean {suggestion!r}?"),
    ("roster.unit_closed",
     "unit kerja {value!r} sudah ditutup sejak {date}; pakai unit penggantinya",
     "unit {value!r} was closed on {date}; use the unit that replaced it"),
    ("roster.unit_ambiguous", "ada {count} unit bernama {value!r}; tulis kodenya: {codes}",
     "{count} units are named {value!r}; write its code instead: {codes}"),
    ("roster.position_unknown",
     "jabatan {value!r} belum ada di instansi; isi JENIS JABATAN agar jabatan dibuat",
     "position {value!r} does not exist in the agency; fill JENIS JABATAN to create it"),
    ("roster.position_type", "jenis jabatan {value!r} tidak dikenal; yang diterima: {accepted}",
     "unknown position type {value!r}; accepted: {accepted}"),
    ("roster.level", "jenjang {value!r} tidak dikenal; yang diterima: {accepted}",
     "unknown level {value!r}; accepted: {accepted}"),
    ("roster.level_not_functional", "JENJANG hanya untuk jabatan fungsional, bukan {type}",
     "JENJANG applies to functional positions only, not {type}"),
    ("roster.position_mismatch",
     "jabatan {value!r} sudah ada sebagai {existing}, tidak cocok dengan {given}",
     "position {value!r} exists as {existing}, which does not match {given}"),
    ("roster.position_conflict",
     "jabatan baru {value!r} diberi jenis/jenjang lain di baris {other}",
     "the new position {value!r} is given another type/level on row {other}"),
    ("roster.supervisor_unknown", "NIP atasan {nip} tidak ada di file ini maupun di instansi",
     "supervisor NIP {nip} is neither in this file nor in the agency"),
    ("roster.supervisor_self", "NIP atasan sama dengan NIP pegawai ini",
     "the supervisor NIP is the employee's own NIP"),
    ("roster.supervisor_cycle", "hubungan atasan melingkar: {cycle}",
     "supervisors form a circle: {cycle}"),
    ("roster.email", "email {value!r} tidak sah", "invalid email {value!r}"),
    ("roster.phone", "nomor HP {value!r} tidak sah; tulis 8–15 angka, misalnya 081234567890",
     "invalid phone number {value!r}; write 8–15 digits, e.g. 081234567890"),
    ("roster.number", "{column} harus angka tidak negatif, bukan {value!r}",
     "{column} must be a non-negative number, not {value!r}"),
):
    register(_code, id=_id, en=_en)


# --------------------------------------------------------------------------------------------
# Rows and errors


@dataclass(frozen=True)
class SheetRow:
    """One data row as the user sees it: ``row_number`` 2 is the first row under the header.
    ``values`` maps canonical column names to raw cell values (text stripped, blank = None)."""

    row_number: int
    values: Mapping[str, object]


@dataclass(frozen=True)
class RowError:
    """A problem in a cell. ``row`` and ``column`` are None for a problem with the whole file."""

    row: int | None
    column: str | None
    message: Message


class CellError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


def sort_errors(errors: Iterable[RowError], columns: Sequence[Column]) -> list[RowError]:
    order = {c.name: i for i, c in enumerate(columns)}
    return sorted(errors, key=lambda e: (e.row or 0, order.get(e.column or "", -1)))


# --------------------------------------------------------------------------------------------
# Cells


def cell_text(value: object) -> str:
    """A cell as text: integral floats lose their ``.0``, dates become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "Y" if value else "T"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def normalise_name(text: str) -> str:
    """Key for matching names of units, positions and paths: case and spaces do not matter."""
    return "".join(text.casefold().split())


_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_date(value: object) -> dt.date:
    """dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd, or a real date cell."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value) if isinstance(value, str) else repr(value)
    if m := _DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _YMD.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise CellError(Message("roster.date_format", {"value": text}))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(Message("roster.date_impossible", {"value": text})) from None


_YES = {"Y", "YA", "YES", "1", "TRUE", "BENAR"}
_NO = {"", "T", "TIDAK", "N", "NO", "0", "FALSE", "SALAH", "-"}


def parse_flag(value: object, column: str) -> bool:
    text = cell_text(value).upper()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(Message("roster.flag", {"column": column, "value": cell_text(value)}))


def parse_non_negative(value: object, column: str) -> Decimal:
    """A non-negative number; a decimal comma is accepted (``2,5``)."""
    text = cell_text(value).replace(",", ".") if not isinstance(value, bool) else "x"
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal(-1)
    if not number.is_finite() or number < 0:
        raise CellError(Message("roster.number", {"column": column, "value": cell_text(value)}))
    return number


_ROMAN = ("I", "II", "III", "IV")
_PNS_GRADE = re.compile(r"^(IV|I{1,3}|[1-4])([A-E])$")
_PNS_GRADE_IN_TEXT = re.compile(r"\b(IV|I{1,3})\s*/\s*([A-E])\b")


def normalise_grade(value: object, scheme: str) -> str | None:
    """The grade code as stored (``III/a``; PPPK ``IX``) or None if the text is not one.

    PNS: ``III/a``, ``III/A``, ``III a``, ``3a``, ``IIIa``, also inside ``Penata Muda (III/a)``.
    PPPK: ``IX`` or ``9``.
    """
    text = cell_text(value).upper()
    compact = re.sub(r"[\s/.\-]", "", text)
    if scheme == "PPPK":
        compact = re.sub(r"^(GOLONGAN|GOL)", "", compact)
        if compact.isdigit():
            number = int(compact)
            return PPPK_GRADES[number - 1] if 1 <= number <= len(PPPK_GRADES) else None
        return compact if compact in PPPK_GRADES else None
    match = _PNS_GRADE.match(compact) or _PNS_GRADE_IN_TEXT.search(text)
    if match is None:
        return None
    group, room = match.groups()
    roman = _ROMAN[int(group) - 1] if group.isdigit() else group
    code = f"{roman}/{room.lower()}"
    return code if code in PNS_GRADES else None


_EDUCATION_ALIASES = {
    "SLTA": "SMA", "SMK": "SMA", "SMU": "SMA", "MA": "SMA", "SMASMK": "SMA", "SLTP": "SMP",
    "MTS": "SMP", "DI": "D1", "DII": "D2", "DIII": "D3", "DIV": "D4", "SI": "S1", "SII": "S2",
    "SIII": "S3",
}  # fmt: skip


def normalise_education(value: object) -> str:
    compact = re.sub(r"[\s/.\-]", "", cell_text(value).upper())
    return _EDUCATION_ALIASES.get(compact, compact)


_POSITION_TYPE_ALIASES = {
    "jf": "fungsional", "jft": "fungsional", "fungsionaltertentu": "fungsional",
    "jfu": "pelaksana", "fungsionalumum": "pelaksana", "jpt": "",
}  # fmt: skip


def normalise_position_type(value: object) -> str | None:
    key = re.sub(r"[\s_\-.]", "", cell_text(value).casefold()).removeprefix("jabatan")
    if key in _POSITION_TYPE_ALIASES:
        return _POSITION_TYPE_ALIASES[key] or None
    for code, label in POSITION_TYPES.items():
        if key in (code.replace("_", ""), normalise_name(label)):
            return code
    return None


def normalise_level(value: object) -> str | None:
    key = re.sub(r"[\s_\-.]", "", cell_text(value).casefold())
    for code in FUNCTIONAL_LEVELS:
        if key == code.replace("_", ""):
            return code
    return None


_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^\+?\d{8,15}$")


def normalise_phone(value: object) -> str:
    """Digits (and a leading +); a number cell that lost its leading 0 (``812…``) gets it back."""
    text = re.sub(r"[\s\-.()]", "", cell_text(value))
    if isinstance(value, int | float) and text.startswith("8"):
        text = "0" + text
    if not _PHONE.match(text):
        raise CellError(Message("roster.phone", {"value": cell_text(value)}))
    return text


# --------------------------------------------------------------------------------------------
# Lookups and results


@dataclass(frozen=True)
class UnitRef:
    id: int
    code: str
    name: str
    closed_on: dt.date | None = None  # set for closed units: they are named, never matched


@dataclass(frozen=True)
class PositionRef:
    id: int
    name: str
    position_type: str
    functional_level: str
    unit_id: int | None


@dataclass(frozen=True)
class RosterLookups:
    """What validation needs to know from the database, as plain data."""

    grades: Mapping[tuple[str, str], int]  # (scheme PNS/PPPK, code) -> grade id
    education: Mapping[str, int]  # code -> education level id
    units: Sequence[UnitRef]  # the agency's units (closed ones only explain a refusal)
    positions: Sequence[PositionRef]  # the agency's open positions
    existing_nips: frozenset[str] = frozenset()  # employees of this agency
    other_agency_nips: frozenset[str] = frozenset()  # NIPs of the file held by other agencies
    existing_supervisors: Mapping[str, str] = field(default_factory=dict)  # nip -> supervisor nip


PositionKey = int | str  # an existing position's id, or the key of a position to create


@dataclass(frozen=True)
class NewPosition:
    key: str
    name: str
    position_type: str
    functional_level: str
    row_number: int


@dataclass(frozen=True)
class EmployeeRecord:
    """A valid row. For optional columns, None means the column is absent from the file (keep
    what is stored) and "" a blank cell (clear it); ``supervisor_nip`` "" means no supervisor."""

    row_number: int
    nip: str
    name: str
    employment_type: str
    sex: str
    birth_date: dt.date
    grade_id: int
    education_id: int
    unit_id: int
    position: PositionKey
    front_title: str | None = None
    back_title: str | None = None
    is_part_time: bool | None = None
    education_major: str | None = None
    supervisor_nip: str | None = None
    is_teacher: bool | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class RosterResult:
    records: tuple[EmployeeRecord, ...]
    errors: tuple[RowError, ...]
    new_positions: tuple[NewPosition, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


# --------------------------------------------------------------------------------------------
# Validation


class _Index:
    """The lookups indexed for matching."""

    def __init__(self, lookups: RosterLookups) -> None:
        self.lookups = lookups
        open_units = [u for u in lookups.units if u.closed_on is None]
        self.units_by_code = {u.code.strip().casefold(): u for u in open_units}
        self.units_by_name: dict[str, list[UnitRef]] = {}
        for unit in open_units:
            self.units_by_name.setdefault(normalise_name(unit.name), []).append(unit)
        self.closed_units = {key: u for u in lookups.units if u.closed_on is not None
                             for key in (u.code.strip().casefold(), normalise_name(u.name))}
        self.positions_by_name: dict[str, list[PositionRef]] = {}
        for position in lookups.positions:
            self.positions_by_name.setdefault(normalise_name(position.name), []).append(position)
        self._units_seen: dict[str, UnitRef | CellError] = {}

    def unit(self, text: str) -> UnitRef:
        """The unit ``text`` names (remembered: 32,000 rows name a few hundred units)."""
        if text not in self._units_seen:
            try:
                self._units_seen[text] = self._find_unit(text)
            except CellError as exc:
                self._units_seen[text] = exc
        found = self._units_seen[text]
        if isinstance(found, CellError):
            raise CellError(found.message)
        return found

    def _find_unit(self, text: str) -> UnitRef:
        by_code = self.units_by_code.get(text.casefold())
        if by_code is not None:
            return by_code
        key = normalise_name(text)
        units = self.units_by_name.get(key, [])
        if len(units) == 1:
            return units[0]
        if units:
            codes = ", ".join(sorted(u.code for u in units))
            raise CellError(Message("roster.unit_ambiguous",
                                    {"value": text, "count": len(units), "codes": codes}))
        closed = self.closed_units.get(text.casefold()) or self.closed_units.get(key)
        if closed is not None and closed.closed_on is not None:
            raise CellError(Message("roster.unit_closed",
                                    {"value": text, "date": f"{closed.closed_on:%d-%m-%Y}"}))
        close = difflib.get_close_matches(key, list(self.units_by_name), n=1, cutoff=0.6)
        if close:
            suggestion = self.units_by_name[close[0]][0].name
            raise CellError(Message("roster.unit_suggest",
                                    {"value": text, "suggestion": suggestion}))
        raise CellError(Message("roster.unit_unknown", {"value": text}))


class _RowReader:
    """Reads the cells of one row, recording each problem and whether the row failed."""

    def __init__(self, row: SheetRow, errors: list[RowError]) -> None:
        self.row = row
        self.errors = errors
        self.failed = False

    def present(self, column: str) -> bool:
        return column in self.row.values

    def raw(self, column: str) -> object:
        return self.row.values.get(column)

    def fail(self, column: str, message: Message) -> None:
        self.errors.append(RowError(self.row.row_number, column, message))
        self.failed = True

    def text(self, column: str, max_length: int, *, required: bool = False) -> str | None:
        """The cell as text; None if the column is absent (or a required cell is empty)."""
        if not self.present(column):
            return None
        text = cell_text(self.raw(column))
        if required and not text:
            self.fail(column, Message("roster.required", {"column": column}))
            return None
        if len(text) > max_length:
            self.fail(column, Message("roster.too_long",
                                      {"column": column, "max": max_length, "length": len(text)}))
        return text

    def flag(self, column: str) -> bool | None:
        if not self.present(column):
            return None
        try:
            return parse_flag(self.raw(column), column)
        except CellError as exc:
            self.fail(column, exc.message)
            return None


@dataclass(frozen=True)
class _PositionAsk:
    row: int
    name: str
    key: str
    position_type: str | None
    level: str | None
    unit_id: int | None


def _status(r: _RowReader) -> tuple[str | None, bool]:
    """STATUS ASN and whether it said "PPPK paruh waktu"."""
    text = r.text(Col.STATUS, 40, required=True)
    if not text:
        return None, False
    compact = re.sub(r"[\s\-]", "", text.upper()).replace("P3K", "PPPK")
    if compact in EMPLOYMENT_TYPES:
        return compact, False
    if compact == "PPPKPARUHWAKTU":
        return "PPPK", True
    r.fail(Col.STATUS, Message("roster.status", {"value": text}))
    return None, False


def _nip(r: _RowReader, status: str | None) -> Nip | None:
    layout = None if status is None else NipLayout.PPPK if status == "PPPK" else NipLayout.PNS
    try:
        return parse_nip(r.raw(Col.NIP), layout=layout)
    except NipError as exc:
        r.fail(Col.NIP, exc.message)
        return None


_SEXES = {"L": "L", "LAKILAKI": "L", "PRIA": "L", "P": "P", "PEREMPUAN": "P", "WANITA": "P"}


def _check_identity(r: _RowReader, parsed: Nip | None) -> None:
    """JENIS KELAMIN and TANGGAL LAHIR, when given, must be readable and agree with the NIP."""
    sex_text = cell_text(r.raw(Col.SEX))
    if sex_text:
        sex = _SEXES.get(re.sub(r"[\s\-]", "", sex_text.upper()))
        if sex is None:
            r.fail(Col.SEX, Message("roster.sex", {"value": sex_text}))
        elif parsed is not None and sex != parsed.sex.value:
            r.fail(Col.SEX, Message("roster.sex_mismatch",
                                    {"value": sex, "expected": parsed.sex.value}))
    if r.raw(Col.BIRTH_DATE) in (None, ""):
        return
    try:
        birth = parse_date(r.raw(Col.BIRTH_DATE))
    except CellError as exc:
        r.fail(Col.BIRTH_DATE, exc.message)
        return
    if parsed is not None and birth != parsed.birth_date:
        r.fail(Col.BIRTH_DATE, Message("roster.birth_mismatch", {
            "value": f"{birth:%d-%m-%Y}", "expected": f"{parsed.birth_date:%d-%m-%Y}"}))


def _grade(r: _RowReader, status: str | None, index: _Index) -> int | None:
    text = r.text(Col.GRADE, 60, required=True)
    if not text or status is None:
        return None
    scheme = "PPPK" if status == "PPPK" else "PNS"
    code = normalise_grade(r.raw(Col.GRADE), scheme)
    grade_id = index.lookups.grades.get((scheme, code)) if code else None
    if grade_id is None:
        accepted = "I–XVII (atau 1–17)" if scheme == "PPPK" else "I/a–IV/e"
        r.fail(Col.GRADE, Message("roster.grade",
                                  {"value": text, "status": status, "accepted": accepted}))
    return grade_id


def _education(r: _RowReader, index: _Index) -> int | None:
    text = r.text(Col.EDUCATION, 40, required=True)
    if not text:
        return None
    education_id = index.lookups.education.get(normalise_education(text))
    if education_id is None:
        accepted = ", ".join(index.lookups.education)
        r.fail(Col.EDUCATION, Message("roster.education", {"value": text, "accepted": accepted}))
    return education_id


def _unit(r: _RowReader, index: _Index) -> int | None:
    text = r.text(Col.UNIT, 200, required=True)
    if not text:
        return None
    try:
        return index.unit(text).id
    except CellError as exc:
        r.fail(Col.UNIT, exc.message)
        return None


def _position_ask(r: _RowReader, unit_id: int | None) -> _PositionAsk | None:
    name = r.text(Col.POSITION, 200, required=True)
    type_text = cell_text(r.raw(Col.POSITION_TYPE))
    level_text = cell_text(r.raw(Col.LEVEL))
    position_type = normalise_position_type(type_text) if type_text else None
    level = normalise_level(level_text) if level_text else None
    valid = True
    if type_text and position_type is None:
        accepted = ", ".join(POSITION_TYPES.values())
        r.fail(Col.POSITION_TYPE,
               Message("roster.position_type", {"value": type_text, "accepted": accepted}))
        valid = False
    if level_text and level is None:
        accepted = ", ".join(FUNCTIONAL_LEVELS.values())
        r.fail(Col.LEVEL, Message("roster.level", {"value": level_text, "accepted": accepted}))
        valid = False
    if level and position_type and position_type != FUNCTIONAL:
        r.fail(Col.LEVEL, Message("roster.level_not_functional",
                                  {"type": POSITION_TYPES[position_type]}))
        valid = False
    if not name or not valid:
        return None
    return _PositionAsk(r.row.row_number, name, normalise_name(name), position_type, level,
                        unit_id)


def _part_time(r: _RowReader, status: str | None, said_part_time: bool) -> bool | None:
    flag = r.flag(Col.PART_TIME)
    if said_part_time:
        return True
    if flag and status is not None and status != "PPPK":
        r.fail(Col.PART_TIME, Message("roster.part_time_not_pppk", {"status": status}))
    return flag


def _supervisor(r: _RowReader, nip: str | None) -> str | None:
    if not r.present(Col.SUPERVISOR):
        return None
    raw = r.raw(Col.SUPERVISOR)
    if raw is None or raw == "":
        return ""
    try:
        supervisor = clean_nip(raw)
    except NipError as exc:
        r.fail(Col.SUPERVISOR, exc.message)
        return None
    if supervisor == nip:
        r.fail(Col.SUPERVISOR, Message("roster.supervisor_self"))
    return supervisor


def _email(r: _RowReader) -> str | None:
    text = r.text(Col.EMAIL, 254)
    if text and not _EMAIL.match(text):
        r.fail(Col.EMAIL, Message("roster.email", {"value": text}))
    return text


def _phone(r: _RowReader) -> str | None:
    if not r.present(Col.PHONE):
        return None
    if r.raw(Col.PHONE) in (None, ""):
        return ""
    try:
        return normalise_phone(r.raw(Col.PHONE))
    except CellError as exc:
        r.fail(Col.PHONE, exc.message)
        return None


@dataclass(frozen=True)
class _Parsed:
    row: int
    record: EmployeeRecord | None
    nip: str | None
    supervisor_nip: str | None
    position: _PositionAsk | None


def _parse_row(row: SheetRow, index: _Index, errors: list[RowError]) -> _Parsed:
    r = _RowReader(row, errors)
    status, said_part_time = _status(r)
    parsed = _nip(r, status)
    nip = parsed.value if parsed else None
    _check_identity(r, parsed)
    name = r.text(Col.NAME, 160, required=True)
    grade_id = _grade(r, status, index)
    education_id = _education(r, index)
    unit_id = _unit(r, index)
    position = _position_ask(r, unit_id)
    record = EmployeeRecord(
        row_number=row.row_number,
        nip=nip or "",
        name=name or "",
        employment_type=status or "",
        sex="",
        birth_date=dt.date.min,
        grade_id=grade_id or 0,
        education_id=education_id or 0,
        unit_id=unit_id or 0,
        position=0,
        front_title=r.text(Col.FRONT_TITLE, 40),
        back_title=r.text(Col.BACK_TITLE, 60),
        is_part_time=_part_time(r, status, said_part_time),
        education_major=r.text(Col.MAJOR, 120),
        supervisor_nip=_supervisor(r, nip),
        is_teacher=r.flag(Col.TEACHER),
        email=_email(r),
        phone=_phone(r),
    )
    supervisor = record.supervisor_nip
    if r.failed or parsed is None:
        return _Parsed(row.row_number, None, nip, supervisor, position)
    record = replace(record, sex=parsed.sex.value, birth_date=parsed.birth_date)
    return _Parsed(row.row_number, record, nip, supervisor, position)


def _check_nips(parsed: Sequence[_Parsed], lookups: RosterLookups,
                errors: list[RowError]) -> dict[str, int]:
    """Duplicates within the file and NIPs of other agencies. Returns NIP -> first row."""
    first: dict[str, int] = {}
    for item in parsed:
        if item.nip is None:
            continue
        row = item.row
        if item.nip in first:
            errors.append(RowError(row, Col.NIP, Message(
                "roster.duplicate_nip", {"nip": item.nip, "other": first[item.nip]})))
            continue
        first[item.nip] = row
        if item.nip in lookups.other_agency_nips:
            errors.append(RowError(row, Col.NIP,
                                   Message("roster.nip_other_agency", {"nip": item.nip})))
    return first


def _describe(position_type: str | None, level: str | None) -> str:
    parts = [POSITION_TYPES[position_type] if position_type else "", FUNCTIONAL_LEVELS.get(
        level or "", "")]
    return " ".join(p for p in parts if p) or "-"


def _match_position(ask: _PositionAsk, candidates: Sequence[PositionRef]) -> PositionRef | None:
    """Among positions of that name: the ones of the given type/level; then the row's unit,
    then agency-wide, then any (the oldest)."""
    fitting = [
        p for p in candidates
        if (ask.position_type is None or p.position_type == ask.position_type)
        and (ask.level is None or p.functional_level == ask.level)
    ]
    for wanted in (ask.unit_id, None):
        same = [p for p in fitting if p.unit_id == wanted]
        if same:
            return min(same, key=lambda p: p.id)
    return min(fitting, key=lambda p: p.id) if fitting else None


def _new_positions(asks: Sequence[_PositionAsk], index: _Index) -> dict[str, NewPosition]:
    """Positions to create: names the agency lacks, defined by their first row with a type."""
    new: dict[str, NewPosition] = {}
    for ask in asks:
        if ask.key in index.positions_by_name or ask.key in new or ask.position_type is None:
            continue
        new[ask.key] = NewPosition(ask.key, ask.name, ask.position_type, ask.level or "", ask.row)
    return new


def _resolve_positions(asks: Sequence[_PositionAsk], index: _Index,
                       errors: list[RowError]) -> tuple[dict[int, PositionKey], list[NewPosition]]:
    new = _new_positions(asks, index)
    resolved: dict[int, PositionKey] = {}
    for ask in asks:
        candidates = index.positions_by_name.get(ask.key)
        if candidates:
            match = _match_position(ask, candidates)
            if match is not None:
                resolved[ask.row] = match.id
                continue
            existing = ", ".join(sorted({_describe(p.position_type, p.functional_level)
                                         for p in candidates}))
            errors.append(RowError(ask.row, Col.POSITION_TYPE, Message("roster.position_mismatch", {
                "value": ask.name, "existing": existing,
                "given": _describe(ask.position_type, ask.level)})))
            continue
        defined = new.get(ask.key)
        if defined is None:
            errors.append(RowError(ask.row, Col.POSITION,
                                   Message("roster.position_unknown", {"value": ask.name})))
        elif (ask.position_type not in (None, defined.position_type)
              or ask.level not in (None, defined.functional_level)):
            errors.append(RowError(ask.row, Col.POSITION_TYPE, Message(
                "roster.position_conflict", {"value": ask.name, "other": defined.row_number})))
        else:
            resolved[ask.row] = defined.key
    return resolved, list(new.values())


def find_cycles(graph: Mapping[str, str], starts: Iterable[str]) -> list[list[str]]:
    """Circles in a "who reports to whom" graph (each node has at most one supervisor)."""
    state: dict[str, int] = {}  # 1: on the walk in progress, 2: settled
    cycles: list[list[str]] = []
    for start in starts:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = graph.get(node)
        if node is not None and state[node] == 1:
            cycles.append(path[path.index(node):])
        for visited in path:
            state[visited] = 2
    return cycles


def _check_supervisors(parsed: Sequence[_Parsed], first_rows: Mapping[str, int],
                       lookups: RosterLookups, errors: list[RowError]) -> None:
    known = set(first_rows) | lookups.existing_nips
    graph = dict(lookups.existing_supervisors)
    for item in parsed:
        supervisor = item.supervisor_nip
        if supervisor and supervisor not in known:
            errors.append(RowError(item.row, Col.SUPERVISOR,
                                   Message("roster.supervisor_unknown", {"nip": supervisor})))
        if item.nip is None or first_rows.get(item.nip) != item.row or supervisor is None:
            continue
        if supervisor and supervisor != item.nip:
            graph[item.nip] = supervisor
        else:
            graph.pop(item.nip, None)
    for cycle in find_cycles(graph, first_rows):
        shown = [*cycle, cycle[0]] if len(cycle) <= 8 else [*cycle[:8], "…"]
        text = " → ".join(shown)
        for nip in cycle:
            if nip in first_rows:
                errors.append(RowError(first_rows[nip], Col.SUPERVISOR,
                                       Message("roster.supervisor_cycle", {"cycle": text})))


def validate_roster(rows: Sequence[SheetRow], lookups: RosterLookups) -> RosterResult:
    """Check every row; return all the problems, or (when there are none) the clean records
    and the positions to create. See the module docstring for the rules."""
    if not rows:
        return RosterResult((), (RowError(None, None, Message("roster.no_rows")),), ())
    index = _Index(lookups)
    errors: list[RowError] = []
    parsed = [_parse_row(row, index, errors) for row in rows]
    first_rows = _check_nips(parsed, lookups, errors)
    asks = [p.position for p in parsed if p.position is not None]
    positions, new_positions = _resolve_positions(asks, index, errors)
    _check_supervisors(parsed, first_rows, lookups, errors)
    if errors:
        return RosterResult((), tuple(sort_errors(errors, EMPLOYEE_COLUMNS)), ())
    records = tuple(
        replace(p.record, position=positions[p.row]) for p in parsed if p.record is not None
    )
    return RosterResult(records, (), tuple(new_positions))


# --------------------------------------------------------------------------------------------
# Planning: what a valid file changes


@dataclass(frozen=True)
class EmployeeState:
    """What the roster says about one employee, comparable with what is stored."""

    nip: str
    name: str
    front_title: str
    back_title: str
    employment_type: str
    is_part_time: bool
    sex: str
    birth_date: dt.date
    grade_id: int
    education_id: int
    education_major: str
    unit_id: int
    position: PositionKey
    supervisor_nip: str  # "" for none
    is_teacher: bool
    email: str
    phone: str


STATE_FIELDS = tuple(f.name for f in fields(EmployeeState))


@dataclass(frozen=True)
class EmployeeChange:
    before: EmployeeState
    after: EmployeeState
    changed: tuple[str, ...]


@dataclass(frozen=True)
class RosterPlan:
    creates: tuple[EmployeeState, ...]
    updates: tuple[EmployeeChange, ...]
    unchanged: int


def state_of(record: EmployeeRecord, before: EmployeeState | None) -> EmployeeState:
    """The employee after the import: absent optional columns keep what ``before`` holds."""

    def keep(value: str | None, name: str) -> str:
        if value is not None:
            return value
        return str(getattr(before, name)) if before is not None else ""

    def keep_flag(value: bool | None, name: str) -> bool:
        if value is not None:
            return value
        return bool(getattr(before, name)) if before is not None else False

    return EmployeeState(
        nip=record.nip,
        name=record.name,
        front_title=keep(record.front_title, "front_title"),
        back_title=keep(record.back_title, "back_title"),
        employment_type=record.employment_type,
        is_part_time=record.employment_type == "PPPK" and keep_flag(record.is_part_time,
                                                                    "is_part_time"),
        sex=record.sex,
        birth_date=record.birth_date,
        grade_id=record.grade_id,
        education_id=record.education_id,
        education_major=keep(record.education_major, "education_major"),
        unit_id=record.unit_id,
        position=record.position,
        supervisor_nip=keep(record.supervisor_nip, "supervisor_nip"),
        is_teacher=keep_flag(record.is_teacher, "is_teacher"),
        email=keep(record.email, "email"),
        phone=keep(record.phone, "phone"),
    )


def roster_plan(records: Iterable[EmployeeRecord],
                existing: Mapping[str, EmployeeState]) -> RosterPlan:
    """Split valid records into employees to create, to update (with the changed fields) and
    unchanged ones. ``existing`` maps the agency's stored NIPs to their state."""
    creates: list[EmployeeState] = []
    updates: list[EmployeeChange] = []
    unchanged = 0
    for record in records:
        before = existing.get(record.nip)
        after = state_of(record, before)
        if before is None:
            creates.append(after)
        elif after == before:
            unchanged += 1
        else:
            changed = tuple(f for f in STATE_FIELDS if getattr(before, f) != getattr(after, f))
            updates.append(EmployeeChange(before, after, changed))
    return RosterPlan(tuple(creates), tuple(updates), unchanged)


def supervisor_levels(states: Sequence[EmployeeState]) -> list[list[EmployeeState]]:
    """Group new employees so that each one's supervisor is in an earlier group (or is not new):
    created group by group, everyone's supervisor already has an id. Validation has excluded
    circles; a circle would still end up in some group rather than loop forever."""
    by_nip = {s.nip: s for s in states}
    level: dict[str, int] = {}
    for state in states:
        chain: list[str] = []
        nip: str | None = state.nip
        while nip is not None and nip in by_nip and nip not in level and nip not in chain:
            chain.append(nip)
            supervisor = by_nip[nip].supervisor_nip
            nip = supervisor if supervisor else None
        depth = level.get(nip, -1) if nip is not None else -1
        for member in reversed(chain):
            depth += 1
            level[member] = depth
    groups: list[list[EmployeeState]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for state in states:
        groups[level[state.nip]].append(state)
    return groups
