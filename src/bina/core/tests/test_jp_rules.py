"""JP recognition per path (regulation.md §2.2), stored as data."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest

from bina.core import jp_rules as jr
from bina.core.jp_rules import CompletedActivity, JpRuleError, credit, credit_person_sessions
from bina.core.messages import CATALOGUE

D = Decimal
RULES = jr.load_default_rules()
PATHS = json.loads(resources.files("bina.reference").joinpath("data/paths.json")
                   .read_text("utf-8"))


def act(path: str, jp: int | str = 0, days: int = 0, *, intl: bool = False,
        sessions: tuple[date, ...] = (), semesters: int = 0) -> CompletedActivity:
    return CompletedActivity(path, D(jp), days, sessions, semesters, intl)


def test_the_default_table_covers_every_path_of_the_app() -> None:
    rows = PATHS["paths"] if isinstance(PATHS, dict) and "paths" in PATHS else PATHS
    codes = {r[0] if isinstance(r, list) else r["code"] for r in rows}
    assert set(RULES) == codes
    for rule in RULES.values():
        assert rule.source
        if not rule.verified:
            assert "UNVERIFIED" in rule.source


def test_lan_confirmed_rows_are_verified_and_bps_rows_are_not() -> None:
    verified = {c for c, r in RULES.items() if r.verified}
    assert verified == {"KL01", "KL02", "KL03", "KL04", "KL05", "KL06", "KL07", "NKL06"}


def test_every_explanation_has_both_languages() -> None:
    for path in RULES:
        for intl in (False, True):
            a = act(path, 10, 2, intl=intl, sessions=(date(2026, 1, 1),), semesters=1)
            c = credit(RULES[path], a)
            assert c.explanation.code in CATALOGUE
            assert c.explanation.render("id") and c.explanation.render("en")
            assert c.explanation_code == c.explanation.code
            assert c.explanation_params == c.explanation.params
            for note in c.notes:
                assert note.code in CATALOGUE
                note.render("en")


@pytest.mark.parametrize(("jp", "expected"), [(13, "15.6"), (7, "8.4"), (10, "12"),
                                              ("2.125", "2.6"), ("0.25", "0.3")])
def test_training_abroad_adds_twenty_percent_rounded_half_up(jp: str, expected: str) -> None:
    c = credit(RULES["KL03"], act("KL03", jp, 3, intl=True))
    assert c.jp == D(expected)
    assert c.explanation.code == "jp.credit.uplift"
    assert "15.6" in credit(RULES["KL03"], act("KL03", 13, intl=True)).explanation.render("id")


def test_rounding_is_half_up_to_one_decimal_not_bankers() -> None:
    assert jr.round_jp(D("2.45")) == D("2.5")
    assert jr.round_jp(D("2.35")) == D("2.4")
    assert jr.round_jp(D("0.05")) == D("0.1")
    assert jr.round_jp(D("0.04999")) == D("0.0")
    assert credit(RULES["KL03"], act("KL03", "2.45")).jp == D("2.5")


def test_domestic_training_counts_the_programme_jp() -> None:
    c = credit(RULES["KL02"], act("KL02", 32, 4))
    assert c.jp == D(32)
    assert c.explanation.code == "jp.credit.programme"


def test_leadership_training_has_no_international_value() -> None:
    c = credit(RULES["KL01"], act("KL01", 100, 20, intl=True))
    assert c.jp == D(100)
    assert [n.code for n in c.notes] == ["jp.note.no_international"]


def test_seminar_and_workshop_count_per_day() -> None:
    assert credit(RULES["KL06"], act("KL06", 99, 2)).jp == D(8)
    assert credit(RULES["KL06"], act("KL06", 99, 2, intl=True)).jp == D(12)
    assert credit(RULES["KL07"], act("KL07", 0, 3)).jp == D(15)
    w = credit(RULES["KL07"], act("KL07", 0, 3, intl=True))
    assert w.jp == D(21)
    assert w.explanation.code == "jp.credit.per_day.international"
    assert credit(RULES["KL11"], act("KL11", 0, 1)).jp == D(4)


def test_e_learning_is_capped_per_day() -> None:
    assert credit(RULES["NKL03"], act("NKL03", 20, 2)).jp == D(6)
    assert credit(RULES["NKL03"], act("NKL03", 4, 2)).jp == D(4)
    c = credit(RULES["NKL03"], act("NKL03", 20, 2, intl=True))
    assert c.jp == D(8)
    assert c.explanation.code == "jp.credit.day_cap.international"


def test_self_study_is_capped_and_abroad_uplifted() -> None:
    assert credit(RULES["NKL09"], act("NKL09", 10, 3)).jp == D(6)
    assert credit(RULES["NKL09"], act("NKL09", 10, 3, intl=True)).jp == D("7.2")
    assert credit(RULES["NKL10"], act("NKL10", 3, 3, intl=True)).jp == D("3.6")


def test_secondment_and_benchmarking_count_once() -> None:
    assert credit(RULES["NKL05"], act("NKL05", 0, 90)).jp == D(20)
    assert credit(RULES["NKL05"], act("NKL05", 0, 90, intl=True)).jp == D(24)
    assert credit(RULES["NKL07"], act("NKL07", 0, 2)).jp == D(10)
    assert credit(RULES["NKL07"], act("NKL07", 0, 2, intl=True)).jp == D(20)
    assert credit(RULES["NKL12"], act("NKL12", 0, 30)).jp == D(20)


def test_education_counts_twenty_per_semester() -> None:
    c = credit(RULES["PEND"], act("PEND", semesters=2))
    assert c.jp == D(40)
    assert c.explanation.code == "jp.credit.semester"
    assert credit(RULES["PEND"], act("PEND", semesters=1, intl=True)).jp == D(20)


def test_mentoring_counts_at_most_two_sessions_a_month() -> None:
    jan = (date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19))
    c = credit(RULES["NKL02"], act("NKL02", sessions=jan))
    assert (c.jp, c.sessions_counted, c.sessions_ignored) == (D(4), 2, 1)
    two_months = (date(2026, 1, 5), date(2026, 1, 12), date(2026, 2, 2), date(2026, 2, 9),
                  date(2026, 2, 16))
    c = credit_person_sessions(RULES["NKL01"], two_months)
    assert (c.jp, c.sessions_counted, c.sessions_ignored) == (D(8), 4, 1)
    assert "1" in c.explanation.render("en")


def test_extra_sessions_are_not_moved_to_an_empty_month() -> None:
    c = credit_person_sessions(RULES["NKL02"], [date(2026, 3, d) for d in (1, 2, 3, 4)])
    assert (c.jp, c.sessions_counted, c.sessions_ignored) == (D(4), 2, 2)


def test_the_same_month_of_another_year_is_another_month() -> None:
    c = credit_person_sessions(RULES["NKL02"], [date(2025, 3, 1), date(2025, 3, 2),
                                                date(2026, 3, 1), date(2026, 3, 2)])
    assert c.sessions_counted == 4


def test_mentoring_abroad_counts_per_day() -> None:
    c = credit(RULES["NKL01"], act("NKL01", 0, 3, intl=True))
    assert c.jp == D(12)
    c = credit_person_sessions(RULES["NKL01"], [date(2026, 1, d) for d in (1, 2, 3, 3)],
                               international=True)
    assert c.jp == D(12)


def test_a_rule_of_another_path_is_refused() -> None:
    with pytest.raises(JpRuleError) as err:
        credit(RULES["KL06"], act("KL07", 0, 1))
    assert err.value.message.code == "jp.wrong_rule"
    with pytest.raises(JpRuleError):
        credit(RULES["KL06"], act("KL06", 0, -1))


def test_rows_round_trip() -> None:
    rows = jr.rules_to_rows(RULES)
    assert jr.rules_from_rows(rows) == RULES
    assert jr.rules_from_rows(json.loads(json.dumps(rows))) == RULES


def _row(**changes: object) -> dict[str, object]:
    row = jr.rules_to_rows([RULES["NKL02"]])[0]
    row.update(changes)
    return row


@pytest.mark.parametrize(("changes", "code"), [
    ({"basis": "week"}, "jp_rules.bad_basis"),
    ({"domestic_jp": "two"}, "jp_rules.bad_number"),
    ({"domestic_jp": "-1"}, "jp_rules.bad_number"),
    ({"domestic_jp": 2.5}, "jp_rules.bad_number"),
    ({"domestic_jp": True}, "jp_rules.bad_number"),
    ({"domestic_jp": "NaN"}, "jp_rules.bad_number"),
    ({"domestic_jp": None}, "jp_rules.needs_jp"),
    ({"max_sessions_per_month": 0}, "jp_rules.bad_int"),
    ({"max_sessions_per_month": "2"}, "jp_rules.bad_int"),
    ({"basis": "once"}, "jp_rules.sessions_cap_basis"),
    ({"verified": "yes"}, "jp_rules.bad_bool"),
    ({"source": ""}, "jp_rules.missing"),
    ({"path_code": " "}, "jp_rules.missing"),
    ({"colour": "red"}, "jp_rules.unknown_field"),
    ({"international_basis": "hour"}, "jp_rules.bad_basis"),
    ({"international_jp": None}, "jp_rules.needs_jp"),
])
def test_bad_rows_are_refused(changes: dict[str, object], code: str) -> None:
    with pytest.raises(JpRuleError) as err:
        jr.rules_from_rows([_row(**changes)])
    assert err.value.message.code == code
    assert err.value.message.render("id")
    assert err.value.message.render("en") == str(err.value)


def test_a_missing_field_and_a_duplicate_path_are_refused() -> None:
    row = _row()
    del row["verified"]
    with pytest.raises(JpRuleError, match="verified"):
        jr.rules_from_rows([row])
    with pytest.raises(JpRuleError) as err:
        jr.rules_from_rows([_row(), _row()])
    assert err.value.message.code == "jp_rules.duplicate"


def test_a_day_rule_needs_a_value_or_a_cap() -> None:
    row = jr.rules_to_rows([RULES["KL06"]])[0]
    row.update(domestic_jp=None)
    with pytest.raises(JpRuleError):
        jr.rules_from_rows([row])
    row.update(cap_per_day="3")
    assert jr.rules_from_rows([row])["KL06"].cap_per_day == D(3)


def test_an_agency_can_change_a_value() -> None:
    rows = jr.rules_to_rows(RULES)
    for row in rows:
        if row["path_code"] == "KL06":
            row["domestic_jp"] = "5"
    rules = jr.rules_from_rows(rows)
    assert credit(rules["KL06"], act("KL06", 0, 2)).jp == D(10)
