"""Time expressions: TempEval-3 (TimeBank + AQUAINT training set), MEANTIME and the example's ``times``.

Extraction F1 with strict (same span) and relaxed (overlapping span) matching, and
value accuracy over relaxed matches (TempEval-3's measures), for cablegram's time
stage and for dateparser's ``search_dates`` alone, anchored on each document's DCT.
MEANTIME (Wikinews, annotated in another project's style) checks that rules tuned on
TimeBank carry over. "seconds" includes spaCy's parse; "time-stage s" is the stage alone.

    .venv/bin/python -m benchmarks.time [--data PATH] [--limit N] [--no-baseline]
"""

from __future__ import annotations

import html
import re
import time as _time
from datetime import datetime
from pathlib import Path

from benchmarks.common import Skip, arg_parser, data_path, digest_files, overlap, prf, run_main, table

STAGE_SECONDS: dict[str, float] = {}  # time spent in the time stage itself (no spaCy parsing)
TEMPEVAL = ("time", "tempeval3", "Training", "TBAQ-cleaned")
EXAMPLE_PUBLISHED = "2023-09-06"
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_tml(path: Path) -> tuple[str, str, list[dict]]:
    """``(text, dct, gold)`` of a TimeML file: the TEXT element with tags stripped, offsets into it."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r'<DCT>.*?value="([^"]+)"', raw, re.S)
    dct = dct_m.group(1)[:10] if dct_m else None
    body = raw.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    out: list[str] = []
    pos = 0
    gold: list[dict] = []
    open_timex = None
    i = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[i:m.start()])
        out.append(chunk)
        pos += len(chunk)
        i = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = dict(_ATTR.findall(m.group(3)))
            open_timex["start"] = pos
        elif open_timex is not None:
            open_timex["end"] = pos
            gold.append(open_timex)
            open_timex = None
    out.append(html.unescape(body[i:]))
    text = "".join(out)
    for g in gold:
        g["text"] = text[g["start"]:g["end"]]
    return text, dct, gold


MEANTIME = ("corpora", "meantime-en", "intra_cross-doc_annotation")
MEANTIME_SENTENCES = 5
_NO_SPACE_BEFORE = {",", ".", ":", ";", "?", "!", "%", ")", "'s", "n't", "'", "’s"}


def read_meantime(path: Path) -> tuple[str, str, list[dict]]:
    """``(text, dct, gold)`` of a MEANTIME (NAF-style) file: tokens joined back into text, one line a sentence.

    Only the title, the dateline and the first sentences carry time annotation (sentences 0-5 in MEANTIME's
    numbering), so the text stops there.
    """
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos, sent, prev = 0, None, None
    for tok in root.iter("token"):
        if int(tok.get("sentence", 0)) > MEANTIME_SENTENCES:
            break
        word = tok.text or ""
        if sent is not None and tok.get("sentence") != sent:
            sep = "\n"
        elif prev is None or word in _NO_SPACE_BEFORE or prev in ("(", "$"):
            sep = ""
        else:
            sep = " "
        parts.append(sep + word)
        pos += len(sep)
        offsets[tok.get("t_id")] = (pos, pos + len(word))
        pos += len(word)
        sent, prev = tok.get("sentence"), word
    text = "".join(parts)
    gold, dct = [], None
    for tx in root.iter("TIMEX3"):
        ids = [a.get("t_id") for a in tx.findall("token_anchor")]
        if tx.get("functionInDocument") == "CREATION_TIME":
            dct = (tx.get("value") or "")[:10] or None
        if not ids or any(i not in offsets for i in ids):
            continue
        start, end = offsets[ids[0]][0], offsets[ids[-1]][1]
        gold.append({"start": start, "end": end, "value": tx.get("value"), "text": text[start:end]})
    return text, dct, gold


def score(pred: list[list[tuple[int, int, str | None]]], gold: list[list[tuple[int, int, str]]]) -> dict[str, float]:
    """Strict/relaxed P, R, F1 and value accuracy over relaxed matches (one-to-one, greedy by overlap)."""
    n_pred = sum(len(p) for p in pred)
    n_gold = sum(len(g) for g in gold)
    strict = relaxed = value_ok = 0
    for ps, gs in zip(pred, gold):
        used: set[int] = set()
        for gs_, ge, gv in gs:
            best, best_ov = None, 0
            for j, (ps_, pe, pv) in enumerate(ps):
                if j in used:
                    continue
                ov = overlap((gs_, ge), (ps_, pe))
                if ov > best_ov:
                    best, best_ov = j, ov
            if best is None:
                continue
            used.add(best)
            relaxed += 1
            ps_, pe, pv = ps[best]
            if (ps_, pe) == (gs_, ge):
                strict += 1
            if pv == gv:
                value_ok += 1
    sp, sr, sf = prf(strict, n_pred, n_gold)
    rp, rr, rf = prf(relaxed, n_pred, n_gold)
    return {"strict_p": sp, "strict_r": sr, "strict_f1": sf, "relaxed_p": rp, "relaxed_r": rr,
            "relaxed_f1": rf, "value_acc": value_ok / relaxed if relaxed else 0.0,
            "value_f1": rf * (value_ok / relaxed) if relaxed else 0.0, "n_gold": n_gold, "n_pred": n_pred}


def meantime(data_dir, limit=None, baseline=True):
    """The same measures on MEANTIME's Wikinews articles (a second, differently annotated gold set)."""
    root = data_path(data_dir, *MEANTIME)
    files = sorted(root.glob("*/*.xml"))
    files = files[:limit] if limit else files
    parsed = [read_meantime(f) for f in files]
    return _compare(parsed, baseline) + (digest_files(files),)


