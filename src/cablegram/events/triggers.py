"""Candidate events: the triggers of ``data/triggers.yaml`` in the parse, with the participants the
parse rules reach.

A trigger is a verb ("traveled", "asked") or an event noun ("summit", "drills", "war"). Its
rule source is the subject (the agent of a passive, the controller of an infinitive, the
possessor or governing verb's subject of a noun); its rule targets are objects and the
prepositions the lexicon names. These are candidates: :mod:`.reading` decides type, source and
target with the learned models, the rules' answers being features and fallbacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Token

from . import lexicon
from .parse import child, ent_of, governing_verb, is_passive, is_question, np_text, prep_objects
from .parties import aid, arg_actors, deep_actors, place_actor, plural_antecedents, purpose_targets, subjects

DEFAULT_TO = ("to", "with", "against")
DEFAULT_WHAT = ("for",)
DEFAULT_BY = ("by",)  # nouns: "an attack by militants"
# verbs whose infinitive complement is the content of the event ("agreed to withdraw", "threatened to
# attack", "refused to meet", "asked X to send"): the complement is the what, not an event of its own
WRAPPING = {"REQUEST", "AGREE", "REJECT", "THREATEN"}
SUFFERED = ("receive", "get", "accept", "face", "suffer")  # "faced sanctions": the subject undergoes it
FACED = ("face", "suffer", "receive")


@dataclass
class Found:
    """A candidate event: the trigger, its lexicon entry and what the parse rules say of it."""

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
    passive: bool = False              # a passive without agent: the doer is unnamed
    voice_passive: bool = False        # a passive verb (with or without agent): the doer is in its phrase


def entry_for(tok: Token) -> Optional[tuple[str, dict]]:
    """("verb"|"noun", lexicon entry) of a trigger token, None if the token is no trigger."""
    if tok.pos_ == "VERB":
        return _verb_entry(tok)
    if tok.pos_ == "NOUN":
        return _noun_entry(tok)
    return None


def _verb_entry(tok: Token) -> Optional[tuple[str, dict]]:
    lex = lexicon.triggers()
    lemma = tok.lemma_.lower()
    e = undoing(tok)
    if e:
        return "verb", e
    for c in tok.children:
        if c.dep_ in ("prt", "prep"):
            e = lex["verb_pairs"].get((lemma, c.lower_))
            if e:
                return "verb", e
    e = lex["verbs"].get(lemma)
    if e and (enabling(tok) or silent(tok)):
        return None  # "allow X to leave": the leaving is the event; "declined to comment": no event
    if e and speaking(tok):
        return None  # "gave a different account", "delivered the speech": speech, not aid
    if e and e.get("needs_prt") and not any(c.dep_ == "prt" and c.lower_ == e["needs_prt"] for c in tok.children):
        return None
    if e and e.get("needs_obj") and not any(c.dep_ == "dobj" for c in tok.children):
        return None  # "returned to Thailand": a journey, not a handing back
    if e is None and lemma in lex["demand_reporters"] and lex["demanding"] and demanded_clause(tok) is not None:
        return "verb", lex["demanding"]
    return ("verb", e) if e else None


def retype_word(found: Found) -> Optional[str]:
    """The word whose PLV retype counts (``classify.retypes``) speak for a trigger: its lemma, None where
    a verb-object pattern of PETRARCH's (``lang/<lang>/verb_objects.tsv``) codes what it acts on as the
    lexicon's own type ("granted asylum": AID, as "grant" is): the counts are the word's over all its objects."""
    tok = found.trigger
    verb = tok if tok.pos_ == "VERB" else tok.head if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" else None
    p = object_pattern(verb) if verb is not None else None
    if p is not None and lexicon.root(p["event"]) == lexicon.root(found.type):
        return None
    return tok.lemma_.lower()


def object_pattern(verb: Token) -> Optional[dict]:
    """The verb-object pattern (``lexicon.verb_objects``) the verb's object or prepositional phrase
    meets ("deployed peacekeepers": AID), None if none does."""
    pats = lexicon.verb_objects().get(verb.lemma_.lower())
    if not pats:
        return None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    phrases = [(c.lower_, o) for c in verb.children if c.dep_ in ("prep", "agent") for o in c.children if o.dep_ == "pobj"]
    for p in pats:
        heads = [o for prep, o in phrases if prep == p["prep"]] if p["prep"] else objects
        for h in heads:
            if p["object"] in (h.lower_, h.lemma_.lower()) and all(
                    any(m in (t.lower_, t.lemma_.lower()) for t in h.subtree) for m in p["with"]):
                return p
    return None


def undoing(verb: Token) -> Optional[dict]:
    """The event of a verb of undoing whose object is an event ("ended the strike", "called off the
    visit"): the lexicon's ``undone_conflict`` or ``undone_cooperation`` by the object's quad class."""
    lex = lexicon.triggers()
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"), None)
    if obj is None or not undoes(verb):
        return None
    inner = _noun_entry(obj)
    if inner is None:
        return None
    quad = lexicon.quad_class(inner[1]["type"]) or ""
    return lex["undone_conflict"] if quad.endswith("conflict") else lex["undone_cooperation"]


def undoes(verb: Token) -> bool:
    """A verb of undoing (the lexicon's ``undoing``: "lift", "end", "call off")."""
    words = {verb.lemma_.lower()} | {f"{verb.lemma_.lower()}_{c.lower_}" for c in verb.children if c.dep_ == "prt"}
    return bool(words & lexicon.triggers()["undoing"])


def demanded_clause(verb: Token) -> Optional[Token]:
    """The clause a verb of stating says another must or should carry out ("said China must drop
    barriers"), None where there is none: the clause's verb, with its own subject and a demand modal."""
    lex = lexicon.triggers()
    for c in verb.children:
        if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") and child(c, "nsubj", "nsubjpass") is not None \
                and any(a.dep_ == "aux" and a.lower_ in lex["demand_modals"] for a in c.children) \
                and not any(a.dep_ == "neg" for a in c.children):
            return c
    return None


def speaking(verb: Token) -> bool:
    """A verb of giving whose object is speech ("gave a different account", "delivered the speech")."""
    e = lexicon.triggers()["verbs"].get(verb.lemma_.lower())
    return bool(e and e.get("type") == "AID" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in lexicon.triggers()["speech_objects"] for c in verb.children))


