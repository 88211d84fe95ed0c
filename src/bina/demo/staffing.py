"""Fill the organisation with people: structural posts, teachers, staff, PPPK; then the
supervisor hierarchy, statuses, contacts and planned career moves. See :mod:`bina.demo.staff`
for the rules and shares.

Supervisors: the holder of a unit's head post supervises the people of that unit; a head reports
to the head of the parent unit (a biro head to an asisten, as data/opd.json says); a vacant head
post passes its people up to the next filled one. The Kepala of each OPD, the asisten and the
staf ahli report to the Sekretaris Daerah, who reports to nobody: the supervisor graph is one
tree per agency, rooted at the Sekda.
"""

from __future__ import annotations

from bina.demo.catalogue import FamilySpec, UnitSpec
from bina.demo.names import contact_details
from bina.demo.staff import (
    EDUCATION_PART_TIME,
    EDUCATION_PELAKSANA_PNS,
    EDUCATION_PELAKSANA_PPPK,
    EDUCATION_POST,
    FEMALE_SHARE_POST,
    FULL_FILL_AT,
    HEALTH_FAMILIES,
    PART_TIME_TMT,
    PPPK_COHORTS,
    PPPK_GRADE,
    SHARE_PNS_TEACHERS,
    Composition,
    Person,
    Planner,
    education_for_family,
    jenjang_for,
    weighted,
)
from bina.demo.structure import PositionSpec, fungsional_code, pelaksana_code

SEKDA_POST = "KA-SETDA"
PPPK_RANKS = {code: rank for rank, code in enumerate(
    ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
     "XV", "XVI", "XVII"), start=1)}
SHARE_DEGREE_STUDY = 0.012
SHARE_LONG_LEAVE = 0.003
SHARE_TARGET = 0.05
ENGAGEMENT = (("low", 0.3), ("mid", 0.42), ("high", 0.28))
PERFORMANCE = (("high", 0.13), ("normal", 0.79), ("low", 0.08))


# ---- structural posts ---------------------------------------------------------------------
def fill_posts(planner: Planner, n: int) -> None:
    """All JPT posts; administrator and pengawas posts in proportion to ``n``."""
    posts = [p for p in planner.structure.positions
             if p.is_structural and p.is_active_on(planner.as_of)]
    fraction = min(1.0, n / FULL_FILL_AT)
    chosen = [p for p in posts if p.tier <= 1]
    for tier in (2, 3):
        group = [p for p in posts if p.tier == tier]
        if group:
            chosen += planner.rng.sample(group, max(1, round(fraction * len(group))))
    for post in sorted(chosen, key=lambda p: (p.tier, p.code)):
        _add_structural(planner, post)


def _degree_families(planner: Planner, unit: UnitSpec) -> list[FamilySpec]:
    """Half of the managers and pelaksana studied what their OPD does, half anything."""
    if not unit.families or planner.rng.random() < 0.5:
        return []
    return [planner.catalogue.families[weighted(planner.rng, unit.families)]]


def _add_structural(planner: Planner, post: PositionSpec) -> None:
    rng = planner.rng
    unit = planner.catalogue.unit(post.unit or "")
    person = planner.add(employment_type="PNS", role="structural", unit=unit,
                         position=post.code)
    school = unit.kind == "sekolah"
    if school:
        person.is_teacher = True
        person.is_school_head = True
        person.sex = "P" if rng.random() < 0.45 else "L"
        person.education = weighted(rng, (("S2", 0.55), ("S1", 0.45)))
        age = round(rng.triangular(42, 59, 52))
    else:
        person.sex = "P" if rng.random() < FEMALE_SHARE_POST[post.position_type] else "L"
        person.education = weighted(rng, EDUCATION_POST[post.position_type])
        age = planner.pns_age(person, post.position_type)
    _pns_demographics(planner, person, age, post.position_type, None)
    families = [planner.catalogue.families["GURU"]] if school else _degree_families(planner, unit)
    planner.name_person(person, families)
    person.nip = planner.nip(person)


