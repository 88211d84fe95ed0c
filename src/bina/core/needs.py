"""Needs analysis (analisis kebutuhan pengembangan kompetensi, AKPK): gaps, Borich, IPA, priorities.

Pure: no Django, no numpy. Plain data in, plain data out; one entry point, :func:`analyse`.
PP 11/2017 Pasal 206 sets the needs from a competency gap (the person's profile against the
standard of the position held and of the position to be held) and a performance gap (the
appraisal against the target); regulation.md §2.3.

Inputs (frozen dataclasses, any iterable):

- :class:`Competency` ``(code, name)``: the competencies of the round (the dictionary codes such
  as ``M.3``, ``SK.1`` or the agency's technical codes such as ``T.DIG.01``). A row of any other
  input naming a code outside this list is an error.
- :class:`Requirement` ``(employee_id, competency, required, target_required)``: the level
  (1–5) the position held asks for (the SKJ, regulation.md §3), and the level of the planned
  target position when the employee has one (the career gap), else ``None``.
- :class:`Assessment` ``(employee_id, competency, self_level, supervisor_level)``: levels 1–5,
  either may be missing.
- :class:`BorichAnswer` ``(employee_id, competency, importance, ability)``: Borich's two ratings
  1–5 from the training-needs questionnaire.
- :class:`EmployeeInfo` ``(employee_id, unit, predicate)``: the unit code and the latest
  performance predicate (the values of :class:`bina.core.performance.Predicate`, or ``None``).
  An employee without one belongs to no unit and weighs 1.
- :class:`InterviewTag` ``(unit, competency, note)``: one competency tag of an interview note;
  ``unit`` is ``None`` for a note about the whole agency.
- :class:`Unit` ``(code, name, staff)``: the units and their headcount (for the coverage);
  ``staff=None`` counts the employees given for that unit.
- :class:`AnalysisParams`: the weights of the priority score (documented defaults).

Duplicate rows (same employee and competency twice in one input) and levels outside 1–5 raise
:class:`NeedsInputError`: the importer rejects them first, the core does not guess which wins.

**Combining the self and supervisor ratings** (:data:`COMBINATION_RULE`, :func:`combine_levels`).
When both exist, the assessed level is the weighted mean ⅓ self + ⅔ supervisor, rounded down:
``(self + 2 × supervisor) // 3``. In words: equal ratings stand; one level apart, the lower of
the two counts (a need that either the employee or the supervisor sees is not missed); two or
more apart, the result leans to the supervisor's rating (self 5/supervisor 3 gives 3, self
1/supervisor 3 gives 2), and the pair is recorded as a :class:`Disagreement` for the
verification step of the AKPK (DKI's guideline: verification, validation, one-on-one meetings;
peers.md). Why a BKD planner can accept it: the supervisor is the formal assessor of the
employee's work (PermenPANRB 6/2022, regulation.md §5) while nobody checks a self-rating, so the
supervisor weighs double; the result is a whole level, so the gap reads against the level
descriptions of the dictionary; and it is monotone: raising either rating never lowers the
assessed level. (The simpler "supervisor's rating if they differ by ≥ 2, else the rounded-down
mean" is not: self 1/supervisor 3 gives 3 but self 2/supervisor 3 gives 2.) With one rating
only, that rating is used (``source`` says which).

**Gap** per employee and competency: ``required − assessed`` (negative when above standard),
and the career gap ``target_required − assessed``. Rows with an assessment but no requirement
are counted in :attr:`NeedsAnalysis.unmatched_assessments` and otherwise ignored. Per scope
(the agency, each unit) and competency: ``staff_required``, ``staff_assessed``,
``staff_below_standard`` (gap > 0), ``share_below``, ``mean_gap`` (mean over the assessed staff
with negative gaps counted as 0), and the same for the career gap.

**Borich MWDS** (methods.md B5; Borich 1980, *J. Teacher Education* 31(3):39–42)::

    DS_ij = I_ij − A_ij;  WDS_ij = DS_ij × mean_i(I_ij);  MWDS_j = Σ_i WDS_ij / n_j

computed over the respondents of the scope: a unit's MWDS uses that unit's respondents and
their mean importance (each unit is its own Borich analysis). methods.md gives these lines as
the standard statement of the model, not checked against Borich's paper itself. MWDS equals
``mean(DS) × mean(I)`` and is computed from integer sums: exact, whatever the row order.

**Importance–performance quadrants** (methods.md B5, Martilla & James 1977): mean ability on X,
mean importance on Y, crosshairs at the grand means (the mean of the competency means of the
scope, each competency counting once). A mean on the crosshair counts as high. I = high
importance, low ability ("concentrate here / prioritas utama"), II = high/high, III = low/low,
IV = low importance, high ability.

**Priority** (rank 1 = highest). For each competency of a scope four pieces of evidence are
standardised across the competencies of that scope (z-scores; a constant piece scores 0) and
summed with the weights of :class:`AnalysisParams`: the mean gap and the share below standard
(both with people whose predicate is Butuh Perbaikan or below counted
``low_performance_weight`` times, regulation.md §5: ``Σ w·gap⁺ / n`` and ``Σ_{gap>0} w / n``),
the MWDS, and the number of interview mentions (agency: all tags; unit: the tags of that unit).
Missing evidence (nobody assessed, nobody answered) counts as 0. Ties go to the smaller code.
A unit ranks the competencies it has data on (a requirement, an answer or an interview tag).
Each result carries its evidence: the counts, the top units by share below, up to three
interview notes, and a reason sentence in Indonesian and English built from the numbers.

**Coverage** of a unit: the share (0–1, capped at 1) of its staff who answered, i.e. who gave a
self-assessment or a Borich answer (the employee's own tasks; the supervisor's rating is not).

:meth:`NeedsAnalysis.to_dict` gives the JSON of the ``bina needs`` interface (issue 3):
``{"round", "competencies", "units"}``, entries in rank order, floats rounded to 3 decimals;
``detail=True`` adds the evidence and the rule.

Speed: one pass over each input with per-(unit, competency) integer accumulators; the agency
figures are the sums of the unit figures. 32,000 employees × 12 competencies analyse in about
1.6 s on the 2-core development machine (``bench/bench_needs_core.py``).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Literal

from bina.core.messages import Lang, Message, register
from bina.core.performance import Predicate, is_below_standard

LEVELS = range(1, 6)
DISAGREEMENT_LEVELS = 2
Source = Literal["both", "self", "supervisor"]


@dataclass(frozen=True, slots=True)
class Bilingual:
    """A text in Indonesian (``id``) and English (``en``)."""

    id: str
    en: str

    def render(self, lang: Lang = "id") -> str:
        return self.id if lang == "id" else self.en

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "en": self.en}


COMBINATION_RULE = Bilingual(
    id=(
        "Tingkat kompetensi = (penilaian diri + 2 × penilaian atasan) ÷ 3, dibulatkan ke bawah; "
        "penilaian atasan berbobot dua kali karena atasan adalah penilai resmi kinerja. "
        "Akibatnya: jika keduanya sama, nilai itu yang dipakai; jika berbeda satu level, "
        "dipakai yang lebih rendah agar kebutuhan tidak terlewat; jika berbeda dua level atau "
        "lebih, hasilnya condong ke penilaian atasan dan pasangan itu ditandai untuk "
        "diverifikasi. Jika hanya ada satu penilaian, penilaian itu yang dipakai."
    ),
    en=(
        "Assessed level = (self-rating + 2 × supervisor rating) ÷ 3, rounded down; the "
        "supervisor weighs double as the formal performance assessor. So: equal ratings "
        "stand; one level apart, the lower one counts so that no need is missed; two or more "
        "levels apart, the result leans to the supervisor's rating and the pair is flagged "
        "for verification. With only one rating, that rating is used."
    ),
)


class Quadrant(StrEnum):
    """Importance–performance quadrants, methods.md B5."""

    CONCENTRATE = "I"  # high importance, low ability
    KEEP_UP = "II"  # high importance, high ability
    LOW_PRIORITY = "III"  # low importance, low ability
    OVERKILL = "IV"  # low importance, high ability


QUADRANT_LABELS: Mapping[Quadrant, Bilingual] = {
    Quadrant.CONCENTRATE: Bilingual("Prioritas utama", "Concentrate here"),
    Quadrant.KEEP_UP: Bilingual("Pertahankan prestasi", "Keep up the good work"),
    Quadrant.LOW_PRIORITY: Bilingual("Prioritas rendah", "Low priority"),
    Quadrant.OVERKILL: Bilingual("Berlebihan", "Possible overkill"),
}

register("needs.level",
         id="{what} {value!r} (pegawai {employee}, kompetensi {competency}) harus 1–5",
         en="{what} {value!r} (employee {employee}, competency {competency}) must be 1–5")
register("needs.duplicate",
         id="{what} ganda untuk pegawai {employee}, kompetensi {competency}",
         en="duplicate {what} for employee {employee}, competency {competency}")
register("needs.duplicate_employee",
         id="pegawai {employee} tercantum dua kali", en="employee {employee} is listed twice")
register("needs.unknown_competency",
         id="kode kompetensi {code!r} ({what}) tidak ada dalam daftar kompetensi putaran ini",
         en="competency code {code!r} ({what}) is not among the competencies of this round")
register("needs.predicate",
         id="predikat kinerja {value!r} (pegawai {employee}) tidak dikenal; pilihan: {known}",
         en="unknown performance predicate {value!r} (employee {employee}); choose: {known}")
register("needs.reason.below",
         id="{pct} pegawai ({below} dari {assessed}) di bawah standar",
         en="{pct} of staff ({below} of {assessed}) below standard")
register("needs.reason.none_assessed",
         id="belum ada pegawai yang dinilai", en="no staff assessed yet")
register("needs.reason.low_performers",
         id="{count} di antaranya berkinerja Butuh Perbaikan atau di bawahnya",
         en="{count} of them rated Needs Improvement or below")
register("needs.reason.gap",
         id="rata-rata kesenjangan {gap} level", en="mean gap {gap} levels")
register("needs.reason.units",
         id="proporsi tertinggi di {unit} ({pct})", en="highest share in {unit} ({pct})")
register("needs.reason.mwds", id="MWDS {mwds}", en="MWDS {mwds}")
register("needs.reason.mwds_top", id="MWDS {mwds} tertinggi", en="MWDS {mwds}, the highest")
register("needs.reason.quadrant",
         id="kuadran I (prioritas utama)", en="quadrant I (concentrate here)")
register("needs.reason.interviews",
         id="disebut dalam {count} wawancara", en="mentioned in {count} interview(s)")


class NeedsInputError(ValueError):
    """Input the analysis refuses: a level outside 1–5, a duplicate row, an unknown code."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


