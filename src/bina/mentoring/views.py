"""Pages of the mentoring app: programmes, the exact matching with the reasons of every pair,
the coordinator's swaps and hand-made pairs, and the meetings of a pair.

Who may do what (:mod:`bina.mentoring.selectors`): admin, planner and the programme's
coordinator manage; leadership reads everything; an operator sees the pairs of their unit's
people; a mentor or mentee sees their own pair and records its meetings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.accounts.models import Role, User
from bina.core.messages import Lang
from bina.mentoring import forms as mentoring_forms
from bina.mentoring import selectors
from bina.mentoring.models import (
    Mentee,
    Mentor,
    MentoringMeeting,
    MentoringPair,
    MentoringProgramme,
    Seniority,
    SupervisorRule,
    UnitRule,
)
from bina.mentoring.services import (
    MentoringError,
    meeting_delete,
    meeting_record,
    mentees_add,
    mentoring_match,
    mentoring_programme_create,
    mentoring_swap,
    mentors_add,
    pair_credit,
    pair_release,
    pair_set,
    render_json,
)
from bina.web.http import agency_id_of, authenticated_user


def _lang() -> Lang:
    return "en" if (get_language() or "id").startswith("en") else "id"


def _programme_for(request: HttpRequest, pk: int) -> tuple[User, MentoringProgramme]:
    user = authenticated_user(request)
    programme = selectors.programmes_for(user).filter(pk=pk).first()
    if programme is None:
        raise Http404
    return user, programme


def _managed(request: HttpRequest, pk: int) -> tuple[User, MentoringProgramme]:
    user, programme = _programme_for(request, pk)
    if not selectors.can_manage(user, programme):
        raise PermissionDenied
    return user, programme


def rules_in_words(programme: MentoringProgramme, competencies: list[Any]) -> list[str]:
    """The programme's pairing rules as sentences."""
    names = ", ".join(f"{c.code} {c.name}" for c in competencies) or "–"
    gap = programme.min_rank_gap
    seniority = {
        Seniority.EITHER: _("Golongan atau jenjang jabatan mentor sekurang-kurangnya %(n)s "
                            "tingkat di atas mentee."),
        Seniority.GOLONGAN: _("Golongan mentor sekurang-kurangnya %(n)s tingkat di atas "
                              "mentee."),
        Seniority.POSITION: _("Jenjang jabatan mentor sekurang-kurangnya %(n)s tingkat di atas "
                              "mentee."),
        Seniority.BOTH: _("Golongan dan jenjang jabatan mentor sama-sama sekurang-kurangnya "
                          "%(n)s tingkat di atas mentee."),
    }[Seniority(programme.seniority)] % {"n": gap}
    unit = {
        UnitRule.ANY: _("Mentor boleh dari unit mana saja."),
        UnitRule.SAME: _("Mentor harus dari unit yang sama dengan mentee."),
        UnitRule.DIFFERENT: _("Mentor harus dari unit lain."),
    }[UnitRule(programme.unit_rule)]
    field = (_("Mentor harus dari bidang yang sama dengan mentee.") if programme.same_field
             else _("Bidang yang sama tidak disyaratkan, tetapi diberi nilai tambah."))
    supervisor = {
        SupervisorRule.ALLOWED: _("Atasan langsung boleh menjadi mentor."),
        SupervisorRule.EXCLUDED: _("Atasan langsung tidak boleh menjadi mentor."),
        SupervisorRule.REQUIRED: _("Mentor harus atasan langsung mentee (seperti Latsar "
                                   "CPNS)."),
    }[SupervisorRule(programme.supervisor_rule)]
    return [
        _("Kompetensi yang dibina: %(c)s. Level mentor (hasil analisis kebutuhan terakhir yang "
          "ditutup) harus sama atau di atas level yang disyaratkan jabatan mentee.")
        % {"c": names},
        seniority, unit, field, supervisor,
        _("Setiap mentor membina paling banyak %(k)s mentee, kecuali diatur lain per mentor.")
        % {"k": programme.default_capacity},
        _("Pasangan dipilih agar jumlah kecocokan seluruh pasangan paling besar (optimal, "
          "bukan tebakan berurutan)."),
    ]


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    agency_id_of(user)
    programmes = list(selectors.programmes_for(user))
    return render(request, "mentoring/programme_list.html", {
        "programmes": programmes, "can_create": selectors.can_create(user)})


