"""Scheduling warnings for the delivery calendar: a person booked on two activities at once,
and days when too many people of one unit are away. Pure: no Django.

Dates are whole days, ``start`` and ``end`` inclusive. Both checks sweep sorted interval
endpoints (O(n log n) in the number of bookings plus the conflicts found), never loop over
days × people, so 30,000 bookings over a year take well under a second.

The threshold of :func:`absence_peaks` (``max_share`` of a unit away on one day) is the
agency's choice: no regulation sets one (**UNVERIFIED**, a planning heuristic).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Booking:
    person_id: str
    unit: str
    activity_id: str
    start: date
    end: date


@dataclass(frozen=True)
class Conflict:
    """Two bookings of one person on different activities that overlap from ``start`` to
    ``end`` (inclusive); ``activity_a`` ≤ ``activity_b``."""

    person_id: str
    activity_a: str
    activity_b: str
    start: date
    end: date


@dataclass(frozen=True)
class AbsencePeak:
    """Consecutive days (``start``..``end``) when more than ``limit`` people of ``unit`` are
    away; ``peak`` is the most on any of those days, ``peak_day`` the first day it occurs."""

    unit: str
    start: date
    end: date
    peak: int
    peak_day: date
    unit_size: int
    limit: float


def _check(bookings: Iterable[Booking]) -> list[Booking]:
    out = list(bookings)
    for b in out:
        if b.end < b.start:
            raise ValueError(f"booking of {b.person_id} on {b.activity_id} ends before it "
                             f"starts ({b.start} > {b.end})")
    return out


def double_bookings(bookings: Iterable[Booking]) -> tuple[Conflict, ...]:
    """Every pair of overlapping bookings of the same person on different activities, once
    (identical conflicts, e.g. from duplicated bookings, are reported once). Sorted by person,
    start, activities."""
    by_person: dict[str, list[Booking]] = {}
    for b in _check(bookings):
        by_person.setdefault(b.person_id, []).append(b)
    found: set[Conflict] = set()
    for person, items in by_person.items():
        items.sort(key=lambda b: (b.start, b.end))
        active: list[Booking] = []
        for b in items:
            active = [a for a in active if a.end >= b.start]
            for a in active:
                if a.activity_id != b.activity_id:
                    x, y = sorted((a.activity_id, b.activity_id))
                    found.add(Conflict(person, x, y, b.start, min(a.end, b.end)))
            active.append(b)
    return tuple(sorted(found, key=lambda c: (c.person_id, c.start, c.activity_a,
                                              c.activity_b, c.end)))


def _merge(intervals: list[tuple[date, date]]) -> list[tuple[date, date]]:
    intervals.sort()
    merged: list[tuple[date, date]] = []
    for s, e in intervals:
        if merged and s <= merged[-1][1] + ONE_DAY:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def absence_peaks(bookings: Iterable[Booking], unit_sizes: Mapping[str, int],
                  max_share: float) -> tuple[AbsencePeak, ...]:
    """Per unit, the runs of days when the number of distinct people away exceeds
    ``max_share`` × the unit's size, consecutive days merged into one warning with the peak
    count. A person counts in the unit of their booking; a unit missing from ``unit_sizes`` is
    not checked. Sorted by unit, then start."""
    per: dict[tuple[str, str], list[tuple[date, date]]] = {}
    for b in _check(bookings):
        if b.unit in unit_sizes:
            per.setdefault((b.unit, b.person_id), []).append((b.start, b.end))
    events: dict[str, dict[date, int]] = {}
    for (unit, _), intervals in per.items():
        ev = events.setdefault(unit, {})
        for s, e in _merge(intervals):  # a person counts once per day
            ev[s] = ev.get(s, 0) + 1
            ev[e + ONE_DAY] = ev.get(e + ONE_DAY, 0) - 1
    out: list[AbsencePeak] = []
    for unit in sorted(events):
        size = unit_sizes[unit]
        limit = max_share * size
        count = 0
        run_start: date | None = None
        peak = 0
        peak_day: date | None = None
        for day in sorted(events[unit]):
            count += events[unit][day]
            # the count holds from `day` up to the next event day
            if count > limit:
                if run_start is None:
                    run_start, peak, peak_day = day, count, day
                elif count > peak:
                    peak, peak_day = count, day
            elif run_start is not None and peak_day is not None:
                out.append(AbsencePeak(unit, run_start, day - ONE_DAY, peak, peak_day, size,
                                       limit))
                run_start = None
        # the count returns to 0 after the last event, which ends every run
    return tuple(out)
