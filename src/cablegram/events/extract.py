"""PLOVER events read off spaCy's dependency parse with the trigger lexicon.

A trigger is a verb ("traveled", "asked") or an event noun ("summit", "drills",
"war") from ``data/triggers.yaml``. Its source is the subject (the agent of a
passive, the controller of an infinitive, the possessor or governing verb's
subject of a noun); its targets are objects and the prepositions the lexicon
names, one event per coordinated target. Modality comes from the cues of
``data/modality.yaml`` on the trigger's clause and the clauses that govern it;
the claimant from the attribution stage (or a reporting verb governing the
clause when that stage left the clause uncovered).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..ids import span_id
from ..contract import text_of
from ..schema import Event, EventDate, Span
from . import lexicon

DEFAULT_TO = ("to", "with", "against")
DEFAULT_WHAT = ("for",)
OBJ_CONTROL = {"ask", "urge", "order", "invite", "allow", "press", "tell", "force", "prompt", "help", "encourage",
               "persuade", "push", "call", "request", "require", "expect", "want", "need"}
NOMINAL_UP = {"pobj", "prep", "dobj", "attr", "appos", "conj", "oprd", "npadvmod", "pcomp", "dative", "compound"}
ORIGIN_DEPS = {"compound", "amod", "poss", "nmod"}
MAX_WALK = 12
STRENGTH = ("negated", "suspected", "proposed", "possible", "expected", "hypothetical")
NEEDS_COUNTERPART = {"REQUEST", "REJECT", "AGREE", "AID"}
# verbs whose infinitive complement is the content of the event ("agreed to withdraw", "threatened to
# attack", "refused to meet", "asked X to send"): the complement is the what, not an event of its own
WRAPPING = {"REQUEST", "AGREE", "REJECT", "THREATEN"}


@dataclass
class Found:
    trigger: Token
    entry: dict
    type: str
    clause: Token                      # the verb whose clause holds the event
    source: list[str]
    target: list[str]
    what: Optional[str] = None
    place: Optional[str] = None
    reciprocal: bool = False
    suppressed: set = field(default_factory=set)


# --------------------------------------------------------------------------- actors

def _aid(tok: Token, actors: dict) -> Optional[str]:
    a = tok._.cg_np_actor
    return a if a and a in actors else None


def _is_relative(tok: Token) -> bool:
    return tok.tag_ in ("WDT", "WP", "WP$") or tok.lower_ in ("that", "which", "who", "whom")


def arg_actors(tok: Token, actors: dict, depth: int = 0, modifiers: bool = True) -> list[str]:
    """Actors an argument headed by ``tok`` stands for, one per coordinated member."""
    if depth > MAX_WALK:
        return []
    out: list[str] = []
    a = _aid(tok, actors)
    if a:
        out.append(a)
    elif modifiers and tok.pos_ in ("NOUN", "PROPN", "PRON"):
        for c in tok.children:
            if c.dep_ in ORIGIN_DEPS and c.i < tok.i:
                ca = _aid(c, actors)
                if ca and ca not in out:
                    out.append(ca)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("like", "including", "as"):
            for p in c.children:
                if p.dep_ == "pobj":
                    out += arg_actors(p, actors, depth + 1)
        elif c.dep_ == "conj" or (c.dep_ == "appos" and not out):
            out += arg_actors(c, actors, depth + 1, modifiers)
    seen: list[str] = []
    for x in out:
        if x not in seen:
            seen.append(x)
    return seen


DEEP_PREPS = ("of", "from", "with", "to", "for", "against", "on", "by")


def deep_actors(tok: Token, actors: dict, depth: int = 0) -> list[str]:
    """Actors of an object phrase: its head, else its modifiers, else actors inside its PPs
    ("asylum to five Panamanian army officers", "an offer from Afghanistan")."""
    found = arg_actors(tok, actors)
    if found or depth >= 3:
        return found
    preps = DEEP_PREPS + ("in",) if tok.dep_ == "dobj" else DEEP_PREPS  # "resume attacks in Israel"
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    found += [a for a in deep_actors(p, actors, depth + 1) if a not in found]
    return found


def _child(tok: Token, *deps: str) -> Optional[Token]:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    preps = set(preps)
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            out += [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
    return out


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    # "resolutions, supported by Russia,": a participle modifying a noun, with an agent
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def antecedent(rel: Token) -> Optional[Token]:
    """The noun a relative pronoun stands for when the parser left the clause unattached."""
    j = rel.i - 1
    doc = rel.doc
    while j >= rel.sent.start and doc[j].is_punct:
        j -= 1
    if j < rel.sent.start:
        return None
    t = doc[j]
    for _ in range(MAX_WALK):
        if t.head == t or t.head.i > t.i:
            break
        step = t.dep_
        t = t.head
        if step in ("acl", "relcl", "appos") and t.pos_ in ("NOUN", "PROPN"):
            return t
    return doc[j] if doc[j].pos_ in ("NOUN", "PROPN") else None


def subjects(verb: Token, actors: dict, depth: int = 0) -> list[str]:
    """The actors doing what ``verb`` says: subject, agent, controller or antecedent."""
    if depth > MAX_WALK:
        return []
    if is_passive(verb):
        return [a for p in _prep_objects(verb, ("by",)) for a in arg_actors(p, actors)]
    subj = _child(verb, "nsubj", "csubj", "expl")
    if subj is not None and _is_relative(subj) and verb.dep_ not in ("relcl", "acl"):
        ante = antecedent(subj)
        return arg_actors(ante, actors) if ante is not None else []
    if subj is not None and not _is_relative(subj) and subj.dep_ != "expl":
        found = arg_actors(subj, actors)
        if found or subj.pos_ != "PRON":
            return found
    head = verb.head
    if head == verb:
        return []
    if verb.dep_ in ("relcl", "acl") or (subj is not None and _is_relative(subj)):
        return arg_actors(head, actors) if head.pos_ in ("NOUN", "PROPN", "PRON") else subjects(head, actors, depth + 1)
    if verb.dep_ == "xcomp" or (verb.dep_ in ("advcl", "ccomp") and _child(verb, "aux") is not None
                                and _child(verb, "aux").lower_ == "to" and subj is None):
        if verb.dep_ == "xcomp" and head.lemma_ in OBJ_CONTROL:
            obj = _child(head, "dobj")
            if obj is not None:
                found = arg_actors(obj, actors)
                if found:
                    return found
        if head.pos_ in ("NOUN", "PROPN"):
            return arg_actors(head, actors)
        if head.pos_ in ("ADJ",):
            return subjects(head.head, actors, depth + 1) if head.head != head else []
        return subjects(head, actors, depth + 1)
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return subjects(head, actors, depth + 1)
    if verb.dep_ == "acomp" or head.pos_ == "ADJ":
        return subjects(head, actors, depth + 1)
    return []


def governing_verb(tok: Token) -> Optional[tuple[Token, str]]:
    """For an event noun: the verb whose argument it is, and the noun's way in (dep of the last hop)."""
    cur = tok
    for _ in range(MAX_WALK):
        if cur.dep_ not in NOMINAL_UP or cur.head == cur:
            break
        prev, cur = cur, cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur, prev.dep_
    return None


