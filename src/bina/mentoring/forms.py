"""Forms of the mentoring pages. The rules are offered in plain Indonesian."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bina.accounts.models import User
from bina.mentoring.models import Seniority, SupervisorRule, UnitRule
from bina.org.models import Agency
from bina.people.models import Employee
from bina.reference.models import Competency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

SENIORITY_WORDS = [
    (Seniority.EITHER, _("Golongan ATAU jenjang jabatan mentor lebih tinggi")),
    (Seniority.GOLONGAN, _("Golongan mentor lebih tinggi")),
    (Seniority.POSITION, _("Jenjang jabatan mentor lebih tinggi")),
    (Seniority.BOTH, _("Golongan DAN jenjang jabatan mentor lebih tinggi")),
]
UNIT_WORDS = [
    (UnitRule.ANY, _("Mentor boleh dari unit mana saja")),
    (UnitRule.SAME, _("Mentor harus dari unit yang sama dengan mentee")),
    (UnitRule.DIFFERENT, _("Mentor harus dari unit lain (pandangan dari luar unit)")),
]
SUPERVISOR_WORDS = [
    (SupervisorRule.ALLOWED, _("Atasan langsung boleh menjadi mentor")),
    (SupervisorRule.EXCLUDED, _("Atasan langsung tidak boleh menjadi mentor")),
    (SupervisorRule.REQUIRED, _("Mentor harus atasan langsung (seperti Latsar CPNS)")),
]


class CompetencyChoiceField(forms.ModelMultipleChoiceField[Competency]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.name}"


class ProgrammeForm(forms.Form):
    code = forms.CharField(label=_("Kode"), max_length=30,
                           help_text=_("Singkat dan unik, mis. MENTOR-2026."))
    name = forms.CharField(label=_("Nama program"), max_length=200)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    start_date = forms.DateField(label=_("Mulai"), widget=DATE)
    end_date = forms.DateField(label=_("Selesai"), widget=DATE)
    competencies = CompetencyChoiceField(
        label=_("Kompetensi yang dibina"), queryset=Competency.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Mentor harus berlevel sama atau di atas level yang disyaratkan jabatan "
                    "mentee pada kompetensi ini. Tahan Ctrl untuk memilih lebih dari satu."))
    seniority = forms.ChoiceField(label=_("Mentor lebih senior bila"), choices=SENIORITY_WORDS,
                                  widget=forms.RadioSelect, initial=Seniority.EITHER)
    min_rank_gap = forms.IntegerField(
        label=_("Selisih tingkat minimal"), min_value=0, max_value=10, initial=1,
        help_text=_("Berapa tingkat golongan/jenjang di atas mentee; 1 = cukup satu tingkat "
                    "di atasnya."))
    unit_rule = forms.ChoiceField(label=_("Unit kerja"), choices=UNIT_WORDS,
                                  widget=forms.RadioSelect, initial=UnitRule.ANY)
    same_field = forms.BooleanField(
        label=_("Mentor harus dari bidang yang sama"), required=False,
        help_text=_("Tanpa centang, bidang yang sama tetap diberi nilai tambah."))
    supervisor_rule = forms.ChoiceField(label=_("Atasan langsung"), choices=SUPERVISOR_WORDS,
                                        widget=forms.RadioSelect,
                                        initial=SupervisorRule.ALLOWED)
    default_capacity = forms.IntegerField(
        label=_("Mentee per mentor"), min_value=1, max_value=20, initial=3,
        help_text=_("Paling banyak mentee yang dibina seorang mentor (dapat diubah per mentor)."))
    coordinator = forms.ModelChoiceField(label=_("Koordinator"), queryset=User.objects.none(),
                                         required=False,
                                         help_text=_("Akun yang mengelola pasangan program ini."))

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["start_date"].initial = dt.date(today.year, 1, 1)
        self.fields["end_date"].initial = dt.date(today.year, 12, 31)
        competencies = self.fields["competencies"]
        assert isinstance(competencies, forms.ModelMultipleChoiceField)
        competencies.queryset = Competency.objects.filter(
            Q(agency__isnull=True) | Q(agency=agency)).order_by("kind", "code")
        coordinator = self.fields["coordinator"]
        assert isinstance(coordinator, forms.ModelChoiceField)
        coordinator.queryset = User.objects.filter(agency=agency, is_active=True).order_by(
            "username")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai sebelum tanggal mulai."))
        return data


class ParticipantsForm(forms.Form):
    role = forms.ChoiceField(label=_("Tambahkan sebagai"),
                             choices=[("mentor", _("Mentor")), ("mentee", _("Mentee"))])
    nips = forms.CharField(label=_("NIP"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Satu NIP per baris (atau dipisah koma)."))
    capacity = forms.IntegerField(label=_("Kapasitas (mentor)"), min_value=1, max_value=20,
                                  required=False,
                                  help_text=_("Kosongkan untuk kapasitas bawaan program."))

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency

    def clean_nips(self) -> list[Employee]:
        raw = self.cleaned_data["nips"].replace(",", "\n").split()
        nips = list(dict.fromkeys(n.strip() for n in raw if n.strip()))
        found = {e.nip: e for e in Employee.objects.filter(agency=self.agency, nip__in=nips)}
        missing = [n for n in nips if n not in found]
        if missing:
            raise forms.ValidationError(
                _("NIP tidak ditemukan di instansi ini: %(nips)s") % {"nips": ", ".join(missing)})
        return [found[n] for n in nips]


class PersonChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.employee.full_name} · {obj.employee.unit.name}"


class SwapForm(forms.Form):
    mentee_a = PersonChoiceField(label=_("Mentee pertama"), queryset=None)
    mentee_b = PersonChoiceField(label=_("Mentee kedua"), queryset=None)

    def __init__(self, *args: Any, mentees: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("mentee_a", "mentee_b"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = mentees


class PairSetForm(forms.Form):
    mentor = PersonChoiceField(label=_("Mentor"), queryset=None)
    mentee = PersonChoiceField(label=_("Mentee"), queryset=None)

    def __init__(self, *args: Any, mentors: QuerySet[Any], mentees: QuerySet[Any],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentor = self.fields["mentor"]
        mentee = self.fields["mentee"]
        assert isinstance(mentor, forms.ModelChoiceField)
        assert isinstance(mentee, forms.ModelChoiceField)
        mentor.queryset = mentors
        mentee.queryset = mentees


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=DATE)
    topic = forms.CharField(label=_("Topik"), max_length=250)
    actions = forms.CharField(label=_("Tindak lanjut yang disepakati"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
