"""``bina evaluate --programme KODE [--year TAHUN] --format json|pdf|xlsx [-o FILE]
[--agency KODE] [--lang id|en]``: the evaluation report of a programme for a year (the same
figures as the page ``/evaluasi/laporan/program/KODE/TAHUN/``).

JSON (to stdout, or to ``-o``): ``{"programme", "name", "year", "unit": null, "delivery":
{"classes", "participants", "completed", "jp_delivered", "cost", "cost_planned",
"cost_per_completed"}, "reaction": {"responses", "response_rate", "items": [...]},
"learning": {...} | null, "behaviour": {...}, "results": {"performance": {...},
"matches_service_competencies"}, "poor", "flags"}``.
PDF/Excel: written to ``-o FILE``, or without it to ``evaluasi-KODE-TAHUN.pdf`` (``.xlsx``) in
the current folder; the file name is printed. Without ``--year``: the latest year in which a
class of the programme ended.

Exit status: 0 success, 2 refused input (unknown programme or agency, a year without classes,
a missing folder), 1 anything else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils import translation

from bina.core.messages import Lang, Message, register
from bina.people.management import (
    PeopleCommand,
    add_agency_argument,
    output_path,
    refuse,
    resolve_agency,
)

for _code, _id, _en in (
    ("cli.evaluate.unknown", "program {code!r} tidak ada; kode yang ada: {codes}",
     "no programme {code!r}; the codes are: {codes}"),
    ("cli.evaluate.no_year", "program {code} belum punya kelas{year}; tahun yang ada: {years}",
     "the programme {code} has no classes{year}; the years are: {years}"),
    ("cli.evaluate.ambiguous", "kode program {code} dipakai beberapa instansi ({agencies}); "
     "tambahkan --agency KODE", "the programme code {code} is used by several agencies "
     "({agencies}); add --agency CODE"),
    ("cli.evaluate.written", "{file}: laporan evaluasi ditulis", "{file}: evaluation report "
     "written"),
):
    register(_code, id=_id, en=_en)


class Command(PeopleCommand):
    help = (
        "Laporan evaluasi sebuah program untuk satu tahun: reaksi peserta, gain pembelajaran, "
        "evaluasi pascapelatihan, predikat kinerja peserta dibanding rekan yang belum dilatih, "
        "JP dan biaya. --format json mencetak angka laporan (ke layar, atau ke -o FILE); "
        "--format pdf/xlsx menulis dokumen ke -o FILE atau ke evaluasi-KODE-TAHUN.pdf di folder "
        "ini. Tanpa --year: tahun terakhir program punya kelas. Keluar 0 bila berhasil, 2 bila "
        "argumen ditolak, 1 untuk galat lain."
    )
    example = "bina evaluate --programme PELAYANAN-PRIMA --year 2025 --format pdf -o laporan.pdf"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, metavar="KODE", help="kode program")
        parser.add_argument("--year", type=int, metavar="TAHUN",
                            help="tahun evaluasi (bawaan: tahun terakhir dengan kelas)")
        parser.add_argument("--format", choices=["json", "pdf", "xlsx"], default="json",
                            help="json (bawaan), pdf atau xlsx")
        parser.add_argument("-o", "--output", metavar="FILE", help="file yang ditulis")
        add_agency_argument(parser)
        parser.add_argument("--lang", choices=["id", "en"], default="id",
                            help="bahasa pesan: id (bawaan) atau en")

    def handle(self, *args: Any, **options: Any) -> None:
        from bina.evaluation import reports
        from bina.plan.models import Programme

        lang: Lang = options["lang"]
        fmt: str = options["format"]
        with translation.override(lang):
            path = output_path(options["output"], lang) if options["output"] else None
            agency = resolve_agency(options["agency"], lang, required=False)
            code: str = options["programme"]
            candidates = Programme.objects.filter(code__iexact=code).select_related("agency")
            known = Programme.objects.order_by("code")
            if agency is not None:
                candidates = candidates.filter(agency=agency)
                known = known.filter(agency=agency)
            found = list(candidates[:10])
            if not found:
                codes = ", ".join(known.values_list("code", flat=True)[:30]) or "-"
                raise refuse(Message("cli.evaluate.unknown", {"code": code, "codes": codes}),
                             lang)
            if len(found) > 1:
                raise refuse(Message("cli.evaluate.ambiguous", {
                    "code": code, "agencies": ", ".join(p.agency.code for p in found)}), lang)
            programme = found[0]
            years = reports.programme_years(programme)
            year: int | None = options["year"]
            if year is None and years:
                year = years[0]
            if year is None or year not in years:
                raise refuse(Message("cli.evaluate.no_year", {
                    "code": programme.code, "year": f" pada {year}" if year else "",
                    "years": ", ".join(map(str, years)) or "-"}), lang)
            report = reports.programme_report(programme, year, lang=lang)
            if fmt == "json":
                text = json.dumps(report.to_dict(lang), ensure_ascii=False)
                if path is None:
                    self.stdout.write(text)
                    return
                path.write_text(text + "\n", encoding="utf-8")
            else:
                if path is None:
                    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-"
                                   for ch in programme.code)
                    path = Path(f"evaluasi-{safe}-{year}.{fmt}")
                if fmt == "pdf":
                    path.write_bytes(reports.programme_report_pdf(report))
                else:
                    with path.open("wb") as file:
                        reports.programme_report_xlsx(report, file)
            self.stdout.write(Message("cli.evaluate.written", {"file": str(path)}).render(lang))
