"""Background jobs of the plan app: build a plan from a closed needs round and a budget, and
rebuild a draft plan around its locks (optionally with a new budget).

Params: ``{"round_id": int, "budget": int, "name": str, "budget_lines": {unit_id: amount},
"lang": "id"|"en"}`` (``plan.build``) and ``{"plan_id": int, "budget": int | None, "lang"}``
(``plan.rebuild``). The result is ``{"ok": true, "plan_id", "url", "name", "version"}``, or
``{"ok": false, "error": text}`` when the plan cannot be built (a :class:`PlanError`, in the
job's language): the progress page shows it instead of a crash."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from bina.jobs.models import Job
from bina.jobs.registry import Progress, job_handler
from bina.needs.models import NeedsRound
from bina.plan.building import PlanError
from bina.plan.models import Plan
from bina.plan.services import plan_build, plan_rebuild


def _lang(job: Job) -> str:
    return "en" if str(job.params.get("lang", "id")).startswith("en") else "id"


def _ok(plan: Plan) -> dict[str, Any]:
    return {"ok": True, "plan_id": plan.pk, "url": reverse("plan:detail", args=[plan.pk]),
            "name": plan.name, "version": plan.version}


def _refused(job: Job, exc: PlanError) -> dict[str, Any]:
    return {"ok": False, "error": exc.text(_lang(job))}


def _budget(value: object) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("the job's budget is not a whole number")
    return int(value)


def _missing(job: Job, what_id: str, what_en: str) -> dict[str, Any]:
    return _refused(job, PlanError(what_id, what_en))


@job_handler("plan.build")
def build_job(job: Job, progress: Progress) -> dict[str, Any]:
    query = NeedsRound.objects.select_related("agency")
    if job.agency_id is not None:
        query = query.filter(agency_id=job.agency_id)
    needs_round = query.filter(pk=job.params.get("round_id")).first()
    if needs_round is None:
        return _missing(job, "Putaran analisis kebutuhan tidak ditemukan.",
                        "The needs-analysis round was not found.")
    budget = _budget(job.params.get("budget"))
    if budget is None:
        return _missing(job, "Anggaran belum diisi.", "The budget is missing.")
    lines = {int(unit): int(amount)
             for unit, amount in (job.params.get("budget_lines") or {}).items()}
    try:
        plan = plan_build(needs_round=needs_round, budget=budget, user=job.created_by,
                          name=str(job.params.get("name") or ""), budget_lines=lines or None,
                          progress=progress)
    except PlanError as exc:
        return _refused(job, exc)
    return _ok(plan)


@job_handler("plan.rebuild")
def rebuild_job(job: Job, progress: Progress) -> dict[str, Any]:
    query = Plan.objects.select_related("needs_round", "agency")
    if job.agency_id is not None:
        query = query.filter(agency_id=job.agency_id)
    plan = query.filter(pk=job.params.get("plan_id")).first()
    if plan is None:
        return _missing(job, "Rencana tidak ditemukan.", "The plan was not found.")
    if plan.is_approved:
        return _missing(job, f"{plan} sudah disetujui dan dibekukan; buat versi baru untuk "
                             "mengubahnya.",
                        f"{plan} is approved and frozen; build a new version to change it.")
    try:
        new = plan_rebuild(plan=plan, user=job.created_by,
                           budget=_budget(job.params.get("budget")), progress=progress)
    except PlanError as exc:
        return _refused(job, exc)
    return _ok(new)
