"""Pages of the plan app: the programme catalogue and the annual development plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.accounts import selectors as access
from bina.accounts.models import Role, User
from bina.core.money import MoneyError, format_rupiah, parse_rupiah, rupiah_in_words
from bina.core.plan_people import WEIGHT_RULES_EN, WEIGHT_RULES_ID
from bina.core.roster import POSITION_TYPES
from bina.jobs.models import Job
from bina.needs.models import NeedsRound, RoundStatus
from bina.org.models import Unit
from bina.plan import forms as plan_forms
from bina.plan.building import PlanError
from bina.plan.charts import budget_curve_chart
from bina.plan.models import (
    Exemption,
    Plan,
    PlanAssignment,
    PlanEmployee,
    Programme,
    Shortfall,
)
from bina.plan.selectors import (
    exemption_counts,
    person_plan,
    plan_compare,
    plans_for,
    programme_rows,
    shortfall_counts,
    unit_rows,
)
from bina.plan.services import assignment_lock, assignment_remove, plan_approve
from bina.reference.models import Competency, PathCategory
from bina.web.http import agency_id_of, authenticated_user, int_or_none, querystring_without_page

JOB_KINDS = ("plan.build", "plan.rebuild")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def rupiah(value: int) -> str:
    """2400000 → "Rp 2.400.000"."""
    return "Rp " + f"{value:,}".replace(",", ".")


def _catalogue_user(request: HttpRequest) -> User:
    user = authenticated_user(request)
    if user.role not in access.AGENCY_WIDE:
        raise PermissionDenied
    return user


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    user = _catalogue_user(request)
    agency_id = agency_id_of(user)
    qs = (Programme.objects.filter(agency_id=agency_id).select_related("path")
          .prefetch_related("gains__competency").order_by("code"))
    category = request.GET.get("jalur", "")
    mandatory = request.GET.get("wajib", "")
    competency = request.GET.get("kompetensi", "")
    q = request.GET.get("q", "").strip()
    if category:
        qs = qs.filter(path__category=category)
    if mandatory in ("1", "0"):
        qs = qs.filter(is_mandatory=mandatory == "1")
    if competency:
        qs = qs.filter(gains__competency__code=competency).distinct()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [{"p": p, "cost": rupiah(p.cost_total_per_participant),
             "gains": [f"{g.competency.code} +{g.levels}" for g in p.gains.all()]}
            for p in page]
    competencies = Competency.objects.filter(programme_gains__programme__agency_id=agency_id
                                             ).distinct().order_by("code")
    return render(request, "plan/programme_list.html", {
        "page": page, "rows": rows, "categories": PathCategory.choices, "category": category,
        "mandatory": mandatory, "competency": competency, "competencies": competencies, "q": q,
        "querystring": querystring_without_page(request),
    })


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _catalogue_user(request)
    programme = get_object_or_404(Programme.objects.select_related("path", "provider"), pk=pk,
                                  agency_id=agency_id_of(user))
    return render(request, "plan/programme_detail.html", {
        "programme": programme,
        "gains": programme.gains.select_related("competency").order_by("competency__code"),
        "prerequisites": programme.prerequisites.order_by("code"),
        "required_by": programme.required_by.order_by("code"),
        "cost": rupiah(programme.cost_per_participant),
        "extra_cost": rupiah(programme.extra_cost_per_participant),
        "total_cost": rupiah(programme.cost_total_per_participant),
        "months": [MONTHS[m - 1] for m in programme.months if 1 <= m <= 12],
        "position_types": [POSITION_TYPES.get(t, t) for t in programme.suitable_position_types],
    })


@login_required
def catalogue_download(request: HttpRequest) -> HttpResponse:
    """The catalogue as a filled import template (export → edit → import round-trips)."""
    import io

    from bina.plan.reports import programmes_export

    user = _catalogue_user(request)
    assert user.agency is not None
    buffer = io.BytesIO()
    programmes_export(agency=user.agency, file=buffer)
    return _attachment(buffer.getvalue(), XLSX, f"katalog-program-{user.agency.code}.xlsx")


# --------------------------------------------------------------------------------------------
# The annual development plan (rencana pengembangan kompetensi)
#
# Who may do what:
# - admin and planner: everything (build, rebuild, lock, remove, approve, every download);
# - leadership: the plans, the figures and the PDF/Excel without names, read-only;
# - an employee: their own individual plan page and PDF only.

PLANNING = {Role.ADMIN, Role.PLANNER}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEARCH_LIMIT = 25


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _reader(request: HttpRequest) -> User:
    return _catalogue_user(request)


def _planner(request: HttpRequest) -> User:
    user = authenticated_user(request)
    if user.role not in PLANNING:
        raise PermissionDenied
    return user


def _plan(user: User, pk: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("needs_round", "agency", "created_by", "approved_by",
                                    "parent"),
        pk=pk, agency_id=agency_id_of(user))


def _error_text(exc: PlanError | MoneyError) -> str:
    return exc.message_en if plan_forms.lang() == "en" else exc.message_id


def _closed_rounds(agency_id: int) -> QuerySet[NeedsRound]:
    return NeedsRound.objects.filter(agency_id=agency_id, status=RoundStatus.CLOSED
                                     ).order_by("-year", "-closed_at", "-id")


def _top_units(agency_id: int) -> QuerySet[Unit]:
    """The agency's OPDs still open: the units a budget line can be given to."""
    today = timezone.localdate()
    return (Unit.objects.filter(agency_id=agency_id, parent__isnull=True)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).order_by("code"))


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}%"


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    agency_id = agency_id_of(user)
    plans = list(plans_for(agency_id).select_related("parent"))
    years: dict[int, list[Plan]] = {}
    for p in plans:
        years.setdefault(p.year, []).append(p)
    return render(request, "plan/plan_list.html", {
        "years": sorted(years.items(), reverse=True), "can_plan": user.role in PLANNING,
        "has_rounds": _closed_rounds(agency_id).exists(),
        "has_catalogue": Programme.objects.filter(agency_id=agency_id, is_active=True).exists(),
    })


