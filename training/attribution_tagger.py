"""Train the attribution stage's learned pass (``python -m training.attribution_tagger [--data DIR]``).

Training data: PolNeAR's 840 training articles (one annotator each); the dev articles are never
read. Each article goes through spaCy and the actors stage, then the attribution stage's rule
passes; every (cue word, content) pair :func:`cablegram.attribution.learned.candidates` finds on
the words the rules left free is labelled 1 when its cue word lies in a gold cue and at least half of
its content lies in that attribution's content. A logistic regression over
:func:`~cablegram.attribution.learned.features` is fitted; C, the acceptance threshold and the
threshold of a pair with no speaker are chosen by 5-fold cross-validation over articles, scoring the
whole stage (rules + model) on the held-out articles exactly as ``benchmarks.quotes`` scores dev.
Writes ``src/cablegram/attribution/data/tagger.json`` (weights of the features seen at least
``--min-count`` times, the thresholds, the CV figures). Nothing here runs at analysis time.

Parsing 840 articles takes ~15 min on two busy cores; ``--cache FILE`` keeps the parsed Docs.
The stage also drops two kinds of proposals by the lexicons (a verb of regard without "as", a verb
no cue list knows with a noun-phrase content); the ``cv`` figures written are the model's before
those filters — ``benchmarks.quotes`` measures the stage as shipped.
"""

from __future__ import annotations

import argparse
import copy
import json
import pickle
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .gold import DEFAULT_DATA
from .polnear import Article, _chars, load_polnear, metrics, ours, score

FOLDS = 5
C_GRID = (0.3, 1.0)
THRESHOLDS = (0.3, 0.4, 0.5)
ALONE = (0.7, 1.01)   # 1.01: never without a speaker


@dataclass
class Unit:
    """One training article after the rule passes: what they found and claimed, and the pairs left."""

    article: Article
    doc: object
    found: list
    claimed: set
    cands: list
    feats: list
    labels: list


def parse(articles: list[Article], cache: Path | None):
    """Docs of the articles through spaCy and the actors stage (read from ``cache`` when it exists)."""
    from spacy.tokens import Doc

    from cablegram.ids import document_id
    from cablegram.pipeline import load

    nlp = load(stages=("cablegram_actors",))
    if cache is not None and cache.exists():
        names, blobs, user = pickle.loads(cache.read_bytes())
        if names == [a.name for a in articles]:
            docs = []
            for b, ud in zip(blobs, user):
                d = Doc(nlp.vocab).from_bytes(b)
                d.user_data.update(ud)
                docs.append(d)
            return docs
    docs = []
    for a in articles:
        d = nlp.make_doc(a.text)
        d._.cg_doc_id = document_id(a.text)
        docs.append(d)
    docs = list(nlp.pipe(docs, batch_size=8))
    if cache is not None:
        cache.write_bytes(pickle.dumps(([a.name for a in articles], [d.to_bytes(exclude=["user_data"]) for d in docs],
                                        [d.user_data for d in docs])))
    return docs


def label(article: Article, doc, cand) -> int:
    """1 when the pair's cue word is in a gold cue and half of its content is in that attribution's content."""
    text = article.text
    cue = set(range(cand.cue.idx, cand.cue.idx + len(cand.cue.text)))
    content = {i for t in cand.tokens for i in range(doc[t].idx, doc[t].idx + len(doc[t].text))
               if not text[i].isspace()}
    for g in article.gold:
        if cue & _chars(g.cue, text) and 2 * len(content & _chars(g.content, text)) >= len(content):
            return 1
    return 0


def units(articles: list[Article], docs) -> list[Unit]:
    from cablegram.attribution import learned
    from cablegram.attribution.component import rule_passes
    from cablegram.attribution.context import Context

    out = []
    for a, doc in zip(articles, docs):
        doc.user_data.pop("cg_text", None)
        ctx = Context(doc)
        found = rule_passes(ctx)
        cands = learned.candidates(ctx)
        out.append(Unit(a, doc, found, set(ctx.claimed), cands, [learned.features(ctx, c) for c in cands],
                        [label(a, doc, c) for c in cands]))
    return out


