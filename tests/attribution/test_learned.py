"""The learned pass: its weights ship with the stage (a missing file is an error, never a silent
fallback), and it adds attributions the rule passes leave out, on words they left free."""

from __future__ import annotations

import json

import pytest

from cablegram.attribution import learned
from cablegram.attribution.component import rule_passes, run_passes
from cablegram.attribution.context import Context
from cablegram.errors import ModelNotFoundError


def test_the_shipped_model_is_a_trained_one():
    raw = json.loads(learned.MODEL.read_text(encoding="utf-8"))
    assert 0 < raw["threshold"] < 1 and raw["threshold"] <= raw["alone"]
    assert len(raw["weights"]) > 1000 and "bias" in raw["weights"]
    # the cross-validated figures it was chosen by travel with it
    assert raw["cv"]["rules_and_model"]["content_f1"] > raw["cv"]["rules_only"]["content_f1"]


def test_missing_weights_are_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(learned, "MODEL", tmp_path / "tagger.json")
    learned.shipped.cache_clear()
    try:
        with pytest.raises(ModelNotFoundError, match="training.attribution_tagger"):
            learned.shipped()
    finally:
        learned.shipped.cache_clear()


def _doc(nlp, text):
    doc = nlp.make_doc(text)
    doc._.cg_doc_id = "test-doc"
    for name, proc in nlp.pipeline:
        if name == "cablegram_attribution":
            break
        doc = proc(doc)
    return doc


def test_the_model_adds_what_the_rules_miss(nlp):
    doc = _doc(nlp, TEXT)
    rules = {doc.text[f.start:f.end] for f in rule_passes(Context(doc))}
    every = {doc.text[f.start:f.end]: f for f in run_passes(doc)}
    added = set(every) - rules
    assert any(CONTENT in text for text in added), (rules, added)
    assert rules <= set(every)   # the rules' attributions are kept as they are


# no cue word of the lexicons: only the model reads "made no mention of" as reporting
TEXT = "Clinton made no mention of the emails during the rally."
CONTENT = "the emails"