# --------------------------------------------------------------------------- triggers

def _entry_for(tok: Token) -> Optional[tuple[str, dict]]:
    lex = lexicon.triggers()
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        for c in tok.children:
            if c.dep_ in ("prt", "prep"):
                e = lex["verb_pairs"].get((lemma, c.lower_))
                if e:
                    return "verb", e
        e = lex["verbs"].get(lemma)
        if e and e.get("needs_prt") and not any(c.dep_ == "prt" and c.lower_ == e["needs_prt"] for c in tok.children):
            return None
        return ("verb", e) if e else None
    if tok.pos_ == "NOUN":
        for c in tok.children:
            if c.dep_ in ("compound", "amod"):
                e = lex["noun_pairs"].get((c.lemma_.lower(), lemma))
                if e:
                    return "noun", e
        e = lex["nouns"].get(lemma)
        if not e:
            return None
        cues = e.get("needs_cue")
        if cues and not any(c.lemma_.lower() in cues for c in tok.children if c.dep_ in ("amod", "compound", "nmod")):
            return None
        if e.get("plural") and tok.tag_ != "NNS":
            return None
        return "noun", e
    return None


def _np_text(tok: Token, limit: int = 14) -> str:
    """A compact text of the noun phrase headed by ``tok`` (relative clauses left out)."""
    toks = [t for t in tok.subtree]
    cut = {t.i for c in tok.children if c.dep_ in ("relcl", "acl", "advcl", "punct") and c.i > tok.i for t in c.subtree}
    toks = [t for t in toks if t.i not in cut]
    while toks and (toks[0].pos_ in ("DET", "PUNCT", "CCONJ") or toks[0].dep_ == "poss"):
        toks = toks[1:]
    while toks and toks[-1].pos_ in ("PUNCT", "CCONJ"):
        toks = toks[:-1]
    if not toks:
        return tok.text
    toks = toks[:limit]
    return tok.doc[toks[0].i:toks[-1].i + 1].text


