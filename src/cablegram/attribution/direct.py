"""Pass 1, direct speech. Quotation marks of every style are found on the raw text
(:mod:`.quotes`); a quoted stretch that stands as speech (not a scare quote or a title) is
tied to the cue verb in its frame (``"…," X said.`` / ``X said: "…"`` / ``X wrote:`` ending
the previous paragraph) and the cue's subject is the speaker. A quote with no cue continues
the speaker of the previous quote in the paragraph, or of the attribution the previous
paragraph ended with; the pieces of a multi-paragraph quote share one."""

from __future__ import annotations

import bisect
from typing import Optional

from spacy.tokens import Token

from .context import QUOTE_CHARS, SENT_END, Context, Found
from .quotes import paragraphs
from .speakers import according_source, document_owner, is_document, phrase, speaker

# a quote ending in one of these is followed by its cue (“…,” she said)
_LEADS_TO_CUE = set(",?!—–-…:")
# punctuation that introduces a quotation after its cue (X said: “…” / X said, “…” / X commented — “…”)
_INTRO = frozenset({":", ",", "—", "–"})
_DASHES = frozenset({"—", "–", "--"})
# dashes before the name that signs a quotation (“…” ― Name)
_SIGN_CHARS = "—–―-~"
# words of a speaker phrase that may stand between a quotation and its cue (“…” Mr. Grubbs said)
_SPEAKER_POS = ("PROPN", "PRON", "DET", "NOUN", "ADJ", "PUNCT")


def find_direct(ctx: Context) -> list[Found]:
    """Every quotation that stands as speech, with its cue and speaker where its frame has them."""
    doc, text = ctx.doc, ctx.text
    out: list[Found] = []
    prev: Optional[Found] = None
    prev_para = -1
    para_last: dict[int, Found] = {}
    pending: list[Found] = []
    for q, ts, te in ctx.quote_spans:
        inner = text[q.start:q.end]
        words = [t for t in doc[ts:te] if t.is_alpha]
        before = frame_before(ctx, ts)
        after = frame_after(ctx, te)
        cue, spk, framed = quote_cue(ctx, q.end, ts, te, inner, before, after)
        joined = cue is None and prev is not None and prev_para == q.paragraph and _only_joins(ctx, before)
        embedded = bool(before) and not (before[-1].text in _INTRO or ctx.lex.is_cue(before[-1])) and cue is None \
            and not joined
        if not framed and is_scare(inner, words):
            continue
        if embedded:
            # a quotation inside a sentence ("called it “a disaster”"): the indirect pass owns it
            continue
        end = q.end
        while end > q.start + 1 and text[end - 1] in ",;: \u00a0":
            end -= 1   # the comma before the cue belongs to the sentence, not the quotation
        f = Found("direct", q.start, end)
        f.tokens = set(range(ts, te))
        if cue is not None:
            _set_cue(ctx, f, cue, spk)
            if spk is None and prev is not None and prev_para == q.paragraph and cue.tag_ == "VBG":
                f.inherited = prev   # “…,” also observing, “…”: the same speaker goes on
        else:
            src = None
            if prev is not None and prev_para == q.paragraph:
                src = prev
            elif prev is not None and prev_para == q.paragraph - 1 and not before:
                src = para_last.get(q.paragraph - 1)
            intro = colon_intro(ctx, ts) if src is None and not before else None
            if intro is not None:
                _set_cue(ctx, f, *intro)
            elif src is not None:
                f.inherited = src
            elif q.continues:
                pending.append(f)   # its speaker is named where the quotation resumes or ends
                prev, prev_para = f, q.paragraph
                continue
            elif len(words) < 5 or (len(words) < 8 and inner.rstrip(" ”\"'’")[-1:] not in SENT_END):
                continue   # an orphan fragment: too little to stand as a quotation
        ctx.claimed.update(f.tokens)
        out.append(f)
        prev, prev_para = f, q.paragraph
        para_last[q.paragraph] = f
        if f.cue is not None and pending:
            for p in pending:
                p.inherited = f
                ctx.claimed.update(p.tokens)
            out.extend(pending)
            pending = []
    _signed_lines(ctx, out)
    return out


