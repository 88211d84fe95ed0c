"""Forms of the mentoring pages. The rules are offered in plain Indonesian."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bina.accounts.models import User
from bina.mentoring.models import (
    Mentee,
    Mentor,
    MentoringPair,
    MentoringProgramme,
    Seniority,
    SupervisorRule,
    UnitRule,
)
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


class _NipField(forms.CharField):
    def __init__(self, label: Any) -> None:
        super().__init__(label=label, max_length=18, min_length=18,
                         widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                       "autocomplete": "off",
                                                       "placeholder": "18 digit"}),
                         error_messages={"min_length": _("NIP terdiri atas 18 digit."),
                                         "max_length": _("NIP terdiri atas 18 digit.")})


class _ProgrammePeopleForm(forms.Form):
    """People of the programme entered by NIP (no list of every participant: a programme may
    have a thousand mentees). A NIP that is not a mentor/mentee of the programme is named in
    the error."""

    def __init__(self, *args: Any, programme: MentoringProgramme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme

    def _mentee(self, name: str, *, paired: bool) -> Mentee:
        nip = self.cleaned_data[name].strip()
        mentee = (Mentee.objects.filter(programme=self.programme, employee__nip=nip)
                  .select_related("employee").first())
        if mentee is None:
            raise forms.ValidationError(
                _("NIP %(nip)s bukan mentee program ini.") % {"nip": nip})
        if paired and not MentoringPair.objects.filter(mentee=mentee).exists():
            raise forms.ValidationError(
                _("%(name)s (NIP %(nip)s) belum berpasangan.")
                % {"name": mentee.employee.full_name, "nip": nip})
        return mentee


class SwapForm(_ProgrammePeopleForm):
    mentee_a = _NipField(label=_("NIP mentee pertama"))
    mentee_b = _NipField(label=_("NIP mentee kedua"))

    def clean_mentee_a(self) -> Mentee:
        return self._mentee("mentee_a", paired=True)

    def clean_mentee_b(self) -> Mentee:
        return self._mentee("mentee_b", paired=True)


class PairSetForm(_ProgrammePeopleForm):
    mentor = _NipField(label=_("NIP mentor"))
    mentee = _NipField(label=_("NIP mentee"))

    def clean_mentor(self) -> Mentor:
        nip = self.cleaned_data["mentor"].strip()
        mentor = (Mentor.objects.filter(programme=self.programme, employee__nip=nip)
                  .select_related("employee").first())
        if mentor is None:
            raise forms.ValidationError(
                _("NIP %(nip)s bukan mentor program ini.") % {"nip": nip})
        return mentor

    def clean_mentee(self) -> Mentee:
        return self._mentee("mentee", paired=False)


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=DATE)
    topic = forms.CharField(label=_("Topik"), max_length=250)
    actions = forms.CharField(label=_("Tindak lanjut yang disepakati"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
