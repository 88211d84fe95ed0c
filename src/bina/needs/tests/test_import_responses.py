from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from bina.audit.models import AuditEvent
from bina.jobs.models import Job
from bina.jobs.services import job_run
from bina.needs.imports import responses_import, responses_template
from bina.needs.io import parse_level
from bina.needs.models import Answer, NeedsRound
from bina.needs.services import round_close, round_create, round_open
from bina.org.services import competency_standard_set
from bina.reference.models import Competency

AGENCY = ("--agency", "prov-gorontalo")
ROUND = (*AGENCY, "--round", "akpk-2027")
HEADER = "NIP,KODE KOMPETENSI,LEVEL DIRI,LEVEL ATASAN,KEPENTINGAN,KEMAMPUAN"


@pytest.fixture
def opened(world: Any) -> NeedsRound:
    m5 = Competency.objects.get(code="M.5")
    m1 = Competency.objects.get(code="M.1")
    competency_standard_set(position=world.staff.position, levels={m5: 3, m1: 2})
    competency_standard_set(position=world.kabid.position, levels={m5: 3, m1: 3})
    needs_round = round_create(agency=world.agency, code="akpk-2027", name="AKPK 2027",
                               year=2027, units=[world.dinkes], actor=world.planner)
    return round_open(needs_round=needs_round, actor=world.planner)


def csv_file(*lines: str) -> io.BytesIO:
    return io.BytesIO(("\n".join([HEADER, *lines]) + "\n").encode())


def run(needs_round: NeedsRound, data: io.BytesIO, name: str = "jawaban.csv",
        **kwargs: Any) -> Any:
    return responses_import(needs_round=needs_round, file=data, filename=name, actor=None,
                            **kwargs)


def errors_of(report: Any) -> list[tuple[int | None, str | None, str]]:
    return [(e.row, e.column, e.message.render("en")) for e in report.errors]


def answers(needs_round: NeedsRound) -> dict[tuple[str, str], tuple[Any, ...]]:
    return {(a.participant.employee.nip, a.competency.code):
            (a.self_level, a.supervisor_level, a.importance, a.ability)
            for a in Answer.objects.filter(participant__round=needs_round)
            .select_related("participant__employee", "competency")}


def test_a_valid_file_stores_every_answer_and_marks_who_answered(world: Any,
                                                                  opened: Any) -> None:
    nip = world.staff.nip
    report = run(opened, csv_file(f"{nip},M.5,2,1,5,2", f"{nip},m.1,2,,3,3",
                                  f"{world.kabid.nip},M.5,,3,,"))
    assert report.ok and report.created == 3 and report.rows == 3
    assert answers(opened) == {(nip, "M.5"): (2, 1, 5, 2), (nip, "M.1"): (2, None, 3, 3),
                               (world.kabid.nip, "M.5"): (None, 3, None, None)}
    staff = opened.participants.get(employee=world.staff)
    kabid = opened.participants.get(employee=world.kabid)
    assert staff.self_submitted_at is not None and staff.supervisor_submitted_at is not None
    assert kabid.self_submitted_at is None and kabid.supervisor_submitted_at is not None
    assert AuditEvent.objects.filter(action="import", object_type="needs_answer").exists()