def silent(verb: Token) -> bool:
    """A refusal to speak ("declined to comment", "refused to confirm"): no event."""
    e = lexicon.triggers()["verbs"].get(verb.lemma_.lower())
    return bool(e and e.get("type") == "REJECT" and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in lexicon.triggers()["silence"] for c in verb.children))


def enabling(verb: Token) -> bool:
    """A verb of letting that governs a clause ("allow X to leave"): the clause is the event. Letting
    an event named by its noun ("allow the return of inspectors") is the letting's own event."""
    if verb.lemma_.lower() not in lexicon.triggers()["enablers"]:
        return False
    clause = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp")), None)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if clause is None or (obj is not None and _noun_entry(obj)):
        return False
    # the clause is the allowed one's ("allow him to act"), not a purpose further on ("allow the
    # return of inspectors `without conditions' to remove doubts")
    gap = verb.doc[obj.right_edge.i + 1:clause.left_edge.i] if obj is not None else []
    return all(t.is_punct for t in gap)


def hyphened(tok: Token) -> str:
    """The lexicon spelling of a noun the tokenizer split at a hyphen ("cease-fire" -> "ceasefire"), or ""."""
    if tok.i < 2:
        return ""
    dash, left = tok.doc[tok.i - 1], tok.doc[tok.i - 2]
    if dash.text != "-" or dash.whitespace_ or left.whitespace_ or not left.is_alpha:
        return ""
    return left.lower_ + tok.lemma_.lower()


def word_start(tok: Token) -> int:
    """Where a trigger's word starts: a noun split at its hyphen ("cease-fire") starts at its first part."""
    return tok.doc[tok.i - 2].idx if tok.pos_ == "NOUN" and hyphened(tok) else tok.idx


