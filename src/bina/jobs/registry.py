"""Job handlers register here by kind. A handler takes the job and a progress callback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from bina.jobs.models import Job


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> None: ...


Handler = Callable[[Job, Progress], dict[str, Any]]

_HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register ``fn`` as the handler of jobs of ``kind``. It returns the job's result (JSON)."""

    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        return fn

    return register


DailyTask = Callable[[], dict[str, Any]]

_DAILY: dict[str, DailyTask] = {}


def daily_task(name: str) -> Callable[[DailyTask], DailyTask]:
    """Register ``fn`` to run once a day in the worker (for example, opening the behaviour
    follow-ups that fall due). It returns a small summary for the log."""

    def register(fn: DailyTask) -> DailyTask:
        _DAILY[name] = fn
        return fn

    return register


def daily_tasks() -> dict[str, DailyTask]:
    return dict(_DAILY)


def get_handler(kind: str) -> Handler:
    return _HANDLERS[kind]


def no_progress(done: int, total: int, message: str = "") -> None:
    """A progress callback that ignores progress (for direct calls from the CLI and tests)."""
