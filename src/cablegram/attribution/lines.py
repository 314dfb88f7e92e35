"""Pass 2, line forms whose parse is unreliable: ``Name: words`` lines (interview
transcripts, labelled statements), block quotations signed on the line below (``– Name``)
and a title-case headline (``Senator Slams Plan``)."""

from __future__ import annotations

from .context import QUOTE_CHARS, Context, Found
from .lexicon import norm
from .quotes import paragraphs
from .speakers import can_be_source


def find_speaker_labels(ctx: Context) -> list[Found]:
    """Lines of the form "Name: what they said" (headlines, interview transcripts)."""
    doc, text = ctx.doc, ctx.text
    out = []
    for ps, pe in paragraphs(text):
        colon = text.find(":", ps, min(pe, ps + 80))
        if colon < 0 or pe - colon < 12:
            continue
        prefix = doc.char_span(ps, colon, alignment_mode="contract")
        body = doc.char_span(colon + 1, pe, alignment_mode="contract")
        colon_tok = doc.char_span(colon, colon + 1)
        if prefix is None or body is None or colon_tok is None or not 1 <= len(prefix) <= 6:
            continue
        words = [t for t in prefix if not t.is_punct]
        if not _names_a_speaker(ctx, prefix, words):
            continue
        lo, hi = body.start, body.end
        while lo < hi and (doc[lo].is_space or doc[lo].is_punct and doc[lo].text not in QUOTE_CHARS | {"‘"}):
            lo += 1
        if sum(1 for t in doc[lo:hi] if t.is_alpha) < 3 or any(i in ctx.claimed for i in range(lo, hi)):
            continue
        head = next((t for t in prefix if t.head.i < prefix.start or t.head.i >= prefix.end or t.head is t),
                    words[-1])
        if not (can_be_source(ctx, head) or head.pos_ == "PROPN"):
            continue
        f = ctx.make("indirect", colon_tok[0], lo, hi, ((prefix.start, prefix.end), head.i))
        if f is not None:
            out.append(f)
    return out


_SIGN = "–—―~-"


def find_block_quotes(ctx: Context) -> list[Found]:
    """A paragraph without quotation marks signed by the line after it ("– European Court of
    Justice"): a block quotation whose marks the page's layout carried, lost as text."""
    doc, text = ctx.doc, ctx.text
    paras = paragraphs(text)
    out = []
    for k in range(1, len(paras)):
        name = _signature_line(ctx, *paras[k])
        if name is None:
            continue
        body = doc.char_span(*paras[k - 1], alignment_mode="contract")
        if body is None or sum(t.is_alpha for t in body) < 8 or any(t.i in ctx.claimed for t in body) \
                or any(t.text in QUOTE_CHARS for t in body[:2]):
            continue
        dash, words = name
        f = Found("direct", body[0].idx, body[-1].idx + len(body[-1].text))
        f.tokens = set(range(body.start, body.end))
        f.cue = (dash.idx, dash.idx + len(dash.text))
        head = max(words, key=lambda t: (bool(ctx.actor_of(t)), t.pos_ == "PROPN", t.i))
        f.speaker_tokens, f.speaker_head = (words[0].i, words[-1].i + 1), head.i
        ctx.claimed.update(f.tokens | {dash.i} | set(range(words[0].i, words[-1].i + 1)))
        out.append(f)
    return out


def _signature_line(ctx: Context, start: int, end: int):
    """(dash, name tokens) of a line that is a dash and a name only, else None."""
    line = ctx.text[start:end].strip()
    if len(line) < 3 or line[0] not in _SIGN or line[1:2] not in (" ", "\u00a0"):
        return None
    span = ctx.doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return None
    toks = [t for t in span if not t.is_space]
    dash, words = toks[0], [t for t in toks[1:] if t.text != "."]
    if not 1 <= len(words) <= 7 or not words[0].text[:1].isupper() or not any(t.pos_ == "PROPN" for t in words):
        return None
    if not all(t.text[:1].isupper() or t.pos_ in ("ADP", "DET", "CCONJ") for t in words):
        return None
    return dash, words


def _names_a_speaker(ctx: Context, prefix, words) -> bool:
    """A line label that is a name or a source noun, not a block label ("Update:", "Photo:") or a clause."""
    if not words or not words[0].text[:1].isupper() or norm(prefix.text) in ctx.lex.labels:
        return False
    if any(t.like_num or t.pos_ in ("VERB", "AUX", "PRON") for t in words):
        return False
    return any(t.pos_ == "PROPN" for t in words) or words[-1].lemma_.lower() in ctx.lex.source_heads


def find_headline(ctx: Context) -> list[Found]:
    """A title-case first line ("Senator Says Talks Will Resume"): the parse of such lines is
    unreliable, so the cue is found by its inflected form and the line split around it."""
    doc = ctx.doc
    paras = paragraphs(ctx.text)
    if not paras:
        return []
    line = doc.char_span(*paras[0], alignment_mode="contract")
    if line is None or len(line) < 4 or len(line) > 30:
        return []
    alpha = [t for t in line if t.is_alpha and len(t) > 3]
    if not alpha or sum(t.text[0].isupper() for t in alpha) < 0.7 * len(alpha):
        return []
    forms = ctx.lex.headline_forms
    for k, t in enumerate(line):
        if k == 0 or t.lower_ not in forms or t.i in ctx.claimed:
            continue
        before = [x for x in line[:k] if not x.is_punct]
        after = [x for x in line[k + 1:] if not x.is_punct]
        if len(after) >= 2 and 1 <= len(before) <= 6 and not any(x.i in ctx.claimed for x in line[k + 1:]):
            spk = ((line.start, t.i), before[-1].i)
            return [f for f in [ctx.make("indirect", t, t.i + 1, line.end, spk)] if f is not None]
        if not after and len(before) >= 4 and k >= 3:
            # "…, Howard Dean Tells": the speaker sits between the last comma and the cue
            comma = max((x.i for x in line[:k] if x.text == ","), default=None)
            if comma is not None and 1 <= t.i - comma - 1 <= 4 and comma > line.start + 2:
                first = comma + 1
                while first < t.i - 1 and doc[first].is_punct:
                    first += 1
                spk = ((first, t.i), t.i - 1)
                return [f for f in [ctx.make("indirect", t, line.start, comma, spk)] if f is not None]
    return []
