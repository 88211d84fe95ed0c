"""The demo's data files (``demo/data/*.json``) as typed, validated values.

Nothing here touches the database or draws random numbers: the catalogue is the same for every
seed. The OPD file is flattened into one :class:`UnitSpec` per unit with a stable code:

- OPD: its own code (``DINKES``);
- sekretariat ``DINKES-SEK``, its subbagian ``DINKES-SEK-1``…;
- bidang/bagian/biro ``DINKES-B1``…, their seksi/subbidang ``DINKES-B1-1``…;
- UPT ``DINKES-U1``…, their subbagian ``DINKES-U1-1``…;
- schools (under Dinas Pendidikan dan Kebudayaan) ``DIKBUD-S01``…
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
EPOCH = dt.date(2017, 1, 1)  # Perda 11/2016: the structure the history starts from

DEFAULT_SECRETARIAT = ("Subbagian Umum dan Kepegawaian", "Subbagian Perencanaan dan Keuangan")
DEFAULT_HEAD_TYPE = {
    "opd": "jpt_pratama",
    "rumah_sakit": "jpt_pratama",
    "biro": "jpt_pratama",
    "sekretariat": "administrator",
    "bidang": "administrator",
    "subbidang": "pengawas",
    "upt": "pengawas",
    "sekolah": "pengawas",
}
# Share of an OPD's staff sitting in a unit of this kind (before the unit's own weight).
STAFF_WEIGHT = {
    "opd": 0.3, "rumah_sakit": 0.3, "biro": 0.3, "sekretariat": 0.7, "bidang": 0.7,
    "subbidang": 0.45, "upt": 1.0, "sekolah": 1.0,
}


class CatalogueError(ValueError):
    """A data file contradicts itself (a mapping to a unit that does not exist…)."""


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    opd: str
    depth: int
    valid_from: dt.date
    valid_to: dt.date | None
    successor: str | None
    legal_basis: str
    is_public_service: bool
    head_title: str
    head_type: str
    reports_to: str | None  # code of an extra post of the OPD (biro → asisten)
    staff_weight: float
    families: tuple[tuple[str, float], ...]
    fungsional_share: float
    tech: tuple[str, ...]
    verified: bool

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class ExtraPost:
    code: str
    name: str
    position_type: str
    opd: str


@dataclass(frozen=True)
class OpdSpec:
    code: str
    name: str
    weight: float
    valid_from: dt.date
    valid_to: dt.date | None
    extra_posts: tuple[ExtraPost, ...]


@dataclass(frozen=True)
class Degree:
    back: str
    major: str
    front: str = ""


@dataclass(frozen=True)
class FamilySpec:
    code: str
    name: str
    levels: tuple[str, ...]  # FunctionalLevel values, lowest first
    is_teacher: bool
    female: float
    tech: tuple[str, ...]
    d3: tuple[Degree, ...]
    s1: tuple[Degree, ...]
    s2: tuple[Degree, ...]
    s1_special: tuple[Degree, ...]  # SLB teachers

    @property
    def skilled(self) -> tuple[str, ...]:
        return tuple(lv for lv in self.levels if not lv.startswith("ahli"))

    @property
    def expert(self) -> tuple[str, ...]:
        return tuple(lv for lv in self.levels if lv.startswith("ahli"))


@dataclass(frozen=True)
class PelaksanaSpec:
    code: str
    name: str
    education: tuple[str, ...]
    weight: float
    tech: tuple[str, ...]


@dataclass(frozen=True)
class TechSpec:
    code: str
    name: str
    description: str
    levels: tuple[str, str, str, str, str]


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    kind: str
    city: str
    website: str
    is_accredited: bool
    notes: str
    certificate: str
    until: int | None
    since: int | None


@dataclass(frozen=True)
class ActivitySpec:
    title: str
    path: str
    jp: dict[str, Any]
    providers: tuple[str, ...]
    audience: str
    weight: float
    certificate: float
    title_family: bool


@dataclass(frozen=True)
class Names:
    family: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]
    male_second: tuple[str, ...]
    female_second: tuple[str, ...]
    male_prefix: tuple[str, ...]
    female_prefix: tuple[str, ...]


@dataclass(frozen=True)
class GeneralDegrees:
    by_level: dict[str, tuple[Degree, ...]]  # "s1", "s2", "d3", "d4", "d1", "d2"
    s3_majors: tuple[str, ...]
    school: dict[str, tuple[str, ...]]  # "SMA", "SMP", "SD" → majors


@dataclass(frozen=True)
class Catalogue:
    reorganisation: dt.date
    old_basis: str
    new_basis: str
    opds: tuple[OpdSpec, ...]
    units: tuple[UnitSpec, ...]
    families: dict[str, FamilySpec]
    pelaksana: tuple[PelaksanaSpec, ...]
    technical: tuple[TechSpec, ...]
    organisations: tuple[OrganisationSpec, ...]
    activities: tuple[ActivitySpec, ...]
    names: Names
    degrees: GeneralDegrees

    unit_by_code: dict[str, UnitSpec]

    def unit(self, code: str) -> UnitSpec:
        return self.unit_by_code[code]


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return data


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _degrees(rows: list[list[str]] | None) -> tuple[Degree, ...]:
    return tuple(Degree(*row) for row in rows or [])


def _families(raw: dict[str, float] | None) -> tuple[tuple[str, float], ...]:
    return tuple((code, float(w)) for code, w in (raw or {}).items())


@dataclass
class _OpdContext:
    code: str
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    basis: str
    verified: bool
    families: tuple[tuple[str, float], ...]
    fungsional_share: float
    tech: tuple[str, ...]
    public_service: bool


def _unit(ctx: _OpdContext, node: dict[str, Any], *, code: str, parent: str | None,
          depth: int, kind: str, head: str, successor: str | None) -> UnitSpec:
    own = _families(node.get("families"))
    merged = dict(ctx.families)
    merged.update({k: w for k, w in own})
    return UnitSpec(
        code=code,
        name=node["name"],
        short_name=node.get("short", ""),
        kind=kind,
        parent=parent,
        opd=ctx.code,
        depth=depth,
        valid_from=ctx.valid_from,
        valid_to=ctx.valid_to,
        successor=node.get("to", successor),
        legal_basis=ctx.basis,
        is_public_service=bool(node.get("public_service", False)),
        head_title=node.get("head", head),
        head_type=node.get("head_type", DEFAULT_HEAD_TYPE[kind]),
        reports_to=(f"{ctx.code}-{node['reports_to']}" if node.get("reports_to") else None),
        staff_weight=STAFF_WEIGHT[kind] * float(node.get("weight", 1.0)),
        families=tuple(merged.items()),
        fungsional_share=ctx.fungsional_share,
        tech=ctx.tech,
        verified=ctx.verified,
    )


def _subtree(ctx: _OpdContext, node: dict[str, Any], *, code: str, parent: str, depth: int,
             kind: str) -> list[UnitSpec]:
    head = f"Kepala {node['name']}"
    units = [_unit(ctx, node, code=code, parent=parent, depth=depth, kind=kind, head=head,
                   successor=None)]
    child_kind = "bidang" if kind == "biro" else "subbidang"
    for j, child in enumerate(node.get("sections", []), start=1):
        child_node = {"name": child} if isinstance(child, str) else child
        units += _subtree(ctx, child_node, code=f"{code}-{j}", parent=code, depth=depth + 1,
                          kind=child_node.get("kind", child_kind))
    return units


def _opd_units(item: dict[str, Any], basis: str, new_basis: str, schools: list[list[Any]],
               reorg: dt.date) -> list[UnitSpec]:
    valid_from = _date(item.get("valid_from")) or EPOCH
    ctx = _OpdContext(
        code=item["code"], name=item["name"], valid_from=valid_from,
        valid_to=_date(item.get("valid_to")),
        basis=new_basis if valid_from >= reorg else basis,
        verified=bool(item["verified"]), families=_families(item.get("families")),
        fungsional_share=float(item["fungsional_share"]), tech=tuple(item["tech"]),
        public_service=bool(item.get("public_service", False)),
    )
    code = ctx.code
    kind = item.get("kind", "opd")
    root_node = {**item, "public_service": ctx.public_service}
    root_node.pop("families", None)
    root_node.pop("weight", None)
    units = [_unit(ctx, root_node, code=code, parent=None, depth=0, kind=kind,
                   head=item.get("head", f"Kepala {item['name']}"),
                   successor=item.get("successor"))]
    secretariat = item.get("secretariat", list(DEFAULT_SECRETARIAT))
    if secretariat is not None:
        node: dict[str, Any] = {"name": "Sekretariat", "sections": secretariat,
                                "head": f"Sekretaris {item['name']}"}
        if item.get("successor"):
            node["to"] = f"{item['successor']}-SEK"
        units += _subtree(ctx, node, code=f"{code}-SEK", parent=code, depth=1, kind="sekretariat")
    for i, division in enumerate(item.get("divisions", []), start=1):
        units += _subtree(ctx, division, code=f"{code}-B{i}", parent=code, depth=1,
                          kind=division.get("kind", "bidang"))
    for i, upt in enumerate(item.get("upt", []), start=1):
        units += _subtree(ctx, upt, code=f"{code}-U{i}", parent=code, depth=1, kind="upt")
    if item.get("has_schools"):
        for i, (name, weight) in enumerate(schools, start=1):
            units.append(_unit(ctx, {"name": name, "weight": weight}, code=f"{code}-S{i:02d}",
                               parent=code, depth=1, kind="sekolah", head=f"Kepala {name}",
                               successor=None))
    return units


def _link_sections(units: list[UnitSpec]) -> list[UnitSpec]:
    """An old seksi/subbidang whose bidang moved to a new bidang moves to the new bidang's
    section of the same name, when there is one."""
    by_code = {u.code: u for u in units}
    children: dict[str, list[UnitSpec]] = {}
    for u in units:
        if u.parent:
            children.setdefault(u.parent, []).append(u)
    linked = []
    for u in units:
        parent = by_code[u.parent] if u.parent else None
        if u.successor is None and parent is not None and parent.successor and u.valid_to:
            same = [c for c in children.get(parent.successor, []) if c.name == u.name]
            if same:
                u = replace(u, successor=same[0].code)
        linked.append(u)
    return linked


def _validate(units: list[UnitSpec], families: dict[str, FamilySpec],
              technical: tuple[TechSpec, ...]) -> None:
    codes = {u.code for u in units}
    if len(codes) != len(units):
        raise CatalogueError("duplicate unit codes in opd.json")
    tech_codes = {t.code for t in technical}
    for u in units:
        if u.successor and u.successor not in codes:
            raise CatalogueError(f"{u.code}: successor {u.successor} is not a unit")
        if u.successor and u.valid_to is None:
            raise CatalogueError(f"{u.code}: a unit with a successor must close")
        for code, _ in u.families:
            if code not in families:
                raise CatalogueError(f"{u.code}: unknown family {code}")
        for code in u.tech:
            if code not in tech_codes:
                raise CatalogueError(f"{u.code}: unknown technical competency {code}")
        if len(u.code) > 30:
            raise CatalogueError(f"{u.code}: code longer than 30 characters")
    for family in families.values():
        for code in family.tech:
            if code not in tech_codes:
                raise CatalogueError(f"{family.code}: unknown technical competency {code}")


LEVEL_SETS = {
    "P": ("pemula",),
    "K": ("terampil", "mahir", "penyelia"),
    "A": ("ahli_pertama", "ahli_muda", "ahli_madya"),
    "U": ("ahli_utama",),
}


def _levels(spec: str) -> tuple[str, ...]:
    out: list[str] = []
    for letter in "PKAU":
        if letter in spec:
            out += LEVEL_SETS[letter]
    return tuple(out)


def _load_families(data: dict[str, Any]) -> dict[str, FamilySpec]:
    return {
        f["code"]: FamilySpec(
            code=f["code"], name=f["name"], levels=_levels(f["levels"]),
            is_teacher=bool(f.get("teacher", False)), female=float(f["female"]),
            tech=tuple(f["tech"]), d3=_degrees(f.get("d3")), s1=_degrees(f.get("s1")),
            s2=_degrees(f.get("s2")), s1_special=_degrees(f.get("s1_slb")),
        )
        for f in data["families"]
    }


def _load_technical() -> tuple[TechSpec, ...]:
    data = _read("technical_competencies.json")
    template: list[str] = data["level_template"]
    out = []
    for item in data["competencies"]:
        texts = item.get("levels") or [t.format(object=item["object"]) for t in template]
        if len(texts) != 5:
            raise CatalogueError(f"{item['code']}: five level descriptions are needed")
        out.append(TechSpec(item["code"], item["name"], item["description"],
                            (texts[0], texts[1], texts[2], texts[3], texts[4])))
    return tuple(out)


def _load_organisations() -> tuple[OrganisationSpec, ...]:
    return tuple(
        OrganisationSpec(
            key=o["key"], name=o["name"], kind=o["kind"], city=o.get("city", ""),
            website=o.get("website", ""), is_accredited=bool(o.get("accredited", False)),
            notes=o.get("notes", ""), certificate=o.get("cert", ""),
            until=o.get("until"), since=o.get("since"),
        )
        for o in _read("organisations.json")["organisations"]
    )


def _load_activities() -> tuple[ActivitySpec, ...]:
    return tuple(
        ActivitySpec(
            title=a["title"], path=a["path"], jp=dict(a["jp"]), providers=tuple(a["providers"]),
            audience=a["audience"], weight=float(a["weight"]),
            certificate=float(a["certificate"]), title_family=bool(a.get("title_family", False)),
        )
        for a in _read("development.json")["activities"]
    )


def _load_names() -> Names:
    n = _read("names.json")
    return Names(
        family=tuple(n["family"]), male=tuple(n["male"]), female=tuple(n["female"]),
        male_second=tuple(n["male_second"]), female_second=tuple(n["female_second"]),
        male_prefix=tuple(n["male_prefix"]), female_prefix=tuple(n["female_prefix"]),
    )


def _load_degrees(data: dict[str, Any]) -> GeneralDegrees:
    g = data["general_degrees"]
    return GeneralDegrees(
        by_level={key: _degrees(g[key]) for key in ("s1", "s2", "d1", "d2", "d3", "d4")},
        s3_majors=tuple(row[0] for row in g["s3"]),
        school={"SMA": tuple(g["sma"]), "SMP": tuple(g["smp"]), "SD": tuple(g["sd"])},
    )


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    opd_data = _read("opd.json")
    reorg = opd_data["reorganisation"]
    reorg_date = dt.date.fromisoformat(reorg["date"])
    units: list[UnitSpec] = []
    opds = []
    for item in opd_data["opd"]:
        units += _opd_units(item, reorg["old_basis"], reorg["new_basis"], opd_data["schools"],
                            reorg_date)
        opds.append(OpdSpec(
            code=item["code"], name=item["name"], weight=float(item["weight"]),
            valid_from=_date(item.get("valid_from")) or EPOCH,
            valid_to=_date(item.get("valid_to")),
            extra_posts=tuple(ExtraPost(f"{item['code']}-{p['code']}", p["name"], p["type"],
                                        item["code"]) for p in item.get("extra_posts", [])),
        ))
    units = _link_sections(units)
    positions = _read("positions.json")
    families = _load_families(positions)
    technical = _load_technical()
    _validate(units, families, technical)
    return Catalogue(
        reorganisation=reorg_date,
        old_basis=reorg["old_basis"],
        new_basis=reorg["new_basis"],
        opds=tuple(opds),
        units=tuple(units),
        unit_by_code={u.code: u for u in units},
        families=families,
        pelaksana=tuple(
            PelaksanaSpec(p["code"], p["name"], tuple(p["education"]), float(p["weight"]),
                          tuple(p["tech"]))
            for p in positions["pelaksana"]
        ),
        technical=technical,
        organisations=_load_organisations(),
        activities=_load_activities(),
        names=_load_names(),
        degrees=_load_degrees(positions),
    )