def fit(units_: list[Unit], c: float, min_count: int) -> dict[str, float]:
    """Weights (bias folded in) of a logistic regression over the pairs of ``units_``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    feats = [f for u in units_ for f in u.feats]
    seen = Counter(k for f in feats for k in f)
    vec = DictVectorizer()
    x = vec.fit_transform([{k: v for k, v in f.items() if seen[k] >= min_count} for f in feats])
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, [y for u in units_ for y in u.labels])
    weights = {name: round(float(w), 4) for name, w in zip(vec.feature_names_, model.coef_[0]) if abs(w) >= 1e-4}
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), 4)
    return weights


def run_stage(u: Unit, tagger) -> None:
    """The stage on one article with ``tagger`` as its learned pass, from the rule passes' state."""
    from cablegram.attribution import learned
    from cablegram.attribution.context import Context
    from cablegram.attribution.direct import assign_continuations
    from cablegram.attribution.readoff import to_schema

    doc = u.doc
    for t in doc:
        t._.cg_attribution = None
    ctx = Context(doc)
    ctx.claimed = set(u.claimed)
    found = copy.deepcopy(u.found)
    found += learned.accept(ctx, u.cands, [tagger.prob(f) for f in u.feats], tagger)
    found.sort(key=lambda f: f.start)
    assign_continuations(ctx, found)
    doc._.cg_attributions = to_schema(doc, found)


def evaluate(units_: list[Unit], taggers: list) -> dict[str, float]:
    """Whole-stage figures over ``units_``, article ``k`` through ``taggers[k % FOLDS]``."""
    for k, u in enumerate(units_):
        run_stage(u, taggers[k % len(taggers)])
    tally = score([u.article for u in units_], [u.doc for u in units_], ours)
    m = metrics(tally)
    m["source_f1"] = tally["all"].source()[2]
    return m


def cross_validate(units_: list[Unit], min_count: int, say=print) -> tuple[dict, dict]:
    """The (C, threshold, alone) of the best CV content F1 + source F1, and its figures."""
    from cablegram.attribution.learned import Tagger

    rules = evaluate(units_, [Tagger({}, 2.0, 2.0)])
    say(f"rules only: {_fmt(rules)}")
    best, best_m = None, None
    for c in C_GRID:
        fold_w = [fit([u for k, u in enumerate(units_) if k % FOLDS != f], c, min_count) for f in range(FOLDS)]
        for th in THRESHOLDS:
            for alone in ALONE:
                if alone < th:
                    continue
                m = evaluate(units_, [Tagger(w, th, alone) for w in fold_w])
                say(f"C={c} threshold={th} alone={alone}: {_fmt(m)}")
                if best_m is None or m["content_f1"] + m["source_f1"] > best_m["content_f1"] + best_m["source_f1"]:
                    best, best_m = {"C": c, "threshold": th, "alone": alone}, m
    return best, {"rules_only": rules, "rules_and_model": best_m}


def _fmt(m: dict) -> str:
    keys = ("content_p", "content_r", "content_f1", "source_f1", "source_acc", "direct_source_acc")
    return " ".join(f"{k}={m[k]:.3f}" for k in keys)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=str(DEFAULT_DATA), help="folder of the shared gold data")
    p.add_argument("--cache", default=None, help="pickle of the parsed training Docs (written if absent)")
    p.add_argument("--min-count", type=int, default=3, help="keep features seen at least this often")
    p.add_argument("--out", default=None, help="where to write the model (default: the stage's data/)")
    args = p.parse_args(argv)
    from cablegram.attribution.learned import MODEL

    articles = load_polnear(Path(args.data), "train")
    docs = parse(articles, Path(args.cache) if args.cache else None)
    us = units(articles, docs)
    print(f"{len(us)} articles, {sum(len(u.cands) for u in us)} pairs, {sum(sum(u.labels) for u in us)} positive",
          flush=True)
    best, cv = cross_validate(us, args.min_count, say=lambda s: print(s, flush=True))
    weights = fit(us, best["C"], args.min_count)
    out = Path(args.out) if args.out else MODEL
    out.write_text(json.dumps({
        "about": "attribution pair model, trained by training/attribution_tagger.py on PolNeAR train "
                 "(840 articles); thresholds and C chosen by 5-fold CV over articles",
        "C": best["C"], "min_count": args.min_count, "threshold": best["threshold"], "alone": best["alone"],
        "cv": {k: {m: round(v, 4) for m, v in fig.items()} for k, fig in cv.items()},
        "weights": dict(sorted(weights.items())),
    }, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"chose {best}; wrote {out} ({len(weights)} weights)")
    print(f"CV rules only:    {_fmt(cv['rules_only'])}\nCV rules + model: {_fmt(cv['rules_and_model'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
