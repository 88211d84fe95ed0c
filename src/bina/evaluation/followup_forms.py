"""Forms of the behaviour follow-up: per targeted competency the level now shown at work and
how much is applied (1–5 each), and an example of applying it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.evaluation.followup import RatingInput
from bina.evaluation.models import FollowUpRating

APPLIED_WORDS = [
    (1, _("1 – belum diterapkan")),
    (2, _("2 – sedikit")),
    (3, _("3 – sebagian")),
    (4, _("4 – sebagian besar")),
    (5, _("5 – sepenuhnya dan rutin")),
]


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("Contoh penerapan di tempat kerja"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Satu atau dua contoh nyata: apa yang dilakukan berbeda sejak pelatihan."))

    def __init__(self, *args: Any, ratings: list[FollowUpRating],
                 levels: dict[int, list[tuple[int, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rating_rows = ratings
        for row in ratings:
            described = levels.get(row.competency_id) or [(n, "") for n in range(1, 6)]
            self.fields[f"level_{row.competency_id}"] = forms.TypedChoiceField(
                label=_("Level yang kini ditunjukkan"), coerce=int,
                choices=[(n, f"{n}" + (f" – {text}" if text else "")) for n, text in described],
                widget=forms.RadioSelect)
            self.fields[f"applied_{row.competency_id}"] = forms.TypedChoiceField(
                label=_("Seberapa diterapkan"), coerce=int, choices=APPLIED_WORDS,
                widget=forms.RadioSelect)

    def competency_fields(self) -> list[tuple[FollowUpRating, forms.BoundField,
                                              forms.BoundField]]:
        return [(row, self[f"level_{row.competency_id}"], self[f"applied_{row.competency_id}"])
                for row in self.rating_rows]

    def ratings(self) -> list[RatingInput]:
        return [RatingInput(row.competency_id, self.cleaned_data[f"level_{row.competency_id}"],
                            self.cleaned_data[f"applied_{row.competency_id}"])
                for row in self.rating_rows]
