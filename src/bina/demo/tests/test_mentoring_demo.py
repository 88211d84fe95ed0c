"""The demo's mentoring programme: real pairs within the rules, meetings over past months and
the mentees' JP credited with the monthly cap."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

import pytest

from bina.accounts.models import User
from bina.core import mentoring as core
from bina.demo.generator import AGENCY_CODE, generate_demo
from bina.demo.mentoring import generate_mentoring
from bina.mentoring.models import MentoringMeeting, MentoringPair, MentoringProgramme
from bina.mentoring.selectors import match_inputs
from bina.org.models import Agency
from bina.people.models import DevelopmentRecord, DevelopmentSource

AS_OF = dt.date(2026, 11, 28)


@pytest.mark.django_db
def test_the_demo_mentoring_programme_pairs_juniors_and_credits_their_meetings() -> None:
    generate_demo(employees=300, seed=11, as_of=AS_OF)
    agency = Agency.objects.get(code=AGENCY_CODE)
    # the demo already ran this stage: start it again from nothing to count what it makes
    MentoringProgramme.objects.filter(agency=agency).delete()
    DevelopmentRecord.objects.filter(employee__agency=agency,
                                     source=DevelopmentSource.MENTORING).delete()
    planner = User.objects.get(agency=agency, username="perencana")
    summary = generate_mentoring(agency=agency, day=AS_OF, planner=planner,
                                 rng=random.Random(3))
    programme = MentoringProgramme.objects.get(agency=agency, code="MENTOR-2026")
    assert "Pelayanan Publik Digital 2026" in programme.name
    assert summary.mentees > 10 and summary.pairs > 10 and summary.meetings > summary.pairs
    assert programme.coordinator == planner
    # every pair keeps the rules and no mentor is over capacity
    inputs = match_inputs(programme)
    pairs = list(MentoringPair.objects.filter(programme=programme).select_related(
        "mentor", "mentee"))
    load = Counter(p.mentor_id for p in pairs)
    assert all(load[p.mentor_id] <= p.mentor.capacity for p in pairs)
    mentors = {m.pk: m for m in inputs.mentor_rows.values()}
    by_person = {m.person.id: m for m in inputs.mentors}
    by_mentee = {e.person.id: e for e in inputs.mentees}
    for pair in pairs:
        assert mentors[pair.mentor_id].employee.grade.rank >= 12
        assert not core.check_pair(by_person[str(pair.mentor.employee_id)],
                                   by_mentee[str(pair.mentee.employee_id)], inputs.rules)
    # meetings only in the past, in the programme; JP = 2 a session, at most 2 a month
    meetings = MentoringMeeting.objects.filter(pair__programme=programme)
    assert meetings.filter(date__gte=AS_OF).count() == 0
    assert meetings.filter(date__lt=programme.start_date).count() == 0
    for pair in pairs:
        months = Counter((d.year, d.month) for d in pair.meetings.values_list("date", flat=True))
        expected = Decimal(2) * sum(min(n, 2) for n in months.values())
        if months:
            assert pair.record is not None and pair.record.jp == expected
            assert pair.record.source == DevelopmentSource.MENTORING
        else:
            assert pair.record is None
    assert any(n > 2 for pair in pairs for n in Counter(
        (d.year, d.month) for d in pair.meetings.values_list("date", flat=True)).values())
    assert DevelopmentRecord.objects.filter(source=DevelopmentSource.MENTORING).count() == len(
        [p for p in pairs if p.record_id])
    assert summary.swapped and MentoringPair.objects.filter(programme=programme,
                                                            is_fixed=True).count() >= 2