def _budget_payload(text: str) -> dict[str, object]:
    lang = plan_forms.lang()
    try:
        amount = parse_rupiah(text)
    except MoneyError as exc:
        return {"ok": False, "error": _error_text(exc)}
    if amount <= 0:
        return {"ok": False, "error": _("Anggaran harus lebih dari Rp 0.")}
    return {"ok": True, "amount": amount, "formatted": format_rupiah(amount),
            "words": rupiah_in_words(amount, "en" if lang == "en" else "id")}


@login_required
def budget_check(request: HttpRequest) -> JsonResponse:
    """How a typed budget is understood (the live feedback of the budget fields)."""
    _planner(request)
    text = request.GET.get("teks", "")
    if not text.strip():
        return JsonResponse({"ok": False, "error": ""})
    return JsonResponse(_budget_payload(text[:80]))


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    """"Susun rencana": a closed round, a budget as typed, a name, and optional budget lines
    per OPD. Without JavaScript a confirmation step shows the amount in words before the
    build is queued; with it, the words are shown while typing and the form carries the
    amount the planner saw."""
    from bina.jobs.services import job_enqueue

    user = _planner(request)
    agency_id = agency_id_of(user)
    rounds = _closed_rounds(agency_id)
    form = plan_forms.PlanBuildForm(request.POST or None, rounds=rounds,
                                    units=_top_units(agency_id),
                                    initial={"needs_round": rounds.first()})
    confirm = None
    lines: list[dict[str, object]] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        amount: int = d["budget"]
        budget_lines = form.budget_lines()
        seen = request.POST.get("confirmed_amount", "")
        if seen != str(amount):
            confirm = _budget_payload(request.POST.get("budget", ""))
            lines = [{"unit": form.units[pk], "amount": format_rupiah(value)}
                     for pk, value in budget_lines.items()]
        else:
            job = job_enqueue(
                kind="plan.build",
                params={"round_id": d["needs_round"].pk, "budget": amount,
                        "name": d["name"].strip(),
                        "budget_lines": {str(pk): value for pk, value in budget_lines.items()},
                        "lang": plan_forms.lang()},
                user=user, agency=user.agency)
            messages.success(request, _("Penyusunan rencana dimulai."))
            return redirect("plan:job", pk=job.pk)
    return render(request, "plan/plan_new.html", {
        "form": form, "confirm": confirm, "confirm_lines": lines,
        "has_rounds": rounds.exists(),
        "has_catalogue": Programme.objects.filter(agency_id=agency_id, is_active=True).exists(),
    })


