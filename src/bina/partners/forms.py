"""Forms of the partners app (validation of shape only; the rules are in the services)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.delivery.models import AttendanceStatus
from bina.org.models import Organisation
from bina.partners.models import (
    Agreement,
    AgreementKind,
    OfferKind,
    Partner,
    SemesterStatus,
    StudyKind,
    StudyLevel,
)
from bina.people.models import Employee
from bina.plan.models import Programme
from bina.reference.models import DevelopmentPath

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisasi"),
                                          queryset=Organisation.objects.none())
    since = forms.DateField(label=_("Mitra sejak"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (Organisation.objects.filter(agency_id=agency_id, partner__isnull=True)
                          .exclude(kind="instansi_sendiri").order_by("name"))


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=160)
    role = forms.CharField(label=_("Jabatan/peran"), max_length=160, required=False)
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)


class AccountForm(forms.Form):
    username = forms.RegexField(label=_("Nama pengguna"), max_length=150,
                                regex=r"^[a-zA-Z0-9._-]+$",
                                help_text=_("Contoh: mitra.ung (huruf, angka, titik)."))
    name = forms.CharField(label=_("Nama pemegang akun"), max_length=150, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=AgreementKind.choices)
    number = forms.CharField(label=_("Nomor"), max_length=100)
    scope = forms.CharField(label=_("Ruang lingkup"), widget=forms.Textarea(attrs={"rows": 2}))
    start_date = forms.DateField(label=_("Berlaku sejak"), widget=DATE)
    end_date = forms.DateField(label=_("Berlaku sampai"), widget=DATE)
    quota_degree = forms.IntegerField(label=_("Kuota tugas belajar"), min_value=0,
                                      required=False)
    quota_permit = forms.IntegerField(label=_("Kuota izin belajar"), min_value=0,
                                      required=False)
    quota_training = forms.IntegerField(label=_("Kuota pelatihan"), min_value=0,
                                        required=False)
    document = forms.FileField(label=_("Dokumen (PDF)"), required=False)

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document is not None and document.size > DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(_("Dokumen paling besar 10 MB."))
        if document is not None and not document.name.lower().endswith(".pdf"):
            raise forms.ValidationError(_("Dokumen harus berkas PDF."))
        return document

    def quotas(self) -> dict[str, int]:
        d = self.cleaned_data
        return {StudyKind.DEGREE_STUDY: d.get("quota_degree") or 0,
                StudyKind.STUDY_PERMIT: d.get("quota_permit") or 0,
                "pelatihan": d.get("quota_training") or 0}


class OfferForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Mitra"), queryset=Partner.objects.none())
    kind = forms.ChoiceField(label=_("Jenis tawaran"), choices=OfferKind.choices)
    name = forms.CharField(label=_("Nama program"), max_length=200)
    path = forms.ModelChoiceField(label=_("Jalur"), queryset=DevelopmentPath.objects.none())
    jp = forms.DecimalField(label=_("JP"), min_value=Decimal(0), max_digits=6, decimal_places=1)
    seats_per_class = forms.IntegerField(label=_("Kursi per kelas"), min_value=1)
    cost_per_participant = forms.IntegerField(label=_("Biaya per peserta (Rp)"), min_value=0,
                                              initial=0)
    description = forms.CharField(label=_("Uraian"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partner = self.fields["partner"]
        path = self.fields["path"]
        assert isinstance(partner, forms.ModelChoiceField)
        assert isinstance(path, forms.ModelChoiceField)
        partner.queryset = partners
        if partners.count() == 1:
            partner.initial = partners.first()
            partner.widget = forms.HiddenInput()
        path.queryset = DevelopmentPath.objects.order_by("code")


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), choices=[
        ("accept", _("Terima ke katalog")), ("reject", _("Tolak"))])
    code = forms.CharField(label=_("Kode program katalog"), max_length=30, required=False)
    reason = forms.CharField(label=_("Alasan penolakan"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "accept" and not data.get("code"):
            self.add_error("code", _("Kode program katalog wajib diisi."))
        if data.get("decision") == "reject" and not data.get("reason"):
            self.add_error("reason", _("Alasan penolakan wajib diisi."))
        return data


class ClassForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Program"), queryset=Programme.objects.none())
    start_date = forms.DateField(label=_("Tanggal mulai"), widget=DATE)
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    seats = forms.IntegerField(label=_("Kursi"), min_value=1, required=False)
    is_online = forms.BooleanField(label=_("Daring"), required=False)

    def __init__(self, *args: Any, programmes: list[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Programme.objects.filter(pk__in=[p.pk for p in programmes])


class AttendanceForm(forms.Form):
    session = forms.IntegerField(widget=forms.HiddenInput())
    enrollment = forms.IntegerField(widget=forms.HiddenInput())
    status = forms.ChoiceField(label=_("Kehadiran"), choices=AttendanceStatus.choices)


class StudyForm(forms.Form):
    employee_nip = forms.CharField(label=_("NIP pegawai"), max_length=18)
    partner = forms.ModelChoiceField(label=_("Perguruan tinggi"),
                                     queryset=Partner.objects.none())
    agreement = forms.ModelChoiceField(label=_("Perjanjian (kuota)"), required=False,
                                       queryset=Agreement.objects.none())
    kind = forms.ChoiceField(label=_("Jenis"), choices=StudyKind.choices)
    level = forms.ChoiceField(label=_("Jenjang"), choices=StudyLevel.choices)
    study_programme = forms.CharField(label=_("Program studi"), max_length=200)
    start_date = forms.DateField(label=_("Mulai"), widget=DATE)
    expected_end = forms.DateField(label=_("Perkiraan selesai"), widget=DATE)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency_id = agency_id
        partner = self.fields["partner"]
        agreement = self.fields["agreement"]
        assert isinstance(partner, forms.ModelChoiceField)
        assert isinstance(agreement, forms.ModelChoiceField)
        partner.queryset = Partner.objects.filter(agency_id=agency_id).select_related(
            "organisation")
        agreement.queryset = Agreement.objects.filter(
            partner__agency_id=agency_id).select_related("partner__organisation")

    def clean_employee_nip(self) -> Employee:
        nip = self.cleaned_data["employee_nip"].strip()
        found = Employee.objects.filter(agency_id=self.agency_id, nip=nip).first()
        if found is None:
            raise forms.ValidationError(_("Pegawai dengan NIP %(nip)s tidak ditemukan.")
                                        % {"nip": nip})
        return found


class SemesterForm(forms.Form):
    number = forms.IntegerField(label=_("Semester ke"), min_value=1, max_value=16)
    status = forms.ChoiceField(label=_("Status"), choices=SemesterStatus.choices)
    gpa = forms.DecimalField(label=_("IP semester"), required=False, min_value=Decimal(0),
                             max_value=Decimal(4), max_digits=3, decimal_places=2)


class ReturnForm(forms.Form):
    day = forms.DateField(label=_("Tanggal kembali bertugas"), widget=DATE)
    graduated = forms.BooleanField(label=_("Lulus"), required=False, initial=True)
