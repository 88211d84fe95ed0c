"""Bilingual messages for the core.

The core never imports Django, so it cannot use gettext. A :class:`Message` carries a code and
its parameters; it renders in Indonesian (the default) or English. Scripts can rely on the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["id", "en"]

CATALOGUE: dict[str, dict[Lang, str]] = {
    # NIP
    "nip.empty": {"id": "NIP wajib diisi", "en": "NIP is required"},
    "nip.not_digits": {
        "id": "NIP harus 18 angka, bukan {value!r}",
        "en": "NIP must be 18 digits, not {value!r}",
    },
    "nip.length": {
        "id": "NIP harus 18 angka, ini {length} angka",
        "en": "NIP must be 18 digits, this has {length}",
    },
    "nip.scientific": {
        "id": (
            "NIP tersimpan sebagai angka ({value}) sehingga digitnya hilang; "
            "format kolom NIP sebagai teks lalu isi ulang"
        ),
        "en": (
            "the NIP was stored as a number ({value}) and has lost digits; "
            "format the NIP column as text and enter it again"
        ),
    },
    "nip.birth_date": {
        "id": "digit 1–8 NIP ({digits}) bukan tanggal lahir yang sah (TTTTBBHH)",
        "en": "digits 1–8 of the NIP ({digits}) are not a valid birth date (YYYYMMDD)",
    },
    "nip.tmt": {
        "id": "digit 9–14 NIP ({digits}) bukan TMT CPNS yang sah (TTTTBB)",
        "en": "digits 9–14 of the NIP ({digits}) are not a valid TMT CPNS (YYYYMM)",
    },
    "nip.tmt_before_birth": {
        "id": "TMT CPNS ({tmt}) pada NIP tidak mungkin saat umur {age} tahun",
        "en": "TMT CPNS ({tmt}) in the NIP is impossible at age {age}",
    },
    "nip.sex": {
        "id": "digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan), bukan {digit}",
        "en": "digit 15 of the NIP must be 1 (male) or 2 (female), not {digit}",
    },
    "nip.pppk_year": {
        "id": "digit 9–12 NIP PPPK ({digits}) bukan tahun TMT yang sah",
        "en": "digits 9–12 of the PPPK NIP ({digits}) are not a valid TMT year",
    },
    "nip.pppk_code": {
        "id": "digit ke-13 NIP PPPK harus 2, bukan {digit}",
        "en": "digit 13 of a PPPK NIP must be 2, not {digit}",
    },
    "nip.pppk_frequency": {
        "id": "digit ke-14 NIP PPPK (frekuensi) harus 1–9, bukan {digit}",
        "en": "digit 14 of a PPPK NIP (frequency) must be 1–9, not {digit}",
    },
    "nip.serial": {
        "id": "nomor urut NIP (digit 16–18) tidak boleh 000",
        "en": "the serial number of the NIP (digits 16–18) cannot be 000",
    },
}


@dataclass(frozen=True)
class Message:
    """A message with a stable code and named parameters."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: Lang = "id") -> str:
        templates = CATALOGUE.get(self.code)
        if templates is None:
            return self.code
        return templates[lang].format(**self.params)

    def __str__(self) -> str:
        return self.render("id")


def register(code: str, *, id: str, en: str) -> None:
    """Add messages from other modules of the core (kept next to the rule they describe)."""
    CATALOGUE[code] = {"id": id, "en": en}