def _signed_lines(ctx: Context, found: list[Found]) -> None:
    """A signature ends its line: every quotation of the line without a cue is the signer's
    (“…” And that’s all he has “the root of all evil.” ― Christina Lastra)."""
    for f in found:
        if f.cue is None or ctx.text[f.cue[0]:f.cue[0] + 1] not in _SIGN_CHARS or not f.tokens:
            continue
        line = ctx.para_bounds(min(f.tokens))
        for g in found:
            if g is not f and g.cue is None and g.tokens and ctx.para_bounds(min(g.tokens)) == line:
                g.inherited = f


def quote_cue(ctx: Context, end: int, ts: int, te: int, inner: str, before: list[Token], after: list[Token]):
    """(cue, speaker, framed) of the quotation ``ts:te`` (its words ending at character ``end``): a
    signature, a cue in its frame, or a document it is introduced as."""
    signed = signature(ctx, end, after)
    if signed is not None:
        return signed[0], signed[1], True
    cue, framed = _frame_cue(ctx, inner, before, after)
    # no speaker of a quotation is among the words of another one
    spk = cue_speaker(ctx, cue, ctx.spoken | set(range(ts, te))) if cue is not None else None
    if cue is None and before and before[-1].text == ":":
        intro = noun_intro(ctx, before)
        if intro is not None:
            cue, spk = intro
    return cue, spk, framed


def _set_cue(ctx: Context, f: Found, cue: Token, spk) -> None:
    f.cue = (cue.idx, cue.idx + len(cue.text))
    ctx.claimed.add(cue.i)
    if spk is not None:
        f.speaker_tokens, f.speaker_head = spk
        ctx.claimed.update(range(*spk[0]))


def _frame_cue(ctx: Context, inner: str, before: list[Token], after: list[Token]) -> tuple[Optional[Token], bool]:
    """The cue of a quotation in its frame, and whether punctuation sets it off
    (“…,” X said / X said: “…”), which makes even a short quotation speech."""
    lex = ctx.lex
    if len(before) >= 2 and before[-1].text in (",", ":") and lex.is_cue(before[-2]) \
            and before[-2].i not in ctx.claimed:
        # X said, “…”, also observing, “…”: the cue right before the quotation is its own
        return before[-2], True
    ends_lead = inner.rstrip()[-1:] in _LEADS_TO_CUE or (after and after[0].text in (",", "—", "–"))
    if ends_lead and after:
        cue = cue_in(ctx, attached(ctx, after), prefer="first")
        if cue is not None:
            return cue, True
    if before and (before[-1].text in _INTRO or lex.is_cue(before[-1])):
        cue = cue_in(ctx, outside_asides(before), prefer="last")
        if cue is not None:
            return cue, before[-1].text in _INTRO
    if after and not ends_lead:
        # “…. ” said X. / “…” Grubbs said. (no comma before the cue)
        head = after[:4]
        cue = cue_in(ctx, head, prefer="first")
        if cue is not None and all(t.pos_ in _SPEAKER_POS for t in head[:head.index(cue)]) \
                and not any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > cue.i for c in cue.children):
            return cue, False
    if before:
        # X said on Friday “…”: only circumstances of the cue stand between it and the quotation
        return _cue_then_circumstances(ctx, before), False
    return None, False


def signature(ctx: Context, end: int, after: list[Token]):
    """(dash, speaker) of a quotation signed at the end of its line: “…” ― Pamela Padilla."""
    text, k = ctx.text, end
    while k < len(text) and (text[k] in "\"”’'»" or text[k] in " \u00a0\t"):
        k += 1
    if k >= len(text) or text[k] not in _SIGN_CHARS:
        return None
    dash = ctx.doc.char_span(k, k + 1, alignment_mode="expand")
    if dash is None or dash[0].i in ctx.claimed:
        return None
    name = [t for t in after if t.i > dash[0].i]
    if name and name[-1].text in SENT_END:
        name = name[:-1]
    if not name:
        return None
    last = name[-1].i + 1
    ends_line = last >= len(ctx.doc) or "\n" in ctx.doc[last - 1].whitespace_ or "\n" in ctx.doc[last].text \
        or ctx.doc[last].text in SENT_END and (last + 1 >= len(ctx.doc) or "\n" in ctx.doc[last].whitespace_
                                                or "\n" in ctx.doc[last + 1].text)
    if len(name) > 6 or not ends_line or not all(
            t.pos_ == "PROPN" or t.is_title or (len(t.text) <= 2 and t.text[:1].isupper()) for t in name):
        return None
    head = max(name, key=lambda t: (bool(ctx.actor_of(t)), t.pos_ == "PROPN", t.i))
    return dash[0], ((name[0].i, name[-1].i + 1), head.i)


