"""The demo's catalogue and plans: this year's plan approved, next year's a draft, both within
their budget and built from the closed AKPK rounds."""

from __future__ import annotations

import datetime as dt

import pytest

from bina.demo.generator import generate_demo
from bina.demo.plans import DEMO_BUDGET
from bina.plan.models import Plan, PlanAssignment, PlanStatus, Programme

AS_OF = dt.date(2026, 11, 28)


@pytest.mark.django_db
def test_the_demo_has_an_approved_plan_this_year_and_a_draft_next_year() -> None:
    summary = generate_demo(employees=300, seed=2026, as_of=AS_OF)
    assert summary.plans is not None and len(summary.plans.plans) == 2
    assert Programme.objects.filter(is_mandatory=True).count() == 4
    current = Plan.objects.get(year=2026)
    following = Plan.objects.get(year=2027)
    assert current.status == PlanStatus.APPROVED and current.approved_by is not None
    assert current.needs_round.code == "akpk-2026"
    assert following.status == PlanStatus.DRAFT and following.needs_round.code == "akpk-2027"
    for plan in (current, following):
        assert plan.budget >= DEMO_BUDGET and 0 < plan.cost <= plan.budget
        assert plan.bound >= plan.value
        assert PlanAssignment.objects.filter(plan=plan).exists()
    assert len(following.curve) == 11
    # refreshing the demo replaces the plans instead of adding to them
    generate_demo(employees=300, seed=2026, as_of=AS_OF)
    assert Plan.objects.count() == 2
