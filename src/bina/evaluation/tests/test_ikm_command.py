"""``bina ikm``: the public-satisfaction index from a response file, with no database."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from bina.core.ikm import IkmError
from bina.evaluation.io import read_population, read_responses
from bina.evaluation.management.commands.ikm import Command

HEADER = "unit,date,U1,U2,U3,U4,U5,U6,U7,U8,U9"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(Command(), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> tuple[CommandError, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(Command(), *args, stdout=out, stderr=err)
    assert caught.value.returncode == 2
    return caught.value, out.getvalue(), err.getvalue()


def test_it_prints_the_index_per_unit_as_json_with_columns_in_any_order(tmp_path: Path) -> None:
    # columns shuffled, differently cased and padded; an extra comment column is ignored
    path = write(tmp_path, "skm.csv",
                 " U9 ,u1,Unit,U2,U3,DATE,U4,U5,U6,U7,U8,saran\n"
                 "3,4,DUKCAPIL,3,3,2026-03-02,3,3,3,3,3,bagus\n"
                 "3,3,DUKCAPIL,3,3,2026-03-01,3,3,3,3,3,\n"
                 "4,4,RSUD,4,4,2026-01-05,4,4,4,4,4,\n")
    out, _ = run(str(path))
    data = json.loads(out)
    dukcapil, rsud = data["units"]
    # NRR U1 = 3.5, others 3: mean 27.5/9 × 25 = 76.39 → C
    assert dukcapil == {
        "unit": "DUKCAPIL", "respondents": 2,
        "nrr": {"U1": 3.5, **{f"U{i}": 3.0 for i in range(2, 10)}},
        "ikm": 76.39, "mutu": "C", "kinerja": "Kurang Baik",
        "period": {"from": "2026-03-01", "to": "2026-03-02"},
    }
    assert (rsud["unit"], rsud["ikm"], rsud["mutu"], rsud["kinerja"]) == \
        ("RSUD", 100.0, "A", "Sangat Baik")


def test_it_reads_an_excel_file_with_numbers_and_dates(tmp_path: Path) -> None:
    import datetime as dt

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(["UPT", dt.datetime(2026, 4, 1), *([4] * 9)])  # noqa: DTZ001 (Excel: naive)
    sheet.append([None] * 11)  # an empty row is skipped
    sheet.append(["UPT", "2026-04-02", *([2] * 9)])
    path = tmp_path / "skm.xlsx"
    book.save(path)
    data = json.loads(run(str(path))[0])
    assert data["units"][0]["respondents"] == 2
    assert data["units"][0]["ikm"] == 75.0


def test_with_a_population_file_it_adds_the_minimum_sample(tmp_path: Path) -> None:
    rows = "".join(f"A,2026-03-01,{','.join(['3'] * 9)}\n" for _ in range(80))
    rows += f"B,2026-03-01,{','.join(['3'] * 9)}\nC,2026-03-01,{','.join(['3'] * 9)}\n"
    path = write(tmp_path, "skm.csv", HEADER + "\n" + rows)
    population = write(tmp_path, "pop.csv", "unit,population\nA,100\nB,1000\n")
    units = {u["unit"]: u for u in json.loads(run(str(path), "--population",
                                                  str(population))[0])["units"]}
    assert (units["A"]["sample_min"], units["A"]["sample_ok"]) == (80, True)
    assert (units["B"]["sample_min"], units["B"]["sample_ok"]) == (278, False)
    assert (units["C"]["sample_min"], units["C"]["sample_ok"]) == (None, None)


def test_text_output_lists_each_unit_in_the_chosen_language(tmp_path: Path) -> None:
    path = write(tmp_path, "skm.csv", HEADER + "\nA,2026-03-01," + ",".join(["4"] * 9) + "\n")
    out, _ = run(str(path), "--format", "text", "--lang", "en")
    assert "A | 1 | 100.00 | A | Very good" in out
    assert "1 unit(s), 1 respondent(s)" in out


@pytest.mark.parametrize(("cells", "column", "fragment"), [
    ("0,3,3,3,3,3,3,3,3", "U1", "U1 harus bilangan bulat 1–4, bukan '0'"),
    ("3,3,3,3,3,3,3,3,5", "U9", "U9 harus bilangan bulat 1–4, bukan '5'"),
    ("3,3,,3,3,3,3,3,3", "U3", "U3 kosong"),
    ("3,3,3,3,3,3,3,3", "U9", "U9 kosong"),  # a short row: the last element is missing
])
def test_it_refuses_a_bad_score_row_naming_row_and_column_as_json(
        tmp_path: Path, cells: str, column: str, fragment: str) -> None:
    path = write(tmp_path, "skm.csv",
                 f"{HEADER}\nA,2026-03-01,{','.join(['3'] * 9)}\nA,2026-03-01,{cells}\n")
    _, out, _ = refused(str(path), "--format", "json")
    data = json.loads(out)
    assert data["ok"] is False
    assert data["errors"] == [{"row": 3, "column": column,
                               "message": data["errors"][0]["message"], "file": "skm.csv"}]
    assert fragment in data["errors"][0]["message"]
    assert "baris 3" in data["errors"][0]["message"]


def test_text_errors_are_printed_as_file_row_column(tmp_path: Path) -> None:
    path = write(tmp_path, "skm.csv", f"{HEADER}\nA,2026-13-01,{','.join(['3'] * 9)}\n")
    error, _, err = refused(str(path), "--format", "text", "--lang", "en")
    assert f"{path}:2:date: row 2: the date must be YYYY-MM-DD" in err
    assert "nothing was saved" in str(error)


def test_it_refuses_a_missing_column_and_an_unknown_element(tmp_path: Path) -> None:
    path = write(tmp_path, "skm.csv",
                 "unit,date,U1,U2,U3,U4,U5,U6,U7,U8,U10\nA,2026-03-01,3,3,3,3,3,3,3,3,3\n")
    _, out, _ = refused(str(path))
    errors = json.loads(out)["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(1, "U10"), (1, "U9")]
    assert "bukan unsur SKM" in errors[0]["message"]
    assert "kolom wajib tidak ada: U9" in errors[1]["message"]


def test_it_refuses_a_missing_file_and_a_bad_population_file(tmp_path: Path) -> None:
    _, out, _ = refused(str(tmp_path / "nothing.csv"))
    assert "file tidak ditemukan" in json.loads(out)["errors"][0]["message"]
    path = write(tmp_path, "skm.csv", f"{HEADER}\nA,2026-03-01,{','.join(['3'] * 9)}\n")
    population = write(tmp_path, "pop.csv", "unit,population\nA,banyak\n")
    _, out, _ = refused(str(path), "--population", str(population))
    assert json.loads(out)["errors"][0]["row"] == 2
    assert json.loads(out)["errors"][0]["column"] == "population"


def test_many_bad_rows_are_listed_up_to_a_limit_with_a_count(tmp_path: Path) -> None:
    rows = "".join(f"A,2026-03-01,{','.join(['9'] * 9)}\n" for _ in range(50))
    path = write(tmp_path, "skm.csv", HEADER + "\n" + rows)
    with pytest.raises(IkmError) as caught, path.open("rb") as file:
        read_responses(file, path.name)
    problems = caught.value.problems
    assert len(problems) == 101
    assert problems[-1].message.render("en") == "… and 350 more errors"


def test_the_reader_yields_typed_rows_with_spreadsheet_numbers(tmp_path: Path) -> None:
    import datetime as dt

    path = write(tmp_path, "skm.csv",
                 f"{HEADER}\nA,2026-03-01,{','.join(['3'] * 9)}\n\n"
                 f"B,2026-03-02,{','.join(['4'] * 9)}\n")
    with path.open("rb") as file:
        rows = list(read_responses(file, path.name).responses())
    assert [(row, r.unit, r.date, r.scores["U9"]) for row, r in rows] == [
        (2, "A", dt.date(2026, 3, 1), 3), (4, "B", dt.date(2026, 3, 2), 4)]


def test_population_reader_refuses_duplicates(tmp_path: Path) -> None:
    path = write(tmp_path, "pop.csv", "Unit ; Population\nA;100\nA;200\n")
    with pytest.raises(IkmError) as caught, path.open("rb") as file:
        read_population(file, path.name)
    assert caught.value.row == 3


def test_the_bina_entry_point_exits_0_and_2(tmp_path: Path) -> None:
    good = write(tmp_path, "skm.csv", f"{HEADER}\nA,2026-03-01,{','.join(['4'] * 9)}\n")
    bad = write(tmp_path, "bad.csv", f"{HEADER}\nA,2026-03-01,{','.join(['0'] * 9)}\n")
    bina = Path(sys.executable).with_name("bina")
    env = {**os.environ, "BINA_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    ok = subprocess.run([str(bina), "ikm", str(good), "--format", "json"], capture_output=True,
                        text=True, env=env, check=False, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["units"][0]["ikm"] == 100.0
    no = subprocess.run([str(bina), "ikm", str(bad), "--format", "json"], capture_output=True,
                        text=True, env=env, check=False, timeout=120)
    assert no.returncode == 2
    assert json.loads(no.stdout)["ok"] is False
    assert "--population" in subprocess.run([str(bina), "ikm", "--help"], capture_output=True,
                                             text=True, env=env, check=False,
                                             timeout=120).stdout


def test_quoted_semicolon_and_crlf_files_read_like_the_plain_one(tmp_path: Path) -> None:
    body = [("UPT Samsat, Kota", "2026-03-01", [4, 3, 3, 3, 3, 3, 3, 3, 2]),
            ("RSUD", "2026-03-02", [1, 2, 3, 4, 1, 2, 3, 4, 1])]
    quoted = HEADER + "\n" + "".join(
        f'"{u}",{d},{",".join(map(str, s))}\n' for u, d, s in body)
    semicolon = (HEADER.replace(",", ";") + "\r\n" + "".join(
        f"{u};{d};{';'.join(map(str, s))}\r\n" for u, d, s in body))
    results = []
    for name, text in (("q.csv", quoted), ("s.csv", semicolon)):
        path = write(tmp_path, name, text)
        results.append(json.loads(run(str(path))[0])["units"])
    assert results[0] == results[1]
    assert [u["unit"] for u in results[0]] == ["RSUD", "UPT Samsat, Kota"]


def test_row_numbers_stay_right_across_blocks_and_empty_lines(tmp_path: Path) -> None:
    good = f"A,2026-03-01,{','.join(['3'] * 9)}\n"
    text = HEADER + "\n" + good * 70_000 + "\n" + good * 10 + "A,2026-03-01,3,3,3,3,3,3,3,3,x\n"
    path = write(tmp_path, "big.csv", text)
    with pytest.raises(IkmError) as caught, path.open("rb") as file:
        read_responses(file, path.name)
    # header 1, 70,000 rows (2–70,001), empty 70,002, 10 rows (70,003–70,012), bad 70,013
    assert (caught.value.row, caught.value.problems[0].column) == (70_013, "U9")
    path.write_text(text.rsplit("A,", 1)[0], encoding="utf-8")
    with path.open("rb") as file:
        table = read_responses(file, path.name)
    assert len(table) == 70_010 and int(table.rows[-1]) == 70_012


def test_printed_weight_reproduces_a_0111_computation(tmp_path: Path) -> None:
    path = write(tmp_path, "skm.csv", HEADER + "\nA,2026-03-01," + ",".join(["4"] * 9) + "\n")
    assert json.loads(run(str(path))[0])["units"][0]["ikm"] == 100.0
    assert json.loads(run(str(path), "--printed-weight")[0])["units"][0]["ikm"] == 99.9