@login_required
def my_mentoring(request: HttpRequest) -> HttpResponse:
    """"Mentoring saya": the programmes the user takes part in, their pairs as mentor or
    mentee with the meetings and JP, and for each pair a form to record a meeting (the mentor
    and the mentee may both record, as on the pair's page)."""
    user = authenticated_user(request)
    agency_id_of(user)
    lang = _lang()
    rows = []
    for pair in selectors.my_pairs(user):
        meetings = sorted(pair.meetings.all(), key=lambda m: m.date, reverse=True)
        rows.append({
            "pair": pair, "meetings": meetings[:5], "n_meetings": len(meetings),
            "as_mentor": pair.mentor.employee_id == user.employee_id,
            "reasons": _reasons(pair.reasons, lang),
        })
    programmes = list(selectors.my_programmes(user))
    return render(request, "mentoring/my.html", {
        "rows": rows, "programmes": programmes,
        "coordinated": [p for p in programmes if p.coordinator_id == user.pk],
        "form": mentoring_forms.MeetingForm(), "has_employee": user.employee_id is not None,
    })


@login_required
def programme_new(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    agency_id_of(user)
    if not selectors.can_create(user):
        raise PermissionDenied
    assert user.agency is not None
    form = mentoring_forms.ProgrammeForm(request.POST or None, agency=user.agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = mentoring_programme_create(
                agency=user.agency, code=data["code"], name=data["name"], year=data["year"],
                start_date=data["start_date"], end_date=data["end_date"],
                competencies=data["competencies"], seniority=data["seniority"],
                min_rank_gap=data["min_rank_gap"], unit_rule=data["unit_rule"],
                same_field=data["same_field"], supervisor_rule=data["supervisor_rule"],
                default_capacity=data["default_capacity"], coordinator=data["coordinator"],
                user=user)
        except MentoringError as exc:
            form.add_error(None, exc.text(_lang()))
        else:
            messages.success(request, _("Program dibuat. Tambahkan mentor dan mentee."))
            return redirect("mentoring:detail", programme.pk)
    return render(request, "mentoring/programme_new.html", {"form": form})


def _reasons(stored: list[Any], lang: str) -> list[str]:
    return [text for text in (render_json(r, lang) for r in stored) if text]


PAGE_SIZE = 50


def _page(request: HttpRequest, qs: Any, param: str) -> Page[Any]:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get(param))


def _querystring(request: HttpRequest, drop: str) -> str:
    """The page's query string without ``drop`` (the pager adds its own page number)."""
    query = request.GET.copy()
    query.pop(drop, None)
    return query.urlencode()


def _search(q: str, prefix: str, *, nip: bool) -> Q:
    """People whose name, unit (or NIP, for who may see it) contain ``q``; ``prefix`` leads
    to the ``Employee``."""
    condition = (Q(**{f"{prefix}name__icontains": q})
                 | Q(**{f"{prefix}unit__name__icontains": q}))
    if nip:
        condition |= Q(**{f"{prefix}nip__icontains": q})
    return condition


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, programme = _programme_for(request, pk)
    lang = _lang()
    manage = selectors.can_manage(user, programme)
    condition = selectors.visible_pair_filter(user, programme)
    q = request.GET.get("q", "").strip()[:100]
    pairs_qs = (MentoringPair.objects.filter(programme=programme)
                .select_related("mentor__employee__unit", "mentee__employee__unit", "record")
                .annotate(n_meetings=Count("meetings"))
                .order_by("mentor__employee__name", "mentee__employee__name", "pk"))
    if condition is not None:
        pairs_qs = pairs_qs.filter(condition)
    competencies = list(programme.competencies.order_by("code"))
    mentors_qs = (Mentor.objects.filter(programme=programme).select_related(
                      "employee__unit", "employee__position", "employee__grade")
                  .annotate(used=Count("pairs")).order_by("employee__name", "pk"))
    unmatched_qs = (Mentee.objects.filter(programme=programme, pair__isnull=True)
                    .select_related("employee__unit").order_by("employee__name", "pk"))
    if condition is not None:
        people = Q(pk__in=[])
        if user.employee_id is not None:
            people |= Q(employee_id=user.employee_id)
        if user.role == Role.OPERATOR and user.unit is not None:
            people |= Q(employee__unit__path__startswith=user.unit.path)
        mentors_qs = mentors_qs.filter(people)
        unmatched_qs = unmatched_qs.filter(people)
    if q:
        pairs_qs = pairs_qs.filter(_search(q, "mentor__employee__", nip=manage)
                                   | _search(q, "mentee__employee__", nip=manage))
        mentors_qs = mentors_qs.filter(_search(q, "employee__", nip=manage))
        unmatched_qs = unmatched_qs.filter(_search(q, "employee__", nip=manage))
    pair_page = _page(request, pairs_qs, "page")
    pairs = [{"pair": p, "reasons": _reasons(p.reasons, lang)} for p in pair_page]
    unmatched_page = _page(request, unmatched_qs, "upage")
    unmatched = [{"mentee": m, "reason": render_json(m.unmatched_reason, lang)
                  or _("Belum dipasangkan: jalankan pemasangan.")} for m in unmatched_page]
    mentor_page = _page(request, mentors_qs, "mpage")
    context: dict[str, Any] = {
        "programme": programme, "manage": manage, "pairs": pairs, "pair_page": pair_page,
        "mentors": list(mentor_page), "mentor_page": mentor_page,
        "unmatched": unmatched, "unmatched_page": unmatched_page, "q": q,
        "qs_page": _querystring(request, "page"), "qs_upage": _querystring(request, "upage"),
        "qs_mpage": _querystring(request, "mpage"),
        "rules": rules_in_words(programme, competencies),
        "competencies": competencies, "show_nip": manage,
        "sees_everything": selectors.sees_everything(user, programme),
        "n_mentees": programme.n_mentees,  # type: ignore[attr-defined]
        "n_mentors": programme.n_mentors,  # type: ignore[attr-defined]
        "n_pairs": programme.n_pairs,  # type: ignore[attr-defined]
    }
    if manage:
        context["swap_form"] = mentoring_forms.SwapForm(programme=programme)
        context["pair_form"] = mentoring_forms.PairSetForm(programme=programme)
        assert user.agency is not None
        context["participants_form"] = mentoring_forms.ParticipantsForm(agency=user.agency)
        context["can_swap"] = programme.n_pairs >= 2  # type: ignore[attr-defined]
    return render(request, "mentoring/programme_detail.html", context)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


def _fail(request: HttpRequest, exc: MentoringError) -> None:
    messages.error(request, exc.text(_lang()))


@login_required
@require_POST
def programme_match(request: HttpRequest, pk: int) -> HttpResponse:
    user, programme = _managed(request, pk)
    try:
        result = mentoring_match(programme=programme, user=user)
    except MentoringError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _(
            "Pemasangan selesai: %(pairs)s pasangan, %(unmatched)s mentee belum berpasangan, "
            "total kecocokan %(total)s%(optimal)s.") % {
            "pairs": len(result.pairs), "unmatched": len(result.unmatched),
            "total": f"{result.total_fit:.2f}".rstrip("0").rstrip("."),
            "optimal": _(" (optimal terbukti)") if result.optimal else ""})
    return redirect("mentoring:detail", programme.pk)


