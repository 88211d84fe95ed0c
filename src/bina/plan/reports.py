"""The plan document: Excel (:func:`plan_report_xlsx`) and PDF (:func:`plan_report_pdf`), one
employee's individual plan (:func:`employee_plan_pdf`), and the catalogue export
(:func:`programmes_export`, the import template filled in, so that export → import
round-trips).

The content follows PP 11/2017 Pasal 207 ayat (3): (a) the competencies to develop, with the
needs-analysis priority rank and how many people have a gap; (b) the target ASN per unit (and,
in Excel, who: NIP and name); (c) the type and path (jalur KLxx/NKLxx); (d) the provider;
(e) the schedule (the programme's months); (f) the fit with the curriculum standard (the
mandatory programmes follow the national standard curriculum, the others are "disusun
instansi"); (g) the budget, per programme and per unit against its budget line. A summary
comes first: budget, cost, value, proven bound and gap, PNS reaching 20 JP, shortfall reasons
and exemptions.

``unit`` (an OPD, :class:`bina.org.models.Unit`) narrows everything but the plan-wide summary
to that unit's employees.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bina.core.money import format_rupiah, rupiah_in_words
from bina.core.plan_people import WEIGHT_RULES_ID
from bina.core.roster import POSITION_TYPES
from bina.org.models import Agency, Unit
from bina.plan.charts import budget_curve_chart
from bina.plan.io import PROGRAMME_COLUMNS, PROGRAMME_SPEC, PCol
from bina.plan.models import (
    Exemption,
    MandatoryFor,
    Plan,
    PlanAssignment,
    PlanEmployee,
    Programme,
    Shortfall,
)
from bina.plan.selectors import (
    exemption_counts,
    programme_rows,
    shortfall_counts,
    unit_rows,
)
from bina.reference.models import Competency, PathCategory
from bina.web.xlsx import header_row, percent_cell, title_rows, wrapped_cell

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                "Des")
STATUS_NAMES = {"draf": "Draf", "disetujui": "Disetujui"}
SHORTFALL_NAMES = {
    Shortfall.NO_PROGRAMME: "Tidak ada program yang sesuai",
    Shortfall.BUDGET: "Anggaran tidak cukup",
    Shortfall.SEATS: "Kursi program penuh",
}
EXEMPTION_NAMES = {
    Exemption.DEGREE_STUDY: "Tugas belajar",
    Exemption.LONG_LEAVE: "Cuti di luar tanggungan negara",
    Exemption.RETIRING: "Pensiun pada tahun rencana",
    Exemption.PPPK: "PPPK (hak 20 JP tidak berlaku; paling banyak 24 JP)",
}
MANDATORY_NAMES = {
    MandatoryFor.ANY: "pegawai pada jenis jabatan yang sesuai",
    MandatoryFor.CPNS: "CPNS (Latsar)",
    MandatoryFor.PENGAWAS: "Pengawas (PKP)",
    MandatoryFor.ADMINISTRATOR: "Administrator (PKA)",
    MandatoryFor.JPT_PRATAMA: "JPT Pratama (PKN Tingkat II)",
    MandatoryFor.JPT_MADYA: "JPT Madya (PKN Tingkat I)",
}
CATEGORY_NAMES = {PathCategory.CLASSICAL: "Klasikal", PathCategory.NON_CLASSICAL: "Nonklasikal",
                  PathCategory.EDUCATION: "Pendidikan"}
OWN_CURRICULUM = "Disusun instansi"

_RUPIAH = '"Rp" #,##0'


def date_id(day: dt.date) -> str:
    """``28 November 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _dec(value: float, decimals: int = 1) -> str:
    return f"{value:,.{decimals}f}".translate({ord(","): ".", ord("."): ","})


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}%"


def months_text(months: Sequence[int]) -> str:
    shown = [MONTHS_SHORT[m - 1] for m in months if 1 <= m <= 12]
    return ", ".join(shown) if shown else "bulan apa saja"


