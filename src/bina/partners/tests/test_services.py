from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bina.partners import selectors, services
from bina.partners.models import DegreeStudy, OfferStatus, StudyStatus
from bina.partners.services import PartnerError
from bina.partners.tests.factories import TODAY, PartnerWorld, make_partners
from bina.people.models import Employee
from bina.plan.models import Programme
from bina.reference.models import DevelopmentPath
from bina.testing import World

pytestmark = pytest.mark.django_db


def test_an_accepted_offer_becomes_a_catalogue_programme_of_the_partner(world: World) -> None:
    pw = make_partners(world)
    programme = Programme.objects.get(code="UNG-ADK")
    assert programme.provider_id == pw.ung.organisation_id
    assert programme.jp == Decimal(16)
    assert programme.path.code == "KL03"
    assert programme.partner_offer.status == OfferStatus.ACCEPTED


def test_a_rejected_offer_keeps_its_reason_and_creates_no_programme(world: World) -> None:
    pw = make_partners(world)
    before = Programme.objects.count()
    services.offer_reject(offer=pw.pending, user=world.planner, reason="Sudah ada di katalog")
    pw.pending.refresh_from_db()
    assert pw.pending.status == OfferStatus.REJECTED
    assert pw.pending.reject_reason == "Sudah ada di katalog"
    assert Programme.objects.count() == before


def test_an_offer_cannot_be_reviewed_twice(world: World) -> None:
    pw = make_partners(world)
    services.offer_reject(offer=pw.pending, user=world.planner, reason="x")
    with pytest.raises(PartnerError):
        services.offer_accept(offer=pw.pending, user=world.planner, code="NEW")


def test_a_degree_offer_must_be_on_the_education_path(world: World) -> None:
    pw = make_partners(world)
    with pytest.raises(PartnerError, match="PEND"):
        services.offer_submit(partner=pw.ung, user=world.planner, kind="tugas_belajar",
                              name="S2 MAP", path=DevelopmentPath.objects.get(code="KL03"),
                              jp=Decimal(0), seats_per_class=5)


def test_a_partner_cannot_add_a_class_of_another_partners_programme(world: World) -> None:
    pw = make_partners(world)
    with pytest.raises(PartnerError):
        services.partner_class_add(partner=pw.ung, programme=pw.other_programme,
                                   user=pw.ung_user, start_date=TODAY)


def test_a_partner_class_has_one_session_per_working_day(world: World) -> None:
    pw = make_partners(world)
    # 16 JP of a technical course: two days
    assert pw.activity.sessions.count() == 2
    assert pw.activity.provider_id == pw.ung.organisation_id


def _study(world: World, pw: PartnerWorld, person: Employee) -> DegreeStudy:
    return services.study_start(employee=person, partner=pw.ung, user=world.planner,
                                kind="tugas_belajar", level="S2",
                                study_programme="Magister Administrasi Publik",
                                start_date=dt.date(2025, 9, 1), expected_end=dt.date(2027, 8, 31),
                                agreement=pw.agreement)


def test_the_quota_of_an_agreement_refuses_one_study_too_many(world: World) -> None:
    pw = make_partners(world)
    _study(world, pw, world.staff)
    _study(world, pw, world.kabid)
    with pytest.raises(PartnerError, match="habis"):
        _study(world, pw, world.auditor)
    rows = selectors.agreement_rows(pw.ung, TODAY)
    quota = next(q for q in rows[0].quotas if q.kind == "tugas_belajar")
    assert (quota.used, quota.places, quota.left) == (2, 2, 0)


def test_tugas_belajar_exempts_the_person_until_the_return_to_duty(world: World) -> None:
    pw = make_partners(world)
    study = services.study_start(employee=world.staff, partner=pw.ung, user=world.planner,
                                 kind="tugas_belajar", level="S2", study_programme="MAP",
                                 start_date=dt.date(2025, 9, 1),
                                 expected_end=dt.date(2027, 8, 31), agreement=pw.agreement)
    world.staff.refresh_from_db()
    assert world.staff.status == "tugas_belajar"
    services.study_return(study=study, user=world.planner, day=dt.date(2026, 11, 1))
    world.staff.refresh_from_db()
    study.refresh_from_db()
    assert world.staff.status == "aktif"
    assert study.status == StudyStatus.GRADUATED