@login_required
@require_POST
def programme_swap(request: HttpRequest, pk: int) -> HttpResponse:
    user, programme = _managed(request, pk)
    form = mentoring_forms.SwapForm(request.POST, programme=programme)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(f"{programme_url(programme)}#swap")
    a, b = form.cleaned_data["mentee_a"], form.cleaned_data["mentee_b"]
    try:
        mentoring_swap(programme=programme, mentee_a=a, mentee_b=b, user=user)
    except MentoringError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Mentor %(a)s dan %(b)s ditukar; kedua pasangan ditetapkan "
                                    "manual.") % {"a": a.employee.full_name,
                                                  "b": b.employee.full_name})
    return redirect(f"{programme_url(programme)}#pairs")


def programme_url(programme: MentoringProgramme) -> str:
    from django.urls import reverse

    return reverse("mentoring:detail", args=[programme.pk])


@login_required
@require_POST
def programme_pair_set(request: HttpRequest, pk: int) -> HttpResponse:
    user, programme = _managed(request, pk)
    form = mentoring_forms.PairSetForm(request.POST, programme=programme)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(f"{programme_url(programme)}#assign")
    try:
        pair_set(programme=programme, mentor=form.cleaned_data["mentor"],
                 mentee=form.cleaned_data["mentee"], user=user)
    except MentoringError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Pasangan ditetapkan manual."))
    return redirect(f"{programme_url(programme)}#pairs")


