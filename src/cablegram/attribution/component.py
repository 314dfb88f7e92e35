"""The attribution stage: who said what, quoted directly or reported.

Passes over the parsed ``Doc``, each claiming the tokens it uses (a token
belongs to at most one attribution):

1. Direct speech. Quotation marks of every style are found on the raw text
   (:mod:`.quotes`); a quoted stretch that stands as speech (not a scare
   quote or a title) is tied to the cue verb in its frame (``"…," X said.`` /
   ``X said: "…"`` / ``X wrote:`` ending the previous paragraph) and the
   cue's subject is the speaker. A quote with no cue continues the speaker of
   the previous quote in the paragraph, or of the attribution the previous
   paragraph ended with; the pieces of a multi-paragraph quote share one.
2. Line forms: ``Name: words`` lines and title-case headlines
   (``Senator Slams Plan``), whose parse is unreliable.
3. Reported speech over the dependency parse: a cue verb with a clausal
   complement (``X said (that) …``, ``X doubted whether …``, ``X told
   reporters that …``), a parenthetical or trailing cue (``…, X said`` /
   ``…, experts said, …``), ``according to X``, passive reports (``it was
   reported that …``). A reported clause holding a quotation is ``mixed``.
4. Stances with a noun-phrase content (``X criticized the plan``, ``X called
   for an inquiry``, ``the bill, opposed by Y``) and cue nouns with a
   possessor (``Trump's claim that …``).

Lexicons (cue verbs, nouns, source kinds) live in ``data/``. Speakers are
the actors the actors stage attached to the speaker phrase
(``Token._.cg_np_actor``); this stage never resolves actors itself.
"""

from __future__ import annotations

import bisect
import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Token

from ..ids import span_id
from ..contract import text_of
from ..schema import Attribution, Span
from .quotes import Quote, find_quotes, paragraphs

DATA = Path(__file__).with_name("data")
log = logging.getLogger(__name__)
QUOTE_CHARS = set('"“”„«»') | {"''", "``"}
SUBJ = ("nsubj", "nsubjpass", "csubj")
# a quote ending in one of these is followed by its cue (“…,” she said)
_LEADS_TO_CUE = set(",?!—–-…:")
_SENT_END = set(".!?")


@dataclass(frozen=True)
class Lexicon:
    speech: frozenset
    cognition: frozenset
    passive_ok: frozenset
    phrasal: dict
    not_sources: frozenset
    source_heads: dict  # lemma -> source kind
    object_cues: frozenset = frozenset()
    object_preps: dict = field(default_factory=dict)
    labels: frozenset = frozenset()
    addressee: frozenset = frozenset()
    headline_forms: frozenset = frozenset()
    noun_cues: dict = field(default_factory=dict)
    person_roles: frozenset = frozenset()
    regard_verbs: frozenset = frozenset()
    frame_preps: frozenset = frozenset()

    def is_cue(self, tok: Token) -> bool:
        """A reporting verb: in a cue list, or a verb + particle from the phrasal list."""
        if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
            return False
        lemma = tok.lemma_.lower()
        if lemma in self.speech or lemma in self.cognition:
            # "show up", "give off": a particle makes another verb of it
            return not any(c.dep_ == "prt" and c.lower_ in ("up", "off", "away", "down", "over", "back", "around")
                           for c in tok.children)
        parts = self.phrasal.get(lemma)
        return bool(parts) and any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ in parts for c in tok.children)


@functools.cache
def lexicon() -> Lexicon:
    cues = yaml.safe_load((DATA / "cues.yaml").read_text(encoding="utf-8"))
    sources = yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))
    heads: dict[str, str] = {}
    for kind in ("organization", "document", "group", "anonymous"):  # later kinds win on overlap
        for lemma in sources.get(kind, []):
            heads[str(lemma).lower()] = kind
    return Lexicon(
        speech=frozenset(map(str, cues["speech"])),
        cognition=frozenset(map(str, cues["cognition"])),
        passive_ok=frozenset(map(str, cues["passive_ok"])),
        phrasal={k: set(v) for k, v in (cues.get("phrasal") or {}).items()},
        not_sources=frozenset(cues.get("not_sources", [])),
        source_heads=heads,
        object_cues=frozenset(map(str, cues.get("object_cues", []))),
        object_preps={k: set(v) for k, v in (cues.get("object_preps") or {}).items()},
        labels=frozenset(_norm(x) for x in cues.get("not_speaker_labels", [])),
        addressee=frozenset(cues.get("addressee_verbs", [])),
        noun_cues={k: set(v or []) for k, v in (cues.get("noun_cues") or {}).items()},
        person_roles=frozenset(map(str, sources.get("person_roles", []))),
        regard_verbs=frozenset(cues.get("regard_verbs", [])),
        frame_preps=frozenset(cues.get("frame_preps", [])),
        headline_forms=frozenset(_present_forms(
            set(cues["speech"]) | set(cues["cognition"]) | set(cues.get("object_cues", [])))
            | set(cues.get("headline_extra", []))),
    )


