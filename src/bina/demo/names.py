"""Names, academic titles and contact details for demo employees.

Names combine common Gorontalo family names with Indonesian/Muslim given names (data/names.json).
Titles follow the employee's education and job family: a nurse with S1 is "Ns. …, S.Kep.", a
specialist doctor "dr. …, Sp.PD", an S3 holder "Dr. …, S.E., M.Si.", and some older S1 holders
carry the pre-1993 "Drs."/"Dra." instead of a back title.

E-mail addresses use the reserved ``.example`` top-level domain (RFC 2606) so that a demo can
never mail a real person.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from bina.demo.catalogue import Catalogue, Degree, FamilySpec

EMAIL_DOMAIN = "gorontaloprov.example"
PHONE_PREFIXES = ("0811", "0812", "0813", "0821", "0822", "0852", "0853", "0857", "0878", "0895")
OLD_DEGREE_BACKS = frozenset({"S.Sos.", "S.IP.", "S.E.", "S.Pd.", "S.H."})
# Master's degrees that follow a bachelor's degree of the same field (general lists only).
MASTER_AFTER = {
    "S.E.": ("M.M.", "M.E.", "M.Ak.", "M.Si."), "S.Ak.": ("M.Ak.", "M.M."),
    "S.M.": ("M.M.",), "S.Sos.": ("M.Si.", "M.AP."), "S.IP.": ("M.Si.", "M.AP."),
    "S.AP.": ("M.AP.", "M.Si."), "S.I.Kom.": ("M.Si.", "M.I.Kom."), "S.H.": ("M.H.",),
    "S.Kom.": ("M.Kom.", "M.M."), "S.T.": ("M.T.", "M.M."), "S.Pd.": ("M.Pd.",),
    "S.Pd.I.": ("M.Pd.",), "S.KM.": ("M.Kes.",), "S.P.": ("M.Si.", "M.P.", "M.M."),
    "": ("M.Si.", "M.M.", "M.AP.", "M.Pd."),
}


@dataclass(frozen=True)
class Titles:
    front: str
    back: str
    major: str


def person_name(rng: random.Random, catalogue: Catalogue, sex: str) -> str:
    names = catalogue.names
    family = rng.choice(names.family)
    roll = rng.random()
    if sex == "L":
        given = rng.choice(names.male)
        if roll < 0.22 and not given.startswith("Abdul"):
            return f"{rng.choice(names.male_prefix)} {given} {family}"
        if roll < 0.45:
            return f"{given} {rng.choice(names.male_second)} {family}"
        return f"{given} {family}"
    given = rng.choice(names.female)
    prefix = rng.choice(names.female_prefix)
    if roll < 0.2 and prefix != given:
        return f"{prefix} {given} {family}"
    if roll < 0.4:
        return f"{given} {rng.choice(names.female_second)} {family}"
    return f"{given} {family}"


def _degree_pool(catalogue: Catalogue, level: str, families: Sequence[FamilySpec],
                 special: bool) -> tuple[Degree, ...]:
    """Degrees of ``level`` (``d3``, ``s1``, ``s2``) from the job families, else general."""
    pool: list[Degree] = []
    for family in families:
        if special and family.s1_special and level == "s1":
            return family.s1_special
        pool += getattr(family, level)
    return tuple(pool) or catalogue.degrees.by_level.get(level, ())


def titles_for(rng: random.Random, catalogue: Catalogue, *, education: str,
               families: Sequence[FamilySpec], sex: str, birth_year: int,
               special_school: bool = False) -> Titles:
    """Titles and major consistent with ``education``; ``families`` are the job families whose
    degrees fit (empty: the general degree lists)."""
    general = catalogue.degrees
    if education in ("SD", "SMP", "SMA"):
        return Titles("", "", rng.choice(general.school[education]))
    if education in ("D1", "D2", "D4"):
        degree = rng.choice(general.by_level[education.lower()])
        return Titles("", degree.back, degree.major)
    if education == "D3":
        degree = rng.choice(_degree_pool(catalogue, "d3", families, special_school))
        return Titles("", degree.back, degree.major)
    s1 = rng.choice(_degree_pool(catalogue, "s1", families, special_school))
    front, s1_back = s1.front, s1.back
    if (not front and birth_year <= 1967 and s1_back in OLD_DEGREE_BACKS
            and rng.random() < 0.4):
        front, s1_back = ("Drs." if sex == "L" else "Dra."), ""
    if education == "S1":
        return Titles(front, s1_back, s1.major)
    pool = _degree_pool(catalogue, "s2", families, False)
    fitting = [d for d in pool if d.back in MASTER_AFTER.get(s1_back, ())]
    s2 = rng.choice(fitting or pool)
    back = ", ".join(part for part in (s1_back, s2.back) if part)
    if education == "S2" or front:  # a doctor's S3 is rare: keep dr.
        return Titles(front, back, s2.major)
    return Titles("Dr.", back, rng.choice(general.s3_majors))


def _local_part(name: str) -> str:
    words = [w.strip(".").lower() for w in name.split() if w.strip(".")]
    words = [w for w in words if w not in {"moh", "muh", "mohamad", "abdul", "sri", "siti",
                                           "nur", "sitti"}] or words
    first, last = words[0], words[-1]
    return f"{first}.{last}" if first != last else first


def contact_details(rng: random.Random, name: str, taken: set[str]) -> tuple[str, str]:
    """(email, phone): about 30% have an e-mail address, about 70% a phone number."""
    email = ""
    if rng.random() < 0.3:
        local = _local_part(name)
        candidate, n = f"{local}@{EMAIL_DOMAIN}", 1
        while candidate in taken:
            n += 1
            candidate = f"{local}{n}@{EMAIL_DOMAIN}"
        taken.add(candidate)
        email = candidate
    phone = ""
    if rng.random() < 0.7:
        phone = rng.choice(PHONE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8))
    return email, phone
