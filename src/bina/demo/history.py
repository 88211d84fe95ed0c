"""Placement history of the demo employees, planned from the people and the unit history.

- Everyone has a current placement (``end_date`` null) that matches ``Employee.unit`` and
  ``position``. History starts at the later of the TMT and 2017-01-01 (the Perda 11/2016
  structure): earlier moves are not generated.
- About 15% moved once in the five years before the as-of date: a promotion (a lower structural
  post, or the previous jenjang of their jabatan fungsional) or a rotation to another unit or
  school.
- The 2025 reorganisation: whoever was in a unit that closed on 2026-01-01 has a placement in the
  old unit ending on 2026-01-01 and one in its successor starting that day. ``end_date`` is
  exclusive everywhere: it is the first day of the next placement, so the last day in the old unit
  is 2025-12-31.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from bina.demo.catalogue import EPOCH, Catalogue, UnitSpec
from bina.demo.staff import Person, add_months, weighted
from bina.demo.structure import PositionSpec, Structure, fungsional_code

SHARE_MOVED = 0.15
MOVE_WINDOW_YEARS = 5
FALLBACK_JENJANG = {"jpt_pratama": "ahli_madya", "jpt_madya": "ahli_madya",
                    "administrator": "ahli_muda", "pengawas": "ahli_pertama"}


@dataclass(frozen=True)
class PlacementDraft:
    person: int
    unit: str
    position: str
    start: dt.date
    end: dt.date | None


@dataclass
class PlacementPlanner:
    catalogue: Catalogue
    structure: Structure
    as_of: dt.date
    rng: random.Random
    used_posts: set[str] = field(default_factory=set)
    _predecessors: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for unit in self.catalogue.units:
            if unit.successor:
                self._predecessors.setdefault(unit.successor, []).append(unit.code)
        self.used_posts = set()

    # ---- the unit history -------------------------------------------------------------
    def predecessors(self, unit: UnitSpec) -> list[UnitSpec]:
        """Old units whose people moved into ``unit``: its own predecessors, else those of the
        nearest ancestor, else the old OPD whose sub-units moved into this OPD."""
        current: UnitSpec | None = unit
        while current is not None:
            direct = self._predecessors.get(current.code)
            if direct:
                return [self.catalogue.unit(code) for code in direct]
            current = self.catalogue.unit(current.parent) if current.parent else None
        roots = []
        for old_code, new_code in sorted(
                (u.code, u.successor) for u in self.catalogue.units if u.successor):
            if self.catalogue.unit(new_code or "").opd == unit.opd:
                root = self.catalogue.unit(self.catalogue.unit(old_code).opd)
                if root not in roots:
                    roots.append(root)
        return roots

    def units_on(self, day: dt.date) -> list[tuple[UnitSpec, float]]:
        return [(u, u.staff_weight) for u in self.catalogue.units
                if u.is_active_on(day) and u.kind != "sekolah" and u.staff_weight > 0]

    def schools_on(self, day: dt.date, other_than: str) -> list[UnitSpec]:
        return [u for u in self.catalogue.units
                if u.kind == "sekolah" and u.is_active_on(day) and u.code != other_than]

    def free_post(self, position_type: str, day: dt.date, opds: list[str],
                  until: dt.date | None = None) -> PositionSpec | None:
        """An unused structural post of ``position_type`` valid from ``day`` (until ``until``,
        exclusive, when given), in ``opds`` if possible."""
        last = until - dt.timedelta(days=1) if until else day
        posts = [p for p in self.structure.positions
                 if p.position_type == position_type and p.code.startswith("KA-")
                 and p.is_active_on(day) and p.is_active_on(last)
                 and p.code not in self.used_posts
                 and self.catalogue.unit(p.unit or "").kind != "sekolah"]
        near = [p for p in posts if self.catalogue.unit(p.unit or "").opd in opds]
        pool = near or posts
        if not pool:
            return None
        post = self.rng.choice(pool)
        self.used_posts.add(post.code)
        return post

    # ---- one person ---------------------------------------------------------------------
    def plan(self, person: Person) -> list[PlacementDraft]:
        start = max(person.tmt, EPOCH)
        segments: list[tuple[str, str, dt.date]] = [(person.unit, person.position, start)]
        earliest_move = max(add_months(start, 6),
                            add_months(self.as_of, -12 * MOVE_WINDOW_YEARS))
        latest_move = add_months(self.as_of, -1)
        if earliest_move < latest_move and self.rng.random() < SHARE_MOVED:
            span = (latest_move - earliest_move).days
            moved = (earliest_move + dt.timedelta(days=self.rng.randrange(span))).replace(day=1)
            if moved > start:
                previous = self.previous(person, moved - dt.timedelta(days=1))
                if previous is not None:
                    segments = [(previous[0], previous[1], start),
                                (person.unit, person.position, moved)]
        drafts: list[PlacementDraft] = []
        for i, (unit, position, begin) in enumerate(segments):
            end = segments[i + 1][2] if i + 1 < len(segments) else None
            drafts += self.valid_segments(person, unit, position, begin, end)
        return drafts

    def valid_segments(self, person: Person, unit_code: str, position: str, start: dt.date,
                       end: dt.date | None) -> list[PlacementDraft]:
        """Split or trim a placement so that its unit and position are valid throughout."""
        unit = self.catalogue.unit(unit_code)
        if unit.valid_from <= start:
            return [PlacementDraft(person.idx, unit_code, position, start, end)]
        if unit.valid_from == self.catalogue.reorganisation and self.predecessors(unit):
            preds = self.predecessors(unit)
            old = weighted(self.rng, [(u, u.staff_weight or 1.0) for u in preds])
            old_unit, old_position = self.old_position(position, old, start)
            return [PlacementDraft(person.idx, old_unit, old_position, start, unit.valid_from),
                    PlacementDraft(person.idx, unit_code, position, unit.valid_from, end)]
        if end is not None and end <= unit.valid_from:
            return []
        return [PlacementDraft(person.idx, unit_code, position, unit.valid_from, end)]

    def old_position(self, position: str, old: UnitSpec, start: dt.date) -> tuple[str, str]:
        """(unit, position) held in the old structure by whoever holds ``position`` in its
        successor: the same post of the predecessor, else a free post of the same level."""
        spec = self.structure.by_code[position]
        if not spec.is_structural:
            return old.code, position
        own = self.structure.by_code.get(f"KA-{old.code}")
        if own is not None and own.position_type == spec.position_type \
                and own.code not in self.used_posts and own.valid_from <= start:
            self.used_posts.add(own.code)
            return old.code, own.code
        post = self.free_post(spec.position_type, start, [old.opd],
                              until=self.catalogue.reorganisation)
        if post is not None:
            return post.unit or old.code, post.code
        return old.code, fungsional_code("AK", FALLBACK_JENJANG[spec.position_type])

    def previous(self, person: Person, day: dt.date) -> tuple[str, str] | None:
        """Where the person was before a move on the day after ``day``."""
        rng = self.rng
        position = self.structure.by_code[person.position]
        opd = self.catalogue.unit(person.unit).opd
        if person.is_school_head or person.is_teacher:
            schools = self.schools_on(day, person.unit)
            level = position.functional_level or ("ahli_madya" if person.grade_rank >= 13
                                                  else "ahli_muda")
            if person.is_teacher and not person.is_school_head:
                level = self.lower_level(position) if rng.random() < 0.4 else level
            return (rng.choice(schools).code, fungsional_code("GURU", level)) if schools else None
        if position.is_structural:
            if position.tier == 3:
                parent = self.catalogue.unit(person.unit).parent or person.unit
                if not self.catalogue.unit(parent).is_active_on(day):
                    return None
                pelaksana = "PL-PLO" if person.education in ("S1", "S2", "S3", "D4") else "PL-PGLO"
                return parent, pelaksana
            lower = "administrator" if position.tier <= 1 else "pengawas"
            post = self.free_post(lower, day, [opd])
            return (post.unit or "", post.code) if post is not None else None
        if position.position_type == "fungsional" and rng.random() < 0.5:
            lower_level = self.lower_level(position)
            if lower_level != position.functional_level and \
                    self.catalogue.unit(person.unit).is_active_on(day):
                return person.unit, fungsional_code(position.family or "", lower_level)
        units = [(u, w) for u, w in self.units_on(day) if u.opd != opd]
        return (weighted(rng, units).code, person.position) if units else None

    def lower_level(self, position: PositionSpec) -> str:
        family = self.catalogue.families.get(position.family or "")
        if family is None or position.functional_level not in family.levels:
            return position.functional_level
        index = family.levels.index(position.functional_level)
        if index == 0:
            return position.functional_level
        below = family.levels[index - 1]
        if position.functional_level.startswith("ahli") and not below.startswith("ahli"):
            return position.functional_level  # a new diploma, not a promotion
        return below


def plan_placements(catalogue: Catalogue, structure: Structure, people: list[Person],
                    as_of: dt.date, rng: random.Random) -> list[PlacementDraft]:
    planner = PlacementPlanner(catalogue, structure, as_of, rng)
    planner.used_posts = {p.position for p in people if p.role == "structural"}
    drafts: list[PlacementDraft] = []
    for person in people:
        drafts += planner.plan(person)
    return drafts
