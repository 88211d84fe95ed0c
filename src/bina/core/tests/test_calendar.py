"""Double bookings and absence peaks of the delivery calendar."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bina.core.calendar import AbsencePeak, Booking, Conflict, absence_peaks, double_bookings

D0 = date(2026, 3, 1)


def b(person: str, activity: str, start: int, end: int, unit: str = "U") -> Booking:
    return Booking(person, unit, activity, D0 + timedelta(start), D0 + timedelta(end))


def test_overlapping_activities_of_one_person_conflict_once() -> None:
    got = double_bookings([b("p", "A", 0, 4), b("p", "B", 3, 6), b("q", "C", 0, 9)])
    assert got == (Conflict("p", "A", "B", D0 + timedelta(3), D0 + timedelta(4)),)


def test_touching_ranges_overlap_and_adjacent_ones_do_not() -> None:
    assert len(double_bookings([b("p", "A", 0, 2), b("p", "B", 2, 3)])) == 1
    assert double_bookings([b("p", "A", 0, 2), b("p", "B", 3, 4)]) == ()


def test_the_same_activity_twice_is_no_conflict_and_duplicates_report_once() -> None:
    assert double_bookings([b("p", "A", 0, 5), b("p", "A", 1, 2)]) == ()
    got = double_bookings([b("p", "A", 0, 5), b("p", "B", 1, 2), b("p", "B", 1, 2)])
    assert len(got) == 1


def test_three_overlapping_activities_give_three_pairs() -> None:
    got = double_bookings([b("p", "A", 0, 9), b("p", "B", 1, 8), b("p", "C", 2, 7)])
    assert {(c.activity_a, c.activity_b) for c in got} == {("A", "B"), ("A", "C"), ("B", "C")}


def test_a_booking_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="ends before"):
        double_bookings([b("p", "A", 3, 1)])


def test_absence_peaks_merge_consecutive_days() -> None:
    bookings = [b("p1", "A", 0, 4), b("p2", "B", 2, 6), b("p3", "C", 3, 3),
                b("p3", "D", 3, 5)]  # p3 twice on day 3 counts once
    got = absence_peaks(bookings, {"U": 4}, 0.25)  # more than 1 of 4 away
    assert got == (AbsencePeak("U", D0 + timedelta(2), D0 + timedelta(5), 3,
                               D0 + timedelta(3), 4, 1.0),)


def test_units_are_separate_and_unknown_units_are_skipped() -> None:
    bookings = [b("p1", "A", 0, 0, "U"), b("p2", "A", 0, 0, "V"), b("p3", "A", 0, 0, "W"),
                b("p4", "A", 0, 0, "W")]
    got = absence_peaks(bookings, {"U": 2, "V": 2}, 0.4)
    assert [p.unit for p in got] == ["U", "V"]
    assert absence_peaks(bookings, {"U": 10}, 0.5) == ()


def brute(bookings: list[Booking], sizes: dict[str, int], share: float
          ) -> list[tuple[str, date, date, int]]:
    out: list[tuple[str, date, date, int]] = []
    for unit in sorted(sizes):
        days = sorted({b.start + timedelta(k) for b in bookings if b.unit == unit
                       for k in range((b.end - b.start).days + 1)})
        over: list[tuple[date, int]] = []
        for d in days:
            n = len({b.person_id for b in bookings if b.unit == unit and b.start <= d <= b.end})
            if n > share * sizes[unit]:
                over.append((d, n))
        for d, n in over:
            if out and out[-1][0] == unit and out[-1][2] + timedelta(1) == d:
                out[-1] = (unit, out[-1][1], d, max(out[-1][3], n))
            else:
                out.append((unit, d, d, n))
    return out


booking = st.builds(b, st.sampled_from(["p1", "p2", "p3", "p4", "p5"]),
                    st.sampled_from(["A", "B", "C"]), st.integers(0, 20),
                    st.integers(0, 5), st.sampled_from(["U", "V"])).map(
    lambda x: Booking(x.person_id, x.unit, x.activity_id, x.start,
                      x.start + timedelta((x.end - D0).days)))


@settings(max_examples=60, deadline=None)
@given(st.lists(booking, max_size=15), st.sampled_from([0.0, 0.2, 0.34, 0.5]))
def test_absence_peaks_match_a_day_by_day_count(bookings: list[Booking], share: float) -> None:
    sizes = {"U": 3, "V": 5}
    got = [(p.unit, p.start, p.end, p.peak) for p in absence_peaks(bookings, sizes, share)]
    assert got == brute(bookings, sizes, share)


@settings(max_examples=60, deadline=None)
@given(st.lists(booking, max_size=15))
def test_double_bookings_match_a_pairwise_check(bookings: list[Booking]) -> None:
    expected = set()
    for x in bookings:
        for y in bookings:
            if x.person_id == y.person_id and x.activity_id < y.activity_id and \
                    x.start <= y.end and y.start <= x.end:
                expected.add((x.person_id, x.activity_id, y.activity_id,
                              max(x.start, y.start), min(x.end, y.end)))
    got = {(c.person_id, c.activity_a, c.activity_b, c.start, c.end)
           for c in double_bookings(bookings)}
    assert got == expected


def test_thirty_thousand_bookings_are_fast() -> None:
    import random

    rng = random.Random(3)
    bookings = []
    for k in range(30_000):
        start = rng.randint(0, 360)
        bookings.append(b(f"p{rng.randint(0, 6000)}", f"a{k % 900}", start,
                          start + rng.randint(0, 10), f"U{rng.randint(0, 40)}"))
    sizes = {f"U{i}": 150 for i in range(41)}
    t = time.perf_counter()
    absence_peaks(bookings, sizes, 0.1)
    double_bookings(bookings)
    assert time.perf_counter() - t < 5
