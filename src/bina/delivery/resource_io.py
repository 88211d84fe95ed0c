"""The resource-person sheet (Excel): the template (filled with the agency's registry, so that
export → edit → import round-trips), the reader, and the all-or-nothing import.

Sheet "Narasumber", header row ``NAMA | JENIS | INSTANSI ASAL | JABATAN | SUREL | NOMOR HP |
BUKTI PRAKTIK BAIK | TAUTAN BUKTI | IKM | AKTIF | KEAHLIAN``. KEAHLIAN lists competency codes
with levels: ``M.5=5; M.1=4``. A row is matched to an existing person by name and home
agency."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.db import transaction
from django.db.models import Q
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from bina.accounts.models import User
from bina.core.messages import Message, register
from bina.core.roster import RowError
from bina.delivery.models import ResourceKind, ResourcePerson
from bina.delivery.resources import expertise_set, resource_person_upsert
from bina.delivery.services import DeliveryError
from bina.org.models import Agency
from bina.people.services import ImportReport
from bina.reference.models import Competency

SHEET = "Narasumber"
HEADERS = ("NAMA", "JENIS", "INSTANSI ASAL", "JABATAN", "SUREL", "NOMOR HP",
           "BUKTI PRAKTIK BAIK", "TAUTAN BUKTI", "IKM", "AKTIF", "KEAHLIAN")
MAX_ROWS = 5_000
TRUE = {"ya", "y", "aktif", "1", "true", "yes"}
FALSE = {"tidak", "t", "nonaktif", "0", "false", "no"}

register("resources.error", id="{error}", en="{error}")
register("resources.bad_file", id="bukan berkas narasumber yang dapat dibaca: {error}",
         en="not a readable resource-person file: {error}")


class ResourceFileError(ValueError):
    """The file is not a resource-person sheet."""


@dataclass(frozen=True)
class ResourceRow:
    row: int
    cells: dict[str, str]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def write_resource_template(file: IO[bytes], persons: Iterable[ResourcePerson]) -> int:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
    count = 0
    for p in persons:
        expertise = "; ".join(f"{e.competency.code}={e.level}"
                              for e in p.expertise.select_related("competency")
                              .order_by("competency__code"))
        ws.append([p.name, p.kind, p.home_label, p.position_title, p.email, p.phone,
                   p.evidence, p.evidence_url,
                   float(p.evidence_ikm) if p.evidence_ikm is not None else None,
                   "ya" if p.is_active else "tidak", expertise])
        ws.cell(ws.max_row, 6).number_format = "@"
        count += 1
    for letter, width in zip("ABCDEFGHIJK", (34, 14, 34, 28, 26, 16, 40, 28, 8, 8, 30),
                             strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    guide = wb.create_sheet("Petunjuk")
    for line in (
        ("Kolom", "Isi"),
        ("NAMA", "Nama lengkap dan gelar (wajib)"),
        ("JENIS", "narasumber, widyaiswara, mentor, coach atau praktisi (kosong: narasumber)"),
        ("INSTANSI ASAL", "Nama instansi asal; bersama NAMA menjadi kunci pencocokan"),
        ("IKM", "Indeks kepuasan masyarakat unit asal, 0–100 (boleh kosong)"),
        ("AKTIF", "ya atau tidak (kosong: ya)"),
        ("KEAHLIAN", "Kode kompetensi dan level 1–5, dipisah titik koma: M.5=5; M.1=4"),
        ("", "Impor: bina import resource_persons FILE. Semua atau tidak sama sekali."),
    ):
        guide.append(list(line))
    guide.column_dimensions["A"].width = 16
    guide.column_dimensions["B"].width = 90
    wb.save(file)
    return count


def read_resource_rows(file: IO[bytes]) -> list[ResourceRow]:
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ResourceFileError(str(exc)) from exc
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    columns: dict[str, int] | None = None
    rows: list[ResourceRow] = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [_text(v) for v in values]
        if columns is None:
            upper = [c.upper() for c in cells]
            if "NAMA" in upper and "KEAHLIAN" in upper:
                columns = {h: upper.index(h) for h in HEADERS if h in upper}
            elif number >= 10:
                break
            continue
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ResourceFileError(f"terlalu banyak baris (lebih dari {MAX_ROWS})")
        rows.append(ResourceRow(number, {h: cells[i] if i < len(cells) else ""
                                         for h, i in columns.items()}))
    wb.close()
    if columns is None:
        raise ResourceFileError("baris judul kolom NAMA … KEAHLIAN tidak ditemukan")
    return rows


def _levels(text: str, agency: Agency) -> tuple[dict[int, int], str | None]:
    levels: dict[int, int] = {}
    for part in filter(None, (p.strip() for p in text.replace(",", ";").split(";"))):
        code, sep, level = part.partition("=")
        if not sep or not level.strip().isdigit():
            return {}, f"tulis keahlian sebagai KODE=LEVEL, misalnya M.5=4 (bukan {part!r})"
        found = Competency.objects.filter(Q(agency__isnull=True) | Q(agency=agency),
                                          code=code.strip()).first()
        if found is None:
            return {}, f"kompetensi {code.strip()!r} tidak ada di kamus kompetensi"
        levels[found.pk] = int(level)
    return levels, None


def resource_persons_import(*, agency: Agency, rows: list[ResourceRow], user: User | None,
                            dry_run: bool = False) -> ImportReport:
    """Upsert every row and its expertise; any error and nothing is kept."""
    errors: list[RowError] = []
    created = updated = 0
    existing = set(ResourcePerson.objects.filter(agency=agency).values_list("pk", flat=True))
    with transaction.atomic():
        for r in rows:
            c = r.cells
            active = c.get("AKTIF", "").lower()
            if active and active not in TRUE | FALSE:
                errors.append(RowError(r.row, "AKTIF", Message("resources.error", {
                    "error": "tulis ya atau tidak"})))
                continue
            levels, problem = _levels(c.get("KEAHLIAN", ""), agency)
            if problem:
                errors.append(RowError(r.row, "KEAHLIAN",
                                       Message("resources.error", {"error": problem})))
                continue
            try:
                with transaction.atomic():
                    person = resource_person_upsert(
                        agency=agency, user=user, name=c.get("NAMA", ""),
                        kind=c.get("JENIS", "").lower() or ResourceKind.SPEAKER,
                        home_agency=c.get("INSTANSI ASAL", ""),
                        position_title=c.get("JABATAN", ""), email=c.get("SUREL", ""),
                        phone=c.get("NOMOR HP", ""), evidence=c.get("BUKTI PRAKTIK BAIK", ""),
                        evidence_url=c.get("TAUTAN BUKTI", ""),
                        evidence_ikm=c.get("IKM", "") or None,
                        is_active=active not in FALSE)
                    expertise_set(person=person, levels=levels, user=user)
            except DeliveryError as exc:
                errors.append(RowError(r.row, None,
                                       Message("resources.error", {"error": str(exc)})))
                continue
            if person.pk in existing:
                updated += 1
            else:
                created += 1
                existing.add(person.pk)
        if errors or dry_run:
            transaction.set_rollback(True)
    if errors:
        return ImportReport(ok=False, errors=tuple(errors), rows=len(rows))
    return ImportReport(ok=True, created=created, updated=updated, rows=len(rows),
                        dry_run=dry_run)