# --------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True, slots=True)
class Competency:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Requirement:
    employee_id: int
    competency: str
    required: int
    target_required: int | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    employee_id: int
    competency: str
    self_level: int | None
    supervisor_level: int | None


@dataclass(frozen=True, slots=True)
class BorichAnswer:
    employee_id: int
    competency: str
    importance: int
    ability: int


@dataclass(frozen=True, slots=True)
class EmployeeInfo:
    employee_id: int
    unit: str
    predicate: str | None = None


@dataclass(frozen=True, slots=True)
class InterviewTag:
    unit: str | None
    competency: str
    note: str


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    staff: int | None = None


@dataclass(frozen=True, slots=True)
class AnalysisParams:
    """Weights of the priority score.

    ``low_performance_weight``: how many times a person with predicate Butuh Perbaikan or below
    counts in the gap evidence (regulation.md §5 says such gaps rise; the factor 1.5 is this
    project's choice, not a published figure). The evidence weights: the assessed gap (mean gap
    and share below, together 2) is the legal basis of PP 11/2017 Pasal 206; the Borich MWDS
    (1) is the staff's own view; interview mentions (0.5) are few and tagged by hand, so they
    confirm rather than lead. ``small_group_prior``: the gap and Borich evidence of a
    competency assessed for ``n`` people is scaled by ``n / (n + small_group_prior)`` before
    standardising, so that a handful of people with a large gap (a rare technical competency)
    do not outrank a need shared by thousands; the published figures are not scaled.
    """

    low_performance_weight: float = 1.5
    weight_mean_gap: float = 1.0
    weight_share_below: float = 1.0
    weight_mwds: float = 1.0
    weight_interviews: float = 0.5
    small_group_prior: int = 20
    evidence_units: int = 3
    evidence_notes: int = 3

    def __post_init__(self) -> None:
        if not 1 <= self.low_performance_weight < math.inf:
            raise ValueError("low_performance_weight must be at least 1 and finite")
        weights = (self.weight_mean_gap, self.weight_share_below, self.weight_mwds,
                   self.weight_interviews)
        if min(weights) < 0 or not all(math.isfinite(w) for w in weights):
            raise ValueError("the evidence weights must be finite and non-negative")
        if self.small_group_prior < 0:
            raise ValueError("small_group_prior must be non-negative")
        if self.evidence_units < 0 or self.evidence_notes < 0:
            raise ValueError("evidence_units and evidence_notes must be non-negative")


