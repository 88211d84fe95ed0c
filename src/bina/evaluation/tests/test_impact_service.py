"""Did it work? The service-unit panel read from the database and the estimate on it."""

from __future__ import annotations

import pytest

from bina.evaluation import impact
from bina.evaluation.tests.report_data import service_units
from bina.testing import World

pytestmark = pytest.mark.django_db

STAGGERED = {0: (2025, 3), 1: (2025, 3), 2: (2026, 1), 3: (2026, 1)}  # units 4, 5 never


def test_the_trained_share_and_treatment_quarter_follow_the_shared_definition(
        world: World) -> None:
    service_units(world, trained_in=STAGGERED)
    panels = {p.code: p for p in impact.unit_panels(world.agency.pk)}
    first = panels["UPT-0"]
    assert first.staff == 4 and first.trained == 4
    assert first.treated_label == "2025-T3"
    assert [c.share for c in first.cells][:3] == [0.0, 0.0, 1.0]
    assert panels["UPT-2"].treated_label == "2026-T1"
    assert panels["UPT-4"].treated_from is None and panels["UPT-4"].status == "ok"
    assert panels["DINKES-LAB"].status == "no_responses"


def test_the_cell_nrr_equals_the_mean_score_of_the_responses(world: World) -> None:
    from django.db.models import Avg

    from bina.stakeholders.models import SurveyResponse

    [unit, *_] = service_units(world, units=3, trained_in={0: (2025, 3)})
    cell = next(c for p in impact.unit_panels(world.agency.pk) if p.code == "UPT-0"
                for c in p.cells if c.label == "2025-T2")
    mean = SurveyResponse.objects.filter(unit=unit, year=2025, quarter=2).aggregate(
        u6=Avg("u6"))["u6"]
    assert cell.u6 == pytest.approx(mean) and cell.respondents == 40


def test_a_simulated_effect_is_found_with_an_interval_and_a_plain_verdict(
        world: World) -> None:
    service_units(world, trained_in=STAGGERED, effect=0.4, responses=60)
    result = impact.service_impact(world.agency)
    u6 = result.outcome("U6")
    assert u6 is not None and u6.result is not None
    att = u6.result.att
    assert 0.2 < att.estimate < 0.6  # 0.4 more 4s → +0.4 on the 1–4 scale
    assert att.ci_low > 0
    assert "IK 95%" in u6.verdict and "bukan bukti" in u6.verdict
    assert "asumsi" in u6.verdict  # never a bare "it worked"
    # all test units sit in Dinas Kesehatan: clustered per unit, and the verdict says so
    assert "satu OPD" in u6.verdict and "klaster (OPD)" not in u6.verdict
    ikm = result.outcome("IKM")
    assert ikm is not None and ikm.result is not None
    assert ikm.result.att.estimate > 0


def test_without_a_comparison_group_it_says_so(world: World) -> None:
    service_units(world, units=3, trained_in={0: (2025, 3), 1: (2025, 3), 2: (2025, 3)})
    u6 = impact.service_impact(world.agency).outcome("U6")
    assert u6 is not None and u6.result is None
    assert "pembanding" in u6.verdict and "tidak dapat diperkirakan" in u6.verdict


def test_a_unit_with_too_few_responses_is_reported_not_analysed(world: World) -> None:
    service_units(world, units=2, responses=5)
    panels = impact.unit_panels(world.agency.pk)
    assert {p.status for p in panels if p.code.startswith("UPT-")} == {"few_responses"}
    assert all(p.dropped == 8 for p in panels if p.code.startswith("UPT-"))


def test_the_dose_slope_relates_u6_to_the_trained_share(world: World) -> None:
    service_units(world, trained_in=STAGGERED, effect=0.4, responses=60)
    result = impact.service_impact(world.agency, year=2026)
    dose = next(d for d in result.dose if d.key == "U6")
    assert len(dose.points) == 6
    assert {round(p[1], 2) for p in dose.points} == {0.0, 1.0}
    assert "asosiasi" in dose.text


def test_a_unit_closed_in_a_reorganisation_continues_under_its_successor(
        world: World) -> None:
    units = service_units(world, units=3)
    old = units[0]
    from bina.org.services import unit_create

    new = unit_create(agency=world.agency, code="UPT-NEW", name="UPT Baru", kind="upt",
                      parent=world.dinkes, is_public_service=True)
    old.successor = new
    old.save(update_fields=["successor"])
    codes = {p.code for p in impact.unit_panels(world.agency.pk)}
    assert "UPT-0" not in codes and "UPT-NEW" in codes
    merged = next(p for p in impact.unit_panels(world.agency.pk) if p.code == "UPT-NEW")
    assert len(merged.cells) == 8