def curriculum(programme: Programme) -> str:
    """(f) the fit with the curriculum standard."""
    if not programme.is_mandatory:
        return OWN_CURRICULUM
    who = MANDATORY_NAMES.get(MandatoryFor(programme.mandatory_for), programme.mandatory_for)
    text = f"Kurikulum standar (program wajib bagi {who})"
    return f"{text}; {programme.mandatory_note}" if programme.mandatory_note else text


# --------------------------------------------------------------------------------------------
# What the documents show


@dataclass
class CompetencyRow:
    code: str
    name: str
    rank: int | None
    with_gap: int = 0  # employees (in scope) below the standard
    gap_levels: int = 0  # sum of their gaps
    planned: int = 0  # employees whose plan raises it
    programmes: set[str] = field(default_factory=set)


@dataclass
class PersonRow:
    person_id: int
    nip: str
    name: str
    unit: str
    position: str
    employment_type: str
    min_jp: int
    jp: int
    cost: int
    exemption: str
    shortfall: str


def _people(plan: Plan, unit: Unit | None) -> dict[int, PersonRow]:
    qs = PlanEmployee.objects.filter(plan=plan)
    if unit is not None:
        qs = qs.filter(unit=unit)
    rows = qs.order_by("unit__code", "employee__name").values_list(
        "id", "employee__nip", "employee__name", "employee__front_title",
        "employee__back_title", "unit__name", "employee__position__name", "employment_type",
        "min_jp", "jp_planned", "cost", "exemption", "shortfall")
    out = {}
    for (pk, nip, name, front, back, unit_name, position, etype, min_jp, jp, cost, exemption,
         shortfall) in rows:
        full = " ".join(p for p in (front, name) if p) + (f", {back}" if back else "")
        out[pk] = PersonRow(pk, nip, full, unit_name, position or "", etype, min_jp, jp, cost,
                            EXEMPTION_NAMES.get(Exemption(exemption), "") if exemption else "",
                            SHORTFALL_NAMES.get(Shortfall(shortfall), "") if shortfall else "")
    return out


def _competency_names(plan: Plan, codes: Iterable[str]) -> dict[str, str]:
    return dict(Competency.objects.filter(
        Q(agency__isnull=True) | Q(agency_id=plan.agency_id), code__in=set(codes))
        .order_by("-agency_id").values_list("code", "name"))


def _ranks(plan: Plan) -> dict[str, int]:
    return {c["code"]: c["rank"] for c in (plan.needs_round.result or {}).get("competencies", [])
            if c.get("code") and c.get("rank") is not None}


def competency_rows(plan: Plan, unit: Unit | None = None) -> list[CompetencyRow]:
    """(a) every competency with a gap in scope: its priority rank in the needs analysis, how
    many employees are below the standard (and by how many levels in all), how many the plan
    reaches, and with which programmes. Ranked first, then by the number of people."""
    people = PlanEmployee.objects.filter(plan=plan)
    assignments = PlanAssignment.objects.filter(plan=plan)
    if unit is not None:
        people = people.filter(unit=unit)
        assignments = assignments.filter(person__unit=unit)
    rows: dict[str, CompetencyRow] = {}
    ranks = _ranks(plan)
    for gaps in people.values_list("gaps", flat=True).iterator():
        for code, gap in (gaps or {}).items():
            if int(gap) > 0:
                row = rows.setdefault(code, CompetencyRow(code, "", ranks.get(code)))
                row.with_gap += 1
                row.gap_levels += int(gap)
    reached: dict[str, set[int]] = defaultdict(set)
    for person_id, code, reasons in assignments.values_list(
            "person_id", "programme__code", "reasons").iterator():
        for reason in reasons or []:
            competency = reason.get("competency")
            if competency and reason.get("gain"):
                row = rows.setdefault(competency, CompetencyRow(competency, "",
                                                                ranks.get(competency)))
                reached[competency].add(person_id)
                row.programmes.add(code)
    names = _competency_names(plan, rows)
    for code, row in rows.items():
        row.name = names.get(code, "")
        row.planned = len(reached.get(code, ()))
    return sorted(rows.values(), key=lambda r: (r.rank is None, r.rank or 0, -r.with_gap,
                                                r.code))


