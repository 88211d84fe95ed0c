"""Writes of the partners app: partners, contacts, agreements with quotas, programme offers and
their review, partner classes, degree study with semesters and the return to duty."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.accounts.models import User
from bina.audit.services import audit_record
from bina.core.jp_rules import CompletedActivity, JpRuleError, credit
from bina.delivery.models import Activity, ActivitySession
from bina.delivery.services import programme_days, session_code, working_days
from bina.org.models import Agency, Organisation
from bina.partners.models import (
    DEGREE_OFFER_KINDS,
    Agreement,
    AgreementQuota,
    DegreeStudy,
    OfferStatus,
    Partner,
    PartnerContact,
    ProgrammeOffer,
    SemesterStatus,
    StudyKind,
    StudySemester,
    StudyStatus,
)
from bina.people.models import Employee, EmployeeStatus
from bina.plan.models import Programme
from bina.reference.models import DevelopmentPath

DEGREE_PATH = "PEND"


class PartnerError(ValueError):
    """A partner write that cannot be done; the message names what and why."""


def _organisation_label(partner: Partner) -> str:
    return partner.organisation.name


@transaction.atomic
def partner_create(*, organisation: Organisation, user: User | None,
                   since: dt.date | None = None, notes: str = "") -> Partner:
    if Partner.objects.filter(organisation=organisation).exists():
        raise PartnerError(_("%(name)s sudah terdaftar sebagai mitra.")
                           % {"name": organisation.name})
    partner = Partner.objects.create(agency=organisation.agency, organisation=organisation,
                                     since=since, notes=notes)
    audit_record(actor=user, agency=organisation.agency, action="partners.create",
                 object_type="partner", object_id=partner.pk, object_label=organisation.name)
    return partner


def contact_add(*, partner: Partner, user: User | None, name: str, role: str = "",
                phone: str = "", email: str = "") -> PartnerContact:
    if not name.strip():
        raise PartnerError(_("Nama kontak wajib diisi."))
    contact = PartnerContact.objects.create(partner=partner, name=name.strip(), role=role,
                                            phone=phone, email=email)
    audit_record(actor=user, agency=partner.agency, action="partners.contact",
                 object_type="partner", object_id=partner.pk,
                 object_label=_organisation_label(partner), changes={"contact": contact.name})
    return contact


@transaction.atomic
def agreement_add(*, partner: Partner, user: User | None, kind: str, number: str, scope: str,
                  start_date: dt.date, end_date: dt.date,
                  quotas: Mapping[str, int] | None = None,
                  document: UploadedFile | None = None) -> Agreement:
    """An MoU/PKS with its quotas (kind → places; zero or missing: no quota of that kind)."""
    if end_date < start_date:
        raise PartnerError(_("Tanggal berakhir perjanjian tidak boleh sebelum tanggal mulai."))
    if Agreement.objects.filter(partner=partner, number=number).exists():
        raise PartnerError(_("Perjanjian nomor %(number)s sudah tercatat untuk mitra ini.")
                           % {"number": number})
    agreement = Agreement(partner=partner, kind=kind, number=number, scope=scope,
                          start_date=start_date, end_date=end_date)
    if document is not None:
        agreement.document.save(document.name or "perjanjian.pdf", document, save=False)
    agreement.save()
    AgreementQuota.objects.bulk_create([
        AgreementQuota(agreement=agreement, kind=k, places=n)
        for k, n in (quotas or {}).items() if n > 0])
    audit_record(actor=user, agency=partner.agency, action="partners.agreement",
                 object_type="agreement", object_id=agreement.pk, object_label=number,
                 changes={"end_date": str(end_date), "quotas": dict(quotas or {})})
    return agreement


def offer_submit(*, partner: Partner, user: User | None, kind: str, name: str,
                 path: DevelopmentPath, jp: Decimal, seats_per_class: int,
                 cost_per_participant: int = 0, description: str = "") -> ProgrammeOffer:
    if kind in DEGREE_OFFER_KINDS and path.code != DEGREE_PATH:
        raise PartnerError(_("Pendidikan gelar (tugas/izin belajar) harus pada jalur "
                             "Pendidikan (PEND)."))
    if jp < 0 or seats_per_class <= 0:
        raise PartnerError(_("JP tidak boleh negatif dan kursi per kelas harus lebih dari 0."))
    offer = ProgrammeOffer.objects.create(
        agency=partner.agency, partner=partner, kind=kind, name=name, path=path, jp=jp,
        seats_per_class=seats_per_class, cost_per_participant=cost_per_participant,
        description=description, submitted_by=user)
    audit_record(actor=user, agency=partner.agency, action="partners.offer",
                 object_type="programme_offer", object_id=offer.pk, object_label=name,
                 changes={"partner": partner.pk, "kind": kind, "jp": str(jp)})
    return offer


def _lock_pending(offer: ProgrammeOffer) -> ProgrammeOffer:
    locked = ProgrammeOffer.objects.select_for_update(of=("self",)).get(pk=offer.pk)
    if locked.status != OfferStatus.PENDING:
        raise PartnerError(_("Tawaran %(name)s sudah ditelaah (%(status)s).")
                           % {"name": locked.name, "status": locked.get_status_display()})
    return locked


@transaction.atomic
def offer_accept(*, offer: ProgrammeOffer, user: User | None, code: str,
                 classes: int = 1) -> Programme:
    """The planner accepts: the offer becomes a catalogue programme (path, JP, seats, cost,
    provider = the partner's organisation), which can then be planned."""
    offer = _lock_pending(offer)
    code = code.strip().upper()
    if not code:
        raise PartnerError(_("Kode program katalog wajib diisi."))
    if Programme.objects.filter(agency=offer.agency, code=code).exists():
        raise PartnerError(_("Kode program %(code)s sudah dipakai di katalog.")
                           % {"code": code})
    organisation = offer.partner.organisation
    programme = Programme.objects.create(
        agency=offer.agency, code=code, name=offer.name, path=offer.path,
        provider=organisation, provider_name=organisation.name, jp=offer.jp,
        cost_per_participant=offer.cost_per_participant,
        seats_per_class=offer.seats_per_class, classes=max(1, classes))
    offer.status = OfferStatus.ACCEPTED
    offer.programme = programme
    offer.reviewed_by = user
    offer.reviewed_at = timezone.now()
    offer.save(update_fields=["status", "programme", "reviewed_by", "reviewed_at"])
    audit_record(actor=user, agency=offer.agency, action="partners.offer_accept",
                 object_type="programme_offer", object_id=offer.pk, object_label=offer.name,
                 changes={"programme": code})
    return programme


@transaction.atomic
def offer_reject(*, offer: ProgrammeOffer, user: User | None, reason: str) -> ProgrammeOffer:
    if not reason.strip():
        raise PartnerError(_("Alasan penolakan wajib diisi."))
    offer = _lock_pending(offer)
    offer.status = OfferStatus.REJECTED
    offer.reject_reason = reason.strip()
    offer.reviewed_by = user
    offer.reviewed_at = timezone.now()
    offer.save(update_fields=["status", "reject_reason", "reviewed_by", "reviewed_at"])
    audit_record(actor=user, agency=offer.agency, action="partners.offer_reject",
                 object_type="programme_offer", object_id=offer.pk, object_label=offer.name,
                 changes={"reason": offer.reject_reason})
    return offer


def partner_programmes(partner: Partner) -> list[Programme]:
    """Catalogue programmes the partner may run classes of: its accepted offers and the
    programmes the catalogue names it as provider of."""
    return list(Programme.objects.filter(agency=partner.agency,
                                         provider=partner.organisation, is_active=True)
                .select_related("path").order_by("code"))


@transaction.atomic
def partner_class_add(*, partner: Partner, programme: Programme, user: User | None,
                      start_date: dt.date, place: str = "", seats: int | None = None,
                      is_online: bool = False) -> Activity:
    """A class (delivery Activity) of one of the partner's programmes, one session a working
    day for the programme's length. Participants are enrolled by the planner."""
    if programme.provider_id != partner.organisation_id or programme.agency_id != partner.agency_id:
        raise PartnerError(_("Program %(code)s bukan program mitra ini.")
                           % {"code": programme.code})
    if programme.path.code == DEGREE_PATH:
        raise PartnerError(_("Pendidikan gelar dicatat sebagai tugas/izin belajar, bukan kelas."))
    seats = seats or programme.seats_per_class
    if seats <= 0:
        raise PartnerError(_("Jumlah kursi harus lebih dari 0."))
    batch = Activity.objects.filter(agency=partner.agency, programme=programme).count() + 1
    code = f"{programme.code}-{start_date.year}-M{batch:02d}"
    while Activity.objects.filter(agency=partner.agency, code=code).exists():
        batch += 1
        code = f"{programme.code}-{start_date.year}-M{batch:02d}"
    dates = working_days(start_date, programme_days(programme))
    organisation = partner.organisation
    activity = Activity.objects.create(
        agency=partner.agency, programme=programme, code=code,
        name=f"{programme.name} Angkatan {batch}", batch=batch, start_date=dates[0],
        end_date=dates[-1], place=place or organisation.name, is_online=is_online,
        provider=organisation, provider_name=organisation.name, seats=seats,
        planned_cost=0)
    ActivitySession.objects.bulk_create([
        ActivitySession(activity=activity, date=day, start_time=dt.time(8, 0),
                        end_time=dt.time(16, 0), code=session_code(),
                        topic=_("Hari %(n)s") % {"n": i})
        for i, day in enumerate(dates, start=1)])
    audit_record(actor=user, agency=partner.agency, action="partners.class_add",
                 object_type="activity", object_id=activity.pk, object_label=code,
                 changes={"partner": partner.pk, "start": str(dates[0])})
    return activity


# --------------------------------------------------------------------------------------------
# Degree study


def quota_used(agreement: Agreement, kind: str) -> int:
    """Places of ``kind`` taken: the studies charged to the agreement, except stopped ones."""
    return (DegreeStudy.objects.filter(agreement=agreement, kind=kind)
            .exclude(status=StudyStatus.STOPPED).count())


def quota_usage(agreements: list[Agreement]) -> dict[tuple[int, str], int]:
    rows = (DegreeStudy.objects.filter(agreement__in=agreements)
            .exclude(status=StudyStatus.STOPPED)
            .values("agreement_id", "kind").annotate(n=Count("id")))
    return {(r["agreement_id"], r["kind"]): r["n"] for r in rows}


@transaction.atomic
def study_start(*, employee: Employee, partner: Partner, user: User | None, kind: str,
                level: str, study_programme: str, start_date: dt.date, expected_end: dt.date,
                agreement: Agreement | None = None,
                programme: Programme | None = None) -> DegreeStudy:
    """Record a degree study. Charged to an agreement, it takes one place of the agreement's
    quota of its kind (refused when none is left). Tugas belajar takes the person away: their
    status becomes ``tugas_belajar``, which exempts them from the 20 JP count (plan/ledger)."""
    if employee.agency_id != partner.agency_id:
        raise PartnerError(_("Pegawai bukan dari instansi mitra ini."))
    if expected_end <= start_date:
        raise PartnerError(_("Perkiraan selesai harus setelah tanggal mulai."))
    if DegreeStudy.objects.filter(employee=employee, status=StudyStatus.ONGOING).exists():
        raise PartnerError(_("%(name)s masih tercatat sedang belajar.")
                           % {"name": employee.name})
    if agreement is not None:
        if agreement.partner_id != partner.pk:
            raise PartnerError(_("Perjanjian %(number)s bukan milik mitra ini.")
                               % {"number": agreement.number})
        quota = (AgreementQuota.objects.select_for_update(of=("self",))
                 .filter(agreement=agreement, kind=kind).first())
        if quota is None:
            raise PartnerError(_("Perjanjian %(number)s tidak memuat kuota %(kind)s.")
                               % {"number": agreement.number,
                                  "kind": StudyKind(kind).label})
        if quota_used(agreement, kind) >= quota.places:
            raise PartnerError(_("Kuota %(kind)s pada perjanjian %(number)s sudah habis "
                                 "(%(places)s kursi).")
                               % {"kind": StudyKind(kind).label, "number": agreement.number,
                                  "places": quota.places})
    study = DegreeStudy.objects.create(
        agency=partner.agency, employee=employee, partner=partner, agreement=agreement,
        programme=programme, study_programme=study_programme, kind=kind, level=level,
        start_date=start_date, expected_end=expected_end)
    if kind == StudyKind.DEGREE_STUDY and employee.status == EmployeeStatus.ACTIVE:
        Employee.objects.filter(pk=employee.pk).update(status=EmployeeStatus.DEGREE_STUDY)
    audit_record(actor=user, agency=partner.agency, action="partners.study_start",
                 object_type="employee", object_id=employee.pk, object_label=employee.name,
                 changes={"partner": partner.pk, "kind": kind, "level": level,
                          "agreement": agreement.pk if agreement else None})
    return study


def semester_jp(agency: Agency, status: str) -> tuple[Decimal, str]:
    """JP recognised for one semester (path PEND, regulation.md §2.2) and the rule's source.
    Only a completed semester counts."""
    if status != SemesterStatus.PASSED:
        return Decimal(0), ""
    from bina.ledger.services import rules_for

    rule = rules_for(agency).get(DEGREE_PATH)
    if rule is None:
        return Decimal(0), _("Tidak ada aturan JP untuk jalur PEND.")
    try:
        result = credit(rule, CompletedActivity(path_code=DEGREE_PATH, programme_jp=Decimal(0),
                                                days=1, semesters=1))
    except JpRuleError as exc:
        return Decimal(0), str(exc)
    return result.jp, rule.source[:400]


@transaction.atomic
def semester_record(*, study: DegreeStudy, user: User | None, number: int, status: str,
                    gpa: Decimal | None = None) -> StudySemester:
    """Add or update one semester; its JP follows the agency's PEND rule."""
    if number < 1 or number > 16:
        raise PartnerError(_("Nomor semester harus 1–16."))
    if gpa is not None and not Decimal(0) <= gpa <= Decimal(4):
        raise PartnerError(_("IP semester harus antara 0,00 dan 4,00."))
    jp, source = semester_jp(study.agency, status)
    semester, _created = StudySemester.objects.update_or_create(
        study=study, number=number,
        defaults={"status": status, "gpa": gpa, "jp_recognised": jp, "jp_rule_source": source})
    audit_record(actor=user, agency=study.agency, action="partners.semester",
                 object_type="employee", object_id=study.employee_id,
                 object_label=study.employee.name,
                 changes={"semester": number, "status": status,
                          "gpa": str(gpa) if gpa is not None else None, "jp": str(jp)})
    return semester


@transaction.atomic
def study_return(*, study: DegreeStudy, user: User | None, day: dt.date,
                 graduated: bool = True) -> DegreeStudy:
    """The person returns to duty: the study ends (graduated or stopped) and a person on
    tugas belajar becomes active again."""
    if study.status != StudyStatus.ONGOING:
        raise PartnerError(_("Studi ini sudah berakhir."))
    if day < study.start_date:
        raise PartnerError(_("Tanggal kembali bertugas tidak boleh sebelum mulai studi."))
    study.return_to_duty = day
    study.status = StudyStatus.GRADUATED if graduated else StudyStatus.STOPPED
    study.save(update_fields=["return_to_duty", "status"])
    Employee.objects.filter(pk=study.employee_id, status=EmployeeStatus.DEGREE_STUDY).update(
        status=EmployeeStatus.ACTIVE)
    audit_record(actor=user, agency=study.agency, action="partners.study_return",
                 object_type="employee", object_id=study.employee_id,
                 object_label=study.employee.name,
                 changes={"return_to_duty": str(day), "status": study.status})
    return study


@transaction.atomic
def partner_account_create(*, partner: Partner, actor: User, username: str, name: str = "",
                           email: str = "") -> str:
    """A login for the partner (role ``partner``, linked to its organisation) with a first-login
    code that must be changed at first sign-in. Returns the code (shown once)."""
    from django.contrib.auth.hashers import make_password

    from bina.accounts.models import Role
    from bina.accounts.services import CODE_HASHER, first_login_code, normalise_code

    username = username.strip().lower()
    if not username or User.objects.filter(username=username).exists():
        raise PartnerError(_("Nama pengguna %(username)s kosong atau sudah dipakai.")
                           % {"username": username})
    code = first_login_code()
    User.objects.create(username=username, first_name=name[:150], email=email,
                        role=Role.PARTNER, agency_id=partner.agency_id,
                        organisation_id=partner.organisation_id, must_change_password=True,
                        password=make_password(normalise_code(code), hasher=CODE_HASHER))
    audit_record(actor=actor, agency=partner.agency, action="account_create",
                 object_type="user", object_id=username, object_label=_organisation_label(partner),
                 changes={"role": Role.PARTNER, "partner": partner.pk})
    return code
