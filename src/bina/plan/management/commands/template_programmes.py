from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.db.models import Q
from django.utils import translation

from bina.core.messages import Lang, Message
from bina.people.io.roster_xlsx import ReferenceSheet
from bina.people.management import (
    PeopleCommand,
    add_agency_argument,
    add_output_arguments,
    output_path,
    resolve_agency,
)
from bina.plan.io import write_programme_template
from bina.reference.models import Competency, DevelopmentPath


class Command(PeopleCommand):
    help = (
        "Tulis templat impor katalog program (.xlsx): lembar 'Program' dengan satu baris "
        "contoh, lembar 'Petunjuk' yang menjelaskan setiap kolom, dan daftar jalur serta "
        "kompetensi yang diterima. Contoh: bina template programmes -o katalog.xlsx"
    )
    example = "bina template programmes -o templat-program.xlsx"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="file .xlsx yang ditulis")
        add_agency_argument(parser)
        add_output_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        lang: Lang = options["lang"]
        with translation.override(lang):
            path = output_path(options["output"], lang)
            agency = resolve_agency(options["agency"], lang, required=False)
            own = Q(agency__isnull=True) | (Q(agency=agency) if agency else Q(pk__in=[]))
            references = [
                ReferenceSheet("Jalur", ("KODE", "NAMA", "KATEGORI"), DevelopmentPath.objects
                               .order_by("code").values_list("code", "name", "category")),
                ReferenceSheet("Kompetensi", ("KODE", "NAMA", "JENIS"), Competency.objects
                               .filter(own).order_by("kind", "code")
                               .values_list("code", "name", "kind")),
            ]
            with path.open("wb") as file:
                write_programme_template(file, references=references)
        if options["format"] == "json":
            self.print_json({"ok": True, "file": str(path)})
        else:
            self.stdout.write(Message("cli.template", {"file": str(path)}).render(lang))
