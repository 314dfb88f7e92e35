"""A stage's unexpected exception reaches the user as E051 naming the stage and the real cause, not as
spaCy's "E109 ... did you forget to call initialize()" (which a KeyError in the time stage read as)."""

from __future__ import annotations

import sys

import pytest

from cablegram.errors import StageError

TEXT = "Vladimir Putin met Kim Jong Un in Vladivostok on Wednesday, the Kremlin said."


@pytest.fixture
def broken_time(monkeypatch):
    """The time stage failing as it did on two Wikinews articles (a pattern without its ``unit`` group)."""
    from cablegram.time import component

    def find_times(doc):
        return {}["unit"]

    monkeypatch.setattr(component, "find_times", find_times)


def test_analyze_names_the_stage_and_the_cause(nlp, broken_time):
    import cablegram

    with pytest.raises(StageError) as err:
        cablegram.analyze(TEXT, nlp=nlp)
    assert err.value.stage == "cablegram_time" and err.value.code == "E051" and err.value.exit_code == 1
    assert isinstance(err.value.__cause__, KeyError)
    assert str(err.value).startswith("error E051: the cablegram_time stage failed: KeyError: 'unit' (please report")
    assert "E109" not in str(err.value) and "initialize" not in str(err.value)


def test_batched_documents_name_the_stage_too(nlp, broken_time):
    with pytest.raises(StageError, match="cablegram_time stage failed: KeyError"):
        list(nlp.pipe([TEXT, TEXT]))


def test_cablegram_errors_pass_as_they_are(nlp, monkeypatch):
    from cablegram.errors import LanguageDataError
    from cablegram.time import component

    def find_times(doc):
        raise LanguageDataError("no such language data")

    monkeypatch.setattr(component, "find_times", find_times)
    with pytest.raises(LanguageDataError):
        list(nlp.pipe([TEXT]))


def test_cli_prints_one_line_and_exits_1(nlp, broken_time, tmp_path, monkeypatch, capsys):
    from cablegram.commands import main

    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    monkeypatch.delenv("CABLEGRAM_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["cablegram", "analyze", str(article)])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error E051: the cablegram_time stage failed: KeyError: 'unit'") and "\n" not in err


def test_a_stage_with_its_own_pipe_names_itself_too(nlp, monkeypatch):
    """The events stage has a ``pipe`` (one embedding call per batch), which spaCy's error handler does not wrap."""
    from cablegram.events import component

    def untyped(doc):
        return {}["sentences"]

    monkeypatch.setattr(component, "untyped", untyped)
    with pytest.raises(StageError, match="cablegram_events stage failed: KeyError"):
        list(nlp.pipe([TEXT, TEXT]))
