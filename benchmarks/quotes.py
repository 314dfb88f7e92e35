"""Who said what: cablegram's attribution stage against PolNeAR and the flagship example, beside textacy.

PolNeAR (BRAT stand-off: Source / Cue / Content, one annotator's file per
article) is scored by coverage, as ``../shared/data/README.md`` describes: a
predicted content is right if at least half of its characters lie inside one
gold content; a gold content is found if at least half of it is covered by
predicted contents. Source and cue are right on a matched pair when their
spans overlap the gold ones. Direct (quote-marked) and indirect contents are
reported separately. textacy's ``direct_quotations`` runs on the very same
parsed documents.

    python -m benchmarks.quotes [--data ../shared/data] [--split dev|train|both] [--limit N]
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from training.polnear import (Article, Item, Tally, _chars, is_direct, metrics, ours,  # noqa: F401
                              read_ann, score)
from training.polnear import load_polnear as _load_polnear

from .common import Skip, arg_parser, data_path, digest_files, run_main, table

STAGES = ("cablegram_actors", "cablegram_attribution")


def load_polnear(data_dir: Path, split: str, limit: int | None = None) -> list[Article]:
    """Articles of a split with the gold of ONE annotator each; :class:`Skip` without the data."""
    data_path(data_dir, "quotes", "PolNeAR", "data", split)
    try:
        return _load_polnear(data_dir, split, limit)
    except FileNotFoundError as exc:
        raise Skip(str(exc)) from exc


# ------------------------------------------------------------ predictions
def _nlp():
    from cablegram.pipeline import load

    return load(stages=STAGES)


def parse(articles: list[Article]):
    """spaCy docs of the articles through cablegram's stages up to attribution."""
    from cablegram.ids import document_id

    nlp = _nlp()
    docs = []
    for a in articles:
        doc = nlp.make_doc(a.text)
        doc._.cg_doc_id = document_id(a.text)
        docs.append(doc)
    return list(nlp.pipe(docs, batch_size=8))


def textacy_items(doc) -> list[Item]:
    """textacy's direct quotations (it refuses documents with an odd number of quotation marks)."""
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        return out

    def rng(tokens):
        return [(t.idx, t.idx + len(t.text)) for t in tokens]

    for sp, cue, content in triples:
        out.append(Item(content=[(content.start_char, content.end_char)], source=rng(sp), cue=rng(cue), direct=True))
    return out


def polnear_rows(label: str, t: dict[str, Tally]) -> list[list]:
    a, d = t["all"], t["direct"]
    m = metrics(t)
    return [
        [label, "content", *a.content(), a.pred, a.gold],
        [label, "source", *a.source(), a.pred_src, a.gold_src],
        [label, "cue", *a.cue(), a.pred_cue, a.gold_cue],
        [label, "direct content", *d.content(), d.pred, d.gold],
        [label, "source acc (matched)", m["source_acc"], None, None, a.matched_src, None],
        [label, "cue acc (matched)", m["cue_acc"], None, None, a.matched_cue, None],
        [label, "direct: source acc (matched)", m["direct_source_acc"], None, None, d.matched_src, None],
        [label, "R quote-marked", None, m["recall_quoted"], None, None, a.gold_q],
        [label, "R not quote-marked", None, m["recall_unquoted"], None, None, a.gold_nq],
    ]


# --------------------------------------------------------------- example
def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("‘", "'")).strip().lower()