def _programme_details(plan: Plan, unit: Unit | None) -> list[dict[str, Any]]:
    """(c)–(g) per programme, from :func:`bina.plan.selectors.programme_rows`."""
    rows = programme_rows(plan, unit.pk if unit is not None else None)
    for row in rows:
        p: Programme = row["programme"]
        row["category"] = CATEGORY_NAMES.get(PathCategory(p.path.category), p.path.category)
        row["path_name"] = p.path.name
        row["schedule"] = months_text(row["months"])
        row["curriculum"] = curriculum(p)
        row["unit_cost"] = p.cost_total_per_participant
        row["is_mandatory"] = p.is_mandatory
    return rows


def _scoped_units(plan: Plan, unit: Unit | None) -> list[dict[str, Any]]:
    rows = unit_rows(plan)
    return [r for r in rows if unit is None or r["unit"].pk == unit.pk]


def _summary(plan: Plan) -> dict[str, Any]:
    return {
        "budget": plan.budget, "cost": plan.cost, "mandatory_cost": plan.mandatory_cost,
        "value": plan.value, "bound": plan.bound, "gap": plan.gap,
        "reaching": plan.reaching, "counted": plan.counted, "coverage": plan.coverage,
        "shortfall": [(SHORTFALL_NAMES.get(Shortfall(k), k), n)
                      for k, n in sorted(shortfall_counts(plan).items())
                      if k in Shortfall.values],
        "exempt": [(EXEMPTION_NAMES.get(Exemption(k), k), n)
                   for k, n in sorted(exemption_counts(plan).items()) if k in Exemption.values],
    }


def _label(plan: Plan, unit: Unit | None) -> str:
    return f"{plan.name} v{plan.version}" + (f" — {unit.name}" if unit else "")


# --------------------------------------------------------------------------------------------
# Excel


def _money(ws: WriteOnlyWorksheet, value: int | None) -> object:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = _RUPIAH
    return cell


def _text_cell(ws: WriteOnlyWorksheet, value: str) -> object:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "@"
    return cell


def _summary_sheet(wb: Workbook, plan: Plan, unit: Unit | None) -> None:
    ws = wb.create_sheet("Ringkasan")
    title_rows(ws, f"Rencana pengembangan kompetensi — {_label(plan, unit)}",
               f"{plan.agency.name} · tahun {plan.year} · status "
               f"{STATUS_NAMES.get(plan.status, plan.status)} · putaran analisis "
               f"{plan.needs_round.name} ({plan.needs_round.code})")
    s = _summary(plan)
    header_row(ws, ("URAIAN", "NILAI", "KETERANGAN"), (46, 24, 70))
    ws.append(["Anggaran", _money(ws, s["budget"]), rupiah_in_words(s["budget"])])
    ws.append(["Biaya terpakai", _money(ws, s["cost"]),
               f"{_pct(s['cost'] / s['budget'] if s['budget'] else None)} dari anggaran"])
    ws.append(["Biaya program wajib", _money(ws, s["mandatory_cost"]),
               "dipasang lebih dulu, di luar pilihan pengoptimal"])
    ws.append(["Nilai rencana", round(s["value"], 2),
               "jumlah kesenjangan tertutup × bobot, dikurangi λ per JP di bawah hak 20 JP"])
    ws.append(["Batas atas terbukti", round(s["bound"], 2),
               "tidak ada rencana dengan anggaran ini yang nilainya melebihi batas ini"])
    ws.append(["Selisih terhadap batas atas", percent_cell(ws, s["gap"]),
               "(batas atas − nilai) / batas atas"])
    ws.append(["PNS mencapai 20 JP", f"{s['reaching']} dari {s['counted']}",
               f"{_pct(s['coverage'])} PNS yang berhak (PP 11/2017 Pasal 203 ayat (4))"])
    if unit is not None:
        for r in _scoped_units(plan, unit):
            ws.append([f"{unit.name}: PNS mencapai 20 JP", f"{r['reaching']} dari {r['counted']}",
                       f"{r['employees']} pegawai, {r['assignments']} penugasan"])
            ws.append([f"{unit.name}: biaya", _money(ws, r["cost"]),
                       "pagu " + format_rupiah(r["budget_line"])
                       if r["budget_line"] is not None else "tanpa pagu unit"])
    ws.append([])
    ws.append(["Mengapa PNS belum mencapai 20 JP"])
    for label, n in s["shortfall"] or [("Semua PNS yang berhak mencapai 20 JP", 0)]:
        ws.append([label, n])
    ws.append([])
    ws.append(["Di luar hitungan 20 JP (pengecualian)"])
    for label, n in s["exempt"] or [("Tidak ada", 0)]:
        ws.append([label, n])
    ws.append([])
    ws.append(["Bobot kesenjangan"])
    for rule in WEIGHT_RULES_ID:
        ws.append([wrapped_cell(ws, rule)])


