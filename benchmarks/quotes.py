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
from dataclasses import dataclass, field
from pathlib import Path

from .common import Skip, arg_parser, data_path, digest_files, prf, run_main, table

_QUOTE_RE = re.compile(r"[\"“”„«»]")
_ANN_SUFFIX = re.compile(r"_[0-9a-f]+\.ann$")
STAGES = ("cablegram_actors", "cablegram_attribution")


# ------------------------------------------------------------------ gold
@dataclass
class Item:
    """One attribution as character ranges; ``content`` may be discontinuous."""

    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    direct: bool = False


@dataclass
class Article:
    name: str
    text: str
    gold: list[Item]
    files: list[Path]


def _ranges(spec: str) -> list[tuple[int, int]]:
    out = []
    for part in spec.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def is_direct(text: str, content: list[tuple[int, int]]) -> bool:
    """Quote-marked content: at least half of its characters lie between quotation marks within it."""
    quoted = total = 0
    for s, e in content:
        piece = text[s:e].replace("''", '"').replace("``", '"')
        inside = False
        for ch in piece:
            if _QUOTE_RE.match(ch):
                inside = not inside
                continue
            if ch.isspace():
                continue
            total += 1
            quoted += inside
    return total > 0 and quoted / total >= 0.5


def read_ann(path: Path, text: str) -> list[Item]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    rels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, rng = parts[1].partition(" ")
            try:
                spans[parts[0]] = (label, _ranges(rng))
            except ValueError:
                continue
        elif parts[0].startswith("E"):
            roles = dict(x.split(":", 1) for x in parts[1].split() if ":" in x)
            rels.append(roles)
    items = []
    for roles in rels:
        content = spans.get(roles.get("Content", ""), (None, []))[1]
        if not content:
            continue
        items.append(Item(
            content=content,
            source=spans.get(roles.get("Source", ""), (None, []))[1],
            cue=spans.get(roles.get("Cue", ""), (None, []))[1],
            direct=is_direct(text, content),
        ))
    return items


def load_polnear(data_dir: Path, split: str, limit: int | None = None) -> list[Article]:
    """Articles of a split with the gold of ONE annotator each (the first file by name)."""
    base = data_path(data_dir, "quotes", "PolNeAR", "data", split)
    chosen: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        chosen.setdefault(_ANN_SUFFIX.sub("", ann.name), ann)
    out = []
    for name in sorted(chosen):
        txt = base / "text" / f"{name}.txt"
        if not txt.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        out.append(Article(name, text, read_ann(chosen[name], text), [txt, chosen[name]]))
        if limit and len(out) >= limit:
            break
    if not out:
        raise Skip(f"no PolNeAR articles under {base}")
    return out


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


def _quoted_share(text: str, start: int, end: int, inside: set[int]) -> float:
    chars = [i for i in range(start, end) if not text[i].isspace()]
    return sum(1 for i in chars if i in inside) / len(chars) if chars else 0.0


def ours(doc) -> list[Item]:
    """Our attributions as items; "direct" as for the gold: at least half of the content is quoted."""
    from cablegram.attribution.quotes import find_quotes

    inside = {i for q in find_quotes(doc.text) for i in range(q.start, q.end)}
    out = []
    for at in doc._.cg_attributions or []:
        direct = at.kind == "direct" or (
            at.kind == "mixed" and _quoted_share(doc.text, at.content.start, at.content.end, inside) >= 0.5)
        out.append(Item(
            content=[(at.content.start, at.content.end)],
            source=[(at.speaker_span.start, at.speaker_span.end)] if at.speaker_span else [],
            cue=[(at.cue.start, at.cue.end)] if at.cue else [],
            direct=direct,
        ))
    return out


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


# ---------------------------------------------------------------- scoring
def _chars(ranges, text) -> set[int]:
    return {i for s, e in ranges for i in range(s, min(e, len(text))) if not text[i].isspace()}