def _targets_and_what(head: Token, entry: dict, actors: dict, use_obj: bool) -> tuple[list[str], Optional[str]]:
    targets: list[str] = []
    what: Optional[str] = None
    if use_obj and entry.get("obj", True) is not False:
        for c in head.children:
            if c.dep_ in ("dobj", "dative") and not (c.dep_ == "dobj" and is_passive(head)):
                own = arg_actors(c, actors, modifiers=False)
                targets += own or deep_actors(c, actors)
                if not own and c.dep_ == "dobj" and what is None:
                    what = _np_text(c)
    elif entry.get("obj", True) is False:
        d = _child(head, "dobj")
        if d is not None:
            what = _np_text(d)
            # "ban all arms trade with the country", "suspended aid for Bosnia": the target is inside the object
            if entry.get("obj_is_target", True) and not (entry.get("type") == "RETREAT"):
                targets += arg_actors(d, actors)
            for p in _prep_objects(d, DEEP_PREPS):
                targets += deep_actors(p, actors)
    for p in _prep_objects(head, entry.get("to") or DEFAULT_TO):
        found = deep_actors(p, actors)
        if not found and p in _prep_objects(head, entry.get("place") or ()):
            found = _place_actor(p, actors)  # "traveled to Pyongyang": the host is the place's country
        targets += found
    if what is None:
        for p in _prep_objects(head, entry.get("what") or DEFAULT_WHAT):
            if p.ent_type_ in ("DATE", "TIME") or p.lemma_.lower() in ("time", "moment", "while", "year"):
                continue  # "for the first time", "for two years": when, not what
            if not arg_actors(p, actors, modifiers=False):
                what = _np_text(p)
                break
    return targets, what


def _ent_of(tok: Token):
    """The named-entity span a token is in, or None: found from the token's IOB tags, since
    ``doc.ents`` rebuilds the whole list on every access."""
    if tok.ent_iob_ not in ("B", "I"):
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=tok.ent_type_)


def _place_actor(tok: Token, actors: dict) -> list[str]:
    """The country actor (if the document has it) of a place name."""
    ent = _ent_of(tok)
    if ent is None or ent.label_ not in ("GPE", "LOC", "FAC"):
        return []
    iso = tok._.cg_place
    return [iso] if iso and iso in actors else []


def _place(head: Token, entry: dict, actors: dict) -> Optional[str]:
    for p in _prep_objects(head, tuple(entry.get("place") or ()) + ("in", "at")):
        if p.ent_type_ in ("GPE", "LOC", "FAC"):
            ent = _ent_of(p)
            return ent.text if ent is not None else p.text
    return None