def _present_forms(lemmas) -> set[str]:
    """Third-person present forms, as headlines use them: says, slams, endorses, denies."""
    out = set()
    for lemma in lemmas:
        lemma = str(lemma).lower()
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            out.add(lemma[:-1] + "ies")
        elif lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
            out.add(lemma + "es")
        else:
            out.add(lemma + "s")
    return out


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def _actor_lookup():
    """The actor of a token's noun phrase, as the actors stage wrote it."""
    return lambda tok: tok._.cg_np_actor


@dataclass
class _Found:
    kind: str
    start: int                 # content, character offsets
    end: int
    cue: Optional[tuple[int, int]] = None
    speaker_tokens: Optional[tuple[int, int]] = None   # token range of the speaker phrase
    speaker_head: Optional[int] = None                 # token index of its head
    inherited: Optional["_Found"] = None               # continuation of this attribution's speaker
    tokens: set = field(default_factory=set)


@Language.factory(
    "cablegram_attribution",
    requires=["token.dep", "token._.cg_actor", "token._.cg_np_actor", "doc._.cg_actors"],
    assigns=["doc._.cg_attributions", "token._.cg_attribution"],
)
def make_attribution(nlp: Language, name: str):
    return AttributionComponent()


class AttributionComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_attributions = []
        if len(doc) == 0:
            return doc
        found = Extractor(doc).run()
        doc._.cg_attributions = _to_schema(doc, found)
        return doc