def test_a_reimport_overwrites_given_cells_and_keeps_blank_ones(world: Any, opened: Any) -> None:
    nip = world.staff.nip
    assert run(opened, csv_file(f"{nip},M.5,2,,5,2")).ok
    report = run(opened, csv_file(f"{nip},M.5,,1,,3", f"{nip},M.1,,,,"))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert answers(opened) == {(nip, "M.5"): (2, 1, 5, 3)}
    again = run(opened, csv_file(f"{nip},M.5,,1,,3"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_every_bad_cell_is_reported_with_row_and_column_and_nothing_is_written(
        world: Any, opened: Any) -> None:
    nip = world.staff.nip
    report = run(opened, csv_file(
        f"{nip},M.5,6,,,",                      # 2: level out of range
        f"{nip},M.1,2.5,,,",                    # 3: not a whole number
        "199901012020011001,M.5,3,,,",          # 4: unknown NIP
        f"{world.auditor.nip},M.5,3,,,",        # 5: NIP not in the round
        f"{nip},ZZ.9,3,,,",                     # 6: unknown code
        f"{nip},SK.1,3,,,",                     # 7: in the dictionary, not in the round
        f"{world.kabid.nip},M.5,3,,x,",         # 8: bad importance
        f"{world.kabid.nip},M.1,3,,,",          # 9: fine
        f"{world.kabid.nip},M.1,4,,,",          # 10: duplicate
    ))
    assert not report.ok
    found = errors_of(report)
    assert [(row, column) for row, column, _ in found] == [
        (2, "LEVEL DIRI"), (3, "LEVEL DIRI"), (4, "NIP"), (5, "NIP"), (6, "KODE KOMPETENSI"),
        (7, "KODE KOMPETENSI"), (8, "KEPENTINGAN"), (10, "KODE KOMPETENSI")]
    assert "must be a whole number 1–5, not '6'" in found[0][2]
    assert "not registered" in found[2][2]
    assert "does not take part in round akpk-2027" in found[3][2]
    assert "not in the competency dictionary" in found[4][2]
    assert "not asked in round" in found[5][2]
    assert "already appears on row 9" in found[7][2]
    assert Answer.objects.count() == 0


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_a_round_that_is_not_open_refuses_the_whole_file(world: Any, opened: Any,
                                                         status: str) -> None:
    if status == "closed":
        needs_round = round_close(needs_round=opened)
    else:
        needs_round = round_create(agency=world.agency, code="draf", name="Draf", year=2028)
    report = run(needs_round, csv_file(f"{world.staff.nip},M.5,3,,,"))
    assert not report.ok and report.errors[0].row is None
    assert status in report.errors[0].message.render("en")


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "empty"),
    (b"NIP,KODE KOMPETENSI,LEVEL DIRI\n", "no data rows"),
    (b"NIP,NAMA,KODE KOMPETENSI\n199208172019031004,x,M.5\n", "no answer column"),
    (b"NIP,LEVEL DIRI,KEMAMPUAN\n199208172019031004,3,3\n", "missing: KODE KOMPETENSI"),
])
def test_malformed_files_are_refused_as_a_whole(opened: Any, data: bytes,
                                                expected: str) -> None:
    report = run(opened, io.BytesIO(data))
    assert not report.ok and expected in report.errors[0].message.render("en")


def test_a_workbook_without_the_answer_sheet_is_refused(opened: Any) -> None:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["Daftar hadir"])
    sheet.append(["Nama", "Tanda tangan"])
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    report = run(opened, data, "salah.xlsx")
    assert not report.ok and "no header row" in report.errors[0].message.render("en")


def test_dry_run_counts_but_writes_nothing(world: Any, opened: Any) -> None:
    report = run(opened, csv_file(f"{world.staff.nip},M.5,3,3,4,2"), dry_run=True)
    assert report.ok and report.dry_run and report.created == 1
    assert Answer.objects.count() == 0


