"""Pages of the behaviour follow-up (level 3).

Who may do what: an employee sees and fills their own follow-ups as participant; a supervisor
those of their direct subordinates (the follow-up's ``supervisor``); nobody else opens a
follow-up form. Admin, planner and leadership see the overview (aggregates, no names);
admin and planner open the due follow-ups ("Buka evaluasi pascapelatihan")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.accounts.models import Role
from bina.evaluation import followup
from bina.evaluation.followup_forms import FollowUpForm
from bina.evaluation.models import FollowUp, FollowUpRating
from bina.org.models import Agency
from bina.reference.models import CompetencyLevel
from bina.web.http import agency_id_of, authenticated_user, int_or_none


@login_required
def followup_mine(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    today = timezone.localdate()
    own = list(followup.followups_as_participant(user).order_by("-due_on")[:100])
    subordinates = list(followup.followups_as_supervisor(user)
                        .order_by("-due_on", "enrollment__employee__name")[:300])
    return render(request, "evaluation/followup_mine.html", {
        "own": own, "subordinates": subordinates, "today": today,
        "open_ids": {f.pk for f in own + subordinates if followup.is_open(f, today)},
        "can_oversee": followup.can_oversee(user),
    })


@login_required
def followup_fill(request: HttpRequest, pk: int) -> HttpResponse:
    user = authenticated_user(request)
    fu = (followup.followups_base()
          .prefetch_related(Prefetch("ratings", queryset=FollowUpRating.objects
                                     .select_related("competency").order_by("competency__code")))
          .filter(pk=pk).first())
    if fu is None:
        raise Http404
    role = followup.role_in(fu, user)
    if role is None:
        raise PermissionDenied
    ratings = list(fu.ratings.all())
    levels: dict[int, list[tuple[int, str]]] = {}
    for level in CompetencyLevel.objects.filter(
            competency_id__in=[r.competency_id for r in ratings]).order_by("level"):
        levels.setdefault(level.competency_id, []).append((level.level, level.description))
    submitted = (fu.self_submitted_at if role == "peserta" else fu.supervisor_submitted_at)
    can_fill = submitted is None and followup.is_open(fu) and bool(ratings)
    form = FollowUpForm(request.POST if request.method == "POST" else None, ratings=ratings,
                        levels=levels)
    if request.method == "POST":
        if not can_fill:
            raise PermissionDenied
        if form.is_valid():
            submit = (followup.followup_self_submit if role == "peserta"
                      else followup.followup_supervisor_submit)
            try:
                submit(follow_up=fu, user=user, ratings=form.ratings(),
                       note=form.cleaned_data["note"])
            except followup.FollowUpError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Terima kasih, penilaian tersimpan dan rekam "
                                            "kompetensi diperbarui."))
                return redirect("evaluation:followup_mine")
    return render(request, "evaluation/followup_form.html", {
        "fu": fu, "role": role, "form": form, "ratings": ratings, "can_fill": can_fill,
        "submitted": submitted,
    })


@login_required
def followup_overview(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if not followup.can_oversee(user):
        raise PermissionDenied
    agency_id = agency_id_of(user)
    year = int_or_none(request.GET.get("tahun"))
    rows = followup.overview(agency_id, year)
    if user.role == Role.LEADERSHIP:
        rows = [followup.without_small_cells(r) for r in rows]
    today = timezone.localdate()
    return render(request, "evaluation/followup_overview.html", {
        "rows": rows, "year": year, "can_open": followup.can_open(user),
        "due": followup.due_enrollments(agency_id, today).count(),
        "totals": {
            "follow_ups": sum(r.follow_ups for r in rows),
            "self": sum(r.self_answered for r in rows),
            "supervisor": sum(r.supervisor_answered for r in rows),
            "expired": sum(r.expired for r in rows),
        },
        "waiting": FollowUp.objects.filter(enrollment__activity__agency_id=agency_id,
                                           opens_on__lte=today, due_on__gte=today,
                                           status__in=["menunggu", "sebagian"]).count(),
    })


@login_required
@require_POST
def followup_open_due(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if not followup.can_open(user):
        raise PermissionDenied
    agency = Agency.objects.get(pk=agency_id_of(user))
    expired = followup.followups_expire(agency=agency)
    opened = followup.followups_open(agency=agency, user=user)
    messages.success(request, _("%(opened)s evaluasi pascapelatihan dibuka; %(expired)s "
                                "melewati batas waktu.") % {"opened": opened, "expired": expired})
    return redirect("evaluation:followup_overview")
