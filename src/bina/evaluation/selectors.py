"""Reads of reaction (level 1) and learning (level 2): who may do or see what, which feedback
forms and tests a participant still has to do, and the results of a class, a programme, a
provider and a resource person.

Who may see what: a participant only their own forms; the results of a class are for the
people who may open the class (``delivery.selectors.activities_for``: agency-wide roles all,
an operator the classes with participants of their unit); leadership reads only and sees no
names. Comments are shown without the participant's name, in a neutral order (by text), so
organisers cannot tell who wrote what. Scores: admin and planner for everyone, an operator
for the participants of their unit; upload and the test's questions: admin and planner.

When a participant may give feedback: they are a participant (not waiting, withdrawn or
replaced) of a class that is not cancelled, the class is completed or its last session has
been held, and they attended (completed it, or were present or late at one session at least).
The pre-test is open until the class starts (its first day included); the post-test once the
last session is held, for those who attended. Each only once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from bina.accounts.models import Role, User
from bina.core.learning import (
    ClassGain,
    LikertSummary,
    PrePost,
    ReactionAnswer,
    class_gain,
    likert_summary,
    summarise_reactions,
)
from bina.delivery import selectors as delivery_sel
from bina.delivery.models import (
    Activity,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    Enrollment,
    EnrollmentStatus,
    Outcome,
    ResourcePerson,
)
from bina.evaluation.models import (
    Feedback,
    Quiz,
    QuizAttempt,
    SpeakerRating,
    TestKind,
    TestScore,
)
from bina.people.models import Employee

OPEN, DONE, NOT_YET, CLOSED = "open", "done", "not_yet", "closed"
ITEMS = ("relevance", "speakers", "organisation", "materials", "overall")
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
GROUPINGS = ("programme", "provider", "speaker")


def item_label(item: str) -> str:
    return str(Feedback._meta.get_field(item).verbose_name).capitalize()  # type: ignore[union-attr]


# --------------------------------------------------------------------------------------------
# Access


def can_view_results(user: User) -> bool:
    return delivery_sel.can_browse(user)


def results_activities(user: User) -> QuerySet[Activity]:
    return delivery_sel.activities_for(user)


def can_enter_scores(user: User) -> bool:
    return user.is_authenticated and user.role in {Role.ADMIN, Role.PLANNER, Role.OPERATOR}


def can_upload_scores(user: User) -> bool:
    return user.is_authenticated and user.role in {Role.ADMIN, Role.PLANNER}


def can_manage_quiz(user: User) -> bool:
    return user.is_authenticated and user.role in {Role.ADMIN, Role.PLANNER}


def can_see_people(user: User) -> bool:
    """Names next to scores and gains: not for read-only leadership (aggregates only)."""
    return user.is_authenticated and user.role != Role.LEADERSHIP


def score_enrollments(user: User, activity: Activity) -> QuerySet[Enrollment]:
    """The participants whose scores ``user`` may see and change."""
    return (delivery_sel.visible_enrollments(user, activity)
            .filter(status=EnrollmentStatus.ENROLLED).order_by("employee__name"))


# --------------------------------------------------------------------------------------------
# What a participant may do, and when


@dataclass(frozen=True)
class Facts:
    last_session: dt.date
    attended: bool
    has_feedback: bool
    attempts: frozenset[str]


def _attended_q() -> Exists:
    return Exists(Attendance.objects.filter(enrollment=OuterRef("pk"), status__in=ATTENDED))


def annotate_facts(qs: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    return qs.annotate(
        ev_last_session=Max("activity__sessions__date"),
        ev_attended=_attended_q(),
        ev_feedback=Exists(Feedback.objects.filter(enrollment=OuterRef("pk"))),
        ev_pre=Exists(QuizAttempt.objects.filter(enrollment=OuterRef("pk"), kind=TestKind.PRE)),
        ev_post=Exists(QuizAttempt.objects.filter(enrollment=OuterRef("pk"),
                                                  kind=TestKind.POST)))


def facts_of(enrollment: Enrollment) -> Facts:
    """From :func:`annotate_facts`' annotations when present, else with a few queries."""
    if hasattr(enrollment, "ev_attended"):
        last = getattr(enrollment, "ev_last_session", None) or enrollment.activity.end_date
        attempts = {k for k, flag in ((TestKind.PRE, getattr(enrollment, "ev_pre", False)),
                                      (TestKind.POST, getattr(enrollment, "ev_post", False)))
                    if flag}
        return Facts(last, bool(getattr(enrollment, "ev_attended", False)),
                     bool(getattr(enrollment, "ev_feedback", False)),
                     frozenset(str(a) for a in attempts))
    last = (enrollment.activity.sessions.aggregate(d=Max("date"))["d"]
            or enrollment.activity.end_date)
    attended = enrollment.attendance.filter(status__in=ATTENDED).exists()
    return Facts(last, attended, Feedback.objects.filter(enrollment=enrollment).exists(),
                 frozenset(QuizAttempt.objects.filter(enrollment=enrollment)
                           .values_list("kind", flat=True)))


