from __future__ import annotations

from typing import Any

from django.test import Client


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_me_describes_the_signed_in_account(world: Any) -> None:
    data = client_for(world.kabid_user).get("/api/me").json()
    assert data["username"] == world.kabid.nip
    assert data["is_supervisor"] is True and data["employee_id"] == world.kabid.pk


def test_the_api_needs_a_session(db: Any) -> None:
    assert Client().get("/api/me").status_code == 401


def test_employees_are_paginated_and_filtered(world: Any) -> None:
    c = client_for(world.planner)
    page = c.get("/api/employees", {"limit": 2, "offset": 0}).json()
    assert page["count"] == 5 and len(page["items"]) == 2
    dinkes = c.get("/api/employees", {"unit_id": world.dinkes.pk}).json()
    assert dinkes["count"] == 4
    pppk = c.get("/api/employees", {"employment_type": "PPPK"}).json()
    assert [e["name"] for e in pppk["items"]] == ["Nurhayati Daud"]
    by_grade = c.get("/api/employees", {"grade": "IV/a"}).json()
    assert [e["id"] for e in by_grade["items"]] == [world.kabid.pk]


def test_an_operator_lists_only_the_units_of_their_subtree(world: Any) -> None:
    names = {u["name"] for u in client_for(world.operator).get("/api/units").json()}
    assert names == {world.dinkes.name, world.bidang.name, world.upt.name}


def test_the_standard_of_a_position_is_readable_by_its_holder_only(world: Any) -> None:
    from bina.org.services import competency_standard_set
    from bina.reference.models import Competency

    m5 = Competency.objects.get(code="M.5")
    competency_standard_set(position=world.staff.position, levels={m5: 2})
    mine = client_for(world.staff_user).get(f"/api/positions/{world.staff.position_id}/standard")
    assert mine.json() == [{"competency_code": "M.5", "competency_name": "Pelayanan Publik",
                            "kind": "manajerial", "required_level": 2}]
    other = client_for(world.staff_user).get(f"/api/positions/{world.kadis.position_id}/standard")
    assert other.status_code == 404


def test_a_first_login_account_must_change_its_password_before_using_the_api(world: Any
                                                                            ) -> None:
    world.staff_user.must_change_password = True
    world.staff_user.save()
    assert client_for(world.staff_user).get("/api/me").status_code == 403
