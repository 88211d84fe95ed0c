from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bina.jobs.services import worker_loop


class Command(BaseCommand):
    help = (
        "Jalankan pekerja latar belakang (impor besar, penyusunan rencana, pengingat). "
        "Contoh: bina worker --poll 1"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--poll", type=float, default=1.0, help="jeda antar-pengecekan (detik)")
        parser.add_argument(
            "--stop-after", type=float, default=None, help="berhenti setelah sekian detik"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Pekerja latar belakang berjalan (Ctrl+C untuk berhenti).")
        worker_loop(poll_seconds=options["poll"], stop_after=options["stop_after"])
