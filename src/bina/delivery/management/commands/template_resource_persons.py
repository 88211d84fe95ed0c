"""``bina template resource_persons -o FILE``: the resource-person sheet, filled with the
agency's registry (edit it and import it again)."""

from __future__ import annotations

from typing import IO

from bina.delivery.models import ResourcePerson
from bina.delivery.resource_io import write_resource_template
from bina.org.models import Agency
from bina.people.management import ExportCommand


class Command(ExportCommand):
    help = (
        "Tulis templat daftar narasumber (.xlsx) berisi narasumber instansi: ubah lalu impor "
        "kembali dengan 'bina import resource_persons'. Keluar 0 bila berhasil, 2 bila ditolak."
    )
    example = "bina template resource_persons -o narasumber.xlsx"

    def export(self, *, agency: Agency, file: IO[bytes]) -> int:
        return write_resource_template(
            file, ResourcePerson.objects.filter(agency=agency).select_related("organisation"))
