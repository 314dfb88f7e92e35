"""Time expressions: TempEval-3 (TimeBank + AQUAINT training set), MEANTIME and the example's ``times``.

Extraction F1 with strict (same span) and relaxed (overlapping span) matching, value accuracy over
relaxed matches (TempEval-3's measures) and right values over gold expressions ("right/gold").
TempEval-3 training is scored twice on one parse: by the shipped stage (in-sample for whatever it
learned from these documents) and by 5-fold cross-validation over documents (each document scored by
the stage trained on the other folds; duplicated documents share a fold). The CV figures are the
honest ones and the ones the gate pins. MEANTIME (Wikinews, annotated in another project's style, never
trained on) says whether it carries over to unseen news. ``--baseline`` adds dateparser's
``search_dates`` anchored on each document's DCT. "seconds" includes spaCy's parse; "time-stage s" is
the stage alone.

    .venv/bin/python -m benchmarks.time [--data PATH] [--limit N] [--folds 5] [--baseline] [--details]
"""

from __future__ import annotations

import re
import time as _time
from datetime import datetime
from pathlib import Path

from benchmarks.common import Skip, arg_parser, data_path, digest_files, overlap, prf, run_main, table
from training.gold import MEANTIME, TEMPEVAL, read_meantime, read_tml, time_folds

STAGE_SECONDS: dict[str, float] = {}  # time spent in the time stage itself (no spaCy parsing)
EXAMPLE_PUBLISHED = "2023-09-06"


def score(pred: list[list[tuple[int, int, str | None]]], gold: list[list[tuple[int, int, str]]]) -> dict[str, float]:
    """Strict/relaxed P, R, F1 and value accuracy over relaxed matches (one-to-one, greedy by overlap).

    ``value_recall`` is right values over gold expressions (the share of the text's times a user gets right).
    """
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
            "value_f1": rf * (value_ok / relaxed) if relaxed else 0.0,
            "value_recall": value_ok / n_gold if n_gold else 0.0, "n_gold": n_gold, "n_pred": n_pred}


def _shape(value: str | None) -> str:
    """A value's form with digits as 9 ("1998-W32" -> "9999-W99"): the class of a wrong value."""
    return re.sub(r"\d", "9", value) if value else "-"


def wrong_values(parsed, pred) -> list[list]:
    """Each gold expression whose value the prediction gets wrong or misses (matched as ``score`` does):
    document, publication date, gold text and value, our text and value, the text before."""
    rows = []
    for k, ((text, dct, _), ps, gs) in enumerate(zip(parsed, pred, _gold(parsed))):
        used: set[int] = set()
        for gs_, ge, gv in gs:
            best, best_ov = None, 0
            for j, (ps_, pe, _) in enumerate(ps):
                ov = overlap((gs_, ge), (ps_, pe)) if j not in used else 0
                if ov > best_ov:
                    best, best_ov = j, ov
            if best is not None:
                used.add(best)
            ours = ps[best] if best is not None else None
            if ours is not None and ours[2] == gv:
                continue
            context = " ".join(text[max(0, gs_ - 60):gs_].split()[-8:])
            rows.append([k, dct, text[gs_:ge], gv, text[ours[0]:ours[1]] if ours else "-",
                         ours[2] if ours else "(missed)", context])
    return rows


def wrong_classes(rows) -> list[list]:
    """Wrong values counted by class: the gold value's form -> ours (a miss is "(missed)")."""
    from collections import Counter

    counts = Counter((_shape(r[3]), _shape(r[5]) if r[4] != "-" else "(missed)") for r in rows)
    return [[g, o, n] for (g, o), n in counts.most_common()]


def meantime_files(data_dir, limit=None) -> list[Path]:
    root = data_path(data_dir, *MEANTIME)
    files = sorted(root.glob("*/*.xml"))
    return files[:limit] if limit else files


def meantime(data_dir, limit=None, baseline=True):
    """The same measures on MEANTIME's Wikinews articles (a second, differently annotated gold set)."""
    files = meantime_files(data_dir, limit)
    parsed = [read_meantime(f) for f in files]
    return _compare(parsed, baseline) + (digest_files(files),)


def _gold(parsed) -> list[list[tuple[int, int, str]]]:
    return [[(g["start"], g["end"], g.get("value")) for g in gs] for _, _, gs in parsed]


def _row(name: str, r: dict) -> list:
    return [name, r["strict_p"], r["strict_r"], r["strict_f1"], r["relaxed_p"], r["relaxed_r"], r["relaxed_f1"],
            r["value_acc"], r["value_recall"], r["seconds"], r["stage_seconds"]]


def _compare(parsed, baseline):
    docs = [(t, d) for t, d, _ in parsed]
    gold = _gold(parsed)
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
    rows = [_row(name, r) for name, r in results.items()]
    return rows, results


HEADERS = ["system", "strict P", "strict R", "strict F1", "relaxed P", "relaxed R", "relaxed F1",
           "value acc", "right/gold", "seconds", "time-stage s"]


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
    from cablegram.contract import register_extensions
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


def parse_docs(docs: list[tuple[str, str]]):
    """spaCy's parse of each ``(text, dct)`` with the publication date set, the time stage not yet run."""
    nlp = time_pipeline()
    prepared = []
    for text, dct in docs:
        doc = nlp.make_doc(text)
        doc._.cg_published = dct
        prepared.append(doc)
    return list(nlp.pipe(prepared, batch_size=16, disable=["cablegram_time"]))


def predict(parsed, fitted=None) -> list[list[tuple[int, int, str | None]]]:
    """The time stage's expressions on parsed docs: the shipped stage, or one whose learned parts are ``fitted``."""
    from cablegram.time.component import find_times

    t0 = _time.perf_counter()
    times = [find_times(doc, **(fitted or {})) for doc in parsed]
    STAGE_SECONDS["cablegram"] = _time.perf_counter() - t0
    return [[(t.start, t.end, t.value) for t in ts] for ts in times]


