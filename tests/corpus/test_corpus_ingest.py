"""Corpus runs: bad inputs recorded and the run goes on; reruns are no-ops; a SIGKILLed run resumes cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_articles import article, html_page

from cablegram.run import ingest
from cablegram.store import Store

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from cablegram.commands import main; main()"]


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        if i % 3 == 2:
            (folder / f"a{i:03d}.html").write_text(html_page(i), encoding="utf-8")
        else:
            (folder / f"a{i:03d}.txt").write_text(article(i), encoding="utf-8")
    return folder


def _consistent(db: Path) -> int:
    """Every stored document has exactly the rows its analysis promises; returns the document count."""
    from cablegram.schema import Analysis

    with Store(db) as s:
        docs = s.con.execute("SELECT id, analysis FROM documents").fetchall()
        assert len({d for d, _ in docs}) == len(docs)
        for doc_id, js in docs:
            a = Analysis.model_validate_json(js)
            counts = s.con.execute(
                "SELECT (SELECT count(*) FROM actors WHERE doc_id = $1), (SELECT count(*) FROM mentions WHERE doc_id = $1),"
                " (SELECT count(*) FROM attributions WHERE doc_id = $1), (SELECT count(*) FROM times WHERE doc_id = $1),"
                " (SELECT count(*) FROM events WHERE doc_id = $1)", [doc_id]).fetchone()
            assert counts == (len(a.actors), sum(len(x.mentions) for x in a.actors), len(a.attributions),
                              len(a.times), len(a.events))
        orphans = s.con.execute("SELECT count(*) FROM actors WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()
        assert orphans == (0,)
        return len(docs)


def test_ingest_records_bad_inputs_and_goes_on(tmp_path, nlp):
    folder = _corpus(tmp_path / "in", 4)
    (folder / "empty.txt").write_text("   \n")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (folder / "broken.html").write_text("<html><body><p>Unclosed <b>tags <div>" + article(7), encoding="utf-8")
    (folder / "feed.rss").write_text("definitely not xml", encoding="utf-8")
    (folder / "dupe.txt").write_text(article(0), encoding="utf-8")  # same content as a000.txt
    db = tmp_path / "c.duckdb"
    report = ingest([str(folder), str(tmp_path / "missing.txt")], db=str(db))
    assert report.added == 5 and report.skipped == 1  # 4 + the broken HTML; the duplicate is skipped
    assert report.failed == 4
    with Store(db, read_only=True) as s:
        reasons = dict(s.con.execute("SELECT source, reason FROM errors").fetchall())
    assert any("empty" in r for r in reasons.values()) and any("binary" in r for r in reasons.values())
    assert any("feed" in r for r in reasons.values()) and any("missing" in k for k in reasons)
    assert _consistent(db) == 5
    again = ingest([str(folder)], db=str(db))
    assert again.added == 0 and again.skipped == 6


def test_ingest_jsonl_keeps_given_metadata(tmp_path, nlp):
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps({"text": article(i), "title": f"Story {i}", "published": "2023-09-0" + str(i + 1),
                                          "url": f"https://news.example.org/{i}"}) for i in range(3)) + "\n")
    db = tmp_path / "c.duckdb"
    assert ingest([str(path)], db=str(db)).added == 3
    with Store(db, read_only=True) as s:
        rows = s.con.execute("SELECT title, published, url, source FROM documents ORDER BY title").fetchall()
    assert rows[0][:3] == ("Story 0", "2023-09-01", "https://news.example.org/0") and rows[0][3].endswith(":1")


def test_cli_exit_code_and_outputs(tmp_path, nlp):
    folder = _corpus(tmp_path / "in", 2)
    (folder / "empty.txt").write_text("")
    db = tmp_path / "c.duckdb"
    run = subprocess.run([*CLI, "ingest", str(folder), "--db", str(db), "--json"],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 7, run.stderr
    assert json.loads(run.stdout)["added"] == 2 and "1 failed" in run.stderr
    run = subprocess.run([*CLI, "actors", "--db", str(db), "--csv"],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0 and run.stdout.startswith("id,name,type")
    run = subprocess.run([*CLI, "sql", "SELEKT", "--db", str(db)],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 4 and run.stderr.startswith("error E041")


_KILLABLE = """
import sys
from cablegram.run import ingest
def tick(report):
    print(report.added, flush=True)
ingest([sys.argv[1]], db=sys.argv[2], shard_size=2, flush_every=1, on_progress=tick)
print("finished", flush=True)
"""


def test_sigkill_mid_run_then_resume(tmp_path):
    """Kill the writer with SIGKILL mid-run: nothing half-written, nothing lost, nothing duplicated on rerun."""
    n = 24
    folder = _corpus(tmp_path / "in", n)
    db = tmp_path / "c.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", _KILLABLE, str(folder), str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    killed_at = None
    try:
        for line in proc.stdout:
            if line.strip().isdigit() and int(line) >= 4:
                os.kill(proc.pid, signal.SIGKILL)
                killed_at = int(line)
                break
    finally:
        proc.kill()
        proc.wait(timeout=60)
    assert killed_at is not None and proc.returncode == -signal.SIGKILL
    first = _consistent(db)
    assert 1 <= first < n  # some documents made it, not all
    report = ingest([str(folder)], db=str(db))
    assert report.skipped == first and report.added == n - first and report.failed == 0
    assert _consistent(db) == n


@pytest.mark.slow
def test_jobs_and_dask_give_the_same_store(tmp_path, nlp):
    folder = _corpus(tmp_path / "in", 6)
    one = ingest([str(folder)], db=str(tmp_path / "one.duckdb"))
    two = ingest([str(folder)], db=str(tmp_path / "two.duckdb"), jobs=2, shard_size=2)
    dask = ingest([str(folder)], db=str(tmp_path / "dask.duckdb"), engine="dask", jobs=2, shard_size=2)
    assert one.added == two.added == dask.added == 6

    def facts(db):
        with Store(db, read_only=True) as s:
            return sorted(s.con.execute("SELECT doc_id, id, name FROM actors").fetchall())

    assert facts(tmp_path / "one.duckdb") == facts(tmp_path / "two.duckdb") == facts(tmp_path / "dask.duckdb")