# --------------------------------------------------------------------------------------------
# Outputs


@dataclass(frozen=True, slots=True)
class EmployeeGap:
    employee_id: int
    competency: str
    required: int
    self_level: int | None
    supervisor_level: int | None
    assessed: int
    source: Source
    gap: int  # required − assessed; negative above standard
    target_required: int | None
    career_gap: int | None  # target_required − assessed


@dataclass(frozen=True, slots=True)
class Disagreement:
    employee_id: int
    competency: str
    self_level: int
    supervisor_level: int


@dataclass(frozen=True, slots=True)
class UnitShare:
    code: str
    name: str
    staff_assessed: int
    staff_below_standard: int
    share_below: float


@dataclass(frozen=True, slots=True)
class Evidence:
    top_units: tuple[UnitShare, ...]
    notes: tuple[str, ...]
    reason: Bilingual


@dataclass(frozen=True, slots=True)
class CompetencyResult:
    code: str
    name: str
    staff_required: int
    staff_assessed: int
    staff_below_standard: int
    share_below: float | None
    mean_gap: float | None
    low_performers_below: int  # below standard with predicate Butuh Perbaikan or below
    career_assessed: int
    career_below: int
    mean_career_gap: float | None
    respondents: int
    mean_importance: float | None
    mean_ability: float | None
    mwds: float | None
    quadrant: Quadrant | None
    interview_mentions: int
    score: float
    rank: int
    evidence: Evidence

    def to_dict(self, *, detail: bool = False) -> dict[str, object]:
        entry: dict[str, object] = {
            "code": self.code,
            "name": self.name,
            "staff_assessed": self.staff_assessed,
            "staff_below_standard": self.staff_below_standard,
            "mean_gap": _round(self.mean_gap),
            "mwds": _round(self.mwds),
            "quadrant": None if self.quadrant is None else self.quadrant.value,
            "rank": self.rank,
        }
        if detail:
            entry |= {
                "staff_required": self.staff_required,
                "share_below": _round(self.share_below),
                "low_performers_below": self.low_performers_below,
                "career_assessed": self.career_assessed,
                "career_below": self.career_below,
                "mean_career_gap": _round(self.mean_career_gap),
                "respondents": self.respondents,
                "mean_importance": _round(self.mean_importance),
                "mean_ability": _round(self.mean_ability),
                "interview_mentions": self.interview_mentions,
                "score": _round(self.score),
                "top_units": [
                    {"code": u.code, "name": u.name, "staff_assessed": u.staff_assessed,
                     "staff_below_standard": u.staff_below_standard,
                     "share_below": _round(u.share_below)}
                    for u in self.evidence.top_units
                ],
                "notes": list(self.evidence.notes),
                "reason": self.evidence.reason.to_dict(),
            }
        return entry


