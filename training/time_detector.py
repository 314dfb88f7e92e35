"""Train the time stage's detector (``python -m training.time_detector [SHARED_DATA]``).

Training data: TempEval-3 training (TimeBank and AQUAINT, TBAQ-cleaned): each document is parsed by
spaCy's pipeline, each token the detector scores (``cablegram.time.detect``) gets the tag of the gold
TIMEX3 it falls in (B first token, I the others, O outside). A linear-chain CRF (CRFsuite) over
the detector's features is fitted and written to ``cablegram/time/data/detector.json`` (weights per
feature for B, I, O and tag-to-tag transition weights; L1 leaves most features without one). ``fit`` is what
``benchmarks.time`` calls on four folds to score the fifth. Nothing here runs at analysis time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

from .gold import DEFAULT_DATA, read_tml, tempeval_files

C1 = 0.1   # L1: most features get no weight (a small model)
C2 = 0.1
MAX_ITERATIONS = 200


def examples(doc, gold: list[tuple[int, int, str]]) -> tuple[list[list[dict]], list[list[str]]]:
    """The detector's sequences in one parsed document (each scored region): token features and gold
    tags (B first token of a TIMEX3, I the others, O outside)."""
    from cablegram.contract import text_of
    from cablegram.time.detect import token_features
    from cablegram.time.scan import candidates, longest

    text = text_of(doc)
    cands = candidates(text, checked=False)
    spans, feats = token_features(doc, longest([f for f in cands if f.ok]), cands)
    tags = ["O"] * len(doc)
    for start, end, _ in gold:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for k, tok in enumerate(span):
            tags[tok.i] = "B" if k == 0 else "I"
    xs, ys, k = [], [], 0
    for lo, hi in spans:
        xs.append(feats[k:k + hi - lo])
        ys.append(tags[lo:hi])
        k += hi - lo
    return xs, ys


def fit(docs, golds, c1: Optional[float] = None, c2: Optional[float] = None) -> dict:
    """The detector trained on parsed documents and their gold spans: ``{"detector": weights}``,
    what ``cablegram.time.component.find_times`` takes."""
    c1 = C1 if c1 is None else c1
    c2 = C2 if c2 is None else c2
    import os
    import tempfile

    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    n_tokens = 0
    for doc, gold in zip(docs, golds):
        xs, ys = examples(doc, gold)
        for x, y in zip(xs, ys):
            trainer.append(x, y)
            n_tokens += len(y)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": MAX_ITERATIONS,
                        "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "detector.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        tagger.close()
    labels = ["B", "I", "O"]
    weights: dict[str, list[float]] = {}
    for (attr, label), w in info.state_features.items():
        weights.setdefault(attr, [0.0, 0.0, 0.0])[labels.index(label)] = round(w, 4)
    weights = {a: w for a, w in weights.items() if any(abs(v) >= 1e-4 for v in w)}
    transitions = [[round(info.transitions.get((a, b), 0.0), 4) for b in labels] for a in labels]
    return {"detector": {"labels": labels, "weights": weights, "transitions": transitions,
                         "meta": {"model": f"linear-chain CRF (CRFsuite L-BFGS, c1={c1}, c2={c2})",
                                  "tokens": n_tokens, "documents": len(golds)}}}


def parse(files):
    """spaCy's parse of TimeML files (publication date set), with their gold spans."""
    from cablegram.contract import register_extensions
    from cablegram.pipeline import load

    register_extensions()
    nlp = load(stages=())
    texts, golds = [], []
    for path in files:
        text, dct, gold = read_tml(path)
        doc = nlp.make_doc(text)
        doc._.cg_published = dct
        texts.append(doc)
        golds.append([(g["start"], g["end"], g.get("value")) for g in gold])
    return list(nlp.pipe(texts, batch_size=16)), golds


def main(shared: Path) -> None:
    from cablegram.time.detect import MODEL

    files = tempeval_files(shared)
    if not files:
        sys.exit(f"no TempEval-3 training files under {shared}")
    docs, golds = parse(files)
    out = fit(docs, golds)["detector"]
    out["meta"]["trained_on"] = f"TempEval-3 training (TBAQ-cleaned): {len(files)} documents"
    MODEL.write_text(json.dumps(out, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(files)} documents, {out['meta']['tokens']} scored tokens, {len(out['weights'])} features "
          f"-> {MODEL}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA)
