"""The web view over a corpus store: ``cablegram serve`` or ``create_app(db)`` for any ASGI server."""

from .app import create_app

__all__ = ["create_app"]
