"""The realised cost of the classes against the plan: per activity (planned and realised), per
programme (the plan's cost of its assignments, the classes' planned and realised cost), for the
whole plan against its budget and, where the plan has unit budget lines
(``plan.PlanBudgetLine``), per line.

A class's realised cost is shared over its participants equally and counted on the budget
line of each participant's OPD (the OPD the plan put them in, else the top unit of their
current unit); this equal share is an assumption (the cost of a class is mostly per head),
not a rule. Cancelled classes are listed but not counted."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Sum
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bina.delivery.models import Activity, ActivityStatus, Enrollment, EnrollmentStatus
from bina.org.models import Unit
from bina.plan.models import Plan, PlanAssignment, Programme
from bina.web.xlsx import header_row, title_rows

_RUPIAH = '"Rp" #,##0'


@dataclass
class ActivityCost:
    activity: Activity
    planned: int
    realised: int | None
    counted: bool  # not cancelled

    @property
    def difference(self) -> int | None:
        return None if self.realised is None else self.realised - self.planned


@dataclass
class ProgrammeCost:
    programme: Programme
    plan_cost: int  # the plan's assignments of this programme
    activities: list[ActivityCost] = field(default_factory=list)

    @property
    def planned(self) -> int:
        return sum(a.planned for a in self.activities if a.counted)

    @property
    def realised(self) -> int:
        return sum(a.realised or 0 for a in self.activities if a.counted)

    @property
    def pending(self) -> int:
        """Classes (not cancelled) without a realised cost yet."""
        return sum(1 for a in self.activities if a.counted and a.realised is None)


@dataclass
class LineCost:
    unit: Unit | None  # None: participants of OPDs without a budget line
    amount: int | None
    plan_cost: int
    realised: int
    participants: int

    @property
    def remaining(self) -> int | None:
        return None if self.amount is None else self.amount - self.realised


@dataclass
class CostReport:
    plan: Plan
    programmes: list[ProgrammeCost]
    lines: list[LineCost]

    @property
    def budget(self) -> int:
        return self.plan.budget

    @property
    def plan_cost(self) -> int:
        return sum(p.plan_cost for p in self.programmes)

    @property
    def planned(self) -> int:
        return sum(p.planned for p in self.programmes)

    @property
    def realised(self) -> int:
        return sum(p.realised for p in self.programmes)

    @property
    def pending(self) -> int:
        return sum(p.pending for p in self.programmes)

    @property
    def remaining(self) -> int:
        return self.plan.budget - self.realised


def _opd_id(unit: Unit) -> int:
    """The top unit (OPD) of ``unit``: the first id of its materialised path ``/1/5/23/``."""
    first = unit.path.strip("/").split("/")[0] if unit.path else ""
    return int(first) if first.isdigit() else unit.pk


def cost_report(plan: Plan) -> CostReport:
    plan_cost = {row["programme_id"]: row["c"] or 0 for row in
                 PlanAssignment.objects.filter(plan=plan).values("programme_id")
                 .annotate(c=Sum("cost"))}
    activities = list(Activity.objects.filter(plan=plan).select_related("programme")
                      .order_by("programme__code", "batch", "code"))
    programmes: dict[int, ProgrammeCost] = {}
    for pid in plan_cost:
        programmes[pid] = ProgrammeCost(Programme.objects.get(pk=pid), plan_cost[pid])
    for a in activities:
        row = programmes.get(a.programme_id)
        if row is None:
            row = programmes[a.programme_id] = ProgrammeCost(a.programme, 0)
        row.activities.append(ActivityCost(a, a.planned_cost, a.realised_cost,
                                           a.status != ActivityStatus.CANCELLED))
    ordered = sorted(programmes.values(), key=lambda p: p.programme.code)
    return CostReport(plan, ordered, _lines(plan, activities))


def _lines(plan: Plan, activities: list[Activity]) -> list[LineCost]:
    budget_lines = list(plan.budget_lines.select_related("unit"))
    if not budget_lines:
        return []
    by_unit = {line.unit_id: line for line in budget_lines}
    plan_cost: dict[int | None, int] = defaultdict(int)
    for row in (PlanAssignment.objects.filter(plan=plan).values("person__unit_id")
                .annotate(c=Sum("cost"))):
        unit_id = row["person__unit_id"]
        plan_cost[unit_id if unit_id in by_unit else None] += row["c"] or 0
    realised: dict[int | None, Fraction] = defaultdict(Fraction)
    heads: dict[int | None, int] = defaultdict(int)
    counted = [a for a in activities
               if a.status != ActivityStatus.CANCELLED and a.realised_cost is not None]
    enrolments = (Enrollment.objects.filter(activity__in=counted,
                                            status=EnrollmentStatus.ENROLLED)
                  .select_related("employee__unit", "plan_assignment__person"))
    per_activity: dict[int, list[Enrollment]] = defaultdict(list)
    for e in enrolments:
        per_activity[e.activity_id].append(e)
    for a in counted:
        people = per_activity.get(a.pk, [])
        if not people:
            continue
        share = Fraction(a.realised_cost or 0, len(people))
        for e in people:
            unit_id = (e.plan_assignment.person.unit_id if e.plan_assignment is not None
                       else _opd_id(e.employee.unit))
            key = unit_id if unit_id in by_unit else None
            realised[key] += share
            heads[key] += 1
    rows = [LineCost(line.unit, line.amount, plan_cost.get(line.unit_id, 0),
                     round(realised.get(line.unit_id, Fraction(0))),
                     heads.get(line.unit_id, 0)) for line in budget_lines]
    if plan_cost.get(None) or realised.get(None):
        rows.append(LineCost(None, None, plan_cost.get(None, 0),
                             round(realised.get(None, Fraction(0))), heads.get(None, 0)))
    return rows


# --------------------------------------------------------------------------------------------
# Excel


def _money(ws: WriteOnlyWorksheet, value: int | None) -> object:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = _RUPIAH
    return cell


def cost_report_xlsx(report: CostReport) -> bytes:
    wb = Workbook(write_only=True)
    title = f"{report.plan.name} {report.plan.year} (versi {report.plan.version})"
    ws = wb.create_sheet("Kegiatan")
    title_rows(ws, f"Biaya kegiatan: rencana dan realisasi — {title}",
               "Kegiatan yang dibatalkan tidak dihitung; realisasi kosong: belum dicatat.")
    header_row(ws, ["Kode kegiatan", "Kegiatan", "Program", "Status", "Biaya rencana (Rp)",
                    "Biaya realisasi (Rp)", "Selisih (Rp)"], [18, 44, 14, 12, 18, 18, 16])
    for p in report.programmes:
        for a in p.activities:
            ws.append([a.activity.code, a.activity.name, p.programme.code,
                       a.activity.get_status_display(), _money(ws, a.planned),
                       _money(ws, a.realised), _money(ws, a.difference)])
    ws = wb.create_sheet("Program")
    title_rows(ws, f"Biaya per program — {title}")
    header_row(ws, ["Kode", "Program", "Biaya dalam rencana (Rp)", "Rencana kelas (Rp)",
                    "Realisasi (Rp)", "Kelas belum direalisasikan"], [14, 44, 20, 18, 18, 14])
    for p in report.programmes:
        ws.append([p.programme.code, p.programme.name, _money(ws, p.plan_cost),
                   _money(ws, p.planned), _money(ws, p.realised), p.pending])
    ws.append(["", "Jumlah", _money(ws, report.plan_cost), _money(ws, report.planned),
               _money(ws, report.realised), report.pending])
    ws.append(["", "Anggaran rencana", _money(ws, report.budget)])
    ws.append(["", "Sisa anggaran (anggaran − realisasi)", _money(ws, report.remaining)])
    if report.lines:
        ws = wb.create_sheet("Pagu unit")
        title_rows(ws, f"Realisasi per pagu unit — {title}",
                   "Biaya realisasi kelas dibagi rata kepada pesertanya.")
        header_row(ws, ["Unit", "Pagu (Rp)", "Biaya dalam rencana (Rp)", "Realisasi (Rp)",
                        "Sisa pagu (Rp)", "Peserta"], [40, 18, 20, 18, 18, 10])
        for line in report.lines:
            ws.append([line.unit.name if line.unit else "Unit tanpa pagu",
                       _money(ws, line.amount), _money(ws, line.plan_cost),
                       _money(ws, line.realised), _money(ws, line.remaining),
                       line.participants])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
