"""Pass 5, learned: attributions the rules did not find, proposed by a linear model over the parse.

Every free word that could be a cue (a verb, noun or adjective) is paired with each dependent that
could be its content (a clause, an object, the object of a preposition); a logistic regression
trained on PolNeAR's training articles (``python -m training.attribution_tagger``) scores each pair
from parse features, and pairs above the threshold tuned by cross-validation become attributions,
best first, on words no earlier pass claimed. The rules keep their precision; the model adds the
broad attribution the lexicons miss ("took aim at the plan", "is best known for …"). The weights
ship as data (``data/tagger.json``) and are read with plain arithmetic.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from spacy.attrs import IS_ALPHA
from spacy.tokens import Token

from ..contract import column, heads
from ..errors import ModelNotFoundError
from .context import SUBJ, Context, Found
from .speakers import holder, speaker

MODEL = Path(__file__).with_name("data") / "tagger.json"

# dependents that may hold what a cue reports; a preposition's object is reached through it
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "nsubjpass", "nsubj", "csubj", "acl", "advcl", "oprd",
                           "attr", "pcomp", "acomp", "dative", "relcl", "npadvmod"})
_CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
_MODALS = frozenset({"will", "would", "can", "could", "may", "might", "must", "should", "shall"})


@dataclass
class Candidate:
    """A (cue, content) pair over the parse: the content is the subtree of ``root`` (a preposition's
    object for ``prep:<word>`` relations)."""

    cue: Token
    root: Token
    relation: str
    tokens: frozenset


def candidates(ctx: Context) -> list[Candidate]:
    """Every (cue word, dependent) pair on free words whose content has two words or more."""
    out, doc = [], ctx.doc
    for i, pos in enumerate(column(doc, "pos")):  # a Token only for a word of the cues' parts of speech
        if pos not in _CUE_POS:
            continue
        cue = doc[i]
        if not ctx.free(cue):
            continue
        for child in cue.children:
            if child.dep_ in _CONTENT_DEPS:
                pairs = [(child, child.dep_)]
            elif child.dep_ in ("prep", "agent"):
                pairs = [(g, f"prep:{child.lower_}") for g in child.children if g.dep_ in ("pobj", "pcomp")]
            else:
                continue
            for root, rel in pairs:
                toks = frozenset(t.i for t in root.subtree if ctx.free(t))
                if _two_words(ctx.doc, toks):
                    out.append(Candidate(cue, root, rel, toks))
    return out


def _two_words(doc, toks) -> bool:
    """Whether two of the tokens at least are words (the count stops at two)."""
    n = 0
    alpha = _alpha(doc)
    for i in toks:
        if alpha[i]:
            n += 1
            if n == 2:
                return True
    return False


def _alpha(doc) -> list[int]:
    """Every token's ``is_alpha`` (1 or 0), read once per Doc (``doc.user_data["cg_attribution_alpha"]``):
    :func:`_two_words` asks it of every candidate's words."""
    col = doc.user_data.get("cg_attribution_alpha")
    if col is None:
        col = doc.user_data["cg_attribution_alpha"] = doc.to_array(IS_ALPHA).tolist()
    return col


def _subject(cue: Token) -> Optional[Token]:
    verb = cue
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in SUBJ or c.dep_ == "agent"), None)
        if subj is not None:
            if subj.dep_ == "agent":
                subj = next((g for g in subj.children if g.dep_ == "pobj"), subj)
            return subj
        if verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "21+"


def _lists(ctx: Context, lemma: str) -> list[str]:
    lex = ctx.lex
    return [name for name, words in (("speech", lex.speech), ("cognition", lex.cognition),
                                     ("object", lex.object_cues), ("intention", lex.intention),
                                     ("noun", lex.noun_cues), ("objprep", lex.object_preps),
                                     ("regard", lex.regard_verbs)) if lemma in words]


def features(ctx: Context, cand: Candidate) -> dict[str, float]:
    """Parse features of one pair: the cue word and its lexicon lists, the relation, the content's
    shape, the cue's subject (pronoun, name, actor, source noun), negation, modality, voice."""
    cue, root, rel = cand.cue, cand.root, cand.relation
    lemma = cue.lemma_.lower()
    f = {"bias": 1.0, f"lem={lemma}": 1.0, f"rel={rel}": 1.0, f"lem_rel={lemma}|{rel}": 1.0,
         f"pos={cue.pos_}": 1.0, f"tag={cue.tag_}": 1.0, f"pos_rel={cue.pos_}|{rel}": 1.0,
         f"cdep={cue.dep_}": 1.0, f"cdep_rel={cue.dep_}|{rel}": 1.0,
         f"rpos={root.pos_}": 1.0, f"rtag_rel={root.tag_}|{rel}": 1.0,
         f"len={_bucket(len(cand.tokens))}": 1.0, f"side={'after' if root.i > cue.i else 'before'}": 1.0}
    for name in _lists(ctx, lemma):
        f[f"list={name}"] = 1.0
        f[f"list_rel={name}|{rel}"] = 1.0
    for c in root.children:
        if c.dep_ == "mark" or (c.dep_ == "aux" and c.lower_ == "to"):
            f[f"mark={c.lower_}"] = 1.0
            f[f"lem_mark={lemma}|{c.lower_}"] = 1.0
    doc = ctx.doc
    pos, dep, head = column(doc, "pos"), column(doc, "dep"), heads(doc)
    if any(pos[i] in ("VERB", "AUX") for i in cand.tokens):
        f["content_verb"] = 1.0
    if any(dep[i] in SUBJ for i in cand.tokens if head[i] == root.i):
        f["content_subj"] = 1.0
    for c in cue.children:
        if c.dep_ == "neg":
            f["neg"] = 1.0
        elif c.dep_ in ("aux", "auxpass") and c.lower_ in _MODALS:
            f["modal"] = 1.0
        elif c.dep_ == "auxpass":
            f["passive"] = 1.0
        elif c.dep_ == "prt":
            f[f"lem_prt={lemma}|{c.lower_}"] = 1.0
    if cue.dep_ in ("xcomp", "ccomp", "conj", "advcl", "acl", "relcl", "pobj", "dobj"):
        f[f"head={cue.head.lemma_.lower()}|{cue.dep_}"] = 1.0
    f[f"rlem={root.lemma_.lower()}|{rel}"] = 1.0
    f[f"first={doc[min(cand.tokens)].lower_}"] = 1.0
    if cue.i > 0:
        f[f"prev={doc[cue.i - 1].lower_}"] = 1.0
    _subject_features(ctx, cue, f)
    return f


