"""The demo's programme catalogue and development plans (issue 4).

* The catalogue (``data/programmes.json``, 52 programmes): the mandatory leadership and basic
  training (Latsar, PKP, PKA, PKN II), e-government first (the demo's weakest competency),
  managerial, technical programmes per field, e-learning, coaching and mentoring.
* Two plans from the closed AKPK round, at the Pemprov's budget for staff development (about
  Rp 5.5 billion, gorontalo.md: at least 0.34% of the regional budget): the current year's plan,
  approved by the planner, and next year's draft at the same budget. Budget figures beyond the
  2026 total are ASSUMPTIONS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any

from django.db.models import Q

from bina.accounts.models import User
from bina.core.money import format_rupiah
from bina.needs.models import NeedsRound
from bina.org.models import Agency, Organisation
from bina.plan.building import PlanError, plan_inputs
from bina.plan.models import Plan, Programme, ProgrammeGain
from bina.plan.services import plan_approve, plan_build
from bina.reference.models import Competency, DevelopmentPath

DEMO_BUDGET = 5_500_000_000
NEXT_YEAR_BUDGET = 5_750_000_000


def _seconds(employees: int) -> float:
    """Time for each demo plan: 20 s at 6,000 employees (the MILP polish then proves the plan
    within about 1% of the best), a few seconds for a small demo."""
    return 2.0 + employees / 333


def _build(*, needs_round: NeedsRound, budget: int, planner: User | None, name: str,
           seconds: float, curve: bool) -> Plan:
    """A demo plan at ``budget``; should the mandatory programmes of a generated population not
    fit, at the budget they need plus a half (a demo must always have its plans)."""
    try:
        return plan_build(needs_round=needs_round, budget=budget, user=planner, name=name,
                          time_limit=seconds, curve=curve)
    except PlanError:
        inputs = plan_inputs(needs_round=needs_round, budget=10**14)
        need = sum(inputs.programmes[m.code].cost_total_per_participant
                   for m in inputs.mandatory)
        return plan_build(needs_round=needs_round, budget=max(budget, need * 3 // 2),
                          user=planner, name=name, time_limit=seconds, curve=curve)


@dataclass
class PlanDemoSummary:
    programmes: int = 0
    plans: list[str] = field(default_factory=list)


def _data() -> dict[str, Any]:
    text = resources.files("bina.demo").joinpath("data/programmes.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def write_programmes(agency: Agency, organisations: dict[str, Organisation]) -> int:
    """The demo catalogue; returns how many programmes."""
    paths = dict(DevelopmentPath.objects.values_list("code", "id"))
    competencies = dict(Competency.objects.filter(Q(agency=agency) | Q(agency__isnull=True))
                        .values_list("code", "id"))
    specs = _data()["programmes"]
    rows = Programme.objects.bulk_create(
        Programme(agency=agency, code=s["code"], name=s["name"], path_id=paths[s["path"]],
                  provider=organisations.get(s["provider"]),
                  jp=Decimal(s["jp"]), cost_per_participant=s["cost"],
                  extra_cost_per_participant=s["extra_cost"],
                  seats_per_class=s["seats_per_class"], classes=s["classes"],
                  months=s["months"], suitable_position_types=s["position_types"],
                  is_mandatory=bool(s["mandatory_for"]), mandatory_for=s["mandatory_for"],
                  mandatory_within_months=s["within_months"],
                  mandatory_note=s["note"] if s["mandatory_for"] else "",
                  capacity_note="" if s["mandatory_for"] else s["note"])
        for s in specs)
    by_code = {p.code: p for p in rows}
    ProgrammeGain.objects.bulk_create(
        ProgrammeGain(programme=by_code[s["code"]], competency_id=competencies[c], levels=a)
        for s in specs for c, a in s["gains"].items() if c in competencies)
    through = Programme.prerequisites.through
    through.objects.bulk_create(
        through(from_programme_id=by_code[s["code"]].pk, to_programme_id=by_code[q].pk)
        for s in specs for q in s["prerequisites"])
    return len(rows)


def generate_plans(*, agency: Agency, current: NeedsRound, following: NeedsRound,
                   planner: User | None) -> PlanDemoSummary:
    """The current year's approved plan and next year's draft."""
    summary = PlanDemoSummary(programmes=Programme.objects.filter(agency=agency).count())
    seconds = _seconds(current.participants.count())
    approved = _build(needs_round=current, budget=DEMO_BUDGET, planner=planner,
                      name=f"Rencana Pengembangan Kompetensi {current.year}",
                      seconds=seconds, curve=False)
    if planner is not None:
        plan_approve(plan=approved, user=planner)
    draft = _build(needs_round=following, budget=NEXT_YEAR_BUDGET, planner=planner,
                   name=f"Rencana Pengembangan Kompetensi {following.year}",
                   seconds=seconds, curve=True)
    for plan in (approved, draft):
        plan.refresh_from_db()
        summary.plans.append(_line(plan))
    return summary


def _line(plan: Plan) -> str:
    coverage = f"{plan.coverage:.0%}" if plan.coverage is not None else "-"
    gap = f"{plan.gap:.1%}".replace(".", ",")
    return (f"{plan.name} ({plan.get_status_display()}): {format_rupiah(plan.cost)} dari "
            f"{format_rupiah(plan.budget)}; {coverage} PNS mencapai 20 JP; selisih dari batas "
            f"atas terbukti {gap}")
