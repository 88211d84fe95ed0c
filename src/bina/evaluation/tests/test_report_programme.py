"""The programme evaluation report: its figures, recomputed by hand from the test data."""

from __future__ import annotations

import io
import math
import statistics

import pytest
from openpyxl import load_workbook

from bina.evaluation import reports
from bina.evaluation.tests.report_data import evaluated_programme
from bina.testing import World

pytestmark = pytest.mark.django_db


def test_the_delivery_figures_count_participants_completions_jp_and_cost(world: World) -> None:
    report = reports.programme_report(evaluated_programme(world), 2026)
    assert (report.participants, report.completed) == (3, 2)
    assert float(report.jp_delivered) == 20.0
    assert report.cost == 5_000_000  # realised, not the planned 6 million
    assert report.cost_planned == 6_000_000
    assert report.cost_per_completed == 2_500_000


def test_the_reaction_summary_matches_a_hand_computation(world: World) -> None:
    report = reports.programme_report(evaluated_programme(world), 2026)
    overall = next(s for s in report.reaction if s.item == "overall")
    relevance = next(s for s in report.reaction if s.item == "relevance")
    assert overall.n == 2 and overall.mean == pytest.approx(3.0)
    assert overall.sd == pytest.approx(statistics.stdev([4, 2]))
    assert relevance.mean == pytest.approx(4.0)
    assert report.response_rate == pytest.approx(2 / 3)


def test_the_learning_gain_uses_the_class_means_and_the_individual_gains(world: World) -> None:
    report = reports.programme_report(evaluated_programme(world), 2026)
    assert report.learning is not None
    # staff 40 → 70 of 100; lab 25 → 30 of 50 = 50 → 60 of 100
    mean_pre, mean_post = (40 + 50) / 2, (70 + 60) / 2
    assert report.learning.class_average_gain == pytest.approx(
        (mean_post - mean_pre) / (100 - mean_pre))
    assert report.learning.mean_individual_gain == pytest.approx((30 / 60 + 10 / 50) / 2)


def test_a_low_overall_reaction_marks_the_programme_as_poor(world: World) -> None:
    report = reports.programme_report(evaluated_programme(world), 2026)
    assert report.is_poor
    assert any("kepuasan" in f for f in report.flags)
    assert not any("gain" in f for f in report.flags)  # 0.36 ≥ 0.3


def test_the_behaviour_follow_up_is_summarised_per_competency(world: World) -> None:
    report = reports.programme_report(evaluated_programme(world), 2026)
    assert report.follow_up_total == 1 and report.follow_up_done == 1
    [m5] = report.applied
    assert (m5.code, m5.n, m5.self_applied, m5.supervisor_applied) == ("M.5", 1, 4.0, 3.0)


def test_an_operators_scope_keeps_only_participants_of_their_unit(world: World) -> None:
    p = evaluated_programme(world)
    report = reports.programme_report(p, 2026, unit=world.inspektorat)
    assert report.participants == 0 and report.feedback == 0
    scoped = reports.programme_report(p, 2026, unit=world.bidang)
    assert (scoped.participants, scoped.completed) == (2, 1)  # staff and kabid


def test_the_performance_comparison_is_a_did_against_untrained_colleagues(
        world: World) -> None:
    report = reports.programme_report(evaluated_programme(world), 2026)
    people = report.people
    assert people.participants == 2 and people.with_records == 1 and people.comparison == 2
    # staff: baik (4) in 2025 → sangat baik (5) in 2027; kabid and kadis stay at baik (4)
    assert people.result is not None
    assert people.result.att.estimate == pytest.approx((5 - 4) - (4 - 4))
    assert "satu OPD" in people.verdict and "IK 95%" in people.verdict


def test_without_untrained_colleagues_it_says_why(world: World) -> None:
    from bina.people.models import PerformanceRecord

    p = evaluated_programme(world)
    PerformanceRecord.objects.exclude(employee=world.staff).delete()
    people = reports.programme_report(p, 2026).people
    assert people.result is None
    assert "tidak ada kelompok pembanding" in people.verdict


def test_the_json_document_has_the_report_figures(world: World) -> None:
    doc = reports.programme_report(evaluated_programme(world), 2026).to_dict()
    assert doc["programme"] == "PRIMA" and doc["year"] == 2026
    assert doc["delivery"]["completed"] == 2
    assert math.isclose(doc["learning"]["class_average_gain"], round(20 / 55, 4))
    assert doc["poor"] is True


def test_the_workbook_has_the_sheets_and_a_chart(world: World) -> None:
    report = reports.programme_report(evaluated_programme(world), 2026)
    buffer = io.BytesIO()
    reports.programme_report_xlsx(report, buffer)
    buffer.seek(0)
    wb = load_workbook(buffer)
    assert wb.sheetnames == ["Ringkasan", "Reaksi", "Pembelajaran", "Perilaku", "Hasil",
                             "Kelas"]
    assert len(wb["Reaksi"]._charts) == 1  # type: ignore[attr-defined]
    values = [row for row in wb["Ringkasan"].iter_rows(values_only=True)]
    assert ("Peserta", 3, "") in [tuple(v if v is not None else "" for v in r[:3])
                                  for r in values]


def test_the_pdf_is_a_pdf(world: World) -> None:
    pdf = reports.programme_report_pdf(reports.programme_report(evaluated_programme(world),
                                                                2026))
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_the_year_report_ranks_programmes_and_finds_units_left_behind(world: World) -> None:
    evaluated_programme(world)
    year = reports.year_report(world.agency, 2026)
    assert [p.programme.code for p in year.programmes] == ["PRIMA"]
    # no one has a development record in 2026: every OPD with counted PNS is behind
    assert year.behind and all(u.met == 0 for u in year.behind)
    buffer = io.BytesIO()
    reports.year_report_xlsx(year, buffer)
    assert buffer.getvalue()[:2] == b"PK"
    assert reports.year_report_pdf(year).startswith(b"%PDF")
