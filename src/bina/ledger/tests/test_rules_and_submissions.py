"""The recognition rules as data (edit, validation, audit, reset) and outside activities
(submit with a certificate, approve by rule, reject with a note), and ``bina jp``."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bina.audit.models import AuditEvent
from bina.ledger.models import ExternalActivity, JpRule, SubmissionStatus
from bina.ledger.services import (
    LedgerError,
    ledger_external_approve,
    ledger_external_reject,
    ledger_external_submit,
    ledger_remove,
    rules_for,
)
from bina.people.models import DevelopmentRecord, DevelopmentSource
from bina.reference.models import DevelopmentPath
from bina.testing import World

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%test\n"


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def seminar_rule(world: World) -> JpRule:
    rules_for(world.agency)
    return JpRule.objects.get(agency=world.agency, path__code="KL06")


def rule_post(rule: JpRule, **changes: Any) -> dict[str, Any]:
    values = {"basis": rule.basis, "international_basis": rule.international_basis,
              "domestic_jp": rule.domestic_jp, "international_jp": rule.international_jp,
              "international_uplift": rule.international_uplift,
              "cap_per_day": rule.cap_per_day or "",
              "international_cap_per_day": rule.international_cap_per_day or "",
              "max_sessions_per_month": rule.max_sessions_per_month or "",
              "international_allowed": "on" if rule.international_allowed else "",
              "source": rule.source, "verified": "on" if rule.verified else ""}
    values.update(changes)
    return {f"r{rule.pk}-{k}": ("" if v is None else v) for k, v in values.items() if v != ""}


def test_the_rules_page_lists_every_path_with_its_source_and_verification(world: World) -> None:
    page = client_for(world.staff_user).get(reverse("ledger:rules")).content.decode()
    assert "KL06" in page and "NKL02" in page
    assert "belum terverifikasi" in page and "PerLAN 10/2018" in page
    assert "kembalikan ke bawaan" not in page  # employees read, they do not edit


def test_a_planner_edits_a_rule_and_the_change_is_audited(world: World) -> None:
    rule = seminar_rule(world)
    c = client_for(world.planner)
    r = c.post(reverse("ledger:rule_edit", args=[rule.pk]),
               rule_post(rule, domestic_jp="5", source="SK Kepala BKD 12/2026"))
    assert r.status_code == 302
    rule.refresh_from_db()
    assert rule.domestic_jp == Decimal(5) and rule.updated_by == world.planner
    event = AuditEvent.objects.get(action="jp_rule.update", object_id=str(rule.pk))
    assert event.changes["domestic_jp"] == ["4.0", "5"]
    assert rules_for(world.agency)["KL06"].domestic_jp == Decimal(5)


def test_a_bad_rule_is_refused_with_the_core_message(world: World) -> None:
    rule = seminar_rule(world)
    r = client_for(world.planner).post(
        reverse("ledger:rule_edit", args=[rule.pk]),
        rule_post(rule, basis="session", domestic_jp=None))
    assert r.status_code == 400
    assert 'id="rule-error"' in r.content.decode()
    rule.refresh_from_db()
    assert rule.basis == "day" and not AuditEvent.objects.filter(action="jp_rule.update")


def test_reset_puts_the_default_back(world: World) -> None:
    rule = seminar_rule(world)
    c = client_for(world.admin)
    c.post(reverse("ledger:rule_edit", args=[rule.pk]), rule_post(rule, domestic_jp="9"))
    c.post(reverse("ledger:rule_reset", args=[rule.pk]))
    rule.refresh_from_db()
    assert rule.domestic_jp == Decimal(4)
    assert AuditEvent.objects.filter(action="jp_rule.reset").count() == 1


def test_only_admin_and_planner_may_edit_rules(world: World) -> None:
    rule = seminar_rule(world)
    for user in (world.operator, world.leader, world.staff_user):
        c = client_for(user)
        assert c.post(reverse("ledger:rule_edit", args=[rule.pk]),
                      rule_post(rule, domestic_jp="9")).status_code == 403
        assert c.post(reverse("ledger:rule_reset", args=[rule.pk])).status_code == 403


# --------------------------------------------------------------------------------------------
# Outside activities


def submission(world: World, path: str = "KL06", **extra: Any) -> ExternalActivity:
    return ledger_external_submit(
        employee=world.staff, user=world.staff_user, title="Seminar Nasional Epidemiologi",
        path=DevelopmentPath.objects.get(code=path), provider_name="PAEI",
        start_date=dt.date(2026, 9, 1), end_date=dt.date(2026, 9, 2),
        certificate_number="PAEI/2026/77", **extra)


def test_an_employee_submits_with_a_certificate_file(world: World) -> None:
    c = client_for(world.staff_user)
    r = c.post(reverse("ledger:submit"), {
        "title": "Seminar Nasional Epidemiologi",
        "path": DevelopmentPath.objects.get(code="KL06").pk, "provider_name": "PAEI",
        "start_date": "2026-09-01", "end_date": "2026-09-02", "programme_jp": "",
        "certificate_number": "PAEI/2026/77",
        "certificate_file": SimpleUploadedFile("sertifikat.pdf", PDF, "application/pdf")})
    assert r.status_code == 302, r.content.decode()[:2000]
    activity = ExternalActivity.objects.get()
    assert activity.employee == world.staff and activity.status == SubmissionStatus.SUBMITTED
    assert activity.certificate_file.name.endswith(".pdf")


@pytest.mark.parametrize(("name", "content", "error"), [
    ("sertifikat.docx", b"PK\x03\x04", "PDF, JPG atau PNG"),
    ("sertifikat.pdf", b"MZ\x90\x00 not a pdf", "tidak sesuai"),
    ("sertifikat.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024), "paling besar 5 MB"),
])
def test_it_rejects_a_certificate_of_the_wrong_type_or_size(
        world: World, name: str, content: bytes, error: str) -> None:
    r = client_for(world.staff_user).post(reverse("ledger:submit"), {
        "title": "Kursus", "path": DevelopmentPath.objects.get(code="KL08").pk,
        "provider_name": "X", "start_date": "2026-09-01", "end_date": "2026-09-01",
        "programme_jp": "10", "certificate_number": "1",
        "certificate_file": SimpleUploadedFile(name, content)})
    assert r.status_code == 400 and error in r.content.decode()
    assert not ExternalActivity.objects.exists()


def test_approval_credits_jp_by_the_agency_rule(world: World) -> None:
    activity = submission(world)
    done = ledger_external_approve(activity=activity, user=world.operator)
    assert done.jp_credited == Decimal(8)  # seminar: 2 days × 4 JP
    assert done.record is not None
    row = done.record
    assert (row.jp, row.source, row.certificate_number) == (
        Decimal(8), DevelopmentSource.EXTERNAL, "PAEI/2026/77")
    assert done.jp_explanation["code"] == "jp.credit.per_day"


def test_approval_follows_an_adjusted_rule_and_the_monthly_session_cap(world: World) -> None:
    rule = seminar_rule(world)
    rule.domestic_jp = Decimal(6)
    rule.save()
    assert ledger_external_approve(activity=submission(world), user=world.planner
                                   ).jp_credited == Decimal(12)
    mentoring = ledger_external_submit(
        employee=world.staff, user=world.staff_user, title="Mentoring",
        path=DevelopmentPath.objects.get(code="NKL02"), provider_name="Dinkes",
        start_date=dt.date(2026, 9, 1), end_date=dt.date(2026, 9, 30),
        certificate_number="M-1",
        session_dates=(dt.date(2026, 9, 2), dt.date(2026, 9, 9), dt.date(2026, 9, 16)))
    assert ledger_external_approve(activity=mentoring, user=world.kabid_user
                                   ).jp_credited == Decimal(4)  # 2 sessions × 2 JP


def test_reject_needs_a_note(world: World) -> None:
    activity = submission(world)
    with pytest.raises(LedgerError, match="alasan"):
        ledger_external_reject(activity=activity, user=world.operator, note=" ")
    done = ledger_external_reject(activity=activity, user=world.operator,
                                  note="Sertifikat tidak terbaca")
    assert done.status == SubmissionStatus.REJECTED and not DevelopmentRecord.objects.exists()


def test_an_employee_cannot_approve_their_own(world: World) -> None:
    activity = submission(world)
    with pytest.raises(LedgerError):
        ledger_external_approve(activity=activity, user=world.staff_user)
    r = client_for(world.staff_user).post(reverse("ledger:decide", args=[activity.pk]),
                                          {"action": "approve"})
    assert r.status_code == 403
    assert ExternalActivity.objects.get().status == SubmissionStatus.SUBMITTED


def test_the_units_operator_and_the_supervisor_decide_others_do_not(world: World) -> None:
    activity = submission(world)
    assert client_for(world.auditor_user).post(
        reverse("ledger:decide", args=[activity.pk]), {"action": "approve"}).status_code == 403
    assert client_for(world.leader).post(
        reverse("ledger:decide", args=[activity.pk]), {"action": "approve"}).status_code == 403
    page = client_for(world.kabid_user).get(reverse("ledger:submissions")).content.decode()
    assert "Seminar Nasional Epidemiologi" in page and "8 JP" in page
    r = client_for(world.operator).post(reverse("ledger:decide", args=[activity.pk]),
                                        {"action": "reject", "note": ""}, follow=True)
    assert "alasan" in r.content.decode()
    client_for(world.operator).post(reverse("ledger:decide", args=[activity.pk]),
                                    {"action": "approve"})
    assert ExternalActivity.objects.get().status == SubmissionStatus.APPROVED


# --------------------------------------------------------------------------------------------
# bina jp


def test_the_cli_prints_the_contract_json(world: World) -> None:
    DevelopmentRecord.objects.create(
        employee=world.staff, title="Pelatihan", path=DevelopmentPath.objects.get(code="KL03"),
        jp=Decimal("21.5"), start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 3, 3))
    out = StringIO()
    call_command("jp", "--year", "2026", "--format", "json", "--agency", "prov-gorontalo",
                 stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"year", "people"} and data["year"] == 2026
    people = {p["nip"]: p for p in data["people"]}
    assert people[world.staff.nip] == {"nip": world.staff.nip, "name": "Yusran Pakaya",
                                       "unit": "DINKES-P2P", "planned_jp": 0,
                                       "earned_jp": 21.5, "status": "met"}
    assert people[world.lab.nip]["status"] == "not_applicable"
    assert {p["status"] for p in data["people"]} <= {
        "met", "on_track", "at_risk", "exempt", "not_applicable"}


def test_the_cli_filters_by_unit_and_writes_excel(world: World, tmp_path: Any) -> None:
    from openpyxl import load_workbook

    out = StringIO()
    call_command("jp", "--year", "2026", "--unit", "INSP", "--agency", "prov-gorontalo",
                 stdout=out)
    assert [p["nip"] for p in json.loads(out.getvalue())["people"]] == [world.auditor.nip]
    target = tmp_path / "jp.xlsx"
    call_command("jp", "--year", "2026", "--format", "xlsx", "-o", str(target),
                 "--agency", "prov-gorontalo", stderr=StringIO())
    wb = load_workbook(target)
    assert wb.sheetnames == ["Pegawai", "Ringkasan"]
    assert "JP diperoleh" in [c.value for c in wb["Pegawai"][3]]


@pytest.mark.parametrize("args", [
    ["--year", "20x6"], ["--year", "1999"], ["--year", "2026", "--unit", "NOPE"],
    ["--year", "2026", "--format", "xlsx"], ["export-siasn", "--year", "2026"],
])
def test_the_cli_refuses_bad_input_with_status_2(world: World, args: list[str]) -> None:
    with pytest.raises(CommandError) as info:
        call_command("jp", *args, "--agency", "prov-gorontalo")
    assert info.value.returncode == 2


def test_the_real_command_exits_2_on_a_bad_year(tmp_path: Any) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    bina = Path(sys.executable).with_name("bina")
    env = {**os.environ, "BINA_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([str(bina), "jp", "--year", "tahun"], capture_output=True,
                            text=True, timeout=120, env=env, check=False)
    assert result.returncode == 2 and "--year" in result.stderr


def test_ledger_remove_deletes_the_row_and_audits_what_it_credited(world: World) -> None:
    done = ledger_external_approve(activity=submission(world), user=world.operator)
    assert done.record is not None
    record_id = done.record.pk
    ledger_remove(record=done.record, user=world.planner, reason="Sertifikat palsu.")
    assert not DevelopmentRecord.objects.filter(pk=record_id).exists()
    done.refresh_from_db()
    assert done.record is None
    event = AuditEvent.objects.get(action="jp_ledger.remove")
    assert event.actor == world.planner
    assert event.changes["jp"] == "8.0" and event.changes["reason"] == "Sertifikat palsu."


def test_approval_reuses_the_activitys_path_without_looking_it_up(world: World) -> None:
    activity = submission(world)
    rules_for(world.agency)  # seeded before counting
    with CaptureQueriesContext(connection) as ctx:
        ledger_external_approve(activity=activity, user=world.operator)
    path_lookups = [q for q in ctx.captured_queries
                    if 'FROM "reference_developmentpath"' in q["sql"]
                    and '"reference_developmentpath"."code" =' in q["sql"]]
    assert path_lookups == []