def test_izin_belajar_leaves_the_person_active(world: World) -> None:
    pw = make_partners(world)
    services.study_start(employee=world.kabid, partner=pw.ung, user=world.planner,
                         kind="izin_belajar", level="S2", study_programme="MAP",
                         start_date=dt.date(2025, 9, 1), expected_end=dt.date(2027, 8, 31))
    world.kabid.refresh_from_db()
    assert world.kabid.status == "aktif"


def test_a_completed_semester_is_recognised_as_20_jp_with_its_source(world: World) -> None:
    pw = make_partners(world)
    study = services.study_start(employee=world.staff, partner=pw.ung, user=world.planner,
                                 kind="tugas_belajar", level="S2", study_programme="MAP",
                                 start_date=dt.date(2025, 9, 1),
                                 expected_end=dt.date(2027, 8, 31))
    done = services.semester_record(study=study, user=world.planner, number=1, status="lulus",
                                    gpa=Decimal("3.75"))
    running = services.semester_record(study=study, user=world.planner, number=2,
                                       status="aktif")
    assert done.jp_recognised == Decimal(20)
    assert "2.2" in done.jp_rule_source
    assert running.jp_recognised == Decimal(0)


def test_a_gpa_above_four_is_refused(world: World) -> None:
    pw = make_partners(world)
    study = services.study_start(employee=world.staff, partner=pw.ung, user=world.planner,
                                 kind="izin_belajar", level="S1", study_programme="Ilmu Hukum",
                                 start_date=dt.date(2025, 9, 1),
                                 expected_end=dt.date(2029, 8, 31))
    with pytest.raises(PartnerError):
        services.semester_record(study=study, user=world.planner, number=1, status="lulus",
                                 gpa=Decimal("4.5"))


def test_an_agreement_ending_within_90_days_is_warned_about(world: World) -> None:
    pw = make_partners(world)
    services.agreement_add(partner=pw.lpk, user=world.planner, kind="mou", number="MOU/9",
                           scope="Pelatihan", start_date=dt.date(2024, 1, 1),
                           end_date=TODAY + dt.timedelta(days=400))
    found = selectors.expiring_agreements(world.agency.pk, TODAY)
    assert [e.agreement.number for e in found] == ["PKS/001/2025"]
    assert found[0].days_left == 45


def test_a_renewed_agreement_is_not_warned_about(world: World) -> None:
    pw = make_partners(world)
    services.agreement_add(partner=pw.ung, user=world.planner, kind="pks", number="PKS/002",
                           scope="Perpanjangan", start_date=TODAY,
                           end_date=TODAY + dt.timedelta(days=700))
    assert selectors.expiring_agreements(world.agency.pk, TODAY) == []


def test_the_history_counts_participants_and_reaction_means(world: World) -> None:
    from django.utils import timezone

    from bina.evaluation.models import Feedback

    pw = make_partners(world)
    for e, score in zip(pw.activity.enrollments.all(), (4, 5), strict=True):
        Feedback.objects.create(enrollment=e, relevance=score, speakers=score,
                                organisation=score, materials=score, overall=score,
                                submitted_at=timezone.now())
    history = selectors.partner_history(pw.ung)
    assert history.participants == 2
    assert history.reaction is not None
    assert history.reaction.overall == pytest.approx(4.5)
    assert [c.activity.pk for c in history.classes] == [pw.activity.pk]


def test_contributions_count_partner_places_and_public_voice(world: World) -> None:
    pw = make_partners(world)
    services.study_start(employee=world.staff, partner=pw.ung, user=world.planner,
                         kind="tugas_belajar", level="S2", study_programme="MAP",
                         start_date=dt.date(2025, 9, 1), expected_end=dt.date(2027, 8, 31),
                         agreement=pw.agreement)
    c = selectors.contributions(world.agency.pk, 2026)
    university = next(k for k in c.kinds if k.kind == "perguruan_tinggi")
    assert (university.partners, university.places, university.places_used) == (1, 32, 1)
    assert c.public.responses == 0