def _noun_entry(tok: Token) -> Optional[tuple[str, dict]]:
    lex = lexicon.triggers()
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ in ("compound", "amod"):
            e = lex["noun_pairs"].get((c.lemma_.lower(), lemma))
            if e:
                return "noun", e
        if c.dep_ == "prep":  # "cessation of hostilities": keyed cessation_of_hostilities
            for o in (o for o in c.children if o.dep_ == "pobj"):
                e = lex["noun_pairs"].get((lemma, f"{c.lower_}_{o.lower_}")) or \
                    lex["noun_pairs"].get((lemma, f"{c.lower_}_{o.lemma_.lower()}"))
                if e:
                    return "noun", e
    e = lex["nouns"].get(lemma) or lex["nouns"].get(hyphened(tok))
    if not e:
        return None
    cues = e.get("needs_cue")
    if cues and not any(c.lemma_.lower() in cues for c in tok.children if c.dep_ in ("amod", "compound", "nmod")):
        return None
    if e.get("plural") and tok.tag_ != "NNS":
        return None
    return "noun", e


def targets_and_what(head: Token, entry: dict, actors: dict, use_obj: bool) -> tuple[list[str], Optional[str]]:
    """Rule targets (objects, the lexicon's prepositions) and the thing exchanged of a trigger."""
    targets: list[str] = []
    what: Optional[str] = None
    if use_obj and entry.get("obj", True) is not False:
        for c in head.children:
            if c.dep_ in ("dobj", "dative") and not (c.dep_ == "dobj" and is_passive(head)):
                own = arg_actors(c, actors, modifiers=False)
                targets += own or deep_actors(c, actors)
                if not own and c.dep_ == "dobj" and what is None:
                    what = np_text(c)
    elif entry.get("obj", True) is False:
        targets, what = _object_holds_target(head, entry, actors)
    for p in prep_objects(head, entry.get("to") or DEFAULT_TO):
        if p.pos_ in ("VERB", "AUX"):
            continue  # "committed to getting Britain out of the EU": a clause is what is promised, not whom
        found = deep_actors(p, actors)
        if not found and p in prep_objects(head, entry.get("place") or ()):
            found = place_actor(p, actors)  # "traveled to Pyongyang": the host is the place's country
        targets += found
    return targets, what or _what_of(head, entry, actors)


def _object_holds_target(head: Token, entry: dict, actors: dict) -> tuple[list[str], Optional[str]]:
    """"ban all arms trade with the country", "suspended aid for Bosnia": the object is the what
    and the target is inside it."""
    d = child(head, "dobj")
    if d is None:
        return [], None
    targets: list[str] = []
    if entry.get("obj_is_target", True) and entry.get("type") != "RETREAT":
        targets += arg_actors(d, actors)
    for p in prep_objects(d, ("of", "from", "with", "to", "for", "against", "on", "by")):
        targets += deep_actors(p, actors)
    return targets, np_text(d)


def _what_of(head: Token, entry: dict, actors: dict) -> Optional[str]:
    for p in prep_objects(head, entry.get("what") or DEFAULT_WHAT):
        if p.ent_type_ in ("DATE", "TIME") or p.lemma_.lower() in ("time", "moment", "while", "year"):
            continue  # "for the first time", "for two years": when, not what
        if not arg_actors(p, actors, modifiers=False):
            return np_text(p)
    return None


def place_of(head: Token, entry: dict) -> Optional[str]:
    """The place named where the event happens ("in Vladivostok"), as written."""
    for p in prep_objects(head, tuple(entry.get("place") or ()) + ("in", "at")):
        if p.ent_type_ in ("GPE", "LOC", "FAC"):
            ent = ent_of(p)
            return ent.text if ent is not None else p.text
    return None


# --------------------------------------------------------------------------- verbs

