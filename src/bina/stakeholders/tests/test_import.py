"""Paper-survey responses imported from Excel/CSV (page upload and ``bina import survei``):
channel "impor", the period from the date, and all or nothing with the row and column named."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from bina.audit.models import AuditEvent
from bina.stakeholders.management.commands.import_survei import Command
from bina.stakeholders.models import SurveyResponse

pytestmark = pytest.mark.django_db
HEADER = "unit,date,U1,U2,U3,U4,U5,U6,U7,U8,U9"


def csv_file(*lines: str, name: str = "skm.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([HEADER, *lines]).encode(), "text/csv")


def upload(client: Client, file: SimpleUploadedFile, **extra: Any) -> Any:
    return client.post(reverse("public:ikm_import"), {"file": file, **extra})


def test_a_planner_imports_paper_forms_into_their_quarters(client: Client, world: Any) -> None:
    client.force_login(world.planner)
    response = upload(client, csv_file("DINKES-LAB,2026-02-10,3,3,3,3,3,3,3,3,3",
                                       "dinkes-lab,2026-08-01,4,4,4,4,4,4,4,4,4"))
    assert response.status_code == 302
    rows = list(SurveyResponse.objects.order_by("submitted_at"))
    assert [(r.unit_id, r.year, r.quarter, r.channel) for r in rows] == [
        (world.upt.pk, 2026, 1, "impor"), (world.upt.pk, 2026, 3, "impor")]
    assert rows[1].u9 == 4
    event = AuditEvent.objects.get(object_type="survey_response", action="import")
    assert event.changes["rows"] == 2


def test_an_xlsx_with_columns_in_another_order_is_read_too(client: Client, world: Any) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["U9", "U8", "U7", "U6", "U5", "U4", "U3", "U2", "U1", "date", "unit", "saran"])
    sheet.append([1, 2, 3, 4, 4, 4, 4, 4, 4, "2026-05-05", "DINKES-LAB", "antre lama"])
    out = io.BytesIO()
    book.save(out)
    client.force_login(world.admin)
    response = upload(client, SimpleUploadedFile("skm.xlsx", out.getvalue()))
    assert response.status_code == 302
    row = SurveyResponse.objects.get()
    assert (row.u1, row.u8, row.u9, row.quarter) == (4, 2, 1, 2)


def test_one_bad_score_refuses_the_whole_file_naming_row_and_column(
        client: Client, world: Any) -> None:
    client.force_login(world.planner)
    response = upload(client, csv_file("DINKES-LAB,2026-02-10,3,3,3,3,3,3,3,3,3",
                                       "DINKES-LAB,2026-02-11,3,3,3,3,5,3,3,3,3"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "baris 3" in html and "<code>U5</code>" in html
    assert not SurveyResponse.objects.exists()


def test_unknown_units_future_dates_and_units_not_in_force_are_refused(
        client: Client, world: Any) -> None:
    client.force_login(world.planner)
    response = upload(client, csv_file(
        "DINKES-LAB,2026-02-10,3,3,3,3,3,3,3,3,3",
        "INSP,2026-02-10,3,3,3,3,3,3,3,3,3",  # not a public service unit
        "DINKES-LAB,2027-01-05,3,3,3,3,3,3,3,3,3",  # after the frozen today (2026-11-28)
        "DINKES-LAB,2016-06-01,3,3,3,3,3,3,3,3,3",  # before the unit existed (2017)
    ))
    assert response.status_code == 400
    html = response.content.decode()
    assert "&#x27;INSP&#x27; bukan kode unit layanan publik" in html
    assert "baris 4: tanggal 2027-01-05 belum tiba" in html
    assert "baris 5: unit DINKES-LAB tidak berlaku pada 2016-06-01" in html
    assert not SurveyResponse.objects.exists()


def test_an_operator_imports_only_for_their_own_units(
        client: Client, world: Any, licensing: Any) -> None:
    client.force_login(world.operator)
    response = upload(client, csv_file("DINKES-LAB,2026-02-10,3,3,3,3,3,3,3,3,3",
                                       "DPMPTSP,2026-02-10,3,3,3,3,3,3,3,3,3"))
    assert response.status_code == 400
    assert "unit DPMPTSP di luar unit yang Anda kelola" in response.content.decode()
    assert not SurveyResponse.objects.exists()
    client.force_login(world.leader)
    assert upload(client, csv_file("DINKES-LAB,2026-02-10,3,3,3,3,3,3,3,3,3")).status_code == 403


def test_a_dry_run_checks_and_stores_nothing(client: Client, world: Any) -> None:
    client.force_login(world.planner)
    response = upload(client, csv_file("DINKES-LAB,2026-02-10,3,3,3,3,3,3,3,3,3"),
                      dry_run="on")
    assert response.status_code == 200
    assert "1 jawaban siap disimpan" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(Command(), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_and_reports_as_json(tmp_path: Path, world: Any) -> None:
    path = tmp_path / "skm.csv"
    path.write_text(f"{HEADER}\nDINKES-LAB,2026-03-31,4,3,3,3,3,3,3,3,3\n", encoding="utf-8")
    out, _err = run(str(path), "--agency", "prov-gorontalo", "--format", "json")
    assert json.loads(out) == {"ok": True, "imported": 1, "dry_run": False,
                               "by_unit": {"DINKES-LAB": 1}, "errors": []}
    assert SurveyResponse.objects.get().channel == "impor"
    out, _err = run(str(path), "--agency", "prov-gorontalo", "--dry-run")
    assert "uji coba" in out
    assert SurveyResponse.objects.count() == 1


def test_the_command_refuses_with_exit_2_and_file_row_column(tmp_path: Path, world: Any) -> None:
    path = tmp_path / "skm.csv"
    path.write_text(f"{HEADER}\nDINKES-LAB,2026-03-31,4,3,3,3,3,3,3,3,0\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(Command(), str(path), "--agency", "prov-gorontalo", stderr=err)
    assert caught.value.returncode == 2
    assert f"{path}:2:U9:" in err.getvalue()
    assert not SurveyResponse.objects.exists()
    with pytest.raises(CommandError) as caught:
        call_command(Command(), str(tmp_path / "none.csv"), "--agency", "prov-gorontalo")
    assert caught.value.returncode == 2
