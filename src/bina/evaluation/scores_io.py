"""The pre-/post-test sheet of a class (Excel): a template with one row per participant, and
the reader of a filled sheet. No database work: the service validates and writes.

Sheet "Nilai": a title row, ``KODE KEGIATAN | <code>``, ``NILAI MAKSIMUM | <max>`` (100 unless
the class uses another scale), the header row ``NIP | NAMA | PRE-TEST | POST-TEST`` and the
rows. NIP cells are text (an 18-digit number would lose its last digits in Excel). An empty
score cell leaves the stored value as it is; a fully empty row is skipped. Rows are numbered
as the spreadsheet shows them."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from bina.evaluation.services import ScoreInput

SHEET = "Nilai"
CODE_LABEL = "KODE KEGIATAN"
MAX_LABEL = "NILAI MAKSIMUM"
HEADERS = ("NIP", "NAMA", "PRE-TEST", "POST-TEST")
MAX_ROWS = 5_000
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")


class ScoresFileError(ValueError):
    """The file is not a score sheet (unreadable, no header row, a bad maximum)."""


@dataclass(frozen=True)
class TemplateRow:
    nip: str
    name: str
    pre: Decimal | None
    post: Decimal | None


@dataclass(frozen=True)
class ScoresSheet:
    activity_code: str
    max_score: Decimal | None  # None: the sheet does not say
    rows: tuple[ScoreInput, ...]


def write_scores_template(file: IO[bytes], *, activity_code: str, activity_name: str,
                          max_score: Decimal, rows: Iterable[TemplateRow]) -> int:
    """One row per participant, with the scores already stored. Returns the number of rows."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append([f"Nilai pre-test dan post-test: {activity_code} {activity_name}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([CODE_LABEL, activity_code])
    ws.append([MAX_LABEL, float(max_score)])
    ws["A2"].font = ws["A3"].font = Font(bold=True)
    ws.append(list(HEADERS))
    for cell in ws[4]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    count = 0
    for r in rows:
        ws.append([r.nip, r.name, None if r.pre is None else float(r.pre),
                   None if r.post is None else float(r.post)])
        ws.cell(ws.max_row, 1).number_format = "@"
        count += 1
    for letter, width in zip("ABCD", (22, 36, 12, 12), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    guide = wb.create_sheet("Petunjuk")
    for line in (
        ("Kolom", "Isi"),
        ("NIP", "NIP peserta (18 angka, sebagai teks)"),
        ("NAMA", "Nama peserta (hanya untuk dibaca; tidak diimpor)"),
        ("PRE-TEST", "Nilai sebelum pelatihan, 0 sampai NILAI MAKSIMUM (boleh desimal, mis. "
                     "72,5); kosong = tidak diubah"),
        ("POST-TEST", "Nilai sesudah pelatihan, aturan yang sama"),
        ("", "Semua atau tidak sama sekali: bila satu baris salah, tidak ada yang disimpan, "
             "dan setiap kesalahan menyebut baris dan kolomnya."),
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


def read_scores(file: IO[bytes]) -> ScoresSheet:
    """Read a filled score sheet (the sheet "Nilai", else the first)."""
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ScoresFileError(f"bukan berkas Excel (.xlsx) yang dapat dibaca: {exc}") from exc
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        code = ""
        max_score: Decimal | None = None
        columns: dict[str, int] | None = None
        rows: list[ScoreInput] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_text(v) for v in values]
            if columns is None:
                first = cells[0].upper() if cells else ""
                if first == CODE_LABEL and len(cells) > 1:
                    code = cells[1]
                elif first == MAX_LABEL and len(cells) > 1 and cells[1]:
                    try:
                        max_score = Decimal(cells[1].replace(",", "."))
                    except InvalidOperation:
                        raise ScoresFileError(
                            f"baris {number}, {MAX_LABEL}: {cells[1]!r} bukan angka") from None
                    if not max_score.is_finite() or max_score <= 0:
                        raise ScoresFileError(
                            f"baris {number}, {MAX_LABEL}: harus lebih dari 0") from None
                upper = [c.upper() for c in cells]
                if "NIP" in upper and "PRE-TEST" in upper and "POST-TEST" in upper:
                    columns = {name: upper.index(name) for name in ("NIP", "PRE-TEST",
                                                                    "POST-TEST")}
                elif number >= 20:
                    break
                continue
            if len(rows) >= MAX_ROWS:
                raise ScoresFileError(f"terlalu banyak baris (lebih dari {MAX_ROWS})")
            found = [values[columns[name]] if columns[name] < len(values) else None
                     for name in ("NIP", "PRE-TEST", "POST-TEST")]
            nip = _text(found[0]).replace(" ", "").lstrip("'")
            pre, post = found[1], found[2]
            if not nip and _text(pre) == "" and _text(post) == "":
                continue
            rows.append(ScoreInput(row=number, nip=nip, pre=pre, post=post))
    finally:
        wb.close()
    if columns is None:
        raise ScoresFileError("baris judul kolom NIP, PRE-TEST, POST-TEST tidak ditemukan")
    return ScoresSheet(activity_code=code, max_score=max_score, rows=tuple(rows))
