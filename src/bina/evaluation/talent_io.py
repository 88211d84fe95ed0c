"""Excel for the talent view: the potential-assessment import and the IP ASN workbook.

Potential sheet (first sheet): a header row with ``NIP``, ``TAHUN``, ``POTENSI``, ``SKOR``,
``SUMBER`` (matched by name, any order; ``SKOR`` and ``SUMBER`` optional, ``CATATAN``
optional). ``POTENSI`` is rendah, sedang/menengah or tinggi; when empty, ``SKOR`` (0–100) gives
it (see :func:`bina.evaluation.talent.potential_from_score`). ``SUMBER`` is asesmen, talenta or
impor (default impor). All-or-nothing: every error names the file, row, column and rule, and
nothing is stored unless every row is valid.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from bina.core import ipasn
from bina.evaluation.talent import (
    SOURCES,
    EmployeeIpAsn,
    PotentialEntry,
    TalentError,
    UnitRow,
    normalise_potential,
    potential_from_score,
)
from bina.people.models import Employee

REQUIRED = ("NIP", "TAHUN")
OPTIONAL = ("POTENSI", "SKOR", "SUMBER", "CATATAN")
MAX_ROWS = 20_000
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")


@dataclass(frozen=True, slots=True)
class RowError:
    file: str
    row: int | None
    column: str | None
    rule: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"baris {self.row}")
        if self.column:
            where.append(f"kolom {self.column}")
        return f"{', '.join(where)}: {self.rule}"


class PotentialFileError(ValueError):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_potentials(file: IO[bytes], *, name: str, agency_id: int) -> list[PotentialEntry]:
    """Every row of the sheet as a :class:`PotentialEntry`, or :class:`PotentialFileError`
    with every error found."""
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise PotentialFileError([RowError(name, None, None,
                                               "bukan berkas Excel (.xlsx) yang dapat dibaca")]
                                 ) from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise PotentialFileError([RowError(name, 1, None, "lembar kosong")])
    columns = {_text(h).upper(): i for i, h in enumerate(header) if _text(h)}
    missing = [c for c in REQUIRED if c not in columns]
    if "POTENSI" not in columns and "SKOR" not in columns:
        missing.append("POTENSI atau SKOR")
    if missing:
        raise PotentialFileError([RowError(name, 1, c, "kolom wajib tidak ada")
                                  for c in missing])
    raw: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(rows, start=2):
        cells = {c: _text(values[i]) if i < len(values) else ""
                 for c, i in columns.items() if c in REQUIRED + OPTIONAL}
        if not any(cells.values()):
            continue
        raw.append((number, cells))
        if len(raw) > MAX_ROWS:
            raise PotentialFileError([RowError(name, number, None,
                                                   f"lebih dari {MAX_ROWS} baris")])
    wb.close()
    nips = {cells["NIP"] for _, cells in raw}
    people = {e.nip: e for e in Employee.objects.filter(agency_id=agency_id, nip__in=nips)}
    errors: list[RowError] = []
    out: list[PotentialEntry] = []
    seen: dict[tuple[str, int], int] = {}
    for number, cells in raw:
        bad = len(errors)
        nip = cells["NIP"]
        employee = people.get(nip)
        if not nip:
            errors.append(RowError(name, number, "NIP", "NIP wajib diisi"))
        elif employee is None:
            errors.append(RowError(name, number, "NIP",
                                       f"pegawai dengan NIP {nip} tidak ada di instansi ini"))
        year_text = cells["TAHUN"]
        year = int(year_text) if year_text.isdigit() else 0
        if not 2000 <= year <= 2100:
            errors.append(RowError(name, number, "TAHUN",
                                       f"tahun harus empat angka 2000–2100, bukan {year_text!r}"))
        score: Decimal | None = None
        if cells.get("SKOR"):
            try:
                score = Decimal(cells["SKOR"].replace(",", "."))
            except InvalidOperation:
                score = None
            if score is None or not Decimal(0) <= score <= Decimal(100):
                errors.append(RowError(name, number, "SKOR",
                                           f"skor harus angka 0–100, bukan {cells['SKOR']!r}"))
                score = None
        potential = ""
        if cells.get("POTENSI"):
            try:
                potential = normalise_potential(cells["POTENSI"])
            except TalentError:
                errors.append(RowError(name, number, "POTENSI",
                                           "potensi harus rendah, sedang/menengah atau tinggi, "
                                           f"bukan {cells['POTENSI']!r}"))
        elif score is not None:
            potential = potential_from_score(score)
        elif not cells.get("SKOR"):
            errors.append(RowError(name, number, "POTENSI",
                                       "isi POTENSI atau SKOR; sistem tidak menebak potensi"))
        source = (cells.get("SUMBER") or "impor").lower()
        if source not in SOURCES:
            errors.append(RowError(name, number, "SUMBER",
                                       "sumber harus asesmen, talenta atau impor, bukan "
                                       f"{cells.get('SUMBER')!r}"))
        if (nip, year) in seen:
            errors.append(RowError(name, number, "NIP",
                                       f"NIP {nip} tahun {year} sudah ada di baris "
                                       f"{seen[(nip, year)]}"))
        seen.setdefault((nip, year), number)
        if len(errors) == bad and employee is not None:
            out.append(PotentialEntry(employee, year, potential, score, source,
                                      cells.get("CATATAN", "")[:300]))
    if errors:
        raise PotentialFileError(errors)
    if not out:
        raise PotentialFileError([RowError(name, None, None, "tidak ada baris data")])
    return out


def potential_template() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Potensi"
    ws.append(["NIP", "TAHUN", "POTENSI", "SKOR", "SUMBER", "CATATAN"])
    for cell in ws[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for letter, width in zip("ABCDEF", (22, 8, 12, 8, 10, 40), strict=True):
        ws.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def ipasn_xlsx(year: int, units: list[UnitRow], people: list[EmployeeIpAsn],
               rules: ipasn.IpAsnRules) -> bytes:
    """Sheet "Unit" (one row per unit), sheet "Pegawai" (when given) and "Aturan" (the
    rules, unverified ones marked)."""
    codes = [d.code for d in rules.dimensions]
    names = [d.name_id for d in rules.dimensions]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Unit"
    ws.append([f"Indeks Profesionalitas ASN {year}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["KODE UNIT", "UNIT", "PEGAWAI", "LENGKAP", "RATA-RATA", "KATEGORI", *names])
    for cell in ws[2]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for row in units:
        u = row.unit
        ws.append([u.unit, row.name, u.employees, u.complete, u.mean_total, u.category,
                   *[u.mean_by_dimension.get(c) for c in codes]])
    if people:
        sheet = wb.create_sheet("Pegawai")
        sheet.append(["NIP", "NAMA", "UNIT", "JABATAN", *names, "TOTAL", "KATEGORI"])
        for cell in sheet[1]:
            cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        for p in people:
            sheet.append([p.nip, p.name, p.unit_code, p.position,
                          *[p.score.dimension(c).points for c in codes], p.score.total,
                          p.score.category])
            sheet.cell(sheet.max_row, 1).number_format = "@"
    rules_sheet = wb.create_sheet("Aturan")
    rules_sheet.append(["ATURAN", "STATUS", "KETERANGAN", "SUMBER"])
    for cell in rules_sheet[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for rule in rules.rules.values():
        rules_sheet.append([rule.id, "BELUM TERVERIFIKASI" if rule.unverified else rule.status,
                            rule.description, rule.source])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
