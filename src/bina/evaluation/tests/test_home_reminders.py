"""The home page tells a participant which evaluations wait for them, and stops once done."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from bina.evaluation.tests.test_reaction_services import held_class


def home(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("web:home")).content.decode()


def test_the_home_page_points_a_participant_to_the_feedback_waiting(world: Any) -> None:
    held_class(world, people=(world.staff,))
    page = home(world.staff_user)
    assert 'id="evaluations-todo"' in page
    assert reverse("evaluation:my") in page
    assert "1 umpan balik atau tes kegiatan" in page


def test_the_home_page_has_no_evaluation_card_without_anything_to_do(world: Any) -> None:
    assert 'id="evaluations-todo"' not in home(world.staff_user)
