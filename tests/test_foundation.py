"""The trunk: schema in step with the code, the CLI's contract, the example end to end, the seed scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from cablegram.schema import json_schema
from cablegram.schema_export import DEFAULT_PATH, render

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "cablegram"]


def test_exported_schema_matches_the_code():
    assert DEFAULT_PATH.read_text(encoding="utf-8") == render(), "run `make schema` and commit the file"


def test_example_validates_against_schema(example):
    jsonschema.validate(json.loads(example.model_dump_json()), json_schema())


def test_spans_point_at_their_words(example):
    text = example.document.text
    for actor in example.actors:
        for m in actor.mentions:
            assert text[m.start:m.end] == m.text
    for q in example.attributions:
        assert text[q.content.start:q.content.end] == q.content.text
    for t in example.times:
        assert text[t.start:t.end] == t.text
    for e in example.events:
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text


def test_ids_are_stable(nlp, example_text, example):
    import cablegram

    again = cablegram.analyze(example_text, nlp=nlp)
    assert again.document.id == example.document.id
    assert [a.id for a in again.attributions] == [a.id for a in example.attributions]
    assert [e.id for e in again.events] == [e.id for e in example.events]


def test_markdown_brief_has_its_sections(example):
    from cablegram.brief import render_html, render_markdown

    md = render_markdown(example)
    assert md.startswith("# ")
    assert "## Actors" in md and "## Who said what" in md
    html = render_html(example)
    assert "<script" not in html.lower()


def test_html_brief_escapes_untrusted_text(nlp):
    import cablegram
    from cablegram.brief import render_html

    a = cablegram.analyze("Evil <img src=x onerror=alert(1)> title\n\nThe minister said <script>alert(2)</script> "
                          "nothing of note on Monday.", nlp=nlp)
    html = render_html(a)
    assert "<script>alert" not in html and "<img src=x" not in html


def run_cli(*args, stdin: bytes | None = None):
    return subprocess.run(CLI + list(args), input=stdin, capture_output=True, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("data, code, words", [
    (b"", 2, "E011"),
    (b"\x00\x01\x02binary\x00" * 100, 2, "E012"),
])
def test_cli_bad_input_is_one_line_error(data, code, words):
    r = run_cli("analyze", "-", stdin=data)
    assert r.returncode == code
    err = r.stderr.decode()
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_cli_missing_file():
    r = run_cli("analyze", "no/such/file.txt")
    assert r.returncode == 2 and b"E015" in r.stderr


def test_cli_json_on_stdin_with_invalid_utf8():
    r = run_cli("analyze", "-", "--format", "json",
                stdin="Minister speaks\n\nThe minister said on Monday that talks would go on.\xff".encode("latin-1"))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["document"]["text"].startswith("Minister speaks")


def test_cli_too_large_input(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 3_000_000)  # 15 MB, over the 10 MB default
    r = run_cli("analyze", str(big))
    assert r.returncode == 2 and b"E014" in r.stderr


def test_seed_scorer_runs(expected):
    r = subprocess.run([sys.executable, "-m", "benchmarks.seed"], capture_output=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "actors found" in out and "events type+source+target" in out


def test_reading_and_cleaning_warnings_reach_the_analysis(nlp):
    import cablegram

    a = cablegram.analyze(b"Home\nNews\nSport\nWeather\nLogin\nSign up\nContact us\n\xff", nlp=nlp)
    assert a.document.text == ""
    assert any("UTF-8" in w for w in a.warnings)
    assert any("no article" in w for w in a.warnings)


def test_cli_max_bytes_option_and_bad_environment_setting():
    r = run_cli("analyze", "examples/kim-putin.txt", "--max-bytes", "100")
    assert r.returncode == 2 and b"E014" in r.stderr
    import os

    env = dict(os.environ, CABLEGRAM_MAX_BYTES="ten megabytes")
    r = subprocess.run(CLI + ["analyze", "examples/kim-putin.txt"], capture_output=True, cwd=ROOT, env=env,
                       timeout=300)
    assert r.returncode == 3 and b"E030" in r.stderr and b"Traceback" not in r.stderr


def test_a_non_english_article_is_a_valid_analysis_with_a_warning(nlp):
    import cablegram

    german = ("Merkel trifft Macron in Berlin\n\nBundeskanzlerin Angela Merkel hat am Montag den französischen "
              "Präsidenten Emmanuel Macron in Berlin empfangen. Die beiden sprachen über die Zukunft der "
              "Europäischen Union, sagte ein Regierungssprecher. Sie wollen im Herbst wieder zusammenkommen.")
    a = cablegram.analyze(german, nlp=nlp)
    assert a.document.language is None and a.document.text
    assert any("English" in w for w in a.warnings)


def test_an_english_article_is_marked_english(example):
    assert example.document.language == "en" and not any("English" in w for w in example.warnings)
