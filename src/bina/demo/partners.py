"""The demo's partners (issue 7): universities of Gorontalo, a training institute, a professional
body and a government partner from the demo's organisation registry, with contacts,
agreements (one ending within 60 days of the demo day), programme offers (accepted, one
pending review, one rejected), a partner class with participants, about 15 people on degree
study with their semesters, and one partner login (``mitra.ung``, the demo password).

Everything goes through the partners services (which check quotas and write the audit trail),
except the semesters and enrolments, which are bulk-created. Deterministic: every choice is
drawn from the ``rng`` passed in, in a fixed order. Names of contacts are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from bina.accounts.models import Role, User
from bina.delivery.models import Enrollment, EnrollmentStatus
from bina.org.models import Agency, Organisation, OrganisationKind
from bina.partners import services
from bina.partners.models import (
    Agreement,
    DegreeStudy,
    Partner,
    SemesterStatus,
    StudyKind,
    StudySemester,
    StudyStatus,
)
from bina.people.models import Employee, EmployeeStatus
from bina.reference.models import DevelopmentPath

PARTNER_USERNAME = "mitra.ung"
TRAINING_INSTITUTE = "Lembaga Pelatihan Teknologi Informasi Gorontalo"

# organisation name → (since, contacts)
PARTNERS: list[tuple[str, int, list[tuple[str, str, str]]]] = [
    ("Universitas Negeri Gorontalo", 2019, [
        ("Dr. Hartono Mooduto, M.Pd.", "Wakil Rektor Bidang Kerja Sama", "0812-4401-1001"),
        ("Rini Paputungan, S.E.", "Kepala Subbagian Kerja Sama", "0813-4401-1002")]),
    ("Universitas Muhammadiyah Gorontalo", 2021, [
        ("Dr. Andi Lasama, M.Si.", "Kepala Biro Kerja Sama", "0812-4402-2001")]),
    ("IAIN Sultan Amai Gorontalo", 2022, [
        ("Nurain Katili, M.A.", "Kepala Pusat Pengembangan", "0852-4403-3001")]),
    ("Poltekkes Kemenkes Gorontalo", 2020, [
        ("Ns. Fadli Dunggio, M.Kep.", "Ketua Unit Pelatihan", "0821-4404-4001")]),
    (TRAINING_INSTITUTE, 2023, [
        ("Yusuf Hulopi, S.Kom.", "Direktur", "0811-4405-5001")]),
    ("DPW PPNI Provinsi Gorontalo", 2024, [
        ("Ns. Salma Daud, S.Kep.", "Sekretaris", "0853-4406-6001")]),
]

DEGREE_PROGRAMMES = {
    "Universitas Negeri Gorontalo": [("S2", "Magister Administrasi Publik"),
                                     ("S2", "Magister Manajemen"),
                                     ("S2", "Magister Teknik Informatika"),
                                     ("S3", "Doktor Ilmu Pendidikan")],
    "Universitas Muhammadiyah Gorontalo": [("S2", "Magister Kesehatan Masyarakat")],
    "Poltekkes Kemenkes Gorontalo": [("S1", "Sarjana Terapan Keperawatan")],
}
STUDY_TARGET = 15


@dataclass
class PartnersDemoSummary:
    partners: int = 0
    contacts: int = 0
    agreements: int = 0
    expiring: str = ""
    offers: int = 0
    offers_pending: int = 0
    classes: int = 0
    studies: int = 0
    semesters: int = 0
    login: str = ""

    def describe(self) -> str:
        return (f"{self.partners} mitra, {self.contacts} kontak, {self.agreements} perjanjian "
                f"(segera berakhir: {self.expiring}), {self.offers} tawaran program "
                f"({self.offers_pending} menunggu telaah), {self.classes} kelas mitra, "
                f"{self.studies} tugas/izin belajar ({self.semesters} semester); "
                f"akun mitra: {self.login or '—'}")


def _organisation(agency: Agency, name: str) -> Organisation:
    found = Organisation.objects.filter(agency=agency, name=name).first()
    if found is not None:
        return found
    return Organisation.objects.create(
        agency=agency, name=name, kind=OrganisationKind.TRAINING_INSTITUTE,
        city="Kota Gorontalo", notes="Lembaga contoh untuk demo.")


def _agreements(partners: dict[str, Partner], day: dt.date, planner: User | None,
                summary: PartnersDemoSummary) -> dict[str, Agreement]:
    ung = partners["Universitas Negeri Gorontalo"]
    specs = [
        (ung, "pks", "PKS/01/BKPSDM-UNG/2024",
         "Tugas belajar S2/S3 bagi ASN Pemprov Gorontalo dan pelatihan teknis bersama",
         dt.date(day.year - 2, 3, 1), day + dt.timedelta(days=410),
         {"tugas_belajar": 12, "izin_belajar": 6, "pelatihan": 60}),
        (ung, "mou", "MOU/03/PEMPROV-UNG/2021", "Kerja sama tridarma dan pengembangan SDM",
         dt.date(day.year - 5, 1, 10), dt.date(day.year + 1, 1, 9), {}),
        (partners["Universitas Muhammadiyah Gorontalo"], "pks", "PKS/07/BKPSDM-UMGO/2023",
         "Tugas belajar S2 Kesehatan Masyarakat", dt.date(day.year - 3, 1, 2),
         day + dt.timedelta(days=45), {"tugas_belajar": 4}),
        (partners["Poltekkes Kemenkes Gorontalo"], "pks", "PKS/11/BKPSDM-POLTEKKES/2025",
         "Program sertifikasi dan tugas belajar tenaga kesehatan", dt.date(day.year - 1, 6, 1),
         day + dt.timedelta(days=700), {"tugas_belajar": 3, "pelatihan": 40}),
        (partners[TRAINING_INSTITUTE], "pks", "PKS/02/BKPSDM-LPTI/2025",
         "Pelatihan keterampilan digital ASN", dt.date(day.year - 1, 2, 1),
         day + dt.timedelta(days=230), {"pelatihan": 90}),
        (partners["DPW PPNI Provinsi Gorontalo"], "mou", "MOU/05/PEMPROV-PPNI/2024",
         "Pengembangan keprofesian berkelanjutan perawat", dt.date(day.year - 2, 5, 1),
         dt.date(day.year - 2, 5, 1) + dt.timedelta(days=1095), {}),
    ]
    found = {}
    for partner, kind, number, scope, start, end, quotas in specs:
        agreement = services.agreement_add(partner=partner, user=planner, kind=kind,
                                           number=number, scope=scope, start_date=start,
                                           end_date=end, quotas=quotas)
        found[number] = agreement
        summary.agreements += 1
        if 0 <= (end - day).days <= 60:
            summary.expiring = f"{number} ({partner}, {end:%d-%m-%Y})"
    return found


def _offers(agency: Agency, partners: dict[str, Partner], day: dt.date, planner: User | None,
            summary: PartnersDemoSummary) -> None:
    paths = {p.code: p for p in DevelopmentPath.objects.filter(
        code__in=["KL03", "KL04", "KL08", "PEND"])}
    ung = partners["Universitas Negeri Gorontalo"]
    specs = [
        (ung, "kursus", "Analisis Data untuk Kebijakan Publik", "KL03", 32, 30, 1_750_000,
         "accept", "MTR-UNG-ADKP"),
        (ung, "tugas_belajar", "Magister Administrasi Publik (tugas belajar)", "PEND", 0, 10,
         0, "accept", "MTR-UNG-MAP"),
        (partners["Poltekkes Kemenkes Gorontalo"], "sertifikasi",
         "Sertifikasi Manajemen Puskesmas", "KL04", 40, 25, 3_200_000, "accept",
         "MTR-PKK-MPUS"),
        (partners[TRAINING_INSTITUTE], "kursus", "Kursus Keamanan Siber Dasar untuk ASN", "KL08",
         24, 25, 1_200_000, "pending", ""),
        (partners["IAIN Sultan Amai Gorontalo"], "kursus", "Kursus Bahasa Arab Pelayanan",
         "KL08", 20, 20, 900_000, "reject", ""),
    ]
    for partner, kind, name, path, jp, seats, cost, decision, code in specs:
        if path not in paths:
            continue
        offer = services.offer_submit(partner=partner, user=planner, kind=kind, name=name,
                                      path=paths[path], jp=Decimal(jp), seats_per_class=seats,
                                      cost_per_participant=cost,
                                      description=f"Ditawarkan oleh {partner}.")
        summary.offers += 1
        if decision == "accept":
            services.offer_accept(offer=offer, user=planner, code=code)
        elif decision == "reject":
            services.offer_reject(offer=offer, user=planner,
                                  reason="Belum sesuai kebutuhan hasil analisis kebutuhan "
                                         "tahun ini; diajukan kembali tahun depan.")
        else:
            summary.offers_pending += 1


def _partner_class(agency: Agency, ung: Partner, day: dt.date, planner: User | None,
                   rng: random.Random, summary: PartnersDemoSummary) -> None:
    programme = next((p for p in services.partner_programmes(ung)
                      if p.code == "MTR-UNG-ADKP"), None)
    if programme is None:
        return
    start = day + dt.timedelta(days=(7 - day.weekday()) % 7 or 7)
    activity = services.partner_class_add(partner=ung, programme=programme, user=planner,
                                          start_date=start, place="Kampus 1 UNG, Kota Gorontalo")
    people = list(Employee.objects.filter(agency=agency, status=EmployeeStatus.ACTIVE,
                                          employment_type="PNS")
                  .order_by("pk").values_list("pk", flat=True)[:400])
    chosen = rng.sample(people, min(len(people), 20))
    Enrollment.objects.bulk_create([
        Enrollment(activity=activity, employee_id=pk, status=EnrollmentStatus.ENROLLED)
        for pk in sorted(chosen)])
    summary.classes += 1


def _studies(agency: Agency, partners: dict[str, Partner], agreements: dict[str, Agreement],
             day: dt.date, planner: User | None, rng: random.Random,
             summary: PartnersDemoSummary) -> None:
    away = list(Employee.objects.filter(agency=agency, status=EmployeeStatus.DEGREE_STUDY)
                .order_by("pk"))
    active = list(Employee.objects.filter(agency=agency, status=EmployeeStatus.ACTIVE,
                                          employment_type="PNS").order_by("pk")[:600])
    people = [(e, StudyKind.DEGREE_STUDY) for e in rng.sample(away, min(len(away), 11))]
    permits = rng.sample(active, min(len(active), STUDY_TARGET - len(people)))
    people += [(e, StudyKind.STUDY_PERMIT) for e in permits]
    quota_of = {
        "Universitas Negeri Gorontalo": agreements.get("PKS/01/BKPSDM-UNG/2024"),
        "Universitas Muhammadiyah Gorontalo": agreements.get("PKS/07/BKPSDM-UMGO/2023"),
        "Poltekkes Kemenkes Gorontalo": agreements.get("PKS/11/BKPSDM-POLTEKKES/2025"),
    }
    universities = list(DEGREE_PROGRAMMES)
    weights = [6, 2, 1]
    jp, source = services.semester_jp(agency, SemesterStatus.PASSED)
    semesters: list[StudySemester] = []
    for employee, kind in people:
        name = rng.choices(universities, weights=weights)[0]
        level, programme = rng.choice(DEGREE_PROGRAMMES[name])
        years = {"S1": 4, "S2": 2, "S3": 3}[level]
        # started between 5 semesters ago and this semester (August or February intake)
        ago = rng.randint(0, 5)
        start = dt.date(day.year, 8 if day.month >= 8 else 2, 1)
        for _ in range(ago):
            start = dt.date(start.year - (start.month == 2), 2 if start.month == 8 else 8, 1)
        agreement = quota_of.get(name)
        try:
            study = services.study_start(
                employee=employee, partner=partners[name], user=planner, kind=kind,
                level=level, study_programme=programme, start_date=start,
                expected_end=dt.date(start.year + years, start.month, 1) - dt.timedelta(1),
                agreement=agreement)
        except services.PartnerError:  # quota full: charged to no agreement
            study = services.study_start(
                employee=employee, partner=partners[name], user=planner, kind=kind,
                level=level, study_programme=programme, start_date=start,
                expected_end=dt.date(start.year + years, start.month, 1) - dt.timedelta(1))
        done = ago  # semesters completed before the current one
        for number in range(1, done + 2):
            current = number == done + 1
            status = SemesterStatus.ACTIVE if current else (
                SemesterStatus.LEAVE if rng.random() < 0.04 else SemesterStatus.PASSED)
            gpa = None if status != SemesterStatus.PASSED else Decimal(
                str(round(rng.uniform(3.0, 3.95), 2)))
            semesters.append(StudySemester(
                study=study, number=number, status=status, gpa=gpa,
                jp_recognised=jp if status == SemesterStatus.PASSED else Decimal(0),
                jp_rule_source=source if status == SemesterStatus.PASSED else ""))
        summary.studies += 1
    # two finished studies: graduated and back on duty
    StudySemester.objects.bulk_create(semesters)
    summary.semesters = len(semesters)
    finished = [s for s in DegreeStudy.objects.filter(agency=agency, kind=StudyKind.STUDY_PERMIT)
                .order_by("pk")[:2]]
    for study in finished:
        services.study_return(study=study, user=planner, day=day - dt.timedelta(days=30),
                              graduated=True)
    assert all(s.status == StudyStatus.GRADUATED for s in finished)


def _login(agency: Agency, organisation: Organisation, summary: PartnersDemoSummary) -> None:
    from bina.demo.generator import DEMO_PASSWORD

    existing = User.objects.filter(username=PARTNER_USERNAME).first()
    if existing is not None and existing.agency_id != agency.pk:
        return  # an account of the same name outside the demo: left alone
    if existing is None:
        User.objects.create(username=PARTNER_USERNAME, role=Role.PARTNER, agency=agency,
                            organisation=organisation, first_name="Mitra UNG",
                            password=make_password(DEMO_PASSWORD),
                            must_change_password=False)
    summary.login = PARTNER_USERNAME


def generate_partners(*, agency: Agency, day: dt.date, planner: User | None,
                      rng: random.Random) -> PartnersDemoSummary:
    summary = PartnersDemoSummary()
    partners: dict[str, Partner] = {}
    for name, since, contacts in PARTNERS:
        organisation = (_organisation(agency, name) if name == TRAINING_INSTITUTE
                        else Organisation.objects.filter(agency=agency, name=name).first())
        if organisation is None:
            continue
        partner = services.partner_create(organisation=organisation, user=planner,
                                          since=dt.date(since, 1, 1))
        partners[name] = partner
        summary.partners += 1
        for person, role, phone in contacts:
            handle = person.split()[1 if person.startswith(("Dr.", "Ns.")) else 0]
            services.contact_add(partner=partner, user=planner, name=person, role=role,
                                 phone=phone, email=f"{handle.strip(',.').lower()}@example.org")
            summary.contacts += 1
    needed = {"Universitas Negeri Gorontalo", "Universitas Muhammadiyah Gorontalo",
              "Poltekkes Kemenkes Gorontalo", "IAIN Sultan Amai Gorontalo",
              TRAINING_INSTITUTE, "DPW PPNI Provinsi Gorontalo"}
    if not needed <= set(partners):
        return summary
    agreements = _agreements(partners, day, planner, summary)
    _offers(agency, partners, day, planner, summary)
    ung = partners["Universitas Negeri Gorontalo"]
    _partner_class(agency, ung, day, planner, rng, summary)
    _studies(agency, partners, agreements, day, planner, rng, summary)
    _login(agency, ung.organisation, summary)
    return summary
