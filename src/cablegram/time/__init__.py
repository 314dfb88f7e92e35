"""Time: temporal expressions normalised against the publication date.

``time_for(token)`` dates a predicate; ``timeline(analysis)`` orders dated facts.
"""

from .link import time_for, timeline

__all__ = ["time_for", "timeline"]
