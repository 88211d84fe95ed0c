"""Forms of the delivery pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bina.core.money import MoneyError, parse_rupiah
from bina.delivery.models import AttendanceStatus


class CodeForm(forms.Form):
    """A code typed by a person: the session's check-in code or a certificate's code."""

    code = forms.CharField(label=_("Kode"), max_length=24, strip=True, widget=forms.TextInput(
        attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
               "autofocus": True}))


class CheckInForm(CodeForm):
    code = forms.CharField(label=_("Kode sesi"), max_length=24, strip=True,
                           widget=forms.TextInput(attrs={
                               "autocomplete": "off", "autocapitalize": "characters",
                               "spellcheck": "false", "autofocus": True,
                               "placeholder": "ABC234", "inputmode": "text"}))


class VerifyForm(CodeForm):
    code = forms.CharField(label=_("Kode verifikasi sertifikat"), max_length=24, strip=True,
                           widget=forms.TextInput(attrs={
                               "autocomplete": "off", "autocapitalize": "characters",
                               "spellcheck": "false", "autofocus": True,
                               "placeholder": "K7M2XQ9PWA"}))


class MarkForm(forms.Form):
    session = forms.IntegerField()
    enrollment = forms.IntegerField()
    status = forms.ChoiceField(choices=AttendanceStatus.choices)


class NipForm(forms.Form):
    nip = forms.CharField(label=_("NIP pegawai"), max_length=18, min_length=18, strip=True)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas daftar hadir (.xlsx)"))


class CostForm(forms.Form):
    realised_cost = forms.CharField(label=_("Biaya realisasi"), required=False, max_length=40,
                                    help_text=_("misalnya Rp 12.500.000; kosongkan bila belum "
                                                "diketahui"))

    def clean_realised_cost(self) -> int | None:
        text: str = self.cleaned_data["realised_cost"]
        if not text.strip():
            return None
        try:
            return parse_rupiah(text)
        except MoneyError as exc:
            raise forms.ValidationError(
                exc.message_en if (get_language() or "id").startswith("en")
                else exc.message_id) from exc


class ScheduleForm(forms.Form):
    plan = forms.IntegerField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