def _plural_antecedents(verb: Token, actors: dict) -> list[str]:
    """"They met": for a reciprocal verb whose subject is a bare plural pronoun the actors stage
    left unresolved, the two last-named distinct actors of one type in the previous sentence."""
    subj = _child(verb, "nsubj")
    if subj is None or subj.lower_ not in ("they", "both") or _aid(subj, actors):
        return []
    sent = verb.sent
    if sent.start == 0:
        return []
    prev = verb.doc[sent.start - 1].sent
    seen: list[str] = []
    for t in reversed(prev):
        a = _aid(t, actors)
        if a and a not in seen:
            seen.append(a)
    if len(seen) < 2:
        return []
    for kind in dict.fromkeys(getattr(actors[a], "type", None) for a in seen):
        same = [a for a in seen if getattr(actors[a], "type", None) == kind]
        if len(same) >= 2:
            return same[:2][::-1]
    return []


def _purpose_targets(verb: Token, actors: dict) -> list[str]:
    """"tests to protest U.S. moves": the one a purpose clause acts against is the target."""
    against = lexicon.triggers()["against"]
    for c in verb.children:
        if c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in against:
            d = _child(c, "dobj")
            if d is not None:
                return arg_actors(d, actors)
    return []


def find(doc: Doc, actors: dict) -> list[Found]:
    """Every trigger in the document with its participants (before modality)."""
    out: list[Found] = []
    lex = lexicon.triggers()
    for tok in doc:
        if tok.pos_ not in ("VERB", "NOUN") or _aid(tok, actors):
            continue
        if tok.sent[-1].text == "?" or (len(tok.sent) > 1 and tok.sent[-2].text == "?"):
            continue  # a question ("What does Russia want from North Korea?") asserts no event
        hit = _entry_for(tok)
        if hit is None:
            continue
        kind, entry = hit
        etype = entry["type"]
        if kind == "verb":
            # a light verb whose object is an event noun leaves the event to the noun
            d = _child(tok, "dobj")
            if tok.lemma_.lower() in lex["light"] and d is not None and _entry_for(d) is not None \
                    and not entry.get("wish"):
                continue
            source = subjects(tok, actors)
            if not source and entry.get("recip"):
                source = _plural_antecedents(tok, actors)
            passive = is_passive(tok)
            targets, what = _targets_and_what(tok, entry, actors, use_obj=True)
            if passive:
                subj = _child(tok, "nsubjpass")
                if subj is not None:
                    targets = deep_actors(subj, actors) + targets
                elif tok.dep_ == "acl":
                    targets = arg_actors(tok.head, actors) + targets
            found = Found(tok, entry, etype, tok, source, targets, what, _place(tok, entry, actors),
                          bool(entry.get("recip")))
            # control chains: "seeking to buy X from Y", "asked Kim to send X", "want to meet Y"
            x = _child(tok, "xcomp")
            if x is not None and x.pos_ == "VERB" and entry.get("wish") and d is None:
                xhit = _entry_for(x)
                if xhit is None or not xhit[1].get("acquire"):
                    continue  # "seeks to quash ...", "wants to meet ...": an aim, not a request of anyone
            if x is not None and x.pos_ == "VERB":
                xhit = _entry_for(x)
                if entry.get("wish") or etype in WRAPPING:
                    xt, xw = _targets_and_what(x, xhit[1] if xhit else {}, actors, use_obj=True)
                    if entry.get("wish") or (etype != "REQUEST" and not found.target):
                        found.target = found.target + [a for a in xt if a not in found.target]
                    found.what = found.what or xw or _np_text(x)
                    found.suppressed.add(x.i)
            if entry.get("acquire") and not entry.get("wish") and tok.dep_ == "xcomp" \
                    and (_entry_for(tok.head) or ("", {}))[1].get("wish"):
                continue  # folded into the wish above
            if etype in WRAPPING and x is None:
                cc = _child(tok, "ccomp")  # "demanded that the US cancel ...": the clause is the what
                if cc is not None and cc.pos_ == "VERB":
                    found.suppressed.add(cc.i)
                    if not found.target:
                        found.target = [a for a in subjects(cc, actors) if a not in source]
                    found.what = found.what or _np_text(cc, limit=20)
            if etype in WRAPPING or etype == "SANCTION" or entry.get("wish"):  # the object is the what
                for obj in [d, *(p for p in _prep_objects(tok, entry.get("what") or DEFAULT_WHAT))]:
                    if obj is not None:
                        found.suppressed.update(t.i for t in obj.subtree if t.pos_ == "NOUN")
            if not found.target:
                found.target = _purpose_targets(tok, actors)
            # "seeking Russian technology": a REQUEST's origin modifier is its target
            if etype == "REQUEST" and not found.target and d is not None:
                found.target = [a for c in d.children if c.dep_ in ("amod", "compound") for a in
                                ([_aid(c, actors)] if _aid(c, actors) else [])]
            out.append(found)
        else:
            if tok.dep_ == "compound":
                continue  # "war supplies": a modifier, not an event
            gov = governing_verb(tok)
            clause = gov[0] if gov else tok.head if tok.head.pos_ in ("VERB", "AUX") else tok
            source = []
            for c in tok.children:
                if c.dep_ in ("poss",) or (c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i):
                    source += [a for a in arg_actors(c, actors) if a not in source]
            if not source and gov is not None and gov[1] != "nsubj":
                v = gov[0]
                if gov[1] == "dobj" and v.lemma_.lower() in ("receive", "get", "accept", "face", "suffer"):
                    source = []
                else:
                    source = subjects(v, actors)
            if not source:
                poss = _child(tok, "poss")
                if poss is not None and poss.pos_ == "PRON" and gov is not None:
                    source = subjects(gov[0], actors)
            targets, what = _targets_and_what(tok, entry, actors, use_obj=False)
            if tok.dep_ == "dobj" and gov is not None and tok.head == gov[0] \
                    and gov[0].lemma_.lower() in ("face", "suffer", "receive"):
                targets = subjects(gov[0], actors)  # "faces sanctions": the subject is the target
            for c in tok.children:  # "an exercise involving China"
                if c.dep_ == "acl" and c.lemma_.lower() in ("involve", "include", "with"):
                    targets += [a for o in c.children if o.dep_ == "dobj" for a in arg_actors(o, actors)]
            between = [a for p in _prep_objects(tok, ("between", "among")) for a in arg_actors(p, actors)]
            if len(between) > 1:  # "a meeting between X and Y": each meets the other
                source, targets = between, []
            elif not targets:
                targets = _purpose_targets(clause, actors)
            # "Kim's priorities would be aid shipments": what a party needs is what it asks for
            if gov is not None and tok.dep_ == "attr" and tok.head == gov[0] and gov[0].lemma_ == "be":
                subj = _child(gov[0], "nsubj")
                if subj is not None and subj.lemma_.lower() in lex["desire_nouns"]:
                    entry = dict(entry, type="REQUEST", mode="assist", cameo="101", recip=False)
                    etype = "REQUEST"
                    source = arg_actors(subj, actors)
                    targets, what = [], _np_text(tok)
            # "a summit with Putin" after "travel to Russia": place from the governing verb
            place = _place(tok, entry, actors) or (_place(clause, {}, actors) if clause != tok else None)
            out.append(Found(tok, entry, etype, clause, source, targets, what, place, bool(entry.get("recip"))))
    skip = {i for f in out for i in f.suppressed}
    return [f for f in out if f.trigger.i not in skip]


