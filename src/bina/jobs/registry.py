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


def get_handler(kind: str) -> Handler:
    return _HANDLERS[kind]


def no_progress(done: int, total: int, message: str = "") -> None:
    """A progress callback that ignores progress (for direct calls from the CLI and tests)."""
