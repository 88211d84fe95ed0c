"""Who may see what in the partners app, and the read models: agreement expiry warnings, a
partner's history, quota usage and the leadership's per-stakeholder contributions.

- admin, planner: everything of the agency, and the writes;
- leadership: read-only (registry, history, contributions; no personal data of students);
- partner accounts (role ``partner`` with ``organisation``): only their own partner record,
  offers, classes and those classes' attendance;
- everyone else: nothing here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet

from bina.accounts.models import Role, User
from bina.delivery.models import Activity, ActivityStatus, Enrollment, EnrollmentStatus, Outcome
from bina.partners.models import (
    Agreement,
    DegreeStudy,
    OfferStatus,
    Partner,
    ProgrammeOffer,
    StudyStatus,
)

EXPIRY_WARNING_DAYS = 90
MANAGERS = {Role.ADMIN, Role.PLANNER}
READERS = {Role.ADMIN, Role.PLANNER, Role.LEADERSHIP}


def can_manage(user: User) -> bool:
    return user.is_authenticated and user.role in MANAGERS and user.agency_id is not None


def can_read(user: User) -> bool:
    return user.is_authenticated and user.role in READERS and user.agency_id is not None


def is_partner_user(user: User) -> bool:
    return (user.is_authenticated and user.role == Role.PARTNER
            and user.organisation_id is not None and user.agency_id is not None)


def partner_of(user: User) -> Partner | None:
    """The partner record a partner account acts for (None for anyone else)."""
    if not is_partner_user(user) or user.organisation_id is None or user.agency_id is None:
        return None
    return (Partner.objects.select_related("organisation")
            .filter(organisation_id=user.organisation_id, agency_id=user.agency_id,
                    is_active=True).first())


def _agency_id(user: User) -> int:
    """The reader's agency (callers have checked :func:`can_read`)."""
    return user.agency_id or 0


def partners_for(user: User) -> QuerySet[Partner]:
    if can_read(user):
        return Partner.objects.filter(agency_id=_agency_id(user)).select_related("organisation")
    partner = partner_of(user)
    if partner is not None:
        return Partner.objects.filter(pk=partner.pk).select_related("organisation")
    return Partner.objects.none()


def offers_for(user: User) -> QuerySet[ProgrammeOffer]:
    qs = ProgrammeOffer.objects.select_related("partner__organisation", "path", "programme")
    if can_read(user):
        return qs.filter(agency_id=_agency_id(user))
    partner = partner_of(user)
    if partner is not None:
        return qs.filter(partner=partner)
    return qs.none()


def partner_activities(partner: Partner) -> QuerySet[Activity]:
    return Activity.objects.filter(agency_id=partner.agency_id,
                                   provider_id=partner.organisation_id)


def classes_for(user: User) -> QuerySet[Activity]:
    """The classes a partner account may open and record attendance of: its own only."""
    partner = partner_of(user)
    if partner is None:
        return Activity.objects.none()
    return partner_activities(partner).select_related("programme__path")


def studies_for(user: User) -> QuerySet[DegreeStudy]:
    qs = DegreeStudy.objects.select_related("employee__unit", "partner__organisation",
                                            "agreement")
    if can_read(user):
        return qs.filter(agency_id=_agency_id(user))
    return qs.none()


# --------------------------------------------------------------------------------------------
# Agreement expiry


@dataclass(frozen=True)
class ExpiringAgreement:
    agreement: Agreement
    days_left: int

    @property
    def expired(self) -> bool:
        return self.days_left < 0


def expiring_agreements(agency_id: int, day: dt.date, *,
                        within: int = EXPIRY_WARNING_DAYS) -> list[ExpiringAgreement]:
    """Agreements of active partners that end within ``within`` days of ``day`` (and, to
    keep them in sight, those ended less than ``within`` days ago without a newer agreement
    of the same partner). For the list and the home page."""
    window = (Agreement.objects
              .filter(partner__agency_id=agency_id, partner__is_active=True,
                      end_date__gte=day - dt.timedelta(days=within),
                      end_date__lte=day + dt.timedelta(days=within))
              .select_related("partner__organisation").order_by("end_date"))
    found = []
    for agreement in window:
        renewed = Agreement.objects.filter(partner_id=agreement.partner_id,
                                           end_date__gt=agreement.end_date,
                                           start_date__lte=agreement.end_date + dt.timedelta(1))
        if renewed.exists():
            continue
        found.append(ExpiringAgreement(agreement, (agreement.end_date - day).days))
    return found


# --------------------------------------------------------------------------------------------
# A partner's history


@dataclass(frozen=True)
class QuotaRow:
    kind: str
    label: str
    places: int
    used: int

    @property
    def left(self) -> int:
        return max(0, self.places - self.used)


@dataclass
class AgreementRow:
    agreement: Agreement
    days_left: int
    quotas: list[QuotaRow] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.days_left < 0:
            return "expired"
        if self.days_left <= EXPIRY_WARNING_DAYS:
            return "expiring"
        return "valid"


def agreement_rows(partner: Partner, day: dt.date) -> list[AgreementRow]:
    from bina.partners.services import quota_usage

    agreements = list(partner.agreements.prefetch_related("quotas").order_by("-end_date"))
    used = quota_usage(agreements)
    rows = []
    for a in agreements:
        row = AgreementRow(a, (a.end_date - day).days)
        for q in a.quotas.all():
            row.quotas.append(QuotaRow(q.kind, q.get_kind_display(), q.places,
                                       used.get((a.pk, q.kind), 0)))
        rows.append(row)
    return rows


