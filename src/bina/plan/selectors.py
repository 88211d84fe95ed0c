"""Reads of the plan app: the programme catalogue and the annual plans."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from bina.core.plan import Programme as PlanProgramme
from bina.org.models import Agency, Unit
from bina.plan.models import Plan, PlanAssignment, PlanEmployee, Programme


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


# --------------------------------------------------------------------------------------------
# The annual plan


def plans_for(agency_id: int) -> QuerySet[Plan]:
    return (Plan.objects.filter(agency_id=agency_id)
            .select_related("needs_round", "approved_by", "created_by")
            .order_by("-year", "name", "-version"))


def unit_rows(plan: Plan) -> list[dict[str, Any]]:
    """Per OPD: employees, with the 20 JP right, reaching it, assignments, JP, cost, budget
    line (if any)."""
    lines = dict(plan.budget_lines.values_list("unit_id", "amount"))
    people = (PlanEmployee.objects.filter(plan=plan).values("unit_id")
              .annotate(employees=Count("id"),
                        counted=Count("id", filter=Q(min_jp__gt=0)),
                        reaching=Count("id", filter=Q(min_jp__gt=0,
                                                      jp_planned__gte=F("min_jp"))),
                        jp=Sum("jp_planned"), cost=Sum("cost"), value=Sum("value")))
    assignments = dict(PlanAssignment.objects.filter(plan=plan)
                       .values_list("person__unit_id").annotate(n=Count("id")))
    names = {u.pk: u for u in Unit.objects.filter(pk__in=[r["unit_id"] for r in people])}
    rows = []
    for r in people:
        unit = names[r["unit_id"]]
        rows.append({"unit": unit, "code": unit.code, "name": unit.name,
                     "employees": r["employees"], "counted": r["counted"],
                     "reaching": r["reaching"], "jp": r["jp"] or 0, "cost": r["cost"] or 0,
                     "value": r["value"] or 0.0, "assignments": assignments.get(unit.pk, 0),
                     "budget_line": lines.get(unit.pk),
                     "coverage": r["reaching"] / r["counted"] if r["counted"] else None})
    rows.sort(key=lambda row: row["code"])
    return rows


def programme_rows(plan: Plan, unit_id: int | None = None) -> list[dict[str, Any]]:
    """Per programme: participants (of the unit when given), seats, cost, JP, mandatory."""
    qs = PlanAssignment.objects.filter(plan=plan)
    if unit_id is not None:
        qs = qs.filter(person__unit_id=unit_id)
    counts = {r["programme_id"]: r for r in qs.values("programme_id").annotate(
        participants=Count("id"), cost=Sum("cost"), mandatory=Count("id", filter=Q(
            is_mandatory=True)), locked=Count("id", filter=Q(is_locked=True)))}
    programmes = (Programme.objects.filter(pk__in=counts).select_related("path", "provider")
                  .prefetch_related("gains__competency").order_by("code"))
    return [{"programme": p, "code": p.code, "name": p.name, "path": p.path.code,
             "provider": p.provider_label, "jp": whole_jp(p.jp), "seats": p.seats,
             "months": list(p.months), "participants": counts[p.pk]["participants"],
             "cost": counts[p.pk]["cost"] or 0, "mandatory": counts[p.pk]["mandatory"],
             "locked": counts[p.pk]["locked"],
             "competencies": [f"{g.competency.code} +{g.levels}" for g in p.gains.all()]}
            for p in programmes]


def shortfall_counts(plan: Plan) -> dict[str, int]:
    """Why PNS stay below 20 JP: reason → how many."""
    return dict(PlanEmployee.objects.filter(plan=plan).exclude(shortfall="")
                .values_list("shortfall").annotate(n=Count("id")).order_by())


def exemption_counts(plan: Plan) -> dict[str, int]:
    return dict(PlanEmployee.objects.filter(plan=plan).exclude(exemption="")
                .values_list("exemption").annotate(n=Count("id")).order_by())


def person_plan(plan: Plan, employee_id: int) -> tuple[PlanEmployee | None,
                                                        list[PlanAssignment]]:
    """One employee's individual development plan: the person row and the assignments."""
    person = (PlanEmployee.objects.filter(plan=plan, employee_id=employee_id)
              .select_related("employee", "unit", "employee__position").first())
    if person is None:
        return None, []
    return person, list(person.assignments.select_related("programme", "programme__path")
                        .order_by("-is_mandatory", "programme__code"))


