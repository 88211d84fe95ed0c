"""Forms of the annual plan pages (labels are Indonesian msgids).

The budget is typed the way planners write it ("Rp 5.500.000.000", "5,5 M", "5,5 miliar",
"5500 juta") and read with :func:`bina.core.money.parse_rupiah`; an ambiguous or invalid
amount is refused with the reason and a correct example, in the page's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bina.core.money import MoneyError, format_rupiah, parse_rupiah
from bina.needs.models import NeedsRound
from bina.org.models import Unit

BUDGET_PLACEHOLDER = "Rp 5.500.000.000 · 5,5 M · 5.500 juta"
LINE_PREFIX = "pagu_"


def lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def budget_of(text: str, zero_error: str | None = None) -> int:
    """The rupiah in ``text``; :class:`forms.ValidationError` (in the page's language) when it
    is empty, ambiguous, invalid or zero (``zero_error``, when given, says the last)."""
    try:
        amount = parse_rupiah(text)
    except MoneyError as exc:
        raise forms.ValidationError(exc.message_en if lang() == "en" else exc.message_id
                                    ) from exc
    if amount <= 0:
        raise forms.ValidationError(zero_error or _("Anggaran harus lebih dari Rp 0."))
    return amount


class BudgetField(forms.CharField):
    """A rupiah amount as typed; ``clean`` gives the whole rupiah (int)."""

    def __init__(self, *, zero_error: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)
        self.zero_error = zero_error
        self.widget.attrs.update({"placeholder": BUDGET_PLACEHOLDER, "autocomplete": "off",
                                  "inputmode": "text", "data-budget": "1"})

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        return budget_of(text, self.zero_error)


class PlanBuildForm(forms.Form):
    """The build form; ``units`` (the agency's OPDs) each get an optional budget line field
    ``pagu_<unit id>``: that unit's employees' assignments cost at most that much."""

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

    def __init__(self, *args: Any, rounds: QuerySet[NeedsRound], units: Iterable[Unit] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["needs_round"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = rounds
        field.label_from_instance = (  # type: ignore[method-assign]
            lambda obj: f"{obj.name} ({obj.code}, {obj.year})")
        self.units = {unit.pk: unit for unit in units}
        for unit in self.units.values():
            line = BudgetField(label=unit.name, required=False, zero_error=_(
                "Pagu %(unit)s harus lebih dari Rp 0; kosongkan bila unit ini tanpa pagu."
            ) % {"unit": unit.name})
            line.widget.attrs.update({"data-budget-line": "1",
                                      "placeholder": _("kosong: tanpa pagu unit")})
            self.fields[f"{LINE_PREFIX}{unit.pk}"] = line

    def line_fields(self) -> list[BoundField]:
        """The budget line fields, one per unit, in the units' order."""
        return [self[f"{LINE_PREFIX}{pk}"] for pk in self.units]

    def has_lines(self) -> bool:
        """Whether a budget line was typed (the section is then shown open)."""
        return any(str(self.data.get(f.html_name, "")).strip() for f in self.line_fields())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        budget = data.get("budget")
        lines = self.budget_lines()
        if budget is None or not lines:
            return data
        over = False
        for pk, amount in lines.items():
            if amount > budget:
                over = True
                self.add_error(f"{LINE_PREFIX}{pk}", _(
                    "Pagu %(unit)s (%(amount)s) melebihi anggaran %(budget)s.") % {
                    "unit": self.units[pk].name, "amount": format_rupiah(amount),
                    "budget": format_rupiah(budget)})
        total = sum(lines.values())
        if total > budget and not over:
            named = ", ".join(f"{self.units[pk].name} {format_rupiah(amount)}"
                              for pk, amount in lines.items())
            raise forms.ValidationError(_(
                "Jumlah pagu per unit %(total)s (%(units)s) melebihi anggaran %(budget)s. "
                "Kurangi pagu unit atau naikkan anggaran.") % {
                "total": format_rupiah(total), "units": named, "budget": format_rupiah(budget)})
        return data

    def budget_lines(self) -> dict[int, int]:
        """Unit id → its budget line, for the lines typed and valid."""
        cleaned = getattr(self, "cleaned_data", {})
        return {pk: cleaned[f"{LINE_PREFIX}{pk}"] for pk in self.units
                if cleaned.get(f"{LINE_PREFIX}{pk}")}


class PlanRebuildForm(forms.Form):
    budget = BudgetField(label=_("Anggaran baru (opsional)"), required=False,
                         help_text=_("Kosong: anggaran versi ini."))
