"""Events: who does, wants or offers what to whom, in the PLOVER ontology.

The stage (``component.py``) reads actors and attributions off the Doc and sets
``Doc._.cg_events``; :func:`wants` groups exchange events into "who wants what
from whom" lines for the brief; :mod:`.classify` types whole sentences.
"""

from .wants import wants

__all__ = ["wants"]
