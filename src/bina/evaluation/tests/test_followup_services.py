"""Behaviour follow-up (level 3): opening, rating, the competency record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bina.delivery.models import ActivityStatus, Enrollment, Outcome
from bina.delivery.tests.factories import make_activity
from bina.evaluation import followup
from bina.evaluation.followup import FollowUpError, RatingInput
from bina.evaluation.models import CompetencyRating, FollowUp, FollowUpStatus
from bina.plan.models import ProgrammeGain
from bina.reference.models import Competency

TODAY = dt.date(2026, 11, 28)


def completed_activity(world: Any, *, ended_days_ago: int, code: str = "WS-2026-01",
                       people: tuple[Any, ...] | None = None) -> Any:
    end = TODAY - dt.timedelta(days=ended_days_ago)
    activity = make_activity(world, code, start=end - dt.timedelta(days=1), days=2,
                             people=people if people is not None else (world.staff, world.lab),
                             status=ActivityStatus.COMPLETED)
    Enrollment.objects.filter(activity=activity).update(outcome=Outcome.COMPLETED)
    competencies = list(Competency.objects.filter(agency__isnull=True).order_by("code")[:2])
    for c in competencies:
        ProgrammeGain.objects.get_or_create(programme=activity.programme, competency=c,
                                            defaults={"levels": 1})
    return activity


def opened(world: Any, **kwargs: Any) -> list[FollowUp]:
    completed_activity(world, **kwargs)
    followup.followups_open(agency=world.agency, user=world.planner, today=TODAY)
    return list(FollowUp.objects.order_by("enrollment__employee__name"))


def ratings_for(fu: FollowUp, level: int = 3, applied: int = 4) -> list[RatingInput]:
    return [RatingInput(r.competency_id, level, applied) for r in fu.ratings.all()]


@pytest.mark.django_db
def test_it_opens_follow_ups_60_days_after_the_end_with_the_targeted_competencies(
        world: Any) -> None:
    follow_ups = opened(world, ended_days_ago=70)
    assert len(follow_ups) == 2
    staff_fu = FollowUp.objects.get(enrollment__employee=world.staff)
    assert staff_fu.supervisor == world.kabid
    assert staff_fu.ratings.count() == 2
    end = staff_fu.enrollment.activity.end_date
    assert staff_fu.opens_on == end + dt.timedelta(days=60)
    assert staff_fu.due_on == end + dt.timedelta(days=90)


@pytest.mark.django_db
def test_opening_is_idempotent_and_waits_for_60_days(world: Any) -> None:
    completed_activity(world, ended_days_ago=30)
    assert followup.followups_open(agency=world.agency, user=None, today=TODAY) == 0
    completed_activity(world, ended_days_ago=65, code="LAT-2026-01")
    assert followup.followups_open(agency=world.agency, user=None, today=TODAY) == 2
    assert followup.followups_open(agency=world.agency, user=None, today=TODAY) == 0
    assert FollowUp.objects.count() == 2


@pytest.mark.django_db
def test_not_completed_participants_get_no_follow_up(world: Any) -> None:
    activity = completed_activity(world, ended_days_ago=70)
    Enrollment.objects.filter(activity=activity, employee=world.lab).update(
        outcome=Outcome.NOT_COMPLETED)
    followup.followups_open(agency=world.agency, user=None, today=TODAY)
    assert list(FollowUp.objects.values_list("enrollment__employee", flat=True)) == [
        world.staff.pk]


@pytest.mark.django_db
def test_the_self_rating_is_recorded_flagged_then_the_supervisor_level_counts(
        world: Any) -> None:
    opened(world, ended_days_ago=70)
    fu = FollowUp.objects.get(enrollment__employee=world.staff)
    followup.followup_self_submit(follow_up=fu, user=world.staff_user,
                                  ratings=ratings_for(fu, 4, 4), note="Membuat SOP baru",
                                  today=TODAY)
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.PARTIAL
    rows = CompetencyRating.objects.filter(employee=world.staff, follow_up=fu)
    assert rows.count() == 2 and all(r.level == 4 for r in rows)
    assert all("PENILAIAN DIRI" in r.evidence for r in rows)
    kabid_user = world.kabid_user
    followup.followup_supervisor_submit(follow_up=fu, user=kabid_user,
                                        ratings=ratings_for(fu, 3, 2), note="Mulai menerapkan",
                                        today=TODAY)
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.DONE
    latest = CompetencyRating.objects.filter(employee=world.staff).order_by("-rated_on", "-pk")
    current = {r.competency_id: r for r in reversed(list(latest))}
    assert {r.level for r in current.values()} == {3}
    assert all("atasan" in r.evidence for r in current.values())
    assert CompetencyRating.objects.filter(employee=world.staff).count() == 4  # history kept


@pytest.mark.django_db
def test_a_supervisor_cannot_rate_someone_elses_subordinate(world: Any) -> None:
    opened(world, ended_days_ago=70)
    lab_fu = FollowUp.objects.get(enrollment__employee=world.lab)  # lab reports to kadis
    with pytest.raises(FollowUpError):
        followup.followup_supervisor_submit(follow_up=lab_fu, user=world.kabid_user,
                                            ratings=ratings_for(lab_fu), note="x", today=TODAY)
    with pytest.raises(FollowUpError):
        followup.followup_self_submit(follow_up=lab_fu, user=world.staff_user,
                                      ratings=ratings_for(lab_fu), note="x", today=TODAY)
    assert not CompetencyRating.objects.exists()


@pytest.mark.django_db
def test_it_rejects_a_score_of_six_and_missing_competencies(world: Any) -> None:
    opened(world, ended_days_ago=70)
    fu = FollowUp.objects.get(enrollment__employee=world.staff)
    with pytest.raises(FollowUpError):
        followup.followup_self_submit(follow_up=fu, user=world.staff_user,
                                      ratings=ratings_for(fu, 6, 3), note="x", today=TODAY)
    with pytest.raises(FollowUpError):
        followup.followup_self_submit(follow_up=fu, user=world.staff_user,
                                      ratings=ratings_for(fu)[:1], note="x", today=TODAY)
    fu.refresh_from_db()
    assert fu.self_submitted_at is None


@pytest.mark.django_db
def test_past_due_follow_ups_expire_and_cannot_be_filled(world: Any) -> None:
    completed_activity(world, ended_days_ago=95)
    assert followup.followups_open(agency=world.agency, user=None, today=TODAY) == 0
    followup.followups_open(agency=world.agency, user=None, today=TODAY, only_due=False)
    assert followup.followups_expire(agency=world.agency, today=TODAY) == 2
    fu = FollowUp.objects.get(enrollment__employee=world.staff)
    assert fu.status == FollowUpStatus.EXPIRED
    with pytest.raises(FollowUpError):
        followup.followup_self_submit(follow_up=fu, user=world.staff_user,
                                      ratings=ratings_for(fu), note="x", today=TODAY)


@pytest.mark.django_db
def test_the_overview_gives_response_rates_and_the_mean_applied_score(world: Any) -> None:
    opened(world, ended_days_ago=70)
    fu = FollowUp.objects.get(enrollment__employee=world.staff)
    followup.followup_self_submit(follow_up=fu, user=world.staff_user,
                                  ratings=ratings_for(fu, 3, 5), note="contoh", today=TODAY)
    followup.followup_supervisor_submit(follow_up=fu, user=world.kabid_user,
                                        ratings=ratings_for(fu, 3, 3), note="ok", today=TODAY)
    [row] = followup.overview(world.agency.pk)
    assert row.follow_ups == 2 and row.self_answered == 1 and row.supervisor_answered == 1
    assert row.self_rate == 50.0
    assert row.mean_applied == 3.0  # the supervisor's applied score counts