# --------------------------------------------------------------------------- modality

def _chain(f: Found) -> list[Token]:
    """The trigger, then the verbs and nouns that govern it, up to the clause that reports it."""
    toks = [f.trigger]
    if f.clause != f.trigger:
        cur = f.trigger
        for _ in range(MAX_WALK):
            if cur == f.clause or cur.head == cur:
                break
            cur = cur.head
            toks.append(cur)
    cur = f.clause
    for _ in range(MAX_WALK):
        if cur.dep_ in ("xcomp", "conj", "acomp", "pcomp", "advcl", "prep", "pobj", "dobj", "attr", "oprd") \
                and cur.head != cur and cur.dep_ != "relcl":
            if cur.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
                break
            cur = cur.head
            toks.append(cur)
        else:
            break
    return toks


def reporting_head(f: Found, chain: list[Token]) -> Optional[Token]:
    """The reporting verb whose complement holds the event ("officials said that ..."), if any."""
    top = chain[-1]
    cues = lexicon.modality_cues()
    if top.dep_ in ("ccomp", "parataxis") and top.head != top and top.head.lemma_.lower() in cues["reporting"]:
        return top.head
    # "X may travel to Russia, a U.S. official said": the frame hangs off the event's clause
    for c in top.children:
        if c.dep_ in ("parataxis", "ccomp", "advcl") and c.lemma_.lower() in cues["reporting"] \
                and _child(c, "nsubj") is not None and _child(c, "ccomp") is None and c.i > f.trigger.i \
                and any(t.is_punct for t in c.doc[top.i:c.i]):
            return c
    # "..., officials say." parsed as the reporting verb being the root with the event as ccomp
    return None


