"""Reminders for a round's non-responders (the write behind "Kirim pengingat")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from bina.audit.services import audit_record
from bina.needs.models import NeedsRound, Participant, RoundStatus

if TYPE_CHECKING:
    from bina.accounts.models import User
    from bina.org.models import Unit


@transaction.atomic
def participants_remind(
    *, needs_round: NeedsRound, unit: Unit | None = None, actor: User | None = None
) -> int:
    """Stamp ``reminded_at`` on the participants (of ``unit`` and its sub-units, or all) who
    have not sent their self-assessment yet; returns how many were reminded."""
    from bina.needs.services import RoundError

    if needs_round.status != RoundStatus.OPEN:
        raise RoundError("only an open round has participants to remind")
    pending = Participant.objects.filter(round=needs_round, self_submitted_at__isnull=True)
    if unit is not None:
        pending = pending.filter(unit__path__startswith=unit.path)
    count = pending.update(reminded_at=timezone.now())
    audit_record(actor=actor, agency=needs_round.agency, action="remind",
                 object_type="needs_round", object_id=needs_round.pk,
                 object_label=needs_round.name,
                 changes={"unit": [None, unit.code if unit else None],
                          "reminded": [None, count]})
    return count
