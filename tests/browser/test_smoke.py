"""The browser infrastructure works end to end: Chromium opens the live server's health check."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page


def test_healthz_in_browser(
    page: Page, live_server: Any, transactional_db: None, shot: Callable[[], Path]
) -> None:
    response = page.goto(live_server.url + "/healthz")
    assert response is not None
    assert response.status == 200
    body = response.text()
    assert '"status": "ok"' in body
    assert json.loads(body)["status"] == "ok"
    assert shot().stat().st_size > 0
