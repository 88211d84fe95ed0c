"""The command-line contract, through the real console script: exit 0 / 2 / 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BINA = Path(sys.executable).with_name("bina")


def run(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "BINA_DATA_DIR": str(tmp_path), **env}
    environment.pop("DATABASE_URL", None)
    return subprocess.run([str(BINA), *args], capture_output=True, text=True, timeout=120,
                          env=environment, check=False)


def test_help_lists_the_commands_with_an_example(tmp_path: Path) -> None:
    result = run("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    assert "bina import employees" in result.stdout and "Contoh" in result.stdout


def test_an_unknown_command_is_refused_with_status_2(tmp_path: Path) -> None:
    result = run("bogus", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "perintah tidak dikenal" in result.stderr


def test_a_two_word_command_without_its_kind_is_refused_with_status_2(tmp_path: Path) -> None:
    result = run("import", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "bina import employees" in result.stderr


@pytest.mark.parametrize("command", ["serve", "worker", "demo"])
def test_every_project_command_has_help_with_an_example(tmp_path: Path, command: str) -> None:
    result = run(command, "--help", tmp_path=tmp_path)
    assert result.returncode == 0
    assert "Contoh" in result.stdout or "contoh" in result.stdout


def test_bad_arguments_exit_with_status_2(tmp_path: Path) -> None:
    result = run("serve", "--port", "notanumber", tmp_path=tmp_path)
    assert result.returncode == 2


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = run(
        "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path,
        BINA_SECRET_KEY="k" * 10 + "Zx9#Qw7!Lm3$Rt5%Yu8^Op1&As4*Df6(Gh2)Jk0_Vb" * 2,
        BINA_SECURE="1", BINA_ALLOWED_HOSTS="bina.gorontaloprov.go.id",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_help_lists_every_command_of_the_project() -> None:
    """Each management command of a bina app appears in ``bina --help`` (``import_employees``
    as ``bina import employees``)."""
    import bina
    from bina.cli import TWO_WORD, USAGE_ID

    root = Path(bina.__file__).parent
    missing = []
    for path in sorted(root.glob("*/management/commands/*.py")):
        if path.stem.startswith("_"):
            continue
        first, _, rest = path.stem.partition("_")
        words = f"{first} {rest}" if first in TWO_WORD and rest else path.stem
        if f"bina {words}" not in USAGE_ID:
            missing.append(f"bina {words} ({path.relative_to(root)})")
    assert not missing, missing
