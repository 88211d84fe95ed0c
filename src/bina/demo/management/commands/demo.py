"""``bina demo``: create or refresh the demo of Pemerintah Provinsi Gorontalo, then serve it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bina.demo.generator import (
    DEMO_PASSWORD,
    MAX_EMPLOYEES,
    MIN_EMPLOYEES,
    DemoSummary,
    generate_demo,
)
from bina.demo.wipe import NotDemoDataError


def parse_as_of(value: str | None) -> dt.date:
    """``TTTT-BB-HH`` (or ``HH-BB-TTTT``); today when not given."""
    if not value:
        return timezone.localdate()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            day = dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
        if not dt.date(2020, 1, 1) <= day <= dt.date(2035, 12, 31):
            raise CommandError(
                f"--as-of {value}: tanggal harus antara 2020-01-01 dan 2035-12-31.", returncode=2
            )
        return day
    raise CommandError(
        f"--as-of {value!r} bukan tanggal yang sah; gunakan TTTT-BB-HH, misalnya 2026-11-28.",
        returncode=2,
    )


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Buat atau perbarui data demo Pemerintah Provinsi Gorontalo (OPD dengan riwayat "
        "penataan 2025, jabatan dan standar kompetensinya, pegawai, riwayat jabatan, "
        "pengembangan kompetensi dan predikat kinerja) lalu jalankan aplikasinya. Data demo "
        "lama instansi itu dihapus dahulu; seed dan tanggal yang sama menghasilkan data yang "
        "sama. Contoh: bina demo --employees 2000 --seed 7 --as-of 2026-11-28 --no-serve"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employees", type=int, default=6000, metavar="N",
                            help=f"jumlah pegawai ({MIN_EMPLOYEES}–{MAX_EMPLOYEES}; "
                                 "bawaan 6000)")
        parser.add_argument("--seed", type=int, default=2026, metavar="S",
                            help="benih acak (bawaan 2026)")
        parser.add_argument("--as-of", default=None, metavar="TANGGAL",
                            help="tanggal acuan data, TTTT-BB-HH (bawaan hari ini)")
        parser.add_argument("--no-serve", action="store_true",
                            help="jangan jalankan aplikasi setelah data dibuat")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_as_of(options["as_of"])
        employees: int = options["employees"]
        if not MIN_EMPLOYEES <= employees <= MAX_EMPLOYEES:
            raise CommandError(
                f"--employees harus antara {MIN_EMPLOYEES} dan {_number(MAX_EMPLOYEES)}.",
                returncode=2,
            )
        call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = generate_demo(employees=employees, seed=options["seed"], as_of=as_of)
        except NotDemoDataError as exc:
            raise CommandError(
                f"Instansi '{exc}' di basis data ini berisi data yang bukan data demo; "
                "bina demo tidak akan menghapusnya. Gunakan basis data lain "
                "(BINA_DATA_DIR atau DATABASE_URL).",
                returncode=2,
            ) from exc
        self.report(summary)
        if not options["no_serve"]:
            call_command("serve")

    def report(self, summary: DemoSummary) -> None:
        write = self.stdout.write
        action = "diperbarui (data demo lama dihapus)" if summary.refreshed else "dibuat"
        seconds = f"{summary.seconds:.1f}".replace(".", ",")
        write(f"Data demo Pemerintah Provinsi Gorontalo {action}: seed {summary.seed}, "
              f"per {summary.as_of:%d-%m-%Y}, {seconds} detik.")
        types = ", ".join(f"{k} {_number(v)}" for k, v in summary.by_type.items())
        statuses = ", ".join(f"{k.lower()} {_number(v)}" for k, v in summary.by_status.items())
        write(f"  Pegawai      : {_number(summary.employees)} ({types}); guru "
              f"{_number(summary.teachers)}")
        write(f"  Status       : {statuses}")
        write(f"  Unit kerja   : {_number(summary.units)} termasuk riwayat; berlaku per tanggal "
              f"acuan {_number(summary.units_current)} dalam {summary.opd_current} OPD")
        kinds = ", ".join(f"{k} {_number(v)}" for k, v in sorted(summary.positions.items()))
        write(f"  Jabatan      : {_number(sum(summary.positions.values()))} ({kinds})")
        write(f"  Riwayat      : {_number(summary.placements)} riwayat jabatan, "
              f"{_number(summary.development_records)} kegiatan pengembangan kompetensi, "
              f"{_number(summary.performance_records)} predikat kinerja")
        write(f"  AKPK         : {summary.needs.line()}" if summary.needs else "")
        if summary.plans:
            write(f"  Katalog      : {summary.plans.programmes} program pengembangan")
            for line in summary.plans.plans:
                write(f"  Rencana      : {line}")
        if summary.delivery:
            d = summary.delivery
            jp = f"{d.jp_credited:,.0f}".replace(",", ".")
            write(f"  Pelaksanaan  : {d.activities} kelas ({d.completed} selesai, {d.upcoming} "
                  f"akan datang), {_number(d.enrolled)} peserta; {_number(d.certificates)} "
                  f"sertifikat, {d.not_completed} tidak memenuhi kehadiran; {jp} JP diakui")
            write(f"  Narasumber   : {d.resource_persons}; pengajuan di luar rencana: "
                  + ", ".join(f"{v} {k}" for k, v in d.submissions.items()))
            if d.mentoring:
                write(f"  Mentoring    : {d.mentoring}")
        for label, line in summary.stages:
            write(f"  {label.ljust(13)}: {line}")
        write("")
        write(f"Akun demo (kata sandi untuk semua: {DEMO_PASSWORD})")
        width = max([len(login.username) for login in summary.logins] + [13])
        write(f"  {'Nama pengguna'.ljust(width)}  {'Peran'.ljust(24)}  Keterangan")
        for login in summary.logins:
            write(f"  {login.username.ljust(width)}  {login.role.ljust(24)}  {login.note}")
        for username in summary.skipped_logins:
            self.stderr.write(f"  Akun '{username}' sudah ada di luar data demo dan dibiarkan.")
