"""Background jobs of the people app: roster and development-history imports uploaded on the
web. Params: ``{"dry_run": bool, "agency_id": int, "lang": "id"|"en", "filename": str}``."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from bina.core.messages import Lang
from bina.jobs.models import Job
from bina.jobs.registry import Progress, job_handler
from bina.org.models import Agency
from bina.people.services import ImportReport, development_import, employees_import

MAX_ERRORS_IN_RESULT = 1000  # the job result is stored as JSON: keep it a reasonable size


def _lang(job: Job) -> Lang:
    return "en" if str(job.params.get("lang", "id")).startswith("en") else "id"


def _agency(job: Job) -> Agency:
    agency_id = job.params.get("agency_id") or job.agency_id
    if agency_id is None:
        raise ValueError("the job names no agency")
    return Agency.objects.get(pk=int(agency_id))


def _filename(job: Job) -> str:
    return str(job.params.get("filename") or PurePath(job.file.name or "upload").name)


def _result(report: ImportReport, job: Job) -> dict[str, Any]:
    return report.as_dict(_lang(job), max_errors=MAX_ERRORS_IN_RESULT)


@job_handler("people.import_employees")
def import_employees_job(job: Job, progress: Progress) -> dict[str, Any]:
    with job.file.open("rb") as file:
        report = employees_import(
            agency=_agency(job), file=file, filename=_filename(job), actor=job.created_by,
            dry_run=bool(job.params.get("dry_run")), progress=progress,
        )
    return _result(report, job)


@job_handler("people.import_development")
def import_development_job(job: Job, progress: Progress) -> dict[str, Any]:
    with job.file.open("rb") as file:
        report = development_import(
            agency=_agency(job), file=file, filename=_filename(job), actor=job.created_by,
            dry_run=bool(job.params.get("dry_run")), progress=progress,
        )
    return _result(report, job)
