"""Language as data: every stage's ``lang/<lang>/*.yaml`` validates against its documented model; a bad,
unknown or missing file is a clear E034 when the pipeline is built; event types come from the ontology."""

from __future__ import annotations

import csv
import importlib
import sys
import typing
from pathlib import Path

import pytest
import spacy
from pydantic import Field

from cablegram import lang
from cablegram.errors import ConfigError, LanguageDataError
from cablegram.ontology import event_types

SRC = Path(__file__).resolve().parents[1] / "src" / "cablegram"


def stage_lang_files():
    """(package, name, language, model) for every ``<stage>/lang/<language>/<name>.yaml``."""
    for folder in sorted(SRC.glob("*/lang")):
        package = f"cablegram.{folder.parent.name}"
        files = importlib.import_module(f"{package}.lang").FILES
        for path in sorted(folder.glob("*/*.yaml")):
            yield package, path.stem, path.parent.name, files.get(path.stem)


@pytest.mark.parametrize("package, name, language, model", list(stage_lang_files()),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_every_language_file_has_a_model_and_validates(package, name, language, model):
    assert model is not None, f"{package}.lang.FILES names no model for {name}.yaml"
    assert isinstance(lang.load(package, name, model, language), model)


def test_every_model_field_is_documented():
    for package, name, _, model in stage_lang_files():
        for field, info in model.model_fields.items():
            assert info.description, f"{package}.lang {model.__name__}.{field} has no description"


def test_yaml_booleans_are_yaml_1_2():
    assert lang.read_yaml("to: [on, off, yes, no, at]\nrecip: true\nobj: False") == {
        "to": ["on", "off", "yes", "no", "at"], "recip": True, "obj": False}


@pytest.fixture()
def package(tmp_path, monkeypatch):
    """A throwaway package ``demo_stage`` with ``lang/en/words.yaml``."""
    root = tmp_path / "demo_stage"
    (root / "lang" / "en").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield root
    sys.modules.pop("demo_stage", None)
    lang._load.cache_clear()


class Words(lang.LangData):
    """A test model."""

    words: list[str] = Field(description="some words")
    ratio: float = Field(0.5, description="a number")


def test_a_file_with_an_unknown_key_is_refused(package):
    (package / "lang" / "en" / "words.yaml").write_text("words: [a, b]\nextra: 1\n")
    with pytest.raises(LanguageDataError) as err:
        lang.load("demo_stage", "words", Words, "en")
    text = str(err.value)
    assert text.startswith("error E034: demo_stage/lang/en/words.yaml: extra: Extra inputs are not permitted")
    assert "documented in tests.test_lang.Words" in text or "documented in test_lang.Words" in text
    assert isinstance(err.value, ConfigError)


def test_a_wrong_type_is_refused_not_coerced(package):
    (package / "lang" / "en" / "words.yaml").write_text("words: [a, true]\n")
    with pytest.raises(LanguageDataError, match=r"words\.1: Input should be a valid string"):
        lang.load("demo_stage", "words", Words, "en")


def test_a_missing_language_names_the_file_to_add(package):
    (package / "lang" / "en" / "words.yaml").write_text("words: [a]\nratio: 1\n")
    assert lang.load("demo_stage", "words", Words, "en").ratio == 1.0
    with pytest.raises(LanguageDataError) as err:
        lang.load("demo_stage", "words", Words, "fr")
    assert "no 'fr' language data demo_stage/lang/fr/words.yaml" in str(err.value)
    assert "copy the lang/en/ file" in str(err.value)


def test_the_component_language_is_active_while_it_runs(package):
    (package / "lang" / "en" / "words.yaml").write_text("words: [house]\n")
    (package / "lang" / "de").mkdir()
    (package / "lang" / "de" / "words.yaml").write_text("words: [Haus]\n")
    assert lang.load("demo_stage", "words", Words).words == ["house"]
    with lang.using("de"):
        assert lang.active() == "de"
        assert lang.load("demo_stage", "words", Words).words == ["Haus"]
    assert lang.active() == "en"


def test_the_events_stage_takes_its_language_from_config():
    import cablegram.events.component  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    assert nlp.add_pipe("cablegram_events").lang == "en"
    with pytest.raises(LanguageDataError, match="no 'xx' language data cablegram/events/lang/xx/triggers.yaml"):
        spacy.blank("en").add_pipe("cablegram_events", config={"lang": "xx"})


def test_a_trigger_of_an_unknown_type_is_refused():
    from cablegram.events.lang import Trigger

    with pytest.raises(ValueError, match="'MEET' is not a PLOVER event type"):
        Trigger.model_validate({"type": "MEET", "cameo": "040"})
    with pytest.raises(ValueError, match="Extra inputs are not permitted"):
        Trigger.model_validate({"type": "CONSULT", "cameo": "040", "recipient": True})


def test_event_types_in_one_place():
    """The schema, the events stage's tables and the brief's wording all name PLOVER types of the ontology."""
    from cablegram.events.lexicon import DATA
    from cablegram.events.wants import VERBS
    from cablegram.schema import EventType

    types = set(event_types())
    assert len(types) == 16 and set(typing.get_args(EventType)) == types
    with open(DATA / "cameo2plover.tsv", encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        assert {r["event"] for r in rows} <= types
    with open(DATA / "future_types.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))
        assert {r["type"] for r in rows} | {r["future"] for r in rows} <= types
    assert set(VERBS) <= types
