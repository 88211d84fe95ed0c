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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bina.core.needs import (  # noqa: E402 (after the path set-up)
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
# Required level by position type (pelaksana 1 … JPT 4); technical ones only for some staff.
POSITION_LEVELS = ((1, 0.55), (2, 0.25), (3, 0.15), (4, 0.05))
PREDICATES = (("sangat_baik", 0.10), ("baik", 0.70), ("butuh_perbaikan", 0.15),
              ("kurang", 0.04), ("sangat_kurang", 0.01))


def clamp(x: float) -> int:
    return max(1, min(5, round(x)))


def generate(employees: int, seed: int = 2027) -> dict[str, list[object]]:
    rng = random.Random(seed)
    units = [Unit(f"OPD{n:02d}", f"Dinas Nomor {n}", 0) for n in range(1, 28)]
    sizes = [rng.paretovariate(1.5) for _ in units]
    scale = sum(sizes)
    unit_codes = rng.choices([u.code for u in units], weights=[s / scale for s in sizes],
                             k=employees)
    levels, level_weights = zip(*POSITION_LEVELS, strict=True)
    preds, pred_weights = zip(*PREDICATES, strict=True)
    rows: dict[str, list[object]] = {k: [] for k in
                                     ("requirements", "assessments", "answers", "employees")}
    for emp in range(1, employees + 1):
        unit = unit_codes[emp - 1]
        rows["employees"].append(EmployeeInfo(emp, unit, rng.choices(preds, pred_weights)[0]))
        base = rng.choices(levels, level_weights)[0]
        has_target = rng.random() < 0.10
        answers_survey = rng.random() < 0.93
        for code, _ in COMPETENCIES:
            required = min(5, base + (1 if code.startswith("M.") and rng.random() < 0.2 else 0))
            rows["requirements"].append(
                Requirement(emp, code, required, min(5, required + 1) if has_target else None))
            true = required + 0.4 - WEAKNESS.get(code, 0.0) + rng.gauss(0, 0.8)
            self_level = clamp(true + 0.4 + rng.gauss(0, 0.7)) if answers_survey else None
            supervisor = clamp(true + rng.gauss(0, 0.6)) if rng.random() < 0.97 else None
            rows["assessments"].append(Assessment(emp, code, self_level, supervisor))
            if answers_survey:
                importance = clamp(4.3 if code == "T.DIG.01" else rng.choice((3.2, 3.8, 4.2))
                                   + rng.gauss(0, 0.7))
                ability = clamp(true + 1.2 + rng.gauss(0, 0.7))
                rows["answers"].append(BorichAnswer(emp, code, importance, ability))
    counts = {u: unit_codes.count(u.code) for u in units}
    rows["units"] = [Unit(u.code, u.name, counts[u] + counts[u] // 20) for u in units]
    notes = ("Aplikasi layanan daring sering gagal dan staf tidak tahu cara menanganinya",
             "Belum ada pelatihan tanda tangan elektronik", "Data pemohon masih dicatat manual",
             "Staf kesulitan menyusun HPS", "Rapat koordinasi tidak menghasilkan keputusan")
    tags: list[object] = []
    for n in range(60):
        code = "T.DIG.01" if n % 3 == 0 else rng.choice(COMPETENCIES)[0]
        tags.append(InterviewTag(rng.choice(units).code, code, rng.choice(notes)))
    rows["interviews"] = tags
    return rows


def run(rows: dict[str, list[object]]) -> NeedsAnalysis:
    return analyse(
        competencies=[Competency(code, name) for code, name in COMPETENCIES],
        requirements=rows["requirements"],  # type: ignore[arg-type]
        assessments=rows["assessments"],  # type: ignore[arg-type]
        answers=rows["answers"],  # type: ignore[arg-type]
        employees=rows["employees"],  # type: ignore[arg-type]
        interviews=rows["interviews"],  # type: ignore[arg-type]
        units=rows["units"],  # type: ignore[arg-type]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=32_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    start = time.perf_counter()
    rows = generate(args.employees)
    print(f"generated {len(rows['requirements']):,} requirements, "
          f"{len(rows['assessments']):,} assessments, {len(rows['answers']):,} Borich answers "
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
