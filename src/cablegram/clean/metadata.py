"""What the page says about the article: its own URL, title, photo credit and caption, byline, dek,
publication date, agency and publisher — read from lines the classifier may have kept or dropped."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from importlib import resources
from typing import Optional

from .features import WORD, Line, content_words, lexicon
from .page import TITLE_SUFFIX, URL_LINE, Page, kind_of, title_like
from .urlmeta import url_date, url_host, url_path, url_section

DATE_WINDOW = 12  # lines around the headline searched for a dateline
_CREDIT_SHAPE = re.compile(r"^[\w.'’ -]{2,60}(?:/[\w.'’ -]{1,40}){1,3}$")  # Name/Agency/File
_CREDIT_PREFIX = re.compile(r"^\(?(?:photo|photograph|image|picture|credit|foto|photo credit|illustration)s?\s*(?:by|:)\s*\S",
                            re.I)
_COPYRIGHT_BRAND = re.compile(r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d\s*[-–]?\s*(?:(?:19|20)\d\d)?)?\s*,?\s*"
                              r"((?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,5})", re.I)


@cache
def publishers() -> dict[str, str]:
    text = resources.files(__package__).joinpath("data", "publishers.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


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


def publisher_of(url: Optional[str], lines: list[Line]) -> Optional[str]:
    """From the domain (a table of news publishers), else a copyright line's brand."""
    if url:
        parts = url_host(url).split(".")
        table = publishers()
        for k in range(len(parts) - 1):
            name = table.get(".".join(parts[k:]))
            if name:
                return name
    for line in reversed(lines[-40:]):
        m = _COPYRIGHT_BRAND.search(line.text)
        if m and len(line.text) < 200:
            name = re.split(r"\s+(?:All|Inc|LLC|Ltd)\b", m.group(1))[0].strip(" .,")
            if len(name) > 2:
                return name
    return None


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


def slug_words(url: str) -> set[str]:
    slug = url_path(url).rstrip("/").rsplit("/", 1)[-1]
    slug = re.sub(r"\.(?:s?html?|php|aspx?)$", "", slug)
    return {w.lower() for w in WORD.findall(slug.replace("_", " ")) if not w.isdigit()}


def is_credit(line: Line) -> bool:
    s = line.text
    if line.n_words > 14 or len(s) > 120 or s.endswith((".", "。", "!", "?", "！", "？")) or \
            not re.search(r"[A-Za-z]", s):
        return False
    if _CREDIT_PREFIX.match(s):
        return True
    if _CREDIT_SHAPE.match(s) and any(c.isupper() for c in s):
        return True
    low = s.lower()
    return line.n_words <= 8 and any(c in low for c in lexicon()["photo_credit_cues"]) and not s.endswith("?")


# -- the passes ------------------------------------------------------------------------------------------

def _top_words(lines: list[Line]) -> set[str]:
    """Words of the page's first lines, and of lines quoting its title lower down (QR, share lines)."""
    words: set[str] = set()
    for line in lines[:3]:
        words |= {w.lower() for w in line.words} if line.n_words <= 30 else set()
    for line in lines:
        if line.n_words <= 30 and line.promo.get("qr-code"):
            words |= {w.lower() for w in line.words}
    return words


def own_url(page: Page) -> None:
    """The article's own URL: a bare URL line whose slug shares words with the top of the page."""
    top = _top_words(page.lines)
    found = None
    for line in page.lines:
        m = URL_LINE.match(line.text)
        if not m or line.n_words > 60:
            continue
        slug = slug_words(m.group(1))
        if len(slug) >= 3 and top and len(slug & top) / len(slug) >= 0.5:
            found = found or m.group(1).rstrip(".,;")
    if found and not page.url:
        page.meta["url"] = found
    page.url = page.url or found


def _title_score(page: Page, i: int, first: set[str], slug: set[str]) -> Optional[float]:
    line = page.lines[i]
    if page.role[i] or not title_like(line, page.owns[i]) or kind_of(line) in ("separator", "qr-code"):
        return None
    cw = set(content_words(line.words))
    if not cw:
        return None
    score = 0.0
    if first and i > 0:
        score += len(cw & first) / max(len(cw), len(first))
    if i == 0:
        score += 0.6
    if slug:
        score += len(cw & slug) / max(len(slug), 1)
    return score + 0.3 * page.probs[i] - 0.01 * (page.b0 - i if page.body else i)


