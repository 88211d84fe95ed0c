"""The follow-up pages: who may open which form, and the planners' overview."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.evaluation.models import CompetencyRating, FollowUp
from bina.evaluation.tests.test_followup_services import opened


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def post_form(c: Client, fu: FollowUp, level: int = 4, applied: int = 4) -> Any:
    data: dict[str, Any] = {"note": "Menyusun laporan dengan format baru"}
    for r in fu.ratings.all():
        data[f"level_{r.competency_id}"] = level
        data[f"applied_{r.competency_id}"] = applied
    return c.post(reverse("evaluation:followup_fill", args=[fu.pk]), data)


@pytest.mark.django_db
def test_the_participant_sees_and_fills_their_own_follow_up(world: Any) -> None:
    opened(world, ended_days_ago=70)
    fu = FollowUp.objects.get(enrollment__employee=world.staff)
    c = client_for(world.staff_user)
    page = c.get(reverse("evaluation:followup_mine"))
    assert page.status_code == 200 and fu.enrollment.activity.name in page.content.decode()
    assert c.get(reverse("evaluation:followup_fill", args=[fu.pk])).status_code == 200
    response = post_form(c, fu)
    assert response.status_code == 302
    assert CompetencyRating.objects.filter(employee=world.staff, level=4).count() == 2


@pytest.mark.django_db
def test_the_supervisor_rates_only_their_direct_subordinates(world: Any) -> None:
    opened(world, ended_days_ago=70)
    staff_fu = FollowUp.objects.get(enrollment__employee=world.staff)
    lab_fu = FollowUp.objects.get(enrollment__employee=world.lab)
    c = client_for(world.kabid_user)
    page = c.get(reverse("evaluation:followup_mine")).content.decode()
    assert world.staff.name in page and world.lab.name not in page
    assert c.get(reverse("evaluation:followup_fill", args=[lab_fu.pk])).status_code == 403
    assert post_form(c, lab_fu).status_code == 403
    assert post_form(c, staff_fu, level=2).status_code == 302
    assert set(CompetencyRating.objects.values_list("level", flat=True)) == {2}


@pytest.mark.django_db
def test_an_employee_cannot_open_a_colleagues_follow_up(world: Any) -> None:
    opened(world, ended_days_ago=70)
    staff_fu = FollowUp.objects.get(enrollment__employee=world.staff)
    c = client_for(world.auditor_user)
    assert c.get(reverse("evaluation:followup_fill", args=[staff_fu.pk])).status_code == 403
    assert c.get(reverse("evaluation:followup_overview")).status_code == 403
    assert world.staff.name not in c.get(reverse("evaluation:followup_mine")).content.decode()


@pytest.mark.django_db
def test_planners_open_the_due_follow_ups_and_see_the_overview(world: Any) -> None:
    from bina.evaluation.tests.test_followup_services import completed_activity
    completed_activity(world, ended_days_ago=70)
    c = client_for(world.planner)
    response = c.post(reverse("evaluation:followup_open"))
    assert response.status_code == 302 and FollowUp.objects.count() == 2
    page = c.get(reverse("evaluation:followup_overview")).content.decode()
    assert "Workshop Pelayanan Prima" in page
    leader = client_for(world.leader)
    assert leader.get(reverse("evaluation:followup_overview")).status_code == 200
    assert leader.post(reverse("evaluation:followup_open")).status_code == 403
    assert client_for(world.operator).post(reverse("evaluation:followup_open")).status_code == 403
