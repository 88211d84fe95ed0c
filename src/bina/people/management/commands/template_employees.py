from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import translation

from bina.core.messages import Lang, Message
from bina.org.models import Unit
from bina.people.io.roster_xlsx import write_employee_template
from bina.people.management import (
    PeopleCommand,
    add_agency_argument,
    add_output_arguments,
    output_path,
    resolve_agency,
)
from bina.people.services import unit_reference


class Command(PeopleCommand):
    help = (
        "Tulis templat impor pegawai (.xlsx): lembar 'Pegawai' dengan satu baris contoh dan "
        "lembar 'Petunjuk' yang menjelaskan setiap kolom. Dengan satu instansi (atau --agency), "
        "daftar unit kerjanya ikut ditulis. Contoh: bina template employees -o templat.xlsx"
    )
    example = "bina template employees -o templat-pegawai.xlsx"

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
            first = (Unit.objects.filter(agency=agency, valid_to__isnull=True)
                     .order_by("depth", "name").first() if agency else None)
            references = [unit_reference(agency)] if agency else []
            with path.open("wb") as file:
                write_employee_template(file, unit_name=first.name if first else None,
                                        references=references)
        if options["format"] == "json":
            self.print_json({"ok": True, "file": str(path)})
        else:
            self.stdout.write(Message("cli.template", {"file": str(path)}).render(lang))
