"""Load the reference data files (``reference/data/*.json``) into the database.

Used by the data migration and by ``bina demo``; idempotent: existing rows are updated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return data


def load_reference_data(models: Any) -> None:
    """``models`` has the model classes as attributes (real ones, or ``apps.get_model`` ones in
    a migration)."""
    grades = read("grades.json")
    for rank, (code, title) in enumerate(grades["pns"], start=1):
        models.Grade.objects.update_or_create(
            scheme="PNS", code=code, defaults={"rank_title": title, "rank": rank}
        )
    for rank, code in enumerate(grades["pppk"], start=1):
        models.Grade.objects.update_or_create(
            scheme="PPPK", code=code, defaults={"rank_title": "", "rank": rank}
        )
    for rank, (code, name) in enumerate(read("education.json")["levels"], start=1):
        models.EducationLevel.objects.update_or_create(
            code=code, defaults={"name": name, "rank": rank}
        )
    for code, name, category in read("paths.json")["paths"]:
        models.DevelopmentPath.objects.update_or_create(
            code=code, defaults={"name": name, "category": category}
        )
    for item in read("competencies.json")["competencies"]:
        competency, _ = models.Competency.objects.update_or_create(
            agency=None, code=item["code"], defaults={"name": item["name"], "kind": item["kind"]}
        )
        for level, text in enumerate(item["levels"], start=1):
            models.CompetencyLevel.objects.update_or_create(
                competency=competency, level=level, defaults={"description": text}
            )
