"""Benchmark the roster import: 32,000 rows in a fresh SQLite database.

    .venv/bin/python bench/bench_import.py [--rows 32000] [--profile]

Times openpyxl alone reading the file (the floor), then ``employees_import`` three times: the
first import (all created), the same file again (nothing changes), and a file where 10% of the
rows changed (unit, grade or email). Target: seconds, not minutes (< 20 s on 2 cores).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

UNITS = 24
POSITIONS = (
    ("Analis Kebijakan Ahli Muda", "Fungsional", "Ahli Muda"),
    ("Pranata Komputer Ahli Pertama", "Fungsional", "Ahli Pertama"),
    ("Perawat Terampil", "Fungsional", "Terampil"),
    ("Guru Ahli Pertama", "Fungsional", "Ahli Pertama"),
    ("Pengadministrasi Umum", "Pelaksana", ""),
    ("Pengelola Keuangan", "Pelaksana", ""),
    ("Kepala Bidang", "Administrator", ""),
    ("Kepala Seksi", "Pengawas", ""),
)
PNS_GRADES = ("II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b")


def setup_django(data_dir: str) -> None:
    os.environ["BINA_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "bina.settings"
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_agency() -> Any:
    from bina.org.models import Agency
    from bina.org.services import position_create, unit_create

    agency = Agency.objects.create(code="bench", name="Pemerintah Provinsi Bench",
                                   kind="provinsi")
    for n in range(1, UNITS + 1):
        unit_create(agency=agency, code=f"OPD{n:02d}", name=f"Dinas Nomor {n}", kind="opd")
    position_create(agency=agency, code="KADIS", name="Kepala Dinas", position_type="jpt_pratama")
    return agency


def nip_of(i: int, pppk: bool) -> str:
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=i % 12_000)
    serial = i // 12_000 + 1
    sex = 1 + i % 2
    tmt_year = birth.year + 20 + i % 15
    middle = f"{tmt_year}2{1 + i % 3}" if pppk else f"{tmt_year}{1 + i % 12:02d}"
    return f"{birth:%Y%m%d}{middle}{sex}{serial:03d}"


def roster_rows(count: int) -> list[list[object]]:
    rows: list[list[object]] = []
    heads: dict[int, str] = {}
    for i in range(count):
        unit = i % UNITS + 1
        pppk = i % 5 == 4
        nip = nip_of(i, pppk)
        if unit not in heads:
            heads[unit] = nip
            position: tuple[str, str, str] = ("Kepala Dinas", "JPT Pratama", "")
            supervisor = ""
        else:
            position = POSITIONS[i % len(POSITIONS)]
            supervisor = heads[unit]
        grade = f"{5 + i % 9}" if pppk else PNS_GRADES[i % len(PNS_GRADES)]
        rows.append([
            nip, f"Pegawai {i}", "", "S.E." if i % 3 else "", "PPPK" if pppk else "PNS", "T",
            "", "", grade, ("SMA", "D3", "S1", "S2")[i % 4], "Manajemen",
            f"Dinas Nomor {unit}", position[0], position[1], position[2], supervisor,
            "Y" if i % 11 == 0 else "T", f"pegawai{i}@example.go.id", f"0812{i:08d}",
        ])
    return rows


def changed(rows: list[list[object]]) -> list[list[object]]:
    """10% of the rows change: a move, a promotion or a new email."""
    out = [list(r) for r in rows]
    for i in range(0, len(out), 10):
        row = out[i]
        kind = (i // 10) % 3
        if kind == 0 and row[15]:
            row[11] = f"Dinas Nomor {(i + 1) % UNITS + 1}"
            row[15] = ""
        elif kind == 1 and row[4] == "PNS":
            row[8] = "IV/c"
        else:
            row[17] = f"baru{i}@example.go.id"
    return out


def write(rows: list[list[object]]) -> bytes:
    from bina.people.io.roster_xlsx import write_employee_rows

    buffer = io.BytesIO()
    write_employee_rows(buffer, rows)
    return buffer.getvalue()


def timed(label: str, fn: Callable[[], Any], rows: int, profile: bool = False) -> Any:
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = fn()
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    print(f"{label:<34} {seconds:7.2f} s  {rows / seconds:9,.0f} rows/s  {result}")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return result


def openpyxl_alone(data: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=32_000)
    parser.add_argument("--profile", action="store_true", help="profile the first import")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup_django(data_dir)
        from bina.people.models import Employee
        from bina.people.services import employees_import

        agency = make_agency()
        rows = roster_rows(args.rows)
        started = time.perf_counter()
        first, second, third = write(rows), None, write(changed(rows))
        print(f"{args.rows:,} rows, {len(first) / 1e6:.1f} MB .xlsx, written in "
              f"{time.perf_counter() - started:.1f} s (two files)")

        def run(data: bytes) -> str:
            report = employees_import(agency=agency, file=io.BytesIO(data),
                                      filename="bench.xlsx", actor=None)
            assert report.ok, report.errors[:5]
            return f"created={report.created} updated={report.updated} " \
                   f"unchanged={report.unchanged}"

        floor = timed("openpyxl alone (read all rows)", lambda: openpyxl_alone(first), args.rows)
        timed("import 1 (all new)", lambda: run(first), args.rows, args.profile)
        timed("import 2 (same file, no changes)", lambda: run(first), args.rows)
        timed("import 3 (10% changed)", lambda: run(third), args.rows)
        assert second is None and Employee.objects.count() == args.rows
        print(f"(openpyxl floor: {floor:,} rows incl. header)")


if __name__ == "__main__":
    main()
