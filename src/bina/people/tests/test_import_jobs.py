"""Imports uploaded on the web run as background jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from bina.core.roster import Col
from bina.jobs.models import JobStatus
from bina.jobs.services import job_enqueue, job_run
from bina.people.models import DevelopmentRecord, Employee
from bina.people.tests.factories import Roster, employee_row, make_nip, roster_world, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings: Any, tmp_path: Path) -> Roster:
    settings.MEDIA_ROOT = tmp_path
    return roster_world()


def run_job(world: Roster, kind: str, content: bytes, **params: object) -> dict[str, Any]:
    job = job_enqueue(kind=kind, agency=world.agency, file=ContentFile(content),
                      filename="unggah.xlsx",
                      params={"agency_id": world.agency.pk, "lang": "id", "dry_run": False,
                              "filename": "unggah.xlsx", **params})
    job = job_run(job)
    assert job.status == JobStatus.DONE, job.message
    result: dict[str, Any] = job.result
    return result


def test_the_employee_import_job_returns_the_counts(world: Roster) -> None:
    result = run_job(world, "people.import_employees", xlsx_file([employee_row(1)]).getvalue())
    assert result == {"ok": True, "created": 1, "updated": 0, "unchanged": 0, "dry_run": False,
                      "rows": 1, "errors": [], "error_count": 0}
    assert Employee.objects.count() == 1


def test_the_job_reports_errors_in_the_jobs_language(world: Roster) -> None:
    content = xlsx_file([employee_row(1, **{Col.EMAIL: "x@"})]).getvalue()
    result = run_job(world, "people.import_employees", content, lang="en")
    assert result["ok"] is False
    assert result["errors"] == [{"row": 2, "column": "EMAIL", "message": "invalid email 'x@'"}]
    assert result["error_count"] == 1
    assert Employee.objects.count() == 0


def test_a_dry_run_job_writes_nothing(world: Roster) -> None:
    result = run_job(world, "people.import_employees", xlsx_file([employee_row(1)]).getvalue(),
                     dry_run=True)
    assert (result["created"], result["dry_run"]) == (1, True)
    assert Employee.objects.count() == 0


def test_the_development_import_job(world: Roster) -> None:
    run_job(world, "people.import_employees", xlsx_file([employee_row(1)]).getvalue())
    headers = ["NIP", "NAMA KEGIATAN", "JALUR", "JP", "TANGGAL MULAI", "TANGGAL SELESAI"]
    row = dict(zip(headers, [make_nip(1), "Diklat PIM", "KL01", 40, "01-03-2025",
                             "30-03-2025"], strict=True))
    result = run_job(world, "people.import_development",
                     xlsx_file([row], headers=headers).getvalue())
    assert (result["ok"], result["created"]) == (True, 1)
    assert DevelopmentRecord.objects.get().title == "Diklat PIM"
