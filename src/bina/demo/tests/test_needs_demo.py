"""The demo's AKPK round: closed and frozen, digital services first, deterministic, refreshable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bina.demo.generator import DemoSummary, generate_demo
from bina.needs.models import Answer, Interview, InterviewTag, NeedsRound, Participant, RoundStatus

N = 300
SEED = 2026  # the default seed; see the report on small headcounts
AS_OF = dt.date(2026, 11, 28)
CODE = "akpk-2027"


def demo(seed: int = SEED) -> DemoSummary:
    return generate_demo(employees=N, seed=seed, as_of=AS_OF)


def answers() -> list[tuple[str, str, int | None, int | None, int | None, int | None]]:
    return sorted(Answer.objects.filter(participant__round__code=CODE).values_list(
        "participant__employee__nip", "competency__code", "self_level", "supervisor_level",
        "importance", "ability"))


def participants() -> list[tuple[str, Any, Any, str]]:
    return sorted(Participant.objects.filter(round__code=CODE).values_list(
        "employee__nip", "self_submitted_at", "supervisor_submitted_at", "struggles"))


@pytest.fixture
def first() -> DemoSummary:
    return demo()


@pytest.mark.django_db
def test_the_round_of_next_year_is_closed_with_a_frozen_result(first: DemoSummary) -> None:
    needs_round = NeedsRound.objects.get(code=CODE)
    assert needs_round.name == "AKPK 2027" and needs_round.year == 2027
    assert needs_round.status == RoundStatus.CLOSED
    assert needs_round.result["round"] == CODE
    assert needs_round.result["competencies"] and needs_round.result["units"]
    assert needs_round.opened_at is not None and needs_round.closed_at is not None
    opened, closed = needs_round.opened_at, needs_round.closed_at
    assert opened < closed and closed.date() < AS_OF
    submitted = Participant.objects.filter(round=needs_round, self_submitted_at__isnull=False)
    for p in submitted:
        assert p.self_submitted_at is not None and opened <= p.self_submitted_at < closed
    assert first.needs is not None and first.needs.code == CODE


@pytest.mark.django_db
def test_digital_services_rank_first_with_a_reason(first: DemoSummary) -> None:
    result = NeedsRound.objects.get(code=CODE).result
    top = result["competencies"][0]
    assert top["code"] == "T.DIG.01" and top["rank"] == 1
    assert top["quadrant"] == "I"
    assert top["staff_below_standard"] > top["staff_assessed"] / 2
    assert "di bawah standar" in top["reason"]["id"] and top["interview_mentions"] >= 3
    assert first.needs is not None and first.needs.top[0][0] == "T.DIG.01"


@pytest.mark.django_db
def test_coverage_disagreements_and_interviews_look_real(first: DemoSummary) -> None:
    needs_round = NeedsRound.objects.get(code=CODE)
    people = Participant.objects.filter(round=needs_round)
    total = people.count()
    answered = people.filter(self_submitted_at__isnull=False).count()
    rated = people.filter(supervisor_submitted_at__isnull=False).count()
    assert 0.7 <= answered / total <= 0.95
    assert 0.6 <= rated / total <= 0.9
    assert 0.15 <= people.exclude(struggles="").count() / answered <= 0.45
    assert needs_round.result["disagreements"] > 0
    rows = Answer.objects.filter(participant__round=needs_round)
    assert rows.filter(importance__gte=3).count() > 0.7 * rows.filter(
        importance__isnull=False).count()
    assert 6 <= Interview.objects.filter(round=needs_round).count() <= 10
    assert InterviewTag.objects.filter(interview__round=needs_round,
                                       competency__code="T.DIG.01").count() >= 3


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_answers_and_a_refresh_replaces_them(
        first: DemoSummary) -> None:
    before, people = answers(), participants()
    second = demo()
    assert second.refreshed
    assert NeedsRound.objects.filter(code=CODE).count() == 1
    assert answers() == before and participants() == people
    assert first.needs is not None
    assert Interview.objects.filter(round__code=CODE).count() == first.needs.interviews
