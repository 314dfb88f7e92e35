"""Score ``analyze()`` on whole articles against analysts' readings.

    python -m benchmarks.readings [--examples ../shared/examples] [--details] [--only NAME] [--jobs N]

The readings are the flagship (``kim-putin/expected.yaml``) and the Wikinews readings
(``wikinews/*.yaml``, each the record of ``data/corpora/wikinews-2019-2021`` named by its
``document.id``, analysed with the reading's ``published`` and the record's ``url`` and ``title``).
Scoring follows ``../shared/examples/README.md``: recall of actors, of direct and indirect quotes
with the right speaker, of events by type + source + target at country and at actor level (then
+ modality + claimant), of times by value (a time is found when some time of the analysis names the
same calendar days: "2019-W24" is the reading's "2019-06-10/2019-06-16"; the figure with the same
notation only is shown beside it); and precision of the analysis' two-party events at
country level. Figures are given for the Wikinews readings (what the gate pins), the flagship, and
all together. Nothing here is fitted: the benchmark only reads what ``analyze()`` returns.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from cablegram.dates import interval

from .common import ROOT, Skip, arg_parser, digest_files, prf, run_main, table

DEFAULT_EXAMPLES = ROOT.parent / "shared" / "examples"
WIKINEWS = ("corpora", "wikinews-2019-2021", "articles.jsonl.gz")
PREFIX = 30  # characters of a quote's start that must be found


def norm(text: str) -> str:
    text = (text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def ids(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


# -- a reading ---------------------------------------------------------------------------------

@dataclass
class Reading:
    name: str
    expected: dict
    text: str
    url: Optional[str] = None
    published: Optional[str] = None
    title: Optional[str] = None
    flagship: bool = False
    actors: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.actors = {a["id"]: a for a in self.expected.get("actors", [])}


def load_readings(examples: Path, data: Path, only: Optional[str] = None) -> list[Reading]:
    """The flagship and every Wikinews reading whose article is in the corpus."""
    readings: list[Reading] = []
    flagship = examples / "kim-putin"
    if (flagship / "expected.yaml").exists():
        import yaml

        expected = yaml.safe_load((flagship / "expected.yaml").read_text(encoding="utf-8"))
        readings.append(Reading("kim-putin", expected, (flagship / "article.txt").read_text(encoding="utf-8"),
                                flagship=True))
    files = sorted((examples / "wikinews").glob("*.yaml"))
    if files:
        import yaml

        corpus = data.joinpath(*WIKINEWS)
        if not corpus.exists():
            raise Skip(f"{corpus} not found (pass --data PATH to the shared data)")
        records = {}
        with gzip.open(corpus, "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                records[record["id"]] = record
        for path in files:
            expected = yaml.safe_load(path.read_text(encoding="utf-8"))
            doc = expected.get("document", {})
            record = records.get(doc.get("id"))
            if record is None:
                continue
            readings.append(Reading(path.stem, expected, record["text"], url=record.get("url"),
                                    published=str(doc.get("published") or record.get("date") or "") or None,
                                    title=record.get("title")))
    if not readings:
        raise Skip(f"no readings under {examples}")
    if only:
        readings = [r for r in readings if only in r.name]
    return readings


# -- matching ------------------------------------------------------------------------------------

def _country_of(actor: dict) -> Optional[str]:
    """A reading actor's country: its id for a country, else the first part of its code."""
    if actor.get("type") == "country":
        return actor["id"]
    code = (actor.get("code") or "").split()
    if code and len(code[0]) == 3 and code[0] != "IGO":
        return code[0]
    return None


def _names(actor: dict) -> set[str]:
    names = {norm(actor.get("name", ""))} | {norm(a) for a in actor.get("aliases", [])}
    names |= {norm(m) for m in actor.get("mentions", []) if len(m) > 3}
    names.add(norm(re.sub(r"\s*\(.*?\)", "", actor.get("name", ""))))
    return {n for n in names if n}


def _match_words(actor: dict) -> list[str]:
    words = actor.get("match")
    if words:
        return [norm(w) for w in words]
    base = re.sub(r"\s*\(.*?\)", "", actor.get("name", ""))
    return [norm(w) for w in re.findall(r"[A-Za-z]{4,}", base)[-1:]]


