"""Who may see what. Every view and API endpoint asks these functions; nothing else decides.

- admin, planner, leadership: the whole agency (leadership read-only, no personal data);
- operator: their unit and its sub-units;
- a supervisor (an employee with subordinates): their direct and indirect subordinates;
- every employee: their own record.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from bina.accounts.models import Role, User
from bina.org.models import Unit
from bina.people.models import Employee

AGENCY_WIDE = {Role.ADMIN, Role.PLANNER, Role.LEADERSHIP}
SUPERVISION_DEPTH = 4


def subordinate_ids(employee: Employee, *, depth: int = SUPERVISION_DEPTH) -> set[int]:
    """Direct and indirect subordinates, ``depth`` levels down (one query per level)."""
    found: set[int] = set()
    frontier = {employee.pk}
    for _ in range(depth):
        frontier = set(
            Employee.objects.filter(supervisor_id__in=frontier).values_list("id", flat=True)
        ) - found - {employee.pk}
        if not frontier:
            break
        found |= frontier
    return found


def is_supervisor(user: User) -> bool:
    return user.employee_id is not None and Employee.objects.filter(
        supervisor_id=user.employee_id
    ).exists()


def visible_units(user: User) -> QuerySet[Unit]:
    if not user.is_authenticated or user.agency_id is None:
        return Unit.objects.none()
    units = Unit.objects.filter(agency_id=user.agency_id)
    if user.role in AGENCY_WIDE:
        return units
    if user.role == Role.OPERATOR and user.unit is not None:
        return units.filter(path__startswith=user.unit.path)
    return Unit.objects.none()


def visible_employees(user: User) -> QuerySet[Employee]:
    """The employees ``user`` may list and open."""
    if not user.is_authenticated or user.agency_id is None:
        return Employee.objects.none()
    in_agency = Employee.objects.filter(agency_id=user.agency_id)
    if user.role in AGENCY_WIDE:
        return in_agency
    condition = Q(pk__in=[])
    if user.role == Role.OPERATOR and user.unit is not None:
        condition |= Q(unit__path__startswith=user.unit.path)
    if user.employee_id is not None:
        condition |= Q(pk=user.employee_id)
        assert user.employee is not None
        subordinates = subordinate_ids(user.employee)
        if subordinates:
            condition |= Q(pk__in=subordinates)
    return in_agency.filter(condition)


def can_see_personal_data(user: User, employee: Employee) -> bool:
    """NIP, birth date, contact details and ratings: not for read-only leadership (they get
    aggregates and masked NIPs), and only within what the user may see at all."""
    if user.role == Role.LEADERSHIP and user.employee_id != employee.pk:
        return False
    return visible_employees(user).filter(pk=employee.pk).exists()


def can_edit_employee(user: User, employee: Employee) -> bool:
    if user.role in {Role.ADMIN, Role.PLANNER}:
        return employee.agency_id == user.agency_id
    if user.role == Role.OPERATOR and user.unit is not None:
        return employee.unit.path.startswith(user.unit.path)
    return False


def can_manage_accounts(user: User) -> bool:
    return user.is_authenticated and user.role in {Role.ADMIN, Role.OPERATOR}


def can_import(user: User) -> bool:
    return user.is_authenticated and user.role in {Role.ADMIN, Role.PLANNER}


def can_browse_audit(user: User) -> bool:
    return user.is_authenticated and user.role == Role.ADMIN


def can_edit_reference(user: User) -> bool:
    return user.is_authenticated and user.role in {Role.ADMIN, Role.PLANNER}
