"""JP recognition per development path (jalur): how many JP an activity counts towards the
20 JP right. Pure: no Django.

Source: regulation.md §2.2. PerLAN 10/2018's Lampiran holds a JP conversion table; the full
table used here is the agency version of BPS (Surat Sestama BPS B-031/BPS/2600/02/2019, IMPL/SEC:
mfasza/S20JP@f51b7107). The rows confirmed at LAN level (SEC: LAN deck "Konversi Pedoman Non
Klasikal", *Antologi Bangkom ASN*) are B1–B7 and C6, plus C10's "programme JP / +20%"; every
other row is **UNVERIFIED** against the PerLAN Lampiran (no contradiction was found). The
table is therefore DATA (``data/jp_rules.json``), each row with its ``source`` and ``verified``
flag, and an agency may replace it (:func:`rules_from_rows`).

Mapping of the BPS rows onto the app's path codes (``bina/reference/data/paths.json``):
KL01=B1, KL02–KL05=B2–B5, KL06=B6 seminar, KL07=B7 workshop, KL08–KL10=B8–B10, KL11=B11
sosialisasi, NKL01=C1 coaching, NKL02=C2 mentoring, NKL03=C3 e-learning, NKL04=C4, NKL05=C5
detasering, NKL06=C6 outbond, NKL07=C7 benchmarking, NKL08=C8 exchange, NKL09=C9 belajar
mandiri, NKL10=C10 komunitas belajar, NKL12=C11 magang, PEND=A1/A2 (20 JP per semester).
KL12, NKL11 (bimbingan di tempat kerja) and NKL13 are not in the table: they count the
programme's JP (+20% abroad), **UNVERIFIED**.

**How a rule credits an activity** (:func:`credit`), by ``basis``:

* ``programme``: the programme's own JP; abroad, programme JP × (1 + uplift) (B2–B5: +20%).
* ``day``: fixed JP per day × days (seminar 4/6, workshop 5/7, sosialisasi 4/6); or, where the
  table says "at most N JP per day" (e-learning 3/4, belajar mandiri and komunitas 2),
  min(programme JP, N × days). Abroad without its own value: the domestic credit × (1 + uplift).
* ``session``: JP per session (coaching, mentoring: 2), at most ``max_sessions_per_month``
  sessions (2) per calendar month; extra sessions in a month are ignored, not moved to another
  month. Abroad the row's ``international_basis`` is ``day``: 4 JP per day × days.
* ``once``: a fixed JP per activity (detasering 20/24, benchmarking 10/20, exchange and magang
  20/24).
* ``semester``: JP per semester × semesters (pendidikan: 20).

A path whose table has no international value (``international_allowed`` false: B1, A1/A2)
counts an activity abroad at the domestic value, with a note saying so.

**Rounding**: every credited JP is rounded half-up to one decimal place (13 × 1.2 = 15.6;
2.45 → 2.5, never 2.4). This is the app's rule: the regulation text read states none.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from importlib import resources
from typing import Literal, cast, get_args

from bina.core.messages import Message

Basis = Literal["programme", "day", "session", "once", "semester"]
BASES: tuple[str, ...] = get_args(Basis)
ONE_DECIMAL = Decimal("0.1")
ZERO = Decimal(0)

FIELDS = ("path_code", "basis", "domestic_jp", "international_jp", "international_uplift",
          "cap_per_day", "international_cap_per_day", "max_sessions_per_month",
          "international_allowed", "international_basis", "source", "verified")


class JpRuleError(ValueError):
    """A rule row or an activity the rules refuse; ``message`` renders in id/en."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class JpRule:
    """One row of the JP recognition table (see the module notes for the semantics).

    ``domestic_jp``/``international_jp`` are JP per basis unit (day, session, activity,
    semester); ``None`` means the programme's own JP. ``international_basis`` is the basis used
    abroad when it differs (coaching/mentoring: per day); ``None`` = same as ``basis``."""

    path_code: str
    basis: Basis
    domestic_jp: Decimal | None
    international_jp: Decimal | None
    international_uplift: Decimal
    cap_per_day: Decimal | None
    international_cap_per_day: Decimal | None
    max_sessions_per_month: int | None
    international_allowed: bool
    source: str
    verified: bool
    international_basis: Basis | None = None


@dataclass(frozen=True)
class CompletedActivity:
    """A finished activity of one person: the path, the programme's JP, its length in days,
    the dates of its sessions (session-based paths), the semesters (pendidikan), and whether
    it took place abroad."""

    path_code: str
    programme_jp: Decimal
    days: int
    session_dates: tuple[date, ...] = ()
    semesters: int = 0
    international: bool = False


