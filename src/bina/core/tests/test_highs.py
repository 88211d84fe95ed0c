"""HiGHS stays quiet: commands print JSON on standard output, and its banner must not be there."""

from __future__ import annotations

import pytest

from bina.core.highs import new_highs


def test_a_new_instance_prints_nothing_and_logs_nothing(capfd: pytest.CaptureFixture[str]
                                                        ) -> None:
    h = new_highs()  # not run: an empty model's run() upsets HiGHS's later solves in-process
    out, _err = capfd.readouterr()
    assert out == ""
    _status, flag = h.getOptionValue("output_flag")
    assert flag is False
