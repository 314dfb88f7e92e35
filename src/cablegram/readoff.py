"""Reading the analysis off processed ``Doc``\\ s into the pydantic model.

A whole document is one Doc (:func:`read_off`). A long one is analysed in windows
(:func:`cablegram.contract.windows`), each a Doc of its own; :class:`WindowMerge` gathers
what each window found, its spans shifted into ``document.text``, and merges the actors.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from pydantic import BaseModel
from spacy.tokens import Doc

from .dates import calendar_value
from .schema import Actor, Analysis, Attribution, Document, Event, Time
from .version import __version__


def read_parts(doc: Doc) -> tuple[dict[str, Actor], list[Attribution], list[Event], list[Time]]:
    """What the stages assigned on one Doc: actors by id, attributions, events, times (offsets into the Doc)."""
    return (dict(doc._.cg_actors or {}), list(doc._.cg_attributions or []),
            dated(list(doc._.cg_events or []), doc._.cg_published), list(doc._.cg_times or []))


def dated(events: list[Event], published) -> list[Event]:
    """The last check on events' dates as they leave the Doc: a value is a calendar value within
    1800-2100 or None ("now" is the publication date). The time stage's ``Token._.cg_date`` already
    gives only such values; this holds whatever a stage wrote (PAST_REF, a year 1201)."""
    for ev in events:
        d = ev.date
        if d is None or d.value is None:
            continue
        value = calendar_value(published) if d.value == "PRESENT_REF" else calendar_value(d.value)
        if value != d.value:
            ev.date = d.model_copy(update={"value": value})
    return events


def read_off(doc: Doc, document: Document, pipeline: str) -> Analysis:
    actors, attributions, events, times = read_parts(doc)
    return Analysis(
        cablegram_version=__version__,
        pipeline=pipeline,
        document=document,
        actors=list(actors.values()),
        attributions=attributions,
        events=events,
        times=sorted(times, key=lambda t: t.start),
    )


def _actor_id_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a schema class that hold actor ids (their description says so)."""
    return tuple(name for name, f in model.model_fields.items() if "actor id" in (f.description or ""))


def shift(obj, offset: int, _seen: set | None = None) -> None:
    """Move every stretch of text inside ``obj`` (a model with int ``start`` and ``end``: a Span, a
    Time, ...) by ``offset`` characters, in place; each object once even where shared."""
    seen = set() if _seen is None else _seen
    if isinstance(obj, (list, tuple)):
        for x in obj:
            shift(x, offset, seen)
        return
    if not isinstance(obj, BaseModel) or id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(getattr(obj, "start", None), int) and isinstance(getattr(obj, "end", None), int):
        obj.start += offset
        obj.end += offset
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, (BaseModel, list, tuple)):
            shift(value, offset, seen)


def rename_actors(objs, ids: Mapping[str, str]) -> None:
    """Replace actor ids (``source``, ``target``, ``speaker``, ``claimant``: every field described
    as holding actor ids) by ``ids[old]``, in place."""
    if not ids:
        return
    for obj in objs:
        for name in _actor_id_fields(type(obj)):
            value = getattr(obj, name)
            if isinstance(value, str):
                setattr(obj, name, ids.get(value, value))
            elif isinstance(value, list):
                setattr(obj, name, list(dict.fromkeys(ids.get(v, v) for v in value)))


class WindowMerge:
    """The analysis of a document read in windows: each window's findings added in order.

    Actors with one id across windows become one actor (mentions and roles united; name, type,
    country, sector and code from the first window that has them). A one-word person of a later
    window ("Putin") whose word is the surname (last or first word) of exactly one person named in
    full in an earlier window is that person, as within one Doc a surname refers to the full name
    before it.
    """

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.attributions: list[Attribution] = []
        self.events: list[Event] = []
        self.times: list[Time] = []

    @property
    def prior_actors(self) -> Mapping[str, Actor]:
        """A read-only view of the actors found so far (what the next window's Doc carries)."""
        return MappingProxyType(self.actors)

    def _earlier_person(self, actor: Actor) -> str | None:
        words = actor.name.split()
        if actor.type != "person" or actor.id in self.actors or len(words) != 1:
            return None
        word = words[0].casefold()
        found = {a.id for a in self.actors.values() if a.type == "person" and len(a.name.split()) >= 2
                 and word in (a.name.split()[-1].casefold(), a.name.split()[0].casefold())}
        return found.pop() if len(found) == 1 else None

    def add(self, actors: dict[str, Actor], attributions: list[Attribution], events: list[Event],
            times: list[Time], offset: int) -> None:
        """One window's findings (offsets into the window, which starts at ``offset`` in the text)."""
        shift([list(actors.values()), attributions, events, times], offset)
        renamed = {a.id: target for a in actors.values() if (target := self._earlier_person(a))}
        rename_actors(attributions, renamed)
        rename_actors(events, renamed)
        for actor in actors.values():
            ident = renamed.get(actor.id, actor.id)
            into = self.actors.get(ident)
            if into is None:
                self.actors[ident] = actor
                continue
            known = {(m.start, m.end) for m in into.mentions}
            into.mentions.extend(m for m in actor.mentions if (m.start, m.end) not in known)
            into.roles.extend(r for r in actor.roles if r not in into.roles)
            for name in ("country", "sector", "code"):
                if getattr(into, name) is None and getattr(actor, name) is not None:
                    setattr(into, name, getattr(actor, name))
            into.ambiguous = into.ambiguous or actor.ambiguous
        self.attributions.extend(attributions)
        self.events.extend(events)
        self.times.extend(times)

    def analysis(self, document: Document, pipeline: str) -> Analysis:
        return Analysis(cablegram_version=__version__, pipeline=pipeline, document=document,
                        actors=list(self.actors.values()), attributions=self.attributions, events=self.events,
                        times=sorted(self.times, key=lambda t: t.start))
