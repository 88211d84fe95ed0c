"""Who the plan is for, and how much each gap weighs (issue 4): the rules that turn a closed
needs analysis and the roster into the optimiser's employees. Pure: no Django.

**Weights.** w(e,c) = priority(c) × person(e):

* priority(c) comes from the agency's ranked priority needs: the first priority weighs
  :data:`TOP_WEIGHT` (3), the last 1, linearly in between; a competency outside the ranking 1.
* person(e) multiplies by :data:`LOW_PERFORMANCE_FACTOR` (1.5) when the latest predicate is
  "Butuh Perbaikan" or below (PermenPANRB 6/2022: the performance gap raises the priority), and
  by :data:`STRUCTURAL_FACTOR` (1.25) for a structural post (JPT, administrator, pengawas), whose
  gaps reach a whole unit.
* The gap g(e,c) is the larger of the gap to the current position's standard and the gap to the
  planned target position's (career move), never below 0.

**The JP right.** A PNS (and a CPNS) has the right to at least :data:`PNS_MIN_JP` JP a year
(PP 11/2017 Pasal 203(4)); a PPPK at most :data:`PPPK_MAX_JP` per contract year (PP 49/2018
Pasal 40) and no floor. People on degree study (tugas belajar) or long leave (CLTN) are away
and get no programme; people reaching the retirement age during the plan year keep their
eligibility but leave the 20 JP count. All of them are shown with their exemption.

**Retirement age (BUP).** UU 20/2023 Pasal 55: JPT 60; administrator, pengawas, pelaksana 58;
functional positions by their own rules. For functional positions this module uses 65 for Ahli
Utama, 60 for Ahli Madya and 58 otherwise — the common rule of PP 11/2017 Pasal 239, which is
UNVERIFIED here against each position's own regulation (regulation.md §… notes only Pasal 55).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PNS_MIN_JP = 20
PPPK_MAX_JP = 24
DEFAULT_PNS_MAX_JP = 60
TOP_WEIGHT = 3.0
LOW_PERFORMANCE_FACTOR = 1.5
STRUCTURAL_FACTOR = 1.25
LOW_PREDICATES = frozenset({"butuh_perbaikan", "kurang", "sangat_kurang"})
STRUCTURAL = frozenset({"jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas"})

EXEMPT_AWAY = frozenset({"tugas_belajar", "cltn"})

WEIGHT_RULES_ID = (
    f"Prioritas kebutuhan instansi: prioritas pertama berbobot {TOP_WEIGHT:g}, prioritas "
    "terakhir 1, di antaranya menurun rata; kompetensi di luar daftar prioritas berbobot 1.",
    f"Predikat kinerja Butuh Perbaikan atau di bawahnya: bobot ×{LOW_PERFORMANCE_FACTOR:g}.",
    f"Jabatan struktural (JPT, administrator, pengawas): bobot ×{STRUCTURAL_FACTOR:g}.",
    "Kesenjangan = yang lebih besar dari kesenjangan terhadap jabatan sekarang dan terhadap "
    "jabatan sasaran (rencana karier).",
    f"Setiap JP di bawah hak {PNS_MIN_JP} JP seorang PNS mengurangi nilai sebesar λ.",
)
WEIGHT_RULES_EN = (
    f"The agency's priority needs: the first priority weighs {TOP_WEIGHT:g}, the last 1, "
    "linearly in between; a competency outside the ranking weighs 1.",
    f"Performance rating Needs Improvement or below: weight ×{LOW_PERFORMANCE_FACTOR:g}.",
    f"Structural post (JPT, administrator, supervisor): weight ×{STRUCTURAL_FACTOR:g}.",
    "Gap = the larger of the gap to the current position and to the target position (career "
    "move).",
    f"Each JP below a PNS's right of {PNS_MIN_JP} JP lowers the value by λ.",
)


def priority_weights(ranked: Sequence[str]) -> dict[str, float]:
    """Competency code → priority weight, from the agency's ranking (best first)."""
    n = len(ranked)
    if n == 1:
        return {ranked[0]: TOP_WEIGHT}
    return {code: round(TOP_WEIGHT - (TOP_WEIGHT - 1.0) * i / (n - 1), 4)
            for i, code in enumerate(ranked)}


def person_factor(*, predicate: str | None, position_type: str) -> float:
    """The person's multiplier of every weight (performance gap and position)."""
    factor = 1.0
    if predicate in LOW_PREDICATES:
        factor *= LOW_PERFORMANCE_FACTOR
    if position_type in STRUCTURAL:
        factor *= STRUCTURAL_FACTOR
    return factor


def combined_gap(gap: int, career_gap: int | None) -> int:
    """The gap the plan works on: current position or target position, whichever is larger."""
    return max(0, gap, career_gap or 0)


def retirement_age(position_type: str, functional_level: str = "") -> int:
    """Batas usia pensiun (see the module notes; functional levels UNVERIFIED per position)."""
    if position_type in ("jpt_utama", "jpt_madya", "jpt_pratama"):
        return 60
    if position_type == "fungsional":
        level = functional_level.casefold()
        if "utama" in level:
            return 65
        if "madya" in level:
            return 60
    return 58


def retires_in(birth_date: dt.date, position_type: str, functional_level: str,
               year: int) -> bool:
    """Whether the person reaches the retirement age by the end of ``year`` (the pension starts
    the month after; a person retiring during the plan year leaves the 20 JP count)."""
    return birth_date.year + retirement_age(position_type, functional_level) <= year


@dataclass(frozen=True, slots=True)
class JpRule:
    """The JP floor (for the shortfall penalty), the JP ceiling, and the exemption if any."""

    min_jp: int
    max_jp: int
    exemption: str  # "" | "tugas_belajar" | "cltn" | "pensiun" | "pppk"

    @property
    def is_away(self) -> bool:
        return self.exemption in EXEMPT_AWAY


def jp_rule(*, employment_type: str, status: str, retiring: bool,
            pns_max_jp: int = DEFAULT_PNS_MAX_JP) -> JpRule:
    """The JP right and ceiling of one person for the plan year."""
    if status in EXEMPT_AWAY:
        return JpRule(0, 0, status)
    if employment_type == "PPPK":
        return JpRule(0, PPPK_MAX_JP, "pppk")
    if retiring:
        return JpRule(0, pns_max_jp, "pensiun")
    return JpRule(PNS_MIN_JP, pns_max_jp, "")


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a programme is in a person's plan: a gap it closes."""

    competency: str
    gap: int
    gain: int
    weight: float


def assignment_reasons(gains_in_order: Sequence[Mapping[str, int]], gaps: Mapping[str, int],
                       weights: Mapping[str, float]) -> list[list[Reason]]:
    """For one person's programmes (in plan order), the gaps each one closes: a programme is
    credited only with the levels still open after the ones before it."""
    left = dict(gaps)
    out: list[list[Reason]] = []
    for gains in gains_in_order:
        reasons: list[Reason] = []
        for code, gain in sorted(gains.items()):
            open_levels = left.get(code, 0)
            if open_levels <= 0 or gain <= 0:
                continue
            closed = min(open_levels, gain)
            left[code] = open_levels - closed
            reasons.append(Reason(code, open_levels, closed, weights.get(code, 0.0)))
        reasons.sort(key=lambda r: -r.weight * r.gain)
        out.append(reasons)
    return out
