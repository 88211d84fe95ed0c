"""Background jobs of the needs app: a responses workbook uploaded on the web, and performance
predicates. Params: ``{"round_id": int, "dry_run": bool, "lang": "id"|"en", "filename": str}``
(``needs.import_responses``) and ``{"agency_id": int, "dry_run", "lang", "filename"}``
(``needs.import_performance``)."""

from __future__ import annotations

from typing import Any

from bina.jobs.models import Job
from bina.jobs.registry import Progress, job_handler
from bina.needs.imports import performance_import, responses_import
from bina.needs.models import NeedsRound
from bina.people.job_handlers import _agency, _filename, _result


def _round(job: Job) -> NeedsRound:
    round_id = job.params.get("round_id")
    if round_id is None:
        raise ValueError("the job names no round")
    query = NeedsRound.objects.select_related("agency")
    if job.agency_id is not None:
        query = query.filter(agency_id=job.agency_id)
    return query.get(pk=int(round_id))


@job_handler("needs.import_responses")
def import_responses_job(job: Job, progress: Progress) -> dict[str, Any]:
    with job.file.open("rb") as file:
        report = responses_import(
            needs_round=_round(job), file=file, filename=_filename(job), actor=job.created_by,
            dry_run=bool(job.params.get("dry_run")), progress=progress,
        )
    return _result(report, job)


@job_handler("needs.import_performance")
def import_performance_job(job: Job, progress: Progress) -> dict[str, Any]:
    with job.file.open("rb") as file:
        report = performance_import(
            agency=_agency(job), file=file, filename=_filename(job), actor=job.created_by,
            dry_run=bool(job.params.get("dry_run")), progress=progress,
        )
    return _result(report, job)
