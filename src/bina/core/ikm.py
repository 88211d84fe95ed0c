"""Indeks Kepuasan Masyarakat (IKM) of a public service unit, PermenPANRB 14/2017 (issue 6).

Pure: no Django. Source of every rule: regulation.md §4 (SEC sources: the BPPP Tegal SKM report,
Tubaba e-SMILE, GASPUL; the Lampiran itself and its worked example were not read — UNVERIFIED at
primary level, regulation.md "Summary of UNVERIFIED items" 5).

**Elements (§4.1).** U1–U9 in the order of the regulation's own list: U8 is "Penanganan
Pengaduan, Saran dan Masukan" and U9 "Sarana dan Prasarana" (many implementations swap the two;
this module keys by the regulation's numbering, as the stakeholders app does).

**Scoring (§4.2).** Every answer is 1–4; a questionnaire answers every element.

* NRR per element = Σ scores / number of questionnaires.
* IKM = Σ (NRR × weight) × 25 with weight 1/9 per element, i.e. **mean NRR × 25** (range
  25–100). The printed weight 0,111 caps the index at 99,9; this module uses the exact 1/9, as
  §4.2 advises, unless ``printed_weight=True`` asks for the 0,111 computation.
* IKM is rounded to 2 decimals (half up) and the grade (mutu) is read from the rounded value
  with the table of §4.2: 25,00–64,99 D (Tidak Baik), 65,00–76,60 C (Kurang Baik),
  76,61–88,30 B (Baik), 88,31–100,00 A (Sangat Baik). The index is computed exactly (a
  fraction of integer sums), so a value exactly on a boundary is graded as the table says.

**Sample size (§4.3, methods.md B8).** Krejcie & Morgan (1970):
``s = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P))`` with χ² = 3,841 (1 df, 95%), P = 0,5, d = 0,05,
rounded to the nearest whole number — the rounding that reproduces the published table (10→10,
50→44, 100→80, 500→217, 1.000→278, 1.500→306, 9.000→368, 10.000→370, 1.000.000→384). The
table as printed in the Lampiran was not read (UNVERIFIED); the formula was checked against the
Krejcie–Morgan table values above.

**Speed.** :func:`aggregate_arrays` takes a unit index per row and an ``(n, 9)`` score array and
sums with ``numpy.bincount``: a million questionnaires aggregate in milliseconds. The per-object
entry points (:func:`unit_index`, :func:`aggregate`) are for small inputs and tests.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from bina.core.messages import Lang, Message, register

MIN_SCORE = 1
MAX_SCORE = 4
BASE_VALUE = 25
PRINTED_WEIGHT = Fraction(111, 1000)  # "0,111" as printed; the exact weight is 1/9


@dataclass(frozen=True, slots=True)
class Element:
    code: str
    name_id: str
    name_en: str


#: The nine elements, regulation.md §4.1, in the regulation's order.
ELEMENTS: tuple[Element, ...] = (
    Element("U1", "Persyaratan", "Requirements"),
    Element("U2", "Sistem, Mekanisme, dan Prosedur", "Systems, mechanisms and procedures"),
    Element("U3", "Waktu Penyelesaian", "Completion time"),
    Element("U4", "Biaya/Tarif", "Cost/tariff"),
    Element("U5", "Produk Spesifikasi Jenis Pelayanan", "Product specification of the service"),
    Element("U6", "Kompetensi Pelaksana", "Competence of the staff"),
    Element("U7", "Perilaku Pelaksana", "Behaviour of the staff"),
    Element("U8", "Penanganan Pengaduan, Saran dan Masukan",
            "Handling of complaints, suggestions and input"),
    Element("U9", "Sarana dan Prasarana", "Facilities and infrastructure"),
)
ELEMENT_CODES: tuple[str, ...] = tuple(e.code for e in ELEMENTS)
ELEMENT_BY_CODE: dict[str, Element] = {e.code: e for e in ELEMENTS}


@dataclass(frozen=True, slots=True)
class Grade:
    """One row of the conversion table (§4.2); bounds in hundredths of an index point."""

    mutu: str
    kinerja: str  # the regulation's words
    kinerja_en: str
    low: int  # inclusive, e.g. 7661 for 76,61
    high: int  # inclusive


#: regulation.md §4.2, best first.
GRADES: tuple[Grade, ...] = (
    Grade("A", "Sangat Baik", "Very good", 8831, 10000),
    Grade("B", "Baik", "Good", 7661, 8830),
    Grade("C", "Kurang Baik", "Less than good", 6500, 7660),
    Grade("D", "Tidak Baik", "Not good", 2500, 6499),
)

for _code, _id, _en in (
    ("ikm.unknown_element", "kolom {column!r} bukan unsur SKM; unsurnya U1–U9",
     "column {column!r} is not an SKM element; the elements are U1–U9"),
    ("ikm.missing_element", "baris {row}: nilai {column} kosong; setiap responden menjawab "
     "kesembilan unsur", "row {row}: {column} is empty; every respondent answers all nine "
     "elements"),
    ("ikm.score_range", "baris {row}: nilai {column} harus bilangan bulat 1–4, bukan {value}",
     "row {row}: {column} must be a whole number 1–4, not {value}"),
    ("ikm.missing_unit", "baris {row}: unit kosong", "row {row}: the unit is empty"),
    ("ikm.bad_date", "baris {row}: tanggal harus TTTT-BB-HH (mis. 2026-03-31), bukan {value}",
     "row {row}: the date must be YYYY-MM-DD (e.g. 2026-03-31), not {value}"),
    ("ikm.missing_date", "baris {row}: tanggal kosong", "row {row}: the date is empty"),
    ("ikm.missing_columns", "kolom wajib tidak ada: {columns}",
     "required columns are missing: {columns}"),
    ("ikm.duplicate_column", "kolom {column} muncul dua kali", "column {column} appears twice"),
    ("ikm.no_responses", "tidak ada jawaban responden", "there are no responses"),
    ("ikm.mixed_units", "jawaban dari beberapa unit ({units}); hitung per unit",
     "responses of several units ({units}); compute per unit"),
    ("ikm.population", "populasi harus bilangan bulat ≥ 1, bukan {value}",
     "the population must be a whole number ≥ 1, not {value}"),
    ("ikm.more_errors", "… dan {count} kesalahan lain", "… and {count} more errors"),
):
    register(_code, id=_id, en=_en)


@dataclass(frozen=True, slots=True)
class IkmProblem:
    """One refused cell or row. ``row`` is spreadsheet numbering (header = 1); None for the
    file as a whole."""

    row: int | None
    column: str
    message: Message

    def as_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message.render(lang)}


class IkmError(ValueError):
    """Refused input: one or more :class:`IkmProblem` (the first one is ``row``/``message``)."""

    def __init__(self, problems: Sequence[IkmProblem]) -> None:
        if not problems:
            raise ValueError("IkmError needs at least one problem")
        self.problems = tuple(problems)
        super().__init__(self.problems[0].message.render("en"))

    @property
    def row(self) -> int | None:
        return self.problems[0].row

    @property
    def message(self) -> Message:
        return self.problems[0].message


@dataclass(frozen=True, slots=True)
class Response:
    """One questionnaire: ``scores`` maps U1–U9 to 1–4."""

    unit: str
    date: dt.date
    scores: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class UnitIkm:
    """The index of one unit over the responses given."""

    unit: str
    respondents: int
    nrr: Mapping[str, float]  # U1..U9 → mean score (1–4), unrounded
    ikm: float  # rounded to 2 decimals
    mutu: str  # A–D
    kinerja: str  # the regulation's words (Sangat Baik … Tidak Baik)
    kinerja_en: str
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    sample_min: int | None = None  # Krejcie–Morgan, when the population is known
    population: int | None = None

    @property
    def sample_ok(self) -> bool | None:
        return None if self.sample_min is None else self.respondents >= self.sample_min

    def with_population(self, population: int) -> UnitIkm:
        return replace(self, population=population, sample_min=krejcie_morgan(population))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "unit": self.unit,
            "respondents": self.respondents,
            "nrr": {code: round(self.nrr[code], 4) for code in ELEMENT_CODES},
            "ikm": self.ikm,
            "mutu": self.mutu,
            "kinerja": self.kinerja,
        }
        if self.first_date is not None and self.last_date is not None:
            out["period"] = {"from": self.first_date.isoformat(),
                             "to": self.last_date.isoformat()}
        if self.sample_min is not None:
            out["population"] = self.population
            out["sample_min"] = self.sample_min
            out["sample_ok"] = self.sample_ok
        return out


# --- grading ---------------------------------------------------------------------------------

def _round_half_up_cents(value: Fraction) -> int:
    """The value in hundredths, rounded half up (the value is ≥ 0)."""
    return math.floor(value * 100 + Fraction(1, 2))


def grade(ikm: float | Fraction) -> Grade:
    """The grade of an index value, read from the value rounded to 2 decimals (§4.2).

    A float is taken at its 2-decimal rounding (``Fraction(str(round(x, 2)))``)."""
    value = ikm if isinstance(ikm, Fraction) else Fraction(str(round(float(ikm), 2)))
    cents = _round_half_up_cents(value)
    for g in GRADES:
        if cents >= g.low:
            return g
    return GRADES[-1]  # below 25 cannot come from scores 1–4; graded D all the same


def index_value(score_sums: Sequence[int], respondents: int, *,
                printed_weight: bool = False) -> Fraction:
    """IKM exactly, from the element sums: Σ_e (sum_e / n) × w × 25, w = 1/9 (or 0,111)."""
    if respondents <= 0:
        raise IkmError([IkmProblem(None, "", Message("ikm.no_responses"))])
    weight = PRINTED_WEIGHT if printed_weight else Fraction(1, len(score_sums))
    return Fraction(sum(int(s) for s in score_sums), respondents) * weight * BASE_VALUE


def index_from_sums(unit: str, score_sums: Sequence[int], respondents: int, *,
                    printed_weight: bool = False, first_date: dt.date | None = None,
                    last_date: dt.date | None = None) -> UnitIkm:
    """The :class:`UnitIkm` from the per-element sums (U1..U9 order) and the respondent count."""
    if len(score_sums) != len(ELEMENT_CODES):
        raise ValueError(f"expected {len(ELEMENT_CODES)} element sums, got {len(score_sums)}")
    exact = index_value(score_sums, respondents, printed_weight=printed_weight)
    cents = _round_half_up_cents(exact)
    g = grade(Fraction(cents, 100))
    nrr = {code: int(s) / respondents for code, s in zip(ELEMENT_CODES, score_sums, strict=True)}
    return UnitIkm(unit=unit, respondents=respondents, nrr=nrr, ikm=cents / 100, mutu=g.mutu,
                   kinerja=g.kinerja, kinerja_en=g.kinerja_en, first_date=first_date,
                   last_date=last_date)


def index_from_nrr(nrr: Mapping[str, float]) -> tuple[float, Grade]:
    """IKM (rounded to 2 decimals) and grade from NRR means already computed elsewhere (e.g. a
    database ``AVG``): mean NRR × 25. Exact at boundaries only up to float precision of the
    means; prefer :func:`index_from_sums` when the sums are at hand."""
    values = [float(nrr[code]) for code in ELEMENT_CODES]
    exact = Fraction(sum(values)) / len(values) * BASE_VALUE
    cents = _round_half_up_cents(exact)
    return cents / 100, grade(Fraction(cents, 100))


# --- validation --------------------------------------------------------------------------------

def parse_score(value: object) -> int | None:
    """A cell as a score 1–4, or None when it is not one. Accepts ints, integral floats (Excel)
    and their text (trimmed); refuses booleans, fractions, 0, 5 and anything else."""
    if isinstance(value, bool):
        return None
    number: float | int
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            return None
        number = int(value)
    elif isinstance(value, str):
        text = value.strip()
        try:
            number = int(text)
        except ValueError:
            try:
                as_float = float(text.replace(",", "."))
            except ValueError:
                return None
            if not as_float.is_integer():
                return None
            number = int(as_float)
    else:
        return None
    return int(number) if MIN_SCORE <= number <= MAX_SCORE else None


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_scores(scores: Mapping[str, object], *, row: int | None = None
                 ) -> tuple[dict[str, int], list[IkmProblem]]:
    """Validate one questionnaire: every element U1–U9 present and 1–4, nothing else.

    Returns the typed scores and the problems (empty when valid)."""
    problems: list[IkmProblem] = []
    typed: dict[str, int] = {}
    where = row if row is not None else "?"
    for key in scores:
        if key not in ELEMENT_BY_CODE:
            problems.append(IkmProblem(row, str(key), Message("ikm.unknown_element",
                                                              {"column": key})))
    for code in ELEMENT_CODES:
        value = scores.get(code)
        if is_blank(value):
            problems.append(IkmProblem(row, code, Message("ikm.missing_element",
                                                          {"row": where, "column": code})))
            continue
        score = parse_score(value)
        if score is None:
            problems.append(IkmProblem(row, code, Message(
                "ikm.score_range", {"row": where, "column": code, "value": repr(value)})))
        else:
            typed[code] = score
    return typed, problems


def response(unit: str, date: dt.date, scores: Mapping[str, object], *,
             row: int | None = None) -> Response:
    """A validated :class:`Response`; raises :class:`IkmError` naming the row."""
    typed, problems = check_scores(scores, row=row)
    if not unit.strip():
        problems.insert(0, IkmProblem(row, "unit", Message("ikm.missing_unit",
                                                           {"row": row or "?"})))
    if problems:
        raise IkmError(problems)
    return Response(unit.strip(), date, typed)


# --- aggregation -------------------------------------------------------------------------------

def unit_index(responses: Iterable[Response], *, printed_weight: bool = False) -> UnitIkm:
    """The index of one unit's responses (all of the same unit)."""
    items = list(responses)
    if not items:
        raise IkmError([IkmProblem(None, "", Message("ikm.no_responses"))])
    units = sorted({r.unit for r in items})
    if len(units) > 1:
        raise IkmError([IkmProblem(None, "unit", Message("ikm.mixed_units",
                                                         {"units": ", ".join(units)}))])
    result = aggregate(items, printed_weight=printed_weight)
    return result[0]