def title(page: Page) -> None:
    """The title-shaped line just above the body that best matches the page's first line or URL slug."""
    if not page.n:
        return
    lines, body = page.lines, page.body
    if len(body) == 1 and all(i in body or not lines[i].text.strip() for i in range(page.n)):
        return  # a statement given alone (keep.find_body) is all body
    slug = slug_words(page.url) if page.url else set()
    first = set(content_words(TITLE_SUFFIX.sub("", lines[0].text).split()))
    best, found = -1.0, None
    for i in range(max(0, (page.b0 if body else page.n) - 40), min(page.n, (page.b0 if body else 1) + 1)):
        score = _title_score(page, i, first, slug)
        if score is not None and score > best and (score >= 0.5 or i == 0):
            best, found = score, i
    if found is None and title_like(lines[0], page.owns[0]):
        found = 0
    if found is None:
        return
    page.title_i, page.role[found] = found, "title"
    text = lines[found].text
    page.meta["title"] = TITLE_SUFFIX.sub("", text) if found == 0 and text.count(" ") > 3 else text
    if found == 0 and page.meta["title"] != text:
        page.meta["title"] = page.meta["title"].strip()


def _caption_beside(page: Page, i: int) -> Optional[int]:
    for j in (i + 1, i - 1):
        if 0 <= j < page.n and page.role[j] is None and page.lines[j].n_words >= 5 and page.owns[j]["ends_sent"] \
                and kind_of(page.lines[j]) is None:
            return j
    return None


def credit_and_caption(page: Page) -> None:
    """A credit-shaped line near the body next to a sentence-like line: the photo credit and its caption."""
    if not page.body:
        return
    for i in range(page.n):
        if page.role[i] or not is_credit(page.lines[i]) or not (page.b0 - 8 <= i <= page.b1 + 2):
            continue
        j = _caption_beside(page, i)
        if j is not None:
            page.role[i], page.role[j] = "credit", "caption"
            page.meta.setdefault("photo_credit", page.lines[i].text.strip("() "))
            page.meta.setdefault("caption", page.lines[j].text)


def byline(page: Page) -> None:
    """A byline-shaped short line near the top of the body."""
    for i in range(max(0, page.b0 - 10), min(page.n, page.b0 + 5)):
        if page.role[i] is None and page.owns[i]["byline_like"] and page.lines[i].n_words <= 10:
            page.role[i] = "byline"
            page.meta.setdefault("byline", re.sub(r"^\s*\w+\s+", "", page.lines[i].text).strip())
            return


def _set_apart(page: Page, d: int) -> bool:
    """A credit, caption, byline, separator or date line follows within three lines."""
    return any(page.role[k] in ("credit", "caption", "byline") or kind_of(page.lines[k]) == "separator" or
               page.owns[k]["date_like"] for k in range(d + 1, min(page.n, d + 4)))


def dek(page: Page) -> None:
    """The prose line right after the title, set apart from the body by a credit, byline or separator."""
    t = page.title_i
    if t is None or not page.body:
        return
    lines, role, keep = page.lines, page.role, page.keep
    nxt = [i for i in range(t + 1, min(page.n, t + 6)) if role[i] is None and
           (keep[i] or lines[i].n_words >= 12) and lines[i].n_words >= 6]
    if not nxt:
        return
    d = nxt[0]
    between_ok = all(role[k] is not None or not keep[k] for k in range(t + 1, d))
    if between_ok and _set_apart(page, d) and lines[d].n_words <= 80 and page.owns[d]["ends_sent"]:
        role[d] = "dek"
        page.meta["dek"] = lines[d].text


def published(page: Page) -> None:
    """Section and date from the URL if it has them, else a dateline near the top of the story."""
    url, meta = page.url, page.meta
    if url and url_section(url):
        meta["section"] = url_section(url)
    if url and url_date(url)[0]:
        meta["published"], meta["published_source"] = url_date(url)[0], "url"
        return
    if not page.body:
        return
    top = page.title_i if page.title_i is not None else page.b0
    near = sorted(range(max(0, top - DATE_WINDOW), min(page.n, page.b0 + DATE_WINDOW)), key=lambda k: abs(k - top))
    for i in near:
        found = text_date(page.lines[i].text) if page.lines[i].n_words <= 25 else None
        if found:
            meta["published"], meta["published_source"] = found, "text"
            return


def publisher(page: Page) -> None:
    """The agency found earlier; the publisher from the domain or a copyright line, else the page title's
    site name ("Headline | Site")."""
    if page.agency:
        page.meta["agency"] = page.agency
    pub = publisher_of(page.url, page.lines)
    if not pub and page.lines:
        m = TITLE_SUFFIX.search(page.lines[0].text)
        brand = m.group(0).strip(" |–—-") if m else ""
        if brand and len(brand.split()) <= 5 and brand[:1].isupper() and not brand.endswith((".", "?", "!")):
            pub = brand
    if pub:
        page.meta["publisher"] = pub
