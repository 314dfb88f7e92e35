"""Hand-built analyses for the web tests: our own sentences, offsets computed, nothing from the gold data.

``crafted()`` is a small article whose events, quotes and actors are known
exactly (so the web view can be checked independently of the NLP stages);
``hostile()`` is an article whose text, actor names and evidence carry
``<script>``, ``onerror=`` and ``javascript:`` payloads that would set
``window.__pwned`` if the page ever executed them.
"""

from __future__ import annotations

import contextlib

import pytest

from cablegram.schema import Analysis


def _span(text: str, needle: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return {"start": start, "end": start + len(needle), "text": needle}


def _parts(text: str, title: str) -> list[dict]:
    parts = [{"kind": "title", "start": 0, "end": len(title)}]
    pos = len(title)
    for block in text[len(title):].split("\n\n"):
        if block.strip():
            start = text.index(block.strip(), pos)
            parts.append({"kind": "paragraph", "start": start, "end": start + len(block.strip())})
            pos = start + len(block.strip())
    return parts


def _mentions(text: str, *needles: str) -> list[dict]:
    out = []
    for needle in needles:
        start = text.find(needle)
        while start >= 0:
            out.append({"start": start, "end": start + len(needle), "text": needle})
            start = text.find(needle, start + len(needle))
    return sorted(out, key=lambda m: m["start"])


GRAIN_TITLE = "Brazil and Argentina reopen grain talks"
GRAIN = (
    GRAIN_TITLE + "\n\n"
    "Brazil agreed on Tuesday to ship more wheat to Argentina, the agriculture ministry said.\n\n"
    "Argentina accused Brazil last month of delaying payments for earlier shipments, officials in Buenos Aires said.\n\n"
    "Chile may send observers to the next round of talks."
)


def crafted() -> Analysis:
    t = GRAIN
    sent1 = _span(t, "Brazil agreed on Tuesday to ship more wheat to Argentina, the agriculture ministry said.")
    sent2 = _span(t, "Argentina accused Brazil last month of delaying payments for earlier shipments, "
                     "officials in Buenos Aires said.")
    sent3 = _span(t, "Chile may send observers to the next round of talks.")
    return Analysis.model_validate({
        "cablegram_version": "test", "pipeline": "hand-built fixture",
        "document": {"id": "fixture-grain-talks", "title": GRAIN_TITLE, "published": "2026-11-20",
                     "publisher": "Fixture Wire", "text": t, "parts": _parts(t, GRAIN_TITLE),
                     "boilerplate": [{"text": "Subscribe to our newsletter for more grain news", "kind": "newsletter",
                                      "line": 9}]},
        "actors": [
            {"id": "brazil", "name": "Brazil", "type": "country", "country": "BRA", "sector": "GOV", "code": "BRAGOV",
             "mentions": _mentions(t, "Brazil")},
            {"id": "argentina", "name": "Argentina", "type": "country", "country": "ARG", "sector": "GOV",
             "code": "ARGGOV", "mentions": _mentions(t, "Argentina")},
            {"id": "chile", "name": "Chile", "type": "country", "country": "CHL", "code": "CHL",
             "mentions": _mentions(t, "Chile")},
            {"id": "brazil-agriculture-ministry", "name": "the agriculture ministry", "type": "organization",
             "country": "BRA", "sector": "GOV", "code": "BRAGOV", "mentions": [_span(t, "the agriculture ministry")]},
            {"id": "argentine-officials", "name": "officials in Buenos Aires", "type": "anonymous", "country": "ARG",
             "mentions": [_span(t, "officials in Buenos Aires")]},
        ],
        "attributions": [
            {"id": "attr-grain-1", "kind": "indirect",
             "content": _span(t, "Brazil agreed on Tuesday to ship more wheat to Argentina"),
             "speaker": "brazil-agriculture-ministry", "speaker_span": _span(t, "the agriculture ministry"),
             "cue": _span(t, "said"), "source_kind": "organization"},
            {"id": "attr-grain-2", "kind": "indirect",
             "content": _span(t, "Argentina accused Brazil last month of delaying payments for earlier shipments"),
             "speaker": "argentine-officials", "speaker_span": _span(t, "officials in Buenos Aires"),
             "cue": _span(t, "said", 1), "source_kind": "anonymous"},
        ],
        "events": [
            {"id": "ev-grain-aid", "type": "AID", "mode": "economic", "cameo": "071", "quad_class": "material-cooperation",
             "source": ["brazil"], "target": ["argentina"], "what": "wheat", "modality": "reported", "tense": "past",
             "claimant": "brazil-agriculture-ministry", "attribution": "attr-grain-1",
             "date": {"text": "Tuesday", "value": "2026-11-17"}, "trigger": _span(t, "ship"), "evidence": sent1},
            {"id": "ev-grain-accuse", "type": "ACCUSE", "cameo": "112", "quad_class": "verbal-conflict",
             "source": ["argentina"], "target": ["brazil"], "what": "delaying payments", "modality": "reported",
             "tense": "past", "claimant": "argentine-officials", "attribution": "attr-grain-2",
             "date": {"text": "last month", "value": "2026-10"}, "trigger": _span(t, "accused"), "evidence": sent2},
            {"id": "ev-grain-observe", "type": "COOPERATE", "quad_class": "material-cooperation",
             "source": ["chile"], "target": ["brazil", "argentina"], "what": "observers", "modality": "possible",
             "tense": "future", "date": {"value": "2026-11-20", "report_date": True},
             "trigger": _span(t, "send"), "evidence": sent3},
        ],
        "times": [
            {"id": "time-grain-1", **_span(t, "Tuesday"), "type": "DATE", "value": "2026-11-17"},
            {"id": "time-grain-2", **_span(t, "last month"), "type": "DATE", "value": "2026-10"},
        ],
    })


# Every payload sets window.__pwned if it runs.
SCRIPT = "<script>window.__pwned='script'</script>"
IMG = "<img src=x onerror=\"window.__pwned='img'\">"
LINK = "<a href=\"javascript:window.__pwned='link'\">read more</a>"
SVG = "<svg onload=\"window.__pwned='svg'\"></svg>"
HOSTILE_TITLE = "Harbour deal " + SCRIPT + " signed"
HOSTILE = (
    HOSTILE_TITLE + "\n\n"
    "Norway offered Iceland a new harbour deal " + IMG + " on Friday, a spokesman said.\n\n"
    "Critics said the terms were unfair " + LINK + " and " + SVG + " unacceptable.\n\n"
    "</p></span><script>window.__pwned='breakout'</script>{{7*7}} ends the text."
)
EVIL_ACTOR = "<img src=y onerror=\"window.__pwned='actor'\">Iceland"


def hostile() -> Analysis:
    t = HOSTILE
    sent1 = _span(t, "Norway offered Iceland a new harbour deal " + IMG + " on Friday, a spokesman said.")
    sent2 = _span(t, "Critics said the terms were unfair " + LINK + " and " + SVG + " unacceptable.")
    return Analysis.model_validate({
        "cablegram_version": "test", "pipeline": "hand-built fixture",
        "document": {"id": "fixture-hostile", "title": HOSTILE_TITLE, "published": "2026-11-21",
                     "url": "javascript:window.__pwned='url'", "publisher": IMG,
                     "text": t, "parts": _parts(t, HOSTILE_TITLE),
                     "boilerplate": [{"text": SCRIPT + LINK, "kind": "promo", "line": 3}]},
        "actors": [
            {"id": "norway", "name": "Norway", "type": "country", "country": "NOR", "mentions": _mentions(t, "Norway")},
            {"id": "evil", "name": EVIL_ACTOR, "type": "organization", "country": "ISL", "roles": [SVG],
             "mentions": _mentions(t, "Iceland")},
            {"id": "critics", "name": "Critics " + LINK, "type": "group", "mentions": [_span(t, "Critics")]},
        ],
        "attributions": [
            {"id": "attr-h-1", "kind": "indirect", "content": _span(t, "the terms were unfair " + LINK),
             "speaker": "critics", "speaker_span": _span(t, "Critics"), "cue": _span(t, "said", 1),
             "source_kind": "group"},
        ],
        "events": [
            {"id": "ev-h-offer", "type": "COOPERATE", "mode": SCRIPT, "quad_class": "material-cooperation",
             "source": ["norway"], "target": ["evil"], "what": IMG, "modality": "asserted", "place": LINK,
             "date": {"text": "Friday", "value": "2026-11-20"}, "trigger": _span(t, "offered"), "evidence": sent1},
            {"id": "ev-h-reject", "type": "REJECT", "quad_class": "verbal-conflict", "source": ["critics"],
             "target": ["norway"], "what": SVG, "modality": "asserted", "claimant": "critics",
             "trigger": _span(t, "unacceptable"), "evidence": sent2},
        ],
        "times": [{"id": "time-h-1", **_span(t, "Friday"), "type": "DATE", "value": "2026-11-20"}],
        "warnings": [SCRIPT],
    })


BROWSER_HELP = "run `bash tests/web/setup.sh`"


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (None when node, chromium and playwright-core are there)."""
    import os
    import shutil
    from pathlib import Path

    if not shutil.which("node"):
        return "node is not installed"
    if not Path(os.environ.get("CHROMIUM", "/usr/bin/chromium")).exists():
        return "chromium is not installed"
    if not (Path(__file__).resolve().parent / "node_modules" / "playwright-core").is_dir():
        return "playwright-core is not installed in tests/web"
    return None


def need_browser() -> None:
    """Skip without a browser, or fail when CI demands one (CABLEGRAM_REQUIRE_BROWSER=1)."""
    import os

    reason = browser_missing()
    if reason:
        if os.environ.get("CABLEGRAM_REQUIRE_BROWSER"):
            pytest.fail(f"{reason}: {BROWSER_HELP}")
        pytest.skip(f"{reason}: {BROWSER_HELP}")


@contextlib.contextmanager
def running_server(db: str):
    """The real app under uvicorn on a free loopback port, in a thread; yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    from cablegram.web.app import create_app, local_hosts

    app = create_app(db, allowed_hosts=local_hosts("127.0.0.1"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)
        sock.close()
        app.state.corpus.close()
