"""Writes for the public's voice: survey responses, complaints and their answers, and the
rate limiter that guards the public channel. Every write goes through these functions."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.accounts.models import User
from bina.audit.services import audit_record
from bina.org.models import Unit
from bina.stakeholders.models import (
    COMMENT_MAX,
    ELEMENT_CODES,
    Complaint,
    ComplaintStatus,
    ServicePopulation,
    SurveyRateBucket,
    SurveyResponse,
)

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
TRACKING_LENGTH = 10
DEFAULT_RATE = {"address": (10, 60), "unit": (600, 60)}


class SurveyError(Exception):
    """Refused input: ``field`` names what was wrong (an element code, ``unit``, ``comment``…)."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class SurveyThrottled(Exception):  # noqa: N818 - a refusal, not an error of the program
    """Too many submissions from one address or to one unit in the window."""

    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(scope)
        self.scope = scope
        self.retry_after = retry_after


@dataclass(frozen=True)
class Submitted:
    response: SurveyResponse
    complaint: Complaint | None


def _parse_rate(text: str) -> dict[str, tuple[int, int]]:
    """``"address=10/60;unit=600/60"`` → {"address": (10, 60), "unit": (600, 60)}."""
    rates = dict(DEFAULT_RATE)
    for part in text.split(";"):
        if "=" not in part:
            continue
        scope, _sep, value = part.partition("=")
        limit, _sep, window = value.partition("/")
        rates[scope.strip()] = (int(limit), int(window or 60))
    return rates


def survey_rates() -> dict[str, tuple[int, int]]:
    """The limits: ``settings.BINA_SURVEY_RATE`` (a dict scope → (limit, window seconds)), else
    the environment variable ``BINA_SURVEY_RATE`` (``address=10/60;unit=600/60``, which the load
    test uses to raise them), else 10 a minute per client address and 600 a minute per unit."""
    configured = getattr(settings, "BINA_SURVEY_RATE", None)
    if configured:
        return {**DEFAULT_RATE, **configured}
    return _parse_rate(os.environ.get("BINA_SURVEY_RATE", ""))


def _address_key(client_address: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), client_address.encode(), hashlib.sha256)
    return "a:" + digest.hexdigest()[:32]


_UPSERT = (
    'INSERT INTO stakeholders_surveyratebucket ("key", "window_start", "count") '
    "VALUES (%s, %s, 1) "
    'ON CONFLICT ("key", "window_start") '
    'DO UPDATE SET "count" = stakeholders_surveyratebucket."count" + 1 '
    'RETURNING "count"'
)


def _hit(key: str, limit: int, window_seconds: int, now: float) -> tuple[bool, int]:
    """Count one hit on ``key``; (allowed, seconds until the window ends)."""
    window = int(now // window_seconds) * window_seconds
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key, window])
        count = int(cursor.fetchone()[0])
    if count == 1 and key.startswith("u:"):
        # A unit's new window opens at most once a window: prune what no limit looks at.
        SurveyRateBucket.objects.filter(window_start__lt=window - 3600).delete()
    return count <= limit, max(1, window + window_seconds - int(now))


def survey_throttle(*, unit: Unit, client_address: str) -> None:
    """Count the attempt; raise :class:`SurveyThrottled` past a limit.

    The address is counted first, and a refused address does not count against its unit: one
    client flooding a unit's form is stopped without using up the unit's allowance for everyone
    else. Refused attempts keep counting, so a flooder stays refused while it floods.
    """
    rates = survey_rates()
    now = timezone.now().timestamp()
    with transaction.atomic():
        limit, window = rates["address"]
        allowed, retry = _hit(_address_key(client_address), limit, window, now)
        if not allowed:
            raise SurveyThrottled("address", retry)
        limit, window = rates["unit"]
        allowed, retry = _hit(f"u:{unit.pk}", limit, window, now)
    if not allowed:
        raise SurveyThrottled("unit", retry)


def _period(moment: dt.datetime) -> tuple[int, int]:
    local = timezone.localtime(moment)
    return local.year, (local.month - 1) // 3 + 1


def validate_scores(scores: Mapping[str, object]) -> dict[str, int]:
    """Exactly the nine elements U1–U9, each an integer 1–4; raise :class:`SurveyError`."""
    unknown = sorted(set(scores) - set(ELEMENT_CODES))
    if unknown:
        raise SurveyError(
            _("Unsur tidak dikenal: %(codes)s. Unsur yang ada: U1–U9.")
            % {"codes": ", ".join(str(c)[:20] for c in unknown[:5])},
            field=str(unknown[0])[:20],
        )
    clean: dict[str, int] = {}
    for code in ELEMENT_CODES:
        if code not in scores or scores[code] in (None, ""):
            raise SurveyError(_("Unsur %(code)s belum dijawab.") % {"code": code}, field=code)
        value = scores[code]
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise SurveyError(_("Nilai %(code)s harus 1–4.") % {"code": code}, field=code)
        try:
            number = int(value)
        except ValueError:
            raise SurveyError(
                _("Nilai %(code)s harus 1–4.") % {"code": code}, field=code
            ) from None
        if not 1 <= number <= 4:
            raise SurveyError(
                _("Nilai %(code)s harus 1–4, bukan %(value)s.") % {"code": code, "value": number},
                field=code,
            )
        clean[code] = number
    return clean


