"""``bina ipasn [--unit KODE] [--year YYYY] --format json|xlsx [-o FILE] [--rules FILE]
[--agency KODE]``:
the Indeks Profesionalitas ASN per unit (OPD), as of the end of the year (regulation.md §7;
the rules are data, :mod:`bina.core.ipasn`).

JSON: ``{"year": YYYY, "units": [{"unit", "name", "employees", "complete", "average",
"category", "dimensions": {"kualifikasi", "kompetensi", "kinerja", "disiplin"},
"categories": {band: n}}], "unverified_rules": [{"id", "description", "source"}]}``; with
``--unit`` the scope is that unit and its sub-units and ``"employees"`` lists one row per
employee (``nip``, ``name``, ``unit``, ``total``, ``category``, ``dimensions``). ``average`` is
over employees with every dimension available; ``null`` where none.

Exit status: 0 success, 2 refused input (a bad year, an unknown unit or agency, xlsx without
-o), 1 anything else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

EXAMPLE = "bina ipasn --year 2026 --unit DINKES --format json"


class Command(BaseCommand):
    help = ("Indeks Profesionalitas ASN per unit (JSON atau Excel), dengan rata-rata dimensi, "
            "kategori dan aturan yang belum terverifikasi. Keluar 0 bila berhasil, 2 bila "
            f"masukan ditolak. Contoh: {EXAMPLE}")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", metavar="TAHUN",
                            help="tahun penilaian (bawaan: tahun berjalan)")
        parser.add_argument("--unit", metavar="KODE",
                            help="hanya unit ini dan subunitnya, dengan rincian per pegawai")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json",
                            help="json (bawaan) atau xlsx")
        parser.add_argument("-o", "--output", metavar="FILE",
                            help="file yang ditulis (wajib untuk xlsx)")
        parser.add_argument("--rules", metavar="FILE",
                            help="berkas aturan IP ASN (JSON, bentuk seperti "
                                 "bina/core/data/ipasn_rules.json); bawaan: aturan terpasang")
        parser.add_argument("--agency", metavar="KODE",
                            help="kode instansi (bawaan: satu-satunya instansi)")

    def handle(self, *args: Any, **options: Any) -> None:
        from bina.core import ipasn
        from bina.evaluation import talent, talent_io
        from bina.org.models import Unit
        from bina.people.management import resolve_agency

        text = str(options["year"] or timezone.localdate().year).strip()
        if not text.isdigit() or not 2000 <= int(text) <= 2100:
            raise CommandError(f"--year harus tahun empat angka (2000–2100), bukan {text!r}.",
                               returncode=2)
        year = int(text)
        agency = resolve_agency(options["agency"], "id")
        assert agency is not None
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(agency=agency, code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Unit dengan kode {options['unit']!r} tidak ditemukan.",
                                   returncode=2)
        output = options["output"]
        if options["format"] == "xlsx" and not output:
            raise CommandError("Sebutkan berkas keluaran: -o FILE.xlsx.", returncode=2)
        try:
            rules = (ipasn.load_rules(options["rules"]) if options["rules"]
                     else talent.current_rules())
        except (OSError, ValueError) as exc:
            raise CommandError(f"Aturan IP ASN tidak dapat dibaca: {exc}", returncode=2) from exc
        scores = talent.ipasn_scores(agency_id=agency.pk, year=year, unit=unit, rules=rules)
        units = talent.ipasn_units(scores, agency.pk, rules)
        if options["format"] == "xlsx":
            self._write(output, talent_io.ipasn_xlsx(year, units,
                                                     scores if unit is not None else [], rules))
            return
        data = document(year, units, scores if unit is not None else None, rules)
        body = json.dumps(data, ensure_ascii=False, indent=1)
        if output:
            self._write(output, body.encode("utf-8"))
        else:
            self.stdout.write(body)

    def _write(self, output: str, body: bytes) -> None:
        try:
            Path(output).write_bytes(body)
        except OSError as exc:
            raise CommandError(f"Berkas {output} tidak dapat ditulis: {exc}.",
                               returncode=2) from exc
        self.stderr.write(f"Ditulis: {output}")


def document(year: int, units: Any, scores: Any, rules: Any) -> dict[str, Any]:
    """The JSON document of the module notes."""
    data: dict[str, Any] = {
        "year": year,
        "units": [{"unit": r.unit.unit, "name": r.name, "employees": r.unit.employees,
                   "complete": r.unit.complete, "average": r.unit.mean_total,
                   "category": r.unit.category,
                   "dimensions": dict(r.unit.mean_by_dimension),
                   "categories": dict(r.unit.categories)} for r in units],
        "unverified_rules": [{"id": r.id, "description": r.description, "source": r.source}
                             for r in rules.unverified()],
    }
    if scores is not None:
        data["employees"] = [
            {"nip": s.nip, "name": s.name, "unit": s.unit_code, "total": s.score.total,
             "category": s.score.category,
             "dimensions": {d.code: d.points for d in s.score.dimensions},
             "unverified_rules": list(s.score.unverified_rules)} for s in scores]
    return data
