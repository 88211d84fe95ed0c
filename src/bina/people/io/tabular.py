"""Read a spreadsheet (.xlsx) or a CSV file into rows of raw cell values under canonical column
names. No database work, no Django: the service validates and writes.

- .xlsx: openpyxl in read-only mode; the sheet named like ``sheet_name`` if there is one, else
  the first sheet.
- .csv: UTF-8 (with or without BOM), else Windows-1252; ``,`` or ``;`` (or tab) as delimiter,
  whichever the header line uses most.
- The header is the first row, among the first :data:`HEADER_SEARCH_ROWS`, that names at least
  two known columns (a title row above it is allowed). Headers are matched ignoring case,
  spaces, underscores, dots, a ``*`` and a trailing ``(…)``, and through each column's aliases.
- Row numbers are those the user sees in the spreadsheet (header on row 1: first data row 2).
- Anything that is not a readable table raises :class:`TabularError` with a one-line message.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from bina.core.messages import Message, register
from bina.core.roster import Column, SheetRow

HEADER_SEARCH_ROWS = 20
MAX_EMPTY_RUN = 10_000  # stop after this many empty rows in a row (formatted, never filled)

for _code, _id, _en in (
    ("table.empty", "file kosong", "the file is empty"),
    ("table.too_big", "file terlalu besar; batasnya {limit} MB",
     "the file is too big; the limit is {limit} MB"),
    ("table.too_many_rows", "file berisi lebih dari {limit} baris data",
     "the file has more than {limit} data rows"),
    ("table.pdf", "file ini PDF, bukan spreadsheet; unggah file .xlsx atau .csv",
     "this file is a PDF, not a spreadsheet; upload an .xlsx or .csv file"),
    ("table.xls", "format Excel lama (.xls) tidak didukung; simpan ulang sebagai .xlsx",
     "the old Excel format (.xls) is not supported; save the file as .xlsx"),
    ("table.not_xlsx", "file ini bukan spreadsheet .xlsx yang dapat dibaca",
     "this file is not a readable .xlsx spreadsheet"),
    ("table.not_text", "file ini bukan CSV (teks); unggah file .xlsx atau .csv",
     "this file is not a CSV (text) file; upload an .xlsx or .csv file"),
    ("table.extension", "jenis file {extension!r} tidak didukung; gunakan .xlsx atau .csv",
     "file type {extension!r} is not supported; use .xlsx or .csv"),
    ("table.encoding", "CSV tidak dapat dibaca sebagai UTF-8 atau Windows-1252",
     "the CSV cannot be read as UTF-8 or Windows-1252"),
    ("table.csv", "CSV tidak dapat dibaca: {reason}", "the CSV cannot be read: {reason}"),
    ("table.no_header",
     "baris judul kolom tidak ditemukan di {rows} baris pertama; kolom wajib: {required}",
     "no header row found in the first {rows} rows; required columns: {required}"),
    ("table.missing_columns", "kolom wajib tidak ada: {columns}",
     "required columns are missing: {columns}"),
    ("table.duplicate_column", "kolom {column} muncul dua kali (kolom {first} dan {second})",
     "column {column} appears twice (columns {first} and {second})"),
):
    register(_code, id=_id, en=_en)


class TabularError(ValueError):
    """The file is not a table we can read. ``message`` says why, in one line."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]  # canonical names of the recognised columns, in file order
    header_row: int
    rows: tuple[SheetRow, ...]


def normalise_header(text: object) -> str:
    """``"Gol. Ruang"`` → ``"GOLRUANG"``; ``"STATUS ASN (PNS/CPNS/PPPK)*"`` → ``"STATUSASN"``."""
    value = str(text or "").upper().replace("*", "")
    value = re.sub(r"\(.*\)\s*$", "", value.strip())
    return re.sub(r"[\s_.\u00a0]", "", value)