def _verb_event(tok: Token, entry: dict, actors: dict) -> Optional[Found]:
    lex = lexicon.triggers()
    if tok.dep_ == "pcomp" and tok.head.lower_ == "from" and tok.head.head.lemma_.lower() in lex["preventers"]:
        return None  # "does not preclude a court from ordering", "prevented X from attacking": no act
    d = child(tok, "dobj")
    if tok.lemma_.lower() in lex["light"] and d is not None and entry_for(d) is not None and not entry.get("wish"):
        return None  # a light verb whose object is an event noun leaves the event to the noun
    if entry.get("obj_party") and (d is None or not arg_actors(d, actors, modifiers=False)):
        return None  # "removed the prime minister" is an act on him; "removed a post" none on anyone
    source = subjects(tok, actors)
    if not source and entry.get("recip"):
        source = plural_antecedents(tok, actors)
    targets, what = targets_and_what(tok, entry, actors, use_obj=True)
    passive = is_passive(tok) or (tok.dep_ == "amod" and tok.tag_ == "VBN")  # "sanctioned countries"
    if passive:
        subj = child(tok, "nsubjpass") or (child(tok.head, "nsubjpass") if tok.dep_ == "conj" else None)
        if subj is not None:
            targets = deep_actors(subj, actors) + targets
        elif tok.dep_ in ("acl", "amod"):
            targets = arg_actors(tok.head, actors) + targets
    found = Found(tok, entry, entry["type"], tok, source, targets, what, place_of(tok, entry),
                  bool(entry.get("recip")), passive=passive and not prep_objects(tok, ("by",)), voice_passive=passive)
    if not _control_chain(found, d, actors):
        return None
    if entry.get("acquire") and not entry.get("wish") and tok.dep_ == "xcomp" \
            and (entry_for(tok.head) or ("", {}))[1].get("wish"):
        return None  # folded into the wish above
    _wrapped_content(found, d, actors)
    if entry is lex["demanding"]:
        # "said the gun laws should be changed": demanded of no party; "Johnson stated that Britain must
        # leave": what the speaker's own country must do is his stance, not a demand of anyone
        own = {getattr(actors.get(a), "country", None) for a in found.source} - {None}
        found.target = [t for t in found.target if t not in own]
        if not found.target:
            return None
    if not found.target:
        found.target = purpose_targets(tok, actors)
    if found.type == "REQUEST" and not found.target and d is not None:
        # "seeking Russian technology": a REQUEST's origin modifier is its target
        found.target = [a for c in d.children if c.dep_ in ("amod", "compound") for a in [aid(c, actors)] if a]
    return found


def _control_chain(found: Found, d: Optional[Token], actors: dict) -> bool:
    """Control chains: "seeking to buy X from Y", "asked Kim to send X", "want to meet Y": the
    complement's target and what join the wrapping event. False when the event is only an aim."""
    tok, entry = found.trigger, found.entry
    x = child(tok, "xcomp")
    if x is None or x.pos_ != "VERB":
        return True
    xhit = entry_for(x)
    if entry.get("wish") and d is None and (xhit is None or not xhit[1].get("acquire")):
        return False  # "seeks to quash ...", "wants to meet ...": an aim, not a request of anyone
    if entry.get("wish") or found.type in WRAPPING:
        xt, xw = targets_and_what(x, xhit[1] if xhit else {}, actors, use_obj=True)
        if entry.get("wish") or (found.type != "REQUEST" and not found.target):
            found.target = found.target + [a for a in xt if a not in found.target]
        found.what = found.what or xw or np_text(x)
        found.suppressed.add(x.i)
    return True


def _wrapped_content(found: Found, d: Optional[Token], actors: dict) -> None:
    """"demanded that the US cancel ...": the clause is the what; the objects of wrapping events
    and sanctions are their content, not events of their own."""
    tok, entry = found.trigger, found.entry
    if found.type in WRAPPING and child(tok, "xcomp") is None:
        cc = child(tok, "ccomp")
        if cc is not None and cc.pos_ == "VERB":
            found.suppressed.add(cc.i)
            cd = child(cc, "dobj")
            if cd is not None and cc.lemma_.lower() in lexicon.triggers()["light"]:
                found.suppressed.add(cd.i)  # "must reach an agreement": the noun's event is the clause's
            if not found.target:
                found.target = [a for a in subjects(cc, actors) if a not in found.source]
            found.what = found.what or np_text(cc, limit=20)
    if found.type in WRAPPING or found.type == "SANCTION" or entry.get("wish"):
        for obj in [d, *prep_objects(tok, entry.get("what") or DEFAULT_WHAT)]:
            if obj is not None:
                found.suppressed.update(t.i for t in obj.subtree if t.pos_ == "NOUN")


# --------------------------------------------------------------------------- nouns

