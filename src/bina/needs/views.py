"""Pages of the needs-analysis stage (analisis kebutuhan): the planner's rounds, tracking,
interviews and results; the employee's and supervisor's questionnaires.

Who may do what:
- admin and planner: everything on the planner pages;
- leadership: the list of rounds and the results (aggregates only), read-only;
- every employee: their own tasks; a supervisor rates the subordinates frozen in the round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.accounts import selectors as access
from bina.accounts.models import Role, User
from bina.evaluation.actions import carried_into
from bina.needs import selectors
from bina.needs.charts import chart_frame
from bina.needs.forms import (
    ABILITY_LABELS,
    IMPORTANCE_LABELS,
    AssessmentForm,
    InterviewForm,
    RoundCreateForm,
)
from bina.needs.models import (
    NeedsRound,
    Participant,
    RoundCompetency,
    RoundStandard,
    RoundStatus,
)
from bina.needs.reminders import participants_remind
from bina.needs.services import (
    RoundError,
    SelfAnswer,
    interview_record,
    round_close,
    round_create,
    round_open,
    self_assessment_submit,
    supervisor_rating_submit,
)
from bina.org.models import Unit
from bina.people.models import Employee
from bina.reference.models import Competency, CompetencyLevel
from bina.web.http import agency_id_of, authenticated_user, int_or_none, querystring_without_page

PLANNING = {Role.ADMIN, Role.PLANNER}
TOP = 10  # priorities listed (and labelled on the chart) unless the planner asks for all
HEAT_COLUMNS = 10


# --------------------------------------------------------------------------------------------
# Access


def _planner(request: HttpRequest) -> User:
    user = authenticated_user(request)
    if user.role not in PLANNING:
        raise PermissionDenied
    return user


def _reader(request: HttpRequest) -> User:
    """Agency-wide roles: admin, planner and (read-only) leadership."""
    user = authenticated_user(request)
    if user.role not in access.AGENCY_WIDE:
        raise PermissionDenied
    return user


def _round(user: User, code: str) -> NeedsRound:
    return get_object_or_404(NeedsRound.objects.select_related("agency"),
                             agency_id=agency_id_of(user), code=code)


def _opd_units(user: User) -> Any:
    return Unit.objects.filter(agency_id=agency_id_of(user), parent__isnull=True,
                               valid_to__isnull=True).order_by("name")


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


# --------------------------------------------------------------------------------------------
# Results (a read: the frozen result of a closed round, else the live analysis)


def _result_doc(needs_round: NeedsRound) -> dict[str, Any]:
    """The analysis as ``NeedsAnalysis.to_dict(code, detail=True)``: frozen when closed."""
    if needs_round.status == RoundStatus.CLOSED and needs_round.result:
        return dict(needs_round.result)
    return selectors.round_analysis(needs_round).to_dict(needs_round.code, detail=True)


SUMMARY_KEYS = ("code", "name", "staff_assessed", "staff_below_standard", "mean_gap", "mwds",
                "quadrant", "rank")


def _summary_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """The ``bina needs --format json`` document (without the detail) from a detailed one."""
    def entries(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: row.get(k) for k in SUMMARY_KEYS} for row in rows]

    return {
        "round": doc.get("round"),
        "competencies": entries(doc.get("competencies", [])),
        "units": [{"code": u["code"], "name": u["name"], "coverage": u.get("coverage"),
                   "competencies": entries(u.get("competencies", []))}
                  for u in doc.get("units", [])],
    }


# --------------------------------------------------------------------------------------------
# Planner: rounds


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    agency_id = agency_id_of(user)
    can_plan = user.role in PLANNING
    rounds = list(selectors.rounds_for(agency_id).order_by("-year", "-id"))
    form = None
    if can_plan:
        form = RoundCreateForm(request.POST or None, units=_opd_units(user),
                               existing_codes=[r.code for r in rounds])
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            assert user.agency is not None
            needs_round = round_create(
                agency=user.agency, code=d["code"], name=d["name"], year=d["year"],
                units=d["units"], use_self_assessment=d["use_self_assessment"],
                use_supervisor_rating=d["use_supervisor_rating"], use_borich=d["use_borich"],
                due_date=d["due_date"], actor=user)
            messages.success(request, _("Putaran dibuat. Periksa isinya lalu kirim."))
            return redirect("needs:detail", code=needs_round.code)
    elif request.method == "POST":
        raise PermissionDenied
    rows = []
    for r in rounds:
        n = getattr(r, "n_participants", 0)
        answered = getattr(r, "n_answered", 0)
        rows.append((r, n, answered, round(100 * answered / n) if n else 0))
    return render(request, "needs/round_list.html", {
        "rows": rows, "form": form, "can_plan": can_plan,
    })


@dataclass
class Coverage:
    unit: Unit
    participants: int = 0
    self_done: int = 0
    supervised: int = 0  # participants with a supervisor frozen in the round
    supervisor_done: int = 0

    @property
    def self_percent(self) -> int:
        return round(100 * self.self_done / self.participants) if self.participants else 0

    @property
    def supervisor_percent(self) -> int:
        return round(100 * self.supervisor_done / self.supervised) if self.supervised else 0

    @property
    def pending(self) -> int:
        return self.participants - self.self_done


def _top_id(path: str) -> int:
    return int(path.strip("/").split("/")[0])


def _coverage(needs_round: NeedsRound) -> list[Coverage]:
    by_top: dict[int, Coverage] = {}
    rows = needs_round.participants.values_list(
        "unit__path", "self_submitted_at", "supervisor_id", "supervisor_submitted_at")
    counts: dict[int, list[int]] = {}
    for path, self_at, supervisor_id, supervisor_at in rows.iterator():
        top = _top_id(path)
        c = counts.setdefault(top, [0, 0, 0, 0])
        c[0] += 1
        c[1] += self_at is not None
        c[2] += supervisor_id is not None
        c[3] += supervisor_at is not None
    tops = {u.pk: u for u in Unit.objects.filter(pk__in=counts)}
    for top, (n, done, supervised, sup_done) in counts.items():
        by_top[top] = Coverage(tops[top], n, done, supervised, sup_done)
    return sorted(by_top.values(), key=lambda c: c.unit.name)


@login_required
def round_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = _planner(request)
    needs_round = _round(user, code)
    coverage = _coverage(needs_round)
    total = Coverage(unit=Unit(name=_("Seluruh instansi")))
    for c in coverage:
        total.participants += c.participants
        total.self_done += c.self_done
        total.supervised += c.supervised
        total.supervisor_done += c.supervisor_done
    unit_filter = int_or_none(request.GET.get("unit"))
    chosen = next((c.unit for c in coverage if c.unit.pk == unit_filter), None)
    pending = needs_round.participants.filter(self_submitted_at__isnull=True).select_related(
        "employee", "unit", "position").order_by("unit__name", "employee__name")
    if chosen is not None:
        pending = pending.filter(unit__path__startswith=chosen.path)
    page = Paginator(pending, 25).get_page(request.GET.get("page"))
    interviews = needs_round.interviews.select_related("unit").prefetch_related(
        "tags__competency")
    return render(request, "needs/round_detail.html", {
        "round": needs_round, "coverage": coverage, "total": total, "page": page,
        "chosen": chosen, "querystring": querystring_without_page(request),
        "interviews": interviews, "units": needs_round.units.order_by("name"),
        "competency_count": needs_round.competencies.count(),
        "carried": list(carried_into(needs_round)),
    })


def _confirm(request: HttpRequest, code: str, *, action: str) -> HttpResponse:
    user = _planner(request)
    needs_round = _round(user, code)
    if request.method == "POST":
        try:
            if action == "open":
                round_open(needs_round=needs_round, actor=user)
                messages.success(request, _("Putaran dikirim: pegawai sekarang melihat tugasnya."))
            else:
                round_close(needs_round=needs_round, actor=user)
                messages.success(request, _("Putaran ditutup dan hasilnya dibekukan."))
        except RoundError:
            messages.error(request, _("Status putaran tidak mengizinkan tindakan ini."))
        return redirect("needs:detail", code=needs_round.code)
    return render(request, "needs/confirm.html", {"round": needs_round, "action": action})


@login_required
def round_send(request: HttpRequest, code: str) -> HttpResponse:
    return _confirm(request, code, action="open")


@login_required
def round_finish(request: HttpRequest, code: str) -> HttpResponse:
    return _confirm(request, code, action="close")


@login_required
@require_POST
def remind(request: HttpRequest, code: str) -> HttpResponse:
    user = _planner(request)
    needs_round = _round(user, code)
    unit_id = int_or_none(request.POST.get("unit"))
    unit = get_object_or_404(_opd_units(user), pk=unit_id) if unit_id else None
    try:
        count = participants_remind(needs_round=needs_round, unit=unit, actor=user)
    except RoundError:
        messages.error(request, _("Pengingat hanya untuk putaran yang sedang berjalan."))
    else:
        messages.success(request, _("Pengingat dicatat untuk %(n)d pegawai yang belum menjawab.")
                         % {"n": count})
    target = redirect("needs:detail", code=needs_round.code)
    if unit is not None:
        target["Location"] += f"?unit={unit.pk}"
    return target


@login_required
def interview_new(request: HttpRequest, code: str) -> HttpResponse:
    user = _planner(request)
    needs_round = _round(user, code)
    in_round = Competency.objects.filter(
        pk__in=RoundCompetency.objects.filter(round=needs_round).values("competency_id"))
    competencies = in_round if in_round.exists() else Competency.objects.filter(
        Q(agency__isnull=True) | Q(agency_id=needs_round.agency_id))
    units = Unit.objects.filter(agency_id=needs_round.agency_id, valid_to__isnull=True
                                ).order_by("path")
    form = InterviewForm(request.POST or None, units=units,
                         competencies=competencies.order_by("kind", "code"))
    if needs_round.status == RoundStatus.CLOSED:
        messages.error(request, _("Putaran ini sudah ditutup; wawancara tidak dapat ditambah."))
        return redirect("needs:detail", code=needs_round.code)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        interview_record(needs_round=needs_round, group=d["group"], held_on=d["held_on"],
                         interviewer=d["interviewer"], problems=d["problems"],
                         tags=form.tags(), unit=d["unit"], actor=user)
        messages.success(request, _("Catatan wawancara tersimpan."))
        return redirect("needs:detail", code=needs_round.code)
    return render(request, "needs/interview_form.html", {"round": needs_round, "form": form})


# --------------------------------------------------------------------------------------------
# Results


def _pct(value: float | None) -> int | None:
    return None if value is None else round(100 * value)


def _rows(entries: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    rows = []
    for e in entries:
        reason = e.get("reason") or {}
        rows.append({**e, "share_pct": _pct(e.get("share_below")),
                     "reason_text": reason.get(lang) or reason.get("id", ""),
                     "top_units": [{**u, "pct": _pct(u.get("share_below"))}
                                   for u in e.get("top_units", [])]})
    return rows


@dataclass
class Point:
    code: str
    name: str
    x: float
    y: float
    quadrant: str | None
    label_x: float
    anchor: str
    labelled: bool


def _chart(entries: list[dict[str, Any]], importance_cut: float | None,
           ability_cut: float | None, labelled: int) -> dict[str, Any] | None:
    """The importance–performance chart as SVG coordinates (mean ability → x, importance → y)."""
    data = [e for e in entries if e.get("mean_importance") is not None
            and e.get("mean_ability") is not None]
    if not data or importance_cut is None or ability_cut is None:
        return None
    f = chart_frame([e["mean_ability"] for e in data] + [ability_cut],
                    [e["mean_importance"] for e in data] + [importance_cut],
                    width=640, height=420, left=56, right=24, top=20, bottom=48)
    points = []
    for e in data:
        x, y = f.sx(e["mean_ability"]), f.sy(e["mean_importance"])
        near_right = x > f.right - 60
        points.append(Point(e["code"], e["name"], x, y, e.get("quadrant"),
                            x - 9 if near_right else x + 9, "end" if near_right else "start",
                            e["rank"] <= labelled))
    points.sort(key=lambda p: p.labelled)  # the labelled ones drawn last, on top
    return {
        "width": f.width, "height": f.height, "left": f.left, "top": f.top,
        "right": f.right, "bottom": f.bottom, "plot_w": f.plot_w, "plot_h": f.plot_h,
        "cut_x": f.sx(ability_cut), "cut_y": f.sy(importance_cut), "points": points,
        "ticks_x": f.ticks_x(lambda v: f"{v:g}"), "ticks_y": f.ticks_y(lambda v: f"{v:g}"),
        "mid_x": f.left + f.plot_w / 2, "mid_y": f.top + f.plot_h / 2,
        "importance_cut": importance_cut, "ability_cut": ability_cut,
    }


def _heat(share: float | None) -> str:
    if share is None:
        return ""
    alpha = 0.08 + 0.82 * max(0.0, min(1.0, share))
    colour = "#fff" if alpha > 0.55 else "var(--ink)"
    return f"background: rgba(180, 35, 24, {alpha:.2f}); color: {colour}"


def _heatmap(doc: dict[str, Any], limit: int | None) -> dict[str, Any]:
    """Units × competencies (the agency's priorities first, ``limit`` of them)."""
    ranked = sorted(doc.get("competencies", []), key=lambda c: c["rank"])
    codes = [(c["code"], c["name"]) for c in ranked[:limit]]
    rows = []
    for unit in doc.get("units", []):
        by_code = {c["code"]: c for c in unit.get("competencies", [])}
        cells = []
        for code, _name in codes:
            entry = by_code.get(code)
            share = entry.get("share_below") if entry else None
            cells.append({"pct": _pct(share), "style": _heat(share),
                          "below": entry.get("staff_below_standard") if entry else None,
                          "assessed": entry.get("staff_assessed") if entry else None})
        rows.append({"code": unit["code"], "name": unit["name"],
                     "coverage": _pct(unit.get("coverage")), "cells": cells})
    return {"codes": codes, "rows": rows, "total": len(ranked)}


@login_required
def results(request: HttpRequest, code: str) -> HttpResponse:
    user = _reader(request)
    needs_round = _round(user, code)
    doc = _result_doc(needs_round)
    lang = _lang()
    unit_code = request.GET.get("unit", "")
    unit = next((u for u in doc.get("units", []) if u["code"] == unit_code), None)
    scope = unit if unit is not None else doc
    all_entries = _rows(list(scope.get("competencies", [])), lang)
    show_all = request.GET.get("semua") == "1"
    entries = all_entries if show_all else all_entries[:TOP]
    rule = doc.get("combination_rule") or {}
    chart = _chart(all_entries, scope.get("importance_cut"), scope.get("ability_cut"),
                   len(all_entries) if show_all else TOP)
    counted = [unit] if unit is not None else doc.get("units", [])
    answered = sum(u.get("respondents", 0) for u in counted)
    headcount = sum(u.get("staff", 0) for u in counted)
    return render(request, "needs/results.html", {
        "round": needs_round, "doc": doc, "unit": unit, "entries": entries,
        "rule": rule.get(lang) or rule.get("id", ""),
        "disagreements": doc.get("disagreements", 0), "chart": chart,
        "heatmap": _heatmap(doc, None if show_all else HEAT_COLUMNS),
        "units": doc.get("units", []), "show_all": show_all, "all_entries": all_entries,
        "total_entries": len(all_entries), "top": all_entries[0] if all_entries else None,
        "frozen": needs_round.status == RoundStatus.CLOSED and bool(needs_round.result),
        "can_plan": user.role in PLANNING,
        "answered": answered, "headcount": headcount,
        "answered_pct": round(100 * answered / headcount) if headcount else 0,
    })


@login_required
def disagreements(request: HttpRequest, code: str) -> HttpResponse:
    """Self and supervisor ratings two levels or more apart, for the verification step (names:
    planner and admin only)."""
    user = _planner(request)
    needs_round = _round(user, code)
    analysis = selectors.round_analysis(needs_round)
    found = list(analysis.disagreements)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    ids = {d.employee_id for d in page}
    people = {p.employee_id: p for p in needs_round.participants.filter(
        employee_id__in=ids).select_related("employee", "unit", "position")}
    names = dict(Competency.objects.filter(
        pk__in=needs_round.competencies.values("competency_id")).values_list("code", "name"))
    rows = [(d, people.get(d.employee_id), names.get(d.competency, "")) for d in page]
    return render(request, "needs/disagreements.html", {
        "round": needs_round, "page": page, "rows": rows, "count": len(found),
        "querystring": querystring_without_page(request),
    })


# --------------------------------------------------------------------------------------------
# Employees and supervisors


def _employee(request: HttpRequest) -> tuple[User, int]:
    user = authenticated_user(request)
    if user.employee_id is None:
        raise PermissionDenied
    return user, user.employee_id


def _asks_self(needs_round: NeedsRound) -> bool:
    return needs_round.use_self_assessment or needs_round.use_borich


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    _user, employee_id = _employee(request)
    own = [p for p in selectors.open_tasks_for(employee_id).order_by("round__due_date")
           if _asks_self(p.round)]
    rate = [p for p in selectors.supervisor_tasks_for(employee_id).order_by(
        "round__due_date", "employee__name") if p.round.use_supervisor_rating]
    profiles = Participant.objects.filter(employee_id=employee_id, round__status="closed"
                                          ).select_related("round").order_by("-round__year")
    return render(request, "needs/tasks.html", {
        "own": own, "rate": rate, "profiles": profiles,
        "pending": sum(p.self_submitted_at is None for p in own)
        + sum(p.supervisor_submitted_at is None for p in rate),
    })


def _questionnaire(participant: Participant) -> tuple[list[tuple[Competency, int]],
                                                      dict[tuple[int, int], str]]:
    """The round's competencies in the participant's frozen position standard, with the
    dictionary's level descriptions."""
    in_round = RoundCompetency.objects.filter(round_id=participant.round_id).values(
        "competency_id")
    standards = RoundStandard.objects.filter(
        round_id=participant.round_id, position_id=participant.position_id,
        competency_id__in=in_round).select_related("competency").order_by(
        "competency__kind", "competency__code")
    competencies = [(s.competency, s.required_level) for s in standards]
    descriptions = {
        (c, lvl): text for c, lvl, text in CompetencyLevel.objects.filter(
            competency_id__in=[c.pk for c, _r in competencies]).values_list(
            "competency_id", "level", "description")
    }
    return competencies, descriptions


def _closed_message() -> str:
    return _("Putaran ini sudah ditutup; jawaban tidak dapat dikirim atau diubah lagi.")


@login_required
def self_assessment(request: HttpRequest, code: str) -> HttpResponse:
    user, employee_id = _employee(request)
    needs_round = _round(user, code)
    if not _asks_self(needs_round):
        raise Http404
    participant = get_object_or_404(
        Participant.objects.select_related("round", "position", "unit"),
        round=needs_round, employee_id=employee_id)
    competencies, descriptions = _questionnaire(participant)
    answers = {a.competency_id: a for a in participant.answers.all()}
    initial: dict[str, Any] = {"struggles": participant.struggles}
    for cid, a in answers.items():
        initial |= {f"level_{cid}": a.self_level, f"importance_{cid}": a.importance,
                    f"ability_{cid}": a.ability}
    is_open = needs_round.status == RoundStatus.OPEN
    form = AssessmentForm(
        request.POST if request.method == "POST" else None, initial=initial,
        competencies=competencies, descriptions=descriptions,
        with_level=needs_round.use_self_assessment, with_borich=needs_round.use_borich,
        with_struggles=True)
    status = 200
    if request.method == "POST":
        if not is_open:
            messages.error(request, _closed_message())
            status = 409
        elif form.is_valid():
            submitted = {
                c: SelfAnswer(self_level=form.value("level", c),
                              importance=form.value("importance", c),
                              ability=form.value("ability", c))
                for c, _required in competencies}
            try:
                self_assessment_submit(participant=participant, answers=submitted,
                                       struggles=form.cleaned_data.get("struggles", ""))
            except RoundError:
                messages.error(request, _closed_message())
                status = 409
            else:
                messages.success(request, _("Terima kasih, penilaian diri Anda terkirim. Anda "
                                            "masih dapat mengubahnya selama putaran berjalan."))
                return redirect("needs:self", code=needs_round.code)
        else:
            messages.error(request, _("Masih ada pertanyaan yang belum dijawab."))
            status = 400
    return render(request, "needs/self_assessment.html", {
        "round": needs_round, "participant": participant, "form": form,
        "items": form.items(), "is_open": is_open,
        "importance_labels": IMPORTANCE_LABELS, "ability_labels": ABILITY_LABELS,
    }, status=status)


@login_required
def supervisor_rating(request: HttpRequest, code: str, participant_id: int) -> HttpResponse:
    user, employee_id = _employee(request)
    needs_round = _round(user, code)
    if not needs_round.use_supervisor_rating:
        raise Http404
    participant = get_object_or_404(
        Participant.objects.select_related("round", "employee", "position", "unit"),
        pk=participant_id, round=needs_round, supervisor_id=employee_id)
    competencies, descriptions = _questionnaire(participant)
    initial = {f"level_{a.competency_id}": a.supervisor_level
               for a in participant.answers.all()}
    is_open = needs_round.status == RoundStatus.OPEN
    form = AssessmentForm(request.POST if request.method == "POST" else None, initial=initial,
                          competencies=competencies, descriptions=descriptions)
    status = 200
    if request.method == "POST":
        if not is_open:
            messages.error(request, _closed_message())
            status = 409
        elif form.is_valid():
            supervisor = Employee.objects.get(pk=employee_id)
            levels: dict[Competency, int] = {}
            for c, _required in competencies:
                level = form.value("level", c)
                if level is not None:
                    levels[c] = level
            try:
                supervisor_rating_submit(participant=participant, supervisor=supervisor,
                                         levels=levels)
            except RoundError:
                messages.error(request, _closed_message())
                status = 409
            else:
                messages.success(request, _("Penilaian atasan untuk %(name)s terkirim.")
                                 % {"name": participant.employee.full_name})
                return redirect("needs:tasks")
        else:
            messages.error(request, _("Masih ada pertanyaan yang belum dijawab."))
            status = 400
    return render(request, "needs/supervisor_rating.html", {
        "round": needs_round, "participant": participant, "form": form,
        "items": form.items(), "is_open": is_open,
    }, status=status)



# --------------------------------------------------------------------------------------------
# Downloads and the paper/Excel path

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The needs-analysis document (Pasal 207(3) a–b inventory) as Excel or PDF."""
    import io

    from django.http import Http404

    from bina.needs.reports import needs_report_pdf, needs_report_xlsx

    needs_round = _round(_reader(request), code)
    if fmt not in {"xlsx", "pdf"}:
        raise Http404
    analysis = selectors.round_analysis(needs_round)
    unit = request.GET.get("unit") or None
    if unit is not None and unit not in {u.code for u in analysis.units}:
        raise Http404
    name = f"analisis-kebutuhan-{needs_round.code}{'-' + unit if unit else ''}.{fmt}"
    if fmt == "pdf":
        return _attachment(needs_report_pdf(analysis, needs_round, unit=unit),
                           "application/pdf", name)
    buffer = io.BytesIO()
    needs_report_xlsx(analysis, needs_round, buffer, unit=unit)
    return _attachment(buffer.getvalue(), XLSX, name)


@login_required
def my_gap_profile(request: HttpRequest, code: str) -> HttpResponse:
    """An employee's own gap profile (PDF)."""
    from bina.needs.reports import employee_gap_pdf

    user, employee_id = _employee(request)
    participant = get_object_or_404(
        Participant.objects.select_related("round"), round__code=code,
        round__agency_id=agency_id_of(user), employee_id=employee_id)
    analysis = selectors.round_analysis(participant.round)
    return _attachment(employee_gap_pdf(analysis, participant), "application/pdf",
                       f"profil-kesenjangan-{participant.round.code}.pdf")


@login_required
def responses_upload(request: HttpRequest, code: str) -> HttpResponse:
    """The paper/Excel path: download a unit's responses workbook, upload it filled in."""
    import io

    from bina.jobs.services import job_enqueue
    from bina.needs.forms import ResponsesUploadForm
    from bina.needs.imports import responses_template

    user = _planner(request)
    needs_round = _round(user, code)
    units = _opd_units(user)
    unit_code = request.GET.get("unit")
    if unit_code:
        unit = get_object_or_404(units, code=unit_code)
        buffer = io.BytesIO()
        responses_template(needs_round=needs_round, file=buffer, unit=unit)
        return _attachment(buffer.getvalue(), XLSX,
                           f"jawaban-{needs_round.code}-{unit.code}.xlsx")
    form = ResponsesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = job_enqueue(
            kind="needs.import_responses",
            params={"round_id": needs_round.pk, "dry_run": form.cleaned_data["dry_run"],
                    "lang": _lang(), "filename": upload.name},
            user=user, agency=user.agency, file=upload, filename=upload.name,
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "needs/responses_upload.html",
                  {"round": needs_round, "units": units, "form": form})