def aggregate(responses: Iterable[Response], *, printed_weight: bool = False) -> list[UnitIkm]:
    """The index per unit, sorted by unit. Each response is validated (rows numbered from 1 in
    the order given); a problem raises :class:`IkmError` listing all of them."""
    units: dict[str, int] = {}
    index: list[int] = []
    scores: list[list[int]] = []
    days: list[int] = []
    problems: list[IkmProblem] = []
    for number, item in enumerate(responses, start=1):
        typed, found = check_scores(item.scores, row=number)
        if found:
            problems.extend(found)
            continue
        index.append(units.setdefault(item.unit, len(units)))
        scores.append([typed[c] for c in ELEMENT_CODES])
        days.append(item.date.toordinal())
    if problems:
        raise IkmError(problems)
    if not index:
        raise IkmError([IkmProblem(None, "", Message("ikm.no_responses"))])
    return aggregate_arrays(
        tuple(units), np.asarray(index, dtype=np.int64), np.asarray(scores, dtype=np.int64),
        days=np.asarray(days, dtype=np.int64), printed_weight=printed_weight)


@dataclass(frozen=True)
class UnitSums:
    """Per-unit sums of an array of responses, before the index is taken."""

    units: tuple[str, ...]
    respondents: npt.NDArray[np.int64]  # (k,)
    sums: npt.NDArray[np.int64]  # (k, 9)
    first_day: npt.NDArray[np.int64] | None = None  # proleptic ordinal, (k,)
    last_day: npt.NDArray[np.int64] | None = None


