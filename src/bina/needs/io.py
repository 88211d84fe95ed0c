"""The responses workbook of a needs-analysis round (the paper/Excel path) and the performance
import file: their columns, how answer cells are read, and the .xlsx writers.

No database work: the services in :mod:`bina.needs.imports` load what the writers need and
validate what the readers (``bina.people.io.tabular.read_table``) return.

Responses file: one row per participant × competency of the participant's position standard in
the round. NIP, NAMA, UNIT, KODE KOMPETENSI, NAMA KOMPETENSI and LEVEL DIPERSYARATKAN are
prefilled (only NIP and KODE KOMPETENSI are read back: the other four are information); the
answer columns LEVEL DIRI, LEVEL ATASAN, KEPENTINGAN and KEMAMPUAN take whole numbers 1–5 or stay
blank (not answered).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from bina.core.roster import Column
from bina.people.io.roster_xlsx import GUIDE_SHEET, SheetSpec, write_workbook
from bina.people.io.tabular import (  # the reader's own steps, so the result is identical
    Table,
    TabularError,
    _Collector,
    _kind,
    _read_limited,
    read_table,
)

RESPONSES_SHEET = "Jawaban"
LEVELS_SHEET = "Deskripsi Level"
PERFORMANCE_SHEET = "Kinerja"

_BOLD = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_INFO_FILL = PatternFill("solid", fgColor="E7E9EE")
_ANSWER_HEADER_FILL = PatternFill("solid", fgColor="2E7D32")
_WRAP = Alignment(wrap_text=True, vertical="top")


class RCol:
    NIP = "NIP"
    NAME = "NAMA"
    UNIT = "UNIT"
    CODE = "KODE KOMPETENSI"
    COMPETENCY = "NAMA KOMPETENSI"
    REQUIRED = "LEVEL DIPERSYARATKAN"
    SELF = "LEVEL DIRI"
    SUPERVISOR = "LEVEL ATASAN"
    IMPORTANCE = "KEPENTINGAN"
    ABILITY = "KEMAMPUAN"


ANSWER_COLUMNS = (RCol.SELF, RCol.SUPERVISOR, RCol.IMPORTANCE, RCol.ABILITY)
ANSWER_FIELDS: Mapping[str, str] = {
    RCol.SELF: "self_level", RCol.SUPERVISOR: "supervisor_level",
    RCol.IMPORTANCE: "importance", RCol.ABILITY: "ability",
}

RESPONSE_COLUMNS: tuple[Column, ...] = (
    Column(RCol.NIP, True, "18 angka, sebagai teks", "199208172019031004",
           "NIP peserta putaran", ("NIP BARU", "NIP PEGAWAI"), 21),
    Column(RCol.NAME, False, "informasi", "Yusran Pakaya", "tidak dibaca saat impor",
           ("NAMA PEGAWAI",), 28),
    Column(RCol.UNIT, False, "informasi", "Dinas Kesehatan", "tidak dibaca saat impor",
           ("UNIT KERJA",), 30),
    Column(RCol.CODE, True, "kode kamus kompetensi", "M.5",
           "kode kompetensi yang ditanyakan dalam putaran", ("KODE", "KOMPETENSI"), 12),
    Column(RCol.COMPETENCY, False, "informasi", "Komunikasi", "tidak dibaca saat impor",
           (), 34),
    Column(RCol.REQUIRED, False, "informasi", "3",
           "level standar kompetensi jabatan; tidak dibaca saat impor",
           ("LEVEL STANDAR", "STANDAR"), 12),
    Column(RCol.SELF, False, "1–5 atau kosong", "3",
           "penilaian diri pegawai terhadap deskripsi level", ("PENILAIAN DIRI",), 11),
    Column(RCol.SUPERVISOR, False, "1–5 atau kosong", "2",
           "penilaian atasan langsung terhadap deskripsi level", ("PENILAIAN ATASAN",), 11),
    Column(RCol.IMPORTANCE, False, "1–5 atau kosong", "5",
           "Borich: seberapa penting kompetensi ini bagi pekerjaan (1 tidak penting – 5 sangat "
           "penting)", ("TINGKAT KEPENTINGAN", "PENTING"), 12),
    Column(RCol.ABILITY, False, "1–5 atau kosong", "2",
           "Borich: seberapa mampu pegawai saat ini (1 belum mampu – 5 sangat mampu)",
           ("TINGKAT KEMAMPUAN", "MAMPU"), 12),
)
READ_COLUMNS = tuple(c for c in RESPONSE_COLUMNS
                     if c.required or c.name in ANSWER_FIELDS)

_LEVELS: dict[object, int] = {n: n for n in range(1, 6)} | {str(n): n for n in range(1, 6)}


def parse_level(value: object) -> int | None:
    """A whole number 1–5 from a cell (``3``, ``3.0``, ``"3"``, ``" 3,0 "``); None for a blank;
    raises ValueError for anything else."""
    if value is None:
        return None
    found = _LEVELS.get(value)
    if found is not None and not isinstance(value, bool):
        return found
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise ValueError(value) from None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        raise ValueError(value)
    if number.is_integer() and 1 <= number <= 5:
        return int(number)
    raise ValueError(value)


RESPONSE_RULES = (
    "Satu baris untuk satu pegawai dan satu kompetensi. Kolom NIP, NAMA, UNIT, KODE KOMPETENSI, "
    "NAMA KOMPETENSI dan LEVEL DIPERSYARATKAN (abu-abu) sudah terisi dan hanya sebagai "
    "informasi: yang dibaca saat impor hanya NIP dan KODE KOMPETENSI.",
    "Isi kolom jawaban (hijau) dengan bilangan bulat 1 sampai 5; sel kosong berarti belum "
    "dijawab.",
    "LEVEL DIRI: pegawai memilih level yang deskripsinya paling sesuai dengan dirinya saat ini "
    "(lihat lembar 'Deskripsi Level'). LEVEL ATASAN: atasan langsung menilai dengan deskripsi "
    "yang sama.",
    "Level kompetensi: 1 = dasar/mengenal, 2 = dapat menerapkan dengan bimbingan, 3 = menerapkan "
    "secara mandiri, 4 = mengembangkan dan membimbing orang lain, 5 = ahli/menjadi rujukan. "
    "Deskripsi resmi tiap level untuk tiap kompetensi ada di lembar 'Deskripsi Level' (kamus "
    "kompetensi).",
    "KEPENTINGAN dan KEMAMPUAN adalah dua penilaian kuesioner kebutuhan pelatihan Borich: "
    "seberapa PENTING kompetensi ini bagi pekerjaan pegawai (1 = tidak penting, 2 = kurang "
    "penting, 3 = cukup penting, 4 = penting, 5 = sangat penting) dan seberapa MAMPU pegawai "
    "saat ini (1 = belum mampu, 2 = kurang mampu, 3 = cukup mampu, 4 = mampu, 5 = sangat "
    "mampu). Selisih kepentingan dikurangi kemampuan, dibobot rata-rata kepentingan, menjadi "
    "skor MWDS: makin besar, makin dibutuhkan pelatihannya. Isi keduanya.",
    "Impor bersifat semua-atau-tidak-sama-sekali: bila ada satu kesalahan (level di luar 1–5, "
    "NIP atau kode kompetensi yang tidak ada di putaran, baris ganda), tidak ada yang disimpan "
    "dan semua kesalahan dilaporkan per baris dan kolom.",
    "Impor ulang menimpa sel jawaban yang diisi; sel yang kosong tidak menghapus jawaban yang "
    "sudah tersimpan. Jadi lembar penilaian diri dan lembar penilaian atasan boleh diimpor "
    "terpisah.",
    "Jawaban hanya dapat diimpor selama putaran berjalan (bukan draf, belum ditutup).",
)


@dataclass(frozen=True)
class ResponseRow:
    nip: str
    name: str
    unit: str
    code: str
    competency: str
    required: int | None


def _header(ws: WriteOnlyWorksheet, text: str, fill: PatternFill = _HEADER_FILL) -> Cell:
    cell = WriteOnlyCell(ws, value=text)
    cell.font = _BOLD
    cell.fill = fill
    cell.alignment = _WRAP
    return cell


def _data_sheet(workbook: Workbook, rows: Iterable[ResponseRow]) -> int:
    ws: WriteOnlyWorksheet = workbook.create_sheet(RESPONSES_SHEET)
    for number, column in enumerate(RESPONSE_COLUMNS, start=1):
        dimension = ws.column_dimensions[get_column_letter(number)]  # type: ignore[attr-defined]
        dimension.width = column.width
        if column.name == RCol.NIP:
            dimension.number_format = "@"
    ws.freeze_panes = "A2"
    first_answer = len(RESPONSE_COLUMNS) - len(ANSWER_COLUMNS) + 1
    validation = DataValidation(type="whole", operator="between", formula1="1", formula2="5",
                                allow_blank=True, showErrorMessage=True,
                                errorTitle="Level 1–5", error="Isi bilangan bulat 1 sampai 5")
    validation.add(f"{get_column_letter(first_answer)}2:"
                   f"{get_column_letter(len(RESPONSE_COLUMNS))}1048576")
    ws.data_validations.append(validation)  # type: ignore[attr-defined]
    ws.append([_header(ws, c.name if c.name not in ANSWER_FIELDS else f"{c.name} (1–5)",
                       _ANSWER_HEADER_FILL if c.name in ANSWER_FIELDS else _HEADER_FILL)
               for c in RESPONSE_COLUMNS])
    count = 0
    for row in rows:
        nip = WriteOnlyCell(ws, value=row.nip)
        nip.number_format = "@"
        info = [nip]
        for value in (row.name, row.unit, row.code, row.competency, row.required):
            cell = WriteOnlyCell(ws, value=value)
            cell.fill = _INFO_FILL
            info.append(cell)
        nip.fill = _INFO_FILL
        ws.append(info)
        count += 1
    return count


def _guide_sheet(workbook: Workbook, round_label: str) -> None:
    ws = workbook.create_sheet(GUIDE_SHEET)
    for letter, width in zip("ABCD", (24, 10, 22, 90), strict=True):
        ws.column_dimensions[letter].width = width
    title = WriteOnlyCell(ws, value=f"Lembar jawaban analisis kebutuhan: {round_label}")
    title.font = Font(bold=True, size=13)
    ws.append([title])
    ws.append([])
    ws.append([_header(ws, h) for h in ("KOLOM", "DIBACA", "FORMAT", "KETERANGAN")])
    for column in RESPONSE_COLUMNS:
        read = column.required or column.name in ANSWER_FIELDS
        note = WriteOnlyCell(ws, value=column.accepted)
        note.alignment = _WRAP
        ws.append([column.name, "Ya" if read else "Tidak", column.format, note])
    ws.append([])
    ws.append([_header(ws, "ATURAN")])
    for number, rule in enumerate(RESPONSE_RULES, start=1):
        cell = WriteOnlyCell(ws, value=f"{number}. {rule}")
        cell.alignment = _WRAP
        ws.append([cell])


def _levels_sheet(workbook: Workbook,
                  levels: Sequence[tuple[str, str, Mapping[int, str]]]) -> None:
    ws = workbook.create_sheet(LEVELS_SHEET)
    widths = (12, 30, 48, 48, 48, 48, 48)
    for number, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(number)].width = width
    ws.freeze_panes = "C2"
    ws.append([_header(ws, h) for h in ("KODE", "KOMPETENSI", "LEVEL 1", "LEVEL 2", "LEVEL 3",
                                         "LEVEL 4", "LEVEL 5")])
    for code, name, texts in levels:
        cells: list[object] = [code, name]
        for level in range(1, 6):
            cell = WriteOnlyCell(ws, value=texts.get(level, ""))
            cell.alignment = _WRAP
            cells.append(cell)
        ws.append(cells)


def write_responses_workbook(
    file: IO[bytes],
    rows: Iterable[ResponseRow],
    *,
    round_label: str,
    levels: Sequence[tuple[str, str, Mapping[int, str]]],
) -> int:
    """The responses template: the 'Jawaban' sheet prefilled with ``rows``, the 'Petunjuk'
    sheet, and the level descriptions per competency. Returns the number of rows written."""
    workbook = Workbook(write_only=True)
    count = _data_sheet(workbook, rows)
    _guide_sheet(workbook, round_label)
    _levels_sheet(workbook, levels)
    workbook.save(file)
    return count


# --------------------------------------------------------------------------------------------
# Performance predicates


class PCol:
    NIP = "NIP"
    YEAR = "TAHUN"
    PERIOD = "PERIODE"
    NUMBER = "NOMOR PERIODE"
    RESULT = "HASIL KERJA"
    BEHAVIOUR = "PERILAKU KERJA"
    PREDICATE = "PREDIKAT"


_RATINGS = "Di atas ekspektasi, Sesuai ekspektasi, Di bawah ekspektasi"
_PREDICATES = "Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct, Sangat Kurang"

PERFORMANCE_COLUMNS: tuple[Column, ...] = (
    Column(PCol.NIP, True, "18 angka, sebagai teks", "199208172019031004",
           "NIP pegawai instansi", ("NIP BARU", "NIP PEGAWAI"), 22),
    Column(PCol.YEAR, True, "tahun (4 angka)", "2025", "tahun penilaian kinerja",
           ("TAHUN PENILAIAN",), 8),
    Column(PCol.PERIOD, False, "tahunan, triwulan atau bulanan (kosong = tahunan)", "tahunan",
           "tahunan, triwulan, bulanan", ("JENIS PERIODE",), 12),
    Column(PCol.NUMBER, False, "angka (kosong = 1)", "1",
           "tahunan: 1; triwulan: 1–4; bulanan: 1–12", ("NO PERIODE", "TRIWULAN", "BULAN"), 10),
    Column(PCol.RESULT, False, "rating hasil kerja", "Sesuai ekspektasi", _RATINGS,
           ("RATING HASIL KERJA",), 20),
    Column(PCol.BEHAVIOUR, False, "rating perilaku kerja", "Di atas ekspektasi", _RATINGS,
           ("RATING PERILAKU KERJA", "PERILAKU"), 20),
    Column(PCol.PREDICATE, False, "predikat kinerja (boleh kosong bila kedua rating diisi)",
           "Baik", _PREDICATES + "; dihitung dari kedua rating bila kosong",
           ("PREDIKAT KINERJA",), 18),
)

PERFORMANCE_RULES = (
    "Satu baris untuk satu pegawai dan satu periode penilaian (PermenPANRB 6/2022).",
    "Hapus baris contoh (baris 2) sebelum mengimpor.",
    "Isi HASIL KERJA dan PERILAKU KERJA: PREDIKAT dihitung dari matriks keduanya. Bila PREDIKAT "
    "juga diisi, harus sama dengan hasil perhitungan. PREDIKAT boleh diisi sendiri bila "
    "ratingnya tidak tersedia.",
    "Kunci baris: NIP, TAHUN, PERIODE, NOMOR PERIODE. Impor ulang memperbarui nilai periode "
    "yang sama, tidak pernah menggandakan.",
    "Impor bersifat semua-atau-tidak-sama-sekali: bila ada satu kesalahan, tidak ada yang "
    "disimpan dan semua kesalahan dilaporkan per baris dan kolom.",
    "Predikat Butuh Perbaikan atau di bawahnya menaikkan prioritas kesenjangan kompetensi "
    "pegawai itu dalam analisis kebutuhan (putaran yang dibuka sesudah impor).",
)

PERFORMANCE_SPEC = SheetSpec(
    PERFORMANCE_SHEET, PERFORMANCE_COLUMNS, PERFORMANCE_RULES,
    text_columns=frozenset({PCol.NIP}),
    choices={PCol.PERIOD: "tahunan,triwulan,bulanan",
             PCol.RESULT: "Di atas ekspektasi,Sesuai ekspektasi,Di bawah ekspektasi",
             PCol.BEHAVIOUR: "Di atas ekspektasi,Sesuai ekspektasi,Di bawah ekspektasi",
             PCol.PREDICATE: "Sangat Baik,Baik,Butuh Perbaikan,Kurang/Misconduct,Sangat Kurang"},
)


def write_performance_template(file: IO[bytes], *, year: int) -> None:
    example = ["199208172019031004", year, "tahunan", 1,
               "Sesuai ekspektasi", "Di atas ekspektasi", "Baik"]
    write_workbook(file, PERFORMANCE_SPEC, (), example=example)


# --------------------------------------------------------------------------------------------
# Fast reading of the responses workbook
#
# openpyxl's read-only mode parses every cell through ElementTree (lxml is not installed):
# about 10,000 rows/s on the 10-column responses sheet, 36 s for a 384,000-row round. The
# sheet XML Excel, LibreOffice and openpyxl write is regular (``<row r=…><c r=… t=…><v>…</v>
# </c>…</row>``), so :func:`read_responses` scans it with regular expressions instead: one
# pattern for the common cell forms, a general per-cell parse for any other row; about four
# times faster (bench/bench_needs_import.py). A workbook it does not understand (a namespace
# prefix, no sheet) falls back to ``read_table``, so the result is the same table either way.

_SHEET_DATA = re.compile(r"<sheetData\b[^>]*?(?:/>|>(.*)</sheetData>)", re.S)
_ROW = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_CELL_REF = re.compile(r'\br="([A-Z]+)\d*"')
_ROW_REF = re.compile(r'\br="(\d+)"')
_CELL_TYPE = re.compile(r'\bt="(\w+)"')
_VALUE = re.compile(r"<v>(.*?)</v>", re.S)
_TEXT = re.compile(r"<t\b[^>]*?(?:/>|>(.*?)</t>)", re.S)
_PHONETIC = re.compile(r"<rPh\b.*?</rPh>", re.S)
_SI = re.compile(r"<si\b[^>]*?(?:/>|>(.*?)</si>)", re.S)
_SHEET = re.compile(r"<sheet\b[^>]*?/?>", re.S)
# The common cell forms in one pass: r, optional s, optional t, then a value, an inline string
# or nothing (a formula before the value is allowed). A row where this does not account for
# every <c> falls back to the general per-cell parsing above.
_SIMPLE_CELL = re.compile(
    r'<c r="([A-Z]+)\d+"(?: s="\d+")?(?: t="(\w+)")?(?:/>|>(?:<f>[^<]*</f>|<f[^>]*/>)?'
    r'(?:<v>([^<]*)</v>|<is>(.*?)</is>)?</c>)', re.S)
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_REL = re.compile(r"<Relationship\b[^>]*?/?>", re.S)


class _UnreadableError(Exception):
    """The fast reader does not understand this workbook: use openpyxl."""


def _xml(archive: zipfile.ZipFile, name: str) -> str:
    try:
        return archive.read(name).decode("utf-8")
    except KeyError:
        raise _UnreadableError(name) from None


def _text(fragment: str) -> str:
    text = "".join(t or "" for t in _TEXT.findall(_PHONETIC.sub("", fragment)))
    return html.unescape(text) if "&" in text else text


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def _sheet_path(archive: zipfile.ZipFile, sheet_name: str) -> str:
    sheets = [dict(_ATTR.findall(tag)) for tag in _SHEET.findall(_xml(archive, "xl/workbook.xml"))]
    if not sheets:
        raise _UnreadableError("no sheets")
    wanted = next((s for s in sheets if s.get("name", "").casefold() == sheet_name.casefold()),
                  sheets[0])
    rel_id = wanted.get("r:id")
    rels = [dict(_ATTR.findall(tag)) for tag in
            _REL.findall(_xml(archive, "xl/_rels/workbook.xml.rels"))]
    target = next((r.get("Target", "") for r in rels if r.get("Id") == rel_id), "")
    if not target:
        raise _UnreadableError("no sheet target")
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    return [_text(si or "") for si in _SI.findall(_xml(archive, "xl/sharedStrings.xml"))]


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        number = float(text)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _cell_value(attrs: str, body: str, shared: Sequence[str]) -> object:
    kind_match = _CELL_TYPE.search(attrs)
    kind = kind_match.group(1) if kind_match else "n"
    if kind == "inlineStr":
        return _text(body)
    found = _VALUE.search(body)
    if found is None:
        return None
    raw = found.group(1)
    if kind == "s":
        return shared[int(raw)]
    if kind in ("str", "e"):
        return html.unescape(raw) if "&" in raw else raw
    if kind == "b":
        return raw == "1"
    return _number(raw)


def _fast_rows(data: bytes, sheet_name: str) -> Iterator[list[object]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheet = _xml(archive, _sheet_path(archive, sheet_name))
        shared = _shared_strings(archive)
    except (zipfile.BadZipFile, UnicodeDecodeError, OSError) as exc:
        raise _UnreadableError(str(exc)) from None
    body = _SHEET_DATA.search(sheet)
    if body is None or "<x:" in sheet[:2000] or ":c " in (body.group(1) or "")[:5000]:
        raise _UnreadableError("unexpected sheet XML")
    return _iter_rows(body.group(1) or "", shared)


def _iter_rows(sheet_data: str, shared: Sequence[str]) -> Iterator[list[object]]:
    expected = 1
    for row in _ROW.finditer(sheet_data):
        ref = _ROW_REF.search(row.group(1))
        number = int(ref.group(1)) if ref else expected
        while expected < number:  # rows Excel left out are empty rows
            yield []
            expected += 1
        expected = number + 1
        inner_xml = row.group(2) or ""
        simple = _simple_cells(inner_xml, shared)
        if simple is not None:
            yield simple
            continue
        cells: list[object] = []
        for position, cell in enumerate(_CELL.finditer(inner_xml)):
            attrs, inner = cell.group(1), cell.group(2) or ""
            col = _CELL_REF.search(attrs)
            index = _column_index(col.group(1)) if col else position
            while len(cells) < index:
                cells.append(None)
            value = _cell_value(attrs, inner, shared) if inner else None
            if index < len(cells):
                cells[index] = value
            else:
                cells.append(value)
        yield cells


_COLUMNS: dict[str, int] = {}


def _simple_cells(row_xml: str, shared: Sequence[str]) -> list[object] | None:
    found = _SIMPLE_CELL.findall(row_xml)
    if len(found) != row_xml.count("<c "):
        return None
    cells: list[object] = []
    for letters, kind, value, inline in found:
        index = _COLUMNS.get(letters)
        if index is None:
            index = _COLUMNS.setdefault(letters, _column_index(letters))
        while len(cells) < index:
            cells.append(None)
        if index < len(cells):
            return None  # cells out of order: let the general parser place them
        if kind == "s":
            cells.append(shared[int(value)] if value else None)
        elif kind == "inlineStr":
            if inline.startswith("<t>") and inline.count("<") == 2:  # <t>plain</t>
                text = inline[3:-4]
                cells.append(html.unescape(text) if "&" in text else text)
            else:
                cells.append(_text(inline) if inline else None)
        elif not value:
            cells.append(None)
        elif kind in ("str", "e"):
            cells.append(html.unescape(value) if "&" in value else value)
        elif kind == "b":
            cells.append(value == "1")
        else:
            cells.append(_number(value))
    return cells


def read_responses(
    file: IO[bytes],
    filename: str,
    *,
    max_rows: int,
    max_bytes: int,
    on_row: Callable[[int], None] | None = None,
) -> Table:
    """Read a responses workbook (.xlsx fast, see above) or CSV as a table of
    :data:`READ_COLUMNS`; same result and errors as ``read_table``."""
    data = _read_limited(file, max_bytes)
    if _kind(data, filename) == "xlsx":
        try:
            rows = _fast_rows(data, RESPONSES_SHEET)
            return _Collector(READ_COLUMNS, max_rows, on_row).collect(rows)
        except TabularError:
            raise
        except (_UnreadableError, IndexError, ValueError):
            pass  # not the XML we know: openpyxl reads it
    return read_table(io.BytesIO(data), filename, columns=READ_COLUMNS,
                      sheet_name=RESPONSES_SHEET, max_rows=max_rows, max_bytes=max_bytes,
                      on_row=on_row)
