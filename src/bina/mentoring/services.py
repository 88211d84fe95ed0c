"""Writes of the mentoring app: programmes, their mentors and mentees, the exact matching, the
coordinator's swaps and fixed pairs, and meetings (which credit the mentee's JP).

Rules the services keep:

* a new match keeps the pairs the coordinator fixed (``is_fixed``) *and* the pairs that have
  already met (their meetings and JP belong to that mentor–mentee pair), and replaces the rest.
  A kept pair that no longer keeps the rules (a later needs round lowered the mentor's level)
  is left as it is, outside the optimisation, and takes a place of its mentor's capacity;
* a swap or a hand-made pair is checked with :func:`bina.core.mentoring.check_pair`; a broken
  rule is refused with the rule named; capacity is checked for hand-made pairs (a swap keeps
  every mentor's load);
* after a manual change the stored total fit is the sum of the pairs' fit and the programme is
  no longer marked optimal;
* the JP of a pair is recomputed after every meeting change with the agency's rule for path
  NKL02 (mentoring; regulation.md §2.2: 2 JP a session, at most 2 sessions a month) and written
  to the ledger through :func:`bina.ledger.services.ledger_credit`, one row per pair (a pair
  left with no meeting has its row removed, audited:
  :func:`bina.ledger.services.ledger_remove`). The monthly cap is applied per pair: a mentee
  in two programmes in the same month could be credited for more than two sessions
  (**UNVERIFIED** whether the cap is per person or per mentoring relationship; regulation.md
  §2.2 states it per path).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bina.accounts.models import User
from bina.audit.services import audit_record
from bina.core import jp_rules as core_rules
from bina.core import mentoring as core
from bina.core.messages import BilingualError, Message
from bina.ledger.services import ledger_credit, ledger_remove, rules_for
from bina.mentoring.models import (
    Mentee,
    Mentor,
    MentoringMeeting,
    MentoringPair,
    MentoringProgramme,
    MentoringStatus,
    Seniority,
    SupervisorRule,
    UnitRule,
)
from bina.mentoring.selectors import match_inputs
from bina.org.models import Agency
from bina.people.models import DevelopmentSource, Employee
from bina.reference.models import Competency, DevelopmentPath

MENTORING_PATH = "NKL02"


class MentoringError(BilingualError):
    """A mentoring write refused, with the reason in Indonesian and English."""


def message_json(message: Message) -> dict[str, object]:
    """A core message as stored (code + params): rendered in the reader's language later."""
    return {"code": message.code, "params": dict(message.params)}


def render_json(value: object, lang: str = "id") -> str:
    """A stored message (:func:`message_json`) as text."""
    if not isinstance(value, dict) or "code" not in value:
        return ""
    params = value.get("params") or {}
    message = Message(str(value["code"]), dict(params) if isinstance(params, dict) else {})
    return message.render("en" if lang.startswith("en") else "id")


# --------------------------------------------------------------------------------------------
# Programmes and participants


