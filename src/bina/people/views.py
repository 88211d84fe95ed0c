from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from bina.accounts import selectors as access
from bina.accounts.models import Role
from bina.core.nip import mask_nip
from bina.people import selectors
from bina.people.forms import EmployeeFilterForm
from bina.web.http import authenticated_user, querystring_without_page


@login_required
def employee_list(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if user.role == Role.EMPLOYEE and not access.is_supervisor(user):
        raise PermissionDenied
    visible = access.visible_employees(user)
    units = access.visible_units(user).filter(valid_to__isnull=True)
    if user.role == Role.EMPLOYEE:
        units = units.filter(pk__in=visible.values("unit_id"))
    form = EmployeeFilterForm(request.GET or None, units=units)
    f = selectors.EmployeeFilter()
    if form.is_valid():
        d = form.cleaned_data
        f = selectors.EmployeeFilter(
            q=d["q"] or "", unit_id=d["unit"].pk if d["unit"] else None,
            position_type=d["jenis"] or "", grade_id=d["golongan"].pk if d["golongan"] else None,
            employment_type=d["status"] or "",
        )
    qs = selectors.employees_filter(visible, f).order_by("name", "nip")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    personal = user.role != Role.LEADERSHIP
    rows = [(e, e.nip if personal else mask_nip(e.nip)) for e in page]
    return render(request, "people/list.html", {
        "form": form, "page": page, "rows": rows, "personal": personal,
        "querystring": querystring_without_page(request),
        "can_import": access.can_import(user),
    })


@login_required
def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = authenticated_user(request)
    employee = get_object_or_404(
        access.visible_employees(user).select_related(
            "unit", "position", "grade", "education", "supervisor", "target_position",
            "supervisor__position"),
        pk=pk,
    )
    personal = access.can_see_personal_data(user, employee)
    placements = employee.placements.select_related("unit", "position").order_by("-start_date")
    records = employee.development_records.select_related("path", "provider").order_by(
        "-end_date")
    jp = selectors.jp_by_year(employee)
    performance = employee.performance_records.order_by("-year", "period_kind")
    requirements = employee.position.requirements.select_related("competency").order_by(
        "competency__kind", "competency__code")
    target_requirements = (
        employee.target_position.requirements.select_related("competency").order_by(
            "competency__kind", "competency__code")
        if employee.target_position else []
    )
    return render(request, "people/detail.html", {
        "e": employee, "personal": personal,
        "nip": employee.nip if personal else mask_nip(employee.nip),
        "age": employee.age_on(selectors.today()),
        "placements": placements, "records": records[:100], "record_count": records.count(),
        "jp": jp, "jp_minimum": selectors.JP_MINIMUM, "performance": performance,
        "requirements": requirements, "target_requirements": target_requirements,
        "subordinates": employee.subordinates.select_related("position").order_by("name"),
        "can_edit": access.can_edit_employee(user, employee),
    })


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if user.employee_id is None:
        raise PermissionDenied
    return redirect("people:detail", pk=user.employee_id)


def _require_import(request: HttpRequest):  # type: ignore[no-untyped-def]
    user = authenticated_user(request)
    if not access.can_import(user):
        raise PermissionDenied
    return user


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a roster or development history; the import runs as a background job."""
    from django.utils.translation import get_language

    from bina.jobs.models import Job
    from bina.jobs.services import job_enqueue
    from bina.people.forms import ImportForm

    user = _require_import(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        job = job_enqueue(
            kind=ImportForm.JOB_KINDS[kind],
            params={"dry_run": form.cleaned_data["dry_run"], "agency_id": user.agency_id,
                    "lang": (get_language() or "id")[:2], "filename": upload.name},
            user=user, agency=user.agency, file=upload, filename=upload.name,
        )
        return redirect("jobs:detail", pk=job.pk)
    recent = Job.objects.filter(created_by=user, kind__in=ImportForm.JOB_KINDS.values())[:10]
    return render(request, "people/import.html", {"form": form, "recent": recent})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_employees(request: HttpRequest) -> HttpResponse:
    """The roster in the template's format, so that an export re-imports with no changes."""
    import io

    from bina.people.services import employees_export

    user = _require_import(request)
    assert user.agency is not None
    buffer = io.BytesIO()
    employees_export(queryset_or_agency=user.agency, file=buffer)
    return _xlsx_response(buffer.getvalue(),
                          f"pegawai-{user.agency.code}-{selectors.today()}.xlsx")


@login_required
def download_template(request: HttpRequest, kind: str) -> HttpResponse:
    import io

    from django.http import Http404

    from bina.org.models import Unit
    from bina.people.io.history import PathRef, write_development_template
    from bina.people.io.roster_xlsx import write_employee_template
    from bina.people.services import unit_reference
    from bina.reference.models import DevelopmentPath

    user = authenticated_user(request)
    buffer = io.BytesIO()
    if kind == "employees":
        first = Unit.objects.filter(agency=user.agency, valid_to__isnull=True).order_by(
            "depth", "name").first()
        write_employee_template(
            buffer, unit_name=first.name if first else None,
            references=[unit_reference(user.agency)] if user.agency else [],
        )
        return _xlsx_response(buffer.getvalue(), "templat-pegawai.xlsx")
    if kind == "performance":
        from bina.needs.io import write_performance_template

        write_performance_template(buffer, year=selectors.today().year - 1)
        return _xlsx_response(buffer.getvalue(), "templat-predikat-kinerja.xlsx")
    if kind == "development":
        paths = [PathRef(*row) for row in
                 DevelopmentPath.objects.order_by("code").values_list("id", "code", "name")]
        write_development_template(buffer, paths=paths)
        return _xlsx_response(buffer.getvalue(), "templat-riwayat-pengembangan.xlsx")
    raise Http404


@login_required
def employee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from bina.people.forms import EmployeeEditForm
    from bina.people.services import employee_update

    user = authenticated_user(request)
    employee = get_object_or_404(access.visible_employees(user).select_related(
        "unit", "position", "supervisor"), pk=pk)
    if not access.can_edit_employee(user, employee):
        raise PermissionDenied
    units = access.visible_units(user).filter(valid_to__isnull=True)
    initial = {
        "unit": employee.unit_id, "position": employee.position_id,
        "supervisor_nip": employee.supervisor.nip if employee.supervisor else "",
        "grade": employee.grade_id, "education": employee.education_id,
        "education_major": employee.education_major, "status": employee.status,
        "email": employee.email, "phone": employee.phone,
        "target_position": employee.target_position_id, "target_note": employee.target_note,
    }
    form = EmployeeEditForm(request.POST or None, initial=initial, employee=employee,
                            units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            employee_update(
                employee=employee, actor=user, unit=d["unit"], position=d["position"],
                supervisor=d["supervisor_nip"], grade=d["grade"], education=d["education"],
                education_major=d["education_major"], status=d["status"], email=d["email"],
                phone=d["phone"], target_position=d["target_position"],
                target_note=d["target_note"],
            )
        except (ValidationError, ValueError) as exc:
            form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Perubahan tersimpan dan tercatat di jejak audit."))
            return redirect("people:detail", pk=employee.pk)
    from bina.people.forms import PerformanceForm

    return render(request, "people/edit.html", {
        "form": form, "e": employee,
        "performance_form": PerformanceForm(initial={"year": selectors.today().year - 1}),
    })


@login_required
def performance_add(request: HttpRequest, pk: int) -> HttpResponse:
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from bina.people.forms import PerformanceForm
    from bina.people.services import performance_record_set

    user = authenticated_user(request)
    employee = get_object_or_404(access.visible_employees(user), pk=pk)
    if request.method != "POST" or not access.can_edit_employee(user, employee):
        raise PermissionDenied
    form = PerformanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Predikat kinerja tidak valid: periksa tahun dan penilaian."))
        return redirect("people:edit", pk=employee.pk)
    record = performance_record_set(
        employee=employee, year=form.cleaned_data["year"],
        result_rating=form.cleaned_data["result_rating"],
        behaviour_rating=form.cleaned_data["behaviour_rating"], actor=user,
    )
    messages.success(request, _("Predikat kinerja %(year)s tersimpan: %(predicate)s.") % {
        "year": record.year, "predicate": record.get_predicate_display()})
    return redirect("people:detail", pk=employee.pk)