def _competency_sheet(wb: Workbook, plan: Plan, unit: Unit | None) -> None:
    ws = wb.create_sheet("a. Kompetensi")
    title_rows(ws, "Kompetensi yang akan dikembangkan (Pasal 207 ayat (3) huruf a)",
               "Urut peringkat prioritas hasil analisis kebutuhan; kosong: di luar daftar "
               "prioritas.")
    header_row(ws, ("PERINGKAT", "KODE", "KOMPETENSI", "PEGAWAI DENGAN KESENJANGAN",
                    "JUMLAH LEVEL KESENJANGAN", "PEGAWAI DALAM RENCANA", "PROGRAM"),
               (11, 12, 36, 14, 14, 14, 50))
    for r in competency_rows(plan, unit):
        ws.append([r.rank, r.code, r.name, r.with_gap, r.gap_levels, r.planned,
                   wrapped_cell(ws, ", ".join(sorted(r.programmes)))])


def _target_sheet(wb: Workbook, plan: Plan, unit: Unit | None) -> None:
    ws = wb.create_sheet("b. Sasaran per Unit")
    title_rows(ws, "Sasaran ASN per perangkat daerah (Pasal 207 ayat (3) huruf b)",
               "Nama dan NIP setiap pegawai ada di lembar 'Peserta'.")
    header_row(ws, ("KODE UNIT", "PERANGKAT DAERAH", "PEGAWAI", "PNS BERHAK 20 JP",
                    "PNS MENCAPAI 20 JP", "% MENCAPAI", "PENUGASAN", "JP", "BIAYA", "PAGU"),
               (14, 40, 10, 12, 12, 10, 11, 10, 18, 18))
    for r in _scoped_units(plan, unit):
        ws.append([r["code"], r["name"], r["employees"], r["counted"], r["reaching"],
                   percent_cell(ws, r["coverage"]), r["assignments"], r["jp"],
                   _money(ws, r["cost"]), _money(ws, r["budget_line"])])


def _programme_sheet(wb: Workbook, plan: Plan, unit: Unit | None) -> None:
    ws = wb.create_sheet("c-g. Program")
    title_rows(ws, "Jenis, jalur, penyelenggara, jadwal, kurikulum dan anggaran per program "
                   "(Pasal 207 ayat (3) huruf c–g)")
    header_row(ws, ("KODE", "PROGRAM", "JENIS", "JALUR", "NAMA JALUR", "PENYELENGGARA", "JADWAL",
                    "KESESUAIAN KURIKULUM", "JP", "KURSI", "PESERTA", "WAJIB",
                    "BIAYA PER PESERTA", "BIAYA", "KOMPETENSI"),
               (14, 36, 13, 9, 30, 26, 22, 40, 7, 8, 9, 8, 18, 18, 28))
    for r in _programme_details(plan, unit):
        ws.append([r["code"], r["name"], r["category"], r["path"], r["path_name"],
                   r["provider"], r["schedule"], wrapped_cell(ws, r["curriculum"]), r["jp"],
                   r["seats"], r["participants"], r["mandatory"] or None,
                   _money(ws, r["unit_cost"]), _money(ws, r["cost"]),
                   ", ".join(r["competencies"])])


