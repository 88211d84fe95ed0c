"""Small delivery data for the tests: a programme, an activity with one session a day, and
participants (made with the ORM, so that the tests of each service stand alone)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from bina.delivery.models import Activity, ActivitySession, Enrollment, EnrollmentStatus
from bina.plan.models import Programme
from bina.reference.models import DevelopmentPath
from bina.testing import World

TODAY = dt.date(2026, 11, 28)  # the frozen clock's day (bina.testing.FROZEN_NOW)


def make_programme(world: World, code: str = "WS", *, path: str = "KL07", jp: int = 10,
                   name: str = "Workshop Pelayanan Prima") -> Programme:
    found: Programme | None = Programme.objects.filter(agency=world.agency, code=code).first()
    if found is not None:
        return found
    return Programme.objects.create(
        agency=world.agency, code=code, name=name,
        path=DevelopmentPath.objects.get(code=path), jp=Decimal(jp),
        cost_per_participant=500_000, seats_per_class=30)


def make_activity(world: World, code: str = "WS-2026-01", *, start: dt.date = TODAY,
                  days: int = 2, path: str = "KL07", jp: int = 10,
                  people: tuple[Any, ...] = (), seats: int = 30, min_attendance: int = 80,
                  start_time: dt.time | None = dt.time(8, 0), **extra: Any) -> Activity:
    """An activity of ``days`` consecutive days (one session a day, codes ``{code}S{n}``
    shortened), with ``people`` enrolled as participants."""
    programme = make_programme(world, code.split("-")[0], path=path, jp=jp)
    activity = Activity.objects.create(
        agency=world.agency, programme=programme, code=code,
        name=extra.pop("name", f"{programme.name} Angkatan 1"), start_date=start,
        end_date=start + dt.timedelta(days=days - 1), seats=seats,
        min_attendance=min_attendance, place=extra.pop("place", "Aula BKPSDM"),
        provider_name=extra.pop("provider_name", "BPSDM Provinsi Gorontalo"),
        planned_cost=extra.pop("planned_cost", 5_000_000), **extra)
    prefix = "".join(ch for ch in code.upper() if ch.isalnum())[:4]
    for i in range(days):
        ActivitySession.objects.create(
            activity=activity, date=start + dt.timedelta(days=i), start_time=start_time,
            end_time=dt.time(16, 0) if start_time else None, topic=f"Hari {i + 1}",
            code=f"{prefix}{activity.pk % 100:02d}{i + 1:02d}"[:12])
    for person in people:
        Enrollment.objects.create(activity=activity, employee=person,
                                  status=EnrollmentStatus.ENROLLED)
    return activity


def enrollment(activity: Activity, person: Any) -> Enrollment:
    return Enrollment.objects.get(activity=activity, employee=person)
