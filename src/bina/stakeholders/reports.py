"""The poster for the service counter: A4, a big question, the unit, the survey's QR code."""

from __future__ import annotations

import io
from collections.abc import Sequence

import segno
from django.template.loader import render_to_string
from django.utils import timezone

from bina.org.models import Unit
from bina.stakeholders.models import ELEMENT_CODES
from bina.stakeholders.selectors import ANSWER_WORKING_DAYS, Period, UnitRow


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


def ikm_table_xlsx(period: Period, rows: Sequence[UnitRow], agency_name: str) -> bytes:
    """The agency's table (one row per public service unit) as an Excel workbook."""
    from openpyxl import Workbook

    from bina.web.xlsx import header_row, percent_cell, title_rows

    book = Workbook(write_only=True)
    ws = book.create_sheet("IKM")
    title_rows(ws, f"Indeks Kepuasan Masyarakat per unit layanan · {period.label}",
               f"{agency_name} · PermenPANRB 14/2017: NRR per unsur (1–4), IKM = rata-rata NRR "
               f"× 25, mutu A–D. Dicetak {timezone.localdate():%d-%m-%Y}.")
    headers = ["Kode unit", "Unit layanan", "Responden", *ELEMENT_CODES, "IKM", "Mutu",
               "Kinerja", "Populasi (setahun)", "Sampel minimum", "Sampel cukup",
               "Pengaduan diterima", "Dijawab", "Belum dijawab", "Median hari sampai dijawab",
               f"Dijawab ≤ {ANSWER_WORKING_DAYS} hari kerja"]
    header_row(ws, headers, [14, 40, 11, *([7] * len(ELEMENT_CODES)), 9, 7, 13, 12, 11, 9, 11,
                             9, 9, 12, 12])
    for r in rows:
        index, h = r.index, r.handling
        nrr: list[float | None] = ([round(index.nrr[c], 4) for c in ELEMENT_CODES] if index
                                   else [None] * len(ELEMENT_CODES))
        ws.append([
            r.unit.code, r.unit.name, index.respondents if index else 0,
            *nrr,
            index.ikm if index else None, index.mutu if index else None,
            index.kinerja if index else None, r.population, r.sample_min,
            None if r.sample_ok is None else ("ya" if r.sample_ok else "tidak"),
            h.received if h else 0, h.answered if h else 0, h.open if h else 0,
            round(h.median_days, 2) if h and h.median_days is not None else None,
            percent_cell(ws, h.on_time_share if h else None),
        ])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
