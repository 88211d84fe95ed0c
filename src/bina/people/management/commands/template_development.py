from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import translation

from bina.core.messages import Lang, Message
from bina.people.io.history import PathRef, write_development_template
from bina.people.management import PeopleCommand, add_output_arguments, output_path
from bina.reference.models import DevelopmentPath


class Command(PeopleCommand):
    help = (
        "Tulis templat impor riwayat pengembangan kompetensi (.xlsx): lembar 'Pengembangan' "
        "dengan satu baris contoh, lembar 'Petunjuk' dan daftar jalur (KL01…NKL13, PEND). "
        "Contoh: bina template development -o templat-riwayat.xlsx"
    )
    example = "bina template development -o templat-riwayat.xlsx"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="file .xlsx yang ditulis")
        add_output_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        lang: Lang = options["lang"]
        with translation.override(lang):
            path = output_path(options["output"], lang)
            paths = [PathRef(*row) for row in
                     DevelopmentPath.objects.order_by("code").values_list("id", "code", "name")]
            with path.open("wb") as file:
                write_development_template(file, paths=paths)
        if options["format"] == "json":
            self.print_json({"ok": True, "file": str(path)})
        else:
            self.stdout.write(Message("cli.template", {"file": str(path)}).render(lang))