def _according_to(chain: list[Token], actors: dict) -> list[str]:
    for v in chain:
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                for to in c.children:
                    for p in to.children:
                        if p.dep_ == "pobj":
                            return arg_actors(p, actors)
    return []


def modality(f: Found, actors: dict) -> tuple[str, Optional[str], bool, Optional[Token]]:
    """(modality, tense, negated-consumed, reporting verb) of a found event."""
    cues = lexicon.modality_cues()
    chain = _chain(f)
    hits: set[str] = set()
    tense: Optional[str] = None
    rep = reporting_head(f, chain)
    tokens = list(chain)
    if rep is not None:
        lemma = rep.lemma_.lower()
        if lemma in cues["suspected"].get("govern", ()):
            hits.add("suspected")
        elif lemma in cues["possible"].get("govern", ()):
            hits.add("possible")
        elif lemma in cues["expected"].get("govern", ()):
            hits.add("expected")
    for i, t in enumerate(tokens):
        lemma, lower = t.lemma_.lower(), t.lower_
        if i > 0:  # governing words
            for kind in ("suspected", "proposed", "expected", "possible", "negated"):
                if kind == "negated" and tokens[i - 1].dep_ not in ("xcomp", "ccomp"):
                    continue  # "refused to meet" negates the meeting; "rejected the proposal" does not
                if lemma in cues[kind].get("govern", ()) or (t.pos_ == "NOUN" and lemma in cues[kind].get("noun", ())):
                    hits.add(kind)
            if t.pos_ == "ADJ":
                for kind in ("expected", "possible", "suspected"):
                    if lemma in cues[kind].get("adj", ()):
                        hits.add(kind)
        for c in t.children:
            cl = c.lower_
            if c.dep_ in ("aux", "auxpass"):
                for kind in ("possible", "expected", "hypothetical"):
                    if cl in cues[kind].get("aux", ()) or c.lemma_.lower() in cues[kind].get("aux", ()):
                        hits.add(kind)
                if cl in ("will", "'ll", "wo", "shall"):
                    tense = "future"
            elif c.dep_ == "neg" or (c.dep_ == "det" and cl == "no" and t == f.trigger):
                hits.add("negated")
            elif c.dep_ in ("advmod", "acomp") and (c.lemma_.lower() in cues["possible"].get("adv", ())
                                                    or cl in cues["possible"].get("adv", ())):
                hits.add("possible")
            elif c.dep_ in ("advmod", "acomp") and cl in cues["expected"].get("adv", ()):
                hits.add("expected")
            elif c.dep_ == "mark" and cl in cues["hypothetical"].get("mark", ()):
                hits.add("hypothetical")
            elif c.dep_ == "amod" and t == f.trigger:
                for kind in ("possible", "suspected", "proposed"):
                    if c.lemma_.lower() in cues[kind].get("adj", ()) or cl in cues[kind].get("adj", ()):
                        hits.add(kind)
                if cl in ("planned", "upcoming", "expected", "prospective"):
                    hits.add("expected" if cl != "prospective" else "possible")
        if t.pos_ == "ADJ" and lemma in cues["expected"].get("adj", ()) and i > 0:
            hits.add("expected")
    if "hypothetical" in hits and rep is not None and not any(
            c.dep_ == "mark" and c.lower_ in cues["hypothetical"].get("mark", ()) for t in tokens for c in t.children):
        # "officials said the planes would meet demand": future in the past, not a condition
        hits.discard("hypothetical")
        hits.add("expected")
        tense = tense or "future"
    consumed = False
    if "negated" in hits and f.entry.get("neg"):
        hits.discard("negated")
        consumed = True
    if tense is None:
        v = f.clause if f.clause.pos_ in ("VERB", "AUX") else f.trigger
        if "expected" in hits and any(c.lower_ in ("will", "'ll", "wo") for t in tokens for c in t.children):
            tense = "future"
        elif v.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in v.children) \
                or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in v.children):
            tense = "past"
        elif v.tag_ in ("VBZ", "VBP") or any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in v.children):
            tense = "present"
    mod = next((m for m in STRENGTH if m in hits), "asserted")
    return mod, tense, consumed, rep


