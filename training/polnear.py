"""PolNeAR (who said what, BRAT stand-off) read and scored, for the attribution tagger's training
and ``benchmarks.quotes`` alike.

One annotator's file per article (the first by name). Scored by coverage, as
``../shared/data/README.md`` describes: a predicted content is right if at least half of its
characters lie inside one gold content; a gold content is found if at least half of it is covered
by predicted contents. Source and cue are right on a matched pair when their spans overlap the gold
ones. Direct (quote-marked) and indirect contents are reported separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_QUOTE_RE = re.compile(r"[\"“”„«»]")
_ANN_SUFFIX = re.compile(r"_[0-9a-f]+\.ann$")


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
    base = Path(data_dir) / "quotes" / "PolNeAR" / "data" / split
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
        raise FileNotFoundError(f"no PolNeAR articles under {base} (pass the shared data folder)")
    return out


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
