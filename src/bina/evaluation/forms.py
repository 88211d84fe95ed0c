"""Forms of the reaction and learning pages: the participant's feedback, the built-in test
(taking it, and the planner's questions) and the score sheet upload."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.delivery.models import ActivitySpeaker
from bina.evaluation.models import LIKERT_MAX, Feedback, QuizQuestion
from bina.evaluation.services import LIKERT_ITEMS

LIKERT_WORDS = {1: _("Sangat kurang"), 2: _("Kurang"), 3: _("Cukup"), 4: _("Baik"),
                5: _("Sangat baik")}
LIKERT_CHOICES = [(str(v), f"{v} · {LIKERT_WORDS[v]}") for v in range(1, LIKERT_MAX + 1)]


def _likert_field(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=LIKERT_CHOICES, coerce=int,
                                  widget=forms.RadioSelect(attrs={"class": "likert"}))


class FeedbackForm(forms.Form):
    """The five Likert items, one rating per resource person, and two free texts."""

    will_apply = forms.CharField(
        label=_("Apa yang akan Anda terapkan di tempat kerja?"), required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    comment = forms.CharField(label=_("Saran untuk penyelenggara"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, speakers: Sequence[ActivitySpeaker] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items: dict[str, forms.Field] = {}
        for item in LIKERT_ITEMS:
            label = str(Feedback._meta.get_field(item).verbose_name)  # type: ignore[union-attr]
            items[item] = _likert_field(label[:1].upper() + label[1:])
        self.speaker_fields: list[tuple[str, ActivitySpeaker]] = []
        for s in speakers:
            name = f"speaker_{s.person_id}"
            items[name] = _likert_field(s.person.name)
            self.speaker_fields.append((name, s))
        self.fields = {**items, **self.fields}

    def likert_items(self) -> list[forms.BoundField]:
        return [self[item] for item in LIKERT_ITEMS]

    def speaker_items(self) -> list[tuple[forms.BoundField, ActivitySpeaker]]:
        return [(self[name], s) for name, s in self.speaker_fields]

    def answers(self) -> dict[str, int]:
        return {item: int(self.cleaned_data[item]) for item in LIKERT_ITEMS}

    def speaker_scores(self) -> dict[int, int]:
        return {s.person_id: int(self.cleaned_data[name]) for name, s in self.speaker_fields}


class QuizTakeForm(forms.Form):
    """One radio group per question (``q_<number>``), the options in the order written."""

    def __init__(self, *args: Any, questions: Sequence[QuizQuestion] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[f"q_{q.number}"] = forms.TypedChoiceField(
                label=f"{q.number}. {q.text}", coerce=int,
                widget=forms.RadioSelect(attrs={"class": "quiz-options"}),
                choices=[(str(i), option) for i, option in enumerate(q.options)],
                error_messages={"required": _("Pilih satu jawaban.")})

    def answers(self) -> dict[int, int]:
        return {q.number: int(self.cleaned_data[f"q_{q.number}"]) for q in self.questions}


class QuizTitleForm(forms.Form):
    title = forms.CharField(label=_("Judul tes"), max_length=200)


class QuizQuestionForm(forms.Form):
    text = forms.CharField(label=_("Pertanyaan"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    options = forms.CharField(
        label=_("Pilihan jawaban"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("satu pilihan per baris, 2–6 pilihan"))
    correct = forms.IntegerField(label=_("Nomor jawaban benar"), min_value=1, max_value=6,
                                 help_text=_("urutan pilihan yang benar: 1 untuk baris pertama"))

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines()
                if line.strip()]


class ScoresUploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas nilai (.xlsx)"))


class MaxScoreForm(forms.Form):
    max_score = forms.DecimalField(label=_("Nilai maksimum"), min_value=Decimal("0.01"),
                                   max_value=Decimal(1000), decimal_places=2, max_digits=6)
