"""Reaction (level 1): who may give feedback and when, once only, speakers rated, and the
results per class, programme, provider and resource person."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bina.audit.models import AuditEvent
from bina.delivery.attendance import activity_complete
from bina.delivery.models import (
    Activity,
    ActivitySpeaker,
    Attendance,
    AttendanceStatus,
    CheckInMethod,
    Enrollment,
    EnrollmentStatus,
    ResourcePerson,
)
from bina.delivery.tests.factories import TODAY, enrollment, make_activity
from bina.evaluation import selectors as sel
from bina.evaluation.models import Feedback, SpeakerRating
from bina.evaluation.services import EvaluationError, feedback_submit
from bina.org.models import Organisation

ANSWERS = {"relevance": 5, "speakers": 4, "organisation": 4, "materials": 3, "overall": 4}


def attend(activity: Activity, *people: Any, status: str = AttendanceStatus.PRESENT) -> None:
    for person in people:
        e = enrollment(activity, person)
        for session in activity.sessions.all():
            Attendance.objects.create(session=session, enrollment=e, status=status,
                                      method=CheckInMethod.ORGANISER)


def speaker(world: Any, activity: Activity, name: str = "Dr. Hamid Ali") -> ResourcePerson:
    person, _ = ResourcePerson.objects.get_or_create(agency=world.agency, name=name)
    ActivitySpeaker.objects.create(activity=activity, person=person, topic="Pelayanan prima")
    return person


def held_class(world: Any, code: str = "WS-2026-01", *, people: tuple[Any, ...] = (),
               days_ago: int = 10, **extra: Any) -> Activity:
    """A two-day class that ended ``days_ago`` days before today, everyone present."""
    people = people or (world.staff, world.lab, world.kabid)
    activity = make_activity(world, code, start=TODAY - dt.timedelta(days=days_ago), days=2,
                             people=people, **extra)
    attend(activity, *people)
    return activity


def submit(world: Any, activity: Activity, person: Any, user: Any, **answers: int) -> Feedback:
    person_ids = list(activity.speakers.values_list("person_id", flat=True))
    return feedback_submit(enrollment=enrollment(activity, person), user=user,
                           answers={**ANSWERS, **answers},
                           speaker_scores={pid: answers.get("speaker", 4) for pid in person_ids},
                           will_apply="Menyusun SOP layanan", comment="Waktu praktik ditambah")


def test_a_participant_who_attended_a_finished_class_gives_feedback_once(world: Any) -> None:
    activity = held_class(world)
    hamid = speaker(world, activity)
    feedback = submit(world, activity, world.staff, world.staff_user, speaker=5)
    assert feedback.overall == 4 and feedback.comment == "Waktu praktik ditambah"
    assert SpeakerRating.objects.get(feedback=feedback).speaker == hamid
    assert SpeakerRating.objects.get(feedback=feedback).score == 5
    event = AuditEvent.objects.get(action="evaluation.feedback")
    assert event.changes == {}  # who responded, never what
    with pytest.raises(EvaluationError, match="sudah mengisi"):
        submit(world, activity, world.staff, world.staff_user)
    assert Feedback.objects.count() == 1


def test_someone_else_cannot_give_feedback_for_a_participant(world: Any) -> None:
    activity = held_class(world)
    with pytest.raises(EvaluationError, match="peserta sendiri"):
        submit(world, activity, world.staff, world.kabid_user)
    with pytest.raises(EvaluationError, match="peserta sendiri"):
        submit(world, activity, world.staff, world.planner)
    assert not Feedback.objects.exists()


def test_feedback_opens_only_after_the_last_session(world: Any) -> None:
    running = make_activity(world, "WS-2026-02", start=TODAY, days=2, people=(world.staff,))
    attend(running, world.staff)
    e = enrollment(running, world.staff)
    assert sel.feedback_state(e, TODAY) == sel.NOT_YET
    with pytest.raises(EvaluationError, match="belum atau tidak"):
        submit(world, running, world.staff, world.staff_user)
    assert sel.feedback_state(e, TODAY + dt.timedelta(days=1)) == sel.OPEN


def test_a_participant_who_never_attended_or_is_waiting_cannot_give_feedback(
        world: Any) -> None:
    activity = make_activity(world, start=TODAY - dt.timedelta(days=5), days=1,
                             people=(world.staff,))
    Enrollment.objects.create(activity=activity, employee=world.lab,
                              status=EnrollmentStatus.WAITING, waitlist_rank=1)
    attend(activity, world.staff, status=AttendanceStatus.ABSENT)
    assert sel.feedback_state(enrollment(activity, world.staff), TODAY) == sel.CLOSED
    assert sel.feedback_state(enrollment(activity, world.lab), TODAY) == sel.CLOSED
    with pytest.raises(EvaluationError):
        submit(world, activity, world.staff, world.staff_user)


def test_a_completed_class_is_open_to_those_who_completed_it(world: Any) -> None:
    activity = held_class(world, days_ago=3)
    activity_complete(activity=activity, user=world.planner)
    e = enrollment(activity, world.staff)
    assert e.outcome == "selesai"
    assert sel.feedback_state(e, TODAY) == sel.OPEN


def test_every_speaker_must_be_rated_and_only_the_class_speakers(world: Any) -> None:
    activity = held_class(world)
    hamid = speaker(world, activity)
    other = ResourcePerson.objects.create(agency=world.agency, name="Ir. Lain")
    e = enrollment(activity, world.staff)
    with pytest.raises(EvaluationError, match="setiap narasumber"):
        feedback_submit(enrollment=e, user=world.staff_user, answers=ANSWERS, speaker_scores={})
    with pytest.raises(EvaluationError, match="bukan narasumber"):
        feedback_submit(enrollment=e, user=world.staff_user, answers=ANSWERS,
                        speaker_scores={hamid.pk: 4, other.pk: 5})
    with pytest.raises(EvaluationError, match="1–5"):
        feedback_submit(enrollment=e, user=world.staff_user, answers=ANSWERS,
                        speaker_scores={hamid.pk: 6})
    assert not Feedback.objects.exists()


def test_a_likert_answer_outside_one_to_five_is_refused(world: Any) -> None:
    activity = held_class(world)
    with pytest.raises(EvaluationError, match="1–5"):
        submit(world, activity, world.staff, world.staff_user, overall=0)
    assert not Feedback.objects.exists()


def test_the_class_results_give_means_with_intervals_rate_and_anonymous_comments(
        world: Any) -> None:
    activity = held_class(world)
    speaker(world, activity)
    submit(world, activity, world.staff, world.staff_user, overall=5, speaker=5)
    submit(world, activity, world.lab, world.staff_user.__class__.objects.create_user(
        username="lab", password="x", role="employee", agency=world.agency,
        employee=world.lab), overall=3, speaker=3)
    result = sel.activity_reaction(activity)
    assert result.responses == 2 and result.eligible == 3
    assert result.rate == pytest.approx(2 / 3)
    overall = next(r for r in result.items if r.key == "overall").summary
    assert overall.mean == pytest.approx(4.0)
    assert overall.ci_low is not None and overall.ci_low < 4.0 < overall.ci_high  # type: ignore[operator]
    assert result.speakers[0].summary.n == 2 and result.speakers[0].summary.mean == 4.0
    assert result.comments == ["Waktu praktik ditambah"] * 2
    assert all(world.staff.name not in c for c in result.comments)


def test_summaries_rank_programmes_providers_and_speakers(world: Any) -> None:
    good = Organisation.objects.create(agency=world.agency, name="LAN RI", kind="pemerintah")
    a = held_class(world, "WS-2026-01", provider=good)
    b = held_class(world, "PP-2026-01", people=(world.staff,), provider_name="Lembaga X")
    hamid = speaker(world, a)
    speaker(world, b, "Ir. Budi")
    from bina.accounts.models import User

    lab_user = User.objects.create_user(username="lab", password="x", role="employee",
                                        agency=world.agency, employee=world.lab)
    submit(world, a, world.staff, world.staff_user, overall=5, speaker=5)
    submit(world, a, world.lab, lab_user, overall=4, speaker=5)
    submit(world, b, world.staff, world.staff_user, overall=2, speaker=2)
    activities = Activity.objects.filter(agency=world.agency)
    programmes = sel.reaction_by(activities, "programme")
    assert [r.key for r in programmes] == [a.programme_id, b.programme_id]
    assert programmes[0].responses == 2 and programmes[0].eligible == 3
    assert programmes[0].main.mean == pytest.approx(4.5)
    providers = sel.reaction_by(activities, "provider")
    assert [r.label for r in providers] == ["LAN RI", "Lembaga X"]
    speakers = sel.reaction_by(activities, "speaker")
    assert speakers[0].key == hamid.pk and speakers[0].responses == 2
    assert speakers[1].label == "Ir. Budi" and speakers[1].main.n == 1
