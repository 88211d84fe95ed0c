"""The registry of resource persons (narasumber, widyaiswara, mentors, coaches, practitioners):
writes (:func:`resource_person_upsert`, :func:`expertise_set`, :func:`speaker_add`,
:func:`speaker_remove`, :func:`delivery_settings_update`), who may see what, and the
suggestion of resource persons for a programme (:func:`suggest_resource_persons`).

Who may see what (issue 5): the registry is agency data. Admin and planners manage it and see
the contact data (email, phone); operators and leadership read it without contact data;
employees do not see it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from bina.accounts.models import Role, User
from bina.audit.services import audit_record
from bina.delivery.models import (
    Activity,
    ActivitySpeaker,
    ActivityStatus,
    DeliverySettings,
    ResourceExpertise,
    ResourceKind,
    ResourcePerson,
    SpeakerRole,
)
from bina.delivery.services import DeliveryError, settings_for
from bina.org.models import Agency, Organisation
from bina.people.models import Employee
from bina.plan.models import Programme
from bina.reference.models import Competency

MANAGERS = {Role.ADMIN, Role.PLANNER}
READERS = {Role.ADMIN, Role.PLANNER, Role.LEADERSHIP, Role.OPERATOR}
# The converted IKM (PermenPANRB 14/2017) runs from 25 to 100; 0–100 is accepted.
IKM_MIN = Decimal(0)
IKM_MAX = Decimal(100)
LEVEL_MIN, LEVEL_MAX = 1, 5
PERSON_FIELDS = frozenset({
    "name", "kind", "employee", "organisation", "home_agency", "position_title", "email",
    "phone", "evidence", "evidence_url", "evidence_ikm", "is_active",
})


# --------------------------------------------------------------------------------------------
# Who may do what


def can_manage_resources(user: User) -> bool:
    """Add and edit resource persons, their expertise and an activity's speakers; see contact
    data; the delivery settings."""
    return user.is_authenticated and user.role in MANAGERS


def can_read_resources(user: User) -> bool:
    return user.is_authenticated and user.role in READERS


def can_see_contact(user: User) -> bool:
    """Email and phone of resource persons: planners and admin only."""
    return can_manage_resources(user)


def resource_persons_for(user: User) -> QuerySet[ResourcePerson]:
    if not can_read_resources(user) or user.agency_id is None:
        return ResourcePerson.objects.none()
    return ResourcePerson.objects.filter(agency_id=user.agency_id).select_related("organisation")


# --------------------------------------------------------------------------------------------
# Writes


def _clean_ikm(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        ikm = Decimal(str(value).replace(",", "."))
    except InvalidOperation as exc:
        raise DeliveryError(_("IKM harus berupa angka, misalnya 82,5.")) from exc
    if not ikm.is_finite() or not IKM_MIN <= ikm <= IKM_MAX:
        raise DeliveryError(_("IKM harus antara 0 dan 100 (nilai konversi IKM 25–100)."))
    return ikm.quantize(Decimal("0.01"))


def _validation_message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        parts = []
        for field_name, errors in exc.error_dict.items():
            label = (str(getattr(ResourcePerson._meta.get_field(field_name), "verbose_name",
                                 field_name)) if field_name != "__all__" else "")
            for error in errors:
                text = " ".join(str(m) for m in error.messages)
                parts.append(f"{label}: {text}" if label else text)
        return "; ".join(parts)
    return "; ".join(str(m) for m in exc.messages)


@transaction.atomic
def resource_person_upsert(*, agency: Agency, user: User | None,
                           person: ResourcePerson | None = None,
                           **fields: Any) -> ResourcePerson:
    """Create or update a resource person of ``agency``.

    ``person`` given: that record is updated. Otherwise the record with the same name and home
    agency is updated, or a new one made. Unknown fields, an empty name, an employee or an
    organisation of another agency, an invalid email or link, and an IKM outside 0–100 are
    refused with :class:`DeliveryError`."""
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise DeliveryError(_("Kolom tidak dikenal: %(names)s.")
                            % {"names": ", ".join(sorted(unknown))})
    if person is not None and person.agency_id != agency.pk:
        raise DeliveryError(_("Narasumber ini bukan milik instansi ini."))
    if "name" in fields:
        fields["name"] = " ".join(str(fields["name"] or "").split())
    if "home_agency" in fields:
        fields["home_agency"] = " ".join(str(fields["home_agency"] or "").split())
    if "evidence_ikm" in fields:
        fields["evidence_ikm"] = _clean_ikm(fields["evidence_ikm"])
    if "kind" in fields and fields["kind"] not in ResourceKind.values:
        raise DeliveryError(_("Jenis narasumber tidak dikenal: %(kind)s.")
                            % {"kind": fields["kind"]})
    employee = fields.get("employee")
    if isinstance(employee, Employee) and employee.agency_id != agency.pk:
        raise DeliveryError(_("Pegawai %(name)s bukan pegawai instansi ini.")
                            % {"name": employee.name})
    organisation = fields.get("organisation")
    if isinstance(organisation, Organisation) and organisation.agency_id != agency.pk:
        raise DeliveryError(_("Organisasi %(name)s tidak terdaftar pada instansi ini.")
                            % {"name": organisation.name})
    created = False
    if person is None:
        name = fields.get("name", "")
        if not name:
            raise DeliveryError(_("Nama narasumber wajib diisi."))
        person = ResourcePerson.objects.filter(
            agency=agency, name=name, home_agency=fields.get("home_agency", "")).first()
        if person is None:
            person = ResourcePerson(agency=agency)
            created = True
    before = {k: str(getattr(person, k)) for k in fields}
    for key, value in fields.items():
        setattr(person, key, "" if value is None and key not in
                {"employee", "organisation", "evidence_ikm"} else value)
    if not person.name:
        raise DeliveryError(_("Nama narasumber wajib diisi."))
    try:
        person.full_clean(exclude=["agency"])
    except ValidationError as exc:
        raise DeliveryError(_validation_message(exc)) from exc
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        raise DeliveryError(_("Narasumber %(name)s dari %(home)s sudah terdaftar.")
                            % {"name": person.name, "home": person.home_agency or "—"}) from exc
    changes = {k: str(getattr(person, k)) for k in fields if str(getattr(person, k)) != before[k]}
    audit_record(actor=user, agency=agency,
                 action="delivery.resource_create" if created else "delivery.resource_update",
                 object_type="resource_person", object_id=person.pk, object_label=person.name,
                 changes=changes)
    return person


@transaction.atomic
def expertise_set(*, person: ResourcePerson, levels: Mapping[int, int | None],
                  user: User | None) -> list[ResourceExpertise]:
    """Replace ``person``'s expertise by ``levels`` (competency id → level 1–5). A competency
    left out, or given level 0/None, is removed. Competencies must be national or the
    agency's own."""
    wanted: dict[int, int] = {}
    for competency_id, level in levels.items():
        if level in (None, 0):
            continue
        if not isinstance(level, int) or not LEVEL_MIN <= level <= LEVEL_MAX:
            raise DeliveryError(_("Level keahlian harus 1–5 (diberikan: %(level)s).")
                                % {"level": level})
        wanted[int(competency_id)] = level
    known = {c.pk: c for c in Competency.objects.filter(
        Q(agency__isnull=True) | Q(agency_id=person.agency_id), pk__in=list(wanted))}
    missing = sorted(set(wanted) - set(known))
    if missing:
        raise DeliveryError(_("Kompetensi tidak dikenal: %(ids)s.")
                            % {"ids": ", ".join(str(i) for i in missing)})
    person.expertise.exclude(competency_id__in=list(wanted)).delete()
    kept: list[ResourceExpertise] = []
    for competency_id, level in sorted(wanted.items(), key=lambda kv: known[kv[0]].code):
        row, _created = ResourceExpertise.objects.update_or_create(
            person=person, competency_id=competency_id, defaults={"level": level})
        kept.append(row)
    audit_record(actor=user, agency=person.agency, action="delivery.resource_expertise",
                 object_type="resource_person", object_id=person.pk, object_label=person.name,
                 changes={known[c].code: lvl for c, lvl in wanted.items()})
    return kept


