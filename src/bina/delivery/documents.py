"""Official documents of an activity as PDF (WeasyPrint, A4 portrait), in the Indonesian
government letter form: the assignment letter (surat tugas) of the participants and of the
resource persons, and the attendance list (daftar hadir) with one page per session.

Each starts with the agency's letterhead (kop surat, ``DeliverySettings.letterhead``, falling
back to the agency's name) and ends with the signing city, date and official. The letter number
is left to be filled in by hand ("Nomor: …/…/BKD/2026"), as the agency's registry of outgoing
letters (agenda surat) gives it; the ``BKD`` part is the default code of the personnel agency
and can be changed with ``number_code``.

The "Dasar" of a letter cites PP 11/2017 (Manajemen PNS) and the approved plan; whether PP
17/2020 changed the wording of the articles cited is UNVERIFIED (shared/domain/regulation.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from bina.delivery.certificates import date_id, date_range_id
from bina.delivery.models import (
    Activity,
    ActivitySession,
    ActivitySpeaker,
    DeliverySettings,
    Enrollment,
)
from bina.delivery.services import settings_for

NUMBER_CODE = "BKD"
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
LEGAL_BASIS = ("Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil "
               "sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020")


def day_date_id(day: dt.date) -> str:
    """``Sabtu, 28 November 2026``."""
    return f"{DAYS_ID[day.weekday()]}, {date_id(day)}"


def letterhead_lines(settings: DeliverySettings, agency_name: str) -> list[str]:
    return [line.strip() for line in settings.letterhead.splitlines() if line.strip()] or [
        agency_name]


@dataclass(frozen=True)
class Letter:
    """What every document shares: letterhead, number, signing place, date and official."""

    letterhead: list[str]
    number: str
    city: str
    date: str
    signer_title: str
    signer_name: str
    signer_nip: str


def letter_parts(activity: Activity, *, today: dt.date | None = None,
                 number_code: str = NUMBER_CODE) -> Letter:
    settings = settings_for(activity.agency)
    day = today or timezone.localdate()
    return Letter(
        letterhead=letterhead_lines(settings, activity.agency.name),
        number=f"Nomor: ……/……/{number_code}/{activity.start_date.year}",
        city=settings.city, date=date_id(day),
        signer_title=settings.signer_title or "Pejabat yang berwenang",
        signer_name=settings.signer_name, signer_nip=settings.signer_nip)


def basis(activity: Activity) -> list[str]:
    """The "Dasar" of a letter: the regulation and the approved plan (or the programme)."""
    items = [LEGAL_BASIS]
    plan = activity.plan
    if plan is not None:
        approved = ""
        if plan.approved_at:
            approved = (" yang disetujui tanggal "
                        + date_id(timezone.localtime(plan.approved_at).date()))
        items.append(f"Rencana Pengembangan Kompetensi ASN \u201c{plan.name}\u201d Tahun "
                     f"{plan.year}{approved}, program {activity.programme.code} "
                     f"{activity.programme.name}")
    else:
        items.append(f"Program pengembangan kompetensi {activity.programme.code} "
                     f"{activity.programme.name}")
    return items


def where_text(activity: Activity) -> str:
    if activity.is_online:
        return "secara daring"
    return f"bertempat di {activity.place}" if activity.place else ""


def _common(activity: Activity, letter: Letter) -> dict[str, Any]:
    return {"activity": activity, "programme": activity.programme, "letter": letter,
            "basis": basis(activity), "dates": date_range_id(activity.start_date,
                                                             activity.end_date),
            "where": where_text(activity), "provider": activity.provider_label}


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


# --------------------------------------------------------------------------------------------
# Assignment letters


def participants_letter_html(*, activity: Activity, enrollments: Sequence[Enrollment],
                             today: dt.date | None = None) -> str:
    letter = letter_parts(activity, today=today)
    rows = [{"name": e.employee.full_name, "nip": e.employee.nip,
             "grade": e.employee.grade.code, "rank": e.employee.grade.rank_title,
             "position": e.employee.position.name, "unit": e.employee.unit.name}
            for e in enrollments]
    return render_to_string("delivery/documents/letter_participants.html",
                            {**_common(activity, letter), "rows": rows})


def participants_letter_pdf(*, activity: Activity, enrollments: Sequence[Enrollment],
                            today: dt.date | None = None) -> bytes:
    return _pdf(participants_letter_html(activity=activity, enrollments=enrollments, today=today))


def speakers_letter_html(*, activity: Activity, speakers: Sequence[ActivitySpeaker],
                         today: dt.date | None = None) -> str:
    letter = letter_parts(activity, today=today)
    rows = [{"name": s.person.name, "position": s.person.position_title,
             "home": s.person.home_label, "role": s.get_role_display(), "topic": s.topic}
            for s in speakers]
    return render_to_string("delivery/documents/letter_speakers.html",
                            {**_common(activity, letter), "rows": rows})


def speakers_letter_pdf(*, activity: Activity, speakers: Sequence[ActivitySpeaker],
                        today: dt.date | None = None) -> bytes:
    return _pdf(speakers_letter_html(activity=activity, speakers=speakers, today=today))


# --------------------------------------------------------------------------------------------
# Attendance list


def _time(session: ActivitySession) -> str:
    if session.start_time is None:
        return ""
    end = f"–{session.end_time:%H.%M}" if session.end_time else ""
    return f"{session.start_time:%H.%M}{end} WITA"


def attendance_list_html(*, activity: Activity, enrollments: Sequence[Enrollment],
                         sessions: Sequence[ActivitySession] | None = None,
                         today: dt.date | None = None) -> str:
    """One page (or more, for a long list) per session: number, NIP, name, unit and a
    signature box; the numbers alternate left and right in the signature column, as on the
    usual paper list, so that neighbours do not sign on one line."""
    letter = letter_parts(activity, today=today)
    chosen = list(sessions) if sessions is not None else list(
        activity.sessions.order_by("date", "start_time"))
    people = [{"nip": e.employee.nip, "name": e.employee.full_name, "unit": e.employee.unit.name}
              for e in enrollments]
    pages = [{"session": s, "day": day_date_id(s.date), "time": _time(s),
              "number": i, "date": date_id(s.date)}
             for i, s in enumerate(chosen, start=1)]
    return render_to_string("delivery/documents/attendance_list.html",
                            {**_common(activity, letter), "pages": pages, "people": people})


def attendance_list_pdf(*, activity: Activity, enrollments: Sequence[Enrollment],
                        sessions: Sequence[ActivitySession] | None = None,
                        today: dt.date | None = None) -> bytes:
    return _pdf(attendance_list_html(activity=activity, enrollments=enrollments,
                                     sessions=sessions, today=today))
