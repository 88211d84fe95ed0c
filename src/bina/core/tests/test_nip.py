from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bina.core.nip import NipError, NipLayout, Sex, clean_nip, mask_nip, parse_nip


def test_it_reads_a_pns_nip() -> None:
    nip = parse_nip("198005202005012003")
    assert nip.layout is NipLayout.PNS
    assert nip.birth_date == dt.date(1980, 5, 20)
    assert (nip.tmt_year, nip.tmt_month) == (2005, 1)
    assert nip.sex is Sex.FEMALE


def test_it_reads_a_pppk_nip() -> None:
    nip = parse_nip("199511022022212005")
    assert nip.layout is NipLayout.PPPK
    assert nip.tmt_year == 2022 and nip.tmt_month is None
    assert nip.sex is Sex.FEMALE


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "nip.empty"),
        (None, "nip.empty"),
        ("19800520200501200", "nip.length"),
        ("1980052020050120031", "nip.length"),
        ("19800520200501200X", "nip.not_digits"),
        ("198002302005012003", "nip.birth_date"),
        ("198005202005132003", "nip.tmt"),
        ("198005202005013003", "nip.sex"),
        ("198005202005012000", "nip.serial"),
        ("198005201990012003", "nip.tmt_before_birth"),
        ("1.98005202005012E+17", "nip.scientific"),
        (198005202005012003, "nip.scientific"),
        (1.98005202005012e17, "nip.scientific"),
    ],
)
def test_it_rejects_a_bad_nip_with_a_reason(raw: object, code: str) -> None:
    with pytest.raises(NipError) as info:
        parse_nip(raw)
    assert info.value.message.code == code


def test_it_checks_the_pppk_code_digit_when_the_layout_is_known() -> None:
    with pytest.raises(NipError) as info:
        parse_nip("199511022022112005", layout=NipLayout.PPPK)
    assert info.value.message.code == "nip.pppk_code"


def test_messages_render_in_indonesian_and_english() -> None:
    with pytest.raises(NipError) as info:
        parse_nip("1980")
    assert "18 angka" in info.value.message.render("id")
    assert "18 digits" in info.value.message.render("en")


def test_it_cleans_spaces_and_a_leading_apostrophe() -> None:
    assert clean_nip(" '19800520 200501 2 003 ") == "198005202005012003"


def test_mask_keeps_only_the_ends() -> None:
    assert mask_nip("198005202005012003") == "1980**********2003"


@given(
    birth=st.dates(dt.date(1960, 1, 1), dt.date(2004, 12, 31)),
    years_later=st.integers(18, 40),
    month=st.integers(1, 12),
    sex=st.sampled_from("12"),
    serial=st.integers(1, 999),
)
def test_every_well_formed_pns_nip_round_trips(
    birth: dt.date, years_later: int, month: int, sex: str, serial: int
) -> None:
    tmt_year = birth.year + years_later
    raw = f"{birth:%Y%m%d}{tmt_year}{month:02d}{sex}{serial:03d}"
    nip = parse_nip(raw)
    assert nip.value == raw
    assert nip.birth_date == birth
    assert (nip.tmt_year, nip.tmt_month) == (tmt_year, month)
    assert nip.layout is NipLayout.PNS
