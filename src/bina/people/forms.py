from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.org.models import Position, PositionType, Unit
from bina.people.models import Employee, EmployeeStatus, Rating
from bina.reference.models import EducationLevel, EmploymentType, Grade


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
        ("performance", _("Predikat kinerja")),
    ]
    JOB_KINDS = {
        "employees": "people.import_employees",
        "development": "people.import_development",
        "performance": "needs.import_performance",
    }
    kind = forms.ChoiceField(label=_("Jenis data"), choices=KINDS, initial="employees")
    file = forms.FileField(label=_("Berkas Excel (.xlsx) atau CSV"))
    dry_run = forms.BooleanField(label=_("Hanya periksa, jangan simpan"), required=False)

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        name = f.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Berkas harus .xlsx atau .csv."))
        return f


class EmployeeEditForm(forms.Form):
    """What a planner or unit operator may correct on one employee; every change is audited."""

    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=_("Unit")
    )
    position: forms.ModelChoiceField[Position] = forms.ModelChoiceField(
        queryset=Position.objects.none(), label=_("Jabatan")
    )
    supervisor_nip = forms.CharField(label=_("NIP atasan langsung"), required=False,
                                     max_length=18)
    grade: forms.ModelChoiceField[Grade] = forms.ModelChoiceField(
        queryset=Grade.objects.all(), label=_("Golongan")
    )
    education: forms.ModelChoiceField[EducationLevel] = forms.ModelChoiceField(
        queryset=EducationLevel.objects.all(), label=_("Pendidikan")
    )
    education_major = forms.CharField(label=_("Jurusan"), required=False, max_length=120)
    status = forms.ChoiceField(label=_("Status"), choices=EmployeeStatus.choices)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Nomor HP"), required=False, max_length=20)
    target_position: forms.ModelChoiceField[Position] = forms.ModelChoiceField(
        queryset=Position.objects.none(), label=_("Jabatan sasaran (rencana karier)"),
        required=False,
    )
    target_note = forms.CharField(label=_("Catatan rencana karier"), required=False,
                                  max_length=200)

    def __init__(self, *args: Any, employee: Employee, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.employee = employee
        positions = Position.objects.filter(agency_id=employee.agency_id, valid_to__isnull=True)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["position"].queryset = positions  # type: ignore[attr-defined]
        self.fields["target_position"].queryset = positions  # type: ignore[attr-defined]
        self.fields["grade"].queryset = Grade.objects.filter(  # type: ignore[attr-defined]
            scheme="PPPK" if employee.employment_type == "PPPK" else "PNS")

    def clean_supervisor_nip(self) -> Employee | None:
        nip = (self.cleaned_data.get("supervisor_nip") or "").strip()
        if not nip:
            return None
        supervisor = Employee.objects.filter(agency_id=self.employee.agency_id, nip=nip).first()
        if supervisor is None:
            raise forms.ValidationError(_("Tidak ada pegawai dengan NIP ini di instansi."))
        if supervisor.pk == self.employee.pk:
            raise forms.ValidationError(_("Pegawai tidak dapat menjadi atasan dirinya sendiri."))
        return supervisor


class PerformanceForm(forms.Form):
    """One annual appraisal entered by hand; the predicate follows from the two ratings."""

    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    result_rating = forms.ChoiceField(label=_("Hasil kerja"), choices=Rating.choices)
    behaviour_rating = forms.ChoiceField(label=_("Perilaku kerja"), choices=Rating.choices)