@login_required
@require_POST
def programme_participants(request: HttpRequest, pk: int) -> HttpResponse:
    user, programme = _managed(request, pk)
    assert user.agency is not None
    form = mentoring_forms.ParticipantsForm(request.POST, agency=user.agency)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("mentoring:detail", programme.pk)
    people = form.cleaned_data["nips"]
    try:
        if form.cleaned_data["role"] == "mentor":
            mentors_add(programme=programme, employees=people,
                        capacity=form.cleaned_data["capacity"], user=user)
        else:
            mentees_add(programme=programme, employees=people, user=user)
    except MentoringError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("%(n)s pegawai ditambahkan.") % {"n": len(people)})
    return redirect("mentoring:detail", programme.pk)


def _pair_for(request: HttpRequest, pk: int) -> tuple[User, MentoringPair]:
    user = authenticated_user(request)
    pair = get_object_or_404(
        MentoringPair.objects.select_related("programme__agency", "mentor__employee__unit",
                                             "mentee__employee__unit", "record"),
        pk=pk, programme__agency_id=agency_id_of(user))
    if not selectors.can_see_pair(user, pair):
        raise Http404
    return user, pair


@login_required
@require_POST
def pair_unfix(request: HttpRequest, pk: int) -> HttpResponse:
    user, pair = _pair_for(request, pk)
    if not selectors.can_manage(user, pair.programme):
        raise PermissionDenied
    pair_release(pair=pair, user=user)
    messages.success(request, _("Pasangan dilepas: pemasangan berikutnya boleh mengubahnya."))
    return redirect(f"{programme_url(pair.programme)}#pairs")


@login_required
def pair_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    user, pair = _pair_for(request, pk)
    can_record = selectors.can_record_meeting(user, pair)
    form = mentoring_forms.MeetingForm(request.POST or None)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                meeting_record(pair=pair, date=form.cleaned_data["date"],
                               topic=form.cleaned_data["topic"],
                               actions=form.cleaned_data["actions"], user=user)
            except MentoringError as exc:
                form.add_error(None, exc.text(_lang()))
            else:
                messages.success(request, _("Pertemuan dicatat; JP mentee dihitung ulang."))
                return redirect("mentoring:meetings", pair.pk)
    pair.refresh_from_db()
    meetings = list(pair.meetings.select_related("recorded_by").order_by("date"))
    credit = pair_credit(pair, [m.date for m in meetings]) if meetings else None
    return render(request, "mentoring/pair_meetings.html", {
        "pair": pair, "programme": pair.programme, "meetings": meetings, "form": form,
        "can_record": can_record, "reasons": _reasons(pair.reasons, _lang()),
        "credit": credit, "credit_text": credit.explanation.render(_lang()) if credit else "",
        "manage": selectors.can_manage(user, pair.programme)})


@login_required
@require_POST
def meeting_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = authenticated_user(request)
    meeting = get_object_or_404(
        MentoringMeeting.objects.select_related("pair__programme", "pair__mentor",
                                                "pair__mentee"),
        pk=pk, pair__programme__agency_id=agency_id_of(user))
    if not selectors.can_record_meeting(user, meeting.pair):
        raise PermissionDenied
    pair_id = meeting.pair_id
    meeting_delete(meeting=meeting, user=user)
    messages.success(request, _("Pertemuan dihapus; JP mentee dihitung ulang."))
    return redirect("mentoring:meetings", pair_id)

