"""A partner account reaches its own portal, offers, classes and attendance, and nothing else:
not another partner's class, not employee pages, plans, needs, the registry or the studies."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.delivery.models import Attendance
from bina.partners.models import ProgrammeOffer
from bina.partners.tests.factories import PartnerWorld, make_partners
from bina.testing import World

pytestmark = pytest.mark.django_db

FENCE = "bina.partners.middleware.PartnerFenceMiddleware"


@pytest.fixture
def fenced(settings: Any) -> None:
    if FENCE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, FENCE]


@pytest.fixture
def pw(world: World) -> PartnerWorld:
    return make_partners(world)


def _forbidden_urls(world: World, pw: PartnerWorld) -> list[str]:
    staff = world.staff
    return [
        # other partners' things and the agency-side partner pages
        reverse("partners:class", args=[pw.other_activity.pk]),
        reverse("partners:detail", args=[pw.lpk.pk]),
        reverse("partners:detail", args=[pw.ung.pk]),
        reverse("partners:list"),
        reverse("partners:studies"),
        reverse("partners:contributions"),
        # employees, plans, needs, delivery, ledger, org, audit, accounts
        reverse("people:list"),
        reverse("people:detail", args=[staff.pk]),
        reverse("plan:list"),
        reverse("plan:programmes"),
        reverse("needs:list"),
        reverse("delivery:list"),
        reverse("delivery:detail", args=[pw.activity.pk]),
        reverse("delivery:calendar"),
        reverse("ledger:progress"),
        reverse("ledger:person", args=[staff.pk]),
        reverse("org:units"),
        reverse("org:organisations"),
        reverse("mentoring:list"),
        reverse("audit:list"),
        reverse("accounts:list"),
        reverse("resources:list"),
        "/survei/pengaduan/",
        "/evaluasi/",
        "/api/",
    ]


def test_a_partner_reaches_nothing_outside_its_own_area(
        client: Client, world: World, pw: PartnerWorld, fenced: None) -> None:
    client.force_login(pw.ung_user)
    reached = []
    for url in _forbidden_urls(world, pw):
        status = client.get(url).status_code
        if status not in (403, 404):
            reached.append((url, status))
    assert reached == []


def test_without_the_fence_partner_views_still_refuse_other_partners(
        client: Client, world: World, pw: PartnerWorld) -> None:
    client.force_login(pw.ung_user)
    for url in (reverse("partners:class", args=[pw.other_activity.pk]),
                reverse("partners:list"), reverse("partners:studies"),
                reverse("partners:detail", args=[pw.lpk.pk]),
                reverse("partners:contributions")):
        assert client.get(url).status_code in (403, 404), url


def test_the_home_page_sends_a_partner_to_its_portal(
        client: Client, pw: PartnerWorld, fenced: None) -> None:
    client.force_login(pw.ung_user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:portal")


def test_the_portal_lists_only_the_partners_own_classes(
        client: Client, pw: PartnerWorld, fenced: None) -> None:
    client.force_login(pw.ung_user)
    page = client.get(reverse("partners:portal")).content.decode()
    assert pw.activity.code in page
    assert pw.other_activity.code not in page


def test_a_partner_sees_only_its_own_offers(client: Client, pw: PartnerWorld,
                                            fenced: None) -> None:
    client.force_login(pw.lpk_user)
    page = client.get(reverse("partners:offers")).content.decode()
    assert "Sertifikasi Pengadaan" in page
    assert "Analisis Data Kesehatan" not in page


def test_a_partner_records_attendance_in_its_own_class(
        client: Client, world: World, pw: PartnerWorld, fenced: None) -> None:
    client.force_login(pw.ung_user)
    session = pw.activity.sessions.first()
    assert session is not None
    enrollment = pw.activity.enrollments.get(employee=world.staff)
    response = client.post(reverse("partners:class_attendance", args=[pw.activity.pk]),
                           {"session": session.pk, "enrollment": enrollment.pk,
                            "status": "hadir"})
    assert response.status_code == 302
    assert Attendance.objects.get(session=session, enrollment=enrollment).status == "hadir"


def test_a_partner_cannot_record_attendance_in_another_partners_class(
        client: Client, world: World, pw: PartnerWorld, fenced: None) -> None:
    client.force_login(pw.ung_user)
    session = pw.other_activity.sessions.first()
    assert session is not None
    enrollment = pw.other_activity.enrollments.get()
    response = client.post(reverse("partners:class_attendance", args=[pw.other_activity.pk]),
                           {"session": session.pk, "enrollment": enrollment.pk,
                            "status": "hadir"})
    assert response.status_code == 404
    assert not Attendance.objects.filter(session=session).exists()


def test_a_partner_cannot_offer_on_behalf_of_another_partner(
        client: Client, pw: PartnerWorld, fenced: None) -> None:
    client.force_login(pw.ung_user)
    client.post(reverse("partners:offer_add"), {
        "partner": pw.lpk.pk, "kind": "kursus", "name": "Titipan", "path": pw.programme.path_id,
        "jp": "8", "seats_per_class": "10", "cost_per_participant": "0"})
    assert not ProgrammeOffer.objects.filter(name="Titipan").exists()


def test_a_partner_cannot_review_its_own_offer(client: Client, pw: PartnerWorld,
                                               fenced: None) -> None:
    client.force_login(pw.ung_user)
    response = client.post(reverse("partners:offer_review", args=[pw.pending.pk]),
                           {"decision": "accept", "code": "SELF"})
    assert response.status_code == 403
    pw.pending.refresh_from_db()
    assert pw.pending.status == "diajukan"


def test_a_partner_adds_a_class_of_its_accepted_programme(
        client: Client, pw: PartnerWorld, fenced: None) -> None:
    client.force_login(pw.ung_user)
    response = client.post(reverse("partners:class_add"), {
        "programme": pw.programme.pk, "start_date": "2026-12-07", "place": "Kampus UNG"})
    assert response.status_code == 302
    assert pw.programme.activities.filter(place="Kampus UNG").exists()


def test_a_partner_cannot_add_a_class_of_another_partners_programme(
        client: Client, pw: PartnerWorld, fenced: None) -> None:
    client.force_login(pw.ung_user)
    client.post(reverse("partners:class_add"), {
        "programme": pw.other_programme.pk, "start_date": "2026-12-07", "place": "X"})
    assert not pw.other_programme.activities.filter(place="X").exists()


@pytest.mark.parametrize("who", ["staff_user", "operator", "kabid_user"])
def test_employees_and_operators_cannot_open_partner_pages(
        client: Client, world: World, pw: PartnerWorld, who: str) -> None:
    client.force_login(getattr(world, who))
    for url in (reverse("partners:list"), reverse("partners:detail", args=[pw.ung.pk]),
                reverse("partners:studies"), reverse("partners:portal"),
                reverse("partners:class", args=[pw.activity.pk]),
                reverse("partners:offers"), reverse("partners:contributions")):
        assert client.get(url).status_code == 403, url


def test_leadership_reads_but_cannot_review(client: Client, world: World,
                                            pw: PartnerWorld) -> None:
    client.force_login(world.leader)
    assert client.get(reverse("partners:detail", args=[pw.ung.pk])).status_code == 200
    assert client.get(reverse("partners:contributions")).status_code == 200
    response = client.post(reverse("partners:offer_review", args=[pw.pending.pk]),
                           {"decision": "reject", "reason": "x"})
    assert response.status_code == 403


def test_the_planner_accepts_an_offer_into_the_catalogue(client: Client, world: World,
                                                         pw: PartnerWorld) -> None:
    client.force_login(world.planner)
    client.post(reverse("partners:offer_review", args=[pw.pending.pk]),
                {"decision": "accept", "code": "UNG-STAT"})
    pw.pending.refresh_from_db()
    assert pw.pending.status == "diterima"
    assert pw.pending.programme is not None and pw.pending.programme.code == "UNG-STAT"


def test_the_planner_pages_render_with_the_expiry_warning(client: Client, world: World,
                                                          pw: PartnerWorld) -> None:
    client.force_login(world.planner)
    page = client.get(reverse("partners:list")).content.decode()
    assert "PKS/001/2025" in page and 'id="expiring"' in page
    for url in (reverse("partners:detail", args=[pw.ung.pk]), reverse("partners:offers"),
                reverse("partners:studies"), reverse("partners:contributions")):
        assert client.get(url).status_code == 200, url


def test_another_agency_planner_cannot_open_our_partner(client: Client, world: World,
                                                        pw: PartnerWorld) -> None:
    from bina.accounts.models import Role, User

    outsider = User.objects.create_user(username="perencana.boalemo", password="x",
                                        role=Role.PLANNER, agency=world.other_agency)
    client.force_login(outsider)
    assert client.get(reverse("partners:detail", args=[pw.ung.pk])).status_code == 404


def test_the_planner_creates_a_partner_login_with_a_first_login_code(
        client: Client, world: World, pw: PartnerWorld) -> None:
    from bina.accounts.models import User

    client.force_login(world.planner)
    response = client.post(reverse("partners:account_add", args=[pw.lpk.pk]),
                           {"username": "Mitra.LPK2", "name": "Admin LPK"}, follow=True)
    created = User.objects.get(username="mitra.lpk2")
    assert created.role == "partner" and created.organisation_id == pw.lpk.organisation_id
    assert created.must_change_password
    assert "mitra.lpk2" in response.content.decode()


def test_an_agreement_document_is_uploaded_and_only_agency_readers_download_it(
        client: Client, world: World, pw: PartnerWorld, fenced: None, tmp_path: Any,
        settings: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(world.planner)
    pdf = SimpleUploadedFile("pks.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    client.post(reverse("partners:agreement_add", args=[pw.lpk.pk]), {
        "kind": "pks", "number": "PKS/77", "scope": "Pelatihan", "start_date": "2026-01-01",
        "end_date": "2027-12-31", "quota_training": "40", "document": pdf})
    agreement = pw.lpk.agreements.get(number="PKS/77")
    assert agreement.quotas.get().places == 40
    url = reverse("partners:agreement_document", args=[agreement.pk])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 demo"  # type: ignore[attr-defined]
    client.force_login(pw.lpk_user)
    assert client.get(url).status_code == 403