def test_the_template_round_trips_through_the_import(world: Any, opened: Any) -> None:
    data = io.BytesIO()
    rows = responses_template(needs_round=opened, file=data)
    assert rows == 4  # staff and kabid × (M.1, M.5); kadis and lab have no standard
    data.seek(0)
    workbook = load_workbook(data)
    assert workbook.sheetnames == ["Jawaban", "Petunjuk", "Deskripsi Level"]
    sheet = workbook["Jawaban"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["NIP", "NAMA", "UNIT", "KODE KOMPETENSI", "NAMA KOMPETENSI",
                          "LEVEL DIPERSYARATKAN"]
    assert header[6] == "LEVEL DIRI (1–5)"
    first = [c.value for c in sheet[2]]
    assert first[0] in {world.staff.nip, world.kabid.nip} and first[5] in {2, 3}
    guide = " ".join(str(c.value) for row in workbook["Petunjuk"].iter_rows() for c in row)
    assert "Borich" in guide and "KEPENTINGAN" in guide
    levels = workbook["Deskripsi Level"]
    assert [c.value for c in levels[1]][:3] == ["KODE", "KOMPETENSI", "LEVEL 1"]
    for row in sheet.iter_rows(min_row=2):
        row[6].value = 3
        row[8].value = 4
        row[9].value = 2
    filled = io.BytesIO()
    workbook.save(filled)
    filled.seek(0)
    report = run(opened, filled, "jawaban.xlsx")
    assert report.ok and report.created == 4


def test_the_unit_option_limits_the_template(world: Any, opened: Any) -> None:
    data = io.BytesIO()
    assert responses_template(needs_round=opened, file=data, unit=world.upt) == 0


@pytest.mark.parametrize(("value", "level"), [(3, 3), (3.0, 3), ("4", 4), (" 2,0 ", 2),
                                              (None, None), ("", None)])
def test_levels_are_read_from_numbers_and_text(value: object, level: int | None) -> None:
    assert parse_level(value) == level


@pytest.mark.parametrize("value", [0, 6, 2.5, "tiga", True])
def test_anything_else_is_not_a_level(value: object) -> None:
    with pytest.raises(ValueError):
        parse_level(value)


def test_the_cli_imports_and_prints_json(world: Any, opened: Any, tmp_path: Any,
                                         capsys: Any) -> None:
    path = tmp_path / "jawaban.csv"
    path.write_bytes(csv_file(f"{world.staff.nip},M.5,3,2,4,2").getvalue())
    call_command("import_responses", str(path), *ROUND, "--format", "json")
    assert json.loads(capsys.readouterr().out) == {"ok": True, "created": 1, "updated": 0,
                                                   "unchanged": 0, "dry_run": False}


def test_the_cli_refuses_bad_rows_with_exit_2_and_file_row_column_lines(
        world: Any, opened: Any, tmp_path: Any, capsys: Any) -> None:
    path = tmp_path / "jawaban.csv"
    path.write_bytes(csv_file(f"{world.staff.nip},M.5,7,,,").getvalue())
    with pytest.raises(CommandError) as caught:
        call_command("import_responses", str(path), *ROUND, "--lang", "en")
    assert caught.value.returncode == 2
    assert "jawaban.csv:2:LEVEL DIRI: LEVEL DIRI must be a whole number 1–5, not '7'" in (
        capsys.readouterr().err)
    with pytest.raises(CommandError) as caught:
        call_command("import_responses", str(path), *ROUND, "--format", "json")
    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is False
    assert document["errors"][0]["row"] == 2 and document["errors"][0]["column"] == "LEVEL DIRI"
    with pytest.raises(CommandError) as caught:
        call_command("import_responses", str(path), *AGENCY, "--round", "tidak-ada")
    assert caught.value.returncode == 2 and "tidak-ada" in str(caught.value)


def test_the_cli_writes_the_template(world: Any, opened: Any, tmp_path: Any,
                                     capsys: Any) -> None:
    path = tmp_path / "t.xlsx"
    call_command("template_responses", *ROUND, "--unit", "dinkes", "-o",
                 str(path), "--format", "json")
    assert json.loads(capsys.readouterr().out)["rows"] == 4
    assert load_workbook(path).sheetnames[0] == "Jawaban"


def test_the_background_job_imports_the_uploaded_file(world: Any, opened: Any) -> None:
    job = Job.objects.create(kind="needs.import_responses", agency=world.agency,
                             params={"round_id": opened.pk, "filename": "jawaban.csv"},
                             created_by=world.planner)
    job.file.save("jawaban.csv",
                  ContentFile(csv_file(f"{world.staff.nip},M.5,3,2,4,2").getvalue()))
    job_run(job)
    job.refresh_from_db()
    assert job.result["ok"] is True and job.result["created"] == 1


def test_the_fast_workbook_reader_reads_what_openpyxl_reads(world: Any) -> None:
    from bina.needs.io import READ_COLUMNS, _fast_rows, read_responses
    from bina.people.io.tabular import read_table

    workbook = Workbook()
    workbook.worksheets[0].title = "Catatan"
    workbook.worksheets[0].append(["bukan lembar jawaban"])
    sheet = workbook.create_sheet("Jawaban")
    sheet.append(["Lembar jawaban & catatan <AKPK>"])  # a title row above the header
    sheet.append(["NIP", "NAMA", "KODE KOMPETENSI", "LEVEL DIRI (1–5)", "KEMAMPUAN"])
    sheet.append([world.staff.nip, "Yusran", "M.5", 3, 2.0])
    sheet.append([])
    sheet["A6"] = world.kabid.nip
    sheet["C6"] = "M.1"
    sheet["E6"] = "4"
    sheet.append([world.kabid.nip, None, "M.5", 2.5, True])
    data = io.BytesIO()
    workbook.save(data)
    raw = data.getvalue()
    fast = read_responses(io.BytesIO(raw), "j.xlsx", max_rows=100, max_bytes=10**6)
    slow = read_table(io.BytesIO(raw), "j.xlsx", columns=READ_COLUMNS, sheet_name="Jawaban",
                      max_rows=100, max_bytes=10**6)
    assert fast == slow
    assert len(list(_fast_rows(raw, "Jawaban"))) == 7  # the fast path, not the fallback
    assert [r.row_number for r in fast.rows] == [3, 6, 7]
    assert fast.rows[0].values["KEMAMPUAN"] == 2


def test_the_fast_reader_understands_the_cell_forms_of_other_spreadsheet_programs() -> None:
    from bina.needs.io import _iter_rows

    xml = ('<row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><r>'
           '<t>a</t></r><r><t xml:space="preserve"> b</t></r></is></c></row>'
           '<row r="3" spans="1:3"><c r="B3" t="str"><f>A1</f><v>x&amp;y</v></c>'
           '<c t="b" r="C3"><v>1</v></c><c r="D3" s="2"/><c r="E3"><v>4.0</v></c></row>')
    assert list(_iter_rows(xml, ["NIP"])) == [["NIP", None, "a b"], [],
                                              [None, "x&y", True, None, 4]]