@dataclass(frozen=True)
class Credit:
    """The JP recognised, why (``explanation``, renders in id/en), the sessions counted and
    ignored under the monthly cap, and notes (e.g. "no international value, counted as
    domestic")."""

    jp: Decimal
    explanation: Message
    sessions_counted: int = 0
    sessions_ignored: int = 0
    notes: tuple[Message, ...] = field(default=())

    @property
    def explanation_code(self) -> str:
        return self.explanation.code

    @property
    def explanation_params(self) -> Mapping[str, object]:
        return self.explanation.params


def round_jp(value: Decimal) -> Decimal:
    """Half-up to one decimal place (the app's rounding rule for every credited JP)."""
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """A JP or factor as text without trailing zeros ("20", "15.6", "0.2")."""
    text = format(value.normalize(), "f")
    return text


def _pct(uplift: Decimal) -> str:
    return fmt(uplift * 100)


# --------------------------------------------------------------------------------------------
# Crediting


def credit(rule: JpRule, activity: CompletedActivity) -> Credit:
    """The JP ``activity`` counts under ``rule`` (module notes; rounded half-up to 0.1).

    A session-based path counts ``session_dates`` (an activity without dates counts 0 JP;
    for the monthly cap across a person's activities use :func:`credit_person_sessions`);
    abroad it counts ``days``. Refused with :class:`JpRuleError`: a rule of another path,
    negative JP, days or semesters."""
    if rule.path_code != activity.path_code:
        raise JpRuleError(Message("jp.wrong_rule", {"rule": rule.path_code,
                                                    "path": activity.path_code}))
    _check_activity(activity)
    notes: tuple[Message, ...] = ()
    international = activity.international
    if international and not rule.international_allowed:
        notes = (Message("jp.note.no_international", {"path": rule.path_code}),)
        international = False
    basis = rule.basis
    if international and rule.international_basis is not None:
        basis = rule.international_basis
    if basis == "session":
        result = credit_person_sessions(rule, activity.session_dates,
                                        international=international)
    elif basis == "programme":
        result = _programme(rule, activity.programme_jp, international)
    elif basis == "day":
        result = _day(rule, activity.programme_jp, activity.days, international)
    elif basis == "once":
        result = _once(rule, international)
    else:
        result = _semester(rule, activity.semesters)
    if notes:
        result = Credit(result.jp, result.explanation, result.sessions_counted,
                        result.sessions_ignored, notes + result.notes)
    return result


def credit_person_sessions(rule: JpRule, dates: Iterable[date],
                           international: bool = False) -> Credit:
    """The JP of all of one person's sessions of a session-based path (coaching, mentoring) in
    one year; the caller groups them. At most ``max_sessions_per_month`` sessions count per
    calendar month, the rest of that month is ignored (not moved). Abroad (when the rule has an
    international value) each distinct date counts one day at ``international_jp``."""
    dates = tuple(dates)
    if international and rule.international_allowed and rule.international_jp is not None:
        days = len(set(dates))
        jp = round_jp(rule.international_jp * days)
        return Credit(jp, Message("jp.credit.per_day.international", {
            "days": days, "per_day": fmt(rule.international_jp), "jp": fmt(jp)}),
            sessions_counted=days)
    per = rule.domestic_jp
    if per is None:
        raise JpRuleError(Message("jp_rules.needs_jp", {"path": rule.path_code,
                                                        "basis": rule.basis}))
    per_month: dict[tuple[int, int], int] = {}
    for d in dates:
        per_month[(d.year, d.month)] = per_month.get((d.year, d.month), 0) + 1
    cap = rule.max_sessions_per_month
    counted = sum(n if cap is None else min(n, cap) for n in per_month.values())
    ignored = len(dates) - counted
    jp = round_jp(per * counted)
    return Credit(jp, Message("jp.credit.sessions", {
        "counted": counted, "per_session": fmt(per), "jp": fmt(jp), "ignored": ignored,
        "cap": "-" if cap is None else cap}), sessions_counted=counted, sessions_ignored=ignored)


def _check_activity(activity: CompletedActivity) -> None:
    if activity.programme_jp < 0 or activity.days < 0 or activity.semesters < 0:
        raise JpRuleError(Message("jp.negative_activity", {"path": activity.path_code}))


def _uplifted(rule: JpRule, value: Decimal) -> Decimal:
    return value * (1 + rule.international_uplift)


