"""Line features for the plain-text cleaner.

Scraped text keeps the page's layout as lines: the article is a dense run of
prose lines, the site's furniture is short link-like lines, promo language,
footers. Each non-empty line gets a vector of shape, language and context
signals; everything is computed in a few linear passes so a 5 MB input stays
cheap.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

WORD = re.compile(r"\w+")
_SENT_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s*$")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I)
_BULLET = re.compile(r"^\s*(?:[-–—•*·▪►»>]|\d{1,2}[.)]\s)")
_SEPARATORS = re.compile(r"\s[|»·•/]\s|\s\|\s?|^\||\|$")
_DATE = re.compile(
    r"\b(?:(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d"
    r"|\d{1,2}[/.]\d{1,2}[/.](?:19|20)?\d\d"
    r"|(?:updated|published|posted)\b"
    r"|\d{1,2}:\d\d\s*(?:am|pm|a\.m\.|p\.m\.)?)", re.I)
_BYLINE = re.compile(r"^\s*(?:by|por|par|von|di|door)\s+[A-ZÀ-Ý]", re.I)
_COPYRIGHT = re.compile(r"©|\(c\)\s*(?:19|20)\d\d|copyright|all rights reserved", re.I)


@cache
def lexicon() -> dict:
    """The cleaner's word lists (``data/lexicon.json``), loaded once."""
    text = resources.files(__package__).joinpath("data", "lexicon.json").read_text(encoding="utf-8")
    return json.loads(text)


def _cue_regex(cues: list[str]) -> re.Pattern:
    parts = []
    for cue in sorted(cues, key=len, reverse=True):
        pat = re.escape(cue)
        if cue[:1].isalnum():
            pat = r"(?<!\w)" + pat
        if cue[-1:].isalnum():
            pat = pat + r"(?!\w)"
        parts.append(pat)
    return re.compile("|".join(parts), re.I)


@cache
def promo_patterns() -> dict[str, re.Pattern]:
    return {kind: _cue_regex(cues) for kind, cues in lexicon()["promo"].items()}


@cache
def _promo_cues() -> list[tuple[str, str, re.Pattern | None]]:
    out = []
    for kind, cues in lexicon()["promo"].items():
        for cue in cues:
            needs = cue[:1].isalnum() or cue[-1:].isalnum()
            out.append((kind, cue.lower(), _cue_regex([cue]) if needs else None))
    return out


def promo_hits(s: str) -> dict[str, int]:
    """How many cues of each boilerplate kind a line contains (substring test first: fast)."""
    low = s.lower()
    hits: dict[str, int] = {}
    for kind, cue, pattern in _promo_cues():
        if cue in low and (pattern is None or pattern.search(low)):
            hits[kind] = hits.get(kind, 0) + 1
    return hits


@cache
def function_words() -> frozenset[str]:
    return frozenset(lexicon()["function_words"])


@cache
def second_person() -> frozenset[str]:
    return frozenset(lexicon()["second_person"])


PROMO_KINDS = ("paywall", "subscription-appeal", "donation-appeal", "newsletter", "cookie", "share-nav", "footer",
               "related", "comments", "promo", "qr-code")

OWN = ["log_chars", "log_words", "ends_sent", "ends_colon", "ends_question", "cap_frac", "stop_frac", "digit_frac",
       "comma_per_word", "alpha_frac", "has_url", "url_only", "bullet", "separators", "second_person", "copyright",
       "date_like", "byline_like", "log_repeat", "rel_pos", "in_run", "dist_run", "vocab_overlap", "title_overlap",
       "blank_before", "blank_after", "mean_word_len", "upper_frac", "sentences", "short_run", "prose3", "prose10",
       "prose_before", "prose_after", "first_line"] + [f"promo_{k}" for k in PROMO_KINDS]
NEIGHBOUR = ["log_words", "ends_sent", "stop_frac", "cap_frac", "promo_any"]
NAMES = OWN + [f"prev_{n}" for n in NEIGHBOUR] + [f"next_{n}" for n in NEIGHBOUR]


@dataclass
class Line:
    """One non-empty input line and its own (context-free) measurements."""

    text: str
    index: int          # 0-based line number in the normalised input
    blank_before: bool
    blank_after: bool
    words: list[str]    # the words of the first 20,000 characters (enough for every signal)
    promo: dict[str, int]
    n_words: int = 0