def _check_unit(unit: Unit | None) -> Unit:
    today = timezone.localdate()
    if unit is None or not unit.is_public_service or not unit.is_active_on(today):
        raise SurveyError(_("Unit layanan tidak dikenal atau tidak menerima survei."),
                          field="unit")
    return unit


def _text(value: str, *, field: str, label: str) -> str:
    value = (value or "").strip()
    if len(value) > COMMENT_MAX:
        raise SurveyError(
            _("%(label)s terlalu panjang: %(n)s karakter, paling banyak %(max)s.")
            % {"label": label, "n": len(value), "max": COMMENT_MAX},
            field=field,
        )
    return value


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(TRACKING_LENGTH))


def survey_submit(
    *,
    unit: Unit | None,
    scores: Mapping[str, object],
    comment: str = "",
    complaint_text: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    file_complaint: bool = False,
    client_address: str,
    channel: str = "web",
) -> Submitted:
    """Store one questionnaire (and, if asked, a complaint to the unit).

    Order: the unit must be a public service unit; the attempt is counted against the rate
    limits (:func:`survey_throttle`, raising :class:`SurveyThrottled`); then every field is
    validated (raising :class:`SurveyError`) before anything is written. A complaint without its
    own text takes the comment as its text.
    """
    unit = _check_unit(unit)
    survey_throttle(unit=unit, client_address=client_address)
    clean = validate_scores(scores)
    comment = _text(comment, field="comment", label=_("Saran dan masukan"))
    complaint_text = _text(complaint_text, field="complaint_text", label=_("Isi pengaduan"))
    contact = {
        "contact_name": (contact_name or "").strip()[:100],
        "contact_phone": (contact_phone or "").strip()[:30],
        "contact_email": (contact_email or "").strip()[:120],
    }
    if contact["contact_email"]:
        try:
            validate_email(contact["contact_email"])
        except ValidationError:
            raise SurveyError(_("Alamat surel tidak valid."), field="contact_email") from None
    if file_complaint and not (complaint_text or comment):
        raise SurveyError(_("Tuliskan isi pengaduan Anda."), field="complaint_text")
    now = timezone.now()
    year, quarter = _period(now)
    with transaction.atomic():
        response = SurveyResponse.objects.create(
            unit=unit, submitted_at=now, year=year, quarter=quarter, comment=comment,
            channel=channel, **{code.lower(): v for code, v in clean.items()},
        )
        complaint = None
        if file_complaint:
            complaint = Complaint.objects.create(
                unit=unit, response=response, tracking_code=new_tracking_code(),
                text=complaint_text or comment, created_at=now, **contact,
            )
    return Submitted(response=response, complaint=complaint)


def complaint_answer(*, complaint: Complaint, answer: str, actor: User,
                     close: bool = False) -> Complaint:
    """Answer (or re-answer) a complaint; ``close`` also closes it. The first answer's time is
    kept as ``answered_at``: the response time is measured to it."""
    answer = (answer or "").strip()
    if not answer:
        raise SurveyError(_("Tuliskan jawaban untuk pengaduan ini."), field="answer")
    if len(answer) > 2000:
        raise SurveyError(_("Jawaban paling banyak 2000 karakter."), field="answer")
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
        now = timezone.now()
        complaint.answer = answer
        complaint.answered_by = actor
        if complaint.answered_at is None:
            complaint.answered_at = now
        complaint.status = ComplaintStatus.CLOSED if close else ComplaintStatus.ANSWERED
        if close:
            complaint.closed_at = now
        complaint.save()
        audit_record(actor=actor, agency=complaint.unit.agency, action="answer",
                     object_type="complaint", object_id=complaint.pk,
                     object_label=complaint.tracking_code, changes={"status": complaint.status})
    return complaint


def complaint_close(*, complaint: Complaint, actor: User) -> Complaint:
    """Close a complaint (answered or not: for example a duplicate)."""
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
        complaint.status = ComplaintStatus.CLOSED
        complaint.closed_at = timezone.now()
        complaint.save(update_fields=["status", "closed_at"])
        audit_record(actor=actor, agency=complaint.unit.agency, action="close",
                     object_type="complaint", object_id=complaint.pk,
                     object_label=complaint.tracking_code, changes={"status": complaint.status})
    return complaint


def population_set(*, unit: Unit, year: int, population: int | None, actor: User
                   ) -> ServicePopulation | None:
    """Record (or, with None, remove) the number of service users of ``unit`` in ``year``."""
    if population is not None and (isinstance(population, bool) or population < 1):
        raise SurveyError(_("Jumlah pengguna layanan harus bilangan bulat ≥ 1."),
                          field="population")
    with transaction.atomic():
        if population is None:
            deleted, _rows = ServicePopulation.objects.filter(unit=unit, year=year).delete()
            if deleted:
                audit_record(actor=actor, agency=unit.agency, action="delete",
                             object_type="service_population", object_label=f"{unit.code} {year}")
            return None
        record, created = ServicePopulation.objects.update_or_create(
            unit=unit, year=year, defaults={"population": population, "updated_by": actor})
        audit_record(actor=actor, agency=unit.agency, action="create" if created else "update",
                     object_type="service_population", object_id=record.pk,
                     object_label=f"{unit.code} {year}", changes={"population": population})
    return record