def _subject_features(ctx: Context, cue: Token, f: dict) -> None:
    subj = _subject(cue)
    if subj is None:
        poss = next((c for c in cue.children if c.dep_ == "poss"), None)
        f["subj=none" if poss is None else "subj=poss"] = 1.0
        return
    kind = ctx.lex.source_heads.get(subj.lemma_.lower())
    if subj.pos_ == "PRON":
        f[f"subj=pron:{subj.lower_}"] = 1.0
    elif subj.pos_ == "PROPN":
        f[f"subj=propn:{subj.ent_type_ or '-'}"] = 1.0
    elif kind:
        f[f"subj=source:{kind}"] = 1.0
    elif subj.lemma_.lower() in ctx.lex.person_roles:
        f["subj=role"] = 1.0
    else:
        f[f"subj={subj.pos_}"] = 1.0
    if ctx.actor_of(subj):
        f["subj_actor"] = 1.0
    f[f"slem={subj.lemma_.lower()}"] = 1.0
    f[f"lem_subj={cue.lemma_.lower()}|{subj.pos_}"] = 1.0


@functools.cache
def shipped() -> "Tagger":
    """The trained model shipped in ``data/tagger.json`` (:class:`ModelNotFoundError` if absent)."""
    if not MODEL.exists():
        raise ModelNotFoundError(f"the attribution tagger's weights are missing ({MODEL})",
                                 remedy="reinstall cablegram, or retrain them: python -m training.attribution_tagger")
    raw = json.loads(MODEL.read_text(encoding="utf-8"))
    return Tagger(raw["weights"], raw["threshold"], raw["alone"])


class Tagger:
    """The pair model: ``p = sigmoid(sum of the weights of the pair's features)``; a pair becomes an
    attribution from ``threshold`` on, or from ``alone`` on when no speaker can be found for it."""

    def __init__(self, weights: dict[str, float], threshold: float, alone: float = 1.0):
        self.weights = weights
        self.threshold = threshold
        self.alone = alone

    def prob(self, feats: dict[str, float]) -> float:
        get = self.weights.get
        z = 0  # the sum of the features' weights, added in their order
        for k, v in feats.items():
            z += get(k, 0.0) * v
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def find_learned(ctx: Context, tagger: Optional[Tagger] = None) -> list[Found]:
    """Pairs the model scores above its threshold, best first, on words still free."""
    tagger = tagger or shipped()
    cands = candidates(ctx)
    return accept(ctx, cands, [tagger.prob(features(ctx, c)) for c in cands], tagger)


def accept(ctx: Context, cands: list[Candidate], probs: list[float], tagger: Tagger) -> list[Found]:
    """The attributions of the pairs at or above the threshold, most probable first."""
    order = sorted(range(len(cands)), key=lambda k: (-probs[k], k))
    out = []
    for k in order:
        if probs[k] < tagger.threshold:
            break
        f = propose(ctx, cands[k], probs[k] >= tagger.alone)
        if f is not None:
            out.append(f)
    return out


def _bare_regard(ctx: Context, cand: Candidate) -> bool:
    """A verb of regard reports a view only with an "as" phrase, as the stance pass reads it
    ("voters see her as …"); its bare object is something seen ("they saw a man")."""
    return cand.relation == "dobj" and cand.cue.lemma_.lower() in ctx.lex.regard_verbs \
        and not any(c.dep_ == "prep" and c.lower_ == "as" for c in cand.cue.children)


def _bare_deed(ctx: Context, cand: Candidate) -> bool:
    """A verb no cue list knows with a noun phrase for content is a deed, not a report ("Congress
    passed his budget"): such a word reports only a clause ("took the view that …")."""
    return not _lists(ctx, cand.cue.lemma_.lower()) and cand.root.pos_ not in ("VERB", "AUX")


def propose(ctx: Context, cand: Candidate, alone: bool = True) -> Optional[Found]:
    """The attribution of one accepted pair, if its cue and enough of its content are still free;
    with no speaker (cue subject or holder) only when ``alone``."""
    if not ctx.free(cand.cue) or _bare_regard(ctx, cand) or _bare_deed(ctx, cand):
        return None
    # terms quoted inside the content are part of it ('citing the move as a “grave abuse”')
    toks = {t.i for t in cand.root.subtree if t.i not in ctx.claimed and (ctx.free(t) or t.i not in ctx.spoken)}
    span = ctx.content(toks, cand.root.i)
    if span is None:
        return None
    lo, hi = span
    if lo <= cand.cue.i < hi:
        return None
    inside = set(range(lo, hi))
    spk = speaker(ctx, cand.cue, exclude=inside) or holder(ctx, cand.cue, exclude=inside)
    if spk is None and not alone:
        return None
    return ctx.make("indirect", cand.cue, lo, hi, spk)
