"""Pages of the JP ledger: progress on the 20 JP right (agency, unit, person, one's own), the
list of ASN with no development, the recognition rules, outside activities and the SIASN
export.

Who sees what (``bina.accounts.selectors``): admin and planner the whole agency with names;
leadership the whole agency as aggregates only (no named lists, said on the page); an operator
their unit's subtree; a supervisor their subordinates' ledgers; every employee their own."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.accounts import selectors as access
from bina.accounts.models import Role, User
from bina.core.messages import Lang
from bina.ledger import io as ledger_io
from bina.ledger import selectors as progress
from bina.ledger.forms import DecisionForm, ExternalActivityForm, JpRuleForm, lang
from bina.ledger.models import ExternalActivity, JpRule, SubmissionStatus
from bina.ledger.services import (
    LedgerError,
    external_credit,
    jp_rule_reset,
    jp_rule_update,
    ledger_external_approve,
    ledger_external_reject,
    ledger_external_submit,
    rules_for,
)
from bina.org.models import Unit
from bina.people.models import Employee
from bina.web.http import agency_id_of, authenticated_user, int_or_none

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EDITORS = {Role.ADMIN, Role.PLANNER}


@dataclass(frozen=True)
class Scope:
    """What a user sees on the progress pages: the units (None: all), the depth of the
    per-unit table, and whether named people lists are shown."""

    units: list[int] | None
    depth: int
    named: bool


def scope_of(user: User) -> Scope | None:
    if user.role in (Role.ADMIN, Role.PLANNER):
        return Scope(None, 0, True)
    if user.role == Role.LEADERSHIP:
        return Scope(None, 0, False)
    if user.role == Role.OPERATOR and user.unit is not None:
        return Scope(list(access.visible_units(user).values_list("id", flat=True)),
                     user.unit.depth + 1, True)
    return None


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    year = int_or_none(request.GET.get("tahun"))
    if year is None or not 2000 <= year <= today.year + 1:
        return today.year
    return year


def _statuses(lang_code: str) -> list[tuple[str, str]]:
    return [(s, ledger_io.status_label(s, lang_code)) for s in progress.STATUSES]


@login_required
def progress_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    agency_id = agency_id_of(user)
    scope = scope_of(user)
    if scope is None:
        if user.employee_id is not None:
            return redirect("ledger:my")
        raise PermissionDenied
    year = _year(request)
    units = progress.unit_map(agency_id)
    people = progress.year_progress(agency_id=agency_id, year=year, units=scope.units)
    total = progress.summarise(people)
    per_unit = progress.unit_summaries(people, units, depth=scope.depth)
    fair = progress.fair_share_views(people, units)
    plan = progress.approved_plan(agency_id, year)
    return render(request, "ledger/progress.html", {
        "year": year, "years": progress.years_available(agency_id), "total": total,
        "per_unit": per_unit, "fair": fair, "plan": plan, "scope": scope,
        "statuses": _statuses(lang()), "min_count": progress.FAIR_SHARE_MIN_COUNT,
        "can_export": scope.named, "unit_obj": user.unit if user.role == Role.OPERATOR else None,
    })


def _unit_for(user: User, pk: int) -> Unit:
    unit = get_object_or_404(Unit, pk=pk, agency_id=agency_id_of(user))
    if scope_of(user) is None or not access.visible_units(user).filter(pk=unit.pk).exists():
        raise PermissionDenied
    return unit


@login_required
def unit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = authenticated_user(request)
    unit = _unit_for(user, pk)
    scope = scope_of(user)
    assert scope is not None
    year = _year(request)
    subtree = Unit.objects.filter(agency_id=unit.agency_id, path__startswith=unit.path)
    units = {u.pk: u for u in subtree}
    people = progress.year_progress(agency_id=unit.agency_id, year=year, units=list(units))
    total = progress.summarise(people)
    children = [u for u in progress.unit_summaries(people, units, depth=unit.depth + 1)
                if u.unit_id != unit.pk or u.summary.people]
    status = request.GET.get("status", "")
    shown: list[tuple[progress.PersonProgress, str]] = []
    if scope.named:
        shown = [(p, units[p.unit_id].name if p.unit_id in units else "")
                 for p in progress.at_risk_first(
                     p for p in people if not status or p.status == status)]
    return render(request, "ledger/unit.html", {
        "unit": unit, "year": year, "years": progress.years_available(unit.agency_id),
        "total": total, "children": children, "people": shown, "scope": scope,
        "status": status, "statuses": _statuses(lang()), "units": units,
        "parent_link": unit.parent_id if unit.parent_id and access.visible_units(user).filter(
            pk=unit.parent_id).exists() else None,
    })


def _person_page(request: HttpRequest, user: User, employee: Employee, *,
                 own: bool) -> HttpResponse:
    year = _year(request)
    rows = progress.year_progress(agency_id=employee.agency_id, year=year,
                                  employees=[employee.pk])
    person = rows[0] if rows else None
    ledger = progress.person_ledger(employee, year, lang())
    submissions = list(ExternalActivity.objects.filter(employee=employee)
                       .select_related("path").order_by("-submitted_at")[:20])
    return render(request, "ledger/person.html", {
        "employee": employee, "person": person, "ledger": ledger, "year": year,
        "years": progress.years_available(employee.agency_id), "own": own,
        "submissions": submissions,
        "status_label": ledger_io.status_label(person.status, lang()) if person else "",
        "exemption_label": ledger_io.exemption_label(person.exemption, lang())
        if person else "",
        "progress_pct": min(100, int(person.earned_jp * 5)) if person else 0,
    })


@login_required
def person_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = authenticated_user(request)
    employee = get_object_or_404(Employee.objects.select_related("unit", "grade", "position"),
                                 pk=pk, agency_id=agency_id_of(user))
    if not access.can_see_personal_data(user, employee):
        raise PermissionDenied
    return _person_page(request, user, employee, own=user.employee_id == employee.pk)


@login_required
def my_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if user.employee_id is None:
        raise Http404(_("Akun ini tidak terhubung dengan data pegawai."))
    employee = get_object_or_404(Employee.objects.select_related("unit", "grade", "position"),
                                 pk=user.employee_id)
    return _person_page(request, user, employee, own=True)


@login_required
def none_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    agency_id = agency_id_of(user)
    scope = scope_of(user)
    if scope is None:
        raise PermissionDenied
    year = _year(request)
    units = progress.unit_map(agency_id)
    people = progress.year_progress(agency_id=agency_id, year=year, units=scope.units)
    none = progress.no_development(people)
    rule = progress.TPP_RULE_EN if lang() == "en" else progress.TPP_RULE_ID
    if request.GET.get("format") == "xlsx":
        if not scope.named:
            raise PermissionDenied
        body = ledger_io.no_development_xlsx(year, none, units, progress.TPP_RULE_ID)
        response = HttpResponse(body, content_type=XLSX)
        response["Content-Disposition"] = \
            f'attachment; filename="tanpa-pengembangan-{year}.xlsx"'
        return response
    per_unit = progress.unit_summaries(none, units, depth=scope.depth)
    return render(request, "ledger/none.html", {
        "year": year, "years": progress.years_available(agency_id), "people": none,
        "rows": [(p, units[p.unit_id].name if p.unit_id in units else "") for p in none[:500]]
        if scope.named else [],
        "per_unit": per_unit, "scope": scope, "rule": rule,
        "total": len(people),
    })


@login_required
def siasn_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    agency_id = agency_id_of(user)
    scope = scope_of(user)
    if scope is None or not scope.named:
        raise PermissionDenied
    year = _year(request)
    ids = None
    if scope.units is not None:
        ids = [p.employee_id for p in progress.year_progress(
            agency_id=agency_id, year=year, units=scope.units)]
    body = ledger_io.siasn_xlsx(year, ledger_io.siasn_records(agency_id, year, ids))
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="siasn-kursus-{year}.xlsx"'
    return response


# --------------------------------------------------------------------------------------------
# The recognition rules


@login_required
def rules_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    agency_id = agency_id_of(user)
    assert user.agency is not None
    rules_for(user.agency)  # seeds the defaults the first time
    rules = list(JpRule.objects.filter(agency_id=agency_id).select_related("path", "updated_by")
                 .order_by("path__code"))
    editable = user.role in EDITORS
    edit = int_or_none(request.GET.get("ubah"))
    forms = {}
    if editable and edit is not None:
        for rule in rules:
            if rule.pk == edit:
                forms[rule.pk] = JpRuleForm(instance=rule, prefix=f"r{rule.pk}")
    return render(request, "ledger/rules.html", {
        "rules": rules, "editable": editable, "forms": forms, "edit": edit})


@login_required
@require_POST
def rule_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = authenticated_user(request)
    if user.role not in EDITORS:
        raise PermissionDenied
    rule = get_object_or_404(JpRule.objects.select_related("path", "agency"), pk=pk,
                             agency_id=agency_id_of(user))
    form = JpRuleForm(request.POST, instance=JpRule.objects.get(pk=rule.pk),
                      prefix=f"r{rule.pk}")
    if form.is_valid():
        try:
            jp_rule_update(rule=rule, user=user, values=form.cleaned_data)
        except LedgerError as exc:
            form.add_error(None, exc.text(lang()))
        else:
            messages.success(request, _("Aturan %(code)s disimpan.") % {"code": rule.path.code})
            return redirect(reverse("ledger:rules") + f"#rule-{rule.pk}")
    rules = list(JpRule.objects.filter(agency_id=rule.agency_id).select_related("path")
                 .order_by("path__code"))
    return render(request, "ledger/rules.html", {
        "rules": rules, "editable": True, "forms": {rule.pk: form}, "edit": rule.pk},
        status=400)


@login_required
@require_POST
def rule_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = authenticated_user(request)
    if user.role not in EDITORS:
        raise PermissionDenied
    rule = get_object_or_404(JpRule.objects.select_related("path", "agency"), pk=pk,
                             agency_id=agency_id_of(user))
    try:
        jp_rule_reset(rule=rule, user=user)
    except LedgerError as exc:
        messages.error(request, exc.text(lang()))
    else:
        messages.success(request, _("Aturan %(code)s dikembalikan ke bawaan.")
                         % {"code": rule.path.code})
    return redirect(reverse("ledger:rules") + f"#rule-{rule.pk}")


# --------------------------------------------------------------------------------------------
# Outside activities


def decidable_employees(user: User) -> QuerySet[Employee]:
    """Whose submissions ``user`` may approve or reject: a planner (and admin) the agency's,
    an operator their unit's, a supervisor their subordinates'; never their own."""
    if user.agency_id is None:
        return Employee.objects.none()
    qs = Employee.objects.filter(agency_id=user.agency_id)
    if user.role in EDITORS:
        pass
    elif user.role == Role.OPERATOR and user.unit is not None:
        qs = qs.filter(unit__path__startswith=user.unit.path)
    elif user.employee is not None:
        qs = qs.filter(pk__in=access.subordinate_ids(user.employee))
    else:
        return Employee.objects.none()
    if user.employee_id is not None:
        qs = qs.exclude(pk=user.employee_id)
    return qs


def can_decide(user: User, activity: ExternalActivity) -> bool:
    return decidable_employees(user).filter(pk=activity.employee_id).exists()


@login_required
def submissions_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    agency_id_of(user)
    own = []
    if user.employee_id is not None:
        own = list(ExternalActivity.objects.filter(employee_id=user.employee_id)
                   .select_related("path").order_by("-submitted_at"))
    deciding = decidable_employees(user)
    pending = list(ExternalActivity.objects.filter(
        employee__in=deciding, status=SubmissionStatus.SUBMITTED)
        .select_related("employee__unit", "path").order_by("submitted_at")[:200])
    agency = user.agency
    previews: dict[int, tuple[Decimal | None, str]] = {}
    lang_code: Lang = "en" if lang() == "en" else "id"
    if agency is not None:
        for a in pending:
            try:
                credit = external_credit(a, agency)
                previews[a.pk] = (credit.jp, credit.explanation.render(lang_code))
            except LedgerError as exc:
                previews[a.pk] = (None, exc.text(lang()))
    decided = list(ExternalActivity.objects.filter(employee__in=deciding).exclude(
        status=SubmissionStatus.SUBMITTED).select_related("employee", "path")
        .order_by("-decided_at")[:20])
    return render(request, "ledger/submissions.html", {
        "own": own, "pending": [(a, previews.get(a.pk)) for a in pending], "decided": decided,
        "can_submit": user.employee_id is not None, "form": DecisionForm(),
    })


@login_required
def submit_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if user.employee_id is None or user.agency is None:
        raise PermissionDenied
    session_paths = frozenset(code for code, rule in rules_for(user.agency).items()
                              if rule.basis == "session")
    if request.method == "POST":
        form = ExternalActivityForm(request.POST, request.FILES, session_paths=session_paths)
        if form.is_valid():
            data = form.cleaned_data
            assert user.employee is not None
            try:
                ledger_external_submit(
                    employee=user.employee, user=user, title=data["title"], path=data["path"],
                    provider_name=data["provider_name"], start_date=data["start_date"],
                    end_date=data["end_date"], certificate_number=data["certificate_number"],
                    programme_jp=data["programme_jp"], session_dates=data["session_dates"],
                    is_international=data["is_international"],
                    certificate_file=data["certificate_file"])
            except LedgerError as exc:
                form.add_error(None, exc.text(lang()))
            else:
                messages.success(request, _("Pengajuan dikirim; unit Anda akan memeriksanya."))
                return redirect("ledger:submissions")
    else:
        form = ExternalActivityForm(session_paths=session_paths)
    return render(request, "ledger/submit.html", {"form": form},
                  status=400 if form.is_bound else 200)


@login_required
@require_POST
def decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = authenticated_user(request)
    activity = get_object_or_404(ExternalActivity, pk=pk,
                                 employee__agency_id=agency_id_of(user))
    if not can_decide(user, activity):
        raise PermissionDenied
    note = request.POST.get("note", "")
    try:
        if request.POST.get("action") == "approve":
            done = ledger_external_approve(activity=activity, user=user, note=note)
            messages.success(request, _("Disetujui: %(jp)s JP dicatat.")
                             % {"jp": done.jp_credited})
        elif request.POST.get("action") == "reject":
            ledger_external_reject(activity=activity, user=user, note=note)
            messages.success(request, _("Pengajuan ditolak."))
        else:
            return HttpResponse(status=400)
    except LedgerError as exc:
        messages.error(request, exc.text(lang()))
    return redirect("ledger:submissions")


@login_required
def certificate_view(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    user = authenticated_user(request)
    activity = get_object_or_404(ExternalActivity.objects.select_related("employee"), pk=pk,
                                 employee__agency_id=agency_id_of(user))
    if not (user.employee_id == activity.employee_id or can_decide(user, activity)
            or access.can_see_personal_data(user, activity.employee)):
        raise PermissionDenied
    if not activity.certificate_file:
        raise Http404
    return FileResponse(activity.certificate_file.open("rb"), as_attachment=False,
                        filename=activity.certificate_file.name.rsplit("/", 1)[-1])
