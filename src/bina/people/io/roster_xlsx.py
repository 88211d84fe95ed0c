"""Write import templates and exports as .xlsx: a data sheet with Indonesian headers (NIP columns
formatted as text), a "Petunjuk" sheet that explains every column and the rules, and optional
reference sheets (the agency's units and positions). An export is a filled template, so that
export → re-import changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from bina.core.roster import (
    EDUCATION_CODES,
    EMPLOYEE_COLUMNS,
    FUNCTIONAL_LEVELS,
    POSITION_TYPES,
    Col,
    Column,
)

EMPLOYEE_SHEET = "Pegawai"
GUIDE_SHEET = "Petunjuk"
DATE_FORMAT = "DD-MM-YYYY"
VALIDATED_ROWS = 50_000  # drop-down lists cover this many rows

_BOLD = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_EXAMPLE_FONT = Font(italic=True, color="555555")

EMPLOYEE_RULES = (
    "Satu baris untuk satu pegawai. Judul kolom di baris 1 jangan diubah; urutan kolom bebas, "
    "kolom yang tidak dikenal diabaikan.",
    "Hapus baris contoh (baris 2) sebelum mengimpor.",
    "NIP adalah kunci: impor ulang memperbarui pegawai dengan NIP yang sama, tidak pernah "
    "menggandakan. Kolom NIP dan NIP ATASAN harus berformat teks; NIP yang tersimpan sebagai "
    "angka (1,98E+17) ditolak karena digitnya hilang.",
    "Impor bersifat semua-atau-tidak-sama-sekali: bila ada satu kesalahan, tidak ada yang "
    "disimpan dan semua kesalahan dilaporkan per baris dan kolom.",
    "UNIT KERJA harus sudah terdaftar: dicocokkan dengan kode unit, lalu dengan nama unit "
    "(huruf besar/kecil dan spasi diabaikan). Bila nama unit dipakai beberapa unit, tulis kodenya.",
    "JABATAN dicocokkan dengan nama jabatan instansi. Jabatan yang belum ada dibuat otomatis bila "
    "JENIS JABATAN diisi (dan JENJANG untuk jabatan fungsional); bila tidak, baris ditolak.",
    "JENIS KELAMIN dan TANGGAL LAHIR boleh kosong: keduanya diambil dari NIP; bila diisi, "
    "harus sesuai NIP.",
    "NIP ATASAN harus ada di file ini atau sudah terdaftar di instansi, bukan NIP pegawai itu "
    "sendiri, dan tidak boleh membentuk lingkaran atasan.",
    "Kolom opsional yang tidak ada di file tidak mengubah data tersimpan; sel kosong pada kolom "
    "yang ada mengosongkan data tersebut.",
    "Perpindahan unit atau jabatan dicatat di riwayat jabatan dengan tanggal impor.",
    "Pegawai yang sudah terdaftar tetapi tidak ada di file tidak diubah dan tidak dihapus.",
)

EXAMPLE_EMPLOYEE: dict[str, object] = {
    Col.NIP: "198503122010011004",
    Col.NAME: "Budi Santoso",
    Col.FRONT_TITLE: "",
    Col.BACK_TITLE: "S.Kom.",
    Col.STATUS: "PNS",
    Col.PART_TIME: "T",
    Col.SEX: "L",
    Col.BIRTH_DATE: dt.date(1985, 3, 12),
    Col.GRADE: "III/b",
    Col.EDUCATION: "S1",
    Col.MAJOR: "Teknik Informatika",
    Col.UNIT: "Dinas Komunikasi dan Informatika",
    Col.POSITION: "Pranata Komputer Ahli Pertama",
    Col.POSITION_TYPE: "Fungsional",
    Col.LEVEL: "Ahli Pertama",
    Col.SUPERVISOR: "",
    Col.TEACHER: "T",
    Col.EMAIL: "budi.santoso@example.go.id",
    Col.PHONE: "081234567890",
}

_YES_NO = "Y,T"
EMPLOYEE_CHOICES: dict[str, str] = {
    Col.STATUS: "PNS,CPNS,PPPK",
    Col.PART_TIME: _YES_NO,
    Col.SEX: "L,P",
    Col.EDUCATION: ",".join(EDUCATION_CODES),
    Col.POSITION_TYPE: ",".join(POSITION_TYPES.values()),
    Col.LEVEL: ",".join(FUNCTIONAL_LEVELS.values()),
    Col.TEACHER: _YES_NO,
}
EMPLOYEE_TEXT_COLUMNS = frozenset({Col.NIP, Col.SUPERVISOR, Col.PHONE})
EMPLOYEE_DATE_COLUMNS = frozenset({Col.BIRTH_DATE})


@dataclass(frozen=True)
class SheetSpec:
    """How to write one kind of import file."""

    sheet_name: str
    columns: Sequence[Column]
    rules: Sequence[str]
    text_columns: frozenset[str] = frozenset()
    date_columns: frozenset[str] = frozenset()
    choices: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReferenceSheet:
    """A sheet listing accepted values (e.g. the agency's units)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]


EMPLOYEE_SPEC = SheetSpec(
    EMPLOYEE_SHEET, EMPLOYEE_COLUMNS, EMPLOYEE_RULES, EMPLOYEE_TEXT_COLUMNS,
    EMPLOYEE_DATE_COLUMNS, EMPLOYEE_CHOICES,
)


CellValue = str | float | dt.datetime | None


def _value(value: object) -> CellValue:
    """A value openpyxl writes as is: dates become datetimes, blanks None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | str | int | float):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return str(value)


def _header_cell(ws: WriteOnlyWorksheet, text: str) -> Cell:
    cell = WriteOnlyCell(ws, value=text)
    cell.font = _BOLD
    cell.fill = _HEADER_FILL
    return cell


class _DataSheet:
    """The data sheet: column widths and formats, header, validation lists, rows."""

    def __init__(self, workbook: Workbook, spec: SheetSpec) -> None:
        self.spec = spec
        self.ws: WriteOnlyWorksheet = workbook.create_sheet(spec.sheet_name)
        for number, column in enumerate(spec.columns, start=1):
            dimension = self.ws.column_dimensions[get_column_letter(number)]
            dimension.width = column.width
            if column.name in spec.text_columns:
                dimension.number_format = "@"
        self.ws.freeze_panes = "A2"
        self._validations()
        self.ws.append([_header_cell(self.ws, c.name) for c in spec.columns])

    def _validations(self) -> None:
        for number, column in enumerate(self.spec.columns, start=1):
            choices = self.spec.choices.get(column.name)
            if not choices:
                continue
            validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True,
                                        errorStyle="warning", showErrorMessage=True)
            letter = get_column_letter(number)
            validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
            # present at run time on write-only sheets; missing from the stubs
            self.ws.data_validations.append(validation)  # type: ignore[attr-defined]

    def cell(self, name: str, value: object, *, example: bool = False) -> object:
        if name in self.spec.text_columns:
            cell = WriteOnlyCell(self.ws, value=None if value in (None, "") else str(value))
            cell.number_format = "@"
        elif name in self.spec.date_columns and isinstance(value, dt.date):
            cell = WriteOnlyCell(self.ws, value=_value(value))
            cell.number_format = DATE_FORMAT
        elif example:
            cell = WriteOnlyCell(self.ws, value=_value(value))
        else:
            return _value(value)
        if example:
            cell.font = _EXAMPLE_FONT
        return cell

    def append(self, values: Sequence[object], *, example: bool = False) -> None:
        self.ws.append([self.cell(c.name, v, example=example)
                        for c, v in zip(self.spec.columns, values, strict=True)])


def _guide(workbook: Workbook, spec: SheetSpec) -> None:
    ws = workbook.create_sheet(GUIDE_SHEET)
    for letter, width in zip("ABCDE", (22, 9, 38, 28, 90), strict=True):
        ws.column_dimensions[letter].width = width
    headers = ("KOLOM", "WAJIB", "FORMAT", "CONTOH", "NILAI YANG DITERIMA / KETERANGAN")
    ws.append([_header_cell(ws, h) for h in headers])
    wrap = Alignment(wrap_text=True, vertical="top")
    for column in spec.columns:
        aliases = (f" Judul lain yang dikenali: {', '.join(column.aliases)}."
                   if column.aliases else "")
        note = WriteOnlyCell(ws, value=(column.accepted + aliases).strip())
        note.alignment = wrap
        ws.append([column.name, "Ya" if column.required else "Tidak", column.format,
                   column.example, note])
    ws.append([])
    ws.append([_header_cell(ws, "ATURAN")])
    for number, rule in enumerate(spec.rules, start=1):
        ws.append([f"{number}. {rule}"])


def _reference(workbook: Workbook, sheet: ReferenceSheet) -> None:
    ws = workbook.create_sheet(sheet.title[:31])
    for number in range(1, len(sheet.headers) + 1):
        ws.column_dimensions[get_column_letter(number)].width = 40 if number == 2 else 20
    ws.append([_header_cell(ws, h) for h in sheet.headers])
    for row in sheet.rows:
        ws.append(list(row))


def write_workbook(
    file: IO[bytes],
    spec: SheetSpec,
    rows: Iterable[Sequence[object]],
    *,
    example: Sequence[object] | None = None,
    references: Sequence[ReferenceSheet] = (),
) -> int:
    """Write the data sheet (an optional example row, then ``rows`` in column order), the
    Petunjuk sheet and the reference sheets. Returns the number of data rows written."""
    workbook = Workbook(write_only=True)
    sheet = _DataSheet(workbook, spec)
    if example is not None:
        sheet.append(example, example=True)
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    _guide(workbook, spec)
    for reference in references:
        _reference(workbook, reference)
    workbook.save(file)
    return count


def example_employee(unit_name: str | None = None) -> list[object]:
    values = dict(EXAMPLE_EMPLOYEE)
    if unit_name:
        values[Col.UNIT] = unit_name
    return [values[c.name] for c in EMPLOYEE_COLUMNS]


def write_employee_template(
    file: IO[bytes], *, unit_name: str | None = None,
    references: Sequence[ReferenceSheet] = (),
) -> None:
    """The empty roster template with its example row (a fictional, valid PNS)."""
    write_workbook(file, EMPLOYEE_SPEC, (), example=example_employee(unit_name),
                   references=references)


def write_employee_rows(
    file: IO[bytes], rows: Iterable[Sequence[object]],
    *, references: Sequence[ReferenceSheet] = (),
) -> int:
    """An export: the template filled with ``rows`` (values in :data:`EMPLOYEE_COLUMNS` order)."""
    return write_workbook(file, EMPLOYEE_SPEC, rows, references=references)