def outside_asides(tokens: list[Token]) -> list[Token]:
    """The tokens not inside an aside set off by a pair of dashes or brackets ('X commented — which the
    BBC noted as unusual — “…”': 'noted' is no cue of the quotation)."""
    out, inside = [], False
    for k, t in enumerate(tokens):
        if t.text in _DASHES and (inside or any(u.text in _DASHES for u in tokens[k + 1:])):
            inside = not inside
            continue
        if t.text == "(":
            inside = True
        elif t.text == ")":
            inside = False
        elif not inside:
            out.append(t)
    return out


def _cue_then_circumstances(ctx: Context, before: list[Token]) -> Optional[Token]:
    """The last cue of the frame when every word after it is an adverbial of that cue."""
    cue = cue_in(ctx, before, prefer="last")
    if cue is None or cue.i == before[-1].i or any(
            c.i <= before[-1].i and (c.dep_ in ("ccomp", "xcomp") or (
                c.dep_ == "dobj" and cue.lemma_.lower() not in ctx.lex.addressee))
            for c in cue.children):   # a complement inside the quotation is the quotation itself
        return None
    for t in before[before.index(cue) + 1:]:
        up = t
        while up.head.i != cue.i and up.head.i != up.i and up.head.i > cue.i:
            up = up.head
        if up.head.i != cue.i or up.dep_ not in ctx.lex.circumstance_deps:
            return None
    return cue


def assign_continuations(ctx: Context, found: list[Found]) -> None:
    """A quotation with no cue of its own continues the latest speaker before it: in its paragraph,
    or, when it opens the paragraph, the attribution the previous paragraph ended with (a quotation
    or reported speech, whichever came last)."""
    paras = paragraphs(ctx.text)
    starts = [p[0] for p in paras]
    # a cue inside a relative clause ("… in Washington, where Mrs. Clinton also spoke.") names no one's quotation
    named = sorted((r for r in found if r.cue is not None and r.speaker_tokens is not None
                    and not _in_relative(ctx, r.cue[0])), key=lambda r: r.cue[0])
    cues = [r.cue[0] for r in named]
    for f in found:
        if f.kind != "direct" or f.cue is not None:
            continue
        current = _root(f)
        if current.cue is not None and current.cue[0] > f.start:
            continue   # the first part of a quotation whose speaker is named where it ends
        n = max(0, bisect.bisect_right(starts, f.start) - 1)
        opens = not ctx.text[paras[n][0]:f.start].strip(" \t\"“”„«»'‘`")
        lo = paras[n - 1][0] if opens and n > 0 else paras[n][0]
        k = bisect.bisect_left(cues, f.start) - 1
        if k < 0 or cues[k] < lo:
            continue
        best = named[k]
        if current.cue is None or best.cue[0] > current.cue[0]:
            f.inherited = best


def _in_relative(ctx: Context, start: int) -> bool:
    span = ctx.doc.char_span(start, start + 1, alignment_mode="expand")
    return span is not None and span[0].dep_ == "relcl"


def _root(f: Found) -> Found:
    hops = 0
    while f.inherited is not None and hops < 50:
        f, hops = f.inherited, hops + 1
    return f