def _over(enrollment: Enrollment, facts: Facts, today: dt.date) -> bool:
    return enrollment.activity.status == ActivityStatus.COMPLETED or facts.last_session <= today


def _took_part(enrollment: Enrollment, facts: Facts) -> bool:
    return enrollment.outcome == Outcome.COMPLETED or facts.attended


def feedback_state(enrollment: Enrollment, today: dt.date, facts: Facts | None = None) -> str:
    facts = facts or facts_of(enrollment)
    if facts.has_feedback:
        return DONE
    if (enrollment.status != EnrollmentStatus.ENROLLED
            or enrollment.activity.status == ActivityStatus.CANCELLED):
        return CLOSED
    if not _over(enrollment, facts, today):
        return NOT_YET
    return OPEN if _took_part(enrollment, facts) else CLOSED


def quiz_state(enrollment: Enrollment, kind: str, today: dt.date, *, has_quiz: bool,
               facts: Facts | None = None) -> str:
    if not has_quiz:
        return CLOSED
    facts = facts or facts_of(enrollment)
    if kind in facts.attempts:
        return DONE
    if (enrollment.status != EnrollmentStatus.ENROLLED
            or enrollment.activity.status == ActivityStatus.CANCELLED):
        return CLOSED
    if kind == TestKind.PRE:
        return (OPEN if enrollment.activity.status == ActivityStatus.SCHEDULED
                and today <= enrollment.activity.start_date else CLOSED)
    if not _over(enrollment, facts, today):
        return NOT_YET
    return OPEN if _took_part(enrollment, facts) else CLOSED


@dataclass(frozen=True)
class MyItem:
    enrollment: Enrollment
    kind: str  # "feedback" | "pre" | "post"
    state: str
    label: str
    done_at: dt.datetime | None = None
    score: Decimal | None = None


@dataclass(frozen=True)
class MyEvaluations:
    todo: list[MyItem]
    done: list[MyItem]
    upcoming: list[MyItem]


def my_evaluations(employee: Employee, today: dt.date) -> MyEvaluations:
    """The feedback forms and tests of ``employee``: to do now, done, and coming later."""
    enrollments = list(annotate_facts(
        Enrollment.objects.filter(employee=employee, status=EnrollmentStatus.ENROLLED)
        .exclude(activity__status=ActivityStatus.CANCELLED)
        .select_related("activity__programme", "feedback"))
        .order_by("-activity__start_date"))
    quizzes = set(Quiz.objects.filter(
        programme_id__in={e.activity.programme_id for e in enrollments},
        questions__isnull=False).values_list("programme_id", flat=True))
    attempts = {(a.enrollment_id, a.kind): a for a in
                QuizAttempt.objects.filter(enrollment__in=[e.pk for e in enrollments])}
    todo: list[MyItem] = []
    done: list[MyItem] = []
    upcoming: list[MyItem] = []
    for e in enrollments:
        facts = facts_of(e)
        has_quiz = e.activity.programme_id in quizzes
        items = []
        state = feedback_state(e, today, facts)
        items.append(MyItem(e, "feedback", state, _("Umpan balik kegiatan"),
                            e.feedback.submitted_at if state == DONE else None))
        for kind, label in ((TestKind.PRE, _("Pre-test")), (TestKind.POST, _("Post-test"))):
            if not has_quiz:
                continue
            state = quiz_state(e, kind, today, has_quiz=True, facts=facts)
            attempt = attempts.get((e.pk, kind))
            items.append(MyItem(e, str(kind), state, label,
                                attempt.submitted_at if attempt else None,
                                attempt.score if attempt else None))
        for item in items:
            {OPEN: todo, DONE: done, NOT_YET: upcoming}.get(item.state, []).append(item)
    return MyEvaluations(todo, done, upcoming)


