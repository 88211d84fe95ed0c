"""The partner fence: an account with the partner role reaches only the partner portal, its
offers, its own account pages and the public pages. Every view also checks access itself; the
fence makes sure a page that forgets the partner role (it is not an employee, operator or
agency-wide role) still refuses it. Add after the authentication middleware."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from bina.accounts.models import Role

ALLOWED_PREFIXES = (
    "/mitra/portal/",
    "/mitra/tawaran/",
    "/akun/masuk/",
    "/akun/keluar/",
    "/akun/kata-sandi/",
    "/i18n/",
    "/healthz",
    "/static/",
    "/verifikasi/",  # the public certificate check
)


class PartnerFenceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.role == Role.PARTNER:
            path = request.path_info
            if path == "/":
                return redirect("partners:portal")
            if not path.startswith(ALLOWED_PREFIXES):
                raise PermissionDenied
        return self.get_response(request)
