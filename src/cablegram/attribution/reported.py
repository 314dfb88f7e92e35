"""Pass 3, reported speech over the dependency parse: a cue verb with a clausal complement
(``X said (that) …``, ``X doubted whether …``, ``X told reporters that …``), a parenthetical
or trailing cue (``…, X said`` / ``…, experts said, …``), ``according to X``, passive
reports (``it was reported that …``). A reported clause holding a quotation is ``mixed``."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from .context import SUBJ, Context, Found
from .speakers import according_source, speaker


def find_reported(ctx: Context) -> list[Found]:
    """Sentence by sentence: "according to", then cue verbs. ("For most Democrats, …" is no attribution:
    PolNeAR train precision of that frame 0.38 of 42, against 0.86 for the whole.)"""
    out: list[Found] = []
    for sent in ctx.doc.sents:
        for tok in sent:
            if not ctx.free(tok):
                continue
            f = None
            if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                f = according(ctx, tok, sent)
            elif ctx.lex.is_cue(tok):
                f = reported(ctx, tok)
            if f is not None:
                out.append(f)
    # then wishes ("X wants to …"), which are often inside what someone else reports
    for tok in ctx.doc:
        if ctx.free(tok) and tok.pos_ == "VERB" and tok.lemma_.lower() in ctx.lex.intention:
            f = reported(ctx, tok)
            if f is not None:
                out.append(f)
    return out


def _complements(ctx: Context, cue: Token) -> list[Token]:
    """The reported clauses of a cue: ccomp/csubj, a whether/if clause, or a misparsed xcomp."""
    if not ctx.lex.is_cue(cue):
        return _infinitives(ctx, cue)
    comp = [c for c in cue.children if c.dep_ in ("ccomp", "csubj")]
    if not comp:
        # "X doubted whether …", "X asked if …": an adverbial clause opened by whether/if
        comp = [c for c in cue.children if c.dep_ in ("advcl", "dobj", "xcomp")
                and any(m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in c.children)]
    if not comp and cue.lemma_.lower() in ctx.lex.speech:
        # misparsed reported clause ("said expanding cooperation could …" as xcomp): a non-infinitive xcomp
        comp = [c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i
                and not any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                and any(t.dep_ in SUBJ for t in c.subtree)]
    return comp or _infinitives(ctx, cue)


def _infinitives(ctx: Context, cue: Token) -> list[Token]:
    """"the team sought to get the event back on track", "voters want to keep the law": an intention."""
    if cue.lemma_.lower() not in ctx.lex.intention:
        return []
    return [c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]


def _is_parenthetical(ctx: Context, cue: Token) -> bool:
    """"In return, experts said, North Korea will …" / "…, X said.": a cue hanging off the claim."""
    return (cue.dep_ in ("parataxis", "advcl", "ccomp", "conj") and cue.head is not cue
            and any(c.dep_ in SUBJ for c in cue.children)
            and not any(c.dep_ == "xcomp" or (c.dep_ == "dobj" and cue.lemma_.lower() not in ctx.lex.addressee)
                        for c in cue.children if c.i > cue.i))


def reported(ctx: Context, cue: Token) -> Optional[Found]:
    """The clause a cue verb reports, with the cue's subject as speaker."""
    lex = ctx.lex
    comp = _complements(ctx, cue)
    content_idx: set[int] = set()
    anchor = None
    own: set[int] = set()
    if not comp and not lex.is_cue(cue):
        return None   # a verb of intention reports only through its infinitive
    if not comp and lex.needs_clause(cue):
        return None   # "news as we know it", "as Obama spoke from the White House": no clause, no report
    if comp:
        for c in comp:
            content_idx.update(t.i for t in c.subtree)
    elif _is_parenthetical(ctx, cue):
        if any(c.dep_ == "mark" and c.lower_ != "as" for c in cue.children):
            return None  # "if X says …": a condition, not a report of the head
        own = ctx.comma_segment(cue)
        root = cue.sent.root
        content_idx = {t.i for t in cue.sent} - own
        anchor = root.i if root.i not in own else cue.head.i
    else:
        trailing = _trailing(ctx, cue)
        if trailing is None:
            return None
        content_idx = trailing
    content_idx -= ctx.claimed
    content_idx -= {cue.i}
    span = ctx.content(content_idx, anchor)
    if span is None:
        return None
    lo, hi = span
    if own and content_idx and min(content_idx) < min(own) and max(content_idx) > max(own):
        # the parenthetical splits the claim: the content runs across it ("If …, the campaign said, it may …")
        whole = ctx.content(set(range(min(content_idx), max(content_idx) + 1)))
        if whole is not None:
            lo, hi = whole
    elif lo <= cue.i < hi:
        return None
    # reject contents that are mostly one already-found quotation
    inside = sum(1 for i in range(lo, hi) if i in ctx.claimed)
    if inside > (hi - lo) / 2:
        return None
    spk = speaker(ctx, cue, exclude=set(range(lo, hi)) - own)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children)
    if spk is None:
        if not (passive and cue.lemma_.lower() in lex.passive_ok):
            return None
    elif cue.lemma_.lower() not in lex.speech and ctx.doc[spk[1]].pos_ not in ("PROPN", "PRON", "NOUN"):
        return None
    return ctx.make("indirect", cue, lo, hi, spk, exclude=own)


def _trailing(ctx: Context, cue: Token) -> Optional[set[int]]:
    """"…, he said." / "…, said X." when the parser missed the reported clause: the words before the
    comma are the content, if nothing after the cue is more than its subject or a circumstance."""
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "csubj") for c in cue.children):
        return None
    sent, doc = cue.sent, ctx.doc
    c = cue.i - 1
    while c > sent.start and doc[c].text != "," and cue.i - c <= 8:
        c -= 1
    if doc[c].text != "," or c - sent.start < 3:
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in doc[c + 1:cue.i]):
        return None
    after = [t for t in doc[cue.i + 1:sent.end] if not t.is_punct and not t.is_space]
    if any(t.pos_ == "VERB" and t.dep_ not in ("relcl", "acl") for t in after):
        return None
    if not any(t.dep_ in SUBJ for t in doc[c + 1:sent.end] if t.head.i == cue.i):
        return None
    return set(range(sent.start, c))


def according(ctx: Context, tok: Token, sent) -> Optional[Found]:
    """"…, according to X": the clause the phrase hangs off is X's claim."""
    to = next(c for c in tok.children if c.lower_ == "to")
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    own = {t.i for t in tok.subtree}
    # the claim is the clause the phrase is attached to; up to the sentence when it hangs off a conjunct
    head = tok.head
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    scope = {t.i for t in head.subtree} if head.sent == sent else {t.i for t in sent}
    span = ctx.content(scope - own - ctx.claimed, head.i)
    if span is None:
        return None
    lo, hi = span
    doc = ctx.doc
    kind = "mixed" if any(i in ctx.quote_tokens for i in range(lo, hi)) else "indirect"
    f = Found(kind, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))
    f.cue = (tok.idx, to.idx + len(to.text))
    # "according to a statement by X", "according to X's tweet": X speaks
    f.speaker_tokens, f.speaker_head = according_source(ctx, tok)
    f.tokens = set(range(lo, hi))
    ctx.claimed.update(own)
    ctx.claimed.update(f.tokens)
    return f
