"""``bina evaluate``: the JSON figures, the PDF file, and the exit codes."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bina.evaluation.management.commands.evaluate import Command
from bina.evaluation.tests.report_data import evaluated_programme
from bina.testing import World

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(Command(), *args, stdout=out)
    return out.getvalue()


def test_the_json_has_the_reports_figures_and_nothing_else(world: World) -> None:
    evaluated_programme(world)
    doc = json.loads(run("--programme", "PRIMA", "--year", "2026", "--format", "json"))
    assert doc["programme"] == "PRIMA" and doc["year"] == 2026
    assert doc["delivery"]["participants"] == 3 and doc["delivery"]["completed"] == 2
    overall = next(i for i in doc["reaction"]["items"] if i["item"] == "overall")
    assert overall["mean"] == 3.0 and overall["n"] == 2
    assert doc["learning"]["class_average_gain"] == round(20 / 55, 4)
    assert doc["poor"] is True and doc["results"]["performance"]["verdict"]


def test_without_a_year_it_takes_the_latest_year_with_classes(world: World) -> None:
    evaluated_programme(world)
    doc = json.loads(run("--programme", "prima", "--format", "json"))
    assert doc["year"] == 2026


def test_the_pdf_goes_to_the_file_named(world: World, tmp_path: Path) -> None:
    evaluated_programme(world)
    target = tmp_path / "laporan.pdf"
    out = run("--programme", "PRIMA", "--format", "pdf", "-o", str(target))
    assert target.read_bytes().startswith(b"%PDF")
    assert str(target) in out and "laporan evaluasi ditulis" in out


def test_without_o_the_pdf_gets_a_safe_default_name(world: World, tmp_path: Path) -> None:
    evaluated_programme(world)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        out = run("--programme", "PRIMA", "--format", "pdf")
    finally:
        os.chdir(cwd)
    assert (tmp_path / "evaluasi-PRIMA-2026.pdf").read_bytes().startswith(b"%PDF")
    assert "evaluasi-PRIMA-2026.pdf" in out


@pytest.mark.parametrize(("args", "fragment"), [
    (("--programme", "TIDAK-ADA"), "program 'TIDAK-ADA' tidak ada; kode yang ada: PRIMA"),
    (("--programme", "PRIMA", "--year", "2019"), "belum punya kelas pada 2019"),
    (("--programme", "PRIMA", "-o", "/no/such/folder/x.pdf"), "folder tujuan tidak ada"),
    (("--programme", "PRIMA", "--agency", "nope"), "instansi 'nope' tidak ada"),
])
def test_refused_input_exits_2(world: World, args: tuple[str, ...], fragment: str) -> None:
    evaluated_programme(world)
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    assert fragment in str(caught.value)


def test_english_messages(world: World) -> None:
    evaluated_programme(world)
    with pytest.raises(CommandError) as caught:
        run("--programme", "X", "--lang", "en")
    assert "no programme 'X'" in str(caught.value)


def test_the_help_has_an_example() -> None:
    parser = Command().create_parser("bina", "evaluate")
    assert "bina evaluate --programme" in parser.format_help()
