"""Imports of the needs-analysis stage: the responses workbook of a round (the paper/Excel path)
and the performance predicates that feed the performance gap.

Both follow the roster import's contract (``bina.people.services.employees_import``): the file
is read with ``read_table``, every row is checked against lookups loaded in a few queries, every
problem is reported as a :class:`RowError` (row and column as the user sees them), and only a
file without a single error is written, in one transaction.

**Responses** (:func:`responses_import`). Keys: NIP (a participant of the round) and KODE
KOMPETENSI (a competency of the round). The answer cells (LEVEL DIRI, LEVEL ATASAN, KEPENTINGAN,
KEMAMPUAN) are whole numbers 1–5 or blank. *A re-import overwrites the cells it gives and leaves
the stored value of a blank cell as it is* (so the self-assessment sheets and the supervisors'
sheets can come back separately; a stored answer is cleared on the web form, not by a blank
cell). A row whose four answer cells are blank changes nothing. ``self_submitted_at`` is set
for a participant with any self/Borich answer in the file, ``supervisor_submitted_at`` for one
with a supervisor level. Only an open round takes answers (a draft or closed round refuses the
whole file).

Speed: the rows are written with ``cursor.executemany`` (inserts: PostgreSQL ``COPY``), not the
ORM: 384,000 rows in a few seconds. The audit trail gets one ``import`` event with the counts,
not one event per answer.

**Performance** (:func:`performance_import`). Upsert on (employee, year, period kind, period
number) into ``people.PerformanceRecord``; the predicate is computed from the two ratings
(``bina.core.performance.performance_predicate``), must match them when given too, and may be
given alone. Every created or updated record is audited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from bina.audit.services import AuditEntry, audit_record, audit_record_many, diff_fields
from bina.core.messages import Message, register
from bina.core.nip import NipError, clean_nip
from bina.core.performance import Predicate, Rating, performance_predicate
from bina.core.roster import RowError, SheetRow
from bina.jobs.registry import Progress, no_progress
from bina.needs.io import (
    ANSWER_FIELDS,
    PERFORMANCE_COLUMNS,
    PERFORMANCE_SHEET,
    PCol,
    RCol,
    ResponseRow,
    parse_level,
    read_responses,
    write_responses_workbook,
)
from bina.needs.models import Answer, NeedsRound, Participant, RoundStandard, RoundStatus
from bina.people.io.tabular import TabularError, read_table
from bina.people.models import Employee, PerformanceRecord
from bina.people.services import ImportReport
from bina.reference.models import Competency, CompetencyLevel

if TYPE_CHECKING:
    from bina.accounts.models import User
    from bina.org.models import Agency, Unit

CHUNK = 900
ROW_BYTES = 400  # the size limit of a responses file grows with the round: bytes per row

for _code, _id, _en in (
    ("responses.round_draft",
     "putaran {round} masih draf; kirim (buka) putaran lebih dulu, baru impor jawaban",
     "round {round} is still a draft; send (open) it before importing answers"),
    ("responses.round_closed",
     "putaran {round} sudah ditutup; jawabannya dibekukan dan tidak dapat diimpor lagi",
     "round {round} is closed; its answers are frozen and cannot be imported"),
    ("responses.no_answer_columns",
     "tidak ada kolom jawaban; minimal satu dari: {columns}",
     "no answer column; at least one of: {columns}"),
    ("responses.no_rows", "file tidak berisi baris data", "the file has no data rows"),
    ("responses.level", "{column} harus bilangan bulat 1–5, bukan {value!r}",
     "{column} must be a whole number 1–5, not {value!r}"),
    ("responses.nip_unknown", "NIP {nip} tidak terdaftar di instansi",
     "NIP {nip} is not registered with the agency"),
    ("responses.nip_not_in_round", "pegawai NIP {nip} bukan peserta putaran {round}",
     "the employee with NIP {nip} does not take part in round {round}"),
    ("responses.required", "{column} wajib diisi", "{column} is required"),
    ("responses.competency_unknown", "kode kompetensi {code!r} tidak ada di kamus kompetensi",
     "competency code {code!r} is not in the competency dictionary"),
    ("responses.competency_not_in_round",
     "kompetensi {code} tidak ditanyakan dalam putaran {round}; yang ditanyakan: {codes}",
     "competency {code} is not asked in round {round}; the round asks: {codes}"),
    ("responses.duplicate", "NIP {nip} dengan kompetensi {code} sudah ada di baris {other}",
     "NIP {nip} with competency {code} already appears on row {other}"),
    ("performance.nip_unknown", "NIP {nip} tidak terdaftar di instansi",
     "NIP {nip} is not registered with the agency"),
    ("performance.year", "TAHUN harus tahun 2000–{max}, bukan {value!r}",
     "TAHUN must be a year 2000–{max}, not {value!r}"),
    ("performance.period", "PERIODE harus tahunan, triwulan atau bulanan, bukan {value!r}",
     "PERIODE must be tahunan, triwulan or bulanan, not {value!r}"),
    ("performance.number", "NOMOR PERIODE untuk periode {period} harus 1–{max}, bukan {value!r}",
     "NOMOR PERIODE for period {period} must be 1–{max}, not {value!r}"),
    ("performance.rating",
     "{column} harus Di atas ekspektasi, Sesuai ekspektasi atau Di bawah ekspektasi, "
     "bukan {value!r}",
     "{column} must be Di atas ekspektasi, Sesuai ekspektasi or Di bawah ekspektasi, "
     "not {value!r}"),
    ("performance.rating_pair", "HASIL KERJA dan PERILAKU KERJA harus diisi keduanya",
     "HASIL KERJA and PERILAKU KERJA must both be given"),
    ("performance.predicate",
     "predikat {value!r} tidak dikenal; yang diterima: Sangat Baik, Baik, Butuh Perbaikan, "
     "Kurang/Misconduct, Sangat Kurang",
     "unknown predicate {value!r}; accepted: Sangat Baik, Baik, Butuh Perbaikan, "
     "Kurang/Misconduct, Sangat Kurang"),
    ("performance.predicate_mismatch",
     "predikat {value!r} tidak sesuai kedua rating: matriksnya memberi {expected}",
     "predicate {value!r} does not match the two ratings: the matrix gives {expected}"),
    ("performance.predicate_required",
     "isi HASIL KERJA dan PERILAKU KERJA, atau PREDIKAT",
     "give HASIL KERJA and PERILAKU KERJA, or PREDIKAT"),
    ("performance.duplicate",
     "NIP {nip} periode {period} {number} tahun {year} sudah ada di baris {other}",
     "NIP {nip} period {period} {number} of {year} already appears on row {other}"),
):
    register(_code, id=_id, en=_en)


def _refused(message: Message, *, dry_run: bool = False) -> ImportReport:
    return ImportReport(ok=False, errors=(RowError(None, None, message),), dry_run=dry_run)


# --------------------------------------------------------------------------------------------
# Responses


AnswerValues = tuple[int | None, int | None, int | None, int | None]  # self, sup, imp, abl
_FIELD_ORDER = ("self_level", "supervisor_level", "importance", "ability")


@dataclass(frozen=True)
class _RoundLookups:
    round_code: str
    participants: Mapping[str, int]  # NIP → participant id
    agency_nips: frozenset[str]
    competencies: Mapping[str, int]  # upper-case code → competency id (of the round)
    dictionary_codes: frozenset[str]  # upper-case codes of the dictionary (any agency's own)

    def codes_text(self) -> str:
        return ", ".join(sorted(self.competencies))


def _round_lookups(needs_round: NeedsRound) -> _RoundLookups:
    participants = dict(Participant.objects.filter(round=needs_round)
                        .values_list("employee__nip", "id"))
    competencies = {code.upper(): cid for cid, code in needs_round.competencies.values_list(
        "competency_id", "competency__code")}
    agency_id = needs_round.agency_id
    dictionary = Competency.objects.filter(agency__isnull=True) | Competency.objects.filter(
        agency_id=agency_id)
    return _RoundLookups(
        round_code=needs_round.code,
        participants=participants,
        agency_nips=frozenset(Employee.objects.filter(agency_id=agency_id)
                              .values_list("nip", flat=True)),
        competencies=competencies,
        dictionary_codes=frozenset(c.upper() for c in dictionary.values_list("code", flat=True)),
    )


def _nip_error(value: object, lookups: _RoundLookups) -> Message:
    try:
        nip = clean_nip(value)
    except NipError as exc:
        return exc.message
    if nip in lookups.agency_nips:
        return Message("responses.nip_not_in_round", {"nip": nip, "round": lookups.round_code})
    return Message("responses.nip_unknown", {"nip": nip})


def _participant(value: object, lookups: _RoundLookups) -> int | None:
    found = lookups.participants.get(value) if isinstance(value, str) else None
    if found is not None:
        return found
    try:
        return lookups.participants.get(clean_nip(value))
    except NipError:
        return None


def _competency_error(code: str, lookups: _RoundLookups) -> Message:
    if code.upper() in lookups.dictionary_codes:
        return Message("responses.competency_not_in_round", {
            "code": code, "round": lookups.round_code, "codes": lookups.codes_text()})
    return Message("responses.competency_unknown", {"code": code})


@dataclass(frozen=True)
class _Validated:
    answers: dict[tuple[int, int], AnswerValues]  # (participant, competency) → given values
    errors: list[RowError]


def _validate_responses(rows: Sequence[SheetRow], answer_columns: Sequence[str],
                        lookups: _RoundLookups) -> _Validated:
    answers: dict[tuple[int, int], AnswerValues] = {}
    first_row: dict[tuple[int, int], int] = {}
    errors: list[RowError] = []
    competencies = lookups.competencies
    columns = [(c, c in answer_columns) for c in (RCol.SELF, RCol.SUPERVISOR, RCol.IMPORTANCE,
                                                    RCol.ABILITY)]
    for row in rows:
        values = row.values
        number = row.row_number
        ok = True
        raw_nip = values.get(RCol.NIP)
        pid: int | None = None
        if raw_nip is None:
            errors.append(RowError(number, RCol.NIP,
                                   Message("responses.required", {"column": RCol.NIP})))
            ok = False
        else:
            pid = _participant(raw_nip, lookups)
            if pid is None:
                errors.append(RowError(number, RCol.NIP, _nip_error(raw_nip, lookups)))
                ok = False
        raw_code = values.get(RCol.CODE)
        cid: int | None = None
        if raw_code is None:
            errors.append(RowError(number, RCol.CODE,
                                   Message("responses.required", {"column": RCol.CODE})))
            ok = False
        else:
            code = str(raw_code).strip()
            cid = competencies.get(code.upper())
            if cid is None:
                errors.append(RowError(number, RCol.CODE, _competency_error(code, lookups)))
                ok = False
        levels: list[int | None] = []
        for column, present in columns:
            if not present:
                levels.append(None)
                continue
            raw = values.get(column)
            try:
                levels.append(parse_level(raw))
            except ValueError:
                errors.append(RowError(number, column, Message(
                    "responses.level", {"column": column, "value": raw})))
                levels.append(None)
                ok = False
        if not ok or pid is None or cid is None:
            continue
        key = (pid, cid)
        other = first_row.get(key)
        if other is not None:
            errors.append(RowError(number, RCol.CODE, Message("responses.duplicate", {
                "nip": clean_nip(raw_nip), "code": str(raw_code).strip(), "other": other})))
            continue
        first_row[key] = number
        if levels[0] is None and levels[1] is None and levels[2] is None and levels[3] is None:
            continue
        answers[key] = (levels[0], levels[1], levels[2], levels[3])
    return _Validated(answers, errors)


def _stored_answers(needs_round: NeedsRound) -> dict[tuple[int, int], tuple[int, AnswerValues]]:
    rows = Answer.objects.filter(participant__round=needs_round).values_list(
        "id", "participant_id", "competency_id", *_FIELD_ORDER)
    return {(p, c): (pk, (s, v, i, a)) for pk, p, c, s, v, i, a in rows.iterator(5000)}


def _merge(stored: AnswerValues, given: AnswerValues) -> AnswerValues:
    return (
        stored[0] if given[0] is None else given[0],
        stored[1] if given[1] is None else given[1],
        stored[2] if given[2] is None else given[2],
        stored[3] if given[3] is None else given[3],
    )


@dataclass(frozen=True)
class _ResponsePlan:
    creates: list[tuple[int, int, int | None, int | None, int | None, int | None]]
    updates: list[tuple[int | None, int | None, int | None, int | None, int]]  # values, id
    unchanged: int
    self_answered: set[int]
    supervisor_answered: set[int]


def _response_plan(answers: Mapping[tuple[int, int], AnswerValues],
                   stored: Mapping[tuple[int, int], tuple[int, AnswerValues]]) -> _ResponsePlan:
    creates = []
    updates = []
    unchanged = 0
    self_answered: set[int] = set()
    supervisor_answered: set[int] = set()
    for (pid, cid), given in answers.items():
        if given[0] is not None or given[2] is not None or given[3] is not None:
            self_answered.add(pid)
        if given[1] is not None:
            supervisor_answered.add(pid)
        old = stored.get((pid, cid))
        if old is None:
            creates.append((pid, cid, *given))
            continue
        merged = _merge(old[1], given)
        if merged == old[1]:
            unchanged += 1
        else:
            updates.append((*merged, old[0]))
    return _ResponsePlan(creates, updates, unchanged, self_answered, supervisor_answered)


def _write_answers(plan: _ResponsePlan) -> None:
    """Raw SQL: ``executemany`` (PostgreSQL: ``COPY`` for the inserts). The check constraint
    and the unique constraint still guard the table."""
    meta = Answer._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ("participant", "competency", *_FIELD_ORDER)
    attnames = {f.name: f.column for f in meta.concrete_fields}
    columns = [quote(attnames[n]) for n in names]
    with connection.cursor() as cursor:
        if plan.creates:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor, for COPY
                with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for record in plan.creates:
                        copy.write_row(record)
            else:
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, plan.creates)
        if plan.updates:
            sets = ", ".join(f"{c} = %s" for c in columns[2:])
            sql = f"UPDATE {table} SET {sets} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
            cursor.executemany(sql, plan.updates)


def _stamp(participants: Iterable[int], field: str, now: Any) -> None:
    ids = sorted(participants)
    for start in range(0, len(ids), CHUNK):
        Participant.objects.filter(pk__in=ids[start:start + CHUNK]).update(**{field: now})


def responses_import(
    *,
    needs_round: NeedsRound,
    file: IO[bytes],
    filename: str,
    actor: User | None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportReport:
    """Import a responses workbook (.xlsx or .csv, the columns of ``bina template responses``)
    into ``needs_round``. All-or-nothing; ``created`` counts new answer rows, ``updated``
    answer rows whose stored values changed, ``unchanged`` the others (rows with four blank
    answer cells count nowhere). ``dry_run`` validates and counts but writes nothing."""
    if needs_round.status != RoundStatus.OPEN:
        key = ("responses.round_closed" if needs_round.status == RoundStatus.CLOSED
               else "responses.round_draft")
        return _refused(Message(key, {"round": needs_round.code}), dry_run=dry_run)
    lookups = _round_lookups(needs_round)
    expected = len(lookups.participants) * max(1, len(lookups.competencies))
    max_rows = max(settings.BINA_MAX_IMPORT_ROWS, expected + 1000)
    max_bytes = max(settings.BINA_MAX_IMPORT_BYTES, ROW_BYTES * max_rows)
    try:
        table = read_responses(file, filename, max_rows=max_rows, max_bytes=max_bytes,
                               on_row=lambda n: progress(n, 0, "membaca"))
    except TabularError as exc:
        return _refused(exc.message, dry_run=dry_run)
    answer_columns = [c for c in table.columns if c in ANSWER_FIELDS]
    if not answer_columns:
        return _refused(Message("responses.no_answer_columns",
                                {"columns": ", ".join(ANSWER_FIELDS)}), dry_run=dry_run)
    rows = table.rows
    if not rows:
        return _refused(Message("responses.no_rows"), dry_run=dry_run)
    progress(0, len(rows), "memeriksa")
    validated = _validate_responses(rows, answer_columns, lookups)
    if validated.errors:
        return ImportReport(ok=False, errors=tuple(validated.errors), rows=len(rows),
                            dry_run=dry_run)
    with transaction.atomic():
        locked = NeedsRound.objects.select_for_update().get(pk=needs_round.pk)
        if locked.status != RoundStatus.OPEN:  # closed meanwhile
            return _refused(Message("responses.round_closed", {"round": needs_round.code}),
                            dry_run=dry_run)
        plan = _response_plan(validated.answers, _stored_answers(needs_round))
        if not dry_run:
            progress(0, len(rows), "menyimpan")
            _write_answers(plan)
            now = timezone.now()
            _stamp(plan.self_answered, "self_submitted_at", now)
            _stamp(plan.supervisor_answered, "supervisor_submitted_at", now)
            audit_record(actor=actor, agency=needs_round.agency, action="import",
                         object_type="needs_answer", object_id=needs_round.pk,
                         object_label=f"{needs_round.code}: {filename}",
                         changes={"created": len(plan.creates), "updated": len(plan.updates),
                                  "unchanged": plan.unchanged})
    progress(len(rows), len(rows), "selesai")
    return ImportReport(ok=True, created=len(plan.creates), updated=len(plan.updates),
                        unchanged=plan.unchanged, rows=len(rows), dry_run=dry_run)


# --------------------------------------------------------------------------------------------
# Performance predicates


_PERIODS = {"tahunan": ("tahunan", 1), "tahun": ("tahunan", 1), "annual": ("tahunan", 1),
            "triwulan": ("triwulan", 4), "triwulanan": ("triwulan", 4),
            "quarterly": ("triwulan", 4), "bulanan": ("bulanan", 12), "bulan": ("bulanan", 12),
            "monthly": ("bulanan", 12)}
_RATING_WORDS = {
    "diatas": Rating.ABOVE, "atas": Rating.ABOVE, "above": Rating.ABOVE,
    "sesuai": Rating.MEETS, "meets": Rating.MEETS,
    "dibawah": Rating.BELOW, "bawah": Rating.BELOW, "below": Rating.BELOW,
}
_PREDICATE_WORDS = {
    "sangatbaik": Predicate.VERY_GOOD, "baik": Predicate.GOOD,
    "butuhperbaikan": Predicate.NEEDS_IMPROVEMENT, "perluperbaikan": Predicate.NEEDS_IMPROVEMENT,
    "kurang": Predicate.POOR, "misconduct": Predicate.POOR, "kurangmisconduct": Predicate.POOR,
    "sangatkurang": Predicate.VERY_POOR,
}
_PREDICATE_LABELS = {
    Predicate.VERY_GOOD: "Sangat Baik", Predicate.GOOD: "Baik",
    Predicate.NEEDS_IMPROVEMENT: "Butuh Perbaikan", Predicate.POOR: "Kurang/Misconduct",
    Predicate.VERY_POOR: "Sangat Kurang",
}


def _word(value: object) -> str:
    return re.sub(r"[^a-z]", "", str(value).casefold())


def parse_rating(value: object) -> Rating:
    """'Di atas ekspektasi', 'diatas', 'DI ATAS', 'above expectations'… → :class:`Rating`."""
    word = _word(value).replace("ekspektasi", "").replace("expectations", "").replace(
        "expectation", "")
    if word in _RATING_WORDS:
        return _RATING_WORDS[word]
    raise ValueError(value)


def parse_predicate(value: object) -> Predicate:
    word = _word(value)
    if word in _PREDICATE_WORDS:
        return _PREDICATE_WORDS[word]
    raise ValueError(value)


def _whole(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    number = float(str(value).strip().replace(",", "."))
    if not number.is_integer():
        raise ValueError(value)
    return int(number)


@dataclass(frozen=True)
class PerformanceRow:
    employee_id: int
    year: int
    period_kind: str
    period_number: int
    result_rating: str
    behaviour_rating: str
    predicate: str

    @property
    def key(self) -> tuple[int, int, str, int]:
        return (self.employee_id, self.year, self.period_kind, self.period_number)


class _RowCheck:
    def __init__(self, row: SheetRow, errors: list[RowError]) -> None:
        self.row, self.errors, self.ok = row, errors, True

    def fail(self, where: str, code: str, **params: object) -> None:
        self.errors.append(RowError(self.row.row_number, where,
                                    Message(f"performance.{code}", params)))
        self.ok = False


def _performance_row(row: SheetRow, employees: Mapping[str, int], max_year: int,
                     errors: list[RowError]) -> tuple[PerformanceRow | None, str]:
    check = _RowCheck(row, errors)
    values = row.values
    nip, employee_id = "", 0
    try:
        nip = clean_nip(values.get(PCol.NIP))
        employee_id = employees.get(nip, 0)
        if not employee_id:
            check.fail(PCol.NIP, "nip_unknown", nip=nip)
    except NipError as exc:
        errors.append(RowError(row.row_number, PCol.NIP, exc.message))
        check.ok = False
    year = 0
    try:
        year = _whole(values.get(PCol.YEAR))
        if not 2000 <= year <= max_year:
            raise ValueError(year)
    except (TypeError, ValueError):
        check.fail(PCol.YEAR, "year", value=values.get(PCol.YEAR), max=max_year)
    raw_period = values.get(PCol.PERIOD)
    kind, top = _PERIODS.get(_word(raw_period) if raw_period is not None else "tahunan",
                             ("", 0))
    if not kind:
        check.fail(PCol.PERIOD, "period", value=raw_period)
    raw_number = values.get(PCol.NUMBER)
    number = 1
    if raw_number is not None:
        try:
            number = _whole(raw_number)
        except (TypeError, ValueError):
            number = 0
    if kind and not 1 <= number <= top:
        check.fail(PCol.NUMBER, "number", period=kind, max=top, value=raw_number)
    ratings: dict[str, Rating | None] = {}
    for column in (PCol.RESULT, PCol.BEHAVIOUR):
        raw = values.get(column)
        ratings[column] = None
        if raw is not None:
            try:
                ratings[column] = parse_rating(raw)
            except ValueError:
                check.fail(column, "rating", column=column, value=raw)
    result, behaviour = ratings[PCol.RESULT], ratings[PCol.BEHAVIOUR]
    raw_predicate = values.get(PCol.PREDICATE)
    predicate: Predicate | None = None
    if raw_predicate is not None:
        try:
            predicate = parse_predicate(raw_predicate)
        except ValueError:
            check.fail(PCol.PREDICATE, "predicate", value=raw_predicate)
    given = [values.get(PCol.RESULT) is not None, values.get(PCol.BEHAVIOUR) is not None]
    if any(given) and not all(given):
        check.fail(PCol.BEHAVIOUR if given[0] else PCol.RESULT, "rating_pair")
    elif result is not None and behaviour is not None:
        expected = performance_predicate(result, behaviour)
        if predicate is not None and predicate != expected:
            check.fail(PCol.PREDICATE, "predicate_mismatch", value=raw_predicate,
                       expected=_PREDICATE_LABELS[expected])
        predicate = expected
    elif raw_predicate is None and not any(given):
        check.fail(PCol.PREDICATE, "predicate_required")
    if not check.ok or predicate is None:
        return None, nip
    return PerformanceRow(employee_id, year, kind, number,
                          result.value if result else "", behaviour.value if behaviour else "",
                          predicate.value), nip


@dataclass(frozen=True)
class _Stored:
    pk: int
    result_rating: str
    behaviour_rating: str
    predicate: str


def _stored_performance(agency: Agency) -> dict[tuple[int, int, str, int], _Stored]:
    rows = PerformanceRecord.objects.filter(employee__agency=agency).values_list(
        "id", "employee_id", "year", "period_kind", "period_number", "result_rating",
        "behaviour_rating", "predicate")
    return {(e, y, k, n): _Stored(pk, r, b, p) for pk, e, y, k, n, r, b, p in rows}


def _record_dict(result: str, behaviour: str, predicate: str) -> dict[str, object]:
    return {"result_rating": result or None, "behaviour_rating": behaviour or None,
            "predicate": predicate}


def performance_import(
    *,
    agency: Agency,
    file: IO[bytes],
    filename: str,
    actor: User | None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportReport:
    """Import performance predicates (columns of ``bina.needs.io.PERFORMANCE_COLUMNS``) for
    employees of ``agency``: upsert on (employee, year, period kind, period number), audited.
    All-or-nothing; ``dry_run`` validates and counts but writes nothing. Rounds opened later
    freeze each participant's latest predicate (the annual one first)."""
    try:
        table = read_table(file, filename, columns=PERFORMANCE_COLUMNS,
                           sheet_name=PERFORMANCE_SHEET,
                           max_rows=settings.BINA_MAX_IMPORT_ROWS,
                           max_bytes=settings.BINA_MAX_IMPORT_BYTES,
                           on_row=lambda n: progress(n, 0, "membaca"))
    except TabularError as exc:
        return _refused(exc.message, dry_run=dry_run)
    rows = table.rows
    if not rows:
        return _refused(Message("responses.no_rows"), dry_run=dry_run)
    progress(0, len(rows), "memeriksa")
    employees = dict(Employee.objects.filter(agency=agency).values_list("nip", "id"))
    names = dict(Employee.objects.filter(agency=agency).values_list("id", "name"))
    max_year = timezone.localdate().year + 1
    errors: list[RowError] = []
    records: list[PerformanceRow] = []
    first: dict[tuple[int, int, str, int], int] = {}
    for row in rows:
        record, nip = _performance_row(row, employees, max_year, errors)
        if record is None:
            continue
        other = first.get(record.key)
        if other is not None:
            errors.append(RowError(row.row_number, PCol.NIP, Message("performance.duplicate", {
                "nip": nip, "period": record.period_kind, "number": record.period_number,
                "year": record.year, "other": other})))
            continue
        first[record.key] = row.row_number
        records.append(record)
    if errors:
        return ImportReport(ok=False, errors=tuple(errors), rows=len(rows), dry_run=dry_run)
    with transaction.atomic():
        stored = _stored_performance(agency)
        creates: list[PerformanceRow] = []
        updates: list[tuple[_Stored, PerformanceRow]] = []
        for record in records:
            old = stored.get(record.key)
            if old is None:
                creates.append(record)
            elif (old.result_rating, old.behaviour_rating, old.predicate) != (
                    record.result_rating, record.behaviour_rating, record.predicate):
                updates.append((old, record))
        unchanged = len(records) - len(creates) - len(updates)
        if not dry_run:
            _write_performance(agency, actor, filename, creates, updates, unchanged, names)
    progress(len(rows), len(rows), "selesai")
    return ImportReport(ok=True, created=len(creates), updated=len(updates),
                        unchanged=unchanged, rows=len(rows), dry_run=dry_run)