def actor_matches(pred, want: dict) -> bool:
    """Whether a predicted actor is the reading's actor (README: by code, name, alias or match word)."""
    if want.get("type") == "country":
        return pred.type == "country" and (pred.country == want["id"] or pred.id == want["id"])
    if want.get("type") == "anonymous-source":
        name = norm(pred.name)
        return pred.type == "anonymous" and any(w in name for w in _match_words(want))
    name = norm(pred.name)
    names = _names(want)
    if name in names:
        return True
    if want.get("type") == "person" and pred.type == "person":
        if any(n in name for n in names if " " in n):
            return True
        mine, theirs = name.split(), norm(want.get("name", "")).split()
        if len(mine) >= 2 and len(theirs) >= 2 and mine[0] == theirs[0] and mine[-1] == theirs[-1]:
            return True
    return False


def side_matches(pred_ids: list[str], want_ids: list[str], reading: Reading, by_id: dict, country: bool) -> bool:
    """Each listed actor of the reading matched by some actor on the analysis' side."""
    if not want_ids:
        return True
    preds = [by_id[i] for i in pred_ids if i in by_id]
    for wid in want_ids:
        want = reading.actors.get(wid, {"id": wid, "name": wid, "type": "country" if len(wid) == 3 and wid.isupper()
                                         else "organization"})
        c = _country_of(want) if country else None
        # the actor itself always counts; at country level an actor of its country counts too
        ok = any(actor_matches(p, want) for p in preds)
        if c and not ok:
            ok = any((p.country or (p.id if p.type == "country" else None)) == c for p in preds)
        if not ok:
            return False
    return True


def speaker_matches(att, speaker_id: str, reading: Reading, by_id: dict) -> bool:
    pred = by_id.get(att.speaker) if att.speaker else None
    want = reading.actors.get(speaker_id)
    return pred is not None and want is not None and actor_matches(pred, want)


# -- scoring one reading ---------------------------------------------------------------------------

def score(analysis, reading: Reading) -> dict:
    by_id = {a.id: a for a in analysis.actors}
    exp = reading.expected
    out: dict = {"details": []}
    detail = out["details"].append

    # actors
    found = 0
    for want in exp.get("actors", []):
        if any(actor_matches(p, want) for p in analysis.actors):
            found += 1
        else:
            detail(f"actor missing: {want['id']} ({want.get('name')})")
    out["actors"] = (found, len(exp.get("actors", [])))

    # quotes: direct by start, indirect by containment; then the speaker
    for part, key, starts in (("direct", "text_starts", True), ("indirect", "content_starts", False)):
        items = exp.get(f"{part}_quotes", [])
        content_ok = speaker_ok = 0
        for item in items:
            prefix = norm(item[key])[:PREFIX]
            hits = [q for q in analysis.attributions
                    if (norm(q.content.text).lstrip("\"' ").startswith(prefix) if starts else prefix in norm(q.content.text))]
            if not hits:
                detail(f"{part} quote missing: {item[key][:60]!r} ({item.get('speaker')})")
                continue
            content_ok += 1
            if any(speaker_matches(q, item.get("speaker"), reading, by_id) for q in hits):
                speaker_ok += 1
            else:
                got = {by_id[q.speaker].name if q.speaker in by_id else None for q in hits}
                detail(f"{part} quote speaker {sorted(map(str, got))} != {item.get('speaker')}: {item[key][:50]!r}")
        out[part] = (speaker_ok, content_ok, len(items))

    # events: one analysis event per reading event, the best-fitting one
    items = exp.get("events", [])
    counts = {"country": 0, "actor": 0, "modality": 0, "claimant": 0, "both": 0}
    used: set[str] = set()
    for item in items:
        types = set(str(item["type"]).split("|"))
        src, tgt = ids(item.get("source")), ids(item.get("target"))
        best, best_fit = None, None
        for e in analysis.events:
            if e.id in used or e.type not in types:
                continue
            if not (side_matches(e.source, src, reading, by_id, True) and side_matches(e.target, tgt, reading, by_id, True)):
                continue
            actor_level = side_matches(e.source, src, reading, by_id, False) and side_matches(e.target, tgt, reading, by_id, False)
            m_ok = e.modality == item.get("modality")
            c_ok = _claimant_ok(e, item, reading, by_id)
            fit = (actor_level, m_ok and c_ok, m_ok, c_ok)
            if best_fit is None or fit > best_fit:
                best, best_fit = e, fit
        if best is None:
            detail(f"event missing: {item['type']} {src} -> {tgt} ({item.get('evidence', '')[:50]!r})")
            continue
        used.add(best.id)
        actor_level, both, m_ok, c_ok = best_fit
        counts["country"] += 1
        counts["actor"] += actor_level
        counts["modality"] += m_ok
        counts["claimant"] += c_ok
        counts["both"] += both
        if not both:
            detail(f"event {item['type']} {src}->{tgt}: modality {best.modality} (want {item.get('modality')}), "
                   f"claimant {best.claimant} (want {item.get('according_to')})")
    counts["total"] = len(items)
    out["events"] = counts

    # precision of two-party events at country level
    two_party = [e for e in analysis.events if e.source and e.target]
    right = 0
    for e in two_party:
        ok = any(e.type in set(str(item["type"]).split("|"))
                 and side_matches(e.source, ids(item.get("source")), reading, by_id, True)
                 and side_matches(e.target, ids(item.get("target")), reading, by_id, True)
                 and ids(item.get("target"))
                 for item in items)
        right += ok
        if not ok:
            names = lambda xs: [by_id[x].name if x in by_id else x for x in xs]  # noqa: E731
            detail(f"event not in reading: {e.type} {names(e.source)} -> {names(e.target)}: {e.evidence.text[:70]!r}")
    out["precision"] = (right, len(two_party))

    # times by value: the same calendar days (cablegram.dates.interval: "2019-W24" is 2019-06-10/2019-06-16,
    # "2019-09-09TNI" the day 2019-09-09), and, as a second figure, the same notation
    items = exp.get("times", [])
    values = {str(t.value) for t in analysis.times if t.value}
    days = {iv[:2] for v in values if (iv := interval(v))}
    ok = same = 0
    for item in items:
        want = str(item["value"])
        same += want in values
        if want in values or ((iv := interval(want)) and iv[:2] in days):
            ok += 1
        else:
            got = [t.value for t in analysis.times if norm(t.text) in norm(item["text"]) or norm(item["text"]) in norm(t.text)]
            detail(f"time {item['text']!r} = {item['value']}: got {got}")
    out["times_notation"] = (same, len(items))
    out["times"] = (ok, len(items))
    return out


