"""Writes of the plan app. The programme catalogue: the spreadsheet import (all-or-nothing,
like the roster import in :mod:`bina.people.services`) and single upserts. The annual plan:
build (from a closed needs round and a budget), rebuild around locks, lock, remove, approve.
Every write is audited."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bina.audit.services import AuditEntry, audit_record, audit_record_many, diff_fields
from bina.core import plan as core_plan
from bina.core.plan_people import DEFAULT_PNS_MAX_JP, assignment_reasons
from bina.core.roster import POSITION_TYPES, CellError
from bina.jobs.registry import Progress, no_progress
from bina.needs.models import NeedsRound
from bina.org.models import Agency, Organisation
from bina.people.io.tabular import TabularError
from bina.people.services import ImportReport, _read, _refused
from bina.plan.building import PlanError, PlanInputs, employee_id_of, plan_inputs
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
from bina.plan.models import (
    Plan,
    PlanAssignment,
    PlanBudgetLine,
    PlanEmployee,
    PlanExclusion,
    PlanStatus,
    Programme,
    ProgrammeGain,
)
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
            "suitable_position_types", "is_mandatory", "mandatory_note", "mandatory_for",
            "mandatory_within_months", "is_active")},
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
          "is_active", "months", "suitable_position_types", "mandatory_for",
          "mandatory_within_months")


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


# --------------------------------------------------------------------------------------------
# The annual plan: build, rebuild, lock, remove, approve


def _time_limit(n_employees: int) -> float:
    """Seconds for the optimiser: enough for a 99.5% plan at the size (see bench/). The time
    the price method leaves goes to the exact MILP polish, which on real, sparse catalogues
    closes the gap (the demo's 6,000 employees: 0.6% proven in 20 s, against 6.4% in 8 s)."""
    return min(30.0, 4.0 + n_employees / 375)


def _next_version(agency: Agency, year: int, name: str) -> int:
    last = (Plan.objects.filter(agency=agency, year=year, name=name)
            .order_by("-version").values_list("version", flat=True).first())
    return (last or 0) + 1


def plan_build(
    *,
    needs_round: NeedsRound,
    budget: int,
    user: User | None,
    name: str = "",
    budget_lines: Mapping[int, int] | None = None,
    lam: float = 0.25,
    max_jp_pns: int = DEFAULT_PNS_MAX_JP,
    locked: Iterable[tuple[int, str]] = (),
    excluded: Iterable[tuple[int, str]] = (),
    parent: Plan | None = None,
    time_limit: float | None = None,
    curve: bool = True,
    progress: Progress = no_progress,
) -> Plan:
    """Build and save a draft plan from a closed needs-analysis round and a budget.

    Mandatory programmes are locked in first (a plan they do not fit is refused with
    :class:`PlanError`); the optimiser assigns the rest; the budget curve (50%–150%) is
    computed in the same run. Nothing is saved unless all of it succeeds."""
    excluded = list(excluded)
    progress(0, 4, "Membaca hasil analisis kebutuhan dan katalog…")
    inputs = plan_inputs(needs_round=needs_round, budget=budget, lam=lam,
                         max_jp_pns=max_jp_pns, budget_lines=budget_lines, locked=locked,
                         excluded=excluded)
    problem = inputs.problem
    limit = time_limit if time_limit is not None else _time_limit(len(problem.employees))
    progress(1, 4, f"Mengoptimalkan {len(problem.employees)} pegawai × "
                   f"{len(problem.programmes)} program…")
    result = core_plan.solve(problem, time_limit=limit)
    violations = core_plan.check_plan(problem, result.assignments)
    if violations:  # never save a plan that breaks a rule
        raise PlanError("Rencana hasil optimasi melanggar batasan: " + violations[0],
                        "The optimised plan breaks a constraint: " + violations[0])
    points: list[dict[str, Any]] = []
    if curve:
        progress(2, 4, "Menghitung kurva anggaran 50%–150%…")
        points = [point_dict(p) for p in
                  core_plan.budget_curve(problem, time_limit=max(2.0, limit * 0.6))]
    progress(3, 4, "Menyimpan rencana…")
    shortfall = core_plan.explain_shortfall(problem, result.assignments)
    plan = _save_plan(inputs=inputs, result=result, shortfall=shortfall, points=points,
                      user=user, name=name, budget_lines=budget_lines or {}, lam=lam,
                      max_jp_pns=max_jp_pns, excluded=excluded, parent=parent)
    progress(4, 4, "Selesai.")
    return plan


def point_dict(point: Any) -> dict[str, Any]:
    """A budget-curve point as stored on the plan."""
    return {"fraction": point.fraction, "budget": point.budget,
            "value": None if point.value is None else round(point.value, 3),
            "bound": None if point.bound is None else round(point.bound, 3),
            "cost": point.cost, "reaching": point.reaching_min_jp, "counted": point.counted,
            "feasible": point.feasible}


@transaction.atomic
def _save_plan(*, inputs: PlanInputs, result: Any, shortfall: Mapping[str, str],
               points: list[dict[str, Any]], user: User | None, name: str,
               budget_lines: Mapping[int, int], lam: float, max_jp_pns: int,
               excluded: Sequence[tuple[int, str]], parent: Plan | None) -> Plan:
    problem = inputs.problem
    agency = inputs.needs_round.agency
    name = name.strip() or (parent.name if parent else f"Rencana {inputs.year}")
    mandatory = {(m.employee_id, m.code): m.deadline for m in inputs.mandatory}
    mandatory_of: dict[int, set[str]] = defaultdict(set)
    for m in inputs.mandatory:
        mandatory_of[m.employee_id].add(m.code)
    locked = set(problem.locked)
    by_person: dict[str, list[str]] = defaultdict(list)
    for eid, code in result.assignments:
        by_person[eid].append(code)
    jp_of = {p.code: p.jp for p in problem.programmes}
    cost_of = {p.code: p.cost for p in problem.programmes}
    counted = reaching = 0
    mandatory_cost = sum(cost_of[code] for _, code in mandatory)
    plan = Plan.objects.create(
        agency=agency, year=inputs.year, name=name,
        version=_next_version(agency, inputs.year, name), parent=parent,
        needs_round=inputs.needs_round, budget=problem.budget, lam=lam, max_jp_pns=max_jp_pns,
        value=result.value, bound=result.bound, cost=result.cost,
        mandatory_cost=mandatory_cost, seconds=result.seconds, method=result.method,
        curve=points, created_by=user)
    PlanBudgetLine.objects.bulk_create(
        PlanBudgetLine(plan=plan, unit_id=unit_id, amount=amount)
        for unit_id, amount in budget_lines.items())
    people: list[PlanEmployee] = []
    for employee in problem.employees:
        eid = employee_id_of(employee.id)
        person = inputs.people[eid]
        codes = by_person.get(employee.id, [])
        jp = sum(jp_of[c] for c in codes)
        if employee.min_jp > 0:
            counted += 1
            reaching += jp >= employee.min_jp
        people.append(PlanEmployee(
            plan=plan, employee_id=eid, unit_id=person.unit_id,
            employment_type=person.employment_type, min_jp=employee.min_jp,
            max_jp=employee.max_jp, exemption=person.rule.exemption, jp_planned=jp,
            cost=sum(cost_of[c] for c in codes),
            value=core_plan.employee_value(problem, employee, codes),
            shortfall=shortfall.get(employee.id, ""), gaps=dict(employee.gaps),
            weights=dict(employee.weights)))
    PlanEmployee.objects.bulk_create(people, batch_size=2000)
    person_ids = dict(PlanEmployee.objects.filter(plan=plan).values_list("employee_id", "id"))
    programme_ids = {code: p.pk for code, p in inputs.programmes.items()}
    rows: list[PlanAssignment] = []
    for employee in problem.employees:
        eid = employee_id_of(employee.id)
        first = mandatory_of.get(eid, set())
        codes = sorted(by_person.get(employee.id, []), key=lambda c: (c not in first, c))
        gains = [problem.programme(c).gains for c in codes]
        for code, reasons in zip(codes, assignment_reasons(gains, employee.gaps,
                                                           employee.weights), strict=True):
            rows.append(PlanAssignment(
                plan=plan, person_id=person_ids[eid], programme_id=programme_ids[code],
                is_locked=(employee.id, code) in locked and (eid, code) not in mandatory,
                is_mandatory=(eid, code) in mandatory, deadline=mandatory.get((eid, code)),
                cost=cost_of[code], jp=jp_of[code],
                reasons=[{"competency": r.competency, "gap": r.gap, "gain": r.gain,
                          "weight": r.weight} for r in reasons]))
    PlanAssignment.objects.bulk_create(rows, batch_size=5000)
    PlanExclusion.objects.bulk_create(
        PlanExclusion(plan=plan, employee_id=eid, programme_id=programme_ids[code])
        for eid, code in excluded if code in programme_ids)
    Plan.objects.filter(pk=plan.pk).update(counted=counted, reaching=reaching)
    plan.counted, plan.reaching = counted, reaching
    audit_record(actor=user, agency=agency, action="plan.build", object_type="plan",
                 object_id=plan.pk, object_label=str(plan),
                 changes={"budget": problem.budget, "assignments": len(rows),
                          "value": round(result.value, 2), "bound": round(result.bound, 2)})
    return plan


def _require_draft(plan: Plan) -> None:
    if plan.is_approved:
        raise PlanError(f"{plan} sudah disetujui dan dibekukan; buat versi baru untuk mengubahnya.",
                        f"{plan} is approved and frozen; build a new version to change it.")


def plan_rebuild(*, plan: Plan, user: User | None, budget: int | None = None,
                 time_limit: float | None = None, progress: Progress = no_progress) -> Plan:
    """A new version of ``plan`` around its locked assignments, without the removed ones."""
    locked = [(a.person.employee_id, a.programme.code) for a in
              plan.assignments.filter(is_locked=True).select_related("person", "programme")]
    excluded = [(x.employee_id, x.programme.code)
                for x in plan.exclusions.select_related("programme")]
    lines = dict(plan.budget_lines.values_list("unit_id", "amount"))
    return plan_build(needs_round=plan.needs_round, budget=budget or plan.budget, user=user,
                      name=plan.name, budget_lines=lines, lam=plan.lam,
                      max_jp_pns=plan.max_jp_pns, locked=locked, excluded=excluded,
                      parent=plan, time_limit=time_limit, progress=progress)


def assignment_lock(*, assignment: PlanAssignment, user: User | None,
                    locked: bool = True) -> PlanAssignment:
    """Keep (or release) one assignment through rebuilds."""
    plan = assignment.plan
    _require_draft(plan)
    if assignment.is_mandatory:
        raise PlanError("Program wajib selalu tetap ada; tidak perlu dikunci.",
                        "Mandatory programmes always stay; there is no need to lock them.")
    assignment.is_locked = locked
    assignment.save(update_fields=["is_locked"])
    audit_record(actor=user, agency=plan.agency,
                 action="plan.lock" if locked else "plan.unlock", object_type="plan",
                 object_id=plan.pk, object_label=str(plan),
                 changes={"employee": assignment.person.employee_id,
                          "programme": assignment.programme.code})
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: PlanAssignment, user: User | None) -> Plan:
    """Remove one assignment by hand; rebuilds will not bring it back."""
    plan = Plan.objects.select_for_update().get(pk=assignment.plan_id)
    _require_draft(plan)
    if assignment.is_mandatory:
        raise PlanError("Program wajib tidak dapat dihapus dari rencana.",
                        "A mandatory programme cannot be removed from the plan.")
    person = assignment.person
    PlanExclusion.objects.get_or_create(plan=plan, employee_id=person.employee_id,
                                        programme=assignment.programme)
    code = assignment.programme.code
    assignment.delete()
    before = person.value
    remaining = list(person.assignments.select_related("programme"))
    gains = [{g.competency.code: g.levels for g in a.programme.gains.select_related("competency")}
             for a in remaining]
    person.jp_planned = sum(a.jp for a in remaining)
    person.cost = sum(a.cost for a in remaining)
    person.value = _person_value(person, gains, plan.lam)
    was_reaching = person.min_jp > 0 and person.jp_planned + assignment.jp >= person.min_jp
    now_reaching = person.min_jp > 0 and person.jp_planned >= person.min_jp
    person.save(update_fields=["jp_planned", "cost", "value"])
    plan.cost -= assignment.cost
    plan.value += person.value - before
    plan.reaching -= int(was_reaching and not now_reaching)
    plan.save(update_fields=["cost", "value", "reaching"])
    audit_record(actor=user, agency=plan.agency, action="plan.remove", object_type="plan",
                 object_id=plan.pk, object_label=str(plan),
                 changes={"employee": person.employee_id, "programme": code})
    return plan


def _person_value(person: PlanEmployee, gains: Sequence[Mapping[str, int]], lam: float) -> float:
    raised: dict[str, int] = defaultdict(int)
    for g in gains:
        for c, a in g.items():
            raised[c] += a
    value = sum(float(w) * min(int(person.gaps.get(c, 0)), raised.get(c, 0))
                for c, w in person.weights.items())
    return value - lam * max(0, person.min_jp - person.jp_planned)


def plan_approve(*, plan: Plan, user: User) -> Plan:
    """Approve (and freeze) a draft plan, recording who approved it."""
    _require_draft(plan)
    plan.status = PlanStatus.APPROVED
    plan.approved_by = user
    plan.approved_at = timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    audit_record(actor=user, agency=plan.agency, action="plan.approve", object_type="plan",
                 object_id=plan.pk, object_label=str(plan),
                 changes={"budget": plan.budget, "cost": plan.cost})
    return plan