def _compare(parsed, baseline):
    docs = [(t, d) for t, d, _ in parsed]
    gold = [[(g["start"], g["end"], g.get("value")) for g in gs] for _, _, gs in parsed]
    t0 = _time.perf_counter()
    ours = score(run_cablegram(docs), gold)
    ours["seconds"] = _time.perf_counter() - t0
    ours["stage_seconds"] = STAGE_SECONDS.get("cablegram")
    results = {"cablegram": ours}
    if baseline:
        t0 = _time.perf_counter()
        base = score(run_dateparser(docs), gold)
        base["seconds"] = _time.perf_counter() - t0
        base["stage_seconds"] = base["seconds"]
        results["dateparser.search_dates"] = base
    rows = [[name, r["strict_p"], r["strict_r"], r["strict_f1"], r["relaxed_p"], r["relaxed_r"], r["relaxed_f1"],
             r["value_acc"], r["value_f1"], r["seconds"], r["stage_seconds"]] for name, r in results.items()]
    return rows, results


HEADERS = ["system", "strict P", "strict R", "strict F1", "relaxed P", "relaxed R", "relaxed F1",
           "value acc", "value F1", "seconds", "time-stage s"]


def tempeval_files(data_dir, limit=None) -> list[Path]:
    root = data_path(data_dir, *TEMPEVAL)
    files = sorted(root.glob("*/*.tml"))
    if not files:
        raise Skip(f"no .tml files under {root}")
    return files[:limit] if limit else files


def time_pipeline():
    """spaCy's English pipeline with only the time stage (TimeML text needs no actors)."""
    import spacy

    from cablegram.config import Settings
    from cablegram.pipeline import register_extensions
    from cablegram.time import component  # noqa: F401  (registers the factory)

    register_extensions()
    for name in Settings().pipelines():
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    else:
        raise Skip("no spaCy pipeline installed")
    nlp.add_pipe("cablegram_time")
    return nlp


def run_cablegram(docs: list[tuple[str, str]]) -> list[list[tuple[int, int, str | None]]]:
    nlp = time_pipeline()
    out = []
    prepared = []
    for text, dct in docs:
        doc = nlp.make_doc(text)
        doc._.cg_published = dct
        prepared.append(doc)
    from cablegram.time.component import find_times

    parsed = list(nlp.pipe(prepared, batch_size=16, disable=["cablegram_time"]))
    t0 = _time.perf_counter()
    for doc in parsed:
        doc._.cg_times = find_times(doc)
    STAGE_SECONDS["cablegram"] = _time.perf_counter() - t0
    for doc in parsed:
        out.append([(t.start, t.end, t.value) for t in doc._.cg_times])
    return out


