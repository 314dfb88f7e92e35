"""The data model of one analysis: what cablegram promises its users.

Every span is ``{start, end, text}`` with character offsets into
``document.text`` (the clean article), so ``document.text[start:end] == text``
always holds. Ids derive from content, so the same input gives the same ids.
The JSON Schema exported from these classes lives in
``schema/analysis.schema.json`` and a test keeps the two in step.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .ontology import event_types

SCHEMA_VERSION = "1.0"

PartKind = Literal["title", "dek", "byline", "caption", "credit", "heading", "paragraph", "agency"]
ActorType = Literal["person", "country", "organization", "group", "anonymous"]
AttributionKind = Literal["direct", "indirect", "mixed"]
SourceKind = Literal["named", "anonymous", "group", "organization", "document", "unknown"]
Modality = Literal[
    "asserted", "reported", "possible", "expected", "suspected", "proposed", "negated", "hypothetical"
]
EventType = Literal[event_types()]  # the PLOVER types of data/ontology.json (AGREE ... ASSAULT)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A stretch of ``document.text``: ``text == document.text[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Part(_Model):
    """One block of the clean article, in reading order."""

    kind: PartKind
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Boilerplate(_Model):
    """A block of the input that is not the article, kept so nothing is lost."""

    text: str
    kind: str = Field(description="paywall, subscription-appeal, donation-appeal, qr-code, share-nav, "
                                  "separator, promo, footer, related, comments, cookie, newsletter, other")
    line: Optional[int] = Field(None, description="0-based line number in the input where it starts")


class Document(_Model):
    """The clean article and what is known about it."""

    id: str = Field(description="content hash of the input")
    title: Optional[str] = None
    dek: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = Field(None, description="ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
    published_source: Optional[str] = Field(None, description="given | url | text | html")
    section: Optional[str] = None
    publisher: Optional[str] = None
    agency: Optional[str] = Field(None, description="news agency the story came from")
    byline: Optional[str] = None
    photo_credit: Optional[str] = None
    caption: Optional[str] = None
    headings: list[str] = Field(default_factory=list)
    language: Optional[str] = None
    format: Literal["text", "html"] = "text"
    text: str = Field(description="the clean article: title, dek, caption, headings and body")
    parts: list[Part] = Field(default_factory=list)
    boilerplate: list[Boilerplate] = Field(default_factory=list)


class Actor(_Model):
    """A canonical actor of the article, with every mention that refers to it."""

    id: str
    name: str
    type: ActorType
    country: Optional[str] = Field(None, description="ISO 3166 alpha-3")
    sector: Optional[str] = Field(None, description="PLOVER sector code (GOV, MIL, EDU, ...)")
    code: Optional[str] = Field(None, description="CAMEO-style actor code: country + sector, e.g. RUSMIL")
    roles: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)
    ambiguous: bool = Field(False, description="a mention could belong to more than one actor")


class Attribution(_Model):
    """Who said what: reported content, the cue that reports it and its speaker."""

    id: str
    kind: AttributionKind
    content: Span
    speaker: Optional[str] = Field(None, description="actor id")
    speaker_span: Optional[Span] = None
    cue: Optional[Span] = None
    source_kind: SourceKind = "unknown"
    intent: bool = Field(False, description="the cue is a verb of wish or intention, not of speech ('seeks to', "
                                            "'wants'): the content is what the speaker wants, not what they said")


class EventDate(_Model):
    text: Optional[str] = None
    value: Optional[str] = None
    report_date: bool = Field(False, description="no date in the text: the value is the publication date")


class Event(_Model):
    """Who does, wants or offers what to whom, how sure, according to whom, when."""

    id: str
    type: EventType
    mode: Optional[str] = None
    cameo: Optional[str] = None
    quad_class: Optional[str] = None
    source: list[str] = Field(default_factory=list, description="actor ids")
    target: list[str] = Field(default_factory=list, description="actor ids")
    reciprocal: bool = Field(False, description="the parties act on each other (met, agreed, signed, clashed): "
                                                "one event, source and target its two sides in the order named")
    what: Optional[str] = None
    modality: Modality = "asserted"
    tense: Optional[Literal["past", "present", "future"]] = None
    claimant: Optional[str] = Field(None, description="actor id of whoever claims it; null if the reporter does")
    attribution: Optional[str] = Field(None, description="attribution id covering the event")
    date: Optional[EventDate] = None
    place: Optional[str] = None
    trigger: Optional[Span] = None
    evidence: Span


class Time(_Model):
    """A temporal expression normalised to ISO 8601 against the publication date."""

    id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"] = "DATE"
    value: Optional[str] = None
    granularity: Optional[str] = None
    anchor: Optional[str] = Field(None, description="what the value was computed from: publication | time id | none")


class Analysis(_Model):
    """One analysis of one document."""

    schema_version: str = SCHEMA_VERSION
    cablegram_version: str
    pipeline: str = Field(description="name and version of the spaCy pipeline")
    document: Document
    actors: list[Actor] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def actor(self, actor_id: str) -> Optional[Actor]:
        return next((a for a in self.actors if a.id == actor_id), None)


def json_schema() -> dict:
    """The JSON Schema of :class:`Analysis` (what ``schema/analysis.schema.json`` holds)."""
    return Analysis.model_json_schema()