# --------------------------------------------------------------------------------------------
# Reaction results


def eligible_enrollments(activities: QuerySet[Activity] | Iterable[int]) -> QuerySet[Enrollment]:
    """Participants who may give feedback once the class is over (the response rate's
    denominator)."""
    return (Enrollment.objects.filter(activity__in=activities, status=EnrollmentStatus.ENROLLED)
            .filter(Q(outcome=Outcome.COMPLETED) | Q(_attended_q())))


@dataclass(frozen=True)
class ItemRow:
    key: str
    label: str
    summary: LikertSummary


@dataclass(frozen=True)
class SpeakerRow:
    person: ResourcePerson
    summary: LikertSummary


@dataclass(frozen=True)
class ActivityReaction:
    responses: int
    eligible: int
    items: list[ItemRow]
    speakers: list[SpeakerRow]
    will_apply: list[str]
    comments: list[str]

    @property
    def rate(self) -> float | None:
        return None if not self.eligible else self.responses / self.eligible


def activity_reaction(activity: Activity) -> ActivityReaction:
    feedback = list(Feedback.objects.filter(enrollment__activity=activity)
                    .values(*ITEMS, "will_apply", "comment"))
    items = [ItemRow(item, item_label(item), likert_summary(item, [f[item] for f in feedback]))
             for item in ITEMS]
    ratings: dict[int, list[int]] = defaultdict(list)
    for person_id, score in SpeakerRating.objects.filter(
            feedback__enrollment__activity=activity).values_list("speaker_id", "score"):
        ratings[person_id].append(score)
    people = {p.pk: p for p in ResourcePerson.objects.filter(
        Q(pk__in=ratings) | Q(engagements__activity=activity)).distinct()}
    speakers = sorted((SpeakerRow(people[pid], likert_summary("speaker", ratings.get(pid, [])))
                       for pid in people), key=lambda r: r.person.name)
    return ActivityReaction(
        responses=len(feedback),
        eligible=eligible_enrollments([activity.pk]).count(),
        items=items, speakers=speakers,
        will_apply=sorted(f["will_apply"] for f in feedback if f["will_apply"].strip()),
        comments=sorted(f["comment"] for f in feedback if f["comment"].strip()))


@dataclass(frozen=True)
class GroupRow:
    key: Hashable
    label: str
    detail: str
    activities: int
    responses: int
    eligible: int | None
    main: LikertSummary  # overall satisfaction, or the speaker's rating
    items: list[LikertSummary] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return None if not self.eligible else self.responses / self.eligible


def _rank(rows: list[GroupRow]) -> list[GroupRow]:
    return sorted(rows, key=lambda r: (-(r.main.mean or 0.0), -r.main.n, r.label))


def reaction_by(activities: QuerySet[Activity], by: str) -> list[GroupRow]:
    """Feedback summarised per programme, per provider or per resource person (``by``),
    ranked by the mean (overall satisfaction; the speaker's rating), with the number of
    answers. Only the given activities count."""
    if by == "speaker":
        return _by_speaker(activities)
    prefix = "enrollment__activity__"
    key_fields = tuple(prefix + f for f in (
        ("programme_id", "programme__code", "programme__name") if by == "programme"
        else ("provider_id", "provider__name", "provider_name")))
    rows = Feedback.objects.filter(enrollment__activity__in=activities).values_list(
        *key_fields, "enrollment__activity_id", *ITEMS)
    answers: list[ReactionAnswer] = []
    labels: dict[Hashable, tuple[str, str]] = {}
    acts: dict[Hashable, set[int]] = defaultdict(set)
    responses: Counter[Hashable] = Counter()
    for row in rows:
        key, a, b, activity_id, *scores = row
        if by == "programme":
            group: Hashable = key
            labels[group] = (b, a)
        else:
            group = key if key is not None else f"name:{b or ''}".strip()
            labels[group] = ((a or b or _("(tanpa penyelenggara)")), "")
        acts[group].add(activity_id)
        responses[group] += 1
        for item, score in zip(ITEMS, scores, strict=True):
            answers.append(ReactionAnswer(group, item, score))
    summaries = summarise_reactions(answers)
    eligible: Counter[Hashable] = Counter()
    group_of_activity = {a: g for g, ids in acts.items() for a in ids}
    for activity_id in eligible_enrollments(list(group_of_activity)).values_list(
            "activity_id", flat=True):
        eligible[group_of_activity[activity_id]] += 1
    out = []
    for group, items in summaries.items():
        by_item = {s.item: s for s in items}
        out.append(GroupRow(group, labels[group][0], labels[group][1], len(acts[group]),
                            responses[group], eligible[group], by_item["overall"],
                            [by_item[i] for i in ITEMS]))
    return _rank(out)


