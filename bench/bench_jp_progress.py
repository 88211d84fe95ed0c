"""Benchmark the 20 JP progress reads (issue 5) at 32,000 employees.

    .venv/bin/python bench/bench_jp_progress.py [--employees 32000] [--data-dir DIR] [--repeat 3]

Builds a throwaway SQLite database in a temporary BINA_DATA_DIR (or reuses ``--data-dir`` when
a previous run built the database there): the demo agency at 1,000 employees (``generate_demo``:
units, positions, an approved plan, held and upcoming classes, the JP ledger), then copies of
its employees up to ``--employees`` with ``bulk_create``: each copy gets a placement, 0–4 ledger
rows in the year (JP drawn from the recognition table's usual values), a planned JP in the
approved plan and, for about a third, a place in an upcoming class. Then it times, best of
``--repeat`` runs:

* ``year_progress`` for the whole agency (the per-person list);
* the same limited to one OPD and its sub-units, with ``unit_summaries`` (per unit);
* ``summarise`` + ``unit_summaries`` over the agency (the agency page's aggregates);
* ``at_risk_first`` and ``no_development`` (the at-risk list and the TPP list);
* ``fair_share_views`` (by OPD, golongan, employment type);
* ``bina jp --year Y --format json`` (the command, output to a buffer).

Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

AS_OF = dt.date(2026, 11, 28)
BASE_EMPLOYEES = 1000
JP_VALUES = [Decimal(v) for v in (2, 4, 4, 5, 8, 10, 12, 16, 24)]


def setup_django(data_dir: str) -> None:
    os.environ["BINA_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bina.settings")
    import django

    django.setup()


def build(total: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from bina.delivery.models import Activity, ActivityStatus, Enrollment, EnrollmentStatus
    from bina.demo.generator import generate_demo
    from bina.people.models import DevelopmentRecord, DevelopmentSource, Employee, Placement
    from bina.plan.models import Plan, PlanEmployee, PlanStatus
    from bina.reference.models import DevelopmentPath

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate_demo(employees=BASE_EMPLOYEES, seed=seed, as_of=AS_OF)
    print(f"demo at {BASE_EMPLOYEES:,} employees: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    rng = random.Random(seed)
    base = list(Employee.objects.order_by("pk"))
    plan = Plan.objects.filter(status=PlanStatus.APPROVED, year=AS_OF.year).first()
    paths = list(DevelopmentPath.objects.filter(code__in=["KL03", "KL06", "KL07", "NKL03",
                                                          "NKL04"]))
    upcoming = list(Activity.objects.filter(status=ActivityStatus.SCHEDULED,
                                            start_date__gt=AS_OF))
    skip = {"id", "nip", "supervisor_id", "created_at", "updated_at", "target_position_id"}
    fields = [f.attname for f in Employee._meta.concrete_fields if f.attname not in skip]
    with transaction.atomic():
        for lo in range(len(base), total, 4000):
            hi = min(total, lo + 4000)
            templates = [base[i % len(base)] for i in range(lo, hi)]
            clones = Employee.objects.bulk_create([
                Employee(nip=f"9{i:017d}", **{f: getattr(t, f) for f in fields})
                for i, t in zip(range(lo, hi), templates, strict=True)], batch_size=1000)
            Placement.objects.bulk_create([
                Placement(employee=e, unit_id=e.unit_id, position_id=e.position_id,
                          start_date=dt.date(2020, 1, 1)) for e in clones], batch_size=1000)
            records = []
            for e in clones:
                for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
                    end = AS_OF - dt.timedelta(days=rng.randrange(1, 320))
                    records.append(DevelopmentRecord(
                        employee=e, title="Pelatihan", path=rng.choice(paths),
                        jp=rng.choice(JP_VALUES), start_date=end, end_date=end,
                        provider_name="BPSDM", source=DevelopmentSource.MANUAL))
            DevelopmentRecord.objects.bulk_create(records, batch_size=2000)
            if plan is not None:
                PlanEmployee.objects.bulk_create([
                    PlanEmployee(plan=plan, employee=e, unit_id=e.unit_id,
                                 employment_type=e.employment_type, min_jp=20,
                                 jp_planned=rng.choice((0, 16, 20, 24, 30)))
                    for e in clones], batch_size=2000)
            if upcoming:
                Enrollment.objects.bulk_create([
                    Enrollment(activity=rng.choice(upcoming), employee=e,
                               status=EnrollmentStatus.ENROLLED)
                    for e in clones if rng.random() < 0.33], batch_size=2000)
    print(f"copies up to {total:,} employees: {time.perf_counter() - started:.1f} s")


def timed(label: str, repeat: int, fn: Callable[[], Any]) -> Any:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    print(f"  {label:<58} {best * 1000:9.0f} ms")
    return result


def run(repeat: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from bina.ledger import selectors as progress
    from bina.org.models import Agency, Unit

    agency = Agency.objects.get()
    year = AS_OF.year
    units = progress.unit_map(agency.pk)
    opd = max(Unit.objects.filter(agency=agency, depth=0),
              key=lambda u: sum(1 for v in units.values() if v.path.startswith(u.path)))
    subtree = [u.pk for u in units.values() if u.path.startswith(opd.path)]
    print(f"agency {agency.code}: {agency.employees.count():,} employees, "
          f"{len(units)} units; biggest OPD {opd.code} ({len(subtree)} units)")
    connection.queries_log.clear()
    people = timed("year_progress (per-person list, whole agency)", repeat,
                   lambda: progress.year_progress(agency_id=agency.pk, year=year,
                                                  today=AS_OF))
    print(f"    {len(people):,} people; {progress.status_counts(people)}")
    in_opd = timed(f"year_progress + unit_summaries (OPD {opd.code})", repeat,
                   lambda: (lambda ps: (ps, progress.unit_summaries(ps, units, depth=1)))(
                       progress.year_progress(agency_id=agency.pk, year=year, today=AS_OF,
                                              units=subtree)))
    print(f"    {len(in_opd[0]):,} people in the OPD, {len(in_opd[1])} sub-units")
    timed("summarise + unit_summaries (agency, per OPD)", repeat,
          lambda: (progress.summarise(people), progress.unit_summaries(people, units)))
    risk = timed("at_risk_first + no_development", repeat,
                 lambda: (progress.at_risk_first(people), progress.no_development(people)))
    print(f"    {len(risk[1]):,} with no development")
    timed("fair_share_views (OPD, golongan, employment type)", repeat,
          lambda: progress.fair_share_views(people, units))
    timed("year_progress → at-risk page end to end (list + sort)", repeat,
          lambda: progress.at_risk_first(progress.year_progress(
              agency_id=agency.pk, year=year, today=AS_OF)))

    def command() -> int:
        out = io.StringIO()
        call_command("jp", "--year", str(year), "--format", "json", stdout=out)
        return len(out.getvalue())

    size = timed("bina jp --year 2026 --format json", repeat, command)
    print(f"    {size / 1e6:.1f} MB of JSON")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--employees", type=int, default=32_000)
    parser.add_argument("--data-dir", help="keep (and reuse) the database here")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="bina-bench-jp-")
    marker = Path(data_dir) / "bench-jp-built"
    reuse = marker.exists()
    setup_django(data_dir)
    if reuse:
        print(f"reusing the database in {data_dir}")
    else:
        build(args.employees, args.seed)
        marker.write_text(str(args.employees))
    run(args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