# --------------------------------------------------------------------------- events

def _span(doc: Doc, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text_of(doc)[start:end])


def _evidence(f: Found) -> Span:
    doc = f.trigger.doc
    sent = f.trigger.sent
    head = f.clause
    lo = max(head.left_edge.i, sent.start)
    hi = min(head.right_edge.i, sent.end - 1)
    if not (lo <= f.trigger.i <= hi):
        lo, hi = sent.start, sent.end - 1
    # leave out a leading reporting frame or punctuation
    while lo < hi and doc[lo].is_punct:
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    return _span(doc, doc[lo].idx, doc[hi].idx + len(doc[hi].text))


def _date(f: Found, doc: Doc) -> Optional[EventDate]:
    t = None
    try:
        from ..time import time_for

        t = time_for(f.trigger) or (time_for(f.clause) if f.clause != f.trigger else None)
    except Exception:
        t = None
    if t is not None:
        return EventDate(text=t.text, value=t.value, report_date=False)
    if doc._.cg_published:
        return EventDate(text=None, value=doc._.cg_published, report_date=True)
    return None


def _attribution_of(tok: Token, doc: Doc):
    aid = tok._.cg_attribution
    if not aid:
        return None
    return next((a for a in (doc._.cg_attributions or []) if a.id == aid), None)


def _attribution_covering(tok: Token, doc: Doc):
    """The attribution whose content covers the token (by id on the token, else by offsets)."""
    a = _attribution_of(tok, doc)
    if a is not None and not _desire(a, doc):
        return a
    best = None
    for att in doc._.cg_attributions or []:
        if att.content.start <= tok.idx < att.content.end and not _desire(att, doc):
            if best is None or att.content.end - att.content.start < best.content.end - best.content.start:
                best = att
    return best


def _desire(att, doc: Doc) -> bool:
    """An "attribution" whose cue is a wish ("Russia seeks to ..."): content wanted, not claimed."""
    if att.cue is None:
        return False
    span = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
    lemmas = {t.lemma_.lower() for t in span} if span is not None else {att.cue.text.lower()}
    return bool(lemmas & lexicon.modality_cues().get("desire", frozenset()))


def _cameo(entry: dict, etype: str) -> Optional[str]:
    code = entry.get("cameo")
    if etype != entry.get("type"):  # negation flipped the type: the type's CAMEO root
        code = lexicon.cameo_root(etype)
    return code


