"""Positions (jabatan) and their competency standards, planned from the catalogue.

Structural posts: one head post per unit (``KA-<unit code>``: Kepala Dinas, Sekretaris, Kepala
Bidang, Kepala Seksi, Kepala UPTD, Kepala Sekolah…) plus the OPD's extra posts (the Sekda's
asisten and staf ahli). A structural post opens and closes with its unit. Fungsional positions
(``JF-<family>-<jenjang>``) and pelaksana positions (``PL-<code>``) belong to the agency, not to
a unit, and are valid throughout.

The head of a school is modelled as a pengawas-level post ("Kepala SMA Negeri 1 Gorontalo"):
in law the principal is a guru with an additional duty (tugas tambahan), which the data model
has no field for.

Required levels: the mapping by position type and jenjang (regulation.md §3.2) is
**UNVERIFIED**: JPT utama/madya 5, JPT pratama 4, administrator 3, pengawas 2, pelaksana 1;
fungsional pemula/terampil 1, mahir/ahli pertama 2, penyelia/ahli muda 3, ahli madya 4, ahli
utama 5. Each standard varies one or two competencies by ±1, as real SKJ documents do, and adds
two to four technical competencies of the agency's dictionary.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from bina.demo.catalogue import Catalogue, FamilySpec, UnitSpec

MANAGERIAL_CODES = ("M.1", "M.2", "M.3", "M.4", "M.5", "M.6", "M.7", "M.8", "SK.1")

BASE_LEVEL_BY_TYPE = {
    "jpt_utama": 5, "jpt_madya": 5, "jpt_pratama": 4, "administrator": 3, "pengawas": 2,
    "pelaksana": 1,
}
BASE_LEVEL_BY_JENJANG = {
    "pemula": 1, "terampil": 1, "mahir": 2, "ahli_pertama": 2, "penyelia": 3, "ahli_muda": 3,
    "ahli_madya": 4, "ahli_utama": 5,
}
JENJANG_NAME = {
    "pemula": "Pemula", "terampil": "Terampil", "mahir": "Mahir", "penyelia": "Penyelia",
    "ahli_pertama": "Ahli Pertama", "ahli_muda": "Ahli Muda", "ahli_madya": "Ahli Madya",
    "ahli_utama": "Ahli Utama",
}
JENJANG_CODE = {
    "pemula": "PML", "terampil": "TRP", "mahir": "MHR", "penyelia": "PNY", "ahli_pertama": "AP",
    "ahli_muda": "AMU", "ahli_madya": "AMA", "ahli_utama": "AUT",
}
TIER = {"jpt_madya": 0, "jpt_pratama": 1, "administrator": 2, "pengawas": 3}

# Technical competencies of posts in a secretariat or school, by a word in the unit's name.
SECRETARIAT_TECH = (
    ("Keuangan", ("T.KEU.01", "T.KEU.02")),
    ("Kepegawaian", ("T.SDM.01", "T.ADM.01")),
    ("Perencanaan", ("T.REN.01", "T.REN.02")),
    ("Umum", ("T.ADM.01", "T.BMD.01", "T.ARS.01")),
    ("Tata Usaha", ("T.ADM.01", "T.ARS.01", "T.KEU.01")),
)
SECRETARIAT_DEFAULT = ("T.REN.01", "T.KEU.01", "T.SDM.01", "T.ADM.01")
SCHOOL_TECH = ("T.PEN.03", "T.PEN.02", "T.PEN.01")
# Added when a position names fewer than two technical competencies: every ASN serves digitally.
TECH_PADDING = ("T.DIG.01", "T.YAN.01")


@dataclass(frozen=True)
class PositionSpec:
    code: str
    name: str
    position_type: str
    functional_level: str
    unit: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    family: str | None  # fungsional family or pelaksana code
    tech: tuple[str, ...]

    @property
    def is_structural(self) -> bool:
        return self.position_type in TIER

    @property
    def tier(self) -> int:
        return TIER.get(self.position_type, 9)

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class Structure:
    positions: tuple[PositionSpec, ...]
    by_code: dict[str, PositionSpec]
    head_post: dict[str, str]  # unit code → its head post code
    standards: dict[str, tuple[tuple[str, int], ...]]  # position code → (competency, level)


def fungsional_code(family: str, level: str) -> str:
    return f"JF-{family}-{JENJANG_CODE[level]}"


def pelaksana_code(code: str) -> str:
    return f"PL-{code}"


def _structural_tech(unit: UnitSpec) -> tuple[str, ...]:
    if unit.kind == "sekolah":
        return SCHOOL_TECH
    if unit.kind == "sekretariat" or unit.name.startswith(("Subbagian", "Bagian Tata Usaha")):
        for word, codes in SECRETARIAT_TECH:
            if word in unit.name:
                return codes
        return SECRETARIAT_DEFAULT
    extra = ("T.YAN.01",) if unit.is_public_service and "T.YAN.01" not in unit.tech else ()
    return unit.tech + extra + ("T.REN.02",)


def _structural_positions(catalogue: Catalogue) -> list[PositionSpec]:
    out = []
    for unit in catalogue.units:
        out.append(PositionSpec(
            code=f"KA-{unit.code}", name=unit.head_title, position_type=unit.head_type,
            functional_level="", unit=unit.code, valid_from=unit.valid_from,
            valid_to=unit.valid_to, family=None, tech=_structural_tech(unit),
        ))
    for opd in catalogue.opds:
        root = catalogue.unit(opd.code)
        for post in opd.extra_posts:
            out.append(PositionSpec(
                code=post.code, name=post.name, position_type=post.position_type,
                functional_level="", unit=opd.code, valid_from=root.valid_from,
                valid_to=root.valid_to, family=None, tech=("T.KEB.01", "T.REN.02", *root.tech),
            ))
    return out


def _fungsional_positions(families: dict[str, FamilySpec]) -> list[PositionSpec]:
    return [
        PositionSpec(
            code=fungsional_code(family.code, level),
            name=f"{family.name} {JENJANG_NAME[level]}", position_type="fungsional",
            functional_level=level, unit=None, valid_from=dt.date(2017, 1, 1), valid_to=None,
            family=family.code, tech=family.tech,
        )
        for family in families.values()
        for level in family.levels
    ]


def _pelaksana_positions(catalogue: Catalogue) -> list[PositionSpec]:
    return [
        PositionSpec(
            code=pelaksana_code(p.code), name=p.name, position_type="pelaksana",
            functional_level="", unit=None, valid_from=dt.date(2017, 1, 1), valid_to=None,
            family=p.code, tech=p.tech,
        )
        for p in catalogue.pelaksana
    ]


def base_level(position: PositionSpec) -> int:
    if position.position_type == "fungsional":
        return BASE_LEVEL_BY_JENJANG[position.functional_level]
    return BASE_LEVEL_BY_TYPE[position.position_type]


def _standard(position: PositionSpec, rng: random.Random) -> tuple[tuple[str, int], ...]:
    base = base_level(position)
    levels = dict.fromkeys(MANAGERIAL_CODES, base)
    for code in rng.sample(MANAGERIAL_CODES, rng.choice((0, 1, 1, 2))):
        levels[code] = min(5, max(1, base + rng.choice((-1, 1))))
    tech_pool = list(dict.fromkeys(position.tech + TECH_PADDING))[:max(2, len(position.tech))]
    count = min(len(tech_pool), rng.choice((2, 3, 3, 4)))
    tech_base = base if position.position_type != "pelaksana" else rng.choice((1, 2))
    for code in tech_pool[:count]:
        levels[code] = min(5, max(1, tech_base + rng.choice((0, 0, 0, 1, -1))))
    return tuple(levels.items())


def plan_structure(catalogue: Catalogue, rng: random.Random) -> Structure:
    positions = (
        _structural_positions(catalogue)
        + _fungsional_positions(catalogue.families)
        + _pelaksana_positions(catalogue)
    )
    by_code = {p.code: p for p in positions}
    if len(by_code) != len(positions):
        raise ValueError("duplicate position codes")
    return Structure(
        positions=tuple(positions),
        by_code=by_code,
        head_post={u.code: f"KA-{u.code}" for u in catalogue.units},
        standards={p.code: _standard(p, rng) for p in positions},
    )
