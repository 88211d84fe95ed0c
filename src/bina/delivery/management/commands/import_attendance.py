"""``bina import attendance FILE [--activity KODE]``: record an attendance sheet, all or
nothing. The activity is the one named in the sheet (``KODE KEGIATAN``) unless ``--activity``
says otherwise. Errors are printed as ``FILE:ROW:COLUMN: message``; with ``--format json``
the output is ``{"imported": n, "errors": [{"row", "column", "message"}]}``. Exit 0 when
recorded, 2 when refused (nothing written), 1 otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import CommandError, CommandParser
from django.utils import translation

from bina.core.messages import Lang, Message
from bina.delivery.attendance import attendance_import
from bina.delivery.io import AttendanceFileError, read_attendance
from bina.delivery.management import find_activity
from bina.people.management import (
    PeopleCommand,
    add_agency_argument,
    add_output_arguments,
    refuse,
)


class Command(PeopleCommand):
    help = (
        "Impor daftar hadir (.xlsx, seperti 'bina template attendance'): kolom NIP, TANGGAL, "
        "STATUS. Semua-atau-tidak-sama-sekali: bila ada kesalahan (NIP tidak dikenal, bukan "
        "peserta, tanggal di luar kegiatan atau tanpa sesi, status tidak dikenal, baris ganda) "
        "tidak ada yang disimpan dan setiap kesalahan dicetak sebagai FILE:BARIS:KOLOM: pesan. "
        "Keluar 0 bila berhasil, 2 bila ditolak, 1 untuk galat lain."
    )
    example = "bina import attendance presensi.xlsx --format json"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="file .xlsx daftar hadir")
        parser.add_argument("--activity", metavar="KODE",
                            help="kode kegiatan (bawaan: yang tertulis di berkas)")
        add_agency_argument(parser)
        add_output_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        lang: Lang = options["lang"]
        output = options["format"]
        path = Path(options["file"])
        with translation.override(lang):
            if not path.is_file():
                raise refuse(Message("cli.no_file", {"file": str(path)}), lang)
            try:
                with path.open("rb") as file:
                    sheet = read_attendance(file)
            except AttendanceFileError as exc:
                self._fail(output, path, None, Message("delivery.bad_file", {
                    "file": str(path), "error": str(exc)}).render(lang))
            code = options["activity"] or sheet.activity_code
            if not code:
                self._fail(output, path, None, Message("delivery.no_activity_code").render(lang))
            try:
                activity = find_activity(code, options["agency"], lang)
            except CommandError as exc:
                self._fail(output, path, None, str(exc))
            result = attendance_import(activity=activity, rows=sheet.rows, user=None)
        if not result.ok:
            if output == "json":
                self.print_json(result.as_dict())
            else:
                for e in result.errors:
                    where = str(path) if e.row is None else f"{path}:{e.row}:{e.column}"
                    self.stderr.write(f"{where}: {e.message}")
            raise refuse(Message("cli.refused", {"count": len(result.errors)}), lang)
        if output == "json":
            self.print_json(result.as_dict())
        else:
            self.stdout.write(Message("delivery.imported", {
                "file": str(path), "n": result.imported, "code": activity.code}).render(lang))

    def _fail(self, output: str, path: Path, row: int | None, message: str) -> NoReturn:
        if output == "json":
            self.print_json({"imported": 0,
                             "errors": [{"row": row, "column": "", "message": message}]})
        raise CommandError(message, returncode=2)
