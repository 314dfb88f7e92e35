"""Actors: mentions resolved to canonical actors with country, sector, code and roles.

For other stages: :func:`actor_of` (the actor of a token's noun phrase) and
:func:`mentions_of`; for single strings: :func:`resolve_text`.
"""

from .api import actor_of, mentions_of, place_of, resolve_text  # noqa: F401

__all__ = ["actor_of", "mentions_of", "place_of", "resolve_text"]
