"""Writes of the JP ledger: the agency's recognition rules (seeded from the default table) and
the ledger rows themselves. The ledger is ``people.DevelopmentRecord``: delivery (completed
classes), mentoring (meetings) and approved outside activities write through
:func:`ledger_credit`, never directly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from bina.accounts.models import User
from bina.audit.services import audit_record, diff_fields
from bina.core import jp_rules as core_rules
from bina.core.messages import BilingualError
from bina.ledger.models import ExternalActivity, JpRule, SubmissionStatus
from bina.org.models import Agency, Organisation
from bina.people.models import DevelopmentRecord, DevelopmentSource, Employee
from bina.reference.models import DevelopmentPath

RULE_FIELDS = ("basis", "international_basis", "domestic_jp", "international_jp",
               "international_uplift", "cap_per_day", "international_cap_per_day",
               "max_sessions_per_month", "international_allowed", "source", "verified")


class LedgerError(BilingualError):
    """A ledger write refused, with the reason in Indonesian and English."""


def _to_core(rule: JpRule) -> core_rules.JpRule:
    return core_rules.JpRule(
        path_code=rule.path.code, basis=rule.basis,  # type: ignore[arg-type]
        domestic_jp=rule.domestic_jp, international_jp=rule.international_jp,
        international_uplift=rule.international_uplift, cap_per_day=rule.cap_per_day,
        international_cap_per_day=rule.international_cap_per_day,
        max_sessions_per_month=rule.max_sessions_per_month,
        international_allowed=rule.international_allowed, source=rule.source,
        verified=rule.verified,
        international_basis=rule.international_basis or None,  # type: ignore[arg-type]
    )


@transaction.atomic
def jp_rules_seed(*, agency: Agency) -> int:
    """Give the agency the default table (regulation.md §2.2) for every path it lacks a rule
    for; rules the agency already adjusted are kept. Returns how many were added."""
    have = set(JpRule.objects.filter(agency=agency).values_list("path__code", flat=True))
    paths = {p.code: p for p in DevelopmentPath.objects.all()}
    added = []
    for code, rule in core_rules.load_default_rules().items():
        if code in have or code not in paths:
            continue
        added.append(JpRule(
            agency=agency, path=paths[code], basis=rule.basis, domestic_jp=rule.domestic_jp,
            international_jp=rule.international_jp,
            international_uplift=rule.international_uplift, cap_per_day=rule.cap_per_day,
            international_cap_per_day=rule.international_cap_per_day,
            max_sessions_per_month=rule.max_sessions_per_month,
            international_allowed=rule.international_allowed, source=rule.source,
            verified=rule.verified, international_basis=rule.international_basis or ""))
    JpRule.objects.bulk_create(added)
    return len(added)


def rules_for(agency: Agency) -> dict[str, core_rules.JpRule]:
    """The agency's recognition rules by path code (seeding the defaults the first time)."""
    if not JpRule.objects.filter(agency=agency).exists():
        jp_rules_seed(agency=agency)
    return {r.path.code: _to_core(r)
            for r in JpRule.objects.filter(agency=agency).select_related("path")}


def ledger_credit(
    *,
    employee: Employee,
    title: str,
    path_code: str,
    start_date: dt.date,
    end_date: dt.date,
    jp: Decimal,
    source: DevelopmentSource,
    provider: Organisation | None = None,
    provider_name: str = "",
    certificate_number: str = "",
    record: DevelopmentRecord | None = None,
    path: DevelopmentPath | None = None,
) -> DevelopmentRecord:
    """Write (or, given ``record``, rewrite) one ledger row: the JP a person earned. ``path``,
    when the caller has it at hand, saves looking ``path_code`` up (a query per row)."""
    if path is None or path.code != path_code:
        path = DevelopmentPath.objects.get(code=path_code)
    if record is None:
        record = DevelopmentRecord(employee=employee)
    record.title = title[:250]
    record.path = path
    record.jp = jp
    record.start_date = start_date
    record.end_date = end_date
    record.provider = provider
    record.provider_name = provider_name
    record.certificate_number = certificate_number
    record.source = source
    record.save()
    return record


