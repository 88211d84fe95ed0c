"""Shared by every test: Hypothesis profiles.

"ci" (chosen when the CI environment variable is set, as it is in CI) is reproducible and has no
deadline: database-backed examples on a busy 2-core machine would otherwise fail on timing alone.
"dev" keeps Hypothesis's defaults. HYPOTHESIS_PROFILE picks one explicitly.

pytest loads this file before it imports any test module (tests/ is in testpaths), which matters:
@given takes the profile that is loaded when the test module is imported.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=50,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,  # derandomized: nothing worth keeping between CI runs
)
settings.register_profile("dev")
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
