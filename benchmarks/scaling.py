"""Analysis time against input length: the example at 1x, 10x and 100x its length should take ~1x, 10x, 100x.

    .venv/bin/python -m benchmarks.scaling [--sizes 1,10,100] [--repeat 3]

The article is repeated k times (each copy's lines marked with its number,
so a cleaner cannot drop copies as duplicates) and
analysed end to end, stage by stage as ``cablegram.analyze`` runs them (read,
clean, spaCy, cablegram's stages, read-off); the baseline in the same run is
the bare spaCy pipeline cablegram builds on. A size predicted (from the
growth so far) to exceed ``--budget`` seconds is skipped and reported. Per-stage times show which part grows faster than the
text if any does. The slope is the exponent b of time ~ length^b fitted
between sizes (1.0 is linear). The analysis at each size is also checked
against the invariants (:mod:`cablegram.check`).
"""

from __future__ import annotations

import math
import time
from pathlib import Path

from benchmarks.common import ROOT, arg_parser, run_main, table

EXAMPLE = ROOT / "examples" / "kim-putin.txt"


def _best(fn, repeat: int) -> tuple[float, object]:
    best, out = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def stage_times(text: str, nlp) -> tuple[dict[str, float], object]:
    """Seconds per stage for one end-to-end analysis (read+clean, tokenizer, each component, read-off)."""
    from cablegram.clean import clean_document
    from cablegram.ingest import read_source
    from cablegram.pipeline import make_doc, pipeline_name
    from cablegram.readoff import read_off

    times = {}
    t0 = time.perf_counter()
    document = clean_document(read_source(text, max_bytes=len(text.encode()) + 1))
    times["read+clean"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    doc = make_doc(document, nlp)
    times["tokenizer"] = time.perf_counter() - t0
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        doc = proc(doc)
        times[name] = time.perf_counter() - t0
    t0 = time.perf_counter()
    analysis = read_off(doc, document, pipeline_name(nlp))
    times["read-off"] = time.perf_counter() - t0
    return times, analysis


def scaled(base: str, k: int) -> str:
    """The article k times; every line of copy i ends with " (i)", so no copy is a duplicate a cleaner would drop."""
    if k == 1:
        return base
    return "\n\n".join("\n".join(f"{line} ({i})" if line.strip() else line for line in base.splitlines())
                       for i in range(1, k + 1))


def main() -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1,10,100", help="multiples of the example's length")
    p.add_argument("--repeat", type=int, default=3, help="best of N runs for sizes up to 10x (1 above)")
    p.add_argument("--budget", type=float, default=1800, help="skip a size predicted to take longer (seconds)")
    args = p.parse_args()
    import spacy

    import cablegram
    from cablegram.check import check_analysis

    base = EXAMPLE.read_text(encoding="utf-8").strip()
    sizes = [int(s) for s in args.sizes.split(",")]
    nlp = cablegram.load()
    bare = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    bare.max_length = nlp.max_length
    stage_times(base, nlp)  # warm up caches (lexicons, models)
    bare(base)

    rows, stage_rows, points = [], [], []
    stage_names: list[str] = []
    for k in sizes:
        text = scaled(base, k)
        if points and args.budget:
            n0, a0, _ = points[-1]
            b = max(1.0, math.log(points[-1][1] / points[-2][1]) / math.log(n0 / points[-2][0])) \
                if len(points) > 1 else 1.0
            predicted = a0 * (len(text) / n0) ** b
            if predicted > args.budget:
                print(f"{k}x: skipped, predicted {predicted:,.0f} s at the growth measured so far "
                      f"(b = {b:.2f}) is over the budget of {args.budget} s", flush=True)
                rows.append([f"{k}x", len(text), None, f"skipped (~{predicted:,.0f} s predicted)", None, None, None,
                             None, None, None, None, None, None])
                continue
        repeat = args.repeat if k <= 10 else 1
        best, analysis, st = math.inf, None, {}
        for _ in range(repeat):
            times, result = stage_times(text, nlp)
            if sum(times.values()) < best:
                best, analysis, st = sum(times.values()), result, times
        ours = best
        theirs, _ = _best(lambda: bare(text), repeat)
        t0 = time.perf_counter()
        violations = check_analysis(analysis, text)
        check_s = time.perf_counter() - t0
        points.append((len(text), ours, theirs))
        rows.append([f"{k}x", len(text), len(analysis.document.text), ours, theirs, len(text) / ours / 1000, len(text) / theirs / 1000,
                     len(analysis.actors), len(analysis.attributions), len(analysis.events), len(analysis.times),
                     check_s, len(violations)])
        stage_rows.append([f"{k}x"] + [st[name] for name in st])
        stage_names = list(st)
        print(f"{k}x: {len(text):,} chars, cablegram {ours:.2f} s, spaCy alone {theirs:.2f} s, "
              f"{len(violations)} violations; per stage: "
              + ", ".join(f"{n} {v:.2f}" for n, v in st.items()), flush=True)

    print()
    print(table(["size", "chars", "clean chars", "cablegram s", "spaCy alone s", "cablegram kchar/s", "spaCy kchar/s",
                 "actors", "attributions", "events", "times", "check s", "violations"], rows))
    print()
    print("Per stage (seconds, one run):")
    print(table(["size"] + stage_names, stage_rows))
    print()
    slope_rows = []
    for (n0, a0, b0), (n1, a1, b1) in zip(points, points[1:]):
        r = math.log(n1 / n0)
        slope_rows.append([f"{n0:,} -> {n1:,} chars", a1 / a0, math.log(a1 / a0) / r, b1 / b0, math.log(b1 / b0) / r])
    if slope_rows:
        print("Growth (time ratio and exponent b of time ~ length^b; 1.0 is linear):")
        print(table(["step", "cablegram ratio", "cablegram b", "spaCy ratio", "spaCy b"], slope_rows))
    return 0


if __name__ == "__main__":
    run_main(main)
