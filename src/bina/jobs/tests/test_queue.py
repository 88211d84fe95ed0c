from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from bina.jobs.models import Job, JobStatus
from bina.jobs.registry import Progress, job_handler
from bina.jobs.services import job_enqueue, jobs_run_pending


@job_handler("test.count_lines")
def count_lines(job: Job, progress: Progress) -> dict[str, Any]:
    lines = job.file.read().decode().splitlines()
    for i, _ in enumerate(lines, start=1):
        progress(i, len(lines), f"baris {i}")
    return {"lines": len(lines)}


@job_handler("test.explode")
def explode(job: Job, progress: Progress) -> dict[str, Any]:
    raise RuntimeError("disk penuh")


@pytest.mark.django_db
def test_a_queued_job_runs_with_its_file_and_records_the_result(settings: Any, tmp_path: Any
                                                               ) -> None:
    settings.MEDIA_ROOT = tmp_path
    job = job_enqueue(kind="test.count_lines", file=ContentFile(b"a\nb\nc\n"), filename="x.txt")
    assert job.status == JobStatus.QUEUED
    assert jobs_run_pending() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result == {"lines": 3}
    assert job.progress_done == 3 and job.percent == 100
    assert job.started_at is not None and job.finished_at is not None
    assert not job.file and not list((tmp_path / "jobs").rglob("*.txt"))  # upload deleted


@pytest.mark.django_db
def test_a_failing_job_is_recorded_as_failed_and_the_queue_goes_on(settings: Any, tmp_path: Any
                                                                 ) -> None:
    settings.MEDIA_ROOT = tmp_path
    bad = job_enqueue(kind="test.explode")
    good = job_enqueue(kind="test.count_lines", file=ContentFile(b"a\n"), filename="y.txt")
    assert jobs_run_pending() == 2
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.status == JobStatus.FAILED and "disk penuh" in bad.message
    assert good.status == JobStatus.DONE


@pytest.mark.django_db
def test_a_job_is_claimed_only_once() -> None:
    job = job_enqueue(kind="test.explode")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    assert jobs_run_pending() == 0


def test_only_the_creator_or_an_admin_sees_a_job(world: Any) -> None:
    job = job_enqueue(kind="test.explode", user=world.planner, agency=world.agency)
    for user, status in ((world.planner, 200), (world.admin, 200), (world.operator, 404),
                         (world.staff_user, 404)):
        client = Client()
        client.force_login(user)
        assert client.get(f"/pekerjaan/{job.pk}/status/").status_code == status
    client = Client()
    client.force_login(world.planner)
    payload = client.get(f"/pekerjaan/{job.pk}/status/").json()
    assert payload["status"] == "queued" and payload["finished"] is False
