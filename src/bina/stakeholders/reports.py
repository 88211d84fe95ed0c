"""The poster for the service counter: A4, a big question, the unit, the survey's QR code."""

from __future__ import annotations

import io

import segno
from django.template.loader import render_to_string
from django.utils import timezone

from bina.org.models import Unit


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG markup (error correction M, black on white)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=10, border=2, xmldecl=False,
                                    svgns=True, nl=False)
    return out.getvalue().decode()


def poster_pdf(unit: Unit, url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("stakeholders/poster_pdf.html", {
        "unit": unit, "agency": unit.agency, "url": url, "qr": qr_svg(url),
        "printed": timezone.localdate(),
    })
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
