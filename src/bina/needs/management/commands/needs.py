from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandParser
from django.utils import translation

from bina.core.messages import Lang, Message
from bina.needs.management import resolve_round
from bina.needs.models import NeedsRound, RoundStatus
from bina.needs.reports import employee_gap_pdf, needs_report_pdf, needs_report_xlsx
from bina.needs.selectors import round_analysis
from bina.people.management import (
    PeopleCommand,
    add_agency_argument,
    output_path,
    refuse,
    resolve_agency,
)

SUMMARY_KEYS = ("code", "name", "staff_assessed", "staff_below_standard", "mean_gap", "mwds",
                "quadrant", "rank")


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    """The interface document ``{"round", "competencies", "units"}`` (issue 3) from
    ``NeedsAnalysis.to_dict`` with or without ``detail``: only the interface keys."""
    def entries(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: row.get(k) for k in SUMMARY_KEYS} for row in rows]

    return {
        "round": doc.get("round"),
        "competencies": entries(doc.get("competencies", [])),
        "units": [{"code": u["code"], "name": u["name"], "coverage": u.get("coverage"),
                   "competencies": entries(u.get("competencies", []))}
                  for u in doc.get("units", [])],
    }


def result_document(needs_round: NeedsRound) -> dict[str, Any]:
    """The round's result: the frozen one of a closed round (its numbers never move), else the
    live analysis."""
    if needs_round.status == RoundStatus.CLOSED and needs_round.result:
        return dict(needs_round.result)
    return round_analysis(needs_round).to_dict(needs_round.code, detail=True)


class Command(PeopleCommand):
    help = (
        "Hasil analisis kebutuhan pengembangan kompetensi sebuah putaran. Tanpa --round: "
        "putaran terakhir yang sudah ditutup. --format json (bawaan, ke layar bila tanpa -o) "
        'mencetak {"round": KODE, "competencies": [...], "units": [...]}: tiap kompetensi '
        "dengan code, name, staff_assessed, staff_below_standard, mean_gap, mwds, quadrant "
        "(I–IV), rank; tiap unit (OPD) dengan code, name, coverage (0–1) dan competencies. "
        "Putaran yang ditutup memakai hasil yang dibekukan saat ditutup. --detail menambahkan "
        "bukti (alasan, unit tertinggi, catatan wawancara) dan aturan penggabungan. --format "
        "xlsx/pdf menulis dokumen analisis kebutuhan (prioritas, peta panas unit × kompetensi, "
        "inventaris kompetensi per sasaran, profil pegawai) ke -o FILE. --unit KODE: hanya unit "
        "(OPD) itu. --format pdf --nip NIP: profil kesenjangan satu pegawai. Keluar 0 bila "
        "berhasil, 2 bila argumen ditolak."
    )
    example = "bina needs --round akpk-2027 --unit DINKES --format json"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--round", metavar="KODE",
                            help="kode putaran (bawaan: putaran terakhir yang ditutup)")
        parser.add_argument("--unit", metavar="KODE", help="hanya unit (OPD) ini")
        parser.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json",
                            help="json (bawaan), xlsx atau pdf")
        parser.add_argument("-o", "--output", metavar="FILE",
                            help="file yang ditulis (wajib untuk xlsx dan pdf)")
        parser.add_argument("--nip", metavar="NIP",
                            help="dengan --format pdf: profil kesenjangan satu pegawai")
        parser.add_argument("--detail", action="store_true",
                            help="JSON: sertakan bukti dan aturan penggabungan")
        add_agency_argument(parser)
        parser.add_argument("--lang", choices=["id", "en"], default="id",
                            help="bahasa pesan: id (bawaan) atau en")

    def handle(self, *args: Any, **options: Any) -> None:
        lang: Lang = options["lang"]
        output_format: str = options["format"]
        with translation.override(lang):
            if output_format != "json" and not options["output"]:
                raise refuse(Message("cli.needs.output_required", {"format": output_format}),
                             lang)
            path = output_path(options["output"], lang) if options["output"] else None
            agency = resolve_agency(options["agency"], lang)
            assert agency is not None
            needs_round = resolve_round(agency, options["round"], lang)
            if output_format == "json":
                doc = result_document(needs_round)
                unit = self._unit(options["unit"], [u["code"] for u in doc["units"]], lang)
                if not options["detail"]:
                    doc = summary(doc)
                if unit:
                    doc["units"] = [u for u in doc["units"] if u["code"] == unit]
                text = json.dumps(doc, ensure_ascii=False)
                if path is None:
                    self.stdout.write(text)
                    return
                path.write_text(text + "\n", encoding="utf-8")
            else:
                assert path is not None
                analysis = round_analysis(needs_round)
                unit = self._unit(options["unit"], [u.code for u in analysis.units], lang)
                if options["nip"]:
                    participant = needs_round.participants.filter(
                        employee__nip=options["nip"]).select_related("round__agency").first()
                    if participant is None:
                        raise refuse(Message("cli.needs.not_participant", {
                            "nip": options["nip"], "round": needs_round.code}), lang)
                    path.write_bytes(employee_gap_pdf(analysis, participant))
                elif output_format == "xlsx":
                    with path.open("wb") as file:
                        needs_report_xlsx(analysis, needs_round, file, unit=unit)
                else:
                    path.write_bytes(needs_report_pdf(analysis, needs_round, unit=unit))
            self.stdout.write(Message("cli.needs.written", {"file": str(path)}).render(lang))

    @staticmethod
    def _unit(code: str | None, codes: list[str], lang: Lang) -> str | None:
        if not code:
            return None
        for known in codes:
            if known.casefold() == code.casefold():
                return known
        raise refuse(Message("cli.needs.unit_not_in_result",
                             {"code": code, "codes": ", ".join(codes) or "-"}), lang)
