"""The ``bina`` command: a thin layer over Django's management commands.

``bina migrate``, ``bina createsuperuser`` … are Django's own; ``bina serve``, ``bina worker``,
``bina demo`` are the project's. Two-word commands map onto one management command:
``bina import employees FILE`` runs ``import_employees FILE``.

Exit status (the contract scripts rely on): 0 success, 2 refused input (bad file, bad rows,
bad arguments), 1 anything else. No traceback reaches the user unless ``BINA_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys

TWO_WORD = {"import", "export", "template"}

USAGE_ID = """Penggunaan: bina PERINTAH [argumen]

Perintah utama:
  bina demo [--employees N] [--seed S] [--as-of TANGGAL] [--no-serve]
  bina serve [--host H] [--port P]      jalankan aplikasi (server produksi)
  bina worker                           jalankan pekerja latar belakang
  bina import employees FILE [--dry-run] [--format text|json] [--lang id|en]
  bina export employees -o FILE
  bina template employees -o FILE
  bina import development FILE          riwayat pengembangan kompetensi
  bina template development -o FILE
  bina import performance FILE          predikat kinerja (PermenPANRB 6/2022)
  bina template performance -o FILE
  bina template responses --round KODE [--unit KODE] -o FILE
  bina import responses FILE --round KODE     jawaban analisis kebutuhan (jalur Excel)
  bina needs [--round KODE] [--unit KODE] --format json|xlsx|pdf [-o FILE]
  bina import programmes FILE [--dry-run]      katalog program pengembangan
  bina export programmes -o FILE
  bina template programmes -o FILE
  bina plan build --round KODE --budget RUPIAH [--format json|xlsx|pdf] [-o FILE]
  bina plan solve MASALAH.json [-o RENCANA.json] [--time-limit S]   pengoptimal rencana
  bina template attendance --activity KODE -o FILE   daftar hadir untuk diisi
  bina import attendance FILE [--activity KODE] [--format text|json]   presensi kegiatan
  bina template resource_persons -o FILE / bina import resource_persons FILE   narasumber
  bina mentoring match --programme KODE [--format json|text]   pasangan mentor–mentee optimal
  bina jp --year TAHUN --format json|xlsx [-o FILE] [--unit KODE]   capaian hak 20 JP
  bina jp export-siasn --year TAHUN -o FILE.xlsx       riwayat kursus untuk SIASN
  bina ikm FILE [--population FILE] [--format json|text]   indeks kepuasan masyarakat (SKM)
  bina import survei FILE [--dry-run] [--format text|json]   survei kepuasan dari kertas
  bina import scores FILE [--activity KODE] [--format text|json]   nilai pre/post-test kegiatan
  bina evaluate --programme KODE [--year TAHUN] --format json|pdf|xlsx [-o FILE]   laporan evaluasi
  bina ipasn [--unit KODE] [--year TAHUN] --format json|xlsx [-o FILE]   indeks profesionalitas ASN
  bina migrate | createsuperuser | …    perintah Django

Contoh: bina import employees pegawai.xlsx --dry-run
Bantuan tiap perintah: bina PERINTAH --help
"""


def _translate(argv: list[str]) -> list[str]:
    if len(argv) >= 2 and argv[0] in TWO_WORD and not argv[1].startswith("-"):
        return [f"{argv[0]}_{argv[1]}", *argv[2:]]
    return argv


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE_ID)
        return 0
    if args[0] in TWO_WORD and (len(args) == 1 or args[1].startswith("-")):
        print(f"bina {args[0]}: sebutkan jenis data, misalnya 'bina {args[0]} employees'.",
              file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bina.settings")
    import django
    from django.core.management import execute_from_command_line

    try:
        django.setup()
    except Exception as exc:  # configuration errors: say what, not where
        print(f"bina: konfigurasi tidak valid: {exc}", file=sys.stderr)
        return 1
    from django.core.management import get_commands

    command = _translate(args)
    if command[0] not in get_commands() and not command[0].startswith("-"):
        print(f"bina: perintah tidak dikenal: {' '.join(args[:2])}. Lihat 'bina --help'.",
              file=sys.stderr)
        return 2
    try:
        execute_from_command_line(["bina", *command])
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("BINA_DEBUG") == "1":
            raise
        print(f"bina: galat tak terduga: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
