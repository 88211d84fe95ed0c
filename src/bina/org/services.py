"""Writes for agencies, units, positions, competency standards and organisations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction

from bina.audit.services import audit_record
from bina.org.models import (
    Agency,
    CompetencyRequirement,
    Position,
    Unit,
)

if TYPE_CHECKING:
    from bina.accounts.models import User
    from bina.reference.models import Competency


def _place(unit: Unit) -> None:
    if unit.parent is None:
        unit.path, unit.depth = f"/{unit.pk}/", 0
    else:
        unit.path, unit.depth = f"{unit.parent.path}{unit.pk}/", unit.parent.depth + 1


@transaction.atomic
def unit_create(
    *,
    agency: Agency,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    is_public_service: bool = False,
    valid_from: dt.date = dt.date(2017, 1, 1),
    valid_to: dt.date | None = None,
    legal_basis: str = "",
    actor: User | None = None,
) -> Unit:
    if parent is not None and parent.agency_id != agency.pk:
        raise ValueError("parent unit belongs to another agency")
    unit = Unit.objects.create(
        agency=agency,
        parent=parent,
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        is_public_service=is_public_service,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=legal_basis,
    )
    _place(unit)
    unit.save(update_fields=["path", "depth"])
    if actor is not None:
        audit_record(
            actor=actor, agency=agency, action="create", object_type="unit",
            object_id=unit.pk, object_label=unit.name,
        )
    return unit


@transaction.atomic
def unit_close(
    *, unit: Unit, closed_on: dt.date, successor: Unit | None = None, actor: User | None = None
) -> Unit:
    """Close a unit in a reorganisation (never delete it): it stays on record for past years.
    Its open sub-units close with it."""
    for sub in Unit.objects.filter(path__startswith=unit.path, valid_to__isnull=True):
        sub.valid_to = closed_on
        if sub.pk == unit.pk:
            sub.successor = successor
        sub.save(update_fields=["valid_to", "successor"])
    unit.refresh_from_db()
    audit_record(
        actor=actor, agency=unit.agency, action="close", object_type="unit",
        object_id=unit.pk, object_label=unit.name,
        changes={"valid_to": [None, closed_on.isoformat()],
                 "successor": [None, successor.name if successor else None]},
    )
    return unit


def position_create(
    *,
    agency: Agency,
    code: str,
    name: str,
    position_type: str,
    functional_level: str = "",
    unit: Unit | None = None,
    valid_from: dt.date = dt.date(2017, 1, 1),
) -> Position:
    return Position.objects.create(
        agency=agency,
        code=code,
        name=name,
        position_type=position_type,
        functional_level=functional_level,
        unit=unit,
        valid_from=valid_from,
    )


@transaction.atomic
def competency_standard_set(
    *, position: Position, levels: dict[Competency, int], actor: User | None = None
) -> list[CompetencyRequirement]:
    """Replace a position's competency standard with ``levels`` (competency → level 1–5)."""
    for competency, level in levels.items():
        if not 1 <= level <= 5:
            raise ValueError(f"{competency.code}: level {level} outside 1–5")
    before = {
        r.competency.code: r.required_level
        for r in position.requirements.select_related("competency")
    }
    position.requirements.all().delete()
    rows = CompetencyRequirement.objects.bulk_create(
        CompetencyRequirement(position=position, competency=c, required_level=lvl)
        for c, lvl in levels.items()
    )
    after = {c.code: lvl for c, lvl in levels.items()}
    if actor is not None and before != after:
        audit_record(
            actor=actor, agency=position.agency, action="update", object_type="position_standard",
            object_id=position.pk, object_label=position.name,
            changes={"standard": [before, after]},
        )
    return rows
