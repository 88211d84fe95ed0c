"""``{% open_task_count user as n %}``: the questionnaires still waiting for this user."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from bina.needs import selectors

register = template.Library()


@register.simple_tag
def open_task_count(user: Any) -> int:
    employee_id = getattr(user, "employee_id", None)
    if employee_id is None:
        return 0
    own = selectors.open_tasks_for(employee_id).filter(
        Q(round__use_self_assessment=True) | Q(round__use_borich=True),
        self_submitted_at__isnull=True)
    rate = selectors.supervisor_tasks_for(employee_id).filter(
        supervisor_submitted_at__isnull=True, round__use_supervisor_rating=True)
    return own.count() + rate.count()
