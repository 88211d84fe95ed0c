"""The worker's daily task opens due behaviour follow-ups by itself, once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from bina.evaluation.models import FollowUp
from bina.evaluation.tests.test_followup_services import TODAY, completed_activity
from bina.jobs.services import run_daily_tasks

NOON = dt.datetime(TODAY.year, TODAY.month, TODAY.day, 4, tzinfo=dt.UTC)  # 12:00 WITA


def test_the_daily_task_opens_follow_ups_falling_due_and_only_once(world: Any) -> None:
    completed_activity(world, ended_days_ago=61)
    with time_machine.travel(NOON, tick=False):
        first = run_daily_tasks()["evaluation.follow_ups"]
        second = run_daily_tasks()["evaluation.follow_ups"]
    assert first["opened"] == 2 and FollowUp.objects.count() == 2
    assert second["opened"] == 0 and FollowUp.objects.count() == 2


def test_a_class_that_ended_recently_is_not_asked_about_yet(world: Any) -> None:
    completed_activity(world, ended_days_ago=30)
    with time_machine.travel(NOON, tick=False):
        result = run_daily_tasks()["evaluation.follow_ups"]
    assert result["opened"] == 0 and not FollowUp.objects.exists()
