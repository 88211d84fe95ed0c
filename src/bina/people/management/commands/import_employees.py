from __future__ import annotations

from typing import IO

from bina.org.models import Agency
from bina.people.management import ImportCommand
from bina.people.services import ImportReport, employees_import


class Command(ImportCommand):
    help = (
        "Impor daftar pegawai (.xlsx atau .csv, kolom seperti templat 'bina template employees'). "
        "Semua-atau-tidak-sama-sekali: bila ada kesalahan, tidak ada yang disimpan dan setiap "
        "kesalahan dicetak sebagai FILE:BARIS:KOLOM: pesan. Keluar 0 bila berhasil, 2 bila "
        "file/baris/argumen ditolak, 1 untuk galat lain. "
        "Contoh: bina import employees pegawai.xlsx --dry-run"
    )
    example = "bina import employees pegawai.xlsx --dry-run --format json --lang en"

    def import_file(self, *, agency: Agency, file: IO[bytes], filename: str,
                    dry_run: bool) -> ImportReport:
        return employees_import(agency=agency, file=file, filename=filename, actor=None,
                                dry_run=dry_run)