def normalise(raw: str) -> str:
    """One newline convention; tabs, form feeds and odd spaces made plain."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n").replace("\v", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\t", " ").replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return text


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with their blank-line neighbourhood (input already normalised)."""
    raw_lines = text.split("\n")
    out: list[Line] = []
    blank = True
    for i, raw in enumerate(raw_lines):
        s = re.sub(r" {2,}", " ", raw).strip() if len(raw) < 100_000 else " ".join(raw.split())
        if not s:
            blank = True
            if out:
                out[-1].blank_after = True
            continue
        words = WORD.findall(s[:20_000])
        n_words = len(words) if len(s) <= 20_000 else len(words) + sum(1 for _ in WORD.finditer(s, 20_000))
        promo = promo_hits(s[:5000])
        out.append(Line(text=s, index=i, blank_before=blank, blank_after=False, words=words, promo=promo,
                        n_words=n_words))
        blank = False
    if out:
        out[-1].blank_after = True
    return out


_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[A-Z\"“‘]")


def _own(line: Line) -> dict:
    s, words = line.text[:20_000], line.words
    n = len(words)  # ratios over the (possibly capped) text
    lw = [w.lower() for w in words]
    fw, sp = function_words(), second_person()
    caps = sum(1 for w in words if w[:1].isupper())
    letters = sum(map(str.isalpha, s))
    digits = sum(map(str.isdigit, s))
    upper = sum(map(str.isupper, s))
    return {
        "log_chars": math.log1p(len(line.text)),
        "log_words": math.log1p(line.n_words),
        "ends_sent": float(bool(_SENT_END.search(s[-8:]))),
        "ends_colon": float(s.endswith(":")),
        "ends_question": float(s.rstrip("\"'”’ ").endswith("?")),
        "cap_frac": caps / n if n else 0.0,
        "stop_frac": sum(1 for w in lw if w in fw) / n if n else 0.0,
        "digit_frac": digits / len(s),
        "comma_per_word": (s.count(",") + s.count(";")) / n if n else 0.0,
        "alpha_frac": letters / len(s),
        "has_url": float(bool(_URL.search(s[:2000]))),
        "url_only": float(bool(_URL_ONLY.match(s[:2000]))),
        "bullet": float(bool(_BULLET.match(s[:10]))),
        "separators": min(len(_SEPARATORS.findall(s[:2000])), 10),
        "second_person": sum(1 for w in lw if w in sp) / n if n else 0.0,
        "copyright": float(bool(_COPYRIGHT.search(s[:2000]))),
        "date_like": float(bool(_DATE.search(s[:300]))) if n < 20 else 0.0,
        "byline_like": float(bool(_BYLINE.match(s[:20]))) if n < 12 else 0.0,
        "mean_word_len": (sum(len(w) for w in words) / n) if n else 0.0,
        "upper_frac": upper / letters if letters else 0.0,
        "sentences": math.log1p(len(_SENTENCE_BREAK.findall(s[:20000]))),
        **{f"promo_{k}": float(min(line.promo.get(k, 0), 5)) for k in PROMO_KINDS},
    }


def is_prose(line: Line, own: dict) -> bool:
    """A sentence-like line: long enough, punctuated or built of function words."""
    return line.n_words >= 8 and (own["ends_sent"] > 0 or own["stop_frac"] >= 0.2) and own["cap_frac"] < 0.7


def main_run(prose_values: list[float]) -> tuple[int, int]:
    """The densest run of prose: maximum-sum contiguous segment (Kadane), as ``(start, end)`` inclusive."""
    best, best_span = -math.inf, (0, -1)
    cur, start = 0.0, 0
    for i, v in enumerate(prose_values):
        if cur <= 0:
            cur, start = v, i
        else:
            cur += v
        if cur > best:
            best, best_span = cur, (start, i)
    return best_span


def content_words(words: list[str]) -> list[str]:
    fw = function_words()
    return [w.lower() for w in words if len(w) >= 4 and not w.isdigit() and w.lower() not in fw]