def plan_document(plan: Plan) -> dict[str, Any]:
    """The ``bina plan build --format json`` document: the summary, units, programmes, the
    budget curve, and every assignment (by NIP and programme code)."""
    assignments = [{"nip": nip, "programme": code, "locked": locked, "mandatory": mandatory}
                   for nip, code, locked, mandatory in PlanAssignment.objects.filter(plan=plan)
                   .order_by("person__employee__nip", "programme__code")
                   .values_list("person__employee__nip", "programme__code", "is_locked",
                                "is_mandatory")]
    return {
        "plan": {"id": plan.pk, "name": plan.name, "version": plan.version, "year": plan.year,
                 "round": plan.needs_round.code, "status": plan.status,
                 "budget": plan.budget, "cost": plan.cost,
                 "mandatory_cost": plan.mandatory_cost, "value": round(plan.value, 4),
                 "bound": round(plan.bound, 4), "gap": round(plan.gap, 6),
                 "seconds": round(plan.seconds, 2), "method": plan.method,
                 "pns_counted": plan.counted, "pns_reaching_20_jp": plan.reaching,
                 "coverage": None if plan.coverage is None else round(plan.coverage, 4)},
        "shortfall": shortfall_counts(plan),
        "exempt": exemption_counts(plan),
        "curve": plan.curve,
        "units": [{k: r[k] for k in ("code", "name", "employees", "counted", "reaching",
                                     "assignments", "jp", "cost", "budget_line")}
                  for r in unit_rows(plan)],
        "programmes": [{k: r[k] for k in ("code", "name", "path", "jp", "seats",
                                          "participants", "cost", "mandatory")}
                       for r in programme_rows(plan)],
        "assignments": assignments,
    }


def plan_compare(a: Plan, b: Plan) -> dict[str, Any]:
    """What changed from plan ``a`` to plan ``b``: the headline figures, participants per
    programme, cost per unit, and the assignments added and dropped."""
    def pairs(plan: Plan) -> set[tuple[int, str]]:
        return set(PlanAssignment.objects.filter(plan=plan)
                   .values_list("person__employee_id", "programme__code"))

    pa, pb = pairs(a), pairs(b)
    prog_a = {r["code"]: r for r in programme_rows(a)}
    prog_b = {r["code"]: r for r in programme_rows(b)}
    unit_a = {r["code"]: r for r in unit_rows(a)}
    unit_b = {r["code"]: r for r in unit_rows(b)}
    programmes = []
    for code in sorted(set(prog_a) | set(prog_b)):
        ra, rb = prog_a.get(code), prog_b.get(code)
        na = ra["participants"] if ra else 0
        nb = rb["participants"] if rb else 0
        if na != nb:
            programmes.append({"code": code, "name": (rb or ra or {}).get("name", ""),
                               "a": na, "b": nb, "delta": nb - na})
    units = []
    for code in sorted(set(unit_a) | set(unit_b)):
        ua, ub = unit_a.get(code), unit_b.get(code)
        ca = ua["cost"] if ua else 0
        cb = ub["cost"] if ub else 0
        ra_ = ua["reaching"] if ua else 0
        rb_ = ub["reaching"] if ub else 0
        if ca != cb or ra_ != rb_:
            units.append({"code": code, "name": (ub or ua or {}).get("name", ""),
                          "cost_a": ca, "cost_b": cb, "reaching_a": ra_, "reaching_b": rb_})
    return {
        "headline": [
            {"key": key, "a": getattr(a, key), "b": getattr(b, key)}
            for key in ("budget", "cost", "value", "bound", "reaching", "counted")],
        "added": len(pb - pa), "dropped": len(pa - pb), "kept": len(pa & pb),
        "programmes": programmes, "units": units,
    }
