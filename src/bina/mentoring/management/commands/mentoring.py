"""``bina mentoring match --programme KODE [--format json|text] [--agency KODE] [--lang id|en]``:
run the exact mentor–mentee matching of a programme (the same service as the page's
"Pasangkan (optimal)" button: fixed pairs and pairs that have met are kept) and print the pairs
with their fit and reasons, and the mentees left unmatched with the reason.

JSON: ``{"programme": CODE, "total_fit": float, "optimal": bool, "pairs": [{"mentor_nip",
"mentor", "mentee_nip", "mentee", "fit", "reasons": [text, …]}], "unmatched": [{"mentee_nip",
"mentee", "reason"}]}``; texts in the ``--lang`` language.

Exit status: 0 success, 2 refused input (unknown programme or agency, a fixed pair that now
breaks a rule), 1 anything else.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bina.core.messages import Lang

EXAMPLE = "bina mentoring match --programme MENTOR-2026 --format json"

MESSAGES = {
    "unknown": ("Program mentoring {code} tidak ditemukan{where}. Program yang ada: {codes}.",
                "The mentoring programme {code} was not found{where}. Programmes: {codes}."),
    "ambiguous": ("Kode program {code} dipakai beberapa instansi ({agencies}); tambahkan "
                  "--agency KODE.",
                  "The programme code {code} is used by several agencies ({agencies}); add "
                  "--agency CODE."),
    "refused": ("Pemasangan ditolak: {reason}", "The matching was refused: {reason}"),
    "summary": ("{code}: {pairs} pasangan, {unmatched} mentee belum berpasangan, total "
                "kecocokan {total}{optimal}.",
                "{code}: {pairs} pairs, {unmatched} mentees unmatched, total fit "
                "{total}{optimal}."),
    "optimal": (" (optimal terbukti)", " (proven optimal)"),
    "unmatched": ("Belum berpasangan", "Unmatched"),
}


def _say(key: str, lang: str, **values: Any) -> str:
    message_id, message_en = MESSAGES[key]
    return (message_en if lang == "en" else message_id).format(**values)


def _num(value: float) -> float:
    return round(value, 4)


class Command(BaseCommand):
    help = ("Pasangan mentor–mentee. Subperintah: match (menjalankan pemasangan optimal sebuah "
            f"program dan mencetak pasangan beserta alasannya). Contoh: {EXAMPLE}")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="SUBPERINTAH")
        match = sub.add_parser(
            "match", help="pasangkan mentor dan mentee sebuah program (optimal)",
            description="Menjalankan pemasangan optimal (pasangan tetap dan yang sudah bertemu "
                        "dipertahankan), menyimpannya, lalu mencetak pasangan dengan skor "
                        f"kecocokan dan alasannya. Contoh: {EXAMPLE}")
        match.add_argument("--programme", required=True, metavar="KODE",
                           help="kode program mentoring")
        match.add_argument("--format", choices=("json", "text"), default="text",
                           help="bentuk keluaran (bawaan text)")
        match.add_argument("--agency", metavar="KODE",
                           help="kode instansi (bila kode program dipakai beberapa instansi)")
        match.add_argument("--lang", choices=("id", "en"), default="id",
                           help="bahasa pesan dan alasan (bawaan id)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "match":
            self.match(options)

    def match(self, options: dict[str, Any]) -> None:
        from bina.mentoring.models import MentoringProgramme
        from bina.mentoring.services import MentoringError, mentoring_match
        from bina.people.management import resolve_agency

        lang: Lang = "en" if options["lang"] == "en" else "id"
        code: str = options["programme"]
        agency = resolve_agency(options["agency"], lang, required=False)
        candidates = MentoringProgramme.objects.filter(code=code).select_related("agency")
        if agency is not None:
            candidates = candidates.filter(agency=agency)
        found = list(candidates[:10])
        if not found:
            known = MentoringProgramme.objects.order_by("code")
            if agency is not None:
                known = known.filter(agency=agency)
            codes = ", ".join(known.values_list("code", flat=True)[:30]) or "-"
            where = f" ({agency.code})" if agency is not None else ""
            raise CommandError(_say("unknown", lang, code=code, where=where, codes=codes),
                               returncode=2)
        if len(found) > 1:
            raise CommandError(_say("ambiguous", lang, code=code,
                                    agencies=", ".join(p.agency.code for p in found)),
                               returncode=2)
        programme = found[0]
        try:
            mentoring_match(programme=programme, user=None)
        except MentoringError as exc:
            raise CommandError(_say("refused", lang, reason=exc.text(lang)),
                               returncode=2) from exc
        document = programme_document(programme, lang)
        if options["format"] == "json":
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(_text(document, lang))


def programme_document(programme: Any, lang: str) -> dict[str, Any]:
    """The stored pairs and unmatched mentees of ``programme`` as the JSON document."""
    from bina.mentoring.models import Mentee, MentoringPair
    from bina.mentoring.services import render_json

    programme.refresh_from_db()
    pairs = (MentoringPair.objects.filter(programme=programme)
             .select_related("mentor__employee", "mentee__employee")
             .order_by("mentor__employee__nip", "mentee__employee__nip"))
    unmatched = (Mentee.objects.filter(programme=programme, pair__isnull=True)
                 .select_related("employee").order_by("employee__nip"))
    return {
        "programme": programme.code,
        "total_fit": _num(programme.total_fit),
        "optimal": programme.is_optimal,
        "pairs": [{
            "mentor_nip": p.mentor.employee.nip, "mentor": p.mentor.employee.full_name,
            "mentee_nip": p.mentee.employee.nip, "mentee": p.mentee.employee.full_name,
            "fit": _num(p.fit), "fixed": p.is_fixed,
            "reasons": [render_json(r, lang) for r in p.reasons]} for p in pairs],
        "unmatched": [{
            "mentee_nip": m.employee.nip, "mentee": m.employee.full_name,
            "reason": render_json(m.unmatched_reason, lang)} for m in unmatched],
    }


def _text(document: dict[str, Any], lang: str) -> str:
    lines = [_say("summary", lang, code=document["programme"], pairs=len(document["pairs"]),
                  unmatched=len(document["unmatched"]), total=document["total_fit"],
                  optimal=_say("optimal", lang) if document["optimal"] else "")]
    for p in document["pairs"]:
        lines.append(f"{p['mentor']} ({p['mentor_nip']}) → {p['mentee']} ({p['mentee_nip']}): "
                     f"{p['fit']}")
        lines.extend(f"    - {r}" for r in p["reasons"])
    if document["unmatched"]:
        lines.append(_say("unmatched", lang) + ":")
        lines.extend(f"    {u['mentee']} ({u['mentee_nip']}): {u['reason']}"
                     for u in document["unmatched"])
    return "\n".join(lines)