def header_names(columns: Sequence[Column]) -> dict[str, str]:
    """Every accepted spelling (normalised) → canonical column name."""
    names: dict[str, str] = {}
    for column in columns:
        for spelling in (column.name, *column.aliases):
            names[normalise_header(spelling)] = column.name
    return names


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _recognise(cells: Sequence[object], names: dict[str, str]) -> dict[int, str]:
    """Cell position → canonical column, for one candidate header row."""
    found: dict[int, str] = {}
    seen: dict[str, int] = {}
    for position, cell in enumerate(cells):
        name = names.get(normalise_header(cell)) if cell is not None else None
        if name is None:
            continue
        if name in seen:
            raise TabularError(Message("table.duplicate_column", {
                "column": name, "first": _column_letter(seen[name]),
                "second": _column_letter(position)}))
        seen[name] = position
        found[position] = name
    return found


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _is_empty(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


class _Collector:
    """Finds the header, then turns the following rows into :class:`SheetRow` s."""

    def __init__(self, columns: Sequence[Column], max_rows: int,
                 on_row: Callable[[int], None] | None) -> None:
        self.columns = columns
        self.names = header_names(columns)
        self.max_rows = max_rows
        self.on_row = on_row

    def collect(self, raw_rows: Iterator[Sequence[object]]) -> Table:
        header_row, positions = self._header(raw_rows)
        rows: list[SheetRow] = []
        empty_run = 0
        for number, cells in enumerate(raw_rows, start=header_row + 1):
            picked = {name: _clean(cells[i]) if i < len(cells) else None
                      for i, name in positions.items()}
            if _is_empty(list(picked.values())):
                empty_run += 1
                if empty_run >= MAX_EMPTY_RUN:
                    break
                continue
            empty_run = 0
            rows.append(SheetRow(number, picked))
            if len(rows) > self.max_rows:
                raise TabularError(Message("table.too_many_rows", {"limit": self.max_rows}))
            if self.on_row is not None and len(rows) % 1000 == 0:
                self.on_row(len(rows))
        return Table(tuple(positions.values()), header_row, tuple(rows))

    def _header(self, raw_rows: Iterator[Sequence[object]]) -> tuple[int, dict[int, str]]:
        anything = False
        for number in range(1, HEADER_SEARCH_ROWS + 1):
            cells = next(raw_rows, None)
            if cells is None:
                break
            anything = anything or not _is_empty(cells)
            positions = _recognise(cells, self.names)
            if len(positions) >= 2:
                self._check_required(positions)
                return number, positions
        if not anything:
            raise TabularError(Message("table.empty"))
        required = ", ".join(c.name for c in self.columns if c.required)
        raise TabularError(Message("table.no_header",
                                   {"rows": HEADER_SEARCH_ROWS, "required": required}))

    def _check_required(self, positions: dict[int, str]) -> None:
        present = set(positions.values())
        missing = [c.name for c in self.columns if c.required and c.name not in present]
        if missing:
            raise TabularError(Message("table.missing_columns", {"columns": ", ".join(missing)}))


def _xlsx_rows(data: bytes, sheet_name: str) -> Iterator[Sequence[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken or foreign zip
        raise TabularError(Message("table.not_xlsx")) from None
    try:
        sheets = {name.casefold(): name for name in workbook.sheetnames}
        if not sheets:
            raise TabularError(Message("table.empty"))
        name = sheets.get(sheet_name.casefold(), workbook.sheetnames[0])
        try:
            yield from workbook[name].iter_rows(values_only=True)
        except (KeyError, ValueError, zipfile.BadZipFile, OSError):
            raise TabularError(Message("table.not_xlsx")) from None
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise TabularError(Message("table.not_text"))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TabularError(Message("table.encoding"))


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max((",", ";", "\t"), key=first.count)


def _csv_rows(data: bytes) -> Iterator[Sequence[object]]:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        yield from reader
    except csv.Error as exc:
        raise TabularError(Message("table.csv", {"reason": str(exc)})) from None


def _kind(data: bytes, filename: str) -> str:
    """``xlsx`` or ``csv``, from the content first and the name second."""
    extension = PurePath(filename).suffix.lower()
    if data.startswith(b"%PDF"):
        raise TabularError(Message("table.pdf"))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TabularError(Message("table.xls"))
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if extension in (".xlsx", ".xlsm"):
        raise TabularError(Message("table.not_xlsx"))
    if extension in (".csv", ".txt", ""):
        return "csv"
    raise TabularError(Message("table.extension", {"extension": extension}))


def _read_limited(file: IO[bytes], max_bytes: int) -> bytes:
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        limit = f"{max_bytes / 1_048_576:.3g}"
        raise TabularError(Message("table.too_big", {"limit": limit}))
    if not data.strip():
        raise TabularError(Message("table.empty"))
    return data


def read_table(
    file: IO[bytes],
    filename: str,
    *,
    columns: Sequence[Column],
    sheet_name: str,
    max_rows: int,
    max_bytes: int,
    on_row: Callable[[int], None] | None = None,
) -> Table:
    """Read ``file`` (binary, any position: it is read from where it stands) as a table of
    ``columns``. Raises :class:`TabularError` for anything that is not such a table."""
    data = _read_limited(file, max_bytes)
    raw: Iterator[Sequence[Any]] = (
        _xlsx_rows(data, sheet_name) if _kind(data, filename) == "xlsx" else _csv_rows(data)
    )
    try:
        return _Collector(columns, max_rows, on_row).collect(raw)
    finally:
        close = getattr(raw, "close", None)
        if close is not None:
            close()
