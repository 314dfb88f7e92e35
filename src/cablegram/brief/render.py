"""The brief: what an analyst reads first — actors, who wants what from whom, who said what, events, timeline.

Both renderings are built from :func:`brief_sections`, one plain-data view of
an :class:`~cablegram.schema.Analysis`, so Markdown and HTML never disagree.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Optional

from ..schema import Analysis

_CALENDAR = re.compile(r"^\d{4}")  # a date value (not PRESENT_REF, a duration or a set)


def _name(analysis: Analysis, actor_id: Optional[str]) -> str:
    if not actor_id:
        return ""
    actor = analysis.actor(actor_id)
    return actor.name if actor else actor_id


def _names(analysis: Analysis, ids: list[str]) -> str:
    return ", ".join(_name(analysis, i) for i in ids) or "?"


def _when(event) -> str:
    d = event.date
    if d and d.value and not d.report_date and _CALENDAR.match(d.value):
        return d.value
    return ""


def brief_sections(analysis: Analysis) -> dict:
    """The brief as plain data: header, actors, wants, quotes, events, timeline, boilerplate summary."""
    doc = analysis.document
    header = {k: getattr(doc, k) for k in ("title", "dek", "url", "published", "section", "publisher",
                                            "agency", "byline", "photo_credit", "caption")}
    header["headings"] = list(doc.headings)
    actors = [
        {"id": a.id, "name": a.name, "type": a.type, "code": a.code or "", "roles": "; ".join(a.roles),
         "mentions": len(a.mentions)}
        for a in sorted(analysis.actors, key=lambda a: (-len(a.mentions), a.name))
    ]
    # the events table lists events with both parties; one-party events are counted, not listed
    events = [
        {"type": e.type, "mode": e.mode or "", "source": _names(analysis, e.source),
         "target": _names(analysis, e.target), "what": e.what or "", "modality": e.modality,
         "claimant": _name(analysis, e.claimant), "when": _when(e),
         "place": e.place or "", "evidence": e.evidence.text, "start": e.evidence.start}
        for e in analysis.events if e.source and e.target
    ]
    partial = sum(1 for e in analysis.events if not (e.source and e.target))
    from ..events import wants as group_wants

    wants = [{"line": w["line"], "type": w["type"]} for w in group_wants(analysis)]
    # a reported wish ("Russia seeks to quash …") is what its speaker wants, not something said
    for q in sorted((q for q in analysis.attributions if q.intent), key=lambda q: q.content.start):
        actor = analysis.actor(q.speaker) if q.speaker else None
        who = actor.name if actor else (q.speaker_span.text if q.speaker_span else "(unattributed)")
        cue = f" ({q.cue.text})" if q.cue else ""
        wants.append({"line": f"{who}{cue}: {q.content.text}", "type": "intent"})
    speakers = {}
    for q in analysis.attributions:
        if not q.intent:
            speakers.setdefault(q.speaker or "", []).append(q)
    quotes = []
    for speaker, items in speakers.items():
        actor = analysis.actor(speaker) if speaker else None
        quotes.append({
            "speaker": actor.name if actor else "(unattributed)",
            "role": "; ".join(actor.roles) if actor else "",
            "kind": actor.type if actor else "",
            "items": [{"kind": q.kind, "text": q.content.text, "cue": q.cue.text if q.cue else ""}
                      for q in sorted(items, key=lambda q: q.content.start)],
        })
    from ..time import timeline as time_line

    timeline = [{"when": value, "what": label, "kind": kind} for value, label, kind in time_line(analysis)]
    kinds: dict[str, int] = {}
    for b in doc.boilerplate:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    return {"header": header, "actors": actors, "wants": wants, "quotes": quotes, "events": events,
            "partial_events": partial,
            "timeline": timeline, "times": [{"text": t.text, "value": t.value} for t in analysis.times
                      if not (t.value or "").endswith("_REF")],
            "boilerplate": kinds, "warnings": list(analysis.warnings)}


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def render_markdown(analysis: Analysis) -> str:
    s = brief_sections(analysis)
    h = s["header"]
    out = [f"# {h['title'] or '(untitled)'}", ""]
    if h["dek"]:
        out += [f"*{_clip(h['dek'], 400)}*", ""]
    facts = [v for v in (h["published"], h["section"], h["publisher"],
                         f"via {h['agency']}" if h["agency"] else None, h["byline"]) if v]
    if facts:
        out += [" · ".join(facts), ""]
    if h["url"]:
        out += [f"<{h['url']}>", ""]
    if s["wants"]:
        out += ["## Who wants what from whom", ""]
        for w in s["wants"]:
            out.append(f"- {w['line']}")
        out.append("")
    if s["quotes"]:
        out += ["## Who said what", ""]
        for q in s["quotes"]:
            role = f", {q['role']}" if q["role"] else ""
            out.append(f"- **{q['speaker']}**{role}")
            for item in q["items"]:
                mark = "“" + _clip(item["text"]) + "”" if item["kind"] == "direct" else _clip(item["text"])
                cue = f" ({item['cue']})" if item["cue"] else ""
                out.append(f"  - {mark}{cue}")
        out.append("")
    if s["events"]:
        out += ["## Events", "", "| type | source → target | what | modality | according to | when |",
                "|---|---|---|---|---|---|"]
        for e in s["events"]:
            out.append("| " + " | ".join(_md_escape(x) for x in (
                e["type"] + (f" ({e['mode']})" if e["mode"] else ""), f"{e['source']} → {e['target']}",
                e["what"], e["modality"], e["claimant"], e["when"])) + " |")
        out.append("")
    if s["partial_events"]:
        out += [f"*{s['partial_events']} more events name only one party (`--format json` lists them).*", ""]
    if s["timeline"]:
        out += ["## Timeline", ""]
        for t in s["timeline"]:
            mark = " (expected)" if t["kind"] == "expected" else ""
            out.append(f"- **{t['when']}**{mark} {t['what']}")
        out.append("")
    if s["actors"]:
        out += ["## Actors", "", "| actor | type | code | roles | mentions |", "|---|---|---|---|---|"]
        for a in s["actors"]:
            out.append("| " + " | ".join(_md_escape(str(x)) for x in (
                a["name"], a["type"], a["code"], a["roles"], a["mentions"])) + " |")
        out.append("")
    if s["times"]:
        out += ["## Dates in the text", ""]
        out.append(", ".join(f"{t['text']} = {t['value'] or '?'}" for t in s["times"]))
        out.append("")
    if s["boilerplate"]:
        total = sum(s["boilerplate"].values())
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(s["boilerplate"].items()))
        out += [f"*Removed as not the article: {total} blocks ({kinds}).*", ""]
    for w in s["warnings"]:
        out.append(f"> warning: {w}")
    return "\n".join(out).rstrip() + "\n"


@cache
def _template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("cablegram.brief", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return env.get_template("brief.html")


def render_html(analysis: Analysis) -> str:
    """A self-contained HTML page (no scripts; all article text escaped)."""
    return _template().render(s=brief_sections(analysis), text=analysis.document.text)
