"""Rupiah amounts as planners type them, written back and spelled out. Pure: no Django.

:func:`parse_rupiah` reads an amount of whole rupiah; :func:`format_rupiah` writes
``"Rp 5.500.000.000"``; :func:`rupiah_in_words` spells an amount in Indonesian or English
(for letters and terbilang fields).

**What parse_rupiah accepts.** Case does not matter and spaces around the parts are tolerated.

* An optional ``Rp`` / ``Rp.`` / ``IDR`` prefix, then a number, then an optional unit:
  ``ribu``/``rb`` (10³), ``juta``/``jt`` (10⁶), ``miliar``/``milyar``/``M`` (10⁹),
  ``triliun``/``trilyun``/``T`` (10¹²). Because case does not matter, ``m`` is *miliar* (as
  ``M``), never the English "million". An optional trailing ``,-`` (as on receipts) or
  ``rupiah`` is allowed, and ``,00`` is simply a decimal comma followed by zero sen.
* The Indonesian way: ``.`` separates thousands and ``,`` is the decimal comma
  (``Rp 5.500.000.000``, ``Rp5.500.000.000,00``, ``5,5 miliar``, ``5.500 juta``).
* Some English habits when they cannot be misread: a single ``.`` followed by one or two
  digits *before a unit* is a decimal point (``5.5 M``); several ``,`` each followed by three
  digits are thousands separators (``5,500,000``); with both ``.`` and ``,`` present, the last
  one is the decimal separator (``5,500,000.00``).

**The rules for separators**, in full:

1. Both ``.`` and ``,``: the last kind to appear, appearing once, is the decimal separator; the
   other kind separates thousands (groups of exactly three digits after the first group of one
   to three).
2. Only ``.``: several dots, or one dot followed by exactly three digits, separate thousands
   (``5.500`` is 5,500); one dot followed by one or two digits is a decimal point when a unit
   follows (``5.5 M``) and **ambiguous** without one (``5.5`` could be 5.5 or 5,500).
3. Only ``,``: one comma followed by exactly three digits is **ambiguous** (``5,500`` and
   ``1,500 M``: decimal comma or English thousands?); one comma followed by any other number of
   digits is the decimal comma (``5,5 M``); several commas, each followed by three digits,
   separate thousands.

**What it refuses**, with :class:`MoneyError` (a :class:`ValueError`) carrying an Indonesian
``message_id``, an English ``message_en`` and an ``example`` of a correct form: empty text, text
without digits, negative amounts, a fraction of a rupiah (``5,5``, ``1,2345 ribu``), unknown
units, badly grouped separators, and the ambiguous forms above.

**Words.** Indonesian follows the usual terbilang rules (*sebelas*, *dua belas*, *dua puluh*,
*seratus*, *seribu*, but *satu juta*, *satu miliar*, *satu triliun*); English uses the short
scale (*thousand*, *million*, *billion*, *trillion*) with hyphenated tens (*twenty-one*) and no
"and". Both go up to 999 triliun / 999 trillion.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

EXAMPLE = "Rp 5.500.000.000, 5,5 miliar, 5.500 juta"

UNITS: dict[str, int] = {
    "rb": 10**3, "ribu": 10**3,
    "jt": 10**6, "juta": 10**6,
    "m": 10**9, "miliar": 10**9, "milyar": 10**9,
    "t": 10**12, "triliun": 10**12, "trilyun": 10**12,
}

LIMIT = 10**15  # rupiah_in_words goes up to 999 triliun


class MoneyError(ValueError):
    """An amount that is refused: ``message_id`` in Indonesian, ``message_en`` in English, and
    ``example``, correct forms to show the planner."""

    def __init__(self, message_id: str, message_en: str, example: str = EXAMPLE) -> None:
        super().__init__(message_id)
        self.message_id = f"{message_id} Contoh penulisan yang benar: {example}."
        self.message_en = f"{message_en} Correct forms, for example: {example}."
        self.example = example

    def __str__(self) -> str:
        return self.message_id


def parse_rupiah(text: str) -> int:
    """The amount of whole rupiah written in ``text`` (see the module documentation for the
    accepted forms); :class:`MoneyError` says what is wrong and shows a correct form."""
    raw = text.strip().lower()
    if not raw:
        raise MoneyError("Jumlah uang kosong.", "The amount is empty.")
    if not any(ch.isdigit() for ch in raw):
        raise MoneyError(f"'{text.strip()}' tidak berisi angka.",
                         f"'{text.strip()}' contains no digits.")
    body = raw
    negative = False
    if body[0] in "-−":
        negative, body = True, body[1:].lstrip()
    for prefix in ("rp", "idr"):
        if body.startswith(prefix):
            body = body[len(prefix):].lstrip(".").lstrip()
            break
    if body and body[0] in "-−":
        negative, body = True, body[1:].lstrip()
    if negative:
        raise MoneyError(f"Jumlah uang tidak boleh negatif ('{text.strip()}').",
                         f"The amount must not be negative ('{text.strip()}').")
    if body.endswith("rupiah"):  # "5,5 miliar rupiah"
        body = body[:-6].rstrip()
    if body.endswith(",-"):  # "Rp 5.000,-" as on receipts
        body = body[:-2].rstrip()
    match = re.fullmatch(r"([0-9.,]+)\s*([a-z]*)", body)
    if not match or not match.group(1)[0].isdigit():
        raise MoneyError(f"'{text.strip()}' bukan penulisan jumlah uang yang dikenali.",
                         f"'{text.strip()}' is not a recognised way to write an amount.")
    number, unit_text = match.group(1), match.group(2)
    if number[-1] in ".,":
        raise MoneyError(f"'{text.strip()}' berakhir dengan pemisah tanpa angka sesudahnya.",
                         f"'{text.strip()}' ends with a separator and no digits after it.")
    unit = 1
    if unit_text:
        if unit_text not in UNITS:
            raise MoneyError(f"Satuan '{unit_text}' tidak dikenal (pakai ribu/rb, juta/jt, "
                             "miliar/M, triliun/T).",
                             f"Unknown unit '{unit_text}' (use ribu/rb, juta/jt, miliar/M, "
                             "triliun/T).")
        unit = UNITS[unit_text]
    amount = _number(number, has_unit=bool(unit_text), shown=text.strip()) * unit
    if amount != amount.to_integral_value():
        raise MoneyError(f"'{text.strip()}' bukan jumlah rupiah utuh (ada pecahan rupiah).",
                         f"'{text.strip()}' is not a whole number of rupiah (it has a fraction "
                         "of a rupiah).")
    return int(amount)


def _groups_ok(groups: list[str]) -> bool:
    """Thousands groups: the first of one to three digits, every other of exactly three."""
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) and \
        all(g.isdigit() for g in groups)


def _ambiguous(shown: str, reading_a: str, reading_b: str) -> MoneyError:
    return MoneyError(
        f"'{shown}' bisa dibaca {reading_a} atau {reading_b}; tulis tanpa keraguan.",
        f"'{shown}' could mean {reading_a} or {reading_b}; write it unambiguously.")


def _bad_grouping(shown: str) -> MoneyError:
    return MoneyError(f"Pemisah ribuan pada '{shown}' tidak teratur (harus kelompok 3 angka).",
                      f"The thousands separators in '{shown}' are irregular (groups of 3 "
                      "digits expected).")


def _number(number: str, *, has_unit: bool, shown: str) -> Decimal:
    """The value of the digits and separators of ``number`` (rules in the module docstring)."""
    dots, commas = number.count("."), number.count(",")
    if dots and commas:
        decimal_sep = "." if number.rfind(".") > number.rfind(",") else ","
        thousands_sep = "," if decimal_sep == "." else "."
        if number.count(decimal_sep) != 1:
            raise _bad_grouping(shown)
        whole, fraction = number.split(decimal_sep)
        if not _groups_ok(whole.split(thousands_sep)) or not fraction.isdigit():
            raise _bad_grouping(shown)
        return Decimal(whole.replace(thousands_sep, "") + "." + fraction)
    if dots:
        groups = number.split(".")
        if dots == 1 and 1 <= len(groups[1]) <= 2:
            if not has_unit:
                as_thousands = groups[0] + groups[1].ljust(3, "0")
                raise _ambiguous(shown, f"{groups[0]},{groups[1]} (desimal / decimal)",
                                 f"{int(as_thousands)} (ribuan / thousands)")
            return Decimal(number)
        if not _groups_ok(groups):
            raise _bad_grouping(shown)
        return Decimal("".join(groups))
    if commas:
        groups = number.split(",")
        if commas == 1:
            if len(groups[1]) == 3:
                raise _ambiguous(shown, f"{groups[0]},{groups[1]} (desimal / decimal)",
                                 f"{groups[0]}{groups[1]} (ribuan / thousands)")
            return Decimal(groups[0] + "." + groups[1])
        if not _groups_ok(groups):
            raise _bad_grouping(shown)
        return Decimal("".join(groups))
    return Decimal(number)


def format_rupiah(amount: int) -> str:
    """``amount`` the Indonesian way: ``format_rupiah(5_500_000_000) == "Rp 5.500.000.000"``
    (a negative amount gets a leading minus: ``"-Rp 5.000"``)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