def _pns_demographics(planner: Planner, person: Person, age: int, post_type: str | None,
                      family: FamilySpec | None) -> None:
    minimum = {"S3": 30, "S2": 27, "S1": 25, "D4": 25, "D3": 23}.get(person.education, 21)
    if person.employment_type == "PNS":
        age = max(age, minimum + 2)
    person.birth_date = planner.birth_date_for_age(age)
    person.tmt = planner.pns_tmt(person)
    person.grade_scheme = "PNS"
    person.grade_rank = planner.pns_grade(person, post_type, family)


def _pppk_demographics(planner: Planner, person: Person) -> None:
    rng = planner.rng
    if person.is_part_time:
        person.tmt = PART_TIME_TMT
        age = round(rng.triangular(23, 50, 33))
    else:
        cohorts = [(day, float(w)) for day, w in PPPK_COHORTS if day <= planner.as_of]
        person.tmt = weighted(rng, cohorts)
        age = round(rng.triangular(26, 52, 37))
    age = max(age, planner.as_of.year - person.tmt.year + 21)
    person.birth_date = planner.birth_date_for_age(age)
    person.grade_scheme = "PPPK"
    person.grade_rank = PPPK_RANKS[PPPK_GRADE[person.education]]


def _pppk_jenjang(family: FamilySpec, education: str) -> str:
    if education in ("S1", "S2", "S3", "D4") and family.expert:
        return family.expert[0]
    skilled = family.skilled or family.expert
    if education == "SMA" and "pemula" in skilled:
        return "pemula"
    return next((lv for lv in skilled if lv != "pemula"), skilled[0])


# ---- teachers and staff -------------------------------------------------------------------
def add_teacher(planner: Planner, employment_type: str, part_time: bool = False) -> None:
    rng = planner.rng
    school = weighted(rng, planner.schools())
    guru = planner.catalogue.families["GURU"]
    person = planner.add(employment_type=employment_type, role="teacher", unit=school,
                         part_time=part_time)
    person.family = "GURU"
    person.sex = "P" if rng.random() < guru.female else "L"
    if employment_type == "PPPK":
        person.education = weighted(rng, (("S1", 0.95), ("S2", 0.05)))
        _pppk_demographics(planner, person)
        level = "ahli_pertama"
    else:
        person.education = weighted(rng, (("S1", 0.86), ("S2", 0.14)))
        _pns_demographics(planner, person, planner.pns_age(person, None), None, guru)
        level = jenjang_for(guru, person.education, person.grade_rank)
    person.position = fungsional_code("GURU", level)
    planner.name_person(person, [guru], special_school=school.name.startswith("SLB"))
    person.nip = planner.nip(person)


def _staff_family(planner: Planner, unit: UnitSpec, health: bool) -> FamilySpec | None:
    options = [(code, w) for code, w in unit.families
               if not health or code in HEALTH_FAMILIES]
    if health and not options:
        options = [("PRW", 1.0)]
    if not options:
        return None
    return planner.catalogue.families[weighted(planner.rng, options)]


def add_staff(planner: Planner, employment_type: str, *, part_time: bool = False,
              health: bool = False, fungsional_share: float | None = None) -> None:
    """A non-teacher: fungsional or pelaksana in a unit chosen by the OPD/unit weights."""
    rng = planner.rng
    scope = frozenset({"RSUD", "DINKES"}) if health else None
    unit = weighted(rng, planner.staff_units(scope))
    share = unit.fungsional_share if fungsional_share is None else fungsional_share
    family = _staff_family(planner, unit, health) if rng.random() < share else None
    person = planner.add(employment_type=employment_type,
                         role="fungsional" if family else "pelaksana", unit=unit,
                         part_time=part_time)
    pppk = employment_type == "PPPK"
    if family is not None:
        person.family = family.code
        person.sex = "P" if rng.random() < family.female else "L"
        education = education_for_family(rng, family)
        if pppk:
            education = {"S3": "S1", "S2": "S1", "SMA": "D3"}.get(education, education)
        person.education = education
    else:
        person.sex = "P" if rng.random() < 0.5 else "L"
        mix = (EDUCATION_PART_TIME if part_time else EDUCATION_PELAKSANA_PPPK if pppk
               else EDUCATION_PELAKSANA_PNS)
        person.education = weighted(rng, mix)
    if pppk:
        _pppk_demographics(planner, person)
    else:
        _pns_demographics(planner, person, planner.pns_age(person, None), None, family)
    person.position = _staff_position(planner, person, family)
    planner.name_person(person, [family] if family else _degree_families(planner, unit))
    person.nip = planner.nip(person)


