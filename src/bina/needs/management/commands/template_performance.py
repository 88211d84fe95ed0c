from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone, translation

from bina.core.messages import Lang, Message
from bina.needs.io import write_performance_template
from bina.people.management import PeopleCommand, add_output_arguments, output_path


class Command(PeopleCommand):
    help = (
        "Tulis templat impor predikat kinerja (.xlsx): lembar 'Kinerja' dengan satu baris "
        "contoh dan lembar 'Petunjuk' yang menjelaskan setiap kolom dan matriks predikat."
    )
    example = "bina template performance -o templat-kinerja.xlsx"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="file .xlsx yang ditulis")
        add_output_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        lang: Lang = options["lang"]
        with translation.override(lang):
            path = output_path(options["output"], lang)
            with path.open("wb") as file:
                write_performance_template(file, year=timezone.localdate().year - 1)
        if options["format"] == "json":
            self.print_json({"ok": True, "file": str(path)})
        else:
            self.stdout.write(Message("cli.template", {"file": str(path)}).render(lang))
