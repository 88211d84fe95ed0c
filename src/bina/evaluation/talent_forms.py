"""Forms of the talent pages: one potential assessment entered by a planner, and the Excel
import of potential assessments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bina.core.ninebox import Potential
from bina.evaluation.models import PotentialSource
from bina.org.models import Agency
from bina.people.models import Employee

POTENTIAL_WORDS = [(Potential.HIGH.value, _("Tinggi")), (Potential.MEDIUM.value, _("Menengah")),
                   (Potential.LOW.value, _("Rendah"))]


class PotentialForm(forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=18)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    potential = forms.ChoiceField(label=_("Potensi"), choices=POTENTIAL_WORDS,
                                  widget=forms.RadioSelect)
    score = forms.DecimalField(label=_("Skor (opsional)"), min_value=0, max_value=100,
                               max_digits=6, decimal_places=2, required=False)
    source = forms.ChoiceField(label=_("Sumber"), choices=PotentialSource.choices,
                               initial=PotentialSource.ASSESSMENT_CENTRE)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["year"].initial = timezone.localdate().year

    def clean_nip(self) -> Employee:
        nip = self.cleaned_data["nip"].strip()
        employee = Employee.objects.filter(agency=self.agency, nip=nip).first()
        if employee is None:
            raise forms.ValidationError(_("NIP tidak ditemukan di instansi ini."))
        return employee


class PotentialImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas Excel (.xlsx)"),
                           help_text=_("Kolom NIP, TAHUN, POTENSI (rendah/sedang/tinggi) atau "
                                       "SKOR (0–100), SUMBER (asesmen/talenta/impor). Semua "
                                       "baris harus benar; bila ada satu kesalahan tidak ada "
                                       "yang disimpan."))
