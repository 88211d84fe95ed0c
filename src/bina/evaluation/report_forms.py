"""Forms of the evaluation report pages: a follow-up action and its closing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.accounts.models import Role, User
from bina.evaluation.models import ActionStatus
from bina.org.models import Unit


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Rekomendasi"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Penanggung jawab"), queryset=User.objects.none(),
                                   required=False)
    owner_name = forms.CharField(label=_("Penanggung jawab (nama, bila tanpa akun)"),
                                 max_length=200, required=False)
    due_on = forms.DateField(label=_("Batas waktu"),
                             widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(),
                                  required=False)
    programme = forms.CharField(widget=forms.HiddenInput, required=False)
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = User.objects.filter(agency_id=user.agency_id or 0, is_active=True,
                                     role__in=[Role.ADMIN, Role.PLANNER, Role.OPERATOR,
                                               Role.LEADERSHIP]).order_by("username")
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        units = Unit.objects.filter(agency_id=user.agency_id or 0, valid_to__isnull=True)
        if user.role == Role.OPERATOR and user.unit is not None:
            units = units.filter(path__startswith=user.unit.path)
            self.fields["unit"].required = True
        self.fields["unit"].queryset = units.order_by("path")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("owner") and not (data.get("owner_name") or "").strip():
            raise forms.ValidationError(_("Isi penanggung jawab: pilih akun atau tulis nama."))
        return data


class CloseForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[
        (ActionStatus.DONE, _("Selesai")), (ActionStatus.DROPPED, _("Dibatalkan"))])
    note = forms.CharField(label=_("Catatan penyelesaian"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
