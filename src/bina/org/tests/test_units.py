from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bina.audit.models import AuditEvent
from bina.org.models import Unit
from bina.org.selectors import unit_tree, units_valid_on
from bina.org.services import competency_standard_set, unit_close, unit_create
from bina.reference.models import Competency


def test_units_keep_a_materialised_path_for_subtree_queries(world: Any) -> None:
    assert world.bidang.path == f"/{world.dinkes.pk}/{world.bidang.pk}/"
    assert world.bidang.depth == 1
    subtree = Unit.objects.filter(path__startswith=world.dinkes.path)
    assert set(subtree) == {world.dinkes, world.bidang, world.upt}


def test_closing_a_unit_in_a_merger_keeps_it_for_past_years(world: Any) -> None:
    bkd = unit_create(agency=world.agency, code="BKD", name="Badan Kepegawaian Daerah", kind="opd")
    sub = unit_create(agency=world.agency, code="BKD-MUTASI", name="Bidang Mutasi",
                      kind="bidang", parent=bkd)
    merged = unit_create(agency=world.agency, code="BKPSDM",
                         name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
                         kind="opd", valid_from=dt.date(2026, 1, 1))
    unit_close(unit=bkd, closed_on=dt.date(2026, 1, 1), successor=merged, actor=world.admin)
    bkd.refresh_from_db()
    sub.refresh_from_db()
    assert bkd.successor == merged and bkd.valid_to == dt.date(2026, 1, 1)
    assert sub.valid_to == dt.date(2026, 1, 1)
    in_2025 = units_valid_on(Unit.objects.filter(agency=world.agency), dt.date(2025, 6, 1))
    in_2026 = units_valid_on(Unit.objects.filter(agency=world.agency), dt.date(2026, 6, 1))
    assert bkd in in_2025 and merged not in in_2025
    assert merged in in_2026 and bkd not in in_2026
    assert AuditEvent.objects.filter(action="close", object_id=str(bkd.pk)).exists()


def test_the_tree_nests_units_and_counts_headcount(world: Any) -> None:
    roots = unit_tree(Unit.objects.filter(agency=world.agency))
    dinkes = next(n for n in roots if n.unit == world.dinkes)
    assert {c.unit for c in dinkes.children} == {world.bidang, world.upt}
    assert dinkes.headcount == 1 and dinkes.total == 4


def test_a_unit_cannot_hang_under_another_agencys_unit(world: Any) -> None:
    foreign = Unit.objects.get(agency=world.other_agency)
    with pytest.raises(ValueError):
        unit_create(agency=world.agency, code="X", name="X", kind="bidang", parent=foreign)


def test_a_competency_standard_is_replaced_and_audited(world: Any) -> None:
    m1, m2 = Competency.objects.get(code="M.1"), Competency.objects.get(code="M.2")
    position = world.kabid.position
    competency_standard_set(position=position, levels={m1: 3, m2: 3}, actor=world.planner)
    competency_standard_set(position=position, levels={m1: 4}, actor=world.planner)
    assert {(r.competency.code, r.required_level) for r in position.requirements.all()} == {
        ("M.1", 4)}
    assert AuditEvent.objects.filter(object_type="position_standard").count() == 2


def test_a_standard_refuses_levels_outside_one_to_five(world: Any) -> None:
    m1 = Competency.objects.get(code="M.1")
    with pytest.raises(ValueError):
        competency_standard_set(position=world.kabid.position, levels={m1: 6})


@pytest.mark.django_db
def test_the_reference_data_is_loaded_by_migration() -> None:
    from bina.reference.models import DevelopmentPath, Grade

    assert Grade.objects.filter(scheme="PNS").count() == 17
    assert Grade.objects.filter(scheme="PPPK").count() == 17
    assert Grade.objects.get(scheme="PNS", code="III/a").rank_title == "Penata Muda"
    assert DevelopmentPath.objects.filter(code__startswith="KL").count() == 12
    assert DevelopmentPath.objects.filter(code__startswith="NKL").count() == 13
    m1 = Competency.objects.get(code="M.1", agency__isnull=True)
    assert m1.levels.count() == 5


def test_a_closed_units_page_still_shows_who_belonged_there(world: Any) -> None:
    from django.test import Client

    from bina.people.models import Placement

    old = unit_create(agency=world.agency, code="BKD", name="Badan Kepegawaian Daerah",
                      kind="opd")
    Placement.objects.create(employee=world.auditor, unit=old, position=world.auditor.position,
                             start_date=dt.date(2019, 1, 1), end_date=dt.date(2026, 1, 1))
    unit_close(unit=old, closed_on=dt.date(2026, 1, 1), successor=world.inspektorat)
    client = Client()
    client.force_login(world.planner)
    page = client.get(f"/organisasi/unit/{old.pk}/").content.decode()
    assert "Arifin Gobel" in page and "2025" in page
    assert "Arifin Gobel" not in client.get(f"/organisasi/unit/{old.pk}/?tahun=2018"
                                            ).content.decode()
