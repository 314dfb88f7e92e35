"""Sentences with no PLOVER event, for the type classifier's "NONE" class: what ``analyze()`` would
ask the sentence classifier about in news that reports no political interaction.

    .venv/bin/python -m training.event_negatives OUT.json [--data SHARED] [--per-category 120]

PLV, the PLOVER records and the codebook templates hold only sentences that report an event, so a
classifier fitted on them alone types every sentence it is shown, background included ("X previously
served as ambassador", "the law provides …"). Negatives come from the BBC News corpus's sport,
entertainment and tech articles (the 2,225-article corpus also used for speed; its politics and
business articles are left out, as they report state acts): of each article, the sentences
``analyze()`` hands the classifier (a main event candidate, listed or not, with a party named —
``events.reading.asked``), labelled NONE. They are weak labels (a few such sentences do report a
political event); cross-validation on PLV says what they cost, PLOVER dev and the readings what they
buy. The Wikinews corpus is never used (the readings are Wikinews articles).
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from .gold import DEFAULT_DATA

CATEGORIES = ("sport", "entertainment", "tech")


def articles(shared: Path, per_category: int, categories=CATEGORIES) -> list[dict]:
    """Every k-th article of each category (a fixed, spread sample), ``per_category`` of each."""
    path = shared / "corpora" / "bbc-news-2225" / "articles.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    out = []
    for cat in categories:
        got = [r for r in rows if r.get("category") == cat]
        step = max(1, len(got) // per_category)
        out += got[::step][:per_category]
    return out


def asked_sentences(text: str, nlp, unlisted_only: bool = False) -> list[str]:
    """The sentences of ``text`` that ``analyze()`` asks the type classifier about (``unlisted_only``:
    those whose main verb the trigger lexicon does not know)."""
    from cablegram.events import reading
    from cablegram.pipeline import analysed_docs, prepare

    document, _ = prepare(text)
    out = []
    for doc, _ in analysed_docs(document, nlp):
        _, sents = reading.untyped(doc)
        out += [s.sent.text for s in reading.asked(sents)
                if not unlisted_only or s.main.found.entry.get("unlisted")]
    return out


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--data", default=str(DEFAULT_DATA))
    p.add_argument("--per-category", dest="per_category", type=int, default=60)
    p.add_argument("--unlisted-from", dest="unlisted_from", default="",
                   help="comma-separated categories (politics,business) whose sentences count only where the "
                        "main verb is unlisted")
    args = p.parse_args(argv)
    import cablegram

    nlp = cablegram.load()
    texts: list[str] = []
    for art in articles(Path(args.data), args.per_category):
        texts += [t for t in asked_sentences(art["text"], nlp) if t not in texts]
    extra = [c for c in args.unlisted_from.split(",") if c]
    for art in articles(Path(args.data), args.per_category, extra):
        texts += [t for t in asked_sentences(art["text"], nlp, unlisted_only=True) if t not in texts]
    Path(args.out).write_text(json.dumps(texts, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(json.dumps({"articles": args.per_category * (len(CATEGORIES) + len(extra)), "sentences": len(texts)}))


if __name__ == "__main__":
    main()
