"""Rupiah amounts: reading what planners type, writing them back, spelling them out."""

from __future__ import annotations

import pytest

from bina.core.money import MoneyError, format_rupiah, parse_rupiah, rupiah_in_words

# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "amount"), [
    ("Rp 5.500.000.000", 5_500_000_000),
    ("Rp5.500.000.000,00", 5_500_000_000),
    ("Rp. 5.500.000.000", 5_500_000_000),
    ("rp 5.500.000.000,-", 5_500_000_000),
    ("5500000000", 5_500_000_000),
    ("  5500000000  ", 5_500_000_000),
    ("5,5 M", 5_500_000_000),
    ("5,5M", 5_500_000_000),
    ("5,5 m", 5_500_000_000),
    ("5,5 miliar", 5_500_000_000),
    ("5,5 Milyar", 5_500_000_000),
    ("Rp 5,5 miliar", 5_500_000_000),
    ("5500 juta", 5_500_000_000),
    ("5500 jt", 5_500_000_000),
    ("5.500 juta", 5_500_000_000),
    ("5.500 JUTA", 5_500_000_000),
    ("750 ribu", 750_000),
    ("750rb", 750_000),
    ("1,25 triliun", 1_250_000_000_000),
    ("1,25 T", 1_250_000_000_000),
    ("1,25 trilyun", 1_250_000_000_000),
    ("5.5 M", 5_500_000_000),
    ("5.25 juta", 5_250_000),
    ("2,75 jt", 2_750_000),
    ("5.500", 5_500),
    ("5,500,000", 5_500_000),
    ("5,500,000.00", 5_500_000),
    ("1.234.567,00", 1_234_567),
    ("5,00", 5),
    ("0", 0),
    ("1,2345 juta", 1_234_500),
    ("12 rb", 12_000),
    ("IDR 5.000.000", 5_000_000),
    ("5,5 miliar rupiah", 5_500_000_000),
    ("750 ribu rupiah", 750_000),
    ("Rp\u00a05.000", 5_000),
])
def test_it_reads_the_ways_planners_write_amounts(text: str, amount: int) -> None:
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize(("text", "fragment_id", "fragment_en"), [
    ("", "kosong", "empty"),
    ("   ", "kosong", "empty"),
    ("Rp", "tidak berisi angka", "no digits"),
    ("lima juta", "tidak berisi angka", "no digits"),
    ("-5.000", "negatif", "negative"),
    ("Rp -5.000", "negatif", "negative"),
    ("−5 juta", "negatif", "negative"),
    ("5,5", "pecahan rupiah", "fraction of a rupiah"),
    ("1,2345 ribu", "pecahan rupiah", "fraction of a rupiah"),
    ("5 dolar", "Satuan 'dolar' tidak dikenal", "Unknown unit 'dolar'"),
    ("5 million", "tidak dikenal", "Unknown unit"),
    ("5 kg", "tidak dikenal", "Unknown unit"),
])
def test_it_refuses_what_is_not_an_amount(text: str, fragment_id: str,
                                          fragment_en: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_rupiah(text)
    assert fragment_id in caught.value.message_id
    assert fragment_en in caught.value.message_en


@pytest.mark.parametrize("text", ["5,500", "5.5", "5.50", "1,500 M", "Rp 2,000", "1,500 juta"])
def test_it_refuses_ambiguous_separators(text: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_rupiah(text)
    assert "bisa dibaca" in caught.value.message_id
    assert "could mean" in caught.value.message_en


@pytest.mark.parametrize("text", ["5.50.000", "5.5000.000", "1.2.3", "5,50,000", "1.000,5,0",
                                  "5.", "5,", ".5 M", "5 5", "Rp 5 000 000", "5 juta 200"])
def test_it_refuses_badly_written_numbers(text: str) -> None:
    with pytest.raises(MoneyError):
        parse_rupiah(text)


def test_its_refusals_show_a_correct_form_in_both_languages() -> None:
    with pytest.raises(MoneyError) as caught:
        parse_rupiah("5,500")
    error = caught.value
    assert isinstance(error, ValueError)
    assert "5,5 miliar" in error.example
    assert error.example in error.message_id and "Contoh" in error.message_id
    assert error.example in error.message_en and "for example" in error.message_en
    assert str(error) == error.message_id


# --- writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "text"), [
    (5_500_000_000, "Rp 5.500.000.000"),
    (0, "Rp 0"),
    (999, "Rp 999"),
    (1_000, "Rp 1.000"),
    (-5_000, "-Rp 5.000"),
])
def test_it_formats_the_indonesian_way(amount: int, text: str) -> None:
    assert format_rupiah(amount) == text