def featurise(lines: list[Line]) -> tuple[list[list[float]], list[dict]]:
    """The feature matrix (rows in :data:`NAMES` order) and the per-line own features."""
    n = len(lines)
    if not n:
        return [], []
    owns = [_own(line) for line in lines]
    counts = Counter(line.text.lower() for line in lines)
    prose = [is_prose(line, o) for line, o in zip(lines, owns)]
    values = [min(line.n_words, 80) if p else -(min(line.n_words, 10) + 2) for line, p in zip(lines, prose)]
    r0, r1 = main_run(values)
    run_vocab: Counter = Counter()
    for line in lines[r0:r1 + 1]:
        run_vocab.update(set(content_words(line.words)))
    title_words = set(content_words(lines[0].words))
    pw = [line.n_words if p else 0 for line, p in zip(lines, prose)]
    total_prose = sum(pw) or 1
    cum = [0]
    for v in pw:
        cum.append(cum[-1] + v)
    pcum = [0]
    for p in prose:
        pcum.append(pcum[-1] + (1 if p else 0))
    # runs of consecutive short lines (link-list shape)
    short = [line.n_words <= 6 and not o["ends_sent"] for line, o in zip(lines, owns)]
    short_run = [0] * n
    i = 0
    while i < n:
        if not short[i]:
            i += 1
            continue
        j = i
        while j < n and short[j]:
            j += 1
        for k in range(i, j):
            short_run[k] = j - i
        i = j
    rows = []
    for i, (line, o) in enumerate(zip(lines, owns)):
        cw = content_words(line.words)
        inside = r0 <= i <= r1
        own_set = set(cw)
        if cw:
            hits = sum(1 for w in cw if run_vocab.get(w, 0) - (1 if inside and w in own_set else 0) > 0)
            overlap = hits / len(cw)
        else:
            overlap = 0.0
        dist = 0 if inside else (i - r1 if i > r1 else i - r0)
        f = dict(o)
        f.update({
            "log_repeat": math.log(counts[line.text.lower()]),
            "rel_pos": i / n,
            "in_run": float(inside),
            "dist_run": math.copysign(math.log1p(abs(dist)), dist) if dist else 0.0,
            "vocab_overlap": overlap,
            "title_overlap": (len(own_set & title_words) / len(title_words)) if title_words and i else 0.0,
            "blank_before": float(line.blank_before),
            "blank_after": float(line.blank_after),
            "short_run": math.log1p(short_run[i]),
            "prose3": (pcum[min(n, i + 4)] - pcum[max(0, i - 3)]) / (min(n, i + 4) - max(0, i - 3)),
            "prose10": (pcum[min(n, i + 11)] - pcum[max(0, i - 10)]) / (min(n, i + 11) - max(0, i - 10)),
            "prose_before": cum[i] / total_prose,
            "prose_after": (cum[n] - cum[i + 1]) / total_prose,
            "first_line": float(i == 0),
        })
        row = [float(f[name]) for name in OWN]
        for off in (-1, 1):
            j = i + off
            if 0 <= j < n:
                oj = owns[j]
                row += [oj["log_words"], oj["ends_sent"], oj["stop_frac"], oj["cap_frac"],
                        float(sum(lines[j].promo.values()) > 0)]
            else:
                row += [-1.0] * len(NEIGHBOUR)
        rows.append(row)
    return rows, owns


CONTEXT = ["p", "p_prev", "p_next", "p_w2", "p_w5", "p_w15", "p_max_before", "p_max_after", "p_mass_before",
           "p_mass_after"]


def context_features(probs: list[float]) -> list[list[float]]:
    """Second-stage features: a line's first-stage probability and its neighbourhood's."""
    n = len(probs)
    cum = [0.0]
    for p in probs:
        cum.append(cum[-1] + p)
    total = cum[-1] or 1.0
    mb, ma = [0.0] * n, [0.0] * n
    m = 0.0
    for i in range(n):
        mb[i] = m
        m = max(m, probs[i])
    m = 0.0
    for i in range(n - 1, -1, -1):
        ma[i] = m
        m = max(m, probs[i])

    def win(i: int, k: int) -> float:
        a, b = max(0, i - k), min(n, i + k + 1)
        return (cum[b] - cum[a]) / (b - a)

    return [[probs[i], probs[i - 1] if i else -1.0, probs[i + 1] if i + 1 < n else -1.0, win(i, 2), win(i, 5),
             win(i, 15), mb[i], ma[i], cum[i] / total, (cum[n] - cum[i + 1]) / total] for i in range(n)]