_ID_DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
              "sembilan")
_ID_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))
_EN_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety")
_EN_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))


def _id_below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_ID_DIGITS[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words += [_ID_DIGITS[rest - 10], "belas"]
    elif rest >= 20:
        tens, ones = divmod(rest, 10)
        words += [_ID_DIGITS[tens], "puluh"]
        if ones:
            words.append(_ID_DIGITS[ones])
    elif rest:
        words.append(_ID_DIGITS[rest])
    return words


def _en_below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_EN_ONES[hundreds], "hundred"]
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(_EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else ""))
    elif rest:
        words.append(_EN_ONES[rest])
    return words


def rupiah_in_words(amount: int, lang: Literal["id", "en"] = "id") -> str:
    """``amount`` spelled out, ending in "rupiah": ``rupiah_in_words(5_500_000_000)`` is
    "lima miliar lima ratus juta rupiah", in English "five billion five hundred million
    rupiah". Up to 999 triliun; :class:`MoneyError` for a negative or larger amount."""
    if amount < 0:
        raise MoneyError(f"Jumlah uang tidak boleh negatif ({amount}).",
                         f"The amount must not be negative ({amount}).")
    if amount >= LIMIT:
        raise MoneyError(f"Jumlah terlalu besar untuk ditulis dengan kata ({amount}).",
                         f"The amount is too large to write in words ({amount}).")
    if amount == 0:
        return "nol rupiah" if lang == "id" else "zero rupiah"
    words: list[str] = []
    rest = amount
    scales = _ID_SCALES if lang == "id" else _EN_SCALES
    below = _id_below_thousand if lang == "id" else _en_below_thousand
    for size, name in scales:
        count, rest = divmod(rest, size)
        if not count:
            continue
        if lang == "id" and size == 1000 and count == 1:
            words.append("seribu")
        else:
            words += [*below(count), name]
    words += below(rest)
    return " ".join([*words, "rupiah"])
