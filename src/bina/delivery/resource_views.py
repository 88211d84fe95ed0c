"""Pages of the resource-person registry, an activity's speakers, the official documents of
an activity (assignment letters, attendance list) and the cost report.

Access: the registry is read by admin, planners, leadership and operators and managed by
admin and planners, who alone see contact data. Documents: admin and planners for every
activity; an operator for the activities with participants of their unit, listing only those
participants (no speakers' letter). The cost report: agency-wide roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.accounts.models import Role, User
from bina.accounts.selectors import AGENCY_WIDE
from bina.delivery import documents
from bina.delivery.costs import cost_report, cost_report_xlsx
from bina.delivery.models import (
    Activity,
    ActivitySpeaker,
    Enrollment,
    EnrollmentStatus,
    ResourceKind,
    ResourcePerson,
)
from bina.delivery.resource_forms import (
    DeliverySettingsForm,
    ResourcePersonForm,
    SpeakerForm,
    competencies_for,
)
from bina.delivery.resources import (
    can_manage_resources,
    can_read_resources,
    can_see_contact,
    delivery_settings_update,
    expertise_set,
    resource_person_upsert,
    resource_persons_for,
    speaker_add,
    speaker_remove,
    suggest_resource_persons,
)
from bina.delivery.selectors import activities_for, visible_enrollments
from bina.delivery.services import DeliveryError, settings_for
from bina.plan.models import Plan, Programme
from bina.web.http import agency_id_of, authenticated_user, int_or_none, querystring_without_page

DOCUMENT_ROLES = {Role.ADMIN, Role.PLANNER, Role.OPERATOR}


def _reader(request: HttpRequest) -> User:
    user = authenticated_user(request)
    if not can_read_resources(user):
        raise PermissionDenied
    agency_id_of(user)
    return user


def _manager(request: HttpRequest) -> User:
    user = authenticated_user(request)
    if not can_manage_resources(user):
        raise PermissionDenied
    agency_id_of(user)
    return user


# --------------------------------------------------------------------------------------------
# The registry


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    agency_id = agency_id_of(user)
    qs = (resource_persons_for(user).prefetch_related("expertise__competency")
          .annotate(n_engagements=Count("engagements", distinct=True)))
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("jenis", "")
    competency = int_or_none(request.GET.get("kompetensi"))
    status = request.GET.get("status", "aktif")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(home_agency__icontains=q)
                       | Q(organisation__name__icontains=q) | Q(position_title__icontains=q))
    if kind in ResourceKind.values:
        qs = qs.filter(kind=kind)
    if competency:
        qs = qs.filter(expertise__competency_id=competency).distinct()
    if status == "aktif":
        qs = qs.filter(is_active=True)
    elif status == "nonaktif":
        qs = qs.filter(is_active=False)
    page = Paginator(qs.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(request, "delivery/resources/person_list.html", {
        "page": page, "q": q, "kind": kind, "kinds": ResourceKind.choices,
        "competency": competency, "status": status,
        "competencies": competencies_for(agency_id).filter(
            pk__in=ResourcePerson.objects.filter(agency_id=agency_id)
            .values("expertise__competency_id")),
        "can_manage": can_manage_resources(user), "show_contact": can_see_contact(user),
        "querystring": querystring_without_page(request),
    })


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    person = get_object_or_404(resource_persons_for(user), pk=pk)
    engagements = (person.engagements.select_related("activity__programme")
                   .order_by("-activity__start_date"))
    return render(request, "delivery/resources/person_detail.html", {
        "person": person, "expertise": person.expertise.select_related("competency"),
        "engagements": engagements, "can_manage": can_manage_resources(user),
        "show_contact": can_see_contact(user),
    })


def _person_form(request: HttpRequest, user: User, person: ResourcePerson | None
                 ) -> HttpResponse:
    agency_id = agency_id_of(user)
    assert user.agency is not None
    if request.method == "POST":
        form = ResourcePersonForm(request.POST, agency_id=agency_id)
        if form.is_valid():
            try:
                saved = resource_person_upsert(agency=user.agency, user=user, person=person,
                                               **form.person_fields())
                expertise_set(person=saved, levels=form.cleaned_data["levels"], user=user)
            except DeliveryError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Narasumber %(name)s disimpan.")
                                 % {"name": saved.name})
                return redirect("resources:detail", pk=saved.pk)
    else:
        initial = ResourcePersonForm.initial_for(person) if person else {"is_active": True}
        form = ResourcePersonForm(initial=initial, agency_id=agency_id)
    return render(request, "delivery/resources/person_form.html",
                  {"form": form, "person": person})


@login_required
def person_new(request: HttpRequest) -> HttpResponse:
    return _person_form(request, _manager(request), None)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    person = get_object_or_404(ResourcePerson, pk=pk, agency_id=agency_id_of(user))
    return _person_form(request, user, person)


@login_required
def suggest(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    agency_id = agency_id_of(user)
    programmes = (Programme.objects.filter(agency_id=agency_id, is_active=True,
                                           gains__isnull=False).distinct().order_by("code"))
    programme_id = int_or_none(request.GET.get("program"))
    programme = (get_object_or_404(Programme.objects.select_related("path"), pk=programme_id,
                                   agency_id=agency_id) if programme_id else None)
    suggestions = suggest_resource_persons(programme, limit=20) if programme else []
    return render(request, "delivery/resources/suggest.html", {
        "programmes": programmes, "programme": programme,
        "gains": programme.gains.select_related("competency") if programme else [],
        "suggestions": [{"s": s, "pct": round(100 * s.score)} for s in suggestions],
        "can_manage": can_manage_resources(user),
    })


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    assert user.agency is not None
    settings = settings_for(user.agency)
    if request.method == "POST":
        form = DeliverySettingsForm(request.POST, instance=settings)
        if form.is_valid():
            try:
                delivery_settings_update(agency=user.agency, user=user,
                                         **{k: form.cleaned_data[k] for k in form.Meta.fields})
            except DeliveryError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Pengaturan surat dan pelaksanaan disimpan."))
                return redirect("resources:settings")
        settings.refresh_from_db()
    else:
        form = DeliverySettingsForm(instance=settings)
    return render(request, "delivery/resources/settings.html", {
        "form": form, "letterhead": documents.letterhead_lines(settings, user.agency.name),
        "settings": settings})


# --------------------------------------------------------------------------------------------
# An activity's speakers


@login_required
def activity_speakers(request: HttpRequest, activity_id: int) -> HttpResponse:
    user = _manager(request)
    agency_id = agency_id_of(user)
    activity = get_object_or_404(Activity.objects.select_related("programme"), pk=activity_id,
                                 agency_id=agency_id)
    form = SpeakerForm(request.POST or None, agency_id=agency_id,
                       initial={"person": int_or_none(request.GET.get("narasumber"))})
    if request.method == "POST" and form.is_valid():
        try:
            speaker_add(activity=activity, person=form.cleaned_data["person"],
                        role=form.cleaned_data["role"], topic=form.cleaned_data["topic"],
                        user=user)
        except DeliveryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s ditambahkan sebagai narasumber.")
                             % {"name": form.cleaned_data["person"].name})
            return redirect("resources:activity_speakers", activity_id=activity.pk)
    speakers = activity.speakers.select_related("person__organisation").order_by("person__name")
    taken = {s.person_id for s in speakers}
    suggestions = [s for s in suggest_resource_persons(activity.programme, limit=8)
                   if s.person.pk not in taken][:5]
    return render(request, "delivery/resources/activity_speakers.html", {
        "activity": activity, "speakers": speakers, "form": form,
        "suggestions": [{"s": s, "pct": round(100 * s.score)} for s in suggestions],
    })


@login_required
@require_POST
def speaker_remove_view(request: HttpRequest, activity_id: int, speaker_id: int
                        ) -> HttpResponse:
    user = _manager(request)
    speaker = get_object_or_404(ActivitySpeaker.objects.select_related("activity", "person"),
                                pk=speaker_id, activity_id=activity_id,
                                activity__agency_id=agency_id_of(user))
    name = speaker.person.name
    speaker_remove(speaker=speaker, user=user)
    messages.success(request, _("%(name)s dihapus dari daftar narasumber.") % {"name": name})
    return redirect("resources:activity_speakers", activity_id=activity_id)


# --------------------------------------------------------------------------------------------
# Documents


def _document_activity(request: HttpRequest, activity_id: int) -> tuple[User, Activity]:
    user = authenticated_user(request)
    if user.role not in DOCUMENT_ROLES:
        raise PermissionDenied
    activity = get_object_or_404(
        activities_for(user).select_related("programme", "plan", "agency", "provider"),
        pk=activity_id)
    return user, activity


def _participants(user: User, activity: Activity) -> list[Enrollment]:
    return list(visible_enrollments(user, activity)
                .filter(status=EnrollmentStatus.ENROLLED)
                .select_related("employee__grade", "employee__position", "employee__unit")
                .order_by("employee__name"))


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def letter_participants_pdf(request: HttpRequest, activity_id: int) -> HttpResponse:
    user, activity = _document_activity(request, activity_id)
    pdf = documents.participants_letter_pdf(activity=activity,
                                            enrollments=_participants(user, activity))
    return _pdf_response(pdf, f"surat-tugas-peserta-{activity.code}.pdf")


@login_required
def letter_speakers_pdf(request: HttpRequest, activity_id: int) -> HttpResponse:
    user, activity = _document_activity(request, activity_id)
    if not can_manage_resources(user):
        raise PermissionDenied
    speakers = list(activity.speakers.select_related("person__organisation")
                    .order_by("person__name"))
    pdf = documents.speakers_letter_pdf(activity=activity, speakers=speakers)
    return _pdf_response(pdf, f"surat-tugas-narasumber-{activity.code}.pdf")


@login_required
def attendance_list_pdf(request: HttpRequest, activity_id: int) -> HttpResponse:
    user, activity = _document_activity(request, activity_id)
    pdf = documents.attendance_list_pdf(activity=activity,
                                        enrollments=_participants(user, activity))
    return _pdf_response(pdf, f"daftar-hadir-{activity.code}.pdf")


# --------------------------------------------------------------------------------------------
# Cost report


@login_required
def cost_report_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if user.role not in AGENCY_WIDE:
        raise PermissionDenied
    agency_id = agency_id_of(user)
    plans = Plan.objects.filter(agency_id=agency_id).order_by("-year", "name", "-version")
    plan_id = int_or_none(request.GET.get("rencana"))
    plan = (get_object_or_404(plans, pk=plan_id) if plan_id
            else plans.filter(activities__isnull=False).first())
    report = cost_report(plan) if plan else None
    if report is not None and request.GET.get("format") == "xlsx":
        assert plan is not None
        response = HttpResponse(
            cost_report_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = (
            f'attachment; filename="biaya-{plan.year}-v{plan.version}.xlsx"')
        return response
    return render(request, "delivery/resources/cost_report.html", {
        "plans": plans, "plan": plan, "report": report,
        "used_pct": (round(100 * report.realised / report.budget)
                     if report and report.budget else 0),
    })
