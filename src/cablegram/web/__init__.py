"""The web view over a corpus store: ``cablegram serve`` or ``create_app(db)`` for any ASGI server."""

from ..extras import require

require("web", "the web view (cablegram serve)")

from .app import create_app  # noqa: E402

__all__ = ["create_app"]
