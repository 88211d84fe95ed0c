from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import translation

from bina.core.messages import Lang, Message
from bina.people.management import (
    PeopleCommand,
    add_agency_argument,
    add_output_arguments,
    output_path,
    resolve_agency,
)
from bina.plan.reports import programmes_export


class Command(PeopleCommand):
    help = (
        "Ekspor katalog program instansi ke .xlsx dengan format templat impor "
        "('bina template programmes'), sehingga file dapat disunting lalu diimpor ulang "
        "dengan 'bina import programmes'. Keluar 0 bila berhasil, 2 bila argumen ditolak, "
        "1 untuk galat lain. Contoh: bina export programmes -o katalog.xlsx"
    )
    example = "bina export programmes -o katalog.xlsx --agency prov-gorontalo"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="file .xlsx yang ditulis")
        add_agency_argument(parser)
        add_output_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        lang: Lang = options["lang"]
        with translation.override(lang):
            agency = resolve_agency(options["agency"], lang)
            assert agency is not None
            path = output_path(options["output"], lang)
            with path.open("wb") as file:
                rows = programmes_export(agency=agency, file=file)
        if options["format"] == "json":
            self.print_json({"ok": True, "file": str(path), "rows": rows})
        else:
            self.stdout.write(Message("cli.written", {"file": str(path), "rows": rows})
                              .render(lang))