def _write_performance(agency: Agency, actor: User | None, filename: str,
                       creates: Sequence[PerformanceRow],
                       updates: Sequence[tuple[_Stored, PerformanceRow]], unchanged: int,
                       names: Mapping[int, str]) -> None:
    created = PerformanceRecord.objects.bulk_create(
        [PerformanceRecord(employee_id=r.employee_id, year=r.year, period_kind=r.period_kind,
                           period_number=r.period_number, result_rating=r.result_rating,
                           behaviour_rating=r.behaviour_rating, predicate=r.predicate)
         for r in creates], batch_size=1000)
    PerformanceRecord.objects.bulk_update(
        [PerformanceRecord(pk=old.pk, result_rating=r.result_rating,
                           behaviour_rating=r.behaviour_rating, predicate=r.predicate)
         for old, r in updates],
        ["result_rating", "behaviour_rating", "predicate"], batch_size=1000)

    def label(r: PerformanceRow) -> str:
        return f"{names.get(r.employee_id, r.employee_id)} {r.year} {r.period_kind} " \
               f"{r.period_number}"

    entries = [AuditEntry("create", "performance_record", str(obj.pk), label(r),
                          diff_fields({}, _record_dict(r.result_rating, r.behaviour_rating,
                                                       r.predicate)))
               for obj, r in zip(created, creates, strict=True)]
    entries += [AuditEntry("update", "performance_record", str(old.pk), label(r),
                           diff_fields(_record_dict(old.result_rating, old.behaviour_rating,
                                                    old.predicate),
                                       _record_dict(r.result_rating, r.behaviour_rating,
                                                    r.predicate)))
                for old, r in updates]
    audit_record_many(actor=actor, agency=agency, entries=entries)
    audit_record(actor=actor, agency=agency, action="import", object_type="performance_record",
                 object_label=filename,
                 changes={"created": len(creates), "updated": len(updates),
                          "unchanged": unchanged})