def unit_sums(units: Sequence[str], unit_index: npt.NDArray[np.integer[Any]],
              scores: npt.NDArray[np.integer[Any]], *,
              days: npt.NDArray[np.integer[Any]] | None = None) -> UnitSums:
    """Respondents and score sums per unit: ``unit_index[i]`` is the position in ``units`` of
    row ``i``; ``scores`` is ``(n, 9)`` in U1..U9 order and already validated (1–4)."""
    k = len(units)
    idx = np.asarray(unit_index, dtype=np.intp)
    matrix = np.asarray(scores)
    if matrix.ndim != 2 or matrix.shape[1] != len(ELEMENT_CODES) or matrix.shape[0] != len(idx):
        raise ValueError(f"scores must be (n, 9) with n = {len(idx)}; got {matrix.shape}")
    counts = np.bincount(idx, minlength=k).astype(np.int64)
    sums = np.empty((k, len(ELEMENT_CODES)), dtype=np.int64)
    for j in range(len(ELEMENT_CODES)):
        # integer weights summed as float64 are exact far beyond any survey size (< 2**53)
        sums[:, j] = np.rint(np.bincount(idx, weights=matrix[:, j], minlength=k)).astype(np.int64)
    first = last = None
    if days is not None:
        day = np.asarray(days, dtype=np.int64)
        first = np.full(k, np.iinfo(np.int64).max, dtype=np.int64)
        last = np.full(k, np.iinfo(np.int64).min, dtype=np.int64)
        np.minimum.at(first, idx, day)
        np.maximum.at(last, idx, day)
    return UnitSums(tuple(units), counts, sums, first, last)