@transaction.atomic
def mentoring_programme_create(
    *,
    agency: Agency,
    code: str,
    name: str,
    year: int,
    start_date: dt.date,
    end_date: dt.date,
    competencies: Iterable[Competency],
    seniority: str = Seniority.EITHER,
    min_rank_gap: int = 1,
    unit_rule: str = UnitRule.ANY,
    same_field: bool = False,
    supervisor_rule: str = SupervisorRule.ALLOWED,
    default_capacity: int = 3,
    coordinator: User | None = None,
    user: User | None,
) -> MentoringProgramme:
    """A new programme (draft) with its pairing rules. Refused: an empty code or name, a code
    the agency already uses, dates out of order, no competency, a capacity below 1, a rule
    value that does not exist, a coordinator of another agency."""
    code, name = code.strip(), name.strip()
    comps = list(competencies)
    if not code or not name:
        raise MentoringError("Kode dan nama program wajib diisi.",
                             "The programme's code and name are required.")
    if end_date < start_date:
        raise MentoringError("Tanggal selesai sebelum tanggal mulai.",
                             "The end date is before the start date.")
    if not comps:
        raise MentoringError("Pilih sekurang-kurangnya satu kompetensi yang dibina.",
                             "Choose at least one competency for the pairing.")
    foreign = [c.code for c in comps if c.agency_id not in (None, agency.pk)]
    if foreign:
        raise MentoringError(f"Kompetensi {foreign[0]} milik instansi lain.",
                             f"The competency {foreign[0]} belongs to another agency.")
    if default_capacity < 1:
        raise MentoringError("Kapasitas mentor sekurang-kurangnya 1 mentee.",
                             "A mentor's capacity is at least 1 mentee.")
    if min_rank_gap < 0:
        raise MentoringError("Selisih tingkat tidak boleh negatif.",
                             "The rank gap cannot be negative.")
    for value, choices, label in ((seniority, Seniority, "senioritas"),
                                  (unit_rule, UnitRule, "aturan unit"),
                                  (supervisor_rule, SupervisorRule, "atasan langsung")):
        if value not in choices.values:
            raise MentoringError(f"Nilai {label} {value!r} tidak dikenal.",
                                 f"Unknown value {value!r} for {label}.")
    if coordinator is not None and coordinator.agency_id != agency.pk:
        raise MentoringError("Koordinator harus akun instansi ini.",
                             "The coordinator must be an account of this agency.")
    if MentoringProgramme.objects.filter(agency=agency, code=code).exists():
        raise MentoringError(f"Kode program {code} sudah dipakai.",
                             f"The programme code {code} is already used.")
    programme = MentoringProgramme.objects.create(
        agency=agency, code=code, name=name, year=year, start_date=start_date,
        end_date=end_date, seniority=seniority, min_rank_gap=min_rank_gap, unit_rule=unit_rule,
        same_field=same_field, supervisor_rule=supervisor_rule,
        default_capacity=default_capacity, coordinator=coordinator)
    programme.competencies.set(comps)
    audit_record(actor=user, agency=agency, action="mentoring.create",
                 object_type="mentoring_programme", object_id=programme.pk,
                 object_label=str(programme),
                 changes={"competencies": [c.code for c in comps], "seniority": seniority,
                          "min_rank_gap": min_rank_gap, "unit_rule": unit_rule,
                          "same_field": same_field, "supervisor_rule": supervisor_rule,
                          "default_capacity": default_capacity})
    return programme


def _same_agency(programme: MentoringProgramme, employees: list[Employee]) -> None:
    outside = [e for e in employees if e.agency_id != programme.agency_id]
    if outside:
        raise MentoringError(f"{outside[0].full_name} bukan pegawai instansi ini.",
                             f"{outside[0].full_name} is not an employee of this agency.")


@transaction.atomic
def mentors_add(*, programme: MentoringProgramme, employees: Iterable[Employee],
                capacity: int | None = None, user: User | None) -> list[Mentor]:
    """Add mentors (the programme's default capacity unless ``capacity`` is given); a mentor
    already in the programme keeps their row, with the new capacity when one is given. A
    capacity below the mentor's current pairs is refused."""
    people = list(employees)
    _same_agency(programme, people)
    if capacity is not None and capacity < 1:
        raise MentoringError("Kapasitas mentor sekurang-kurangnya 1 mentee.",
                             "A mentor's capacity is at least 1 mentee.")
    existing = {m.employee_id: m for m in Mentor.objects.filter(
        programme=programme, employee__in=people)}
    out: list[Mentor] = []
    for employee in people:
        mentor = existing.get(employee.pk)
        if mentor is None:
            mentor = Mentor.objects.create(programme=programme, employee=employee,
                                           capacity=capacity or programme.default_capacity)
            existing[employee.pk] = mentor
        elif capacity is not None and capacity != mentor.capacity:
            used = mentor.pairs.count()
            if capacity < used:
                raise MentoringError(
                    f"{employee.full_name} sudah membina {used} mentee; kapasitas tidak dapat "
                    f"diturunkan ke {capacity}.",
                    f"{employee.full_name} already has {used} mentees; the capacity cannot go "
                    f"down to {capacity}.")
            mentor.capacity = capacity
            mentor.save(update_fields=["capacity"])
        out.append(mentor)
    audit_record(actor=user, agency=programme.agency, action="mentoring.mentors_add",
                 object_type="mentoring_programme", object_id=programme.pk,
                 object_label=str(programme),
                 changes={"nip": [e.nip for e in people], "capacity": capacity})
    return out