def _by_speaker(activities: QuerySet[Activity]) -> list[GroupRow]:
    rows = SpeakerRating.objects.filter(
        feedback__enrollment__activity__in=activities).values_list(
        "speaker_id", "score", "feedback__enrollment__activity_id")
    scores: dict[int, list[int]] = defaultdict(list)
    acts: dict[int, set[int]] = defaultdict(set)
    for person_id, score, activity_id in rows:
        scores[person_id].append(score)
        acts[person_id].add(activity_id)
    people = ResourcePerson.objects.filter(pk__in=scores).select_related("organisation")
    return _rank([GroupRow(p.pk, p.name, p.home_label, len(acts[p.pk]), len(scores[p.pk]), None,
                           likert_summary("speaker", scores[p.pk])) for p in people])


# --------------------------------------------------------------------------------------------
# Learning results


@dataclass(frozen=True)
class LearningRow:
    enrollment: Enrollment
    score: TestScore | None
    gain: float | None
    band: str | None
    undefined: bool  # pre = max: no gain


@dataclass(frozen=True)
class ClassLearning:
    rows: list[LearningRow]  # the participants the user may see
    result: ClassGain | None  # the whole class (people with both tests)
    bands: dict[str, int]  # low / medium / high / undefined
    participants: int
    with_both: int
    max_score: Decimal
    scaled: bool  # the class mixed maxima: computed on the 0–100 scale
    with_any: int = 0  # participants with at least one score


def class_learning(activity: Activity, visible: QuerySet[Enrollment]) -> ClassLearning:
    """Per-person normalised gain and the class's ⟨g⟩ and mean individual gain
    (:func:`bina.core.learning.class_gain`). The class figures use every participant with both
    tests; the rows only those in ``visible``."""
    participants = list(Enrollment.objects.filter(activity=activity,
                                                  status=EnrollmentStatus.ENROLLED))
    scores = {s.enrollment_id: s for s in TestScore.objects.filter(
        enrollment__activity=activity, enrollment__status=EnrollmentStatus.ENROLLED)}
    both = [s for s in scores.values() if s.pre is not None and s.post is not None]
    maxima = {s.max_score for s in both} or {s.max_score for s in scores.values()}
    scaled = len(maxima) > 1
    max_score = Decimal(100) if scaled or not maxima else next(iter(maxima))
    result: ClassGain | None = None
    if both:
        def scale(value: Decimal, s: TestScore) -> float:
            return float(value * 100 / s.max_score) if scaled else float(value)

        result = class_gain([PrePost(str(s.enrollment_id), scale(s.pre, s),  # type: ignore[arg-type]
                                     scale(s.post, s)) for s in both],  # type: ignore[arg-type]
                            float(max_score))
    gains = {int(p.person): p for p in result.people} if result else {}
    bands = {"low": 0, "medium": 0, "high": 0, "undefined": 0}
    for p in gains.values():
        bands[p.band or "undefined"] += 1
    rows = []
    for e in visible.filter(status=EnrollmentStatus.ENROLLED).select_related(
            "employee__unit").order_by("employee__name"):
        g = gains.get(e.pk)
        rows.append(LearningRow(e, scores.get(e.pk), g.gain if g else None,
                                g.band if g else None, bool(g and g.gain is None)))
    return ClassLearning(rows, result, bands, len(participants), len(both), max_score, scaled,
                         len(scores))
