"""The public pages reach nothing else: they show no NIP and no contact, and an anonymous
visitor who walks every other URL of the application gets a login, 401, 403 or 404 — never a
page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bina.stakeholders.services import survey_submit

pytestmark = pytest.mark.django_db

#: What an anonymous visitor may open. Everything else must refuse.
PUBLIC = {
    "public:index", "public:survey", "public:thanks", "public:results", "public:track",
    "public:track_form",
    "verify:form", "verify:certificate",  # certificate verification (delivery)
    "accounts:login", "healthz", "set_language",
    "api:openapi-json",
}


def walk(patterns: list[URLPattern | URLResolver], prefix: str = "",
         namespace: str = "") -> Iterator[tuple[str, str]]:
    """(concrete path, qualified name) for every route, with 1 / "x" for its parameters."""
    for p in patterns:
        route = str(p.pattern)
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            yield from walk(p.url_patterns, prefix + route,
                            f"{namespace}:{ns}".strip(":") if ns else namespace)
        else:
            name = f"{namespace}:{p.name}".strip(":") if p.name else ""
            path = prefix + route
            path = re.sub(r"<int:[^>]+>", "1", path)
            path = re.sub(r"<[^>]+>", "x", path)
            if path.startswith("^") or "(?P" in path or "\\" in path:
                continue  # regular-expression routes (django-admin's catch-alls)
            yield "/" + path.lstrip("/"), name


def all_routes() -> list[tuple[str, str]]:
    return sorted(set(walk(get_resolver().url_patterns)))


def test_the_walk_finds_the_applications_routes() -> None:
    names = {name for _path, name in all_routes()}
    for expected in ("people:list", "plan:list", "public:complaints", "public:poster",
                     "needs:list", "audit:list"):
        assert expected in names


def test_an_anonymous_visitor_reaches_only_the_public_pages(client: Client, world: Any) -> None:
    reached = []
    for path, name in all_routes():
        if name in PUBLIC or path.startswith(("/static/", "/django-admin/")):
            continue
        response = client.get(path)
        status = response.status_code
        if status in (301, 302):
            location = response["Location"]
            if "/akun/masuk/" in location or "/django-admin/login/" in location:
                continue
            reached.append((path, name, status, location))
        elif status not in (401, 403, 404, 405):
            reached.append((path, name, status, ""))
    assert reached == []


def test_the_staff_side_of_the_public_voice_needs_a_login(client: Client, world: Any) -> None:
    for url in (reverse("public:complaints"), reverse("public:complaint", args=[1]),
                reverse("public:poster", args=[world.upt.code])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/akun/masuk/" in response["Location"]
    assert client.post(reverse("public:complaint_close", args=[1])).status_code == 302


def test_public_pages_never_show_a_nip_or_a_contact(client: Client, world: Any) -> None:
    from bina.people.models import Employee

    submitted = survey_submit(
        unit=world.upt, scores={f"U{i}": 3 for i in range(1, 10)}, file_complaint=True,
        complaint_text="Pelayanan lambat", contact_name="Siti Contoh",
        contact_phone="081299998888", contact_email="siti@example.org",
        client_address="192.0.2.10")
    assert submitted.complaint is not None
    code = submitted.complaint.tracking_code
    pages = [
        reverse("public:index"), reverse("public:survey", args=[world.upt.code]),
        reverse("public:results", args=[world.upt.code]),
        reverse("public:thanks", args=[world.upt.code]) + f"?lacak={code}",
        reverse("public:track", args=[code]), reverse("public:track_form"),
    ]
    nips = list(Employee.objects.values_list("nip", flat=True))
    assert nips
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for nip in nips:
            assert nip not in html, url
        for secret in ("Siti Contoh", "081299998888", "siti@example.org", "192.0.2.10"):
            assert secret not in html, url


def test_the_api_docs_page_needs_a_login_but_the_document_stays_public(
        client: Client, world: Any) -> None:
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]
    assert client.get(reverse("api:openapi-json")).status_code == 200
    client.force_login(world.staff_user)
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 200
    assert b"openapi.json" in response.content
