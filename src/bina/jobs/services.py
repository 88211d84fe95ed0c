"""Enqueue and run background jobs.

The queue is the ``Job`` table: no extra server. ``bina serve`` starts one worker process next
to the web server (``bina worker``). A worker claims the oldest queued job with a conditional
UPDATE, so two workers never run the same job, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import time
import traceback
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.files.base import File
from django.db import close_old_connections, models
from django.utils import timezone

from bina.jobs.models import Job, JobStatus
from bina.jobs.registry import daily_tasks, get_handler

if TYPE_CHECKING:
    from bina.accounts.models import User
    from bina.org.models import Agency

logger = logging.getLogger(__name__)


def job_enqueue(
    *,
    kind: str,
    params: dict[str, Any] | None = None,
    user: User | None = None,
    agency: Agency | None = None,
    file: File[Any] | None = None,
    filename: str = "",
) -> Job:
    job = Job(kind=kind, params=params or {}, created_by=user, agency=agency)
    if file is not None:
        job.file.save(filename or "upload", file, save=False)
    job.save()
    return job


def _load_handlers() -> None:
    """Import each app's ``jobs_handlers`` module so that handlers register themselves."""
    for config in apps.get_app_configs():
        if config.name.startswith("bina."):
            try:
                importlib.import_module(f"{config.name}.job_handlers")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.job_handlers":
                    raise


def _claim() -> Job | None:
    candidate = Job.objects.filter(status=JobStatus.QUEUED).order_by("id").first()
    if candidate is None:
        return None
    claimed = Job.objects.filter(pk=candidate.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    candidate.refresh_from_db()
    return candidate


def job_run(job: Job) -> Job:
    """Run one claimed job to the end, recording progress, result or failure."""
    _load_handlers()
    last_write = 0.0

    def progress(done: int, total: int, message: str = "") -> None:
        nonlocal last_write
        now = time.monotonic()
        if now - last_write < 0.3 and done < total:
            return
        last_write = now
        Job.objects.filter(pk=job.pk).update(
            progress_done=done, progress_total=total, message=message[:255]
        )

    try:
        result = get_handler(job.kind)(job, progress)
    except Exception as exc:  # a failed job is recorded, never lost
        logger.error("job %s (%s) failed: %s", job.pk, job.kind, type(exc).__name__)
        logger.debug(traceback.format_exc())
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            message=f"{type(exc).__name__}: {exc}"[:255],
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE, finished_at=timezone.now(), result=result, message="",
            progress_done=models.F("progress_total"),
        )
    job.refresh_from_db()
    if job.file:
        # Uploaded files hold personal data: once processed, they are not kept.
        job.file.delete(save=True)
    return job


def jobs_run_pending(*, limit: int | None = None) -> int:
    """Run queued jobs until none is left (or ``limit`` ran). Returns how many ran."""
    ran = 0
    while limit is None or ran < limit:
        job = _claim()
        if job is None:
            break
        job_run(job)
        ran += 1
    return ran


def run_daily_tasks() -> dict[str, dict[str, Any]]:
    """Run every registered daily task once; a failing task is logged and the others still
    run. Returns each task's summary (or its error)."""
    _load_handlers()
    results: dict[str, dict[str, Any]] = {}
    for name, task in sorted(daily_tasks().items()):
        try:
            results[name] = task()
        except Exception as exc:  # one broken task must not stop the worker
            logger.error("daily task %s failed: %s", name, type(exc).__name__)
            logger.debug(traceback.format_exc())
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
        else:
            logger.info("daily task %s: %s", name, results[name])
    return results


def worker_loop(*, poll_seconds: float = 1.0, stop_after: float | None = None) -> None:
    """Poll the queue forever (or for ``stop_after`` seconds); run the daily tasks when the
    worker starts and then once each new day."""
    started = time.monotonic()
    last_daily: dt.date | None = None
    while stop_after is None or time.monotonic() - started < stop_after:
        close_old_connections()
        if timezone.localdate() != last_daily:
            last_daily = timezone.localdate()
            run_daily_tasks()
        if not jobs_run_pending(limit=1):
            time.sleep(poll_seconds)
