"""Forms of the annual plan pages (labels are Indonesian msgids).

The budget is typed the way planners write it ("Rp 5.500.000.000", "5,5 M", "5,5 miliar",
"5500 juta") and read with :func:`bina.core.money.parse_rupiah`; an ambiguous or invalid
amount is refused with the reason and a correct example, in the page's language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bina.core.money import MoneyError, parse_rupiah
from bina.needs.models import NeedsRound

BUDGET_PLACEHOLDER = "Rp 5.500.000.000 · 5,5 M · 5.500 juta"


def lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def budget_of(text: str) -> int:
    """The rupiah in ``text``; :class:`forms.ValidationError` (in the page's language) when it
    is empty, ambiguous, invalid or zero."""
    try:
        amount = parse_rupiah(text)
    except MoneyError as exc:
        raise forms.ValidationError(exc.message_en if lang() == "en" else exc.message_id
                                    ) from exc
    if amount <= 0:
        raise forms.ValidationError(_("Anggaran harus lebih dari Rp 0."))
    return amount


class BudgetField(forms.CharField):
    """A rupiah amount as typed; ``clean`` gives the whole rupiah (int)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": BUDGET_PLACEHOLDER, "autocomplete": "off",
                                  "inputmode": "text", "data-budget": "1"})

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        return budget_of(text)


class PlanBuildForm(forms.Form):
    needs_round = forms.ModelChoiceField(
        queryset=NeedsRound.objects.none(), label=_("Putaran analisis kebutuhan"),
        empty_label=None,
        help_text=_("Hanya putaran yang sudah ditutup: hasilnya dibekukan."))
    budget = BudgetField(label=_("Anggaran"),
                         help_text=_("Tulis seperti biasa: Rp 5.500.000.000, 5,5 M, 5,5 miliar "
                                     "atau 5500 juta."))
    name = forms.CharField(label=_("Nama rencana (opsional)"), max_length=120, required=False,
                           help_text=_("Kosong: \"Rencana <tahun>\"."))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, rounds: QuerySet[NeedsRound], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["needs_round"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = rounds
        field.label_from_instance = (  # type: ignore[method-assign]
            lambda obj: f"{obj.name} ({obj.code}, {obj.year})")


class PlanRebuildForm(forms.Form):
    budget = BudgetField(label=_("Anggaran baru (opsional)"), required=False,
                         help_text=_("Kosong: anggaran versi ini."))
