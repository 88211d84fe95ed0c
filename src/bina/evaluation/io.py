"""Readers of the evaluation stage's files. No database work.

**IKM response file** (``bina ikm``, the public channel's export): CSV or Excel (.xlsx), one row
per respondent, header on row 1 with the columns ``unit``, ``date`` (YYYY-MM-DD) and ``U1`` …
``U9`` (regulation.md §4.1 numbering), matched by name in any order, ignoring case and
surrounding spaces. Other columns (e.g. a comment) are ignored, except a column that looks like
an element but is not one (``U10``), which is refused. Fully empty rows are skipped. Rows are
numbered as the spreadsheet shows them (header = row 1).

The reader is all-or-nothing: it returns arrays only when every row is valid, otherwise it
raises :class:`bina.core.ikm.IkmError` with the problems (at most ``max_errors`` listed, then
a count). CSV is read in chunks column-wise, with vectorised checks for the common case
(single-digit scores, ISO dates), falling back to per-cell parsing only where a chunk needs it;
a million rows read in about a second.

**Population file** (``--population``): CSV ``unit,population``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from bina.core.ikm import (
    ELEMENT_CODES,
    IkmError,
    IkmProblem,
    Response,
    is_blank,
    parse_score,
)
from bina.core.messages import Message, register
from bina.people.io.tabular import TabularError, _decode, _delimiter, _kind, _xlsx_rows

CHUNK = 65_536
MAX_ERRORS = 100
UNIT, DATE = "unit", "date"
ELEMENT_LIKE = re.compile(r"^U\d+$", re.IGNORECASE)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

register("ikm.population_row", id="baris {row}: {detail}", en="row {row}: {detail}")
register("ikm.population_unit", id="baris {row}: unit kosong", en="row {row}: the unit is empty")
register("ikm.population_duplicate", id="baris {row}: unit {unit} sudah ada di baris {first}",
         en="row {row}: unit {unit} was already given on row {first}")
register("ikm.population_value",
         id="baris {row}: populasi harus bilangan bulat ≥ 1, bukan {value}",
         en="row {row}: the population must be a whole number ≥ 1, not {value}")


@dataclass(frozen=True)
class ResponseTable:
    """The responses of a file as arrays (row ``i`` of each array is the i-th data row)."""

    units: tuple[str, ...]  # unit codes in order of first appearance
    unit_index: npt.NDArray[np.int64]  # (n,) position in ``units``
    scores: npt.NDArray[np.uint8]  # (n, 9), U1..U9
    days: npt.NDArray[np.int64]  # (n,) proleptic ordinals of the dates
    rows: npt.NDArray[np.int64]  # (n,) spreadsheet row numbers

    def __len__(self) -> int:
        return len(self.unit_index)

    def responses(self) -> Iterator[tuple[int, Response]]:
        """Typed rows: (spreadsheet row, :class:`Response`)."""
        for i in range(len(self)):
            yield int(self.rows[i]), Response(
                self.units[int(self.unit_index[i])], dt.date.fromordinal(int(self.days[i])),
                dict(zip(ELEMENT_CODES, (int(s) for s in self.scores[i]), strict=True)))


class _Problems:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.items: list[IkmProblem] = []
        self.count = 0

    def add(self, row: int | None, column: str, message: Message) -> None:
        self.count += 1
        if len(self.items) < self.limit:
            self.items.append(IkmProblem(row, column, message))

    def raise_if_any(self) -> None:
        if not self.count:
            return
        items = list(self.items)
        if self.count > len(items):
            items.append(IkmProblem(None, "", Message("ikm.more_errors",
                                                      {"count": self.count - len(items)})))
        raise IkmError(items)


def _file_error(exc: TabularError) -> IkmError:
    return IkmError([IkmProblem(None, "", exc.message)])


def _header(cells: Sequence[object]) -> tuple[dict[str, int], list[IkmProblem]]:
    """Column name → position; problems for duplicates, U10-like names and missing columns."""
    positions: dict[str, int] = {}
    problems: list[IkmProblem] = []
    for position, cell in enumerate(cells):
        name = str(cell).strip() if cell is not None else ""
        key = name.upper() if ELEMENT_LIKE.match(name) else name.casefold()
        if key in ELEMENT_CODES or key in (UNIT, DATE):
            if key in positions:
                problems.append(IkmProblem(1, name, Message("ikm.duplicate_column",
                                                            {"column": name})))
            positions[key] = position
        elif ELEMENT_LIKE.match(name):
            problems.append(IkmProblem(1, name, Message("ikm.unknown_element",
                                                        {"column": name})))
    missing = [c for c in (UNIT, DATE, *ELEMENT_CODES) if c not in positions]
    if missing:
        problems.append(IkmProblem(1, missing[0], Message("ikm.missing_columns",
                                                          {"columns": ", ".join(missing)})))
    return positions, problems


class _Builder:
    """Turns chunks of raw rows into arrays, validating as it goes."""

    def __init__(self, positions: dict[str, int], max_errors: int) -> None:
        self.order = [positions[UNIT], positions[DATE], *(positions[c] for c in ELEMENT_CODES)]
        self.width = max(self.order) + 1
        self.units: dict[str, int] = {}
        self.problems = _Problems(max_errors)
        self.parts: list[tuple[Any, ...]] = []

    def add(self, chunk: Sequence[Sequence[object]], first_row: int) -> None:
        numbers = np.arange(first_row, first_row + len(chunk), dtype=np.int64)
        columns: list[tuple[object, ...]] = []
        if chunk and min(map(len, chunk)) >= self.width:
            columns = list(zip(*chunk, strict=False))
            if any(is_blank(u) for u in set(columns[self.order[0]])):
                columns = []  # a row without unit, perhaps an empty row: row by row
        if not columns:
            kept, keep_rows = [], []
            for number, cells in zip(numbers.tolist(), chunk, strict=True):
                if all(is_blank(c) for c in cells):
                    continue
                kept.append(list(cells) + [None] * (self.width - len(cells)))
                keep_rows.append(number)
            if not kept:
                return
            numbers = np.asarray(keep_rows, dtype=np.int64)
            columns = list(zip(*kept, strict=True))
        self._add_columns(columns, numbers)

    def add_plain(self, block: str, lines: int, delimiter: str, width: int,
                  first_row: int) -> bool:
        """A block of ``lines`` full lines of a quote-free CSV, each with exactly ``width``
        fields (checked by the caller): split in one go, no per-row work. False when the block
        has a row without unit (perhaps an empty row) and must go row by row."""
        fields = block.replace("\n", delimiter).split(delimiter)
        if block.endswith("\n"):
            fields.pop()
        columns: dict[int, list[str]] = {
            position: fields[position::width] for position in set(self.order)}
        if any(not u.strip() for u in set(columns[self.order[0]])):
            return False
        numbers = np.arange(first_row, first_row + lines, dtype=np.int64)
        self._add_columns(columns, numbers)
        return True

    def _add_columns(self, columns: Sequence[Sequence[object]] | Mapping[int, Sequence[object]],
                     numbers: npt.NDArray[np.int64]) -> None:
        index = self._units(columns[self.order[0]], numbers)
        days = self._dates(columns[self.order[1]], numbers)
        scores = np.empty((len(numbers), len(ELEMENT_CODES)), dtype=np.uint8)
        for j, code in enumerate(ELEMENT_CODES):
            scores[:, j] = self._scores(columns[self.order[2 + j]], numbers, code)
        self.parts.append((index, days, scores, numbers))

    def _units(self, column: Sequence[object], numbers: npt.NDArray[np.int64]
               ) -> npt.NDArray[np.int64]:
        """Few distinct units, many rows: name each distinct cell once, then look up."""
        lookup: dict[object, int] = {}
        for value in set(column):
            text = "" if value is None else str(value).strip()
            lookup[value] = self.units.setdefault(text, len(self.units)) if text else -1
        out = np.fromiter(map(lookup.__getitem__, column), dtype=np.int64, count=len(column))
        for i in np.flatnonzero(out < 0).tolist():
            row = int(numbers[i])
            self.problems.add(row, UNIT, Message("ikm.missing_unit", {"row": row}))
        return out

    def _dates(self, column: Sequence[object], numbers: npt.NDArray[np.int64]
               ) -> npt.NDArray[np.int64]:
        fast = _iso_dates(column)
        if fast is not None:
            return fast
        out = np.zeros(len(column), dtype=np.int64)
        for i, value in enumerate(column):
            row = int(numbers[i])
            if isinstance(value, dt.datetime):
                out[i] = value.date().toordinal()
                continue
            if isinstance(value, dt.date):
                out[i] = value.toordinal()
                continue
            if is_blank(value):
                self.problems.add(row, DATE, Message("ikm.missing_date", {"row": row}))
                continue
            text = str(value).strip()
            try:
                if not ISO_DATE.match(text):
                    raise ValueError(text)
                out[i] = dt.date.fromisoformat(text).toordinal()
            except ValueError:
                self.problems.add(row, DATE, Message("ikm.bad_date",
                                                     {"row": row, "value": repr(value)}))
        return out

    def _scores(self, column: Sequence[object], numbers: npt.NDArray[np.int64], code: str
                ) -> npt.NDArray[np.uint8]:
        fast = _digits(column)
        if fast is not None:
            bad = np.flatnonzero((fast < 1) | (fast > 4))
            for i in bad.tolist():
                self._score_problem(column[i], int(numbers[i]), code)
            return fast
        out = np.zeros(len(column), dtype=np.uint8)
        for i, value in enumerate(column):
            score = parse_score(value)
            if score is None:
                self._score_problem(value, int(numbers[i]), code)
            else:
                out[i] = score
        return out

    def _score_problem(self, value: object, row: int, code: str) -> None:
        if is_blank(value):
            self.problems.add(row, code, Message("ikm.missing_element",
                                                 {"row": row, "column": code}))
        else:
            self.problems.add(row, code, Message("ikm.score_range",
                                                 {"row": row, "column": code,
                                                  "value": repr(value)}))

    def table(self) -> ResponseTable:
        self.problems.raise_if_any()
        if not self.parts:
            raise IkmError([IkmProblem(None, "", Message("ikm.no_responses"))])
        index, days, scores, rows = (np.concatenate(p) for p in zip(*self.parts, strict=True))
        return ResponseTable(tuple(self.units), index, scores, days, rows)


def _digits(column: Sequence[object]) -> npt.NDArray[np.uint8] | None:
    """Single ASCII digits as numbers, vectorised; None when the column is not only that."""
    try:
        joined = "".join(column)  # type: ignore[arg-type]
    except TypeError:  # not all text (Excel numbers, empty cells)
        return None
    if len(joined) != len(column) or not joined.isascii():
        return None
    digits = np.frombuffer(joined.encode("ascii"), dtype=np.uint8) - np.uint8(48)
    if (digits > 9).any():  # a non-digit character: parse per cell for the message
        return None
    return digits


def _iso_dates(column: Sequence[object]) -> npt.NDArray[np.int64] | None:
    """``YYYY-MM-DD`` texts as proleptic ordinals, vectorised; None unless all are valid."""
    try:
        joined = "".join(column)  # type: ignore[arg-type]
    except TypeError:  # not all text (Excel dates, empty cells)
        return None
    n = len(column)
    if len(joined) != 10 * n or not joined.isascii():
        return None
    raw = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(n, 10)
    if (raw[:, 4] != 45).any() or (raw[:, 7] != 45).any():
        return None
    digit = raw[:, [0, 1, 2, 3, 5, 6, 8, 9]].astype(np.int64) - 48
    if ((digit < 0) | (digit > 9)).any():
        return None
    year = digit[:, 0] * 1000 + digit[:, 1] * 100 + digit[:, 2] * 10 + digit[:, 3]
    month = digit[:, 4] * 10 + digit[:, 5]
    day = digit[:, 6] * 10 + digit[:, 7]
    if ((month < 1) | (month > 12) | (day < 1) | (year < 1)).any():
        return None
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    dates = months.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
    if (dates.astype("datetime64[M]") != months).any():  # 2026-02-30 and the like
        return None
    epoch = dt.date(1970, 1, 1).toordinal()
    ordinals: npt.NDArray[np.int64] = dates.astype(np.int64) + epoch
    return ordinals


def _csv_chunks(text: str) -> tuple[Sequence[object] | None, Iterator[list[list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))

    def chunks() -> Iterator[list[list[str]]]:
        try:
            while True:
                chunk = list(itertools.islice(reader, CHUNK))
                if not chunk:
                    return
                yield chunk
        except csv.Error as exc:
            raise IkmError([IkmProblem(reader.line_num, "", Message(
                "table.csv", {"reason": str(exc)}))]) from None

    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise IkmError([IkmProblem(1, "", Message("table.csv", {"reason": str(exc)}))]) from None
    return header, chunks()


def _xlsx_chunks(data: bytes) -> tuple[Sequence[object] | None, Iterator[list[Sequence[object]]]]:
    rows = _xlsx_rows(data, "")
    header = next(rows, None)

    def chunks() -> Iterator[list[Sequence[object]]]:
        while True:
            chunk = list(itertools.islice(rows, CHUNK))
            if not chunk:
                return
            yield chunk

    return header, chunks()


def read_responses(file: IO[bytes], filename: str, *, max_errors: int = MAX_ERRORS
                   ) -> ResponseTable:
    """Read and validate a response file; all or nothing (raises :class:`IkmError`)."""
    try:
        data = file.read()
        if not data.strip():
            raise IkmError([IkmProblem(None, "", Message("table.empty"))])
        header: Sequence[object] | None
        chunks: Iterator[Sequence[Sequence[object]]]
        if _kind(data, filename) == "csv":
            text = _decode(data)
            if "\r" in text:
                text = text.replace("\r\n", "\n")
            if '"' not in text and "\r" not in text:
                return _read_plain_csv(text, max_errors)
            header, chunks = _csv_chunks(text)
        else:
            header, chunks = _xlsx_chunks(data)
        if header is None or all(is_blank(c) for c in header):
            raise IkmError([IkmProblem(None, "", Message("table.empty"))])
        positions, problems = _header(header)
        if problems:
            raise IkmError(problems)
        builder = _Builder(positions, max_errors)
        row = 2
        for chunk in chunks:
            builder.add(chunk, row)
            row += len(chunk)
        return builder.table()
    except TabularError as exc:
        raise _file_error(exc) from None


def _first_line_delimiter(text: str) -> str:
    first = next((line for line in text[:65_536].split("\n") if line.strip()), "")
    return max((",", ";", "\t"), key=first.count)


def _read_plain_csv(text: str, max_errors: int) -> ResponseTable:
    """The fast path for a CSV without quotes: blocks of lines split at C speed; a block with
    a ragged or empty line goes through the ``csv`` module row by row."""
    delimiter = _first_line_delimiter(text)
    lead = len(text) - len(text.lstrip("\n"))
    header_line, _, body = text[lead:].partition("\n")
    header = header_line.split(delimiter)
    positions, problems = _header(header)
    if problems:
        raise IkmError(problems)
    builder = _Builder(positions, max_errors)
    width = len(header)
    buffer = body.encode("utf-8")
    codes = np.frombuffer(buffer, dtype=np.uint8)
    newlines = np.flatnonzero(codes == 10)
    ends = newlines + 1
    if len(buffer) and buffer[-1] != 10:
        ends = np.append(ends, len(buffer))
    row, start = 2 + lead, 0
    separator = ord(delimiter)
    for lo in range(0, len(ends), CHUNK):
        line_ends = ends[lo:lo + CHUNK]
        stop = int(line_ends[-1])
        block = buffer[start:stop]
        lines = len(line_ends)
        local = np.frombuffer(block, dtype=np.uint8)
        line_of = np.searchsorted(line_ends - start, np.flatnonzero(local == separator),
                                  side="right")
        regular = bool((np.bincount(line_of, minlength=lines) == width - 1).all())
        text_block = block.decode("utf-8")
        if not (regular and builder.add_plain(text_block, lines, delimiter, width, row)):
            rows = list(csv.reader(io.StringIO(text_block, newline=""), delimiter=delimiter))
            builder.add(rows, row)
        row += lines
        start = stop
    return builder.table()


def iter_responses(file: IO[bytes], filename: str) -> Iterator[tuple[int, Response]]:
    """The file's typed rows, (spreadsheet row, :class:`Response`), after the whole file has
    been validated (all or nothing)."""
    yield from read_responses(file, filename).responses()


def read_population(file: IO[bytes], filename: str) -> dict[str, int]:
    """``unit,population`` (CSV with a header row; .xlsx accepted too) → unit → population."""
    try:
        data = file.read()
        if not data.strip():
            raise IkmError([IkmProblem(None, "", Message("table.empty"))])
        rows: Iterable[Sequence[object]]
        if _kind(data, filename) == "xlsx":
            rows = _xlsx_rows(data, "")
        else:
            text = _decode(data)
            rows = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        iterator = iter(rows)
        header = next(iterator, None) or []
        names = {str(c).strip().casefold(): i for i, c in enumerate(header) if c is not None}
        missing = [c for c in ("unit", "population") if c not in names]
        if missing:
            raise IkmError([IkmProblem(1, missing[0], Message(
                "ikm.missing_columns", {"columns": ", ".join(missing)}))])
        out: dict[str, int] = {}
        first: dict[str, int] = {}
        problems = _Problems(MAX_ERRORS)
        for number, cells in enumerate(iterator, start=2):
            if all(is_blank(c) for c in cells):
                continue
            cells = list(cells) + [None] * (len(header) - len(cells))
            unit = str(cells[names["unit"]] or "").strip()
            raw = cells[names["population"]]
            if not unit:
                problems.add(number, "unit", Message("ikm.population_unit", {"row": number}))
                continue
            if unit in first:
                problems.add(number, "unit", Message("ikm.population_duplicate", {
                    "row": number, "unit": unit, "first": first[unit]}))
                continue
            value = _whole(raw)
            if value is None or value < 1:
                problems.add(number, "population", Message(
                    "ikm.population_value", {"row": number, "value": repr(raw)}))
                continue
            first[unit] = number
            out[unit] = value
        problems.raise_if_any()
        return out
    except TabularError as exc:
        raise _file_error(exc) from None


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip().replace(".", "").replace(" ", "") if re.fullmatch(
            r"\s*\d{1,3}(\.\d{3})+\s*", value) else value.strip()
        try:
            return int(text)
        except ValueError:
            return None
    return None
