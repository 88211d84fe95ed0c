"""Forms of the ledger pages: a recognition rule, an outside activity, a decision."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bina.ledger.models import JpRule
from bina.ledger.services import RULE_FIELDS, LedgerError, check_certificate_file
from bina.reference.models import DevelopmentPath


def lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


class JpRuleForm(forms.ModelForm):  # type: ignore[type-arg]
    """One rule; the values are checked again by ``bina.core.jp_rules`` in the service."""

    class Meta:
        model = JpRule
        fields = list(RULE_FIELDS)
        widgets = {"source": forms.Textarea(attrs={"rows": 2})}


DATE_PATTERN = re.compile(r"[\s,;]+")


def parse_dates(text: str) -> tuple[dt.date, ...]:
    """Dates written as 2026-03-05 or 05-03-2026 (or 05/03/2026), separated by commas, spaces
    or new lines."""
    out = []
    for part in DATE_PATTERN.split(text.strip()):
        if not part:
            continue
        value = part.replace("/", "-")
        try:
            if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value):
                out.append(dt.date.fromisoformat(
                    "-".join(f"{int(x):02d}" if i else x for i, x in enumerate(value.split("-")))))
            elif re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}", value):
                d, m, y = (int(x) for x in value.split("-"))
                out.append(dt.date(y, m, d))
            else:
                raise ValueError(value)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Tanggal sesi %(value)s tidak dikenali; tulis seperti 05-03-2026."),
                params={"value": part}) from exc
    return tuple(out)


def _path_label(path: DevelopmentPath) -> str:
    return f"{path.code} · {path.name}"


class ExternalActivityForm(forms.Form):
    title = forms.CharField(label=_("Nama kegiatan"), max_length=250)
    path = forms.ModelChoiceField(label=_("Jalur"), queryset=DevelopmentPath.objects.none())
    provider_name = forms.CharField(label=_("Penyelenggara"), max_length=200)
    start_date = forms.DateField(label=_("Tanggal mulai"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Tanggal selesai"),
                               widget=forms.DateInput(attrs={"type": "date"}))
    programme_jp = forms.DecimalField(
        label=_("JP program"), min_value=0, max_digits=6, decimal_places=1, required=False,
        help_text=_("JP yang tertulis pada sertifikat atau jadwal kegiatan"))
    session_dates = forms.CharField(
        label=_("Tanggal sesi"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "05-03-2026, 19-03-2026"}),
        help_text=_("untuk coaching dan mentoring: tanggal tiap sesi (paling banyak 2 sesi "
                    "sebulan diakui)"))
    is_international = forms.BooleanField(label=_("Di luar negeri"), required=False)
    certificate_number = forms.CharField(label=_("Nomor sertifikat"), max_length=100)
    certificate_file = forms.FileField(
        label=_("Berkas sertifikat"),
        help_text=_("PDF, JPG atau PNG, paling besar 5 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def __init__(self, *args: Any, session_paths: frozenset[str] = frozenset(),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_paths = session_paths
        path_field = self.fields["path"]
        assert isinstance(path_field, forms.ModelChoiceField)
        path_field.queryset = DevelopmentPath.objects.order_by("code")
        path_field.label_from_instance = _path_label  # type: ignore[method-assign,assignment]

    def clean_certificate_file(self) -> Any:
        upload = self.cleaned_data.get("certificate_file")
        if upload is not None:
            try:
                check_certificate_file(upload)
            except LedgerError as exc:
                raise forms.ValidationError(exc.text(lang())) from exc
        return upload

    def clean_session_dates(self) -> tuple[dt.date, ...]:
        return parse_dates(self.cleaned_data.get("session_dates") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        path = data.get("path")
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai sebelum tanggal mulai."))
        if path is not None and path.code in self.session_paths \
                and not data.get("session_dates") and not data.get("is_international"):
            self.add_error("session_dates", _("Jalur ini diakui per sesi: tuliskan tanggal "
                                              "tiap sesi."))
        if data.get("programme_jp") is None:
            data["programme_jp"] = 0
        return data


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False,
                           widget=forms.TextInput())