@login_required
def plan_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of a build or rebuild: polls jobs:status, then links to the plan."""
    user = _planner(request)
    jobs = Job.objects.filter(agency_id=agency_id_of(user), kind__in=JOB_KINDS)
    if user.role != Role.ADMIN:
        jobs = jobs.filter(created_by=user)
    job = get_object_or_404(jobs, pk=pk)
    budget = job.params.get("budget")
    source = None
    if job.params.get("plan_id"):
        source = Plan.objects.filter(pk=job.params["plan_id"], agency_id=agency_id_of(user)
                                     ).first()
    amounts = {int(pk): int(value)
               for pk, value in (job.params.get("budget_lines") or {}).items()}
    names = dict(Unit.objects.filter(pk__in=amounts, agency_id=agency_id_of(user))
                 .values_list("pk", "name"))
    lines = [{"unit": names[pk], "amount": format_rupiah(value)}
             for pk, value in amounts.items() if pk in names]
    lang = plan_forms.lang()
    return render(request, "plan/plan_job.html", {
        "job": job, "source": source, "lines": lines,
        "budget": format_rupiah(budget) if budget else None,
        "budget_words": rupiah_in_words(budget, "en" if lang == "en" else "id")
        if budget else None,
    })


def _curve_rows(plan: Plan) -> list[dict[str, Any]]:
    rows = []
    for p in sorted(plan.curve, key=lambda p: p.get("budget", 0)):
        counted = p.get("counted") or 0
        rows.append({"fraction": round(100 * p.get("fraction", 0)),
                     "budget": format_rupiah(int(p.get("budget", 0))),
                     "feasible": p.get("feasible", False), "value": p.get("value"),
                     "cost": format_rupiah(int(p.get("cost") or 0)),
                     "reaching": p.get("reaching"), "counted": counted,
                     "coverage": _pct(p["reaching"] / counted if counted else None),
                     "current": abs(p.get("fraction", 0) - 1.0) < 1e-9})
    return rows


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    plan = _plan(user, pk)
    can_plan = user.role in PLANNING
    q = request.GET.get("q", "").strip()
    found: list[PlanEmployee] = []
    if q and can_plan:
        found = list(PlanEmployee.objects.filter(plan=plan).filter(
            Q(employee__nip__startswith=q) | Q(employee__name__icontains=q))
            .select_related("employee", "unit").order_by("employee__name")[:SEARCH_LIMIT])
    lang = plan_forms.lang()
    shortfall = shortfall_counts(plan)
    exempt = exemption_counts(plan)
    units = unit_rows(plan)
    for row in units:
        row["coverage_pct"] = _pct(row["coverage"])
        row["over"] = row["budget_line"] is not None and row["cost"] > row["budget_line"]
    programmes = programme_rows(plan)
    versions = list(Plan.objects.filter(agency_id=plan.agency_id, year=plan.year,
                                        name=plan.name).order_by("-version")
                    .values("pk", "version", "status"))
    return render(request, "plan/plan_detail.html", {
        "plan": plan, "can_plan": can_plan, "editable": can_plan and not plan.is_approved,
        "budget": format_rupiah(plan.budget), "cost": format_rupiah(plan.cost),
        "mandatory_cost": format_rupiah(plan.mandatory_cost),
        "budget_words": rupiah_in_words(plan.budget, "en" if lang == "en" else "id"),
        "cost_share": _pct(plan.cost / plan.budget if plan.budget else None),
        "gap_pct": f"{100 * plan.gap:.1f}%".replace(".", "," if lang == "id" else "."),
        "coverage": _pct(plan.coverage),
        "weight_rules": WEIGHT_RULES_EN if lang == "en" else WEIGHT_RULES_ID,
        "shortfall": [(Shortfall(k).label, n) for k, n in shortfall.items()
                      if k in Shortfall.values],
        "exempt": [(Exemption(k).label, n) for k, n in exempt.items() if k in Exemption.values],
        "chart": budget_curve_chart(plan.curve, plan.budget),
        "curve": _curve_rows(plan),
        "units": units, "programmes": programmes, "versions": versions,
        "q": q, "found": found, "rebuild_form": plan_forms.PlanRebuildForm(),
    })


def _person_reader(request: HttpRequest, plan_pk: int, employee_id: int) -> tuple[User, Plan]:
    """Admin and planner: anyone in the plan; everybody else: only themself."""
    user = authenticated_user(request)
    if user.role not in PLANNING and user.employee_id != employee_id:
        raise PermissionDenied
    return user, _plan(user, plan_pk)


@login_required
def plan_person(request: HttpRequest, pk: int, employee_id: int) -> HttpResponse:
    """One employee's individual plan: each programme with its reason."""
    user, plan = _person_reader(request, pk, employee_id)
    person, assignments = person_plan(plan, employee_id)
    if person is None:
        raise Http404
    codes = {r["competency"] for a in assignments for r in a.reasons} | set(person.gaps)
    names = dict(Competency.objects.filter(
        Q(agency__isnull=True) | Q(agency_id=plan.agency_id), code__in=codes)
        .values_list("code", "name"))
    ranks = {c.get("code"): c.get("rank") for c in
             (plan.needs_round.result or {}).get("competencies", [])}
    rows = []
    for a in assignments:
        reasons = [{**r, "name": names.get(r["competency"], ""),
                    "rank": ranks.get(r["competency"])} for r in a.reasons]
        rows.append({"a": a, "reasons": reasons,
                     "months": [MONTHS[m - 1] for m in a.programme.months if 1 <= m <= 12]})
    gaps = sorted(({"code": c, "name": names.get(c, ""), "gap": g,
                    "weight": person.weights.get(c), "rank": ranks.get(c)}
                   for c, g in person.gaps.items() if g > 0),
                  key=lambda g: (-float(g["weight"] or 0) * g["gap"], g["code"]))
    covered = {r["competency"] for a in assignments for r in a.reasons if r.get("gain")}
    return render(request, "plan/plan_person.html", {
        "plan": plan, "person": person, "rows": rows, "gaps": gaps, "covered": covered,
        "editable": user.role in PLANNING and not plan.is_approved,
        "can_plan": user.role in PLANNING, "cost": format_rupiah(person.cost),
        "exemption": Exemption(person.exemption).label if person.exemption in Exemption.values
        and person.exemption else "",
        "shortfall": Shortfall(person.shortfall).label if person.shortfall in Shortfall.values
        and person.shortfall else "",
    })


