"""What the Excel reports share: the title rows, the header row, wrapped and percent cells.

The reports are written with openpyxl's write-only worksheets (rows are appended once), in
one house look: a bold 13 pt title above a note, white bold headers on dark blue."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
TITLE_FONT = Font(bold=True, size=13)
WRAP = Alignment(wrap_text=True, vertical="top")


def header_row(ws: WriteOnlyWorksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
    """Set the column ``widths`` and append the ``headers`` row."""
    for number, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(number)].width = width  # type: ignore[attr-defined]
    cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        cells.append(cell)
    ws.append(cells)


def title_rows(ws: WriteOnlyWorksheet, text: str, note: str = "") -> None:
    """Append the sheet's title and, below it, a note (an empty row when there is none)."""
    cell = WriteOnlyCell(ws, value=text)
    cell.font = TITLE_FONT
    ws.append([cell])
    ws.append([note])


def wrapped_cell(ws: WriteOnlyWorksheet, value: str) -> object:
    cell = WriteOnlyCell(ws, value=value)
    cell.alignment = WRAP
    return cell


def percent_cell(ws: WriteOnlyWorksheet, value: float | None) -> object:
    """A share (0.25) shown as a percentage (25%)."""
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "0%"
    return cell
