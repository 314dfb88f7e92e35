"""The sentence classifier's batch graph (events/encoder.py) against the shipped model it is built from."""

from __future__ import annotations

import numpy as np

from cablegram.events import classify, encoder

TEXTS = ["Rebels shelled the city and killed dozens of civilians.",
         "The two ministers agreed to resume talks on the border dispute next month.",
         "Police arrested 12 protesters.",
         "The European Union imposed new sanctions on the country's oil exports after the vote."]


def test_the_graph_is_built_the_same_each_time():
    assert encoder.build(str(classify.MODEL)) == encoder.build(str(classify.MODEL))


def test_a_sentences_probabilities_do_not_depend_on_what_shares_its_run():
    alone = np.concatenate([classify.scores([t])[1] for t in TEXTS])
    together = classify.scores(TEXTS)[1]
    padded = classify.scores(TEXTS + ["A much longer sentence " * 6])[1][: len(TEXTS)]
    repeated = classify.scores(TEXTS[::-1] + TEXTS)[1][len(TEXTS):]
    assert np.array_equal(alone, together)
    assert np.array_equal(alone, padded)
    assert np.array_equal(alone, repeated)


def test_the_batch_graph_answers_as_the_shipped_model():
    import onnxruntime as ort

    labels, ours = classify.scores(TEXTS)
    m = classify._encoder()
    shipped = ort.InferenceSession(str(classify.MODEL), providers=["CPUExecutionProvider"])
    for text, row in zip(TEXTS, ours):
        ids = np.array([m["tok"].encode(text).ids], dtype=np.int64)
        z = shipped.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
        p = np.exp(z - z.max())
        p /= p.sum()
        assert labels[int(p.argmax())] == labels[int(row.argmax())], text
        assert np.abs(p - row).max() < 0.1, text


def test_the_small_model_settles_what_it_is_sure_of_and_the_shipped_model_answers_the_rest():
    # keep: per sentence, the label that leaves its reading as found (the trigger's type, NONE for an unlisted verb)
    keep = ["ASSAULT", "CONSULT", "NONE", "SANCTION"]
    labels, small = classify.scores(TEXTS, classify.load_weights(classify.GATE))
    _, shipped = classify.scores(TEXTS)
    _, got = classify.scores(TEXTS, keep=keep)
    settled = [classify.settled(labels, row, k) for row, k in zip(small, keep)]
    assert settled == [True, False, False, False]  # only the shelling, which the small model gives ASSAULT alone
    for k in range(len(TEXTS)):
        assert np.array_equal(got[k], small[k] if settled[k] else shipped[k]), TEXTS[k]
    assert np.array_equal(classify.scores(TEXTS[1:], keep=keep[1:])[1], got[1:])  # per sentence, as without keep


def test_the_small_model_is_the_same_kind_of_model():
    gate, shipped = classify.load_weights(classify.GATE), classify.load_weights()
    assert gate["labels"] == shipped["labels"]
    assert encoder.build(str(classify.GATE)) == encoder.build(str(classify.GATE))
