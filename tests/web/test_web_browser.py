"""End to end in a real browser: Debian's Chromium driven by playwright-core (tests/web/e2e.mjs).

The store holds the flagship example (through the real pipeline) and two
hand-built articles, one of them hostile. The server is the real app under
uvicorn on a free loopback port; screenshots land in ``artifacts/web/``.
Set-up (Chromium from apt, playwright-core from the committed lockfile):
``bash tests/web/setup.sh``. Without it these tests skip, unless
CABLEGRAM_REQUIRE_BROWSER=1 (as in CI), where they fail instead.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from webfixtures import need_browser, running_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARTIFACTS = ROOT / "artifacts" / "web"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def server(full_db):
    need_browser()
    with running_server(full_db) as base:
        yield base


@pytest.fixture(scope="module")
def report(server, example) -> dict:
    if ARTIFACTS.exists():
        for png in ARTIFACTS.glob("*.png"):
            png.unlink()
    cmd = ["node", str(HERE / "e2e.mjs"), "--base", server, "--out", str(ARTIFACTS),
           "--example", example.document.id, "--fixture", "fixture-grain-talks", "--hostile", "fixture-hostile"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT,
                          env={**os.environ, "CHROMIUM": CHROMIUM})
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        pytest.fail(f"e2e.mjs gave no report (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return json.loads(lines[-1])


def _assert(report: dict, *names: str) -> None:
    by_name = {c["name"]: c for c in report["checks"]}
    crashed = by_name.get("the run finished")
    assert crashed is None, crashed and crashed["detail"]
    for name in names:
        assert name in by_name, f"check {name!r} did not run"
        c = by_name[name]
        assert c["ok"], f"{name}: {json.dumps(c['detail'], ensure_ascii=False)[:1500]}"


def test_corpus_page(report):
    _assert(report, "corpus lists the documents", "corpus links the example")


def test_article_click_shows_exact_evidence(report):
    _assert(report, "the example has events", "the example shows highlighted event triggers",
            "clicking an event shows its exact evidence", "the event card names the type",
            "the evidence is marked in the text", "hovering shows a summary",
            "a quote from the brief shows its content", "the card shows type, modality, claimant and date",
            "removed boilerplate is hidden until asked", "removed boilerplate is shown on demand")


def test_graph_has_the_rus_prk_edge_with_evidence(report):
    _assert(report, "the corpus graph has edges", "the graph has a RUS–PRK edge",
            "clicking the RUS–PRK edge lists evidence sentences", "each evidence sentence is one of the example's",
            "the quad-class filter narrows the edges", "filters are kept in the URL")


def test_dyad_chart(report):
    _assert(report, "the dyad chart has bars", "the dyad lists its events with evidence",
            "the dyad axis is a time scale (ticks linear in time)", "the dyad bars sit at their dates on that scale",
            "the dyad chart has a y-axis", "the dyad counts events once with their reports")


def test_graph_search_and_node_dyads(report):
    _assert(report, "node search finds and selects the node", "a node lists its dyads by count",
            "graph nodes carry server positions", "graph labels are readable at the opening zoom")


def test_actor_and_events_pages(report):
    _assert(report, "the actor page names the actor and draws its events over time",
            "the actor page lists its strongest ties", "the events page draws the corpus over time",
            "the events page lists events", "the events CSV downloads")


def test_every_page_fits_400_px(report):
    _assert(report, "no page is wider than a 400 px screen", "at 400 px the charts, the graph and the headline are drawn")


def test_hostile_article_never_executes(report):
    _assert(report, "hostile: the markup is shown as text", "hostile: no element was made from the text",
            "hostile: the detail panel shows payloads as text", "hostile: searching for <script> finds it as text",
            "hostile: no payload ever ran (window.__pwned unset)", "hostile: no dialogs or script errors",
            "hostile: the actor and events pages show payloads as text",
            "pages carry a script-src 'self' CSP", "hostile: the CSP was bypassed there (control script ran)",
            "the CSP blocks an inline script on a normal page")


def test_pages_are_clean_and_offline(report):
    _assert(report, "no script errors, CSP violations or foreign requests on the pages")


def test_screenshots_saved(report):
    names = {Path(p).name for p in report["screenshots"]}
    assert {"article.png", "graph.png", "corpus.png", "dyad.png", "actor.png", "events.png"} <= names
    for name in names:
        png = ARTIFACTS / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
