"""Two partners (a university and a training institute) of the test world, each with a
partner account, an accepted programme and a class of it; an agreement with quotas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bina.accounts.models import Role, User
from bina.delivery.models import Activity, Enrollment, EnrollmentStatus
from bina.org.models import Organisation
from bina.partners import services
from bina.partners.models import Agreement, Partner, ProgrammeOffer
from bina.plan.models import Programme
from bina.reference.models import DevelopmentPath
from bina.testing import World

TODAY = dt.date(2026, 11, 28)


@dataclass
class PartnerWorld:
    ung: Partner
    lpk: Partner
    agreement: Agreement
    programme: Programme
    other_programme: Programme
    activity: Activity
    other_activity: Activity
    ung_user: User
    lpk_user: User
    pending: ProgrammeOffer


def make_partners(world: World) -> PartnerWorld:
    ung_org = Organisation.objects.create(agency=world.agency, name="Universitas Negeri Gorontalo",
                                          kind="perguruan_tinggi", city="Kota Gorontalo")
    lpk_org = Organisation.objects.create(agency=world.agency, name="LPK Hulonthalo Cakap",
                                          kind="lembaga_pelatihan", city="Kota Gorontalo")
    ung = services.partner_create(organisation=ung_org, user=world.planner)
    lpk = services.partner_create(organisation=lpk_org, user=world.planner)
    agreement = services.agreement_add(
        partner=ung, user=world.planner, kind="pks", number="PKS/001/2025",
        scope="Tugas belajar S2 dan pelatihan", start_date=dt.date(2025, 1, 1),
        end_date=TODAY + dt.timedelta(days=45), quotas={"tugas_belajar": 2, "pelatihan": 30})
    kl03 = DevelopmentPath.objects.get(code="KL03")
    offer = services.offer_submit(partner=ung, user=world.planner, kind="kursus",
                                  name="Analisis Data Kesehatan", path=kl03, jp=Decimal(16),
                                  seats_per_class=25)
    programme = services.offer_accept(offer=offer, user=world.planner, code="UNG-ADK")
    other_offer = services.offer_submit(partner=lpk, user=world.planner, kind="sertifikasi",
                                        name="Sertifikasi Pengadaan", path=kl03, jp=Decimal(24),
                                        seats_per_class=20)
    other_programme = services.offer_accept(offer=other_offer, user=world.planner, code="LPK-PBJ")
    pending = services.offer_submit(partner=ung, user=world.planner, kind="kursus",
                                    name="Statistik Dasar", path=kl03, jp=Decimal(8),
                                    seats_per_class=20)
    activity = services.partner_class_add(partner=ung, programme=programme, user=world.planner,
                                          start_date=TODAY)
    other_activity = services.partner_class_add(partner=lpk, programme=other_programme,
                                                user=world.planner, start_date=TODAY)
    for person in (world.staff, world.kabid):
        Enrollment.objects.create(activity=activity, employee=person,
                                  status=EnrollmentStatus.ENROLLED)
    Enrollment.objects.create(activity=other_activity, employee=world.auditor,
                              status=EnrollmentStatus.ENROLLED)

    def account(username: str, org: Organisation) -> User:
        return User.objects.create_user(username=username, password="rahasia-123",
                                        role=Role.PARTNER, agency=world.agency,
                                        organisation=org)

    return PartnerWorld(ung=ung, lpk=lpk, agreement=agreement, programme=programme,
                        other_programme=other_programme, activity=activity,
                        other_activity=other_activity, ung_user=account("mitra.ung", ung_org),
                        lpk_user=account("mitra.lpk", lpk_org), pending=pending)


def login(client: Any, user: User) -> None:
    client.force_login(user)
