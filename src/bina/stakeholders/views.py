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
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.accounts import selectors as access
from bina.accounts.models import Role, User
from bina.accounts.views import client_address
from bina.core import ikm
from bina.org.models import Unit
from bina.stakeholders import selectors as sel
from bina.stakeholders import services
from bina.stakeholders.charts import ikm_chart
from bina.stakeholders.forms import (
    ELEMENTS,
    AnswerForm,
    ImportForm,
    SurveyForm,
    TrackForm,
    form_token,
    min_fill_seconds,
    token_age,
)
from bina.stakeholders.models import (
    Complaint,
    ComplaintStatus,
    ServicePopulation,
)
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
    u8 = {unit_id: index.nrr["U8"]
          for unit_id, index in sel.units_index(units, sel.Period(year)).items()}
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


# --- the agency's IKM per unit and period (signed in) ---------------------------------------

def _ikm_reader(request: HttpRequest) -> User:
    user = authenticated_user(request)
    if user.role not in access.AGENCY_WIDE and user.role != Role.OPERATOR:
        raise PermissionDenied
    return user


def _can_write(user: User) -> bool:
    """Import paper surveys and record populations: admin, planners, operators (their units)."""
    return user.role in {Role.ADMIN, Role.PLANNER, Role.OPERATOR}


@login_required
def ikm_table(request: HttpRequest) -> HttpResponse:
    user = _ikm_reader(request)
    units = sel.service_units_visible(user)
    years = sel.survey_years(units)
    today = timezone.localdate()
    default_year = years[-1] if years else today.year
    period = sel.parse_period(request.GET.get("periode", ""), default_year=default_year)
    rows = sel.agency_table(units, period)
    if request.GET.get("format") == "xlsx":
        from bina.stakeholders.reports import ikm_table_xlsx

        response = HttpResponse(
            ikm_table_xlsx(period, rows, user.agency.name if user.agency else ""),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="ikm-{period.key}.xlsx"'
        return response
    surveyed = [r for r in rows if r.index is not None]
    return render(request, "stakeholders/ikm_table.html", {
        "period": period, "periods": sel.period_choices(years or [today.year]),
        "rows": rows, "elements": ELEMENTS, "surveyed": len(surveyed),
        "respondents": sum(r.index.respondents for r in surveyed if r.index),
        "can_write": _can_write(user), "working_days": sel.ANSWER_WORKING_DAYS,
    })


@login_required
def ikm_unit(request: HttpRequest, unit_code: str) -> HttpResponse:
    user = _ikm_reader(request)
    unit = get_object_or_404(sel.service_units_visible(user), code=unit_code)
    quarters = sel.unit_index_by_period(unit, by="quarter")
    years = sel.unit_index_by_period(unit, by="year")
    units = Unit.objects.filter(pk=unit.pk)
    handling = []
    for y in reversed(years):
        h = sel.complaint_handling(units, sel.Period(y.year)).get(unit.pk)
        handling.append({"year": y, "handling": h})
    people = dict(ServicePopulation.objects.filter(unit=unit).values_list("year", "population"))
    year_rows = [{"index": y, "population": people.get(y.year),
                  "sample_min": ikm.krejcie_morgan(people[y.year]) if y.year in people else None}
                 for y in reversed(years)]
    return render(request, "stakeholders/ikm_unit.html", {
        "unit": unit, "quarters": list(reversed(quarters)), "year_rows": year_rows,
        "handling": handling, "chart": ikm_chart(quarters), "elements": ELEMENTS,
        "working_days": sel.ANSWER_WORKING_DAYS,
    })


@login_required
@require_http_methods(["GET", "POST"])
def ikm_import(request: HttpRequest) -> HttpResponse:
    from bina.stakeholders.imports import survey_import

    user = _ikm_reader(request)
    if not _can_write(user) or user.agency is None:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        allowed = sel.service_units_visible(user) if user.role == Role.OPERATOR else None
        result = survey_import(agency=user.agency, file=upload, filename=upload.name,
                               actor=user, allowed=allowed,
                               dry_run=bool(form.cleaned_data.get("dry_run")))
        if result.ok and not result.dry_run:
            messages.success(request, _("%(n)s jawaban survei kertas tersimpan.")
                             % {"n": result.imported})
            return redirect("public:ikm")
        status = 200 if result.ok else 400
    elif request.method == "POST":
        status = 400
    errors = [p.as_dict("id") for p in result.problems] if result else []
    return render(request, "stakeholders/ikm_import.html", {
        "form": form, "result": result, "errors": errors,
        "units": sel.service_units_visible(user).order_by("name"),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def ikm_population(request: HttpRequest) -> HttpResponse:
    user = _ikm_reader(request)
    if not _can_write(user):
        raise PermissionDenied
    today = timezone.localdate()
    year_text = request.POST.get("tahun") or request.GET.get("tahun") or ""
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 \
        else today.year
    units = list(sel.service_units_visible(user).order_by("name"))
    current = sel.populations(sel.service_units_visible(user), year)
    errors: dict[int, str] = {}
    values: dict[int, str] = {u.pk: str(current.get(u.pk, "")) for u in units}
    if request.method == "POST":
        wanted: dict[int, int | None] = {}
        for unit in units:
            raw = request.POST.get(f"pop-{unit.pk}", "").strip().replace(".", "")
            values[unit.pk] = raw
            if not raw:
                wanted[unit.pk] = None
            elif raw.isdigit() and int(raw) >= 1:
                wanted[unit.pk] = int(raw)
            else:
                errors[unit.pk] = _("Isi bilangan bulat ≥ 1, atau kosongkan.")
        if not errors:
            for unit in units:
                if wanted[unit.pk] != current.get(unit.pk):
                    services.population_set(unit=unit, year=year, population=wanted[unit.pk],
                                            actor=user)
            messages.success(request, _("Jumlah pengguna layanan tahun %(year)s tersimpan.")
                             % {"year": year})
            return redirect(reverse("public:ikm") + f"?periode={year}")
    rows = [{"unit": u, "value": values[u.pk], "error": errors.get(u.pk),
             "sample_min": ikm.krejcie_morgan(current[u.pk]) if u.pk in current else None}
            for u in units]
    return render(request, "stakeholders/ikm_population.html", {
        "year": year, "rows": rows, "years": range(today.year + 1, today.year - 4, -1),
    }, status=400 if errors else 200)
