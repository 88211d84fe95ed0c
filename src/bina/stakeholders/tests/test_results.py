"""The public results page: IKM per period with its grade, and nothing personal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.stakeholders.models import SurveyResponse
from bina.stakeholders.selectors import unit_index_by_period

pytestmark = pytest.mark.django_db


def add(unit: Any, year: int, quarter: int, values: list[int], comment: str = "") -> None:
    SurveyResponse.objects.create(
        unit=unit, year=year, quarter=quarter, comment=comment,
        submitted_at=dt.datetime(year, quarter * 3, 1, tzinfo=dt.UTC),
        **{f"u{i}": v for i, v in enumerate(values, start=1)},
    )


def test_the_index_is_the_mean_element_score_times_25_with_its_grade(world: Any) -> None:
    # Hand computation: NRR U1 = (4+3)/2 = 3.5, the others (3+3)/2 = 3; mean = 27.5/9;
    # IKM = 27.5/9 × 25 = 76.39 → C (65.00–76.60), "Kurang Baik".
    add(world.upt, 2026, 1, [4, 3, 3, 3, 3, 3, 3, 3, 3])
    add(world.upt, 2026, 1, [3, 3, 3, 3, 3, 3, 3, 3, 3])
    add(world.upt, 2026, 2, [4] * 9)
    quarters = unit_index_by_period(world.upt)
    assert [q.label for q in quarters] == ["T1 2026", "T2 2026"]
    assert quarters[0].ikm == pytest.approx(27.5 / 9 * 25)
    assert (quarters[0].grade, quarters[0].performance) == ("C", "Kurang Baik")
    assert quarters[0].nrr["U1"] == 3.5
    assert (quarters[1].ikm, quarters[1].grade) == (100, "A")
    (year,) = unit_index_by_period(world.upt, by="year")
    assert year.respondents == 3
    # the year's NRR is over its questionnaires, not the mean of the quarters' indexes
    assert year.ikm == pytest.approx(91 / 27 * 25)


@pytest.mark.parametrize(("score", "grade"), [(1, "D"), (2, "D"), (3, "C"), (4, "A")])
def test_whole_scores_fall_in_the_regulations_grades(world: Any, score: int, grade: str) -> None:
    # all "Baik" (3) gives 75.00, which the table grades C "Kurang Baik"
    add(world.upt, 2026, 3, [score] * 9)
    assert unit_index_by_period(world.upt)[0].grade == grade


def test_the_results_page_shows_ikm_grade_trend_and_no_comments(
        client: Client, world: Any) -> None:
    add(world.upt, 2025, 4, [3] * 9, comment="Petugas bernama Budi kasar")
    add(world.upt, 2026, 1, [4] * 9)
    response = client.get(reverse("public:results", args=[world.upt.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "100,00" in html or "100.00" in html
    assert "<svg" in html and "<polyline" in html
    assert "T4 2025" in html and "T1 2026" in html
    assert "Budi" not in html


def test_a_unit_without_answers_says_so(client: Client, world: Any) -> None:
    html = client.get(reverse("public:results", args=[world.upt.code])).content.decode()
    assert "Belum ada hasil survei" in html


def test_the_poster_is_an_a4_pdf_for_the_units_operator_and_planners_only(
        client: Client, world: Any, licensing: Any) -> None:
    url = reverse("public:poster", args=[world.upt.code])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(world.operator)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("public:poster", args=[licensing.code])).status_code == 403
    client.force_login(world.staff_user)
    assert client.get(url).status_code == 403
    client.force_login(world.planner)
    assert client.get(reverse("public:poster", args=[licensing.code])).status_code == 200


def test_the_qr_code_carries_the_survey_address() -> None:
    import segno

    from bina.stakeholders.reports import qr_svg

    url = "http://testserver/survei/DINKES-LAB/"
    assert qr_svg(url) == qr_svg(url)
    expected = segno.make(url, error="m")
    assert expected.matrix  # the same encoder; the page is checked by eye (pdftoppm)
    assert "<svg" in qr_svg(url)
