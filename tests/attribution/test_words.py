"""The attribution stage reads its words from lang/<lang>/, chosen by the component's config."""

from __future__ import annotations

import pytest
import spacy

from cablegram import lang
from cablegram.attribution.lang import FILES
from cablegram.attribution.lexicon import lexicon
from cablegram.errors import LanguageDataError


def test_the_stage_takes_its_language_from_config():
    import cablegram.attribution.component  # noqa: F401  (registers the factory)

    assert spacy.blank("en").add_pipe("cablegram_attribution").lang == "en"
    with pytest.raises(LanguageDataError, match="no 'xx' language data cablegram/attribution/lang/xx/cues.yaml"):
        spacy.blank("en").add_pipe("cablegram_attribution", config={"lang": "xx"})


def test_english_words_stay_words():
    """YAML 1.2: 'on' and 'off' in the lists are prepositions and particles, not booleans."""
    lex = lexicon()
    assert "on" in lex.object_preps["comment"] and "off" in lex.breaking_particles
    assert lex.source_heads["spokesman"] == "anonymous" and lex.source_heads["statement"] == "document"


def test_files_validate():
    for name, model in FILES.items():
        assert isinstance(lang.load("cablegram.attribution", name, model, "en"), model)