def _staff_position(planner: Planner, person: Person, family: FamilySpec | None) -> str:
    if family is not None:
        if person.grade_scheme == "PPPK":
            return fungsional_code(family.code, _pppk_jenjang(family, person.education))
        return fungsional_code(family.code,
                               jenjang_for(family, person.education, person.grade_rank))
    options = [(p.code, p.weight) for p in planner.catalogue.pelaksana
               if person.education in p.education]
    return pelaksana_code(weighted(planner.rng, options))


def add_pns(planner: Planner, counts: Composition, n: int) -> None:
    structural = len(planner.people)
    school_heads = sum(1 for p in planner.people if p.is_school_head)
    teachers = max(0, round(n * SHARE_PNS_TEACHERS) - school_heads)
    teachers = min(teachers, max(0, counts.pns - structural))
    for _ in range(teachers):
        add_teacher(planner, "PNS")
    for _ in range(max(0, counts.pns - structural - teachers)):
        add_staff(planner, "PNS")
    for _ in range(counts.cpns):
        add_staff(planner, "CPNS")


def add_pppk(planner: Planner, counts: Composition) -> None:
    """Full-time PPPK: 85% guru, 10% tenaga kesehatan, the rest teknis. Paruh waktu: 20% guru,
    10% kesehatan, 70% teknis (shares: ASSUMPTION from the kabupaten data in gorontalo.md A1)."""
    for total, part_time, shares in ((counts.pppk_full, False, (0.85, 0.10)),
                                     (counts.pppk_part_time, True, (0.20, 0.10))):
        guru, health = round(total * shares[0]), round(total * shares[1])
        for _ in range(guru):
            add_teacher(planner, "PPPK", part_time)
        for _ in range(health):
            add_staff(planner, "PPPK", part_time=part_time, health=True, fungsional_share=1.0)
        for _ in range(total - guru - health):
            add_staff(planner, "PPPK", part_time=part_time,
                      fungsional_share=0.0 if part_time else 0.4)


# ---- hierarchy, statuses, contacts, targets ---------------------------------------------
def assign_supervisors(planner: Planner) -> None:
    catalogue, structure = planner.catalogue, planner.structure
    holder = {p.position: p.idx for p in planner.people if p.role == "structural"}
    sekda = holder.get(SEKDA_POST)

    def climb(unit_code: str | None, me: int) -> int | None:
        while unit_code is not None:
            head = holder.get(structure.head_post[unit_code])
            if head is not None and head != me:
                return head
            unit_code = catalogue.unit(unit_code).parent
        return sekda if sekda != me else None

    for person in planner.people:
        if person.role != "structural":
            person.supervisor = climb(person.unit, person.idx)
            continue
        if person.position == SEKDA_POST:
            continue
        post = structure.by_code[person.position]
        unit = catalogue.unit(post.unit or "")
        if not post.code.startswith("KA-"):  # asisten, staf ahli
            person.supervisor = climb(unit.code, person.idx)
        elif unit.reports_to and holder.get(unit.reports_to) is not None:
            person.supervisor = holder[unit.reports_to]
        else:
            person.supervisor = climb(unit.parent, person.idx)


