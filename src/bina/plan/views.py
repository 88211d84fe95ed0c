from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from bina.accounts import selectors as access
from bina.accounts.models import User
from bina.core.roster import POSITION_TYPES
from bina.plan.models import Programme
from bina.reference.models import Competency, PathCategory
from bina.web.http import agency_id_of, authenticated_user, querystring_without_page

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
