"""The attendance sheet (Excel): a template with one row per participant and session date,
and the reader of a filled sheet.

Sheet "Presensi": a title row, a row ``KODE KEGIATAN | <code>``, the header row
``NIP | NAMA | TANGGAL | STATUS`` and the rows. STATUS is hadir, terlambat, izin or tidak hadir
(or H, T, I, A); an empty STATUS means "not known yet" and is skipped. NIP cells are text (an
18-digit number would lose its last digits in Excel)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from bina.delivery.attendance import AttendanceRow

SHEET = "Presensi"
CODE_LABEL = "KODE KEGIATAN"
HEADERS = ("NIP", "NAMA", "TANGGAL", "STATUS")
STATUS_CHOICES = ("hadir", "terlambat", "izin", "tidak hadir")
MAX_ROWS = 50_000
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")


class AttendanceFileError(ValueError):
    """The file is not an attendance sheet (unreadable, no sheet, no header row)."""


@dataclass(frozen=True)
class TemplateRow:
    nip: str
    name: str
    date: dt.date


@dataclass(frozen=True)
class AttendanceSheet:
    activity_code: str
    rows: tuple[AttendanceRow, ...]


def write_attendance_template(file: IO[bytes], *, activity_code: str, activity_name: str,
                              rows: Iterable[TemplateRow]) -> int:
    """Write the template: one row per participant and session date, STATUS empty (a list of
    the accepted words). Returns the number of rows."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append([f"Daftar hadir: {activity_code} {activity_name}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([CODE_LABEL, activity_code])
    ws["A2"].font = Font(bold=True)
    ws.append(list(HEADERS))
    for cell in ws[3]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    count = 0
    for r in rows:
        ws.append([r.nip, r.name, r.date, ""])
        row = ws.max_row
        ws.cell(row, 1).number_format = "@"
        ws.cell(row, 3).number_format = "DD-MM-YYYY"
        count += 1
    for letter, width in zip("ABCD", (22, 36, 14, 16), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    validation = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"',
                                allow_blank=True)
    validation.error = "hadir, terlambat, izin, tidak hadir"
    ws.add_data_validation(validation)
    validation.add(f"D4:D{max(4, 3 + count)}")
    guide = wb.create_sheet("Petunjuk")
    for line in (
        ("Kolom", "Isi"),
        ("NIP", "NIP peserta (18 angka, sebagai teks)"),
        ("NAMA", "Nama peserta (hanya untuk dibaca; tidak diimpor)"),
        ("TANGGAL", "Tanggal sesi (HH-BB-TTTT atau TTTT-BB-HH), di dalam tanggal kegiatan"),
        ("STATUS", "hadir, terlambat, izin, tidak hadir (atau H, T, I, A); kosong = belum "
                   "diketahui, dilewati"),
        ("", "Impor: bina import attendance FILE. Semua atau tidak sama sekali: bila satu "
             "baris salah, tidak ada yang disimpan."),
    ):
        guide.append(list(line))
    guide["A1"].font = guide["B1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 12
    guide.column_dimensions["B"].width = 90
    for row in guide.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True)
    wb.save(file)
    return count


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


def parse_date(value: object) -> dt.date | None:
    """A date cell: a real date, or text as 2026-11-28, 28-11-2026, 28/11/2026, 28.11.2026."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    text = re.sub(r"\s+00:00(:00)?$", "", text)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    return None


def read_attendance(file: IO[bytes]) -> AttendanceSheet:
    """Read a filled attendance sheet (the first sheet named "Presensi", else the first)."""
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise AttendanceFileError(f"bukan berkas Excel (.xlsx) yang dapat dibaca: {exc}") from exc
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    code = ""
    header_at: int | None = None
    columns: dict[str, int] = {}
    rows: list[AttendanceRow] = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [_text(v) for v in values]
        if header_at is None:
            first = cells[0].upper() if cells else ""
            if first == CODE_LABEL and len(cells) > 1:
                code = cells[1]
            upper = [c.upper() for c in cells]
            if "NIP" in upper and "TANGGAL" in upper and "STATUS" in upper:
                header_at = number
                columns = {name: upper.index(name) for name in ("NIP", "TANGGAL", "STATUS")}
            elif number >= 20:
                break
            continue
        if len(rows) >= MAX_ROWS:
            raise AttendanceFileError(f"terlalu banyak baris (lebih dari {MAX_ROWS})")
        found = [values[columns[name]] if columns[name] < len(values) else None
                 for name in ("NIP", "TANGGAL", "STATUS")]
        nip = _text(found[0]).replace(" ", "").lstrip("'")
        raw_date = found[1]
        status = _text(found[2])
        if not nip and raw_date in (None, "") and not status:
            continue
        rows.append(AttendanceRow(row=number, nip=nip, date=parse_date(raw_date),
                                  status=status, date_text=_text(raw_date)))
    wb.close()
    if header_at is None:
        raise AttendanceFileError("baris judul kolom NIP, TANGGAL, STATUS tidak ditemukan")
    return AttendanceSheet(activity_code=code, rows=tuple(rows))
