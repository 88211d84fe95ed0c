"""The core never imports Django: it is plain data in, plain data out."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_django_or_another_app() -> None:
    offenders = {}
    for path in CORE.glob("*.py"):
        bad = {m for m in imported_modules(path)
               if m.split(".")[0] == "django" or (m.startswith("bina.") and not
                                                  m.startswith("bina.core"))}
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}
    assert len(list(CORE.glob("*.py"))) > 3
