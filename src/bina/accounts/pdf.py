"""First-login code slips as a PDF (WeasyPrint), for units that print and hand them out."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def codes_pdf(*, title: str, codes: list[dict[str, Any]], login_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "accounts/codes_pdf.html", {"title": title, "codes": codes, "login_url": login_url}
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
