"""``bina import resource_persons FILE``: the resource-person registry from Excel, all or
nothing (``FILE:ROW:COLUMN: message`` per error; exit 0 imported, 2 refused, 1 other)."""

from __future__ import annotations

from typing import IO

from bina.core.messages import Message
from bina.core.roster import RowError
from bina.delivery.resource_io import (
    ResourceFileError,
    read_resource_rows,
    resource_persons_import,
)
from bina.org.models import Agency
from bina.people.management import ImportCommand
from bina.people.services import ImportReport


class Command(ImportCommand):
    help = (
        "Impor daftar narasumber (.xlsx, kolom seperti 'bina template resource_persons'): nama, "
        "jenis, instansi asal, jabatan, kontak, bukti praktik baik, IKM, aktif, keahlian "
        "(M.5=5; M.1=4). Baris dicocokkan dengan nama dan instansi asal. Semua-atau-tidak-sama-"
        "sekali: bila ada kesalahan tidak ada yang disimpan dan setiap kesalahan dicetak sebagai "
        "FILE:BARIS:KOLOM: pesan. Keluar 0 bila berhasil, 2 bila ditolak, 1 untuk galat lain."
    )
    example = "bina import resource_persons narasumber.xlsx --dry-run --format json"

    def import_file(self, *, agency: Agency, file: IO[bytes], filename: str,
                    dry_run: bool) -> ImportReport:
        try:
            rows = read_resource_rows(file)
        except ResourceFileError as exc:
            return ImportReport(ok=False, errors=(RowError(None, None, Message(
                "resources.bad_file", {"error": str(exc)})),))
        return resource_persons_import(agency=agency, rows=rows, user=None, dry_run=dry_run)
