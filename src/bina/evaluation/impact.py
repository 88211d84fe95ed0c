"""Did it work? The observations for :mod:`bina.core.impact`, read from the database
(issue 6, the shared definition in ``notes/impact-spec.md``).

**Service units.** ``org.Unit.is_public_service``. Staff of a unit: active employees whose
current unit is the unit or one of its descendants (``path__startswith``); the current staff
stand for the staff of every quarter (a simplification: transfers are not traced back).

**Trained share** of unit U at the end of quarter Q: staff with at least one completed
enrolment (``Outcome.COMPLETED``) in an activity whose programme has a ``ProgrammeGain`` on a
service-matching competency (:data:`SERVICE_COMPETENCIES`) and which ended on or before the end
of Q, over the staff. **Treatment quarter**: the first quarter with a share ≥
:data:`TREATMENT_THRESHOLD`; units never reaching it are "not yet trained" comparisons.

**Outcomes** per unit and quarter from ``stakeholders.SurveyResponse``: NRR of U6 (Kompetensi
Pelaksana), U7 (Perilaku Pelaksana) and the IKM, via :func:`bina.core.ikm.index_from_sums`. A
unit-quarter with fewer than :data:`MIN_RESPONSES` responses is left out (too noisy); a unit
left with fewer than 2 quarters is reported as such. Units closed in a reorganisation continue
under their successor (``aliases``). Clusters for the standard errors: the OPD (depth 0).

**People** (:func:`people_impact`): the annual performance predicate
(``people.PerformanceRecord``, scored :data:`PREDICATE_SCORE`) of the programme's participants
against colleagues of the same OPDs not yet trained in it, treated from the year after their
completion (the first appraisal year that follows the training in full).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, Sum

from bina.core import impact as core
from bina.core.ikm import index_from_sums
from bina.core.messages import Lang
from bina.delivery.models import Enrollment, Outcome
from bina.org.models import Agency, Unit
from bina.people.models import Employee, EmployeeStatus, PerformanceRecord, PeriodKind
from bina.plan.models import Programme, ProgrammeGain

#: Competencies whose programmes count as service training (M.5 Pelayanan Publik).
SERVICE_COMPETENCIES: frozenset[str] = frozenset({"M.5"})
#: The trained share from which a unit counts as trained.
TREATMENT_THRESHOLD = 0.10
#: Fewer responses than this in a unit-quarter: the quarter is left out.
MIN_RESPONSES = 20
#: Bootstrap draws for the clustered standard errors (seeded: the same data, the same interval).
BOOTSTRAP = 499
SEED = 2026
#: Annual predicate → a score for averaging (5 = Sangat Baik … 1 = Sangat Kurang).
PREDICATE_SCORE: dict[str, int] = {"sangat_baik": 5, "baik": 4, "butuh_perbaikan": 3,
                                   "kurang": 2, "sangat_kurang": 1}
OUTCOMES: dict[str, str] = {"U6": "NRR U6 Kompetensi Pelaksana",
                            "U7": "NRR U7 Perilaku Pelaksana", "IKM": "IKM"}


def period_of(year: int, quarter: int) -> int:
    """A quarter as one integer: ``year * 4 + quarter - 1`` (consecutive quarters differ by 1)."""
    return year * 4 + quarter - 1


def period_label(period: int) -> str:
    return f"{period // 4}-T{period % 4 + 1}"


def quarter_end(period: int) -> dt.date:
    year, quarter = period // 4, period % 4 + 1
    if quarter == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Cell:
    """One unit in one quarter: responses, NRR of U6/U7 (1–4) and IKM, and the trained share."""

    period: int
    respondents: int
    u6: float
    u7: float
    ikm: float
    share: float

    @property
    def label(self) -> str:
        return period_label(self.period)


@dataclass
class UnitPanel:
    unit_id: int
    code: str
    name: str
    opd: str
    staff: int
    trained: int  # staff trained by the last quarter with data
    treated_from: int | None  # period
    cells: list[Cell] = field(default_factory=list)
    dropped: int = 0  # quarters with too few responses
    status: str = ""  # "ok" | "no_staff" | "few_responses" | "no_responses"

    @property
    def share(self) -> float:
        return self.trained / self.staff if self.staff else 0.0

    @property
    def treated_label(self) -> str:
        return period_label(self.treated_from) if self.treated_from is not None else ""


STATUS_TEXT = {
    "ok": "dianalisis",
    "no_staff": "tidak ada pegawai aktif pada unit ini; tidak dianalisis",
    "no_responses": "belum ada jawaban survei kepuasan; tidak dianalisis",
    "few_responses": f"kurang dari 2 triwulan dengan sekurang-kurangnya {MIN_RESPONSES} "
                     "jawaban; tidak dianalisis",
}


@dataclass
class OutcomeResult:
    key: str
    label: str
    result: core.ImpactResult | None
    error: str  # why there is no estimate (plain words), "" when there is one
    verdict: str

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {"outcome": self.key, "label": self.label,
                "result": None if self.result is None else self.result.to_dict(lang),
                "error": self.error or None, "verdict": self.verdict}


@dataclass
class DoseResult:
    key: str
    label: str
    points: list[tuple[str, float, float]]
    estimate: core.Estimate | None
    error: str
    text: str


@dataclass
class ServiceImpact:
    agency_id: int
    units: list[UnitPanel]
    outcomes: list[OutcomeResult]
    dose: list[DoseResult]
    year: int | None
    competencies: tuple[str, ...]
    threshold: float
    programmes: list[str]

    @property
    def analysed(self) -> list[UnitPanel]:
        return [u for u in self.units if u.status == "ok"]

    @property
    def not_analysed(self) -> list[UnitPanel]:
        return [u for u in self.units if u.status != "ok"]

    def outcome(self, key: str) -> OutcomeResult | None:
        return next((o for o in self.outcomes if o.key == key), None)

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "competencies": list(self.competencies), "threshold": self.threshold,
            "min_responses": MIN_RESPONSES, "programmes": self.programmes,
            "units": [{"code": u.code, "name": u.name, "opd": u.opd, "staff": u.staff,
                       "trained": u.trained, "share": round(u.share, 4),
                       "treated_from": u.treated_label or None, "status": u.status,
                       "quarters": len(u.cells)} for u in self.units],
            "outcomes": [o.to_dict(lang) for o in self.outcomes],
            "dose": [{"outcome": d.key, "points": [
                {"unit": p[0], "share": round(p[1], 4), "value": round(p[2], 4)}
                for p in d.points],
                "slope": None if d.estimate is None else d.estimate.to_dict(),
                "error": d.error or None, "text": d.text} for d in self.dose],
        }


# --------------------------------------------------------------------------------------------
# Reading the data


def matching_programmes(agency_id: int,
                        competencies: Iterable[str] = SERVICE_COMPETENCIES) -> list[int]:
    return sorted(set(ProgrammeGain.objects.filter(
        programme__agency_id=agency_id, competency__code__in=list(competencies))
        .values_list("programme_id", flat=True)))


def first_completion(employee_ids: Iterable[int] | None, programme_ids: Sequence[int],
                     agency_id: int) -> dict[int, dt.date]:
    """Employee → end date of their first completed activity in one of ``programme_ids``."""
    qs = Enrollment.objects.filter(activity__agency_id=agency_id, outcome=Outcome.COMPLETED,
                                   activity__programme_id__in=list(programme_ids))
    if employee_ids is not None:
        qs = qs.filter(employee_id__in=list(employee_ids))
    return dict(qs.values("employee_id").annotate(first=Min("activity__end_date"))
                .values_list("employee_id", "first"))


def _opd_code(unit: Unit, by_id: Mapping[int, Unit]) -> str:
    parts = [int(x) for x in unit.path.strip("/").split("/") if x]
    top = by_id.get(parts[0]) if parts else None
    return top.code if top is not None else unit.code


def _aliases(units: Sequence[Unit], by_id: Mapping[int, Unit]) -> dict[int, int]:
    """Closed unit id → the id of the unit it lives on in (following successors)."""
    out: dict[int, int] = {}
    for u in units:
        seen = {u.pk}
        target = u
        while target.successor_id is not None and target.successor_id not in seen:
            nxt = by_id.get(target.successor_id)
            if nxt is None:
                break
            seen.add(nxt.pk)
            target = nxt
        if target.pk != u.pk:
            out[u.pk] = target.pk
    return out


def _survey_sums(unit_ids: Sequence[int], year: int | None
                 ) -> dict[tuple[int, int], tuple[int, list[int]]]:
    from bina.stakeholders.models import SurveyResponse

    qs = SurveyResponse.objects.filter(unit_id__in=list(unit_ids))
    if year is not None:
        qs = qs.filter(year__lte=year)
    rows = qs.values("unit_id", "year", "quarter").annotate(
        n=Count("id"), **{f"s{i}": Sum(f"u{i}") for i in range(1, 10)})
    return {(r["unit_id"], period_of(r["year"], r["quarter"])):
            (r["n"], [int(r[f"s{i}"] or 0) for i in range(1, 10)]) for r in rows}


def unit_panels(agency_id: int, *, year: int | None = None,
                competencies: Iterable[str] = SERVICE_COMPETENCIES,
                threshold: float = TREATMENT_THRESHOLD,
                unit_ids: Iterable[int] | None = None) -> list[UnitPanel]:
    """Every service unit of the agency with its quarters (up to the end of ``year``)."""
    all_units = list(Unit.objects.filter(agency_id=agency_id))
    by_id = {u.pk: u for u in all_units}
    services = [u for u in all_units if u.is_public_service]
    aliases = _aliases(services, by_id)
    live = [u for u in services if u.pk not in aliases]
    if unit_ids is not None:
        wanted = set(unit_ids)
        live = [u for u in live if u.pk in wanted]
    programmes = matching_programmes(agency_id, competencies)
    staff_rows = list(Employee.objects.filter(agency_id=agency_id, status=EmployeeStatus.ACTIVE)
                      .values_list("id", "unit__path"))
    firsts = first_completion(None, programmes, agency_id) if programmes else {}
    sums = _survey_sums([u.pk for u in services], year)
    merged: dict[tuple[int, int], tuple[int, list[int]]] = {}
    for (uid, period), (n, s) in sums.items():
        key = (aliases.get(uid, uid), period)
        old_n, old_s = merged.get(key, (0, [0] * 9))
        merged[key] = (old_n + n, [a + b for a, b in zip(old_s, s, strict=True)])
    out: list[UnitPanel] = []
    for unit in sorted(live, key=lambda u: u.code):
        staff = [eid for eid, path in staff_rows if path and path.startswith(unit.path)]
        done = sorted(firsts[e] for e in staff if e in firsts)
        periods = sorted(p for (uid, p) in merged if uid == unit.pk)
        panel = UnitPanel(unit.pk, unit.code, unit.name, _opd_code(unit, by_id), len(staff),
                          0, None)
        for period in periods:
            end = quarter_end(period)
            trained = sum(1 for d in done if d <= end)
            share = trained / len(staff) if staff else 0.0
            if panel.treated_from is None and staff and share >= threshold:
                panel.treated_from = period
            n, s = merged[(unit.pk, period)]
            if n < MIN_RESPONSES:
                panel.dropped += 1
                continue
            idx = index_from_sums(unit.code, s, n)
            panel.cells.append(Cell(period, n, idx.nrr["U6"], idx.nrr["U7"], idx.ikm, share))
        last = quarter_end(periods[-1]) if periods else (
            dt.date(year, 12, 31) if year else dt.date.max)
        panel.trained = sum(1 for d in done if d <= last)
        if not staff:
            panel.status = "no_staff"
        elif not periods:
            panel.status = "no_responses"
        elif len(panel.cells) < 2:
            panel.status = "few_responses"
        else:
            panel.status = "ok"
        out.append(panel)
    return out


def cell_value(cell: Cell, key: str) -> float:
    return float({"U6": cell.u6, "U7": cell.u7, "IKM": cell.ikm}[key])


ONE_OPD = ("Semua unit yang dianalisis berada dalam satu OPD, sehingga galat baku diklaster "
           "per unit, bukan per OPD; intervalnya mungkin terlalu sempit bila unit-unit itu "
           "bergerak bersama.")


def clusters_by_opd(panels: Sequence[UnitPanel]) -> bool:
    """Cluster by OPD when the analysed units span at least 2 OPDs, else by unit."""
    return len({p.opd for p in panels if p.status == "ok"}) >= 2


def observations(panels: Sequence[UnitPanel], key: str) -> list[core.Observation]:
    by_opd = clusters_by_opd(panels)
    return [core.Observation(unit=p.code, period=c.period, outcome=cell_value(c, key),
                             treated_from=p.treated_from, cluster=p.opd if by_opd else "")
            for p in panels if p.status == "ok" for c in p.cells]


def _estimate(obs: Sequence[core.Observation], key: str, lang: Lang,
              caveat: str = "") -> OutcomeResult:
    label = OUTCOMES[key]
    if not obs:
        return OutcomeResult(key, label, None, "tidak ada unit layanan dengan data yang cukup",
                             "")
    try:
        result = core.estimate(obs, bootstrap=BOOTSTRAP, seed=SEED)
    except core.ImpactError as exc:
        why = exc.message.render(lang)
        return OutcomeResult(key, label, None, why,
                             f"{label}: pengaruh pelatihan tidak dapat diperkirakan — {why}.")
    return OutcomeResult(key, label, result, "",
                         with_caveat(core.verdict(result, outcome=label, lang=lang), caveat))


def with_caveat(text: str, caveat: str) -> str:
    """The core's verdict ends with its notes as written (no final stop); add one, and when
    the clusters are units (:data:`ONE_OPD`), say so instead of "(OPD)"."""
    text = text.strip()
    if caveat:
        text = text.replace("klaster (OPD)", "klaster (unit)")
    if text and text[-1] not in ".!?":
        text += "."
    return f"{text} {caveat}".strip()


def _id(value: float, sign: bool = False) -> str:
    return (f"{value:+.2f}" if sign else f"{value:.2f}").replace(".", ",")


def dose_text(slope: core.Estimate, label: str, year: int | None, units: int, clusters: int,
              caveat: str = "") -> str:
    """Plain words for the cross-unit slope: an association with its interval, not an effect."""
    head = (f"Antarunit pada {year}, {label} berselisih {_id(slope.estimate, True)} per 100% "
            f"staf terlatih (IK 95%: {_id(slope.ci_low)} s.d. {_id(slope.ci_high)}; {units} "
            f"unit, {clusters} klaster).")
    if slope.includes_zero:
        reading = "Interval ini mencakup nol: tidak tampak hubungan yang jelas."
    elif slope.ci_low > 0:
        reading = "Unit dengan lebih banyak staf terlatih cenderung bernilai lebih tinggi."
    else:
        reading = "Unit dengan lebih banyak staf terlatih cenderung bernilai lebih rendah."
    return " ".join(part for part in (
        head, reading, "Ini asosiasi, bukan pengaruh sebab-akibat: unit yang melatih lebih "
        "banyak stafnya mungkin berbeda dalam hal lain.", caveat) if part)


def service_impact(agency: Agency, *, year: int | None = None, lang: Lang = "id",
                   unit_ids: Iterable[int] | None = None,
                   competencies: Iterable[str] = SERVICE_COMPETENCIES,
                   threshold: float = TREATMENT_THRESHOLD) -> ServiceImpact:
    """The staggered DiD of U6, U7 and the IKM on the training of service units, and the
    association of U6/U7 with the trained share in ``year`` (or the latest year with data).

    The estimate always uses every analysable service unit of the agency (the comparison group
    needs them all); ``unit_ids`` narrows only the units listed."""
    comps = tuple(sorted(competencies))
    panels = unit_panels(agency.pk, year=year, competencies=comps, threshold=threshold)
    by_opd = clusters_by_opd(panels)
    caveat = "" if by_opd else ONE_OPD
    outcomes = [_estimate(observations(panels, key), key, lang, caveat) for key in OUTCOMES]
    dose_year = year or max((c.period // 4 for p in panels for c in p.cells), default=None)
    dose: list[DoseResult] = []
    for key in ("U6", "U7"):
        points: list[tuple[str, float, float]] = []
        clusters: dict[str, str] = {}
        for p in panels:
            cells = [c for c in p.cells if dose_year is not None and c.period // 4 == dose_year]
            n = sum(c.respondents for c in cells)
            if p.status != "ok" or not cells or n == 0:
                continue
            value = sum((c.u6 if key == "U6" else c.u7) * c.respondents for c in cells) / n
            points.append((p.code, cells[-1].share, value))
            clusters[p.code] = p.opd if by_opd else p.code
        label = OUTCOMES[key]
        try:
            slope = core.dose_slope(points, clusters=clusters)
            text = dose_text(slope, label, dose_year, len(points),
                             len(set(clusters.values())), caveat)
            error = ""
        except core.ImpactError as exc:
            slope, error = None, exc.message.render(lang)
            text = f"{label}: kemiringan terhadap porsi staf terlatih tidak dihitung — {error}."
        dose.append(DoseResult(key, label, points, slope, error, text))
    codes = list(Programme.objects.filter(pk__in=matching_programmes(agency.pk, comps))
                 .order_by("code").values_list("code", flat=True))
    if unit_ids is not None:
        wanted = set(unit_ids)
        panels = [p for p in panels if p.unit_id in wanted]
    return ServiceImpact(agency.pk, panels, outcomes, dose, dose_year, comps, threshold, codes)


# --------------------------------------------------------------------------------------------
# People: performance predicates of participants against not-yet-trained colleagues


@dataclass
class PeopleImpact:
    participants: int
    with_records: int
    comparison: int
    years: list[int]
    result: core.ImpactResult | None
    reason: str  # why there is no estimate
    verdict: str
    before_after: list[dict[str, Any]]  # per year: mean score participants / comparison

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {"participants": self.participants, "with_records": self.with_records,
                "comparison": self.comparison, "years": self.years,
                "result": None if self.result is None else self.result.to_dict(lang),
                "reason": self.reason or None, "verdict": self.verdict,
                "by_year": self.before_after}


def people_impact(programme: Programme, *, year: int, lang: Lang = "id",
                  employee_ids: Iterable[int] | None = None) -> PeopleImpact:
    """Annual predicates of the people who completed ``programme`` (up to ``year``) against
    colleagues of the same OPDs who have not (yet) completed it."""
    agency_id = programme.agency_id
    firsts = {e: d for e, d in first_completion(None, [programme.pk], agency_id).items()
              if d.year <= year}
    if employee_ids is not None:
        wanted = set(employee_ids)
        firsts = {e: d for e, d in firsts.items() if e in wanted}
    units = {u.pk: u for u in Unit.objects.filter(agency_id=agency_id)}
    emp_unit = dict(Employee.objects.filter(agency_id=agency_id).values_list("id", "unit_id"))

    def opd(eid: int) -> str:
        unit = units.get(emp_unit.get(eid, -1))
        return _opd_code(unit, units) if unit is not None else "?"

    opds = {opd(e) for e in firsts}
    records = list(PerformanceRecord.objects.filter(
        employee__agency_id=agency_id, period_kind=PeriodKind.ANNUAL, year__lte=year + 1)
        .values_list("employee_id", "year", "predicate"))
    obs: list[core.Observation] = []
    people_with = set()
    comparison = set()
    by_year: dict[int, dict[str, list[int]]] = defaultdict(lambda: {"p": [], "c": []})
    for eid, rec_year, predicate in records:
        score = PREDICATE_SCORE.get(predicate)
        if score is None:
            continue
        if eid in firsts:
            people_with.add(eid)
            treated: int | None = firsts[eid].year + 1
            by_year[rec_year]["p"].append(score)
        else:
            if opd(eid) not in opds:
                continue
            comparison.add(eid)
            treated = None
            by_year[rec_year]["c"].append(score)
        obs.append(core.Observation(str(eid), rec_year, float(score), treated, opd(eid)))
    rows = [{"year": y, "participants": len(v["p"]),
             "participants_mean": round(sum(v["p"]) / len(v["p"]), 3) if v["p"] else None,
             "comparison": len(v["c"]),
             "comparison_mean": round(sum(v["c"]) / len(v["c"]), 3) if v["c"] else None}
            for y, v in sorted(by_year.items())]
    outcome = "skor predikat kinerja (1–5)"
    base = PeopleImpact(len(firsts), len(people_with), len(comparison),
                        sorted(by_year), None, "", "", rows)
    if not firsts:
        base.reason = "belum ada peserta yang menyelesaikan program ini"
    elif not people_with:
        base.reason = "belum ada predikat kinerja tahunan peserta"
    elif not comparison:
        base.reason = ("tidak ada rekan se-OPD yang belum dilatih dengan predikat kinerja; "
                       "tidak ada kelompok pembanding")
    else:
        one_opd = len({o.cluster for o in obs}) < 2
        if one_opd:  # everyone in one OPD: cluster by person, and say so
            obs = [core.Observation(o.unit, o.period, o.outcome, o.treated_from, "")
                   for o in obs]
        try:
            base.result = core.estimate(obs, bootstrap=BOOTSTRAP, seed=SEED)
            base.verdict = core.verdict(base.result, outcome=outcome, lang=lang)
            base.verdict = with_caveat(base.verdict, (
                "Semua orang berada dalam satu OPD, sehingga galat baku diklaster per orang, "
                "bukan per OPD.") if one_opd else "").replace("klaster (unit)", "klaster (orang)")
        except core.ImpactError as exc:
            base.reason = exc.message.render(lang)
    if base.reason:
        base.verdict = f"Perbandingan predikat kinerja tidak dapat diperkirakan: {base.reason}."
    return base

