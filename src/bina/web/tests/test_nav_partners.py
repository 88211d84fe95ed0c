"""The navigation and home page around partners: a partner account sees only its portal, and
planners are warned on the home page before an agreement ends."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse

from bina.partners.tests.factories import TODAY, make_partners

NOON = dt.datetime(TODAY.year, TODAY.month, TODAY.day, 4, tzinfo=dt.UTC)


def page(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_partner_sees_only_its_portal_in_the_navigation(world: Any) -> None:
    partners = make_partners(world)
    html = page(partners.ung_user, reverse("partners:portal"))
    assert reverse("partners:portal") in html and reverse("partners:offers") in html
    for other in ("people:list", "evaluation:ipasn", "org:competencies", "delivery:my"):
        assert f'href="{reverse(other)}"' not in html, other


def test_the_planner_sees_the_partner_section(world: Any) -> None:
    make_partners(world)
    html = page(world.planner, reverse("web:home"))
    assert f'href="{reverse("partners:list")}"' in html
    assert f'href="{reverse("partners:studies")}"' in html


def test_the_home_page_warns_the_planner_of_an_agreement_ending_soon(world: Any) -> None:
    make_partners(world)
    with time_machine.travel(NOON, tick=False):
        html = page(world.planner, reverse("web:home"))
    assert 'id="expiring"' in html and "PKS/001/2025" in html


def test_an_employee_gets_no_agreement_warning(world: Any) -> None:
    make_partners(world)
    with time_machine.travel(NOON, tick=False):
        html = page(world.staff_user, reverse("web:home"))
    assert 'id="expiring"' not in html
