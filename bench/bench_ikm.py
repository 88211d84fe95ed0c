"""Benchmark ``bina ikm``: read and aggregate a million public-satisfaction responses.

    .venv/bin/python bench/bench_ikm.py [--rows 1000000] [--units 50] [--repeat 3] [--keep FILE]

Generates a seeded CSV of ``--rows`` questionnaires over ``--units`` service units (columns
``unit,date,U1..U9``, units of uneven size, each with its own satisfaction level), then times

* **bina**: :func:`bina.evaluation.io.read_responses` (CSV parsing and validation of every
  cell) followed by :func:`bina.core.ikm.aggregate_arrays` (the index per unit), and the
  aggregation alone;
* **SQL**: the same file aggregated by a plain ``GROUP BY`` — DuckDB's ``read_csv`` when the
  ``duckdb`` package is installed (it is not a dependency: ``pip install duckdb``), and always
  SQLite in memory from the standard library (loading the rows with ``executemany``, then the
  query; both times printed).

The per-unit results of every engine are compared (respondents and IKM at 2 decimals); the
script exits 1 if they differ. Target: about a second for bina's read + aggregate.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bina.core.ikm import ELEMENT_CODES, aggregate_arrays, index_from_sums
from bina.evaluation.io import read_responses

# constant text built from the element codes (no user input)
SQL = ("SELECT unit, COUNT(*) AS n, "  # noqa: S608
       + ", ".join(f"SUM({c}) AS {c}" for c in ELEMENT_CODES)
       + " FROM responses GROUP BY unit ORDER BY unit")
INSERT = "INSERT INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def generate(path: Path, rows: int, units: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    codes = [f"UPT-{i:02d}" for i in range(units)]
    sizes = rng.dirichlet(np.full(units, 0.8))
    unit = rng.choice(units, size=rows, p=sizes)
    level = rng.uniform(2.4, 3.7, units)  # each unit's mean satisfaction
    raw = level[unit][:, None] + rng.normal(0, 0.7, (rows, len(ELEMENT_CODES)))
    scores = np.clip(np.rint(raw), 1, 4).astype(np.int64)
    start = dt.date(2026, 1, 1).toordinal()
    days = start + rng.integers(0, 365, rows)
    date_text = [dt.date.fromordinal(int(d)).isoformat() for d in range(start, start + 365)]
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write("unit,date," + ",".join(ELEMENT_CODES) + "\n")
        block = 100_000
        for lo in range(0, rows, block):
            hi = min(rows, lo + block)
            lines = [
                f"{codes[u]},{date_text[d - start]},{','.join(map(str, s))}\n"
                for u, d, s in zip(unit[lo:hi].tolist(), days[lo:hi].tolist(),
                                   scores[lo:hi].tolist(), strict=True)
            ]
            file.write("".join(lines))


def run_bina(path: Path) -> tuple[float, float, dict[str, tuple[int, float]]]:
    start = time.perf_counter()
    with path.open("rb") as file:
        table = read_responses(file, path.name)
    middle = time.perf_counter()
    results = aggregate_arrays(table.units, table.unit_index, table.scores, days=table.days)
    end = time.perf_counter()
    return end - start, end - middle, {r.unit: (r.respondents, r.ikm) for r in results}


def from_sql_rows(rows: list[tuple[object, ...]]) -> dict[str, tuple[int, float]]:
    out = {}
    for unit, n, *sums in rows:
        result = index_from_sums(str(unit), [int(str(s)) for s in sums], int(str(n)))
        out[result.unit] = (result.respondents, result.ikm)
    return out


def run_sqlite(path: Path) -> tuple[float, float, dict[str, tuple[int, float]]]:
    start = time.perf_counter()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE responses (unit TEXT, date TEXT, "
               + ", ".join(f"{c} INTEGER" for c in ELEMENT_CODES) + ")")
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        next(reader)
        db.executemany(INSERT, reader)
    loaded = time.perf_counter()
    rows = db.execute(SQL).fetchall()
    end = time.perf_counter()
    db.close()
    return end - start, end - loaded, from_sql_rows(rows)


def run_duckdb(path: Path) -> tuple[float, dict[str, tuple[int, float]]] | None:
    try:
        import duckdb  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    start = time.perf_counter()
    con = duckdb.connect()
    query = SQL.replace("FROM responses", f"FROM read_csv('{path}', header=true)")
    rows = con.execute(query).fetchall()
    end = time.perf_counter()
    con.close()
    return end - start, from_sql_rows(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--keep", metavar="FILE", help="write the CSV here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.keep) if args.keep else Path(folder) / "skm.csv"
        t0 = time.perf_counter()
        generate(path, args.rows, args.units, args.seed)
        size = path.stat().st_size / 1_048_576
        print(f"generated {args.rows:,} responses of {args.units} units, {size:.1f} MB "
              f"in {time.perf_counter() - t0:.1f} s")

        runs = [run_bina(path) for _ in range(args.repeat)]
        reference = runs[0][2]
        totals = [r[0] for r in runs]
        aggregations = [r[1] for r in runs]
        print(f"bina read + aggregate: best {min(totals):.2f} s, worst {max(totals):.2f} s "
              f"over {args.repeat} runs (aggregation alone best {min(aggregations) * 1000:.0f} ms)")

        ok = True
        duck = run_duckdb(path)
        if duck is None:
            print("duckdb read_csv + GROUP BY: skipped (pip install duckdb to compare)")
        else:
            print(f"duckdb read_csv + GROUP BY: {duck[0]:.2f} s")
            ok &= duck[1] == reference
        total, query, lite = run_sqlite(path)
        print(f"sqlite3 :memory: load + GROUP BY: {total:.2f} s (GROUP BY alone {query:.2f} s)")
        ok &= lite == reference

        worst = sorted(reference.items(), key=lambda item: item[1][1])[:3]
        print("lowest IKM: " + ", ".join(f"{u} {ikm:.2f} (n={n:,})" for u, (n, ikm) in worst))
        print("results agree across engines" if ok else "RESULTS DIFFER between engines")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
