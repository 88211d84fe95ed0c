from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Jalankan Bina ASN dengan server produksi (gunicorn) dan satu pekerja latar belakang. "
        "Contoh: bina serve --host 0.0.0.0 --port 8000"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="proses web (default 2)")
        parser.add_argument("--threads", type=int, default=4, help="thread per proses web")
        parser.add_argument(
            "--no-worker", action="store_true", help="jangan jalankan pekerja latar belakang"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["port"] < 65536:
            raise CommandError("port harus 1–65535", returncode=2)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bina.settings",
               "BINA_DATA_DIR": str(settings.DATA_DIR)}
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-m", "bina.cli", "worker"], env=env
            )
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(f"Bina ASN berjalan di http://{address}/  (Ctrl+C untuk berhenti)")
        self.stdout.flush()
        web = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "gunicorn", "bina.wsgi:application",
                "--bind", address,
                "--workers", str(options["workers"]),
                "--threads", str(options["threads"]),
                "--access-logfile", "-",
                # the path without the query string: searches may carry a NIP
                "--access-logformat", '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss',
                "--graceful-timeout", "5",
            ],
            env=env,
        )

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)  # a service manager's stop ends both children
        try:
            web.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for child in (web, worker):
                if child is not None and child.poll() is None:
                    child.terminate()
                    child.wait(timeout=10)
