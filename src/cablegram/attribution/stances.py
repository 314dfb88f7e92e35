"""Pass 4, stances and speech acts with a noun-phrase content: ``X criticized the plan``,
``X called for an inquiry``, ``the bill, opposed by Y``, and cue nouns with a possessor
(``Trump's claim that …``, ``her call for unity``). Runs after reported speech, over the
tokens no attribution has claimed."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from .context import SUBJ, Context, Found
from .speakers import can_be_source, phrase, speaker

_POSSESSIVES = ("his", "her", "their", "its", "my", "our")
# the object's own complements ("criticized X for doing Y") belong to the content
_OBJECT_PREPS = ("for", "of", "as", "over", "about", "against", "to")
_FINITE = frozenset({"VBZ", "VBD", "VBP", "MD"})


def find_stances(ctx: Context) -> list[Found]:
    out: list[Found] = []
    lex = ctx.lex
    for tok in ctx.doc:
        if ctx.free(tok) and tok.pos_ == "NOUN" and (tok.lower_ in lex.noun_cues or tok.lemma_.lower() in lex.noun_cues):
            f = nominal(ctx, tok)
            if f is not None:
                out.append(f)
        if ctx.free(tok) and tok.pos_ == "VERB":
            lemma = tok.lemma_.lower()
            if lemma in lex.object_cues or lemma in lex.object_preps or lemma in lex.regard_verbs:
                f = stance(ctx, tok)
                if f is not None:
                    out.append(f)
    return out


def nominal(ctx: Context, noun: Token) -> Optional[Found]:
    """"Trump's claim that he won", "her call for unity": a cue noun with a possessor and a content."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is None or not (can_be_source(ctx, poss) or poss.lower_ in _POSSESSIVES):
        return None
    preps = ctx.lex.noun_cues.get(noun.lower_) or ctx.lex.noun_cues.get(noun.lemma_.lower(), set())
    content_idx: set[int] = set()
    for c in noun.children:
        if c.i < noun.i:
            continue
        if c.dep_ in ("acl", "ccomp", "relcl") and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children):
            content_idx.update(t.i for t in c.subtree)
        elif c.dep_ in ("acl",) and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) and "to" in preps:
            content_idx.update(t.i for t in c.subtree)
        elif c.dep_ == "prep" and c.lower_ in preps:
            content_idx.update(t.i for t in c.subtree if t.i != c.i)
    if not content_idx and noun.dep_ == "nsubj" and noun.head.lemma_.lower() in ctx.lex.stance_copulas:
        # "Protesters' demands include an inquiry", "his view is that …": the predicate is the content
        for c in noun.head.children:
            if c.i > noun.i and c.dep_ in ("attr", "dobj", "ccomp", "acomp"):
                content_idx.update(t.i for t in c.subtree)
    if not content_idx:
        return None
    span = ctx.content(content_idx - ctx.claimed, min_words=1)
    if span is None:
        return None
    lo, hi = span
    if hi - lo == 1 and ctx.doc[lo].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    return ctx.make("indirect", noun, lo, hi, (phrase(ctx, poss), poss.i))


def passive_stance(ctx: Context, cue: Token) -> Optional[Found]:
    """"The bill, opposed by House Republicans" / "Y was endorsed by X": the agent holds the stance."""
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if pobj is None or not can_be_source(ctx, pobj):
        return None
    if cue.dep_ == "acl":
        target = {t.i for t in cue.head.subtree} - {t.i for t in cue.subtree}
    else:
        subj = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
        if subj is None:
            return None
        target = {t.i for t in subj.subtree}
    span = ctx.content(target - ctx.claimed, min_words=1)
    if span is None:
        return None
    return ctx.make("indirect", cue, span[0], span[1], (phrase(ctx, pobj), pobj.i))


def _object_content(ctx: Context, cue: Token) -> Optional[set[int]]:
    """Tokens of the noun-phrase content of a stance verb, or None when it has none
    ("told CNN" names only an addressee; "they saw a man" is no stance)."""
    lex = ctx.lex
    lemma = cue.lemma_.lower()
    preps = lex.object_preps.get(lemma, set())
    content_idx: set[int] = set()
    right = [c for c in cue.children if c.i > cue.i]
    if lemma in lex.addressee and not any(c.dep_ in ("xcomp", "ccomp") for c in right) \
            and not any(c.dep_ == "prep" and c.lower_ in preps for c in right):
        return None   # "told CNN": an addressee alone is no content
    core = False
    if lemma in lex.regard_verbs:
        as_phrase = next((c for c in right if c.dep_ == "prep" and c.lower_ == "as"), None)
        obj = next((c for c in right if c.dep_ in ("dobj", "nsubj")), None)
        if as_phrase is None or obj is None:
            return None   # "voters see Clinton as the stronger candidate", not "they saw a man"
        content_idx.update(t.i for t in obj.subtree)
        content_idx.update(t.i for t in as_phrase.subtree)
        core = True
    for c in right:
        if lemma in lex.object_cues and c.dep_ in ("dobj", "oprd", "xcomp", "ccomp", "attr", "dative"):
            content_idx.update(t.i for t in c.subtree)
            core = core or c.dep_ != "dative"
            if c.dep_ == "dobj" and (lemma in lex.speech or lemma in lex.cognition):
                content_idx.update(_stranded_predicate(ctx, c))
        elif c.dep_ in ("prep", "prt") and c.lower_ in preps:
            content_idx.update(t.i for t in c.subtree if t.i != c.i)
            core = True
    if not core:
        return None
    for c in right:
        if c.dep_ == "prep" and content_idx and c.i > min(content_idx) and c.lower_ in _OBJECT_PREPS:
            content_idx.update(t.i for t in c.subtree)
    return content_idx


def _stranded_predicate(ctx: Context, obj: Token) -> set[int]:
    """A clause without "that" parsed as an object and a stray verb ("claiming [the state of emergency]
    [is unconstitutional]"): the subjectless finite verb right after the object, with its words."""
    nxt = obj.right_edge.i + 1
    if nxt >= len(ctx.doc):
        return set()
    verb = ctx.doc[nxt]
    if verb.tag_ not in _FINITE or verb.head.i == obj.i or any(c.dep_ in SUBJ for c in verb.children):
        return set()
    return {t.i for t in verb.subtree if t.i >= verb.i}


def stance(ctx: Context, cue: Token) -> Optional[Found]:
    """Stance and speech acts with a noun-phrase content: "X praised the deal", "X called for an inquiry"."""
    if any(c.dep_ == "agent" for c in cue.children) and cue.lemma_.lower() in ctx.lex.object_cues:
        return passive_stance(ctx, cue)
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children):
        return None
    content_idx = _object_content(ctx, cue)
    if content_idx is None:
        return None
    spk = speaker(ctx, cue, exclude=content_idx)
    if spk is None or not can_be_source(ctx, ctx.doc[spk[1]]):
        return None
    span = ctx.content(content_idx - ctx.claimed, min_words=1)
    if span is None:
        return None
    lo, hi = span
    if hi - lo == 1 and ctx.doc[lo].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None   # "endorsed Clinton", "opposed it"
    return ctx.make("indirect", cue, lo, hi, spk)
