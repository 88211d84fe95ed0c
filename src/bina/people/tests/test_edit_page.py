from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bina.audit.models import AuditEvent


def form_data(world: Any, employee: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "unit": employee.unit_id, "position": employee.position_id,
        "supervisor_nip": employee.supervisor.nip if employee.supervisor else "",
        "grade": employee.grade_id, "education": employee.education_id, "education_major": "",
        "status": employee.status, "email": employee.email, "phone": employee.phone,
        "target_position": "", "target_note": "",
    }
    data.update(changes)
    return data


def test_an_operator_moves_an_employee_and_it_is_audited_with_a_new_placement(world: Any
                                                                            ) -> None:
    client = Client()
    client.force_login(world.operator)
    response = client.post(f"/pegawai/{world.staff.pk}/ubah/",
                           form_data(world, world.staff, unit=world.upt.pk, phone="08123"))
    assert response.status_code == 302
    world.staff.refresh_from_db()
    assert world.staff.unit == world.upt and world.staff.phone == "08123"
    event = AuditEvent.objects.get(object_type="employee", object_id=str(world.staff.pk))
    assert event.actor == world.operator
    assert set(event.changes) == {"unit", "phone"}
    assert world.staff.placements.filter(end_date__isnull=True).get().unit == world.upt
    assert world.staff.placements.count() == 2


def test_an_unknown_supervisor_nip_is_refused_in_indonesian(world: Any) -> None:
    client = Client()
    client.force_login(world.planner)
    response = client.post(f"/pegawai/{world.staff.pk}/ubah/",
                           form_data(world, world.staff, supervisor_nip="199001012015031099"))
    assert response.status_code == 200
    assert "Tidak ada pegawai dengan NIP ini" in response.content.decode()


@pytest.mark.parametrize("who", ["staff_user", "kabid_user", "leader", "auditor_user"])
def test_people_without_the_right_cannot_edit(world: Any, who: str) -> None:
    client = Client()
    client.force_login(getattr(world, who))
    assert client.get(f"/pegawai/{world.staff.pk}/ubah/").status_code in {403, 404}


def test_an_operator_cannot_edit_outside_their_unit(world: Any) -> None:
    client = Client()
    client.force_login(world.operator)
    assert client.get(f"/pegawai/{world.auditor.pk}/ubah/").status_code == 404


def test_performance_predicates_are_imported_from_the_web_page(
    world: Any, settings: Any, tmp_path: Any
) -> None:
    import io

    from openpyxl import Workbook

    from bina.jobs.services import jobs_run_pending
    from bina.people.models import PerformanceRecord

    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(world.planner)
    assert client.get("/pegawai/templat/performance/").status_code == 200
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["NIP", "TAHUN", "HASIL KERJA", "PERILAKU KERJA"])
    ws.append([world.staff.nip, 2025, "di bawah ekspektasi", "sesuai ekspektasi"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.name = "predikat.xlsx"
    buffer.seek(0)
    response = client.post("/pegawai/impor/", {"kind": "performance", "file": buffer})
    assert response.status_code == 302
    assert jobs_run_pending() == 1
    record = PerformanceRecord.objects.get(employee=world.staff, year=2025)
    assert record.predicate == "butuh_perbaikan"


def test_a_planner_enters_a_predicate_from_the_two_ratings(world: Any) -> None:
    client = Client()
    client.force_login(world.planner)
    response = client.post(f"/pegawai/{world.staff.pk}/kinerja/", {
        "year": 2025, "result_rating": "diatas", "behaviour_rating": "dibawah"})
    assert response.status_code == 302
    record = world.staff.performance_records.get(year=2025)
    assert record.predicate == "kurang"
    assert AuditEvent.objects.filter(action="performance", object_id=str(world.staff.pk)).exists()
    other = Client()
    other.force_login(world.staff_user)
    assert other.post(f"/pegawai/{world.staff.pk}/kinerja/", {
        "year": 2025, "result_rating": "diatas", "behaviour_rating": "diatas"}).status_code == 403
