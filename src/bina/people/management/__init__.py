"""What the people app's commands share: choosing the agency, the common options, and the output
contract scripts rely on.

Exit status: 0 success; 2 refused input (bad file, bad rows, bad arguments), raised as
``CommandError(..., returncode=2)``; 1 anything else. Errors are printed as
``FILE:ROW:COLUMN: message`` lines on stderr (Indonesian, or English with ``--lang en``) and the
command ends with a summary. ``--format json`` prints one JSON object on stdout instead.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import IO, Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)
from django.utils import translation

from bina.core.messages import Lang, Message, register
from bina.org.models import Agency
from bina.people.services import ImportReport

for _code, _id, _en in (
    ("cli.no_agency", "belum ada instansi; buat instansi lebih dulu (misalnya 'bina demo')",
     "there is no agency yet; create one first (e.g. 'bina demo')"),
    ("cli.many_agencies", "ada beberapa instansi; pilih dengan --agency KODE: {codes}",
     "there are several agencies; choose one with --agency CODE: {codes}"),
    ("cli.unknown_agency", "instansi {code!r} tidak ada; kode yang ada: {codes}",
     "no agency {code!r}; the codes are: {codes}"),
    ("cli.no_file", "{file}: file tidak ditemukan", "{file}: no such file"),
    ("cli.no_folder", "{file}: folder tujuan tidak ada", "{file}: the folder does not exist"),
    ("cli.refused", "{count} kesalahan; tidak ada yang disimpan",
     "{count} errors; nothing was saved"),
    ("cli.refused_file", "file ditolak; tidak ada yang disimpan",
     "the file was refused; nothing was saved"),
    ("cli.done", "{file}: {created} dibuat, {updated} diperbarui, {unchanged} tidak berubah",
     "{file}: {created} created, {updated} updated, {unchanged} unchanged"),
    ("cli.dry_run", "uji coba: tidak ada yang disimpan", "dry run: nothing was saved"),
    ("cli.written", "{file}: {rows} baris ditulis", "{file}: {rows} rows written"),
    ("cli.template", "{file}: templat ditulis", "{file}: template written"),
):
    register(_code, id=_id, en=_en)


def add_agency_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--agency", metavar="KODE",
        help="kode instansi (bawaan: satu-satunya instansi, bila hanya ada satu)",
    )


def add_output_arguments(parser: CommandParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help="keluaran teks (bawaan) atau JSON")
    parser.add_argument("--lang", choices=["id", "en"], default="id",
                        help="bahasa pesan: id (bawaan) atau en")


def refuse(message: Message, lang: Lang) -> CommandError:
    return CommandError(message.render(lang), returncode=2)


def resolve_agency(code: str | None, lang: Lang, *, required: bool = True) -> Agency | None:
    """The agency named by ``--agency``, or the only one. Without a code and with zero or
    several agencies: an error (exit 2) when ``required``, else None."""
    if code:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            codes = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True))
            raise refuse(Message("cli.unknown_agency", {"code": code, "codes": codes or "-"}),
                         lang)
        return agency
    agencies = list(Agency.objects.order_by("code")[:50])
    if len(agencies) == 1:
        return agencies[0]
    if not required:
        return None
    if not agencies:
        raise refuse(Message("cli.no_agency"), lang)
    codes = ", ".join(a.code for a in agencies)
    raise refuse(Message("cli.many_agencies", {"codes": codes}), lang)


def output_path(value: str, lang: Lang) -> Path:
    path = Path(value)
    if not path.parent.is_dir():
        raise refuse(Message("cli.no_folder", {"file": value}), lang)
    return path


class HelpFormatter(DjangoHelpFormatter):
    """Wraps the description; keeps indented lines (the example) as they are."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(
            indent + line if line.startswith("  ") else
            textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent)
            for line in text.splitlines()
        )


class PeopleCommand(BaseCommand):
    """Base of the people commands: the example in the help, no system checks (data only)."""

    example = ""
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs.setdefault("epilog", f"Contoh:\n  {self.example}" if self.example else None)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def print_json(self, data: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False))


class ImportCommand(PeopleCommand):
    """``import_<kind> FILE [--agency] [--dry-run] [--format] [--lang]``."""

    def import_file(self, *, agency: Agency, file: IO[bytes], filename: str,
                    dry_run: bool) -> ImportReport:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="file .xlsx atau .csv")
        add_agency_argument(parser)
        parser.add_argument("--dry-run", action="store_true",
                            help="periksa dan hitung saja, jangan simpan")
        add_output_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        lang: Lang = options["lang"]
        with translation.override(lang):
            agency = resolve_agency(options["agency"], lang)
            assert agency is not None
            path = Path(options["file"])
            if not path.is_file():
                raise refuse(Message("cli.no_file", {"file": str(path)}), lang)
            with path.open("rb") as file:
                report = self.import_file(agency=agency, file=file, filename=path.name,
                                          dry_run=options["dry_run"])
            self.show(report, str(path), lang, options["format"])

    def show(self, report: ImportReport, filename: str, lang: Lang, output: str) -> None:
        if report.ok:
            self.show_success(report, filename, lang, output)
            return
        if output == "json":
            self.print_json({"ok": False, "errors": [
                {"row": e.row, "column": e.column, "message": e.message.render(lang),
                 "file": filename} for e in report.errors]})
        else:
            for e in report.errors:
                where = filename if e.row is None else f"{filename}:{e.row}:{e.column or ''}"
                self.stderr.write(f"{where}: {e.message.render(lang)}")
        file_level = all(e.row is None for e in report.errors)
        summary = (Message("cli.refused_file") if file_level
                   else Message("cli.refused", {"count": len(report.errors)}))
        raise refuse(summary, lang)

    def show_success(self, report: ImportReport, filename: str, lang: Lang, output: str) -> None:
        if output == "json":
            self.print_json({"ok": True, "created": report.created, "updated": report.updated,
                             "unchanged": report.unchanged, "dry_run": report.dry_run})
            return
        line = Message("cli.done", {"file": filename, "created": report.created,
                                    "updated": report.updated, "unchanged": report.unchanged})
        suffix = f" ({Message('cli.dry_run').render(lang)})" if report.dry_run else ""
        self.stdout.write(line.render(lang) + suffix)


class ExportCommand(PeopleCommand):
    """``export_<kind> -o FILE [--agency] [--format] [--lang]``: the agency's rows written as a
    filled import template, so that the file can be edited and imported again."""

    def export(self, *, agency: Agency, file: IO[bytes]) -> int:
        """Write the agency's rows to ``file``; the number of rows written."""
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="file .xlsx yang ditulis")
        add_agency_argument(parser)
        add_output_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        lang: Lang = options["lang"]
        with translation.override(lang):
            agency = resolve_agency(options["agency"], lang)
            assert agency is not None
            path = output_path(options["output"], lang)
            with path.open("wb") as file:
                rows = self.export(agency=agency, file=file)
        if options["format"] == "json":
            self.print_json({"ok": True, "file": str(path), "rows": rows})
        else:
            self.stdout.write(Message("cli.written", {"file": str(path), "rows": rows})
                              .render(lang))
