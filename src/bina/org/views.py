from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from bina.accounts import selectors as access
from bina.accounts.models import Role
from bina.org import selectors
from bina.org.models import Organisation, Position, PositionType, Unit
from bina.people.selectors import today
from bina.reference.models import Competency, CompetencyKind
from bina.web.http import (
    agency_id_of,
    authenticated_user,
    int_or_none,
    querystring_without_page,
)


def _staff_user(request: HttpRequest):  # type: ignore[no-untyped-def]
    user = authenticated_user(request)
    if user.role not in access.AGENCY_WIDE and user.role != Role.OPERATOR:
        raise PermissionDenied
    return user


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    user = _staff_user(request)
    units = access.visible_units(user)
    show_closed = request.GET.get("riwayat") == "1"
    day = today()
    scope = units if show_closed else selectors.units_valid_on(units, day)
    tree = selectors.unit_tree(scope)
    if user.role == Role.OPERATOR and user.unit is not None:
        tree = [n for n in tree if n.unit.path.startswith(user.unit.path)] or tree
    closed = units.filter(valid_to__isnull=False).select_related("successor").order_by(
        "-valid_to", "name")
    return render(request, "org/unit_list.html", {
        "agency": user.agency, "tree": tree, "show_closed": show_closed,
        "closed": closed[:50], "today": day, "opd_count": sum(1 for n in tree if n.unit.depth == 0),
        "public_count": scope.filter(is_public_service=True).count(),
    })


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff_user(request)
    unit = get_object_or_404(access.visible_units(user).select_related("parent", "successor"),
                             pk=pk)
    ancestors = Unit.objects.filter(pk__in=[int(p) for p in unit.path.strip("/").split("/")]
                                    ).exclude(pk=unit.pk).order_by("depth")
    children = unit.children.annotate(n=Count("employees")).order_by("valid_to", "name")
    positions = selectors.positions_with_counts(unit.positions.all()).order_by("position_type",
                                                                               "name")
    employees = unit.employees.select_related("position", "grade").order_by(
        "position__position_type", "name")[:200]
    # Who belonged here in a past year (a closed unit has nobody now, but its history stays).
    year = int_or_none(request.GET.get("tahun")) or (
        (unit.valid_to - dt.timedelta(days=1)).year if unit.valid_to else None)
    past = []
    if year is not None:
        past = list(selectors.placements_in_year(unit, year)[:300])
    return render(request, "org/unit_detail.html", {
        "unit": unit, "ancestors": ancestors, "children": children, "positions": positions,
        "employees": employees, "predecessors": unit.predecessors.all(),
        "headcount": unit.employees.count(),
        "subtree_headcount": access.visible_employees(user).filter(
            unit__path__startswith=unit.path).count(),
        "personal": user.role != Role.LEADERSHIP, "year": year, "past": past,
        "years": list(range(today().year, unit.valid_from.year - 1, -1))[:10],
    })


@login_required
def position_list(request: HttpRequest) -> HttpResponse:
    user = _staff_user(request)
    qs = Position.objects.filter(agency_id=agency_id_of(user), valid_to__isnull=True)
    ptype = request.GET.get("jenis", "")
    q = request.GET.get("q", "").strip()
    if ptype:
        qs = qs.filter(position_type=ptype)
    if q:
        qs = qs.filter(name__icontains=q)
    qs = selectors.positions_with_counts(qs.select_related("unit")).order_by("name", "unit__name")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "org/position_list.html", {
        "page": page, "types": PositionType.choices, "ptype": ptype, "q": q,
        "querystring": querystring_without_page(request),
    })


@login_required
def position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff_user(request)
    position = get_object_or_404(Position.objects.select_related("unit"), pk=pk,
                                 agency_id=agency_id_of(user))
    requirements = position.requirements.select_related("competency").prefetch_related(
        "competency__levels")
    rows = []
    for r in requirements:
        levels = {lvl.level: lvl.description for lvl in r.competency.levels.all()}
        rows.append({"req": r, "description": levels.get(r.required_level, ""),
                     "dots": [i <= r.required_level for i in range(1, 6)]})
    return render(request, "org/position_detail.html", {
        "position": position, "rows": rows, "headcount": position.employees.count(),
    })


@login_required
def competency_list(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    qs = (Competency.objects.filter(agency__isnull=True) | Competency.objects.filter(
        agency_id=agency_id_of(user))).prefetch_related("levels").order_by("kind", "code")
    groups = [(label, [c for c in qs if c.kind == kind]) for kind, label in CompetencyKind.choices]
    return render(request, "org/competency_list.html", {"groups": groups})


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if user.role not in access.AGENCY_WIDE:
        raise PermissionDenied
    orgs = Organisation.objects.filter(agency_id=agency_id_of(user)).annotate(
        records=Count("development_records")).order_by("kind", "name")
    return render(request, "org/organisation_list.html", {"orgs": orgs})