@dataclass(frozen=True, slots=True)
class UnitResult:
    code: str
    name: str
    staff: int
    respondents: int
    coverage: float
    importance_cut: float | None
    ability_cut: float | None
    competencies: tuple[CompetencyResult, ...]  # in rank order

    def to_dict(self, *, detail: bool = False) -> dict[str, object]:
        entry: dict[str, object] = {"code": self.code, "name": self.name,
                                    "coverage": _round(self.coverage)}
        if detail:
            entry |= {"staff": self.staff, "respondents": self.respondents,
                      "importance_cut": _round(self.importance_cut),
                      "ability_cut": _round(self.ability_cut)}
        entry["competencies"] = [c.to_dict(detail=detail) for c in self.competencies]
        return entry


@dataclass(frozen=True, slots=True)
class NeedsAnalysis:
    competencies: tuple[CompetencyResult, ...]  # agency level, in rank order
    units: tuple[UnitResult, ...]  # by code
    gaps: tuple[EmployeeGap, ...]  # by employee, then competency
    disagreements: tuple[Disagreement, ...]  # by employee, then competency
    importance_cut: float | None
    ability_cut: float | None
    unmatched_assessments: int
    params: AnalysisParams
    combination_rule: Bilingual = COMBINATION_RULE

    def competency(self, code: str) -> CompetencyResult:
        return next(c for c in self.competencies if c.code == code)

    def unit(self, code: str) -> UnitResult:
        return next(u for u in self.units if u.code == code)

    def gaps_of(self, employee_id: int) -> tuple[EmployeeGap, ...]:
        """One employee's gap profile."""
        lo = bisect.bisect_left(self.gaps, employee_id, key=_employee_of)
        hi = bisect.bisect_right(self.gaps, employee_id, key=_employee_of)
        return self.gaps[lo:hi]

    def to_dict(self, round_code: str | None = None, *, detail: bool = False
                ) -> dict[str, object]:
        """The ``bina needs --format json`` document; ``detail`` adds evidence and the rule."""
        doc: dict[str, object] = {
            "round": round_code,
            "competencies": [c.to_dict(detail=detail) for c in self.competencies],
            "units": [u.to_dict(detail=detail) for u in self.units],
        }
        if detail:
            doc |= {
                "combination_rule": self.combination_rule.to_dict(),
                "disagreements": len(self.disagreements),
                "importance_cut": _round(self.importance_cut),
                "ability_cut": _round(self.ability_cut),
            }
        return doc


def _employee_of(gap: EmployeeGap) -> int:
    return gap.employee_id


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# --------------------------------------------------------------------------------------------
# Rules


def combine_levels(self_level: int | None, supervisor_level: int | None) -> int | None:
    """The assessed level from the self and supervisor ratings (:data:`COMBINATION_RULE`)."""
    if supervisor_level is None:
        return self_level
    if self_level is None:
        return supervisor_level
    return (self_level + 2 * supervisor_level) // 3


def is_disagreement(self_level: int | None, supervisor_level: int | None) -> bool:
    """Self and supervisor ratings two levels or more apart."""
    return (self_level is not None and supervisor_level is not None
            and abs(self_level - supervisor_level) >= DISAGREEMENT_LEVELS)


def mwds(pairs: Iterable[tuple[int, int]]) -> float | None:
    """Borich MWDS of (importance, ability) pairs, methods.md B5; ``None`` without answers."""
    n = total_importance = total_ability = 0
    for importance, ability in pairs:
        n += 1
        total_importance += importance
        total_ability += ability
    return _mwds(n, total_importance, total_ability)


