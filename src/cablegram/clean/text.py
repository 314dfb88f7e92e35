"""Plain text as scraped: the article, its metadata, and the site's furniture set aside.

Each non-empty line is scored by a two-stage classifier (gradient-boosted
trees learned on real pages, stored as JSON in ``data/``): first from its own
shape, language and position relative to the densest run of prose, then again
with its neighbours' first-stage scores, so a caption inside the story stays
and a long appeal after it goes. A structural pass then names the kept blocks
(title, dek, caption, headings, paragraphs), reads the metadata lines (photo
credit, byline, agency line, the article's own URL) and gives every removed line
its boilerplate kind. Everything stays linear in the input size.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from importlib import resources
from typing import Optional

from .blocks import Block, Cleaned
from .features import (PROMO_KINDS, is_prose, WORD, Line, content_words, context_features, featurise, lexicon, normalise,
                       split_lines)
from .model import load as load_model
from .urlmeta import url_host, url_path

THRESHOLD = 0.5
RESCUE = 0.4
DATE_WINDOW = 12  # lines around the headline searched for a dateline
_URL_LINE = re.compile(r"^\s*<?((?:https?://|www\.)[^\s<>]+)>?\s*$", re.I)
_CREDIT_SHAPE = re.compile(r"^[\w.'’ -]{2,60}(?:/[\w.'’ -]{1,40}){1,3}$")  # Name/Agency/File
_CREDIT_PREFIX = re.compile(r"^\(?(?:photo|photograph|image|picture|credit|foto|photo credit|illustration)s?\s*(?:by|:)\s*\S",
                            re.I)
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")
_BOILERPLATE_PRIORITY = ("qr-code", "paywall", "donation-appeal", "cookie", "newsletter", "subscription-appeal",
                         "comments", "related", "footer", "share-nav", "promo")
_INHERITING = {"donation-appeal", "subscription-appeal", "promo", "related", "comments", "paywall", "qr-code"}


@cache
def publishers() -> dict[str, str]:
    text = resources.files(__package__).joinpath("data", "publishers.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def line_probabilities(lines: list[Line], rows: Optional[list] = None, models=None) -> list[float]:
    """P(line belongs to the article), from the two learned stages (or a prose heuristic without them)."""
    if not lines:
        return []
    if rows is None:
        rows, _ = featurise(lines)
    stage1, stage2 = models if models is not None else (load_model("lines_stage1"), load_model("lines_stage2"))
    if stage1 is None:
        from .features import is_prose, _own  # no trained weights: dense prose only
        return [1.0 if is_prose(line, _own(line)) else 0.0 for line in lines]
    p1 = [float(v) for v in stage1.predict(rows)]
    if stage2 is None:
        return p1
    ctx = context_features(p1)
    return [float(v) for v in stage2.predict([r + c for r, c in zip(rows, ctx)])]


def clean_text(raw: str, url: str | None = None, *, models=None) -> Cleaned:
    """Split scraped plain text into article blocks and boilerplate, with the metadata found in it."""
    text = normalise(raw or "")
    lines = split_lines(text)
    if not lines:
        return Cleaned(blocks=[], meta={}, warnings=["no text in the input"])
    rows, owns = featurise(lines)
    probs = line_probabilities(lines, rows, models)
    return structure(lines, owns, probs, url)


def _kind_of(line: Line, own: dict) -> Optional[str]:
    if not re.search(r"\w", line.text):
        return "separator"
    for kind in _BOILERPLATE_PRIORITY:
        if line.promo.get(kind):
            return kind
    return None


def _long(line: Line) -> bool:
    """Long enough to be body text (CJK text has few ``\\w+`` words per sentence, so count characters too)."""
    return line.n_words >= 8 or len(line.text) >= 40


def _is_credit(line: Line) -> bool:
    s = line.text
    if line.n_words > 14 or len(s) > 120 or s.endswith((".", "。", "!", "?", "！", "？")) or \
            not re.search(r"[A-Za-z]", s):
        return False
    low = s.lower()
    if _CREDIT_PREFIX.match(s):
        return True
    if _CREDIT_SHAPE.match(s) and any(c.isupper() for c in s):
        return True
    cues = lexicon()["photo_credit_cues"]
    return line.n_words <= 8 and any(c in low for c in cues) and not s.endswith("?")


def agency_of(text: str) -> Optional[str]:
    """The news agency an agency line names (``This story was reported by The Associated Press.``)."""
    low = text.lower()
    if len(low) > 300 or not any(cue in low for cue in lexicon()["agency_cues"]):
        return None
    for name, aliases in lexicon()["agencies"].items():
        for alias in aliases:
            if re.search(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", low):
                return name
    return None


def _slug_words(url: str) -> set[str]:
    path = url_path(url)
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    slug = re.sub(r"\.(?:s?html?|php|aspx?)$", "", slug)
    return {w.lower() for w in WORD.findall(slug.replace("_", " ")) if not w.isdigit()}


def _title_like(line: Line, own: dict) -> bool:
    s = line.text
    return 2 <= line.n_words <= 30 and len(s) <= 250 and not (s.endswith(".") and own["sentences"] > 0 and
                                                              line.n_words > 20) and not own["url_only"]


def publisher_of(url: Optional[str], lines: list[Line]) -> Optional[str]:
    """From the domain (a table of news publishers), else a copyright line's brand."""
    if url:
        host = url_host(url)
        parts = host.split(".")
        table = publishers()
        for k in range(len(parts) - 1):
            name = table.get(".".join(parts[k:]))
            if name:
                return name
    for line in reversed(lines[-40:]):
        m = re.search(r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d\s*[-–]?\s*(?:(?:19|20)\d\d)?)?\s*,?\s*"
                      r"((?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,5})", line.text, re.I)
        if m and len(line.text) < 200:
            name = re.split(r"\s+(?:All|Inc|LLC|Ltd)\b", m.group(1))[0].strip(" .,")
            if len(name) > 2:
                return name
    return None


