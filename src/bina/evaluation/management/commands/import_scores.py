"""``bina import scores FILE [--activity KODE] [--format text|json] [--lang id|en]``: record the
pre-/post-test scores of a class from the score sheet (the page's "Templat nilai"), all or
nothing. The class is the one named in the sheet (``KODE KEGIATAN``) unless ``--activity``
says otherwise; the maximum is the sheet's ``NILAI MAKSIMUM`` (100 when it has none). Errors
are printed as ``FILE:ROW:COLUMN: message``; with ``--format json`` the output is
``{"saved": n, "errors": [{"row", "column", "message"}]}``. Exit 0 when recorded, 2 when
refused (nothing written), 1 otherwise."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import CommandError, CommandParser
from django.utils import translation

from bina.core.messages import Lang, Message, register
from bina.delivery.management import find_activity
from bina.evaluation.models import ScoreSource
from bina.evaluation.scores_io import ScoresFileError, read_scores
from bina.evaluation.services import scores_save
from bina.people.management import (
    PeopleCommand,
    add_agency_argument,
    add_output_arguments,
    refuse,
)

register("scores.bad_file", id="{file}: {error}", en="{file}: {error}")
register("scores.no_activity_code",
         id="berkas tidak menyebut KODE KEGIATAN; tambahkan --activity KODE",
         en="the file names no KODE KEGIATAN; add --activity CODE")
register("scores.imported", id="{file}: {n} nilai peserta {code} disimpan.",
         en="{file}: {n} participant score(s) of {code} saved.")


class Command(PeopleCommand):
    help = (
        "Impor nilai pre-test dan post-test satu kegiatan (.xlsx, templat dari halaman nilai "
        "kegiatan): kolom NIP, PRE-TEST, POST-TEST; NILAI MAKSIMUM di kepala berkas (bawaan "
        "100). Sel kosong tidak mengubah nilai yang tersimpan. Semua-atau-tidak-sama-sekali: "
        "bila ada kesalahan (NIP tidak dikenal, bukan peserta, bukan angka, di luar "
        "0–maksimum, baris ganda) tidak ada yang disimpan dan setiap kesalahan dicetak sebagai "
        "FILE:BARIS:KOLOM: pesan. Keluar 0 bila berhasil, 2 bila ditolak, 1 untuk galat lain."
    )
    example = "bina import scores nilai-WS-2026-01.xlsx --format json"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="berkas nilai .xlsx")
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
                    sheet = read_scores(file)
            except ScoresFileError as exc:
                self._fail(output, Message("scores.bad_file", {
                    "file": str(path), "error": str(exc)}).render(lang))
            code = options["activity"] or sheet.activity_code
            if not code:
                self._fail(output, Message("scores.no_activity_code").render(lang))
            try:
                activity = find_activity(code, options["agency"], lang)
            except CommandError as exc:
                self._fail(output, str(exc))
            result = scores_save(activity=activity, rows=sheet.rows,
                                 max_score=sheet.max_score or Decimal(100), user=None,
                                 source=ScoreSource.IMPORT)
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
            self.stdout.write(Message("scores.imported", {
                "file": str(path), "n": result.saved, "code": activity.code}).render(lang))

    def _fail(self, output: str, message: str) -> NoReturn:
        if output == "json":
            self.print_json({"saved": 0,
                             "errors": [{"row": None, "column": "", "message": message}]})
        raise CommandError(message, returncode=2)
