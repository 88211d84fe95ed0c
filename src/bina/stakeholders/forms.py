"""The public questionnaire and the answer to a complaint.

The questions are the wording common in SKM questionnaires for the nine elements of
PermenPANRB 14/2017 (regulation.md §4.1 gives only the element names; the exact wording of the
Lampiran's questionnaire is UNVERIFIED). The four answers use the general words
"Tidak baik / Kurang baik / Baik / Sangat baik" for every element.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from bina.stakeholders.models import COMMENT_MAX, ELEMENT_CODES


@dataclass(frozen=True)
class Element:
    code: str
    name: StrOrPromise
    question: StrOrPromise


ELEMENTS: tuple[Element, ...] = (
    Element("U1", _("Persyaratan"), _(
        "Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?")),
    Element("U2", _("Sistem, mekanisme, dan prosedur"), _(
        "Bagaimana kemudahan prosedur pelayanan di unit ini?")),
    Element("U3", _("Waktu penyelesaian"), _(
        "Bagaimana kecepatan waktu dalam memberikan pelayanan?")),
    Element("U4", _("Biaya/tarif"), _(
        "Bagaimana kewajaran biaya/tarif dalam pelayanan? (Pilih “Sangat baik” bila gratis.)")),
    Element("U5", _("Produk spesifikasi jenis pelayanan"), _(
        "Bagaimana kesesuaian hasil pelayanan dengan yang tercantum dalam standar pelayanan?")),
    Element("U6", _("Kompetensi pelaksana"), _(
        "Bagaimana kemampuan petugas dalam memberikan pelayanan?")),
    Element("U7", _("Perilaku pelaksana"), _(
        "Bagaimana kesopanan dan keramahan petugas dalam memberikan pelayanan?")),
    Element("U8", _("Penanganan pengaduan, saran dan masukan"), _(
        "Bagaimana penanganan pengaduan, saran dan masukan di unit ini?")),
    Element("U9", _("Sarana dan prasarana"), _(
        "Bagaimana kualitas sarana dan prasarana pelayanan?")),
)
assert tuple(e.code for e in ELEMENTS) == ELEMENT_CODES

ANSWERS: tuple[tuple[int, Any], ...] = (
    (1, _("Tidak baik")),
    (2, _("Kurang baik")),
    (3, _("Baik")),
    (4, _("Sangat baik")),
)

TOKEN_SALT = "bina.stakeholders.survey"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE = 24 * 3600


def min_fill_seconds() -> float:
    return float(getattr(settings, "BINA_SURVEY_MIN_SECONDS", 3))


def form_token(unit_id: int, *, issued_at: float | None = None) -> str:
    """A signed (unit, time) stamp put in the form when it is shown."""
    return signing.dumps([unit_id, issued_at if issued_at is not None else time.time()],
                         salt=TOKEN_SALT)


def token_age(token: str, unit_id: int) -> float | None:
    """Seconds since the form was shown, or None for a forged, foreign or stale stamp."""
    try:
        value = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, list) or len(value) != 2 or value[0] != unit_id:
        return None
    return time.time() - float(value[1])


class SurveyForm(forms.Form):
    """Field checks are the service's (``survey_submit``), shared with the JSON API; the form
    only carries the values and shows the service's errors next to their fields."""

    u1 = forms.CharField(required=False)
    u2 = forms.CharField(required=False)
    u3 = forms.CharField(required=False)
    u4 = forms.CharField(required=False)
    u5 = forms.CharField(required=False)
    u6 = forms.CharField(required=False)
    u7 = forms.CharField(required=False)
    u8 = forms.CharField(required=False)
    u9 = forms.CharField(required=False)
    comment = forms.CharField(
        label=_("Saran dan masukan (boleh dikosongkan)"), required=False, strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX}),
    )
    file_complaint = forms.BooleanField(
        label=_("Saya juga ingin menyampaikan pengaduan kepada unit ini"), required=False)
    complaint_text = forms.CharField(
        label=_("Isi pengaduan"), required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX}),
    )
    contact_name = forms.CharField(label=_("Nama"), required=False, max_length=100)
    contact_phone = forms.CharField(label=_("Telepon/WA"), required=False, max_length=30,
                                    widget=forms.TextInput(attrs={"inputmode": "tel"}))
    contact_email = forms.EmailField(label=_("Surel"), required=False, max_length=120)
    # The honeypot: hidden from people (CSS, aria-hidden, tabindex -1), filled in by bots.
    website = forms.CharField(required=False, widget=forms.TextInput(
        attrs={"tabindex": "-1", "autocomplete": "off"}))
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def scores(self) -> dict[str, object]:
        return {code: self.cleaned_data.get(code.lower(), "") for code in ELEMENT_CODES}

    def elements(self) -> list[dict[str, Any]]:
        """What the template draws: each element with its question, answers and state."""
        data = self.data if self.is_bound else {}
        return [
            {
                "code": e.code, "name": e.name, "question": e.question,
                "field": e.code.lower(), "value": str(data.get(e.code.lower(), "")),
                "errors": self.errors.get(e.code.lower()) if self.is_bound else None,
                "answers": ANSWERS,
            }
            for e in ELEMENTS
        ]


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Kode lacak"), max_length=20)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Jawaban untuk masyarakat"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Jawaban ini dapat dibaca siapa pun yang memegang kode lacak."),
    )


IMPORT_MAX_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    """A file of paper-survey responses: the columns of ``bina ikm``."""

    file = forms.FileField(
        label=_("Berkas jawaban (.xlsx atau .csv)"),
        help_text=_("Kolom unit (kode unit layanan), date (TTTT-BB-HH) dan U1 … U9 (nilai 1–4), "
                    "urutan bebas; satu baris per responden."),
    )
    dry_run = forms.BooleanField(label=_("Periksa saja, jangan simpan"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (paling besar 20 MB)."))
        return upload
