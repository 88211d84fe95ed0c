"""Development history (riwayat pengembangan kompetensi) and annual performance predicates.

Development: for the three years before the as-of date and the current year up to it, each PNS
takes 0–5 activities a year from data/development.json, as many as their engagement (low, mid,
high: fixed per person) draws; JP follow the rules of regulation.md §2.2 as written in that
file. About two in five PNS stay under 20 JP in a year, so that the planning stages have gaps to
close. Some records are programmes rather than choices: Latsar for the first year of a CPNS,
leadership training (PKP/PKA/PKN II) for some managers, orientation for new PPPK and two
semesters a year (20 JP each) for those on tugas belajar. PPPK take fewer activities and never
more than 24 JP a year (PP 49/2018 Pasal 40).

Performance: one annual predicate per year for the three years before the as-of year, drawn
around a per-person tendency so that predicates persist: about 77% Baik, 12% Sangat Baik, 8%
Butuh Perbaikan, 2% Kurang/Misconduct, under 1% Sangat Kurang. The two ratings are one of the
combinations that give that predicate in the PermenPANRB 6/2022 matrix (regulation.md §5.1).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from bina.core.performance import PREDICATE_MATRIX, Predicate, Rating
from bina.demo.catalogue import ActivitySpec, Catalogue
from bina.demo.staff import Person, weighted
from bina.demo.structure import Structure

PPPK_MAX_JP = 24
GENERAL_AUDIENCES = frozenset({"all", "pns"})
RELEVANCE = 2.5  # activities that match the position are this much more likely
ACTIVITIES_PER_YEAR = {
    "low": ((0, 0.35), (1, 0.45), (2, 0.2)),
    "mid": ((1, 0.15), (2, 0.4), (3, 0.45)),
    "high": ((2, 0.15), (3, 0.35), (4, 0.25), (5, 0.25)),
}
PPPK_ACTIVITIES = ((0, 0.35), (1, 0.4), (2, 0.25))
PART_TIME_ACTIVITIES = ((0, 0.6), (1, 0.4))
SOURCES = (("impor", 0.5), ("siasn", 0.3), ("manual", 0.2))
PREDICATES = {
    "high": ((Predicate.VERY_GOOD, 0.6), (Predicate.GOOD, 0.38),
             (Predicate.NEEDS_IMPROVEMENT, 0.02)),
    "normal": ((Predicate.VERY_GOOD, 0.05), (Predicate.GOOD, 0.878),
               (Predicate.NEEDS_IMPROVEMENT, 0.06), (Predicate.POOR, 0.01),
               (Predicate.VERY_POOR, 0.002)),
    "low": ((Predicate.GOOD, 0.39), (Predicate.NEEDS_IMPROVEMENT, 0.45), (Predicate.POOR, 0.12),
            (Predicate.VERY_POOR, 0.04)),
}
SELF_PACED = frozenset({"NKL03", "NKL09"})  # e-learning and self-study may fall on a weekend
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
LEADERSHIP = {"pengawas": "pengawas_new", "administrator": "administrator_new",
              "jpt_pratama": "jpt_new", "jpt_madya": "jpt_new"}


@dataclass(frozen=True)
class DevelopmentDraft:
    person: int
    title: str
    path: str
    jp: Decimal
    start: dt.date
    end: dt.date
    provider: str | None  # organisation key
    provider_name: str
    certificate: str
    source: str


@dataclass(frozen=True)
class PerformanceDraft:
    person: int
    year: int
    result: Rating
    behaviour: Rating
    predicate: Predicate


@dataclass
class DevelopmentPlanner:
    catalogue: Catalogue
    structure: Structure
    as_of: dt.date
    rng: random.Random
    counters: dict[tuple[str, int], int] = field(default_factory=dict)
    organisation_names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.organisation_names = {o.key: o.name for o in self.catalogue.organisations}

    def audience_of(self, person: Person) -> set[str]:
        position = self.structure.by_code[person.position]
        tags = {"all", f"family:{position.family}"} | {f"tech:{t}" for t in position.tech}
        if person.grade_scheme == "PNS":
            tags.add("pns")
        if position.is_structural:
            tags |= {"structural", position.position_type}
        if position.position_type == "fungsional":
            tags.add("fungsional")
        if person.is_teacher:
            tags.add("teacher")
        return tags

    def eligible(self, person: Person) -> list[tuple[ActivitySpec, float]]:
        tags = self.audience_of(person)
        return [(a, a.weight * (1.0 if a.audience in GENERAL_AUDIENCES else RELEVANCE))
                for a in self.catalogue.activities if a.weight > 0 and a.audience in tags]

    def programme(self, audience: str) -> ActivitySpec:
        return next(a for a in self.catalogue.activities if a.audience == audience)

    # ---- one activity -------------------------------------------------------------------
    def shape(self, activity: ActivitySpec) -> tuple[int, int]:
        """(JP, calendar days) of one run of ``activity``."""
        rng, jp = self.rng, activity.jp
        if "per_day" in jp:
            days = rng.randint(jp["days"][0], jp["days"][1])
            return int(jp["per_day"]) * days, days
        if "per_session" in jp:
            sessions = rng.randint(jp["sessions"][0], jp["sessions"][1])
            return int(jp["per_session"]) * sessions, 7 * (sessions - 1) + 1
        if "fixed" in jp:
            value = int(jp["fixed"])
            return value, max(1, math.ceil(value / 5))
        value = int(rng.choice(jp["program"]))
        days = math.ceil(value / 8)
        if value >= 200:  # leadership and Latsar: blended, over some months
            return value, rng.randint(60, 110)
        return value, days + 2 * ((days - 1) // 5)

    def certificate(self, key: str | None, activity: ActivitySpec, start: dt.date) -> str:
        spec = next((o for o in self.catalogue.organisations if o.key == key), None)
        if spec is None or not spec.certificate or self.rng.random() >= activity.certificate:
            return ""
        counter_key = (spec.key, start.year)
        number = self.counters.get(counter_key, self.rng.randint(1, 300)) + 1
        self.counters[counter_key] = number
        return spec.certificate.format(
            n=f"{number:03d}", n7=f"{self.rng.randrange(10**7):07d}",
            roman=ROMAN[start.month - 1], year=start.year,
        )

    def provider(self, activity: ActivitySpec, year: int) -> str | None:
        key = self.rng.choice(activity.providers)
        if key == "INTERNAL":
            return None
        if key == "OWN":
            return "BKPSDM" if year >= self.catalogue.reorganisation.year else "BPSDM"
        return key

    def record(self, person: Person, activity: ActivitySpec, window: tuple[dt.date, dt.date],
               shape: tuple[int, int] | None = None) -> DevelopmentDraft | None:
        jp, days = shape or self.shape(activity)
        first, last = window
        room = (last - first).days - (days - 1)
        if room < 0:
            return None
        start = first + dt.timedelta(days=self.rng.randrange(room + 1))
        if activity.path not in SELF_PACED:
            start = _working_day(start, first, first + dt.timedelta(days=room))
        end = start + dt.timedelta(days=days - 1)
        key = self.provider(activity, start.year)
        names = self.organisation_names
        opd = self.catalogue.unit(self.catalogue.unit(person.unit).opd)
        title = activity.title
        if activity.title_family:
            title = f"{title} {self.structure.by_code[person.position].name}"
        return DevelopmentDraft(
            person=person.idx, title=title, path=activity.path, jp=Decimal(jp), start=start,
            end=end, provider=key, provider_name=names[key] if key else opd.name,
            certificate=self.certificate(key, activity, start),
            source=weighted(self.rng, SOURCES),
        )

    # ---- one person-year ----------------------------------------------------------------
    def count(self, person: Person, window: tuple[dt.date, dt.date], year: int) -> int:
        if person.is_part_time:
            k = weighted(self.rng, PART_TIME_ACTIVITIES)
        elif person.grade_scheme == "PPPK":
            k = weighted(self.rng, PPPK_ACTIVITIES)
        else:
            k = weighted(self.rng, ACTIVITIES_PER_YEAR[person.engagement])
        share = ((window[1] - window[0]).days + 1) / (dt.date(year, 12, 31).toordinal()
                                                      - dt.date(year, 1, 1).toordinal() + 1)
        if share < 1:
            k = sum(1 for _ in range(k) if self.rng.random() < share)
        return k

    def programmes(self, person: Person, year: int,
                   window: tuple[dt.date, dt.date]) -> list[DevelopmentDraft]:
        out: list[DevelopmentDraft | None] = []
        position = self.structure.by_code[person.position]
        if person.grade_scheme == "PNS":
            latsar_year = person.tmt.year + (person.tmt.month > 6)
            if year == latsar_year:
                out.append(self.record(person, self.programme("cpns"), window))
        elif person.tmt.year == year:
            out.append(self.record(person, self.programme("pppk_new"), window))
        if position.position_type in LEADERSHIP and not person.is_school_head \
                and self.rng.random() < 0.06:
            out.append(self.record(person, self.programme(LEADERSHIP[position.position_type]),
                                   window))
        if person.status == "tugas_belajar" and year >= self.as_of.year - 1:
            out += self.semesters(person, year, window)
        return [r for r in out if r is not None]

    def semesters(self, person: Person, year: int,
                  window: tuple[dt.date, dt.date]) -> list[DevelopmentDraft]:
        activity = self.programme("degree_study")
        out = []
        for number, (first, last) in enumerate(((dt.date(year, 2, 1), dt.date(year, 6, 30)),
                                                (dt.date(year, 8, 1), dt.date(year, 12, 31))),
                                               start=1):
            if first < window[0] or last > window[1]:
                continue
            out.append(DevelopmentDraft(
                person=person.idx, title=f"{activity.title} {person.education_major} "
                f"(semester {2 * (year - self.as_of.year + 1) + number})", path=activity.path,
                jp=Decimal(int(activity.jp["semester"])), start=first, end=last,
                provider="UNG", provider_name="Universitas Negeri Gorontalo", certificate="",
                source="manual",
            ))
        return out

    def year(self, person: Person, year: int, eligible: list[tuple[ActivitySpec, float]]
             ) -> list[DevelopmentDraft]:
        first = max(dt.date(year, 1, 1), person.tmt)
        last = min(dt.date(year, 12, 31), self.as_of)
        if (last - first).days < 14 or (person.status == "cltn" and year == self.as_of.year):
            return []
        window = (first, last)
        records = self.programmes(person, year, window)
        total = sum(int(r.jp) for r in records)
        pool = list(eligible)
        for _ in range(self.count(person, window, year)):
            if not pool:
                break
            activity = weighted(self.rng, pool)
            pool = [(a, w) for a, w in pool if a.title != activity.title]
            shape = self.shape(activity)
            if person.grade_scheme == "PPPK" and total + shape[0] > PPPK_MAX_JP:
                continue
            record = self.record(person, activity, window, shape)
            if record is not None:
                records.append(record)
                total += shape[0]
        return records


def _working_day(day: dt.date, first: dt.date, last: dt.date) -> dt.date:
    """``day`` moved to the next Monday, or back to the Friday before, within [first, last]."""
    if day.weekday() < 5:
        return day
    forward = day + dt.timedelta(days=7 - day.weekday())
    if forward <= last:
        return forward
    backward = day - dt.timedelta(days=day.weekday() - 4)
    return backward if backward >= first else day


def plan_development(catalogue: Catalogue, structure: Structure, people: list[Person],
                     as_of: dt.date, rng: random.Random) -> list[DevelopmentDraft]:
    planner = DevelopmentPlanner(catalogue, structure, as_of, rng)
    drafts: list[DevelopmentDraft] = []
    for person in people:
        eligible = planner.eligible(person)
        for year in range(as_of.year - 3, as_of.year + 1):
            drafts += planner.year(person, year, eligible)
    return drafts


def ratings_for(rng: random.Random, predicate: Predicate) -> tuple[Rating, Rating]:
    """A (hasil kerja, perilaku kerja) pair that gives ``predicate``; (sesuai, sesuai) is the
    usual way to be Baik."""
    pairs = [pair for pair, value in PREDICATE_MATRIX.items() if value == predicate]
    weights = [4.0 if pair == (Rating.MEETS, Rating.MEETS) else 1.0 for pair in pairs]
    return rng.choices(pairs, weights=weights, k=1)[0]


def plan_performance(people: list[Person], as_of: dt.date,
                     rng: random.Random) -> list[PerformanceDraft]:
    drafts = []
    for person in people:
        for year in range(as_of.year - 3, as_of.year):
            if person.tmt > dt.date(year, 7, 1):
                continue
            predicate = weighted(rng, PREDICATES[person.performance])
            result, behaviour = ratings_for(rng, predicate)
            drafts.append(PerformanceDraft(person.idx, year, result, behaviour, predicate))
    return drafts
