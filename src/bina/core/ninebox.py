"""The talent nine-box, PermenPANRB 3/2020 (regulation.md §6; issue 6). Pure: no Django.

Potential (rendah / menengah / tinggi) × performance (di bawah / sesuai / di atas ekspektasi,
the ratings of :mod:`bina.core.performance`) → box 1–9:

=============  ===========  ===========  ===========
potensial      di bawah     sesuai       di atas
=============  ===========  ===========  ===========
tinggi         6            8            **9**
menengah       3            5            7
rendah         1            2            4
=============  ===========  ===========  ===========

with the recommended actions of §6. Source: at least five independent public implementations
agree on the numbering and actions; the regulation's Lampiran was **not read (UNVERIFIED)**.
Succession pools (SEC, BKN KMS article): boxes 9, 8, 7 enter the agency's Kelompok Rencana
Suksesi, box 9 the national one as well. Boxes 7, 5, 4, 3 and 2 call for competency
development: they feed the next needs-analysis round.

**No potential, no box.** Where the agency has no potential score for a person, the result is
explicitly "not available" (:attr:`NineBoxResult.available` False, with the reason); nothing is
invented. :func:`rating_from_predicate` maps a PermenPANRB 6/2022 predikat to a performance
rating for agencies that only have the predikat — an assumption (UNVERIFIED: the regulation
places people by the hasil kerja/perilaku ratings, and this mapping was not found in a text).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bina.core.messages import Lang, Message, register
from bina.core.performance import Predicate, Rating


class Potential(StrEnum):
    HIGH = "tinggi"
    MEDIUM = "menengah"
    LOW = "rendah"


# (potential, performance) → box, regulation.md §6
BOX_MATRIX: dict[tuple[Potential, Rating], int] = {
    (Potential.HIGH, Rating.BELOW): 6, (Potential.HIGH, Rating.MEETS): 8,
    (Potential.HIGH, Rating.ABOVE): 9,
    (Potential.MEDIUM, Rating.BELOW): 3, (Potential.MEDIUM, Rating.MEETS): 5,
    (Potential.MEDIUM, Rating.ABOVE): 7,
    (Potential.LOW, Rating.BELOW): 1, (Potential.LOW, Rating.MEETS): 2,
    (Potential.LOW, Rating.ABOVE): 4,
}


@dataclass(frozen=True, slots=True)
class BoxInfo:
    box: int
    actions_id: tuple[str, ...]
    actions_en: tuple[str, ...]
    succession: tuple[str, ...]  # "instansi" and/or "nasional"
    develops_competency: bool

    def actions(self, lang: Lang = "id") -> tuple[str, ...]:
        return self.actions_en if lang == "en" else self.actions_id


BOXES: dict[int, BoxInfo] = {
    9: BoxInfo(9, ("Dipromosikan dan dipertahankan", "Masuk Kelompok Rencana Suksesi (KRS) "
                   "instansi/nasional", "Penghargaan"),
               ("Promoted and retained", "Enters the succession pool (KRS) at agency/national "
                "level", "Award"), ("instansi", "nasional"), False),
    8: BoxInfo(8, ("Dipertahankan", "Masuk KRS instansi", "Rotasi atau perluasan jabatan",
                   "Bimbingan kinerja"),
               ("Retained", "Enters the agency KRS", "Rotation or job enlargement",
                "Performance guidance"), ("instansi",), False),
    7: BoxInfo(7, ("Dipertahankan", "Masuk KRS instansi", "Rotasi atau pengayaan jabatan",
                   "Pengembangan kompetensi", "Tugas belajar"),
               ("Retained", "Enters the agency KRS", "Rotation or job enrichment",
                "Competency development", "Degree study (tugas belajar)"), ("instansi",), True),
    6: BoxInfo(6, ("Penempatan yang sesuai", "Bimbingan kinerja", "Konseling kinerja"),
               ("Suitable placement", "Performance guidance", "Performance counselling"),
               (), False),
    5: BoxInfo(5, ("Penempatan yang sesuai", "Bimbingan kinerja", "Pengembangan kompetensi"),
               ("Suitable placement", "Performance guidance", "Competency development"),
               (), True),
    4: BoxInfo(4, ("Rotasi", "Pengembangan kompetensi"),
               ("Rotation", "Competency development"), (), True),
    3: BoxInfo(3, ("Bimbingan kinerja", "Konseling kinerja", "Pengembangan kompetensi",
                   "Penempatan yang sesuai"),
               ("Performance guidance", "Performance counselling", "Competency development",
                "Suitable placement"), (), True),
    2: BoxInfo(2, ("Bimbingan kinerja", "Pengembangan kompetensi", "Penempatan yang sesuai"),
               ("Performance guidance", "Competency development", "Suitable placement"),
               (), True),
    1: BoxInfo(1, ("Diproses sesuai ketentuan peraturan perundang-undangan",),
               ("Handled according to the laws and regulations",), (), False),
}

register("ninebox.no_potential",
         id="potensi {person} belum dinilai; kotak talenta tidak dapat ditentukan",
         en="{person}'s potential has not been assessed; the talent box cannot be placed")
register("ninebox.no_performance",
         id="kinerja {person} belum dinilai; kotak talenta tidak dapat ditentukan",
         en="{person}'s performance has not been rated; the talent box cannot be placed")
register("ninebox.bad_value", id="{person}: nilai {field} {value!r} tidak dikenal",
         en="{person}: unknown {field} value {value!r}")


class NineBoxError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True, slots=True)
class NineBoxResult:
    person: str
    potential: Potential | None
    performance: Rating | None
    box: int | None  # None: not available
    reason: Message | None = None  # why not available

    @property
    def available(self) -> bool:
        return self.box is not None

    @property
    def info(self) -> BoxInfo | None:
        return None if self.box is None else BOXES[self.box]

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        info = self.info
        return {
            "person": self.person, "available": self.available, "box": self.box,
            "potential": None if self.potential is None else self.potential.value,
            "performance": None if self.performance is None else self.performance.value,
            "actions": [] if info is None else list(info.actions(lang)),
            "succession": [] if info is None else list(info.succession),
            "develops_competency": False if info is None else info.develops_competency,
            "reason": None if self.reason is None else self.reason.render(lang),
        }


def _coerce(person: str, field: str, value: object, kind: type[StrEnum]) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return kind(value.strip().lower() if isinstance(value, str) else str(value))
    except ValueError:
        raise NineBoxError(Message("ninebox.bad_value", {"person": person, "field": field,
                                                         "value": value})) from None


def place(person: str, potential: Potential | str | None,
          performance: Rating | str | None) -> NineBoxResult:
    """The box of one person, or an explicit "not available" when either axis is missing."""
    pot: Potential | None = _coerce(person, "potensi", potential, Potential)
    perf: Rating | None = _coerce(person, "kinerja", performance, Rating)
    if pot is None:
        return NineBoxResult(person, None, perf, None,
                             Message("ninebox.no_potential", {"person": person}))
    if perf is None:
        return NineBoxResult(person, pot, None, None,
                             Message("ninebox.no_performance", {"person": person}))
    return NineBoxResult(person, pot, perf, BOX_MATRIX[(pot, perf)])


#: UNVERIFIED assumption (see the module notes).
PREDICATE_RATING: Mapping[Predicate, Rating] = {
    Predicate.VERY_GOOD: Rating.ABOVE,
    Predicate.GOOD: Rating.MEETS,
    Predicate.NEEDS_IMPROVEMENT: Rating.BELOW,
    Predicate.POOR: Rating.BELOW,
    Predicate.VERY_POOR: Rating.BELOW,
}


def rating_from_predicate(predicate: Predicate | str | None) -> Rating | None:
    """Sangat Baik → di atas, Baik → sesuai, the rest → di bawah ekspektasi (UNVERIFIED)."""
    if predicate is None:
        return None
    return PREDICATE_RATING[Predicate(predicate)]


@dataclass(frozen=True, slots=True)
class NineBoxSummary:
    counts: Mapping[int, int]  # box → people
    not_available: int
    agency_succession: tuple[str, ...]  # people in boxes 9, 8, 7
    national_succession: tuple[str, ...]  # box 9
    development: tuple[str, ...]  # boxes calling for competency development


def summarise(results: Iterable[NineBoxResult]) -> NineBoxSummary:
    """Counts per box and the pools that feed succession planning and the next needs round."""
    items = list(results)
    counts = Counter(r.box for r in items if r.box is not None)
    return NineBoxSummary(
        counts={box: counts.get(box, 0) for box in range(1, 10)},
        not_available=sum(1 for r in items if r.box is None),
        agency_succession=tuple(r.person for r in items
                                if r.info is not None and "instansi" in r.info.succession),
        national_succession=tuple(r.person for r in items
                                  if r.info is not None and "nasional" in r.info.succession),
        development=tuple(r.person for r in items
                          if r.info is not None and r.info.develops_competency),
    )