@pytest.mark.parametrize("amount", [0, 7, 1_000, 750_000, 5_500_000_000, 1_250_000_000_000])
def test_formatted_amounts_read_back(amount: int) -> None:
    assert parse_rupiah(format_rupiah(amount)) == amount


# --- words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "words"), [
    (0, "nol rupiah"),
    (1, "satu rupiah"),
    (10, "sepuluh rupiah"),
    (11, "sebelas rupiah"),
    (12, "dua belas rupiah"),
    (19, "sembilan belas rupiah"),
    (20, "dua puluh rupiah"),
    (21, "dua puluh satu rupiah"),
    (100, "seratus rupiah"),
    (101, "seratus satu rupiah"),
    (111, "seratus sebelas rupiah"),
    (250, "dua ratus lima puluh rupiah"),
    (1_000, "seribu rupiah"),
    (1_100, "seribu seratus rupiah"),
    (2_000, "dua ribu rupiah"),
    (11_000, "sebelas ribu rupiah"),
    (100_000, "seratus ribu rupiah"),
    (101_000, "seratus satu ribu rupiah"),
    (750_000, "tujuh ratus lima puluh ribu rupiah"),
    (1_000_000, "satu juta rupiah"),
    (1_001_000, "satu juta seribu rupiah"),
    (2_500_000, "dua juta lima ratus ribu rupiah"),
    (1_000_000_000, "satu miliar rupiah"),
    (5_500_000_000, "lima miliar lima ratus juta rupiah"),
    (1_000_000_000_000, "satu triliun rupiah"),
    (1_250_000_000_000, "satu triliun dua ratus lima puluh miliar rupiah"),
    (999_999_999_999_999, "sembilan ratus sembilan puluh sembilan triliun sembilan ratus "
                          "sembilan puluh sembilan miliar sembilan ratus sembilan puluh "
                          "sembilan juta sembilan ratus sembilan puluh sembilan ribu sembilan "
                          "ratus sembilan puluh sembilan rupiah"),
])
def test_it_spells_amounts_in_indonesian(amount: int, words: str) -> None:
    assert rupiah_in_words(amount) == words
    assert rupiah_in_words(amount, lang="id") == words


@pytest.mark.parametrize(("amount", "words"), [
    (0, "zero rupiah"),
    (1, "one rupiah"),
    (11, "eleven rupiah"),
    (21, "twenty-one rupiah"),
    (100, "one hundred rupiah"),
    (1_000, "one thousand rupiah"),
    (101_000, "one hundred one thousand rupiah"),
    (750_000, "seven hundred fifty thousand rupiah"),
    (1_000_000, "one million rupiah"),
    (5_500_000_000, "five billion five hundred million rupiah"),
    (1_250_000_000_000, "one trillion two hundred fifty billion rupiah"),
    (12_000_345, "twelve million three hundred forty-five rupiah"),
])
def test_it_spells_amounts_in_english(amount: int, words: str) -> None:
    assert rupiah_in_words(amount, lang="en") == words


@pytest.mark.parametrize("amount", [-1, 10**15])
def test_it_refuses_to_spell_negative_or_too_large_amounts(amount: int) -> None:
    with pytest.raises(MoneyError):
        rupiah_in_words(amount)
