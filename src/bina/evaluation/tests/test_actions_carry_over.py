"""Follow-up actions and the carry-over into next year's needs-analysis round."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from bina.audit.models import AuditEvent
from bina.evaluation import actions
from bina.evaluation.models import Action, ActionStatus, CarryOver, CarryOverKind
from bina.evaluation.tests.report_data import evaluated_programme
from bina.needs.services import round_create
from bina.testing import World

pytestmark = pytest.mark.django_db


def _round_2026_with_gaps(world: World) -> None:
    from bina.mentoring.tests.factories import assessed_round, standards

    standards(world)  # M.5 standards: staff 3, lab 2, kabid 3, auditor 3, kadis 4
    # four people below standard on M.5, none trained in a matching programme of 2026
    assessed_round(world, {"staff": {"M.5": 1}, "lab": {"M.5": 1}, "kabid": {"M.5": 1},
                           "auditor": {"M.5": 1}, "kadis": {"M.5": 4}}, code="akpk-2026")


def test_it_carries_poor_programmes_units_left_behind_and_open_gaps(world: World) -> None:
    evaluated_programme(world)
    items = actions.carry_over(agency=world.agency, from_year=2026, user=world.planner)
    kinds = {c.kind for c in items}
    assert kinds == {CarryOverKind.PROGRAMME, CarryOverKind.UNIT}
    programme_item = next(c for c in items if c.kind == CarryOverKind.PROGRAMME)
    assert programme_item.programme is not None and programme_item.programme.code == "PRIMA"
    assert programme_item.to_year == 2027 and programme_item.figures["overall"] == 3.0
    _round_2026_with_gaps(world)
    items = actions.carry_over(agency=world.agency, from_year=2026, user=world.planner)
    gap = next(c for c in items if c.kind == CarryOverKind.GAP)
    assert gap.competency is not None and gap.competency.code == "M.5"
    # staff and lab completed PRIMA (gain on M.5) in 2026: 4 below − 2 trained = 2 remain
    assert gap.figures["below"] == 4 and gap.figures["trained"] == 2
    assert gap.figures["remaining"] == 2


def test_running_it_twice_changes_nothing(world: World) -> None:
    evaluated_programme(world)
    first = actions.carry_over(agency=world.agency, from_year=2026, user=None)
    second = actions.carry_over(agency=world.agency, from_year=2026, user=None)
    assert [c.pk for c in first] == [c.pk for c in second]
    assert CarryOver.objects.count() == len(first)
    assert AuditEvent.objects.filter(action="evaluation.carry_over").count() == 2


def test_items_no_longer_true_are_removed(world: World) -> None:
    from bina.evaluation.models import Feedback

    evaluated_programme(world)
    actions.carry_over(agency=world.agency, from_year=2026, user=None)
    assert CarryOver.objects.filter(kind=CarryOverKind.PROGRAMME).exists()
    Feedback.objects.update(overall=5)
    actions.carry_over(agency=world.agency, from_year=2026, user=None)
    assert not CarryOver.objects.filter(kind=CarryOverKind.PROGRAMME).exists()


def test_it_attaches_to_next_years_round_and_the_round_page_shows_it(world: World) -> None:
    evaluated_programme(world)
    nxt = round_create(agency=world.agency, code="akpk-2027", name="AKPK 2027", year=2027,
                       actor=world.planner)
    items = actions.carry_over(agency=world.agency, from_year=2026, user=None)
    assert {c.round_id for c in items} == {nxt.pk}
    c = Client()
    c.force_login(world.planner)
    page = c.get(reverse("needs:detail", args=["akpk-2027"])).content.decode()
    assert "Dibawa dari evaluasi 2026" in page and "PRIMA" in page


def test_a_round_created_later_still_finds_the_items(world: World) -> None:
    evaluated_programme(world)
    actions.carry_over(agency=world.agency, from_year=2026, user=None)
    later = round_create(agency=world.agency, code="akpk-2027b", name="AKPK", year=2027,
                         actor=world.planner)
    assert actions.carried_into(later).count() == CarryOver.objects.count() > 0


def test_a_planner_runs_the_carry_over_from_the_year_report(world: World) -> None:
    evaluated_programme(world)
    c = Client()
    c.force_login(world.planner)
    response = c.post(reverse("evaluation:carry_over", args=[2026]))
    assert response.status_code == 302
    assert CarryOver.objects.filter(from_year=2026).exists()
    operator = Client()
    operator.force_login(world.operator)
    assert operator.post(reverse("evaluation:carry_over", args=[2026])).status_code == 403


def test_actions_overdue_and_closing(world: World) -> None:
    action = actions.action_create(agency=world.agency, year=2026, text="Perbaiki modul",
                                   due_on=dt.date(2026, 11, 1), user=world.planner,
                                   owner=world.planner)
    assert actions.is_overdue(action) and action.owner_name == "perencana"
    with pytest.raises(actions.ActionError):
        actions.action_close(action=action, user=None, note=" ")
    closed = actions.action_close(action=action, user=world.planner, note="Selesai direvisi")
    assert closed.status == ActionStatus.DONE and not actions.is_overdue(closed)
    with pytest.raises(actions.ActionError):
        actions.action_close(action=closed, user=None, note="lagi")


def test_an_operator_sees_only_actions_of_their_unit(world: World) -> None:
    Action.objects.create(agency=world.agency, year=2026, text="Dinkes", owner_name="A",
                          due_on=dt.date(2026, 12, 1), unit=world.bidang)
    Action.objects.create(agency=world.agency, year=2026, text="Insp", owner_name="B",
                          due_on=dt.date(2026, 12, 1), unit=world.inspektorat)
    Action.objects.create(agency=world.agency, year=2026, text="Instansi", owner_name="C",
                          due_on=dt.date(2026, 12, 1))
    texts = [a.text for a in actions.visible_actions(world.operator)]
    assert texts == ["Dinkes"]
    assert len(actions.visible_actions(world.leader)) == 3
    assert not actions.visible_actions(world.staff_user).exists()
