"""The web view over the Wikinews store (295 articles through the real pipeline): the issue's done-when.

- no common noun among the graph's nodes ("children", "her parents", "crowd", "Brexit" were);
- a reciprocal event (met, agreed, signed) is counted once, in one edge, however often it is reported;
- the dyad chart's axis is a time scale: a browser reads its tick and bar positions.

The store is built with the project's own ingest from ``../shared/data`` (minutes); set
CABLEGRAM_WIKINEWS_DB to a store built before (``cablegram ingest .../articles.jsonl.gz --db FILE``)
to reuse it. Skips without the shared data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from webfixtures import need_browser, running_server

pytestmark = [pytest.mark.slow, pytest.mark.data]

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "shared" / "data" / "corpora" / "wikinews-2019-2021" / "articles.jsonl.gz"


@pytest.fixture(scope="module")
def wikinews_db(tmp_path_factory) -> str:
    given = os.environ.get("CABLEGRAM_WIKINEWS_DB")
    if given:
        if not Path(given).exists():
            pytest.fail(f"CABLEGRAM_WIKINEWS_DB={given} does not exist")
        return given
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} not found (the shared data)")
    from cablegram.run import ingest

    path = tmp_path_factory.mktemp("wikinews") / "wikinews.duckdb"
    report = ingest([str(CORPUS)], db=str(path), jobs=min(2, os.cpu_count() or 1))
    assert report.added >= 280  # (a document the pipeline fails on is recorded in errors, not a web matter)
    return str(path)


@pytest.fixture(scope="module")
def corpus(wikinews_db):
    from cablegram.web.queries import Corpus

    c = Corpus.open(wikinews_db)
    yield c
    c.close()


def test_no_common_noun_among_graph_nodes(corpus):
    import spacy

    from cablegram.config import Settings

    nlp = None
    for name in Settings().pipelines():
        try:
            nlp = spacy.load(name, exclude=["ner"])
            break
        except OSError:
            continue
    assert nlp is not None
    book = corpus.actor_book()
    for level in ("country", "actor"):
        nodes = corpus.graph({}, level, max_edges=20_000, positions=False)["nodes"]
        assert len(nodes) > 50
        names = {n["name"] for n in nodes} | {n["label"] for n in nodes}
        # The examples, and no unnamed group of no country.
        assert not names & {"children", "her parents", "crowd", "Brexit", "voters", "protesters", "family"}
        for n in nodes:
            a = book.get(n["id"], {})
            assert not (a.get("type") in ("group", "anonymous") and not a.get("country") and not a.get("code")), n
        # What the parser makes of each name as the subject of a sentence: a proper noun, never a common one.
        common = []
        for label in sorted({n["name"] for n in nodes}):
            pre = "Yesterday "
            doc = nlp(f"{pre}{label} said nothing.")
            toks = [t for t in doc if len(pre) <= t.idx < len(pre) + len(label)]
            heads = [t for t in toks if t.head not in toks or t.head == t]
            if label.islower() or any(t.tag_ in ("NN", "NNS") for t in heads):
                common.append(label)
        assert common == [], f"{level}: {common}"


def test_reciprocal_events_are_counted_once(corpus):
    # The events stage reads "A and B met/signed/clashed" as ONE reciprocal event (Event.reciprocal); the
    # store keeps it as one event, flagged reciprocal, in one cluster.
    mutual_reports = corpus.rows("""
        SELECT e.doc_id, e.id, r.cluster_id, c.reciprocal
        FROM events e JOIN event_reports r ON r.doc_id = e.doc_id AND r.event_id = e.id
        JOIN event_clusters c ON c.id = r.cluster_id
        WHERE e.reciprocal AND len(e.source) > 0 AND len(e.target) > 0""")
    assert len(mutual_reports) >= 10
    assert all(p["reciprocal"] for p in mutual_reports)
    # An analysis that still gives a mirrored pair of reports (A->B and B->A on one trigger) has it folded
    # into one report of one reciprocal event.
    pairs = corpus.rows("""
        SELECT a.doc_id, ra.cluster_id AS ca, rb.cluster_id AS cb, c.reciprocal
        FROM events a JOIN events b ON a.doc_id = b.doc_id AND a.type = b.type AND a.id < b.id
             AND a.trigger_start = b.trigger_start AND a.source = b.target AND a.target = b.source
             AND len(a.source) > 0 AND len(a.target) > 0
        JOIN event_reports ra ON ra.doc_id = a.doc_id AND ra.event_id = a.id
        JOIN event_reports rb ON rb.doc_id = b.doc_id AND rb.event_id = b.id
        JOIN event_clusters c ON c.id = ra.cluster_id""")
    assert all(p["ca"] == p["cb"] and p["reciprocal"] for p in pairs)
    # In the graph a reciprocal event lies once on each pair of its parties' undirected edge, never once in
    # each direction (a meeting of three countries lies on three pairs' edges, each pair once).
    g = corpus.graph({}, "country", max_edges=20_000, positions=False)
    seen: dict[str, list] = defaultdict(list)
    for e in g["edges"]:
        for ev in corpus.edge_events({}, e["source"], e["target"], "country", e["quad_class"], e["reciprocal"]):
            if ev["reciprocal"]:
                seen[ev["id"]].append(frozenset((e["source"], e["target"])))
    twice = {k: v for k, v in seen.items() if len(v) > len(set(v))}
    assert not twice
    mutual = [e for e in g["edges"] if e["reciprocal"]]
    assert mutual and all(e["source"] < e["target"] for e in mutual)
    # Turkey and Libya's maritime accord of 27 November 2019, reported as "signed" in several sentences
    # and articles: one event in the dyad, both parties acting.
    d = corpus.dyad("TUR", "LBY", {"type": "AGREE"}, by="month")
    accord = [e for e in d["events"] if e["date_start"] and e["date_start"].startswith("2019-11")]
    assert len(accord) == 1 and accord[0]["reciprocal"] and accord[0]["reports"] >= 2
    assert accord[0]["direction"] == "both"
    assert sum(p["both"].get("verbal-cooperation", 0) for p in d["series"] if p["start"] == "2019-11-01") == 1


def test_the_dyad_axis_is_a_time_scale(wikinews_db):
    need_browser()
    urls = ["/dyad?a=USA&b=IRN&by=month", "/dyad?a=USA&b=CHN&by=week", "/events?by=month"]
    with running_server(wikinews_db) as base:
        proc = subprocess.run(["node", str(HERE / "axis.mjs"), "--base", base, "--urls", json.dumps(urls)],
                              capture_output=True, text=True, timeout=180)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    assert lines, proc.stderr[-2000:]
    out = json.loads(lines[-1])
    assert out["problems"] == []
    for url in urls:
        charts = out["pages"][url]
        assert charts, url
        for chart in charts:
            ticks, bars = chart["ticks"], chart["bars"]
            assert len(ticks) >= 3, (url, chart["unit"])
            # Ticks at calendar boundaries, x linear in time (a true time scale, not evenly spaced labels).
            t0, t1 = ticks[0], ticks[-1]
            k = (t1["x"] - t0["x"]) / (t1["t"] - t0["t"])
            for tk in ticks:
                assert abs(t0["x"] + k * (tk["t"] - t0["t"]) - tk["x"]) < 0.6, (url, tk)
                day = dt.date.fromisoformat(tk["date"])
                assert day.day == 1 or chart["unit"].endswith("day"), (url, tk)
            # Each bar starts where its bin's date falls on that scale, and is as wide as its bin.
            for b in bars:
                t = dt.datetime.fromisoformat(b["start"] + "T00:00:00+00:00").timestamp() * 1000
                assert abs(t0["x"] + k * (t - t0["t"]) - b["x"]) < 0.6, (url, b)
            widths = {round(b["width"]) for b in bars}
            if "by=week" in url:
                assert max(widths) - min(widths) <= 1  # weeks are all one width
            # A y-axis with counts.
            assert chart["yticks"][0] == "0" and len(chart["yticks"]) >= 2
