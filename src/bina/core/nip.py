"""NIP (Nomor Induk Pegawai): parsing and validation.

Layouts (regulation.md §8, from the public implementation muzhawir/indonesian_id; the BKN rule
that sets them, Perka BKN 22/2007, was not read: UNVERIFIED, so the checks below are deliberately
limited to what both layouts make unambiguous):

- PNS: birth date YYYYMMDD (1–8), TMT CPNS YYYYMM (9–14), sex 1/2 (15), serial (16–18).
- PPPK: birth date YYYYMMDD (1–8), TMT year YYYY (9–12), the code ``2`` (13), frequency 1–9 (14),
  sex 1/2 (15), serial (16–18).

A NIP is always text. A spreadsheet that stored it as a number shows it as ``1.98E+17`` or
drops the digits past 15: :func:`parse_nip` says so instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from bina.core.messages import Message


class NipLayout(StrEnum):
    PNS = "PNS"
    PPPK = "PPPK"


class Sex(StrEnum):
    MALE = "L"
    FEMALE = "P"


@dataclass(frozen=True)
class Nip:
    value: str
    layout: NipLayout
    birth_date: dt.date
    sex: Sex
    tmt_year: int
    tmt_month: int | None  # PPPK NIPs carry only a year


class NipError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
MIN_AGE_AT_TMT = 15


def clean_nip(raw: object) -> str:
    """Return the NIP as text without spaces; raise :class:`NipError` if a number lost digits."""
    if raw is None:
        raise NipError(Message("nip.empty"))
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        # A number of 18 digits cannot be held exactly by a spreadsheet (15 significant digits).
        raise NipError(Message("nip.scientific", {"value": f"{raw:.6g}"}))
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    if text.startswith("'"):
        text = text[1:]
    if not text:
        raise NipError(Message("nip.empty"))
    if _SCIENTIFIC.match(text):
        raise NipError(Message("nip.scientific", {"value": text}))
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def _date(digits: str) -> dt.date | None:
    try:
        return dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def parse_nip(raw: object, *, layout: NipLayout | None = None) -> Nip:
    """Parse and validate a NIP.

    ``layout`` is the employment type when known (from the STATUS column); without it, digit 13
    being ``2`` and digits 13–14 not being a valid month selects the PPPK layout.
    """
    text = clean_nip(raw)
    if not text.isdigit():
        raise NipError(Message("nip.not_digits", {"value": text}))
    if len(text) != 18:
        raise NipError(Message("nip.length", {"length": len(text)}))
    birth = _date(text[0:8])
    if birth is None or birth.year < 1900:
        raise NipError(Message("nip.birth_date", {"digits": text[0:8]}))
    if text[15 - 1] not in "12":
        raise NipError(Message("nip.sex", {"digit": text[14]}))
    sex = Sex.MALE if text[14] == "1" else Sex.FEMALE
    if text[15:18] == "000":
        raise NipError(Message("nip.serial"))
    if layout is None:
        month = int(text[12:14])
        layout = NipLayout.PPPK if text[12] == "2" and not 1 <= month <= 12 else NipLayout.PNS
    if layout is NipLayout.PNS:
        year, month = int(text[8:12]), int(text[12:14])
        if not (1940 <= year <= 2100 and 1 <= month <= 12):
            raise NipError(Message("nip.tmt", {"digits": text[8:14]}))
        tmt_month: int | None = month
    else:
        year = int(text[8:12])
        if not 1940 <= year <= 2100:
            raise NipError(Message("nip.pppk_year", {"digits": text[8:12]}))
        if text[12] != "2":
            raise NipError(Message("nip.pppk_code", {"digit": text[12]}))
        if text[13] == "0":
            raise NipError(Message("nip.pppk_frequency", {"digit": text[13]}))
        tmt_month = None
    age = year - birth.year
    if age < MIN_AGE_AT_TMT:
        tmt = f"{year}-{tmt_month:02d}" if tmt_month else str(year)
        raise NipError(Message("nip.tmt_before_birth", {"tmt": tmt, "age": age}))
    return Nip(
        value=text, layout=layout, birth_date=birth, sex=sex, tmt_year=year, tmt_month=tmt_month
    )


def mask_nip(nip: str) -> str:
    """Show a NIP to someone who may know it exists but not what it is: ``1985********0012``."""
    if len(nip) < 8:
        return "*" * len(nip)
    return nip[:4] + "*" * (len(nip) - 8) + nip[-4:]