_APPEALS = ("paywall", "subscription-appeal", "donation-appeal", "newsletter", "comments")
_BARRIERS = ("paywall", "donation-appeal")  # cues that end a story (newsletter boxes also sit mid-story)
TAIL_OVERLAP = 0.25


def _trim_tail(lines: list[Line], keep: list[bool], probs: list[float]) -> None:
    """After the story ends (agency line, paywall meter, an appeal), kept prose must still be about the story.

    A barrier is a line with an appeal cue or an agency line once most of the
    article's prose has been seen; every later kept line whose content words
    mostly do not occur in the article above it is dropped.
    """
    n = len(lines)
    kept_words = [lines[i].n_words if keep[i] else 0 for i in range(n)]
    total = sum(kept_words) or 1
    seen = 0
    barrier = None
    for i in range(n):
        seen += kept_words[i]
        line = lines[i]
        cue = any(line.promo.get(k) for k in _BARRIERS) or (line.n_words <= 40 and agency_of(line.text))
        if cue and seen >= 0.5 * total:
            barrier = i
            break
    if barrier is None:
        return
    vocab: Counter = Counter()
    for i in range(barrier):
        if keep[i]:
            vocab.update({w for w in content_words(lines[i].words) if len(w) >= 5})
    for i in range(barrier + 1, n):
        if not keep[i]:
            continue
        cw = [w for w in content_words(lines[i].words) if len(w) >= 5]
        if not cw:
            keep[i] = False
            continue
        share = sum(1 for w in cw if vocab.get(w, 0) >= 2) / len(cw)
        if share < TAIL_OVERLAP or any(lines[i].promo.get(k) for k in _APPEALS):
            keep[i] = False


_MONTHS = {m: i + 1 for i, ms in enumerate([("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
                                               ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
                                               ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
                                               ("dec", "december")]) for m in ms}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_TEXT_DATES = [
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), ("y", "m", "d")),
    (re.compile(r"\b((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})\b"), ("y", "m", "d")),
    (re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I), ("mon", "d", "y")),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+((?:19|20)\d\d)\b", re.I), ("d", "mon", "y")),
]


def text_date(text: str) -> Optional[str]:
    """An ISO date written out in a short dateline (``March 3, 2024``, ``3 March 2024``, ``2024-03-03``)."""
    from datetime import date

    for pattern, order in _TEXT_DATES:
        m = pattern.search(text)
        if not m:
            continue
        parts = dict(zip(order, m.groups()))
        try:
            month = _MONTHS[parts["mon"].lower().rstrip(".")] if "mon" in parts else int(parts["m"])
            return date(int(parts["y"]), month, int(parts["d"])).isoformat()
        except (KeyError, ValueError):
            continue
    return None


