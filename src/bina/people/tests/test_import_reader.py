"""Reading .xlsx and .csv files into rows: formats, headers, malformed files."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from bina.core.roster import EMPLOYEE_COLUMNS, Col
from bina.people.io.tabular import Table, TabularError, normalise_header, read_table
from bina.people.tests.factories import HEADERS, csv_file, employee_row, excel_date, xlsx_file


def read(file: io.BytesIO, filename: str = "pegawai.xlsx", **limits: int) -> Table:
    return read_table(file, filename, columns=EMPLOYEE_COLUMNS, sheet_name="Pegawai",
                      max_rows=limits.get("max_rows", 1000),
                      max_bytes=limits.get("max_bytes", 5_000_000))


def refusal(file: io.BytesIO, filename: str = "pegawai.xlsx", **limits: int) -> str:
    with pytest.raises(TabularError) as caught:
        read(file, filename, **limits)
    return caught.value.message.code


def test_it_reads_an_xlsx_with_row_numbers_as_the_user_sees_them() -> None:
    table = read(xlsx_file([employee_row(1), employee_row(2)]))
    assert table.header_row == 1
    assert [r.row_number for r in table.rows] == [2, 3]
    assert table.rows[0].values[Col.NIP] == employee_row(1)[Col.NIP]
    assert table.rows[0].values[Col.FRONT_TITLE] is None  # blank cells read as None
    assert table.columns == tuple(HEADERS)


def test_it_prefers_the_sheet_named_pegawai() -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(xlsx_file([employee_row(1)]))
    other = workbook.create_sheet("Catatan", 0)
    other.append(["bukan data"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    assert len(read(buffer).rows) == 1


def test_it_finds_the_header_below_title_rows_and_skips_empty_rows() -> None:
    file = xlsx_file([employee_row(1), {}, employee_row(2)],
                     title_rows=[["DAFTAR PEGAWAI DINAS KESEHATAN"], []])
    table = read(file)
    assert table.header_row == 3
    assert [r.row_number for r in table.rows] == [4, 6]


def test_it_keeps_real_date_cells() -> None:
    table = read(xlsx_file([employee_row(1, **{Col.BIRTH_DATE: excel_date(1985, 3, 12)})]))
    assert table.rows[0].values[Col.BIRTH_DATE] == excel_date(1985, 3, 12)


def test_it_keeps_a_numeric_nip_cell_as_a_number_for_validation_to_refuse() -> None:
    table = read(xlsx_file([employee_row(1, NIP=198503122010011001)]))
    assert isinstance(table.rows[0].values[Col.NIP], int | float)


@pytest.mark.parametrize(
    ("header", "column"),
    [("NIP BARU", Col.NIP), ("Nama Lengkap", Col.NAME), ("NAMA_PEGAWAI", Col.NAME),
     ("Gol.", Col.GRADE), ("GOL. RUANG", Col.GRADE), ("Pangkat/Gol", Col.GRADE),
     ("UNOR", Col.UNIT), ("Unit Organisasi", Col.UNIT), ("satuan kerja", Col.UNIT),
     ("Nama Jabatan", Col.POSITION), ("TGL LAHIR", Col.BIRTH_DATE),
     ("Jenis Pegawai", Col.STATUS), ("STATUS PEGAWAI", Col.STATUS),
     ("Pendidikan Terakhir", Col.EDUCATION), ("tingkat_pendidikan", Col.EDUCATION),
     ("NIP Atasan Langsung", Col.SUPERVISOR), ("STATUS ASN (PNS/CPNS/PPPK)", Col.STATUS),
     ("e-mail", Col.EMAIL)],
)
def test_it_recognises_header_variants(header: str, column: str) -> None:
    headers = [header if h == column else h for h in HEADERS]
    row = employee_row(1, **{Col.BIRTH_DATE: "12-03-1985", Col.SUPERVISOR: "197805052003121003"})
    table = read(xlsx_file([{header if k == column else k: v for k, v in row.items()}],
                           headers=headers))
    assert table.rows[0].values[column] == row[column]


def test_header_normalisation_ignores_case_spaces_underscores_and_dots() -> None:
    assert normalise_header(" gol._ruang ") == normalise_header("GOL RUANG") == "GOLRUANG"


def test_it_reads_a_csv_with_semicolons_from_windows() -> None:
    row = employee_row(1, **{Col.NAME: "Sitti Ra'ana Müller"})
    table = read(csv_file([row], delimiter=";", encoding="cp1252"), "pegawai.csv")
    assert table.rows[0].values[Col.NAME] == "Sitti Ra'ana Müller"
    assert table.rows[0].values[Col.NIP] == row[Col.NIP]


def test_it_reads_a_utf8_csv_with_a_byte_order_mark() -> None:
    data = csv_file([employee_row(1)]).getvalue()
    table = read(io.BytesIO(b"\xef\xbb\xbf" + data), "pegawai.csv")
    assert table.columns[0] == Col.NIP and len(table.rows) == 1


@pytest.mark.parametrize(
    ("content", "filename", "code"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "pegawai.xlsx", "table.pdf"),
        (b"", "pegawai.xlsx", "table.empty"),
        (b"   \n\n", "pegawai.csv", "table.empty"),
        (os.urandom(2048).replace(b"PK", b"pk").replace(b"%PDF", b"x"), "pegawai.xlsx",
         "table.not_xlsx"),
        (b"\x00\x01\x02binary\x00", "pegawai.csv", "table.not_text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "pegawai.xls", "table.xls"),
        (b"NIP,NAMA\n1,2\n", "pegawai.docx", "table.extension"),
        (b"apa saja\nbukan tabel\n", "pegawai.csv", "table.no_header"),
    ],
)
def test_it_refuses_what_is_not_a_table_with_a_clear_message(
    content: bytes, filename: str, code: str
) -> None:
    assert refusal(io.BytesIO(content), filename) == code


def test_it_refuses_a_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    buffer.seek(0)
    assert refusal(buffer) == "table.not_xlsx"


def test_it_names_the_missing_required_columns() -> None:
    headers = [h for h in HEADERS if h not in (Col.NAME, Col.UNIT)]
    with pytest.raises(TabularError) as caught:
        read(xlsx_file([employee_row(1)], headers=headers))
    assert caught.value.message.render("id") == "kolom wajib tidak ada: NAMA, UNIT KERJA"


def test_it_refuses_a_column_given_twice() -> None:
    headers = [*HEADERS, "NIP BARU"]
    assert refusal(xlsx_file([employee_row(1)], headers=headers)) == "table.duplicate_column"


def test_it_refuses_too_many_rows_and_too_many_bytes() -> None:
    file = xlsx_file([employee_row(n) for n in range(1, 6)])
    assert refusal(file, max_rows=4) == "table.too_many_rows"
    file.seek(0)
    assert refusal(file, max_bytes=1000) == "table.too_big"
