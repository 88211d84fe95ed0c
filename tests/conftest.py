"""Shared by every test: Hypothesis profiles.

"ci" (chosen when the CI environment variable is non-empty, as it is in CI) is reproducible and
has no deadline: database-backed examples on a busy 2-core machine would otherwise fail on timing
alone. "dev" is Hypothesis's own defaults. HYPOTHESIS_PROFILE picks one explicitly.

Both start from Hypothesis's "default" profile: Hypothesis itself already loads its built-in "ci"
profile whenever a CI variable exists (even an empty one), and a profile registered without a
parent would inherit whatever is loaded.

pytest loads this file before it imports any test module (tests/ is in testpaths), which matters:
@given takes the profile that is loaded when the test module is imported.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_default = settings.get_profile("default")

settings.register_profile(
    "ci",
    parent=_default,
    deadline=None,
    derandomize=True,
    max_examples=50,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,  # derandomized: nothing worth keeping between CI runs
    print_blob=True,
)
settings.register_profile("dev", parent=_default)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