def example_rows(data_dir: Path):
    """The flagship example's direct_quotes and indirect_quotes: found, and found with the right speaker."""
    import yaml

    root = Path(data_dir).parent / "examples" / "kim-putin"
    if not (root / "expected.yaml").exists():
        return None
    expected = yaml.safe_load((root / "expected.yaml").read_text(encoding="utf-8"))
    text = (root / "article.txt").read_text(encoding="utf-8")
    import cablegram
    from cablegram.pipeline import load

    analysis = cablegram.analyze(text, nlp=load())
    clean = analysis.document.text
    actors = {a["id"]: a for a in expected.get("actors", [])}

    def speaker_ok(attr, want: str) -> tuple[bool, bool]:
        """(actor id right, speaker phrase names the expected actor)."""
        by_id = attr.speaker == want
        exp = actors.get(want, {})
        names = [exp.get("name", "")] + list(exp.get("mentions", []) or [])
        phrase = _norm(attr.speaker_span.text) if attr.speaker_span else ""
        by_span = bool(phrase) and any(_norm(n) and (_norm(n) in phrase or phrase in _norm(n)) for n in names
                                       if len(_norm(n)) > 2 and _norm(n) not in ("he", "she"))
        return by_id, by_span or by_id

    def find(start: str, kinds):
        pos = _norm(clean).find(_norm(start)[:40])
        for attr in analysis.attributions:
            if attr.kind not in kinds:
                continue
            if _norm(start)[:30] in _norm(attr.content.text) or _norm(attr.content.text)[:30] in _norm(start):
                return attr
        return None if pos < 0 else None

    rows = []
    for label, key, field_, kinds in (("direct", "direct_quotes", "text_starts", ("direct", "mixed")),
                                      ("indirect", "indirect_quotes", "content_starts", ("indirect", "mixed", "direct"))):
        items = expected.get(key, [])
        found = by_id = by_span = 0
        for it in items:
            attr = find(it[field_], kinds)
            if attr is None:
                continue
            found += 1
            i, s = speaker_ok(attr, it["speaker"])
            by_id += i
            by_span += s
        rows.append([f"cablegram: example {label}", len(items), found, by_id, by_span])
    scare = [a.content.text for a in analysis.attributions
             if a.kind == "direct" and len(re.findall(r"\w+", a.content.text)) < 4]
    extra = len(analysis.attributions)
    return rows, scare, extra


def textacy_example(data_dir: Path):
    """textacy's direct quotations on the example: (row scored like ours, number of quotations it returns)."""
    import yaml

    root = Path(data_dir).parent / "examples" / "kim-putin"
    if not (root / "article.txt").exists() or not (root / "expected.yaml").exists():
        return None
    from cablegram.pipeline import load
    from textacy.extract.triples import direct_quotations

    expected = yaml.safe_load((root / "expected.yaml").read_text(encoding="utf-8"))
    actors = {a["id"]: a for a in expected.get("actors", [])}
    doc = load(stages=STAGES)(root.joinpath("article.txt").read_text(encoding="utf-8"))
    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        triples = []
    found = by_span = 0
    for it in expected.get("direct_quotes", []):
        key = _norm(it["text_starts"])[:30]
        hit = next((t for t in triples if key in _norm(t.content.text)), None)
        if hit is None:
            continue
        found += 1
        phrase = _norm(" ".join(tok.text for tok in hit.speaker))
        exp = actors.get(it["speaker"], {})
        names = [exp.get("name", "")] + list(exp.get("mentions", []) or [])
        by_span += bool(phrase) and any(len(_norm(n)) > 2 and (_norm(n) in phrase or phrase in _norm(n)) for n in names)
    return ["textacy: example direct", len(expected.get("direct_quotes", [])), found, None, by_span], len(triples)


# ------------------------------------------------------------------ entry
def gate(data_dir: Path) -> tuple[dict[str, float], str]:
    """PolNeAR dev figures for the CI gate, and the digest of the gold files they came from."""
    articles = load_polnear(data_dir, "dev")
    docs = parse(articles)
    m = metrics(score(articles, docs, ours))
    return m, digest_files(p for a in articles for p in a.files)


def main() -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--split", default="dev", choices=["dev", "train", "both"])
    p.add_argument("--no-textacy", action="store_true")
    args = p.parse_args()
    splits = ["train", "dev"] if args.split == "both" else [args.split]
    for split in splits:
        articles = load_polnear(Path(args.data), split, args.limit)
        t0 = time.perf_counter()
        docs = parse(articles)
        seconds = time.perf_counter() - t0
        rows = polnear_rows("cablegram", score(articles, docs, ours))
        if not args.no_textacy:
            try:
                rows += polnear_rows("textacy", score(articles, docs, textacy_items))
            except ImportError:
                print("textacy not installed: baseline skipped (pip install textacy)")
        print(f"\nPolNeAR {split}: {len(articles)} articles, {sum(len(a.gold) for a in articles)} gold attributions "
              f"(one annotator each), parsed in {seconds:.0f}s")
        print(table(["system", "measure", "P", "R", "F1", "n pred", "n gold"], rows))
    ex = example_rows(Path(args.data))
    if ex is not None:
        rows, scare, n = ex
        base = None if args.no_textacy else textacy_example(Path(args.data))
        if base is not None:
            rows.append(base[0])
        print(f"\nflagship example (kim-putin): cablegram {n} attributions"
              + (f"; textacy {base[1]} direct quotations" if base else ""))
        print(table(["set", "expected", "found", "speaker id right", "speaker phrase right"], rows))
        print(f"short 'direct quotes' (scare quotes would show here): {scare or 'none'}")
    return 0


if __name__ == "__main__":
    run_main(main)