@transaction.atomic
def speaker_add(*, activity: Activity, person: ResourcePerson, role: str, topic: str,
                user: User | None) -> ActivitySpeaker:
    """Invite ``person`` to ``activity`` as ``role`` (narasumber, widyaiswara, fasilitator,
    moderator) for ``topic``."""
    if person.agency_id != activity.agency_id:
        raise DeliveryError(_("Narasumber %(name)s tidak terdaftar pada instansi ini.")
                            % {"name": person.name})
    if activity.status == ActivityStatus.CANCELLED:
        raise DeliveryError(_("Kegiatan %(code)s sudah dibatalkan.") % {"code": activity.code})
    if not person.is_active:
        raise DeliveryError(_("Narasumber %(name)s tidak aktif.") % {"name": person.name})
    if role not in SpeakerRole.values:
        raise DeliveryError(_("Peran tidak dikenal: %(role)s.") % {"role": role})
    if ActivitySpeaker.objects.filter(activity=activity, person=person).exists():
        raise DeliveryError(_("%(name)s sudah menjadi narasumber %(code)s.")
                            % {"name": person.name, "code": activity.code})
    speaker = ActivitySpeaker.objects.create(activity=activity, person=person, role=role,
                                             topic=" ".join(topic.split())[:250])
    audit_record(actor=user, agency=activity.agency, action="delivery.speaker_add",
                 object_type="activity", object_id=activity.pk, object_label=activity.code,
                 changes={"person": person.pk, "role": role, "topic": speaker.topic})
    return speaker


