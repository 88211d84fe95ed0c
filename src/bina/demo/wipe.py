"""Delete the demo agency's data so that ``bina demo`` can regenerate it.

Order: rows of other apps that belong to the agency (plans, surveys… whatever later stages add,
found through their foreign key to the agency), then audit events and jobs, the agency's
accounts, performance and development records, placements, employees, competency standards,
positions, units (children before parents), organisations and the agency's own technical
competencies. Everything runs inside the caller's transaction.

A database whose agency ``prov-gorontalo`` holds employees but not the demo's marker is refused:
``bina demo`` never wipes real data.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.deletion import ProtectedError, RestrictedError

from bina.accounts.models import User
from bina.audit.models import AuditEvent
from bina.jobs.models import Job
from bina.org.models import Agency, CompetencyRequirement, Organisation, Position, Unit
from bina.people.models import DevelopmentRecord, Employee, PerformanceRecord, Placement
from bina.reference.models import Competency

DEMO_MARKER = "[bina demo]"
DEMO_USERNAMES = ("admin", "perencana", "operator.kesehatan", "pimpinan", "mitra.ung")

KNOWN_MODELS: tuple[type[models.Model], ...] = (
    Agency, AuditEvent, Job, User, PerformanceRecord, DevelopmentRecord, Placement, Employee,
    CompetencyRequirement, Position, Unit, Organisation, Competency,
)


class NotDemoDataError(Exception):
    """The agency holds data that ``bina demo`` did not create."""


def is_demo_agency(agency: Agency) -> bool:
    if not Employee.objects.filter(agency=agency).exists():
        return True
    return Organisation.objects.filter(agency=agency, notes__contains=DEMO_MARKER).exists()


def _agency_scoped_models() -> list[tuple[type[models.Model], str]]:
    """(model, lookup to the agency) for every other model with a foreign key to Agency, or to
    a unit or an employee of it (survey responses, for example, protect their unit)."""
    found = []
    for model in apps.get_models():
        if model in KNOWN_MODELS:
            continue
        for f in model._meta.get_fields():
            if not isinstance(f, models.ForeignKey):
                continue
            if f.related_model is Agency:
                found.append((model, f.name))
            elif f.related_model in (Unit, Employee):
                found.append((model, f"{f.name}__agency"))
    return sorted(found, key=lambda item: (item[0]._meta.label, item[1]))


CHUNK = 5_000


def _delete(queryset: models.QuerySet[Any]) -> None:
    """Delete the rows of ``queryset`` by primary key, in chunks. A filter across a join
    (``employee__agency``) would otherwise become ``DELETE … WHERE id IN (SELECT … JOIN …)``,
    which PostgreSQL can plan as nested loops over tables it has no statistics for yet (rows
    written in the same transaction): minutes instead of milliseconds."""
    ids = list(queryset.values_list("pk", flat=True))
    manager = queryset.model._default_manager
    for start in range(0, len(ids), CHUNK):
        manager.filter(pk__in=ids[start:start + CHUNK]).delete()


def _delete_other_apps_rows(agency: Agency) -> None:
    pending = _agency_scoped_models()
    for _ in range(len(pending) + 1):
        blocked = []
        for model, field in pending:
            try:
                _delete(model._default_manager.filter(**{field: agency}))
            except (ProtectedError, RestrictedError):
                blocked.append((model, field))
        if not blocked:
            return
        pending = blocked
    names = ", ".join(model._meta.label for model, _ in pending)
    raise ProtectedError(f"cannot delete the demo rows of {names}", set())


def wipe_agency(agency: Agency) -> None:
    if not is_demo_agency(agency):
        raise NotDemoDataError(agency.code)
    _delete_other_apps_rows(agency)
    AuditEvent.objects.filter(agency=agency).delete()
    Job.objects.filter(agency=agency).delete()
    User.objects.filter(agency=agency, is_superuser=False).delete()
    User.objects.filter(agency=agency, username__in=DEMO_USERNAMES).delete()
    _delete(PerformanceRecord.objects.filter(employee__agency=agency))
    _delete(DevelopmentRecord.objects.filter(employee__agency=agency))
    _delete(Placement.objects.filter(employee__agency=agency))
    employees = Employee.objects.filter(agency=agency)
    employees.update(supervisor=None, target_position=None)
    employees.delete()
    _delete(CompetencyRequirement.objects.filter(position__agency=agency))
    Position.objects.filter(agency=agency).delete()
    units = Unit.objects.filter(agency=agency)
    units.update(successor=None)
    for depth in units.order_by("-depth").values_list("depth", flat=True).distinct():
        Unit.objects.filter(agency=agency, depth=depth).delete()
    Organisation.objects.filter(agency=agency).delete()
    Competency.objects.filter(agency=agency).delete()
