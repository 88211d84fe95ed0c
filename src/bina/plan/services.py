"""Writes for the programme catalogue: the spreadsheet import (all-or-nothing, like the roster
import in :mod:`bina.people.services`) and single upserts. Every write is audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from bina.audit.services import AuditEntry, audit_record, audit_record_many, diff_fields
from bina.core.roster import POSITION_TYPES, CellError
from bina.jobs.registry import Progress, no_progress
from bina.org.models import Agency, Organisation
from bina.people.io.tabular import TabularError
from bina.people.services import ImportReport, _read, _refused
from bina.plan.io import (
    PROGRAMME_COLUMNS,
    PROGRAMME_SHEET,
    CatalogueLookups,
    ProgrammeRecord,
    check_months,
    name_key,
    path_keys,
    validate_catalogue,
)
from bina.plan.models import Programme, ProgrammeGain
from bina.reference.models import Competency, DevelopmentPath

if TYPE_CHECKING:
    from bina.accounts.models import User


def competency_ids(agency: Agency) -> dict[str, int]:
    """Casefolded code → id of the national competencies and the agency's own (which win)."""
    rows = (Competency.objects.filter(Q(agency__isnull=True) | Q(agency=agency))
            .order_by("-agency_id").values_list("code", "id", "agency_id"))
    ids: dict[str, int] = {}
    for code, pk, owner in rows:
        if owner is not None or code.casefold() not in ids:
            ids[code.casefold()] = pk
    return ids


def catalogue_lookups(agency: Agency) -> CatalogueLookups:
    return CatalogueLookups(
        paths=path_keys(list(DevelopmentPath.objects.values_list("id", "code", "name"))),
        competencies=competency_ids(agency),
        organisations={name_key(n): pk for pk, n in
                       Organisation.objects.filter(agency=agency).values_list("id", "name")},
        existing_codes=frozenset(Programme.objects.filter(agency=agency)
                                 .values_list("code", flat=True)),
    )


# --------------------------------------------------------------------------------------------
# State: what a programme looks like, to tell updates from unchanged rows


def _state(programme: Programme) -> dict[str, object]:
    return {
        "code": programme.code,
        **{name: getattr(programme, name) for name in (
            "name", "path_id", "provider_id", "provider_name", "jp", "cost_per_participant",
            "extra_cost_per_participant", "seats_per_class", "classes", "months",
            "suitable_position_types", "is_mandatory", "mandatory_note")},
        "gains": {g.competency_id: g.levels for g in programme.gains.all()},
        "prerequisites": sorted(p.code for p in programme.prerequisites.all()),
    }


def _record_state(record: ProgrammeRecord, codes: Mapping[str, str]) -> dict[str, object]:
    return {
        "code": record.code, **record.fields(), "gains": dict(record.gains),
        "prerequisites": sorted(codes[c.casefold()] for c in record.prerequisites),
    }


def _set_gains(programme: Programme, gains: Mapping[int, int]) -> None:
    ProgrammeGain.objects.filter(programme=programme).delete()
    ProgrammeGain.objects.bulk_create(
        ProgrammeGain(programme=programme, competency_id=pk, levels=levels)
        for pk, levels in gains.items())


def _audit_changes(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, Any]:
    return diff_fields(before, after)


# --------------------------------------------------------------------------------------------
# Import