@transaction.atomic
def mentees_add(*, programme: MentoringProgramme, employees: Iterable[Employee],
                user: User | None) -> list[Mentee]:
    """Add mentees; one already in the programme is kept as is."""
    people = list(employees)
    _same_agency(programme, people)
    existing = {m.employee_id: m for m in Mentee.objects.filter(
        programme=programme, employee__in=people)}
    out: list[Mentee] = []
    for employee in people:
        mentee = existing.get(employee.pk)
        if mentee is None:
            mentee = Mentee.objects.create(programme=programme, employee=employee)
            existing[employee.pk] = mentee
        out.append(mentee)
    audit_record(actor=user, agency=programme.agency, action="mentoring.mentees_add",
                 object_type="mentoring_programme", object_id=programme.pk,
                 object_label=str(programme), changes={"nip": [e.nip for e in people]})
    return out


# --------------------------------------------------------------------------------------------
# Matching


def _lock(programme: MentoringProgramme) -> MentoringProgramme:
    return MentoringProgramme.objects.select_for_update(of=("self",)).get(pk=programme.pk)


def _refresh_total(programme: MentoringProgramme, *, optimal: bool) -> None:
    total = sum(MentoringPair.objects.filter(programme=programme).values_list("fit", flat=True))
    programme.total_fit = round(total, 9)
    programme.is_optimal = optimal
    programme.save(update_fields=["total_fit", "is_optimal"])


@transaction.atomic
def mentoring_match(*, programme: MentoringProgramme, user: User | None) -> core.Matching:
    """Choose the pairs of maximum total fit (exact; :func:`bina.core.mentoring.match`),
    keeping the fixed pairs and the pairs that have met; the other pairs are replaced. Stores
    each pair's fit and reasons, the unmatched mentees' reasons, the total and whether it is
    proven optimal; audited."""
    programme = _lock(programme)
    inputs = match_inputs(programme)
    kept = list(MentoringPair.objects.filter(programme=programme)
                .filter(_kept_condition()).select_related("mentor", "mentee").distinct())
    mentor_by_id = {m.person.id: m for m in inputs.mentors}
    mentee_by_id = {e.person.id: e for e in inputs.mentees}
    fixed: list[tuple[str, str]] = []
    stale: list[MentoringPair] = []  # kept, but no longer within the rules (e.g. new levels)
    for kept_pair in kept:
        key = (str(kept_pair.mentor.employee_id), str(kept_pair.mentee.employee_id))
        if core.check_pair(mentor_by_id[key[0]], mentee_by_id[key[1]], inputs.rules):
            stale.append(kept_pair)
        else:
            fixed.append(key)
    stale_load = Counter(str(p.mentor.employee_id) for p in stale)
    stale_mentees = {str(p.mentee.employee_id) for p in stale}
    mentors = [replace(m, capacity=max(m.capacity - stale_load[m.person.id], 0))
               for m in inputs.mentors]
    mentees = [e for e in inputs.mentees if e.person.id not in stale_mentees]
    try:
        result = core.match(mentors, mentees, inputs.rules, fixed=fixed)
    except core.MentoringError as exc:
        raise MentoringError.of(exc.message) from exc
    kept_keys = {(p.mentor_id, p.mentee_id): p for p in kept}
    MentoringPair.objects.filter(programme=programme).exclude(
        pk__in=[p.pk for p in kept]).delete()
    new_pairs: list[MentoringPair] = []
    for pair in result.pairs:
        mentor = inputs.mentor_rows[pair.mentor_id]
        mentee = inputs.mentee_rows[pair.mentee_id]
        reasons = [message_json(m) for m in pair.fit.reasons]
        existing = kept_keys.get((mentor.pk, mentee.pk))
        if existing is not None:
            existing.fit = pair.fit.score
            existing.reasons = reasons
            continue
        new_pairs.append(MentoringPair(programme=programme, mentor=mentor, mentee=mentee,
                                       fit=pair.fit.score, reasons=reasons, created_by=user))
    MentoringPair.objects.bulk_create(new_pairs, batch_size=500)
    MentoringPair.objects.bulk_update(kept, ["fit", "reasons"], batch_size=500)
    reasons_of = {u.mentee_id: message_json(u.reason) for u in result.unmatched}
    for person_id, row in inputs.mentee_rows.items():
        row.unmatched_reason = reasons_of.get(person_id, {})
    Mentee.objects.bulk_update(list(inputs.mentee_rows.values()), ["unmatched_reason"],
                               batch_size=500)
    programme.total_fit = round(result.total_fit + sum(p.fit for p in stale), 9)
    programme.is_optimal = result.optimal
    programme.matched_at = timezone.now()
    if programme.status == MentoringStatus.DRAFT:
        programme.status = MentoringStatus.ACTIVE  # paired: the programme runs
    programme.save(update_fields=["total_fit", "is_optimal", "matched_at", "status"])
    audit_record(actor=user, agency=programme.agency, action="mentoring.match",
                 object_type="mentoring_programme", object_id=programme.pk,
                 object_label=str(programme),
                 changes={"pairs": len(result.pairs), "unmatched": len(result.unmatched),
                          "kept": len(kept), "kept_outside_rules": len(stale),
                          "total_fit": programme.total_fit,
                          "optimal": result.optimal, "status": result.status})
    return result