def ledger_remove(*, record: DevelopmentRecord, user: User | None, reason: str) -> None:
    """Take one ledger row out (the activity behind it no longer earns JP, e.g. the last
    meeting of a mentoring pair was removed). Audited with what the row credited; the rows
    pointing at it (a mentoring pair, an enrollment, an outside activity) keep ``NULL``."""
    employee = record.employee
    changes = {"employee": employee.nip, "title": record.title, "path": record.path.code,
               "jp": str(record.jp), "start_date": record.start_date.isoformat(),
               "end_date": record.end_date.isoformat(), "source": record.source,
               "reason": reason}
    record_id = record.pk
    record.delete()
    audit_record(actor=user, agency=employee.agency, action="jp_ledger.remove",
                 object_type="development_record", object_id=record_id,
                 object_label=changes["title"], changes=changes)


# --------------------------------------------------------------------------------------------
# The recognition rules as data


def _rule_values(rule: JpRule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in RULE_FIELDS}


def _row(path_code: str, values: dict[str, Any]) -> dict[str, object]:
    """A ``bina.core.jp_rules`` row from form values (decimals as text, blanks as None)."""
    def dec(value: object) -> object:
        if value is None or value == "":
            return None
        return str(value)

    return {
        "path_code": path_code, "basis": values["basis"],
        "international_basis": values.get("international_basis") or None,
        "domestic_jp": dec(values.get("domestic_jp")),
        "international_jp": dec(values.get("international_jp")),
        "international_uplift": dec(values.get("international_uplift")) or "0",
        "cap_per_day": dec(values.get("cap_per_day")),
        "international_cap_per_day": dec(values.get("international_cap_per_day")),
        "max_sessions_per_month": values.get("max_sessions_per_month"),
        "international_allowed": bool(values.get("international_allowed")),
        "source": str(values.get("source") or ""),
        "verified": bool(values.get("verified")),
    }


def _apply(rule: JpRule, checked: core_rules.JpRule) -> None:
    rule.basis = checked.basis
    rule.international_basis = checked.international_basis or ""
    rule.domestic_jp = checked.domestic_jp
    rule.international_jp = checked.international_jp
    rule.international_uplift = checked.international_uplift
    rule.cap_per_day = checked.cap_per_day
    rule.international_cap_per_day = checked.international_cap_per_day
    rule.max_sessions_per_month = checked.max_sessions_per_month
    rule.international_allowed = checked.international_allowed
    rule.source = checked.source.strip()
    rule.verified = checked.verified


def _save_rule(rule: JpRule, checked: core_rules.JpRule, *, user: User | None,
               action: str) -> JpRule:
    before = _rule_values(rule)
    _apply(rule, checked)
    after = _rule_values(rule)
    changes = diff_fields(before, after)
    if not changes:
        return rule
    rule.updated_by = user
    rule.save()
    audit_record(actor=user, agency=rule.agency, action=action, object_type="jp_rule",
                 object_id=rule.pk, object_label=rule.path.code, changes=changes)
    return rule


@transaction.atomic
def jp_rule_update(*, rule: JpRule, user: User | None, values: dict[str, Any]) -> JpRule:
    """Change one of the agency's rules. ``values`` holds the :data:`RULE_FIELDS`; the row is
    validated by ``bina.core.jp_rules.rules_from_rows`` (a bad value raises
    :class:`LedgerError` with its message). Audited with the fields that changed."""
    try:
        checked = core_rules.rules_from_rows([_row(rule.path.code, values)])[rule.path.code]
    except core_rules.JpRuleError as exc:
        raise LedgerError.of(exc.message) from exc
    return _save_rule(rule, checked, user=user, action="jp_rule.update")


