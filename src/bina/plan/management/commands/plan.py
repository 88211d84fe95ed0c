"""``bina plan …``: the planner as a tool on its own (issue 4).

``bina plan solve PROBLEM.json [-o PLAN.json] [--time-limit S] [--seed N] [--lang id|en]`` reads
a planning problem in the JSON form of :mod:`bina.core.plan` and writes the plan; no database is
touched, so it works before ``bina migrate``. ``bina plan build`` (from a needs-analysis round)
is a later subcommand: add it with :func:`Command.add_arguments` below.

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
        f"masalah JSON, tanpa basis data). Contoh: {EXAMPLE}"
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

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "solve":
            self.solve(options)

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
