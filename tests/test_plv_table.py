"""The committed out-of-fold table that scores PLV through analyze() (benchmarks/plv_lookup.py)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from benchmarks.plv_lookup import GATE_TABLE, OOF_TABLE, answering, check_asked, load_table


def test_the_table_is_of_the_shipped_classifier():
    from cablegram.events import classify

    meta = json.loads(OOF_TABLE.read_text(encoding="utf-8"))["meta"]
    assert meta["labels"] == classify.load_weights()["labels"]
    assert len(meta["asked_sha256"]) == 64


def test_the_small_models_table_is_made_of_the_same_sentences():
    meta, gate = (json.loads(p.read_text(encoding="utf-8"))["meta"] for p in (OOF_TABLE, GATE_TABLE))
    assert gate["labels"] == meta["labels"] and gate["texts"] == meta["texts"] == "sentences"
    assert gate["asked_sha256"] == meta["asked_sha256"]


def test_asked_with_keep_the_small_models_answer_stands_where_it_settles():
    from cablegram.events import classify

    table, gate = load_table(OOF_TABLE), load_table(GATE_TABLE)
    with answering(table, OOF_TABLE.name, [0] * 1050, gate) as current:
        n = {True: 0, False: 0}
        for i, entry in list(table.items())[:40]:
            current["i"] = int(i)
            small = np.array(gate[i]["probs"], dtype=np.float32)
            keep = [entry["labels"][int(np.argmax(r))] for r in small]  # as if each reading were of the small model's type
            _, p = classify.scores(entry["texts"], keep=keep)
            for k, row in enumerate(small):
                ok = classify.settled(entry["labels"], row, keep[k])
                n[ok] += 1
                assert np.allclose(p[k], row if ok else entry["probs"][k])
        assert n[True] and n[False]


def test_a_table_of_other_texts_is_refused():
    with pytest.raises(ValueError, match="other texts"):
        check_asked(OOF_TABLE, {0: ["A sentence the table was never made for."]}, [["A sentence."]] * 1050)


def test_a_text_the_table_lacks_is_an_error_never_the_shipped_model():
    from cablegram.events import classify

    table = load_table(OOF_TABLE)
    i, entry = next(iter(table.items()))
    with answering(table, OOF_TABLE.name, [3] * 1050) as current:
        current["i"] = int(i)
        labels, p = classify.scores(entry["texts"][:1])
        assert labels == entry["labels"] and np.allclose(p[0], entry["probs"][0])
        assert classify.HELD_OUT_FOLD == 3  # the pair's fold: its retype counts are left out too
        with pytest.raises(KeyError, match="regenerate"):
            classify.scores(["Not a sentence of this pair."])
    assert classify.HELD_OUT_FOLD is None


def test_the_retype_counts_are_of_the_committed_table():
    # benchmarks.retype_words counted them from this table's out-of-fold answers: a new table needs new counts
    import hashlib

    from cablegram.events import classify

    head = (classify.DATA / "retype_words.tsv").read_text(encoding="utf-8").splitlines()[:2]
    assert hashlib.sha256(OOF_TABLE.read_bytes()).hexdigest() in head[1]
