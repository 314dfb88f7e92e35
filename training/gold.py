"""Reading and scoring the shared gold data, for the training scripts and the benchmarks alike.

Where ``../shared/data`` is, the PLOVER dev sentences every training set leaves out, the
extraction sets' pages, and the cleaner's score on a page (word F1, must-keep / must-drop
snippets) that both the cleaner's cross-validation and ``benchmarks.extraction`` report.
"""

from __future__ import annotations

import gzip
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
