"""Pages of the public's voice.

Public (no login): the survey of a unit, its thank-you page, the complaint tracking page and the
unit's IKM results. Signed in: the poster PDF and the complaints of the units one handles.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.accounts import selectors as access
from bina.accounts.views import client_address
from bina.org.models import Unit
from bina.stakeholders import selectors as sel
from bina.stakeholders import services
from bina.stakeholders.charts import ikm_chart
from bina.stakeholders.forms import (
    ELEMENTS,
    AnswerForm,
    SurveyForm,
    TrackForm,
    form_token,
    min_fill_seconds,
    token_age,
)
from bina.stakeholders.models import Complaint, ComplaintStatus, SurveyResponse
from bina.web.http import authenticated_user


def _unit_or_404(unit_code: str) -> Unit:
    unit = sel.public_unit(unit_code)
    if unit is None:
        raise Http404(_("Unit layanan tidak ditemukan."))
    return unit


def throttled(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = render(request, "stakeholders/throttled.html",
                      {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def index(request: HttpRequest) -> HttpResponse:
    units = sel.public_units().select_related("agency").order_by("agency__name", "name")
    return render(request, "stakeholders/index.html", {"units": units})


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = _unit_or_404(unit_code)
    if request.method == "GET":
        form = SurveyForm(initial={"token": form_token(unit.pk)})
        return render(request, "stakeholders/survey.html", {"unit": unit, "form": form})

    form = SurveyForm(request.POST)
    form.is_valid()  # only carries values; the service decides
    data = form.cleaned_data
    thanks = reverse("public:thanks", args=[unit.code])
    age = token_age(str(request.POST.get("token", "")), unit.pk)
    if request.POST.get("website") or (age is not None and age < min_fill_seconds()):
        return redirect(thanks)  # a bot: refused quietly, nothing stored
    status = 200
    if age is None:
        form.add_error(None, _("Formulir ini sudah terlalu lama terbuka. Periksa jawaban Anda "
                               "lalu kirim sekali lagi."))
        status = 400
    elif not form.errors:
        try:
            submitted = services.survey_submit(
                unit=unit, scores=form.scores(), comment=data.get("comment", ""),
                file_complaint=bool(data.get("file_complaint")),
                complaint_text=data.get("complaint_text", ""),
                contact_name=data.get("contact_name", ""),
                contact_phone=data.get("contact_phone", ""),
                contact_email=data.get("contact_email", ""),
                client_address=client_address(request),
            )
        except services.SurveyThrottled as refused:
            return throttled(request, refused.retry_after)
        except services.SurveyError as error:
            form.add_error(error.field.lower() if error.field.lower() in form.fields else None,
                           error.message)
        else:
            if submitted.complaint is not None:
                thanks += "?lacak=" + submitted.complaint.tracking_code
            return redirect(thanks)
    if form.errors:
        status = 400
    if age is None:  # a fresh stamp, already old enough, so that the second try goes through
        data_copy = request.POST.copy()
        data_copy["token"] = form_token(unit.pk, issued_at=time.time() - min_fill_seconds())
        form.data = data_copy
    return render(request, "stakeholders/survey.html", {"unit": unit, "form": form},
                  status=status)


def thanks(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = _unit_or_404(unit_code)
    code = request.GET.get("lacak", "")[:20]
    complaint = Complaint.objects.filter(unit=unit, tracking_code=code).first() if code else None
    return render(request, "stakeholders/thanks.html", {"unit": unit, "complaint": complaint})


def results(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = _unit_or_404(unit_code)
    quarters = sel.unit_index_by_period(unit, by="quarter")
    years = sel.unit_index_by_period(unit, by="year")
    latest_year = years[-1] if years else None
    elements = [
        {"code": e.code, "name": e.name, "nrr": latest_year.nrr[e.code]}
        for e in ELEMENTS
    ] if latest_year else []
    return render(request, "stakeholders/results.html", {
        "unit": unit, "quarters": quarters, "years": list(reversed(years)),
        "latest": quarters[-1] if quarters else None, "latest_year": latest_year,
        "elements": elements, "chart": ikm_chart(quarters),
    })


def track_form(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = "".join(ch for ch in form.cleaned_data["code"].upper() if ch.isalnum())
        return redirect("public:track", code=code)
    return render(request, "stakeholders/track.html", {"form": form, "searched": False})


def track(request: HttpRequest, code: str) -> HttpResponse:
    complaint = (Complaint.objects.filter(tracking_code=code.upper()[:20])
                 .select_related("unit").first())
    context = {"form": TrackForm(initial={"code": code}), "searched": True, "code": code,
               "complaint": complaint}
    return render(request, "stakeholders/track.html", context,
                  status=200 if complaint else 404)


# --- signed in -------------------------------------------------------------------------------

@login_required
def poster(request: HttpRequest, unit_code: str) -> HttpResponse:
    from bina.stakeholders.reports import poster_pdf

    user = authenticated_user(request)
    unit = _unit_or_404(unit_code)
    if not sel.can_print_poster(user, unit):
        raise PermissionDenied
    url = request.build_absolute_uri(reverse("public:survey", args=[unit.code]))
    response = HttpResponse(poster_pdf(unit, url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-survei-{unit.code}.pdf"'
    return response


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if user.role not in access.AGENCY_WIDE and user.role != "operator":
        raise PermissionDenied
    complaints = sel.complaints_visible(user).select_related("unit")
    status = request.GET.get("status", "baru")
    if status in ComplaintStatus.values:
        complaints = complaints.filter(status=status)
    units = access.visible_units(user).filter(is_public_service=True).order_by("name")
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        complaints = complaints.filter(unit_id=int(unit_id))
    page = Paginator(complaints.order_by("-created_at"), 25).get_page(request.GET.get("page"))
    times = sel.response_times(units)
    year = timezone.localdate().year
    u8 = dict(SurveyResponse.objects.filter(unit__in=units, year=year).values("unit_id")
              .annotate(v=Avg("u8")).values_list("unit_id", "v"))
    return render(request, "stakeholders/complaint_list.html", {
        "page": page, "status": status, "statuses": ComplaintStatus.choices,
        "units": units, "unit_id": unit_id, "year": year,
        "unit_rows": [{"unit": u, "time": times.get(u.pk), "u8": u8.get(u.pk)} for u in units],
        "can_answer": user.role != "leadership",
    })


@login_required
@require_http_methods(["GET", "POST"])
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = authenticated_user(request)
    complaint = get_object_or_404(sel.complaints_visible(user).select_related("unit"), pk=pk)
    handles = sel.can_handle(user, complaint)
    form = AnswerForm(request.POST or None, initial={"answer": complaint.answer})
    if request.method == "POST":
        if not handles:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.complaint_answer(
                    complaint=complaint, answer=form.cleaned_data["answer"], actor=user,
                    close=request.POST.get("action") == "close",
                )
            except services.SurveyError as error:
                form.add_error("answer", error.message)
            else:
                messages.success(request, _("Jawaban tersimpan."))
                return redirect("public:complaint", pk=complaint.pk)
    return render(request, "stakeholders/complaint_detail.html", {
        "complaint": complaint, "handles": handles, "form": form,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def complaint_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = authenticated_user(request)
    complaint = get_object_or_404(sel.complaints_visible(user), pk=pk)
    if not sel.can_handle(user, complaint):
        raise PermissionDenied
    services.complaint_close(complaint=complaint, actor=user)
    messages.success(request, _("Pengaduan ditutup."))
    return redirect("public:complaint", pk=complaint.pk)
