"""Plan the employees (ASN) of the demo: who works where, in which position, with which grade.

Pure: takes the catalogue, the planned positions, the headcount, the as-of date and a seeded
``random.Random``; returns :class:`Person` drafts. The writer turns them into rows.

Composition for N employees (gorontalo.md A1 demo hints, scaled; ASSUMPTIONS): about 71.7% PNS
(a few of them CPNS), 20% full-time PPPK (mostly guru, in the 2022–2024 cohorts) and 8.3% PPPK
paruh waktu (from October 2025). Structural posts valid on the as-of date are filled first: all
JPT posts, and administrator and pengawas posts in proportion to N (all of them from about
5,500 employees). Then teachers go to the schools and everyone else to units in proportion to
the OPD and unit weights of data/opd.json.

Grades: a PNS starts at the grade of the entry diploma (SMA II/a, D3 II/c, S1 III/a, S2 III/b)
at TMT CPNS and rises one step about every four years, within the ceiling of the education
(pelaksana), of the jenjang (fungsional) or of the post (structural). The jenjang of a
fungsional follows the grade (ahli pertama III/a–III/b, ahli muda III/c–III/d, ahli madya
IV/a–IV/c). PPPK grades follow the diploma (SMA V, D3 VII, S1 IX, S2 X: ASSUMPTION, Perpres
98/2020 was not read). Ages stay below the retirement age (BUP): 58, and 60 for JPT and guru.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from bina.demo.catalogue import Catalogue, FamilySpec, UnitSpec
from bina.demo.names import person_name, titles_for
from bina.demo.structure import Structure

T = TypeVar("T")

SHARE_PPPK_FULL = 1200 / 6000
SHARE_PPPK_PART_TIME = 500 / 6000
SHARE_CPNS = 0.004
SHARE_PNS_TEACHERS = 1500 / 6000
FULL_FILL_AT = 5500  # from this headcount on, every structural post is filled

# Full-time PPPK cohorts (TMT, weight). 2022 stages I–II and 2023: gorontalo.md A1 (antaranews);
# 2024: ASSUMPTION.
PPPK_COHORTS = (
    (dt.date(2022, 3, 1), 152), (dt.date(2022, 5, 1), 174), (dt.date(2023, 8, 1), 880),
    (dt.date(2024, 10, 1), 150),
)
PART_TIME_TMT = dt.date(2025, 10, 1)  # ASSUMPTION (SK paruh waktu announced Sep–Dec 2025)
NO_CPNS_YEARS = frozenset({2012, 2015, 2016, 2017, 2024, 2025})  # moratoria; none opened 2024

PNS_START_RANK = {"SD": 1, "SMP": 3, "SMA": 5, "D1": 5, "D2": 6, "D3": 7, "D4": 9, "S1": 9,
                  "S2": 10, "S3": 11}
PNS_EDUCATION_CAP = {"SD": 6, "SMP": 8, "SMA": 10, "D1": 10, "D2": 10, "D3": 11, "D4": 12,
                     "S1": 12, "S2": 13, "S3": 13}
POST_GRADE_RANGE = {"jpt_madya": (15, 17), "jpt_pratama": (13, 16), "administrator": (11, 14),
                    "pengawas": (10, 13)}
SCHOOL_HEAD_GRADE_RANGE = (12, 15)
PPPK_GRADE = {"SD": "I", "SMP": "IV", "SMA": "V", "D1": "V", "D2": "VI", "D3": "VII",
              "D4": "IX", "S1": "IX", "S2": "X", "S3": "XI"}
ENTRY_AGE = {"SD": (18, 28), "SMP": (18, 28), "SMA": (19, 30), "D1": (20, 30), "D2": (20, 30),
             "D3": (21, 32), "D4": (23, 35), "S1": (23, 35), "S2": (26, 35), "S3": (28, 35)}
TMT_MONTHS = ((1, 0.35), (3, 0.25), (12, 0.1), (2, 0.1), (4, 0.1), (10, 0.1))
# Age brackets of PNS staff (ASSUMPTION shaped on BKN 2022: Gen Y 48%, Gen X 41%, Gen Z 5%).
PNS_AGE_BRACKETS = (((24, 29), 0.09), ((30, 34), 0.13), ((35, 39), 0.16), ((40, 44), 0.16),
                    ((45, 49), 0.16), ((50, 54), 0.17), ((55, 57), 0.13))
POST_AGE = {"jpt_madya": (52, 59, 56), "jpt_pratama": (45, 59, 53),
            "administrator": (40, 57, 50), "pengawas": (32, 57, 46)}
FEMALE_SHARE_POST = {"jpt_madya": 0.2, "jpt_pratama": 0.22, "administrator": 0.38,
                     "pengawas": 0.48}
EDUCATION_POST = {
    "jpt_madya": (("S2", 0.8), ("S3", 0.2)),
    "jpt_pratama": (("S2", 0.8), ("S3", 0.12), ("S1", 0.08)),
    "administrator": (("S2", 0.6), ("S1", 0.38), ("S3", 0.02)),
    "pengawas": (("S1", 0.7), ("S2", 0.2), ("D3", 0.1)),
}
EDUCATION_PELAKSANA_PNS = (("SD", 0.015), ("SMP", 0.03), ("SMA", 0.36), ("D1", 0.02),
                           ("D2", 0.02), ("D3", 0.17), ("D4", 0.03), ("S1", 0.33),
                           ("S2", 0.025))
EDUCATION_PELAKSANA_PPPK = (("SMA", 0.2), ("D3", 0.3), ("S1", 0.5))
EDUCATION_PART_TIME = (("SMP", 0.03), ("SMA", 0.6), ("D3", 0.12), ("S1", 0.25))
HEALTH_FAMILIES = ("PRW", "BID", "PLK", "APT", "TTK", "NUT", "RAD", "PRM", "FIS", "SAN")
RETIREMENT_AGE = 58
RETIREMENT_AGE_LONG = 60  # JPT and guru


@dataclass
class Person:
    idx: int
    employment_type: str  # PNS, CPNS, PPPK
    is_part_time: bool
    role: str  # structural, teacher, fungsional, pelaksana
    unit: str
    position: str
    sex: str = "L"
    birth_date: dt.date = dt.date(1980, 1, 1)
    tmt: dt.date = dt.date(2005, 1, 1)
    education: str = "S1"
    grade_scheme: str = "PNS"
    grade_rank: int = 9  # 1-based rank in the scheme
    name: str = ""
    front_title: str = ""
    back_title: str = ""
    education_major: str = ""
    nip: str = ""
    status: str = "aktif"
    supervisor: int | None = None
    email: str = ""
    phone: str = ""
    target_position: str | None = None
    target_note: str = ""
    engagement: str = "mid"
    performance: str = "normal"
    is_teacher: bool = False
    is_school_head: bool = False  # a guru with the additional duty of Kepala Sekolah
    family: str | None = None  # jabatan fungsional family, when fungsional or teacher

    def age_on(self, day: dt.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass
class Composition:
    pns: int
    cpns: int
    pppk_full: int
    pppk_part_time: int


def weighted(rng: random.Random, items: Sequence[tuple[T, float]]) -> T:
    values = [item for item, _ in items]
    weights = [w for _, w in items]
    return rng.choices(values, weights=weights, k=1)[0]


def composition(n: int, as_of: dt.date) -> Composition:
    full = round(n * SHARE_PPPK_FULL) if PPPK_COHORTS[0][0] <= as_of else 0
    part = round(n * SHARE_PPPK_PART_TIME) if as_of >= PART_TIME_TMT else 0
    cpns = max(2, round(n * SHARE_CPNS))
    return Composition(pns=n - full - part - cpns, cpns=cpns, pppk_full=full, pppk_part_time=part)


@dataclass
class Planner:
    catalogue: Catalogue
    structure: Structure
    as_of: dt.date
    rng: random.Random
    people: list[Person] = field(default_factory=list)
    nip_serials: dict[str, int] = field(default_factory=dict)
    emails: set[str] = field(default_factory=set)

    # ---- units -------------------------------------------------------------------------
    def current_units(self) -> list[UnitSpec]:
        return [u for u in self.catalogue.units if u.is_active_on(self.as_of)]

    def staff_units(self, predicate: frozenset[str] | None = None) -> list[tuple[UnitSpec, float]]:
        """Non-school units valid on the as-of date, weighted by OPD and unit weight; with
        ``predicate``, only units of those OPD."""
        units = [u for u in self.current_units() if u.kind != "sekolah"]
        totals: dict[str, float] = {}
        for u in units:
            totals[u.opd] = totals.get(u.opd, 0.0) + u.staff_weight
        opd_weight = {o.code: o.weight for o in self.catalogue.opds}
        return [(u, opd_weight[u.opd] * u.staff_weight / totals[u.opd]) for u in units
                if u.staff_weight > 0 and (predicate is None or u.opd in predicate)]

    def schools(self) -> list[tuple[UnitSpec, float]]:
        return [(u, u.staff_weight) for u in self.current_units() if u.kind == "sekolah"]

    # ---- people ------------------------------------------------------------------------
    def add(self, *, employment_type: str, role: str, unit: UnitSpec, position: str = "",
            part_time: bool = False) -> Person:
        person = Person(idx=len(self.people), employment_type=employment_type,
                        is_part_time=part_time, role=role, unit=unit.code, position=position,
                        is_teacher=role == "teacher")
        self.people.append(person)
        return person

    def birth_date_for_age(self, age: int) -> dt.date:
        latest = _same_day(self.as_of, self.as_of.year - age)
        earliest = _same_day(self.as_of, self.as_of.year - age - 1) + dt.timedelta(days=1)
        return earliest + dt.timedelta(days=self.rng.randrange((latest - earliest).days + 1))

    def pns_age(self, person: Person, post_type: str | None) -> int:
        if post_type in POST_AGE:
            low, high, mode = POST_AGE[post_type]
            return round(self.rng.triangular(low, high, mode))
        if person.employment_type == "CPNS":
            return self.rng.randint(23, 34)
        low, high = weighted(self.rng, PNS_AGE_BRACKETS)
        if person.is_teacher and high == 57:
            high = RETIREMENT_AGE_LONG - 1
        return self.rng.randint(low, high)

    def pns_tmt(self, person: Person) -> dt.date:
        rng = self.rng
        if person.employment_type == "CPNS":
            months = rng.randint(3, 10)
            return _first_of_month(add_months(self.as_of, -months))
        born = person.birth_date
        low, high = ENTRY_AGE[person.education]
        if person.family == "DOK":
            low = 26
        latest = add_months(self.as_of, -14)
        year = min(born.year + rng.randint(low, high), latest.year)
        year = max(year, born.year + 18)
        while year in NO_CPNS_YEARS and year > born.year + 18:
            year -= 1
        month = weighted(rng, TMT_MONTHS)
        tmt = dt.date(year, month, 1)
        return min(tmt, _first_of_month(latest))

    def pns_grade(self, person: Person, post_type: str | None, family: FamilySpec | None) -> int:
        rank = PNS_START_RANK[person.education]
        if person.employment_type == "PNS":
            years = max(0, (self.as_of - person.tmt).days // 365)
            years += self.rng.choice((-1, 0, 1, 2, 3) if family else (-2, -1, 0, 0, 1, 2))
            rank = promoted(rank, years)
        if person.is_school_head:
            low, high = SCHOOL_HEAD_GRADE_RANGE
            return min(high, max(low, rank))
        if post_type in POST_GRADE_RANGE:
            low, high = POST_GRADE_RANGE[post_type]
            return min(high, max(low, rank))
        if family is not None:
            return min(rank, _family_cap(family, person.education))
        return min(rank, PNS_EDUCATION_CAP[person.education])

    def nip(self, person: Person) -> str:
        sex_digit = "1" if person.sex == "L" else "2"
        born = f"{person.birth_date:%Y%m%d}"
        if person.grade_scheme == "PNS":
            prefix = f"{born}{person.tmt:%Y%m}{sex_digit}"
        else:
            frequency = "1"
            prefix = f"{born}{person.tmt.year}2{frequency}{sex_digit}"
        serial = self.nip_serials.get(prefix, 0) + 1
        self.nip_serials[prefix] = serial
        return f"{prefix}{serial:03d}"

    def name_person(self, person: Person, families: Sequence[FamilySpec],
                    special_school: bool = False) -> None:
        person.name = person_name(self.rng, self.catalogue, person.sex)
        titles = titles_for(self.rng, self.catalogue, education=person.education,
                            families=families, sex=person.sex,
                            birth_year=person.birth_date.year, special_school=special_school)
        person.front_title, person.back_title = titles.front, titles.back
        person.education_major = titles.major


def _same_day(day: dt.date, year: int) -> dt.date:
    return day.replace(year=year) if (day.month, day.day) != (2, 29) else dt.date(year, 2, 28)


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def promoted(rank: int, years: int) -> int:
    """Regular promotion (kenaikan pangkat): a step every 4 years up to III/d, then every
    5 years to IV/a and every 6 years above (ASSUMPTION: the angka kredit make the upper
    steps slower)."""
    while True:
        cost = 4 if rank < 12 else 5 if rank == 12 else 6
        if years < cost or rank >= 17:
            return rank
        years -= cost
        rank += 1


def _family_cap(family: FamilySpec, education: str) -> int:
    """Ahli utama (IV/d–IV/e) is left out: no such appointment in a provincial demo."""
    if education in ("S1", "S2", "S3", "D4") and family.expert:
        return 15
    if education == "SMA":
        return 8
    return 12


def jenjang_for(family: FamilySpec, education: str, rank: int) -> str:
    """The jenjang that fits the PNS rank (1 = I/a … 17 = IV/e) and the diploma."""
    if education in ("S1", "S2", "S3", "D4") and family.expert:
        wanted = ("ahli_pertama" if rank <= 10 else "ahli_muda" if rank <= 12
                  else "ahli_madya" if rank <= 15 else "ahli_utama")
        options = family.expert
    else:
        wanted = ("pemula" if rank <= 6 else "terampil" if rank <= 8
                  else "mahir" if rank <= 10 else "penyelia")
        options = family.skilled or family.expert
    order = ("pemula", "terampil", "mahir", "penyelia", "ahli_pertama", "ahli_muda",
             "ahli_madya", "ahli_utama")
    if wanted in options:
        return wanted
    target = order.index(wanted)
    return min(options, key=lambda lv: (abs(order.index(lv) - target), order.index(lv)))


def education_for_family(rng: random.Random, family: FamilySpec) -> str:
    if family.code == "DOK":
        return weighted(rng, (("S1", 0.7), ("S2", 0.3)))
    if family.skilled and family.expert:
        if "pemula" in family.levels:
            return weighted(rng, (("SMA", 0.2), ("D3", 0.35), ("S1", 0.4), ("S2", 0.05)))
        return weighted(rng, (("D3", 0.42), ("S1", 0.5 if family.s2 else 0.58),
                              ("S2", 0.08 if family.s2 else 0.0)))
    if family.skilled:
        return weighted(rng, (("SMA", 0.3), ("D3", 0.7))) if "pemula" in family.levels else "D3"
    return weighted(rng, (("S1", 0.74), ("S2", 0.24 if family.s2 else 0.0),
                          ("S3", 0.02 if family.s2 else 0.0)))