class Extractor:
    """Finds attributions on one parsed ``Doc``."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.lex = lexicon()
        self.actor_of = _actor_lookup()
        self.claimed: set[int] = set()      # token indices already part of an attribution
        self.quotes = find_quotes(text_of(doc))
        self.orphans: list[tuple[_Found, int]] = []
        self._paras = None
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

    # ------------------------------------------------------------------ run
    def run(self) -> list[_Found]:
        """All passes; a pass that fails on an odd parse is logged and skipped, the others still count."""
        direct = self._guard(self._direct)
        # line-level forms ("Name: words", title-case headlines) before the parse-based pass
        labelled = self._guard(self._speaker_labels) + self._guard(self._headline)
        indirect = self._guard(self._indirect)
        self._guard(lambda: self._adopt_orphans(indirect))
        return sorted(direct + indirect + labelled, key=lambda f: f.start)

    def _guard(self, step):
        try:
            return step() or []
        except Exception:  # noqa: BLE001 - one bad sentence must not lose the document's analysis
            log.warning("attribution pass %s failed on document %s", getattr(step, "__name__", "?"),
                        self.doc._.cg_doc_id, exc_info=True)
            return []

    # ------------------------------------------------------- direct speech
    def _direct(self) -> list[_Found]:
        doc = self.doc
        out: list[_Found] = []
        prev: Optional[_Found] = None
        prev_para = -1
        para_last: dict[int, _Found] = {}
        pending: list[_Found] = []
        for q, ts, te in self.quote_spans:
            inner = text_of(doc)[q.start:q.end]
            words = [t for t in doc[ts:te] if t.is_alpha]
            before = self._frame_before(ts)
            after = self._frame_after(te)
            ends_lead = inner.rstrip()[-1:] in _LEADS_TO_CUE or (after and after[0].text in (",", "—", "–"))
            cue = spk = None
            framed = False   # the cue is set off by punctuation: “…,” X said / X said: “…”
            if ends_lead and after:
                cue = self._cue_in(self._attached(after), prefer="first")
                framed = cue is not None
            if cue is None and before and (before[-1].text in (":", ",") or self.lex.is_cue(before[-1])):
                cue = self._cue_in(before, prefer="last")
                framed = cue is not None and before[-1].text in (":", ",")
            if cue is None and after and not ends_lead and inner.rstrip()[-1:] in _SENT_END:
                # “…. ” said X. (full stop inside the quote, cue still follows)
                first = after[0]
                if self.lex.is_cue(first) or (len(after) > 1 and self.lex.is_cue(after[1]) and after[0].pos_ in ("PRON", "PROPN")):
                    cue = self._cue_in(after[:3], prefer="first")
            if cue is not None:
                spk = self._speaker(cue, exclude=set(range(ts, te)))
            embedded = bool(before) and not (before[-1].text in (":", ",") or self.lex.is_cue(before[-1])) and cue is None
            if not framed and self._is_scare(inner, words):
                continue
            if embedded:
                # a quotation inside a sentence ("called it “a disaster”"): the indirect pass owns it
                continue
            end = q.end
            while end > q.start + 1 and text_of(doc)[end - 1] in ",;: \u00a0":
                end -= 1   # the comma before the cue belongs to the sentence, not the quotation
            f = _Found("direct", q.start, end)
            f.tokens = set(range(ts, te))
            if cue is not None:
                f.cue = (cue.idx, cue.idx + len(cue.text))
                self.claimed.add(cue.i)
                if spk is not None:
                    f.speaker_tokens, f.speaker_head = spk
                    self.claimed.update(range(*spk[0]))
            else:
                src = None
                if prev is not None and prev_para == q.paragraph:
                    src = prev
                elif prev is not None and prev_para == q.paragraph - 1 and not before:
                    src = para_last.get(q.paragraph - 1)
                intro = self._colon_intro(ts) if src is None and not before else None
                if intro is not None:
                    cue, spk = intro
                    f.cue = (cue.idx, cue.idx + len(cue.text))
                    self.claimed.add(cue.i)
                    if spk is not None:
                        f.speaker_tokens, f.speaker_head = spk
                elif src is not None:
                    f.inherited = src
                elif q.continues:
                    pending.append(f)   # its speaker is named where the quotation resumes or ends
                    prev, prev_para = f, q.paragraph
                    continue
                elif len(words) < 5 or (len(words) < 8 and inner.rstrip(" ”\"'’")[-1:] not in _SENT_END):
                    continue   # an orphan fragment: too little to stand as a quotation
                elif not before:
                    self.orphans.append((f, q.paragraph))   # the previous paragraph's speaker, if any
            self.claimed.update(f.tokens)
            out.append(f)
            prev, prev_para = f, q.paragraph
            para_last[q.paragraph] = f
            if f.cue is not None and pending:
                for p in pending:
                    p.inherited = f
                    self.claimed.update(p.tokens)
                out.extend(pending)
                pending = []
        return out

    def _adopt_orphans(self, reported: list[_Found]) -> None:
        """A quotation opening a paragraph with no cue continues the speaker the previous paragraph ended with."""
        if not self.orphans:
            return
        paras = paragraphs(text_of(self.doc))
        for f, n in self.orphans:
            if n == 0 or f.inherited is not None or f.cue is not None:
                continue
            ps, pe = paras[n - 1]
            last = [r for r in reported if r.cue is not None and ps <= r.cue[0] < pe and r.speaker_tokens is not None]
            if last:
                f.inherited = max(last, key=lambda r: r.end)

    def _colon_intro(self, ts: int):
        """(cue, speaker) of a quotation introduced at the end of the previous paragraph ("X wrote:")."""
        doc = self.doc
        j = ts - 1
        while j >= 0 and (doc[j].is_space or doc[j].text in QUOTE_CHARS):
            j -= 1
        if j < 0 or doc[j].text != ":":
            return None
        frame = []
        k = j - 1
        while k >= 0 and len(frame) < 40 and doc[k].text not in _SENT_END and "\n" not in doc[k].text:
            frame.append(doc[k])
            k -= 1
        frame.reverse()
        cue = self._cue_in(frame, prefer="last")
        if cue is None:
            return None
        return cue, self._speaker(cue, exclude=set(range(ts, len(doc))))

    def _is_scare(self, inner: str, words: list[Token]) -> bool:
        """Scare quotes, terms and titles: short, no clause of their own."""
        if len(words) >= 6:
            return False
        if len(words) < 4:
            return True
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in words)
        titled = all(t.text[:1].isupper() for t in words if len(t.text) > 3)
        return not has_verb or (titled and inner.rstrip()[-1:] not in _SENT_END)

    def _para_bounds(self, i: int) -> tuple[int, int]:
        """Token range of the line (paragraph) token ``i`` is in."""
        if self._paras is None:
            doc = self.doc
            starts, ends, lo = [], [], 0
            for t in doc:
                if "\n" in t.text or "\n" in t.whitespace_:
                    starts.append(lo)
                    ends.append(t.i + 1)
                    lo = t.i + 1
            if lo < len(doc):
                starts.append(lo)
                ends.append(len(doc))
            self._paras = (starts, ends)
        starts, ends = self._paras
        k = max(0, bisect.bisect_right(starts, i) - 1)
        return starts[k], ends[k]

    def _frame_after(self, te: int) -> list[Token]:
        """Tokens after a quote's closing mark up to the end of the sentence or the next quote."""
        doc = self.doc
        i = te
        if i < len(doc) and doc[i].text in QUOTE_CHARS:
            i += 1
        out = []
        while i < len(doc) and len(out) < 40:
            t = doc[i]
            if "\n" in t.text or i in self.quote_tokens:
                break
            if t.is_space:   # a no-break space between the closing mark and the cue
                i += 1
                continue
            out.append(t)
            if t.text in _SENT_END:
                break
            if "\n" in t.whitespace_:
                break
            i += 1
        return out

    def _frame_before(self, ts: int) -> list[Token]:
        """Tokens before a quote's opening mark back to a sentence end, another quote or the paragraph start."""
        doc = self.doc
        i = ts - 1
        if i >= 0 and doc[i].text in QUOTE_CHARS:
            i -= 1
        out = []
        while i >= 0 and len(out) < 40:
            t = doc[i]
            if "\n" in t.text or "\n" in t.whitespace_ or i in self.quote_tokens:
                break
            if t.text in _SENT_END:
                break
            if not t.is_space:
                out.append(t)
            i -= 1
        out.reverse()
        return out

    def _attached(self, after: list[Token]) -> list[Token]:
        """The part of a quote's after-frame that can hold its cue: up to a conjunction or another verb
        ('"…," but said she …' is another clause, not this quote's cue)."""
        out = []
        for t in after:
            if self.lex.is_cue(t):
                out.append(t)
                break
            if (t.pos_ == "CCONJ" and t.head.pos_ in ("VERB", "AUX")) or (
                    t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj", "ccomp", "advcl", "parataxis")):
                break   # another clause begins; a relative clause inside the speaker phrase does not count
            out.append(t)
            if len(out) >= 16:
                break
        return out

    def _cue_in(self, tokens: list[Token], prefer: str) -> Optional[Token]:
        cues = [t for t in tokens if self.lex.is_cue(t) and t.i not in self.claimed]
        if not cues:
            return None
        return cues[0] if prefer == "first" else cues[-1]

    # ------------------------------------------------------------ speakers
    def _speaker(self, cue: Token, exclude: set[int] = frozenset()) -> Optional[tuple[tuple[int, int], int]]:
        """(token range, head index) of the cue's subject (or agent), following conjoined and participial cues up."""
        verb = cue
        for _ in range(3):
            passive = any(c.dep_ == "auxpass" for c in verb.children)
            # the subject of a passive cue is its addressee or topic ("X was told …"), never its source
            subjects = [c for c in verb.children if c.dep_ in SUBJ and c.i not in exclude
                        and not (passive and c.dep_ == "nsubjpass")]
            # the nearest subject: a misparse may hang a second one off the cue
            subj = min(subjects, key=lambda c: abs(c.i - verb.i)) if subjects else None
            if subj is None:
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                if agent is not None:
                    subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if subj is not None and subj.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                # "Christie, who said …": the speaker phrase is the pronoun, the actor its antecedent
                return (subj.i, subj.i + 1), verb.head.i
            if subj is not None:
                if subj.lower_ in self.lex.not_sources and not (
                        subj.lower_ == "it" and cue.lemma_.lower() in self.lex.speech and subj.dep_ == "nsubj"):
                    return None   # "It said it would …" is an organisation speaking; "it seems" is nobody
                return self._phrase(subj), subj.i
            if verb.dep_ in ("conj", "xcomp", "advcl", "dep") and verb.head is not verb:
                verb = verb.head
                continue
            break
        # parse failed to attach a subject: the noun phrase right after (inverted "said X") or before the cue
        doc = self.doc
        j = cue.i + 1
        if j < len(doc) and doc[j].pos_ in ("PROPN", "PRON", "NOUN", "DET", "ADJ") and j not in exclude:
            k = j
            while k < len(doc) and doc[k].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PART") and k not in exclude:
                k += 1
            if doc[j].pos_ == "PRON":
                k = j + 1
            head = max(range(j, max(k, j + 1)), key=lambda x: doc[x].pos_ in ("PROPN", "NOUN", "PRON"))
            return (j, max(k, j + 1)), head
        return None

    def _phrase(self, head: Token) -> tuple[int, int]:
        """The speaker phrase: left edge to the head, then its right modifiers up to a comma/appositive."""
        lo = head.left_edge.i
        hi = head.i + 1
        if head.dep_ == "poss":   # "Trump's claim": the speaker is Trump, not Trump's
            return lo, hi
        for t in self.doc[head.i + 1:head.right_edge.i + 1]:
            if t.is_punct or t.dep_ in ("appos", "relcl", "acl") or t.head.dep_ in ("appos", "relcl"):
                break
            hi = t.i + 1
        return lo, hi

    # ------------------------------------------------------ indirect speech
    def _indirect(self) -> list[_Found]:
        """Reported clauses first (they may hold other cues), then stances with a noun-phrase content."""
        doc = self.doc
        out: list[_Found] = []
        free = lambda tok: tok.i not in self.claimed and tok.i not in self.quote_tokens  # noqa: E731
        for sent in doc.sents:
            for tok in sent:
                if not free(tok):
                    continue
                f = None
                if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                    f = self._according(tok, sent)
                elif tok.i == sent.start and tok.lower_ in self.lex.frame_preps:
                    f = self._perspective(tok, sent)
                elif self.lex.is_cue(tok):
                    f = self._reported(tok, sent)
                if f is not None:
                    out.append(f)
        for tok in doc:
            if free(tok) and tok.pos_ == "NOUN" and tok.lower_ in self.lex.noun_cues:
                f = self._nominal(tok)
                if f is not None:
                    out.append(f)
            if free(tok) and tok.pos_ == "VERB":
                lemma = tok.lemma_.lower()
                if lemma in self.lex.object_cues or lemma in self.lex.object_preps or lemma in self.lex.regard_verbs:
                    f = self._object(tok)
                    if f is not None:
                        out.append(f)
        return out

    def _content(self, tokens: Iterable[int], anchor: Optional[int] = None,
                 min_words: int = 2) -> Optional[tuple[int, int]]:
        """The contiguous run of the given token indices holding ``anchor`` (else the largest),
        trimmed of punctuation; None if too short."""
        idx = sorted(set(tokens))
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
        doc = self.doc
        while lo < hi and (doc[lo].is_punct and doc[lo].text not in QUOTE_CHARS or doc[lo].is_space):
            lo += 1
        while hi > lo and (doc[hi - 1].is_punct and doc[hi - 1].text not in QUOTE_CHARS or doc[hi - 1].is_space):
            hi -= 1
        if sum(1 for t in doc[lo:hi] if not t.is_punct) < min_words:
            return None
        return lo, hi

    def _reported(self, cue: Token, sent) -> Optional[_Found]:
        lex = self.lex
        comp = [c for c in cue.children if c.dep_ in ("ccomp", "csubj")]
        if not comp:
            # "X doubted whether …", "X asked if …": an adverbial clause opened by whether/if
            comp = [c for c in cue.children if c.dep_ in ("advcl", "dobj", "xcomp")
                    and any(m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in c.children)]
        if not comp and cue.lemma_.lower() in lex.speech:
            # misparsed reported clause ("said expanding cooperation could …" as xcomp): a non-infinitive xcomp
            comp = [c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i
                    and not any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                    and any(t.dep_ in SUBJ for t in c.subtree)]
        content_idx: set[int] = set()
        anchor = None
        own: set[int] = set()
        if comp:
            for c in comp:
                content_idx.update(t.i for t in c.subtree)
        elif cue.dep_ in ("parataxis", "advcl", "ccomp", "conj") and cue.head is not cue \
                and any(c.dep_ in SUBJ for c in cue.children) \
                and not any(c.dep_ == "xcomp" or (c.dep_ == "dobj" and cue.lemma_.lower() not in lex.addressee)
                            for c in cue.children if c.i > cue.i):
            # parenthetical: "In return, experts said, North Korea will …" / "…, X said."
            head = cue.head
            if any(c.dep_ == "mark" and c.lower_ != "as" for c in cue.children):
                return None  # "if X says …": a condition, not a report of the head
            own = self._comma_segment(cue)
            root = cue.sent.root
            content_idx = {t.i for t in cue.sent} - own
            anchor = root.i if root.i not in own else head.i
        else:
            trailing = self._trailing(cue)
            if trailing is None:
                return None
            content_idx = trailing
        content_idx -= self.claimed
        content_idx -= {cue.i}
        span = self._content(content_idx, anchor)
        if span is None:
            return None
        lo, hi = span
        if own and content_idx and min(content_idx) < min(own) and max(content_idx) > max(own):
            # the parenthetical splits the claim: the content runs across it ("If …, the campaign said, it may …")
            whole = self._content(set(range(min(content_idx), max(content_idx) + 1)))
            if whole is not None:
                lo, hi = whole
        elif cue.i >= lo and cue.i < hi:
            return None
        # reject contents that are mostly one already-found quotation
        inside = sum(1 for i in range(lo, hi) if i in self.claimed)
        if inside > (hi - lo) / 2:
            return None
        spk = self._speaker(cue, exclude=set(range(lo, hi)) - own)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children)
        if spk is None:
            if not (passive and cue.lemma_.lower() in lex.passive_ok):
                return None
        elif cue.lemma_.lower() not in lex.speech and self.doc[spk[1]].pos_ not in ("PROPN", "PRON", "NOUN"):
            return None
        return self._make("indirect", cue, lo, hi, spk, exclude=own)

    _PERSONAL = frozenset({"he", "she", "they", "i", "we", "you"})

    def _can_be_source(self, head: Token) -> bool:
        """A subject that can hold a stance: a name, a personal pronoun, or a source noun."""
        if head.pos_ == "PROPN":
            return head.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL")
        if head.pos_ == "PRON":
            return head.lower_ in self._PERSONAL
        lemma = head.lemma_.lower()
        return lemma in self.lex.source_heads or lemma in self.lex.person_roles or bool(self.actor_of(head))

    def _nominal(self, noun: Token) -> Optional[_Found]:
        """"Trump's claim that he won", "her call for unity": a cue noun with a possessor and a content."""
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        if poss is None or not (self._can_be_source(poss) or poss.lower_ in ("his", "her", "their", "its", "my", "our")):
            return None
        preps = self.lex.noun_cues.get(noun.lower_, set())
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
        if not content_idx:
            return None
        span = self._content(content_idx - self.claimed, min_words=1)
        if span is None:
            return None
        lo, hi = span
        if hi - lo == 1 and self.doc[lo].pos_ not in ("PROPN", "NOUN", "PRON"):
            return None
        return self._make("indirect", noun, lo, hi, (self._phrase(poss), poss.i))

    def _passive_object(self, cue: Token) -> Optional[_Found]:
        """"The bill, opposed by House Republicans" / "Y was endorsed by X": the agent holds the stance."""
        agent = next((c for c in cue.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if pobj is None or not self._can_be_source(pobj):
            return None
        if cue.dep_ == "acl":
            target = {t.i for t in cue.head.subtree} - {t.i for t in cue.subtree}
        else:
            subj = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
            if subj is None:
                return None
            target = {t.i for t in subj.subtree}
        span = self._content(target - self.claimed, min_words=1)
        if span is None:
            return None
        return self._make("indirect", cue, span[0], span[1], (self._phrase(pobj), pobj.i))

    def _object(self, cue: Token) -> Optional[_Found]:
        """Stance and speech acts with a noun-phrase content: "X praised the deal", "X called for an inquiry"."""
        if any(c.dep_ == "agent" for c in cue.children) and cue.lemma_.lower() in self.lex.object_cues:
            return self._passive_object(cue)
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children):
            return None
        lemma = cue.lemma_.lower()
        preps = self.lex.object_preps.get(lemma, set())
        content_idx: set[int] = set()
        right = [c for c in cue.children if c.i > cue.i]
        if lemma in self.lex.addressee and not any(c.dep_ in ("xcomp", "ccomp") for c in right) \
                and not any(c.dep_ == "prep" and c.lower_ in preps for c in right):
            return None   # "told CNN": an addressee alone is no content
        core = False
        if lemma in self.lex.regard_verbs:
            as_phrase = next((c for c in right if c.dep_ == "prep" and c.lower_ == "as"), None)
            obj = next((c for c in right if c.dep_ in ("dobj", "nsubj")), None)
            if as_phrase is None or obj is None:
                return None   # "voters see Clinton as the stronger candidate", not "they saw a man"
            content_idx.update(t.i for t in obj.subtree)
            content_idx.update(t.i for t in as_phrase.subtree)
            core = True
        for c in right:
            if lemma in self.lex.object_cues and c.dep_ in ("dobj", "oprd", "xcomp", "ccomp", "attr", "dative"):
                content_idx.update(t.i for t in c.subtree)
                core = core or c.dep_ != "dative"
            elif c.dep_ in ("prep", "prt") and c.lower_ in preps:
                content_idx.update(t.i for t in c.subtree if t.i != c.i)
                core = True
        if not core:
            return None
        # the object's own complements ("criticized X for doing Y") belong to the content
        for c in right:
            if c.dep_ == "prep" and content_idx and c.i > min(content_idx) \
                    and c.lower_ in ("for", "of", "as", "over", "about", "against", "to"):
                content_idx.update(t.i for t in c.subtree)
        spk = self._speaker(cue, exclude=content_idx)
        if spk is None or not self._can_be_source(self.doc[spk[1]]):
            return None
        content_idx -= self.claimed
        span = self._content(content_idx, min_words=1)
        if span is None:
            return None
        lo, hi = span
        if hi - lo == 1 and self.doc[lo].pos_ not in ("PROPN", "NOUN", "PRON"):
            return None   # "endorsed Clinton", "opposed it"
        return self._make("indirect", cue, lo, hi, spk)

    def _make(self, kind: str, cue: Token, lo: int, hi: int, spk,
              exclude: set[int] = frozenset()) -> Optional[_Found]:
        doc = self.doc
        plo, phi = self._para_bounds(cue.i)
        lo, hi = max(lo, plo), min(hi, phi)
        while hi > lo + 1 and (doc[hi - 1].is_space or doc[hi - 1].is_punct and doc[hi - 1].text not in QUOTE_CHARS):
            hi -= 1
        while lo < hi and doc[lo].is_space:
            lo += 1
        if hi <= lo or not text_of(doc)[doc[lo].idx:doc[hi - 1].idx + len(doc[hi - 1].text)].strip():
            return None
        if any(i in self.quote_tokens for i in range(lo, hi)):
            kind = "mixed"
        f = _Found(kind, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))
        f.cue = (cue.idx, cue.idx + len(cue.text))
        f.tokens = set(range(lo, hi)) - set(exclude)
        if spk is not None:
            f.speaker_tokens, f.speaker_head = spk
            self.claimed.update(range(*spk[0]))
        self.claimed.add(cue.i)
        self.claimed.update(f.tokens)
        self.claimed.update(exclude)
        return f

    def _trailing(self, cue: Token) -> Optional[set[int]]:
        """"…, he said." / "…, said X." when the parser missed the reported clause: the words before the
        comma are the content, if nothing after the cue is more than its subject or a circumstance."""
        if any(c.dep_ in ("dobj", "ccomp", "xcomp", "csubj") for c in cue.children):
            return None
        sent, doc = cue.sent, self.doc
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

    def _comma_segment(self, cue: Token) -> set[int]:
        """The parenthetical around a cue: its tokens between the nearest commas (or sentence edges)."""
        sent = cue.sent
        lo = cue.i
        while lo > sent.start and self.doc[lo - 1].text not in (",", "—", "–", "(", ";"):
            lo -= 1
        hi = cue.i + 1
        while hi < sent.end and self.doc[hi].text not in (",", "—", "–", ")", ";") and self.doc[hi].text not in _SENT_END:
            hi += 1
        return set(range(lo, hi))

    def _speaker_labels(self) -> list[_Found]:
        """Lines of the form "Name: what they said" (headlines, interview transcripts)."""
        doc = self.doc
        out = []
        for ps, pe in paragraphs(text_of(doc)):
            colon = text_of(doc).find(":", ps, min(pe, ps + 80))
            if colon < 0 or pe - colon < 12:
                continue
            prefix = doc.char_span(ps, colon, alignment_mode="contract")
            body = doc.char_span(colon + 1, pe, alignment_mode="contract")
            colon_tok = doc.char_span(colon, colon + 1)
            if prefix is None or body is None or colon_tok is None or not 1 <= len(prefix) <= 6:
                continue
            words = [t for t in prefix if not t.is_punct]
            if not words or not words[0].text[:1].isupper() or _norm(prefix.text) in self.lex.labels:
                continue
            if any(t.like_num or t.pos_ in ("VERB", "AUX", "PRON") for t in words):
                continue
            if not any(t.pos_ == "PROPN" for t in words) and words[-1].lemma_.lower() not in self.lex.source_heads:
                continue
            lo, hi = body.start, body.end
            while lo < hi and (doc[lo].is_space or doc[lo].is_punct and doc[lo].text not in QUOTE_CHARS | {"‘"}):
                lo += 1
            if sum(1 for t in doc[lo:hi] if t.is_alpha) < 3 or any(i in self.claimed for i in range(lo, hi)):
                continue
            head = next((t for t in prefix if t.head.i < prefix.start or t.head.i >= prefix.end or t.head is t),
                        words[-1])
            if not (self._can_be_source(head) or head.pos_ == "PROPN"):
                continue
            f = self._make("indirect", colon_tok[0], lo, hi, ((prefix.start, prefix.end), head.i))
            if f is not None:
                out.append(f)
        return out

    def _headline(self) -> list[_Found]:
        """A title-case first line ("Senator Says Talks Will Resume"): the parse of such lines is
        unreliable, so the cue is found by its inflected form and the line split around it."""
        doc = self.doc
        paras = paragraphs(text_of(doc))
        if not paras:
            return []
        line = doc.char_span(*paras[0], alignment_mode="contract")
        if line is None or len(line) < 4 or len(line) > 30:
            return []
        alpha = [t for t in line if t.is_alpha and len(t) > 3]
        if not alpha or sum(t.text[0].isupper() for t in alpha) < 0.7 * len(alpha):
            return []
        forms = self.lex.headline_forms
        for k, t in enumerate(line):
            if k == 0 or t.lower_ not in forms or t.i in self.claimed:
                continue
            before = [x for x in line[:k] if not x.is_punct]
            after = [x for x in line[k + 1:] if not x.is_punct]
            if len(after) >= 2 and 1 <= len(before) <= 6 and not any(x.i in self.claimed for x in line[k + 1:]):
                lo, hi = t.i + 1, line.end
                spk = ((line.start, t.i), before[-1].i)
                return [f for f in [self._make("indirect", t, lo, hi, spk)] if f is not None]
            if not after and len(before) >= 4 and k >= 3:
                # "…, Howard Dean Tells": the speaker sits between the last comma and the cue
                comma = max((x.i for x in line[:k] if x.text == ","), default=None)
                if comma is not None and 1 <= t.i - comma - 1 <= 4 and comma > line.start + 2:
                    first = comma + 1
                    while first < t.i - 1 and doc[first].is_punct:
                        first += 1
                    spk = ((first, t.i), t.i - 1)
                    return [f for f in [self._make("indirect", t, line.start, comma, spk)] if f is not None]
        return []

    def _perspective(self, prep: Token, sent) -> Optional[_Found]:
        """"For most Democrats, the Clinton years remain the good old days": a sentence framed as someone's view."""
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"):
            return None
        if pobj.pos_ == "PROPN":
            if pobj.ent_type_ not in ("PERSON", "NORP"):
                return None
        elif not (pobj.lemma_.lower() in self.lex.person_roles
                  or self.lex.source_heads.get(pobj.lemma_.lower()) in ("group", "anonymous")):
            return None
        own = {t.i for t in prep.subtree}
        end = max(own) + 1
        while end < sent.end and end <= max(own) + 2 and self.doc[end].text != ",":
            end += 1
        if end >= sent.end or self.doc[end].text != ",":
            return None
        span = self._content({t.i for t in sent} - own - {end} - self.claimed, sent.root.i)
        if span is None or span[0] <= end:
            return None
        pseudo = prep   # the preposition is the cue ("for")
        return self._make("indirect", pseudo, span[0], span[1], (self._phrase(pobj), pobj.i))

    def _according(self, tok: Token, sent) -> Optional[_Found]:
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
        span = self._content(scope - own - self.claimed, head.i)
        if span is None:
            return None
        lo, hi = span
        doc = self.doc
        kind = "mixed" if any(i in self.quote_tokens for i in range(lo, hi)) else "indirect"
        f = _Found(kind, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))
        f.cue = (tok.idx, to.idx + len(to.text))
        f.speaker_tokens, f.speaker_head = self._phrase(pobj), pobj.i
        f.tokens = set(range(lo, hi))
        self.claimed.update(own)
        self.claimed.update(f.tokens)
        return f