def _claimant_ok(event, item: dict, reading: Reading, by_id: dict) -> bool:
    want = item.get("according_to")
    if not want:
        return event.claimant is None
    pred = by_id.get(event.claimant) if event.claimant else None
    want_actor = reading.actors.get(want)
    return pred is not None and want_actor is not None and actor_matches(pred, want_actor)


# -- the run ---------------------------------------------------------------------------------------

def analyse(reading: Reading):
    import cablegram

    return cablegram.analyze(reading.text, url=reading.url, published=reading.published, title=reading.title)


def _analyse_all(readings: list[Reading], jobs: int) -> list:
    if jobs <= 1 or len(readings) < 2:
        return [analyse(r) for r in readings]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(analyse, readings))


def totals(results: Iterable[dict]) -> dict:
    t = {"actors": [0, 0], "direct": [0, 0, 0], "indirect": [0, 0, 0], "precision": [0, 0], "times": [0, 0],
         "times_notation": [0, 0],
         "events": {"country": 0, "actor": 0, "modality": 0, "claimant": 0, "both": 0, "total": 0}}
    for r in results:
        for key in ("actors", "direct", "indirect", "precision", "times", "times_notation"):
            t[key] = [a + b for a, b in zip(t[key], r[key])]
        for k in t["events"]:
            t["events"][k] += r["events"][k]
    return t


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def metrics(t: dict) -> dict[str, float]:
    e = t["events"]
    p = _ratio(*t["precision"])
    r = _ratio(e["country"], e["total"])
    return {
        "actors": _ratio(*t["actors"]),
        "direct_speaker": _ratio(t["direct"][0], t["direct"][2]),
        "direct_content": _ratio(t["direct"][1], t["direct"][2]),
        "indirect_speaker": _ratio(t["indirect"][0], t["indirect"][2]),
        "indirect_content": _ratio(t["indirect"][1], t["indirect"][2]),
        "events_country": r,
        "events_actor": _ratio(e["actor"], e["total"]),
        "events_mod_claim": _ratio(e["both"], e["total"]),
        "events_precision": p,
        "events_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "times": _ratio(*t["times"]),
        "times_notation": _ratio(*t["times_notation"]),
    }


