"""``bina plan build``: the web planner's service from the command line (a thin layer).

Exit status: 0 success, 2 refused (unknown round, a round not closed, a budget that cannot be
read, mandatory programmes that do not fit…), 1 anything else.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError

from bina.core.messages import Lang, Message, register
from bina.core.money import MoneyError, format_rupiah, parse_rupiah
from bina.core.plan import problem_to_dict
from bina.needs.management import resolve_round, resolve_unit
from bina.people.management import output_path, refuse, resolve_agency
from bina.plan.building import PlanError, plan_inputs
from bina.plan.reports import plan_report_pdf, plan_report_xlsx
from bina.plan.selectors import plan_document
from bina.plan.services import plan_build

for _code, _id, _en in (
    ("cli.plan.output_required", "format {format} ditulis ke file: tambahkan -o FILE",
     "format {format} is written to a file: add -o FILE"),
    ("cli.plan.dump_required", "--dump-only perlu --dump-problem FILE",
     "--dump-only needs --dump-problem FILE"),
    ("cli.plan.built",
     "Rencana {name} v{version} disimpan (draf): {assignments} penugasan, biaya {cost} dari "
     "{budget}, nilai {value:.1f}, batas atas {bound:.1f} (selisih {gap:.2%}), {reaching} dari "
     "{counted} PNS mencapai 20 JP.",
     "Plan {name} v{version} saved (draft): {assignments} assignments, cost {cost} of "
     "{budget}, value {value:.1f}, bound {bound:.1f} (gap {gap:.2%}), {reaching} of {counted} "
     "PNS reach 20 JP."),
    ("cli.plan.dumped", "{file}: masalah perencanaan ditulis ({employees} pegawai × "
     "{programmes} program)", "{file}: planning problem written ({employees} employees × "
     "{programmes} programmes)"),
    ("cli.plan.written", "{file}: ditulis", "{file}: written"),
):
    register(_code, id=_id, en=_en)


def build_command(options: dict[str, Any]) -> str:
    """Run ``bina plan build`` with the parsed ``options``; returns what to print."""
    lang: Lang = "en" if options["lang"] == "en" else "id"
    fmt: str = options["format"]
    if fmt != "json" and not options["output"]:
        raise refuse(Message("cli.plan.output_required", {"format": fmt}), lang)
    if options["dump_only"] and not options["dump_problem"]:
        raise refuse(Message("cli.plan.dump_required"), lang)
    path = output_path(options["output"], lang) if options["output"] else None
    dump = output_path(options["dump_problem"], lang) if options["dump_problem"] else None
    try:
        budget = parse_rupiah(str(options["budget"]))
    except MoneyError as exc:
        raise CommandError(exc.message_en if lang == "en" else exc.message_id,
                           returncode=2) from exc
    agency = resolve_agency(options["agency"], lang)
    assert agency is not None
    needs_round = resolve_round(agency, options["round"], lang)
    unit = resolve_unit(agency, options["unit"], lang) if options["unit"] else None
    limit = options["time_limit"]
    if limit is not None and not limit > 0:
        raise CommandError("--time-limit harus lebih dari 0 detik." if lang == "id"
                           else "--time-limit must be more than 0 s.", returncode=2)
    lines: list[str] = []
    try:
        if dump is not None:
            inputs = plan_inputs(needs_round=needs_round, budget=budget)
            dump.write_text(json.dumps(problem_to_dict(inputs.problem), ensure_ascii=False)
                            + "\n", encoding="utf-8")
            lines.append(Message("cli.plan.dumped", {
                "file": str(dump), "employees": len(inputs.problem.employees),
                "programmes": len(inputs.problem.programmes)}).render(lang))
            if options["dump_only"]:
                return "\n".join(lines)
        plan = plan_build(needs_round=needs_round, budget=budget, user=None,
                          name=options["name"], time_limit=limit,
                          curve=not options["no_curve"])
    except PlanError as exc:
        raise CommandError(exc.text(lang), returncode=2) from exc
    if fmt == "json":
        text = json.dumps(plan_document(plan), ensure_ascii=False)
        if path is None:
            return text
        path.write_text(text + "\n", encoding="utf-8")
    else:
        assert path is not None
        if fmt == "xlsx":
            with path.open("wb") as file:
                plan_report_xlsx(plan, file, unit=unit)
        else:
            path.write_bytes(plan_report_pdf(plan, unit=unit))
    lines.append(Message("cli.plan.built", {
        "name": plan.name, "version": plan.version, "assignments": plan.assignments.count(),
        "cost": format_rupiah(plan.cost), "budget": format_rupiah(plan.budget),
        "value": plan.value, "bound": plan.bound, "gap": plan.gap, "reaching": plan.reaching,
        "counted": plan.counted}).render(lang))
    lines.append(Message("cli.plan.written", {"file": str(path)}).render(lang))
    return "\n".join(lines)
