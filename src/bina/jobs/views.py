from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from bina.accounts.models import Role, User
from bina.jobs.models import Job
from bina.web.http import agency_id_of, authenticated_user


def _job_for(user: User, pk: int) -> Job:
    jobs = Job.objects.filter(agency_id=agency_id_of(user))
    if user.role != Role.ADMIN:
        jobs = jobs.filter(created_by=user)
    return get_object_or_404(jobs, pk=pk)


def job_payload(job: Job) -> dict[str, object]:
    return {
        "id": job.pk, "kind": job.kind, "status": job.status,
        "status_label": job.get_status_display(), "percent": job.percent,
        "done": job.progress_done, "total": job.progress_total, "message": job.message,
        "finished": job.status in {"done", "failed"}, "result": job.result,
    }


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(authenticated_user(request), pk)
    return render(request, "jobs/detail.html", {"job": job})


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job_for(authenticated_user(request), pk)
    return JsonResponse(job_payload(job))
