"""What the stage writes for the stages after it, beyond the mentions: the actor of every
noun phrase (``Token._.cg_np_actor``) and the country of every place name
(``Token._.cg_place``, ``Doc.spans["cg_places"]``), so that no stage resolves actors itself.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..contract import children, column, heads
from . import gazetteer as gz

_WALK_UP = {"compound", "flat", "appos", "nmod"}
_RELATIVE = ("who", "whom", "whose", "which", "that")
_PLACE_ENTS = ("GPE", "LOC", "FAC")


def np_actor(token: Token, _depth: int = 0, bodies: frozenset = frozenset(),
             at: Optional[list] = None) -> Optional[str]:
    """The actor of the noun phrase ``token`` heads or sits in (``Token._.cg_actor`` must be set;
    ``at``: those values by token index, when the caller has read them once).

    The token's own mention; for a relative pronoun its antecedent ("Mr. Nam, who is now a
    professor"); for a modifier or an appositive the phrase it modifies; an appositive of the
    token; for a role noun ("Russia's foreign minister") its possessive or compound owner.
    ``Kim's priorities`` is not Kim.
    """
    if token is None:
        return None
    return _np_actor(_Parse(token.doc), token.i, _depth, bodies, _ActorAt(token.doc) if at is None else at)


class _Parse:
    """The columns :func:`_np_actor` reads, by token index (asked of every token: no Token made),
    and each token's children in order (as ``Token.children`` gives them)."""

    def __init__(self, doc: Doc):
        self.doc, self.lower, self.dep, self.pos = doc, column(doc, "lower"), column(doc, "dep"), column(doc, "pos")
        self.text, self.heads, self.kids = column(doc, "text"), heads(doc), children(doc)


def _np_actor(p: _Parse, i: int, depth: int, bodies: frozenset, at) -> Optional[str]:
    if depth > 4:
        return None
    ident = at[i]
    if ident:
        return ident
    head = p.heads[i]
    if p.lower[i] in _RELATIVE and p.dep[head] == "relcl":
        return _np_actor(p, p.heads[head], depth + 1, bodies, at)
    if p.dep[i] in _WALK_UP and head != i:
        up = _np_actor(p, head, depth + 1, bodies, at)
        if up:
            return up
    for c in p.kids[i]:
        if p.dep[c] == "appos" and at[c]:
            return at[c]
    if p.pos[i] == "NOUN":
        named = _titled_conj(p, i, at)
        if named:
            return named  # "Retired FBI agent and terrorism specialist Ali Soufan": the person, not the FBI
    role = gz.role_index().get(gz.singular(p.lower[i]))
    if role is not None and role.kind in ("P", "G", "O"):
        for c in p.kids[i]:
            if p.dep[c] in ("compound", "poss", "nmod", "amod") and c < i:
                found = at[c] or next((at[t.i] for t in p.doc[c].subtree if at[t.i]), None)
                if found and found in bodies:  # a country's or a body's office, not a person's mother
                    return found
    return None


class _ActorAt:
    """``at[i]`` read from the tokens (``Token._.cg_actor``) when no list of them is given."""

    def __init__(self, doc: Doc):
        self.doc = doc

    def __getitem__(self, i: int) -> Optional[str]:
        return self.doc[i]._.cg_actor


def _titled_conj(p: _Parse, i: int, at) -> Optional[str]:
    """The actor a noun's conjoined title names ("agent and specialist Ali Soufan" parsed as
    "agent" and "Soufan"): a name right after another common noun, with no comma or article between."""
    for c in p.kids[i]:
        if p.dep[c] != "conj" or not at[c] or c <= i:
            continue
        first = c
        while first - 1 > i and at[first - 1] == at[c]:
            first -= 1
        if p.pos[first - 1] == "NOUN" and not at[first - 1] and \
                not any(p.text[j] == "," or p.dep[j] == "det" for j in range(i, first)):
            return at[c]
    return None


def write_np_actors(doc: Doc, actor_at: Optional[list] = None) -> None:
    """``Token._.cg_np_actor`` of every token; ``actor_at``: every token's ``cg_actor`` by index
    (read from the tokens when not given)."""
    bodies = frozenset(k for k, a in (doc._.cg_actors or {}).items() if a.type in ("country", "organization"))
    at = actor_at if actor_at is not None else [t._.cg_actor for t in doc]
    parse = _Parse(doc)
    for i in range(len(doc)):
        ident = _np_actor(parse, i, 0, bodies, at)
        if ident is not None:  # None is the attribute's default: most tokens are in no actor's phrase
            doc[i]._.cg_np_actor = ident


def write_places(doc: Doc, places: list[tuple[int, int, str]], mentions) -> list[SpacySpan]:
    """Place spans: the places the resolver found (not acting), the places that act (a country,
    a capital for its government), and every place-like entity the gazetteer knows."""
    found: dict[tuple[int, int], str] = {}
    for start, end, iso in places:
        found[(start, end)] = iso
    for m in mentions:
        if m.kind == "country" and m.iso3 and _names_place(doc[m.start:m.end].text):
            found.setdefault((m.start, m.end), m.iso3)
    for ent in doc.ents:
        if ent.label_ in _PLACE_ENTS and not any((s, e) for (s, e) in found if s < ent.end and ent.start < e):
            iso = gz.lookup_place(ent.text)
            if iso:
                found[(ent.start, ent.end)] = iso
    spans = []
    for (start, end), iso in sorted(found.items()):
        spans.append(SpacySpan(doc, start, end, label=iso))
        for tok in doc[start:end]:
            tok._.cg_place = iso
    return spans


def _names_place(text: str) -> bool:
    """A country's or a seat's name ("North Korea", "Moscow"), not a demonym or "the country"."""
    key = gz.norm(text)
    key = key[:-2] if key.endswith("'s") else key
    return key in gz.country_index() or key in gz.seat_index()
