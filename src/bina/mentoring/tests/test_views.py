"""The mentoring pages: who may see and do what, and what the pages show."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.accounts.models import Role, User
from bina.mentoring.models import (
    Mentee,
    MentoringMeeting,
    MentoringPair,
    MentoringProgramme,
)
from bina.mentoring.selectors import is_in_mentoring
from bina.mentoring.services import meeting_record, mentoring_match
from bina.mentoring.tests.factories import programme
from bina.people.models import Employee
from bina.reference.models import Competency


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def matched(world: Any) -> MentoringProgramme:
    prog = programme(world, supervisor_rule="required")  # staff ← kabid, lab ← kadis
    mentoring_match(programme=prog, user=world.planner)
    return prog


def detail(prog: MentoringProgramme) -> str:
    return reverse("mentoring:detail", args=[prog.pk])


def test_the_planner_sees_the_rules_pairs_reasons_and_capacity(world: Any,
                                                               matched: Any) -> None:
    page = client_for(world.planner).get(detail(matched)).content.decode()
    assert "Mentor harus atasan langsung mentee" in page
    assert "Pasangkan (optimal)" in page
    assert "Sri Katili" in page and "Yusran Pakaya" in page and "Nurhayati Daud" in page
    assert "pasangan yang memenuhi syarat" in page  # a reason, as words
    assert "1 / 2" in page  # mentor capacity used / total
    assert world.staff.nip in page


def test_the_list_shows_the_programmes_a_user_may_open(world: Any, matched: Any) -> None:
    assert "Mentoring Pelayanan Publik" in client_for(world.planner).get(
        reverse("mentoring:list")).content.decode()
    assert "Mentoring Pelayanan Publik" in client_for(world.staff_user).get(
        reverse("mentoring:list")).content.decode()
    auditor = client_for(world.auditor_user).get(reverse("mentoring:list")).content.decode()
    assert "Mentoring Pelayanan Publik" in auditor  # a mentor in this programme


def test_a_mentee_sees_only_their_own_pair(world: Any, matched: Any) -> None:
    c = client_for(world.staff_user)
    page = c.get(detail(matched)).content.decode()
    assert "Yusran Pakaya" in page and "Nurhayati Daud" not in page
    assert "Pasangkan (optimal)" not in page
    other = MentoringPair.objects.get(mentee__employee=world.lab)
    assert c.get(reverse("mentoring:meetings", args=[other.pk])).status_code == 404
    assert c.post(reverse("mentoring:match", args=[matched.pk])).status_code == 403


def test_a_mentee_records_a_meeting_of_their_own_pair(world: Any, matched: Any) -> None:
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    url = reverse("mentoring:meetings", args=[pair.pk])
    response = client_for(world.staff_user).post(url, {
        "date": "2026-10-05", "topic": "Standar pelayanan", "actions": "Susun SOP"})
    assert response.status_code == 302
    page = client_for(world.staff_user).get(url).content.decode()
    assert "Standar pelayanan" in page and "Susun SOP" in page
    assert "1 sesi × 2 JP = 2 JP" in page


def test_a_meeting_outside_the_programme_shows_the_reason(world: Any, matched: Any) -> None:
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    response = client_for(world.kabid_user).post(
        reverse("mentoring:meetings", args=[pair.pk]),
        {"date": "2027-01-05", "topic": "Terlambat", "actions": ""})
    assert response.status_code == 200
    assert "di luar masa program" in response.content.decode()
    assert not MentoringMeeting.objects.exists()


def test_leadership_reads_everything_and_changes_nothing(world: Any, matched: Any) -> None:
    c = client_for(world.leader)
    page = c.get(detail(matched)).content.decode()
    assert "Yusran Pakaya" in page and "Nurhayati Daud" in page
    assert "Pasangkan (optimal)" not in page and world.staff.nip not in page
    assert c.post(reverse("mentoring:match", args=[matched.pk])).status_code == 403
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    assert c.post(reverse("mentoring:meetings", args=[pair.pk]), {
        "date": "2026-10-05", "topic": "x"}).status_code == 403


def test_an_operator_sees_their_units_pairs_but_does_not_manage(world: Any,
                                                                matched: Any) -> None:
    c = client_for(world.operator)
    page = c.get(detail(matched)).content.decode()
    assert "Yusran Pakaya" in page and "Nurhayati Daud" in page  # both in Dinas Kesehatan
    assert c.post(reverse("mentoring:swap", args=[matched.pk])).status_code == 403


def test_someone_outside_the_programme_gets_not_found(world: Any) -> None:
    prog = programme(world, mentors=("kadis", "kabid"))
    assert client_for(world.auditor_user).get(detail(prog)).status_code == 404
    outsider = User.objects.create_user(username="luar", password="x-123456789",
                                        role=Role.ADMIN, agency=world.other_agency)
    assert client_for(outsider).get(detail(prog)).status_code == 404


def test_the_coordinator_manages_their_programme(world: Any) -> None:
    prog = programme(world, coordinator=world.auditor_user)
    c = client_for(world.auditor_user)
    assert c.post(reverse("mentoring:match", args=[prog.pk])).status_code == 302
    assert MentoringPair.objects.filter(programme=prog).count() == 2


def test_a_swap_that_breaks_a_rule_is_refused_on_the_page(world: Any, matched: Any) -> None:
    staff = matched.mentees.get(employee=world.staff)
    response = client_for(world.planner).post(
        reverse("mentoring:swap", args=[matched.pk]),
        {"mentee_a": world.staff.nip, "mentee_b": world.lab.nip}, follow=True)
    page = response.content.decode()
    assert "Pertukaran ditolak" in page and "bukan atasan langsung" in page
    assert MentoringPair.objects.get(mentee=staff).mentor.employee == world.kabid


def test_the_planner_creates_a_programme_and_adds_people(world: Any) -> None:
    c = client_for(world.planner)
    m5 = Competency.objects.get(code="M.5")
    response = c.post(reverse("mentoring:new"), {
        "code": "MT-27", "name": "Mentoring Digital", "year": 2027,
        "start_date": "2027-01-01", "end_date": "2027-12-31", "competencies": [m5.pk],
        "seniority": "golongan", "min_rank_gap": 2, "unit_rule": "any",
        "supervisor_rule": "excluded", "default_capacity": 4})
    prog = MentoringProgramme.objects.get(code="MT-27")
    assert response.status_code == 302 and response["Location"] == detail(prog)
    assert (prog.seniority, prog.min_rank_gap, prog.supervisor_rule) == (
        "golongan", 2, "excluded")
    c.post(reverse("mentoring:participants", args=[prog.pk]),
           {"role": "mentor", "nips": f"{world.kadis.nip}\n{world.kabid.nip}", "capacity": 2})
    c.post(reverse("mentoring:participants", args=[prog.pk]),
           {"role": "mentee", "nips": world.staff.nip})
    assert [m.capacity for m in prog.mentors.all()] == [2, 2]
    assert prog.mentees.count() == 1
    page = c.get(detail(prog)).content.decode()
    assert "Golongan mentor sekurang-kurangnya 2 tingkat" in page


def test_an_employee_cannot_create_a_programme(world: Any) -> None:
    assert client_for(world.staff_user).get(reverse("mentoring:new")).status_code == 403


def test_a_refused_programme_form_names_the_problem(world: Any) -> None:
    response = client_for(world.planner).post(reverse("mentoring:new"), {
        "code": "X", "name": "X", "year": 2026, "start_date": "2026-12-01",
        "end_date": "2026-01-01", "seniority": "either", "min_rank_gap": 1,
        "unit_rule": "any", "supervisor_rule": "allowed", "default_capacity": 3})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tanggal selesai sebelum tanggal mulai" in page
    assert not MentoringProgramme.objects.filter(code="X").exists()


def test_the_detail_page_reads_the_same_queries_for_more_pairs(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bina.mentoring.services import mentees_add, mentors_add
    from bina.testing import make_employee

    prog = programme(world)
    mentoring_match(programme=prog, user=None)
    c = client_for(world.planner)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(detail(prog)).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    extra = [make_employee(world.agency, world.bidang, world.kabid.position,
                           f"19920817201903{i:04d}", f"Pegawai {i}", supervisor=world.kadis,
                           grade="IV/a") for i in range(1005, 1009)]
    mentors_add(programme=prog, employees=extra, user=None)
    mentees_add(programme=prog, employees=[world.auditor], user=None)
    mentoring_match(programme=prog, user=None)
    assert MentoringPair.objects.filter(programme=prog).count() == 3
    assert count() == small


def test_a_swap_names_a_nip_that_is_not_a_mentee_of_the_programme(world: Any,
                                                                   matched: Any) -> None:
    before = dict(MentoringPair.objects.filter(programme=matched).values_list("mentee_id",
                                                                            "mentor_id"))
    response = client_for(world.planner).post(
        reverse("mentoring:swap", args=[matched.pk]),
        {"mentee_a": world.staff.nip, "mentee_b": world.kadis.nip}, follow=True)
    page = response.content.decode()
    assert f"NIP {world.kadis.nip} bukan mentee program ini" in page
    response = client_for(world.planner).post(
        reverse("mentoring:swap", args=[matched.pk]),
        {"mentee_a": "123", "mentee_b": world.lab.nip}, follow=True)
    assert "NIP terdiri atas 18 digit" in response.content.decode()
    assert dict(MentoringPair.objects.filter(programme=matched).values_list(
        "mentee_id", "mentor_id")) == before


def test_the_coordinator_pairs_by_nip(world: Any) -> None:
    prog = programme(world, capacity=1, mentors=("kadis", "auditor"))
    c = client_for(world.planner)
    response = c.post(reverse("mentoring:pair_set", args=[prog.pk]),
                      {"mentor": world.auditor.nip, "mentee": world.lab.nip}, follow=True)
    assert "Pasangan ditetapkan manual" in response.content.decode()
    pair = MentoringPair.objects.get(mentee__employee=world.lab)
    assert pair.mentor.employee == world.auditor and pair.is_fixed
    response = c.post(reverse("mentoring:pair_set", args=[prog.pk]),
                      {"mentor": world.staff.nip, "mentee": world.lab.nip}, follow=True)
    assert f"NIP {world.staff.nip} bukan mentor program ini" in response.content.decode()


def big_programme(world: Any, mentees: int) -> MentoringProgramme:
    """The small programme plus ``mentees`` more, all but 60 paired with one of the mentors."""
    prog = programme(world, mentors=("kadis", "kabid", "auditor"))
    mentoring_match(programme=prog, user=None)
    template = world.staff
    people = Employee.objects.bulk_create([
        Employee(agency=world.agency, nip=f"1990010120200{i:05d}", name=f"Peserta {i:04d}",
                 employment_type=template.employment_type, sex=template.sex,
                 birth_date=template.birth_date, grade=template.grade,
                 education=template.education, unit=template.unit, position=template.position)
        for i in range(mentees)])
    rows = Mentee.objects.bulk_create([Mentee(programme=prog, employee=e) for e in people])
    mentors = list(prog.mentors.order_by("pk"))
    MentoringPair.objects.bulk_create([
        MentoringPair(programme=prog, mentor=mentors[i % len(mentors)], mentee=m, fit=10.0,
                      reasons=[]) for i, m in enumerate(rows[: mentees - 60])])
    return prog


def test_a_programme_of_a_thousand_mentees_is_paged_with_bounded_queries(
        world: Any, django_assert_max_num_queries: Any) -> None:
    prog = big_programme(world, 1000)
    c = client_for(world.planner)
    c.get(detail(prog))  # warm the session and caches
    with django_assert_max_num_queries(30):
        response = c.get(detail(prog))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="pager"') == 2  # pairs (942) and unmatched (60) are paged
    assert "1–50 dari 942" in page
    assert page.count("<option") < 40  # no dropdown of every participant
    assert 'name="mentee_a"' in page and 'type="text"' in page
    second = c.get(detail(prog) + "?page=2").content.decode()
    assert "51–100 dari 942" in second


def test_the_search_finds_pairs_and_mentees_by_name_nip_or_unit(world: Any) -> None:
    prog = big_programme(world, 120)
    c = client_for(world.planner)
    page = c.get(detail(prog), {"q": "Peserta 0007"}).content.decode()
    assert "Peserta 0007" in page and "Peserta 0008" not in page
    page = c.get(detail(prog), {"q": "1990010120200" + "00011"}).content.decode()
    assert "Peserta 0011" in page and "Peserta 0012" not in page
    page = c.get(detail(prog), {"q": "Peserta 0110"}).content.decode()  # unpaired
    assert "Peserta 0110" in page and 'id="unmatched"' in page


def test_someone_who_may_not_see_nips_cannot_search_by_them(world: Any, matched: Any) -> None:
    c = client_for(world.operator)
    assert "Yusran Pakaya" in c.get(detail(matched), {"q": "Yusran"}).content.decode()
    page = c.get(detail(matched), {"q": world.staff.nip}).content.decode()
    assert "Yusran Pakaya" not in page


# --------------------------------------------------------------------------------------------
# Mentoring saya


def test_is_in_mentoring_for_mentors_mentees_and_coordinators_only(world: Any) -> None:
    programme(world, supervisor_rule="required", coordinator=world.operator)
    assert is_in_mentoring(world.staff_user)  # mentee
    assert is_in_mentoring(world.auditor_user)  # mentor
    assert is_in_mentoring(world.operator)  # coordinator
    assert not is_in_mentoring(world.planner)  # manages, but takes no part
    outsider = User.objects.create_user(username="luar2", password="x-123456789",
                                        role=Role.EMPLOYEE, agency=world.other_agency)
    assert not is_in_mentoring(outsider)


def test_a_mentee_sees_their_pair_and_meetings_on_mentoring_saya(world: Any,
                                                                 matched: Any) -> None:
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    meeting_record(pair=pair, date=dt.date(2026, 10, 5), topic="Standar pelayanan",
                   actions="Susun SOP", user=world.planner)
    page = client_for(world.staff_user).get(reverse("mentoring:my")).content.decode()
    assert "Mentor saya" in page and "Sri Katili" in page  # kabid
    assert "Standar pelayanan" in page and "Susun SOP" in page and "2 JP" in page
    assert "Nurhayati Daud" not in page  # another pair
    assert 'name="topic"' not in page  # the record form is for mentors


def test_a_mentor_records_a_meeting_from_mentoring_saya(world: Any, matched: Any) -> None:
    c = client_for(world.kabid_user)
    page = c.get(reverse("mentoring:my")).content.decode()
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    assert "Saya membina Yusran Pakaya" in page and 'name="topic"' in page
    assert reverse("mentoring:meetings", args=[pair.pk]) in page
    response = c.post(reverse("mentoring:meetings", args=[pair.pk]),
                      {"date": "2026-11-02", "topic": "Survei kepuasan", "actions": ""})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.meetings.count() == 1 and pair.record is not None
    assert pair.record.jp == 2


def test_mentoring_saya_says_so_when_there_is_nothing(world: Any) -> None:
    page = client_for(world.auditor_user).get(reverse("mentoring:my")).content.decode()
    assert "belum menjadi mentor atau mentee" in page
