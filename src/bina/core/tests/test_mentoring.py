"""Mentor–mentee matching (methods.md B7): rules, fit, exact assignment."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bina.core.mentoring import (
    MatchRules,
    Mentee,
    Mentor,
    MentoringError,
    Person,
    check_pair,
    eligibility,
    fit,
    greedy_match,
    match,
)
from bina.core.messages import CATALOGUE

COMPS = ("M.1", "T.1")
RULES = MatchRules(COMPS)


def person(pid: str, *, unit: str = "U1", field: str = "F1", gol: int = 10, pos: int = 3,
           levels: dict[str, int] | None = None, sup: str | None = None) -> Person:
    return Person(pid, f"Name {pid}", unit, field, gol, pos,
                  levels if levels is not None else {"M.1": 4, "T.1": 4}, sup)


def mentor(pid: str, capacity: int = 2, **kw: object) -> Mentor:
    return Mentor(person(pid, **kw), capacity)  # type: ignore[arg-type]


def mentee(pid: str, required: dict[str, int] | None = None, **kw: object) -> Mentee:
    kw.setdefault("gol", 7)
    kw.setdefault("pos", 1)
    kw.setdefault("levels", {"M.1": 2, "T.1": 1})
    return Mentee(person(pid, **kw),  # type: ignore[arg-type]
                  required if required is not None else {"M.1": 3, "T.1": 3})


def codes(msgs: tuple[object, ...]) -> list[str]:
    return [m.code for m in msgs]  # type: ignore[attr-defined]


def test_an_eligible_pair_has_no_violations() -> None:
    assert check_pair(mentor("a"), mentee("b"), RULES) == ()


def test_nobody_mentors_themselves() -> None:
    m = mentor("a")
    e = Mentee(m.person, {})
    assert codes(check_pair(m, e, RULES)) == ["mentoring.self"]


def test_the_mentor_must_reach_the_required_level() -> None:
    low = mentor("a", levels={"M.1": 2, "T.1": 4})
    assert codes(check_pair(low, mentee("b"), RULES)) == ["mentoring.level_low"]
    missing = mentor("a", levels={"M.1": 4})
    assert codes(check_pair(missing, mentee("b"), RULES)) == ["mentoring.level_missing"]
    # a competency the mentee has no required level for does not matter
    assert check_pair(missing, mentee("b", {"M.1": 3}), RULES) == ()
    # nor one outside the pairing
    assert check_pair(low, mentee("b"), MatchRules(("T.1",))) == ()
    exact = mentor("a", levels={"M.1": 3, "T.1": 3})
    assert check_pair(exact, mentee("b"), RULES) == ()


@pytest.mark.parametrize(("seniority", "gol", "pos", "ok"), [
    ("golongan", 8, 1, True), ("golongan", 7, 9, False),
    ("position", 7, 2, True), ("position", 9, 1, False),
    ("either", 8, 1, True), ("either", 7, 2, True), ("either", 7, 1, False),
    ("both", 8, 2, True), ("both", 8, 1, False), ("both", 7, 2, False),
])
def test_seniority_variants(seniority: str, gol: int, pos: int, ok: bool) -> None:
    rules = MatchRules(COMPS, seniority=seniority)  # type: ignore[arg-type]
    got = check_pair(mentor("a", gol=gol, pos=pos), mentee("b"), rules)
    assert (got == ()) is ok
    if not ok:
        assert codes(got) == [f"mentoring.seniority.{seniority}"]


def test_the_rank_gap_is_configurable() -> None:
    rules = MatchRules(COMPS, seniority="golongan", min_rank_gap=3)
    assert check_pair(mentor("a", gol=9), mentee("b"), rules) != ()
    assert check_pair(mentor("a", gol=10), mentee("b"), rules) == ()


def test_unit_rules() -> None:
    same, other = mentor("a", unit="U1"), mentor("c", unit="U2")
    e = mentee("b", unit="U1")
    for m in (same, other):
        assert check_pair(m, e, MatchRules(COMPS, unit_rule="any")) == ()
    assert check_pair(same, e, MatchRules(COMPS, unit_rule="same")) == ()
    assert codes(check_pair(other, e, MatchRules(COMPS, unit_rule="same"))) == \
        ["mentoring.unit_same"]
    assert check_pair(other, e, MatchRules(COMPS, unit_rule="different")) == ()
    assert codes(check_pair(same, e, MatchRules(COMPS, unit_rule="different"))) == \
        ["mentoring.unit_different"]


def test_field_rule() -> None:
    rules = MatchRules(COMPS, same_field=True)
    assert check_pair(mentor("a", field="F1"), mentee("b", field="F1"), rules) == ()
    assert codes(check_pair(mentor("a", field="F2"), mentee("b", field="F1"), rules)) == \
        ["mentoring.field"]


def test_supervisor_rules() -> None:
    boss, other = mentor("boss"), mentor("other")
    e = mentee("b", sup="boss")
    allowed = MatchRules(COMPS, supervisor_rule="allowed")
    excluded = MatchRules(COMPS, supervisor_rule="excluded")
    required = MatchRules(COMPS, supervisor_rule="required")  # Latsar CPNS
    assert check_pair(boss, e, allowed) == () and check_pair(other, e, allowed) == ()
    assert codes(check_pair(boss, e, excluded)) == ["mentoring.supervisor_excluded"]
    assert check_pair(other, e, excluded) == ()
    assert check_pair(boss, e, required) == ()
    assert codes(check_pair(other, e, required)) == ["mentoring.supervisor_required"]
    m = match([boss, other], [e], required)
    assert [(p.mentor_id, p.mentee_id) for p in m.pairs] == [("boss", "b")]


def test_every_violation_renders_in_both_languages() -> None:
    bad = mentor("a", unit="U1", field="F2", gol=1, pos=1, levels={"M.1": 1})
    rules = MatchRules(COMPS, seniority="both", unit_rule="different", same_field=True,
                       supervisor_rule="required")
    msgs = check_pair(bad, mentee("b"), rules)
    assert len(msgs) == 6
    for msg in msgs:
        assert msg.code in CATALOGUE
        assert msg.render("id") != msg.render("en")


def test_fit_explains_every_term() -> None:
    f = fit(mentor("a", levels={"M.1": 5, "T.1": 3}), mentee("b"), RULES)
    # base 10; excess (M.1: 2 → 1.0, T.1: 0) × 4 / 2 competencies = 2;
    # gap (M.1: 1, T.1: 2) / 3 × 3 / 2 = 1.5; same field 2
    assert f.score == pytest.approx(15.5)
    got = codes(f.reasons)
    assert got.count("mentoring.fit.excess") == 2
    assert got.count("mentoring.fit.gap") == 2
    assert "mentoring.fit.base" in got and "mentoring.fit.same_field" in got
    for r in f.reasons:
        assert r.render("en")
    other_field = fit(mentor("a", field="F9"), mentee("b"), RULES)
    assert "mentoring.fit.same_field" not in codes(other_field.reasons)


def test_an_ineligible_pair_scores_zero_with_its_violations() -> None:
    f = fit(mentor("a", gol=1, pos=1), mentee("b"), RULES)
    assert f.score == 0.0
    assert codes(f.reasons) == ["mentoring.seniority.either"]


def test_the_bonus_of_one_pair_never_reaches_the_base() -> None:
    f = fit(mentor("a", levels={"M.1": 9, "T.1": 9}),
            mentee("b", levels={"M.1": 0, "T.1": 0}, required={"M.1": 5, "T.1": 5}), RULES)
    assert 10 < f.score < 20


def test_capacity_is_respected_and_the_rest_explained() -> None:
    ms = [mentor("a", capacity=1)]
    es = [mentee("b"), mentee("c"), mentee("d", levels={"M.1": 9, "T.1": 9}, gol=20)]
    es[2] = Mentee(es[2].person, {"M.1": 9})
    m = match(ms, es, RULES)
    assert len(m.pairs) == 1 and m.optimal
    reasons = {u.mentee_id: u.reason.code for u in m.unmatched}
    loser = "c" if m.pairs[0].mentee_id == "b" else "b"
    assert reasons == {loser: "mentoring.unmatched.full",
                       "d": "mentoring.unmatched.none_eligible"}
    assert m.total_fit == pytest.approx(sum(p.fit.score for p in m.pairs))


def test_empty_inputs() -> None:
    assert match([], [], RULES).pairs == ()
    m = match([], [mentee("b")], RULES)
    assert [u.reason.code for u in m.unmatched] == ["mentoring.unmatched.none_eligible"]
    assert match([mentor("a")], [], RULES).unmatched == ()
    assert greedy_match([], [mentee("b")], RULES).pairs == ()


def test_the_exact_matching_beats_greedy_when_greedy_blocks() -> None:
    # a fits b best, but c can only go to a: the exact matching gives b to x
    a = mentor("a", capacity=1, levels={"M.1": 5, "T.1": 5})
    x = mentor("x", capacity=1, field="F2", unit="U2", levels={"M.1": 3, "T.1": 3})
    b = mentee("b")
    c = mentee("c", unit="U1", required={"M.1": 4})
    rules = MatchRules(COMPS)
    exact = match([a, x], [b, c], rules)
    greedy = greedy_match([a, x], [b, c], rules)
    assert {(p.mentor_id, p.mentee_id) for p in exact.pairs} == {("a", "c"), ("x", "b")}
    assert len(greedy.pairs) == 1
    assert exact.total_fit > greedy.total_fit


def test_fixed_and_forbidden_pairs() -> None:
    a, x = mentor("a", capacity=1), mentor("x", capacity=1, field="F2")
    b, c = mentee("b"), mentee("c")
    free = match([a, x], [b, c], RULES)
    assert len(free.pairs) == 2
    locked = match([a, x], [b, c], RULES, fixed=[("x", "b")])
    assert ("x", "b") in {(p.mentor_id, p.mentee_id) for p in locked.pairs}
    assert [p.fixed for p in locked.pairs if p.mentee_id == "b"] == [True]
    banned = match([a, x], [b, c], RULES, forbidden=[("a", "b"), ("a", "c")])
    assert all(p.mentor_id != "a" for p in banned.pairs)
    assert len(banned.pairs) == 1


@pytest.mark.parametrize(("fixed", "forbidden", "code"), [
    ([("a", "zz")], [], "mentoring.fixed_unknown"),
    ([("low", "b")], [], "mentoring.fixed_invalid"),
    ([("a", "b")], [("a", "b")], "mentoring.fixed_forbidden"),
    ([("a", "b"), ("x", "b")], [], "mentoring.fixed_twice"),
    ([("a", "b"), ("a", "c")], [], "mentoring.fixed_capacity"),
])
def test_bad_fixed_pairs_are_refused(fixed: list[tuple[str, str]],
                                     forbidden: list[tuple[str, str]], code: str) -> None:
    ms = [mentor("a", capacity=1), mentor("x"), mentor("low", gol=1, pos=1)]
    with pytest.raises(MentoringError) as err:
        match(ms, [mentee("b"), mentee("c")], RULES, fixed=fixed, forbidden=forbidden)
    assert err.value.message.code == code
    assert err.value.message.render("id")


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(MentoringError):
        match([mentor("a"), mentor("a")], [mentee("b")], RULES)
    with pytest.raises(MentoringError):
        match([mentor("a")], [mentee("b"), mentee("b")], RULES)


# --------------------------------------------------------------------------------------------
# Properties


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Mentor], list[Mentee], MatchRules,
                                        list[tuple[str, str]]]:
    n_m = draw(st.integers(0, 5))
    n_e = draw(st.integers(0, 8))
    level = st.integers(1, 5)

    def levels() -> dict[str, int]:
        return {c: draw(level) for c in COMPS if draw(st.booleans()) or c == "M.1"}

    ids_m = [f"m{i}" for i in range(n_m)]
    shared = draw(st.booleans())  # a mentor who is also a mentee
    ms = [Mentor(Person(pid, pid, draw(st.sampled_from("AB")), draw(st.sampled_from("XY")),
                        draw(st.integers(1, 6)), draw(st.integers(1, 4)), levels(), None),
                 draw(st.integers(0, 3))) for pid in ids_m]
    es = []
    for j in range(n_e):
        pid = "m0" if shared and j == 0 and ms else f"e{j}"
        es.append(Mentee(Person(pid, pid, draw(st.sampled_from("AB")),
                                draw(st.sampled_from("XY")), draw(st.integers(1, 6)),
                                draw(st.integers(1, 4)), levels(),
                                draw(st.sampled_from([None, *ids_m]))),
                         {c: draw(level) for c in COMPS if draw(st.booleans())}))
    rules = MatchRules(
        COMPS, seniority=draw(st.sampled_from(["golongan", "position", "either", "both"])),
        min_rank_gap=draw(st.integers(0, 2)),
        unit_rule=draw(st.sampled_from(["any", "same", "different"])),
        same_field=draw(st.booleans()),
        supervisor_rule=draw(st.sampled_from(["allowed", "excluded", "required"])))
    forbidden = [(m.person.id, e.person.id) for m in ms for e in es if draw(st.booleans())
                 and draw(st.booleans())]
    return ms, es, rules, forbidden


@settings(max_examples=60, deadline=None)
@given(instances())
def test_matching_properties(inst: tuple[list[Mentor], list[Mentee], MatchRules,
                                         list[tuple[str, str]]]) -> None:
    ms, es, rules, forbidden = inst
    by_m = {m.person.id: m for m in ms}
    by_e = {e.person.id: e for e in es}
    # the vectorised eligibility is check_pair's
    grid = eligibility(ms, es, rules) if ms and es else []
    for i, m in enumerate(ms):
        for j, e in enumerate(es):
            assert grid[i][j] == (check_pair(m, e, rules) == ())
    exact = match(ms, es, rules, forbidden=forbidden)
    greedy = greedy_match(ms, es, rules, forbidden=forbidden)
    assert exact.optimal
    for result in (exact, greedy):
        load = Counter(p.mentor_id for p in result.pairs)
        assert all(load[k] <= by_m[k].capacity for k in load)
        assert len({p.mentee_id for p in result.pairs}) == len(result.pairs)
        for p in result.pairs:
            assert check_pair(by_m[p.mentor_id], by_e[p.mentee_id], rules) == ()
            assert (p.mentor_id, p.mentee_id) not in forbidden
            assert p.fit.score >= 10
        assert len(result.pairs) + len(result.unmatched) == len(es)
    assert exact.total_fit >= greedy.total_fit - 1e-9
    # locking the greedy pairs keeps them, and the result is still a valid matching
    locked = [(p.mentor_id, p.mentee_id) for p in greedy.pairs]
    kept = match(ms, es, rules, fixed=locked, forbidden=forbidden)
    assert set(locked) <= {(p.mentor_id, p.mentee_id) for p in kept.pairs}
    assert kept.total_fit >= greedy.total_fit - 1e-9
    assert kept.total_fit <= exact.total_fit + 1e-9


def test_five_hundred_mentors_and_two_thousand_mentees_are_fast() -> None:
    import random

    rng = random.Random(7)
    units = [f"U{i}" for i in range(20)]
    fields = [f"F{i}" for i in range(6)]

    def p(pid: str, senior: bool) -> Person:
        return Person(pid, pid, rng.choice(units), rng.choice(fields),
                      rng.randint(8, 17) if senior else rng.randint(1, 12),
                      rng.randint(3, 6) if senior else rng.randint(1, 4),
                      {c: rng.randint(2, 5) if senior else rng.randint(1, 3) for c in COMPS},
                      None)

    ms = [Mentor(p(f"m{i}", True), rng.randint(2, 6)) for i in range(500)]
    es = [Mentee(p(f"e{i}", False), {c: rng.randint(2, 4) for c in COMPS})
          for i in range(2000)]
    start = time.perf_counter()
    result = match(ms, es, MatchRules(COMPS, unit_rule="different"))
    seconds = time.perf_counter() - start
    assert result.optimal
    assert len(result.pairs) > 1500
    assert seconds < 20  # ~3 s alone on the 2-core machine; slack for parallel test runs
