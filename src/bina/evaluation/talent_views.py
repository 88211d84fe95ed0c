"""Pages of IP ASN and the talent nine-box.

IP ASN: admin, planner and leadership see every unit; an operator their own unit (and its
sub-units); every employee their own score with the dimension breakdown. Per-employee rows
(names, NIP, scores) are personal data: not for read-only leadership.

Talent: admin, planner and leadership see the agency's grid, an operator their unit's;
names per box only for admin and planner (potential is personal data). Admin and planner
enter and import potential assessments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.accounts.models import Role, User
from bina.accounts.selectors import AGENCY_WIDE
from bina.core import ipasn, ninebox
from bina.evaluation import talent, talent_io
from bina.evaluation.talent_forms import PotentialForm, PotentialImportForm
from bina.org.models import Agency, Unit
from bina.web.http import agency_id_of, authenticated_user, int_or_none

GRID = ((ninebox.Potential.HIGH, (6, 8, 9)), (ninebox.Potential.MEDIUM, (3, 5, 7)),
        (ninebox.Potential.LOW, (1, 2, 4)))
NAMED_ROLES = {Role.ADMIN, Role.PLANNER}
#: Read-only leadership sees no unit figures over fewer people than this: the "mean" of one
#: person is their own score (performance predicate, discipline).
MIN_GROUP = 2


def _large_enough(row: talent.UnitRow) -> bool:
    return row.unit.employees >= MIN_GROUP


def _year(request: HttpRequest) -> int:
    year = int_or_none(request.GET.get("tahun"))
    return year if year is not None and 2000 <= year <= 2100 else timezone.localdate().year


def _rules_context(rules: ipasn.IpAsnRules) -> dict[str, object]:
    return {"unverified": rules.unverified(), "dimensions": rules.dimensions}


def _unit_scope(user: User) -> Unit | None:
    """None: the whole agency; else the operator's unit. PermissionDenied for others."""
    if user.role in AGENCY_WIDE:
        return None
    if user.role == Role.OPERATOR and user.unit is not None:
        return user.unit
    raise PermissionDenied