def _kept_condition() -> Q:
    return Q(is_fixed=True) | Q(meetings__isnull=False)


def _violations_text(violations: Iterable[Message], lang: str) -> str:
    return "; ".join(v.render("en" if lang == "en" else "id") for v in violations)


def _check(inputs_mentor: core.Mentor, inputs_mentee: core.Mentee,
           rules: core.MatchRules, *, what_id: str, what_en: str) -> core.Fit:
    violations = core.check_pair(inputs_mentor, inputs_mentee, rules)
    if violations:
        m, e = inputs_mentor.person.name, inputs_mentee.person.name
        raise MentoringError(
            f"{what_id} ditolak: {m} – {e} melanggar aturan: "
            f"{_violations_text(violations, 'id')}.",
            f"{what_en} refused: {m} – {e} breaks the rules: "
            f"{_violations_text(violations, 'en')}.")
    return core.fit(inputs_mentor, inputs_mentee, rules)


@transaction.atomic
def mentoring_swap(*, programme: MentoringProgramme, mentee_a: Mentee, mentee_b: Mentee,
                   user: User | None) -> tuple[MentoringPair, MentoringPair]:
    """Exchange the mentors of two paired mentees. Both new pairs must keep every rule (the
    broken rule is named); a pair that has already met keeps its mentor. Both pairs become
    fixed; audited."""
    programme = _lock(programme)
    if mentee_a.pk == mentee_b.pk:
        raise MentoringError("Pilih dua mentee yang berbeda.", "Choose two different mentees.")
    pairs = {p.mentee_id: p for p in MentoringPair.objects.select_for_update(of=("self",)).filter(
        programme=programme, mentee_id__in=[mentee_a.pk, mentee_b.pk]
    ).select_related("mentor__employee", "mentee__employee")}
    for mentee in (mentee_a, mentee_b):
        if mentee.programme_id != programme.pk:
            raise MentoringError("Mentee bukan peserta program ini.",
                                 "The mentee is not in this programme.")
        if mentee.pk not in pairs:
            name = mentee.employee.full_name
            raise MentoringError(f"{name} belum berpasangan; tetapkan mentornya langsung.",
                                 f"{name} has no mentor yet; assign one directly.")
    pa, pb = pairs[mentee_a.pk], pairs[mentee_b.pk]
    if pa.mentor_id == pb.mentor_id:
        raise MentoringError("Kedua mentee sudah dibina mentor yang sama.",
                             "Both mentees already have the same mentor.")
    for pair in (pa, pb):
        if pair.meetings.exists():
            name = pair.mentee.employee.full_name
            raise MentoringError(
                f"{name} sudah bertemu mentornya; pasangan yang sudah bertemu tidak ditukar.",
                f"{name} has already met their mentor; a pair that has met is not swapped.")
    inputs = match_inputs(programme, mentor_ids=[pa.mentor_id, pb.mentor_id],
                          mentee_ids=[pa.mentee_id, pb.mentee_id])
    by_row_mentor = {inputs.mentor_rows[m.person.id].pk: m for m in inputs.mentors}
    by_row_mentee = {inputs.mentee_rows[e.person.id].pk: e for e in inputs.mentees}
    fit_a = _check(by_row_mentor[pb.mentor_id], by_row_mentee[pa.mentee_id], inputs.rules,
                   what_id="Pertukaran", what_en="The swap")
    fit_b = _check(by_row_mentor[pa.mentor_id], by_row_mentee[pb.mentee_id], inputs.rules,
                   what_id="Pertukaran", what_en="The swap")
    mentor_a, mentor_b = pa.mentor, pb.mentor
    for pair, mentor, new_fit in ((pa, mentor_b, fit_a), (pb, mentor_a, fit_b)):
        pair.mentor = mentor
        pair.fit = new_fit.score
        pair.reasons = [message_json(m) for m in new_fit.reasons]
        pair.is_fixed = True
        pair.save(update_fields=["mentor", "fit", "reasons", "is_fixed"])
    _refresh_total(programme, optimal=False)
    audit_record(actor=user, agency=programme.agency, action="mentoring.swap",
                 object_type="mentoring_programme", object_id=programme.pk,
                 object_label=str(programme),
                 changes={"mentee_a": pa.mentee.employee.nip, "mentee_b": pb.mentee.employee.nip,
                          "mentor_a": mentor_b.employee.nip, "mentor_b": mentor_a.employee.nip})
    return pa, pb