@transaction.atomic
def jp_rule_reset(*, rule: JpRule, user: User | None) -> JpRule:
    """Put the rule back to the default table's row (regulation.md §2.2); audited."""
    default = core_rules.load_default_rules().get(rule.path.code)
    if default is None:
        raise LedgerError(
            f"Jalur {rule.path.code} tidak ada dalam tabel bawaan.",
            f"The path {rule.path.code} is not in the default table.")
    return _save_rule(rule, default, user=user, action="jp_rule.reset")


# --------------------------------------------------------------------------------------------
# Development outside the plan, submitted by the employee and decided by the unit

CERTIFICATE_TYPES = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8\xff",
                     ".jpeg": b"\xff\xd8\xff"}
CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024


def check_certificate_file(upload: UploadedFile) -> None:
    """A certificate scan: PDF, JPG or PNG (by name and by its first bytes), at most 5 MB."""
    name = (upload.name or "").casefold()
    suffix = name[name.rfind("."):] if "." in name else ""
    if suffix not in CERTIFICATE_TYPES:
        raise LedgerError("Berkas sertifikat harus PDF, JPG atau PNG.",
                          "The certificate file must be a PDF, JPG or PNG.")
    if upload.size is not None and upload.size > CERTIFICATE_MAX_BYTES:
        raise LedgerError(
            f"Berkas sertifikat paling besar 5 MB (berkas ini {upload.size / 1048576:.1f} MB).",
            f"The certificate file may be at most 5 MB (this one is "
            f"{upload.size / 1048576:.1f} MB).")
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(CERTIFICATE_TYPES[suffix]):
        raise LedgerError("Isi berkas sertifikat tidak sesuai dengan jenisnya (PDF/JPG/PNG).",
                          "The certificate file's content does not match its type "
                          "(PDF/JPG/PNG).")


@transaction.atomic
def ledger_external_submit(
    *,
    employee: Employee,
    user: User | None,
    title: str,
    path: DevelopmentPath,
    provider_name: str,
    start_date: dt.date,
    end_date: dt.date,
    certificate_number: str,
    programme_jp: Decimal = Decimal(0),
    session_dates: tuple[dt.date, ...] = (),
    is_international: bool = False,
    certificate_file: UploadedFile | None = None,
) -> ExternalActivity:
    """An employee's development outside the plan, waiting for the unit's decision."""
    if end_date < start_date:
        raise LedgerError("Tanggal selesai sebelum tanggal mulai.",
                          "The end date is before the start date.")
    if end_date > timezone.localdate():
        raise LedgerError("Hanya kegiatan yang sudah selesai yang dapat diajukan.",
                          "Only activities already finished can be submitted.")
    outside = [d for d in session_dates if not start_date <= d <= end_date]
    if outside:
        raise LedgerError(
            f"Tanggal sesi {outside[0]:%d-%m-%Y} di luar tanggal kegiatan.",
            f"The session date {outside[0]:%d-%m-%Y} is outside the activity's dates.")
    if programme_jp < 0:
        raise LedgerError("JP program tidak boleh negatif.", "Programme JP cannot be negative.")
    if certificate_file is not None:
        check_certificate_file(certificate_file)
    activity = ExternalActivity(
        employee=employee, title=title.strip(), path=path, provider_name=provider_name.strip(),
        start_date=start_date, end_date=end_date, programme_jp=programme_jp,
        sessions=len(session_dates), session_dates=[d.isoformat() for d in sorted(session_dates)],
        is_international=is_international, certificate_number=certificate_number.strip(),
        submitted_by=user)
    if certificate_file is not None:
        activity.certificate_file = certificate_file
    activity.save()
    audit_record(actor=user, agency=employee.agency, action="jp_external.submit",
                 object_type="external_activity", object_id=activity.pk,
                 object_label=activity.title,
                 changes={"employee": employee.nip, "path": path.code})
    return activity