def _mwds(n: int, total_importance: int, total_ability: int) -> float | None:
    # Σ_i (I_i − A_i) × Ī / n  =  (ΣI − ΣA) × ΣI / n²: exact integers, one division.
    if n == 0:
        return None
    return (total_importance - total_ability) * total_importance / (n * n)


def ipa_quadrant(importance: float, ability: float, importance_cut: float,
                 ability_cut: float) -> Quadrant:
    """The quadrant of a competency given the crosshairs (a mean on the cut counts as high)."""
    high_importance = importance >= importance_cut
    high_ability = ability >= ability_cut
    if high_importance:
        return Quadrant.KEEP_UP if high_ability else Quadrant.CONCENTRATE
    return Quadrant.OVERKILL if high_ability else Quadrant.LOW_PRIORITY


# --------------------------------------------------------------------------------------------
# Accumulation: one pass per input into per-(unit, competency) integer cells.

# Cell fields
_REQ, _N, _BELOW, _GAP, _LOW_BELOW, _LOW_GAP, _C_N, _C_BELOW, _C_GAP, _B_N, _B_I, _B_A = range(12)
_FIELDS = 12
_NO_UNIT = ""  # bucket of employees without EmployeeInfo: counted for the agency only

Cells = list[list[int]]  # [competency index][field]


@dataclass(frozen=True, slots=True)
class _Pass:
    gaps: list[EmployeeGap]
    disagreements: list[Disagreement]
    answered: set[int]
    unmatched: int


def _fail(key: str, **params: object) -> NeedsInputError:
    return NeedsInputError(Message(f"needs.{key}", params))


def _check_unique(rows: Sequence[Requirement] | Sequence[Assessment] | Sequence[BorichAnswer],
                  what: str) -> None:
    keys = {(r.employee_id, r.competency) for r in rows}
    if len(keys) == len(rows):
        return
    seen: set[tuple[int, str]] = set()
    for r in rows:
        key = (r.employee_id, r.competency)
        if key in seen:
            raise _fail("duplicate", what=what, employee=r.employee_id, competency=r.competency)
        seen.add(key)


def _check_unique_employees(people: Sequence[EmployeeInfo]) -> None:
    seen: set[int] = set()
    for p in people:
        if p.employee_id in seen:
            raise _fail("duplicate_employee", employee=p.employee_id)
        seen.add(p.employee_id)


def _check_codes(codes: Iterable[str], index: Mapping[str, int], what: str) -> None:
    unknown = set(codes) - index.keys()
    if unknown:
        raise _fail("unknown_competency", code=min(unknown), what=what)


def _bad_level(what: str, value: object, row: Requirement | Assessment | BorichAnswer
               ) -> NeedsInputError:
    return _fail("level", what=what, value=value, employee=row.employee_id,
                 competency=row.competency)


_MAYBE_LEVELS = frozenset((None, *LEVELS))


def _index_assessments(assessments: Sequence[Assessment]
                       ) -> tuple[dict[tuple[int, str], Assessment], set[int]]:
    """Assessments by (employee, competency), checked; and who gave a self-assessment."""
    levels = {(a.employee_id, a.competency): a for a in assessments}
    if len(levels) != len(assessments):
        _check_unique(assessments, "assessment")
    answered: set[int] = set()
    for a in assessments:
        if a.self_level not in _MAYBE_LEVELS:
            raise _bad_level("self_level", a.self_level, a)
        if a.supervisor_level not in _MAYBE_LEVELS:
            raise _bad_level("supervisor_level", a.supervisor_level, a)
        if a.self_level is not None:
            answered.add(a.employee_id)
    return levels, answered


def _gap_pass(requirements: Sequence[Requirement], assessments: Sequence[Assessment],
              index: Mapping[str, int], unit_of: Mapping[int, str], low: set[int],
              table: dict[str, Cells]) -> _Pass:
    levels, answered = _index_assessments(assessments)
    gaps: list[EmployeeGap] = []
    disagreements: list[Disagreement] = []
    matched = 0
    for r in requirements:
        emp = r.employee_id
        if r.required not in LEVELS:
            raise _bad_level("required", r.required, r)
        if r.target_required not in _MAYBE_LEVELS:
            raise _bad_level("target_required", r.target_required, r)
        cell = table[unit_of.get(emp, _NO_UNIT)][index[r.competency]]
        cell[_REQ] += 1
        found = levels.get((emp, r.competency))
        if found is None:
            continue
        matched += 1
        s, v = found.self_level, found.supervisor_level
        source: Source
        if v is None:
            if s is None:
                continue
            level, source = s, "self"
        elif s is None:
            level, source = v, "supervisor"
        else:
            level, source = (s + 2 * v) // 3, "both"
            if s - v >= DISAGREEMENT_LEVELS or v - s >= DISAGREEMENT_LEVELS:
                disagreements.append(Disagreement(emp, r.competency, s, v))
        gap = r.required - level
        target = r.target_required
        career = None if target is None else target - level
        gaps.append(EmployeeGap(emp, r.competency, r.required, s, v, level, source, gap,
                                target, career))
        cell[_N] += 1
        if gap > 0:
            cell[_BELOW] += 1
            cell[_GAP] += gap
            if emp in low:
                cell[_LOW_BELOW] += 1
                cell[_LOW_GAP] += gap
        if career is not None:
            cell[_C_N] += 1
            if career > 0:
                cell[_C_BELOW] += 1
                cell[_C_GAP] += career
    return _Pass(gaps, disagreements, answered, len(levels) - matched)


