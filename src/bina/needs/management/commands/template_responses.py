from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import translation

from bina.core.messages import Lang, Message
from bina.needs.imports import responses_template
from bina.needs.management import resolve_round, resolve_unit
from bina.people.management import (
    PeopleCommand,
    add_agency_argument,
    add_output_arguments,
    output_path,
    resolve_agency,
)


class Command(PeopleCommand):
    help = (
        "Tulis lembar jawaban analisis kebutuhan (.xlsx) untuk unit yang sulit daring: lembar "
        "'Jawaban' berisi satu baris per peserta × kompetensi standar jabatannya (NIP, NAMA, "
        "UNIT, KODE/NAMA KOMPETENSI, LEVEL DIPERSYARATKAN terisi), kolom jawaban LEVEL DIRI, "
        "LEVEL ATASAN, KEPENTINGAN, KEMAMPUAN (1–5) kosong; lembar 'Petunjuk' menjelaskan "
        "penilaian Borich dan level, lembar 'Deskripsi Level' berisi deskripsi level tiap "
        "kompetensi. Kembalikan dengan 'bina import responses'."
    )
    example = "bina template responses --round akpk-2027 --unit DINKES -o jawaban-dinkes.xlsx"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--round", required=True, metavar="KODE", help="kode putaran")
        parser.add_argument("--unit", metavar="KODE",
                            help="hanya peserta unit ini beserta sub-unitnya")
        parser.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="file .xlsx yang ditulis")
        add_agency_argument(parser)
        add_output_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        lang: Lang = options["lang"]
        with translation.override(lang):
            path = output_path(options["output"], lang)
            agency = resolve_agency(options["agency"], lang)
            assert agency is not None
            needs_round = resolve_round(agency, options["round"], lang)
            unit = resolve_unit(agency, options["unit"], lang) if options["unit"] else None
            with path.open("wb") as file:
                rows = responses_template(needs_round=needs_round, file=file, unit=unit)
        if options["format"] == "json":
            self.print_json({"ok": True, "file": str(path), "rows": rows})
        else:
            self.stdout.write(Message("cli.written", {"file": str(path), "rows": rows})
                              .render(lang))
