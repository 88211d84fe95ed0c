from __future__ import annotations

from typing import IO

from bina.org.models import Agency
from bina.people.management import ExportCommand
from bina.people.services import employees_export


class Command(ExportCommand):
    help = (
        "Ekspor pegawai instansi ke .xlsx dengan format templat impor, sehingga file dapat "
        "disunting lalu diimpor ulang. Contoh: bina export employees -o pegawai.xlsx"
    )
    example = "bina export employees -o pegawai.xlsx --agency prov-gorontalo"

    def export(self, *, agency: Agency, file: IO[bytes]) -> int:
        return employees_export(queryset_or_agency=agency, file=file)