def _borich_pass(answers: Sequence[BorichAnswer], index: Mapping[str, int],
                 unit_of: Mapping[int, str], table: dict[str, Cells],
                 answered: set[int]) -> None:
    for b in answers:
        i, a = b.importance, b.ability
        if i not in LEVELS:
            raise _bad_level("importance", i, b)
        if a not in LEVELS:
            raise _bad_level("ability", a, b)
        cell = table[unit_of.get(b.employee_id, _NO_UNIT)][index[b.competency]]
        cell[_B_N] += 1
        cell[_B_I] += i
        cell[_B_A] += a
    answered.update(b.employee_id for b in answers)


def _sum_cells(tables: Iterable[Cells], width: int) -> Cells:
    total = [[0] * _FIELDS for _ in range(width)]
    for cells in tables:
        for row, cell in zip(total, cells, strict=True):
            for f in range(_FIELDS):
                row[f] += cell[f]
    return total


# --------------------------------------------------------------------------------------------
# Scoring and results


@dataclass(frozen=True, slots=True)
class _Stats:
    competency: Competency
    cell: list[int]
    mean_importance: float | None
    mean_ability: float | None
    mwds: float | None


@dataclass(frozen=True, slots=True)
class _Scope:
    """What one scope (the agency or a unit) needs to rank its competencies."""

    stats: list[_Stats]  # by code
    mentions: Mapping[str, int]
    notes: Mapping[str, list[str]]
    top_units: Mapping[str, tuple[UnitShare, ...]] = field(default_factory=dict)


def _stats(competency: Competency, cell: list[int]) -> _Stats:
    n = cell[_B_N]
    return _Stats(
        competency, cell,
        cell[_B_I] / n if n else None,
        cell[_B_A] / n if n else None,
        _mwds(n, cell[_B_I], cell[_B_A]),
    )


def _standardise(values: Sequence[float]) -> list[float]:
    n = len(values)
    if n == 0:
        return []
    mean = math.fsum(values) / n
    spread = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / n)
    if spread <= 1e-12 * max(1.0, abs(mean)):
        return [0.0] * n
    return [(v - mean) / spread for v in values]


def _reliability(n: int, prior: int) -> float:
    """How far a group's figure is trusted: n / (n + prior). A competency held by 3 people
    with a big gap must not outrank one held by thousands with a clear one."""
    return n / (n + prior) if n else 0.0


def _scores(scope: _Scope, params: AnalysisParams) -> list[float]:
    w = params.low_performance_weight
    k = params.small_group_prior
    gap_raw, share_raw, mwds_raw, talk_raw = [], [], [], []
    for s in scope.stats:
        c = s.cell
        n = c[_N]
        r = _reliability(n, k)
        gap_raw.append(r * (c[_GAP] + (w - 1) * c[_LOW_GAP]) / n if n else 0.0)
        share_raw.append(r * (c[_BELOW] + (w - 1) * c[_LOW_BELOW]) / n if n else 0.0)
        mwds_raw.append(_reliability(c[_B_N], k) * (s.mwds or 0.0))
        talk_raw.append(float(scope.mentions.get(s.competency.code, 0)))
    parts = (
        (params.weight_mean_gap, _standardise(gap_raw)),
        (params.weight_share_below, _standardise(share_raw)),
        (params.weight_mwds, _standardise(mwds_raw)),
        (params.weight_interviews, _standardise(talk_raw)),
    )
    return [math.fsum(weight * z[k] for weight, z in parts) for k in range(len(scope.stats))]


def _cuts(stats: Sequence[_Stats]) -> tuple[float | None, float | None]:
    answered = [s for s in stats if s.mean_importance is not None]
    if not answered:
        return None, None
    return (math.fsum(s.mean_importance or 0.0 for s in answered) / len(answered),
            math.fsum(s.mean_ability or 0.0 for s in answered) / len(answered))


