from __future__ import annotations

from typing import IO

from bina.org.models import Agency
from bina.people.management import ImportCommand
from bina.people.services import ImportReport, development_import


class Command(ImportCommand):
    help = (
        "Impor riwayat pengembangan kompetensi (.xlsx atau .csv, kolom seperti templat "
        "'bina template development'). Pegawai harus sudah terdaftar; kegiatan yang sama (NIP, "
        "nama kegiatan, tanggal mulai dan selesai) diperbarui, tidak digandakan. "
        "Semua-atau-tidak-sama-sekali; keluar 0 bila berhasil, 2 bila ditolak, 1 untuk galat "
        "lain. Contoh: bina import development riwayat.xlsx --dry-run"
    )
    example = "bina import development riwayat.xlsx --format json"

    def import_file(self, *, agency: Agency, file: IO[bytes], filename: str,
                    dry_run: bool) -> ImportReport:
        return development_import(agency=agency, file=file, filename=filename, actor=None,
                                  dry_run=dry_run)