def colon_intro(ctx: Context, ts: int):
    """(cue, speaker) of a quotation introduced at the end of the previous paragraph ("X wrote:")."""
    doc = ctx.doc
    j = ts - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in QUOTE_CHARS):
        j -= 1
    if j < 0 or doc[j].text != ":":
        return None
    frame = []
    k = j - 1
    while k >= 0 and len(frame) < 40 and doc[k].text not in SENT_END and "\n" not in doc[k].text:
        frame.append(doc[k])
        k -= 1
    frame.reverse()
    cue = cue_in(ctx, frame, prefer="last")
    if cue is None:
        return noun_intro(ctx, frame)
    return cue, speaker(ctx, cue, exclude=set(range(ts, len(doc))))


def noun_intro(ctx: Context, frame: list[Token]):
    """(document noun, speaker) of "X issued the following statement:" — no cue verb, a document
    introduced and its author named."""
    for t in reversed(frame):
        if is_document(ctx, t):
            owner = document_owner(ctx, t)
            return t, ((phrase(ctx, owner), owner.i) if owner is not None else None)
    return None


def _only_joins(ctx: Context, before: list[Token]) -> bool:
    """“…” and “…”: nothing but a conjunction between two quotations of one sentence."""
    return bool(before) and all(t.is_punct or t.lower_ in ctx.lex.quote_joins for t in before)


def is_scare(inner: str, words: list[Token]) -> bool:
    """Scare quotes, terms and titles: short, no clause of their own."""
    if len(words) >= 6:
        return False
    if len(words) < 4:
        return True
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in words)
    titled = all(t.text[:1].isupper() for t in words if len(t.text) > 3)
    return not has_verb or (titled and inner.rstrip()[-1:] not in SENT_END)


def frame_after(ctx: Context, te: int) -> list[Token]:
    """Tokens after a quote's closing mark up to the end of the sentence or the next quote."""
    doc = ctx.doc
    i = te
    if i < len(doc) and doc[i].text in QUOTE_CHARS:
        i += 1
    out = []
    while i < len(doc) and len(out) < 40:
        t = doc[i]
        if "\n" in t.text or i in ctx.quote_tokens:
            break
        if t.is_space:   # a no-break space between the closing mark and the cue
            i += 1
            continue
        out.append(t)
        if t.text in SENT_END or "\n" in t.whitespace_:
            break
        i += 1
    return out


def frame_before(ctx: Context, ts: int) -> list[Token]:
    """Tokens before a quote's opening mark back to a sentence end, another quote or the paragraph start."""
    doc = ctx.doc
    i = ts - 1
    if i >= 0 and doc[i].text in QUOTE_CHARS:
        i -= 1
    out = []
    while i >= 0 and len(out) < 40:
        t = doc[i]
        if "\n" in t.text or "\n" in t.whitespace_ or i in ctx.quote_tokens or t.text in SENT_END:
            break
        if not t.is_space:
            out.append(t)
        i -= 1
    out.reverse()
    return out


def attached(ctx: Context, after: list[Token]) -> list[Token]:
    """The part of a quote's after-frame that can hold its cue: up to a conjunction or another verb
    ('"…," but said she …' is another clause, not this quote's cue)."""
    out: list[Token] = []
    inside: set[int] = set()
    for t in after:
        if ctx.lex.is_cue(t) or _according_to(t):
            out.append(t)
            break
        if t.head.i not in inside and ((t.pos_ == "CCONJ" and t.head.pos_ in ("VERB", "AUX")) or (
                t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj", "ccomp", "advcl", "parataxis"))):
            break   # another clause begins; a clause inside the speaker phrase ("Cruz, who has proposed …,") does not
        out.append(t)
        inside.add(t.i)
        if len(out) >= 40:   # a long appositive: “…,” Leonard E. Burman, director of … and a professor at …, said
            break
    return out


def _according_to(tok: Token) -> bool:
    return tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children)


def cue_speaker(ctx: Context, cue: Token, exclude: set[int]):
    """The speaker of a cue verb, or of "according to X"."""
    if _according_to(cue):
        return according_source(ctx, cue)
    return speaker(ctx, cue, exclude=exclude)


def cue_in(ctx: Context, tokens: list[Token], prefer: str) -> Optional[Token]:
    cues = [t for t in tokens if (ctx.lex.is_cue(t) or _according_to(t)) and t.i not in ctx.claimed]
    if not cues:
        return None
    return cues[0] if prefer == "first" else cues[-1]
