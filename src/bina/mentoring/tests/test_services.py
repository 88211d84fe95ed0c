"""The mentoring services through the database: the rules, the exact match, swaps, fixed
pairs, capacity, and the JP that meetings credit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bina.audit.models import AuditEvent
from bina.mentoring.models import Mentee, Mentor, MentoringPair
from bina.mentoring.services import (
    MeetingEntry,
    MentoringError,
    meeting_delete,
    meeting_record,
    meetings_record,
    mentoring_match,
    mentoring_swap,
    pair_release,
    pair_set,
    render_json,
)
from bina.mentoring.tests.factories import programme
from bina.people.models import DevelopmentRecord, DevelopmentSource


def mentor_of(world: Any, prog: Any, name: str) -> Mentor:
    return Mentor.objects.get(programme=prog, employee=getattr(world, name))


def mentee_of(world: Any, prog: Any, name: str) -> Mentee:
    return Mentee.objects.get(programme=prog, employee=getattr(world, name))


def pairs_by_name(prog: Any) -> dict[str, str]:
    return {p.mentee.employee.name: p.mentor.employee.name
            for p in MentoringPair.objects.filter(programme=prog).select_related(
                "mentor__employee", "mentee__employee")}


def test_the_match_pairs_every_mentee_with_the_best_total_fit(world: Any) -> None:
    prog = programme(world)
    result = mentoring_match(programme=prog, user=world.planner)
    prog.refresh_from_db()
    assert result.optimal and prog.is_optimal
    assert len(result.pairs) == 2 and not result.unmatched
    # lab (requires 2, assessed 1): kadis and auditor exceed by 2 → 15; staff: every mentor 13
    assert prog.total_fit == pytest.approx(28.0)
    assert prog.matched_at is not None
    pair = MentoringPair.objects.get(mentee__employee=world.lab)
    assert pair.fit == pytest.approx(15.0)
    texts = [render_json(r) for r in pair.reasons]
    assert any("pasangan yang memenuhi syarat" in t for t in texts)
    assert any("M.5" in t for t in texts)
    assert AuditEvent.objects.filter(action="mentoring.match").count() == 1


def test_a_mentor_below_the_required_level_is_not_paired(world: Any) -> None:
    # staff may only have their direct supervisor (kabid), whose M.5 level (2) is below 3
    levels = {"kadis": {"M.5": 4}, "kabid": {"M.5": 2}, "auditor": {"M.5": 4},
              "staff": {"M.5": 2}, "lab": {"M.5": 1}}
    prog = programme(world, levels=levels, supervisor_rule="required")
    mentoring_match(programme=prog, user=None)
    assert pairs_by_name(prog) == {"Nurhayati Daud": "Rahmat Hasan"}  # lab ← kadis
    staff = mentee_of(world, prog, "staff")
    assert "tidak ada mentor yang memenuhi syarat" in render_json(staff.unmatched_reason)
    with pytest.raises(MentoringError, match="di bawah level yang disyaratkan"):
        pair_set(programme=prog, mentor=mentor_of(world, prog, "kabid"),
                 mentee=staff, user=None)


def test_a_mentor_never_assessed_in_the_competency_is_refused(world: Any) -> None:
    levels = {"kadis": {"M.5": 4}, "staff": {"M.5": 2}, "lab": {"M.5": 1}}
    prog = programme(world, levels=levels)
    with pytest.raises(MentoringError, match="belum dinilai"):
        pair_set(programme=prog, mentor=mentor_of(world, prog, "auditor"),
                 mentee=mentee_of(world, prog, "staff"), user=None)


@pytest.mark.parametrize(("rules", "mentor", "mentee", "fragment"), [
    ({"seniority": "golongan"}, "auditor", "staff", "golongan mentor harus"),  # III/b = III/b
    ({"seniority": "both", "min_rank_gap": 3}, "kabid", "staff", "golongan dan jenjang"),
    ({"unit_rule": "same"}, "kadis", "staff", "unit yang sama"),
    ({"unit_rule": "different"}, "kabid", "staff", "unit lain"),
    ({"same_field": True}, "kadis", "staff", "bidang yang sama"),
    ({"supervisor_rule": "excluded"}, "kabid", "staff", "atasan langsung"),
    ({"supervisor_rule": "required"}, "auditor", "staff", "bukan atasan langsung"),
])
def test_a_hand_made_pair_that_breaks_a_rule_is_refused_with_the_rule(
        world: Any, rules: dict[str, Any], mentor: str, mentee: str, fragment: str) -> None:
    prog = programme(world, **rules)
    with pytest.raises(MentoringError, match=fragment) as caught:
        pair_set(programme=prog, mentor=mentor_of(world, prog, mentor),
                 mentee=mentee_of(world, prog, mentee), user=None)
    assert "ditolak" in caught.value.message_id and "refused" in caught.value.message_en
    assert not MentoringPair.objects.exists()


def test_the_position_rank_makes_a_same_golongan_mentor_senior(world: Any) -> None:
    # auditor and staff are both III/b; ahli muda is above ahli pertama
    prog = programme(world, seniority="position")
    pair = pair_set(programme=prog, mentor=mentor_of(world, prog, "auditor"),
                    mentee=mentee_of(world, prog, "staff"), user=None)
    assert pair.is_fixed


def test_the_same_field_rule_keeps_the_bidang_together(world: Any) -> None:
    prog = programme(world, same_field=True)
    mentoring_match(programme=prog, user=None)
    # staff's bidang is P2P: only kabid shares it; lab's UPT has no mentor of its own
    assert pairs_by_name(prog) == {"Yusran Pakaya": "Sri Katili"}
    pair = MentoringPair.objects.get()
    assert any("bidang yang sama" in render_json(r) for r in pair.reasons)


def test_with_the_supervisor_required_each_mentee_gets_their_supervisor(world: Any) -> None:
    prog = programme(world, supervisor_rule="required")
    mentoring_match(programme=prog, user=None)
    assert pairs_by_name(prog) == {"Yusran Pakaya": "Sri Katili",
                                   "Nurhayati Daud": "Rahmat Hasan"}


def test_a_full_mentor_takes_no_more_mentees(world: Any) -> None:
    prog = programme(world, capacity=1, mentors=("kadis",))
    result = mentoring_match(programme=prog, user=None)
    assert len(result.pairs) == 1 and len(result.unmatched) == 1
    left = Mentee.objects.get(programme=prog, pair__isnull=True)
    assert "sudah penuh" in render_json(left.unmatched_reason)
    with pytest.raises(MentoringError, match=r"kapasitas 1"):
        pair_set(programme=prog, mentor=mentor_of(world, prog, "kadis"), mentee=left,
                 user=None)


def test_a_fixed_pair_survives_a_new_match(world: Any) -> None:
    prog = programme(world)
    # kabid–lab fits 13 while kadis or auditor would fit 15: the match would not choose it
    pair_set(programme=prog, mentor=mentor_of(world, prog, "kabid"),
             mentee=mentee_of(world, prog, "lab"), user=world.planner)
    mentoring_match(programme=prog, user=world.planner)
    kept = MentoringPair.objects.get(mentee__employee=world.lab)
    assert kept.mentor.employee == world.kabid and kept.is_fixed
    assert MentoringPair.objects.filter(programme=prog).count() == 2
    pair_release(pair=kept, user=world.planner)
    mentoring_match(programme=prog, user=world.planner)
    assert MentoringPair.objects.get(mentee__employee=world.lab).mentor.employee != world.kabid


def test_a_swap_exchanges_the_mentors_and_fixes_both_pairs(world: Any) -> None:
    prog = programme(world, capacity=1, mentors=("kadis", "auditor"))
    mentoring_match(programme=prog, user=None)
    before = pairs_by_name(prog)
    a, b = mentee_of(world, prog, "staff"), mentee_of(world, prog, "lab")
    mentoring_swap(programme=prog, mentee_a=a, mentee_b=b, user=world.planner)
    after = pairs_by_name(prog)
    assert after["Yusran Pakaya"] == before["Nurhayati Daud"]
    assert after["Nurhayati Daud"] == before["Yusran Pakaya"]
    assert all(p.is_fixed for p in MentoringPair.objects.all())
    prog.refresh_from_db()
    assert not prog.is_optimal
    assert prog.total_fit == pytest.approx(sum(p.fit for p in MentoringPair.objects.all()))


def test_a_swap_that_breaks_a_rule_is_refused_and_changes_nothing(world: Any) -> None:
    prog = programme(world, supervisor_rule="required")
    mentoring_match(programme=prog, user=None)
    before = pairs_by_name(prog)
    with pytest.raises(MentoringError, match=r"Pertukaran ditolak.*bukan atasan langsung"):
        mentoring_swap(programme=prog, mentee_a=mentee_of(world, prog, "staff"),
                       mentee_b=mentee_of(world, prog, "lab"), user=None)
    assert pairs_by_name(prog) == before
    assert not MentoringPair.objects.filter(is_fixed=True).exists()


def test_a_swap_needs_two_paired_mentees(world: Any) -> None:
    prog = programme(world, capacity=1, mentors=("kadis",))
    mentoring_match(programme=prog, user=None)
    with pytest.raises(MentoringError, match="belum berpasangan"):
        mentoring_swap(programme=prog, mentee_a=mentee_of(world, prog, "staff"),
                       mentee_b=mentee_of(world, prog, "lab"), user=None)


def test_three_meetings_in_one_month_credit_four_jp(world: Any) -> None:
    prog = programme(world)
    mentoring_match(programme=prog, user=None)
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    for day in (5, 12, 19):
        meeting_record(pair=pair, date=dt.date(2026, 10, day), topic="Standar pelayanan",
                       actions="Susun SOP", user=world.planner)
    pair.refresh_from_db()
    assert pair.record is not None
    assert pair.record.jp == Decimal("4.0")
    assert pair.record.source == DevelopmentSource.MENTORING
    assert pair.record.path.code == "NKL02"
    assert pair.record.employee == world.staff
    assert (pair.record.start_date, pair.record.end_date) == (dt.date(2026, 10, 5),
                                                             dt.date(2026, 10, 19))
    meeting_record(pair=pair, date=dt.date(2026, 11, 2), topic="Evaluasi", actions="",
                   user=None)
    pair.refresh_from_db()
    assert pair.record is not None and pair.record.jp == Decimal("6.0")
    assert DevelopmentRecord.objects.filter(employee=world.staff).count() == 1
    meeting_delete(meeting=pair.meetings.get(date=dt.date(2026, 11, 2)), user=None)
    pair.record.refresh_from_db()
    assert pair.record.jp == Decimal("4.0")


@pytest.mark.parametrize(("day", "fragment"), [
    (dt.date(2025, 12, 31), "di luar masa program"),
    (dt.date(2026, 12, 15), "belum lewat"),
])
def test_a_meeting_outside_the_programme_or_to_come_is_refused(
        world: Any, day: dt.date, fragment: str) -> None:
    prog = programme(world)
    mentoring_match(programme=prog, user=None)
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    with pytest.raises(MentoringError, match=fragment):
        meeting_record(pair=pair, date=day, topic="Topik", actions="", user=None)
    assert not pair.meetings.exists() and not DevelopmentRecord.objects.filter(
        source=DevelopmentSource.MENTORING).exists()


def test_a_second_meeting_on_the_same_day_is_refused(world: Any) -> None:
    prog = programme(world)
    mentoring_match(programme=prog, user=None)
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    meeting_record(pair=pair, date=dt.date(2026, 10, 5), topic="A", actions="", user=None)
    with pytest.raises(MentoringError, match="sudah dicatat"):
        meeting_record(pair=pair, date=dt.date(2026, 10, 5), topic="B", actions="", user=None)
    assert pair.meetings.count() == 1


def test_a_pair_that_has_met_is_kept_by_a_new_match_and_not_swapped(world: Any) -> None:
    prog = programme(world, capacity=1, mentors=("kadis", "auditor", "kabid"))
    mentoring_match(programme=prog, user=None)
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    mentor_before = pair.mentor_id
    meeting_record(pair=pair, date=dt.date(2026, 10, 5), topic="A", actions="", user=None)
    mentoring_match(programme=prog, user=None)
    pair.refresh_from_db()
    assert pair.mentor_id == mentor_before and pair.meetings.count() == 1
    with pytest.raises(MentoringError, match="sudah bertemu"):
        mentoring_swap(programme=prog, mentee_a=mentee_of(world, prog, "staff"),
                       mentee_b=mentee_of(world, prog, "lab"), user=None)


def test_a_met_pair_outside_the_rules_after_a_new_round_does_not_block_a_rematch(
        world: Any) -> None:
    from bina.mentoring.tests.factories import assessed_round

    prog = programme(world, supervisor_rule="required")  # staff ← kabid (M.5 3 ≥ 3)
    mentoring_match(programme=prog, user=None)
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    meeting_record(pair=pair, date=dt.date(2026, 10, 5), topic="A", actions="", user=None)
    assessed_round(world, {"kabid": {"M.5": 2}}, code="akpk-later")  # kabid now below 3
    result = mentoring_match(programme=prog, user=None)
    pair.refresh_from_db()
    assert pair.mentor.employee == world.kabid and pair.meetings.count() == 1
    assert [p.mentee_id for p in result.pairs] == [str(world.lab.pk)]
    prog.refresh_from_db()
    assert prog.total_fit == pytest.approx(result.total_fit + pair.fit)


def test_deleting_the_last_meeting_removes_the_pairs_jp_from_the_ledger(world: Any) -> None:
    prog = programme(world)
    mentoring_match(programme=prog, user=None)
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    first = meeting_record(pair=pair, date=dt.date(2026, 9, 7), topic="Standar pelayanan",
                           actions="", user=world.planner)
    second = meeting_record(pair=pair, date=dt.date(2026, 10, 5), topic="Survei kepuasan",
                            actions="", user=world.planner)
    pair.refresh_from_db()
    record_id = pair.record_id
    assert record_id is not None
    meeting_delete(meeting=second, user=world.planner)
    pair.refresh_from_db()
    assert pair.record_id == record_id and pair.record is not None
    assert pair.record.jp == Decimal("2.0")
    assert pair.record.end_date == dt.date(2026, 9, 7)
    meeting_delete(meeting=first, user=world.planner)
    pair.refresh_from_db()
    assert pair.record_id is None
    assert not DevelopmentRecord.objects.filter(pk=record_id).exists()
    assert not DevelopmentRecord.objects.filter(employee=world.staff,
                                                source=DevelopmentSource.MENTORING).exists()
    event = AuditEvent.objects.get(action="jp_ledger.remove")
    assert event.object_id == str(record_id)
    assert event.changes["jp"] == "2.0" and event.changes["employee"] == world.staff.nip


def test_several_meetings_recorded_at_once_apply_the_monthly_cap_once(world: Any) -> None:
    prog = programme(world)
    mentoring_match(programme=prog, user=None)
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    rows = meetings_record(pair=pair, user=world.planner, entries=[
        MeetingEntry(dt.date(2026, 8, 3), "Alur layanan", "Petakan alur"),
        MeetingEntry(dt.date(2026, 8, 10), "SOP", ""),
        MeetingEntry(dt.date(2026, 8, 24), "Survei", ""),
        MeetingEntry(dt.date(2026, 9, 7), "Evaluasi", ""),
    ])
    assert len(rows) == 4
    pair.refresh_from_db()
    assert pair.record is not None and pair.record.jp == Decimal("6.0")  # 2 + 1 capped month


def test_a_batch_with_one_bad_meeting_records_nothing(world: Any) -> None:
    prog = programme(world)
    mentoring_match(programme=prog, user=None)
    pair = MentoringPair.objects.get(mentee__employee=world.staff)
    with pytest.raises(MentoringError, match="sudah dicatat"):
        meetings_record(pair=pair, user=None, entries=[
            MeetingEntry(dt.date(2026, 8, 3), "Alur layanan"),
            MeetingEntry(dt.date(2026, 8, 3), "Lagi"),
        ])
    assert not pair.meetings.exists()
    pair.refresh_from_db()
    assert pair.record is None
