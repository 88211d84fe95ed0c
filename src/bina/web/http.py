"""Small helpers shared by the views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from bina.accounts.models import User


def authenticated_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def agency_id_of(user: User) -> int:
    """The user's agency; an account without one may see nothing agency-bound."""
    if user.agency_id is None:
        raise PermissionDenied
    return user.agency_id
