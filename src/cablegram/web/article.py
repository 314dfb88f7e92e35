"""The article page's view model: the clean text cut into segments, each knowing what covers it.

Highlighting is done here, not in the browser, so the article text only ever
reaches the page through Jinja's autoescaping: a segment carries its text and
the *indices* of the annotations covering it (events, their triggers, quotes,
cues, speakers, actor mentions, times), never markup built from the text.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from markupsafe import Markup, escape

from .queries import quad, site

BLOCK_TAGS = {"title": "h1", "heading": "h2"}
_WEB_URL = re.compile(r"^https?://[^\s/]+", re.I)  # only these become links (never javascript:, data:, file:)
_PARAS = re.compile(r"\n\s*")


def _name(actors: dict, actor_id: Optional[str]) -> Optional[str]:
    if not actor_id:
        return None
    a = actors.get(actor_id)
    return a["name"] if a else actor_id


def _paragraphs(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Non-blank stretches of ``text[start:end]`` between line breaks, as paragraph blocks."""
    out, pos = [], start
    for m in _PARAS.finditer(text, start, end):
        if text[pos:m.start()].strip():
            out.append(("paragraph", pos, m.start()))
        pos = m.end()
    if text[pos:end].strip():
        out.append(("paragraph", pos, end))
    return out


def _blocks(doc: dict) -> list[tuple[str, int, int]]:
    """The clean text as blocks in reading order: its parts, and any text no part covers as paragraphs
    (so nothing the analysis points at can be missing from the page)."""
    text = doc["text"]
    out, pos = [], 0
    for p in sorted(doc.get("parts") or [], key=lambda p: (p["start"], p["end"])):
        s, e = max(p["start"], pos), min(p["end"], len(text))
        if e <= s:
            continue
        out += _paragraphs(text, pos, s)
        out.append((p["kind"], s, e))
        pos = e
    out += _paragraphs(text, pos, len(text))
    return out


def _norm(text: Optional[str]) -> str:
    return " ".join((text or "").split()).casefold()


def _html(segments: list[dict]) -> Markup:
    """A block's segments as markup, every piece of text and every attribute escaped (the same markup the
    template would write, built here because a long article has thousands of segments)."""
    out = []
    for s in segments:
        if s["refs"]:
            out.append(f'<span class="seg {escape(s["cls"])}" data-refs="{escape(s["refs"])}" '
                       f'data-start="{int(s["start"])}">{escape(s["text"])}</span>')
        else:
            out.append(str(escape(s["text"])))
    return Markup("".join(out))


def _mirror_halves(events: list[dict]) -> dict[str, str]:
    """Event id -> "first" / "second" for the halves of mirrored pairs (same type and trigger, parties swapped)."""
    out: dict[str, str] = {}
    seen: dict[tuple, str] = {}
    for e in events:
        anchor = e.get("trigger") or e["evidence"]
        src, tgt = tuple(sorted(e.get("source") or [])), tuple(sorted(e.get("target") or []))
        if not src or not tgt or e["id"] in out:
            continue
        mirror = seen.get((e["type"], anchor["start"], anchor["end"], tgt, src))
        if mirror is not None and mirror not in out:
            out[mirror], out[e["id"]] = "first", "second"
        else:
            seen[(e["type"], anchor["start"], anchor["end"], src, tgt)] = e["id"]
    return out


Ann = tuple[int, int, str, str]  # (start, end, classes, ref): what the text is highlighted with


def _events(analysis: dict, actors: dict, anns: list[Ann]) -> list[dict]:
    """The brief's events, and their evidence and trigger highlights."""
    # "A and B signed" written as A->B and B->A on one trigger is one event both act in: the brief lists
    # it once, with both parties (the second half stays highlighted and is folded into the first).
    folded = _mirror_halves(analysis.get("events", []))
    out = []
    for i, e in enumerate(analysis.get("events", [])):
        qc = quad(e.get("quad_class")) or "unknown"
        ev = e["evidence"]
        anns.append((ev["start"], ev["end"], "ev", f"e{i}"))
        if e.get("trigger"):
            anns.append((e["trigger"]["start"], e["trigger"]["end"], f"trig q-{qc}", f"e{i}"))
        date = e.get("date") or {}
        out.append({
            "i": i, "id": e["id"], "type": e["type"], "mode": e.get("mode"), "quad_class": qc,
            "cameo": e.get("cameo"), "modality": e.get("modality"), "tense": e.get("tense"),
            "reciprocal": bool(e.get("reciprocal")) or e["id"] in folded, "folded": folded.get(e["id"]) == "second",
            "source": [_name(actors, a) for a in e.get("source", [])],
            "target": [_name(actors, a) for a in e.get("target", [])],
            "source_ids": e.get("source", []), "target_ids": e.get("target", []),
            "claimant": _name(actors, e.get("claimant")), "what": e.get("what"), "place": e.get("place"),
            "date": date.get("value"), "date_text": date.get("text"), "report_date": bool(date.get("report_date")),
            "trigger": (e.get("trigger") or {}).get("text"), "evidence": ev,
        })
    return out


