"""Reading the analysis off a processed ``Doc`` into the pydantic model."""

from __future__ import annotations

from spacy.tokens import Doc

from .version import __version__
from .schema import Analysis, Document


def read_off(doc: Doc, document: Document, pipeline: str) -> Analysis:
    actors = list((doc._.cg_actors or {}).values())
    return Analysis(
        cablegram_version=__version__,
        pipeline=pipeline,
        document=document,
        actors=actors,
        attributions=list(doc._.cg_attributions or []),
        events=list(doc._.cg_events or []),
        times=sorted(doc._.cg_times or [], key=lambda t: t.start),
    )
