"""Did the training work? Kirkpatrick level 4 from observational panels (methods.md B6; issue 6).
Pure: no Django; numpy only.

**Design.** Units (service units with their IKM, or people with their performance score) are
observed over periods (consecutive integers: years, or ``year*4 + quarter``). A unit is trained
from its first treated period ``g`` on (absorbing); units not trained in the data, and units
trained later, are the comparison. methods.md B6: with staggered adoption plain two-way fixed
effects gives a biased mix of effects, so the estimator is **Callaway–Sant'Anna with
not-yet-treated comparisons**:

``ATT(g,t) = E[Y_t − Y_b | G = g] − E[Y_t − Y_b | G > max(t, b)]``, ``b`` = the last observed
period before ``g`` (the universal base period),

computed for every cohort ``g`` and period ``t``. The overall effect averages the post cells
(``t ≥ g``) weighted by the number of treated units in each; the effect by event time
``e = t − g`` likewise. **Pre-trend check:** the same cells for ``t < b`` are placebo effects
(training cannot act before it happens); their average, with its interval, should include zero.
A cohort with no comparison units for a period is not estimated there and is named in the notes;
when nothing can be estimated the function refuses (:class:`ImpactError`).

**Uncertainty.** Standard errors are **cluster-robust by resampling clusters** (the OPD; by
default each unit is its own cluster): a seeded cluster bootstrap recomputes every cell with the
units of the drawn clusters, and the interval is ``estimate ± t_{G−1} × SE`` with ``G`` clusters
(Student's t, since there are usually few OPDs). For the plain 2×2 design :func:`did_2x2` gives
the regression ``Y = β0 + β1·Treat + β2·Post + β3·Treat×Post`` (β3 = DiD) with the analytic
Liang–Zeger cluster-robust variance (CR1 small-sample factor ``G/(G−1)·(N−1)/(N−K)``).

**Reorganisation.** Unit codes renamed (e.g. in the 2025 reorganisation) are joined through
``aliases`` (old code → new code) before anything else, so a unit's history continues.

**Reporting.** :func:`verdict` turns a result into plain words with the interval and the
caveats; it never says that the training "worked" without the estimate, its interval and the
assumption it rests on.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bina.core.learning import t_critical
from bina.core.messages import Lang, Message, register

FloatArray = npt.NDArray[np.float64]

for _code, _id, _en in (
    ("impact.empty", "tidak ada data pengamatan", "there are no observations"),
    ("impact.no_treated", "tidak ada unit yang dilatih dalam data",
     "no unit in the data was trained"),
    ("impact.no_comparison",
     "tidak ada kelompok pembanding: {units} dilatih mulai {period}, dan tidak ada unit yang "
     "belum dilatih pada periode sesudahnya; pengaruhnya tidak dapat diperkirakan",
     "there is no comparison group: {units} trained from {period}, and no unit is still "
     "untrained in the periods after; the effect cannot be estimated"),
    ("impact.no_base", "{units} sudah dilatih sejak periode pertama data ({period}); tanpa "
     "periode sebelum pelatihan, tidak dihitung",
     "{units} were trained from the first period of the data ({period}); without a period "
     "before training they are left out"),
    ("impact.cell_dropped", "{units} (dilatih mulai {period}): periode {periods} tanpa "
     "pembanding, tidak dihitung",
     "{units} (trained from {period}): periods {periods} have no comparison, left out"),
    ("impact.few_clusters", "hanya {clusters} klaster (OPD); galat baku kurang andal",
     "only {clusters} clusters (OPD); the standard errors are less reliable"),
    ("impact.one_cluster", "galat baku terklaster memerlukan sekurang-kurangnya 2 klaster",
     "clustered standard errors need at least 2 clusters"),
    ("impact.cluster_conflict", "unit {unit} tercatat pada dua klaster ({a}, {b})",
     "unit {unit} is recorded in two clusters ({a}, {b})"),
    ("impact.duplicate", "unit {unit} periode {period} tercatat dua kali",
     "unit {unit} period {period} is recorded twice"),
    ("impact.merged", "{units} digabung menjadi {unit} (reorganisasi); nilai periode yang sama "
     "dirata-rata", "{units} were merged into {unit} (reorganisation); values of the same "
     "period are averaged"),
    ("impact.not_finite", "unit {unit} periode {period}: nilai bukan angka",
     "unit {unit} period {period}: the value is not a number"),
    ("impact.no_pre_post", "desain 2×2 memerlukan periode sebelum dan sesudah",
     "the 2×2 design needs periods before and after"),
):
    register(_code, id=_id, en=_en)

VERDICT = {
    "head": {
        "id": "Perkiraan pengaruh pelatihan terhadap {outcome}{unit}: {est} (IK {level}%: {lo} "
              "s.d. {hi}; {n_t} unit dilatih, {n_c} unit pembanding, {g} klaster).",
        "en": "The estimated effect of the training on {outcome}{unit} is {est} ({level}% CI "
              "{lo} to {hi}; {n_t} trained units, {n_c} comparison units, {g} clusters).",
    },
    "zero": {
        "id": "Interval ini mencakup nol, sehingga data belum dapat membedakan pengaruh "
              "pelatihan dari tidak ada pengaruh sama sekali.",
        "en": "The interval includes zero, so the data cannot tell the effect of the training "
              "apart from no effect at all.",
    },
    "positive": {
        "id": "Interval ini seluruhnya di atas nol: data sejalan dengan kenaikan antara {lo} dan "
              "{hi}, bukan bukti bahwa seluruh kenaikan disebabkan pelatihan.",
        "en": "The interval lies above zero: the data are consistent with an increase of "
              "between {lo} and {hi}, which is not proof that all of it is due to the training.",
    },
    "negative": {
        "id": "Interval ini seluruhnya di bawah nol: data sejalan dengan penurunan antara {lo} "
              "dan {hi} pada unit yang dilatih dibandingkan pembanding; perlu ditelaah.",
        "en": "The interval lies below zero: the data are consistent with a decrease of "
              "between {lo} and {hi} in trained units relative to the comparison; look into it.",
    },
    "caveat": {
        "id": "Ini perkiraan dari data pengamatan (selisih-dalam-selisih terhadap unit yang "
              "belum dilatih), bukan percobaan; ia bersandar pada asumsi bahwa tanpa pelatihan "
              "kedua kelompok akan bergerak sejajar.",
        "en": "This is an estimate from observational data (difference-in-differences against "
              "units not yet trained), not an experiment; it rests on the assumption that "
              "without the training both groups would have moved in parallel.",
    },
    "pretrend_ok": {
        "id": "Pemeriksaan tren sebelum pelatihan (plasebo {est}, IK {lo} s.d. {hi}) tidak "
              "menunjukkan perbedaan arah yang jelas, meski itu tidak membuktikan asumsinya.",
        "en": "The check of trends before the training (placebo {est}, CI {lo} to {hi}) shows "
              "no clear difference, though it cannot prove the assumption.",
    },
    "pretrend_bad": {
        "id": "Peringatan: sebelum pelatihan kedua kelompok sudah bergerak berbeda (plasebo "
              "{est}, IK {lo} s.d. {hi}, tidak mencakup nol); perkiraan di atas mungkin bias.",
        "en": "Warning: before the training the groups were already moving differently "
              "(placebo {est}, CI {lo} to {hi}, excludes zero); the estimate may be biased.",
    },
    "pretrend_none": {
        "id": "Tidak ada cukup periode sebelum pelatihan untuk memeriksa asumsi tren sejajar.",
        "en": "There are not enough periods before the training to check the parallel-trends "
              "assumption.",
    },
}


class ImpactError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True, slots=True)
class Observation:
    """One unit in one period. ``treated_from``: the first period the unit counts as trained
    (None: not trained in the data). ``cluster``: for the standard errors (the OPD); empty means
    the unit itself."""

    unit: str
    period: int
    outcome: float
    treated_from: int | None = None
    cluster: str = ""


@dataclass(frozen=True, slots=True)
class Estimate:
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    n_treated: int  # distinct treated units contributing
    n_comparison: int  # distinct comparison units contributing

    @property
    def includes_zero(self) -> bool:
        return self.ci_low <= 0.0 <= self.ci_high

    def to_dict(self) -> dict[str, Any]:
        return {"estimate": round(self.estimate, 6), "se": round(self.se, 6),
                "ci": [round(self.ci_low, 6), round(self.ci_high, 6)],
                "includes_zero": self.includes_zero, "n_treated": self.n_treated,
                "n_comparison": self.n_comparison}


@dataclass(frozen=True, slots=True)
class ImpactResult:
    att: Estimate  # overall, post-training periods
    by_event_time: Mapping[int, Estimate]  # e = t − g; e ≥ 0 effects, e ≤ −2 placebo
    pretrend: Estimate | None  # average placebo effect; None when there are no leads
    cohorts: Mapping[int, int]  # first trained period → number of units
    clusters: int
    level: float
    notes: tuple[Message, ...]
    method: str = "callaway_santanna_not_yet_treated"

    @property
    def pretrend_ok(self) -> bool | None:
        return None if self.pretrend is None else self.pretrend.includes_zero

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "method": self.method, "level": self.level, "clusters": self.clusters,
            "att": self.att.to_dict(),
            "by_event_time": {str(e): est.to_dict() for e, est in sorted(
                self.by_event_time.items())},
            "pretrend": None if self.pretrend is None else self.pretrend.to_dict(),
            "pretrend_ok": self.pretrend_ok,
            "cohorts": {str(g): n for g, n in sorted(self.cohorts.items())},
            "notes": [m.render(lang) for m in self.notes],
        }


@dataclass(frozen=True)
class _Panel:
    units: tuple[str, ...]
    periods: tuple[int, ...]
    y: FloatArray  # (N, T), NaN where unobserved
    first: FloatArray  # (N,) first treated period, inf when never
    cluster: npt.NDArray[np.int64]  # (N,)
    n_clusters: int
    notes: tuple[Message, ...]


def _panel(observations: Sequence[Observation], aliases: Mapping[str, str]) -> _Panel:
    if not observations:
        raise ImpactError(Message("impact.empty"))
    values: dict[tuple[str, int], list[float]] = defaultdict(list)
    first: dict[str, int | None] = {}
    cluster: dict[str, str] = {}
    sources: dict[str, set[str]] = defaultdict(set)
    for o in observations:
        if not math.isfinite(o.outcome):
            raise ImpactError(Message("impact.not_finite", {"unit": o.unit, "period": o.period}))
        unit = aliases.get(o.unit, o.unit)
        sources[unit].add(o.unit)
        key = (unit, o.period)
        if values[key] and len(sources[unit]) == 1:
            raise ImpactError(Message("impact.duplicate", {"unit": unit, "period": o.period}))
        values[key].append(float(o.outcome))
        g = first.get(unit)
        if o.treated_from is not None:
            first[unit] = o.treated_from if g is None else min(g, o.treated_from)
        else:
            first.setdefault(unit, None)
        c = o.cluster or unit
        if cluster.setdefault(unit, c) != c:
            raise ImpactError(Message("impact.cluster_conflict",
                                      {"unit": unit, "a": cluster[unit], "b": c}))
    notes = [Message("impact.merged", {"units": ", ".join(sorted(old)), "unit": unit})
             for unit, old in sorted(sources.items())
             if len(old) > 1 and any(len(v) > 1 for (u, _), v in values.items() if u == unit)]
    units = tuple(sorted(first))
    periods = tuple(sorted({p for _, p in values}))
    u_index = {u: i for i, u in enumerate(units)}
    p_index = {p: j for j, p in enumerate(periods)}
    y = np.full((len(units), len(periods)), np.nan)
    for (unit, period), vals in values.items():
        y[u_index[unit], p_index[period]] = sum(vals) / len(vals)
    first_arr = np.array([math.inf if first[u] is None else float(first[u])  # type: ignore[arg-type]
                          for u in units])
    cluster_codes = sorted(set(cluster.values()))
    c_index = {c: i for i, c in enumerate(cluster_codes)}
    clusters = np.array([c_index[cluster[u]] for u in units], dtype=np.int64)
    return _Panel(units, periods, y, first_arr, clusters, len(cluster_codes), tuple(notes))


def _weights(panel: _Panel, bootstrap: int, seed: int) -> FloatArray:
    """Row 0: every unit once (the estimate); rows 1..B: cluster-bootstrap unit weights."""
    rng = np.random.default_rng(seed)
    g = panel.n_clusters
    draws = rng.integers(0, g, size=(bootstrap, g))
    counts = np.zeros((bootstrap, g))
    np.add.at(counts, (np.repeat(np.arange(bootstrap), g), draws.ravel()), 1.0)
    return np.vstack([np.ones(len(panel.units)), counts[:, panel.cluster]])


@dataclass
class _Cell:
    g: int
    t: int
    event: int
    values: FloatArray  # (B+1,) ATT per weight row
    weight: FloatArray  # (B+1,) weighted treated count
    treated: set[int]
    comparison: set[int]


def _cells(panel: _Panel, w: FloatArray) -> tuple[list[_Cell], list[Message], dict[int, int]]:
    notes: list[Message] = []
    cells: list[_Cell] = []
    cohorts: dict[int, int] = {}
    periods = panel.periods
    for g in sorted({int(x) for x in panel.first if math.isfinite(x)}):
        members = np.flatnonzero(panel.first == g)
        names = ", ".join(panel.units[i] for i in members[:5]) + (
            " …" if len(members) > 5 else "")
        before = [j for j, p in enumerate(periods) if p < g]
        if not before:
            notes.append(Message("impact.no_base", {"units": names, "period": g}))
            continue
        b = before[-1]
        post_cells = 0
        dropped: list[int] = []
        for j, t in enumerate(periods):
            if j == b:
                continue
            delta = panel.y[:, j] - panel.y[:, b]
            ok = ~np.isnan(delta)
            treated = ok & (panel.first == g)
            comparison = ok & (panel.first > max(t, periods[b])) & (panel.first != g)
            if not treated.any():
                continue
            if not comparison.any():
                if t >= g:
                    dropped.append(t)
                continue
            d = np.nan_to_num(delta)
            wt, wc = w @ treated.astype(float), w @ comparison.astype(float)
            with np.errstate(invalid="ignore", divide="ignore"):
                att = (w @ (d * treated)) / wt - (w @ (d * comparison)) / wc
            cells.append(_Cell(g, t, t - g, att, wt, set(np.flatnonzero(treated).tolist()),
                               set(np.flatnonzero(comparison).tolist())))
            post_cells += t >= g
        if post_cells:
            cohorts[g] = len(members)
            if dropped:
                notes.append(Message("impact.cell_dropped", {
                    "units": names, "period": g, "periods": ", ".join(map(str, dropped))}))
        else:
            notes.append(Message("impact.no_comparison", {"units": names, "period": g}))
    return cells, notes, cohorts


def _combine(cells: Sequence[_Cell], panel: _Panel, level: float) -> Estimate:
    values = np.vstack([c.values for c in cells])  # (cells, B+1)
    weights = np.vstack([c.weight for c in cells])
    with np.errstate(invalid="ignore", divide="ignore"):
        weights = np.where(np.isnan(values), 0.0, weights)
        combined = (np.nan_to_num(values) * weights).sum(0) / weights.sum(0)
    point = float(combined[0])
    draws = combined[1:]
    draws = draws[np.isfinite(draws)]
    se = float(np.std(draws, ddof=1)) if len(draws) > 1 else math.nan
    half = t_critical(max(1, panel.n_clusters - 1), level) * se
    treated = set().union(*(c.treated for c in cells))
    comparison = set().union(*(c.comparison for c in cells))
    return Estimate(point, se, point - half, point + half, len(treated), len(comparison))


def estimate(observations: Sequence[Observation], *, aliases: Mapping[str, str] | None = None,
             level: float = 0.95, bootstrap: int = 499, seed: int = 0) -> ImpactResult:
    """The effect of training on the outcome (see the module notes); refuses with
    :class:`ImpactError` when there is no trained unit, fewer than 2 clusters, or no cohort
    with a comparison group."""
    panel = _panel(observations, aliases or {})
    if not np.isfinite(panel.first).any():
        raise ImpactError(Message("impact.no_treated"))
    if panel.n_clusters < 2:
        raise ImpactError(Message("impact.one_cluster"))
    w = _weights(panel, bootstrap, seed)
    cells, notes, cohorts = _cells(panel, w)
    post = [c for c in cells if c.t >= c.g]
    if not post:
        raise ImpactError(next((n for n in notes if n.code == "impact.no_comparison"),
                               Message("impact.no_treated")))
    leads = [c for c in cells if c.event < 0]
    by_event: dict[int, Estimate] = {}
    for e in sorted({c.event for c in cells}):
        by_event[e] = _combine([c for c in cells if c.event == e], panel, level)
    all_notes = [*panel.notes, *notes]
    if panel.n_clusters < 10:
        all_notes.append(Message("impact.few_clusters", {"clusters": panel.n_clusters}))
    return ImpactResult(
        att=_combine(post, panel, level), by_event_time=by_event,
        pretrend=_combine(leads, panel, level) if leads else None, cohorts=cohorts,
        clusters=panel.n_clusters, level=level, notes=tuple(all_notes))


# --- the plain 2×2 regression with analytic cluster-robust errors ------------------------------

def did_2x2(observations: Sequence[Observation], *, post_from: int,
            aliases: Mapping[str, str] | None = None, level: float = 0.95) -> Estimate:
    """``Y = β0 + β1·Treat + β2·Post + β3·Treat×Post``: β3 with CR1 cluster-robust SE.

    Treat: the unit is trained from ``post_from`` or earlier; units trained later are dropped
    (they are neither clean treated nor clean controls). Post: ``period >= post_from``."""
    panel = _panel(observations, aliases or {})
    keep = ~np.isfinite(panel.first) | (panel.first <= post_from)
    treat_unit = np.isfinite(panel.first) & (panel.first <= post_from)
    if not treat_unit.any():
        raise ImpactError(Message("impact.no_treated"))
    if not (keep & ~treat_unit).any():
        names = ", ".join(u for u, t in zip(panel.units, treat_unit, strict=True) if t)
        raise ImpactError(Message("impact.no_comparison", {"units": names,
                                                           "period": post_from}))
    rows, cols = np.nonzero(~np.isnan(panel.y) & keep[:, None])
    periods = np.asarray(panel.periods)[cols]
    post = (periods >= post_from).astype(float)
    if post.min() == post.max():
        raise ImpactError(Message("impact.no_pre_post"))
    treat = treat_unit[rows].astype(float)
    x = np.column_stack([np.ones(len(rows)), treat, post, treat * post])
    y = panel.y[rows, cols]
    clusters = panel.cluster[rows]
    n_clusters = len(np.unique(clusters))
    if n_clusters < 2:
        raise ImpactError(Message("impact.one_cluster"))
    bread = np.linalg.pinv(x.T @ x)
    beta = bread @ x.T @ y
    resid = y - x @ beta
    scores = np.zeros((clusters.max() + 1, x.shape[1]))
    np.add.at(scores, clusters, x * resid[:, None])
    meat = scores.T @ scores
    n, k = x.shape
    factor = n_clusters / (n_clusters - 1) * (n - 1) / (n - k)
    variance = factor * bread @ meat @ bread
    se = float(math.sqrt(max(variance[3, 3], 0.0)))
    half = t_critical(n_clusters - 1, level) * se
    b3 = float(beta[3])
    return Estimate(b3, se, b3 - half, b3 + half, int(treat_unit.sum()),
                    int((keep & ~treat_unit).sum()))


# --- plain language ----------------------------------------------------------------------------

def _fmt(value: float, lang: Lang, sign: bool = False) -> str:
    text = f"{value:+.2f}" if sign else f"{value:.2f}"
    return text.replace(".", ",") if lang == "id" else text


def verdict(result: ImpactResult | Estimate, *, outcome: str, unit: str = "",
            lang: Lang = "id", clusters: int | None = None) -> str:
    """Plain-language reading of an estimate: the number, its interval, what the interval
    allows, the assumption, and the pre-trend check when there is one."""
    est = result.att if isinstance(result, ImpactResult) else result
    level = result.level if isinstance(result, ImpactResult) else 0.95
    n_clusters = result.clusters if isinstance(result, ImpactResult) else clusters
    lo, hi = _fmt(est.ci_low, lang), _fmt(est.ci_high, lang)
    parts = [VERDICT["head"][lang].format(
        outcome=outcome, unit=f" ({unit})" if unit else "", est=_fmt(est.estimate, lang, True),
        level=round(level * 100), lo=lo, hi=hi, n_t=est.n_treated, n_c=est.n_comparison,
        g="?" if n_clusters is None else n_clusters)]
    if est.includes_zero:
        parts.append(VERDICT["zero"][lang])
    elif est.ci_low > 0:
        parts.append(VERDICT["positive"][lang].format(lo=lo, hi=hi))
    else:
        parts.append(VERDICT["negative"][lang].format(lo=lo, hi=hi))
    parts.append(VERDICT["caveat"][lang])
    if isinstance(result, ImpactResult):
        if result.pretrend is None:
            parts.append(VERDICT["pretrend_none"][lang])
        else:
            p = result.pretrend
            key = "pretrend_ok" if p.includes_zero else "pretrend_bad"
            parts.append(VERDICT[key][lang].format(est=_fmt(p.estimate, lang, True),
                                                   lo=_fmt(p.ci_low, lang),
                                                   hi=_fmt(p.ci_high, lang)))
        parts.extend(_sentence(m.render(lang)) for m in result.notes
                     if m.code in ("impact.few_clusters", "impact.no_comparison",
                                   "impact.cell_dropped", "impact.no_base"))
    return " ".join(parts)


def _sentence(text: str) -> str:
    """A note as a sentence of its own: capital first letter, full stop at the end."""
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


# --- dose: the share of staff trained against an outcome ----------------------------------------

def dose_slope(points: Sequence[tuple[str, float, float]], *,
               clusters: Mapping[str, str] | None = None, level: float = 0.95) -> Estimate:
    """``outcome = a + b × share`` across units, ``points`` = (unit, share trained 0–1,
    outcome), e.g. a unit's NRR of U6 "Kompetensi Pelaksana" against the share of its staff
    trained in the matching competencies. Returns ``b`` per 100 percentage points with a
    cluster-robust (CR1; each unit its own cluster unless ``clusters`` maps unit → OPD)
    interval. A cross-section: an association, not an effect — :func:`verdict` on it still
    states the interval, and the caller should say "associated with", not "caused"."""
    if len(points) < 3:
        raise ImpactError(Message("impact.empty"))
    x = np.array([p[1] for p in points], dtype=float)
    y = np.array([p[2] for p in points], dtype=float)
    if not (np.isfinite(x).all() and np.isfinite(y).all()) or np.ptp(x) == 0:
        raise ImpactError(Message("impact.no_comparison", {
            "units": ", ".join(p[0] for p in points[:5]), "period": "-"}))
    names = [(clusters or {}).get(p[0], p[0]) for p in points]
    codes = {c: i for i, c in enumerate(sorted(set(names)))}
    group = np.array([codes[c] for c in names])
    if len(codes) < 2:
        raise ImpactError(Message("impact.one_cluster"))
    design = np.column_stack([np.ones(len(x)), x])
    bread = np.linalg.inv(design.T @ design)
    beta = bread @ design.T @ y
    resid = y - design @ beta
    scores = np.zeros((len(codes), 2))
    np.add.at(scores, group, design * resid[:, None])
    n, k, g = len(x), 2, len(codes)
    variance = g / (g - 1) * (n - 1) / (n - k) * bread @ (scores.T @ scores) @ bread
    se = float(math.sqrt(max(variance[1, 1], 0.0)))
    half = t_critical(g - 1, level) * se
    b = float(beta[1])
    treated = int((x > 0).sum())
    return Estimate(b, se, b - half, b + half, treated, len(x) - treated)
