from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bina.accounts import services
from bina.accounts.models import User


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post("/akun/masuk/", {"username": username, "password": password})


def test_it_signs_in_with_the_nip_as_username(world: Any) -> None:
    response = sign_in(Client(), world.staff.nip, "rahasia-123")
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_wrong_password_is_refused_in_indonesian(world: Any) -> None:
    response = sign_in(Client(), world.staff.nip, "salah")
    assert response.status_code == 200
    assert "kata sandi salah" in response.content.decode()


def test_it_throttles_repeated_failures_for_a_username(world: Any, settings: Any) -> None:
    settings.BINA_LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        sign_in(client, "admin", "salah")
    response = sign_in(client, "admin", "rahasia-123")  # right password, but throttled
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_clears_the_failures(world: Any, settings: Any) -> None:
    settings.BINA_LOGIN_MAX_FAILURES = 3
    client = Client()
    sign_in(client, "admin", "salah")
    sign_in(client, "admin", "salah")
    assert sign_in(client, "admin", "rahasia-123").status_code == 302
    assert not services.login_is_throttled(username="admin", client_address="127.0.0.1")


def test_the_next_parameter_cannot_redirect_off_site(world: Any) -> None:
    response = Client().post("/akun/masuk/?next=https://evil.example/",
                             {"username": "admin", "password": "rahasia-123"})
    assert response["Location"] == "/"


def test_bulk_accounts_get_first_login_codes_that_must_be_changed(world: Any) -> None:
    issued = services.accounts_create_for_employees(
        employees=[world.kadis, world.lab], actor=world.operator)
    assert {c.username for c in issued} == {world.kadis.nip, world.lab.nip}
    account = User.objects.get(username=world.lab.nip)
    assert account.must_change_password and account.employee == world.lab
    code = next(c.code for c in issued if c.username == world.lab.nip)
    client = Client()
    assert sign_in(client, world.lab.nip, code.lower()).status_code == 302
    assert client.get("/").status_code == 302  # sent to change the password first
    assert client.get("/").headers["Location"] == "/akun/kata-sandi/"
    response = client.post("/akun/kata-sandi/", {"new_password1": "Gorontalo#2026",
                                                  "new_password2": "Gorontalo#2026"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    account.refresh_from_db()
    assert not account.must_change_password


def test_bulk_creation_skips_employees_who_have_an_account(world: Any) -> None:
    issued = services.accounts_create_for_employees(
        employees=[world.staff, world.lab], actor=world.operator)
    assert [c.username for c in issued] == [world.lab.nip]


def test_the_codes_are_printable_once_by_the_operator(world: Any) -> None:
    client = Client()
    client.force_login(world.operator)
    response = client.post("/akun/daftar/buat/", {"unit": world.dinkes.pk})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert world.kadis.nip in page.content.decode()
    pdf = client.get(response["Location"] + "pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    other = Client()
    other.force_login(world.admin)
    assert other.get(response["Location"]).status_code == 404  # codes live in one session


def test_an_operator_cannot_reset_someone_outside_their_unit(world: Any) -> None:
    client = Client()
    client.force_login(world.operator)
    assert client.post(f"/akun/daftar/reset/{world.auditor.pk}/").status_code == 404
    assert client.post(f"/akun/daftar/reset/{world.staff.pk}/").status_code == 302


def test_account_changes_are_audited(world: Any) -> None:
    from bina.audit.models import AuditEvent

    services.password_reset(user=world.staff_user, actor=world.operator)
    event = AuditEvent.objects.get(action="password_reset")
    assert event.actor == world.operator and event.object_id == world.staff.nip


@pytest.mark.parametrize("code", ["ABCD-EFGH", "abcd efgh", "abcdefgh"])
def test_codes_are_forgiving_about_case_spaces_and_the_dash(code: str) -> None:
    assert services.normalise_code(code) == "ABCDEFGH"