def _dp_value(sub: str, d: datetime) -> str:
    """search_dates gives a datetime; write it at the granularity the words suggest."""
    if re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", re.sub(r"\b\d{4}\b", "", sub)) or re.search(
            r"day|night|morning|evening|today|yesterday|tomorrow", sub, re.I):
        return d.date().isoformat()
    if re.search(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|month", sub, re.I):
        return f"{d.year:04d}-{d.month:02d}"
    if re.search(r"\d{4}|year", sub, re.I):
        return f"{d.year:04d}"
    return d.date().isoformat()


def run_dateparser(docs: list[tuple[str, str]]) -> list[list[tuple[int, int, str | None]]]:
    from dateparser.search import search_dates

    out = []
    for text, dct in docs:
        settings = {"RELATIVE_BASE": datetime.fromisoformat(dct)} if dct else {}
        found = search_dates(text, languages=["en"], settings=settings) or []
        spans, pos = [], 0
        for sub, d in found:
            i = text.find(sub, pos)
            if i < 0:
                continue
            spans.append((i, i + len(sub), _dp_value(sub, d)))
            pos = i + len(sub)
        out.append(spans)
    return out


def tempeval(data_dir, limit=None, baseline=True) -> tuple[list[list], dict, str, list[str]]:
    files = tempeval_files(data_dir, limit)
    rows, results = _compare([read_tml(f) for f in files], baseline)
    return rows, results, digest_files(files), HEADERS


def example_times(data_dir=None) -> tuple[list[list], int, int]:
    """The example's nine ``times``: found (overlapping span) and value right."""
    import yaml

    import cablegram
    from benchmarks.common import ROOT

    expected_path = Path(data_dir or ROOT.parent / "shared" / "data").parent / "examples" / "kim-putin" / "expected.yaml"
    if not expected_path.exists():
        raise Skip(f"{expected_path} not found")
    expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))["times"]
    text = (ROOT / "examples" / "kim-putin.txt").read_text(encoding="utf-8")
    analysis = cablegram.analyze(text, published=EXAMPLE_PUBLISHED)
    doc_text = analysis.document.text
    rows, found_n, right = [], 0, 0
    for exp in expected:
        i = doc_text.find(exp["text"])
        span = (i, i + len(exp["text"]))
        hit = next((t for t in analysis.times if i >= 0 and overlap(span, (t.start, t.end))), None)
        ok = hit is not None and hit.value == exp["value"]
        found_n += hit is not None
        right += ok
        rows.append([exp["text"], exp["value"], hit.text if hit else "-", hit.value if hit else "-",
                     "yes" if ok else "NO"])
    return rows, found_n, right


def gate(data_dir: Path) -> tuple[dict[str, float], str]:
    """TempEval-3 training figures, and MEANTIME's when present (a second annotation style guards overfitting)."""
    files = tempeval_files(data_dir)
    _, results = _compare([read_tml(f) for f in files], baseline=False)
    r = results["cablegram"]
    metrics = {"relaxed_f1": round(r["relaxed_f1"], 4), "strict_f1": round(r["strict_f1"], 4),
               "value_acc": round(r["value_acc"], 4)}
    try:
        root = data_path(data_dir, *MEANTIME)
    except Skip:
        return metrics, digest_files(files)
    mfiles = sorted(root.glob("*/*.xml"))
    _, mresults = _compare([read_meantime(f) for f in mfiles], baseline=False)
    m = mresults["cablegram"]
    metrics.update({"meantime_relaxed_f1": round(m["relaxed_f1"], 4), "meantime_value_acc": round(m["value_acc"], 4)})
    return metrics, digest_files(files + mfiles)


def main() -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--no-baseline", action="store_true", help="skip dateparser's search_dates (slow)")
    args = p.parse_args()
    try:
        rows, found_n, right = example_times(args.data)
        print(f"Example ({EXAMPLE_PUBLISHED}): {right}/{len(rows)} times right, {found_n} found")
        print(table(["expected text", "expected value", "found", "value", "ok"], rows))
        print()
    except Skip as exc:
        print(f"example skipped: {exc}")
    rows, results, digest, headers = tempeval(args.data, args.limit, baseline=not args.no_baseline)
    n = results["cablegram"]["n_gold"]
    print(f"TempEval-3 training (TBAQ-cleaned), {n} gold TIMEX3, data {digest}")
    print(table(headers, rows))
    try:
        rows, results, digest = meantime(args.data, args.limit, baseline=not args.no_baseline)
        print()
        print(f"MEANTIME English (Wikinews, airbus/apple), {results['cablegram']['n_gold']} gold TIMEX3, data {digest}")
        print(table(HEADERS, rows))
    except Skip as exc:
        print(f"MEANTIME skipped: {exc}")
    return 0


if __name__ == "__main__":
    run_main(main)