@dataclass
class Tally:
    pred: int = 0
    pred_ok: int = 0
    gold: int = 0
    gold_found: int = 0
    gold_q: int = 0
    gold_q_found: int = 0
    gold_nq: int = 0
    gold_nq_found: int = 0
    matched_src: int = 0      # matched pairs whose gold has a source
    src_ok: int = 0
    pred_src: int = 0
    gold_src: int = 0
    gold_src_found: int = 0
    matched_cue: int = 0
    cue_ok: int = 0
    pred_cue: int = 0
    gold_cue: int = 0
    gold_cue_found: int = 0

    def add(self, text: str, preds: list[Item], golds: list[Item], recall_golds: list[Item] | None = None) -> None:
        """Precision of ``preds`` against ``golds``; recall over ``recall_golds`` (default: the same)."""
        self._precision(text, preds, golds)
        self._recall(text, preds, golds if recall_golds is None else recall_golds)

    def _precision(self, text, preds, golds):
        gchars = [_chars(g.content, text) for g in golds]
        pchars = [_chars(p.content, text) for p in preds]
        covered = set().union(*pchars) if pchars else set()
        best_pred: dict[int, list[int]] = {}
        for pi, (p, pc) in enumerate(zip(preds, pchars)):
            if not pc:
                continue
            self.pred += 1
            self.pred_src += bool(p.source)
            self.pred_cue += bool(p.cue)
            scores = [len(pc & gc) for gc in gchars]
            if not scores:
                continue
            gi = max(range(len(scores)), key=scores.__getitem__)
            if scores[gi] * 2 < len(pc):
                continue
            self.pred_ok += 1
            best_pred.setdefault(gi, []).append(pi)
            g = golds[gi]
            if g.source:
                self.matched_src += 1
                self.src_ok += bool(_chars(p.source, text) & _chars(g.source, text))
            if g.cue:
                self.matched_cue += 1
                self.cue_ok += bool(_chars(p.cue, text) & _chars(g.cue, text))
        self._best = best_pred

    def _recall(self, text, preds, golds):
        gchars = [_chars(g.content, text) for g in golds]
        pchars = [_chars(p.content, text) for p in preds]
        covered = set().union(*pchars) if pchars else set()
        best_pred: dict[int, list[int]] = {}
        for pi, pc in enumerate(pchars):
            scores = [len(pc & gc) for gc in gchars]
            if pc and scores:
                gi = max(range(len(scores)), key=scores.__getitem__)
                if scores[gi] * 2 >= len(pc):
                    best_pred.setdefault(gi, []).append(pi)
        for gi, (g, gc) in enumerate(zip(golds, gchars)):
            if not gc:
                continue
            found = len(gc & covered) * 2 >= len(gc)
            self.gold += 1
            self.gold_found += found
            if g.direct:
                self.gold_q += 1
                self.gold_q_found += found
            else:
                self.gold_nq += 1
                self.gold_nq_found += found
            mine = [preds[pi] for pi in best_pred.get(gi, [])]
            if g.source:
                self.gold_src += 1
                self.gold_src_found += any(_chars(p.source, text) & _chars(g.source, text) for p in mine)
            if g.cue:
                self.gold_cue += 1
                self.gold_cue_found += any(_chars(p.cue, text) & _chars(g.cue, text) for p in mine)

    def content(self):
        p = self.pred_ok / self.pred if self.pred else 0.0
        r = self.gold_found / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def source(self):
        p = self.src_ok / self.pred_src if self.pred_src else 0.0
        r = self.gold_src_found / self.gold_src if self.gold_src else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def cue(self):
        p = self.cue_ok / self.pred_cue if self.pred_cue else 0.0
        r = self.gold_cue_found / self.gold_cue if self.gold_cue else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(articles: list[Article], docs, extract) -> dict[str, Tally]:
    """Tallies for all contents and for direct (quote-marked) contents alone."""
    every, direct = Tally(), Tally()
    for a, doc in zip(articles, docs):
        preds = extract(doc)
        every.add(a.text, preds, a.gold)
        # a direct quotation is right if it lies in any gold content; recall is over quote-marked gold
        direct.add(a.text, [p for p in preds if p.direct], a.gold, [g for g in a.gold if g.direct])
    return {"all": every, "direct": direct}


def metrics(t: dict[str, Tally]) -> dict[str, float]:
    a, d = t["all"], t["direct"]
    cp, cr, cf = a.content()
    dp, dr, df = d.content()
    return {
        "content_p": cp, "content_r": cr, "content_f1": cf,
        "source_acc": a.src_ok / a.matched_src if a.matched_src else 0.0,
        "cue_acc": a.cue_ok / a.matched_cue if a.matched_cue else 0.0,
        "recall_quoted": a.gold_q_found / a.gold_q if a.gold_q else 0.0,
        "recall_unquoted": a.gold_nq_found / a.gold_nq if a.gold_nq else 0.0,
        "direct_p": dp, "direct_r": dr, "direct_f1": df,
        # a direct quotation matched to a gold content that names a source: our speaker overlaps it
        "direct_source_acc": d.src_ok / d.matched_src if d.matched_src else 0.0,
    }


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
