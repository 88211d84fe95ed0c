"""Benchmark the needs-analysis round in the database: 32,000 employees × 12 competencies.

    .venv/bin/python bench/bench_needs_import.py [--employees 32000] [--template] [--profile]

In a fresh SQLite database (a temporary BINA_DATA_DIR): 32,000 employees created in bulk in 24
units, 8 positions each with a 12-competency standard; then times ``round_open`` (freezes the
population and the standards), writes the responses file with all four answers on every row
(384,000 rows, ~1.5 million answer cells) as CSV and as XLSX, times reading each file alone
(``read_table``; for the XLSX also the import's own fast reader ``read_responses``), times
``responses_import`` of the CSV (all answers new) and of the XLSX (every
answer changed: the update path), and times ``round_analysis``. ``--template`` also times
``bina template responses`` for the whole round. Targets: import < 30 s, analysis < 5 s.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import io
import os
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

UNITS = 24
POSITIONS = (
    ("Analis Kebijakan Ahli Muda", "fungsional", "ahli_muda"),
    ("Pranata Komputer Ahli Pertama", "fungsional", "ahli_pertama"),
    ("Perawat Terampil", "fungsional", "terampil"),
    ("Guru Ahli Pertama", "fungsional", "ahli_pertama"),
    ("Pengadministrasi Umum", "pelaksana", ""),
    ("Pengelola Keuangan", "pelaksana", ""),
    ("Kepala Bidang", "administrator", ""),
    ("Kepala Seksi", "pengawas", ""),
)
COMPETENCIES = 12
HEADER = ["NIP", "NAMA", "UNIT", "KODE KOMPETENSI", "NAMA KOMPETENSI", "LEVEL DIPERSYARATKAN",
          "LEVEL DIRI", "LEVEL ATASAN", "KEPENTINGAN", "KEMAMPUAN"]


def setup_django(data_dir: str) -> None:
    os.environ["BINA_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "bina.settings"
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(label: str, fn: Callable[[], Any], rows: int = 0, profile: bool = False) -> Any:
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = fn()
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    rate = f"{rows / seconds:9,.0f} rows/s" if rows else " " * 16
    print(f"{label:<44} {seconds:7.2f} s  {rate}  {result if result is not None else ''}",
          flush=True)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return result


def nip_of(i: int) -> str:
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=i % 12_000)
    serial = i // 12_000 + 1
    return f"{birth:%Y%m%d}{birth.year + 22}{1 + i % 12:02d}{1 + i % 2}{serial:03d}"


def make_world(employees: int) -> tuple[Any, list[Any]]:
    from bina.org.models import Agency, CompetencyRequirement, Position, Unit
    from bina.org.services import unit_create
    from bina.people.models import Employee
    from bina.reference.models import Competency, EducationLevel, Grade

    agency = Agency.objects.create(code="bench", name="Pemerintah Provinsi Bench",
                                   kind="provinsi")
    units = [unit_create(agency=agency, code=f"OPD{n:02d}", name=f"Dinas Nomor {n}", kind="opd")
             for n in range(1, UNITS + 1)]
    positions = Position.objects.bulk_create(
        Position(agency=agency, code=f"P{n}", name=name, position_type=kind,
                 functional_level=level) for n, (name, kind, level) in enumerate(POSITIONS))
    comps = list(Competency.objects.filter(agency__isnull=True).order_by("code")[:COMPETENCIES])
    technical = ("Layanan Pemerintahan Digital", "Pengelolaan Data", "Keamanan Informasi")
    comps += [Competency.objects.create(code=f"T.DIG.{n:02d}", name=name, kind="teknis",
                                        agency=agency)
              for n, name in enumerate(technical[:COMPETENCIES - len(comps)], start=1)]
    rng = random.Random(7)
    CompetencyRequirement.objects.bulk_create(
        CompetencyRequirement(position=p, competency=c, required_level=rng.randint(2, 4))
        for p in positions for c in comps)
    grade = Grade.objects.get(scheme="PNS", code="III/b")
    education = EducationLevel.objects.get(code="S1")
    Employee.objects.bulk_create(
        (Employee(agency=agency, nip=nip_of(i), name=f"Pegawai {i}", employment_type="PNS",
                  sex="L" if i % 2 == 0 else "P", birth_date=dt.date(1965, 1, 1)
                  + dt.timedelta(days=i % 12_000), grade=grade, education=education,
                  unit=units[i % UNITS], position=positions[i % len(positions)])
         for i in range(employees)), batch_size=2000)
    assert Unit.objects.filter(agency=agency).count() == UNITS
    return agency, comps


def answer_rows(needs_round: Any, shift: int) -> list[list[object]]:
    """Every participant × competency of its standard, all four answers (seeded)."""
    from bina.needs.models import Participant, RoundStandard

    standard: dict[int, list[tuple[str, str, int]]] = {}
    for pos, code, name, level in RoundStandard.objects.filter(round=needs_round).values_list(
            "position_id", "competency__code", "competency__name", "required_level"):
        standard.setdefault(pos, []).append((code, name, level))
    rng = random.Random(11 + shift)
    rows: list[list[object]] = []
    for nip, name, unit, pos in Participant.objects.filter(round=needs_round).values_list(
            "employee__nip", "employee__name", "unit__name", "position_id"):
        for code, comp, level in sorted(standard[pos]):
            low = 1 if code == "T.DIG.01" else 2  # the digital-services weakness
            rows.append([nip, name, unit, code, comp, level,
                         rng.randint(low, 5), (rng.randint(low, 5) + shift - 1) % 5 + 1,
                         rng.randint(3, 5), rng.randint(low, 5)])
    return rows


def write_csv(rows: list[list[object]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return text.getvalue().encode()


def write_xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Jawaban")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_only(data: bytes, filename: str) -> int:
    from bina.needs.io import READ_COLUMNS
    from bina.people.io.tabular import read_table

    table = read_table(io.BytesIO(data), filename, columns=READ_COLUMNS, sheet_name="Jawaban",
                       max_rows=10**7, max_bytes=10**9)
    return len(table.rows)


def read_fast(data: bytes, filename: str) -> int:
    from bina.needs.io import read_responses

    return len(read_responses(io.BytesIO(data), filename, max_rows=10**7,
                              max_bytes=10**9).rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=32_000)
    parser.add_argument("--template", action="store_true", help="also time the template")
    parser.add_argument("--profile", action="store_true", help="profile the CSV import")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup_django(data_dir)
        from bina.needs.imports import responses_import, responses_template
        from bina.needs.models import Answer
        from bina.needs.selectors import round_analysis
        from bina.needs.services import round_create, round_open

        world: list[Any] = []
        timed(f"create {args.employees:,} employees (bulk)",
              lambda: world.extend(make_world(args.employees)))
        agency, comps = world
        print(f"{len(comps)} competencies: {', '.join(c.code for c in comps)}")
        needs_round = round_create(agency=agency, code="akpk-2027", name="AKPK 2027",
                                   year=2027)
        timed("round_open (freeze population, standards)",
              lambda: round_open(needs_round=needs_round) and None, args.employees)
        first, second = answer_rows(needs_round, 0), answer_rows(needs_round, 1)
        n = len(first)
        started = time.perf_counter()
        csv_data, xlsx_data = write_csv(first), write_xlsx(second)
        print(f"{n:,} rows ({4 * n:,} answer cells): CSV {len(csv_data) / 1e6:.1f} MB, "
              f"XLSX {len(xlsx_data) / 1e6:.1f} MB, written in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        if args.template:
            timed("template responses (xlsx, whole round)",
                  lambda: responses_template(needs_round=needs_round, file=io.BytesIO()), n)

        def run(data: bytes, filename: str) -> str:
            report = responses_import(needs_round=needs_round, file=io.BytesIO(data),
                                      filename=filename, actor=None)
            assert report.ok, report.errors[:5]
            return f"created={report.created} updated={report.updated} " \
                   f"unchanged={report.unchanged}"

        timed("read CSV alone (read_table)", lambda: read_only(csv_data, "j.csv"), n)
        timed("import CSV (all answers new)", lambda: run(csv_data, "j.csv"), n, args.profile)
        timed("read XLSX alone (read_table, openpyxl)", lambda: read_only(xlsx_data, "j.xlsx"),
              n)
        timed("read XLSX alone (read_responses, fast)", lambda: read_fast(xlsx_data, "j.xlsx"),
              n)
        timed("import XLSX (every answer changed)", lambda: run(xlsx_data, "j.xlsx"), n)
        timed("import CSV again (overwrite back)", lambda: run(csv_data, "j.csv"), n)
        assert Answer.objects.filter(participant__round=needs_round).count() == n
        found: list[Any] = []
        timed("round_analysis", lambda: found.append(round_analysis(needs_round)), n)
        analysis = found[0]
        top = analysis.competencies[0]
        print(f"top priority: {top.code} {top.name} (MWDS {top.mwds:.2f}, "
              f"{top.staff_below_standard:,} of {top.staff_assessed:,} below standard)")


if __name__ == "__main__":
    main()
