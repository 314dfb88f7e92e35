"""Score the flagship example against what a careful analyst reads out of it.

    python -m benchmarks.seed [--example ../shared/examples/kim-putin] [--details]

Metadata and boilerplate by exact value; actors by canonical id (or name);
quotes by overlap with the expected start of the content, then speaker; events
by type + source + target, then modality and claimant; times by value.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .common import ROOT, Skip, arg_parser, prf, run_main, table

DEFAULT_EXAMPLE = ROOT.parent / "shared" / "examples" / "kim-putin"


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def _ends(text: str, tail: str) -> bool:
    return _norm(text).rstrip("\"' ").endswith(_norm(tail).rstrip("\"' "))


def _ids(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


# -- actors -----------------------------------------------------------------------------------

def map_actors(analysis, expected: dict) -> dict[str, str]:
    """Predicted actor id -> expected actor id (by id, then by name, then by a distinctive mention)."""
    exp = expected.get("actors", [])
    by_id = {a["id"]: a for a in exp}
    by_name = {_norm(a["name"]): a["id"] for a in exp}
    mapping: dict[str, str] = {}
    for actor in analysis.actors:
        if actor.id in by_id:
            mapping[actor.id] = actor.id
        elif _norm(actor.name) in by_name:
            mapping[actor.id] = by_name[_norm(actor.name)]
    taken = set(mapping.values())
    for actor in analysis.actors:
        if actor.id in mapping:
            continue
        texts = {_norm(m.text) for m in actor.mentions}
        for a in exp:
            if a["id"] in taken:
                continue
            distinctive = {_norm(m) for m in a.get("mentions", []) if len(m) > 4} | {_norm(a["name"])}
            if texts & distinctive:
                mapping[actor.id] = a["id"]
                taken.add(a["id"])
                break
    return mapping


def score_actors(analysis, expected: dict, mapping: dict[str, str]) -> dict:
    exp = expected.get("actors", [])
    inverse: dict[str, list] = {}
    for pid, eid in mapping.items():
        inverse.setdefault(eid, []).append(analysis.actor(pid))
    rows = {"found": 0, "type": 0, "country": 0, "sector": 0, "mentions_found": 0, "mentions_total": 0}
    details = []
    for a in exp:
        preds = inverse.get(a["id"], [])
        code = (a.get("code") or "").split()
        want_country = a["id"] if a.get("type") == "country" else (code[0] if code and len(code[0]) == 3 and
                                                                  code[0] != "IGO" else None)
        want_sector = code[-1] if code and (len(code) == 2 or code[0] == "IGO") else None
        for m in a.get("mentions", []):
            rows["mentions_total"] += 1
            if any(_norm(m) in {_norm(x.text) for x in p.mentions} for p in preds):
                rows["mentions_found"] += 1
        if not preds:
            details.append(f"actor missing: {a['id']}")
            continue
        p = preds[0]
        rows["found"] += 1
        want_type = {"anonymous-source": "anonymous"}.get(a["type"], a["type"])
        rows["type"] += p.type == want_type or (want_type == "anonymous" and p.type == "group")
        rows["country"] += (p.country or None) == want_country or (want_country is None and not code)
        rows["sector"] += (p.sector or None) == want_sector or not want_sector
    # "Mr. Kim" must always be Kim Jong Un, never Kim Taewoo
    mr_kim = [mapping.get(a.id) for a in analysis.actors for m in a.mentions if _norm(m.text) == "mr. kim"]
    rows["mr_kim_right"] = sum(1 for x in mr_kim if x == "kim-jong-un")
    rows["mr_kim_total"] = len(mr_kim)
    rows["predicted"] = len(analysis.actors)
    rows["total"] = len(exp)
    rows["details"] = details
    return rows


# -- attributions ------------------------------------------------------------------------------

def _match_content(analysis, start_text: str, kinds: set[str], used: set[str]):
    key = _norm(start_text)
    best = None
    for q in analysis.attributions:
        if q.id in used or q.kind not in kinds:
            continue
        content = _norm(q.content.text)
        if content.startswith(key[:40]) or key.startswith(content[:40]) or key[:40] in content:
            best = q
            break
    return best


def score_quotes(analysis, expected: dict, mapping: dict[str, str], which: str) -> dict:
    items = expected.get(which, [])
    kinds = {"direct", "mixed"} if which == "direct_quotes" else {"indirect", "mixed"}
    used: set[str] = set()
    found = speaker_ok = cue_ok = 0
    details = []
    for item in items:
        start = item.get("text_starts") or item.get("content_starts")
        q = _match_content(analysis, start, kinds | ({"direct"} if which == "indirect_quotes" else set()), used)
        if q is None:
            details.append(f"{which[:-7]} missing: {start[:60]}")
            continue
        used.add(q.id)
        found += 1
        if mapping.get(q.speaker) == item["speaker"]:
            speaker_ok += 1
        else:
            details.append(f"{which[:-7]} speaker {q.speaker!r} != {item['speaker']}: {start[:50]}")
        if item.get("cue") and q.cue and _norm(item["cue"]) in _norm(q.cue.text):
            cue_ok += 1
    predicted = sum(1 for q in analysis.attributions if q.kind in kinds)
    return {"found": found, "speaker": speaker_ok, "cue": cue_ok, "total": len(items),
            "cues_total": sum(1 for i in items if i.get("cue")), "predicted": predicted, "details": details}


# -- events ------------------------------------------------------------------------------------

def score_events(analysis, expected: dict, mapping: dict[str, str]) -> dict:
    items = expected.get("events", [])
    used: set[str] = set()
    found = modality = claimant = both = 0
    details = []
    for item in items:
        src, tgt = set(_ids(item.get("source"))), set(_ids(item.get("target")))
        candidates = []
        for e in analysis.events:
            if e.id in used or e.type != item["type"]:
                continue
            psrc = {mapping.get(x, x) for x in e.source}
            ptgt = {mapping.get(x, x) for x in e.target}
            if (src & psrc) and (tgt & ptgt):
                # among events with the right dyad, prefer the one that also has the right modality and claimant
                fit = (e.modality == item.get("modality")) + (mapping.get(e.claimant, e.claimant) == item.get("according_to"))
                candidates.append((-fit, len(candidates), e))
        hit = min(candidates)[2] if candidates else None
        if hit is None:
            details.append(f"event missing: {item['type']} {sorted(src)} -> {sorted(tgt)}")
            continue
        used.add(hit.id)
        found += 1
        m_ok = hit.modality == item.get("modality")
        c_ok = mapping.get(hit.claimant, hit.claimant) == item.get("according_to")
        modality += m_ok
        claimant += c_ok
        both += m_ok and c_ok
        if not (m_ok and c_ok):
            details.append(f"event {item['type']} {sorted(src)}->{sorted(tgt)}: modality {hit.modality} "
                           f"(want {item.get('modality')}), claimant {hit.claimant} (want {item.get('according_to')})")
    return {"found": found, "modality": modality, "claimant": claimant, "both": both, "total": len(items),
            "predicted": len(analysis.events), "details": details}


# -- times and document ------------------------------------------------------------------------

def score_times(analysis, expected: dict) -> dict:
    items = expected.get("times", [])
    found = value_ok = 0
    details = []
    for item in items:
        key = _norm(item["text"])
        hits = [t for t in analysis.times if _norm(t.text) in key or key in _norm(t.text)]
        if not hits:
            details.append(f"time missing: {item['text']}")
            continue
        found += 1
        if any(str(t.value) == str(item["value"]) for t in hits):
            value_ok += 1
        else:
            details.append(f"time {item['text']!r}: {[t.value for t in hits]} != {item['value']}")
    return {"found": found, "value": value_ok, "total": len(items), "predicted": len(analysis.times),
            "details": details}


def score_document(analysis, expected: dict, article: str) -> dict:
    want = expected.get("document", {})
    doc = analysis.document
    got = {
        "title": doc.title, "dek": doc.dek, "url": doc.url, "published": doc.published,
        "section": doc.section, "publisher": doc.publisher, "source_agency": doc.agency,
        "photo_credit": doc.photo_credit,
    }
    checks = {}
    for key, value in got.items():
        if key in want:
            checks[key] = _norm(str(value or "")) == _norm(str(want[key]))
    if "photo_caption_starts" in want:
        checks["caption"] = _norm(doc.caption or "").startswith(_norm(want["photo_caption_starts"]))
    paragraphs = [doc.text[p.start:p.end] for p in doc.parts if p.kind == "paragraph"]
    if "body_starts" in want:
        checks["body_starts"] = bool(paragraphs) and _norm(paragraphs[0]).startswith(_norm(want["body_starts"]))
    if "body_ends" in want:
        checks["body_ends"] = bool(paragraphs) and _ends(paragraphs[-1], want["body_ends"])
    if "section_headings" in want:
        checks["section_headings"] = [_norm(h) for h in doc.headings] == [_norm(h) for h in want["section_headings"]]
    text = _norm(doc.text)
    removed = [line for line in want.get("boilerplate_not_in_body", []) if _norm(line) not in text]
    # every body line of the input between the expected start and end must be kept
    body_lines = []
    if "body_starts" in want and "body_ends" in want:
        lines = [line.strip() for line in article.splitlines() if line.strip()]
        try:
            i = next(k for k, line in enumerate(lines) if _norm(line).startswith(_norm(want["body_starts"])))
            j = next(k for k, line in enumerate(lines) if _ends(line, want["body_ends"]))
            body_lines = lines[i:j + 1]
        except StopIteration:
            pass
    kept = [line for line in body_lines if _norm(line) in text]
    return {"checks": checks, "boilerplate_removed": len(removed),
            "boilerplate_total": len(want.get("boilerplate_not_in_body", [])),
            "body_kept": len(kept), "body_total": len(body_lines),
            "details": [f"metadata wrong: {k} = {got.get(k, None)!r}" for k, ok in checks.items() if not ok]
            + [f"boilerplate kept: {line}" for line in want.get("boilerplate_not_in_body", [])
               if line not in removed]
            + [f"body line lost: {line[:60]}" for line in body_lines if line not in kept]}


def score(analysis, expected: dict, article: str) -> dict:
    mapping = map_actors(analysis, expected)
    return {
        "document": score_document(analysis, expected, article),
        "actors": score_actors(analysis, expected, mapping),
        "direct": score_quotes(analysis, expected, mapping, "direct_quotes"),
        "indirect": score_quotes(analysis, expected, mapping, "indirect_quotes"),
        "events": score_events(analysis, expected, mapping),
        "times": score_times(analysis, expected),
    }


def report(result: dict) -> str:
    d, a, q, iq, e, t = (result[k] for k in ("document", "actors", "direct", "indirect", "events", "times"))
    rows = []

    def row(part, found, total, predicted=None):
        p, r, f = prf(found, predicted if predicted is not None else total, total)
        rows.append([part, f"{found}/{total}", p if predicted is not None else None, r, f if predicted is not None else None])

    checks = d["checks"]
    row("metadata fields", sum(checks.values()), len(checks))
    row("boilerplate lines removed", d["boilerplate_removed"], d["boilerplate_total"])
    row("body lines kept", d["body_kept"], d["body_total"])
    row("actors found", a["found"], a["total"], a["predicted"])
    row("  … with right type", a["type"], a["total"])
    row("  … with right country", a["country"], a["total"])
    row("  … with right sector", a["sector"], a["total"])
    row("  mentions resolved", a["mentions_found"], a["mentions_total"])
    row("  'Mr. Kim' → Kim Jong Un", a["mr_kim_right"], a["mr_kim_total"])
    row("direct quotes found", q["found"], q["total"], q["predicted"])
    row("  … right speaker", q["speaker"], q["total"])
    row("indirect attributions found", iq["found"], iq["total"], iq["predicted"])
    row("  … right speaker", iq["speaker"], iq["total"])
    row("  … right cue", iq["cue"], iq["cues_total"])
    row("events type+source+target", e["found"], e["total"], e["predicted"])
    row("  … + modality", e["modality"], e["total"])
    row("  … + claimant", e["claimant"], e["total"])
    row("  … + modality + claimant", e["both"], e["total"])
    row("times found", t["found"], t["total"], t["predicted"])
    row("  … right value", t["value"], t["total"])
    return table(["part", "right", "precision", "recall", "F1"], rows)


def main(argv: list[str] | None = None) -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--example", default=str(DEFAULT_EXAMPLE), help="folder with article.txt and expected.yaml")
    p.add_argument("--details", action="store_true", help="list what was missed")
    args = p.parse_args(argv)
    import yaml

    import cablegram

    folder = Path(args.example)
    if not (folder / "expected.yaml").exists():
        raise Skip(f"{folder}/expected.yaml not found")
    article = (folder / "article.txt").read_text(encoding="utf-8")
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    analysis = cablegram.analyze(article)
    result = score(analysis, expected, article)
    print(report(result))
    if args.details:
        for part in result.values():
            for line in part.get("details", []):
                print("  -", line)
    return 0


if __name__ == "__main__":
    run_main(lambda: main(sys.argv[1:]))
