"""Small evaluation data for the report, impact, action and command tests, on top of the shared
test world (``bina.testing``), made with the ORM so that the tests stand alone.

``evaluated_programme``: programme PRIMA (gain on M.5), one class in 2026 (ended 10 March) with
staff, lab (completed, 10 JP credited) and kabid (not completed); feedback from staff (overall
4) and lab (overall 2); tests staff 40 → 70 and lab 25 → 30 of 50 (= 50 → 60 of 100); a
follow-up of staff rated on M.5; annual predicates 2025–2027 for staff, kabid and kadis.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from bina.delivery.models import Activity, ActivityStatus, Enrollment, Outcome
from bina.evaluation.models import Feedback, FollowUp, FollowUpRating, FollowUpStatus, TestScore
from bina.org.services import unit_create
from bina.people.models import PerformanceRecord
from bina.plan.models import Programme, ProgrammeGain
from bina.reference.models import Competency, DevelopmentPath
from bina.testing import World, make_employee

END = dt.date(2026, 3, 10)


def programme(world: World, code: str = "PRIMA", *, service: bool = True) -> Programme:
    p = Programme.objects.create(
        agency=world.agency, code=code, name="Pelayanan Prima", jp=Decimal(10),
        path=DevelopmentPath.objects.get(code="KL07"), cost_per_participant=500_000,
        seats_per_class=30)
    if service:
        ProgrammeGain.objects.create(programme=p, competency=Competency.objects.get(code="M.5"),
                                     levels=1)
    return p


def activity(world: World, p: Programme, *, code: str, end: dt.date = END,
             people: tuple[Any, ...] = (), completed: tuple[Any, ...] = (),
             planned_cost: int = 6_000_000, realised_cost: int | None = 5_000_000) -> Activity:
    a = Activity.objects.create(
        agency=world.agency, programme=p, code=code, name=f"{p.name} {code}",
        start_date=end - dt.timedelta(days=2), end_date=end, seats=30,
        status=ActivityStatus.COMPLETED, planned_cost=planned_cost, realised_cost=realised_cost)
    for person in people:
        done = person in completed
        Enrollment.objects.create(
            activity=a, employee=person, outcome=Outcome.COMPLETED if done else
            Outcome.NOT_COMPLETED, jp_credited=Decimal(10) if done else None)
    return a


def feedback(e: Enrollment, overall: int, **items: int) -> Feedback:
    values = {"relevance": 4, "speakers": 4, "organisation": 4, "materials": 4} | items
    return Feedback.objects.create(enrollment=e, overall=overall, submitted_at=timezone.now(),
                                   will_apply=f"Menerapkan SOP ({e.employee_id})", **values)


def evaluated_programme(world: World) -> Programme:
    p = programme(world)
    a = activity(world, p, code="PRIMA-2026-01", people=(world.staff, world.lab, world.kabid),
                 completed=(world.staff, world.lab))
    staff = Enrollment.objects.get(activity=a, employee=world.staff)
    lab = Enrollment.objects.get(activity=a, employee=world.lab)
    feedback(staff, 4, relevance=5)
    feedback(lab, 2, relevance=3)
    TestScore.objects.create(enrollment=staff, pre=40, post=70)
    TestScore.objects.create(enrollment=lab, pre=25, post=30, max_score=50)
    follow = FollowUp.objects.create(enrollment=staff, supervisor=world.kabid,
                                     opens_on=END + dt.timedelta(days=60),
                                     due_on=END + dt.timedelta(days=90),
                                     status=FollowUpStatus.DONE)
    FollowUpRating.objects.create(follow_up=follow, competency=Competency.objects.get(code="M.5"),
                                  self_applied=4, supervisor_applied=3, self_level=3,
                                  supervisor_level=3)
    for person, scores in ((world.staff, ("baik", "sangat_baik")),
                           (world.kabid, ("baik", "baik")), (world.kadis, ("baik", "baik"))):
        for year, predicate in zip((2025, 2027), scores, strict=True):
            PerformanceRecord.objects.create(employee=person, year=year, predicate=predicate)
    return p


# --------------------------------------------------------------------------------------------
# Service units with survey responses


QUARTERS = tuple((year, quarter) for year in (2025, 2026) for quarter in (1, 2, 3, 4))


def _nip(i: int) -> str:
    return f"1990{1 + (i // 28) % 12:02d}{1 + i % 28:02d}2015011{i % 1000:03d}"


def service_units(world: World, *, units: int = 6, staff: int = 4,
                  trained_in: dict[int, tuple[int, int]] | None = None,
                  effect: float = 0.4, responses: int = 40, seed: int = 1,
                  quarters: tuple[tuple[int, int], ...] = QUARTERS,
                  ) -> list[Any]:
    """``units`` public-service UPTs under Dinas Kesehatan, ``staff`` each. ``trained_in``:
    unit index → (year, quarter) in which all its staff complete the M.5 programme. Responses:
    ``responses`` per unit-quarter; U6/U7 answers are 4 with probability ``base`` (+
    ``effect``/… from the training on), other elements fixed 3."""
    from bina.stakeholders.models import SurveyResponse

    rng = random.Random(seed)
    p = programme(world, "SVC")
    position = world.staff.position
    made = []
    counter = 500
    trained_in = trained_in or {}
    rows = []
    for i in range(units):
        unit = unit_create(agency=world.agency, code=f"UPT-{i}", name=f"UPT Layanan {i}",
                           kind="upt", parent=world.dinkes, is_public_service=True)
        people = []
        for _ in range(staff):
            counter += 1
            people.append(make_employee(world.agency, unit, position, _nip(counter),
                                        f"Pegawai {counter}"))
        if i in trained_in:
            year, quarter = trained_in[i]
            end = dt.date(year, 3 * quarter - 1, 15)
            activity(world, p, code=f"SVC-{i}", end=end, people=tuple(people),
                     completed=tuple(people))
        base = 0.3 + 0.05 * i
        for year, quarter in quarters:
            treated = i in trained_in and (year, quarter) >= trained_in[i]
            for _ in range(responses):
                share4 = base + (effect if treated else 0.0)
                u6 = 4 if rng.random() < share4 else 3
                u7 = 4 if rng.random() < share4 else 3
                month = 3 * quarter - 1
                rows.append(SurveyResponse(
                    unit=unit, year=year, quarter=quarter,
                    submitted_at=dt.datetime(year, month, 10, tzinfo=dt.UTC),
                    u1=3, u2=3, u3=3, u4=3, u5=3, u6=u6, u7=u7, u8=3, u9=3))
        made.append(unit)
    SurveyResponse.objects.bulk_create(rows)
    return made
