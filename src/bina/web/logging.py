"""Keep personal data out of the logs."""

from __future__ import annotations

import logging
import re

_NIP = re.compile(r"(?<!\d)(\d{4})\d{10}(\d{4})(?!\d)")


def mask_personal_data(text: str) -> str:
    """Mask every 18-digit number (a NIP) as ``1985**********0012``."""
    return _NIP.sub(lambda m: f"{m.group(1)}{'*' * 10}{m.group(2)}", text)


class MaskPersonalDataFilter(logging.Filter):
    """Rewrites each record's message so that no NIP reaches a log handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class MaskingFormatter(logging.Formatter):
    """Masks NIPs in the whole formatted record, tracebacks included (an exception message,
    e.g. a database integrity error, may quote one)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_personal_data(super().format(record))
