from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bina.accounts import selectors as access
from bina.audit.models import AuditEvent
from bina.web.http import agency_id_of, authenticated_user, querystring_without_page


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if not access.can_browse_audit(user):
        raise PermissionDenied
    events = AuditEvent.objects.filter(agency_id=agency_id_of(user))
    q = request.GET.get("q", "").strip()
    if q:
        events = events.filter(object_id__startswith=q) | events.filter(
            actor_label__iexact=q) | events.filter(object_label__icontains=q)
    action = request.GET.get("aksi", "")
    if action:
        events = events.filter(action=action)
    actions = AuditEvent.objects.filter(agency_id=agency_id_of(user)).values_list(
        "action", flat=True).distinct().order_by("action")
    page = Paginator(events.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {
        "page": page, "q": q, "action": action, "actions": actions,
        "querystring": querystring_without_page(request),
    })
