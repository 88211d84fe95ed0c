"""Access review of the evaluation pages: nobody reads another agency's objects, read-only
leadership gets no individual's figures (not even as the "mean" of one person), and the
downloads follow the same rules as the pages."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from bina.accounts.models import Role, User
from bina.delivery.models import Enrollment
from bina.evaluation.models import (
    Action,
    ActionStatus,
    DisciplineRecord,
    FollowUp,
    FollowUpRating,
    FollowUpStatus,
)
from bina.evaluation.models import TestScore as Score
from bina.evaluation.tests.report_data import activity, evaluated_programme, programme
from bina.evaluation.tests.talent_factories import predicate
from bina.reference.models import Competency
from bina.testing import World

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def other_agency_user(world: World, role: str) -> User:
    return User.objects.create_user(username=f"lain-{role}", password="rahasia-123",
                                    role=role, agency=world.other_agency)


# --------------------------------------------------------------------------------------------
# IP ASN: a unit of one person is that person's score


def _auditor_with_a_penalty(world: World) -> None:
    """Inspektorat has one employee, the auditor: Baik in 2025 and a heavy penalty in 2024."""
    predicate(world.auditor, 2025, "baik")
    DisciplineRecord.objects.create(employee=world.auditor, level="berat",
                                    decided_on=dt.date(2024, 2, 1))


def test_leadership_gets_no_figures_of_a_unit_of_one_person(world: World) -> None:
    _auditor_with_a_penalty(world)
    response = client_for(world.leader).get(reverse("evaluation:ipasn_unit", args=["INSP"]))
    assert response.status_code == 200
    assert response.context["summary"] is None and response.context["too_small"]
    assert world.auditor.name not in response.content.decode()


def test_planners_still_see_a_small_unit_in_full(world: World) -> None:
    _auditor_with_a_penalty(world)
    response = client_for(world.planner).get(reverse("evaluation:ipasn_unit", args=["INSP"]))
    assert response.context["summary"] is not None
    assert world.auditor.name in response.content.decode()


def test_leadership_overview_leaves_out_units_of_one_person(world: World) -> None:
    _auditor_with_a_penalty(world)
    leader = client_for(world.leader).get(reverse("evaluation:ipasn"))
    planner = client_for(world.planner).get(reverse("evaluation:ipasn"))
    assert {r.unit.unit for r in leader.context["units"]} == {"DINKES"}
    assert leader.context["hidden_units"] == 1
    assert {r.unit.unit for r in planner.context["units"]} == {"DINKES", "INSP"}


def test_ipasn_unit_of_another_agency_is_refused(world: World) -> None:
    outsider = other_agency_user(world, Role.ADMIN)
    assert client_for(outsider).get(
        reverse("evaluation:ipasn_unit", args=["DINKES"])).status_code == 403


# --------------------------------------------------------------------------------------------
# Programme report: the yearly performance means of one participant


def test_leadership_does_not_get_the_predicate_of_a_lone_participant(world: World) -> None:
    evaluated_programme(world)  # only staff has predicates among the participants
    url = reverse("evaluation:report_programme", args=["PRIMA", 2026])
    leader = client_for(world.leader).get(url)
    rows = leader.context["people_rows"]
    assert rows and all(r["participants"] == 1 for r in rows)
    assert all(r["participants_mean"] is None for r in rows)
    planner = client_for(world.planner).get(url)
    assert any(r["participants_mean"] is not None for r in planner.context["people_rows"])


def test_the_excel_download_hides_the_same_small_cells(world: World) -> None:
    evaluated_programme(world)
    url = reverse("evaluation:report_programme_download", args=["PRIMA", 2026, "xlsx"])
    response = client_for(world.leader).get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Hasil"]
    header = next(r for r in range(1, sheet.max_row + 1)
                  if sheet.cell(row=r, column=1).value == "TAHUN")
    means = [sheet.cell(row=r, column=3).value for r in range(header + 1, sheet.max_row + 1)]
    assert means and all(m is None for m in means)


def test_an_operator_download_counts_only_their_unit(world: World) -> None:
    p = programme(world, "UNITS")
    activity(world, p, code="UNITS-01", people=(world.staff, world.lab, world.auditor),
             completed=(world.staff, world.lab, world.auditor))
    operator = client_for(world.operator)  # Dinas Kesehatan: staff and lab, not the auditor
    response = operator.get(reverse("evaluation:report_programme_download",
                                    args=["UNITS", 2026, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content))["Ringkasan"]
    values = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value
              for r in range(1, sheet.max_row + 1)}
    assert values["Peserta"] == 2


@pytest.mark.parametrize("name", ["report_programme", "report_programme_download"])
def test_a_programme_of_another_agency_is_not_found(world: World, name: str) -> None:
    evaluated_programme(world)
    outsider = other_agency_user(world, Role.PLANNER)
    args: list[Any] = ["PRIMA", 2026] + (["pdf"] if name.endswith("download") else [])
    assert client_for(outsider).get(reverse(f"evaluation:{name}", args=args)).status_code == 404


def test_an_action_of_another_agency_cannot_be_closed(world: World) -> None:
    action = Action.objects.create(agency=world.agency, year=2026, text="Perbaiki modul",
                                   owner_name="Kabid", due_on=dt.date(2026, 12, 31))
    outsider = client_for(other_agency_user(world, Role.ADMIN))
    url = reverse("evaluation:action_close", args=[action.pk])
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"status": "selesai", "note": "x"}).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and action.closed_at is None


# --------------------------------------------------------------------------------------------
# Results of a class, scores, follow-ups


def test_leadership_sees_no_names_or_scores_of_a_class(world: World) -> None:
    evaluated_programme(world)
    a = Enrollment.objects.filter(employee=world.staff).first()
    assert a is not None
    page = client_for(world.leader).get(reverse("evaluation:reaction_activity",
                                                args=[a.activity_id]))
    body = page.content.decode()
    assert page.status_code == 200
    assert world.staff.name not in body and world.staff.nip not in body
    assert 'id="gains"' not in body


def test_comments_are_shown_without_names_in_a_neutral_order(world: World) -> None:
    evaluated_programme(world)
    a = Enrollment.objects.get(employee=world.staff).activity
    page = client_for(world.planner).get(reverse("evaluation:reaction_activity", args=[a.pk]))
    texts = page.context["reaction"].will_apply
    assert texts == sorted(texts)
    assert all(isinstance(t, str) for t in texts)


def test_a_class_of_another_agency_is_not_found(world: World) -> None:
    evaluated_programme(world)
    a = Enrollment.objects.get(employee=world.staff).activity
    outsider = client_for(other_agency_user(world, Role.ADMIN))
    for name in ("reaction_activity", "scores", "scores_template"):
        assert outsider.get(reverse(f"evaluation:{name}", args=[a.pk])).status_code == 404
    assert outsider.post(reverse("evaluation:scores_upload", args=[a.pk])).status_code == 404


def test_an_operator_scores_template_lists_only_their_unit(world: World) -> None:
    p = programme(world, "UNITS")
    a = activity(world, p, code="UNITS-01", people=(world.staff, world.auditor),
                 completed=(world.staff, world.auditor))
    response = client_for(world.operator).get(reverse("evaluation:scores_template",
                                                      args=[a.pk]))
    body = load_workbook(io.BytesIO(response.content)).active
    assert body is not None
    cells = {str(c.value) for row in body.iter_rows() for c in row if c.value is not None}
    assert world.staff.nip in cells and world.auditor.nip not in cells


def test_a_followup_of_someone_else_cannot_be_opened_or_filled(world: World) -> None:
    p = programme(world, "FU")
    a = activity(world, p, code="FU-01", end=dt.date(2026, 9, 1), people=(world.staff,),
                 completed=(world.staff,))
    fu = FollowUp.objects.create(enrollment=Enrollment.objects.get(activity=a),
                                 supervisor=world.kabid, opens_on=dt.date(2026, 10, 31),
                                 due_on=dt.date(2026, 11, 30), status=FollowUpStatus.PENDING)
    FollowUpRating.objects.create(follow_up=fu, competency=Competency.objects.get(code="M.5"))
    url = reverse("evaluation:followup_fill", args=[fu.pk])
    for user in (world.auditor_user, world.admin, world.leader, world.operator):
        c = client_for(user)
        assert c.get(url).status_code in (403, 404), user
        assert c.post(url, {"note": "x"}).status_code in (403, 404), user
    fu.refresh_from_db()
    assert fu.supervisor_submitted_at is None and fu.self_submitted_at is None


def test_the_followup_overview_shows_no_names(world: World) -> None:
    evaluated_programme(world)
    page = client_for(world.leader).get(reverse("evaluation:followup_overview"))
    body = page.content.decode()
    assert page.status_code == 200
    assert world.staff.name not in body and world.kabid.name not in body


def test_opening_follow_ups_is_post_only(world: World) -> None:
    assert client_for(world.planner).get(reverse("evaluation:followup_open")).status_code == 405
    assert not FollowUp.objects.exists()


# --------------------------------------------------------------------------------------------
# Small holes: a redirect after recording an action, and the Django admin of feedback


@pytest.mark.parametrize("target", ["/\\evil.example/", "//evil.example/",
                                    "https://evil.example/"])
def test_recording_an_action_never_redirects_off_the_site(world: World, target: str) -> None:
    response = client_for(world.planner).post(reverse("evaluation:action_create"), {
        "text": "Perbaiki modul", "owner_name": "Kabid", "due_on": "2026-12-31",
        "year": 2026, "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:action_list")
    assert Action.objects.count() == 1


def test_recording_an_action_returns_to_a_page_of_the_site(world: World) -> None:
    back = reverse("evaluation:report_year", args=[2026])
    response = client_for(world.planner).post(reverse("evaluation:action_create"), {
        "text": "Perbaiki modul", "owner_name": "Kabid", "due_on": "2026-12-31",
        "year": 2026, "next": back})
    assert response["Location"] == back


def test_the_django_admin_does_not_tie_feedback_to_a_participant(world: World) -> None:
    evaluated_programme(world)
    superuser = User.objects.create_superuser(username="root", password="rahasia-123",
                                              agency=world.agency, role=Role.ADMIN)
    c = client_for(superuser)
    staff = Enrollment.objects.get(employee=world.staff)
    listing = c.get("/django-admin/evaluation/feedback/")
    assert listing.status_code == 200
    assert "field-enrollment" not in listing.content.decode()
    feedback = staff.feedback
    change = c.get(f"/django-admin/evaluation/feedback/{feedback.pk}/change/")
    assert change.status_code == 200
    assert 'name="enrollment"' not in change.content.decode()
    assert world.staff.name not in change.content.decode()
    filtered = c.get(f"/django-admin/evaluation/feedback/?enrollment__employee={world.staff.pk}")
    assert filtered.status_code in (302, 400)  # refused: no filter by person


# --------------------------------------------------------------------------------------------
# Follow-up ratings of one person, shown as a programme's mean


def test_leadership_gets_no_follow_up_mean_of_a_single_person(world: World) -> None:
    evaluated_programme(world)  # one follow-up: staff, rated by kabid
    url = reverse("evaluation:followup_overview")
    [row] = client_for(world.leader).get(url).context["rows"]
    assert row.follow_ups == 1 and row.mean_applied is None and row.mean_level is None
    [row] = client_for(world.planner).get(url).context["rows"]
    assert row.mean_applied == 3 and row.mean_level == 3


def test_the_programme_report_hides_the_ratings_of_a_single_follow_up(world: World) -> None:
    evaluated_programme(world)
    url = reverse("evaluation:report_programme", args=["PRIMA", 2026])
    [applied] = client_for(world.leader).get(url).context["applied"]
    assert applied["a"].n == 1 and applied["self"] == "–" and applied["sup"] == "–"
    [applied] = client_for(world.planner).get(url).context["applied"]
    assert applied["sup"] != "–"


# --------------------------------------------------------------------------------------------
# Test scores of one person, shown as a "class" figure


def _one_tested(world: World) -> None:
    """The shared data, with only staff left with both tests."""
    evaluated_programme(world)
    Score.objects.filter(enrollment__employee=world.lab).delete()


def test_leadership_gets_no_class_gain_of_one_person(world: World) -> None:
    _one_tested(world)
    a = Enrollment.objects.get(employee=world.staff).activity
    url = reverse("evaluation:reaction_activity", args=[a.pk])
    leader = client_for(world.leader).get(url)
    assert leader.context["learning_hidden"] and leader.context["learning"].result is None
    assert 'id="class-gain"' not in leader.content.decode()
    planner = client_for(world.planner).get(url)
    assert planner.context["learning"].result is not None


def test_leadership_reports_show_no_gain_of_one_person(world: World) -> None:
    _one_tested(world)
    programme_page = client_for(world.leader).get(
        reverse("evaluation:report_programme", args=["PRIMA", 2026]))
    assert programme_page.context["gain"] == "–"
    assert all(row["gain"] == "–" for row in programme_page.context["classes"])
    year_page = client_for(world.leader).get(reverse("evaluation:report_year", args=[2026]))
    assert [row["gain"] for row in year_page.context["rows"]] == ["–"]
    planner = client_for(world.planner).get(reverse("evaluation:report_year", args=[2026]))
    assert [row["gain"] for row in planner.context["rows"]] != ["–"]


def test_two_people_s_class_gain_is_still_shown_to_leadership(world: World) -> None:
    evaluated_programme(world)  # staff and lab: a mean of two is nobody's own score
    a = Enrollment.objects.get(employee=world.staff).activity
    leader = client_for(world.leader).get(reverse("evaluation:reaction_activity", args=[a.pk]))
    assert not leader.context["learning_hidden"]
    assert leader.context["learning"].result is not None
