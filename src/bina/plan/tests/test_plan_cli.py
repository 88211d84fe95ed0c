"""``bina plan solve``: the planner as a command, with no database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bina.core.plan import (
    check_plan,
    plan_value,
    problem_from_dict,
    problem_to_dict,
    synthetic_problem,
)
from bina.plan.management.commands.plan import Command


def write_problem(tmp_path: Path) -> Path:
    path = tmp_path / "masalah.json"
    path.write_text(json.dumps(problem_to_dict(synthetic_problem(40, 10, seed=2))),
                    encoding="utf-8")
    return path


def test_solve_writes_a_plan_that_checks_out(tmp_path: Path) -> None:
    source = write_problem(tmp_path)
    target = tmp_path / "rencana.json"
    call_command(Command(), "solve", str(source), "-o", str(target), "--time-limit", "3")
    plan = json.loads(target.read_text(encoding="utf-8"))
    problem = problem_from_dict(json.loads(source.read_text(encoding="utf-8")))
    pairs = [(a["employee"], a["programme"]) for a in plan["assignments"]]
    assert check_plan(problem, pairs) == []
    assert plan["value"] == pytest.approx(plan_value(problem, pairs), abs=1e-5)
    assert plan["bound"] >= plan["value"]
    assert 0 < plan["seconds"] < 3


@pytest.mark.parametrize(("content", "lang", "fragment"), [
    ("{not json", "id", "bukan JSON yang sah"),
    ("{not json", "en", "not valid JSON"),
    (json.dumps({"budget": 0, "programmes": [], "employees": []}), "id",
     "Anggaran harus lebih dari 0"),
    (json.dumps({"budget": 0, "programmes": [], "employees": []}), "en",
     "budget must be more than 0"),
])
def test_refused_input_exits_2_with_a_message(tmp_path: Path, content: str, lang: str,
                                              fragment: str) -> None:
    source = tmp_path / "buruk.json"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command(Command(), "solve", str(source), "--lang", lang)
    assert caught.value.returncode == 2
    assert fragment in str(caught.value)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as caught:
        call_command(Command(), "solve", str(tmp_path / "tidak-ada.json"))
    assert caught.value.returncode == 2


def test_the_command_needs_no_system_checks_and_no_database() -> None:
    assert Command.requires_system_checks == []
    assert "Contoh: bina plan solve" in Command.help
