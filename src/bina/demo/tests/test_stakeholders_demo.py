"""The demo's public voice: survey responses in every quarter of every public service unit,
treatment quarters from the delivery demo (impact spec), complaints, deterministic."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import numpy as np
import pytest
from django.db.models import Count, F
from django.utils import timezone

from bina.demo.generator import generate_demo
from bina.demo.stakeholders import (
    EFFECT,
    PER_QUARTER,
    THRESHOLD,
    _scores,
    delete_stakeholders,
    generate_stakeholders,
)
from bina.org.models import Agency, Unit
from bina.stakeholders.models import Complaint, ServicePopulation, SurveyResponse

AS_OF = dt.date(2026, 11, 28)


def _fingerprint() -> list[tuple[object, ...]]:
    return list(SurveyResponse.objects.order_by("unit__code", "submitted_at", "u1", "u6")
                .values_list("unit__code", "submitted_at", "u1", "u6", "u7", "u9", "comment"))


@pytest.mark.django_db
def test_the_demo_surveys_every_service_unit_in_every_quarter_it_existed() -> None:
    generate_demo(employees=300, seed=2026, as_of=AS_OF)
    agency = Agency.objects.get(code="prov-gorontalo")
    summary = generate_stakeholders(agency=agency, day=AS_OF, rng=random.Random(7))
    units = list(Unit.objects.filter(agency=agency, is_public_service=True))
    assert summary.units == len(units) > 5
    assert summary.quarters == 12  # 2024-T1 … 2026-T4
    assert summary.responses == SurveyResponse.objects.count()
    per = {(r["unit_id"], r["year"], r["quarter"]): r["n"] for r in SurveyResponse.objects
           .values("unit_id", "year", "quarter").annotate(n=Count("id"))}
    for unit in units:
        if unit.valid_to is None and unit.valid_from <= dt.date(2024, 1, 1):
            for year, quarter in [(2024, 1), (2024, 4), (2025, 2), (2026, 3)]:
                assert PER_QUARTER[0] <= per[(unit.pk, year, quarter)] <= PER_QUARTER[1]
            assert 0 < per[(unit.pk, 2026, 4)] < PER_QUARTER[1]  # the quarter so far
        closed = unit.valid_to
        if closed is not None:
            assert not SurveyResponse.objects.filter(
                unit=unit, submitted_at__date__gte=closed).exists()
    for moment, year, quarter in SurveyResponse.objects.values_list(
            "submitted_at", "year", "quarter")[:2000]:
        local = timezone.localtime(moment)
        assert (local.year, (local.month - 1) // 3 + 1) == (year, quarter)
        assert local.weekday() < 5 and 8 <= local.hour < 16
        assert local.date() <= AS_OF
    channels = Counter(SurveyResponse.objects.values_list("channel", flat=True))
    assert channels["web"] > channels["impor"] > channels["api"] > 0
    assert SurveyResponse.objects.exclude(comment="").exists()

    # treatment quarters: as many units as the summary says, each at or above the threshold
    assert sum(summary.treatment_quarters.values()) + summary.never_treated == len(units)
    for code, treated in summary.treatment_by_unit.items():
        if treated is not None:
            assert summary.trained_share[code] >= THRESHOLD

    complaints = Complaint.objects.all()
    assert summary.complaints == complaints.count() > 0
    assert complaints.filter(answered_at__isnull=True).exists()
    assert complaints.filter(answered_at__isnull=False).exists()
    assert complaints.exclude(contact_name="").exists()
    assert not complaints.filter(answered_at__lt=F("created_at")).exists()
    assert ServicePopulation.objects.filter(year=2026).exists()

    before = _fingerprint()
    again = generate_stakeholders(agency=agency, day=AS_OF, rng=random.Random(7))
    assert again.responses == summary.responses
    assert _fingerprint() == before  # the same rng gives the same data, not twice as much
    delete_stakeholders(agency=agency)
    assert not SurveyResponse.objects.exists() and not Complaint.objects.exists()


def test_the_scores_move_by_the_effect_on_u6_and_u7_only() -> None:
    """The simulated effect: the same unit with U6 and U7 shifted by EFFECT gives whole scores
    whose means move by about +0.2 there and not elsewhere."""
    gen = np.random.default_rng(5)
    base = np.full(9, 3.1)
    means = []
    for shift in (0.0, EFFECT):
        shifted = base.copy()
        shifted[5] += shift
        shifted[6] += shift
        scores = _scores(shifted, 20_000, gen)
        assert scores.min() >= 1 and scores.max() <= 4
        means.append(scores.mean(axis=0))
    gain = means[1] - means[0]
    assert gain[5] == pytest.approx(0.2, abs=0.03) and gain[6] == pytest.approx(0.2, abs=0.03)
    assert abs(gain[0]) < 0.03 and abs(gain[8]) < 0.03
