"""The demo's partners: agreements (one ending within 60 days), offers (one pending), a
partner class, degree study with semesters and JP, and the partner login."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bina.accounts.models import Role, User
from bina.demo.generator import AGENCY_CODE, DEMO_PASSWORD, generate_demo
from bina.demo.partners import PARTNER_USERNAME
from bina.demo.wipe import wipe_agency
from bina.org.models import Agency
from bina.partners.models import (
    DegreeStudy,
    OfferStatus,
    Partner,
    ProgrammeOffer,
    StudySemester,
)
from bina.partners.selectors import classes_for, expiring_agreements

AS_OF = dt.date(2026, 11, 28)


@pytest.mark.django_db
def test_the_demo_partners_have_agreements_offers_studies_and_a_login() -> None:
    demo = generate_demo(employees=300, seed=11, as_of=AS_OF)  # runs generate_partners
    agency = Agency.objects.get(code=AGENCY_CODE)
    assert Partner.objects.filter(agency=agency).count() == 6
    line = dict(demo.stages)["Mitra"]
    assert "6 mitra" in line
    assert any(login.username == PARTNER_USERNAME for login in demo.logins)
    expiring = expiring_agreements(agency.pk, AS_OF, within=60)
    assert [e.days_left for e in expiring] == [45]
    offers = ProgrammeOffer.objects.filter(agency=agency)
    assert 3 <= offers.count() <= 5
    assert offers.filter(status=OfferStatus.PENDING).count() == 1
    assert offers.filter(status=OfferStatus.ACCEPTED, programme__isnull=False).count() == 3
    studies = DegreeStudy.objects.filter(agency=agency)
    assert 10 <= studies.count() <= 15
    passed = StudySemester.objects.filter(study__agency=agency, status="lulus")
    assert passed.exists()
    assert set(passed.values_list("jp_recognised", flat=True)) == {Decimal(20)}
    # quotas are never exceeded
    for study in studies.filter(agreement__isnull=False).select_related("agreement"):
        quota = study.agreement.quotas.get(kind=study.kind)  # type: ignore[union-attr]
        assert studies.filter(agreement=study.agreement, kind=study.kind).count() \
            <= quota.places
    login = User.objects.get(username=PARTNER_USERNAME)
    assert login.role == Role.PARTNER and login.check_password(DEMO_PASSWORD)
    own = classes_for(login)  # UNG also runs some of the catalogue's classes
    assert own.filter(code__startswith="MTR-UNG-ADKP").get().enrollments.count() == 20
    assert not own.exclude(provider__name="Universitas Negeri Gorontalo").exists()
    # the demo can be wiped and regenerated
    wipe_agency(agency)
    assert not Partner.objects.filter(agency_id=agency.pk).exists()
