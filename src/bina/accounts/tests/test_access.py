"""Each role sees what it needs and is denied the rest (pages and API alike)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bina.accounts import selectors


def ids(qs: Any) -> set[int]:
    return set(qs.values_list("id", flat=True))


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_agency_wide_roles_see_the_whole_agency_and_nothing_outside(world: Any) -> None:
    everyone = {world.kadis.pk, world.kabid.pk, world.staff.pk, world.lab.pk, world.auditor.pk}
    for user in (world.admin, world.planner, world.leader):
        assert ids(selectors.visible_employees(user)) == everyone


def test_an_operator_sees_their_unit_and_its_sub_units_only(world: Any) -> None:
    seen = ids(selectors.visible_employees(world.operator))
    assert seen == {world.kadis.pk, world.kabid.pk, world.staff.pk, world.lab.pk}
    assert world.auditor.pk not in seen


def test_a_supervisor_sees_themselves_and_their_subordinates(world: Any) -> None:
    assert ids(selectors.visible_employees(world.kabid_user)) == {world.kabid.pk, world.staff.pk}


def test_an_employee_sees_only_themselves(world: Any) -> None:
    assert ids(selectors.visible_employees(world.staff_user)) == {world.staff.pk}


def test_leadership_does_not_see_personal_data(world: Any) -> None:
    assert not selectors.can_see_personal_data(world.leader, world.staff)
    assert selectors.can_see_personal_data(world.planner, world.staff)
    assert selectors.can_see_personal_data(world.staff_user, world.staff)
    assert not selectors.can_see_personal_data(world.staff_user, world.kabid)


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("staff_user", "kabid", 404),
        ("staff_user", "staff", 200),
        ("kabid_user", "staff", 200),
        ("kabid_user", "kadis", 404),
        ("operator", "auditor", 404),
        ("operator", "lab", 200),
        ("auditor_user", "staff", 404),
        ("planner", "outsider", 404),
        ("admin", "outsider", 404),
    ],
)
def test_profile_pages_are_denied_outside_the_users_scope(
    world: Any, who: str, target: str, status: int
) -> None:
    employee = getattr(world, target)
    response = client_for(getattr(world, who)).get(f"/pegawai/{employee.pk}/")
    assert response.status_code == status


def test_the_api_applies_the_same_scope(world: Any) -> None:
    c = client_for(world.staff_user)
    assert c.get(f"/api/employees/{world.kabid.pk}").status_code == 404
    listed = c.get("/api/employees").json()
    assert [row["id"] for row in listed["items"]] == [world.staff.pk]


def test_the_api_masks_nip_and_hides_birth_dates_for_leadership(world: Any) -> None:
    c = client_for(world.leader)
    detail = c.get(f"/api/employees/{world.staff.pk}").json()
    assert detail["nip"] == "1992**********1004"
    assert detail["birth_date"] is None and detail["email"] is None


def test_the_profile_page_hides_the_birth_date_from_leadership(world: Any) -> None:
    page = client_for(world.leader).get(f"/pegawai/{world.staff.pk}/").content.decode()
    assert "17-08-1992" not in page and world.staff.nip not in page
    page = client_for(world.planner).get(f"/pegawai/{world.staff.pk}/").content.decode()
    assert "17-08-1992" in page and world.staff.nip in page


def test_an_employee_cannot_open_the_employee_list(world: Any) -> None:
    assert client_for(world.staff_user).get("/pegawai/").status_code == 403
    assert client_for(world.kabid_user).get("/pegawai/").status_code == 200


@pytest.mark.parametrize("who", ["staff_user", "kabid_user", "leader", "operator", "planner"])
def test_only_admins_browse_the_audit_trail(world: Any, who: str) -> None:
    assert client_for(getattr(world, who)).get("/audit/").status_code == 403


def test_admins_browse_the_audit_trail(world: Any) -> None:
    assert client_for(world.admin).get("/audit/").status_code == 200


@pytest.mark.parametrize("who", ["staff_user", "kabid_user", "leader", "operator"])
def test_only_planners_and_admins_import(world: Any, who: str) -> None:
    c = client_for(getattr(world, who))
    assert c.get("/pegawai/impor/").status_code == 403
    assert c.get("/pegawai/ekspor/").status_code == 403


@pytest.mark.parametrize("who", ["staff_user", "kabid_user", "leader", "planner"])
def test_only_operators_and_admins_manage_accounts(world: Any, who: str) -> None:
    assert client_for(getattr(world, who)).get("/akun/daftar/").status_code == 403


@pytest.mark.parametrize(
    "url", ["/", "/pegawai/", "/organisasi/unit/", "/akun/daftar/", "/audit/", "/api/employees"]
)
def test_anonymous_visitors_are_sent_to_sign_in(db: Any, url: str) -> None:
    response = Client().get(url)
    assert response.status_code in {302, 401}
    if response.status_code == 302:
        assert response["Location"].startswith("/akun/masuk/")


def test_units_of_another_agency_are_not_reachable(world: Any) -> None:
    from bina.org.models import Unit

    other_unit = Unit.objects.get(agency=world.other_agency)
    assert client_for(world.admin).get(f"/organisasi/unit/{other_unit.pk}/").status_code == 404
    assert client_for(world.operator).get(
        f"/organisasi/unit/{world.inspektorat.pk}/").status_code == 404
