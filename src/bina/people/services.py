"""Writes for employees: the roster import and export, the development-history import, and
single edits. Every write is audited.

Imports are all-or-nothing: the file is read, every row is validated against lookups loaded in a
few queries (``bina.core.roster``), and only a file without a single error is written, in one
transaction, with bulk inserts and updates. Re-importing the same file changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import IO, TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from bina.audit.services import AuditEntry, audit_record, audit_record_many, diff_fields
from bina.core.messages import Lang
from bina.core.nip import NipError, clean_nip
from bina.core.roster import (
    EMPLOYEE_COLUMNS,
    FUNCTIONAL_LEVELS,
    POSITION_TYPES,
    STATE_FIELDS,
    EmployeeState,
    NewPosition,
    PositionRef,
    RosterLookups,
    RosterPlan,
    RowError,
    SheetRow,
    UnitRef,
    normalise_name,
    roster_plan,
    supervisor_levels,
    validate_roster,
)
from bina.jobs.registry import Progress, no_progress
from bina.org.models import Agency, Organisation, Position, Unit
from bina.people.io.history import (
    DEVELOPMENT_COLUMNS,
    DEVELOPMENT_SHEET,
    ActivityKey,
    DevelopmentLookups,
    DevelopmentPlan,
    PathRef,
    StoredActivity,
    development_plan,
    title_key,
    validate_development,
)
from bina.people.io.roster_xlsx import EMPLOYEE_SHEET, ReferenceSheet, write_employee_rows
from bina.people.io.tabular import Table, TabularError, read_table
from bina.people.models import (
    DevelopmentRecord,
    DevelopmentSource,
    Employee,
    PerformanceRecord,
    Placement,
)
from bina.reference.models import DevelopmentPath, EducationLevel, Grade

if TYPE_CHECKING:
    from bina.accounts.models import User

T = TypeVar("T")
M = TypeVar("M", bound=Model)
CHUNK = 900  # ids or NIPs per IN (...) query: under SQLite's 999 parameters
BATCH = 1000


@dataclass(frozen=True)
class ImportReport:
    """The outcome of an import. When ``ok`` is false nothing was written."""

    ok: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[RowError, ...] = ()
    rows: int = 0
    dry_run: bool = False
    positions_created: int = 0

    def as_dict(self, lang: Lang = "id", *, max_errors: int | None = None) -> dict[str, Any]:
        """The JSON shape of a job result: counts, and the errors rendered in ``lang`` (the
        first ``max_errors`` of them; ``error_count`` says how many there were)."""
        shown = self.errors if max_errors is None else self.errors[:max_errors]
        return {
            "ok": self.ok, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "dry_run": self.dry_run, "rows": self.rows,
            "errors": [{"row": e.row, "column": e.column, "message": e.message.render(lang)}
                       for e in shown],
            "error_count": len(self.errors),
        }


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _today() -> dt.date:
    return timezone.localdate()


def _open_on(day: dt.date) -> Q:
    return Q(valid_to__isnull=True) | Q(valid_to__gt=day)


def _read(file: IO[bytes], filename: str, columns: Sequence[Any], sheet: str,
          progress: Progress) -> Table:
    return read_table(
        file, filename, columns=columns, sheet_name=sheet,
        max_rows=settings.BINA_MAX_IMPORT_ROWS, max_bytes=settings.BINA_MAX_IMPORT_BYTES,
        on_row=lambda n: progress(n, 0, "membaca"),
    )


def _refused(exc: TabularError) -> ImportReport:
    return ImportReport(ok=False, errors=(RowError(None, None, exc.message),))


def update_column(model: type[M], column: str, values: Mapping[int, object]) -> None:
    """Set ``column`` of the rows ``pk → value``. Few distinct values (a unit, a grade): one
    ``UPDATE … WHERE id IN (…)`` per value; many (names): ``bulk_update``'s CASE statements."""
    groups: dict[object, list[int]] = defaultdict(list)
    for pk, value in values.items():
        groups[value].append(pk)
    if len(groups) <= max(20, len(values) // 10):
        for value, pks in groups.items():
            for chunk in _chunks(pks):
                model._default_manager.filter(pk__in=chunk).update(**{column: value})
        return
    objects = [model(pk=pk, **{column: value}) for pk, value in values.items()]
    model._default_manager.bulk_update(objects, [column], batch_size=BATCH)


# --------------------------------------------------------------------------------------------
# Roster import: lookups


_STATE_COLUMNS = (
    "id", "nip", "name", "front_title", "back_title", "employment_type", "is_part_time", "sex",
    "birth_date", "grade_id", "education_id", "education_major", "unit_id", "position_id",
    "supervisor__nip", "is_teacher", "email", "phone",
)


def _employee_states(agency: Agency) -> dict[str, tuple[int, EmployeeState]]:
    """NIP → (id, state) of every employee of the agency, in one query."""
    states: dict[str, tuple[int, EmployeeState]] = {}
    rows = Employee.objects.filter(agency=agency).values_list(*_STATE_COLUMNS)
    for (pk, nip, name, front, back, etype, part_time, sex, birth, grade, education, major,
         unit, position, supervisor, teacher, email, phone) in rows.iterator(chunk_size=5000):
        states[nip] = (pk, EmployeeState(
            nip=nip, name=name, front_title=front, back_title=back, employment_type=etype,
            is_part_time=part_time, sex=sex, birth_date=birth, grade_id=grade,
            education_id=education, education_major=major, unit_id=unit, position=position,
            supervisor_nip=supervisor or "", is_teacher=teacher, email=email, phone=phone,
        ))
    return states


def _file_nips(rows: Iterable[SheetRow], column: str) -> list[str]:
    nips: set[str] = set()
    for row in rows:
        try:
            nips.add(clean_nip(row.values.get(column)))
        except NipError:
            continue
    return sorted(nips)


def _nips_elsewhere(agency: Agency, nips: Sequence[str]) -> frozenset[str]:
    found: set[str] = set()
    for chunk in _chunks(nips):
        found.update(Employee.objects.exclude(agency=agency).filter(nip__in=chunk)
                     .values_list("nip", flat=True))
    return frozenset(found)


def _units(agency: Agency, day: dt.date) -> list[UnitRef]:
    """Open units, and closed ones (to explain why they no longer match)."""
    rows = Unit.objects.filter(agency=agency).values_list("id", "code", "name", "valid_to")
    return [UnitRef(pk, code, name, None if end is None or end > day else end)
            for pk, code, name, end in rows.order_by("id")]


def _positions(agency: Agency, day: dt.date) -> list[PositionRef]:
    rows = Position.objects.filter(_open_on(day), agency=agency).values_list(
        "id", "name", "position_type", "functional_level", "unit_id").order_by("id")
    return [PositionRef(*row) for row in rows]


def _roster_lookups(agency: Agency, rows: Sequence[SheetRow],
                    states: Mapping[str, tuple[int, EmployeeState]]) -> RosterLookups:
    day = _today()
    new_nips = [n for n in _file_nips(rows, "NIP") if n not in states]
    return RosterLookups(
        grades={(s, c): pk for pk, s, c in Grade.objects.values_list("id", "scheme", "code")},
        education=dict(EducationLevel.objects.order_by("rank").values_list("code", "id")),
        units=_units(agency, day),
        positions=_positions(agency, day),
        existing_nips=frozenset(states),
        other_agency_nips=_nips_elsewhere(agency, new_nips),
        existing_supervisors={n: s.supervisor_nip for n, (_, s) in states.items()
                              if s.supervisor_nip},
    )


# --------------------------------------------------------------------------------------------
# Roster import: writing


_COLUMNS = {"position": "position_id", "supervisor_nip": "supervisor_id"}  # state -> attname
_PLAIN_FIELDS = ("nip", "name", "front_title", "back_title", "employment_type", "is_part_time",
                 "sex", "birth_date", "education_major", "is_teacher", "email", "phone")


class _RosterWriter:
    """Applies a :class:`RosterPlan`: positions, employees, supervisors, placements, audit."""

    def __init__(self, *, agency: Agency, actor: User | None, plan: RosterPlan,
                 states: Mapping[str, tuple[int, EmployeeState]], progress: Progress) -> None:
        self.agency, self.actor, self.plan, self.progress = agency, actor, plan, progress
        self.ids = {nip: pk for nip, (pk, _) in states.items()}
        self.position_ids: dict[str, int] = {}
        self.today = _today()
        self.now = timezone.now()
        self.total = len(plan.creates) + len(plan.updates)

    def write(self, new_positions: Sequence[NewPosition]) -> None:
        self._create_positions(new_positions)
        self._create_employees()
        self._update_employees()
        self._write_placements()
        self._audit(new_positions)

    def _position_id(self, key: int | str) -> int:
        return key if isinstance(key, int) else self.position_ids[key]

    def _create_positions(self, new: Sequence[NewPosition]) -> None:
        if not new:
            return
        taken = set(Position.objects.filter(agency=self.agency).values_list("code", flat=True))
        codes = (f"JAB-{n:04d}" for n in range(1, 10**6) if f"JAB-{n:04d}" not in taken)
        created = Position.objects.bulk_create(
            Position(agency=self.agency, code=next(codes), name=p.name,
                     position_type=p.position_type, functional_level=p.functional_level,
                     valid_from=self.today)
            for p in new
        )
        self.position_ids = {p.key: obj.pk for p, obj in zip(new, created, strict=True)}

    def _employee(self, state: EmployeeState) -> Employee:
        supervisor = state.supervisor_nip
        return Employee(
            agency=self.agency, grade_id=state.grade_id, education_id=state.education_id,
            unit_id=state.unit_id, position_id=self._position_id(state.position),
            supervisor_id=self.ids[supervisor] if supervisor else None,
            **{name: getattr(state, name) for name in _PLAIN_FIELDS},
        )

    def _create_employees(self) -> None:
        """Supervisors first, so that every new employee is created with its supervisor."""
        done = 0
        for group in supervisor_levels(self.plan.creates):
            for chunk in _chunks(group, BATCH):
                created = Employee.objects.bulk_create([self._employee(s) for s in chunk])
                self.ids.update((e.nip, e.pk) for e in created)
                done += len(chunk)
                self.progress(done, self.total, "menyimpan")

    def _column_value(self, name: str, state: EmployeeState) -> object:
        if name == "position":
            return self._position_id(state.position)
        if name == "supervisor_nip":
            return self.ids[state.supervisor_nip] if state.supervisor_nip else None
        return getattr(state, name)

    def _update_employees(self) -> None:
        columns: dict[str, dict[int, object]] = defaultdict(dict)
        for change in self.plan.updates:
            pk = self.ids[change.after.nip]
            for name in change.changed:
                columns[name][pk] = self._column_value(name, change.after)
        for name, values in columns.items():
            update_column(Employee, _COLUMNS.get(name, name), values)
        pks = [self.ids[c.after.nip] for c in self.plan.updates]
        update_column(Employee, "updated_at", dict.fromkeys(pks, self.now))
        self.progress(self.total, self.total, "menyimpan")

    def _write_placements(self) -> None:
        moved = [c.after for c in self.plan.updates
                 if {"unit_id", "position"} & set(c.changed)]
        moved_ids = [self.ids[s.nip] for s in moved]
        for chunk in _chunks(moved_ids):
            Placement.objects.filter(employee_id__in=chunk, end_date__isnull=True).update(
                end_date=self.today)
        Placement.objects.bulk_create(
            (Placement(employee_id=self.ids[s.nip], unit_id=s.unit_id,
                       position_id=self._position_id(s.position), start_date=self.today)
             for s in (*self.plan.creates, *moved)),
            batch_size=BATCH,
        )

    def _resolved(self, state: EmployeeState) -> EmployeeState:
        return replace(state, position=self._position_id(state.position))

    def _audit(self, new_positions: Sequence[NewPosition]) -> None:
        labels = _AuditLabels(self.agency)
        entries = [
            AuditEntry("create", "position", str(self.position_ids[p.key]), p.name,
                       {"name": [None, p.name], "position_type": [None, p.position_type]})
            for p in new_positions
        ]
        entries += [
            AuditEntry("create", "employee", str(self.ids[s.nip]), s.name,
                       diff_fields({}, labels.of(self._resolved(s))))
            for s in self.plan.creates
        ]
        entries += [
            AuditEntry("update", "employee", str(self.ids[c.after.nip]), c.after.name,
                       diff_fields(labels.of(c.before, c.changed),
                                   labels.of(self._resolved(c.after), c.changed)))
            for c in self.plan.updates
        ]
        audit_record_many(actor=self.actor, agency=self.agency, entries=entries)


class _AuditLabels:
    """Employee state as the audit trail shows it: codes and names instead of ids."""

    NAMES = {"grade_id": "grade", "education_id": "education", "unit_id": "unit",
             "supervisor_nip": "supervisor"}

    def __init__(self, agency: Agency) -> None:
        self.tables: dict[str, Mapping[Any, Any]] = {
            "grade_id": dict(Grade.objects.values_list("id", "code")),
            "education_id": dict(EducationLevel.objects.values_list("id", "code")),
            "unit_id": dict(Unit.objects.filter(agency=agency).values_list("id", "name")),
            "position": dict(Position.objects.filter(agency=agency).values_list("id", "name")),
        }
        self.all_fields = tuple(f for f in STATE_FIELDS if f != "nip")

    def _value(self, name: str, value: object) -> object:
        table = self.tables.get(name)
        if table is not None:
            return table.get(value, value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value if value != "" else None

    def of(self, state: EmployeeState, only: Iterable[str] | None = None) -> dict[str, object]:
        names = self.all_fields if only is None else only
        return {self.NAMES.get(n, n): self._value(n, getattr(state, n)) for n in names}


def employees_import(
    *,
    agency: Agency,
    file: IO[bytes],
    filename: str,
    actor: User | None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportReport:
    """Import a roster (.xlsx or .csv, columns of ``bina.core.roster.EMPLOYEE_COLUMNS``) into
    ``agency``: create new employees, update those whose NIP is known, record placements when
    unit or position change, create missing positions, set supervisors, audit everything.
    All-or-nothing; ``dry_run`` validates and counts but writes nothing."""
    try:
        table = _read(file, filename, EMPLOYEE_COLUMNS, EMPLOYEE_SHEET, progress)
    except TabularError as exc:
        return _refused(exc)
    rows = table.rows
    progress(0, len(rows), "memeriksa")
    with transaction.atomic():
        states = _employee_states(agency)
        result = validate_roster(rows, _roster_lookups(agency, rows, states))
        if not result.ok:
            return ImportReport(ok=False, errors=result.errors, rows=len(rows), dry_run=dry_run)
        plan = roster_plan(result.records, {nip: s for nip, (_, s) in states.items()})
        if not dry_run:
            writer = _RosterWriter(agency=agency, actor=actor, plan=plan, states=states,
                                   progress=progress)
            writer.write(result.new_positions)
            audit_record(actor=actor, agency=agency, action="import", object_type="employee",
                         object_label=filename,
                         changes={"created": len(plan.creates), "updated": len(plan.updates),
                                  "unchanged": plan.unchanged})
    progress(len(rows), len(rows), "selesai")
    return ImportReport(ok=True, created=len(plan.creates), updated=len(plan.updates),
                        unchanged=plan.unchanged, rows=len(rows), dry_run=dry_run,
                        positions_created=len(result.new_positions))


# --------------------------------------------------------------------------------------------
# Roster export


def unit_labels(agency_ids: Iterable[int]) -> dict[int, str]:
    """How an export names each open unit: its name when the name identifies it, else its code
    (the import matches codes first, then names)."""
    units = list(Unit.objects.filter(_open_on(_today()), agency_id__in=list(agency_ids))
                 .values_list("id", "agency_id", "code", "name"))
    names: dict[tuple[int, str], int] = defaultdict(int)
    codes = {(agency, code.strip().casefold()) for _, agency, code, _ in units}
    for _, agency, _, name in units:
        names[(agency, normalise_name(name))] += 1
    return {
        pk: name if names[(agency, normalise_name(name))] == 1
        and (agency, name.strip().casefold()) not in codes else code
        for pk, agency, code, name in units
    }


_EXPORT_COLUMNS = (
    "nip", "name", "front_title", "back_title", "employment_type", "is_part_time", "sex",
    "birth_date", "grade__code", "education__code", "education_major", "unit_id", "unit__code",
    "position__name", "position__position_type", "position__functional_level",
    "supervisor__nip", "is_teacher", "email", "phone",
)


def _yes_no(flag: bool) -> str:
    return "Y" if flag else "T"


def _export_rows(queryset: QuerySet[Employee], units: Mapping[int, str]) -> Iterator[list[object]]:
    rows = queryset.order_by("unit__path", "name", "nip").values_list(*_EXPORT_COLUMNS)
    for (nip, name, front, back, etype, part_time, sex, birth, grade, education, major,
         unit_id, unit_code, position, position_type, level, supervisor, teacher, email,
         phone) in rows.iterator(chunk_size=5000):
        yield [nip, name, front, back, etype, _yes_no(part_time), sex, birth, grade, education,
               major, units.get(unit_id, unit_code), position,
               POSITION_TYPES.get(position_type, position_type),
               FUNCTIONAL_LEVELS.get(level, level), supervisor or "", _yes_no(teacher), email,
               phone]


def unit_reference(agency: Agency) -> ReferenceSheet:
    units = Unit.objects.filter(_open_on(_today()), agency=agency).order_by("path")
    return ReferenceSheet("Unit Kerja", ("KODE", "NAMA UNIT KERJA"),
                          list(units.values_list("code", "name")))


def employees_export(*, queryset_or_agency: QuerySet[Employee] | Agency, file: IO[bytes]) -> int:
    """Write employees as a filled roster template (same columns and sheets as the template),
    so that exporting and re-importing changes nothing. Returns the number of rows."""
    if isinstance(queryset_or_agency, Agency):
        queryset = Employee.objects.filter(agency=queryset_or_agency)
        references = [unit_reference(queryset_or_agency)]
    else:
        queryset, references = queryset_or_agency, []
    agency_ids = set(queryset.values_list("agency_id", flat=True).distinct())
    return write_employee_rows(file, _export_rows(queryset, unit_labels(agency_ids)),
                               references=references)


# --------------------------------------------------------------------------------------------
# Single edits


EDITABLE_FIELDS = frozenset({
    "name", "front_title", "back_title", "employment_type", "is_part_time", "grade",
    "education", "education_major", "unit", "position", "supervisor", "is_teacher", "status",
    "email", "phone", "target_position", "target_note",
})


def _shown(value: object) -> object:
    return str(value) if value is not None and not isinstance(value, str | bool) else value


def _check_supervisor(employee: Employee, supervisor: Employee | None) -> None:
    seen = {employee.pk}
    while supervisor is not None:
        if supervisor.pk in seen:
            raise ValidationError({"supervisor": "hubungan atasan melingkar"})
        seen.add(supervisor.pk)
        supervisor = supervisor.supervisor


def placement_move(*, employee: Employee, day: dt.date) -> Placement:
    """Close the open placement and open one for the employee's current unit and position."""
    Placement.objects.filter(employee=employee, end_date__isnull=True).update(end_date=day)
    return Placement.objects.create(employee=employee, unit_id=employee.unit_id,
                                    position_id=employee.position_id, start_date=day)


@transaction.atomic
def employee_update(*, employee: Employee, actor: User | None, **fields: Any) -> Employee:
    """Change some fields of one employee (``unit=…``, ``email=…``), audited; a change of unit
    or position opens a new placement."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    if "supervisor" in fields:
        _check_supervisor(employee, fields["supervisor"])
    before = {name: _shown(getattr(employee, name)) for name in fields}
    for name, value in fields.items():
        setattr(employee, name, value)
    changes = diff_fields(before, {name: _shown(getattr(employee, name)) for name in fields})
    if not changes:
        return employee
    employee.full_clean(validate_unique=False)
    employee.save(update_fields=[*changes, "updated_at"])
    if {"unit", "position"} & set(changes):
        placement_move(employee=employee, day=_today())
    audit_record(actor=actor, agency=employee.agency, action="update", object_type="employee",
                 object_id=employee.pk, object_label=employee.full_name, changes=changes)
    return employee


# --------------------------------------------------------------------------------------------
# Development history import


def _development_lookups(agency: Agency) -> DevelopmentLookups:
    organisations = Organisation.objects.filter(agency=agency).values_list("name", "id")
    return DevelopmentLookups(
        employees=dict(Employee.objects.filter(agency=agency).values_list("nip", "id")),
        paths=[PathRef(*row) for row in DevelopmentPath.objects.values_list("id", "code", "name")],
        organisations={name.casefold(): pk for name, pk in organisations},
    )


def _stored_activities(agency: Agency) -> dict[ActivityKey, StoredActivity]:
    rows = DevelopmentRecord.objects.filter(employee__agency=agency).order_by("id").values_list(
        "id", "employee_id", "title", "start_date", "end_date", "path_id", "jp", "provider_id",
        "provider_name", "certificate_number")
    stored: dict[ActivityKey, StoredActivity] = {}
    for pk, employee, title, start, end, path, jp, provider, provider_name, certificate in (
            rows.iterator(chunk_size=5000)):
        stored.setdefault((employee, title_key(title), start, end),
                          StoredActivity(pk, path, jp, provider, provider_name, certificate))
    return stored


def _write_development(plan: DevelopmentPlan, *, agency: Agency, actor: User | None) -> None:
    created = DevelopmentRecord.objects.bulk_create(
        (DevelopmentRecord(
            employee_id=r.employee_id, title=r.title, path_id=r.path_id, jp=r.jp,
            start_date=r.start_date, end_date=r.end_date, provider_id=r.provider_id,
            provider_name=r.provider_name or "", certificate_number=r.certificate_number or "",
            source=DevelopmentSource.IMPORT) for r in plan.creates),
        batch_size=BATCH,
    )
    DevelopmentRecord.objects.bulk_update(
        [DevelopmentRecord(pk=after.id, path_id=after.path_id, jp=after.jp,
                           provider_id=after.provider_id, provider_name=after.provider_name,
                           certificate_number=after.certificate_number)
         for _, after in plan.updates],
        ["path", "jp", "provider", "provider_name", "certificate_number"], batch_size=BATCH,
    )
    entries = [AuditEntry("create", "development_record", str(r.pk), r.title,
                          {"employee": [None, str(r.employee_id)], "jp": [None, str(r.jp)]})
               for r in created]
    entries += [AuditEntry("update", "development_record", str(after.id), "",
                           diff_fields(_activity_dict(before), _activity_dict(after)))
                for before, after in plan.updates]
    audit_record_many(actor=actor, agency=agency, entries=entries)


def _activity_dict(activity: StoredActivity) -> dict[str, object]:
    return {"path": activity.path_id, "jp": activity.jp, "provider": activity.provider_id,
            "provider_name": activity.provider_name,
            "certificate_number": activity.certificate_number}


def development_import(
    *,
    agency: Agency,
    file: IO[bytes],
    filename: str,
    actor: User | None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportReport:
    """Import development history rows (columns of ``people.io.history.DEVELOPMENT_COLUMNS``)
    for employees of ``agency``. All-or-nothing; an activity already stored (same employee,
    title, start and end) is updated, never duplicated."""
    try:
        table = _read(file, filename, DEVELOPMENT_COLUMNS, DEVELOPMENT_SHEET, progress)
    except TabularError as exc:
        return _refused(exc)
    rows = table.rows
    progress(0, len(rows), "memeriksa")
    with transaction.atomic():
        result = validate_development(rows, _development_lookups(agency))
        if not result.ok:
            return ImportReport(ok=False, errors=result.errors, rows=len(rows), dry_run=dry_run)
        plan = development_plan(result.records, _stored_activities(agency))
        if not dry_run:
            _write_development(plan, agency=agency, actor=actor)
            audit_record(actor=actor, agency=agency, action="import",
                         object_type="development_record", object_label=filename,
                         changes={"created": len(plan.creates), "updated": len(plan.updates),
                                  "unchanged": plan.unchanged})
    progress(len(rows), len(rows), "selesai")
    return ImportReport(ok=True, created=len(plan.creates), updated=len(plan.updates),
                        unchanged=plan.unchanged, rows=len(rows), dry_run=dry_run)



# --------------------------------------------------------------------------------------------
# Performance predicates entered by hand


@transaction.atomic
def performance_record_set(
    *,
    employee: Employee,
    year: int,
    result_rating: str,
    behaviour_rating: str,
    actor: User | None,
    period_kind: str = "tahunan",
    period_number: int = 1,
) -> PerformanceRecord:
    """Enter (or correct) one period's appraisal; the predicate follows from the two ratings by
    the PermenPANRB 6/2022 matrix (bina.core.performance). Audited."""
    from bina.core.performance import Rating as CoreRating
    from bina.core.performance import performance_predicate

    predicate = performance_predicate(CoreRating(result_rating), CoreRating(behaviour_rating))
    record, created = PerformanceRecord.objects.get_or_create(
        employee=employee, year=year, period_kind=period_kind, period_number=period_number,
        defaults={"result_rating": result_rating, "behaviour_rating": behaviour_rating,
                  "predicate": predicate.value},
    )
    before = {"result_rating": "", "behaviour_rating": "", "predicate": ""} if created else {
        "result_rating": record.result_rating, "behaviour_rating": record.behaviour_rating,
        "predicate": record.predicate}
    record.result_rating, record.behaviour_rating = result_rating, behaviour_rating
    record.predicate = predicate.value
    record.save()
    audit_record(
        actor=actor, agency=employee.agency, action="performance", object_type="employee",
        object_id=employee.pk, object_label=employee.full_name,
        changes=diff_fields(before, {"result_rating": result_rating,
                                     "behaviour_rating": behaviour_rating,
                                     "predicate": predicate.value}) | {"year": [None, str(year)]},
    )
    return record
