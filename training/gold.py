"""Reading and scoring the shared gold data, for the training scripts and the benchmarks alike.

Where ``../shared/data`` is, the PLOVER dev sentences every training set leaves out, the
extraction sets' pages, and the cleaner's score on a page (word F1, must-keep / must-drop
snippets) that both the cleaner's cross-validation and ``benchmarks.extraction`` report.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
WORD = re.compile(r"\w+")
EXTRACTION_SETS = {"wcxb": "extraction/wcxb-articles/pages.dev.jsonl.gz",
                   "zyte": "extraction/zyte-article-extraction-benchmark/pages.dev.jsonl.gz"}


def norm(text: str) -> str:
    """Lower-cased words joined by single spaces: how sentences are compared across sets."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def dev_sentences(shared: Path) -> set[str]:
    """The PLOVER dev records' sentences (normalised): left out of every training set."""
    path = shared / "events" / "openeventdata-PLOVER" / "plover_gsr.dev.jsonl"
    if not path.exists():
        return set()
    return {norm(json.loads(line)["text"]) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def load_pages(data: Path, sets=EXTRACTION_SETS) -> list[dict]:
    """The dev pages of the extraction sets (each row tagged with its set's name)."""
    pages = []
    for name, rel in sets.items():
        path = Path(data) / rel
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                row["set"] = name
                pages.append(row)
    return pages


def words(text: str) -> Counter:
    return Counter(w.lower() for w in WORD.findall(text or ""))


def word_prf(pred: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall, F1 over lower-cased ``\\w+`` tokens."""
    p, g = words(pred), words(gold)
    if not p and not g:
        return 1.0, 1.0, 1.0
    overlap = sum((p & g).values())
    prec = overlap / sum(p.values()) if p else 0.0
    rec = overlap / sum(g.values()) if g else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def _words_joined(s: str) -> str:
    return " ".join(w.lower() for w in re.findall(r"\w+", s or ""))


def snippet_shares(pred: str, page: dict) -> tuple[list[int], list[int]]:
    """1/0 per must_keep snippet kept, per must_drop snippet dropped."""
    p = " " + _words_joined(pred) + " "
    keep = [int((" " + _words_joined(s) + " ") in p) for s in page.get("must_keep") or [] if _words_joined(s)]
    drop = [int((" " + _words_joined(s) + " ") not in p) for s in page.get("must_drop") or [] if _words_joined(s)]
    return keep, drop


def score_page(page: dict, *, models=None, with_title: bool = False) -> dict:
    """The cleaner on one page's visible text against its gold body, title and date."""
    from cablegram.clean.text import body_text, clean_text

    cleaned = clean_text(page.get("text") or "", url=page.get("url"), models=models)
    pred = body_text(cleaned, with_title=with_title)
    _, _, f1 = word_prf(pred, page.get("gold_body") or "")
    keep, drop = snippet_shares(pred, page)
    title = None
    if page.get("gold_title"):
        title = word_prf(cleaned.meta.get("title") or "", page["gold_title"])[2]
    date = None
    if page.get("gold_published"):
        date = int((cleaned.meta.get("published") or "")[:10] == str(page["gold_published"])[:10])
    f1_title = word_prf(body_text(cleaned, with_title=True), page.get("gold_body") or "")[2]
    return {"f1": f1, "keep": keep, "drop": drop, "pred": pred, "title": title, "date": date,
            "f1_with_title": f1_title}


# ---------------------------------------------------------------- time expressions (TimeML)

TEMPEVAL = ("time", "tempeval3", "Training", "TBAQ-cleaned")
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_tml(path: Path) -> tuple[str, str, list[dict]]:
    """``(text, dct, gold)`` of a TimeML file: the TEXT element with tags stripped, offsets into it."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r'<DCT>.*?value="([^"]+)"', raw, re.S)
    dct = dct_m.group(1)[:10] if dct_m else None
    body = raw.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    out: list[str] = []
    pos = 0
    gold: list[dict] = []
    open_timex = None
    i = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[i:m.start()])
        out.append(chunk)
        pos += len(chunk)
        i = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = dict(_ATTR.findall(m.group(3)))
            open_timex["start"] = pos
        elif open_timex is not None:
            open_timex["end"] = pos
            gold.append(open_timex)
            open_timex = None
    out.append(html.unescape(body[i:]))
    text = "".join(out)
    for g in gold:
        g["text"] = text[g["start"]:g["end"]]
    return text, dct, gold


MEANTIME = ("corpora", "meantime-en", "intra_cross-doc_annotation")
MEANTIME_SENTENCES = 5
_NO_SPACE_BEFORE = {",", ".", ":", ";", "?", "!", "%", ")", "'s", "n't", "'", "’s"}


def read_meantime(path: Path) -> tuple[str, str, list[dict]]:
    """``(text, dct, gold)`` of a MEANTIME (NAF-style) file: tokens joined back into text, one line a sentence.

    Only the title, the dateline and the first sentences carry time annotation (sentences 0-5 in MEANTIME's
    numbering), so the text stops there.
    """
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos, sent, prev = 0, None, None
    for tok in root.iter("token"):
        if int(tok.get("sentence", 0)) > MEANTIME_SENTENCES:
            break
        word = tok.text or ""
        if sent is not None and tok.get("sentence") != sent:
            sep = "\n"
        elif prev is None or word in _NO_SPACE_BEFORE or prev in ("(", "$"):
            sep = ""
        else:
            sep = " "
        parts.append(sep + word)
        pos += len(sep)
        offsets[tok.get("t_id")] = (pos, pos + len(word))
        pos += len(word)
        sent, prev = tok.get("sentence"), word
    text = "".join(parts)
    gold, dct = [], None
    for tx in root.iter("TIMEX3"):
        ids = [a.get("t_id") for a in tx.findall("token_anchor")]
        if tx.get("functionInDocument") == "CREATION_TIME":
            dct = (tx.get("value") or "")[:10] or None
        if not ids or any(i not in offsets for i in ids):
            continue
        start, end = offsets[ids[0]][0], offsets[ids[-1]][1]
        gold.append({"start": start, "end": end, "value": tx.get("value"), "text": text[start:end]})
    return text, dct, gold



def tempeval_files(data) -> list[Path]:
    """The TimeML files of TempEval-3 training (TimeBank and AQUAINT), sorted; [] when absent."""
    return sorted(Path(data).joinpath(*TEMPEVAL).glob("*/*.tml"))


def meantime_files(data) -> list[Path]:
    """MEANTIME's English NAF files, sorted; [] when absent."""
    return sorted(Path(data).joinpath(*MEANTIME).glob("*/*.xml"))


def time_folds(parsed, folds: int = 5) -> list[int]:
    """The fold of each TimeML document: documents are grouped by their opening words (TBAQ holds a
    few twice, under two names), groups are ordered by a hash of those words and dealt round-robin."""
    keys = [hashlib.sha1(" ".join(text.split()[:60]).encode()).hexdigest() for text, _, _ in parsed]
    rank = {k: i for i, k in enumerate(sorted(set(keys)))}
    return [rank[k] % folds for k in keys]
