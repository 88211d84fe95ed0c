"""``bina ikm FILE [--population FILE] [--format json|text] [--lang id|en] [--printed-weight]``:
the public-satisfaction index (IKM, PermenPANRB 14/2017) per unit from a file of responses.
Stores nothing and touches no database (works before ``bina migrate``).

The file: CSV or .xlsx, one row per respondent, columns ``unit``, ``date`` (YYYY-MM-DD) and
``U1`` … ``U9`` (regulation.md §4.1 numbering) in any order; see :mod:`bina.evaluation.io`.

JSON: ``{"units": [{"unit", "respondents", "nrr": {"U1": …, …, "U9": …}, "ikm", "mutu",
"kinerja", "period": {"from", "to"}}]}``; with ``--population FILE`` (CSV ``unit,population``)
each unit also has ``population``, ``sample_min`` (Krejcie & Morgan) and ``sample_ok`` (null
for a unit the population file does not list).

Refused input (a score outside 1–4, an unknown element column, a missing element, a bad date, a
missing column, an unreadable file): exit 2, each problem printed as ``FILE:ROW:COLUMN: message``
(spreadsheet numbering, header = row 1), or with ``--format json``
``{"ok": false, "errors": [{"row", "column", "message", "file"}]}``. Exit 1 for anything else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import CommandParser

from bina.core.ikm import ELEMENT_CODES, IkmError, UnitIkm, aggregate_arrays
from bina.core.messages import Lang, Message, register
from bina.evaluation.io import read_population, read_responses
from bina.people.management import PeopleCommand, refuse

register("ikm.cli.summary", id="{units} unit, {respondents} responden",
         en="{units} unit(s), {respondents} respondent(s)")
register("ikm.cli.header",
         id="unit | responden | IKM | mutu | kinerja | sampel minimum | cukup",
         en="unit | respondents | IKM | grade | performance | minimum sample | enough")
register("ikm.unreadable", id="{file} tidak dapat dibaca: {error}",
         en="cannot read {file}: {error}")
register("ikm.cli.yes", id="ya", en="yes")
register("ikm.cli.no", id="tidak", en="no")


class Command(PeopleCommand):
    help = (
        "Indeks Kepuasan Masyarakat (PermenPANRB 14/2017) per unit dari berkas jawaban survei "
        "(.csv atau .xlsx; kolom unit, date (TTTT-BB-HH), U1 … U9 dalam urutan apa pun). Tidak "
        "menyimpan apa pun. IKM = rata-rata NRR × 25, dibulatkan 2 desimal; mutu A–D dibaca dari "
        "nilai yang dibulatkan. Dengan --population (CSV unit,population) ditambahkan sampel "
        "minimum Krejcie & Morgan. Keluar 0 bila berhasil, 2 bila berkas/baris ditolak (setiap "
        "kesalahan sebagai FILE:BARIS:KOLOM: pesan), 1 untuk galat lain."
    )
    example = "bina ikm jawaban-skm-2026.csv --population populasi.csv --format json"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="berkas jawaban .csv atau .xlsx")
        parser.add_argument("--population", metavar="FILE",
                            help="CSV unit,population: jumlah pengguna layanan periode lalu")
        parser.add_argument("--format", choices=["json", "text"], default="json",
                            help="keluaran JSON (bawaan) atau teks")
        parser.add_argument("--lang", choices=["id", "en"], default="id",
                            help="bahasa pesan: id (bawaan) atau en")
        parser.add_argument("--printed-weight", action="store_true",
                            help="hitung dengan bobot tercetak 0,111 (maksimum 99,9) alih-alih "
                                 "1/9 yang tepat")

    def handle(self, *args: Any, **options: Any) -> None:
        lang: Lang = options["lang"]
        output: str = options["format"]
        path = Path(options["file"])
        population: dict[str, int] | None = None
        if options["population"]:
            population_path = Path(options["population"])
            population = self._read(population_path, output, lang, population=True)
        table = self._read(path, output, lang, population=False)
        results = aggregate_arrays(table.units, table.unit_index, table.scores, days=table.days,
                                   printed_weight=options["printed_weight"])
        if population is not None:
            results = [r.with_population(population[r.unit]) if r.unit in population else r
                       for r in results]
        if output == "json":
            units = []
            for r in results:
                data = r.to_dict()
                if population is not None and r.unit not in population:
                    data.update({"population": None, "sample_min": None, "sample_ok": None})
                units.append(data)
            self.print_json({"units": units})
        else:
            self._text(results, lang, with_population=population is not None)

    def _read(self, path: Path, output: str, lang: Lang, *, population: bool) -> Any:
        if not path.is_file():
            self._refuse(path, output, lang, None, Message("cli.no_file", {"file": str(path)}))
        try:
            with path.open("rb") as file:
                if population:
                    return read_population(file, path.name)
                return read_responses(file, path.name)
        except IkmError as exc:
            self._refuse(path, output, lang, exc, None)
        except OSError as exc:
            self._refuse(path, output, lang, None,
                         Message("ikm.unreadable", {"file": str(path), "error": str(exc)}))

    def _refuse(self, path: Path, output: str, lang: Lang, exc: IkmError | None,
                message: Message | None) -> NoReturn:
        if exc is not None:
            problems = [(p.row, p.column, p.message) for p in exc.problems]
        else:
            assert message is not None
            problems = [(None, "", message)]
        if output == "json":
            self.print_json({"ok": False, "errors": [
                {"row": row, "column": column, "message": m.render(lang), "file": path.name}
                for row, column, m in problems]})
        else:
            for row, column, m in problems:
                where = str(path) if row is None else f"{path}:{row}:{column}"
                self.stderr.write(f"{where}: {m.render(lang)}")
        file_level = all(row is None or row == 1 for row, _, _ in problems)
        summary = (Message("cli.refused_file") if file_level
                   else Message("cli.refused", {"count": len(problems)}))
        raise refuse(summary, lang)

    def _text(self, results: list[UnitIkm], lang: Lang, *, with_population: bool) -> None:
        yes, no = Message("ikm.cli.yes").render(lang), Message("ikm.cli.no").render(lang)
        header = Message("ikm.cli.header").render(lang)
        if not with_population:
            header = " | ".join(header.split(" | ")[:5])
        self.stdout.write(header)
        for r in results:
            words = r.kinerja if lang == "id" else r.kinerja_en
            cells = [r.unit, str(r.respondents), f"{r.ikm:.2f}", r.mutu, words]
            if with_population:
                cells += ["-" if r.sample_min is None else str(r.sample_min),
                          "-" if r.sample_ok is None else (yes if r.sample_ok else no)]
            self.stdout.write(" | ".join(cells))
            self.stdout.write("    NRR " + "  ".join(
                f"{code} {r.nrr[code]:.2f}" for code in ELEMENT_CODES))
        total = sum(r.respondents for r in results)
        self.stdout.write(Message("ikm.cli.summary", {"units": len(results),
                                                      "respondents": total}).render(lang))
