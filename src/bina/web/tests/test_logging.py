from __future__ import annotations

import logging

from bina.web.logging import MaskPersonalDataFilter, mask_personal_data


def test_it_masks_every_nip_in_a_log_message() -> None:
    assert mask_personal_data("import 198005202005012003 ok") == "import 1980**********2003 ok"
    assert mask_personal_data("order 12345") == "order 12345"


def test_the_filter_rewrites_records_with_arguments() -> None:
    record = logging.LogRecord("x", logging.INFO, "f", 1, "user %s failed", ("198005202005012003",),
                               None)
    assert MaskPersonalDataFilter().filter(record)
    assert record.getMessage() == "user 1980**********2003 failed"


def test_the_formatter_masks_nips_in_tracebacks_too() -> None:
    import sys

    from bina.web.logging import MaskingFormatter

    try:
        raise ValueError("duplicate key (nip)=(198005202005012003)")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, "f", 1, "boom", (), sys.exc_info())
    text = MaskingFormatter().format(record)
    assert "198005202005012003" not in text and "1980**********2003" in text