def build(doc: Doc) -> list[Event]:
    actors = doc._.cg_actors or {}
    if not actors:
        return []
    found = find(doc, actors)
    # counterparts: who the document pairs each actor with (for "in return, X will want food")
    pairs: Counter = Counter()
    for f in found:
        for s in f.source:
            for t in f.target:
                if s != t:
                    pairs[(s, t)] += 1
                    pairs[(t, s)] += 1
    events: list[Event] = []
    seen: set = set()
    for f in found:
        source = [s for s in f.source]
        targets = [t for t in f.target if t not in source]
        if f.type in NEEDS_COUNTERPART and not targets and len(source) == 1:
            partners = Counter({t: n for (s, t), n in pairs.items() if s == source[0]})
            best = partners.most_common(2)
            if best and (len(best) == 1 or best[0][1] > best[1][1]):
                targets = [best[0][0]]
        if f.entry.get("needs_target") and not targets:
            continue
        if f.entry.get("weak") and not (source and targets):
            continue
        if not source and not targets:
            continue
        mod, tense, consumed, rep = modality(f, actors)
        etype = f.entry.get("neg") if consumed else f.type
        mode_override = None
        if not consumed and (tense == "future" or _intends(f)) and mod in ("asserted", "reported", "expected"):
            # PLOVER codes announced future cooperation as AGREE and announced future conflict as THREATEN
            flipped = lexicon.future_type(etype)
            if flipped != etype:
                mode_override, etype = f.type.lower(), flipped
        att = _attribution_covering(f.trigger, doc)
        claimant = att.speaker if att is not None else None
        if att is None:
            if rep is not None:
                subj = subjects(rep, actors)
                claimant = subj[0] if subj else None
            else:
                acc = _according_to(_chain(f), actors)
                claimant = acc[0] if acc else None
        if claimant is not None and claimant not in actors:
            claimant = None
        if (att is not None or rep is not None or claimant) and mod in ("asserted", "hypothetical"):
            mod = "reported" if mod == "asserted" else mod
        # reciprocal events with coordinated participants: each acts on the other
        dyads: list[tuple[list[str], list[str]]]
        if f.reciprocal and not targets and len(source) > 1:
            dyads = [([s], [t]) for s in source for t in source if s != t]
        elif targets:
            dyads = [(source, [t]) for t in targets]
        else:
            dyads = [(source, [])]
        mode = mode_override or (f.entry.get("mode") if not consumed else None)
        date = _date(f, doc)
        ev = _evidence(f)
        trig = _span(doc, f.trigger.idx, f.trigger.idx + len(f.trigger.text))
        for src, tgt in dyads:
            key = (etype, tuple(src), tuple(tgt), f.trigger.i)
            if key in seen:
                continue
            seen.add(key)
            events.append(Event(
                id=span_id(doc._.cg_doc_id, "event", trig.start, trig.end, etype, *src, "->", *tgt),
                type=etype, mode=mode, cameo=_cameo(f.entry, etype), quad_class=lexicon.quad_class(etype),
                source=list(src), target=list(tgt), what=f.what, modality=mod, tense=tense,
                claimant=claimant, attribution=att.id if att is not None else None, date=date,
                place=f.place, trigger=trig, evidence=ev,
            ))
    return events


def _intends(f: Found) -> bool:
    """An announced intention governs the trigger ("is prepared to lift", "plans to withdraw")."""
    intent = lexicon.modality_cues().get("intent", frozenset())
    return any(t.lemma_.lower() in intent for t in _chain(f)[1:])


def predicate_modality(tok: Token) -> tuple[str, Optional[str]]:
    """Modality and tense of any predicate (verb or event noun) by the same cues as events.

    Ignores attributions (the claim's frame is the caller's business); used to
    score factuality on corpora whose events are not PLOVER's.
    """
    gov = governing_verb(tok) if tok.pos_ != "VERB" else None
    clause = gov[0] if gov else tok
    f = Found(tok, {}, "", clause, [], [])
    mod, tense, _, _ = modality(f, {})
    return mod, tense
