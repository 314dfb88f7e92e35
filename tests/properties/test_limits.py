"""The maximum document size, end to end; ids across processes; ``cablegram analyze --check``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cablegram
from cablegram.check import id_signature
from cablegram.config import Settings
from cablegram.errors import InputTooLargeError
from cablegram.ingest import read_source

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "Officials said the talks would resume on Monday.\n\n\u201cWe are ready,\u201d the minister said.\n"


def test_the_limit_counts_utf8_bytes_not_characters():
    limit = len(ARTICLE.encode("utf-8"))
    assert read_source(ARTICLE, max_bytes=limit).raw == ARTICLE  # exactly at the limit is fine
    with pytest.raises(InputTooLargeError):
        read_source(ARTICLE, max_bytes=limit - 1)
    wide = "\u00e9" * 60  # 60 characters, 120 bytes
    with pytest.raises(InputTooLargeError, match="120 bytes, over the limit of 100"):
        read_source(wide, max_bytes=100)
    with pytest.raises(InputTooLargeError):
        read_source(wide.encode("utf-8"), max_bytes=100)


def test_analyze_refuses_an_input_over_the_configured_limit_with_a_clear_error(nlp):
    big = ARTICLE * 50
    with pytest.raises(InputTooLargeError) as exc:
        cablegram.analyze(big, nlp=nlp, settings=Settings(max_bytes=1_000))
    err = exc.value
    assert err.code == "E014" and err.exit_code == 2
    assert str(err).startswith("error E014: input is 4,") and "CABLEGRAM_MAX_BYTES" in str(err)
    assert cablegram.analyze(big, nlp=nlp, settings=Settings(max_bytes=len(big.encode()))).document.text


def test_the_limit_comes_from_the_environment(monkeypatch, nlp):
    monkeypatch.setenv("CABLEGRAM_MAX_BYTES", "64")
    assert Settings().max_bytes == 64
    with pytest.raises(InputTooLargeError):
        cablegram.analyze(ARTICLE, nlp=nlp)
    monkeypatch.delenv("CABLEGRAM_MAX_BYTES")
    assert Settings().max_bytes == 10_000_000


def _cli(*args, env=None, stdin: bytes | None = None):
    done = subprocess.run([str(Path(sys.executable).with_name("cablegram")), *args],
                          capture_output=True, cwd=ROOT, input=stdin, timeout=600, env={**os.environ, **(env or {})})
    done.stdout, done.stderr = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    return done


@pytest.mark.slow
def test_cli_reports_the_limit_as_one_line_and_exit_code_2():
    done = _cli("analyze", "-", "-f", "json", env={"CABLEGRAM_MAX_BYTES": "64"}, stdin=ARTICLE.encode())
    assert done.returncode == 2, done.stderr
    assert "E014" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_ids_are_the_same_in_another_process_and_cli_check_passes(example, example_text):
    """A fresh process (another hash seed) analyses the example, sent with a BOM, with --check: same ids, exit 0."""
    done = _cli("analyze", "-", "-f", "json", "--check", env={"PYTHONHASHSEED": "12345"},
                stdin=example_text.encode("utf-8-sig"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert id_signature(json.loads(done.stdout)) == id_signature(example)