def run_cablegram(docs: list[tuple[str, str]]) -> list[list[tuple[int, int, str | None]]]:
    return predict(parse_docs(docs))


FOLDS = 5


def _fitter():
    """The training of the stage's learned parts (``training.time_detector.fit``)."""
    from training.time_detector import fit

    return fit


def cross_validate(parsed, docs, folds: int = FOLDS) -> list[list[tuple[int, int, str | None]]]:
    """Predictions on every document from the stage trained on the other folds only (what a new
    document gets); without learned parts, the shipped stage's predictions."""
    fit = _fitter()
    fold = time_folds(parsed, folds)
    gold = _gold(parsed)
    out: list = [None] * len(docs)
    seconds = 0.0
    for k in range(folds):
        train = [i for i in range(len(docs)) if fold[i] != k]
        test = [i for i in range(len(docs)) if fold[i] == k]
        fitted = fit([docs[i] for i in train], [gold[i] for i in train])
        for i, p in zip(test, predict([docs[i] for i in test], fitted)):
            out[i] = p
        seconds += STAGE_SECONDS["cablegram"]
    STAGE_SECONDS["cablegram"] = seconds
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


def tempeval_cv(data_dir, limit=None, folds: int = FOLDS, details: bool = False) -> tuple[dict, dict, str]:
    """TempEval-3 training scored twice on one parse: the shipped stage (in-sample for anything it
    learned) and ``folds``-fold cross-validation over documents (each scored by a stage trained without it);
    ``details``: the CV's wrong values in ``cv["wrong"]`` (see :func:`wrong_values`)."""
    files = tempeval_files(data_dir, limit)
    parsed = [read_tml(f) for f in files]
    gold = _gold(parsed)
    t0 = _time.perf_counter()
    docs = parse_docs([(t, d) for t, d, _ in parsed])
    parse_s = _time.perf_counter() - t0
    shipped = score(predict(docs), gold)
    shipped["seconds"], shipped["stage_seconds"] = parse_s + STAGE_SECONDS["cablegram"], STAGE_SECONDS["cablegram"]
    t0 = _time.perf_counter()
    cv_pred = cross_validate(parsed, docs, folds)
    cv = score(cv_pred, gold)
    cv["seconds"], cv["stage_seconds"] = _time.perf_counter() - t0, STAGE_SECONDS["cablegram"]
    if details:
        cv["wrong"] = wrong_values(parsed, cv_pred)
    return shipped, cv, digest_files(files)


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
    """TempEval-3 training figures cross-validated over documents (``cv_*``), and MEANTIME's when present
    (unseen documents in another project's annotation: the stage trained on all of TempEval-3)."""
    shipped, cv, _ = tempeval_cv(data_dir)
    files = tempeval_files(data_dir)
    metrics = {"cv_relaxed_f1": round(cv["relaxed_f1"], 4), "cv_strict_f1": round(cv["strict_f1"], 4),
               "cv_value_acc": round(cv["value_acc"], 4), "cv_value_recall": round(cv["value_recall"], 4)}
    try:
        mfiles = meantime_files(data_dir)
    except Skip:
        return metrics, digest_files(files)
    _, mresults = _compare([read_meantime(f) for f in mfiles], baseline=False)
    m = mresults["cablegram"]
    metrics.update({"meantime_relaxed_f1": round(m["relaxed_f1"], 4), "meantime_value_acc": round(m["value_acc"], 4),
                    "meantime_value_recall": round(m["value_recall"], 4)})
    return metrics, digest_files(files + mfiles)


def main() -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--baseline", action="store_true", help="also run dateparser's search_dates (slow)")
    p.add_argument("--folds", type=int, default=FOLDS, help="folds of the cross-validation over documents")
    p.add_argument("--details", action="store_true",
                   help="list the CV's wrong and missed values of TempEval-3, counted by class")
    args = p.parse_args()
    try:
        rows, found_n, right = example_times(args.data)
        print(f"Example ({EXAMPLE_PUBLISHED}): {right}/{len(rows)} times right, {found_n} found")
        print(table(["expected text", "expected value", "found", "value", "ok"], rows))
        print()
    except Skip as exc:
        print(f"example skipped: {exc}")
    shipped, cv, digest = tempeval_cv(args.data, args.limit, args.folds, details=args.details)
    if args.details:
        print(f"TempEval-3 training, {args.folds}-fold CV: {len(cv['wrong'])} gold values not right, by class")
        print(table(["gold value form", "ours", "n"], wrong_classes(cv["wrong"])))
        print()
        print(table(["doc", "published", "gold text", "gold value", "our text", "our value", "before"], cv["wrong"]))
        print()
    rows = [_row("cablegram (shipped: in-sample)", shipped), _row(f"cablegram ({args.folds}-fold CV)", cv)]
    if args.baseline:
        _, results, _, _ = tempeval(args.data, args.limit, baseline=True)
        rows.append(_row("dateparser.search_dates", results["dateparser.search_dates"]))
    print(f"TempEval-3 training (TBAQ-cleaned), {cv['n_gold']} gold TIMEX3, data {digest}")
    print(table(HEADERS, rows))
    try:
        rows, results, digest = meantime(args.data, args.limit, baseline=args.baseline)
        print()
        print(f"MEANTIME English (Wikinews, airbus/apple; unseen), {results['cablegram']['n_gold']} gold TIMEX3, "
              f"data {digest}")
        print(table(HEADERS, rows))
    except Skip as exc:
        print(f"MEANTIME skipped: {exc}")
    return 0


if __name__ == "__main__":
    run_main(main)