def indices_from_sums(totals: UnitSums, *, printed_weight: bool = False) -> list[UnitIkm]:
    """One :class:`UnitIkm` per unit with respondents, sorted by unit."""
    out = []
    for position in sorted(range(len(totals.units)), key=lambda i: totals.units[i]):
        n = int(totals.respondents[position])
        if n == 0:
            continue
        first = last = None
        if totals.first_day is not None and totals.last_day is not None:
            first = dt.date.fromordinal(int(totals.first_day[position]))
            last = dt.date.fromordinal(int(totals.last_day[position]))
        out.append(index_from_sums(totals.units[position],
                                   [int(s) for s in totals.sums[position]], n,
                                   printed_weight=printed_weight, first_date=first,
                                   last_date=last))
    return out


def aggregate_arrays(units: Sequence[str], unit_index: npt.NDArray[np.integer[Any]],
                     scores: npt.NDArray[np.integer[Any]], *,
                     days: npt.NDArray[np.integer[Any]] | None = None,
                     printed_weight: bool = False) -> list[UnitIkm]:
    """The fast entry point: the index per unit from arrays (see :func:`unit_sums`); ``days``
    are proleptic ordinals (``date.toordinal()``) giving each unit's first and last date."""
    return indices_from_sums(unit_sums(units, unit_index, scores, days=days),
                             printed_weight=printed_weight)


def invalid_score_mask(scores: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.bool_]:
    """True where an array score is outside 1–4 (vectorised check for the fast path)."""
    matrix = np.asarray(scores)
    return (matrix < MIN_SCORE) | (matrix > MAX_SCORE)


# --- sample size -------------------------------------------------------------------------------

KM_CHI_SQUARE = 3.841  # χ², 1 degree of freedom, 95%
KM_P = 0.5
KM_D = 0.05


def krejcie_morgan(population: int) -> int:
    """Minimum sample for a population (Krejcie & Morgan 1970; methods.md B8):
    ``s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P))``, χ² = 3,841, P = 0,5, d = 0,05, rounded to the
    nearest integer (the rounding of the published table: 100→80, 1.000→278, 10.000→370)."""
    if isinstance(population, bool) or not isinstance(population, int) or population < 1:
        raise IkmError([IkmProblem(None, "population", Message("ikm.population",
                                                               {"value": repr(population)}))])
    pq = KM_P * (1 - KM_P)
    s = KM_CHI_SQUARE * population * pq / (KM_D**2 * (population - 1) + KM_CHI_SQUARE * pq)
    return min(population, math.floor(s + 0.5))
