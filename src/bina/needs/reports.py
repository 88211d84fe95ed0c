"""The needs-analysis document: Excel (:func:`needs_report_xlsx`) and PDF
(:func:`needs_report_pdf`), and one employee's own gap profile (:func:`employee_gap_pdf`).

All three take a :class:`bina.core.needs.NeedsAnalysis` (``bina.needs.selectors.round_analysis``;
a round's participants, standards and answers are frozen, so a closed round's analysis equals
its frozen result) and the round for the names. ``unit`` (an OPD code of the analysis)
narrows the document to that unit: its ranking, its heatmap row, its staff.

Workbook sheets: "Prioritas" (ranked competencies with evidence and reason), "Unit × Kompetensi"
(share below standard, colour scale), "Inventaris Kompetensi" (PP 11/2017 Pasal 207(3)(a–b): per
competency the target ASN by position type, with counts and units), "Profil Pegawai" (every
employee's gap per competency).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from bina.core.needs import (
    QUADRANT_LABELS,
    CompetencyResult,
    EmployeeGap,
    NeedsAnalysis,
    Quadrant,
)
from bina.needs.charts import chart_frame
from bina.needs.models import NeedsRound, Participant, RoundStandard, RoundStatus
from bina.org.models import PositionType, Unit
from bina.people.models import Predicate
from bina.web.xlsx import header_row, percent_cell, title_rows, wrapped_cell

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
QUADRANT_NAMES = {
    Quadrant.CONCENTRATE: "Prioritas utama", Quadrant.KEEP_UP: "Pertahankan",
    Quadrant.LOW_PRIORITY: "Prioritas rendah", Quadrant.OVERKILL: "Berlebihan",
}
SOURCES = {"both": "diri + atasan", "self": "diri", "supervisor": "atasan"}



def date_id(day: dt.date) -> str:
    """``28 November 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _fmt(value: float | None, decimals: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:,.{decimals}f}".translate({ord(","): ".", ord("."): ","})


def _int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


# --------------------------------------------------------------------------------------------
# Who is who (the participants as frozen in the round)


@dataclass(frozen=True)
class Person:
    nip: str
    name: str
    unit_code: str  # the OPD (top of the unit's path), as in the analysis
    unit_name: str
    position: str
    position_type: str  # its label
    predicate: str