@dataclass(frozen=True)
class ClassRow:
    activity: Activity
    participants: int
    completed: int


@dataclass(frozen=True)
class Reaction:
    responses: int
    relevance: float
    speakers: float
    organisation: float
    materials: float
    overall: float


@dataclass(frozen=True)
class History:
    programmes: list[tuple[str, str, Decimal]]  # code, name, jp
    classes: list[ClassRow]
    participants: int
    completed: int
    reaction: Reaction | None
    studies: int
    studying: int

    @property
    def completion_pct(self) -> float:
        return 100.0 * self.completed / self.participants if self.participants else 0.0


def partner_history(partner: Partner) -> History:
    from bina.evaluation.models import Feedback
    from bina.plan.models import Programme

    activities = partner_activities(partner).select_related("programme").annotate(
        n=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.ENROLLED)),
        done=Count("enrollments", filter=Q(enrollments__outcome=Outcome.COMPLETED)),
    ).order_by("-start_date")
    classes = [ClassRow(a, a.n, a.done) for a in activities]
    programmes = [(p.code, p.name, p.jp) for p in Programme.objects.filter(
        agency_id=partner.agency_id, provider_id=partner.organisation_id).order_by("code")]
    enrolled = Enrollment.objects.filter(activity__agency_id=partner.agency_id,
                                         activity__provider_id=partner.organisation_id)
    participants = enrolled.filter(status=EnrollmentStatus.ENROLLED).values(
        "employee_id").distinct().count()
    completed = enrolled.filter(outcome=Outcome.COMPLETED).count()
    means = Feedback.objects.filter(enrollment__in=enrolled).aggregate(
        n=Count("id"), relevance=Avg("relevance"), speakers=Avg("speakers"),
        organisation=Avg("organisation"), materials=Avg("materials"), overall=Avg("overall"))
    reaction = None
    if means["n"]:
        reaction = Reaction(means["n"], float(means["relevance"]), float(means["speakers"]),
                            float(means["organisation"]), float(means["materials"]),
                            float(means["overall"]))
    studies = DegreeStudy.objects.filter(partner=partner)
    return History(programmes=programmes, classes=classes,
                   participants=participants,
                   completed=sum(c.completed for c in classes) if classes else completed,
                   reaction=reaction, studies=studies.count(),
                   studying=studies.filter(status=StudyStatus.ONGOING).count())


# --------------------------------------------------------------------------------------------
# Leadership: what each stakeholder type contributes


@dataclass(frozen=True)
class KindContribution:
    kind: str
    label: str
    partners: int
    programmes: int
    classes_delivered: int
    participants: int
    places: int
    places_used: int


@dataclass(frozen=True)
class PublicContribution:
    responses: int
    complaints: int
    complaints_handled: int
    units: int


@dataclass(frozen=True)
class Contributions:
    year: int
    kinds: list[KindContribution]
    public: PublicContribution


def contributions(agency_id: int, year: int) -> Contributions:
    from bina.org.models import OrganisationKind
    from bina.partners.models import AgreementQuota
    from bina.plan.models import Programme
    from bina.stakeholders.models import Complaint, ComplaintStatus, SurveyResponse

    kinds = []
    for kind, label in OrganisationKind.choices:
        partners = Partner.objects.filter(agency_id=agency_id, organisation__kind=kind)
        org_ids = list(partners.values_list("organisation_id", flat=True))
        if not org_ids:
            continue
        delivered = Activity.objects.filter(agency_id=agency_id, provider_id__in=org_ids,
                                            status=ActivityStatus.COMPLETED,
                                            end_date__year=year)
        participants = Enrollment.objects.filter(
            activity__in=delivered, status=EnrollmentStatus.ENROLLED).count()
        places = sum(AgreementQuota.objects.filter(
            agreement__partner__in=partners, agreement__start_date__year__lte=year,
            agreement__end_date__year__gte=year).values_list("places", flat=True))
        used = (DegreeStudy.objects.filter(partner__in=partners, agreement__isnull=False)
                .exclude(status=StudyStatus.STOPPED)
                .filter(start_date__year__lte=year).count())
        kinds.append(KindContribution(
            kind=kind, label=str(label), partners=len(org_ids),
            programmes=Programme.objects.filter(agency_id=agency_id,
                                                provider_id__in=org_ids).count(),
            classes_delivered=delivered.count(), participants=participants,
            places=places, places_used=used))
    responses = SurveyResponse.objects.filter(unit__agency_id=agency_id, year=year)
    complaints = Complaint.objects.filter(unit__agency_id=agency_id, created_at__year=year)
    public = PublicContribution(
        responses=responses.count(), complaints=complaints.count(),
        complaints_handled=complaints.exclude(status=ComplaintStatus.OPEN).count(),
        units=responses.values("unit_id").distinct().count())
    return Contributions(year=year, kinds=kinds, public=public)


def pending_offers(agency_id: int) -> int:
    return ProgrammeOffer.objects.filter(agency_id=agency_id,
                                         status=OfferStatus.PENDING).count()
