"""``bina jp``: progress on the 20 JP right for a year, and the SIASN export (issue 5).

``bina jp --year YYYY --format json|xlsx [-o FILE] [--unit KODE] [--agency KODE]``: JSON
``{"year": YYYY, "people": [{"nip", "name", "unit", "planned_jp", "earned_jp", "status"}]}``
(``unit`` is the code of the unit at the year's end; numbers are JSON numbers; status is met,
on_track, at_risk, exempt or not_applicable); xlsx: one row per person with an Indonesian
header row, and a summary sheet.

``bina jp export-siasn --year YYYY -o FILE.xlsx``: the year's completed development per person
in the SIASN riwayat kursus columns (``bina.ledger.io``).

Exit status: 0 success, 2 refused input (a bad year, an unknown unit or agency, xlsx without
-o), 1 anything else.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

EXAMPLE = "bina jp --year 2026 --format json --unit DINKES"
SIASN_EXAMPLE = "bina jp export-siasn --year 2026 -o siasn-2026.xlsx"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class Command(BaseCommand):
    help = ("Capaian hak 20 JP per pegawai dalam satu tahun (JSON atau Excel), atau ekspor "
            "riwayat pengembangan tahun itu untuk SIASN (export-siasn). Keluar 0 bila "
            f"berhasil, 2 bila masukan ditolak. Contoh: {EXAMPLE}; {SIASN_EXAMPLE}")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["export-siasn"], metavar="export-siasn",
                            help="ekspor riwayat kursus untuk SIASN (wajib -o FILE.xlsx)")
        parser.add_argument("--year", required=True, metavar="TAHUN", help="tahun, mis. 2026")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json",
                            help="json (bawaan) atau xlsx")
        parser.add_argument("-o", "--output", metavar="FILE",
                            help="file yang ditulis (wajib untuk xlsx)")
        parser.add_argument("--unit", metavar="KODE",
                            help="hanya unit ini dan subunitnya (kode unit)")
        parser.add_argument("--agency", metavar="KODE",
                            help="kode instansi (bawaan: satu-satunya instansi)")

    def handle(self, *args: Any, **options: Any) -> None:
        from bina.ledger import io as ledger_io
        from bina.ledger import selectors as progress
        from bina.org.models import Agency, Unit

        text = str(options["year"]).strip()
        if not text.isdigit() or not 2000 <= int(text) <= 2100:
            raise CommandError(f"--year harus tahun empat angka (2000–2100), bukan {text!r}.",
                               returncode=2)
        year = int(text)
        agencies = Agency.objects.all()
        if options["agency"]:
            agencies = agencies.filter(code=options["agency"])
        found = list(agencies[:2])
        if not found:
            raise CommandError("Instansi tidak ditemukan"
                               + (f": {options['agency']}." if options["agency"] else "."),
                               returncode=2)
        if len(found) > 1:
            raise CommandError("Ada lebih dari satu instansi: sebutkan --agency KODE.",
                               returncode=2)
        agency = found[0]
        units = progress.unit_map(agency.pk)
        scope = None
        if options["unit"]:
            unit = Unit.objects.filter(agency=agency, code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Unit dengan kode {options['unit']!r} tidak ditemukan.",
                                   returncode=2)
            scope = [pk for pk, u in units.items() if u.path.startswith(unit.path)]
        output = options["output"]
        if (options["action"] == "export-siasn" or options["format"] == "xlsx") and not output:
            raise CommandError("Sebutkan berkas keluaran: -o FILE.xlsx.", returncode=2)
        people = progress.year_progress(agency_id=agency.pk, year=year, units=scope)
        if options["action"] == "export-siasn":
            ids = [p.employee_id for p in people] if scope is not None else None
            body = ledger_io.siasn_xlsx(year, ledger_io.siasn_records(agency.pk, year, ids))
            self._write(output, body)
            return
        if options["format"] == "xlsx":
            total = progress.summarise(people)
            per_unit = progress.unit_summaries(people, units)
            self._write(output, ledger_io.progress_xlsx(year, people, units, per_unit, total))
            return
        data = {"year": year, "people": [
            {"nip": p.nip, "name": p.name,
             "unit": units[p.unit_id].code if p.unit_id in units else "",
             "planned_jp": _number(p.planned_jp), "earned_jp": _number(p.earned_jp),
             "status": p.status} for p in people]}
        text = json.dumps(data, ensure_ascii=False, indent=1)
        if output:
            self._write(output, text.encode("utf-8"))
        else:
            self.stdout.write(text)

    def _write(self, output: str, body: bytes) -> None:
        try:
            Path(output).write_bytes(body)
        except OSError as exc:
            raise CommandError(f"Berkas {output} tidak dapat ditulis: {exc}.",
                               returncode=2) from exc
        self.stderr.write(f"Ditulis: {output}")
