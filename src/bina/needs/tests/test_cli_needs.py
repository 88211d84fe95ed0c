from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from bina.needs.models import NeedsRound
from bina.needs.services import round_close
from bina.needs.tests.test_reports import answered_round

AGENCY = ("--agency", "prov-gorontalo")
INTERFACE_KEYS = {"code", "name", "staff_assessed", "staff_below_standard", "mean_gap", "mwds",
                  "quadrant", "rank"}


@pytest.fixture
def answered(world: Any) -> NeedsRound:
    return answered_round(world)


def needs_json(capsys: Any, *args: str) -> Any:
    call_command("needs", *AGENCY, *args)
    return json.loads(capsys.readouterr().out)


def test_without_a_closed_round_it_says_so_with_exit_2(answered: NeedsRound) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("needs", *AGENCY)
    assert caught.value.returncode == 2
    assert "belum ada putaran analisis kebutuhan yang ditutup" in str(caught.value)
    assert "akpk-2027" in str(caught.value)


def test_the_latest_closed_round_prints_the_interface_json(answered: NeedsRound,
                                                           capsys: Any) -> None:
    round_close(needs_round=answered)
    doc = needs_json(capsys, "--format", "json")
    assert set(doc) == {"round", "competencies", "units"}
    assert doc["round"] == "akpk-2027"
    assert [c["code"] for c in doc["competencies"]] == ["M.5", "M.1"]
    assert all(set(c) == INTERFACE_KEYS for c in doc["competencies"])
    first = doc["competencies"][0]
    assert first["rank"] == 1 and first["quadrant"] == "I"
    assert first["staff_assessed"] == 3 and first["staff_below_standard"] == 2
    assert {u["code"] for u in doc["units"]} == {"DINKES", "INSP"}
    assert set(doc["units"][0]) == {"code", "name", "coverage", "competencies"}


def test_a_closed_round_prints_its_frozen_numbers(world: Any, answered: NeedsRound,
                                                  capsys: Any) -> None:
    round_close(needs_round=answered)
    answered.result["competencies"][0]["mwds"] = 99.0  # proof that the frozen copy is used
    answered.save(update_fields=["result"])
    doc = needs_json(capsys, "--round", "akpk-2027")
    assert doc["competencies"][0]["mwds"] == 99.0


def test_detail_adds_the_evidence_and_the_rule(answered: NeedsRound, capsys: Any) -> None:
    doc = needs_json(capsys, "--round", "akpk-2027", "--detail")
    assert "combination_rule" in doc and "reason" in doc["competencies"][0]


def test_the_unit_option_keeps_only_that_unit(answered: NeedsRound, capsys: Any) -> None:
    doc = needs_json(capsys, "--round", "akpk-2027", "--unit", "insp")
    assert [u["code"] for u in doc["units"]] == ["INSP"]
    assert {c["code"] for c in doc["units"][0]["competencies"]} == {"M.1", "M.5"}
    with pytest.raises(CommandError) as caught:
        call_command("needs", *AGENCY, "--round", "akpk-2027", "--unit", "DINKES-P2P")
    assert caught.value.returncode == 2 and "DINKES, INSP" in str(caught.value)


def test_xlsx_and_pdf_need_an_output_file(answered: NeedsRound) -> None:
    for output_format in ("xlsx", "pdf"):
        with pytest.raises(CommandError) as caught:
            call_command("needs", *AGENCY, "--round", "akpk-2027", "--format", output_format)
        assert caught.value.returncode == 2 and "-o FILE" in str(caught.value)


def test_an_unknown_round_is_refused(answered: NeedsRound) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("needs", *AGENCY, "--round", "akpk-1999", "--lang", "en")
    assert caught.value.returncode == 2 and "no round 'akpk-1999'" in str(caught.value)


def test_xlsx_pdf_and_json_files_are_written(answered: NeedsRound, tmp_path: Any) -> None:
    call_command("needs", *AGENCY, "--round", "akpk-2027", "--format", "xlsx", "-o",
                 str(tmp_path / "akpk.xlsx"))
    assert load_workbook(tmp_path / "akpk.xlsx").sheetnames[0] == "Prioritas"
    call_command("needs", *AGENCY, "--round", "akpk-2027", "--format", "pdf", "--unit",
                 "DINKES", "-o", str(tmp_path / "akpk.pdf"))
    assert (tmp_path / "akpk.pdf").read_bytes().startswith(b"%PDF")
    call_command("needs", *AGENCY, "--round", "akpk-2027", "-o", str(tmp_path / "akpk.json"))
    assert json.loads((tmp_path / "akpk.json").read_text())["round"] == "akpk-2027"


def test_one_employee_gets_their_gap_profile_as_pdf(world: Any, answered: NeedsRound,
                                                    tmp_path: Any) -> None:
    path = tmp_path / "profil.pdf"
    call_command("needs", *AGENCY, "--round", "akpk-2027", "--format", "pdf", "--nip",
                 world.staff.nip, "-o", str(path))
    assert path.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError) as caught:
        call_command("needs", *AGENCY, "--round", "akpk-2027", "--format", "pdf", "--nip",
                     world.outsider.nip, "-o", str(path))
    assert caught.value.returncode == 2 and "bukan peserta" in str(caught.value)


def test_the_help_shows_an_example(capsys: Any) -> None:
    with pytest.raises(SystemExit):
        call_command("needs", "--help")
    out = capsys.readouterr().out
    assert "Contoh:" in out and "bina needs --round" in out