def _tops(unit_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    paths = dict(Unit.objects.filter(pk__in=set(unit_ids)).values_list("id", "path"))
    top_of = {uid: int(path.strip("/").split("/")[0]) for uid, path in paths.items()}
    names = {pk: (code, name) for pk, code, name in
             Unit.objects.filter(pk__in=set(top_of.values())).values_list("id", "code", "name")}
    return {uid: names[top] for uid, top in top_of.items()}


def round_people(needs_round: NeedsRound) -> dict[int, Person]:
    """Employee id → the participant as the round froze them."""
    rows = list(Participant.objects.filter(round=needs_round).values_list(
        "employee_id", "employee__nip", "employee__name", "employee__front_title",
        "employee__back_title", "unit_id", "position__name", "position__position_type",
        "predicate"))
    tops = _tops(r[5] for r in rows)
    types = dict(PositionType.choices)
    predicates = dict(Predicate.choices)
    people = {}
    for eid, nip, name, front, back, uid, position, ptype, predicate in rows:
        full = " ".join(p for p in (front, name) if p) + (f", {back}" if back else "")
        code, unit_name = tops[uid]
        people[eid] = Person(nip, full, code, unit_name, position, str(types.get(ptype, ptype)),
                             str(predicates.get(predicate, predicate or "")))
    return people


def _ranked(analysis: NeedsAnalysis, unit: str | None) -> tuple[CompetencyResult, ...]:
    return analysis.unit(unit).competencies if unit else analysis.competencies


def _cuts(analysis: NeedsAnalysis, unit: str | None) -> tuple[float | None, float | None]:
    if unit:
        result = analysis.unit(unit)
        return result.importance_cut, result.ability_cut
    return analysis.importance_cut, analysis.ability_cut


# --------------------------------------------------------------------------------------------
# Excel


def _priority_sheet(wb: Workbook, analysis: NeedsAnalysis, label: str,
                    unit: str | None) -> None:
    ws = wb.create_sheet("Prioritas")
    title_rows(ws, f"Prioritas kebutuhan pengembangan kompetensi — {label}",
               "Peringkat 1 = prioritas tertinggi. " + analysis.combination_rule.id)
    header_row(ws, ("PERINGKAT", "KODE", "KOMPETENSI", "PEGAWAI WAJIB", "DINILAI",
                    "DI BAWAH STANDAR", "% DI BAWAH", "RATA-RATA KESENJANGAN",
                    "BERKINERJA RENDAH & DI BAWAH", "KESENJANGAN KARIER (ORANG)",
                    "RESPONDEN BORICH", "RATA-RATA KEPENTINGAN", "RATA-RATA KEMAMPUAN", "MWDS",
                    "KUADRAN", "DISEBUT DI WAWANCARA", "UNIT TERTINGGI", "CATATAN WAWANCARA",
                    "ALASAN"),
               (10, 10, 30, 10, 10, 11, 10, 12, 13, 12, 11, 12, 12, 9, 18, 11, 40, 40, 70))
    for c in _ranked(analysis, unit):
        quadrant = (f"{c.quadrant.value} {QUADRANT_NAMES[c.quadrant]}" if c.quadrant else "")
        top_units = "; ".join(f"{u.name} ({round(100 * u.share_below)}%, "
                              f"{u.staff_below_standard} org)" for u in c.evidence.top_units)
        ws.append([c.rank, c.code, c.name, c.staff_required, c.staff_assessed,
                   c.staff_below_standard, percent_cell(ws, c.share_below),
                   None if c.mean_gap is None else round(c.mean_gap, 3),
                   c.low_performers_below, c.career_below, c.respondents,
                   _round3(c.mean_importance), _round3(c.mean_ability), _round3(c.mwds),
                   quadrant, c.interview_mentions, wrapped_cell(ws, top_units),
                   wrapped_cell(ws, " | ".join(c.evidence.notes)),
                   wrapped_cell(ws, c.evidence.reason.id)])
    ws.append([])
    ws.append([f"Perbedaan penilaian diri dan atasan ≥ 2 level: {len(analysis.disagreements)} "
               "pasangan (perlu diverifikasi)."])


def _round3(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _heatmap_sheet(wb: Workbook, analysis: NeedsAnalysis, unit: str | None) -> None:
    ws = wb.create_sheet("Unit × Kompetensi")
    comps = analysis.competencies
    title_rows(ws, "Proporsi pegawai di bawah standar per unit dan kompetensi",
               "Sel: % pegawai yang dinilai dengan tingkat di bawah standar jabatannya "
               "(kosong: tidak ada pegawai yang dinilai). Warna: putih 0% – merah 100%.")
    header_row(ws, ("KODE UNIT", "UNIT", "CAKUPAN JAWABAN", *(c.code for c in comps)),
               (14, 40, 11, *([10] * len(comps))))
    names = [wrapped_cell(ws, "") for _ in range(3)]
    ws.append([*names, *(wrapped_cell(ws, c.name) for c in comps)])
    units = [u for u in analysis.units if unit is None or u.code == unit]
    first = 5
    for u in units:
        by_code = {c.code: c for c in u.competencies}
        ws.append([u.code, u.name, percent_cell(ws, u.coverage),
                   *(percent_cell(ws, by_code[c.code].share_below if c.code in by_code
                                  else None) for c in comps)])
    if units and comps:
        area = (f"D{first}:{get_column_letter(3 + len(comps))}{first + len(units) - 1}")
        ws.conditional_formatting.add(area, ColorScaleRule(  # type: ignore[no-untyped-call]
            start_type="num", start_value=0, start_color="FFFFFF",
            mid_type="num", mid_value=0.5, mid_color="F4A582",
            end_type="num", end_value=1, end_color="B2182B"))


@dataclass
class _Group:
    required: int = 0
    assessed: int = 0
    below: int = 0
    gap: int = 0

    def share(self) -> float | None:
        return self.below / self.assessed if self.assessed else None


def _inventory_sheet(wb: Workbook, analysis: NeedsAnalysis, needs_round: NeedsRound,
                     people: Mapping[int, Person], unit: str | None) -> None:
    """PP 11/2017 Pasal 207(3)(a–b): the competencies to develop and the target ASN."""
    ws = wb.create_sheet("Inventaris Kompetensi")
    title_rows(ws, "Inventarisasi kompetensi dan sasaran ASN (PP 11/2017 Pasal 207 ayat (3) a–b)",
               "Per kompetensi (urut prioritas) dan jenis jabatan: pegawai yang dipersyaratkan, "
               "yang dinilai, yang di bawah standar (sasaran pengembangan) dan unit asalnya.")
    header_row(ws, ("PERINGKAT", "KODE", "KOMPETENSI", "JENIS JABATAN", "PEGAWAI WAJIB",
                    "DINILAI", "DI BAWAH STANDAR (SASARAN)", "% DI BAWAH",
                    "RATA-RATA KESENJANGAN", "UNIT SASARAN (JUMLAH PEGAWAI)"),
               (10, 10, 30, 16, 10, 10, 14, 10, 12, 80))
    code_of = dict(needs_round.competencies.values_list("competency_id", "competency__code"))
    position_comps: dict[int, list[str]] = defaultdict(list)
    for pos, cid in RoundStandard.objects.filter(round=needs_round).values_list(
            "position_id", "competency_id"):
        if cid in code_of:
            position_comps[pos].append(code_of[cid])
    groups: dict[tuple[str, str], _Group] = defaultdict(_Group)
    target_units: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for eid, pos in Participant.objects.filter(round=needs_round).values_list(
            "employee_id", "position_id"):
        member = people[eid]
        if unit and member.unit_code != unit:
            continue
        for code in position_comps.get(pos, ()):
            groups[(code, member.position_type)].required += 1
    for g in analysis.gaps:
        person = people.get(g.employee_id)
        if person is None or (unit and person.unit_code != unit):
            continue
        group = groups[(g.competency, person.position_type)]
        group.assessed += 1
        if g.gap > 0:
            group.below += 1
            group.gap += g.gap
            target_units[(g.competency, person.position_type)][person.unit_name] += 1
    types = [str(label) for _, label in PositionType.choices]
    for c in _ranked(analysis, unit):
        for ptype in types:
            found_group = groups.get((c.code, ptype))
            if found_group is None or (not found_group.required and not found_group.assessed):
                continue
            group = found_group
            found = target_units.get((c.code, ptype), {})
            listed = "; ".join(f"{name} ({count})" for name, count in
                               sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
            ws.append([c.rank, c.code, c.name, ptype, group.required, group.assessed,
                       group.below, percent_cell(ws, group.share()),
                       round(group.gap / group.assessed, 3) if group.assessed else None,
                       wrapped_cell(ws, listed)])


def _profile_sheet(wb: Workbook, analysis: NeedsAnalysis, people: Mapping[int, Person],
                   names: Mapping[str, str], unit: str | None) -> None:
    ws = wb.create_sheet("Profil Pegawai")
    ws.freeze_panes = "C2"
    header_row(ws, ("NIP", "NAMA", "UNIT", "JABATAN", "PREDIKAT KINERJA", "KODE", "KOMPETENSI",
                    "LEVEL DIPERSYARATKAN", "PENILAIAN DIRI", "PENILAIAN ATASAN",
                    "LEVEL TERNILAI", "SUMBER", "KESENJANGAN", "LEVEL JABATAN TARGET",
                    "KESENJANGAN KARIER", "BEDA ≥ 2 LEVEL"),
               (21, 28, 30, 30, 14, 10, 30, 12, 10, 10, 10, 12, 12, 12, 12, 10))
    rows = sorted(analysis.gaps, key=lambda g: (
        people[g.employee_id].unit_name if g.employee_id in people else "",
        people[g.employee_id].name if g.employee_id in people else "", g.competency))
    for g in rows:
        person = people.get(g.employee_id)
        if person is None or (unit and person.unit_code != unit):
            continue
        nip = WriteOnlyCell(ws, value=person.nip)
        nip.number_format = "@"
        disagree = (g.self_level is not None and g.supervisor_level is not None
                    and abs(g.self_level - g.supervisor_level) >= 2)
        ws.append([nip, person.name, person.unit_name, person.position, person.predicate,
                   g.competency, names.get(g.competency, ""), g.required, g.self_level,
                   g.supervisor_level, g.assessed, SOURCES[g.source], g.gap,
                   g.target_required, g.career_gap, "Ya" if disagree else ""])


def needs_report_xlsx(analysis: NeedsAnalysis, needs_round: NeedsRound, file: IO[bytes], *,
                      unit: str | None = None) -> None:
    """The needs-analysis workbook (four sheets, see the module docstring)."""
    people = round_people(needs_round)
    names = {c.code: c.name for c in analysis.competencies}
    label = needs_round.name + (f", unit {analysis.unit(unit).name}" if unit else "")
    wb = Workbook(write_only=True)
    _priority_sheet(wb, analysis, label, unit)
    _heatmap_sheet(wb, analysis, unit)
    _inventory_sheet(wb, analysis, needs_round, people, unit)
    _profile_sheet(wb, analysis, people, names, unit)
    wb.save(file)


# --------------------------------------------------------------------------------------------
# PDF


@dataclass(frozen=True)
class ChartPoint:
    code: str
    x: float
    y: float
    quadrant: str
    label_x: float
    anchor: str
    label_y: float
    line_x: float
    labelled: bool = True


CHART_LABELS = 12  # only the top priorities are named on the chart; the rest stay dots


def quadrant_chart(entries: Sequence[CompetencyResult], importance_cut: float | None,
                   ability_cut: float | None) -> dict[str, Any] | None:
    """SVG geometry of the importance–performance chart: mean ability on x, mean importance
    on y, crosshairs at the cuts, quadrant labels in the corners."""
    data = [e for e in entries if e.mean_importance is not None and e.mean_ability is not None]
    if not data or importance_cut is None or ability_cut is None:
        return None
    f = chart_frame([e.mean_ability or 0.0 for e in data] + [ability_cut],
                    [e.mean_importance or 0.0 for e in data] + [importance_cut],
                    width=620, height=400, left=54, right=16, top=16, bottom=46)
    width, height, left, top, plot_w, plot_h = f.width, f.height, f.left, f.top, f.plot_w, f.plot_h
    sx, sy = f.sx, f.sy
    points = []
    placed: list[tuple[float, float]] = []  # label boxes (x of the anchor side, y)
    for e in sorted(data, key=lambda e: (-(e.mean_importance or 0.0), e.code)):
        x, y = sx(e.mean_ability or 0.0), sy(e.mean_importance or 0.0)
        if e.rank > CHART_LABELS:
            points.append(ChartPoint(e.code, x, y, e.quadrant.value if e.quadrant else "",
                                     x, "start", y, x, labelled=False))
            continue
        near_right = x > left + plot_w - 70
        label_x = x - 7 if near_right else x + 7
        label_y = y
        label_w = 7.0 * len(e.code) + 8
        while any(abs(label_y - py) < 12 and abs(label_x - px) < label_w for px, py in placed):
            label_y += 12  # stack close labels downwards, with a leader line
        placed.append((label_x, label_y))
        points.append(ChartPoint(e.code, x, y, e.quadrant.value if e.quadrant else "",
                                 label_x, "end" if near_right else "start", label_y,
                                 label_x + (-2 if near_right else 2)))
    cut_x, cut_y = sx(ability_cut), sy(importance_cut)
    return {
        "width": width, "height": height, "left": left, "top": top,
        "right": left + plot_w, "bottom": top + plot_h,
        "cut_x": cut_x, "cut_y": cut_y, "points": points,
        "ticks_x": f.ticks_x(lambda v: _fmt(v, 1)),
        "ticks_y": f.ticks_y(lambda v: _fmt(v, 1)),
        "labels": [  # quadrant labels in the corners of each quarter
            {"x": left + 6, "y": top + 14, "anchor": "start",
             "text": "I · Prioritas utama", "cls": "q1"},
            {"x": left + plot_w - 6, "y": top + 14, "anchor": "end",
             "text": "II · Pertahankan", "cls": "q"},
            {"x": left + 6, "y": top + plot_h - 8, "anchor": "start",
             "text": "III · Prioritas rendah", "cls": "q"},
            {"x": left + plot_w - 6, "y": top + plot_h - 8, "anchor": "end",
             "text": "IV · Berlebihan", "cls": "q"},
        ],
        "axis_x": (left + plot_w / 2, height - 8), "axis_y": (14, top + plot_h / 2),
        "importance_cut": _fmt(importance_cut), "ability_cut": _fmt(ability_cut),
    }


def _heat_style(share: float | None) -> str:
    if share is None:
        return "background:#f4f5f7;color:#9aa3ad"
    alpha = 0.06 + 0.84 * max(0.0, min(1.0, share))
    colour = "#fff" if alpha > 0.55 else "#1c2430"
    return f"background:rgba(178,24,43,{alpha:.2f});color:{colour}"


def _heatmap(analysis: NeedsAnalysis, unit: str | None) -> dict[str, Any]:
    comps = [(c.code, c.name) for c in analysis.competencies]
    rows = []
    for u in analysis.units:
        if unit and u.code != unit:
            continue
        by_code = {c.code: c for c in u.competencies}
        cells = []
        for code, _ in comps:
            entry = by_code.get(code)
            share = entry.share_below if entry else None
            cells.append({"text": _pct(share) if share is not None else "–",
                          "style": _heat_style(share)})
        rows.append({"code": u.code, "name": u.name, "coverage": _pct(u.coverage),
                     "cells": cells})
    return {"codes": comps, "rows": rows}


def _priority_rows(entries: Sequence[CompetencyResult]) -> list[dict[str, Any]]:
    return [{
        "rank": c.rank, "code": c.code, "name": c.name, "assessed": _int(c.staff_assessed),
        "below": _int(c.staff_below_standard), "share": _pct(c.share_below),
        "gap": _fmt(c.mean_gap), "mwds": _fmt(c.mwds),
        "quadrant": c.quadrant.value if c.quadrant else "–",
        "quadrant_name": QUADRANT_NAMES[c.quadrant] if c.quadrant else "",
        "reason": c.evidence.reason.id, "notes": list(c.evidence.notes),
        "top": c.quadrant is Quadrant.CONCENTRATE,
    } for c in entries]


def _pdf(template: str, context: Mapping[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, dict(context))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


STATUS_NAMES = {RoundStatus.DRAFT: "Draf", RoundStatus.OPEN: "Berjalan",
                RoundStatus.CLOSED: "Ditutup"}


def _round_context(needs_round: NeedsRound) -> dict[str, Any]:
    closed = needs_round.closed_at
    return {
        "agency": needs_round.agency.name, "round": needs_round,
        "status": STATUS_NAMES.get(RoundStatus(needs_round.status), needs_round.status),
        "printed": date_id(timezone.localdate()),
        "closed": date_id(timezone.localtime(closed).date()) if closed else None,
    }


def needs_report_pdf(analysis: NeedsAnalysis, needs_round: NeedsRound, *,
                     unit: str | None = None) -> bytes:
    """The needs-analysis document as a PDF (Indonesian)."""
    ranked = _ranked(analysis, unit)
    importance_cut, ability_cut = _cuts(analysis, unit)
    units = [u for u in analysis.units if unit is None or u.code == unit]
    staff = sum(u.staff for u in units)
    respondents = sum(u.respondents for u in units)
    top = [c for c in ranked[:3]]
    context = _round_context(needs_round) | {
        "unit": analysis.unit(unit) if unit else None,
        "priorities": _priority_rows(ranked), "top": top,
        "chart": quadrant_chart(ranked, importance_cut, ability_cut),
        "heatmap": _heatmap(analysis, unit),
        "rule": analysis.combination_rule.id,
        "disagreements": len(analysis.disagreements) if unit is None else None,
        "summary": {
            "staff": _int(staff), "respondents": _int(respondents),
            "coverage": _pct(respondents / staff) if staff else "–",
            "units": len(units), "competencies": len(ranked),
            "assessed": _int(max((c.staff_assessed for c in ranked), default=0)),
            "disagreements": _int(len(analysis.disagreements)),
        },
        "quadrants": [(q.value, QUADRANT_NAMES[q], QUADRANT_LABELS[q].id) for q in Quadrant],
        "params": analysis.params,
    }
    return _pdf("needs/report_pdf.html", context)


def employee_gap_pdf(analysis: NeedsAnalysis, participant: Participant) -> bytes:
    """One employee's own gap profile: per competency the required level, the self and
    supervisor ratings, the assessed level and the gap (and the career gap)."""
    needs_round = participant.round
    person = round_people(needs_round).get(participant.employee_id)
    names = {c.code: c.name for c in analysis.competencies}
    rank = {c.code: c.rank for c in analysis.competencies}
    gaps: list[EmployeeGap] = sorted(analysis.gaps_of(participant.employee_id),
                                     key=lambda g: (-g.gap, rank.get(g.competency, 0)))
    rows: list[dict[str, Any]] = [{
        "code": g.competency, "name": names.get(g.competency, g.competency),
        "required": g.required, "self": g.self_level, "supervisor": g.supervisor_level,
        "assessed": g.assessed, "source": SOURCES[g.source], "gap": g.gap,
        "target": g.target_required, "career": g.career_gap,
        "disagree": (g.self_level is not None and g.supervisor_level is not None
                     and abs(g.self_level - g.supervisor_level) >= 2),
        "bar_required": g.required * 20, "bar_assessed": g.assessed * 20,
    } for g in gaps]
    context = _round_context(needs_round) | {
        "person": person, "rows": rows, "rule": analysis.combination_rule.id,
        "below": sum(1 for r in rows if r["gap"] > 0),
        "has_target": any(r["target"] is not None for r in rows),
        "struggles": participant.struggles,
    }
    return _pdf("needs/employee_gap_pdf.html", context)
