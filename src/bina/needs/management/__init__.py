"""What the needs commands share: finding the round and the unit. The output contract (exit
codes 0/2/1, ``FILE:ROW:COLUMN: message`` lines, ``--format json``) is the people commands'
(``bina.people.management``), reused by import."""

from __future__ import annotations

from django.db.models import Q

from bina.core.messages import Lang, Message, register
from bina.needs.models import NeedsRound, RoundStatus
from bina.org.models import Agency, Unit
from bina.people.management import refuse

for _code, _id, _en in (
    ("cli.needs.unknown_round", "putaran {code!r} tidak ada; kode yang ada: {codes}",
     "no round {code!r}; the codes are: {codes}"),
    ("cli.needs.no_closed_round",
     "belum ada putaran analisis kebutuhan yang ditutup; sebutkan putarannya dengan "
     "--round KODE (yang ada: {codes})",
     "no needs-analysis round has been closed yet; name one with --round CODE "
     "(the codes are: {codes})"),
    ("cli.needs.unknown_unit", "unit {code!r} tidak ada di instansi",
     "no unit {code!r} in the agency"),
    ("cli.needs.unit_not_in_result",
     "unit {code!r} tidak ada dalam hasil putaran; unit yang ada (OPD): {codes}",
     "unit {code!r} is not in the round's result; the units (OPD) are: {codes}"),
    ("cli.needs.output_required", "format {format} ditulis ke file: tambahkan -o FILE",
     "format {format} is written to a file: add -o FILE"),
    ("cli.needs.written", "{file}: ditulis", "{file}: written"),
    ("cli.needs.not_participant", "pegawai NIP {nip} bukan peserta putaran {round}",
     "the employee with NIP {nip} does not take part in round {round}"),
):
    register(_code, id=_id, en=_en)


def _codes(agency: Agency) -> str:
    codes = NeedsRound.objects.filter(agency=agency).order_by("code").values_list(
        "code", flat=True)
    return ", ".join(codes) or "-"


def resolve_round(agency: Agency, code: str | None, lang: Lang) -> NeedsRound:
    """The round ``code`` of the agency, or (without a code) its latest closed round."""
    if code:
        found = NeedsRound.objects.filter(agency=agency, code=code).first()
        if found is None:
            raise refuse(Message("cli.needs.unknown_round",
                                 {"code": code, "codes": _codes(agency)}), lang)
        return found
    latest = (NeedsRound.objects.filter(agency=agency, status=RoundStatus.CLOSED)
              .order_by("-closed_at", "-year", "-pk").first())
    if latest is None:
        raise refuse(Message("cli.needs.no_closed_round", {"codes": _codes(agency)}), lang)
    return latest


def resolve_unit(agency: Agency, code: str, lang: Lang) -> Unit:
    unit = Unit.objects.filter(Q(code__iexact=code), agency=agency).first()
    if unit is None:
        raise refuse(Message("cli.needs.unknown_unit", {"code": code}), lang)
    return unit
