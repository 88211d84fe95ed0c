"""``POST /api/survei/{unit_code}``: the survey as JSON, without login, validated by the same
service as the HTML form (:func:`bina.stakeholders.services.survey_submit`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.responses import Response

from bina.accounts.views import client_address
from bina.stakeholders import selectors as sel
from bina.stakeholders import services

router = Router(tags=["survei kepuasan masyarakat"])


class ComplaintIn(Schema):
    text: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""


class SurveyIn(Schema):
    scores: dict[str, Any]
    comment: str = ""
    complaint: ComplaintIn | None = None


class SurveyOut(Schema):
    id: int
    year: int
    quarter: int
    tracking_code: str | None


class ErrorOut(Schema):
    detail: str
    field: str = ""


@router.post("/{unit_code}", auth=None, response={201: SurveyOut, 400: ErrorOut, 404: ErrorOut,
                                                    429: ErrorOut})
def survey_submit(request: HttpRequest, unit_code: str, payload: SurveyIn) -> Any:
    """One questionnaire: ``scores`` maps each element U1–U9 (regulation order; U8 is
    "Penanganan Pengaduan, Saran dan Masukan") to 1–4. ``complaint`` (optional) files a complaint
    to the unit; its answer can be followed at ``/survei/lacak/{tracking_code}/``. Limited per
    client address and per unit (HTTP 429 with ``Retry-After``)."""
    unit = sel.public_unit(unit_code)
    try:
        if unit is None:
            raise services.SurveyError(
                "Unit layanan tidak dikenal atau tidak menerima survei.", field="unit")
        complaint = payload.complaint
        submitted = services.survey_submit(
            unit=unit, scores=payload.scores, comment=payload.comment,
            file_complaint=complaint is not None,
            complaint_text=complaint.text if complaint else "",
            contact_name=complaint.contact_name if complaint else "",
            contact_phone=complaint.contact_phone if complaint else "",
            contact_email=complaint.contact_email if complaint else "",
            client_address=client_address(request), channel="api",
        )
    except services.SurveyThrottled as refused:
        response: HttpResponse = Response(
            {"detail": "Terlalu banyak kiriman. Coba lagi nanti.", "field": refused.scope},
            status=429)
        response["Retry-After"] = str(refused.retry_after)
        return response
    except services.SurveyError as error:
        return Status(404 if error.field == "unit" else 400,
                      {"detail": error.message, "field": error.field})
    r = submitted.response
    return Status(201, {"id": r.pk, "year": r.year, "quarter": r.quarter,
                        "tracking_code": submitted.complaint.tracking_code
                        if submitted.complaint else None})
