""""Who wants what from whom": REQUEST/AID/AGREE/REJECT/... events grouped into lines for the brief."""

from __future__ import annotations

from collections import OrderedDict
from typing import Optional

from ..schema import Analysis, Event

# how each exchange type reads in a line, and which way the thing goes
VERBS = {
    "REQUEST": ("wants", "from"),
    "AID": ("gives", "to"),
    "AGREE": ("offers", "to"),
    "COOPERATE": ("cooperates on", "with"),
    "REJECT": ("refuses", "from"),  # "North Korea refuses offer from Russia"
    "CONCEDE": ("concedes", "to"),
    "RETREAT": ("yields", "to"),
}
HEDGE = {
    "possible": "possibly", "expected": "expected", "suspected": "suspected", "proposed": "proposed",
    "negated": "not", "hypothetical": "hypothetically", "reported": "reported",
}


def _name(analysis: Analysis, actor_id: Optional[str]) -> Optional[str]:
    if not actor_id:
        return None
    act = analysis.actor(actor_id)
    return act.name if act is not None else actor_id


def _country_level(analysis: Analysis, actor_id: str) -> str:
    """Group a state's people and agencies with the state ("Mr. Kim" and "North Korea" want alike)."""
    act = analysis.actor(actor_id)
    if act is not None and act.country and act.type != "anonymous" and analysis.actor(act.country) is not None:
        return act.country
    return actor_id


def wants(analysis: Analysis) -> list[dict]:
    """One entry per (who, kind, whom): what is wanted or offered, how sure, according to whom.

    Each entry: ``who`` (an actor id), ``whom`` (a tuple of actor ids, or None; at country level
    where the document has the country), ``kind`` (wants, gives, offers, ...), ``what`` (list of objects), ``modalities``,
    ``claimants`` (actor ids), ``events`` (event ids) and ``line``, a sentence for the brief.
    """
    groups: "OrderedDict[tuple, dict]" = OrderedDict()
    for ev in analysis.events:
        if ev.type not in VERBS or not ev.source:
            continue
        kind, _ = VERBS[ev.type]
        who = _country_level(analysis, ev.source[0])
        whom = tuple(dict.fromkeys(w for w in (_country_level(analysis, t) for t in ev.target) if w != who)) or None
        g = groups.setdefault((who, kind, whom), {
            "who": who, "kind": kind, "whom": whom, "type": ev.type, "what": [], "modalities": [],
            "claimants": [], "events": []})
        if ev.what and ev.what not in g["what"]:
            g["what"].append(ev.what)
        if ev.modality not in g["modalities"]:
            g["modalities"].append(ev.modality)
        if ev.claimant and ev.claimant not in g["claimants"]:
            g["claimants"].append(ev.claimant)
        g["events"].append(ev.id)
    out = []
    for g in groups.values():
        if not g["what"] and g["whom"] is None:
            continue  # nothing wanted or offered to anyone: not a line worth reading
        g["line"] = _line(analysis, g)
        out.append(g)
    return out


def _line(analysis: Analysis, g: dict) -> str:
    prep = VERBS[g["type"]][1]
    kind = g["kind"] if g["what"] or " " not in g["kind"] else g["kind"].split()[0]
    parts = [_name(analysis, g["who"]), kind]
    if g["what"]:
        parts.append("; ".join(g["what"][:3]))
    if g["whom"]:
        parts += [prep, ", ".join(_name(analysis, w) or w for w in g["whom"])]
    text = " ".join(p for p in parts if p)
    notes = [HEDGE[m] for m in g["modalities"] if m in HEDGE and m != "reported"]
    if g["claimants"]:
        notes.append("according to " + ", ".join(_name(analysis, c) or c for c in g["claimants"][:3]))
    return text + (f" ({'; '.join(notes)})" if notes else "")


def events_of(analysis: Analysis, event_ids: list[str]) -> list[Event]:
    index = {e.id: e for e in analysis.events}
    return [index[i] for i in event_ids if i in index]
