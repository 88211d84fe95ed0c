"""Background work of the evaluation stage: each day the worker opens the behaviour
follow-ups that fall due (60 days after a class) and expires those past 90 days, so
participants and supervisors are asked without anyone pressing a button."""

from __future__ import annotations

from typing import Any

from bina.evaluation.followup import followups_expire, followups_open
from bina.jobs.registry import daily_task
from bina.org.models import Agency


@daily_task("evaluation.follow_ups")
def open_due_follow_ups() -> dict[str, Any]:
    opened = expired = 0
    for agency in Agency.objects.order_by("pk"):
        expired += followups_expire(agency=agency)
        opened += followups_open(agency=agency, user=None)
    return {"opened": opened, "expired": expired}
