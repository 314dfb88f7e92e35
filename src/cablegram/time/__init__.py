"""Time: temporal expressions normalised against the publication date.

``time_for(token)`` dates a predicate (``event_date(token)`` as an EventDate); ``timeline(analysis)`` orders dated facts.
"""

from .link import event_date, time_for, timeline

__all__ = ["event_date", "time_for", "timeline"]