def _noun_source(tok: Token, gov: Optional[tuple[Token, str]], actors: dict, entry: dict) -> list[str]:
    """The possessor, origin modifier or "by"-phrase of an event noun ("the request of Prime Minister
    Johnson"), else the subject of the verb governing it."""
    source: list[str] = []
    for c in tok.children:
        if c.dep_ == "poss" or (c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i):
            source += [a for a in arg_actors(c, actors) if a not in source]
    if not source:
        source = [a for p in prep_objects(tok, entry.get("by") or DEFAULT_BY) for a in arg_actors(p, actors)]
    if not source and gov is not None and gov[1] != "nsubj":
        prevented = gov[0].lemma_.lower() in lexicon.triggers()["preventers"]  # "foil terror attacks"
        if not (gov[1] == "dobj" and gov[0].lemma_.lower() in SUFFERED) and not prevented:
            source = subjects(gov[0], actors)
    if not source:
        poss = child(tok, "poss")
        if poss is not None and poss.pos_ == "PRON" and gov is not None:
            source = subjects(gov[0], actors)
    return source


def _noun_event(tok: Token, entry: dict, actors: dict) -> Optional[Found]:
    if tok.dep_ == "compound":
        return None  # "war supplies": a modifier, not an event
    if tok.dep_ in ("dobj", "nsubjpass") and undoes(tok.head):
        return None  # "lifted the ban", "the curfew was shortened": what is undone is no event
    gov = governing_verb(tok)
    clause = gov[0] if gov else tok.head if tok.head.pos_ in ("VERB", "AUX") else tok
    source = _noun_source(tok, gov, actors, entry)
    targets, what = targets_and_what(tok, entry, actors, use_obj=False)
    if tok.dep_ == "dobj" and gov is not None and tok.head == gov[0] and gov[0].lemma_.lower() in FACED:
        targets = subjects(gov[0], actors)  # "faces sanctions": the subject is the target
    for c in tok.children:  # "an exercise involving China"
        if c.dep_ == "acl" and c.lemma_.lower() in ("involve", "include", "with"):
            targets += [a for o in c.children if o.dep_ == "dobj" for a in arg_actors(o, actors)]
    by = [a for p in prep_objects(tok, entry.get("by") or DEFAULT_BY) for a in arg_actors(p, actors)]
    if by and set(source) <= set(by) and not targets and gov is not None:
        # "she will comply with the request of Johnson", "at the request of X, Y …": the one the
        # request is made of is whoever answers it
        targets = [a for a in subjects(gov[0], actors) if a not in source]
    between = [a for p in prep_objects(tok, ("between", "among")) for a in arg_actors(p, actors)]
    if len(between) > 1:  # "a meeting between X and Y": each meets the other
        source, targets = between, []
    elif not targets:
        targets = purpose_targets(clause, actors)
    etype = entry["type"]
    if gov is not None and tok.dep_ == "attr" and tok.head == gov[0] and gov[0].lemma_ == "be":
        # "Kim's priorities would be aid shipments": what a party needs is what it asks for
        subj = child(gov[0], "nsubj")
        if subj is not None and subj.lemma_.lower() in lexicon.triggers()["desire_nouns"]:
            entry = dict(entry, type="REQUEST", mode="assist", cameo="101", recip=False)
            etype, source, targets, what = "REQUEST", arg_actors(subj, actors), [], np_text(tok)
    # "a summit with Putin" after "travel to Russia": place from the governing verb
    place = place_of(tok, entry) or (place_of(clause, {}) if clause != tok else None)
    return Found(tok, entry, etype, clause, source, targets, what, place, bool(entry.get("recip")))


def find(doc: Doc, actors: dict) -> list[Found]:
    """Every trigger in the document with the participants the parse rules reach."""
    out: list[Found] = []
    for sent in doc.sents:
        if is_question(sent):
            continue
        for tok in sent:
            if tok.pos_ not in ("VERB", "NOUN") or aid(tok, actors):
                continue
            hit = entry_for(tok)
            if hit is None:
                continue
            kind, entry = hit
            found = _verb_event(tok, entry, actors) if kind == "verb" else _noun_event(tok, entry, actors)
            if found is not None:
                out.append(found)
    skip = {i for f in out for i in f.suppressed}
    return [f for f in out if f.trigger.i not in skip]
