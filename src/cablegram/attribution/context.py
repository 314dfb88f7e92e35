"""What the passes share on one ``Doc``: the quotations found on the raw text, the tokens
already claimed by an attribution (a token belongs to at most one), the line bounds, and
the two helpers every pass ends with: cut a content span, record an attribution."""

from __future__ import annotations

import functools

import bisect
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.tokens import Doc, Token

from ..contract import column, text_of
from .lexicon import Lexicon, lexicon
from .quotes import Quote, find_quotes

QUOTE_CHARS = set('"“”„«»') | {"''", "``"}
SUBJ = ("nsubj", "nsubjpass", "csubj")
SENT_END = set(".!?")

Speaker = tuple[tuple[int, int], int]   # (token range of the speaker phrase, index of its head)


@dataclass
class Found:
    """An attribution while the passes run: offsets of the content, cue and speaker phrase."""

    kind: str
    start: int                 # content, character offsets
    end: int
    cue: Optional[tuple[int, int]] = None
    speaker_tokens: Optional[tuple[int, int]] = None   # token range of the speaker phrase
    speaker_head: Optional[int] = None                 # token index of its head
    inherited: Optional["Found"] = None                # continuation of this attribution's speaker
    intent: bool = False                               # the cue is a verb of wish, not of speech
    tokens: set = field(default_factory=set)


def actor_lookup():
    """The actor of a token's noun phrase, as the actors stage wrote it (``Token._.cg_np_actor``)."""
    return lambda tok: tok._.cg_np_actor


class Context:
    """One document's state while the passes run."""

    def __init__(self, doc: Doc, lex: Optional[Lexicon] = None):
        self.doc = doc
        self.text = text_of(doc)
        self.lex = lex or lexicon()
        self.actor_of = actor_lookup()
        self.claimed: set[int] = set()       # token indices already part of an attribution
        self.quotes = find_quotes(self.text)
        self._paras: Optional[tuple[list[int], list[int]]] = None
        self.quote_tokens: set[int] = set()  # tokens inside any top-level quote (marks included)
        self.quote_spans: list[tuple[Quote, int, int]] = []
        for q in self.quotes:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            self.quote_spans.append((q, span.start, span.end))
            lo, hi = span.start, span.end
            if lo > 0 and doc[lo - 1].text in QUOTE_CHARS:
                lo -= 1
            if hi < len(doc) and doc[hi].text in QUOTE_CHARS:
                hi += 1
            self.quote_tokens.update(range(lo, hi))

    @functools.cached_property
    def spoken(self) -> set[int]:
        """Tokens of the quotations long enough to be speech (six words or more), not terms or titles."""
        doc = self.doc
        return {i for _, ts, te in self.quote_spans if sum(t.is_alpha for t in doc[ts:te]) >= 6
                for i in range(ts, te)}

    def free(self, tok: Token) -> bool:
        """Neither claimed by an attribution nor inside a quotation."""
        return tok.i not in self.claimed and tok.i not in self.quote_tokens

    def para_bounds(self, i: int) -> tuple[int, int]:
        """Token range of the line (paragraph) token ``i`` is in."""
        if self._paras is None:
            starts, ends, lo = [], [], 0
            for k, word in enumerate(column(self.doc, "text")):  # a token's whitespace_ is " " or "", no line break
                if "\n" in word:
                    starts.append(lo)
                    ends.append(k + 1)
                    lo = k + 1
            if lo < len(self.doc):
                starts.append(lo)
                ends.append(len(self.doc))
            self._paras = (starts, ends)
        starts, ends = self._paras
        k = max(0, bisect.bisect_right(starts, i) - 1)
        return starts[k], ends[k]

    def content(self, tokens: Iterable[int], anchor: Optional[int] = None,
                min_words: int = 2) -> Optional[tuple[int, int]]:
        """The contiguous run of the given token indices holding ``anchor`` (else the largest),
        trimmed of punctuation; None if too short."""
        doc = self.doc
        chosen = set(tokens)
        # quotation marks around quoted words of the content belong to it ('called it “a non-starter”')
        marks = {j for i in chosen for j in (i - 1, i + 1)
                 if 0 <= j < len(doc) and j not in chosen and doc[j].text in QUOTE_CHARS and j not in self.claimed}
        idx = sorted(chosen | marks)
        if not idx:
            return None
        runs, cur = [], [idx[0]]
        for i in idx[1:]:
            if i == cur[-1] + 1:
                cur.append(i)
            else:
                runs.append(cur)
                cur = [i]
        runs.append(cur)
        best = next((r for r in runs if anchor is not None and anchor in r), None) or max(runs, key=len)
        lo, hi = best[0], best[-1] + 1
        while lo < hi and (doc[lo].is_punct and doc[lo].text not in QUOTE_CHARS or doc[lo].is_space):
            lo += 1
        while hi > lo and (doc[hi - 1].is_punct and doc[hi - 1].text not in QUOTE_CHARS or doc[hi - 1].is_space):
            hi -= 1
        if sum(1 for t in doc[lo:hi] if not t.is_punct) < min_words:
            return None
        return lo, hi

    def comma_segment(self, cue: Token) -> set[int]:
        """The parenthetical around a cue: its tokens between the nearest commas (or sentence edges)."""
        sent, doc = cue.sent, self.doc
        lo = cue.i
        while lo > sent.start and doc[lo - 1].text not in (",", "—", "–", "(", ";"):
            lo -= 1
        hi = cue.i + 1
        while hi < sent.end and doc[hi].text not in (",", "—", "–", ")", ";") and doc[hi].text not in SENT_END:
            hi += 1
        return set(range(lo, hi))

    def make(self, kind: str, cue: Token, lo: int, hi: int, spk: Optional[Speaker],
             exclude: set[int] = frozenset()) -> Optional[Found]:
        """Record an attribution whose content is tokens ``lo:hi`` (kept within the cue's line);
        a content holding quoted words is ``mixed``. Its tokens, cue and speaker are claimed."""
        doc = self.doc
        if self.lex.describes(cue):
            return None   # "resolutions, supported by Russia": the participle describes the noun
        plo, phi = self.para_bounds(cue.i)
        lo, hi = max(lo, plo), min(hi, phi)
        while hi > lo + 1 and (doc[hi - 1].is_space or doc[hi - 1].is_punct and doc[hi - 1].text not in QUOTE_CHARS):
            hi -= 1
        while lo < hi and doc[lo].is_space:
            lo += 1
        if hi <= lo or not self.text[doc[lo].idx:doc[hi - 1].idx + len(doc[hi - 1].text)].strip():
            return None
        if any(i in self.quote_tokens for i in range(lo, hi)):
            kind = "mixed"
        f = Found(kind, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))
        f.cue = (cue.idx, cue.idx + len(cue.text))
        f.intent = self.lex.wants(cue)
        f.tokens = set(range(lo, hi)) - set(exclude)
        if spk is not None:
            f.speaker_tokens, f.speaker_head = spk
            self.claimed.update(range(*spk[0]))
        self.claimed.add(cue.i)
        self.claimed.update(f.tokens)
        self.claimed.update(exclude)
        return f
