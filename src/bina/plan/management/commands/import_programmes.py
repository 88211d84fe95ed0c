from __future__ import annotations

from typing import IO

from bina.org.models import Agency
from bina.people.management import ImportCommand
from bina.people.services import ImportReport
from bina.plan.services import programmes_import


class Command(ImportCommand):
    help = (
        "Impor katalog program pengembangan kompetensi (.xlsx atau .csv, kolom seperti templat "
        "'bina template programmes'). Semua-atau-tidak-sama-sekali: bila ada kesalahan, tidak "
        "ada yang disimpan dan setiap kesalahan dicetak sebagai FILE:BARIS:KOLOM: pesan. Impor "
        "ulang memperbarui program berkode sama. Keluar 0 bila berhasil, 2 bila "
        "file/baris/argumen ditolak, 1 untuk galat lain."
    )
    example = "bina import programmes katalog.xlsx --dry-run --format json --lang en"

    def import_file(self, *, agency: Agency, file: IO[bytes], filename: str,
                    dry_run: bool) -> ImportReport:
        return programmes_import(agency=agency, file=file, filename=filename, actor=None,
                                 dry_run=dry_run)
