"""Shared pieces: a second public unit outside the operator's OPD, and a filled-in form."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bina.stakeholders.forms import form_token


@pytest.fixture
def licensing(world: Any) -> Any:
    """DPMPTSP: a public service unit the Dinas Kesehatan operator does not handle."""
    from bina.org.services import unit_create

    return unit_create(agency=world.agency, code="DPMPTSP", kind="opd", is_public_service=True,
                       name="Dinas Penanaman Modal dan PTSP")


@pytest.fixture(autouse=True)
def _survey_defaults(settings: Any) -> None:
    settings.BINA_SURVEY_RATE = {"address": (10, 60), "unit": (600, 60)}
    settings.BINA_SURVEY_MIN_SECONDS = 3


def answers(unit: Any, **overrides: Any) -> dict[str, Any]:
    """A complete form for ``unit``, shown 10 seconds ago."""
    data: dict[str, Any] = {f"u{i}": "3" for i in range(1, 10)}
    data["token"] = form_token(unit.pk, issued_at=time.time() - 10)
    data["comment"] = ""
    data["website"] = ""
    data.update(overrides)
    return data


def scores(**overrides: Any) -> dict[str, Any]:
    out: dict[str, Any] = {f"U{i}": 4 for i in range(1, 10)}
    out.update(overrides)
    return out
