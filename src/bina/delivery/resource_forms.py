"""Forms of the resource-person pages (labels are Indonesian msgids). The forms only read and
check the input; the writes go through :mod:`bina.delivery.resources`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from bina.delivery.models import DeliverySettings, ResourceKind, ResourcePerson, SpeakerRole
from bina.org.models import Organisation
from bina.reference.models import Competency

EXPERTISE_ROWS = 8
LEVEL_CHOICES = [("", "—"), *[(str(i), str(i)) for i in range(1, 6)]]


def competencies_for(agency_id: int) -> QuerySet[Competency]:
    return Competency.objects.filter(Q(agency__isnull=True) | Q(agency_id=agency_id)
                                     ).order_by("kind", "code")


class ResourcePersonForm(forms.Form):
    name = forms.CharField(label=_("Nama lengkap dan gelar"), max_length=160)
    kind = forms.ChoiceField(label=_("Jenis"), choices=ResourceKind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Instansi asal (terdaftar)"), queryset=Organisation.objects.none(),
        required=False, empty_label=_("— tidak terdaftar —"))
    home_agency = forms.CharField(
        label=_("Nama instansi asal"), max_length=200, required=False,
        help_text=_("Bila instansi asal belum terdaftar sebagai organisasi mitra."))
    position_title = forms.CharField(label=_("Jabatan"), max_length=200, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False)
    evidence = forms.CharField(
        label=_("Bukti praktik baik"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mengapa diundang: inovasi, penghargaan, layanan publik yang baik."))
    evidence_url = forms.URLField(label=_("Tautan bukti"), required=False,
                                    assume_scheme="https")
    evidence_ikm = forms.CharField(
        label=_("IKM unit asal"), required=False, max_length=8,
        help_text=_("Indeks kepuasan masyarakat unit asal (25–100), misalnya 86,4."))
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["organisation"]
        assert isinstance(org, forms.ModelChoiceField)
        org.queryset = Organisation.objects.filter(agency_id=agency_id).order_by("name")
        choices = [("", _("— pilih kompetensi —"))] + [
            (str(c.pk), f"{c.code} {c.name}") for c in competencies_for(agency_id)]
        for i in range(EXPERTISE_ROWS):
            self.fields[f"competency_{i}"] = forms.ChoiceField(
                label=_("Kompetensi"), choices=choices, required=False)
            self.fields[f"level_{i}"] = forms.ChoiceField(
                label=_("Level"), choices=LEVEL_CHOICES, required=False)

    def expertise_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"competency_{i}"], self[f"level_{i}"]) for i in range(EXPERTISE_ROWS)]

    def clean_evidence_ikm(self) -> Decimal | None:
        text = str(self.cleaned_data.get("evidence_ikm") or "").strip()
        if not text:
            return None
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation as exc:
            raise forms.ValidationError(_("Tulis IKM sebagai angka, misalnya 86,4.")) from exc
        if not value.is_finite() or not 0 <= value <= 100:
            raise forms.ValidationError(_("IKM harus antara 0 dan 100."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        levels: dict[int, int] = {}
        for i in range(EXPERTISE_ROWS):
            comp, level = data.get(f"competency_{i}"), data.get(f"level_{i}")
            if comp and not level:
                self.add_error(f"level_{i}", _("Pilih level 1–5."))
            elif comp:
                if int(str(comp)) in levels:
                    self.add_error(f"competency_{i}", _("Kompetensi ini sudah dipilih."))
                levels[int(str(comp))] = int(str(level))
        data["levels"] = levels
        if not data.get("organisation") and not str(data.get("home_agency") or "").strip():
            self.add_error("home_agency", _("Isi instansi asal atau pilih organisasi terdaftar."))
        return data

    @staticmethod
    def initial_for(person: ResourcePerson) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": person.name, "kind": person.kind, "organisation": person.organisation_id,
            "home_agency": person.home_agency, "position_title": person.position_title,
            "email": person.email, "phone": person.phone, "evidence": person.evidence,
            "evidence_url": person.evidence_url, "is_active": person.is_active,
            "evidence_ikm": (f"{person.evidence_ikm}".replace(".", ",")
                             if person.evidence_ikm is not None else ""),
        }
        for i, e in enumerate(person.expertise.order_by("competency__code")[:EXPERTISE_ROWS]):
            initial[f"competency_{i}"] = str(e.competency_id)
            initial[f"level_{i}"] = str(e.level)
        return initial

    def person_fields(self) -> dict[str, Any]:
        keys = ("name", "kind", "organisation", "home_agency", "position_title", "email",
                "phone", "evidence", "evidence_url", "evidence_ikm", "is_active")
        return {k: self.cleaned_data.get(k) for k in keys}


class SpeakerForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Narasumber"), queryset=ResourcePerson.objects.none(),
                                    empty_label=_("— pilih narasumber —"))
    role = forms.ChoiceField(label=_("Peran"), choices=SpeakerRole.choices)
    topic = forms.CharField(label=_("Materi"), max_length=250, required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ResourcePerson.objects.filter(agency_id=agency_id, is_active=True)


class DeliverySettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DeliverySettings
        fields = ["letterhead", "city", "signer_title", "signer_name", "signer_nip",
                  "max_away_share"]
        widgets = {"letterhead": forms.Textarea(attrs={"rows": 4})}
