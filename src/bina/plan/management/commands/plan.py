"""``bina plan …``: the planner as a tool on its own (issue 4).

``bina plan solve PROBLEM.json [-o PLAN.json] [--time-limit S] [--seed N] [--lang id|en]`` reads
a planning problem in the JSON form of :mod:`bina.core.plan` and writes the plan; no database is
touched, so it works before ``bina migrate``.

``bina plan build --round KODE --budget RUPIAH [--name NAMA] [--format json|xlsx|pdf] [-o FILE]
[--unit KODE] [--dump-problem FILE]`` builds and saves a draft plan from a closed needs-analysis
round (the same service as the web planner) and prints or writes it; ``--dump-problem`` writes
the planning problem in the JSON form of ``bina plan solve`` as well (``--dump-only``: without
building).

Exit status: 0 success, 2 refused input (unreadable file, bad JSON, an invalid problem: the
message says what is wrong), 1 anything else.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bina.core.plan import PlanInputError, problem_from_dict, solve

EXAMPLE = "bina plan solve masalah.json -o rencana.json --time-limit 10"
BUILD_EXAMPLE = 'bina plan build --round akpk-2027 --budget "5,5 M" --format xlsx -o rencana.xlsx'

MESSAGES = {
    "unreadable": ("Berkas {path} tidak dapat dibaca: {error}.",
                   "Cannot read the file {path}: {error}."),
    "json": ("Berkas {path} bukan JSON yang sah (baris {line}, kolom {col}): {error}.",
             "The file {path} is not valid JSON (line {line}, column {col}): {error}."),
    "time": ("--time-limit harus lebih dari 0 detik.", "--time-limit must be more than 0 s."),
    "write": ("Rencana tidak dapat ditulis ke {path}: {error}.",
              "Cannot write the plan to {path}: {error}."),
    "done": ("Rencana: {n} penugasan, nilai {value:.2f}, batas atas {bound:.2f} "
             "(selisih {gap:.2%}), biaya Rp {cost}, {seconds:.1f} detik → {path}",
             "Plan: {n} assignments, value {value:.2f}, bound {bound:.2f} (gap {gap:.2%}), "
             "cost Rp {cost}, {seconds:.1f} s → {path}"),
}


def _say(key: str, lang: str, **values: Any) -> str:
    message_id, message_en = MESSAGES[key]
    return (message_en if lang == "en" else message_id).format(**values)


class Command(BaseCommand):
    help = (
        "Perencana pengembangan kompetensi. Subperintah: solve (menyusun rencana dari berkas "
        "masalah JSON, tanpa basis data) dan build (menyusun dan menyimpan rencana dari "
        f"putaran analisis kebutuhan yang ditutup). Contoh: {EXAMPLE}; {BUILD_EXAMPLE}"
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="SUBPERINTAH")
        solve_parser = sub.add_parser(
            "solve", help="susun rencana dari berkas masalah JSON (tanpa basis data)",
            description="Membaca masalah perencanaan (JSON: budget, lambda, programmes, "
                        "employees, locked) dan menulis rencana (assignments, value, bound, gap, "
                        f"cost, seconds). Contoh: {EXAMPLE}")
        solve_parser.add_argument("problem", metavar="PROBLEM.json", help="berkas masalah")
        solve_parser.add_argument("-o", "--output", metavar="PLAN.json",
                                  help="berkas rencana (bawaan: keluaran standar)")
        solve_parser.add_argument("--time-limit", type=float, default=10.0, metavar="S",
                                  help="batas waktu seluruh proses, detik (bawaan 10)")
        solve_parser.add_argument("--seed", type=int, default=0, metavar="N",
                                  help="benih acak (bawaan 0)")
        solve_parser.add_argument("--lang", choices=("id", "en"), default="id",
                                  help="bahasa pesan (bawaan id)")

        build = sub.add_parser(
            "build", help="susun dan simpan rencana dari putaran analisis kebutuhan",
            description="Menyusun rencana tahunan dari putaran analisis kebutuhan yang sudah "
                        "ditutup dan anggaran (ditulis seperti biasa: 'Rp 5.500.000.000', "
                        "'5,5 M', '5,5 miliar', '5500 juta'), lalu menyimpannya sebagai draf. "
                        "--format json (bawaan) mencetak ringkasan rencana; xlsx/pdf menulis "
                        "dokumen rencana (isi Pasal 207(3) a–g) ke -o FILE. Keluar 0 bila "
                        f"berhasil, 2 bila ditolak. Contoh: {BUILD_EXAMPLE}")
        build.add_argument("--round", required=True, metavar="KODE",
                           help="kode putaran analisis kebutuhan yang sudah ditutup")
        build.add_argument("--budget", required=True, metavar="RUPIAH",
                           help="anggaran, misalnya 5500000000, 'Rp 5.500.000.000' atau '5,5 M'")
        build.add_argument("--name", default="", metavar="NAMA",
                           help="nama rencana (bawaan: 'Rencana TAHUN')")
        build.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json",
                           help="json (bawaan), xlsx atau pdf")
        build.add_argument("-o", "--output", metavar="FILE",
                           help="file yang ditulis (wajib untuk xlsx dan pdf)")
        build.add_argument("--unit", metavar="KODE", help="xlsx/pdf: hanya unit (OPD) ini")
        build.add_argument("--time-limit", type=float, default=None, metavar="S",
                           help="detik untuk optimasi (bawaan: menurut jumlah pegawai)")
        build.add_argument("--no-curve", action="store_true",
                           help="tanpa kurva anggaran 50%%–150%% (lebih cepat)")
        build.add_argument("--dump-problem", metavar="FILE",
                           help="tulis juga masalah perencanaan (JSON 'bina plan solve')")
        build.add_argument("--dump-only", action="store_true",
                           help="dengan --dump-problem: hanya tulis masalahnya, tanpa menyusun")
        build.add_argument("--agency", metavar="KODE",
                           help="kode instansi (bawaan: satu-satunya instansi)")
        build.add_argument("--lang", choices=("id", "en"), default="id",
                           help="bahasa pesan (bawaan id)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "solve":
            self.solve(options)
        elif options["action"] == "build":
            self.build(options)

    def build(self, options: dict[str, Any]) -> None:
        from bina.plan.cli import build_command  # Django is ready only here

        self.stdout.write(build_command(options))

    def solve(self, options: dict[str, Any]) -> None:
        start = time.perf_counter()
        lang: str = options["lang"]
        limit: float = options["time_limit"]
        if not limit > 0:
            raise CommandError(_say("time", lang), returncode=2)
        path = Path(options["problem"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_say("unreadable", lang, path=path, error=exc),
                               returncode=2) from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(_say("json", lang, path=path, line=exc.lineno, col=exc.colno,
                                    error=exc.msg), returncode=2) from exc
        try:
            problem = problem_from_dict(data)
        except PlanInputError as exc:
            message = exc.message_en if lang == "en" else exc.message_id
            raise CommandError(message, returncode=2) from exc
        # keep a margin for writing the plan: the limit bounds the whole run
        margin = min(0.5, 0.05 * limit) + 2e-6 * len(problem.employees)
        left = max(0.05, limit - (time.perf_counter() - start) - margin)
        plan = solve(problem, time_limit=left, seed=options["seed"])
        out = plan.to_dict()
        out["seconds"] = round(time.perf_counter() - start, 3)
        body = json.dumps(out, ensure_ascii=False, indent=1)
        if options["output"]:
            target = Path(options["output"])
            try:
                target.write_text(body + "\n", encoding="utf-8")
            except OSError as exc:
                raise CommandError(_say("write", lang, path=target, error=exc)) from exc
            self.stdout.write(_say("done", lang, n=len(plan.assignments), value=plan.value,
                                   bound=plan.bound, gap=plan.gap,
                                   cost=f"{plan.cost:,}".replace(",", "."),
                                   seconds=out["seconds"], path=target))
        else:
            sys.stdout.write(body + "\n")
