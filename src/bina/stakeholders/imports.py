"""Paper-survey responses imported from a file (issue 6): the columns of ``bina ikm`` (``unit``,
``date`` YYYY-MM-DD, ``U1`` … ``U9``), read and validated by :mod:`bina.evaluation.io` and
:mod:`bina.core.ikm`, then checked against the agency: the unit code must name one of its public
service units (and, for an operator, one of theirs), in force on the date, and the date may not
lie in the future. All or nothing: one problem and nothing is stored; each problem names the
row (spreadsheet numbering, header = 1), the column and the rule broken.

Stored as :class:`~bina.stakeholders.models.SurveyResponse` with channel ``impor``; the time of
filling in is the date at noon (WITA), the period its year and quarter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

import numpy as np
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from bina.accounts.models import User
from bina.audit.services import audit_record
from bina.core.ikm import IkmError, IkmProblem
from bina.core.messages import Lang, Message, register
from bina.evaluation.io import ResponseTable, read_responses
from bina.org.models import Agency, Unit
from bina.stakeholders.models import SCORE_FIELDS, SurveyResponse

BATCH = 5000
CHANNEL = "impor"

register("survey_import.unknown_unit",
         id="baris {row}: {unit!r} bukan kode unit layanan publik instansi ini",
         en="row {row}: {unit!r} is not the code of a public service unit of this agency")
register("survey_import.not_yours",
         id="baris {row}: unit {unit} di luar unit yang Anda kelola",
         en="row {row}: unit {unit} is not one of the units you manage")
register("survey_import.future",
         id="baris {row}: tanggal {date} belum tiba",
         en="row {row}: the date {date} is in the future")
register("survey_import.inactive",
         id="baris {row}: unit {unit} tidak berlaku pada {date}",
         en="row {row}: unit {unit} was not in force on {date}")


@dataclass
class SurveyImportResult:
    imported: int = 0
    dry_run: bool = False
    by_unit: dict[str, int] = field(default_factory=dict)
    problems: list[IkmProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self, lang: Lang = "id", filename: str = "") -> dict[str, Any]:
        return {
            "ok": self.ok, "imported": self.imported, "dry_run": self.dry_run,
            "by_unit": self.by_unit,
            "errors": [{**p.as_dict(lang), "file": filename} for p in self.problems],
        }


def _first_rows(table: ResponseTable) -> dict[int, int]:
    """unit position → the spreadsheet row where it first appears."""
    positions, first = np.unique(table.unit_index, return_index=True)
    return {int(p): int(table.rows[i]) for p, i in zip(positions, first, strict=True)}


def _match_units(table: ResponseTable, agency: Agency, allowed: QuerySet[Unit] | None
                 ) -> tuple[dict[int, Unit], list[IkmProblem]]:
    candidates = list(Unit.objects.filter(agency=agency, is_public_service=True))
    by_code = {u.code: u for u in candidates}
    by_folded: dict[str, list[Unit]] = {}
    for u in candidates:
        by_folded.setdefault(u.code.casefold(), []).append(u)
    allowed_ids = set(allowed.values_list("id", flat=True)) if allowed is not None else None
    first = _first_rows(table)
    found: dict[int, Unit] = {}
    problems = []
    for position, code in enumerate(table.units):
        if position not in first:
            continue
        row = first[position]
        unit = by_code.get(code)
        if unit is None and len(by_folded.get(code.casefold(), [])) == 1:
            unit = by_folded[code.casefold()][0]
        if unit is None:
            problems.append(IkmProblem(row, "unit", Message("survey_import.unknown_unit",
                                                            {"row": row, "unit": code})))
        elif allowed_ids is not None and unit.pk not in allowed_ids:
            problems.append(IkmProblem(row, "unit", Message("survey_import.not_yours",
                                                            {"row": row, "unit": unit.code})))
        else:
            found[position] = unit
    return found, problems


def _check_dates(table: ResponseTable, units: dict[int, Unit], today: dt.date
                 ) -> list[IkmProblem]:
    problems = []
    for i in np.flatnonzero(table.days > today.toordinal()).tolist()[:50]:
        row = int(table.rows[i])
        problems.append(IkmProblem(row, "date", Message("survey_import.future", {
            "row": row, "date": dt.date.fromordinal(int(table.days[i])).isoformat()})))
    for position, unit in units.items():
        mask = table.unit_index == position
        days = table.days[mask]
        bad = days < unit.valid_from.toordinal()
        if unit.valid_to is not None:
            bad |= days >= unit.valid_to.toordinal()
        for i in np.flatnonzero(bad).tolist()[:20]:
            row = int(table.rows[mask][i])
            problems.append(IkmProblem(row, "date", Message("survey_import.inactive", {
                "row": row, "unit": unit.code,
                "date": dt.date.fromordinal(int(days[i])).isoformat()})))
    return sorted(problems, key=lambda p: (p.row or 0, p.column))


def survey_import_table(*, agency: Agency, table: ResponseTable, actor: User | None,
                        allowed: QuerySet[Unit] | None = None, dry_run: bool = False,
                        filename: str = "") -> SurveyImportResult:
    """Store the table's responses (all or nothing). ``allowed``: the units the importing user
    may write to (an operator's subtree); None for no restriction beyond the agency."""
    units, problems = _match_units(table, agency, allowed)
    problems += _check_dates(table, units, timezone.localdate())
    result = SurveyImportResult(dry_run=dry_run)
    if problems:
        result.problems = problems
        return result
    tz = timezone.get_current_timezone()
    noon: dict[int, dt.datetime] = {}
    rows = []
    for i in range(len(table)):
        unit = units[int(table.unit_index[i])]
        ordinal = int(table.days[i])
        moment = noon.get(ordinal)
        if moment is None:
            moment = dt.datetime.combine(dt.date.fromordinal(ordinal), dt.time(12), tzinfo=tz)
            noon[ordinal] = moment
        scores = table.scores[i]
        rows.append(SurveyResponse(
            unit=unit, submitted_at=moment, year=moment.year, quarter=(moment.month - 1) // 3 + 1,
            channel=CHANNEL,
            **{f: int(scores[j]) for j, f in enumerate(SCORE_FIELDS)},
        ))
        result.by_unit[unit.code] = result.by_unit.get(unit.code, 0) + 1
    result.imported = len(rows)
    if dry_run:
        return result
    with transaction.atomic():
        SurveyResponse.objects.bulk_create(rows, batch_size=BATCH)
        audit_record(actor=actor, agency=agency, action="import", object_type="survey_response",
                     object_label=filename[:200],
                     changes={"rows": len(rows), "by_unit": result.by_unit})
    return result


def survey_import(*, agency: Agency, file: IO[bytes], filename: str, actor: User | None,
                  allowed: QuerySet[Unit] | None = None, dry_run: bool = False
                  ) -> SurveyImportResult:
    """Read ``file`` (CSV or .xlsx, the columns of ``bina ikm``) and store it, all or nothing."""
    try:
        table = read_responses(file, filename)
    except IkmError as exc:
        return SurveyImportResult(dry_run=dry_run, problems=list(exc.problems))
    return survey_import_table(agency=agency, table=table, actor=actor, allowed=allowed,
                               dry_run=dry_run, filename=filename)

