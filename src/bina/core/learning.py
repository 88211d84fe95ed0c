"""Kirkpatrick levels 1 and 2 of training evaluation (methods.md B6; issue 6). Pure: no Django.

**Level 2, learning: normalised gain (Hake 1998).** Per person
``g_i = (post_i − pre_i) / (max − pre_i)``; for a class ``⟨g⟩ = (⟨post⟩ − ⟨pre⟩) / (max − ⟨pre⟩)``
from the class means. The two differ in general (methods.md B6, citing the AJP comparison), so
both are reported under distinct names: :attr:`ClassGain.class_average_gain` (Hake's ⟨g⟩) and
:attr:`ClassGain.mean_individual_gain` (the mean of the g_i). ``g_i`` is **undefined when
pre = max** (nothing left to gain): such a person is reported in
:attr:`ClassGain.undefined` and left out of the mean of individual gains, never divided by
zero; their scores still count in the class means. Bands (methods.md B6): low < 0,3,
medium 0,3–0,7, high > 0,7. Caveats from the same source: g may correlate with the pre-test
and ignores people who dropped out (they have no post-test and are left out here as well).

**Level 1, reaction.** Likert items (1–5 by default): n, mean, standard deviation, the 95%
confidence interval of the mean from Student's t with n − 1 degrees of freedom (no interval for
n < 2), and the count per answer. :func:`t_critical` is computed here (no SciPy in the project).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bina.core.messages import Message, register

DEFAULT_MAX = 100.0
LOW_BAND = 0.3
HIGH_BAND = 0.7

register("learning.score_range", id="{person}: nilai {which} {value} di luar 0–{max}",
         en="{person}: the {which} score {value} is outside 0–{max}")
register("learning.empty", id="tidak ada pasangan nilai pre-test dan post-test",
         en="there are no pre-test/post-test pairs")
register("learning.pre_at_max",
         id="{person}: nilai pre-test sudah maksimum ({max}); gain tidak terdefinisi",
         en="{person}: the pre-test is already at the maximum ({max}); the gain is undefined")
register("learning.class_at_max",
         id="rata-rata pre-test kelas sudah maksimum; gain kelas tidak terdefinisi",
         en="the class's mean pre-test is at the maximum; the class gain is undefined")
register("learning.likert_range", id="jawaban {value} di luar skala 1–{scale}",
         en="answer {value} is outside the scale 1–{scale}")
register("learning.band.low", id="rendah", en="low")
register("learning.band.medium", id="sedang", en="medium")
register("learning.band.high", id="tinggi", en="high")


class LearningError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


# --- Student's t (for confidence intervals) ----------------------------------------------------

def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                     + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_critical(df: float, level: float = 0.95) -> float:
    """The two-sided critical value t_{(1+level)/2, df} (bisection on :func:`t_cdf`)."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    target = (1.0 + level) / 2.0
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < target:
        hi *= 2.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if t_cdf(mid, df) < target:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12:
            break
    return (lo + hi) / 2.0


# --- level 2: normalised gain ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PrePost:
    person: str
    pre: float
    post: float


@dataclass(frozen=True, slots=True)
class PersonGain:
    person: str
    pre: float
    post: float
    gain: float | None  # None: undefined (pre at the maximum)
    band: str | None  # "low" | "medium" | "high"
    note: Message | None = None


@dataclass(frozen=True, slots=True)
class ClassGain:
    n: int  # people with both tests
    mean_pre: float
    mean_post: float
    class_average_gain: float | None  # Hake's ⟨g⟩ from the class means
    class_band: str | None
    mean_individual_gain: float | None  # mean of the defined g_i
    n_defined: int
    undefined: tuple[str, ...]  # people with pre = max
    people: tuple[PersonGain, ...]
    max_score: float
    note: Message | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n, "max_score": self.max_score,
            "mean_pre": round(self.mean_pre, 4), "mean_post": round(self.mean_post, 4),
            "class_average_gain": _round(self.class_average_gain),
            "class_band": self.class_band,
            "mean_individual_gain": _round(self.mean_individual_gain),
            "n_defined": self.n_defined, "undefined": list(self.undefined),
            "people": [{"person": p.person, "pre": p.pre, "post": p.post,
                        "gain": _round(p.gain), "band": p.band} for p in self.people],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def gain_band(gain: float) -> str:
    """methods.md B6: low < 0,3, medium 0,3–0,7, high > 0,7."""
    if gain < LOW_BAND:
        return "low"
    if gain > HIGH_BAND:
        return "high"
    return "medium"


