"""Evaluation reports (issue 6): per programme for a year (:func:`programme_report`) and for the
agency's year (:func:`year_report`), as figures for the page, Excel and PDF.

Per programme (the activities of the programme that ended in the year, not cancelled):
- **Reaction** (level 1): each feedback item summarised by :func:`bina.core.learning.likert_summary`
  (n, mean, SD, 95% interval); the response rate is feedback forms over participants.
- **Learning** (level 2): pre/post-tests with both scores, put on a 0–100 scale (score × 100 /
  the class's maximum), then :func:`bina.core.learning.class_gain` per class and over all
  participants (the class-average gain g and the mean of individual gains are both shown).
- **Behaviour** (level 3): the follow-ups of the participants by status, and per targeted
  competency the mean "applied at work" (1–5) by the participants and by their supervisors.
- **Results** (level 4): :func:`bina.evaluation.impact.people_impact` (performance predicates),
  and, for a programme that matches the service competencies, the service-unit analysis.
- **Delivery**: classes, participants, completed, JP credited (sum of ``jp_credited`` of the
  completed), cost (realised where entered, else planned), cost per completed participant.

``unit`` (an operator's OPD) narrows the people figures to participants of that unit; the cost
and classes stay the programme's.

A programme **scored poorly** when its reaction overall mean < :data:`POOR_REACTION` or its
class-average gain < :data:`POOR_GAIN`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import IO, Any

from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from bina.core.learning import ClassGain, LikertSummary, PrePost, class_gain, likert_summary
from bina.core.messages import Lang
from bina.delivery.models import Activity, ActivityStatus, Enrollment, EnrollmentStatus, Outcome
from bina.evaluation import impact as imp
from bina.evaluation.models import Feedback, FollowUp, FollowUpRating, FollowUpStatus, TestScore
from bina.ledger.selectors import unit_map, unit_summaries, year_progress
from bina.org.models import Agency, Unit
from bina.plan.models import Programme

POOR_REACTION = 3.5
POOR_GAIN = 0.3
#: A unit (OPD) is left behind when fewer than this share of its counted PNS reached 20 JP.
LEFT_BEHIND_SHARE = 0.5
REACTION_ITEMS: tuple[tuple[str, str], ...] = (
    ("relevance", "Relevansi materi dengan pekerjaan"),
    ("speakers", "Narasumber/fasilitator"),
    ("organisation", "Penyelenggaraan"),
    ("materials", "Bahan dan sarana"),
    ("overall", "Kepuasan keseluruhan"),
)
BAND_TEXT = {"low": "rendah", "medium": "sedang", "high": "tinggi", None: "–"}
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")


def date_id(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def num(value: float | None, decimals: int = 2) -> str:
    """Indonesian decimal comma; "–" for nothing."""
    if value is None:
        return "–"
    return f"{value:,.{decimals}f}".translate({ord(","): ".", ord("."): ","})


def rupiah(value: int | None) -> str:
    return "–" if value is None else "Rp " + f"{value:,}".replace(",", ".")


def pct(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}%"


# --------------------------------------------------------------------------------------------
# Programme report


@dataclass
class ClassRow:
    code: str
    name: str
    start: dt.date
    end: dt.date
    participants: int
    completed: int
    cost: int
    gain: ClassGain | None


@dataclass
class CompetencyApplied:
    code: str
    name: str
    n: int
    self_applied: float | None
    supervisor_applied: float | None
    self_level: float | None
    supervisor_level: float | None


@dataclass
class ProgrammeReport:
    programme: Programme
    year: int
    unit: Unit | None
    classes: list[ClassRow]
    participants: int
    completed: int
    jp_delivered: Decimal
    cost: int
    cost_planned: int
    reaction: list[LikertSummary]
    feedback: int
    will_apply: list[str]
    learning: ClassGain | None
    tested: int
    follow_ups: Counter[str]
    applied: list[CompetencyApplied]
    people: imp.PeopleImpact
    matches_service: bool
    flags: list[str] = field(default_factory=list)

    @property
    def response_rate(self) -> float | None:
        return self.feedback / self.participants if self.participants else None

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.participants if self.participants else None

    @property
    def cost_per_completed(self) -> int | None:
        return round(self.cost / self.completed) if self.completed else None

    @property
    def overall(self) -> float | None:
        return next((s.mean for s in self.reaction if s.item == "overall"), None)

    @property
    def gain(self) -> float | None:
        return None if self.learning is None else self.learning.class_average_gain

    @property
    def follow_up_total(self) -> int:
        return sum(self.follow_ups.values())

    @property
    def follow_up_done(self) -> int:
        return self.follow_ups.get(FollowUpStatus.DONE, 0)

    @property
    def is_poor(self) -> bool:
        return bool(self.flags)

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        g = self.learning
        return {
            "programme": self.programme.code, "name": self.programme.name, "year": self.year,
            "unit": self.unit.code if self.unit else None,
            "delivery": {
                "classes": len(self.classes), "participants": self.participants,
                "completed": self.completed, "jp_delivered": float(self.jp_delivered),
                "cost": self.cost, "cost_planned": self.cost_planned,
                "cost_per_completed": self.cost_per_completed,
            },
            "reaction": {"responses": self.feedback,
                         "response_rate": _r(self.response_rate),
                         "items": [s.to_dict() for s in self.reaction]},
            "learning": None if g is None else {
                "n": g.n, "mean_pre": _r(g.mean_pre), "mean_post": _r(g.mean_post),
                "class_average_gain": _r(g.class_average_gain), "band": g.class_band,
                "mean_individual_gain": _r(g.mean_individual_gain),
                "n_defined": g.n_defined,
                "classes": [{"activity": c.code, "n": c.gain.n,
                             "class_average_gain": _r(c.gain.class_average_gain),
                             "mean_individual_gain": _r(c.gain.mean_individual_gain)}
                            for c in self.classes if c.gain is not None]},
            "behaviour": {"follow_ups": self.follow_up_total,
                          "by_status": dict(sorted(self.follow_ups.items())),
                          "competencies": [{
                              "code": a.code, "n": a.n, "self_applied": _r(a.self_applied),
                              "supervisor_applied": _r(a.supervisor_applied),
                              "self_level": _r(a.self_level),
                              "supervisor_level": _r(a.supervisor_level)}
                              for a in self.applied]},
            "results": {"performance": self.people.to_dict(lang),
                        "matches_service_competencies": self.matches_service},
            "poor": self.is_poor, "flags": self.flags,
        }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _mean(values: Sequence[int | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def programme_activities(programme: Programme, year: int) -> QuerySet[Activity]:
    return (Activity.objects.filter(programme=programme, end_date__year=year)
            .exclude(status=ActivityStatus.CANCELLED).order_by("start_date", "code"))


def programme_enrollments(programme: Programme, year: int,
                          unit: Unit | None = None) -> QuerySet[Enrollment]:
    qs = Enrollment.objects.filter(activity__in=programme_activities(programme, year),
                                   status=EnrollmentStatus.ENROLLED)
    if unit is not None:
        qs = qs.filter(employee__unit__path__startswith=unit.path)
    return qs


def programme_years(programme: Programme) -> list[int]:
    return sorted({d.year for d in Activity.objects.filter(programme=programme)
                   .exclude(status=ActivityStatus.CANCELLED)
                   .values_list("end_date", flat=True)}, reverse=True)


def _gain(rows: Sequence[tuple[str, Decimal, Decimal, Decimal]]) -> ClassGain | None:
    items = [PrePost(person, float(pre) * 100 / float(mx), float(post) * 100 / float(mx))
             for person, pre, post, mx in rows if mx]
    return class_gain(items, 100.0) if items else None


def programme_report(programme: Programme, year: int, *, unit: Unit | None = None,
                     lang: Lang = "id", with_people: bool = True) -> ProgrammeReport:
    """Every figure of the programme's evaluation for ``year`` (module notes).
    ``with_people=False`` leaves out the performance comparison (the year report's ranking
    does not show it, and it is the slow part)."""
    activities = list(programme_activities(programme, year))
    enrollments = programme_enrollments(programme, year, unit)
    per_activity: dict[int, list[tuple[int, str, Decimal]]] = defaultdict(list)
    for aid, eid, outcome, jp in enrollments.values_list("activity_id", "employee_id",
                                                         "outcome", "jp_credited"):
        per_activity[aid].append((eid, outcome, jp or Decimal(0)))
    scores: dict[int, list[tuple[str, Decimal, Decimal, Decimal]]] = defaultdict(list)
    for aid, eid, pre, post, mx in TestScore.objects.filter(
            enrollment__in=enrollments, pre__isnull=False, post__isnull=False).values_list(
            "enrollment__activity_id", "enrollment__employee_id", "pre", "post", "max_score"):
        if pre is not None and post is not None:
            scores[aid].append((str(eid), pre, post, mx))
    classes: list[ClassRow] = []
    cost = cost_planned = 0
    for a in activities:
        enrolled = per_activity.get(a.pk, [])
        if unit is not None and not enrolled:
            continue
        spent = a.realised_cost if a.realised_cost is not None else a.planned_cost
        cost += spent
        cost_planned += a.planned_cost
        classes.append(ClassRow(a.code, a.name, a.start_date, a.end_date, len(enrolled),
                                sum(1 for _, o, _j in enrolled if o == Outcome.COMPLETED),
                                spent, _gain(scores.get(a.pk, []))))
    participants = sum(c.participants for c in classes)
    completed = sum(c.completed for c in classes)
    jp = sum((j for rows in per_activity.values() for _, o, j in rows
              if o == Outcome.COMPLETED), Decimal(0))
    feedback = list(Feedback.objects.filter(enrollment__in=enrollments).values_list(
        *[k for k, _ in REACTION_ITEMS], "will_apply"))
    reaction = [likert_summary(key, [int(f[i]) for f in feedback])
                for i, (key, _) in enumerate(REACTION_ITEMS)]
    will_apply = [f[-1] for f in feedback if f[-1]][:8]
    learning = _gain([row for rows in scores.values() for row in rows])
    follow = FollowUp.objects.filter(enrollment__in=enrollments)
    statuses = Counter(follow.values_list("status", flat=True))
    ratings: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for row in FollowUpRating.objects.filter(follow_up__in=follow).values_list(
            "competency__code", "competency__name", "self_applied", "supervisor_applied",
            "self_level", "supervisor_level"):
        ratings[(row[0], row[1])].append(row[2:])
    applied = [CompetencyApplied(code, name, len(rows), _mean([r[0] for r in rows]),
                                 _mean([r[1] for r in rows]), _mean([r[2] for r in rows]),
                                 _mean([r[3] for r in rows]))
               for (code, name), rows in sorted(ratings.items())]
    employee_ids = None if unit is None else list(enrollments.values_list("employee_id",
                                                                         flat=True))
    if with_people:
        people = imp.people_impact(programme, year=year, lang=lang, employee_ids=employee_ids)
    else:
        people = imp.PeopleImpact(0, 0, 0, [], None, "tidak dihitung", "", [])
    matches = programme.gains.filter(competency__code__in=imp.SERVICE_COMPETENCIES).exists()
    report = ProgrammeReport(programme, year, unit, classes, participants, completed, jp, cost,
                             cost_planned, reaction, len(feedback), will_apply, learning,
                             learning.n if learning else 0, statuses, applied, people, matches)
    report.flags = poor_flags(report.overall, report.gain)
    return report


#: Fewer people than this behind a mean: the mean is not shown to viewers without access to
#: personal data (the mean of one person's predicates is their predicate).
MIN_CELL = 2


def without_small_cells(report: ProgrammeReport) -> ProgrammeReport:
    """``report`` with the yearly performance means, the follow-up ratings and the test gains
    over fewer than :data:`MIN_CELL` people blanked (for read-only leadership and operators:
    page, Excel and PDF alike)."""
    rows = [row | {"participants_mean": row["participants_mean"]
                   if row["participants"] >= MIN_CELL else None,
                   "comparison_mean": row["comparison_mean"]
                   if row["comparison"] >= MIN_CELL else None}
            for row in report.people.before_after]
    report.people = replace(report.people, before_after=rows)
    report.applied = [a if a.n >= MIN_CELL else replace(
        a, self_applied=None, supervisor_applied=None, self_level=None, supervisor_level=None)
        for a in report.applied]
    if report.learning is not None and report.learning.n < MIN_CELL:
        report.learning = None  # the "class gain" of one person is their own scores
    report.classes = [c if c.gain is None or c.gain.n >= MIN_CELL else replace(c, gain=None)
                      for c in report.classes]
    report.flags = poor_flags(report.overall, report.gain)
    return report


def poor_flags(overall: float | None, gain: float | None) -> list[str]:
    flags = []
    if overall is not None and overall < POOR_REACTION:
        flags.append(f"kepuasan keseluruhan {_num_below(overall, POOR_REACTION)} < "
                     f"{num(POOR_REACTION, 1)}")
    if gain is not None and gain < POOR_GAIN:
        flags.append(f"gain ternormalisasi g {_num_below(gain, POOR_GAIN)} < "
                     f"{num(POOR_GAIN, 1)}")
    return flags


def _num_below(value: float, limit: float) -> str:
    """``value`` (below ``limit``) with enough decimals that it does not read as the limit:
    0.297 is "0,297", not "0,30", next to "< 0,3"."""
    decimals = 2
    while round(value, decimals) >= limit and decimals < 4:
        decimals += 1
    return num(value, decimals)


# --------------------------------------------------------------------------------------------
# Year report


@dataclass
class UnitBehind:
    unit_id: int
    code: str
    name: str
    counted: int
    met: int
    share: float | None


@dataclass
class YearReport:
    agency: Agency
    year: int
    unit: Unit | None
    programmes: list[ProgrammeReport]
    units: list[UnitBehind]

    @property
    def behind(self) -> list[UnitBehind]:
        return [u for u in self.units if u.share is not None and u.share < LEFT_BEHIND_SHARE]

    @property
    def poor(self) -> list[ProgrammeReport]:
        return [p for p in self.programmes if p.is_poor]

    @property
    def participants(self) -> int:
        return sum(p.participants for p in self.programmes)

    @property
    def completed(self) -> int:
        return sum(p.completed for p in self.programmes)

    @property
    def jp_delivered(self) -> Decimal:
        return sum((p.jp_delivered for p in self.programmes), Decimal(0))

    @property
    def cost(self) -> int:
        return sum(p.cost for p in self.programmes)

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "year": self.year, "unit": self.unit.code if self.unit else None,
            "participants": self.participants, "completed": self.completed,
            "jp_delivered": float(self.jp_delivered), "cost": self.cost,
            "programmes": [{"rank": i, "code": p.programme.code, "name": p.programme.name,
                            "participants": p.participants, "completed": p.completed,
                            "overall": _r(p.overall), "gain": _r(p.gain), "poor": p.is_poor}
                           for i, p in enumerate(self.programmes, 1)],
            "units_left_behind": [{"code": u.code, "name": u.name, "counted": u.counted,
                                   "met": u.met, "share": _r(u.share)} for u in self.behind],
        }


def _rank_key(p: ProgrammeReport) -> tuple[bool, float, bool, float, str]:
    return (p.overall is None, -(p.overall or 0.0), p.gain is None, -(p.gain or 0.0),
            p.programme.code)


def year_programmes(agency: Agency, year: int) -> QuerySet[Programme]:
    ids = Activity.objects.filter(agency=agency, end_date__year=year).exclude(
        status=ActivityStatus.CANCELLED).values_list("programme_id", flat=True)
    return Programme.objects.filter(pk__in=ids).order_by("code")


def units_progress(agency: Agency, year: int, unit: Unit | None = None) -> list[UnitBehind]:
    """Per OPD: PNS counted for the 20 JP right and those who met it (``bina.ledger``)."""
    units = unit_map(agency.pk)
    ids = None
    if unit is not None:
        ids = [u.pk for u in units.values() if u.path.startswith(unit.path)]
    people = year_progress(agency_id=agency.pk, year=year, units=ids)
    out = []
    for s in unit_summaries(people, units, depth=0):
        out.append(UnitBehind(s.unit_id, s.code, s.name, s.summary.counted, s.summary.met,
                              s.summary.share_met))
    return sorted(out, key=lambda u: (u.share is None, u.share or 0.0, u.code))


def year_report(agency: Agency, year: int, *, unit: Unit | None = None,
                lang: Lang = "id") -> YearReport:
    """All programmes with classes ending in ``year``, ranked by the reaction overall mean
    (then the gain); and the OPDs by their share of PNS meeting 20 JP (lowest first)."""
    reports = [programme_report(p, year, unit=unit, lang=lang, with_people=False)
               for p in year_programmes(agency, year)]
    reports = [r for r in reports if r.participants or unit is None]
    reports.sort(key=_rank_key)
    return YearReport(agency, year, unit, reports, units_progress(agency, year, unit))


# --------------------------------------------------------------------------------------------
# Charts (inline SVG, no JavaScript)

SW, SH = 420, 260
SL, SR, ST, SB = 44, 12, 12, 40


def _n(value: float) -> str:
    return f"{value:.1f}"


def scatter_chart(points: Sequence[tuple[str, float, float]], *, slope: float | None = None,
                  intercept: float | None = None, y_label: str = "NRR") -> dict[str, Any]:
    """Units as dots: x the trained share (0–100%), y the NRR (1–4 scale, drawn on the range
    of the data padded to half a point). With ``slope``/``intercept`` (per share 0–1) the fitted
    line is drawn."""
    if not points:
        return {"points": []}
    ys = [p[2] for p in points]
    lo = max(1.0, min(ys) - 0.2)
    hi = min(4.0, max(ys) + 0.2)
    if hi - lo < 0.5:
        mid = (hi + lo) / 2
        lo, hi = max(1.0, mid - 0.25), min(4.0, mid + 0.25)
    inner_w, inner_h = SW - SL - SR, SH - ST - SB

    def x(share: float) -> float:
        return SL + max(0.0, min(1.0, share)) * inner_w

    def y(value: float) -> float:
        return ST + (hi - max(lo, min(hi, value))) / (hi - lo) * inner_h

    steps = 4
    out: dict[str, Any] = {
        "width": SW, "height": SH, "left": SL, "right": SW - SR, "top": ST, "bottom": SH - SB,
        "y_label": y_label, "label_y": SH - 6,
        "points": [{"x": _n(x(s)), "y": _n(y(v)), "unit": u, "share": pct(s), "value": num(v)}
                   for u, s, v in points],
        "ticks_x": [{"x": _n(x(i / steps)), "label": f"{round(100 * i / steps)}%"}
                    for i in range(steps + 1)],
        "ticks_y": [{"y": _n(y(lo + (hi - lo) * i / steps)), "label": num(lo + (hi - lo) * i
                                                                          / steps)}
                    for i in range(steps + 1)],
    }
    if slope is not None and intercept is not None:
        x0, x1 = 0.0, max(p[1] for p in points)
        out["line"] = {"x1": _n(x(x0)), "y1": _n(y(intercept + slope * x0)),
                       "x2": _n(x(x1)), "y2": _n(y(intercept + slope * x1))}
    return out


def dose_charts(service: imp.ServiceImpact) -> list[dict[str, Any]]:
    charts = []
    for d in service.dose:
        slope = intercept = None
        if d.estimate is not None and d.points:
            n = len(d.points)
            mx = sum(p[1] for p in d.points) / n
            my = sum(p[2] for p in d.points) / n
            slope = d.estimate.estimate
            intercept = my - slope * mx
        charts.append({"key": d.key, "label": d.label, "text": d.text,
                       "chart": scatter_chart(d.points, slope=slope, intercept=intercept,
                                              y_label=d.label)})
    return charts


def trend_rows(service: imp.ServiceImpact) -> list[dict[str, Any]]:
    """Per quarter: mean U6 and U7 of the units already trained and of the others."""
    cells: dict[int, dict[str, list[tuple[float, float]]]] = defaultdict(
        lambda: {"t": [], "c": []})
    for p in service.analysed:
        for c in p.cells:
            group = "t" if p.treated_from is not None and c.period >= p.treated_from else "c"
            cells[c.period][group].append((c.u6, c.u7))
    rows = []
    for period, g in sorted(cells.items()):
        row: dict[str, Any] = {"label": imp.period_label(period), "trained": len(g["t"]),
                               "others": len(g["c"])}
        for key, vals in (("t", g["t"]), ("c", g["c"])):
            row[f"{key}_u6"] = num(sum(v[0] for v in vals) / len(vals)) if vals else "–"
            row[f"{key}_u7"] = num(sum(v[1] for v in vals) / len(vals)) if vals else "–"
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------
# Rendering helpers shared by the page and the PDF


def reaction_rows(report: ProgrammeReport) -> list[dict[str, Any]]:
    labels = dict(REACTION_ITEMS)
    return [{"label": labels.get(s.item, s.item), "n": s.n, "mean": num(s.mean),
             "sd": num(s.sd), "ci": (f"{num(s.ci_low)} – {num(s.ci_high)}"
                                     if s.ci_low is not None else "–"),
             "width": round(100 * (s.mean or 0) / 5), "low": (s.mean or 5) < POOR_REACTION}
            for s in report.reaction]


def learning_text(report: ProgrammeReport) -> str:
    g = report.learning
    if g is None:
        return "Belum ada peserta dengan nilai pre-test dan post-test."
    return (f"{g.n} peserta dengan kedua nilai (skala 0–100): rata-rata pre-test "
            f"{num(g.mean_pre, 1)}, post-test {num(g.mean_post, 1)}. Gain kelas g (dari "
            f"rata-rata kelas) {num(g.class_average_gain)} ({BAND_TEXT[g.class_band]}); "
            f"rata-rata gain individu {num(g.mean_individual_gain)} ({g.n_defined} peserta"
            + (f"; {len(g.undefined)} peserta dengan pre-test maksimum tidak dihitung"
               if g.undefined else "") + ").")


def _context(report: ProgrammeReport) -> dict[str, Any]:
    return {
        "r": report, "p": report.programme, "reaction": reaction_rows(report),
        "learning_text": learning_text(report),
        "classes": [{"c": c, "cost": rupiah(c.cost),
                     "gain": num(c.gain.class_average_gain) if c.gain else "–",
                     "indiv": num(c.gain.mean_individual_gain) if c.gain else "–",
                     "tested": c.gain.n if c.gain else 0,
                     "dates": f"{c.start:%d-%m-%Y} – {c.end:%d-%m-%Y}"} for c in report.classes],
        "applied": [{"a": a, "self": num(a.self_applied), "sup": num(a.supervisor_applied),
                     "self_level": num(a.self_level), "sup_level": num(a.supervisor_level)}
                    for a in report.applied],
        "statuses": [(label, report.follow_ups.get(value, 0))
                     for value, label in FollowUpStatus.choices],
        "cost": rupiah(report.cost), "cost_planned": rupiah(report.cost_planned),
        "cost_per": rupiah(report.cost_per_completed),
        "jp": num(float(report.jp_delivered), 1),
        "response_rate": pct(report.response_rate),
        "completion_rate": pct(report.completion_rate),
        "overall": num(report.overall), "gain": num(report.gain),
        "people_rows": report.people.before_after,
        "poor_reaction": POOR_REACTION, "poor_gain": POOR_GAIN,
    }


def programme_context(report: ProgrammeReport) -> dict[str, Any]:
    return _context(report)


def year_context(report: YearReport) -> dict[str, Any]:
    rows = [{"rank": i, "r": p, "overall": num(p.overall), "gain": num(p.gain),
             "width": round(100 * (p.overall or 0) / 5),
             "jp": num(float(p.jp_delivered), 1), "cost": rupiah(p.cost),
             "response_rate": pct(p.response_rate), "done": p.follow_up_done,
             "follow": p.follow_up_total}
            for i, p in enumerate(report.programmes, 1)]
    return {"y": report, "rows": rows, "cost": rupiah(report.cost),
            "jp": num(float(report.jp_delivered), 1),
            "units": [{"u": u, "share": pct(u.share), "width": round(100 * (u.share or 0)),
                       "behind": u.share is not None and u.share < LEFT_BEHIND_SHARE}
                      for u in report.units],
            "left_behind_share": pct(LEFT_BEHIND_SHARE), "poor_reaction": POOR_REACTION,
            "poor_gain": POOR_GAIN}


# --------------------------------------------------------------------------------------------
# Excel

HEAD_FILL = PatternFill("solid", fgColor="12355B")
HEAD_FONT = Font(bold=True, color="FFFFFF")


def _head(ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[int]) -> None:
    for i, (text, width) in enumerate(zip(headers, widths, strict=True), 1):
        cell = ws.cell(row=row, column=i, value=text)
        cell.fill, cell.font = HEAD_FILL, HEAD_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        letter = cell.column_letter
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0,
                                                 width)


def _title(ws: Worksheet, title: str, note: str = "") -> int:
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    if note:
        ws.cell(row=2, column=1, value=note).font = Font(italic=True, color="5B6776")
    return 4


def programme_report_xlsx(report: ProgrammeReport, file: IO[bytes]) -> None:
    """Sheets: Ringkasan, Reaksi (with a bar chart of the item means), Pembelajaran, Perilaku,
    Hasil, Kelas."""
    p = report.programme
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Ringkasan"
    row = _title(ws, f"Evaluasi program {p.code} — {p.name} ({report.year})",
                 report.unit.name if report.unit else p.agency.name)
    _head(ws, row, ("URAIAN", "NILAI", "KETERANGAN"), (40, 18, 70))
    lines: list[tuple[str, Any, str]] = [
        ("Kelas (angkatan)", len(report.classes), "berakhir pada tahun evaluasi"),
        ("Peserta", report.participants, ""),
        ("Selesai", report.completed, f"{pct(report.completion_rate)} peserta"),
        ("JP diberikan", float(report.jp_delivered), "jumlah JP diakui peserta yang selesai"),
        ("Biaya", report.cost, "realisasi, atau rencana bila realisasi belum diisi"),
        ("Biaya per peserta selesai", report.cost_per_completed, ""),
        ("Kepuasan keseluruhan (1–5)", _r(report.overall),
         f"{report.feedback} umpan balik ({pct(report.response_rate)})"),
        ("Gain ternormalisasi kelas g", _r(report.gain), learning_text(report)),
        ("Evaluasi pascapelatihan selesai", report.follow_up_done,
         f"dari {report.follow_up_total}"),
        ("Predikat kinerja", None, report.people.verdict),
        ("Catatan", None, "; ".join(report.flags) or "tidak ada tanda hasil rendah"),
    ]
    for i, (label, value, note) in enumerate(lines, row + 1):
        ws.cell(row=i, column=1, value=label)
        cell = ws.cell(row=i, column=2, value=value)
        if label.startswith("Biaya"):
            cell.number_format = '"Rp" #,##0'
        ws.cell(row=i, column=3, value=note).alignment = Alignment(wrap_text=True)

    rs = wb.create_sheet("Reaksi")
    row = _title(rs, "Reaksi peserta (level 1), skala 1–5",
                 "Rata-rata, simpangan baku dan interval kepercayaan 95% per butir.")
    _head(rs, row, ("BUTIR", "N", "RATA-RATA", "SB", "IK BAWAH", "IK ATAS"),
          (36, 8, 12, 10, 10, 10))
    labels = dict(REACTION_ITEMS)
    for i, s in enumerate(report.reaction, row + 1):
        for col, value in enumerate((labels[s.item], s.n, _r(s.mean), _r(s.sd), _r(s.ci_low),
                                     _r(s.ci_high)), 1):
            rs.cell(row=i, column=col, value=value)
    if report.feedback:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Rata-rata per butir (1–5)"
        chart.y_axis.scaling.min = 1
        chart.y_axis.scaling.max = 5
        chart.legend = None
        data = Reference(rs, min_col=3, min_row=row, max_row=row + len(report.reaction))
        cats = Reference(rs, min_col=1, min_row=row + 1, max_row=row + len(report.reaction))
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.height, chart.width = 7, 16
        rs.add_chart(chart, f"A{row + len(report.reaction) + 3}")

    ls = wb.create_sheet("Pembelajaran")
    row = _title(ls, "Pembelajaran (level 2): gain ternormalisasi", learning_text(report))
    _head(ls, row, ("KELAS", "PESERTA DITES", "RATA-RATA PRE", "RATA-RATA POST",
                    "GAIN KELAS g", "RATA-RATA GAIN INDIVIDU"), (18, 12, 12, 12, 14, 18))
    for i, c in enumerate([c for c in report.classes if c.gain], row + 1):
        assert c.gain is not None
        for col, value in enumerate((c.code, c.gain.n, _r(c.gain.mean_pre), _r(c.gain.mean_post),
                                     _r(c.gain.class_average_gain),
                                     _r(c.gain.mean_individual_gain)), 1):
            ls.cell(row=i, column=col, value=value)

    bs = wb.create_sheet("Perilaku")
    row = _title(bs, "Perilaku (level 3): evaluasi pascapelatihan",
                 ", ".join(f"{label}: {report.follow_ups.get(v, 0)}"
                           for v, label in FollowUpStatus.choices))
    _head(bs, row, ("KODE", "KOMPETENSI", "PENILAIAN", "DITERAPKAN (PESERTA)",
                    "DITERAPKAN (ATASAN)", "LEVEL (PESERTA)", "LEVEL (ATASAN)"),
          (10, 36, 10, 16, 16, 14, 14))
    for i, a in enumerate(report.applied, row + 1):
        for col, value in enumerate((a.code, a.name, a.n, _r(a.self_applied),
                                     _r(a.supervisor_applied), _r(a.self_level),
                                     _r(a.supervisor_level)), 1):
            bs.cell(row=i, column=col, value=value)

    hs = wb.create_sheet("Hasil")
    row = _title(hs, "Hasil (level 4): predikat kinerja peserta dan rekan yang belum dilatih")
    hs.cell(row=3, column=1, value=report.people.verdict).alignment = Alignment(wrap_text=True)
    _head(hs, row + 1, ("TAHUN", "PESERTA", "SKOR PESERTA", "PEMBANDING", "SKOR PEMBANDING"),
          (10, 10, 14, 12, 16))
    for i, y in enumerate(report.people.before_after, row + 2):
        for col, key in enumerate(("year", "participants", "participants_mean", "comparison",
                                   "comparison_mean"), 1):
            hs.cell(row=i, column=col, value=y[key])

    cs = wb.create_sheet("Kelas")
    row = _title(cs, "Kelas (angkatan)")
    _head(cs, row, ("KODE", "NAMA", "MULAI", "SELESAI", "PESERTA", "SELESAI", "BIAYA"),
          (18, 40, 12, 12, 10, 10, 16))
    for i, c in enumerate(report.classes, row + 1):
        for col, value in enumerate((c.code, c.name, c.start, c.end, c.participants,
                                     c.completed, c.cost), 1):
            cell = cs.cell(row=i, column=col, value=value)
            if col == 7:
                cell.number_format = '"Rp" #,##0'
            elif col in (3, 4):
                cell.number_format = "DD-MM-YYYY"
    wb.save(file)


def year_report_xlsx(report: YearReport, file: IO[bytes]) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Program"
    row = _title(ws, f"Evaluasi pengembangan kompetensi tahun {report.year}",
                 "Urut kepuasan keseluruhan (lalu gain). Hasil rendah: kepuasan < "
                 f"{num(POOR_REACTION, 1)} atau g < {num(POOR_GAIN, 1)}.")
    _head(ws, row, ("PERINGKAT", "KODE", "PROGRAM", "PESERTA", "SELESAI", "JP", "BIAYA",
                    "KEPUASAN", "GAIN g", "HASIL RENDAH"), (10, 14, 40, 10, 10, 10, 16, 10, 10,
                                                            40))
    for i, p in enumerate(report.programmes, 1):
        values = (i, p.programme.code, p.programme.name, p.participants, p.completed,
                  float(p.jp_delivered), p.cost, _r(p.overall), _r(p.gain), "; ".join(p.flags))
        for col, value in enumerate(values, 1):
            cell = ws.cell(row=row + i, column=col, value=value)
            if col == 7:
                cell.number_format = '"Rp" #,##0'
    if report.programmes:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Kepuasan keseluruhan per program (1–5)"
        chart.legend = None
        n = len(report.programmes)
        chart.add_data(Reference(ws, min_col=8, min_row=row, max_row=row + n),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, min_row=row + 1, max_row=row + n))
        chart.height, chart.width = max(6, n * 0.6), 16
        ws.add_chart(chart, f"L{row}")  # type: ignore[call-arg]
    us = wb.create_sheet("Unit 20 JP")
    row = _title(us, f"Capaian hak 20 JP per perangkat daerah, {report.year}",
                 f"Tertinggal: kurang dari {pct(LEFT_BEHIND_SHARE)} PNS yang berhak mencapai "
                 "20 JP.")
    _head(us, row, ("KODE", "PERANGKAT DAERAH", "PNS BERHAK", "MENCAPAI 20 JP", "PORSI",
                    "TERTINGGAL"), (14, 40, 12, 14, 10, 12))
    for i, u in enumerate(report.units, row + 1):
        for col, value in enumerate((u.code, u.name, u.counted, u.met, _r(u.share),
                                     "Ya" if u in report.behind else ""), 1):
            cell = us.cell(row=i, column=col, value=value)
            if col == 5:
                cell.number_format = "0%"
    wb.save(file)


# --------------------------------------------------------------------------------------------
# PDF


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def programme_report_pdf(report: ProgrammeReport) -> bytes:
    context = _context(report) | {"agency": report.programme.agency.name,
                                  "printed": date_id(timezone.localdate()),
                                  "footer": f"Evaluasi {report.programme.code} {report.year}"}
    return _pdf("evaluation/report_programme_pdf.html", context)


def year_report_pdf(report: YearReport) -> bytes:
    context = year_context(report) | {"agency": report.agency.name,
                                      "printed": date_id(timezone.localdate()),
                                      "footer": f"Laporan evaluasi {report.year}"}
    return _pdf("evaluation/report_year_pdf.html", context)


def visible_programmes(agency_id: int, unit: Unit | None) -> QuerySet[Programme]:
    """Programmes with at least one activity (an operator: with a participant of their unit)."""
    qs = Programme.objects.filter(agency_id=agency_id, activities__isnull=False)
    if unit is not None:
        qs = qs.filter(Q(activities__enrollments__employee__unit__path__startswith=unit.path))
    return qs.distinct().order_by("code")