def _programme(rule: JpRule, programme_jp: Decimal, international: bool) -> Credit:
    if international and rule.international_jp is not None:
        jp = round_jp(rule.international_jp)
        return Credit(jp, Message("jp.credit.fixed.international", {"jp": fmt(jp)}))
    base = programme_jp if rule.domestic_jp is None else rule.domestic_jp
    if international and rule.international_uplift:
        jp = round_jp(_uplifted(rule, base))
        return Credit(jp, Message("jp.credit.uplift", {
            "base": fmt(base), "pct": _pct(rule.international_uplift), "jp": fmt(jp)}))
    jp = round_jp(base)
    return Credit(jp, Message("jp.credit.programme", {"jp": fmt(jp)}))


def _day(rule: JpRule, programme_jp: Decimal, days: int, international: bool) -> Credit:
    where = ".international" if international else ""
    per = rule.international_jp if international else rule.domestic_jp
    cap = rule.international_cap_per_day if international else rule.cap_per_day
    if per is not None:
        jp = round_jp(per * days)
        return Credit(jp, Message("jp.credit.per_day" + where, {
            "days": days, "per_day": fmt(per), "jp": fmt(jp)}))
    if cap is not None:
        raw = min(programme_jp, cap * days)
        jp = round_jp(raw)
        return Credit(jp, Message("jp.credit.day_cap" + where, {
            "cap": fmt(cap), "days": days, "programme_jp": fmt(programme_jp), "jp": fmt(jp)}))
    if international:  # no own international value: the domestic credit + uplift
        domestic = _day(rule, programme_jp, days, False)
        if not rule.international_uplift:
            return domestic
        raw_domestic = _day_raw(rule, programme_jp, days)
        jp = round_jp(_uplifted(rule, raw_domestic))
        return Credit(jp, Message("jp.credit.uplift", {
            "base": fmt(round_jp(raw_domestic)), "pct": _pct(rule.international_uplift),
            "jp": fmt(jp)}), notes=(domestic.explanation,))
    jp = round_jp(programme_jp)
    return Credit(jp, Message("jp.credit.programme", {"jp": fmt(jp)}))


def _day_raw(rule: JpRule, programme_jp: Decimal, days: int) -> Decimal:
    if rule.domestic_jp is not None:
        return rule.domestic_jp * days
    if rule.cap_per_day is not None:
        return min(programme_jp, rule.cap_per_day * days)
    return programme_jp


def _once(rule: JpRule, international: bool) -> Credit:
    per = rule.international_jp if international and rule.international_jp is not None \
        else rule.domestic_jp
    where = ".international" if international and rule.international_jp is not None else ""
    if per is None:
        raise JpRuleError(Message("jp_rules.needs_jp", {"path": rule.path_code,
                                                        "basis": rule.basis}))
    if international and rule.international_jp is None and rule.international_uplift:
        per = _uplifted(rule, per)
    jp = round_jp(per)
    return Credit(jp, Message("jp.credit.fixed" + where, {"jp": fmt(jp)}))


def _semester(rule: JpRule, semesters: int) -> Credit:
    if rule.domestic_jp is None:
        raise JpRuleError(Message("jp_rules.needs_jp", {"path": rule.path_code,
                                                        "basis": rule.basis}))
    jp = round_jp(rule.domestic_jp * semesters)
    return Credit(jp, Message("jp.credit.semester", {
        "semesters": semesters, "per": fmt(rule.domestic_jp), "jp": fmt(jp)}))


# --------------------------------------------------------------------------------------------
# The table as data


def load_default_rules() -> dict[str, JpRule]:
    """The default table shipped in ``bina/core/data/jp_rules.json`` (regulation.md §2.2)."""
    text = resources.files("bina.core").joinpath("data/jp_rules.json").read_text("utf-8")
    data = json.loads(text)
    return rules_from_rows(data["rows"])


def rules_to_rows(rules: Mapping[str, JpRule] | Iterable[JpRule]) -> list[dict[str, object]]:
    """The rules as JSON-ready rows (decimals as strings), the inverse of
    :func:`rules_from_rows`: what the app stores when an agency edits the table."""
    items = rules.values() if isinstance(rules, Mapping) else rules
    out: list[dict[str, object]] = []
    for r in items:
        out.append({
            "path_code": r.path_code, "basis": r.basis,
            "domestic_jp": _dec_out(r.domestic_jp),
            "international_jp": _dec_out(r.international_jp),
            "international_uplift": _dec_out(r.international_uplift),
            "cap_per_day": _dec_out(r.cap_per_day),
            "international_cap_per_day": _dec_out(r.international_cap_per_day),
            "max_sessions_per_month": r.max_sessions_per_month,
            "international_allowed": r.international_allowed,
            "international_basis": r.international_basis,
            "source": r.source, "verified": r.verified})
    return out


