"""The learned detector: which words are a time expression, and where each one starts and ends.

A token tagger (B, I, O) over spaCy's annotation and what the patterns found: the word, its lemma,
shape, part of speech and dependency, its class in the time lexicon (month, unit, number, ...),
spaCy's entity tag (DATE, TIME, CARDINAL, ...), the pattern matches that cover it (checked and
unchecked) and the same for its neighbours. A linear-chain CRF (trained by ``python -m
training.time_detector`` on TempEval-3 training, weights in ``data/detector.json``) scores each
token and each pair of tags; a Viterbi pass finds the best tags (never an I after an O).
Tokens far from anything temporal are O without being scored.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Optional

from spacy.attrs import ORTH
from spacy.tokens import Doc, Token

from .. import lang as language
from ..contract import column, ent_iobs, heads
from .checks import detected
from .lexicon import DATA, lexicon
from .match import Found

MODEL = DATA / "detector.json"
LABELS = ("B", "I", "O")
REACH = 3  # tokens scored on each side of a temporal token

# lexicon lists whose words give a token its class
_CLASSES = ("months", "weekdays", "seasons", "parts_of_day", "units", "unit_plurals", "days", "sets", "holidays",
            "numbers", "vague_numbers", "refs", "modifiers", "directions", "relatives", "approximations",
            "decade_words", "century_ordinals", "period_ordinals", "timezones")


def _classes() -> dict[str, str]:
    return _classes_of(language.active())


@functools.cache
def _classes_of(lang: str) -> dict[str, str]:
    """word -> its class (the first list of ``_CLASSES`` that holds it; plural units are units)."""
    lx = lexicon()
    out: dict[str, str] = {}
    for key in _CLASSES:
        for w in lx[key]:
            for part in str(w).lower().split():
                out.setdefault(part, key)
    for u in lx["units"]:
        out.setdefault(f"{u}s", "units")
    return out


_SHAPES = [(re.compile(r"(?:1[0-9]|20)\d\d"), "year4"), (re.compile(r"\d{1,2}"), "num2"),
           (re.compile(r"\d+(?:st|nd|rd|th)"), "ordnum"), (re.compile(r"(?:1[0-9]|20)?\d0'?s"), "decade"),
           (re.compile(r"\d{1,2}[:.]\d\d"), "clock")]


@functools.lru_cache(maxsize=65536)
def _class_of(lower: str, like_num: bool, lang: str) -> str:
    w = lower.rstrip(".")
    c = _classes().get(w)
    if c:
        return c
    for pattern, name in _SHAPES:
        if pattern.fullmatch(w):
            return name
    return "num" if like_num else "-"


def word_class(tok: Token) -> str:
    """The token's class in the time lexicon, a numeric shape ("year4", "num2", ...), or "-"."""
    return _class_of(tok.lower_, tok.like_num, language.active())


@functools.lru_cache(maxsize=65536)
def shape(text: str) -> str:
    s = re.sub(r"[A-Z]", "X", text)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"\d", "d", s)
    return _name(re.sub(r"(.)\1{2,}", r"\1\1", s))


def _name(value: str) -> str:
    """A word as part of a feature name: white space written "_" (names are one line in the weights)."""
    return re.sub(r"\s", "_", value) if not value.isprintable() or " " in value else value


def _cover(doc: Doc, found: list[Found]) -> dict[int, set]:
    """Mark each token a match covers: "B-<rule>" on its first token, "I-<rule>" on the others (token index ->
    its marks, for the tokens a match covers)."""
    tags: dict[int, set] = {}
    for f in found:
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is None:
            continue
        for k in range(span.start, span.end):
            tags.setdefault(k, set()).add(("B-" if k == span.start else "I-") + f.rule.name)
    return tags