def programmes_import(
    *,
    agency: Agency,
    file: IO[bytes],
    filename: str,
    actor: User | None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportReport:
    """Import a programme catalogue (.xlsx or .csv, columns of
    :data:`bina.plan.io.PROGRAMME_COLUMNS`) into ``agency``: create new programmes, update
    those whose code is known (never a duplicate), replace their gains and prerequisites, audit
    everything. All-or-nothing; ``dry_run`` validates and counts but writes nothing."""
    try:
        table = _read(file, filename, PROGRAMME_COLUMNS, PROGRAMME_SHEET, progress)
    except TabularError as exc:
        return _refused(exc)
    rows = table.rows
    progress(0, len(rows), "memeriksa")
    with transaction.atomic():
        result = validate_catalogue(rows, catalogue_lookups(agency))
        if not result.ok:
            return ImportReport(ok=False, errors=result.errors, rows=len(rows), dry_run=dry_run)
        existing = {p.code.casefold(): p for p in Programme.objects.filter(agency=agency)
                    .prefetch_related("gains", "prerequisites")}
        codes = {key: p.code for key, p in existing.items()}
        codes.update({r.code.casefold(): r.code for r in result.records})
        created: list[ProgrammeRecord] = []
        changed: list[tuple[ProgrammeRecord, Programme, dict[str, object]]] = []
        for record in result.records:
            current = existing.get(record.code.casefold())
            if current is None:
                created.append(record)
                continue
            before = _state(current)
            if before != _record_state(record, codes):
                changed.append((record, current, before))
        if not dry_run:
            _write(agency=agency, actor=actor, created=created, changed=changed,
                   existing=existing, filename=filename)
        unchanged = len(result.records) - len(created) - len(changed)
        if not dry_run:
            audit_record(actor=actor, agency=agency, action="import", object_type="programme",
                         object_label=filename,
                         changes={"created": len(created), "updated": len(changed),
                                  "unchanged": unchanged})
    progress(len(rows), len(rows), "selesai")
    return ImportReport(ok=True, created=len(created), updated=len(changed),
                        unchanged=unchanged, rows=len(rows), dry_run=dry_run)


def _write(*, agency: Agency, actor: User | None, created: Sequence[ProgrammeRecord],
           changed: Sequence[tuple[ProgrammeRecord, Programme, dict[str, object]]],
           existing: Mapping[str, Programme], filename: str) -> None:
    by_code = dict(existing)
    entries: list[AuditEntry] = []
    touched: list[tuple[ProgrammeRecord, Programme]] = []
    for record in created:
        programme = Programme.objects.create(agency=agency, code=record.code, **record.fields())
        by_code[record.code.casefold()] = programme
        touched.append((record, programme))
    for record, programme, _ in changed:
        programme.code = record.code
        for name, value in record.fields().items():
            setattr(programme, name, value)
        programme.save()
        touched.append((record, programme))
    codes = {key: p.code for key, p in by_code.items()}
    for record, programme in touched:
        _set_gains(programme, record.gains)
        programme.prerequisites.set([by_code[c.casefold()] for c in record.prerequisites])
    for _record, programme in touched[:len(created)]:
        entries.append(AuditEntry("create", "programme", str(programme.pk), str(programme),
                                  {"source": filename}))
    for record, programme, before in changed:
        entries.append(AuditEntry("update", "programme", str(programme.pk), str(programme),
                                  _audit_changes(before, _record_state(record, codes))))
    audit_record_many(actor=actor, agency=agency, entries=entries)


# --------------------------------------------------------------------------------------------
# Single upsert


_PLAIN = ("name", "provider_name", "mandatory_note", "capacity_note", "is_mandatory",
          "is_active", "months", "suitable_position_types")


def _nonnegative_int(errors: dict[str, str], name: str, value: object, *,
                     positive: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < (1 if positive else 0):
        errors[name] = ("harus bilangan bulat lebih dari 0" if positive
                        else "harus bilangan bulat, tidak negatif")
        return 0
    return value


def programme_upsert(*, agency: Agency, actor: User | None, **fields: Any) -> Programme:
    """Create the programme ``fields["code"]`` of ``agency`` or update it. ``path`` is a
    :class:`DevelopmentPath` or its code, ``gains`` a mapping competency code → levels (1–3),
    ``prerequisites`` a list of programme codes of the agency. Raises ``ValidationError``."""
    errors: dict[str, str] = {}
    code = str(fields.pop("code", "") or "").strip()
    if not code:
        errors["code"] = "kode wajib diisi"
    values: dict[str, Any] = {k: fields.pop(k) for k in _PLAIN if k in fields}
    path = fields.pop("path", None)
    if path is not None:
        found = (path if isinstance(path, DevelopmentPath)
                 else DevelopmentPath.objects.filter(code=str(path).strip().upper()).first())
        if found is None:
            errors["path"] = f"jalur {path!r} tidak dikenal"
        values["path"] = found
    if "provider" in fields:
        values["provider"] = fields.pop("provider")
    if "jp" in fields:
        try:
            jp = Decimal(str(fields.pop("jp")))
            if not jp.is_finite() or jp < 0:
                raise InvalidOperation
            values["jp"] = jp.quantize(Decimal("0.1"))
        except InvalidOperation:
            errors["jp"] = "JP harus angka, tidak negatif"
    for name in ("cost_per_participant", "extra_cost_per_participant"):
        if name in fields:
            values[name] = _nonnegative_int(errors, name, fields.pop(name))
    for name in ("seats_per_class", "classes"):
        if name in fields:
            values[name] = _nonnegative_int(errors, name, fields.pop(name), positive=True)
    if "months" in values:
        try:
            values["months"] = check_months(list(values["months"] or []))
        except CellError as exc:
            errors["months"] = exc.message.render("id")
    if "suitable_position_types" in values:
        types = list(values["suitable_position_types"] or [])
        unknown = [t for t in types if t not in POSITION_TYPES]
        if unknown:
            errors["suitable_position_types"] = f"jenis jabatan tidak dikenal: {unknown}"
        values["suitable_position_types"] = [t for t in POSITION_TYPES if t in types]
    gains = _gain_ids(agency, fields.pop("gains", None), errors)
    prerequisites = _prerequisites(agency, code, fields.pop("prerequisites", None), errors)
    if fields:
        errors.update({name: "kolom tidak dikenal" for name in fields})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        programme = Programme.objects.filter(agency=agency, code=code).first()
        before = _state(programme) if programme is not None else None
        if programme is None:
            missing = [n for n in ("name", "path", "jp", "seats_per_class") if n not in values]
            if missing:
                raise ValidationError({n: "wajib diisi" for n in missing})
            programme = Programme(agency=agency, code=code)
        for name, value in values.items():
            setattr(programme, name, value)
        programme.save()
        if gains is not None:
            _set_gains(programme, gains)
        if prerequisites is not None:
            programme.prerequisites.set(prerequisites)
        after = _state(Programme.objects.prefetch_related("gains", "prerequisites")
                       .get(pk=programme.pk))
        if before is None:
            audit_record(actor=actor, agency=agency, action="create", object_type="programme",
                         object_id=programme.pk, object_label=str(programme))
        elif before != after:
            audit_record(actor=actor, agency=agency, action="update", object_type="programme",
                         object_id=programme.pk, object_label=str(programme),
                         changes=_audit_changes(before, after))
    return programme


def _gain_ids(agency: Agency, gains: Mapping[str, int] | None,
              errors: dict[str, str]) -> dict[int, int] | None:
    if gains is None:
        return None
    ids = competency_ids(agency)
    out: dict[int, int] = {}
    for code, levels in gains.items():
        pk = ids.get(str(code).casefold())
        if pk is None:
            errors["gains"] = f"kompetensi {code!r} tidak dikenal"
        elif isinstance(levels, bool) or not isinstance(levels, int) or not 1 <= levels <= 3:
            errors["gains"] = f"kenaikan {code} harus 1–3"
        else:
            out[pk] = levels
    return out


def _prerequisites(agency: Agency, code: str, codes: Iterable[str] | None,
                   errors: dict[str, str]) -> list[Programme] | None:
    if codes is None:
        return None
    wanted = [str(c).strip() for c in codes]
    if code in wanted:
        errors["prerequisites"] = "program tidak bisa menjadi prasyaratnya sendiri"
    found = {p.code: p for p in Programme.objects.filter(agency=agency, code__in=wanted)}
    missing = [c for c in wanted if c not in found and c != code]
    if missing:
        errors["prerequisites"] = f"prasyarat tidak ada di katalog: {', '.join(missing)}"
    return [found[c] for c in wanted if c in found]
