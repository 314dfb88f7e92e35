"""Actors: mentions resolved to canonical actors with country, sector, code and roles.

The stage writes what other stages read onto the ``Doc`` (see :mod:`cablegram.pipeline`);
no stage calls in here. For single strings: :func:`resolve_text`.
"""

from .api import resolve_text  # noqa: F401

__all__ = ["resolve_text"]