def _fact(doc: Doc, i: int, rule: str, cands: set, lex: list[str], ent: str) -> dict:
    """What the features of token ``i`` are made of (read from the Doc's columns: no Token made)."""
    head = heads(doc)[i]
    lemma = column(doc, "lemma")
    return {"w": _name(column(doc, "lower")[i]), "lem": _name(lemma[i].lower()), "shape": shape(column(doc, "text")[i]),
            "pos": column(doc, "pos")[i], "tag": column(doc, "tag")[i], "dep": column(doc, "dep")[i], "lex": lex[i],
            "ent": ent, "rule": rule, "ruleb": rule[:1], "hlem": _name(lemma[head].lower()), "hlex": lex[head],
            "cands": cands}


_LEX_BY_ORTH: dict[str, dict[int, str]] = {}  # language -> a word's orth -> its class (lower_ and like_num are the word's)


def _lex_classes(doc: Doc, lang: str) -> list[str]:
    """Every token's :func:`word_class`, each distinct word computed once per process."""
    memo = _LEX_BY_ORTH.setdefault(lang, {})
    if len(memo) > 500_000:  # bounded, whatever the corpus
        memo.clear()
    out = []
    for i, orth in enumerate(doc.to_array(ORTH).tolist()):
        c = memo.get(orth)
        if c is None:
            tok = doc[i]
            c = memo[orth] = _class_of(tok.lower_, tok.like_num, lang)
        out.append(c)
    return out


def _token_facts(doc: Doc, chosen: list[Found], cands: list[Found]) -> tuple[list[Optional[dict]], list[bool]]:
    """The facts of the tokens near a temporal one (None elsewhere) and which tokens are temporal."""
    n = len(doc)
    rule_tags = _cover(doc, chosen)
    cand_tags = _cover(doc, cands)
    lex = _lex_classes(doc, language.active())
    ents = [f"{iob}-{et}" if et else "O" for iob, et in zip(ent_iobs(doc), column(doc, "ent_type"))]
    temporal = [lex[i] in _TEMPORAL or ents[i][2:] in ("DATE", "TIME") or i in rule_tags or i in cand_tags
                for i in range(n)]
    facts: list[Optional[dict]] = [None] * n
    for lo, hi in regions(temporal):
        for i in range(max(0, lo - 2), min(n, hi + 2)):
            if facts[i] is None:
                rule = next(iter(rule_tags[i]), "O") if i in rule_tags else "O"
                facts[i] = _fact(doc, i, rule, cand_tags[i] if i in cand_tags else set(), lex, ents[i])
    return facts, temporal


_OWN = ("w", "lem", "shape", "pos", "tag", "dep", "lex", "ent", "rule", "ruleb", "hlem", "hlex")
_NEAR = ("w", "lex", "ent", "ruleb", "pos")


def _features(facts: list[dict], sent_start: list[int], i: int) -> dict[str, float]:
    """The features of token ``i``: its own facts, its neighbours' (two each side), a few pairs."""
    f = {"bias": 1.0}
    me = facts[i]
    for k in _OWN:
        f[f"{k}={me[k]}"] = 1.0
    f[f"dep|hlex={me['dep']}|{me['hlex']}"] = 1.0
    for c in me["cands"]:
        f[f"cand={c}"] = 1.0
        f[f"cand={c[0]}"] = 1.0
    n = len(facts)
    for off in (-2, -1, 1, 2):
        j = i + off
        if not 0 <= j < n:
            f[f"{off}pad"] = 1.0
            continue
        for k in _NEAR:
            f[f"{off}{k}={facts[j][k]}"] = 1.0
        if abs(off) == 1:
            for c in {c[0] for c in facts[j]["cands"]}:
                f[f"{off}cand={c}"] = 1.0
        if sent_start[j] != sent_start[i]:
            f[f"{off}other_sent"] = 1.0
    prev = facts[i - 1] if i else None
    nxt = facts[i + 1] if i + 1 < n else None
    f[f"lex-1|0={prev['lex'] if prev else '^'}|{me['lex']}"] = 1.0
    f[f"lex0|1={me['lex']}|{nxt['lex'] if nxt else '$'}"] = 1.0
    f[f"ent-1|0={prev['ent'] if prev else '^'}|{me['ent']}"] = 1.0
    return f


