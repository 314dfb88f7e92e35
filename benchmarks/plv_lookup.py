"""PLV through analyze() with the sentence type classifier answered from a table of out-of-fold
probabilities: how a classifier that is too costly to refit per fold at benchmark time (a
fine-tuned encoder, ``training/event_encoder.py``) is scored honestly on PLV's 10-fold CV.

    .venv/bin/python -m benchmarks.plv_lookup record asked.json [--sentences]
        the texts analyze() hands the classifier, per PLV pair (they depend on the parse only); with
        ``--sentences`` every sentence of the pair's Doc (a superset, which outlives a change of what is asked)
    .venv/bin/python -m benchmarks.plv_lookup lr asked.json table.json
        the previous recipe's table (frozen MiniLM + logistic regression per fold, training.event_types):
        a control, 0.662 (what ``benchmarks.events --only plv`` gave with that recipe shipped)
    python -m training.event_encoder --oof-texts asked.json --oof-out table.json   (in the training venv)
        a fine-tuned encoder's table: each pair's texts scored by the model of its fold
    .venv/bin/python -m benchmarks.plv_lookup score table.json [--rule-weight W] [--main-weight W] [--unlisted-min P]
        PLV root accuracy and macro F1 through analyze(), every pair typed with its fold's probabilities
    .venv/bin/python -m benchmarks.plv_lookup sweep table.json --rule-weight 0,0.1,0.2 --main-weight 0,0.3 ...
        the same for every combination of the values given (each pair parsed once, the events stage
        re-run per combination): how ``classify.RULE_WEIGHT``/``MAIN_WEIGHT`` and ``classify.UNLISTED_MIN``/
        ``RETYPE_MIN`` are chosen, on PLV (train data) only
    .venv/bin/python -m benchmarks.plv_lookup commit asked.json table.json benchmarks/data/plv_oof.json
        the committed table (``OOF_TABLE``, read by ``benchmarks.events --only plv`` and the gate): rounded,
        with a header naming how it was made and the digest of the texts asked
    .venv/bin/python -m benchmarks.retype_words
        after a new committed table (or a change of the lexicon): the per-word retype counts, by fold, that
        ``classify.retypes`` reads; the benchmark leaves a pair's own fold out of them (:func:`answering`)

A text the table lacks for its pair is an error (never a silent fallback to the shipped model).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

from benchmarks.common import arg_parser, data_path, prf, run_main
from benchmarks.events import _nlp, _unmark, _yield, pair_type, through_analyze


def _pairs(data) -> list[tuple[str, tuple[int, int], tuple[int, int], str]]:
    path = data_path(data, "events", "snowood1-Zero-Shot-PLOVER", "PLV_train.tsv")
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [(*_unmark(r["marked_sentence"]), r["gold_root"]) for r in rows]


def record(data, out: Path, sentences: bool = False) -> None:
    """Per PLV pair, the texts analyze() hands the classifier; with ``sentences``, every sentence of the
    pair's Doc instead (a superset: a table of those holds whatever a change of the parse rules asks)."""
    from cablegram.events import classify

    nlp, real, asked = _nlp(), classify.scores, []

    def spy(texts, weights=None, keep=None):
        asked[-1].extend(texts)
        return real(texts, weights, keep)

    classify.scores = spy
    try:
        for text, *_ in _pairs(data):
            asked.append([])
            _, doc = through_analyze(text, nlp)
            if sentences:
                asked[-1] = [s.text for s in doc.sents]
    finally:
        classify.scores = real
    out.write_text(json.dumps(asked), encoding="utf-8")
    print(f"{len(asked)} pairs, {sum(map(len, asked))} texts, {sum(not a for a in asked)} pairs none")


