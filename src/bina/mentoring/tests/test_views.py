"""The mentoring pages: who may see and do what, and what the pages show."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.accounts.models import Role, User
from bina.mentoring.models import MentoringMeeting, MentoringPair, MentoringProgramme
from bina.mentoring.services import mentoring_match
from bina.mentoring.tests.factories import programme
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
    lab = matched.mentees.get(employee=world.lab)
    response = client_for(world.planner).post(
        reverse("mentoring:swap", args=[matched.pk]),
        {"mentee_a": staff.pk, "mentee_b": lab.pk}, follow=True)
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