def _assignment(user: User, plan_pk: int, pk: int) -> PlanAssignment:
    return get_object_or_404(
        PlanAssignment.objects.select_related("plan", "plan__agency", "person", "programme"),
        pk=pk, plan_id=plan_pk, plan__agency_id=agency_id_of(user))


@login_required
@require_POST
def assignment_lock_view(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    user = _planner(request)
    assignment = _assignment(user, pk, assignment_id)
    locked = request.POST.get("locked", "1") == "1"
    try:
        assignment_lock(assignment=assignment, user=user, locked=locked)
    except PlanError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, (_("%(programme)s dikunci: tetap ada saat rencana disusun "
                                     "ulang.") if locked else
                                   _("Kunci %(programme)s dilepas."))
                         % {"programme": assignment.programme.name})
    return redirect("plan:person", pk=pk, employee_id=assignment.person.employee_id)


@login_required
@require_POST
def assignment_remove_view(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    user = _planner(request)
    assignment = _assignment(user, pk, assignment_id)
    employee_id = assignment.person.employee_id
    name = assignment.programme.name
    try:
        assignment_remove(assignment=assignment, user=user)
    except PlanError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("%(programme)s dihapus dari rencana; penyusunan ulang tidak "
                                    "akan menambahkannya lagi.") % {"programme": name})
    return redirect("plan:person", pk=pk, employee_id=employee_id)


@login_required
@require_POST
def plan_rebuild_view(request: HttpRequest, pk: int) -> HttpResponse:
    from bina.jobs.services import job_enqueue

    user = _planner(request)
    plan = _plan(user, pk)
    if plan.is_approved:
        messages.error(request, _("Rencana yang sudah disetujui tidak dapat disusun ulang."))
        return redirect("plan:detail", pk=plan.pk)
    form = plan_forms.PlanRebuildForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("budget", []):
            messages.error(request, str(error))
        return redirect("plan:detail", pk=plan.pk)
    params: dict[str, Any] = {"plan_id": plan.pk, "lang": plan_forms.lang()}
    if form.cleaned_data["budget"]:
        params["budget"] = form.cleaned_data["budget"]
    job = job_enqueue(kind="plan.rebuild", params=params, user=user, agency=user.agency)
    return redirect("plan:job", pk=job.pk)