def _dec_out(value: Decimal | None) -> str | None:
    return None if value is None else fmt(value)


def rules_from_rows(rows: Iterable[Mapping[str, object]]) -> dict[str, JpRule]:
    """Validate rows (JSON objects with the :data:`FIELDS`) into rules keyed by path code.

    Refused with :class:`JpRuleError`: a missing or unknown field, an empty or duplicate path
    code, an unknown basis, a number that is not a non-negative decimal (floats are refused:
    write "0.20", not 0.2), a basis without its JP per unit (day needs ``domestic_jp`` or
    ``cap_per_day``; session, once and semester need ``domestic_jp``), a monthly session cap
    on a basis other than session, a non-boolean flag, an empty source."""
    out: dict[str, JpRule] = {}
    for i, row in enumerate(rows, start=1):
        rule = _rule_from_row(i, row)
        if rule.path_code in out:
            raise JpRuleError(Message("jp_rules.duplicate", {"row": i, "path": rule.path_code}))
        out[rule.path_code] = rule
    return out


def _rule_from_row(i: int, row: Mapping[str, object]) -> JpRule:
    optional = {"international_basis"}
    for name in row:
        if name not in FIELDS:
            raise JpRuleError(Message("jp_rules.unknown_field", {"row": i, "field": name}))
    for name in FIELDS:
        if name not in row and name not in optional:
            raise JpRuleError(Message("jp_rules.missing", {"row": i, "field": name}))
    code = row["path_code"]
    if not isinstance(code, str) or not code.strip():
        raise JpRuleError(Message("jp_rules.missing", {"row": i, "field": "path_code"}))
    basis = row["basis"]
    if basis not in BASES:
        raise JpRuleError(Message("jp_rules.bad_basis", {
            "row": i, "value": basis, "known": ", ".join(BASES)}))
    ibasis = row.get("international_basis")
    if ibasis is not None and ibasis not in BASES:
        raise JpRuleError(Message("jp_rules.bad_basis", {
            "row": i, "value": ibasis, "known": ", ".join(BASES)}))
    domestic = _dec(i, row, "domestic_jp")
    international = _dec(i, row, "international_jp")
    uplift = _dec(i, row, "international_uplift")
    cap = _dec(i, row, "cap_per_day")
    icap = _dec(i, row, "international_cap_per_day")
    sessions = row["max_sessions_per_month"]
    if sessions is not None and (isinstance(sessions, bool) or not isinstance(sessions, int)
                                 or sessions < 1):
        raise JpRuleError(Message("jp_rules.bad_int", {
            "row": i, "field": "max_sessions_per_month", "value": sessions}))
    if sessions is not None and basis != "session":
        raise JpRuleError(Message("jp_rules.sessions_cap_basis", {"row": i, "basis": basis}))
    needs_unit = (basis in ("session", "once", "semester") and domestic is None) or \
        (basis == "day" and domestic is None and cap is None)
    if needs_unit:
        raise JpRuleError(Message("jp_rules.needs_jp", {"path": code, "basis": basis}))
    if ibasis is not None and ibasis != basis and international is None:
        raise JpRuleError(Message("jp_rules.needs_jp", {"path": code, "basis": ibasis}))
    flags: dict[str, bool] = {}
    for name in ("international_allowed", "verified"):
        value = row[name]
        if not isinstance(value, bool):
            raise JpRuleError(Message("jp_rules.bad_bool", {
                "row": i, "field": name, "value": value}))
        flags[name] = value
    source = row["source"]
    if not isinstance(source, str) or not source.strip():
        raise JpRuleError(Message("jp_rules.missing", {"row": i, "field": "source"}))
    return JpRule(
        path_code=code.strip(), basis=cast(Basis, basis), domestic_jp=domestic,
        international_jp=international, international_uplift=uplift or ZERO,
        cap_per_day=cap, international_cap_per_day=icap, max_sessions_per_month=sessions,
        international_allowed=flags["international_allowed"], source=source,
        verified=flags["verified"], international_basis=cast("Basis | None", ibasis))


def _dec(i: int, row: Mapping[str, object], name: str) -> Decimal | None:
    value = row.get(name)
    if value is None:
        return None
    if isinstance(value, (bool, float)) or not isinstance(value, (str, int, Decimal)):
        raise JpRuleError(Message("jp_rules.bad_number", {
            "row": i, "field": name, "value": value}))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise JpRuleError(Message("jp_rules.bad_number", {
            "row": i, "field": name, "value": value})) from None
    if not number.is_finite() or number < 0:
        raise JpRuleError(Message("jp_rules.bad_number", {
            "row": i, "field": name, "value": value}))
    return number