def external_credit(activity: ExternalActivity, agency: Agency) -> core_rules.Credit:
    """The JP the agency's rule gives the activity (not written)."""
    rules = rules_for(agency)
    rule = rules.get(activity.path.code)
    if rule is None:
        raise LedgerError(
            f"Instansi belum punya aturan pengakuan JP untuk jalur {activity.path.code}.",
            f"The agency has no JP recognition rule for the path {activity.path.code}.")
    days = activity.days
    semesters = max(1, round(days / 182.5)) if rule.basis == "semester" else 0
    dates = tuple(dt.date.fromisoformat(d) for d in activity.session_dates)
    try:
        return core_rules.credit(rule, core_rules.CompletedActivity(
            path_code=activity.path.code, programme_jp=activity.programme_jp, days=days,
            session_dates=dates, semesters=semesters,
            international=activity.is_international))
    except core_rules.JpRuleError as exc:
        raise LedgerError.of(exc.message) from exc


def _undecided(activity: ExternalActivity) -> None:
    if activity.status != SubmissionStatus.SUBMITTED:
        raise LedgerError("Pengajuan ini sudah diputuskan.",
                          "This submission has already been decided.")


@transaction.atomic
def ledger_external_approve(*, activity: ExternalActivity, user: User,
                            note: str = "") -> ExternalActivity:
    """Approve an outside activity: the JP by the agency's rule for its path
    (:func:`rules_for` + ``bina.core.jp_rules.credit``) is written to the ledger through
    :func:`ledger_credit` (source "luar"). Nobody approves their own submission."""
    activity = ExternalActivity.objects.select_for_update(of=("self",)).select_related(
        "employee__agency", "path").get(pk=activity.pk)
    _undecided(activity)
    if user.employee_id is not None and user.employee_id == activity.employee_id:
        raise LedgerError("Pengajuan sendiri tidak dapat disetujui sendiri.",
                          "You cannot approve your own submission.")
    result = external_credit(activity, activity.employee.agency)
    record = ledger_credit(
        employee=activity.employee, title=activity.title, path_code=activity.path.code,
        start_date=activity.start_date, end_date=activity.end_date, jp=result.jp,
        source=DevelopmentSource.EXTERNAL, provider_name=activity.provider_name,
        certificate_number=activity.certificate_number,
        path=activity.path)
    activity.status = SubmissionStatus.APPROVED
    activity.decided_by = user
    activity.decided_at = timezone.now()
    activity.decision_note = note.strip()[:300]
    activity.jp_credited = result.jp
    activity.jp_explanation = {"code": result.explanation.code,
                               "params": dict(result.explanation.params)}
    activity.record = record
    activity.save()
    audit_record(actor=user, agency=activity.employee.agency, action="jp_external.approve",
                 object_type="external_activity", object_id=activity.pk,
                 object_label=activity.title,
                 changes={"jp": str(result.jp), "employee": activity.employee.nip})
    return activity


@transaction.atomic
def ledger_external_reject(*, activity: ExternalActivity, user: User,
                           note: str) -> ExternalActivity:
    """Reject an outside activity; the note (why) is required and shown to the employee."""
    activity = ExternalActivity.objects.select_for_update(of=("self",)).select_related(
        "employee__agency").get(pk=activity.pk)
    _undecided(activity)
    if not note.strip():
        raise LedgerError("Tuliskan alasan penolakan.", "Write the reason for the rejection.")
    if user.employee_id is not None and user.employee_id == activity.employee_id:
        raise LedgerError("Pengajuan sendiri tidak dapat diputuskan sendiri.",
                          "You cannot decide on your own submission.")
    activity.status = SubmissionStatus.REJECTED
    activity.decided_by = user
    activity.decided_at = timezone.now()
    activity.decision_note = note.strip()[:300]
    activity.save()
    audit_record(actor=user, agency=activity.employee.agency, action="jp_external.reject",
                 object_type="external_activity", object_id=activity.pk,
                 object_label=activity.title, changes={"note": activity.decision_note})
    return activity
