"""The agency's IKM per unit and period: the same numbers as the core, who sees which units,
periods, sample adequacy, the Excel export and complaint handling next to U8."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bina.core import ikm
from bina.stakeholders import selectors as sel
from bina.stakeholders.models import Complaint, ServicePopulation, SurveyResponse

pytestmark = pytest.mark.django_db
WITA = dt.timezone(dt.timedelta(hours=8))


def add(unit: Any, year: int, quarter: int, values: list[int]) -> None:
    SurveyResponse.objects.create(
        unit=unit, year=year, quarter=quarter,
        submitted_at=dt.datetime(year, quarter * 3, 1, 10, tzinfo=WITA),
        **{f"u{i}": v for i, v in enumerate(values, start=1)},
    )


ANSWERS = [
    [4, 3, 3, 3, 3, 3, 3, 3, 3],
    [3, 3, 2, 3, 4, 3, 3, 3, 3],
    [4, 4, 4, 3, 3, 2, 3, 4, 3],
]


def test_the_pages_index_is_the_cores_on_the_same_responses(
        client: Client, world: Any) -> None:
    for values in ANSWERS:
        add(world.upt, 2026, 2, values)
    core = ikm.aggregate([
        ikm.Response("LAB", dt.date(2026, 6, 1), {f"U{i}": v for i, v in enumerate(values, 1)})
        for values in ANSWERS
    ])[0]
    (quarter,) = sel.unit_index_by_period(world.upt)
    assert quarter.ikm_rounded == core.ikm
    assert (quarter.grade, quarter.performance) == (core.mutu, core.kinerja)
    assert quarter.nrr == pytest.approx(dict(core.nrr))
    client.force_login(world.planner)
    html = client.get(reverse("public:ikm") + "?periode=2026-T2").content.decode()
    shown = f"{core.ikm:.2f}".replace(".", ",")
    assert shown in html
    public = client.get(reverse("public:results", args=[world.upt.code])).content.decode()
    assert shown in public


def test_a_value_on_a_grade_boundary_is_graded_as_the_core_grades_it(world: Any) -> None:
    # 2,000 respondents whose index is exactly 88.30: 1 below the A band (88.31)
    # mean NRR = 88.30 / 25 = 3.532 → element sums 3.532 × 2000 = 7064 each
    for values in [[4] * 9] * 1064 + [[3] * 9] * 936:
        add(world.upt, 2026, 1, values)
    (quarter,) = sel.unit_index_by_period(world.upt)
    assert quarter.ikm_rounded == 88.30
    assert quarter.grade == ikm.grade(88.30).mutu == "B"


def test_the_table_needs_a_login_and_a_role_that_reads_units(
        client: Client, world: Any) -> None:
    url = reverse("public:ikm")
    assert "/akun/masuk/" in client.get(url)["Location"]
    client.force_login(world.staff_user)
    assert client.get(url).status_code == 403
    assert client.get(reverse("public:ikm_unit", args=[world.upt.code])).status_code == 403
    assert client.get(reverse("public:ikm_import")).status_code == 403


def test_operators_see_only_their_units_and_leadership_sees_all(
        client: Client, world: Any, licensing: Any) -> None:
    add(world.upt, 2026, 3, [3] * 9)
    add(licensing, 2026, 3, [4] * 9)
    client.force_login(world.operator)
    html = client.get(reverse("public:ikm") + "?periode=2026").content.decode()
    assert world.upt.name in html and licensing.name not in html
    assert client.get(reverse("public:ikm_unit", args=[licensing.code])).status_code == 404
    assert client.get(reverse("public:ikm_unit", args=[world.upt.code])).status_code == 200
    client.force_login(world.leader)
    html = client.get(reverse("public:ikm") + "?periode=2026").content.decode()
    assert world.upt.name in html and licensing.name in html
    assert client.get(reverse("public:ikm_population")).status_code == 403


def test_a_quarter_or_a_semester_takes_only_its_responses(world: Any) -> None:
    add(world.upt, 2026, 1, [1] * 9)
    add(world.upt, 2026, 3, [4] * 9)
    units = sel.service_units_visible(world.planner)
    assert sel.parse_period("2026-t3", default_year=2020) == sel.Period(2026, "quarter", 3)
    assert sel.parse_period("nonsense", default_year=2020) == sel.Period(2020)
    q3 = sel.units_index(units, sel.parse_period("2026-T3", default_year=2026))
    assert q3[world.upt.pk].respondents == 1 and q3[world.upt.pk].ikm == 100
    s1 = sel.units_index(units, sel.Period(2026, "semester", 1))
    assert s1[world.upt.pk].ikm == 25
    year = sel.units_index(units, sel.Period(2026))
    assert year[world.upt.pk].respondents == 2 and year[world.upt.pk].ikm == 62.5
    assert sel.Period(2026, "semester", 2).start == dt.date(2026, 7, 1)
    assert sel.Period(2026, "quarter", 1).end == dt.date(2026, 3, 31)


def test_the_sample_is_checked_against_the_recorded_population(
        client: Client, world: Any) -> None:
    for _i in range(10):
        add(world.upt, 2026, 2, [3] * 9)
    client.force_login(world.operator)
    url = reverse("public:ikm_population") + "?tahun=2026"
    response = client.post(url, {"tahun": "2026", f"pop-{world.upt.pk}": "nol"})
    assert response.status_code == 400
    assert not ServicePopulation.objects.exists()
    response = client.post(url, {"tahun": "2026", f"pop-{world.upt.pk}": "10"})
    assert response.status_code == 302
    assert ServicePopulation.objects.get(unit=world.upt, year=2026).population == 10
    (row,) = sel.agency_table(sel.service_units_visible(world.operator), sel.Period(2026))
    assert (row.population, row.sample_min, row.sample_ok) == (10, 10, True)
    client.post(url, {"tahun": "2026", f"pop-{world.upt.pk}": "100"})
    (row,) = sel.agency_table(sel.service_units_visible(world.operator), sel.Period(2026))
    assert (row.sample_min, row.sample_ok) == (80, False)  # Krejcie–Morgan: 100 → 80
    html = client.get(reverse("public:ikm") + "?periode=2026").content.decode()
    assert "kurang" in html
    # a quarter does not pretend to know the year's sample adequacy
    (row,) = sel.agency_table(sel.service_units_visible(world.operator),
                              sel.Period(2026, "quarter", 2))
    assert row.sample_min is None


def test_the_excel_export_has_a_row_per_unit_with_nrr_and_ikm(
        client: Client, world: Any, licensing: Any) -> None:
    from openpyxl import load_workbook

    for values in ANSWERS:
        add(world.upt, 2026, 2, values)
    client.force_login(world.planner)
    response = client.get(reverse("public:ikm") + "?periode=2026-S1&format=xlsx")
    assert response.status_code == 200
    assert "ikm-2026-S1.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    assert header[:4] == ("Kode unit", "Unit layanan", "Responden", "U1")
    by_code = {r[0]: r for r in rows[3:]}
    lab = by_code[world.upt.code]
    assert lab[2] == 3
    assert lab[header.index("U1")] == pytest.approx(11 / 3, abs=1e-4)
    assert lab[header.index("IKM")] == sel.units_index(
        sel.service_units_visible(world.planner), sel.Period(2026, "semester", 1)
    )[world.upt.pk].ikm
    assert by_code[licensing.code][2] == 0


def test_working_days_count_monday_to_friday() -> None:
    monday = dt.date(2026, 11, 23)
    assert sel.working_days(monday, monday) == 0
    assert sel.working_days(monday, monday + dt.timedelta(days=7)) == 5
    assert sel.working_days(dt.date(2026, 11, 27), dt.date(2026, 11, 30)) == 1  # Fri → Mon
    assert sel.working_days(dt.date(2026, 11, 28), dt.date(2026, 12, 5)) == 5  # Sat → Sat


def complaint(unit: Any, code: str, created: dt.datetime,
              answered: dt.datetime | None = None) -> Complaint:
    return Complaint.objects.create(
        unit=unit, tracking_code=code, text="Lambat", created_at=created, answered_at=answered,
        answer="Sudah" if answered else "", status="dijawab" if answered else "baru")


def test_complaint_handling_shows_median_days_and_the_on_time_share_next_to_u8(
        client: Client, world: Any) -> None:
    monday = dt.datetime(2026, 11, 2, 9, tzinfo=WITA)
    complaint(world.upt, "A1", monday, monday + dt.timedelta(days=1))  # 1 day
    complaint(world.upt, "A2", monday, monday + dt.timedelta(days=3))  # 3 days
    complaint(world.upt, "A3", monday, monday + dt.timedelta(days=14))  # 10 working days
    complaint(world.upt, "A4", monday)  # open for more than 5 working days: late
    complaint(world.upt, "A5", dt.datetime(2026, 11, 27, 9, tzinfo=WITA))  # open, still in time
    add(world.upt, 2026, 4, [3, 3, 3, 3, 3, 3, 3, 2, 3])
    units = sel.service_units_visible(world.planner)
    handling = sel.complaint_handling(units, sel.Period(2026, "quarter", 4),
                                      today=dt.date(2026, 11, 28))[world.upt.pk]
    assert (handling.received, handling.answered, handling.open) == (5, 3, 2)
    assert handling.median_days == 3
    assert (handling.on_time, handling.due) == (2, 4)
    assert handling.on_time_share == 0.5
    client.force_login(world.planner)
    html = client.get(reverse("public:ikm") + "?periode=2026-T4").content.decode()
    section = html[html.index('id="complaint-handling"'):]
    assert "2,00" in section or "2.00" in section  # U8 NRR
    assert "50%" in section and "(2/4)" in section


def test_the_unit_page_draws_the_trend_over_quarters(client: Client, world: Any) -> None:
    add(world.upt, 2025, 4, [3] * 9)
    add(world.upt, 2026, 1, [4] * 9)
    client.force_login(world.operator)
    html = client.get(reverse("public:ikm_unit", args=[world.upt.code])).content.decode()
    assert "<polyline" in html and "T4 2025" in html and "T1 2026" in html
