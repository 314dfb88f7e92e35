"""The hypothesis settings profiles of the property tests.

``cablegram-ci`` (the default, what `make test` runs): 1,000 examples per
property, no deadline (the first call of a stage may be slow).
``cablegram-dev``: 50 examples, for a quick local run (``HYPOTHESIS_PROFILE=dev``).
Tests apply :data:`PROFILE` as a decorator rather than loading it globally, so
other tests' hypothesis settings are untouched.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = dict(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)
settings.register_profile("cablegram-ci", max_examples=1000, **_COMMON)
settings.register_profile("cablegram-dev", max_examples=50, **_COMMON)

NAME = "cablegram-" + os.environ.get("HYPOTHESIS_PROFILE", "ci").removeprefix("cablegram-")
PROFILE = settings.get_profile(NAME if NAME in ("cablegram-ci", "cablegram-dev") else "cablegram-ci")
