"""PLV through analyze() with the sentence type classifier answered from a table of out-of-fold
probabilities: how a classifier that is too costly to refit per fold at benchmark time (a
fine-tuned encoder, ``training/event_encoder.py``) is scored honestly on PLV's 10-fold CV.

    .venv/bin/python -m benchmarks.plv_lookup record asked.json
        the texts analyze() hands the classifier, per PLV pair (they depend on the parse only)
    .venv/bin/python -m benchmarks.plv_lookup lr asked.json table.json
        the shipped recipe's table (frozen MiniLM + logistic regression per fold): a control, which
        gives the same figure as ``benchmarks.events --only plv`` (0.662 on e4acf3b)
    python -m training.event_encoder --oof-texts asked.json --oof-out table.json   (in the training venv)
        a fine-tuned encoder's table: each pair's texts scored by the model of its fold
    .venv/bin/python -m benchmarks.plv_lookup score table.json [--rule-weight W] [--main-weight W]
        PLV root accuracy and macro F1 through analyze(), every pair typed with its fold's probabilities

A text the table lacks for its pair is an error (never a silent fallback to the shipped model).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from benchmarks.common import arg_parser, data_path, prf, run_main
from benchmarks.events import _nlp, _unmark, _yield, pair_type, through_analyze


def _pairs(data) -> list[tuple[str, tuple[int, int], tuple[int, int], str]]:
    path = data_path(data, "events", "snowood1-Zero-Shot-PLOVER", "PLV_train.tsv")
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [(*_unmark(r["marked_sentence"]), r["gold_root"]) for r in rows]


def record(data, out: Path) -> None:
    from cablegram.events import classify

    nlp, real, asked = _nlp(), classify.scores, []

    def spy(texts, weights=None):
        asked[-1].extend(texts)
        return real(texts, weights)

    classify.scores = spy
    try:
        for text, *_ in _pairs(data):
            asked.append([])
            through_analyze(text, nlp)
    finally:
        classify.scores = real
    out.write_text(json.dumps(asked), encoding="utf-8")
    print(f"{len(asked)} pairs, {sum(map(len, asked))} texts asked, {sum(not a for a in asked)} pairs none")


def lr_table(data, asked_path: Path, out: Path) -> None:
    from cablegram.events import classify
    from training.event_types import cv_models

    asked = json.loads(asked_path.read_text(encoding="utf-8"))
    pairs = _pairs(data)
    table = {}
    for held_out, weights in cv_models([p[0] for p in pairs], [p[3] for p in pairs], shared=Path(data)):
        for i in held_out:
            if asked[i]:
                labels, p = classify.scores(asked[i], weights)
                table[str(i)] = {"labels": labels, "texts": asked[i], "probs": p.tolist()}
    out.write_text(json.dumps(table), encoding="utf-8")


def score(data, table_path: Path, rule_weight=None, main_weight=None) -> dict:
    import numpy as np

    from cablegram.events import classify

    table = json.loads(table_path.read_text(encoding="utf-8"))
    nlp, real, saved = _nlp(), classify.scores, (classify.RULE_WEIGHT, classify.MAIN_WEIGHT)
    current: dict = {}

    def lookup(texts, weights=None):
        if not texts:
            return None
        entry = current.get("entry")
        if entry is None:
            raise KeyError(f"pair {current['i']}: no probabilities in {table_path} for {texts!r}")
        where = {t: k for k, t in enumerate(entry["texts"])}
        return entry["labels"], np.array([entry["probs"][where[t]] for t in texts], dtype=np.float32)

    classify.scores = lookup
    if rule_weight is not None:
        classify.RULE_WEIGHT = rule_weight
    if main_weight is not None:
        classify.MAIN_WEIGHT = main_weight
    ours, gold = [], []
    try:
        for i, (text, s, t, g) in enumerate(_pairs(data)):
            current.update(i=i, entry=table.get(str(i)))
            a, doc = through_analyze(text, nlp)
            ours.append(_yield(pair_type(a, doc, s, t)) or "-")
            gold.append(g)
    finally:
        classify.scores = real
        classify.RULE_WEIGHT, classify.MAIN_WEIGHT = saved
    f1s = []
    for lab in sorted(set(gold)):
        tp = sum(1 for x, y in zip(gold, ours) if x == y == lab)
        f1s.append(prf(tp, sum(1 for y in ours if y == lab), sum(1 for x in gold if x == lab))[2])
    top = {int(i): e["labels"][int(np.argmax(np.mean(e["probs"], axis=0)))] for i, e in table.items()}
    out = {"plv_root_acc": round(sum(x == y for x, y in zip(gold, ours)) / len(gold), 4),
           "plv_macro_f1": round(sum(f1s) / len(f1s), 4), "no_event": ours.count("-"),
           "classifier_where_asked": round(sum(top[i] == gold[i] for i in top) / max(1, len(top)), 4),
           "asked": len(top),
           "classifier_where_asked_else_analyze": round(
               sum(top.get(i, o) == g for i, (o, g) in enumerate(zip(ours, gold))) / len(gold), 4)}
    out["outcomes"] = dict(Counter(("classifier right" if top.get(i) == g else "classifier wrong" if i in top
                                    else "not asked") + (", analyze right" if o == g else ", no event" if o == "-"
                                                         else ", analyze wrong")
                                   for i, (o, g) in enumerate(zip(ours, gold))))
    return out


def main() -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("mode", choices=("record", "lr", "score"))
    p.add_argument("paths", nargs="+")
    p.add_argument("--rule-weight", type=float, default=None)
    p.add_argument("--main-weight", type=float, default=None)
    args = p.parse_args()
    if args.mode == "record":
        record(args.data, Path(args.paths[0]))
    elif args.mode == "lr":
        lr_table(args.data, Path(args.paths[0]), Path(args.paths[1]))
    else:
        print(json.dumps(score(args.data, Path(args.paths[0]), args.rule_weight, args.main_weight), indent=1))
    return 0


if __name__ == "__main__":
    run_main(main)
