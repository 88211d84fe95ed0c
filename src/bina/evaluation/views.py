"""Pages of reaction (level 1) and learning (level 2): the participant's "Evaluasi saya", the
feedback form and the built-in test; the results of a class (feedback and learning gain),
the summaries per programme, provider and resource person; the score table, its Excel
template and upload; the planner's test questions.

Who may see what is decided in :mod:`bina.evaluation.selectors`."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.accounts.models import User
from bina.delivery.models import Activity, Enrollment
from bina.evaluation import selectors as sel
from bina.evaluation.forms import (
    FeedbackForm,
    MaxScoreForm,
    QuizQuestionForm,
    QuizTakeForm,
    QuizTitleForm,
    ScoresUploadForm,
)
from bina.evaluation.models import Quiz, ScoreSource, TestKind, TestScore
from bina.evaluation.reports import MIN_CELL
from bina.evaluation.scores_io import (
    ScoresFileError,
    TemplateRow,
    read_scores,
    write_scores_template,
)
from bina.evaluation.services import (
    EvaluationError,
    ScoreInput,
    ScoresResult,
    feedback_submit,
    quiz_question_add,
    quiz_question_delete,
    quiz_submit,
    quiz_upsert,
    scores_save,
)
from bina.plan.models import Programme
from bina.web.http import agency_id_of, authenticated_user, int_or_none

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BAND_LABELS = {"low": _("rendah"), "medium": _("sedang"), "high": _("tinggi")}


def _results_user(request: HttpRequest) -> User:
    user = authenticated_user(request)
    agency_id_of(user)
    if not sel.can_view_results(user):
        raise PermissionDenied
    return user


def _activity(user: User, pk: int) -> Activity:
    return get_object_or_404(sel.results_activities(user).select_related(
        "programme__path", "provider"), pk=pk)


def _own_enrollment(user: User, pk: int) -> Enrollment:
    """The user's own enrollment; anyone else's is not found (not even its existence)."""
    if user.employee_id is None:
        raise Http404
    return get_object_or_404(Enrollment.objects.select_related(
        "activity__programme", "activity__agency"), pk=pk, employee_id=user.employee_id)


# --------------------------------------------------------------------------------------------
# The participant's side


@login_required
def my_evaluations(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if user.employee is None:
        return render(request, "evaluation/my_evaluations.html", {"no_employee": True})
    data = sel.my_evaluations(user.employee, timezone.localdate())
    return render(request, "evaluation/my_evaluations.html", {
        "todo": data.todo, "done": data.done, "upcoming": data.upcoming,
        "employee": user.employee})


@login_required
def feedback_form(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    user = authenticated_user(request)
    enrollment = _own_enrollment(user, enrollment_id)
    today = timezone.localdate()
    state = sel.feedback_state(enrollment, today)
    if state != sel.OPEN:
        messages.info(request, _("Umpan balik untuk %(name)s sudah diisi.")
                      % {"name": enrollment.activity.name} if state == sel.DONE else
                      _("Umpan balik untuk %(name)s belum atau tidak dapat diisi.")
                      % {"name": enrollment.activity.name})
        return redirect("evaluation:my")
    speakers = list(enrollment.activity.speakers.select_related("person")
                    .order_by("person__name"))
    form = FeedbackForm(request.POST or None, speakers=speakers)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_submit(enrollment=enrollment, user=user, answers=form.answers(),
                            speaker_scores=form.speaker_scores(),
                            will_apply=form.cleaned_data["will_apply"],
                            comment=form.cleaned_data["comment"], today=today)
        except EvaluationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Terima kasih, umpan balik Anda untuk %(name)s "
                                        "tersimpan.") % {"name": enrollment.activity.name})
            return redirect("evaluation:my")
    return render(request, "evaluation/reaction_form.html", {
        "form": form, "enrollment": enrollment, "activity": enrollment.activity})


@login_required
def quiz_take(request: HttpRequest, enrollment_id: int, kind: str) -> HttpResponse:
    user = authenticated_user(request)
    if kind not in TestKind.values:
        raise Http404
    enrollment = _own_enrollment(user, enrollment_id)
    quiz = Quiz.objects.filter(programme=enrollment.activity.programme).first()
    if quiz is None or not quiz.questions.exists():
        raise Http404
    today = timezone.localdate()
    state = sel.quiz_state(enrollment, kind, today, has_quiz=True)
    if state != sel.OPEN:
        messages.info(request, _("Tes ini sudah dikerjakan.") if state == sel.DONE
                      else _("Tes ini belum atau tidak lagi dapat dikerjakan."))
        return redirect("evaluation:my")
    form = QuizTakeForm(request.POST or None, questions=list(quiz.questions.order_by("number")))
    if request.method == "POST" and form.is_valid():
        try:
            attempt = quiz_submit(enrollment=enrollment, kind=kind, answers=form.answers(),
                                  user=user, today=today)
        except EvaluationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(kind)s tersimpan. Nilai Anda: %(score)s dari 100.")
                             % {"kind": TestKind(kind).label,
                                "score": f"{attempt.score.normalize():f}"})
            return redirect("evaluation:my")
    return render(request, "evaluation/my_quiz.html", {
        "form": form, "quiz": quiz, "enrollment": enrollment, "kind": kind,
        "kind_label": TestKind(kind).label})


# --------------------------------------------------------------------------------------------
# Results


@login_required
def activity_results(request: HttpRequest, pk: int) -> HttpResponse:
    user = _results_user(request)
    activity = _activity(user, pk)
    reaction = sel.activity_reaction(activity)
    learning = sel.class_learning(activity, sel.score_enrollments(user, activity))
    learning_hidden = not sel.can_see_people(user) and 0 < learning.with_both < MIN_CELL
    if learning_hidden:  # leadership: the "class" figures of one person are theirs
        learning = replace(learning, result=None, rows=[],
                           bands=dict.fromkeys(learning.bands, 0))
    bands = [(BAND_LABELS[k], learning.bands[k], k) for k in ("low", "medium", "high")]
    return render(request, "evaluation/reaction_activity.html", {
        "activity": activity, "reaction": reaction, "learning": learning, "bands": bands,
        "undefined": learning.bands["undefined"], "band_labels": BAND_LABELS,
        "show_people": sel.can_see_people(user), "learning_hidden": learning_hidden,
        "can_scores": sel.can_enter_scores(user),
        "can_quiz": sel.can_manage_quiz(user),
    })


@login_required
def reaction_summary(request: HttpRequest) -> HttpResponse:
    user = _results_user(request)
    today = timezone.localdate()
    year = int_or_none(request.GET.get("tahun")) or today.year
    by = request.GET.get("per", "programme")
    if by not in sel.GROUPINGS:
        by = "programme"
    activities = sel.results_activities(user).filter(start_date__year=year)
    rows = sel.reaction_by(activities, by)
    return render(request, "evaluation/reaction_summary.html", {
        "rows": rows, "by": by, "year": year, "years": range(today.year - 3, today.year + 1),
        "groupings": [("programme", _("Per program")), ("provider", _("Per penyelenggara")),
                      ("speaker", _("Per narasumber"))],
        "responses": sum(r.responses for r in rows) if by != "speaker" else None,
        "activities": activities.filter(enrollments__feedback__isnull=False).distinct().count(),
    })


# --------------------------------------------------------------------------------------------
# Scores


def _scores_user(request: HttpRequest) -> User:
    user = _results_user(request)
    if not sel.can_enter_scores(user):
        raise PermissionDenied
    return user


def _class_max(activity: Activity) -> Decimal:
    found = (TestScore.objects.filter(enrollment__activity=activity)
             .values_list("max_score", flat=True).first())
    return found if found is not None else Decimal(100)


def _report(request: HttpRequest, result: ScoresResult, name: str = "") -> None:
    if result.ok:
        messages.success(request, _("%(n)s nilai peserta disimpan.") % {"n": result.saved}
                         + (f" ({name})" if name else ""))
        return
    prefix = f"{name}: " if name else ""
    messages.error(request, prefix + _("ditolak, tidak ada yang disimpan: %(errors)s")
                   % {"errors": "; ".join(str(e) for e in result.errors[:15])}
                   + (f" (+{len(result.errors) - 15})" if len(result.errors) > 15 else ""))


@login_required
def scores(request: HttpRequest, pk: int) -> HttpResponse:
    user = _scores_user(request)
    activity = _activity(user, pk)
    people = list(sel.score_enrollments(user, activity).select_related("employee", "test_score"))
    stored = {e.pk: getattr(e, "test_score", None) for e in people}
    max_form = MaxScoreForm(request.POST or None, initial={"max_score": _class_max(activity)})
    values: dict[int, tuple[str, str]] = {}
    if request.method == "POST":
        values = {e.pk: (request.POST.get(f"pre-{e.pk}", ""), request.POST.get(f"post-{e.pk}", ""))
                  for e in people}
        if max_form.is_valid():
            rows = [ScoreInput(row=i, nip=e.employee.nip, pre=values[e.pk][0],
                               post=values[e.pk][1]) for i, e in enumerate(people, start=1)]
            result = scores_save(activity=activity, rows=rows,
                                 max_score=max_form.cleaned_data["max_score"], user=user,
                                 blank_clears=True, allowed={e.pk for e in people})
            _report(request, result)
            if result.ok:
                return redirect("evaluation:scores", pk=activity.pk)
        else:
            messages.error(request, _("Nilai maksimum harus angka lebih dari 0."))
    table = []
    for number, e in enumerate(people, start=1):
        s = stored[e.pk]
        pre, post = values.get(e.pk, (_fmt(s.pre if s else None), _fmt(s.post if s else None)))
        table.append({"n": number, "e": e, "pre": pre, "post": post,
                      "source": s.get_source_display() if s else ""})
    return render(request, "evaluation/scores_entry.html", {
        "activity": activity, "table": table, "max_form": max_form,
        "upload_form": ScoresUploadForm(), "can_upload": sel.can_upload_scores(user),
    })


def _fmt(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


@login_required
def scores_template(request: HttpRequest, pk: int) -> HttpResponse:
    user = _scores_user(request)
    activity = _activity(user, pk)
    people = sel.score_enrollments(user, activity).select_related("employee", "test_score")
    rows = []
    for e in people:
        s = getattr(e, "test_score", None)
        rows.append(TemplateRow(e.employee.nip, e.employee.name, s.pre if s else None,
                                s.post if s else None))
    buffer = io.BytesIO()
    write_scores_template(buffer, activity_code=activity.code, activity_name=activity.name,
                          max_score=_class_max(activity), rows=rows)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="nilai-{activity.code}.xlsx"'
    return response


@login_required
@require_POST
def scores_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = _scores_user(request)
    if not sel.can_upload_scores(user):
        raise PermissionDenied
    activity = _activity(user, pk)
    form = ScoresUploadForm(request.POST, request.FILES)
    back = redirect("evaluation:scores", pk=activity.pk)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas nilai (.xlsx)."))
        return back
    upload = form.cleaned_data["file"]
    try:
        sheet = read_scores(upload)
    except ScoresFileError as exc:
        messages.error(request, f"{upload.name}: {exc}")
        return back
    if sheet.activity_code and sheet.activity_code != activity.code:
        messages.error(request, _("%(file)s: berkas ini untuk kegiatan %(other)s, bukan "
                                  "%(code)s.") % {"file": upload.name,
                                                  "other": sheet.activity_code,
                                                  "code": activity.code})
        return back
    result = scores_save(activity=activity, rows=sheet.rows,
                         max_score=sheet.max_score or _class_max(activity), user=user,
                         source=ScoreSource.IMPORT)
    _report(request, result, upload.name)
    return back


# --------------------------------------------------------------------------------------------
# The built-in test of a programme


@login_required
def quiz_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    user = authenticated_user(request)
    if not sel.can_manage_quiz(user):
        raise PermissionDenied
    programme = get_object_or_404(Programme, pk=programme_id, agency_id=agency_id_of(user))
    quiz = Quiz.objects.filter(programme=programme).first()
    title_form = QuizTitleForm(initial={"title": quiz.title if quiz else
                                        _("Tes %(name)s") % {"name": programme.name}})
    question_form = QuizQuestionForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "title":
                title_form = QuizTitleForm(request.POST)
                if title_form.is_valid():
                    quiz_upsert(programme=programme, title=title_form.cleaned_data["title"],
                                user=user)
                    messages.success(request, _("Judul tes disimpan."))
                    return redirect("evaluation:quiz_edit", programme_id=programme.pk)
            elif action == "add" and quiz is not None:
                question_form = QuizQuestionForm(request.POST)
                if question_form.is_valid():
                    quiz_question_add(quiz=quiz, text=question_form.cleaned_data["text"],
                                      options=question_form.option_list(),
                                      correct=question_form.cleaned_data["correct"] - 1,
                                      user=user)
                    messages.success(request, _("Soal ditambahkan."))
                    return redirect("evaluation:quiz_edit", programme_id=programme.pk)
            elif action == "delete" and quiz is not None:
                question = get_object_or_404(quiz.questions,
                                             pk=int_or_none(request.POST.get("question")) or 0)
                quiz_question_delete(question=question, user=user)
                messages.success(request, _("Soal dihapus."))
                return redirect("evaluation:quiz_edit", programme_id=programme.pk)
        except EvaluationError as exc:
            messages.error(request, str(exc))
    return render(request, "evaluation/scores_quiz.html", {
        "programme": programme, "quiz": quiz, "title_form": title_form,
        "question_form": question_form,
        "questions": list(quiz.questions.order_by("number")) if quiz else [],
        "attempts": quiz.attempts.count() if quiz else 0,
        "back": int_or_none(request.GET.get("kegiatan")),
    })


def results_url(activity: Activity) -> str:
    return reverse("evaluation:reaction_activity", args=[activity.pk])