def _quotes(analysis: dict, actors: dict, anns: list[Ann]) -> list[dict]:
    """Who said what, and the content, cue and speaker highlights."""
    out = []
    for i, q in enumerate(analysis.get("attributions", [])):
        anns.append((q["content"]["start"], q["content"]["end"], "quote", f"q{i}"))
        for key, cls in (("cue", "cue"), ("speaker_span", "speaker")):
            if q.get(key):
                anns.append((q[key]["start"], q[key]["end"], cls, f"q{i}"))
        out.append({"i": i, "id": q["id"], "kind": q["kind"], "content": q["content"],
                    "speaker": _name(actors, q.get("speaker")) or (q.get("speaker_span") or {}).get("text"),
                    "cue": (q.get("cue") or {}).get("text"), "source_kind": q.get("source_kind")})
    return out


def _actors(analysis: dict, anns: list[Ann]) -> list[dict]:
    """The actors, and their mentions' highlights."""
    out = []
    for i, a in enumerate(analysis.get("actors", [])):
        for m in a.get("mentions", []):
            anns.append((m["start"], m["end"], f"mention t-{a['type']}", f"a{i}"))
        out.append({"i": i, "id": a["id"], "name": a["name"], "type": a["type"], "country": a.get("country"),
                    "sector": a.get("sector"), "code": a.get("code"), "roles": a.get("roles", []),
                    "mentions": len(a.get("mentions", []))})
    return out


def _times(analysis: dict, anns: list[Ann]) -> list[dict]:
    out = []
    for i, t in enumerate(analysis.get("times", [])):
        anns.append((t["start"], t["end"], "time", f"t{i}"))
        out.append({"i": i, "text": t["text"], "type": t.get("type"), "value": t.get("value"), "start": t["start"]})
    return out


def _segmented(doc: dict, anns: list[Ann]) -> list[dict]:
    """The text's blocks, each cut into segments that know which annotations cover them."""
    text = doc["text"]
    anns = [a for a in anns if 0 <= a[0] < a[1] <= len(text)]
    blocks = []
    for kind, bs, be in _blocks(doc):
        inside = [a for a in anns if a[0] < be and a[1] > bs]
        cuts = sorted({bs, be} | {max(bs, a[0]) for a in inside} | {min(be, a[1]) for a in inside})
        segs = []
        for s, e in zip(cuts, cuts[1:]):
            cover = [a for a in inside if a[0] <= s and a[1] >= e]
            classes = sorted({c for a in cover for c in a[2].split()})
            refs = " ".join(dict.fromkeys(a[3] for a in cover))
            segs.append({"text": text[s:e], "cls": " ".join(classes), "refs": refs, "start": s})
        blocks.append({"kind": kind, "tag": BLOCK_TAGS.get(kind, "p"), "segments": segs, "html": _html(segs)})
    return blocks


def _headline(blocks: list[dict], doc: dict) -> list[dict]:
    """Take the head (title, dek) off the front of ``blocks``.

    The headline and dek open the page above the byline line: the text's own title and dek parts when
    it has them (highlighted like the rest), else the document's fields (a title given by JSON Lines).
    A "title" part that is not the document's title (the cleaner's guess at the first line, where the
    corpus gave the real title as a field) is the text's first paragraph, and the field the headline.
    """
    given = _norm(doc.get("title"))
    for b in blocks:
        if b["kind"] == "title" and given and _norm("".join(x["text"] for x in b["segments"])) != given:
            b.update(kind="paragraph", tag="p")
    head: list[dict] = []
    while blocks and blocks[0]["kind"] in ("title", "dek") and not any(b["kind"] == blocks[0]["kind"] for b in head):
        head.append(blocks.pop(0))
    return head


def _timeline(analysis: dict, times: list[dict]) -> list[dict]:
    try:  # the time stage's ordering of dated facts, when it is installed
        from ..schema import Analysis
        from ..time.link import timeline

        return [{"value": v, "label": label, "kind": k} for v, label, k in timeline(Analysis.model_validate(
            {k: v for k, v in analysis.items() if k != "source"}))]
    except Exception:  # noqa: BLE001 - the page stands without a timeline
        return sorted(({"value": t["value"], "label": t["text"], "kind": "time"} for t in times
                       if t.get("value") and t.get("type") == "DATE"), key=lambda r: r["value"])


def view(analysis: dict) -> dict[str, Any]:
    """Everything the article template and its script need, from one stored analysis."""
    doc = analysis["document"]
    actors = {a["id"]: a for a in analysis.get("actors", [])}
    anns: list[Ann] = []
    data = {"events": _events(analysis, actors, anns), "quotes": _quotes(analysis, actors, anns),
            "actors": _actors(analysis, anns), "times": _times(analysis, anns)}
    blocks = _segmented(doc, anns)
    head = _headline(blocks, doc)
    url = doc.get("url")
    return {
        "doc": {k: doc.get(k) for k in ("id", "title", "dek", "url", "published", "published_source", "publisher",
                                       "section", "agency", "byline", "language", "format")}
               | {"source": analysis.get("source"), "length": len(doc["text"]), "site": site(url, None),
                  "link": url if url and _WEB_URL.match(url) else None},
        "head": head,
        "has_title": any(b["kind"] == "title" for b in head),
        "has_dek": any(b["kind"] == "dek" for b in head),
        "blocks": blocks,
        "data": data,
        "timeline": _timeline(analysis, data["times"]),
        "boilerplate": doc.get("boilerplate", []),
        "warnings": analysis.get("warnings", []),
        "meta": {"pipeline": analysis.get("pipeline"), "cablegram_version": analysis.get("cablegram_version")},
    }