@transaction.atomic
def pair_set(*, programme: MentoringProgramme, mentor: Mentor, mentee: Mentee,
             user: User | None) -> MentoringPair:
    """The coordinator pairs ``mentee`` with ``mentor`` by hand: the pair must keep every rule
    and the mentor must have room; a mentee who has already met another mentor keeps them.
    The pair is fixed; audited."""
    programme = _lock(programme)
    if mentor.programme_id != programme.pk or mentee.programme_id != programme.pk:
        raise MentoringError("Mentor atau mentee bukan peserta program ini.",
                             "The mentor or the mentee is not in this programme.")
    mentor = (Mentor.objects.select_for_update(of=("self",)).select_related("employee")
              .get(pk=mentor.pk))
    current = MentoringPair.objects.filter(mentee=mentee).first()
    if current is not None and current.mentor_id != mentor.pk and current.meetings.exists():
        raise MentoringError(
            f"{mentee.employee.full_name} sudah bertemu mentornya; mentornya tidak diganti.",
            f"{mentee.employee.full_name} has already met their mentor; the mentor stays.")
    inputs = match_inputs(programme, mentor_ids=[mentor.pk], mentee_ids=[mentee.pk])
    new_fit = _check(inputs.mentors[0], inputs.mentees[0], inputs.rules,
                     what_id="Penetapan pasangan", what_en="The pairing")
    load = MentoringPair.objects.filter(mentor=mentor).exclude(mentee=mentee).count()
    if load >= mentor.capacity:
        raise MentoringError(
            f"{mentor.employee.full_name} sudah membina {load} mentee (kapasitas "
            f"{mentor.capacity}).",
            f"{mentor.employee.full_name} already has {load} mentees (capacity "
            f"{mentor.capacity}).")
    reasons = [message_json(m) for m in new_fit.reasons]
    if current is None:
        pair = MentoringPair.objects.create(programme=programme, mentor=mentor, mentee=mentee,
                                            fit=new_fit.score, reasons=reasons, is_fixed=True,
                                            created_by=user)
    else:
        pair = current
        pair.mentor = mentor
        pair.fit = new_fit.score
        pair.reasons = reasons
        pair.is_fixed = True
        pair.save(update_fields=["mentor", "fit", "reasons", "is_fixed"])
    mentee.unmatched_reason = {}
    mentee.save(update_fields=["unmatched_reason"])
    _refresh_total(programme, optimal=False)
    audit_record(actor=user, agency=programme.agency, action="mentoring.pair_set",
                 object_type="mentoring_pair", object_id=pair.pk, object_label=str(programme),
                 changes={"mentor": mentor.employee.nip, "mentee": mentee.employee.nip})
    return pair


