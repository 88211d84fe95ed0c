"""The reaction pages: "Evaluasi saya", the feedback form, the results of a class and the
summaries; who may open what."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.accounts.models import Role, User
from bina.delivery.tests.factories import enrollment
from bina.evaluation.models import Feedback
from bina.evaluation.tests.test_reaction_services import held_class, speaker, submit


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def held(world: Any) -> Any:
    activity = held_class(world, people=(world.staff, world.lab, world.auditor))
    speaker(world, activity)
    return activity


def form_url(activity: Any, person: Any) -> str:
    return reverse("evaluation:reaction_form", args=[enrollment(activity, person).pk])


def test_my_page_lists_the_open_form_and_then_the_done_one(world: Any, held: Any) -> None:
    c = client_for(world.staff_user)
    page = c.get(reverse("evaluation:my")).content.decode()
    assert held.name in page and form_url(held, world.staff) in page
    response = c.post(form_url(held, world.staff), {
        "relevance": "5", "speakers": "4", "organisation": "4", "materials": "3",
        "overall": "4", f"speaker_{held.speakers.get().person_id}": "5",
        "will_apply": "SOP layanan", "comment": "Tambah praktik"})
    assert response.status_code == 302 and response["Location"] == reverse("evaluation:my")
    assert Feedback.objects.get().enrollment.employee == world.staff
    page = c.get(reverse("evaluation:my")).content.decode()
    assert form_url(held, world.staff) not in page
    assert "Tidak ada umpan balik atau tes yang perlu Anda isi" in page


def test_the_form_says_answers_are_anonymous_to_organisers(world: Any, held: Any) -> None:
    page = client_for(world.staff_user).get(form_url(held, world.staff)).content.decode()
    assert "tanpa nama Anda" in page
    assert "Dr. Hamid Ali" in page  # the speaker to rate


def test_a_missing_answer_keeps_the_form_with_an_error(world: Any, held: Any) -> None:
    response = client_for(world.staff_user).post(form_url(held, world.staff),
                                                 {"relevance": "5"})
    assert response.status_code == 200 and not Feedback.objects.exists()
    assert "errorlist" in response.content.decode()


def test_nobody_opens_another_persons_form(world: Any, held: Any) -> None:
    for user in (world.auditor_user, world.planner, world.kabid_user):
        assert client_for(user).get(form_url(held, world.staff)).status_code == 404
    assert client_for(world.auditor_user).post(form_url(held, world.staff), {
        "relevance": "5", "speakers": "4", "organisation": "4", "materials": "3",
        "overall": "4"}).status_code == 404
    assert not Feedback.objects.exists()


def test_a_second_visit_after_answering_goes_back_to_my_page(world: Any, held: Any) -> None:
    submit(world, held, world.staff, world.staff_user)
    response = client_for(world.staff_user).get(form_url(held, world.staff))
    assert response.status_code == 302


def test_organisers_see_results_without_names(world: Any, held: Any) -> None:
    submit(world, held, world.staff, world.staff_user)
    url = reverse("evaluation:reaction_activity", args=[held.pk])
    for user in (world.planner, world.admin, world.leader, world.operator):
        page = client_for(user).get(url).content.decode()
        assert "Waktu praktik ditambah" in page and "Menyusun SOP layanan" in page
        assert 'id="responses">1<' in page and "33%" in page  # 1 of 3 who attended
    # the comment's author is nowhere on the page (no scores yet: no table of people)
    page = client_for(world.planner).get(url).content.decode()
    assert world.staff.name not in page and world.staff.nip not in page


def test_employees_do_not_open_results_or_summaries(world: Any, held: Any) -> None:
    for url in (reverse("evaluation:reaction_activity", args=[held.pk]),
                reverse("evaluation:reaction_summary")):
        assert client_for(world.staff_user).get(url).status_code == 403
        assert client_for(world.kabid_user).get(url).status_code == 403


def test_an_operator_sees_only_their_units_classes(world: Any) -> None:
    insp_only = held_class(world, "AU-2026-01", people=(world.auditor,))
    dinkes = held_class(world, "WS-2026-01", people=(world.staff,))
    c = client_for(world.operator)
    assert c.get(reverse("evaluation:reaction_activity", args=[dinkes.pk])).status_code == 200
    assert c.get(reverse("evaluation:reaction_activity",
                         args=[insp_only.pk])).status_code == 404
    other = User.objects.create_user(username="x", password="x", role=Role.PLANNER,
                                     agency=world.other_agency)
    assert client_for(other).get(reverse("evaluation:reaction_activity",
                                         args=[dinkes.pk])).status_code == 404


def test_the_summary_ranks_resource_persons_with_the_number_of_ratings(world: Any,
                                                                        held: Any) -> None:
    submit(world, held, world.staff, world.staff_user, speaker=5)
    page = client_for(world.leader).get(
        reverse("evaluation:reaction_summary") + f"?per=speaker&tahun={held.start_date.year}"
    ).content.decode()
    assert "Dr. Hamid Ali" in page and "Jumlah penilaian" in page
    page = client_for(world.planner).get(
        reverse("evaluation:reaction_summary") + f"?tahun={held.start_date.year}"
    ).content.decode()
    assert held.programme.name in page
