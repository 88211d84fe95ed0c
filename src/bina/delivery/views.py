"""Pages of the delivery stage: the year's activities, an activity (sessions, participants,
attendance, completion, cost), the calendar, the participant's check-in by code, a person's
own activities and certificates, and the public certificate verification.

Who may do what: admin and planner everything; leadership reads (no codes, no NIP); an
operator sees the activities with participants of their unit, only those participants, sees the
session codes and marks their attendance; an employee checks in and sees their own."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.accounts.models import Role, User
from bina.accounts.selectors import is_supervisor, visible_employees
from bina.delivery import selectors as sel
from bina.delivery.attendance import activity_complete as complete_activity
from bina.delivery.attendance import (
    attendance_check_in,
    attendance_import,
    attendance_record,
    certificate_revoke,
)
from bina.delivery.certificates import certificate_pdf, date_range_id
from bina.delivery.forms import CheckInForm, CostForm, MarkForm, NipForm, UploadForm, VerifyForm
from bina.delivery.io import AttendanceFileError, read_attendance, write_attendance_template
from bina.delivery.models import (
    Activity,
    ActivityStatus,
    Certificate,
    Enrollment,
    EnrollmentStatus,
)
from bina.delivery.services import (
    DeliveryError,
    activities_from_plan,
    activity_realised_cost,
    enrollment_add,
    enrollment_substitute,
    enrollment_withdraw,
)
from bina.org.models import Unit
from bina.people.models import Employee
from bina.plan.models import Plan, PlanStatus, Programme
from bina.web.http import agency_id_of, authenticated_user, int_or_none

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rupiah(value: int | None) -> str:
    return "–" if value is None else "Rp " + f"{value:,}".replace(",", ".")


def _browser(request: HttpRequest) -> User:
    user = authenticated_user(request)
    agency_id_of(user)
    if not sel.can_browse(user):
        raise PermissionDenied
    return user


def _manager(request: HttpRequest) -> User:
    user = authenticated_user(request)
    agency_id_of(user)
    if not sel.can_manage(user):
        raise PermissionDenied
    return user


def _activity(user: User, pk: int) -> Activity:
    return get_object_or_404(sel.activities_for(user).select_related(
        "programme__path", "provider", "plan"), pk=pk)


def _back(pk: int, anchor: str = "") -> HttpResponse:
    from django.urls import reverse

    return redirect(reverse("delivery:detail", args=[pk]) + (f"#{anchor}" if anchor else ""))


# --------------------------------------------------------------------------------------------
# The list


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if user.role == Role.EMPLOYEE:
        return redirect("delivery:my")
    user = _browser(request)
    agency_id = agency_id_of(user)
    today = timezone.localdate()
    year = int_or_none(request.GET.get("tahun")) or today.year
    base = sel.activities_for(user).filter(start_date__year=year)
    qs = base
    programme_id = int_or_none(request.GET.get("program"))
    unit_id = int_or_none(request.GET.get("unit"))
    month = int_or_none(request.GET.get("bulan"))
    status = request.GET.get("status", "")
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    units = sel_units(user)
    if unit_id:
        unit = units.filter(pk=unit_id).first()
        if unit is not None:
            qs = qs.filter(enrollments__employee__unit__path__startswith=unit.path,
                           enrollments__status=EnrollmentStatus.ENROLLED).distinct()
    if month and 1 <= month <= 12:
        first = dt.date(year, month, 1)
        last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
        qs = qs.filter(start_date__lte=last, end_date__gte=first)
    if status in ActivityStatus.values:
        qs = qs.filter(status=status)
    rows = sel.activity_rows(qs.order_by("start_date", "code"))
    plans: QuerySet[Plan] = Plan.objects.none()
    if sel.can_manage(user):
        plans = Plan.objects.filter(agency_id=agency_id, status=PlanStatus.APPROVED,
                                    activities__isnull=True).order_by("-year", "-version")
    return render(request, "delivery/activity_list.html", {
        "rows": rows, "year": year, "years": range(today.year - 2, today.year + 2),
        "counts": sel.status_counts(base), "total": base.count(),
        "participants": sum(r.participants for r in rows),
        "programmes": Programme.objects.filter(pk__in=base.values("programme_id"))
        .order_by("code"),
        "units": units.filter(parent__isnull=True).order_by("code"),
        "months": list(enumerate(MONTHS, start=1)), "statuses": ActivityStatus.choices,
        "f": {"program": programme_id, "unit": unit_id, "bulan": month, "status": status},
        "plans": plans, "can_manage": sel.can_manage(user), "today": today,
    })


def sel_units(user: User) -> QuerySet[Unit]:
    from bina.accounts.selectors import visible_units

    return visible_units(user)


@login_required
@require_POST
def schedule_from_plan(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    plan = get_object_or_404(Plan, pk=int_or_none(request.POST.get("plan")) or 0,
                             agency_id=agency_id_of(user))
    try:
        result = activities_from_plan(plan=plan, user=user, not_before=timezone.localdate())
    except DeliveryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s kegiatan dijadwalkan dengan %(p)s peserta dari "
                                    "%(plan)s.") % {"n": len(result.activities),
                                                    "p": result.enrolled, "plan": plan})
    return redirect(f"{_list_url()}?tahun={plan.year}")


def _list_url() -> str:
    from django.urls import reverse

    return reverse("delivery:list")


# --------------------------------------------------------------------------------------------
# One activity


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _browser(request)
    activity = _activity(user, pk)
    enrollments = sel.visible_enrollments(user, activity)
    by_status: dict[str, list[Enrollment]] = {s: [] for s in EnrollmentStatus.values}
    for e in enrollments.order_by("waitlist_rank", "employee__name"):
        by_status[e.status].append(e)
    grid = sel.attendance_grid(activity, enrollments)
    manage = sel.can_manage(user)
    open_ = activity.status == ActivityStatus.SCHEDULED
    can_mark = open_ and (manage or user.role == Role.OPERATOR)
    today = timezone.localdate()
    cost_form = CostForm(initial={"realised_cost": rupiah(activity.realised_cost)
                                  if activity.realised_cost is not None else ""})
    speakers = activity.speakers.select_related("person").order_by("person__name")
    credited = enrollments.aggregate(jp=Sum("jp_credited"))["jp"]
    return render(request, "delivery/activity_detail.html", {
        "activity": activity, "sessions": grid.sessions, "grid": grid,
        "participants": by_status[EnrollmentStatus.ENROLLED],
        "waiting": by_status[EnrollmentStatus.WAITING],
        "replaced": by_status[EnrollmentStatus.REPLACED],
        "withdrawn": by_status[EnrollmentStatus.WITHDRAWN],
        "show_codes": sel.can_see_codes(user), "show_nip": sel.can_see_nip(user),
        "can_manage": manage and open_, "can_mark": can_mark, "manager": manage,
        "can_complete": manage and open_ and activity.end_date <= today,
        "ended": activity.end_date <= today, "today": today,
        "dates": date_range_id(activity.start_date, activity.end_date),
        "planned_cost": rupiah(activity.planned_cost),
        "realised_cost": rupiah(activity.realised_cost),
        "cost_diff": (None if activity.realised_cost is None
                      else activity.realised_cost - activity.planned_cost),
        "cost_form": cost_form, "nip_form": NipForm(), "upload_form": UploadForm(),
        "speakers": speakers, "credited": credited,
        "statuses": [("hadir", _("Hadir")), ("terlambat", _("Terlambat")),
                     ("izin", _("Izin")), ("tidak_hadir", _("Tidak hadir"))],
    })


@login_required
@require_POST
def attendance_mark(request: HttpRequest, pk: int) -> HttpResponse:
    user = _browser(request)
    if not (sel.can_manage(user) or user.role == Role.OPERATOR):
        raise PermissionDenied
    activity = _activity(user, pk)
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isian presensi tidak lengkap."))
        return _back(pk, "attendance")
    session = get_object_or_404(activity.sessions, pk=form.cleaned_data["session"])
    enrollment = get_object_or_404(sel.visible_enrollments(user, activity),
                                   pk=form.cleaned_data["enrollment"])
    try:
        attendance_record(session=session, enrollment=enrollment,
                          status=form.cleaned_data["status"], user=user)
    except DeliveryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s: %(status)s pada %(date)s.") % {
            "name": enrollment.employee.name,
            "status": dict(form.fields["status"].choices)[  # type: ignore[attr-defined]
                form.cleaned_data["status"]],
            "date": session.date.strftime("%d-%m-%Y")})
    return _back(pk, "attendance")


@login_required
def attendance_template(request: HttpRequest, pk: int) -> HttpResponse:
    user = _browser(request)
    if not (sel.can_manage(user) or user.role == Role.OPERATOR):
        raise PermissionDenied
    activity = _activity(user, pk)
    buffer = io.BytesIO()
    rows = [r for r in sel.template_rows(activity)
            if user.role != Role.OPERATOR
            or visible_employees(user).filter(nip=r.nip).exists()]
    write_attendance_template(buffer, activity_code=activity.code, activity_name=activity.name,
                              rows=rows)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="presensi-{activity.code}.xlsx"'
    return response


@login_required
@require_POST
def attendance_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    activity = _activity(user, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas daftar hadir (.xlsx)."))
        return _back(pk, "attendance")
    upload = form.cleaned_data["file"]
    try:
        sheet = read_attendance(upload)
    except AttendanceFileError as exc:
        messages.error(request, f"{upload.name}: {exc}")
        return _back(pk, "attendance")
    if sheet.activity_code and sheet.activity_code != activity.code:
        messages.error(request, _("Berkas ini untuk kegiatan %(other)s, bukan %(code)s.")
                       % {"other": sheet.activity_code, "code": activity.code})
        return _back(pk, "attendance")
    result = attendance_import(activity=activity, rows=sheet.rows, user=user)
    if result.ok:
        messages.success(request, _("%(n)s presensi dicatat dari %(file)s.")
                         % {"n": result.imported, "file": upload.name})
    else:
        messages.error(request, _("%(file)s ditolak, tidak ada yang disimpan: %(errors)s")
                       % {"file": upload.name, "errors": "; ".join(
                           f"{_('baris')} {e.row}, {e.column}: {e.message}"
                           for e in result.errors[:10])})
    return _back(pk, "attendance")


@login_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    activity = _activity(user, pk)
    try:
        result = complete_activity(activity=activity, user=user)
    except DeliveryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Kegiatan diselesaikan: %(ok)s peserta selesai (%(jp)s JP "
                                    "diakui, sertifikat diterbitkan), %(no)s tidak selesai.")
                         % {"ok": result.completed, "no": result.not_completed,
                            "jp": f"{result.jp_total.normalize():f}"})
    return _back(pk)


@login_required
@require_POST
def realised_cost(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    activity = _activity(user, pk)
    form = CostForm(request.POST)
    if form.is_valid():
        activity_realised_cost(activity=activity, amount=form.cleaned_data["realised_cost"],
                               user=user)
        messages.success(request, _("Biaya realisasi disimpan."))
    else:
        messages.error(request, " ".join(str(m) for m in form.errors.get("realised_cost", [])))
    return _back(pk, "cost")


def _employee_by_nip(user: User, nip: str) -> Employee | None:
    return Employee.objects.filter(agency_id=agency_id_of(user), nip=nip.strip()).first()


@login_required
@require_POST
def enrollment_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    activity = _activity(user, pk)
    form = NipForm(request.POST)
    employee = _employee_by_nip(user, form.data.get("nip", "")) if form.is_valid() else None
    if employee is None:
        messages.error(request, _("NIP tidak ditemukan di instansi ini."))
        return _back(pk, "participants")
    try:
        e = enrollment_add(activity=activity, employee=employee, user=user)
    except DeliveryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s ditambahkan sebagai %(status)s.")
                         % {"name": employee.name, "status": e.get_status_display().lower()})
    return _back(pk, "participants")


@login_required
@require_POST
def enrollment_withdraw_view(request: HttpRequest, pk: int, enrollment_id: int) -> HttpResponse:
    user = _manager(request)
    activity = _activity(user, pk)
    enrollment = get_object_or_404(activity.enrollments.select_related("employee"),
                                   pk=enrollment_id)
    try:
        promoted = enrollment_withdraw(enrollment=enrollment, user=user)
    except DeliveryError as exc:
        messages.error(request, str(exc))
    else:
        text = _("%(name)s dibatalkan.") % {"name": enrollment.employee.name}
        if promoted is not None:
            text += " " + _("%(name)s dari daftar tunggu menggantikan.") % {
                "name": promoted.employee.name}
        messages.success(request, text)
    return _back(pk, "participants")


@login_required
@require_POST
def enrollment_substitute_view(request: HttpRequest, pk: int,
                               enrollment_id: int) -> HttpResponse:
    user = _manager(request)
    activity = _activity(user, pk)
    enrollment = get_object_or_404(activity.enrollments.select_related("employee"),
                                   pk=enrollment_id)
    form = NipForm(request.POST)
    substitute = _employee_by_nip(user, form.data.get("nip", "")) if form.is_valid() else None
    if substitute is None:
        messages.error(request, _("NIP pengganti tidak ditemukan di instansi ini."))
        return _back(pk, "participants")
    try:
        enrollment_substitute(enrollment=enrollment, substitute=substitute, user=user)
    except DeliveryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(new)s menggantikan %(old)s.")
                         % {"new": substitute.name, "old": enrollment.employee.name})
    return _back(pk, "participants")


# --------------------------------------------------------------------------------------------
# Calendar


@login_required
def calendar_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    agency_id_of(user)
    assert user.agency is not None
    today = timezone.localdate()
    year = int_or_none(request.GET.get("tahun")) or today.year
    month = int_or_none(request.GET.get("bulan")) or today.month
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    unit: Unit | None = None
    employee: Employee | None = None
    if sel.can_browse(user):
        activities = sel.activities_for(user)
        unit_id = int_or_none(request.GET.get("unit"))
        if unit_id:
            unit = get_object_or_404(sel_units(user), pk=unit_id)
        nip = request.GET.get("pegawai", "").strip()
        if nip:
            employee = get_object_or_404(visible_employees(user), nip=nip)
        elif user.role == Role.OPERATOR and unit is None:
            unit = user.unit
    elif user.employee_id is not None:
        activities = Activity.objects.filter(agency_id=agency_id_of(user))
        employee = user.employee
        nip = request.GET.get("pegawai", "").strip()
        if nip and employee is not None and nip != employee.nip:
            raise PermissionDenied
    else:
        raise PermissionDenied
    month_data = sel.calendar_month(agency=user.agency, year=year, month=month,
                                    activities=activities, unit=unit, employee=employee)
    prev = (year - 1, 12) if month == 1 else (year, month - 1)
    nxt = (year + 1, 1) if month == 12 else (year, month + 1)
    unit_names = dict(Unit.objects.filter(agency_id=agency_id_of(user))
                      .values_list("pk", "name"))
    peaks = [{"peak": p, "unit": unit_names.get(int(p.unit), p.unit)}
             for p in month_data.peaks]
    conflicts = [{"c": c, "name": month_data.names.get(c.person_id, c.person_id),
                  "a": month_data.activity_codes.get(c.activity_a, c.activity_a),
                  "b": month_data.activity_codes.get(c.activity_b, c.activity_b)}
                 for c in month_data.conflicts]
    return render(request, "delivery/calendar.html", {
        "cal": month_data, "month_name": MONTHS[month - 1], "year": year, "month": month,
        "prev": prev, "next": nxt, "unit": unit, "employee": employee,
        "units": sel_units(user).filter(parent__isnull=True).order_by("code")
        if sel.can_browse(user) else [],
        "peaks": peaks, "conflicts": conflicts, "today": today,
        "share_pct": round(float(month_data.max_share) * 100),
        "weekdays": ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"),
        "can_browse": sel.can_browse(user),
    })


# --------------------------------------------------------------------------------------------
# The participant's side


@login_required
def check_in(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    employee = user.employee
    done = None
    error = ""
    form = CheckInForm(request.POST or None)
    if employee is None:
        error = _("Akun ini tidak terhubung dengan data pegawai: presensi dengan kode hanya "
                  "untuk peserta.")
    elif request.method == "POST" and form.is_valid():
        try:
            done = attendance_check_in(code=form.cleaned_data["code"], employee=employee)
        except DeliveryError as exc:
            error = str(exc)
        else:
            form = CheckInForm()
    today = timezone.localdate()
    upcoming = [] if employee is None else list(
        Enrollment.objects.filter(employee=employee, status=EnrollmentStatus.ENROLLED,
                                  activity__status=ActivityStatus.SCHEDULED,
                                  activity__end_date__gte=today)
        .select_related("activity").order_by("activity__start_date")[:5])
    return render(request, "delivery/checkin.html", {
        "form": form, "done": done, "error": error, "upcoming": upcoming, "today": today,
        "checked_in_at": timezone.localtime(done.checked_in_at)
        if done is not None and done.checked_in_at else None,
    })


@login_required
def my_activities(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if user.employee is None:
        return render(request, "delivery/my.html", {"rows": [], "no_employee": True})
    rows = list(sel.my_enrollments(user.employee))
    earned = sum((e.jp_credited or 0) for e in rows if e.outcome == "selesai")
    return render(request, "delivery/my.html", {
        "rows": rows, "employee": user.employee, "earned": earned,
        "certificates": sum(1 for e in rows if hasattr(e, "certificate")),
        "today": timezone.localdate(),
    })


@login_required
def team_view(request: HttpRequest) -> HttpResponse:
    """A supervisor's subordinates: their classes, the year's JP against the plan and the
    20 JP right, and outside activities awaiting a decision. Only for supervisors, and only
    their own subordinates (``?semua=1``: with the indirect ones)."""
    user = authenticated_user(request)
    agency_id = agency_id_of(user)
    if user.employee is None or not is_supervisor(user):
        raise PermissionDenied
    today = timezone.localdate()
    year = int_or_none(request.GET.get("tahun")) or today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    indirect = request.GET.get("semua") == "1"
    ids, direct = sel.team_ids(user.employee, indirect=indirect)
    members = sel.team_development(ids, direct, agency_id=agency_id, year=year, today=today)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    counts = Counter(m.progress.status for m in members if m.progress is not None)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "delivery/team.html", {
        "page": page, "members": list(page), "year": year, "today": today,
        "indirect": indirect, "n_direct": len(direct), "n_all": len(members),
        "counts": counts, "pending": sum(m.pending for m in members),
        "at_risk": [m for m in members if m.progress is not None
                    and m.progress.status == "at_risk"][:10],
        "querystring": query.urlencode(), "years": [today.year - 1, today.year],
    })


def _certificate_for(user: User, pk: int) -> Certificate:
    cert = get_object_or_404(Certificate.objects.select_related(
        "enrollment__activity__programme", "enrollment__activity__agency",
        "enrollment__employee"), pk=pk, enrollment__activity__agency_id=agency_id_of(user))
    employee = cert.enrollment.employee
    if user.employee_id == employee.pk:
        return cert
    if user.role in {Role.ADMIN, Role.PLANNER}:
        return cert
    if user.role == Role.OPERATOR and visible_employees(user).filter(pk=employee.pk).exists():
        return cert
    raise Http404  # another person's certificate: not even its existence


@login_required
def certificate_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = authenticated_user(request)
    cert = _certificate_for(user, pk)
    pdf = certificate_pdf(certificate=cert, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = "sertifikat-" + cert.number.replace("/", "-") + ".pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_POST
def certificate_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    cert = _certificate_for(user, pk)
    try:
        certificate_revoke(certificate=cert, user=user,
                           reason=request.POST.get("reason", "")[:200])
    except DeliveryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Sertifikat %(n)s dicabut.") % {"n": cert.number})
    return _back(cert.enrollment.activity_id, "participants")


# --------------------------------------------------------------------------------------------
# Public verification (no login): genuine or not, and nothing else about the person


def verify_form(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        from django.urls import reverse

        from bina.delivery.attendance import normalise_code

        code = normalise_code(form.cleaned_data["code"])
        if code:
            return redirect(reverse("verify:certificate", args=[code]))
    return render(request, "delivery/verify.html", {"form": form, "searched": False})


def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    cert = sel.certificate_by_code(code)
    if cert is None:
        return render(request, "delivery/verify.html", {
            "form": VerifyForm(initial={"code": code}), "searched": True, "code": code},
            status=404)
    activity = cert.enrollment.activity
    return render(request, "delivery/verify.html", {
        "form": VerifyForm(), "searched": True, "found": True,
        "number": cert.number, "holder": cert.enrollment.employee.full_name,
        "programme": activity.programme.name, "activity": activity.name,
        "dates": date_range_id(activity.start_date, activity.end_date),
        "jp": cert.jp, "revoked_at": cert.revoked_at, "issued_at": cert.issued_at,
        "code": cert.code,
    })


