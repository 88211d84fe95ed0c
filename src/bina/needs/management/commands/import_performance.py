from __future__ import annotations

from typing import IO

from bina.needs.imports import performance_import
from bina.org.models import Agency
from bina.people.management import ImportCommand
from bina.people.services import ImportReport


class Command(ImportCommand):
    help = (
        "Impor predikat kinerja (PermenPANRB 6/2022; .xlsx atau .csv, kolom seperti templat "
        "'bina template performance'): NIP, TAHUN, PERIODE, NOMOR PERIODE, HASIL KERJA, "
        "PERILAKU KERJA, PREDIKAT. Predikat dihitung dari kedua rating; bila diisi juga harus "
        "sesuai. Baris dengan NIP dan periode yang sama diperbarui. Semua-atau-tidak-sama-"
        "sekali; kesalahan dicetak sebagai FILE:BARIS:KOLOM: pesan. Keluar 0/2/1."
    )
    example = "bina import performance kinerja-2025.xlsx --dry-run --format json"

    def import_file(self, *, agency: Agency, file: IO[bytes], filename: str,
                    dry_run: bool) -> ImportReport:
        return performance_import(agency=agency, file=file, filename=filename, actor=None,
                                  dry_run=dry_run)