def normalised_gain(pre: float, post: float, max_score: float = DEFAULT_MAX) -> float | None:
    """``(post − pre) / (max − pre)``; None when ``pre == max`` (undefined). Negative when the
    post-test is lower than the pre-test."""
    if pre >= max_score:
        return None
    return (post - pre) / (max_score - pre)


def _check(item: PrePost, max_score: float) -> None:
    for which, value in (("pre-test", item.pre), ("post-test", item.post)):
        if not (0 <= value <= max_score) or math.isnan(value):
            raise LearningError(Message("learning.score_range", {
                "person": item.person, "which": which, "value": value, "max": max_score}))


def class_gain(results: Sequence[PrePost], max_score: float = DEFAULT_MAX) -> ClassGain:
    """Per-person and class gains of one class (people with both tests)."""
    if not results:
        raise LearningError(Message("learning.empty"))
    people: list[PersonGain] = []
    for item in results:
        _check(item, max_score)
        g = normalised_gain(item.pre, item.post, max_score)
        note = None if g is not None else Message("learning.pre_at_max", {
            "person": item.person, "max": max_score})
        people.append(PersonGain(item.person, item.pre, item.post, g,
                                 None if g is None else gain_band(g), note))
    n = len(results)
    mean_pre = sum(r.pre for r in results) / n
    mean_post = sum(r.post for r in results) / n
    average = normalised_gain(mean_pre, mean_post, max_score)
    defined = [p.gain for p in people if p.gain is not None]
    return ClassGain(
        n=n, mean_pre=mean_pre, mean_post=mean_post, class_average_gain=average,
        class_band=None if average is None else gain_band(average),
        mean_individual_gain=sum(defined) / len(defined) if defined else None,
        n_defined=len(defined),
        undefined=tuple(p.person for p in people if p.gain is None),
        people=tuple(people), max_score=max_score,
        note=None if average is not None else Message("learning.class_at_max"))


# --- level 1: reaction ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class LikertSummary:
    item: str
    n: int
    mean: float | None
    sd: float | None
    ci_low: float | None  # 95% CI of the mean (t, n − 1 df); None for n < 2
    ci_high: float | None
    counts: Mapping[int, int]  # answer → how many

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "n": self.n, "mean": _round(self.mean), "sd": _round(self.sd),
                "ci": None if self.ci_low is None else [_round(self.ci_low),
                                                        _round(self.ci_high)],
                "counts": {str(k): v for k, v in sorted(self.counts.items())}}


def likert_summary(item: str, answers: Iterable[int], *, scale: int = 5,
                   level: float = 0.95) -> LikertSummary:
    """n, mean, SD and the t confidence interval of the mean of one Likert item."""
    values = list(answers)
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= scale:
            raise LearningError(Message("learning.likert_range", {"value": value,
                                                                  "scale": scale}))
    counts = {k: 0 for k in range(1, scale + 1)}
    for value in values:
        counts[value] += 1
    n = len(values)
    if n == 0:
        return LikertSummary(item, 0, None, None, None, None, counts)
    mean = sum(values) / n
    if n < 2:
        return LikertSummary(item, n, mean, None, None, None, counts)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = t_critical(n - 1, level) * sd / math.sqrt(n)
    return LikertSummary(item, n, mean, sd, max(1.0, mean - half), min(float(scale), mean + half),
                         counts)


@dataclass(frozen=True, slots=True)
class ReactionAnswer:
    """One answer of a feedback form: the group it is summarised by (activity, programme,
    provider or resource person), the item and the score."""

    group: Hashable
    item: str
    score: int


def summarise_reactions(answers: Iterable[ReactionAnswer], *, scale: int = 5
                        ) -> dict[Hashable, list[LikertSummary]]:
    """Per group, one :class:`LikertSummary` per item (items in order of first appearance)."""
    grouped: dict[Hashable, dict[str, list[int]]] = defaultdict(dict)
    for answer in answers:
        grouped[answer.group].setdefault(answer.item, []).append(answer.score)
    return {group: [likert_summary(item, scores, scale=scale) for item, scores in items.items()]
            for group, items in grouped.items()}
