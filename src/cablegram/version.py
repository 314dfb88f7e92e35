"""cablegram's version (a bottom module, so that what records it imports no orchestration)."""

__version__ = "0.1.0"
