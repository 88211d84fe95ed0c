"""Write a planned demo into the database with bulk inserts (no per-row queries).

Units are inserted level by level (parents first) and then given the materialised ``path`` and
``depth`` that :func:`bina.org.services.unit_create` would have set; employees are inserted in
supervisor order (the Sekda first) so that every supervisor already has its id.
"""

from __future__ import annotations

from collections.abc import Sequence

from bina.demo.catalogue import Catalogue
from bina.demo.history import PlacementDraft
from bina.demo.records import DevelopmentDraft, PerformanceDraft
from bina.demo.staff import Person
from bina.demo.structure import Structure
from bina.demo.wipe import DEMO_MARKER
from bina.org.models import Agency, CompetencyRequirement, Organisation, Position, Unit
from bina.people.models import DevelopmentRecord, Employee, PerformanceRecord, Placement
from bina.reference import models as reference_models
from bina.reference.loader import load_reference_data
from bina.reference.models import (
    Competency,
    CompetencyKind,
    CompetencyLevel,
    DevelopmentPath,
    EducationLevel,
    Grade,
)

BATCH = 2000


def ensure_reference_data() -> None:
    """The data migration fills these tables; a flushed test database may have lost them."""
    if not Grade.objects.exists() or not Competency.objects.filter(agency=None).exists():
        load_reference_data(reference_models)


def write_competencies(agency: Agency, catalogue: Catalogue) -> dict[str, Competency]:
    technical = Competency.objects.bulk_create(
        Competency(code=t.code, name=t.name, kind=CompetencyKind.TECHNICAL,
                   description=t.description, agency=agency)
        for t in catalogue.technical
    )
    CompetencyLevel.objects.bulk_create(
        CompetencyLevel(competency=competency, level=level, description=text)
        for competency, spec in zip(technical, catalogue.technical, strict=True)
        for level, text in enumerate(spec.levels, start=1)
    )
    national = {c.code: c for c in Competency.objects.filter(agency=None)}
    return {**national, **{c.code: c for c in technical}}


def write_organisations(agency: Agency, catalogue: Catalogue) -> dict[str, Organisation]:
    rows = []
    for spec in catalogue.organisations:
        notes = spec.notes
        if spec.kind == "instansi_sendiri":
            notes = f"{notes} {DEMO_MARKER}".strip()
        rows.append(Organisation(
            agency=agency, name=spec.name, kind=spec.kind, city=spec.city, website=spec.website,
            is_accredited=spec.is_accredited, notes=notes,
        ))
    created = Organisation.objects.bulk_create(rows)
    return {spec.key: org for spec, org in zip(catalogue.organisations, created, strict=True)}


def write_units(agency: Agency, catalogue: Catalogue) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for depth in sorted({u.depth for u in catalogue.units}):
        level = [u for u in catalogue.units if u.depth == depth]
        created = Unit.objects.bulk_create(
            Unit(agency=agency, parent=units[u.parent] if u.parent else None, code=u.code,
                 name=u.name, short_name=u.short_name, kind=u.kind,
                 is_public_service=u.is_public_service, valid_from=u.valid_from,
                 valid_to=u.valid_to, legal_basis=u.legal_basis)
            for u in level
        )
        for spec, unit in zip(level, created, strict=True):
            parent = units[spec.parent] if spec.parent else None
            unit.path = f"{parent.path}{unit.pk}/" if parent else f"/{unit.pk}/"
            unit.depth = depth
            units[spec.code] = unit
    for spec in catalogue.units:
        if spec.successor:
            units[spec.code].successor = units[spec.successor]
    Unit.objects.bulk_update(list(units.values()), ["path", "depth", "successor"], batch_size=BATCH)
    return units


def write_positions(agency: Agency, structure: Structure, units: dict[str, Unit],
                    competencies: dict[str, Competency]) -> dict[str, Position]:
    created = Position.objects.bulk_create(
        Position(agency=agency, code=p.code, name=p.name, position_type=p.position_type,
                 functional_level=p.functional_level, unit=units[p.unit] if p.unit else None,
                 valid_from=p.valid_from, valid_to=p.valid_to)
        for p in structure.positions
    )
    positions = {p.code: p for p in created}
    CompetencyRequirement.objects.bulk_create(
        (CompetencyRequirement(position=positions[code], competency=competencies[comp],
                               required_level=level)
         for code, standard in structure.standards.items() for comp, level in standard),
        batch_size=BATCH,
    )
    return positions


def _supervisor_depths(people: Sequence[Person]) -> list[int]:
    depth: dict[int, int] = {}
    for person in people:
        chain, current = [], person
        while current.idx not in depth and current.supervisor is not None:
            chain.append(current.idx)
            current = people[current.supervisor]
        base = depth.get(current.idx, 0)
        depth.setdefault(current.idx, base)
        for offset, idx in enumerate(reversed(chain), start=1):
            depth[idx] = base + offset
    return [depth[p.idx] for p in people]


def write_employees(agency: Agency, people: Sequence[Person], units: dict[str, Unit],
                    positions: dict[str, Position]) -> list[Employee]:
    grades = {(g.scheme, g.rank): g for g in Grade.objects.all()}
    education = {e.code: e for e in EducationLevel.objects.all()}
    employees = [
        Employee(
            agency=agency, nip=p.nip, name=p.name, front_title=p.front_title,
            back_title=p.back_title, employment_type=p.employment_type,
            is_part_time=p.is_part_time, sex=p.sex, birth_date=p.birth_date,
            grade=grades[(p.grade_scheme, p.grade_rank)], education=education[p.education],
            education_major=p.education_major, unit=units[p.unit],
            position=positions[p.position], is_teacher=p.is_teacher, status=p.status,
            email=p.email, phone=p.phone,
            target_position=positions[p.target_position] if p.target_position else None,
            target_note=p.target_note,
        )
        for p in people
    ]
    depths = _supervisor_depths(people)
    for level in sorted(set(depths)):
        batch = [p for p in people if depths[p.idx] == level]
        for person in batch:
            if person.supervisor is not None:
                employees[person.idx].supervisor = employees[person.supervisor]
        Employee.objects.bulk_create([employees[p.idx] for p in batch], batch_size=BATCH)
    return employees


def write_history(employees: list[Employee], units: dict[str, Unit],
                  positions: dict[str, Position], organisations: dict[str, Organisation],
                  placements: Sequence[PlacementDraft], development: Sequence[DevelopmentDraft],
                  performance: Sequence[PerformanceDraft]) -> None:
    Placement.objects.bulk_create(
        (Placement(employee=employees[d.person], unit=units[d.unit],
                   position=positions[d.position], start_date=d.start, end_date=d.end)
         for d in placements),
        batch_size=BATCH,
    )
    paths = {p.code: p for p in DevelopmentPath.objects.all()}
    DevelopmentRecord.objects.bulk_create(
        (DevelopmentRecord(employee=employees[d.person], title=d.title, path=paths[d.path],
                           jp=d.jp, start_date=d.start, end_date=d.end,
                           provider=organisations[d.provider] if d.provider else None,
                           provider_name=d.provider_name, certificate_number=d.certificate,
                           source=d.source)
         for d in development),
        batch_size=BATCH,
    )
    PerformanceRecord.objects.bulk_create(
        (PerformanceRecord(employee=employees[d.person], year=d.year,
                           result_rating=d.result.value, behaviour_rating=d.behaviour.value,
                           predicate=d.predicate.value)
         for d in performance),
        batch_size=BATCH,
    )

