from typing import Any

from django.apps.registry import Apps
from django.db import migrations

from bina.reference.loader import load_reference_data


class _Models:
    def __init__(self, apps: Apps) -> None:
        for name in ("Grade", "EducationLevel", "DevelopmentPath", "Competency", "CompetencyLevel"):
            setattr(self, name, apps.get_model("reference", name))


def load(apps: Apps, schema_editor: Any) -> None:
    load_reference_data(_Models(apps))


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial"), ("org", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
