from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bina.accounts import selectors as access
from bina.accounts.models import Role
from bina.evaluation import followup
from bina.evaluation import selectors as evaluation_selectors
from bina.partners import selectors as partner_selectors
from bina.people import selectors
from bina.web.http import authenticated_user


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For monitoring: no login, checks the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    visible = access.visible_employees(user)
    year = selectors.today().year
    context: dict[str, object] = {"year": year}
    if user.role != Role.EMPLOYEE or access.is_supervisor(user):
        context.update(
            total=visible.count(),
            by_type=selectors.headcount_by_type(visible),
            coverage_last=selectors.jp_coverage(visible, year - 1),
            coverage_now=selectors.jp_coverage(visible, year),
            by_unit=selectors.headcount_by_top_unit(visible, limit=12),
        )
    if user.role in access.AGENCY_WIDE and user.agency_id is not None:
        context["expiring"] = partner_selectors.expiring_agreements(user.agency_id,
                                                                    selectors.today())
    if user.employee is not None:
        jp = dict(selectors.jp_by_year(user.employee))
        context.update(my_jp_now=jp.get(year, 0), my_jp_last=jp.get(year - 1, 0),
                       jp_minimum=selectors.JP_MINIMUM)
        today = selectors.today()
        context.update(
            my_evaluations_todo=len(evaluation_selectors.my_evaluations(user.employee,
                                                                        today).todo),
            my_follow_ups_todo=followup.pending_for(user, today).count(),
        )
    return render(request, "web/home.html", context)
