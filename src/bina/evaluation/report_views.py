"""Evaluation report pages: the year's programmes, a programme's report (page, Excel, PDF),
the year report, "did it work?" for service units, and the follow-up actions and carry-over.

Who may see what: admin, planner and leadership the whole agency (leadership read-only: no
actions recorded or closed, no carry-over run); an operator sees the figures of their unit's
participants and units, and records/closes actions of their unit; employees see nothing here."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.accounts.models import Role, User
from bina.evaluation import actions as act
from bina.evaluation import impact as imp
from bina.evaluation import reports as rep
from bina.evaluation.models import Action
from bina.evaluation.report_forms import ActionForm, CloseForm
from bina.org.models import Agency, Unit
from bina.plan.models import Programme
from bina.web.http import agency_id_of, authenticated_user, int_or_none

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _viewer(request: HttpRequest) -> User:
    user = authenticated_user(request)
    agency_id_of(user)
    if not act.can_view(user):
        raise PermissionDenied
    if user.role == Role.OPERATOR and user.unit is None:
        raise PermissionDenied
    return user


def _manager(request: HttpRequest) -> User:
    user = _viewer(request)
    if not act.can_manage(user):
        raise PermissionDenied
    return user


def _year(request: HttpRequest) -> int:
    year = int_or_none(request.GET.get("year"))
    return year if year and 2000 <= year <= 2100 else timezone.localdate().year


def _programme(user: User, code: str) -> Programme:
    programme = get_object_or_404(Programme.objects.select_related("agency"),
                                  agency_id=user.agency_id, code=code)
    unit = act.scope_unit(user)
    if unit is not None and not rep.visible_programmes(user.agency_id or 0, unit).filter(
            pk=programme.pk).exists():
        raise Http404
    return programme


def _programme_report(user: User, programme: Programme, year: int) -> rep.ProgrammeReport:
    report = rep.programme_report(programme, year, unit=act.scope_unit(user))
    if user.role not in {Role.ADMIN, Role.PLANNER}:
        report = rep.without_small_cells(report)
    return report


def _year_report(user: User, agency: Agency, year: int) -> rep.YearReport:
    report = rep.year_report(agency, year, unit=act.scope_unit(user))
    if user.role not in {Role.ADMIN, Role.PLANNER}:
        report.programmes = [rep.without_small_cells(p) for p in report.programmes]
    return report


def _action_rows(actions: list[Action], user: User) -> list[dict[str, object]]:
    today = timezone.localdate()
    return [{"a": a, "overdue": act.is_overdue(a, today), "can_close": act.can_close(user, a)}
            for a in actions]


def _action_form(user: User, *, year: int, programme: Programme | None = None) -> ActionForm | None:
    if not act.can_manage(user):
        return None
    initial: dict[str, object] = {"year": year, "due_on": timezone.localdate().replace(
        month=12, day=31), "programme": programme.code if programme else ""}
    if user.role == Role.OPERATOR:
        initial["unit"] = user.unit
    return ActionForm(user=user, initial=initial)


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    user = _viewer(request)
    year = _year(request)
    unit = act.scope_unit(user)
    agency_id = agency_id_of(user)
    programmes = [(p, rep.programme_years(p)) for p in rep.visible_programmes(agency_id, unit)]
    years = sorted({y for _, ys in programmes for y in ys} | {year}, reverse=True)
    in_year = [{"p": p, "years": ys} for p, ys in programmes if year in ys]
    return render(request, "evaluation/report_index.html", {
        "year": year, "years": years, "programmes": in_year, "unit": unit})


@login_required
def report_programme(request: HttpRequest, code: str, year: int) -> HttpResponse:
    user = _viewer(request)
    programme = _programme(user, code)
    report = _programme_report(user, programme, year)
    actions = list(act.visible_actions(user, year=year, programme=programme))
    return render(request, "evaluation/report_programme.html", rep.programme_context(report) | {
        "year": year, "years": rep.programme_years(programme),
        "actions": _action_rows(actions, user),
        "overdue": act.overdue_count(actions),
        "form": _action_form(user, year=year, programme=programme),
        "can_manage": act.can_manage(user)})


@login_required
def report_programme_download(request: HttpRequest, code: str, year: int,
                              fmt: str) -> HttpResponse:
    user = _viewer(request)
    programme = _programme(user, code)
    report = _programme_report(user, programme, year)
    name = f"evaluasi-{programme.code}-{year}"
    if fmt == "xlsx":
        buffer = io.BytesIO()
        rep.programme_report_xlsx(report, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "pdf":
        response = HttpResponse(rep.programme_report_pdf(report),
                                content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    raise Http404


@login_required
def report_year(request: HttpRequest, year: int) -> HttpResponse:
    user = _viewer(request)
    agency = get_object_or_404(Agency, pk=agency_id_of(user))
    unit = act.scope_unit(user)
    report = _year_report(user, agency, year)
    actions = list(act.visible_actions(user, year=year))
    carried = list(act.carried_from(agency, year)) if unit is None else []
    return render(request, "evaluation/report_year.html", rep.year_context(report) | {
        "year": year, "unit": unit, "actions": _action_rows(actions, user),
        "overdue": act.overdue_count(actions), "form": _action_form(user, year=year),
        "carried": carried, "next_round": act.next_round(agency, year + 1),
        "can_carry": user.role in {Role.ADMIN, Role.PLANNER}})


@login_required
def report_year_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    user = _viewer(request)
    agency = get_object_or_404(Agency, pk=agency_id_of(user))
    report = _year_report(user, agency, year)
    name = f"evaluasi-tahun-{year}"
    if fmt == "xlsx":
        buffer = io.BytesIO()
        rep.year_report_xlsx(report, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "pdf":
        response = HttpResponse(rep.year_report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    raise Http404


@login_required
def impact_page(request: HttpRequest) -> HttpResponse:
    user = _viewer(request)
    agency = get_object_or_404(Agency, pk=agency_id_of(user))
    year = int_or_none(request.GET.get("year"))
    unit = act.scope_unit(user)
    unit_ids = None
    if unit is not None:
        unit_ids = list(Unit.objects.filter(path__startswith=unit.path)
                        .values_list("pk", flat=True))
    service = imp.service_impact(agency, year=year, unit_ids=unit_ids)
    return render(request, "evaluation/impact_page.html", {
        "s": service, "charts": rep.dose_charts(service), "trend": rep.trend_rows(service),
        "threshold": rep.pct(service.threshold), "min_responses": imp.MIN_RESPONSES,
        "status_text": imp.STATUS_TEXT, "unit": unit,
        "units": [{"u": p, "share": rep.pct(p.share),
                   "status": imp.STATUS_TEXT.get(p.status, p.status)} for p in service.units]})


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    user = _viewer(request)
    year = int_or_none(request.GET.get("year"))
    actions = list(act.visible_actions(user, year=year))
    return render(request, "evaluation/action_list.html", {
        "actions": _action_rows(actions, user), "overdue": act.overdue_count(actions),
        "year": year})


@login_required
@require_POST
def action_create(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    agency = get_object_or_404(Agency, pk=agency_id_of(user))
    form = ActionForm(request.POST, user=user)
    back = request.POST.get("next") or ""
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""  # only a page of this site: no "//host" or "/\\host" open redirect
    if not form.is_valid():
        messages.error(request, _("Tindak lanjut tidak disimpan: ") + "; ".join(
            str(e) for errors in form.errors.values() for e in errors))
        return redirect(back or "evaluation:action_list")
    data = form.cleaned_data
    programme = None
    if data.get("programme"):
        programme = _programme(user, data["programme"])
    unit = data.get("unit")
    if user.role == Role.OPERATOR:
        assert user.unit is not None
        if unit is None or not unit.path.startswith(user.unit.path):
            raise PermissionDenied
    try:
        act.action_create(agency=agency, year=data["year"], text=data["text"],
                          due_on=data["due_on"], user=user, programme=programme, unit=unit,
                          owner=data.get("owner"), owner_name=data.get("owner_name") or "")
    except act.ActionError:
        messages.error(request, _("Tindak lanjut tidak disimpan."))
    else:
        messages.success(request, _("Tindak lanjut dicatat."))
    return redirect(back or "evaluation:action_list")


@login_required
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    action = get_object_or_404(Action.objects.select_related("unit", "programme"), pk=pk,
                               agency_id=user.agency_id)
    if not act.can_close(user, action):
        raise PermissionDenied
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act.action_close(action=action, user=user, note=form.cleaned_data["note"],
                             status=form.cleaned_data["status"])
        except act.ActionError:
            messages.error(request, _("Tindak lanjut ini sudah ditutup."))
        else:
            messages.success(request, _("Tindak lanjut ditutup."))
        return redirect("evaluation:action_list")
    return render(request, "evaluation/action_close.html", {"action": action, "form": form})


@login_required
@require_POST
def carry_over_run(request: HttpRequest, year: int) -> HttpResponse:
    user = _viewer(request)
    if user.role not in {Role.ADMIN, Role.PLANNER}:
        raise PermissionDenied
    agency = get_object_or_404(Agency, pk=agency_id_of(user))
    items = act.carry_over(agency=agency, from_year=year, user=user)
    messages.success(request, _("%(n)s butir dibawa ke analisis kebutuhan %(year)s.")
                     % {"n": len(items), "year": year + 1})
    return redirect("evaluation:report_year", year=year)
