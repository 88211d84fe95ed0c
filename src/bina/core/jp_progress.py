"""The 20 JP right during the year: each person's status, and whether groups share in it
fairly. Pure: no Django.

**The right.** Each PNS has the right and the opportunity to develop competence for at least
20 JP a year (PP 11/2017 Pasal 203(4); regulation.md §1). A CPNS counts like a PNS here: the
right is written for PNS, and a CPNS is a candidate PNS under the same PP whose Latsar is
itself competency development; the app (``plan_people.jp_rule``) treats both alike. A PPPK
has no floor: PP 49/2018 Pasal 40(1) sets **at most** 24 JP per contract year, a ceiling, so
the 20 JP status does not apply. Whether PP 17/2020 reworded Pasal 203(4), and whether a PP
under UU 20/2023 replaces it, is **UNVERIFIED** (regulation.md §1).

**Fair share.** :func:`fair_share` compares the share of each group (unit, golongan,
employment type…) reaching the right with the overall share, and flags a group whose share is
below four fifths of it: the "four-fifths rule" of the US Uniform Guidelines on Employee
Selection Procedures (29 CFR 1607.4(D), 1978), used here only as a **heuristic** screen for
unequal access, not as a legal test; small groups swing widely (see ``min_count``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from bina.core.messages import Message

Status = Literal["met", "on_track", "at_risk", "exempt", "not_applicable"]
RIGHT_JP = Decimal(20)
FOUR_FIFTHS = 0.8
EMPLOYMENT_TYPES = ("PNS", "CPNS", "PPPK")


def status(*, employment_type: str, exempt: bool, earned_jp: Decimal, upcoming_jp: Decimal,
           right_jp: Decimal = RIGHT_JP) -> Status:
    """The person's 20 JP status for the year.

    ``employment_type`` is one of ``PNS``, ``CPNS``, ``PPPK`` (``bina.reference.models.
    EmploymentType``; case is ignored). PPPK → ``not_applicable`` (24 JP is a ceiling, PP
    49/2018 Pasal 40); ``exempt`` (tugas belajar, CLTN, retiring: ``plan_people``) → ``exempt``;
    earned ≥ right → ``met``; earned + the JP still scheduled later in the year ≥ right →
    ``on_track``; otherwise ``at_risk``. CPNS count like PNS (module notes)."""
    kind = employment_type.strip().upper()
    if kind not in EMPLOYMENT_TYPES:
        raise ValueError(f"unknown employment type {employment_type!r}; "
                         f"expected one of {', '.join(EMPLOYMENT_TYPES)}")
    if kind == "PPPK":
        return "not_applicable"
    if exempt:
        return "exempt"
    if earned_jp >= right_jp:
        return "met"
    if earned_jp + max(upcoming_jp, Decimal(0)) >= right_jp:
        return "on_track"
    return "at_risk"


@dataclass(frozen=True)
class GroupShare:
    """One group: its size, how many reached the right, the share, the mean earned JP (half-up
    to 0.1), the ratio to the overall share, and the four-fifths flag with its reason."""

    group: str
    count: int
    met: int
    share: float
    mean_jp: Decimal
    ratio: float | None
    flagged: bool
    reason: Message | None


def fair_share(groups: Mapping[str, Sequence[tuple[bool, Decimal]]], *,
               min_count: int = 1) -> tuple[GroupShare, ...]:
    """Per group, from ``(reached_right, earned_jp)`` per person: the share reaching the right
    and a flag when it is below 4/5 of the overall share (module notes). Groups smaller than
    ``min_count`` are reported but never flagged; an empty group has share 0 and no flag.
    Groups come back in the order given."""
    total = sum(len(members) for members in groups.values())
    total_met = sum(1 for members in groups.values() for met, _ in members if met)
    overall = total_met / total if total else 0.0
    out: list[GroupShare] = []
    for name, members in groups.items():
        count = len(members)
        met = sum(1 for ok, _ in members if ok)
        share = met / count if count else 0.0
        mean = (sum((jp for _, jp in members), Decimal(0)) / count) if count else Decimal(0)
        mean = mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        ratio = share / overall if overall > 0 and count else None
        flagged = ratio is not None and count >= min_count and ratio < FOUR_FIFTHS
        reason = None
        if flagged and ratio is not None:
            reason = Message("jp_progress.four_fifths", {
                "group": name, "share": f"{share:.0%}", "overall": f"{overall:.0%}",
                "ratio": f"{ratio:.2f}"})
        out.append(GroupShare(name, count, met, share, mean, ratio, flagged, reason))
    return tuple(out)