@transaction.atomic
def pair_release(*, pair: MentoringPair, user: User | None) -> MentoringPair:
    """Unfix a pair: the next match may change it (unless it has met)."""
    if pair.is_fixed:
        pair.is_fixed = False
        pair.save(update_fields=["is_fixed"])
        audit_record(actor=user, agency=pair.programme.agency, action="mentoring.pair_release",
                     object_type="mentoring_pair", object_id=pair.pk,
                     object_label=str(pair.programme))
    return pair


# --------------------------------------------------------------------------------------------
# Meetings and the JP they credit


def pair_credit(pair: MentoringPair, dates: Iterable[dt.date] | None = None
                ) -> core_rules.Credit:
    """The JP the pair's meetings give the mentee under the agency's NKL02 rule."""
    if dates is None:
        dates = pair.meetings.values_list("date", flat=True)
    rule = rules_for(pair.programme.agency).get(MENTORING_PATH)
    if rule is None:
        raise MentoringError(
            f"Instansi belum punya aturan pengakuan JP untuk jalur {MENTORING_PATH}.",
            f"The agency has no JP recognition rule for the path {MENTORING_PATH}.")
    return core_rules.credit_person_sessions(rule, sorted(dates))


def _mentoring_path() -> DevelopmentPath:
    return DevelopmentPath.objects.get(code=MENTORING_PATH)


def _recredit(pair: MentoringPair, *, user: User | None,
              path: DevelopmentPath | None = None) -> None:
    """Write the pair's JP to the ledger (one row per pair); a pair left without meetings has
    its row removed (:func:`bina.ledger.services.ledger_remove`, audited)."""
    dates = sorted(pair.meetings.values_list("date", flat=True))
    programme = pair.programme
    if not dates:
        if pair.record is not None:
            record = pair.record
            pair.record = None
            pair.save(update_fields=["record"])
            ledger_remove(record=record, user=user,
                          reason=f"Tidak ada lagi pertemuan mentoring {programme.code}.")
        return
    credit = pair_credit(pair, dates)
    record = ledger_credit(
        employee=pair.mentee.employee, title=f"Mentoring: {programme.name}",
        path_code=MENTORING_PATH, start_date=dates[0], end_date=dates[-1], jp=credit.jp,
        source=DevelopmentSource.MENTORING, provider_name=pair.mentor.employee.full_name,
        record=pair.record, path=path or _mentoring_path())
    if pair.record_id != record.pk:
        pair.record = record
        pair.save(update_fields=["record"])


@dataclass(frozen=True)
class MeetingEntry:
    """One meeting to record: when, what about, the actions agreed."""

    date: dt.date
    topic: str
    actions: str = ""