# classes that make a token temporal by themselves (numbers, "the", "a" do not)
_TEMPORAL = {"months", "weekdays", "seasons", "parts_of_day", "units", "unit_plurals", "days", "sets", "holidays",
             "refs", "decade_words", "timezones", "year4", "decade", "clock", "directions"}


def regions(temporal: list[bool]) -> list[tuple[int, int]]:
    """Stretches of tokens within ``REACH`` of a temporal one (the only tokens scored), merged."""
    out: list[list[int]] = []
    n = len(temporal)
    for i, yes in enumerate(temporal):
        if not yes:
            continue
        lo, hi = max(0, i - REACH), min(n, i + REACH + 1)
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _sentence_starts(doc: Doc) -> list[int]:
    starts = [0] * len(doc)
    if doc.has_annotation("SENT_START"):
        for sent in doc.sents:
            for k in range(sent.start, sent.end):
                starts[k] = sent.start
    return starts


def token_features(doc: Doc, chosen: list[Found], cands: list[Found]) -> tuple[list[tuple[int, int]], list[dict]]:
    """The scored regions and each scored token's features (in region order): what the model reads. A
    match of a rule that only reads what the detector tags (check ``detected``) is no evidence for it."""
    cands = [f for f in cands if f.rule.check is not detected]
    facts, temporal = _token_facts(doc, chosen, cands)
    spans = regions(temporal)
    starts = _sentence_starts(doc)
    return spans, [_features(facts, starts, i) for lo, hi in spans for i in range(lo, hi)]


@functools.cache
def shipped() -> Optional[dict]:
    """The trained weights of ``data/detector.json`` (None when the file is missing)."""
    if not MODEL.exists():
        return None
    return json.loads(MODEL.read_text(encoding="utf-8"))


def _scores(model: dict, feats: dict[str, float]) -> list[float]:
    """The B, I, O scores of one token: the sum of its features' weights."""
    get = model["weights"].get
    z0 = z1 = z2 = 0.0
    for name, v in feats.items():
        w = get(name)
        if w is not None:
            z0 += w[0] * v
            z1 += w[1] * v
            z2 += w[2] * v
    return [z0, z1, z2]


_NEG = -1e9


def viterbi(scores: list[list[float]], transitions: list[list[float]]) -> list[str]:
    """The best tag sequence under the CRF's scores and transitions, with no I after O (nor first)."""
    trans = [row[:] for row in transitions]
    trans[2][1] = _NEG  # O -> I
    cols = [(to, trans[0][to], trans[1][to], trans[2][to]) for to in range(3)]
    best = [scores[0][0], _NEG, scores[0][2]]
    back: list[tuple[int, int, int]] = []
    for s in scores[1:]:
        b0, b1, b2 = best
        step, new = [], []
        for to, t0, t1, t2 in cols:
            # the first of the best predecessors (ties go to the lower tag, as max() does)
            prev, top = 0, b0 + t0
            v = b1 + t1
            if v > top:
                prev, top = 1, v
            v = b2 + t2
            if v > top:
                prev, top = 2, v
            step.append(prev)
            new.append(top + s[to])
        back.append(step)
        best = new
    k = max(range(3), key=lambda x: best[x])
    path = [k]
    for ptr in reversed(back):
        k = ptr[k]
        path.append(k)
    return [LABELS[k] for k in reversed(path)]


def detect(doc: Doc, chosen: list[Found], cands: list[Found], model: dict) -> list[tuple[int, int]]:
    """Character spans of the time expressions the model tags in ``doc``."""
    spans, feats = token_features(doc, chosen, cands)
    out: list[tuple[int, int]] = []
    k = 0
    for lo, hi in spans:
        tags = viterbi([_scores(model, feats[k + j]) for j in range(hi - lo)], model["transitions"])
        k += hi - lo
        start = None
        for j, tag in enumerate(tags + ["O"]):
            if start is not None and tag != "I":
                first, last = doc[lo + start], doc[lo + j - 1]
                out.append((first.idx, last.idx + len(last.text)))
                start = None
            if tag == "B":
                start = j
    return out