@login_required
@require_POST
def plan_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _planner(request)
    plan = _plan(user, pk)
    try:
        plan_approve(plan=plan, user=user)
    except PlanError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Rencana disetujui dan dibekukan."))
    return redirect("plan:detail", pk=plan.pk)


@login_required
def plan_compare_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    plan = _plan(user, pk)
    others = (Plan.objects.filter(agency_id=plan.agency_id).exclude(pk=plan.pk)
              .order_by("-year", "name", "-version"))
    other_id = int_or_none(request.GET.get("dengan"))
    if other_id is None and plan.parent_id is not None:
        other_id = plan.parent_id
    other = others.filter(pk=other_id).first() if other_id else None
    comparison = None
    if other is not None:
        comparison = plan_compare(other, plan)
        labels = {"budget": _("Anggaran"), "cost": _("Biaya terpakai"), "value": _("Nilai"),
                  "bound": _("Batas atas terbukti"), "reaching": _("PNS mencapai 20 JP"),
                  "counted": _("PNS berhak 20 JP")}
        for row in comparison["headline"]:
            row["label"] = labels[row["key"]]
            money = row["key"] in {"budget", "cost"}
            row["money"] = money
            delta = row["b"] - row["a"]
            if money:
                row["a_text"], row["b_text"] = format_rupiah(row["a"]), format_rupiah(row["b"])
                row["delta_text"] = ("+" if delta >= 0 else "−") + format_rupiah(abs(delta))
            elif isinstance(row["a"], float):
                row["a_text"] = number_format(row["a"], 1)
                row["b_text"] = number_format(row["b"], 1)
                row["delta_text"] = ("+" if delta >= 0 else "−") + number_format(abs(delta), 1)
            else:
                row["a_text"], row["b_text"] = str(row["a"]), str(row["b"])
                row["delta_text"] = f"{delta:+d}"
        for u in comparison["units"]:
            u["cost_a_text"] = format_rupiah(u["cost_a"])
            u["cost_b_text"] = format_rupiah(u["cost_b"])
    return render(request, "plan/plan_compare.html", {
        "plan": plan, "other": other, "others": others, "comparison": comparison,
    })


def _plan_unit(plan: Plan, code: str | None) -> Unit | None:
    if not code:
        return None
    unit_ids = PlanEmployee.objects.filter(plan=plan).values("unit_id")
    unit = Unit.objects.filter(pk__in=unit_ids, code=code).first()
    if unit is None:
        raise Http404
    return unit


@login_required
def plan_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The plan document (PP 11/2017 Pasal 207(3) a–g) as Excel or PDF, whole or per OPD.
    Leadership gets it without the named list of employees."""
    import io

    from bina.plan.reports import plan_report_pdf, plan_report_xlsx

    user = _reader(request)
    plan = _plan(user, pk)
    if fmt not in {"xlsx", "pdf"}:
        raise Http404
    unit = _plan_unit(plan, request.GET.get("unit"))
    name = f"rencana-{plan.year}-v{plan.version}{'-' + unit.code if unit else ''}.{fmt}"
    if fmt == "pdf":
        return _attachment(plan_report_pdf(plan, unit=unit), "application/pdf", name)
    buffer = io.BytesIO()
    plan_report_xlsx(plan, buffer, unit=unit, with_people=user.role in PLANNING)
    return _attachment(buffer.getvalue(), XLSX, name)


@login_required
def plan_person_pdf(request: HttpRequest, pk: int, employee_id: int) -> HttpResponse:
    from bina.plan.reports import employee_plan_pdf

    _user, plan = _person_reader(request, pk, employee_id)
    person, _assignments = person_plan(plan, employee_id)
    if person is None:
        raise Http404
    return _attachment(employee_plan_pdf(plan, person), "application/pdf",
                       f"rencana-individu-{plan.year}-{person.employee.nip}.pdf")