def _meeting_refusal(programme: MentoringProgramme, entry: MeetingEntry,
                     taken: set[dt.date]) -> MentoringError | None:
    date = entry.date
    if not entry.topic.strip():
        return MentoringError("Topik pertemuan wajib diisi.", "The meeting's topic is required.")
    if not programme.start_date <= date <= programme.end_date:
        return MentoringError(
            f"Tanggal {date:%d-%m-%Y} di luar masa program ({programme.start_date:%d-%m-%Y} "
            f"s.d. {programme.end_date:%d-%m-%Y}).",
            f"The date {date:%d-%m-%Y} is outside the programme ({programme.start_date:%d-%m-%Y}"
            f" to {programme.end_date:%d-%m-%Y}).")
    if date > timezone.localdate():
        return MentoringError(
            f"Tanggal {date:%d-%m-%Y} belum lewat; catat pertemuan setelah terjadi.",
            f"The date {date:%d-%m-%Y} is still to come; record a meeting after it took place.")
    if date in taken:
        return MentoringError(
            f"Pertemuan tanggal {date:%d-%m-%Y} sudah dicatat untuk pasangan ini.",
            f"A meeting on {date:%d-%m-%Y} is already recorded for this pair.")
    return None


@transaction.atomic
def meetings_record(*, pair: MentoringPair, entries: Iterable[MeetingEntry],
                    user: User | None, path: DevelopmentPath | None = None
                    ) -> list[MentoringMeeting]:
    """Record several meetings of the pair at once (all or nothing), then recompute the
    mentee's JP for the pair once. Each meeting is checked as in :func:`meeting_record`.
    ``path`` (the NKL02 path), when the caller has it, saves a query."""
    pair = MentoringPair.objects.select_for_update(of=("self",)).select_related(
        "programme__agency", "mentor__employee", "mentee__employee", "record").get(pk=pair.pk)
    programme = pair.programme
    taken = set(pair.meetings.values_list("date", flat=True))
    rows: list[MentoringMeeting] = []
    for entry in entries:
        refusal = _meeting_refusal(programme, entry, taken)
        if refusal is not None:
            raise refusal
        taken.add(entry.date)
        rows.append(MentoringMeeting(pair=pair, date=entry.date, topic=entry.topic.strip()[:250],
                                     actions=entry.actions.strip(), recorded_by=user))
    if not rows:
        return []
    if len(rows) == 1:
        rows[0].save()
    else:
        rows = MentoringMeeting.objects.bulk_create(rows)
    _recredit(pair, user=user, path=path)
    label = f"{programme.code} {pair.mentee.employee.nip}"
    if len(rows) == 1:
        audit_record(actor=user, agency=programme.agency, action="mentoring.meeting_record",
                     object_type="mentoring_meeting", object_id=rows[0].pk, object_label=label,
                     changes={"date": rows[0].date.isoformat(), "topic": rows[0].topic})
    else:
        audit_record(actor=user, agency=programme.agency, action="mentoring.meeting_record",
                     object_type="mentoring_pair", object_id=pair.pk, object_label=label,
                     changes={"dates": [r.date.isoformat() for r in rows]})
    return rows


def meeting_record(*, pair: MentoringPair, date: dt.date, topic: str, actions: str,
                   user: User | None) -> MentoringMeeting:
    """Record a meeting of the pair, then recompute the mentee's JP for the pair and write it
    to the ledger. Refused: a date outside the programme, a date still to come, a second
    meeting of the pair on the same day, an empty topic."""
    return meetings_record(pair=pair, entries=[MeetingEntry(date, topic, actions)],
                           user=user)[0]


@transaction.atomic
def meeting_delete(*, meeting: MentoringMeeting, user: User | None) -> None:
    """Remove a meeting recorded by mistake; the pair's JP is recomputed."""
    pair = MentoringPair.objects.select_for_update(of=("self",)).select_related(
        "programme__agency", "mentor__employee", "mentee__employee", "record"
    ).get(pk=meeting.pair_id)
    label = f"{pair.programme.code} {pair.mentee.employee.nip}"
    meeting_id, date = meeting.pk, meeting.date
    meeting.delete()
    _recredit(pair, user=user)
    audit_record(actor=user, agency=pair.programme.agency, action="mentoring.meeting_delete",
                 object_type="mentoring_meeting", object_id=meeting_id, object_label=label,
                 changes={"date": date.isoformat()})
