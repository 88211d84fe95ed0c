"""IP ASN from the database: the inputs per employee, per unit, and who sees what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.evaluation import talent
from bina.evaluation.models import DisciplineRecord
from bina.evaluation.tests.talent_factories import development, predicate, staff_profile


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def score_of(world: Any, employee: Any, year: int = 2026) -> Any:
    [found] = talent.ipasn_scores(agency_id=world.agency.pk, year=year,
                                  employee_ids=[employee.pk])
    return found.score


@pytest.mark.django_db
def test_the_inputs_come_from_education_training_performance_and_discipline(
        world: Any) -> None:
    staff_profile(world)
    s = score_of(world, world.staff)
    assert s.dimension("kualifikasi").points == 15
    assert s.dimension("kompetensi").points == 25
    assert s.dimension("kinerja").points == 25
    assert s.dimension("disiplin").points == 5
    assert s.total == 70 and s.category == "Rendah"


@pytest.mark.django_db
def test_old_technical_training_and_old_seminars_do_not_count(world: Any) -> None:
    development(world.staff, "KL03", 40, dt.date(2025, 6, 1))  # more than a year before
    development(world.staff, "KL07", 8, dt.date(2024, 6, 1))  # more than two years before
    predicate(world.staff, 2025, "baik")
    assert score_of(world, world.staff).dimension("kompetensi").points == 0


@pytest.mark.django_db
def test_a_leadership_training_counts_for_structural_officials_only(world: Any) -> None:
    development(world.kabid, "KL01", 100, dt.date(2020, 6, 1))
    development(world.staff, "KL01", 100, dt.date(2020, 6, 1))
    assert score_of(world, world.kabid).dimension("kompetensi").points == 15
    assert score_of(world, world.staff).dimension("kompetensi").points == 0


@pytest.mark.django_db
def test_the_heaviest_recent_discipline_penalty_counts(world: Any) -> None:
    staff_profile(world)
    DisciplineRecord.objects.create(employee=world.staff, level="ringan",
                                    decided_on=dt.date(2024, 1, 5))
    DisciplineRecord.objects.create(employee=world.staff, level="berat",
                                    decided_on=dt.date(2019, 1, 5))  # older than 5 years
    s = score_of(world, world.staff)
    assert s.dimension("disiplin").points == 3 and s.total == 68


@pytest.mark.django_db
def test_without_a_predicate_the_total_is_not_guessed(world: Any) -> None:
    s = score_of(world, world.auditor)
    assert s.dimension("kinerja").points is None and s.total is None


@pytest.mark.django_db
def test_units_are_aggregated_per_opd(world: Any) -> None:
    staff_profile(world)
    scores = talent.ipasn_scores(agency_id=world.agency.pk, year=2026)
    units = {r.unit.unit: r for r in talent.ipasn_units(scores, world.agency.pk)}
    assert set(units) == {"DINKES", "INSP"}
    assert units["DINKES"].unit.employees == 4
    assert units["DINKES"].unit.complete == 1 and units["DINKES"].unit.mean_total == 70


@pytest.mark.django_db
def test_planners_see_units_and_the_unverified_rules(world: Any) -> None:
    staff_profile(world)
    page = client_for(world.planner).get(reverse("evaluation:ipasn")).content.decode()
    assert "Dinas Kesehatan" in page and "kualifikasi.education" in page
    assert "unverified-rules" in page


@pytest.mark.django_db
def test_an_operator_sees_only_their_unit(world: Any) -> None:
    c = client_for(world.operator)
    response = c.get(reverse("evaluation:ipasn"))
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:ipasn_unit", args=["DINKES"])
    page = c.get(reverse("evaluation:ipasn_unit", args=["DINKES"])).content.decode()
    assert world.staff.name in page
    assert c.get(reverse("evaluation:ipasn_unit", args=["INSP"])).status_code == 403


@pytest.mark.django_db
def test_leadership_sees_unit_figures_but_no_names(world: Any) -> None:
    staff_profile(world)
    page = client_for(world.leader).get(reverse("evaluation:ipasn_unit", args=["DINKES"]))
    body = page.content.decode()
    assert page.status_code == 200 and world.staff.name not in body
    assert world.staff.nip not in body and "aggregate-only" in body


@pytest.mark.django_db
def test_an_employee_sees_only_their_own_score(world: Any) -> None:
    staff_profile(world)
    c = client_for(world.staff_user)
    assert c.get(reverse("evaluation:ipasn"))["Location"] == reverse("evaluation:ipasn_me")
    page = c.get(reverse("evaluation:ipasn_me")).content.decode()
    assert "70" in page and "Rendah" in page
    assert c.get(reverse("evaluation:ipasn_unit", args=["DINKES"])).status_code == 403
