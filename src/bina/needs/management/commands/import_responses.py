from __future__ import annotations

from typing import IO, Any

from django.core.management.base import CommandParser

from bina.core.messages import Lang
from bina.needs.imports import responses_import
from bina.needs.management import resolve_round
from bina.org.models import Agency
from bina.people.management import ImportCommand
from bina.people.services import ImportReport


class Command(ImportCommand):
    help = (
        "Impor lembar jawaban analisis kebutuhan (.xlsx atau .csv, kolom seperti templat "
        "'bina template responses') ke putaran yang sedang berjalan. Semua-atau-tidak-sama-"
        "sekali: bila ada kesalahan (level di luar 1–5, NIP atau kode kompetensi yang tidak "
        "ada di putaran, baris ganda, putaran draf/ditutup), tidak ada yang disimpan dan setiap "
        "kesalahan dicetak sebagai FILE:BARIS:KOLOM: pesan. Sel jawaban yang diisi menimpa "
        "jawaban tersimpan; sel kosong tidak menghapusnya. Keluar 0 bila berhasil, 2 bila "
        "ditolak, 1 untuk galat lain."
    )
    example = "bina import responses jawaban.xlsx --round akpk-2027 --dry-run --format json"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--round", required=True, metavar="KODE", help="kode putaran")

    def handle(self, *args: Any, **options: Any) -> None:
        self.round_code: str = options["round"]
        self.lang: Lang = options["lang"]
        super().handle(*args, **options)

    def import_file(self, *, agency: Agency, file: IO[bytes], filename: str,
                    dry_run: bool) -> ImportReport:
        needs_round = resolve_round(agency, self.round_code, self.lang)
        return responses_import(needs_round=needs_round, file=file, filename=filename,
                                actor=None, dry_run=dry_run)
