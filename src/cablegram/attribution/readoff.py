"""From what the passes found to :class:`schema.Attribution`: ids, spans with offsets into
the text, the speaker's actor (continuations take their source's) and the kind of source."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Token

from ..ids import span_id
from ..contract import text_of
from ..schema import Attribution, Span
from .context import Found, actor_lookup
from .lexicon import lexicon

_BY_TYPE = {"person": "named", "anonymous": "anonymous", "group": "group",
            "organization": "organization", "country": "organization"}
_BY_ENT = {"PERSON": "named", "ORG": "organization", "GPE": "organization", "NORP": "group"}


def _span(doc: Doc, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text_of(doc)[start:end])


def source_kind(doc: Doc, head: Optional[Token], actor: Optional[str]) -> str:
    """named | anonymous | group | organization | document | unknown, from the head word and the actor's type."""
    if head is None:
        return "unknown"
    lex = lexicon()
    actors = doc._.cg_actors or {}
    atype = getattr(actors.get(actor), "type", None) if actor else None
    if head.pos_ == "NOUN":
        kind = lex.source_heads.get(head.lemma_.lower())
        if kind == "anonymous" and head.tag_ in ("NN",) and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children) and atype == "person":
            return "named"  # "the spokesman", resolved to a person
        if kind:
            return kind
        return _BY_TYPE.get(atype, "unknown")
    if atype in _BY_TYPE:
        return _BY_TYPE[atype]
    if head.pos_ == "PROPN":
        return _BY_ENT.get(head.ent_type_, "named")
    return "unknown"


def _source(f: Found) -> Found:
    """The attribution whose speaker ``f`` continues (itself when it names its own)."""
    hops = 0
    while f.inherited is not None and hops < 50:
        f = f.inherited
        hops += 1
    return f


def to_schema(doc: Doc, found: list[Found]) -> list[Attribution]:
    """One :class:`Attribution` per content span; each content token points at it."""
    actor_of = actor_lookup()
    out: list[Attribution] = []
    resolved: dict[int, tuple] = {}
    seen: set[str] = set()
    for f in found:
        ident = span_id(doc._.cg_doc_id, "attr", f.start, f.end)
        if ident in seen:
            continue   # one attribution per content span (ids are unique)
        seen.add(ident)
        src = _source(f)
        speaker = speaker_span = None
        kind = "unknown"
        if src.speaker_tokens is not None:
            if id(src) not in resolved:
                resolved[id(src)] = _resolve(doc, src, actor_of)
            speaker, speaker_span, kind = resolved[id(src)]
        attr = Attribution(
            id=ident,
            kind=f.kind,
            content=_span(doc, f.start, f.end),
            speaker=speaker,
            speaker_span=speaker_span,
            cue=_span(doc, *f.cue) if f.cue else None,
            source_kind=kind,
            intent=f.intent,
        )
        out.append(attr)
        for i in f.tokens:
            ext = doc[i]._
            if ext.cg_attribution is None:
                ext.cg_attribution = attr.id
    return out


def _resolve(doc: Doc, src: Found, actor_of) -> tuple:
    """(actor id, speaker span, source kind) of a speaker phrase: the actor of its head first."""
    lo, hi = src.speaker_tokens
    head = doc[src.speaker_head] if src.speaker_head is not None else doc[lo]
    order = [head] + [t for t in doc[lo:hi] if t is not head] + [t for t in head.subtree if not (lo <= t.i < hi)]
    speaker = None
    for t in order:
        speaker = actor_of(t)
        if speaker:
            break
    speaker_span = _span(doc, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))
    return speaker, speaker_span, source_kind(doc, head, speaker)
