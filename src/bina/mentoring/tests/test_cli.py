"""``bina mentoring match``: exit codes and the JSON document."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bina.mentoring.management.commands.mentoring import Command
from bina.mentoring.models import MentoringPair
from bina.mentoring.tests.factories import programme


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(Command(), "match", *args, stdout=out)
    return out.getvalue()


def test_the_json_has_the_pairs_with_fit_and_reasons(world: Any) -> None:
    programme(world, capacity=1, mentors=("kadis",), supervisor_rule="required")
    document = json.loads(run("--programme", "MENTOR-26", "--format", "json"))
    assert set(document) == {"programme", "total_fit", "optimal", "pairs", "unmatched"}
    assert document["programme"] == "MENTOR-26"
    assert document["optimal"] is True
    assert document["total_fit"] == pytest.approx(15.0)
    [pair] = document["pairs"]
    assert {"mentor_nip", "mentor", "mentee_nip", "mentee", "fit", "reasons"} <= set(pair)
    assert (pair["mentor_nip"], pair["mentee_nip"]) == (world.kadis.nip, world.lab.nip)
    assert pair["fit"] == pytest.approx(15.0)
    assert any("memenuhi syarat" in r for r in pair["reasons"])
    [left] = document["unmatched"]
    assert left["mentee_nip"] == world.staff.nip
    assert "tidak ada mentor yang memenuhi syarat" in left["reason"]
    assert MentoringPair.objects.count() == 1  # stored, as the page's button does


def test_the_text_and_english_forms(world: Any) -> None:
    programme(world)
    text = run("--programme", "MENTOR-26")
    assert text.startswith("MENTOR-26: 2 pasangan, 0 mentee belum berpasangan")
    english = json.loads(run("--programme", "MENTOR-26", "--format", "json", "--lang", "en"))
    assert any("an eligible pair" in r for r in english["pairs"][0]["reasons"])


@pytest.mark.parametrize(("lang", "fragment"), [
    ("id", "Program mentoring TIDAK-ADA tidak ditemukan"),
    ("en", "The mentoring programme TIDAK-ADA was not found"),
])
def test_an_unknown_programme_exits_2(world: Any, lang: str, fragment: str) -> None:
    programme(world)
    with pytest.raises(CommandError) as caught:
        run("--programme", "TIDAK-ADA", "--lang", lang)
    assert caught.value.returncode == 2
    assert fragment in str(caught.value) and "MENTOR-26" in str(caught.value)


def test_an_unknown_agency_exits_2(world: Any) -> None:
    with pytest.raises(CommandError) as caught:
        run("--programme", "MENTOR-26", "--agency", "tidak-ada")
    assert caught.value.returncode == 2
