from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.accounts import selectors as access
from bina.accounts import services
from bina.accounts.forms import BulkAccountsForm, LoginForm, PasswordChangeForm
from bina.accounts.models import User
from bina.people.models import Employee
from bina.web.http import authenticated_user, int_or_none, querystring_without_page

SESSION_CODES = "bina_issued_codes"


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        password = form.cleaned_data["password"]
        address = client_address(request)
        if services.login_is_throttled(username=username, client_address=address):
            error = _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.")
            return render(request, "accounts/login.html", {"form": form, "error": error},
                          status=429)
        user = authenticate(request, username=username, password=password)
        if user is None and len(services.normalise_code(password)) == 8:
            user = authenticate(
                request, username=username, password=services.normalise_code(password)
            )
        if user is None:
            services.login_failed(username=username, client_address=address)
            error = _("NIP/nama pengguna atau kata sandi salah.")
        else:
            services.login_succeeded(username=username)
            login(request, user)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = ""
            return HttpResponseRedirect(target or "/")
    return render(request, "accounts/login.html", {"form": form, "error": error})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    form = PasswordChangeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.password_change(user=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Kata sandi sudah diganti."))
        return redirect("web:home")
    return render(request, "accounts/password_change.html", {"form": form})


def _require_account_manager(request: HttpRequest) -> User:
    user = authenticated_user(request)
    if not access.can_manage_accounts(user):
        raise PermissionDenied
    return user


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    user = _require_account_manager(request)
    units = access.visible_units(user).filter(valid_to__isnull=True)
    employees = access.visible_employees(user).select_related("unit", "account")
    unit_id = int_or_none(request.GET.get("unit"))
    if unit_id is not None:
        unit = get_object_or_404(units, pk=unit_id)
        employees = employees.filter(unit__path__startswith=unit.path)
    q = request.GET.get("q", "").strip()
    if q:
        employees = employees.filter(nip__startswith=q) if q.isdigit() else employees.filter(
            name__icontains=q)
    page = Paginator(employees.order_by("unit__path", "name"), 50).get_page(request.GET.get("page"))
    with_account = access.visible_employees(user).filter(account__isnull=False).count()
    form = BulkAccountsForm(units=units, initial={"unit": unit_id})
    return render(request, "accounts/list.html", {
        "page": page, "form": form, "q": q, "unit_id": unit_id, "units": units,
        "with_account": with_account, "total": access.visible_employees(user).count(),
        "querystring": querystring_without_page(request),
    })


@login_required
@require_POST
def accounts_bulk_create(request: HttpRequest) -> HttpResponse:
    user = _require_account_manager(request)
    units = access.visible_units(user).filter(valid_to__isnull=True)
    form = BulkAccountsForm(request.POST, units=units)
    if not form.is_valid():
        messages.error(request, _("Pilih unit yang valid."))
        return redirect("accounts:list")
    unit = form.cleaned_data["unit"]
    employees = access.visible_employees(user).filter(
        unit__path__startswith=unit.path).select_related("unit")
    issued = services.accounts_create_for_employees(
        employees=employees, actor=user, reset_existing=form.cleaned_data["reset_existing"]
    )
    if not issued:
        messages.warning(request, _("Semua pegawai di unit ini sudah punya akun."))
        return redirect("accounts:list")
    return _show_codes(request, issued, title=unit.name)


def _show_codes(request: HttpRequest, issued: list[services.IssuedCode], *, title: str
                ) -> HttpResponse:
    batch = uuid.uuid4().hex
    # The codes live only in this user's server-side session, for printing; never in the DB.
    request.session[SESSION_CODES] = {"batch": batch, "title": title,
                                      "codes": [asdict(c) for c in issued]}
    return redirect("accounts:codes", batch=batch)


def _codes_from_session(request: HttpRequest, batch: str) -> dict[str, Any]:
    data = request.session.get(SESSION_CODES)
    if not data or data.get("batch") != batch:
        raise Http404(_("Kode sudah tidak tersedia. Buat kode baru bila perlu."))
    return dict(data)


@login_required
def account_codes(request: HttpRequest, batch: str) -> HttpResponse:
    _require_account_manager(request)
    data = _codes_from_session(request, batch)
    return render(request, "accounts/codes.html", {"data": data, "batch": batch,
                                                   "login_url": request.build_absolute_uri("/")})


@login_required
def account_codes_pdf(request: HttpRequest, batch: str) -> HttpResponse:
    _require_account_manager(request)
    data = _codes_from_session(request, batch)
    from bina.accounts.pdf import codes_pdf

    pdf = codes_pdf(title=data["title"], codes=data["codes"],
                    login_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="kode-masuk-pertama.pdf"'
    return response


@login_required
@require_POST
def account_reset(request: HttpRequest, employee_id: int) -> HttpResponse:
    user = _require_account_manager(request)
    employee = get_object_or_404(
        access.visible_employees(user).select_related("unit"), pk=employee_id)
    account = User.objects.filter(employee=employee).first()
    if account is None:
        issued = services.accounts_create_for_employees(employees=[employee], actor=user)
    else:
        code = services.password_reset(user=account, actor=user)
        issued = [services.IssuedCode(employee.nip, employee.full_name, employee.unit.name, code,
                                      False)]
    return _show_codes(request, issued, title=employee.full_name)


def employee_for(user: User, employee_id: int) -> Employee:
    return get_object_or_404(access.visible_employees(user), pk=employee_id)