def assign_statuses(planner: Planner, counts: Composition) -> None:
    """About 1.2% of PNS on tugas belajar (young S1 holders) and 0.3% on CLTN."""
    rng, as_of = planner.rng, planner.as_of
    staff = [p for p in planner.people if p.employment_type == "PNS" and p.role != "structural"]
    young = [p for p in staff if p.education in ("S1", "D4") and p.age_on(as_of) <= 40]
    for person in rng.sample(young, min(len(young), round(SHARE_DEGREE_STUDY * counts.pns))):
        person.status = "tugas_belajar"
    rest = [p for p in staff if p.status == "aktif"]
    for person in rng.sample(rest, min(len(rest), round(SHARE_LONG_LEAVE * counts.pns))):
        person.status = "cltn"


def finish(planner: Planner, n: int) -> None:
    rng = planner.rng
    for person in planner.people:
        person.email, person.phone = contact_details(rng, person.name, planner.emails)
        person.engagement = weighted(rng, ENGAGEMENT)
        person.performance = weighted(rng, PERFORMANCE)
    eligible = [p for p in planner.people
                if p.employment_type == "PNS" and p.status == "aktif"
                and p.age_on(planner.as_of) <= 52
                and not planner.structure.by_code[p.position].position_type.startswith("jpt")]
    wanted = round(SHARE_TARGET * n)
    for person in rng.sample(eligible, len(eligible)):
        if wanted == 0:
            break
        target = _target(planner, person)
        if target is not None:
            person.target_position, person.target_note = target
            wanted -= 1


def _posts(planner: Planner, position_type: str, opd: str | None = None) -> list[PositionSpec]:
    return [p for p in planner.structure.positions
            if p.position_type == position_type and p.is_active_on(planner.as_of)
            and p.code.startswith("KA-")
            and (opd is None or planner.catalogue.unit(p.unit or "").opd == opd)]


def _next_jenjang(planner: Planner, person: Person) -> PositionSpec | None:
    position = planner.structure.by_code[person.position]
    family = planner.catalogue.families.get(position.family or "")
    if family is None or position.functional_level not in family.levels:
        return None
    index = family.levels.index(position.functional_level)
    if index + 1 >= len(family.levels) or family.levels[index + 1] == "ahli_pertama":
        return None  # from penyelia to ahli needs a new diploma, not a promotion
    return planner.structure.by_code[fungsional_code(family.code, family.levels[index + 1])]


def _target(planner: Planner, person: Person) -> tuple[str, str] | None:
    rng = planner.rng
    position = planner.structure.by_code[person.position]
    opd = planner.catalogue.unit(person.unit).opd
    if position.position_type == "pengawas" and not person.is_school_head:
        options = _posts(planner, "administrator", opd) or _posts(planner, "administrator")
        note = "Promosi ke {}"
    elif position.position_type == "pengawas":
        options, note = _posts(planner, "administrator", "DIKBUD"), "Promosi ke {}"
    elif position.position_type == "administrator":
        options = [p for p in _posts(planner, "jpt_pratama")
                   if planner.catalogue.unit(p.unit or "").depth == 0]
        note = "Calon peserta seleksi terbuka JPT Pratama: {}"
    elif person.is_teacher and person.grade_rank >= 12:
        options = [p for p in _posts(planner, "pengawas")
                   if planner.catalogue.unit(p.unit or "").kind == "sekolah"
                   and p.unit != person.unit]
        note = "Calon {}"
    else:
        upward = _next_jenjang(planner, person)
        if upward is not None:
            return upward.code, f"Kenaikan jenjang menjadi {upward.name}"
        if person.education not in ("D3", "D4", "S1", "S2", "S3") or person.grade_rank < 10:
            return None  # a pengawas post needs at least D3 and III/b
        options, note = _posts(planner, "pengawas", opd), "Promosi ke {}"
    options = [p for p in options if p.code != person.position]
    if not options:
        return None
    chosen = rng.choice(options)
    return chosen.code, note.format(chosen.name)


def plan_people(planner: Planner, counts: Composition, n: int) -> list[Person]:
    fill_posts(planner, n)
    add_pns(planner, counts, n)
    add_pppk(planner, counts)
    assign_supervisors(planner)
    assign_statuses(planner, counts)
    finish(planner, n)
    return planner.people