# --------------------------------------------------------------------------------------------
# Responses template


def _response_rows(needs_round: NeedsRound, unit: Unit | None) -> Iterator[ResponseRow]:
    comps = dict(needs_round.competencies.values_list("competency_id", "competency__code"))
    names = dict(Competency.objects.filter(pk__in=comps).values_list("id", "name"))
    standard: dict[int, list[tuple[str, str, int]]] = {}
    for position, cid, level in RoundStandard.objects.filter(
            round=needs_round, competency_id__in=comps).values_list(
            "position_id", "competency_id", "required_level"):
        standard.setdefault(position, []).append((comps[cid], names[cid], level))
    for lines in standard.values():
        lines.sort()
    participants = Participant.objects.filter(round=needs_round)
    if unit is not None:
        participants = participants.filter(unit__path__startswith=unit.path)
    for nip, name, unit_name, position in participants.order_by(
            "unit__path", "employee__name", "employee__nip").values_list(
            "employee__nip", "employee__name", "unit__name", "position_id").iterator(5000):
        for code, competency, level in standard.get(position, ()):
            yield ResponseRow(nip, name, unit_name, code, competency, level)


def responses_template(*, needs_round: NeedsRound, file: IO[bytes],
                       unit: Unit | None = None) -> int:
    """Write the round's responses workbook, prefilled with one row per participant (of
    ``unit`` and its sub-units, or all) × competency of the participant's frozen position
    standard. Returns the number of rows."""
    comps = list(needs_round.competencies.select_related("competency")
                 .order_by("competency__code"))
    texts: dict[int, dict[int, str]] = {}
    for cid, level, description in CompetencyLevel.objects.filter(
            competency_id__in=[rc.competency_id for rc in comps]).values_list(
            "competency_id", "level", "description"):
        texts.setdefault(cid, {})[level] = description
    levels = [(rc.competency.code, rc.competency.name, texts.get(rc.competency_id, {}))
              for rc in comps]
    return write_responses_workbook(file, _response_rows(needs_round, unit),
                                    round_label=f"{needs_round.name} ({needs_round.code})",
                                    levels=levels)