@transaction.atomic
def speaker_remove(*, speaker: ActivitySpeaker, user: User | None) -> None:
    activity = speaker.activity
    person_id = speaker.person_id
    speaker.delete()
    audit_record(actor=user, agency=activity.agency, action="delivery.speaker_remove",
                 object_type="activity", object_id=activity.pk, object_label=activity.code,
                 changes={"person": person_id})


SETTINGS_FIELDS = frozenset({"letterhead", "city", "signer_name", "signer_nip", "signer_title",
                             "max_away_share"})


@transaction.atomic
def delivery_settings_update(*, agency: Agency, user: User | None,
                             **fields: Any) -> DeliverySettings:
    """The letterhead, signing city and official, and the share of a unit that may be away at
    once (0–1)."""
    unknown = set(fields) - SETTINGS_FIELDS
    if unknown:
        raise DeliveryError(_("Kolom tidak dikenal: %(names)s.")
                            % {"names": ", ".join(sorted(unknown))})
    settings = settings_for(agency)
    share = fields.get("max_away_share")
    if share is not None and not Decimal(0) < Decimal(str(share)) <= Decimal(1):
        raise DeliveryError(_("Batas pegawai yang pergi bersamaan harus lebih dari 0 dan "
                              "paling banyak 1."))
    nip = str(fields.get("signer_nip") or "").replace(" ", "")
    if nip and (not nip.isdigit() or len(nip) != 18):
        raise DeliveryError(_("NIP penandatangan harus 18 angka."))
    if "signer_nip" in fields:
        fields["signer_nip"] = nip
    if "letterhead" in fields:
        fields["letterhead"] = "\n".join(line.strip() for line in
                                         str(fields["letterhead"]).splitlines() if line.strip())
    for key, value in fields.items():
        setattr(settings, key, value)
    settings.save()
    audit_record(actor=user, agency=agency, action="delivery.settings", object_type="agency",
                 object_id=agency.pk, object_label=agency.name,
                 changes={k: str(v) for k, v in fields.items()})
    return settings


# --------------------------------------------------------------------------------------------
# Suggestions


@dataclass(frozen=True)
class Match:
    code: str
    name: str
    level: int  # the person's level
    gain: int  # how many levels the programme raises it


@dataclass(frozen=True)
class Suggestion:
    person: ResourcePerson
    score: float  # 0–1: the programme's competencies covered, weighted by the person's level
    matches: tuple[Match, ...]
    missing: tuple[str, ...]  # the programme's competency codes the person lacks
    ikm: Decimal | None
    reason: str


def _reason(matches: tuple[Match, ...], total: int, ikm: Decimal | None,
            engagements: int) -> str:
    listed = ", ".join(_("%(code)s %(name)s (level %(level)s)")
                       % {"code": m.code, "name": m.name, "level": m.level} for m in matches)
    parts = [_("Menguasai %(list)s") % {"list": listed},
             _("%(n)s dari %(total)s kompetensi program") % {"n": len(matches), "total": total}]
    if ikm is not None:
        parts.append(_("IKM unit asal %(ikm)s") % {"ikm": f"{ikm:.2f}".replace(".", ",")})
    if engagements:
        parts.append(_("pernah mengajar %(n)s kali") % {"n": engagements})
    return "; ".join(parts) + "."


def suggest_resource_persons(programme: Programme, limit: int = 10) -> list[Suggestion]:
    """Active resource persons of the programme's agency who master its competencies
    (``plan.ProgrammeGain``), best first.

    Score: Σ over the programme's competencies of gain × (person's level / 5), over Σ gain:
    1.0 means every competency at level 5; a competency raised by more levels weighs more.
    Ties are broken by the evidence (IKM of the home unit; none last), then the name. People
    with none of the competencies are not suggested."""
    gains = list(programme.gains.select_related("competency"))
    if not gains:
        return []
    total_gain = sum(g.levels for g in gains)
    by_competency = {g.competency_id: g for g in gains}
    people = (ResourcePerson.objects.filter(agency_id=programme.agency_id, is_active=True,
                                            expertise__competency_id__in=list(by_competency))
              .distinct().annotate(n_engagements=Count("engagements", distinct=True))
              .select_related("organisation").prefetch_related("expertise"))
    found: list[Suggestion] = []
    for person in people:
        levels = {e.competency_id: e.level for e in person.expertise.all()}
        matches = tuple(Match(g.competency.code, g.competency.name, levels[cid], g.levels)
                        for cid, g in sorted(by_competency.items(),
                                             key=lambda kv: kv[1].competency.code)
                        if cid in levels)
        missing = tuple(g.competency.code for cid, g in by_competency.items() if cid not in levels)
        score = sum(m.gain * m.level / LEVEL_MAX for m in matches) / total_gain
        engagements = int(getattr(person, "n_engagements", 0))
        found.append(Suggestion(person, score, matches, tuple(sorted(missing)),
                                person.evidence_ikm,
                                _reason(matches, len(gains), person.evidence_ikm, engagements)))
    found.sort(key=lambda s: (-s.score, s.ikm is None, -(s.ikm or 0), s.person.name))
    return found[:limit]
