"""``bina import survei FILE [--agency KODE] [--dry-run] [--format text|json] [--lang id|en]``:
paper-survey responses (SKM) into the survey records of the agency's public service units, with
channel ``impor``. The file has the columns of ``bina ikm``: ``unit`` (the unit's code), ``date``
(YYYY-MM-DD) and ``U1`` … ``U9`` (1–4), in any order. All or nothing: each problem is printed as
``FILE:ROW:COLUMN: message``; with ``--format json`` the output is ``{"ok", "imported",
"dry_run", "by_unit", "errors": [{"row", "column", "message", "file"}]}``. Exit 0 when stored
(or checked, with ``--dry-run``), 2 when refused (nothing stored), 1 otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils import translation

from bina.core.messages import Lang, Message, register
from bina.people.management import (
    PeopleCommand,
    add_agency_argument,
    add_output_arguments,
    refuse,
    resolve_agency,
)
from bina.stakeholders.imports import survey_import

register("survey_import.done", id="{file}: {n} jawaban survei disimpan ({units} unit)",
         en="{file}: {n} survey responses stored ({units} units)")
register("survey_import.checked",
         id="{file}: {n} jawaban survei benar ({units} unit); uji coba, tidak ada yang disimpan",
         en="{file}: {n} survey responses are valid ({units} units); dry run, nothing stored")


class Command(PeopleCommand):
    help = (
        "Impor jawaban Survei Kepuasan Masyarakat dari kertas (.xlsx atau .csv; kolom unit "
        "(kode unit layanan), date (TTTT-BB-HH), U1 … U9 bernilai 1–4, urutan bebas; sama "
        "dengan berkas 'bina ikm'). Disimpan dengan saluran 'impor'. Semua-atau-tidak-sama-"
        "sekali: bila ada kesalahan (nilai di luar 1–4, unsur hilang, unit tidak dikenal atau "
        "bukan unit layanan publik, tanggal belum tiba atau di luar masa berlaku unit) tidak "
        "ada yang disimpan dan setiap kesalahan dicetak sebagai FILE:BARIS:KOLOM: pesan. "
        "Keluar 0 bila berhasil, 2 bila ditolak, 1 untuk galat lain."
    )
    example = "bina import survei skm-kertas-2026-t1.xlsx --dry-run"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="file .xlsx atau .csv jawaban survei")
        add_agency_argument(parser)
        parser.add_argument("--dry-run", action="store_true",
                            help="periksa dan hitung saja, jangan simpan")
        add_output_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        lang: Lang = options["lang"]
        output: str = options["format"]
        path = Path(options["file"])
        with translation.override(lang):
            agency = resolve_agency(options["agency"], lang)
            assert agency is not None
            if not path.is_file():
                raise refuse(Message("cli.no_file", {"file": str(path)}), lang)
            with path.open("rb") as file:
                result = survey_import(agency=agency, file=file, filename=path.name,
                                       actor=None, dry_run=options["dry_run"])
        if output == "json":
            self.print_json(result.as_dict(lang, path.name))
        if not result.ok:
            if output != "json":
                for p in result.problems:
                    where = str(path) if p.row is None else f"{path}:{p.row}:{p.column}"
                    self.stderr.write(f"{where}: {p.message.render(lang)}")
            file_level = all(p.row is None or p.row == 1 for p in result.problems)
            summary = (Message("cli.refused_file") if file_level
                       else Message("cli.refused", {"count": len(result.problems)}))
            raise refuse(summary, lang)
        if output != "json":
            code = "survey_import.checked" if result.dry_run else "survey_import.done"
            self.stdout.write(Message(code, {"file": str(path), "n": result.imported,
                                             "units": len(result.by_unit)}).render(lang))