@login_required
def ipasn_overview(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    agency_id = agency_id_of(user)
    if user.role not in AGENCY_WIDE:
        if user.role == Role.OPERATOR and user.unit is not None:
            return redirect("evaluation:ipasn_unit", code=user.unit.code)
        return redirect("evaluation:ipasn_me")
    year = _year(request)
    rules = talent.current_rules()
    scores = talent.ipasn_scores(agency_id=agency_id, year=year, rules=rules)
    units = talent.ipasn_units(scores, agency_id, rules)
    hidden = 0
    if user.role == Role.LEADERSHIP:
        shown = [u for u in units if _large_enough(u)]
        hidden, units = len(units) - len(shown), shown
    complete = [s.score.total for s in scores if s.score.total is not None]
    mean = round(sum(complete) / len(complete), 2) if complete else None
    return render(request, "evaluation/talent_ipasn.html", {
        "year": year, "units": units, "employees": len(scores), "complete": len(complete),
        "mean": mean, "category": None if mean is None else ipasn.category(mean, rules),
        "hidden_units": hidden, "min_group": MIN_GROUP, **_rules_context(rules)})


@login_required
def ipasn_unit(request: HttpRequest, code: str) -> HttpResponse:
    user = authenticated_user(request)
    agency_id = agency_id_of(user)
    unit = Unit.objects.filter(agency_id=agency_id, code=code).first()
    scope = _unit_scope(user)
    if unit is None or (scope is not None and not unit.path.startswith(scope.path)):
        raise PermissionDenied
    year = _year(request)
    rules = talent.current_rules()
    scores = talent.ipasn_scores(agency_id=agency_id, year=year, unit=unit, rules=rules)
    units = talent.ipasn_units(scores, agency_id, rules)
    named = user.role != Role.LEADERSHIP
    summary = units[0] if units else None
    too_small = not named and summary is not None and not _large_enough(summary)
    return render(request, "evaluation/talent_ipasn_unit.html", {
        "year": year, "unit": unit, "summary": None if too_small else summary,
        "too_small": too_small, "min_group": MIN_GROUP,
        "people": scores if named else [], "named": named,
        "back": user.role in AGENCY_WIDE, **_rules_context(rules)})


@login_required
def ipasn_me(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    agency_id = agency_id_of(user)
    if user.employee_id is None:
        raise PermissionDenied
    year = _year(request)
    rules = talent.current_rules()
    found = talent.ipasn_scores(agency_id=agency_id, year=year, employee_ids=[user.employee_id],
                                rules=rules)
    return render(request, "evaluation/talent_ipasn_me.html", {
        "year": year, "mine": found[0] if found else None, **_rules_context(rules)})


@login_required
def talent_grid(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    agency_id = agency_id_of(user)
    scope = _unit_scope(user)
    year = _year(request)
    view = talent.talent_view(agency_id=agency_id, year=year, unit=scope)
    named = user.role in NAMED_ROLES
    box = int_or_none(request.GET.get("kotak"))
    grid = [(potential, [(b, view.summary.counts.get(b, 0), ninebox.BOXES[b]) for b in boxes])
            for potential, boxes in GRID]
    pools = [p for p in view.people if p.result.info is not None
             and (p.result.info.develops_competency or p.result.info.succession)]
    return render(request, "evaluation/talent_grid.html", {
        "year": year, "view": view, "grid": grid, "named": named, "scope": scope,
        "box": box if box in ninebox.BOXES else None,
        "box_people": view.in_box(box) if named and box in ninebox.BOXES else [],
        "box_info": ninebox.BOXES.get(box) if box is not None else None,
        "boxes": [ninebox.BOXES[b] for b in range(9, 0, -1)],
        "pools": pools if named else [],
        "pool_counts": {"pengembangan": len(view.summary.development),
                        "krs_instansi": len(view.summary.agency_succession),
                        "krs_nasional": len(view.summary.national_succession)},
        "mostly_missing": view.total > 0 and view.missing_potential * 2 >= view.total,
        "can_manage": user.role in NAMED_ROLES,
    })


def _manager(request: HttpRequest) -> tuple[User, Agency]:
    user = authenticated_user(request)
    if user.role not in NAMED_ROLES:
        raise PermissionDenied
    return user, Agency.objects.get(pk=agency_id_of(user))


@login_required
def potential_entry(request: HttpRequest) -> HttpResponse:
    user, agency = _manager(request)
    form = PotentialForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        talent.potentials_record(entries=[talent.PotentialEntry(
            data["nip"], data["year"], data["potential"], data["score"], data["source"],
            data["note"])], user=user, agency=agency)
        messages.success(request, _("Penilaian potensi tersimpan."))
        return redirect("evaluation:talent_potential")
    import_form = PotentialImportForm()
    return render(request, "evaluation/talent_potential.html",
                  {"form": form, "import_form": import_form, "errors": []})


@login_required
def potential_import(request: HttpRequest) -> HttpResponse:
    user, agency = _manager(request)
    import_form = PotentialImportForm(request.POST or None, request.FILES or None)
    errors: list[talent_io.RowError] = []
    if request.method == "POST" and import_form.is_valid():
        upload = import_form.cleaned_data["file"]
        try:
            entries = talent_io.read_potentials(upload, name=upload.name, agency_id=agency.pk)
        except talent_io.PotentialFileError as exc:
            errors = exc.errors
        else:
            count = talent.potentials_record(entries=entries, user=user, agency=agency)
            messages.success(request, _("%(n)s penilaian potensi diimpor.") % {"n": count})
            return redirect("evaluation:talent")
    return render(request, "evaluation/talent_potential.html", {
        "form": PotentialForm(agency=agency), "import_form": import_form,
        "errors": errors[:200], "more_errors": max(0, len(errors) - 200)})


@login_required
def potential_template(request: HttpRequest) -> HttpResponse:
    _manager(request)
    response = HttpResponse(talent_io.potential_template(), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = 'attachment; filename="templat-potensi.xlsx"'
    return response
