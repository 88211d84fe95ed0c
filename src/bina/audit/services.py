"""Writing the audit trail. Services call these explicitly (no signals)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bina.audit.models import AuditEvent

if TYPE_CHECKING:
    from bina.accounts.models import User
    from bina.org.models import Agency


@dataclass(frozen=True)
class AuditEntry:
    action: str
    object_type: str
    object_id: str
    object_label: str
    changes: Mapping[str, Any]


def _actor_label(actor: User | None) -> str:
    return actor.username if actor is not None else "sistem"


def audit_record(
    *,
    actor: User | None,
    agency: Agency | None,
    action: str,
    object_type: str,
    object_id: object = "",
    object_label: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=_actor_label(actor),
        agency=agency,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=object_label[:200],
        changes=dict(changes or {}),
    )


def audit_record_many(
    *, actor: User | None, agency: Agency | None, entries: Iterable[AuditEntry]
) -> int:
    label = _actor_label(actor)
    events = [
        AuditEvent(
            actor=actor,
            actor_label=label,
            agency=agency,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            object_label=e.object_label[:200],
            changes=dict(e.changes),
        )
        for e in entries
    ]
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)


def diff_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value changed (values as text)."""
    changes: dict[str, list[Any]] = {}
    for key, new in after.items():
        old = before.get(key)
        if old != new:
            changes[key] = [None if old is None else str(old), None if new is None else str(new)]
    return changes
