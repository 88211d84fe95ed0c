"""Pages of the partners app. Thin: access via :mod:`bina.partners.selectors`, writes via
:mod:`bina.partners.services` (and delivery's attendance service for partner classes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.accounts.models import User
from bina.delivery.attendance import AttendanceError, attendance_record
from bina.delivery.models import ActivitySession, Enrollment
from bina.delivery.selectors import attendance_grid
from bina.partners import selectors, services
from bina.partners.forms import (
    AccountForm,
    AgreementForm,
    AttendanceForm,
    ClassForm,
    ContactForm,
    OfferForm,
    PartnerForm,
    ReturnForm,
    ReviewForm,
    SemesterForm,
    StudyForm,
)
from bina.partners.models import OfferStatus, Partner, ProgrammeOffer
from bina.partners.services import PartnerError
from bina.people.selectors import today
from bina.web.http import authenticated_user


def _reader(request: HttpRequest) -> User:
    user = authenticated_user(request)
    if not selectors.can_read(user):
        raise PermissionDenied
    return user


def _manager(request: HttpRequest) -> User:
    user = authenticated_user(request)
    if not selectors.can_manage(user):
        raise PermissionDenied
    return user


def _partner_user(request: HttpRequest) -> tuple[User, Partner]:
    user = authenticated_user(request)
    partner = selectors.partner_of(user)
    if partner is None:
        raise PermissionDenied
    return user, partner


def _errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


# --------------------------------------------------------------------------------------------
# Registry


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    assert user.agency_id is not None
    day = today()
    partners = (selectors.partners_for(user)
                .prefetch_related("agreements", "contacts").order_by("organisation__name"))
    kind = request.GET.get("jenis", "")
    if kind:
        partners = partners.filter(organisation__kind=kind)
    from bina.org.models import OrganisationKind

    return render(request, "partners/partner_list.html", {
        "partners": partners, "expiring": selectors.expiring_agreements(user.agency_id, day),
        "kinds": OrganisationKind.choices, "kind": kind, "day": day,
        "warning_days": selectors.EXPIRY_WARNING_DAYS,
        "can_manage": selectors.can_manage(user),
        "pending": selectors.pending_offers(user.agency_id),
        "form": PartnerForm(agency_id=user.agency_id) if selectors.can_manage(user) else None,
    })


@login_required
@require_POST
def partner_create(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    assert user.agency_id is not None
    form = PartnerForm(request.POST, agency_id=user.agency_id)
    if not form.is_valid():
        _errors(request, form)
        return redirect("partners:list")
    try:
        partner = services.partner_create(organisation=form.cleaned_data["organisation"],
                                          user=user, since=form.cleaned_data["since"],
                                          notes=form.cleaned_data["notes"])
    except PartnerError as exc:
        messages.error(request, str(exc))
        return redirect("partners:list")
    messages.success(request, _("%(name)s terdaftar sebagai mitra.") % {"name": partner})
    return redirect("partners:detail", partner.pk)


def _partner_for(user: User, pk: int) -> Partner:
    partner = selectors.partners_for(user).filter(pk=pk).first()
    if partner is None:
        raise Http404
    return partner


@login_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    partner = _partner_for(user, pk)
    day = today()
    return render(request, "partners/partner_detail.html", {
        "partner": partner, "contacts": partner.contacts.all(),
        "agreements": selectors.agreement_rows(partner, day),
        "history": selectors.partner_history(partner),
        "offers": partner.offers.select_related("path", "programme"),
        "studies": partner.studies.select_related("employee").order_by("-start_date")[:50],
        "can_manage": selectors.can_manage(user), "day": day,
        "contact_form": ContactForm(), "agreement_form": AgreementForm(),
        "account_form": AccountForm(),
        "accounts": partner.organisation.partner_accounts.filter(
            agency_id=partner.agency_id).order_by("username"),
        "warning_days": selectors.EXPIRY_WARNING_DAYS,
    })


@login_required
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    partner = _partner_for(user, pk)
    form = ContactForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        try:
            services.contact_add(partner=partner, user=user, **form.cleaned_data)
            messages.success(request, _("Kontak ditambahkan."))
        except PartnerError as exc:
            messages.error(request, str(exc))
    return redirect("partners:detail", partner.pk)


@login_required
@require_POST
def account_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    partner = _partner_for(user, pk)
    form = AccountForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect("partners:detail", partner.pk)
    d = form.cleaned_data
    try:
        code = services.partner_account_create(partner=partner, actor=user,
                                               username=d["username"], name=d["name"],
                                               email=d["email"])
    except PartnerError as exc:
        messages.error(request, str(exc))
        return redirect("partners:detail", partner.pk)
    messages.success(request, _("Akun %(username)s dibuat. Kode masuk pertama (hanya "
                                "ditampilkan sekali): %(code)s")
                     % {"username": d["username"].lower(), "code": code})
    return redirect("partners:detail", partner.pk)


@login_required
@require_POST
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    partner = _partner_for(user, pk)
    form = AgreementForm(request.POST, request.FILES)
    if not form.is_valid():
        _errors(request, form)
        return redirect("partners:detail", partner.pk)
    d = form.cleaned_data
    try:
        services.agreement_add(partner=partner, user=user, kind=d["kind"], number=d["number"],
                               scope=d["scope"], start_date=d["start_date"],
                               end_date=d["end_date"], quotas=form.quotas(),
                               document=d.get("document"))
        messages.success(request, _("Perjanjian %(number)s dicatat.") % {"number": d["number"]})
    except PartnerError as exc:
        messages.error(request, str(exc))
    return redirect("partners:detail", partner.pk)


@login_required
def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    from bina.partners.models import Agreement

    user = _reader(request)
    agreement = get_object_or_404(Agreement, pk=pk, partner__agency_id=user.agency_id)
    if not agreement.document:
        raise Http404
    return FileResponse(agreement.document.open("rb"), as_attachment=False,
                        filename=agreement.document.name.rsplit("/", 1)[-1])


# --------------------------------------------------------------------------------------------
# Offers


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    partner = selectors.partner_of(user)
    if partner is None and not selectors.can_read(user):
        raise PermissionDenied
    offers = selectors.offers_for(user)
    status = request.GET.get("status", "")
    if status in OfferStatus.values:
        offers = offers.filter(status=status)
    can_offer = partner is not None or selectors.can_manage(user)
    form = OfferForm(partners=selectors.partners_for(user)) if can_offer else None
    return render(request, "partners/offer_list.html", {
        "offers": offers, "form": form, "status": status, "statuses": OfferStatus.choices,
        "can_review": selectors.can_manage(user), "partner": partner,
        "review_form": ReviewForm(),
    })


@login_required
@require_POST
def offer_add(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if selectors.partner_of(user) is None and not selectors.can_manage(user):
        raise PermissionDenied
    form = OfferForm(request.POST, partners=selectors.partners_for(user))
    if not form.is_valid():
        _errors(request, form)
        return redirect("partners:offers")
    d = form.cleaned_data
    try:
        services.offer_submit(partner=d["partner"], user=user, kind=d["kind"], name=d["name"],
                              path=d["path"], jp=d["jp"], seats_per_class=d["seats_per_class"],
                              cost_per_participant=d["cost_per_participant"] or 0,
                              description=d["description"])
        messages.success(request, _("Tawaran %(name)s dikirim untuk ditelaah perencana.")
                         % {"name": d["name"]})
    except PartnerError as exc:
        messages.error(request, str(exc))
    return redirect("partners:offers")


@login_required
@require_POST
def offer_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    offer = get_object_or_404(ProgrammeOffer, pk=pk, agency_id=user.agency_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect("partners:offers")
    d = form.cleaned_data
    try:
        if d["decision"] == "accept":
            programme = services.offer_accept(offer=offer, user=user, code=d["code"])
            messages.success(request, _("Diterima: %(programme)s masuk katalog.")
                             % {"programme": programme})
        else:
            services.offer_reject(offer=offer, user=user, reason=d["reason"])
            messages.success(request, _("Tawaran %(name)s ditolak.") % {"name": offer.name})
    except PartnerError as exc:
        messages.error(request, str(exc))
    return redirect("partners:offers")


# --------------------------------------------------------------------------------------------
# Partner portal: own classes and attendance


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    user, partner = _partner_user(request)
    from bina.delivery.selectors import activity_rows

    programmes = services.partner_programmes(partner)
    return render(request, "partners/portal.html", {
        "partner": partner,
        "classes": activity_rows(selectors.classes_for(user).order_by("-start_date")),
        "offers": selectors.offers_for(user)[:10],
        "programmes": programmes,
        "form": ClassForm(programmes=[p for p in programmes if p.path.code != "PEND"]),
    })


@login_required
@require_POST
def class_add(request: HttpRequest) -> HttpResponse:
    user, partner = _partner_user(request)
    programmes = [p for p in services.partner_programmes(partner) if p.path.code != "PEND"]
    form = ClassForm(request.POST, programmes=programmes)
    if not form.is_valid():
        _errors(request, form)
        return redirect("partners:portal")
    d = form.cleaned_data
    try:
        activity = services.partner_class_add(
            partner=partner, programme=d["programme"], user=user, start_date=d["start_date"],
            place=d["place"], seats=d["seats"], is_online=d["is_online"])
    except PartnerError as exc:
        messages.error(request, str(exc))
        return redirect("partners:portal")
    messages.success(request, _("Kelas %(code)s ditambahkan.") % {"code": activity.code})
    return redirect("partners:class", activity.pk)


@login_required
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, partner = _partner_user(request)
    activity = selectors.classes_for(user).filter(pk=pk).first()
    if activity is None:
        raise Http404
    enrollments = activity.enrollments.select_related("employee__unit")
    return render(request, "partners/class_detail.html", {
        "partner": partner, "activity": activity,
        "grid": attendance_grid(activity, enrollments),
        "statuses": AttendanceForm.base_fields["status"].choices,  # type: ignore[attr-defined]
    })


@login_required
@require_POST
def class_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    user, _partner = _partner_user(request)
    activity = selectors.classes_for(user).filter(pk=pk).first()
    if activity is None:
        raise Http404
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect("partners:class", activity.pk)
    session = get_object_or_404(ActivitySession, pk=form.cleaned_data["session"],
                                activity=activity)
    enrollment = get_object_or_404(Enrollment.objects.select_related("employee"),
                                   pk=form.cleaned_data["enrollment"], activity=activity)
    try:
        attendance_record(session=session, enrollment=enrollment,
                          status=form.cleaned_data["status"], user=user)
        messages.success(request, _("Kehadiran %(name)s dicatat.")
                         % {"name": enrollment.employee.name})
    except AttendanceError as exc:
        messages.error(request, str(exc))
    return redirect("partners:class", activity.pk)


# --------------------------------------------------------------------------------------------
# Degree study


@login_required
def study_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    assert user.agency_id is not None
    studies = selectors.studies_for(user).prefetch_related("semesters")
    status = request.GET.get("status", "")
    if status:
        studies = studies.filter(status=status)
    return render(request, "partners/study_list.html", {
        "studies": studies[:500], "status": status,
        "can_manage": selectors.can_manage(user),
        "show_nip": selectors.can_manage(user),
        "form": StudyForm(agency_id=user.agency_id) if selectors.can_manage(user) else None,
    })


@login_required
@require_POST
def study_add(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    assert user.agency_id is not None
    form = StudyForm(request.POST, agency_id=user.agency_id)
    if not form.is_valid():
        _errors(request, form)
        return redirect("partners:studies")
    d = form.cleaned_data
    try:
        study = services.study_start(
            employee=d["employee_nip"], partner=d["partner"], user=user, kind=d["kind"],
            level=d["level"], study_programme=d["study_programme"],
            start_date=d["start_date"], expected_end=d["expected_end"],
            agreement=d["agreement"])
    except PartnerError as exc:
        messages.error(request, str(exc))
        return redirect("partners:studies")
    messages.success(request, _("Studi %(name)s dicatat.") % {"name": study.employee.name})
    return redirect("partners:study", study.pk)


@login_required
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    study = selectors.studies_for(user).filter(pk=pk).first()
    if study is None:
        raise Http404
    semesters = list(study.semesters.all())
    return render(request, "partners/study_detail.html", {
        "study": study, "semesters": semesters,
        "jp_total": sum(s.jp_recognised for s in semesters),
        "can_manage": selectors.can_manage(user), "show_nip": selectors.can_manage(user),
        "semester_form": SemesterForm(initial={"number": len(semesters) + 1}),
        "return_form": ReturnForm(initial={"day": today()}),
    })


@login_required
@require_POST
def semester_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    study = selectors.studies_for(user).filter(pk=pk).first()
    if study is None:
        raise Http404
    form = SemesterForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        d = form.cleaned_data
        try:
            s = services.semester_record(study=study, user=user, number=d["number"],
                                         status=d["status"], gpa=d["gpa"])
            messages.success(request, _("Semester %(n)s dicatat (%(jp)s JP diakui).")
                             % {"n": s.number, "jp": s.jp_recognised})
        except PartnerError as exc:
            messages.error(request, str(exc))
    return redirect("partners:study", study.pk)


@login_required
@require_POST
def study_return(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    study = selectors.studies_for(user).filter(pk=pk).first()
    if study is None:
        raise Http404
    form = ReturnForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        try:
            services.study_return(study=study, user=user, day=form.cleaned_data["day"],
                                  graduated=form.cleaned_data["graduated"])
            messages.success(request, _("Kembali bertugas dicatat."))
        except PartnerError as exc:
            messages.error(request, str(exc))
    return redirect("partners:study", study.pk)


# --------------------------------------------------------------------------------------------
# Leadership


@login_required
def contributions(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    assert user.agency_id is not None
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = today().year
    return render(request, "partners/contributions.html", {
        "c": selectors.contributions(user.agency_id, year),
        "years": range(today().year - 3, today().year + 1),
    })
