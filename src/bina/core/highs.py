"""One quiet HiGHS instance. highspy prints its banner ("Running HiGHS …") to the process's
standard output when an instance is created, before any option can switch logging off; a
command that prints JSON on standard output must not carry it. The banner is sent to
/dev/null by pointing file descriptor 1 there while the instance is made."""

from __future__ import annotations

import os
import sys
from typing import Any


def new_highs() -> Any:
    """A ``highspy.Highs`` with logging off (``output_flag`` false)."""
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    return h
