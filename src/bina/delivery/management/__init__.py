"""The delivery commands' messages (Indonesian and English)."""

from bina.core.messages import Lang, Message, register
from bina.delivery.models import Activity

for _code, _id, _en in (
    ("delivery.no_activity", "kegiatan {code!r} tidak ada", "no activity {code!r}"),
    ("delivery.no_activity_code",
     "kode kegiatan tidak ada di berkas (sel B2 'KODE KEGIATAN'); sebutkan dengan --activity",
     "the file names no activity (cell B2 'KODE KEGIATAN'); give one with --activity"),
    ("delivery.bad_file", "{file}: {error}", "{file}: {error}"),
    ("delivery.imported", "{file}: {n} presensi dicatat untuk {code}",
     "{file}: {n} attendance marks recorded for {code}"),
):
    register(_code, id=_id, en=_en)


def find_activity(code: str, agency_code: str | None, lang: Lang) -> Activity:
    """The activity ``code`` of ``--agency`` or, without it, of whichever agency has one by that
    code (when only one has); refused (exit 2) otherwise."""
    from bina.people.management import refuse, resolve_agency

    if agency_code:
        agency = resolve_agency(agency_code, lang)
        found = Activity.objects.filter(agency=agency, code=code).first()
        if found is None:
            raise refuse(Message("delivery.no_activity", {"code": code}), lang)
        return found
    matches = list(Activity.objects.filter(code=code)[:2])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise refuse(Message("delivery.no_activity", {"code": code}), lang)
    resolve_agency(None, lang)  # several agencies share the code: ask for --agency
    raise refuse(Message("delivery.no_activity", {"code": code}), lang)
