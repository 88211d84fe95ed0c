"""Demo follow-up of the year's evaluation: a few recommendations recorded as actions (one
done, one overdue, one open) and the carry-over into next year's needs-analysis round.

Runs last in the demo, after feedback, tests, follow-ups and survey responses exist, so the
carry-over reads the same figures the report pages show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bina.accounts.models import User
from bina.evaluation.actions import action_close, action_create, carry_over
from bina.evaluation.models import CarryOverKind
from bina.org.models import Agency, Unit
from bina.plan.models import Programme


@dataclass(frozen=True)
class ActionsDemoSummary:
    actions: int
    overdue: int
    carried: dict[str, int]

    def describe(self) -> str:
        labels = {CarryOverKind.GAP: "kesenjangan", CarryOverKind.PROGRAMME: "program",
                  CarryOverKind.UNIT: "unit", CarryOverKind.TALENT: "kelompok talenta"}
        carried = ", ".join(f"{n} {labels.get(CarryOverKind(k), k)}"
                            for k, n in sorted(self.carried.items())) or "tidak ada"
        return (f"{self.actions} tindak lanjut ({self.overdue} lewat batas); dibawa ke analisis "
                f"kebutuhan tahun berikutnya: {carried}")


def generate_actions(*, agency: Agency, year: int, day: dt.date,
                     planner: User | None) -> ActionsDemoSummary:
    programmes = {p.code: p for p in Programme.objects.filter(agency=agency)}
    unit = (Unit.objects.filter(agency=agency, is_public_service=True, depth=0)
            .order_by("code").first())
    specs: list[tuple[str, int, Programme | None, Unit | None, str]] = [
        ("Tambahkan studi kasus layanan daring pada pelatihan e-government dan undang narasumber "
         "dari unit layanan dengan IKM A.", 45, programmes.get("EGOV-WS"), None, ""),
        ("Jadwalkan ulang kelas yang berbenturan dengan puncak layanan akhir tahun agar kehadiran "
         "tidak turun di bawah 80%.", -20, None, unit, ""),
        ("Tetapkan mentor pengganti bagi mentee yang mentornya mutasi.", -60, None, None,
         "selesai"),
    ]
    created = 0
    overdue = 0
    for text, days, programme, at_unit, closed in specs:
        action = action_create(agency=agency, year=year, text=text,
                               due_on=day + dt.timedelta(days=days), user=planner,
                               programme=programme, unit=at_unit, owner=planner)
        created += 1
        if closed:
            action_close(action=action, user=planner,
                         note="Mentor pengganti ditetapkan untuk semua pasangan.")
        elif days < 0:
            overdue += 1
    carried: dict[str, int] = {}
    for item in carry_over(agency=agency, from_year=year, user=planner):
        carried[item.kind] = carried.get(item.kind, 0) + 1
    return ActionsDemoSummary(actions=created, overdue=overdue, carried=carried)