def _rank_scope(scope: _Scope, params: AnalysisParams
                ) -> tuple[tuple[CompetencyResult, ...], float | None, float | None]:
    scores = _scores(scope, params)
    importance_cut, ability_cut = _cuts(scope.stats)
    order = sorted(range(len(scope.stats)),
                   key=lambda k: (-scores[k], scope.stats[k].competency.code))
    top_mwds = max((s.mwds for s in scope.stats if s.mwds is not None), default=None)
    results = []
    for rank, k in enumerate(order, start=1):
        s = scope.stats[k]
        quadrant = None
        if (s.mean_importance is not None and s.mean_ability is not None
                and importance_cut is not None and ability_cut is not None):
            quadrant = ipa_quadrant(s.mean_importance, s.mean_ability, importance_cut,
                                    ability_cut)
        results.append(_result(s, scope, quadrant, scores[k], rank, top_mwds, params))
    return tuple(results), importance_cut, ability_cut


def _result(s: _Stats, scope: _Scope, quadrant: Quadrant | None, score: float, rank: int,
            top_mwds: float | None, params: AnalysisParams) -> CompetencyResult:
    c, code = s.cell, s.competency.code
    n, cn = c[_N], c[_C_N]
    notes = tuple(scope.notes.get(code, ())[: params.evidence_notes])
    top_units = scope.top_units.get(code, ())
    result = CompetencyResult(
        code=code, name=s.competency.name, staff_required=c[_REQ], staff_assessed=n,
        staff_below_standard=c[_BELOW], share_below=c[_BELOW] / n if n else None,
        mean_gap=c[_GAP] / n if n else None, low_performers_below=c[_LOW_BELOW],
        career_assessed=cn, career_below=c[_C_BELOW],
        mean_career_gap=c[_C_GAP] / cn if cn else None, respondents=c[_B_N],
        mean_importance=s.mean_importance, mean_ability=s.mean_ability, mwds=s.mwds,
        quadrant=quadrant, interview_mentions=scope.mentions.get(code, 0), score=score,
        rank=rank, evidence=Evidence(top_units, notes, Bilingual("", "")),
    )
    reason = Bilingual(_reason(result, top_mwds, "id"), _reason(result, top_mwds, "en"))
    return replace(result, evidence=replace(result.evidence, reason=reason))


