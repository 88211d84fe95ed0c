"""Account writes: bulk creation with first-login codes, password resets, the login throttle."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bina.accounts.models import FailedLogin, Role, User
from bina.audit.services import AuditEntry, audit_record, audit_record_many
from bina.people.models import Employee

CODE_HASHER = "pbkdf2_sha256_code"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed by hand


def first_login_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


@dataclass(frozen=True)
class IssuedCode:
    """A first-login code, shown once (printed slips); only its hash is stored."""

    username: str
    name: str
    unit: str
    code: str
    created: bool


@transaction.atomic
def accounts_create_for_employees(
    *, employees: Iterable[Employee], actor: User, reset_existing: bool = False
) -> list[IssuedCode]:
    """Create an account (username = NIP, role employee) for each employee without one.

    Each gets a first-login code that must be changed at first sign-in. With
    ``reset_existing``, employees who already have an account get a new code too.
    """
    employees = list(employees)
    existing = {
        u.employee_id: u for u in User.objects.filter(employee__in=employees)
    }
    issued: list[IssuedCode] = []
    new_users: list[User] = []
    reset_users: list[User] = []
    for employee in sorted(employees, key=lambda e: (e.unit.name, e.name)):
        code = first_login_code()
        user = existing.get(employee.pk)
        # make_password per user: each code has its own salt and hash.
        password = make_password(normalise_code(code), hasher=CODE_HASHER)
        if user is None:
            new_users.append(
                User(
                    username=employee.nip,
                    first_name=employee.name[:150],
                    email=employee.email,
                    role=Role.EMPLOYEE,
                    agency_id=employee.agency_id,
                    employee=employee,
                    password=password,
                    must_change_password=True,
                )
            )
        elif reset_existing:
            user.password = password
            user.must_change_password = True
            reset_users.append(user)
        else:
            continue
        issued.append(IssuedCode(employee.nip, employee.full_name, employee.unit.name, code,
                                 user is None))
    User.objects.bulk_create(new_users, batch_size=500)
    User.objects.bulk_update(reset_users, ["password", "must_change_password"], batch_size=500)
    audit_record_many(
        actor=actor,
        agency=actor.agency,
        entries=[
            AuditEntry(
                action="account_create" if c.created else "password_reset",
                object_type="user",
                object_id=c.username,
                object_label=c.name,
                changes={},
            )
            for c in issued
        ],
    )
    return issued


def normalise_code(code: str) -> str:
    """Codes are typed by hand: ignore case, spaces and the dash."""
    return code.replace("-", "").replace(" ", "").upper()


@transaction.atomic
def password_reset(*, user: User, actor: User) -> str:
    """Give ``user`` a new first-login code (returned once; only its hash is kept)."""
    code = first_login_code()
    user.password = make_password(normalise_code(code), hasher=CODE_HASHER)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(
        actor=actor, agency=actor.agency, action="password_reset", object_type="user",
        object_id=user.username, object_label=user.get_full_name() or user.username,
    )
    return code


def password_change(*, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(
        actor=user, agency=user.agency, action="password_change", object_type="user",
        object_id=user.username,
    )


# Login throttle --------------------------------------------------------------------------


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.BINA_LOGIN_WINDOW_SECONDS)


def login_is_throttled(*, username: str, client_address: str) -> bool:
    since = _window_start()
    limit = settings.BINA_LOGIN_MAX_FAILURES
    recent = FailedLogin.objects.filter(at__gte=since)
    return (
        recent.filter(username=username.lower()).count() >= limit
        or recent.filter(client_address=client_address).count() >= limit * 4
    )


def login_failed(*, username: str, client_address: str) -> None:
    FailedLogin.objects.create(
        username=username.lower()[:150], client_address=client_address[:64], at=timezone.now()
    )
    FailedLogin.objects.filter(at__lt=_window_start()).delete()


def login_succeeded(*, username: str) -> None:
    FailedLogin.objects.filter(username=username.lower()).delete()