def _budget_sheet(wb: Workbook, plan: Plan, unit: Unit | None) -> None:
    ws = wb.create_sheet("g. Anggaran")
    title_rows(ws, "Anggaran per perangkat daerah dan pagu (Pasal 207 ayat (3) huruf g)",
               f"Anggaran rencana {format_rupiah(plan.budget)}; biaya terpakai "
               f"{format_rupiah(plan.cost)}.")
    header_row(ws, ("KODE UNIT", "PERANGKAT DAERAH", "BIAYA", "PAGU", "SISA PAGU", "KETERANGAN"),
               (14, 40, 18, 18, 18, 30))
    for r in _scoped_units(plan, unit):
        line = r["budget_line"]
        note = "" if line is None else ("melebihi pagu" if r["cost"] > line else "dalam pagu")
        ws.append([r["code"], r["name"], _money(ws, r["cost"]), _money(ws, line),
                   _money(ws, None if line is None else line - r["cost"]), note])


def _people_sheet(wb: Workbook, plan: Plan, unit: Unit | None) -> None:
    ws = wb.create_sheet("Peserta")
    ws.freeze_panes = "C2"
    header_row(ws, ("NIP", "NAMA", "PERANGKAT DAERAH", "JABATAN", "JENIS PEGAWAI", "KODE PROGRAM",
                    "PROGRAM", "JALUR", "JP", "BIAYA", "WAJIB", "BATAS WAKTU", "DIKUNCI",
                    "ALASAN (KOMPETENSI: KESENJANGAN → KENAIKAN, BOBOT)", "JP DIRENCANAKAN",
                    "HAK MINIMUM JP", "PENGECUALIAN", "ALASAN DI BAWAH 20 JP"),
               (21, 30, 30, 30, 10, 14, 36, 8, 7, 16, 8, 12, 9, 50, 10, 10, 24, 26))
    people = _people(plan, unit)
    by_person: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    assignments = PlanAssignment.objects.filter(plan=plan, person_id__in=list(people))
    for row in assignments.order_by("programme__code").values_list(
            "person_id", "programme__code", "programme__name", "programme__path__code", "jp",
            "cost", "is_mandatory", "deadline", "is_locked", "reasons").iterator():
        by_person[row[0]].append(row[1:])
    for pk, p in people.items():
        items = by_person.get(pk) or [(None,) * 9]
        for code, name, path, jp, cost, mandatory, deadline, locked, reasons in items:
            why = "; ".join(f"{r['competency']}: {r['gap']} → +{r['gain']}, bobot {r['weight']}"
                            for r in reasons or [])
            ws.append([_text_cell(ws, p.nip), p.name, p.unit, p.position, p.employment_type,
                       code, name, path, jp, _money(ws, cost) if code else None,
                       "Ya" if mandatory else "", deadline, "Ya" if locked else "",
                       wrapped_cell(ws, why), p.jp, p.min_jp, p.exemption, p.shortfall])


def _curve_sheet(wb: Workbook, plan: Plan) -> None:
    ws = wb.create_sheet("Kurva Anggaran")
    title_rows(ws, "Kurva anggaran: nilai dan cakupan 20 JP bila anggaran digeser (50%–150%)")
    header_row(ws, ("% ANGGARAN", "ANGGARAN", "LAYAK", "NILAI", "BATAS ATAS", "BIAYA TERPAKAI",
                    "PNS MENCAPAI 20 JP", "PNS BERHAK"), (12, 20, 8, 10, 10, 20, 14, 12))
    for p in sorted(plan.curve, key=lambda p: p.get("budget", 0)):
        ws.append([percent_cell(ws, p.get("fraction")), _money(ws, p.get("budget")),
                   "Ya" if p.get("feasible") else "Tidak", p.get("value"), p.get("bound"),
                   _money(ws, p.get("cost")), p.get("reaching"), p.get("counted")])


