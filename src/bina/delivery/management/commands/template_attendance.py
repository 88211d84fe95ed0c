"""``bina template attendance --activity KODE -o FILE``: the attendance sheet of one activity,
every participant × every session date, STATUS left empty."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import translation

from bina.core.messages import Lang, Message
from bina.delivery.io import write_attendance_template
from bina.delivery.management import find_activity
from bina.delivery.selectors import template_rows
from bina.people.management import (
    PeopleCommand,
    add_agency_argument,
    add_output_arguments,
    output_path,
)


class Command(PeopleCommand):
    help = (
        "Tulis templat daftar hadir (.xlsx) satu kegiatan: satu baris per peserta dan tanggal "
        "sesi, kolom STATUS dikosongkan untuk diisi (hadir, terlambat, izin, tidak hadir). "
        "Keluar 0 bila berhasil, 2 bila kegiatan tidak ada."
    )
    example = "bina template attendance --activity YAN-2026-01 -o presensi.xlsx"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--activity", required=True, metavar="KODE", help="kode kegiatan")
        parser.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="file .xlsx yang ditulis")
        add_agency_argument(parser)
        add_output_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        lang: Lang = options["lang"]
        with translation.override(lang):
            path = output_path(options["output"], lang)
            activity = find_activity(options["activity"], options["agency"], lang)
            with path.open("wb") as file:
                rows = write_attendance_template(file, activity_code=activity.code,
                                                 activity_name=activity.name,
                                                 rows=template_rows(activity))
        if options["format"] == "json":
            self.print_json({"ok": True, "file": str(path), "rows": rows})
        else:
            self.stdout.write(Message("cli.written", {"file": str(path), "rows": rows})
                              .render(lang))