def structure(lines: list[Line], owns: list[dict], probs: list[float], url: Optional[str]) -> Cleaned:
    """Name the blocks: title, dek, caption, credit, headings, paragraphs, boilerplate; read the metadata."""
    n = len(lines)
    keep = [p >= THRESHOLD for p in probs]
    role: list[Optional[str]] = [None] * n
    meta: dict = {}
    warnings: list[str] = []

    # Rescue: a prose line the classifier doubted, next to kept prose and free of promo cues.
    for i, line in enumerate(lines):
        if not keep[i] and probs[i] >= RESCUE and is_prose(line, owns[i]) and not any(line.promo.values()) and \
                ((i and keep[i - 1] and lines[i - 1].n_words >= 8) or
                 (i + 1 < n and keep[i + 1] and lines[i + 1].n_words >= 8)):
            keep[i] = True
    # Hard furniture: paywall meters and QR lines, short lines thick with appeal cues.
    for i, line in enumerate(lines):
        if keep[i] and owns[i]["url_only"]:
            keep[i] = False
        if keep[i] and line.n_words <= 30 and (line.promo.get("paywall") or line.promo.get("qr-code") or
                                               sum(line.promo.get(k, 0) for k in _APPEALS[:-1]) >= 2):  # not "declined to comment"
            keep[i] = False
    _trim_tail(lines, keep, probs)

    # Metadata lines the classifier may keep or drop: agency line, photo credit, byline.
    agency = None
    for i in range(n):
        if lines[i].n_words <= 40:
            name = agency_of(lines[i].text)
            if name and (i > n // 3 or lines[i].n_words <= 12):
                agency, role[i] = name, "agency"
    body = [i for i in range(n) if keep[i] and role[i] is None]
    prose_body = [i for i in body if _long(lines[i])]
    if not prose_body:  # a lone story paragraph the classifier doubted is still the story
        doubted = [i for i in range(n) if role[i] is None and probs[i] >= 0.3 and is_prose(lines[i], owns[i])
                   and not any(lines[i].promo.values())]
        if sum(lines[i].n_words for i in doubted) >= 25:
            for i in doubted:
                keep[i] = True
            body = prose_body = doubted
    if not prose_body or sum(lines[i].n_words for i in body) < 25:
        warnings.append("no article body found: the text looks like navigation, a link list or a login page")
        body, prose_body = [], []
    b0 = prose_body[0] if prose_body else n
    b1 = prose_body[-1] if prose_body else -1

    # The article's own URL: a bare URL line whose slug shares words with the top of the page.
    top_words: set[str] = set()
    for j in range(min(n, 3)):
        top_words |= {w.lower() for w in lines[j].words} if lines[j].n_words <= 30 else set()
    for line in lines:  # the page's own title may also be quoted lower down (QR, share lines)
        if line.n_words <= 30 and line.promo.get("qr-code"):
            top_words |= {w.lower() for w in line.words}
    found_url = None
    for i, line in enumerate(lines):
        m = _URL_LINE.match(line.text)
        if not m or line.n_words > 60:
            continue
        slug = _slug_words(m.group(1))
        if len(slug) >= 3 and top_words and len(slug & top_words) / len(slug) >= 0.5:
            found_url = found_url or m.group(1).rstrip(".,;")
    if found_url and not url:
        meta["url"] = found_url
    url = url or found_url

    # Title: the title-shaped line just above the body that best matches the page's first line or URL slug.
    title_i = None
    if body or n:
        slug = _slug_words(url) if url else set()
        first = set(content_words(_TITLE_SUFFIX.sub("", lines[0].text).split()))
        best = -1.0
        lo = max(0, (b0 if body else n) - 40)
        for i in range(lo, min(n, (b0 if body else 1) + 1)):
            line = lines[i]
            if role[i] or not _title_like(line, owns[i]) or _kind_of(line, owns[i]) in ("separator", "qr-code"):
                continue
            cw = set(content_words(line.words))
            if not cw:
                continue
            score = 0.0
            if first and i > 0:
                score += len(cw & first) / max(len(cw), len(first))
            if i == 0:
                score += 0.6
            if slug:
                score += len(cw & slug) / max(len(slug), 1)
            score += 0.3 * probs[i] - 0.01 * (b0 - i if body else i)
            if score > best and (score >= 0.5 or i == 0):
                best, title_i = score, i
        if title_i is None and lines and _title_like(lines[0], owns[0]):
            title_i = 0
    if title_i is not None:
        role[title_i] = "title"
        meta["title"] = _TITLE_SUFFIX.sub("", lines[title_i].text) if title_i == 0 and lines[title_i].text.count(" ") > 3 \
            else lines[title_i].text
        if title_i == 0 and meta["title"] != lines[0].text:
            meta["title"] = meta["title"].strip()

    # Photo credit and its caption: a credit-shaped line next to a sentence-like line.
    credit_at = None
    for i in range(n):
        if role[i] or not _is_credit(lines[i]):
            continue
        if not body or not (b0 - 8 <= i <= b1 + 2):
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < n and role[j] is None and lines[j].n_words >= 5 and owns[j]["ends_sent"] and \
                    _kind_of(lines[j], owns[j]) is None:
                role[i], role[j] = "credit", "caption"
                meta.setdefault("photo_credit", lines[i].text.strip("() "))
                meta.setdefault("caption", lines[j].text)
                credit_at = i
                break
    # Byline near the top of the body.
    for i in range(max(0, b0 - 10), min(n, b0 + 5)):
        if role[i] is None and owns[i]["byline_like"] and lines[i].n_words <= 10:
            role[i] = "byline"
            meta.setdefault("byline", re.sub(r"^\s*\w+\s+", "", lines[i].text).strip())
            break

    # Dek: the prose line right after the title, set apart from the body by a credit, byline or separator.
    if title_i is not None and body:
        nxt = [i for i in range(title_i + 1, min(n, title_i + 6)) if role[i] is None and
               (keep[i] or lines[i].n_words >= 12) and lines[i].n_words >= 6]
        if nxt:
            d = nxt[0]
            between_ok = all(role[k] is not None or not keep[k] for k in range(title_i + 1, d))
            after = [k for k in range(d + 1, min(n, d + 4))]
            set_apart = any(role[k] in ("credit", "caption", "byline") or _kind_of(lines[k], owns[k]) == "separator" or
                            owns[k]["date_like"] for k in after)
            if between_ok and set_apart and lines[d].n_words <= 80 and owns[d]["ends_sent"]:
                role[d] = "dek"
                meta["dek"] = lines[d].text
    if credit_at is not None and meta.get("caption"):
        pass

    # Paragraphs and headings inside the body span.
    headings = []
    for i in range(n):
        if role[i] is not None or not keep[i]:
            continue
        if not body or not (b0 - 3 <= i <= b1 + 3):
            keep[i] = False
            continue
        line, own = lines[i], owns[i]
        nxt_para = i + 1 < n and keep[i + 1] and _long(lines[i + 1])
        if line.n_words <= 15 and not own["ends_sent"] or (own["ends_question"] and line.n_words <= 15 and nxt_para):
            if b0 < i < b1 and nxt_para and not own["bullet"] and not own["ends_colon"]:
                role[i] = "heading"
                headings.append(line.text)
                continue
        role[i] = "paragraph"
    if headings:
        meta["headings"] = headings
    # Publication date: from the URL if it has one, else a dateline near the top of the story.
    from .urlmeta import url_date, url_section

    if url and url_section(url):
        meta["section"] = url_section(url)
    if url and url_date(url)[0]:
        meta["published"], meta["published_source"] = url_date(url)[0], "url"
    elif body:
        top = title_i if title_i is not None else b0
        near = sorted(range(max(0, top - DATE_WINDOW), min(n, b0 + DATE_WINDOW)), key=lambda k: abs(k - top))
        for i in near:
            if lines[i].n_words <= 25:
                found = text_date(lines[i].text)
                if found:
                    meta["published"], meta["published_source"] = found, "text"
                    break
    if agency:
        meta["agency"] = agency
    pub = publisher_of(url, lines)
    if not pub and lines:  # the site's name after the headline in the page title ("Headline | Site")
        m = _TITLE_SUFFIX.search(lines[0].text)
        brand = m.group(0).strip(" |–—-") if m else ""
        if brand and len(brand.split()) <= 5 and brand[:1].isupper() and not brand.endswith((".", "?", "!")):
            pub = brand
    if pub:
        meta["publisher"] = pub

    blocks: list[Block] = []
    prev_kind = None
    for i, line in enumerate(lines):
        r = role[i]
        if r == "title" and meta.get("title") and meta["title"] != line.text and line.text.startswith(meta["title"]):
            blocks.append(Block(text=meta["title"], kind="title", line=line.index))  # the site's name goes aside
            blocks.append(Block(text=line.text, kind="boilerplate", line=line.index,  # the line as it was
                                boilerplate_kind="other"))
            prev_kind = None
            continue
        if r in ("title", "dek", "caption", "heading", "paragraph"):
            blocks.append(Block(text=line.text, kind=r, line=line.index))
            prev_kind = None
            continue
        if r in ("credit", "agency", "byline"):
            blocks.append(Block(text=line.text, kind="boilerplate", line=line.index, boilerplate_kind="credit"))
            continue
        kind = _kind_of(line, owns[i])
        if kind is None and _URL_LINE.match(line.text) and prev_kind == "qr-code":
            kind = "qr-code"
        if kind is None and prev_kind in _INHERITING and not line.blank_before or \
                kind is None and prev_kind in ("donation-appeal",):
            kind = prev_kind if prev_kind in ("donation-appeal", "related", "comments") else "promo"
        if kind is None:
            kind = "share-nav" if line.n_words <= 6 else "other"
        blocks.append(Block(text=line.text, kind="boilerplate", line=line.index, boilerplate_kind=kind))
        prev_kind = kind
    return Cleaned(blocks=blocks, meta=meta, warnings=warnings)


def body_text(cleaned: Cleaned, *, with_title: bool = False) -> str:
    """The kept article text as the extraction benchmark scores it (title left out unless asked)."""
    kinds = {"dek", "caption", "heading", "paragraph"} | ({"title"} if with_title else set())
    return "\n\n".join(b.text for b in cleaned.blocks if b.kind in kinds)


__all__ = ["clean_text", "text_date", "line_probabilities", "structure", "body_text", "agency_of", "publisher_of", "PROMO_KINDS"]
