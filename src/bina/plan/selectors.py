"""Reads of the programme catalogue."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from bina.core.plan import Programme as PlanProgramme
from bina.org.models import Agency
from bina.plan.models import Programme


def programmes(agency: Agency) -> QuerySet[Programme]:
    return (Programme.objects.filter(agency=agency)
            .select_related("path", "provider").order_by("code"))


def whole_jp(jp: Decimal) -> int:
    """The optimiser counts whole JP: 16.5 → 17 (half up)."""
    return int(jp.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def programme_problem_rows(agency: Agency) -> list[PlanProgramme]:
    """The agency's active programmes as the optimiser's programmes (the bridge the planner
    uses): JP (whole), cost = fee + other costs per participant, seats over all classes, and
    the gains by competency code."""
    rows = (Programme.objects.filter(agency=agency, is_active=True)
            .prefetch_related("gains__competency").order_by("code"))
    return [
        PlanProgramme(
            code=p.code, jp=whole_jp(p.jp), cost=p.cost_total_per_participant, seats=p.seats,
            gains={g.competency.code: g.levels for g in p.gains.all()},
        )
        for p in rows
    ]
