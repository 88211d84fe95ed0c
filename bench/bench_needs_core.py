"""Benchmark the pure needs-analysis core: 32,000 employees × 12 competencies.

    .venv/bin/python bench/bench_needs_core.py [--employees 32000] [--repeat 3] [--profile]

Generates a seeded, realistic round (27 units of uneven size, 12 competencies of which the
digital-services competency T.DIG.01 is clearly weaker, both ratings for most people, Borich
answers, performance predicates in the usual distribution, 10% with a target position, some
interview tags) and times :func:`bina.core.needs.analyse` and ``to_dict``. Target: < 5 s.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bina.core.needs import (
    Assessment,
    BorichAnswer,
    Competency,
    EmployeeInfo,
    InterviewTag,
    NeedsAnalysis,
    Requirement,
    Unit,
    analyse,
)

COMPETENCIES = (
    ("M.1", "Integritas"), ("M.2", "Kerja Sama"), ("M.3", "Komunikasi"),
    ("M.4", "Orientasi pada Hasil"), ("M.5", "Pelayanan Publik"),
    ("M.6", "Pengembangan Diri dan Orang Lain"), ("M.7", "Mengelola Perubahan"),
    ("M.8", "Pengambilan Keputusan"), ("SK.1", "Perekat Bangsa"),
    ("T.DIG.01", "Pelayanan Publik Digital (SPBE)"), ("T.KEU.01", "Pengelolaan Keuangan Daerah"),
    ("T.PBJ.01", "Pengadaan Barang/Jasa"),
)
# How far below the required level people typically are (levels); T.DIG.01 is the weak spot.
WEAKNESS = {"T.DIG.01": 1.3, "T.PBJ.01": 0.4, "M.7": 0.3}
# Required level by position type (pelaksana 1 … JPT 4).
POSITION_LEVELS = (1, 2, 3, 4)
POSITION_WEIGHTS = (0.55, 0.25, 0.15, 0.05)
PREDICATES = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
PREDICATE_WEIGHTS = (0.10, 0.70, 0.15, 0.04, 0.01)
NOTES = ("Aplikasi layanan daring sering gagal dan staf tidak tahu cara menanganinya",
         "Belum ada pelatihan tanda tangan elektronik", "Data pemohon masih dicatat manual",
         "Staf kesulitan menyusun HPS", "Rapat koordinasi tidak menghasilkan keputusan")


@dataclass
class Round:
    units: list[Unit] = field(default_factory=list)
    employees: list[EmployeeInfo] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    answers: list[BorichAnswer] = field(default_factory=list)
    interviews: list[InterviewTag] = field(default_factory=list)


def clamp(x: float) -> int:
    return max(1, min(5, round(x)))


def add_employee(data: Round, rng: random.Random, emp: int, unit: str) -> None:
    data.employees.append(
        EmployeeInfo(emp, unit, rng.choices(PREDICATES, PREDICATE_WEIGHTS)[0]))
    base = rng.choices(POSITION_LEVELS, POSITION_WEIGHTS)[0]
    has_target = rng.random() < 0.10
    answers_survey = rng.random() < 0.93
    for code, _ in COMPETENCIES:
        required = min(5, base + (1 if code.startswith("M.") and rng.random() < 0.2 else 0))
        data.requirements.append(
            Requirement(emp, code, required, min(5, required + 1) if has_target else None))
        true = required + 0.4 - WEAKNESS.get(code, 0.0) + rng.gauss(0, 0.8)
        self_level = clamp(true + 0.4 + rng.gauss(0, 0.7)) if answers_survey else None
        supervisor = clamp(true + rng.gauss(0, 0.6)) if rng.random() < 0.97 else None
        data.assessments.append(Assessment(emp, code, self_level, supervisor))
        if answers_survey:
            typical = 4.3 if code == "T.DIG.01" else rng.choice((3.2, 3.8, 4.2))
            importance = clamp(typical + rng.gauss(0, 0.7))
            ability = clamp(true + 1.2 + rng.gauss(0, 0.7))
            data.answers.append(BorichAnswer(emp, code, importance, ability))


def generate(employees: int, seed: int = 2027) -> Round:
    rng = random.Random(seed)
    codes = [f"OPD{n:02d}" for n in range(1, 28)]
    sizes = [rng.paretovariate(1.5) for _ in codes]  # a few big agencies, many small ones
    unit_of = rng.choices(codes, weights=sizes, k=employees)
    data = Round()
    for emp, unit in enumerate(unit_of, start=1):
        add_employee(data, rng, emp, unit)
    for n, code in enumerate(codes, start=1):
        staff = unit_of.count(code)
        data.units.append(Unit(code, f"Dinas Nomor {n}", staff + staff // 20))
    for n in range(60):
        competency = "T.DIG.01" if n % 3 == 0 else rng.choice(COMPETENCIES)[0]
        data.interviews.append(InterviewTag(rng.choice(codes), competency, rng.choice(NOTES)))
    return data


def run(data: Round) -> NeedsAnalysis:
    return analyse(
        competencies=[Competency(code, name) for code, name in COMPETENCIES],
        requirements=data.requirements, assessments=data.assessments, answers=data.answers,
        employees=data.employees, interviews=data.interviews, units=data.units,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=32_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    start = time.perf_counter()
    rows = generate(args.employees)
    print(f"generated {len(rows.requirements):,} requirements, "
          f"{len(rows.assessments):,} assessments, {len(rows.answers):,} Borich answers "
          f"in {time.perf_counter() - start:.1f} s (not timed below)")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run, rows)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)
        return

    times = []
    result = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = run(rows)
        times.append(time.perf_counter() - start)
    assert result is not None
    start = time.perf_counter()
    result.to_dict("AKPK-2027", detail=True)
    to_dict_time = time.perf_counter() - start
    print(f"analyse: best {min(times):.2f} s, worst {max(times):.2f} s over {args.repeat} runs "
          f"(target < 5 s); to_dict: {to_dict_time * 1000:.0f} ms")
    print(f"{len(result.gaps):,} gaps, {len(result.disagreements):,} disagreements, "
          f"{len(result.units)} units")
    for c in result.competencies[:3]:
        print(f"  {c.rank}. {c.code} score {c.score:.2f} quadrant {c.quadrant}: "
              f"{c.evidence.reason.id}")


if __name__ == "__main__":
    main()
