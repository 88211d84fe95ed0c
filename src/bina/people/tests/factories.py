"""Small builders for the import/export tests: an agency with units and positions (through the
org services), valid NIPs, roster rows, and in-memory .xlsx/.csv files."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook

from bina.core.roster import EMPLOYEE_COLUMNS, Col
from bina.org.models import Agency, Position, Unit
from bina.org.services import position_create, unit_create

HEADERS = [c.name for c in EMPLOYEE_COLUMNS]


def excel_date(year: int, month: int, day: int) -> dt.datetime:
    """A date cell as openpyxl reads it: a naive datetime at midnight (Excel has no zones)."""
    return dt.datetime.combine(dt.date(year, month, day), dt.time())


@dataclass
class Roster:
    agency: Agency
    dinkes: Unit
    kominfo: Unit
    sekretariat_dinkes: Unit
    sekretariat_kominfo: Unit
    analyst: Position
    head: Position


def agency_create(code: str = "prov-uji", name: str = "Pemerintah Provinsi Uji") -> Agency:
    return Agency.objects.create(code=code, name=name, kind="provinsi")


def roster_world(code: str = "prov-uji") -> Roster:
    """An agency with two OPD, a "Sekretariat" under each (an ambiguous name) and two
    positions."""
    agency = agency_create(code)
    dinkes = unit_create(agency=agency, code="DINKES", name="Dinas Kesehatan", kind="opd")
    kominfo = unit_create(agency=agency, code="DISKOMINFO",
                          name="Dinas Komunikasi dan Informatika", kind="opd")
    sek1 = unit_create(agency=agency, code="DINKES-SEK", name="Sekretariat", kind="sekretariat",
                       parent=dinkes)
    sek2 = unit_create(agency=agency, code="KOMINFO-SEK", name="Sekretariat",
                       kind="sekretariat", parent=kominfo)
    analyst = position_create(agency=agency, code="ANALIS", name="Analis Kebijakan Ahli Muda",
                              position_type="fungsional", functional_level="ahli_muda")
    head = position_create(agency=agency, code="KADINKES", name="Kepala Dinas Kesehatan",
                           position_type="jpt_pratama", unit=dinkes)
    return Roster(agency, dinkes, kominfo, sek1, sek2, analyst, head)


def make_nip(serial: int, *, birth: dt.date = dt.date(1985, 3, 12), tmt: str = "201001",
             female: bool = False, pppk: bool = False) -> str:
    """A valid NIP. PPPK: ``tmt`` is ``YYYY`` + ``21`` (code 2, frequency 1)."""
    middle = (tmt[:4] + "21") if pppk else tmt
    return f"{birth:%Y%m%d}{middle}{2 if female else 1}{serial:03d}"


def employee_row(serial: int = 1, **overrides: object) -> dict[str, object]:
    """A valid PNS row of ``roster_world``'s agency (canonical headers)."""
    row: dict[str, object] = {
        Col.NIP: make_nip(serial),
        Col.NAME: f"Pegawai {serial}",
        Col.FRONT_TITLE: "",
        Col.BACK_TITLE: "S.E.",
        Col.STATUS: "PNS",
        Col.PART_TIME: "T",
        Col.SEX: "",
        Col.BIRTH_DATE: "",
        Col.GRADE: "III/b",
        Col.EDUCATION: "S1",
        Col.MAJOR: "Manajemen",
        Col.UNIT: "Dinas Kesehatan",
        Col.POSITION: "Analis Kebijakan Ahli Muda",
        Col.POSITION_TYPE: "",
        Col.LEVEL: "",
        Col.SUPERVISOR: "",
        Col.TEACHER: "T",
        Col.EMAIL: f"pegawai{serial}@example.go.id",
        Col.PHONE: f"0812000{serial:05d}",
    }
    row.update(overrides)
    return row


def xlsx_file(rows: Iterable[Mapping[str, object]], *, headers: Sequence[str] | None = None,
              sheet: str = "Pegawai", title_rows: Sequence[Sequence[Any]] = ()) -> io.BytesIO:
    """An .xlsx with ``headers`` (default: the template's) and ``rows`` keyed by header."""
    rows = list(rows)
    names = list(headers) if headers is not None else HEADERS
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = sheet
    for title in title_rows:
        ws.append(list(title))
    ws.append(names)
    for row in rows:
        ws.append([_cell(row.get(name)) for name in names])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _cell(value: object) -> Any:
    return None if value == "" else value


def csv_file(rows: Iterable[Mapping[str, object]], *, headers: Sequence[str] | None = None,
             delimiter: str = ",", encoding: str = "utf-8") -> io.BytesIO:
    names = list(headers) if headers is not None else HEADERS
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(n) is None else str(row.get(n)) for n in names])
    return io.BytesIO(text.getvalue().encode(encoding))
