"""Follow-up of an evaluation: recommendations recorded as :class:`Action` (owner, due date,
status, closed with a note), and what an evaluation carries into the next year's
needs-analysis round (:class:`CarryOver`, :func:`carry_over`).

**What is carried over** from the evaluation of ``from_year`` into ``from_year + 1``:

(a) *Gaps still open*: from the latest closed needs round planned for ``from_year``, each
    competency's staff below standard, minus the round's participants who completed a
    programme of that year raising that competency (``plan.ProgrammeGain``). A competency is
    carried when at least :data:`GAP_MIN_PEOPLE` people and :data:`GAP_MIN_SHARE` of the staff
    assessed remain. (The subtraction counts people, not levels: one completed programme is
    taken to close the gap — an optimistic, simple reading, stated in the reason.)
(b) *Programmes that scored poorly*: reaction overall mean < ``POOR_REACTION`` or class-average
    gain < ``POOR_GAIN`` (:mod:`bina.evaluation.reports`).
(c) *Units left behind*: OPDs where fewer than ``LEFT_BEHIND_SHARE`` of the PNS counted for the
    20 JP right reached it (``bina.ledger.selectors``).

Running it again recomputes: items still true are updated in place, items no longer true are
removed, nothing is duplicated. Items are attached to the next year's round when one exists;
a round created later finds them by year (:func:`carried_into`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from bina.accounts.models import Role, User
from bina.audit.services import audit_record
from bina.delivery.models import Enrollment, Outcome
from bina.evaluation.models import Action, ActionStatus, CarryOver, CarryOverKind
from bina.evaluation.reports import (
    LEFT_BEHIND_SHARE,
    POOR_GAIN,
    POOR_REACTION,
    num,
    pct,
    units_progress,
    year_report,
)
from bina.evaluation.talent import talent_pools
from bina.needs.models import NeedsRound, RoundStatus
from bina.org.models import Agency, Unit
from bina.plan.models import Programme, ProgrammeGain
from bina.reference.models import Competency

GAP_MIN_PEOPLE = 2
GAP_MIN_SHARE = 0.2


class ActionError(ValueError):
    pass


# --------------------------------------------------------------------------------------------
# Who may do what


def can_view(user: User) -> bool:
    return user.is_authenticated and user.agency_id is not None and user.role in {
        Role.ADMIN, Role.PLANNER, Role.LEADERSHIP, Role.OPERATOR}


def can_manage(user: User) -> bool:
    """Record and close actions: admin, planner, and an operator (for their unit)."""
    return user.is_authenticated and user.agency_id is not None and user.role in {
        Role.ADMIN, Role.PLANNER, Role.OPERATOR}


def scope_unit(user: User) -> Unit | None:
    """The unit an operator is limited to; None for the agency-wide roles."""
    if user.role == Role.OPERATOR:
        return user.unit
    return None


def can_close(user: User, action: Action) -> bool:
    if not can_manage(user) or action.agency_id != user.agency_id:
        return False
    if user.role == Role.OPERATOR:
        unit = user.unit
        return (unit is not None and action.unit is not None
                and action.unit.path.startswith(unit.path))
    return True


# --------------------------------------------------------------------------------------------
# Actions


def visible_actions(user: User, *, year: int | None = None,
                    programme: Programme | None = None) -> QuerySet[Action]:
    if not can_view(user):
        return Action.objects.none()
    qs = Action.objects.filter(agency_id=user.agency_id or 0).select_related("programme", "unit",
                                                                          "owner")
    unit = scope_unit(user)
    if user.role == Role.OPERATOR:
        if unit is None:
            return Action.objects.none()
        qs = qs.filter(unit__path__startswith=unit.path)
    if year is not None:
        qs = qs.filter(year=year)
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs.order_by("status", "due_on", "pk")


def is_overdue(action: Action, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return action.status == ActionStatus.OPEN and action.due_on < today


def overdue_count(actions: Iterable[Action], today: dt.date | None = None) -> int:
    return sum(1 for a in actions if is_overdue(a, today))


@transaction.atomic
def action_create(*, agency: Agency, year: int, text: str, due_on: dt.date, user: User | None,
                  programme: Programme | None = None, unit: Unit | None = None,
                  owner: User | None = None, owner_name: str = "") -> Action:
    text = text.strip()
    if not text:
        raise ActionError("empty recommendation")
    if programme is not None and programme.agency_id != agency.pk:
        raise ActionError("programme of another agency")
    if unit is not None and unit.agency_id != agency.pk:
        raise ActionError("unit of another agency")
    if owner is not None and owner.agency_id != agency.pk:
        raise ActionError("owner of another agency")
    action = Action.objects.create(
        agency=agency, year=year, programme=programme, unit=unit, text=text, owner=owner,
        owner_name=owner_name.strip() or (owner.get_full_name() or owner.username
                                          if owner else ""),
        due_on=due_on, created_by=user)
    audit_record(actor=user, agency=agency, action="evaluation.action_create",
                 object_type="evaluation_action", object_id=action.pk,
                 object_label=action.text[:120],
                 changes={"due_on": due_on.isoformat(), "owner": action.owner_name,
                          "programme": programme.code if programme else None})
    return action


@transaction.atomic
def action_close(*, action: Action, user: User | None, note: str,
                 status: str = ActionStatus.DONE) -> Action:
    action = Action.objects.select_for_update(of=("self",)).get(pk=action.pk)
    if action.status != ActionStatus.OPEN:
        raise ActionError("the action is already closed")
    if status not in (ActionStatus.DONE, ActionStatus.DROPPED):
        raise ActionError("bad status")
    if not note.strip():
        raise ActionError("a closing note is required")
    action.status = status
    action.closing_note = note.strip()
    action.closed_at = timezone.now()
    action.save(update_fields=["status", "closing_note", "closed_at"])
    audit_record(actor=user, agency=action.agency, action="evaluation.action_close",
                 object_type="evaluation_action", object_id=action.pk,
                 object_label=action.text[:120], changes={"status": status})
    return action


# --------------------------------------------------------------------------------------------
# Carry-over


@dataclass(frozen=True)
class _Item:
    kind: str
    competency_id: int | None
    programme_id: int | None
    unit_id: int | None
    reason: str
    figures: dict[str, Any]

    @property
    def key(self) -> tuple[str, int | None, int | None, int | None, str]:
        return (self.kind, self.competency_id, self.programme_id, self.unit_id,
                str(self.figures.get("pool", "")))


def source_round(agency: Agency, year: int) -> NeedsRound | None:
    """The latest closed needs round planned for ``year``."""
    return (NeedsRound.objects.filter(agency=agency, year=year, status=RoundStatus.CLOSED)
            .order_by("-closed_at", "-pk").first())


def next_round(agency: Agency, year: int) -> NeedsRound | None:
    return NeedsRound.objects.filter(agency=agency, year=year).order_by("-pk").first()


def _gap_items(agency: Agency, year: int) -> list[_Item]:
    needs_round = source_round(agency, year)
    if needs_round is None:
        return []
    rows = [c for c in (needs_round.result or {}).get("competencies", [])
            if c.get("code") and (c.get("staff_below_standard") or 0) > 0]
    if not rows:
        return []
    codes = [c["code"] for c in rows]
    competencies = {c.code: c for c in Competency.objects.filter(
        Q(agency__isnull=True) | Q(agency=agency), code__in=codes).order_by("-agency_id")}
    participants = set(needs_round.participants.values_list("employee_id", flat=True))
    gains = ProgrammeGain.objects.filter(programme__agency=agency, competency__code__in=codes)
    by_code: dict[str, set[int]] = {}
    for code, pid in gains.values_list("competency__code", "programme_id"):
        by_code.setdefault(code, set()).add(pid)
    items = []
    for c in rows:
        code = c["code"]
        competency = competencies.get(code)
        if competency is None:
            continue
        trained = set(Enrollment.objects.filter(
            outcome=Outcome.COMPLETED, activity__end_date__year=year,
            activity__programme_id__in=by_code.get(code, set()),
            employee_id__in=participants).values_list("employee_id", flat=True)) if by_code.get(
            code) else set()
        below = int(c.get("staff_below_standard") or 0)
        assessed = int(c.get("staff_assessed") or 0)
        remaining = max(below - len(trained), 0)
        share = remaining / assessed if assessed else 0.0
        if remaining < GAP_MIN_PEOPLE or share < GAP_MIN_SHARE:
            continue
        reason = (f"{code} {competency.name}: {_thousands(below)} dari {_thousands(assessed)} "
                  f"pegawai di bawah standar pada {needs_round.name}; "
                  f"{_thousands(len(trained))} di antaranya menyelesaikan program "
                  f"yang meningkatkan kompetensi ini pada {year}; tersisa {_thousands(remaining)} "
                  f"({pct(share)}). Dihitung per orang: satu program yang selesai dianggap "
                  "menutup kesenjangannya.")
        items.append(_Item(CarryOverKind.GAP, competency.pk, None, None, reason, {
            "round": needs_round.code, "below": below, "assessed": assessed,
            "trained": len(trained), "remaining": remaining, "share": round(share, 4),
            "rank": c.get("rank"), "mean_gap": c.get("mean_gap")}))
    return items


def _programme_items(agency: Agency, year: int) -> list[_Item]:
    report = year_report(agency, year)
    items = []
    for p in report.programmes:
        if not p.is_poor:
            continue
        reason = (f"{p.programme.code} {p.programme.name}: hasil evaluasi {year} rendah "
                  f"({'; '.join(p.flags)}). Batas: kepuasan < {num(POOR_REACTION, 1)} atau gain "
                  f"< {num(POOR_GAIN, 1)}.")
        items.append(_Item(CarryOverKind.PROGRAMME, None, p.programme.pk, None, reason, {
            "overall": None if p.overall is None else round(p.overall, 4),
            "gain": None if p.gain is None else round(p.gain, 4),
            "responses": p.feedback, "tested": p.tested}))
    return items


def _unit_items(agency: Agency, year: int) -> list[_Item]:
    items = []
    for u in units_progress(agency, year):
        if u.share is None or u.share >= LEFT_BEHIND_SHARE or not u.counted:
            continue
        reason = (f"{u.name}: {u.met} dari {u.counted} PNS yang berhak mencapai 20 JP pada "
                  f"{year} ({pct(u.share)}, batas {pct(LEFT_BEHIND_SHARE)}).")
        items.append(_Item(CarryOverKind.UNIT, None, None, u.unit_id, reason, {
            "counted": u.counted, "met": u.met, "share": round(u.share, 4)}))
    return items


POOL_LABELS = {
    "pengembangan": "Perlu pengembangan kompetensi (kotak talenta yang menyarankan pelatihan)",
    "krs_instansi": "Kelompok rencana suksesi instansi",
    "krs_nasional": "Kelompok rencana suksesi nasional",
}


def _talent_items(agency: Agency, year: int) -> list[_Item]:
    """The nine-box pools of ``year`` (only people with recorded potential are placed), one
    item per pool with its size and boxes: no names on the needs round, the talent page has
    them for those who may see them."""
    boxes: dict[str, dict[int, int]] = {}
    for entry in talent_pools(agency, year):
        for pool in entry.pools:
            per_box = boxes.setdefault(pool, {})
            per_box[entry.box] = per_box.get(entry.box, 0) + 1
    items = []
    for pool, per_box in sorted(boxes.items()):
        people = sum(per_box.values())
        listed = ", ".join(f"kotak {b}: {_thousands(n)}" for b, n in sorted(per_box.items()))
        reason = (f"{POOL_LABELS.get(pool, pool)}: {_thousands(people)} pegawai menurut "
                  f"nine-box {year} ({listed}). Kebutuhan pengembangan karier mereka masuk ke "
                  "analisis kebutuhan berikutnya.")
        items.append(_Item(CarryOverKind.TALENT, None, None, None, reason, {
            "pool": pool, "people": people,
            "boxes": {str(b): n for b, n in sorted(per_box.items())}}))
    return items


@transaction.atomic
def carry_over(*, agency: Agency, from_year: int, user: User | None) -> list[CarryOver]:
    """Record (or refresh) what the evaluation of ``from_year`` carries into the next year
    (module notes). Returns the items now on record."""
    to_year = from_year + 1
    target = next_round(agency, to_year)
    wanted = {i.key: i for i in (*_gap_items(agency, from_year),
                                 *_programme_items(agency, from_year),
                                 *_unit_items(agency, from_year),
                                 *_talent_items(agency, from_year))}
    existing = {(c.kind, c.competency_id, c.programme_id, c.unit_id,
                 str(c.figures.get("pool", ""))): c
                for c in CarryOver.objects.select_for_update(of=("self",)).filter(
                    agency=agency, from_year=from_year, employee__isnull=True)}
    removed = [c.pk for k, c in existing.items() if k not in wanted]
    CarryOver.objects.filter(pk__in=removed).delete()
    created = updated = 0
    for key, item in wanted.items():
        found = existing.get(key)
        if found is None:
            CarryOver.objects.create(
                agency=agency, from_year=from_year, to_year=to_year, round=target,
                kind=item.kind, competency_id=item.competency_id,
                programme_id=item.programme_id, unit_id=item.unit_id, reason=item.reason,
                figures=item.figures)
            created += 1
        elif (found.reason, found.figures, found.round_id) != (
                item.reason, item.figures, target.pk if target else found.round_id):
            found.reason, found.figures = item.reason, item.figures
            found.to_year = to_year
            if target is not None:
                found.round = target
            found.save(update_fields=["reason", "figures", "to_year", "round"])
            updated += 1
    audit_record(actor=user, agency=agency, action="evaluation.carry_over",
                 object_type="carry_over", object_id=from_year,
                 object_label=f"Evaluasi {from_year} → {to_year}",
                 changes={"created": created, "updated": updated, "removed": len(removed),
                          "round": target.code if target else None})
    return list(CarryOver.objects.filter(agency=agency, from_year=from_year)
                .select_related("competency", "programme", "unit", "round")
                .order_by("kind", "pk"))


def carried_into(needs_round: NeedsRound) -> QuerySet[CarryOver]:
    """The items carried into ``needs_round``: attached to it, or not attached and meant for
    its year."""
    return (CarryOver.objects.filter(agency_id=needs_round.agency_id)
            .filter(Q(round=needs_round) | Q(round__isnull=True, to_year=needs_round.year))
            .select_related("competency", "programme", "unit").order_by("kind", "pk"))


def carried_from(agency: Agency, year: int) -> QuerySet[CarryOver]:
    return (CarryOver.objects.filter(agency=agency, from_year=year)
            .select_related("competency", "programme", "unit", "round").order_by("kind", "pk"))


def _thousands(n: int) -> str:
    """Indonesian thousands separator: 5693 -> "5.693"."""
    return f"{n:,}".replace(",", ".")
