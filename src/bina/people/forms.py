from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.org.models import PositionType, Unit
from bina.reference.models import EmploymentType, Grade


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Nama, NIP, atau jabatan"), required=False)
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=_("Unit"), required=False
    )
    jenis = forms.ChoiceField(label=_("Jenis jabatan"), required=False,
                              choices=[("", _("Semua")), *PositionType.choices])
    golongan = forms.ModelChoiceField(queryset=Grade.objects.all(), label=_("Golongan"),
                                      required=False)
    status = forms.ChoiceField(label=_("Status ASN"), required=False,
                               choices=[("", _("Semua")), *EmploymentType.choices])

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["unit"].empty_label = _("Semua")  # type: ignore[attr-defined]
        self.fields["golongan"].empty_label = _("Semua")  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    KINDS = [
        ("employees", _("Data pegawai")),
        ("development", _("Riwayat pengembangan kompetensi")),
    ]
    kind = forms.ChoiceField(label=_("Jenis data"), choices=KINDS, initial="employees")
    file = forms.FileField(label=_("Berkas Excel (.xlsx) atau CSV"))
    dry_run = forms.BooleanField(label=_("Hanya periksa, jangan simpan"), required=False)

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        name = f.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Berkas harus .xlsx atau .csv."))
        return f
