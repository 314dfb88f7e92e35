"""No silent or misleading answers: each bad input gets its documented exit code (CLI) or status 400
(API, in the one error shape) and a one-line message naming what is accepted; a URL is fetched or
refused saying how; ``ingest`` counts what it did not read; ``sql`` says how to write.

The only server these tests talk to is one they start on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import json
import sys
import threading
from pathlib import Path

import pytest

from cablegram.commands import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kim-putin.txt"


def cli(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    """Run ``cablegram ARGS`` as the console script does: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["cablegram", *args])
    with pytest.raises(SystemExit) as done:
        main()
    out = capsys.readouterr()
    return done.value.code or 0, out.out, out.err


def one_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    return lines[0]


# -- analyze with a URL --------------------------------------------------------------------------------

class _Pages(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802
        if self.path == "/2023/09/06/kim-putin":
            body = EXAMPLE.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_analyze_refuses_a_loopback_url_saying_how_to_allow_it(capsys, monkeypatch, server):
    code, out, err = cli(capsys, monkeypatch, "analyze", server + "/2023/09/06/kim-putin")
    line = one_line(err)
    assert code == 2 and out == ""
    assert line.startswith("error E020: refused") and "non-public address" in line and "--allow-private" in line


def test_analyze_fetches_a_url_and_keeps_it(capsys, monkeypatch, server, nlp):
    url = server + "/2023/09/06/kim-putin"
    code, out, err = cli(capsys, monkeypatch, "analyze", url, "--allow-private", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["document"]["url"] == url and data["document"]["published"] == "2023-09-06"
    assert any(a["id"] == "vladimir-putin" for a in data["actors"])


@pytest.mark.parametrize("args, needle", [
    (["ftp://example.org/article.txt"], "only http and https URLs are fetched"),
    (["http://127.0.0.1:1/none", "--allow-private"], "error E020"),
    (["www.example.com/news/article.html"], "https://"),
])
def test_analyze_refuses_other_urls_in_one_line(capsys, monkeypatch, args, needle):
    code, out, err = cli(capsys, monkeypatch, "analyze", *args)
    assert code == 2 and needle in one_line(err)


def test_a_missing_page_is_a_fetch_error(capsys, monkeypatch, server):
    code, _, err = cli(capsys, monkeypatch, "analyze", server + "/nope", "--allow-private")
    assert code == 2 and "HTTP 404" in one_line(err)


# -- filters of the corpus queries -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def db(tmp_path_factory, example) -> str:
    from cablegram.store import Store

    path = tmp_path_factory.mktemp("honest") / "store.duckdb"
    with Store(str(path)) as store:
        store.add(example, raw=example.document.text, source="examples/kim-putin.txt")
    return str(path)


@pytest.mark.parametrize("args, needles", [
    (["dyad", "FOO", "BAR"], ["error E018: unknown actor 'FOO'", "RUS"]),
    (["dyad", "Putin", "RUS"], ["unknown actor 'Putin'", "did you mean vladimir-putin"]),
    (["events", "--type", "BOGUS"], ["error E018: unknown event type 'BOGUS'", "AGREE", "ASSAULT"]),
    (["events", "--modality", "certain"], ["unknown modality 'certain'", "asserted", "hypothetical"]),
    (["events", "--source", "XYZ"], ["unknown actor 'XYZ'"]),
    (["quotes", "--kind", "whispered"], ["unknown quotation kind 'whispered'", "direct, indirect, mixed"]),
    (["quotes", "--source-kind", "oracle"], ["unknown source kind 'oracle'", "anonymous"]),
    (["quotes", "--speaker", "QQQ"], ["unknown actor 'QQQ'"]),
    (["actors", "--type", "robot"], ["unknown actor type 'robot'", "person"]),
    (["actors", "--country", "QQQ"], ["unknown country code 'QQQ'"]),
    (["events", "--since", "lastweek"], ["error E017: --since 'lastweek' is not a date", "YYYY-MM-DD"]),
    (["events", "--until", "2020-13-45"], ["error E017: --until '2020-13-45' is not a real date", "no month 13"]),
    (["dyad", "RUS", "PRK", "--since", "2023-02-30"], ["error E017: --since '2023-02-30'"]),
    (["quotes", "--since", "yesterday"], ["error E017: --since 'yesterday'"]),
])
def test_unknown_filter_values_exit_2_naming_what_is_accepted(capsys, monkeypatch, db, args, needles):
    code, out, err = cli(capsys, monkeypatch, *args, "--db", db, "--json")
    line = one_line(err)
    assert code == 2 and out == ""
    for needle in needles:
        assert needle in line


@pytest.mark.parametrize("args", [
    ["dyad", "RUS", "PRK"], ["dyad", "vladimir-putin", "Kim Jong Un", "--both"], ["events", "--type", "request"],
    ["events", "--source", "RUSGOV"], ["events", "--modality", "Reported"], ["quotes", "--speaker", "Shoigu"],
    ["quotes", "--kind", "direct"], ["actors", "--type", "person", "--country", "rus"], ["events", "--target", "FRA"],
])
def test_known_values_still_answer(capsys, monkeypatch, db, args):
    code, out, err = cli(capsys, monkeypatch, *args, "--db", db, "--json")
    assert code == 0, err
    assert isinstance(json.loads(out), list)


def test_a_placeholder_date_does_not_pass_a_since_filter(capsys, monkeypatch, db):
    code, out, _ = cli(capsys, monkeypatch, "events", "--db", db, "--json")
    dates = {e["date"] for e in json.loads(out)}
    assert code == 0 and dates and all(d[:4].isdigit() for d in dates)  # PRESENT_REF reads as the report's date
    code, out, _ = cli(capsys, monkeypatch, "events", "--since", "2024", "--db", db, "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = cli(capsys, monkeypatch, "events", "--since", "2023-09-06T08:00Z", "--db", db, "--json")
    assert code == 0 and {e["date"] for e in json.loads(out)} == {"2023-09-06"}


def test_sql_without_write_says_to_add_write(capsys, monkeypatch, db):
    code, _, err = cli(capsys, monkeypatch, "sql", "DELETE FROM errors", "--db", db)
    line = one_line(err)
    assert code == 4 and "DELETE changes the store, which is opened read-only" in line and "--write" in line
    code, _, err = cli(capsys, monkeypatch, "sql", "SELEC 1", "--db", db)
    assert code == 4 and "--write" not in one_line(err)


def test_ingest_counts_the_files_it_did_not_read(capsys, monkeypatch, tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "article.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (folder / "scan.PNG").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (folder / ".notes.txt").write_text("x", encoding="utf-8")
    code, _, err = cli(capsys, monkeypatch, "ingest", str(folder), "--db", str(tmp_path / "s.duckdb"), "--json")
    assert code == 0, err
    lines = err.splitlines()
    assert lines[0].startswith("1 documents added")
    assert lines[1].startswith("3 files in the folders not read: 2 x .png (not a format cablegram reads), "
                               "1 x hidden (name starts with '.')")


def test_ingest_report_names_what_was_not_read(tmp_path, nlp):
    from cablegram.run import ingest

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"\x89PNG")
    (folder / "b").write_bytes(b"?")
    report = ingest([str(folder)], db=str(tmp_path / "s.duckdb"))
    assert report.added == 0 and report.failed == 0
    assert report.as_dict()["not_read"] == 2
    assert report.not_read == {".png (not a format cablegram reads)": 1, "no suffix (not a format cablegram reads)": 1}


# -- the web API ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def api(db):
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from cablegram.web import create_app

    app = create_app(db, allowed_hosts={"testserver"})
    with TestClient(app) as client:
        yield client
    app.state.corpus.close()


@pytest.mark.parametrize("url, needles", [
    ("/api/events?type=NOTATYPE", ["type must be one of AGREE", "ASSAULT", "not 'NOTATYPE'"]),
    ("/api/events?type=ASSAULT,NOTATYPE", ["not 'NOTATYPE'"]),
    ("/api/events?quad=9", ["quad must be one of verbal-cooperation", "material-conflict", "not '9'"]),
    ("/api/events?modality=certain", ["modality must be one of asserted", "not 'certain'"]),
    ("/api/events?since=2020-13-45", ["since must be a date like 2023", "not '2020-13-45'"]),
    ("/api/events?until=lastweek", ["until must be a date"]),
    ("/api/graph?quad=verbal", ["not 'verbal'"]),
    ("/api/documents?type=BOGUS", ["not 'BOGUS'"]),
    ("/api/dyad?a=FOO&b=RUS", ["unknown actor 'FOO'", "ISO3"]),
    ("/api/edge?source=RUS&target=PRK&quad_class=5", ["quad_class must be one of", "not '5'"]),
])
def test_api_unknown_values_are_400_in_the_one_error_shape(api, url, needles):
    r = api.get(url)
    body = r.json()
    assert r.status_code == 400 and body["ok"] is False and body["status"] == 400 and set(body) == {"ok", "error",
                                                                                                  "status"}
    assert "\n" not in body["error"]
    for needle in needles:
        assert needle in body["error"]


@pytest.mark.parametrize("url", ["/api/events?type=assault", "/api/events?quad=4", "/api/events?quad=Material Conflict",
                                 "/api/dyad?a=RUS&b=PRK", "/api/edge?source=RUS&target=PRK&quad_class=unknown"])
def test_api_known_values_still_answer(api, url):
    r = api.get(url)
    assert r.status_code == 200 and r.json()["ok"] is True
