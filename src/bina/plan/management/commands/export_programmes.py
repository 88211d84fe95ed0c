from __future__ import annotations

from typing import IO

from bina.org.models import Agency
from bina.people.management import ExportCommand
from bina.plan.reports import programmes_export


class Command(ExportCommand):
    help = (
        "Ekspor katalog program instansi ke .xlsx dengan format templat impor "
        "('bina template programmes'), sehingga file dapat disunting lalu diimpor ulang "
        "dengan 'bina import programmes'. Keluar 0 bila berhasil, 2 bila argumen ditolak, "
        "1 untuk galat lain. Contoh: bina export programmes -o katalog.xlsx"
    )
    example = "bina export programmes -o katalog.xlsx --agency prov-gorontalo"

    def export(self, *, agency: Agency, file: IO[bytes]) -> int:
        return programmes_export(agency=agency, file=file)