def plan_report_xlsx(plan: Plan, file: IO[bytes], *, unit: Unit | None = None,
                     with_people: bool = True) -> None:
    """The plan workbook: Ringkasan, a. Kompetensi, b. Sasaran per Unit, c-g. Program,
    g. Anggaran, Peserta (NIP and name; left out with ``with_people=False``), Kurva Anggaran."""
    wb = Workbook(write_only=True)
    _summary_sheet(wb, plan, unit)
    _competency_sheet(wb, plan, unit)
    _target_sheet(wb, plan, unit)
    _programme_sheet(wb, plan, unit)
    _budget_sheet(wb, plan, unit)
    if with_people:
        _people_sheet(wb, plan, unit)
    if plan.curve:
        _curve_sheet(wb, plan)
    wb.save(file)


# --------------------------------------------------------------------------------------------
# PDF


def _pdf(template: str, context: Mapping[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, dict(context))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def _plan_context(plan: Plan) -> dict[str, Any]:
    approved = plan.approved_at
    return {
        "agency": plan.agency.name, "plan": plan,
        "status": STATUS_NAMES.get(plan.status, plan.status),
        "printed": date_id(timezone.localdate()),
        "approved": date_id(timezone.localtime(approved).date()) if approved else None,
        "approved_by": (plan.approved_by.get_full_name() or plan.approved_by.username)
        if plan.approved_by else None,
    }


def plan_report_pdf(plan: Plan, *, unit: Unit | None = None) -> bytes:
    """The plan document as a PDF (Indonesian, A4)."""
    s = _summary(plan)
    units = _scoped_units(plan, unit)
    programmes = _programme_details(plan, unit)
    for r in units:
        r["cost_text"] = format_rupiah(r["cost"])
        r["line_text"] = format_rupiah(r["budget_line"]) if r["budget_line"] is not None else "–"
        r["over"] = r["budget_line"] is not None and r["cost"] > r["budget_line"]
        r["coverage_text"] = _pct(r["coverage"])
    for r in programmes:
        r["cost_text"] = format_rupiah(r["cost"])
        r["unit_cost_text"] = format_rupiah(r["unit_cost"])
    curve = []
    for p in sorted(plan.curve, key=lambda p: p.get("budget", 0)):
        counted = p.get("counted") or 0
        curve.append({"fraction": round(100 * p.get("fraction", 0)),
                      "budget": format_rupiah(int(p.get("budget", 0))),
                      "feasible": p.get("feasible"),
                      "value": _dec(p["value"]) if p.get("value") is not None else "–",
                      "cost": format_rupiah(int(p.get("cost") or 0)),
                      "reaching": p.get("reaching"), "counted": counted,
                      "coverage": _pct(p["reaching"] / counted if counted else None),
                      "current": abs(p.get("fraction", 0) - 1.0) < 1e-9})
    unit_cost = sum(r["cost"] for r in units)
    context = _plan_context(plan) | {
        "unit": unit, "label": _label(plan, unit),
        "summary": {
            "budget": format_rupiah(s["budget"]), "budget_words": rupiah_in_words(s["budget"]),
            "cost": format_rupiah(s["cost"]),
            "cost_share": _pct(s["cost"] / s["budget"] if s["budget"] else None),
            "mandatory_cost": format_rupiah(s["mandatory_cost"]),
            "value": _dec(s["value"]), "bound": _dec(s["bound"]),
            "gap": f"{_dec(100 * s['gap'], 1)}%",
            "reaching": _int(s["reaching"]), "counted": _int(s["counted"]),
            "coverage": _pct(s["coverage"]),
            "shortfall": s["shortfall"], "exempt": s["exempt"],
        },
        "weight_rules": WEIGHT_RULES_ID,
        "competencies": competency_rows(plan, unit),
        "units": units, "unit_cost": format_rupiah(unit_cost),
        "programmes": programmes,
        "chart": budget_curve_chart(plan.curve, plan.budget, width=640, height=280),
        "curve": curve,
    }
    return _pdf("plan/report_pdf.html", context)


def employee_plan_pdf(plan: Plan, person: PlanEmployee) -> bytes:
    """One employee's individual development plan: each programme with its reason, the
    schedule and the deadline of the mandatory ones, and the gaps it closes."""
    employee = person.employee
    assignments = list(person.assignments.select_related("programme", "programme__path",
                                                         "programme__provider")
                       .order_by("-is_mandatory", "programme__code"))
    codes = set(person.gaps) | {r["competency"] for a in assignments for r in a.reasons}
    names = _competency_names(plan, codes)
    ranks = _ranks(plan)
    rows = [{
        "a": a, "provider": a.programme.provider_label,
        "schedule": months_text(list(a.programme.months)),
        "curriculum": curriculum(a.programme), "cost": format_rupiah(a.cost),
        "deadline": date_id(a.deadline) if a.deadline else None,
        "reasons": [{**r, "name": names.get(r["competency"], ""),
                     "rank": ranks.get(r["competency"])} for r in a.reasons],
    } for a in assignments]
    covered = {r["competency"] for a in assignments for r in a.reasons if r.get("gain")}
    gaps = sorted(({"code": c, "name": names.get(c, ""), "gap": int(g),
                    "weight": person.weights.get(c), "rank": ranks.get(c),
                    "covered": c in covered}
                   for c, g in person.gaps.items() if int(g) > 0),
                  key=lambda g: (-float(g["weight"] or 0) * g["gap"], g["code"]))
    position = employee.position.name if employee.position_id and employee.position else "–"
    context = _plan_context(plan) | {
        "person": person, "name": employee.full_name, "nip": employee.nip,
        "position": position, "unit_name": person.unit.name, "rows": rows, "gaps": gaps,
        "cost": format_rupiah(person.cost),
        "exemption": EXEMPTION_NAMES.get(Exemption(person.exemption), "")
        if person.exemption else "",
        "shortfall": SHORTFALL_NAMES.get(Shortfall(person.shortfall), "")
        if person.shortfall else "",
    }
    return _pdf("plan/employee_plan_pdf.html", context)


# --------------------------------------------------------------------------------------------
# The catalogue as a filled import template


def _number(value: Any) -> str:
    """Decimal JP without a useless ",0": 40 → "40", 16.5 → "16,5"."""
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return text.replace(".", ",")


def programme_export_rows(agency: Agency) -> list[list[object]]:
    """The agency's programmes in :data:`bina.plan.io.PROGRAMME_COLUMNS` order, written the
    way the import reads them."""
    programmes = (Programme.objects.filter(agency=agency)
                  .select_related("path", "provider")
                  .prefetch_related("gains__competency", "prerequisites").order_by("code"))
    mandatory_for = {MandatoryFor.CPNS: "CPNS", **{k: v for k, v in POSITION_TYPES.items()}}
    rows = []
    for p in programmes:
        values: dict[str, object] = {
            PCol.CODE: p.code, PCol.NAME: p.name, PCol.PATH: p.path.code,
            PCol.PROVIDER: p.provider_label, PCol.JP: _number(p.jp),
            PCol.COST: p.cost_per_participant,
            PCol.EXTRA_COST: p.extra_cost_per_participant or None,
            PCol.SEATS: p.seats_per_class, PCol.CLASSES: p.classes,
            PCol.MONTHS: ",".join(str(m) for m in p.months),
            PCol.GAINS: "; ".join(f"{g.competency.code}:{g.levels}" for g in p.gains.all()),
            PCol.POSITION_TYPES: ", ".join(POSITION_TYPES.get(t, t)
                                           for t in p.suitable_position_types),
            PCol.MANDATORY: "Y" if p.is_mandatory else "T",
            PCol.MANDATORY_NOTE: p.mandatory_note,
            PCol.MANDATORY_FOR: mandatory_for.get(p.mandatory_for, p.mandatory_for),
            PCol.MANDATORY_WITHIN: p.mandatory_within_months,
            PCol.PREREQUISITES: ",".join(sorted(q.code for q in p.prerequisites.all())),
            PCol.ACTIVE: "Ya" if p.is_active else "Tidak",
        }
        rows.append([values.get(c.name) for c in PROGRAMME_COLUMNS])
    return rows


def programmes_export(*, agency: Agency, file: IO[bytes]) -> int:
    """Write the catalogue as a filled import template (no example row, same columns and
    Petunjuk sheet). Returns the number of programmes written."""
    from bina.people.io.roster_xlsx import write_workbook

    return write_workbook(file, PROGRAMME_SPEC, programme_export_rows(agency))
