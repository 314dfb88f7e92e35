"""The PLOVER ontology, in one place: event types, their quad class, intensity, modes and CAMEO roots.

``data/ontology.json`` is generated from the PLOVER manual by ``training/event_ontology.py``. Every
other list of event types derives from it: :data:`cablegram.schema.EventType`, the trigger lexicon's
``type``/``neg``/``mode`` values (validated on load), the events stage's tables (checked by a test).
Adding an event type is a change to the ontology, then to the language data that names its words.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

PATH = Path(__file__).resolve().parent / "data" / "ontology.json"


@functools.cache
def ontology() -> dict:
    """PLOVER types -> quad_class, intensity, modes, CAMEO roots; contexts; auxiliary modes."""
    return json.loads(PATH.read_text(encoding="utf-8"))


def event_types() -> tuple[str, ...]:
    """The PLOVER event types, in the manual's order."""
    return tuple(ontology()["types"])


def modes(event_type: str) -> tuple[str, ...]:
    """The modes the manual defines for a type ("visit", "phone" for CONSULT)."""
    return tuple(ontology()["types"][event_type]["modes"])