def lr_table(data, asked_path: Path, out: Path) -> None:
    from training.event_types import cv_models, lr_scores

    asked = json.loads(asked_path.read_text(encoding="utf-8"))
    pairs = _pairs(data)
    table = {}
    for held_out, weights in cv_models([p[0] for p in pairs], [p[3] for p in pairs], shared=Path(data)):
        for i in held_out:
            if asked[i]:
                labels, p = lr_scores(asked[i], weights)
                table[str(i)] = {"labels": labels, "texts": asked[i], "probs": p.tolist()}
    out.write_text(json.dumps(table), encoding="utf-8")


OOF_TABLE = Path(__file__).parent / "data" / "plv_oof.json"
# the small model's (``classify.GATE``) table, made as OOF_TABLE: ``answering`` asks it first, as ``classify.scores`` does
GATE_TABLE = Path(__file__).parent / "data" / "plv_oof_gate.json"


def asked_digest(asked) -> str:
    """sha256 of the texts analyze() asks the classifier, per PLV pair (``record``'s list)."""
    import hashlib

    return hashlib.sha256(json.dumps(asked, ensure_ascii=False).encode("utf-8")).hexdigest()


def load_table(path: Path) -> dict:
    """A table's pairs ({pair index: {labels, texts, probs}}): the committed form has a ``meta``
    header and the pairs under ``pairs``; ``training.event_encoder --oof-out`` writes the pairs alone."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if "pairs" not in raw:
        return raw
    return {i: {"labels": raw["meta"]["labels"], **e} for i, e in raw["pairs"].items()}


def plv_folds(gold: list[str]) -> list[int]:
    """The CV fold of each PLV pair (``training.event_encoder``'s: 10 stratified folds, seed 0)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    fold = [0] * len(gold)
    for k, (_, held) in enumerate(StratifiedKFold(n_splits=10, shuffle=True, random_state=0).split(
            np.zeros(len(gold)), gold)):
        for i in held:
            fold[int(i)] = k
    return fold


@contextmanager
def answering(table: dict, where: str, folds: list[int], gate: Optional[dict] = None):
    """``classify.scores`` answered from ``table`` while inside: set ``current["i"]`` to the PLV pair
    in hand. A text the table lacks for that pair raises (never a silent fallback to the shipped model).
    ``current["asked"]``: the texts asked, by pair (for :func:`check_asked`). The retype counts of the
    pair's fold (``folds``, :func:`plv_folds`) are left out, as its model's answers are (CV). Asked with
    ``keep``, the small model's answer (``gate``, default the committed ``GATE_TABLE``) stands where it
    settles the sentence (``classify.settled``), as in ``classify.scores``."""
    import numpy as np

    from cablegram.events import classify

    real, current = classify.scores, {"asked": {}}
    gate = load_table(GATE_TABLE) if gate is None else gate

    def rows(tab, name, texts):
        entry = tab.get(str(current["i"]))
        known = {t: k for k, t in enumerate(entry["texts"])} if entry else {}
        missing = [t for t in texts if t not in known]
        if missing:
            raise KeyError(f"PLV pair {current['i']}: no probabilities in {name} for {missing!r} "
                           "(the texts analyze() asks changed: regenerate the table, see benchmarks.plv_lookup)")
        return entry["labels"], np.array([entry["probs"][known[t]] for t in texts], dtype=np.float32)

    def lookup(texts, weights=None, keep=None):
        classify.HELD_OUT_FOLD = folds[current["i"]]
        current["asked"].setdefault(current["i"], []).extend(texts)
        if not texts:
            return None
        labels, p = rows(table, where, texts)
        if keep is not None:
            _, small = rows(gate, GATE_TABLE.name, texts)
            for k, row in enumerate(small):
                if classify.settled(labels, row, keep[k]):
                    p[k] = row
        return labels, p

    classify.scores = lookup
    try:
        yield current
    finally:
        classify.scores, classify.HELD_OUT_FOLD = real, None


def check_asked(path: Path, asked: dict[int, list[str]], sentences: list[list[str]]) -> None:
    """Refuse a committed table made for other texts than analyze() asks now on the whole of PLV, or
    for a model with other labels than the shipped one. ``asked``: ``answering``'s record;
    ``sentences``: every sentence of each pair's Doc. A table made of the asked texts
    (``meta.texts`` "asked") must have been made of exactly those; one made of every sentence
    ("sentences") of exactly those sentences (``answering`` refuses a text it lacks in either case)."""
    from cablegram.events import classify

    meta = json.loads(Path(path).read_text(encoding="utf-8"))["meta"]
    kind = meta.get("texts", "asked")
    texts = [asked.get(i, []) for i in range(len(sentences))] if kind == "asked" else sentences
    got = asked_digest(texts)
    if got != meta["asked_sha256"]:
        raise ValueError(f"{path.name} was made for other texts than analyze() gives now ({kind}; sha256 {got[:12]} "
                         f"vs {meta['asked_sha256'][:12]}): regenerate it (benchmarks.plv_lookup record, "
                         "training.event_encoder --oof-texts, benchmarks.plv_lookup commit)")
    shipped = classify.load_weights()["labels"]
    if list(meta["labels"]) != list(shipped):
        raise ValueError(f"{path.name} has the labels {meta['labels']}, the shipped classifier {shipped}: "
                         "the table is of another model (regenerate it with the shipped recipe)")


def commit_table(asked_path: Path, table_path: Path, out: Path, args: str, sentences: bool = False) -> None:
    """The committed form of a table: probabilities rounded to 4 decimals, the labels once, a header naming how it
    was made and the digest of the texts asked."""
    asked = json.loads(asked_path.read_text(encoding="utf-8"))
    pairs = load_table(table_path)
    labels = next(iter(pairs.values()))["labels"]
    for i, e in pairs.items():
        assert e["texts"] == asked[int(i)] and e.pop("labels") == labels, i
        e["probs"] = [[round(v, 4) for v in row] for row in e["probs"]]
    meta = {"made_by": f"python -m training.event_encoder {args} --oof-texts asked.json --oof-out table.json "
                       "(training venv); asked.json: python -m benchmarks.plv_lookup record asked.json"
                       + (" --sentences" if sentences else ""),
            "folds": "StratifiedKFold(10, shuffle=True, random_state=0) over PLV_train.tsv, as training.event_types",
            "probabilities": "torch fp32 of each fold's model (the shipped model runs int8 ONNX)",
            "texts": "sentences" if sentences else "asked",
            "asked_sha256": asked_digest(asked), "pairs_asked": len(pairs), "labels": labels}
    out.write_text(json.dumps({"meta": meta, "pairs": dict(sorted(pairs.items(), key=lambda kv: int(kv[0])))},
                              separators=(",", ":")) + "\n", encoding="utf-8")


@contextmanager
def setting(rule_weight=None, main_weight=None, unlisted_min=None, retype_min=None):
    """``classify.RULE_WEIGHT``, ``MAIN_WEIGHT``, ``UNLISTED_MIN`` and ``RETYPE_MIN`` set while inside
    (None: as shipped)."""
    from cablegram.events import classify

    saved = (classify.RULE_WEIGHT, classify.MAIN_WEIGHT, classify.UNLISTED_MIN, classify.RETYPE_MIN)
    if rule_weight is not None:
        classify.RULE_WEIGHT = rule_weight
    if main_weight is not None:
        classify.MAIN_WEIGHT = main_weight
    if unlisted_min is not None:
        classify.UNLISTED_MIN = unlisted_min
    if retype_min is not None:
        classify.RETYPE_MIN = retype_min
    try:
        yield
    finally:
        classify.RULE_WEIGHT, classify.MAIN_WEIGHT, classify.UNLISTED_MIN, classify.RETYPE_MIN = saved


def score(data, table_path: Path, rule_weight=None, main_weight=None, unlisted_min=None, retype_min=None) -> dict:
    table = load_table(table_path)
    nlp = _nlp()
    ours, gold = [], []
    pairs = _pairs(data)
    folds = plv_folds([p[3] for p in pairs])
    with setting(rule_weight, main_weight, unlisted_min, retype_min), answering(table, str(table_path), folds) as current:
        for i, (text, s, t, g) in enumerate(pairs):
            current["i"] = i
            a, doc = through_analyze(text, nlp)
            ours.append(_yield(pair_type(a, doc, s, t)) or "-")
            gold.append(g)
    return _figures(table, ours, gold)


def sweep(data, table_path: Path, grid: dict[str, list[float]]) -> list[dict]:
    """:func:`score` for every combination of ``grid``'s values, each pair parsed once: the stages
    before events run once, the events stage (and the read-off) once per combination."""
    import itertools

    from cablegram.events.reading import MAIN_EVENTS
    from cablegram.pipeline import make_doc, pipeline_name, prepare, process
    from cablegram.readoff import read_off

    table = load_table(table_path)
    nlp = _nlp()
    events = nlp.get_pipe("cablegram_events")
    pairs = _pairs(data)
    folds = plv_folds([p[3] for p in pairs])
    parsed = []
    with nlp.select_pipes(disable=["cablegram_events"]):
        for text, *_ in pairs:
            document, _ = prepare(text)
            parsed.append((document, process(nlp, make_doc(document, nlp))))
    name, out = pipeline_name(nlp), []
    keys = list(grid)
    for values in itertools.product(*(grid[k] for k in keys)):
        ours = []
        with setting(**dict(zip(keys, values))), answering(table, str(table_path), folds) as current:
            for i, ((document, doc), (_, s, t, _)) in enumerate(zip(parsed, pairs)):
                current["i"] = i
                doc.user_data.pop(MAIN_EVENTS, None)
                events(doc)
                ours.append(_yield(pair_type(read_off(doc, document, name), doc, s, t)) or "-")
        got = _figures(table, ours, [p[3] for p in pairs])
        out.append({**dict(zip(keys, values)), "plv_root_acc": got["plv_root_acc"],
                    "plv_macro_f1": got["plv_macro_f1"], "no_event": got["no_event"]})
        print(json.dumps(out[-1]), flush=True)
    return out


def _figures(table: dict, ours: list[str], gold: list[str]) -> dict:
    import numpy as np

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
    p.add_argument("mode", choices=("record", "lr", "score", "sweep", "commit"))
    p.add_argument("paths", nargs="+")
    p.add_argument("--rule-weight", default=None, help="score: a value; sweep: values, comma-separated")
    p.add_argument("--main-weight", default=None, help="as --rule-weight")
    p.add_argument("--unlisted-min", default=None, help="as --rule-weight")
    p.add_argument("--retype-min", default=None, help="as --rule-weight")
    p.add_argument("--sentences", action="store_true",
                   help="record, commit: every sentence of each pair's Doc rather than the texts asked")
    p.add_argument("--args", default="--layers 3 --train-top 2 --form plain --epochs 3",
                   help="commit: the training arguments the table was made with")
    args = p.parse_args()
    if args.mode == "record":
        record(args.data, Path(args.paths[0]), args.sentences)
    elif args.mode == "lr":
        lr_table(args.data, Path(args.paths[0]), Path(args.paths[1]))
    elif args.mode == "commit":
        commit_table(Path(args.paths[0]), Path(args.paths[1]), Path(args.paths[2]), args.args, args.sentences)
    elif args.mode == "sweep":
        grid = {k: [float(v) for v in getattr(args, k).split(",")]
                for k in ("rule_weight", "main_weight", "unlisted_min", "retype_min") if getattr(args, k)}
        sweep(args.data, Path(args.paths[0]), grid)
    else:
        one = {k: float(getattr(args, k)) if getattr(args, k) else None
               for k in ("rule_weight", "main_weight", "unlisted_min", "retype_min")}
        print(json.dumps(score(args.data, Path(args.paths[0]), **one), indent=1))
    return 0


if __name__ == "__main__":
    run_main(main)
