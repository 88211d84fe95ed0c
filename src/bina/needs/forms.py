"""Forms of the needs-analysis pages (labels are Indonesian msgids)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.org.models import Unit
from bina.reference.models import Competency

MAX_TAGS = 5
LEVEL_CHOICES = [(i, str(i)) for i in range(1, 6)]
IMPORTANCE_LABELS = [_("Sangat tidak penting"), _("Tidak penting"), _("Cukup penting"),
                     _("Penting"), _("Sangat penting")]
ABILITY_LABELS = [_("Sangat rendah"), _("Rendah"), _("Cukup"), _("Tinggi"), _("Sangat tinggi")]


class RoundCreateForm(forms.Form):
    code = forms.SlugField(label=_("Kode"), max_length=40,
                           help_text=_("Huruf kecil, angka, dan tanda hubung, mis. akpk-2027."))
    name = forms.CharField(label=_("Nama"), max_length=160)
    year = forms.IntegerField(label=_("Tahun rencana"), min_value=2000, max_value=2100)
    units: forms.ModelMultipleChoiceField[Unit] = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), required=False, label=_("Perangkat daerah"),
        help_text=_("Kosongkan untuk seluruh instansi."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    use_self_assessment = forms.BooleanField(label=_("Penilaian diri"), required=False,
                                             initial=True)
    use_supervisor_rating = forms.BooleanField(label=_("Penilaian atasan"), required=False,
                                               initial=True)
    use_borich = forms.BooleanField(label=_("Kuesioner kebutuhan (Borich)"), required=False,
                                    initial=True)
    due_date = forms.DateField(label=_("Batas waktu"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, units: Any, existing_codes: Iterable[str] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.existing_codes = set(existing_codes)

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if code in self.existing_codes:
            raise forms.ValidationError(_("Kode ini sudah dipakai putaran lain."))
        return code

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if not (data.get("use_self_assessment") or data.get("use_supervisor_rating")
                or data.get("use_borich")):
            raise forms.ValidationError(_("Pilih sekurang-kurangnya satu instrumen."))
        return data


class InterviewForm(forms.Form):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        queryset=Unit.objects.none(), required=False, label=_("Unit (opsional)"))
    group = forms.CharField(label=_("Kelompok/narasumber"), max_length=200)
    held_on = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    interviewer = forms.CharField(label=_("Pewawancara"), max_length=120)
    problems = forms.CharField(label=_("Masalah yang disampaikan"),
                               widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, units: Any, competencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["unit"].empty_label = _("Seluruh instansi")  # type: ignore[attr-defined]
        for i in range(1, MAX_TAGS + 1):
            self.fields[f"tag{i}_competency"] = forms.ModelChoiceField(
                queryset=competencies, required=False, label=_("Kompetensi"), empty_label="—",
                widget=forms.Select(attrs={"aria-label": f"{_('Kompetensi')} {i}"}))
            self.fields[f"tag{i}_theme"] = forms.CharField(
                max_length=80, required=False, label=_("Tema"),
                widget=forms.TextInput(attrs={"aria-label": f"{_('Tema')} {i}"}))
            self.fields[f"tag{i}_note"] = forms.CharField(
                max_length=300, required=False, label=_("Catatan"),
                widget=forms.TextInput(attrs={"aria-label": f"{_('Catatan')} {i}"}))

    def tag_rows(self) -> list[tuple[int, Any, Any, Any]]:
        return [(i, self[f"tag{i}_competency"], self[f"tag{i}_theme"], self[f"tag{i}_note"])
                for i in range(1, MAX_TAGS + 1)]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for i in range(1, MAX_TAGS + 1):
            if (data.get(f"tag{i}_theme") or data.get(f"tag{i}_note")) and not data.get(
                    f"tag{i}_competency"):
                self.add_error(f"tag{i}_competency",
                               _("Pilih kompetensi untuk tema atau catatan ini."))
        return data

    def tags(self) -> list[tuple[Competency, str, str]]:
        d = self.cleaned_data
        return [(d[f"tag{i}_competency"], d[f"tag{i}_theme"], d[f"tag{i}_note"])
                for i in range(1, MAX_TAGS + 1) if d.get(f"tag{i}_competency")]


@dataclass
class LevelOption:
    value: int
    label: str
    description: str = ""
    required: bool = False


@dataclass
class CompetencyItem:
    """One competency of a questionnaire with its bound fields and level descriptions."""

    competency: Competency
    required_level: int | None
    level: Any = None
    importance: Any = None
    ability: Any = None
    options: list[LevelOption] = field(default_factory=list)


def _radio(label: Any, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=LEVEL_CHOICES, coerce=int,
                                  required=required, widget=forms.RadioSelect,
                                  error_messages={"required": _("Pilih salah satu.")})


class AssessmentForm(forms.Form):
    """Levels 1–5 per competency (self or supervisor), optionally Borich's two ratings and the
    free text on hard tasks."""

    def __init__(self, *args: Any, competencies: Sequence[tuple[Competency, int | None]],
                 descriptions: dict[tuple[int, int], str], with_level: bool = True,
                 with_borich: bool = False, with_struggles: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        self.descriptions = descriptions
        self.with_level, self.with_borich = with_level, with_borich
        for competency, _required in self.competencies:
            cid = competency.pk
            if with_level:
                self.fields[f"level_{cid}"] = _radio(_("Level kompetensi"))
            if with_borich:
                self.fields[f"importance_{cid}"] = _radio(_("Kepentingan bagi pekerjaan Anda"))
                self.fields[f"ability_{cid}"] = _radio(_("Kemampuan Anda saat ini"))
        if with_struggles:
            self.fields["struggles"] = forms.CharField(
                label=_("Tugas yang sulit Anda kerjakan"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 4}))

    def items(self) -> list[CompetencyItem]:
        rows = []
        for competency, required in self.competencies:
            cid = competency.pk
            item = CompetencyItem(competency, required)
            if self.with_level:
                item.level = self[f"level_{cid}"]
                item.options = [
                    LevelOption(i, str(i), self.descriptions.get((cid, i), ""), i == required)
                    for i in range(1, 6)]
            if self.with_borich:
                item.importance = self[f"importance_{cid}"]
                item.ability = self[f"ability_{cid}"]
            rows.append(item)
        return rows

    def value(self, kind: str, competency: Competency) -> int | None:
        found = self.cleaned_data.get(f"{kind}_{competency.pk}")
        return None if found is None or found == "" else int(found)


class ResponsesUploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas jawaban (.xlsx atau .csv)"))
    dry_run = forms.BooleanField(label=_("Hanya periksa, jangan simpan"), required=False)

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Berkas harus .xlsx atau .csv."))
        return f
