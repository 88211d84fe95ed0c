"""Indeks Profesionalitas ASN (IP ASN), per employee and per unit (regulation.md §7; issue 6).
Pure: no Django.

Four dimensions with weights (their maximum points): Kualifikasi 25, Kompetensi 40, Kinerja 30,
Disiplin 5; the total is the sum of the points (0–100) and falls in a category band (≤ 60
Sangat Rendah … 90,01–100 Sangat Tinggi, compared at 2 decimals).

**The rules are data**, in ``bina/core/data/ipasn_rules.json`` (or any file of the same shape
given to :func:`load_rules`), each with the reference's source kind. Only the Kompetensi weight
and the Pasal 8 points (PIM/fungsional 15, teknis ≥ 20 JP 15 for structural and JF) are
confirmed by regulation text (REG). **UNVERIFIED** (regulation.md §7 and its summary item 8):
the education points (Pasal 9 not read), the SKP bands and the discipline points (Pasal 10 not
read), the pelaksana values 22,5 and 17,5, how the PermenPANRB 6/2022 predikat maps to points
(an assumption: each predikat takes the points of an SKP band), and the cap of Kompetensi at its
weight (an assumption). :meth:`IpAsnRules.unverified` lists them, and every score says which
unverified rules it used.

A missing input (no education recorded, neither SKP score nor predikat, discipline unknown)
leaves that dimension "not available": the total is then not computed, never guessed.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from bina.core.messages import Lang, Message, register

POSITION_KINDS = ("struktural", "fungsional", "pelaksana")
EDUCATION_ALIASES = {"SMK": "SMA", "SLTA": "SMA", "MA": "SMA", "PAKET C": "SMA",
                     "SMP": "BELOW_SMA", "SLTP": "BELOW_SMA", "SD": "BELOW_SMA",
                     "DIV": "D4", "D-IV": "D4", "D-III": "D3", "DIII": "D3", "D-II": "D2",
                     "D-I": "D1"}

register("ipasn.bad_rules", id="aturan IP ASN tidak sah: {reason}",
         en="the IP ASN rules are invalid: {reason}")
register("ipasn.position_kind", id="{person}: jenis jabatan {value!r} tidak dikenal; pilihan: "
         "struktural, fungsional, pelaksana", en="{person}: unknown position kind {value!r}; "
         "choose struktural, fungsional or pelaksana")
register("ipasn.education", id="{person}: pendidikan {value!r} tidak dikenal",
         en="{person}: unknown education {value!r}")
register("ipasn.discipline", id="{person}: hukuman disiplin {value!r} tidak dikenal; pilihan: "
         "none, ringan, sedang, berat", en="{person}: unknown discipline penalty {value!r}; "
         "choose none, ringan, sedang, berat")
register("ipasn.predicate", id="{person}: predikat {value!r} tidak dikenal",
         en="{person}: unknown predikat {value!r}")
register("ipasn.skp", id="{person}: nilai SKP {value} di luar 0–100",
         en="{person}: SKP score {value} outside 0–100")
register("ipasn.missing.education", id="Kualifikasi tidak tersedia: pendidikan belum tercatat",
         en="Qualification not available: education not recorded")
register("ipasn.missing.performance",
         id="Kinerja tidak tersedia: tidak ada nilai SKP maupun predikat kinerja",
         en="Performance not available: neither an SKP score nor a performance predikat")
register("ipasn.missing.discipline",
         id="Disiplin tidak tersedia: data hukuman disiplin belum tercatat",
         en="Discipline not available: no discipline record")


class IpAsnError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True, slots=True)
class Dimension:
    code: str
    name_id: str
    name_en: str
    weight: float
    status: str
    source: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    dimension: str
    status: str  # REG | SEC | IMPL | UNVERIFIED
    source: str
    description: str
    data: Mapping[str, Any]

    @property
    def unverified(self) -> bool:
        return self.status == "UNVERIFIED"


@dataclass(frozen=True)
class IpAsnRules:
    dimensions: tuple[Dimension, ...]
    rules: Mapping[str, Rule]

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def unverified(self) -> list[Rule]:
        """The rules the reference marks UNVERIFIED (assumptions to check)."""
        return [r for r in self.rules.values() if r.unverified]

    @property
    def weights(self) -> dict[str, float]:
        return {d.code: d.weight for d in self.dimensions}


REQUIRED_RULES = ("kualifikasi.education", "kompetensi.pim", "kompetensi.fungsional",
                  "kompetensi.teknis", "kompetensi.teknis_pelaksana", "kompetensi.seminar",
                  "kompetensi.seminar_pelaksana", "kompetensi.cap", "kinerja.skp",
                  "kinerja.predikat", "disiplin.penalty", "category.bands")


def rules_from_dict(data: Mapping[str, Any]) -> IpAsnRules:
    """Rules from the JSON shape of ``ipasn_rules.json``; :class:`IpAsnError` when malformed."""
    try:
        dimensions = tuple(Dimension(d["code"], d["name_id"], d["name_en"], float(d["weight"]),
                                     d["status"], d["source"]) for d in data["dimensions"])
        rules = {r["id"]: Rule(r["id"], r["dimension"], r["status"], r["source"],
                               r["description"], r) for r in data["rules"]}
    except (KeyError, TypeError, ValueError) as exc:
        raise IpAsnError(Message("ipasn.bad_rules", {"reason": repr(exc)})) from None
    codes = [d.code for d in dimensions]
    if codes != ["kualifikasi", "kompetensi", "kinerja", "disiplin"]:
        raise IpAsnError(Message("ipasn.bad_rules", {"reason": f"dimensions {codes}"}))
    if abs(sum(d.weight for d in dimensions) - 100) > 1e-9:
        raise IpAsnError(Message("ipasn.bad_rules", {"reason": "weights must total 100"}))
    missing = [r for r in REQUIRED_RULES if r not in rules]
    if missing:
        raise IpAsnError(Message("ipasn.bad_rules", {"reason": f"missing {missing}"}))
    bad = [r.id for r in rules.values() if r.status not in ("REG", "SEC", "IMPL", "UNVERIFIED")]
    if bad:
        raise IpAsnError(Message("ipasn.bad_rules", {"reason": f"unknown status in {bad}"}))
    return IpAsnRules(dimensions, rules)


def load_rules(path: str | Path | None = None) -> IpAsnRules:
    """The shipped rules, or those of ``path`` (same JSON shape)."""
    if path is None:
        text = resources.files("bina.core").joinpath("data/ipasn_rules.json").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return rules_from_dict(json.loads(text))


@dataclass(frozen=True, slots=True)
class IpAsnInput:
    """What the index needs about one employee. ``technical_jp_last_year``: JP of diklat teknis
    in the last year; ``discipline``: none | ringan | sedang | berat (None: not recorded)."""

    person: str
    unit: str
    position_kind: str  # struktural | fungsional | pelaksana
    education: str | None
    pim_matching: bool = False
    fungsional_matching: bool = False
    technical_jp_last_year: float = 0.0
    seminar_last_two_years: bool = False
    skp_score: float | None = None
    predicate: str | None = None
    discipline: str | None = "none"


@dataclass(frozen=True, slots=True)
class DimensionScore:
    code: str
    points: float | None  # None: not available
    max_points: float
    rules: tuple[str, ...]  # rule ids applied
    missing: Message | None = None


@dataclass(frozen=True, slots=True)
class IpAsnScore:
    person: str
    unit: str
    dimensions: tuple[DimensionScore, ...]
    total: float | None  # None when a dimension is not available
    category: str | None
    unverified_rules: tuple[str, ...]  # unverified rule ids this score used

    def dimension(self, code: str) -> DimensionScore:
        return next(d for d in self.dimensions if d.code == code)

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "person": self.person, "unit": self.unit, "total": self.total,
            "category": self.category,
            "dimensions": {d.code: {"points": d.points, "max": d.max_points,
                                    "rules": list(d.rules),
                                    "missing": None if d.missing is None else
                                    d.missing.render(lang)} for d in self.dimensions},
            "unverified_rules": list(self.unverified_rules),
        }


def category(total: float, rules: IpAsnRules) -> str:
    """The band of a total, compared at 2 decimals (e.g. 60,004 → 60,00 → Sangat Rendah)."""
    value = Decimal(str(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    bands = rules.rule("category.bands").data["bands"]
    for upper, name in bands:
        if value <= Decimal(str(upper)):
            return str(name)
    return str(bands[-1][1])


def _education(item: IpAsnInput, rules: IpAsnRules) -> DimensionScore:
    rule = rules.rule("kualifikasi.education")
    weight = rules.weights["kualifikasi"]
    if item.education is None or not item.education.strip():
        return DimensionScore("kualifikasi", None, weight, (), Message("ipasn.missing.education"))
    key = item.education.strip().upper()
    key = EDUCATION_ALIASES.get(key, key)
    points = rule.data["points"]
    if key not in points:
        raise IpAsnError(Message("ipasn.education", {"person": item.person,
                                                     "value": item.education}))
    return DimensionScore("kualifikasi", float(points[key]), weight, (rule.id,))


def _competence(item: IpAsnInput, rules: IpAsnRules) -> DimensionScore:
    kind = item.position_kind
    used: list[str] = []
    points = 0.0
    if item.pim_matching and kind == "struktural":
        used.append("kompetensi.pim")
        points += float(rules.rule("kompetensi.pim").data["points"])
    if item.fungsional_matching and kind == "fungsional":
        used.append("kompetensi.fungsional")
        points += float(rules.rule("kompetensi.fungsional").data["points"])
    teknis = rules.rule("kompetensi.teknis_pelaksana" if kind == "pelaksana"
                        else "kompetensi.teknis")
    if item.technical_jp_last_year >= float(teknis.data["min_jp"]):
        used.append(teknis.id)
        points += float(teknis.data["points"][kind])
    if item.seminar_last_two_years:
        seminar = rules.rule("kompetensi.seminar_pelaksana" if kind == "pelaksana"
                             else "kompetensi.seminar")
        used.append(seminar.id)
        points += float(seminar.data["points"][kind])
    cap = float(rules.rule("kompetensi.cap").data["cap"])
    if points > cap:
        used.append("kompetensi.cap")
        points = cap
    return DimensionScore("kompetensi", points, rules.weights["kompetensi"], tuple(used))


def _performance(item: IpAsnInput, rules: IpAsnRules) -> DimensionScore:
    weight = rules.weights["kinerja"]
    if item.skp_score is not None:
        if not 0 <= item.skp_score <= 100:
            raise IpAsnError(Message("ipasn.skp", {"person": item.person,
                                                   "value": item.skp_score}))
        rule = rules.rule("kinerja.skp")
        for upper, points in rule.data["bands"]:
            if item.skp_score <= upper:
                return DimensionScore("kinerja", float(points), weight, (rule.id,))
    if item.predicate is not None:
        rule = rules.rule("kinerja.predikat")
        key = item.predicate.strip().lower().replace(" ", "_")
        if key not in rule.data["points"]:
            raise IpAsnError(Message("ipasn.predicate", {"person": item.person,
                                                         "value": item.predicate}))
        return DimensionScore("kinerja", float(rule.data["points"][key]), weight, (rule.id,))
    return DimensionScore("kinerja", None, weight, (), Message("ipasn.missing.performance"))


def _discipline(item: IpAsnInput, rules: IpAsnRules) -> DimensionScore:
    weight = rules.weights["disiplin"]
    if item.discipline is None:
        return DimensionScore("disiplin", None, weight, (), Message("ipasn.missing.discipline"))
    rule = rules.rule("disiplin.penalty")
    key = item.discipline.strip().lower()
    if key not in rule.data["points"]:
        raise IpAsnError(Message("ipasn.discipline", {"person": item.person,
                                                      "value": item.discipline}))
    return DimensionScore("disiplin", float(rule.data["points"][key]), weight, (rule.id,))


def score(item: IpAsnInput, rules: IpAsnRules | None = None) -> IpAsnScore:
    """The IP ASN of one employee (see the module notes)."""
    rules = rules or load_rules()
    if item.position_kind not in POSITION_KINDS:
        raise IpAsnError(Message("ipasn.position_kind", {"person": item.person,
                                                         "value": item.position_kind}))
    dimensions = (_education(item, rules), _competence(item, rules),
                  _performance(item, rules), _discipline(item, rules))
    complete = all(d.points is not None for d in dimensions)
    total = round(sum(d.points or 0.0 for d in dimensions), 2) if complete else None
    used = {rule for d in dimensions for rule in d.rules}
    if total is not None:
        used.add("category.bands")
    unverified = tuple(sorted(r for r in used if rules.rule(r).unverified))
    return IpAsnScore(item.person, item.unit, dimensions, total,
                      None if total is None else category(total, rules), unverified)


@dataclass(frozen=True, slots=True)
class UnitIpAsn:
    unit: str
    employees: int
    complete: int  # employees with every dimension available
    mean_total: float | None  # over complete employees
    category: str | None  # band of the mean
    mean_by_dimension: Mapping[str, float | None]  # over employees where available
    categories: Mapping[str, int]  # band → employees

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "employees": self.employees, "complete": self.complete,
                "mean_total": self.mean_total, "category": self.category,
                "mean_by_dimension": dict(self.mean_by_dimension),
                "categories": dict(self.categories)}


def by_unit(scores: Iterable[IpAsnScore], rules: IpAsnRules | None = None) -> list[UnitIpAsn]:
    """Per unit: means of the totals and of each dimension, and the count per band."""
    rules = rules or load_rules()
    grouped: dict[str, list[IpAsnScore]] = defaultdict(list)
    for s in scores:
        grouped[s.unit].append(s)
    out = []
    for unit in sorted(grouped):
        items = grouped[unit]
        totals = [s.total for s in items if s.total is not None]
        mean = round(sum(totals) / len(totals), 2) if totals else None
        dims: dict[str, float | None] = {}
        for d in rules.dimensions:
            values = [p for s in items if (p := s.dimension(d.code).points) is not None]
            dims[d.code] = round(sum(values) / len(values), 2) if values else None
        bands = Counter(s.category for s in items if s.category is not None)
        order = [name for _, name in rules.rule("category.bands").data["bands"]]
        out.append(UnitIpAsn(unit, len(items), len(totals), mean,
                             None if mean is None else category(mean, rules), dims,
                             {name: bands.get(name, 0) for name in order}))
    return out


def describe_unverified(rules: Sequence[Rule] | None = None, lang: Lang = "id") -> list[str]:
    """One line per unverified rule, for the report's footnote."""
    items = rules if rules is not None else load_rules().unverified()
    label = "BELUM TERVERIFIKASI" if lang == "id" else "UNVERIFIED"
    return [f"{r.id}: {r.description} ({label}; {r.source})" for r in items]