# --------------------------------------------------------------- read-off
def _span(doc: Doc, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text_of(doc)[start:end])


def _source_kind(doc: Doc, head: Optional[Token], actor: Optional[str]) -> str:
    """named | anonymous | group | organization | document | unknown, from the head word and the actor's type."""
    if head is None:
        return "unknown"
    lex = lexicon()
    actors = doc._.cg_actors or {}
    atype = getattr(actors.get(actor), "type", None) if actor else None
    by_type = {"person": "named", "anonymous": "anonymous", "group": "group",
               "organization": "organization", "country": "organization"}
    if head.pos_ == "NOUN":
        kind = lex.source_heads.get(head.lemma_.lower())
        if kind == "anonymous" and head.tag_ in ("NN",) and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children) and atype == "person":
            return "named"  # "the spokesman", resolved to a person
        if kind:
            return kind
        if atype in by_type:
            return by_type[atype]
        return "unknown"
    if atype in by_type:
        return by_type[atype]
    if head.pos_ == "PROPN":
        return {"PERSON": "named", "ORG": "organization", "GPE": "organization",
                "NORP": "group"}.get(head.ent_type_, "named")
    return "unknown"


def _to_schema(doc: Doc, found: list[_Found]) -> list[Attribution]:
    actor_of = _actor_lookup()
    out: list[Attribution] = []
    resolved: dict[int, tuple] = {}
    seen: set[str] = set()
    for f in found:
        if span_id(doc._.cg_doc_id, "attr", f.start, f.end) in seen:
            continue   # one attribution per content span (ids are unique)
        seen.add(span_id(doc._.cg_doc_id, "attr", f.start, f.end))
        src = f
        hops = 0
        while src.inherited is not None and hops < 50:
            src = src.inherited
            hops += 1
        speaker = speaker_span = None
        kind = "unknown"
        if src.speaker_tokens is not None and id(src) in resolved:
            speaker, speaker_span, kind = resolved[id(src)]
        elif src.speaker_tokens is not None:
            lo, hi = src.speaker_tokens
            head = doc[src.speaker_head] if src.speaker_head is not None else doc[lo]
            order = [head] + [t for t in doc[lo:hi] if t is not head] + [t for t in head.subtree if not (lo <= t.i < hi)]
            for t in order:
                speaker = actor_of(t)
                if speaker:
                    break
            speaker_span = _span(doc, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))
            kind = _source_kind(doc, head, speaker)
            resolved[id(src)] = (speaker, speaker_span, kind)
        attr = Attribution(
            id=span_id(doc._.cg_doc_id, "attr", f.start, f.end),
            kind=f.kind,
            content=_span(doc, f.start, f.end),
            speaker=speaker,
            speaker_span=speaker_span,
            cue=_span(doc, *f.cue) if f.cue else None,
            source_kind=kind,
        )
        out.append(attr)
        for i in f.tokens:
            if doc[i]._.cg_attribution is None:
                doc[i]._.cg_attribution = attr.id
    return out