def report(groups: dict[str, dict]) -> str:
    """One column per group of readings (Wikinews, flagship, all)."""
    names = list(groups)
    rows = []

    def row(label, get):
        rows.append([label] + [get(groups[n]) for n in names])

    frac = lambda a, b: f"{a}/{b} = {_ratio(a, b):.3f}"  # noqa: E731
    row("actors found", lambda t: frac(*t["actors"]))
    row("direct quotes, content found", lambda t: frac(t["direct"][1], t["direct"][2]))
    row("direct quotes, right speaker", lambda t: frac(t["direct"][0], t["direct"][2]))
    row("indirect quotes, content found", lambda t: frac(t["indirect"][1], t["indirect"][2]))
    row("indirect quotes, right speaker", lambda t: frac(t["indirect"][0], t["indirect"][2]))
    row("events type+source+target (country)", lambda t: frac(t["events"]["country"], t["events"]["total"]))
    row("events type+source+target (actor)", lambda t: frac(t["events"]["actor"], t["events"]["total"]))
    row("  … + modality", lambda t: frac(t["events"]["modality"], t["events"]["total"]))
    row("  … + claimant", lambda t: frac(t["events"]["claimant"], t["events"]["total"]))
    row("  … + modality + claimant", lambda t: frac(t["events"]["both"], t["events"]["total"]))
    row("two-party events in the reading (precision)", lambda t: frac(*t["precision"]))
    row("times, right value (same days)", lambda t: frac(*t["times"]))
    row("times, right value (same notation)", lambda t: frac(*t["times_notation"]))
    return table(["part"] + names, rows)


def run(data: Path, examples: Path = DEFAULT_EXAMPLES, *, only: Optional[str] = None, jobs: int = 1,
        details: bool = False, per_reading: bool = False) -> tuple[dict, str]:
    readings = load_readings(examples, data, only)
    analyses = _analyse_all(readings, jobs)
    results = {r.name: score(a, r) for r, a in zip(readings, analyses)}
    lines = []
    if details:
        for name, res in results.items():
            lines.append(f"## {name}")
            lines += [f"  - {d}" for d in res["details"]]
    wiki = [results[r.name] for r in readings if not r.flagship]
    flag = [results[r.name] for r in readings if r.flagship]
    groups = {}
    if wiki:
        groups[f"Wikinews ({len(wiki)})"] = totals(wiki)
    if flag:
        groups["flagship"] = totals(flag)
    if wiki and flag:
        groups["all"] = totals(wiki + flag)
    if per_reading:
        one = {r.name[:24]: totals([results[r.name]]) for r in readings}
        lines.append(report(one))
        lines.append("")
    lines.append(report(groups))
    figures = {}
    if wiki:
        figures.update({f"wikinews_{k}": v for k, v in metrics(totals(wiki)).items()})
    if flag:
        figures.update({f"flagship_{k}": v for k, v in metrics(totals(flag)).items()})
    return figures, "\n".join(lines)


def gate(data_dir: Path) -> tuple[dict[str, float], str]:
    readings = load_readings(DEFAULT_EXAMPLES, Path(data_dir))
    figures, _ = run(Path(data_dir), jobs=2)
    files = [DEFAULT_EXAMPLES / "kim-putin" / "expected.yaml"] + sorted((DEFAULT_EXAMPLES / "wikinews").glob("*.yaml"))
    return figures, digest_files(p for p in files if p.exists()) + f"-{len(readings)}"


def main(argv: Optional[list[str]] = None) -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--examples", default=str(DEFAULT_EXAMPLES), help="folder of the readings")
    p.add_argument("--only", default=None, help="score only readings whose name contains this")
    p.add_argument("--details", action="store_true", help="list what was missed and what is extra")
    p.add_argument("--per-reading", action="store_true", help="a column per reading too")
    p.add_argument("--jobs", type=int, default=2, help="processes analysing the articles")
    args = p.parse_args(argv)
    _, text = run(Path(args.data), Path(args.examples), only=args.only, jobs=args.jobs,
                  details=args.details, per_reading=args.per_reading)
    print(text)
    return 0


if __name__ == "__main__":
    run_main(lambda: main(sys.argv[1:]))
