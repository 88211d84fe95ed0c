"""The certificate of a completion as a PDF (WeasyPrint, landscape A4): the agency's letterhead
and signing official (``DeliverySettings``), the holder, the programme and activity, dates, JP,
the certificate number and a QR code of the public verification URL."""

from __future__ import annotations

import io

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bina.delivery.models import Certificate
from bina.delivery.services import settings_for

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")


def date_id(day: object) -> str:
    """28 November 2026 (Indonesian month names, as on official documents)."""
    import datetime as dt

    assert isinstance(day, dt.date)
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def date_range_id(start: object, end: object) -> str:
    return date_id(start) if start == end else f"{date_id(start)} s.d. {date_id(end)}"


def verification_path(certificate: Certificate) -> str:
    return reverse("verify:certificate", args=[certificate.code])


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (segno, error correction M)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=1, xmldecl=False,
                                    svgns=True, dark="#10241c")
    return buffer.getvalue().decode()


def certificate_pdf(*, certificate: Certificate, base_url: str) -> bytes:
    """The PDF; ``base_url`` (scheme and host, e.g. ``https://bina.example.go.id``) makes the
    QR code's verification URL absolute."""
    from weasyprint import HTML

    enrollment = certificate.enrollment
    activity = enrollment.activity
    settings = settings_for(activity.agency)
    url = base_url.rstrip("/") + verification_path(certificate)
    html = render_to_string("delivery/certificate_pdf.html", {
        "certificate": certificate, "employee": enrollment.employee, "activity": activity,
        "programme": activity.programme, "settings": settings,
        "letterhead": [line for line in settings.letterhead.splitlines() if line.strip()]
        or [activity.agency.name],
        "dates": date_range_id(activity.start_date, activity.end_date),
        "issued": date_id(timezone.localtime(certificate.issued_at).date()),
        "qr": qr_svg(url), "url": url,
    })
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