def _number(value: float, lang: Lang, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    if lang == "id":
        text = text.translate({ord(","): ".", ord("."): ","})
    return text


def _say(code: str, lang: Lang, **params: object) -> str:
    return Message(f"needs.reason.{code}", params).render(lang)


def _reason(r: CompetencyResult, top_mwds: float | None, lang: Lang) -> str:
    """A short sentence from the numbers, e.g. '62% pegawai (1.240 dari 2.000) di bawah …'."""
    parts = []
    if r.staff_assessed and r.share_below is not None and r.mean_gap is not None:
        below = _say("below", lang, pct=_number(100 * r.share_below, lang) + "%",
                     below=_number(r.staff_below_standard, lang),
                     assessed=_number(r.staff_assessed, lang))
        if r.low_performers_below:
            below += ", " + _say("low_performers", lang,
                                 count=_number(r.low_performers_below, lang))
        parts.append(below)
        if r.staff_below_standard:
            parts.append(_say("gap", lang, gap=_number(r.mean_gap, lang, 1)))
    else:
        parts.append(_say("none_assessed", lang))
    if r.evidence.top_units:
        top_unit = r.evidence.top_units[0]
        parts.append(_say("units", lang, unit=top_unit.name,
                          pct=_number(100 * top_unit.share_below, lang) + "%"))
    if r.mwds is not None:
        top = top_mwds is not None and r.mwds >= top_mwds and r.mwds > 0
        parts.append(_say("mwds_top" if top else "mwds", lang, mwds=_number(r.mwds, lang, 1)))
    if r.quadrant is Quadrant.CONCENTRATE:
        parts.append(_say("quadrant", lang))
    if r.interview_mentions:
        parts.append(_say("interviews", lang, count=_number(r.interview_mentions, lang)))
    return "; ".join(parts)


# --------------------------------------------------------------------------------------------
# Entry point


def analyse(
    *,
    competencies: Iterable[Competency],
    requirements: Iterable[Requirement],
    assessments: Iterable[Assessment],
    answers: Iterable[BorichAnswer] = (),
    employees: Iterable[EmployeeInfo] = (),
    interviews: Iterable[InterviewTag] = (),
    units: Iterable[Unit] = (),
    params: AnalysisParams = AnalysisParams(),  # frozen, so sharing the default is safe
) -> NeedsAnalysis:
    """Gaps, Borich scores, quadrants and ranked priorities for the agency and each unit."""
    comps = sorted({c.code: c for c in competencies}.values(), key=lambda c: c.code)
    index = {c.code: k for k, c in enumerate(comps)}
    reqs, assess, answer_rows = list(requirements), list(assessments), list(answers)
    people, tags = list(employees), list(interviews)
    for rows, what in ((reqs, "requirement"), (assess, "assessment"), (answer_rows, "answer")):
        _check_codes((r.competency for r in rows), index, what)
    _check_unique(reqs, "requirement")
    _check_unique(answer_rows, "answer")  # assessments: checked while indexing them
    _check_codes((t.competency for t in tags), index, "interview")

    unit_of = {p.employee_id: p.unit for p in people}
    if len(unit_of) != len(people):
        _check_unique_employees(people)
    low = _low_performers(people)
    unit_rows = _unit_rows(units, people)
    table = {code: [[0] * _FIELDS for _ in comps] for code in (*unit_rows, _NO_UNIT)}
    done = _gap_pass(reqs, assess, index, unit_of, low, table)
    _borich_pass(answer_rows, index, unit_of, table, done.answered)

    agency_cells = _sum_cells(table.values(), len(comps))
    agency_stats = [_stats(c, cell) for c, cell in zip(comps, agency_cells, strict=True)]
    mentions, notes = _interview_evidence(tags, None)
    agency, importance_cut, ability_cut = _rank_scope(
        _Scope(agency_stats, mentions, notes, _top_units(comps, table, unit_rows, params)),
        params)
    members: dict[str, list[int]] = {}
    for employee, unit in unit_of.items():
        members.setdefault(unit, []).append(employee)
    unit_results = tuple(
        _unit_result(code, name, staff, comps, table[code], tags, members.get(code, []),
                     done.answered, params)
        for code, (name, staff) in sorted(unit_rows.items()))
    done.gaps.sort(key=lambda g: (g.employee_id, g.competency))
    done.disagreements.sort(key=lambda d: (d.employee_id, d.competency))
    return NeedsAnalysis(
        competencies=agency, units=unit_results, gaps=tuple(done.gaps),
        disagreements=tuple(done.disagreements), importance_cut=importance_cut,
        ability_cut=ability_cut, unmatched_assessments=done.unmatched, params=params)


def _low_performers(people: Sequence[EmployeeInfo]) -> set[int]:
    """Employees whose predicate is Butuh Perbaikan or below."""
    known = {p.value for p in Predicate}
    low = set()
    for p in people:
        if p.predicate is None:
            continue
        if p.predicate not in known:
            raise _fail("predicate", value=p.predicate, employee=p.employee_id,
                        known=", ".join(sorted(known)))
        if is_below_standard(Predicate(p.predicate)):
            low.add(p.employee_id)
    return low


def _unit_rows(units: Iterable[Unit], people: Sequence[EmployeeInfo]
               ) -> dict[str, tuple[str, int | None]]:
    """Unit code → (name, staff); units only seen on employees get their code as name."""
    rows: dict[str, tuple[str, int | None]] = {u.code: (u.name, u.staff) for u in units}
    for p in people:
        if p.unit not in rows:
            rows[p.unit] = (p.unit, None)
    rows.pop(_NO_UNIT, None)
    return rows


def _interview_evidence(tags: Sequence[InterviewTag], unit: str | None
                        ) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Mentions and notes per competency: all tags (``unit=None``) or those of one unit."""
    mentions: dict[str, int] = {}
    notes: dict[str, set[tuple[str, str]]] = {}
    for t in tags:
        if unit is not None and t.unit != unit:
            continue
        mentions[t.competency] = mentions.get(t.competency, 0) + 1
        notes.setdefault(t.competency, set()).add((t.unit or "", t.note))
    return mentions, {code: [note for _, note in sorted(found)] for code, found in notes.items()}


def _top_units(comps: Sequence[Competency], table: Mapping[str, Cells],
               unit_rows: Mapping[str, tuple[str, int | None]], params: AnalysisParams
               ) -> dict[str, tuple[UnitShare, ...]]:
    top: dict[str, tuple[UnitShare, ...]] = {}
    for k, comp in enumerate(comps):
        shares = [
            UnitShare(code, unit_rows[code][0], cells[k][_N], cells[k][_BELOW],
                      cells[k][_BELOW] / cells[k][_N])
            for code, cells in table.items()
            if code != _NO_UNIT and cells[k][_BELOW] > 0
        ]
        shares.sort(key=lambda u: (-u.share_below, -u.staff_below_standard, u.code))
        top[comp.code] = tuple(shares[: params.evidence_units])
    return top


def _unit_result(code: str, name: str, staff: int | None, comps: Sequence[Competency],
                 cells: Cells, tags: Sequence[InterviewTag], members: Sequence[int],
                 answered: set[int], params: AnalysisParams) -> UnitResult:
    mentions, notes = _interview_evidence(tags, code)
    stats = [_stats(c, cell) for c, cell in zip(comps, cells, strict=True)
             if cell[_REQ] or cell[_N] or cell[_B_N] or mentions.get(c.code)]
    ranked, importance_cut, ability_cut = _rank_scope(_Scope(stats, mentions, notes), params)
    headcount = len(members) if staff is None else staff
    respondents = sum(1 for e in members if e in answered)
    coverage = min(1.0, respondents / headcount) if headcount else 0.0
    return UnitResult(code, name, headcount, respondents, coverage, importance_cut,
                      ability_cut, ranked)
