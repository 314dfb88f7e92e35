"""Time and peak memory of ``cablegram.analyze()`` against input size: the example at 1x, 10x, 100x
its length, a 5 MB input, and a 1 MB single line.

    .venv/bin/python -m benchmarks.scaling [--sizes 1,10,100] [--mb 5] [--line-mb 1] [--min-words 10000]
                                           [--ref-words 5000] [--budget 1800] [--cap-gb 0]

The article is repeated k times (each copy's lines marked with its number, so a cleaner cannot
drop copies as duplicates); the 5 MB input is that text cut at the last line under 5,000,000
UTF-8 bytes; the single line joins a 1 MB one with spaces (no line or paragraph break at all).
Each size runs ``cablegram.analyze()`` end to end (read, clean, every component, read-off) in a
fresh process, so its peak resident memory (``ru_maxrss``, the loaded model included) is that
size's alone: "peak MB" is the peak of ``analyze()``, "with check" the peak once the invariants
are checked too (the check holds the analysis as JSON beside it).

Time, the same statistic at every size: each size is analysed as many times as it takes to read at
least ``--min-words`` words (at least once: the example ~10 times, 10x and above once), and its
time per word is the total over all those runs divided by the words (a mean; no best-of, which
would flatter the size run most often). CPU seconds of the process are the figure that says
whether the work grows linearly on a shared machine (wall time also counts the waits for a core).
Per word = per whitespace-separated word of the clean text analysed (the cleaner drops the
example's boilerplate, ~30% of its words, but keeps most of it in the numbered copies, so words of
the input would flatter 1x). Two ratios: "CPU ratio" is CPU per word over the 1x row's; "paired
ratio" is CPU per word over that of the example itself analysed in the same process just before
and just after (``--ref-words`` words each side), so a change of load between sizes (minutes
apart on a shared machine) does not count as growth. 1.0 is linear. Every analysis is checked
against the invariants (:mod:`cablegram.check`).

``--cap-gb N`` runs each size under an address-space limit of N GB (``RLIMIT_AS``), as a user with
a small machine would: a size that needs more ends in MemoryError and is reported so. A size
predicted (from the growth so far) to exceed ``--budget`` seconds is skipped and reported.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time

from benchmarks.common import ROOT, arg_parser, run_main, table

EXAMPLE = ROOT / "examples" / "kim-putin.txt"


def scaled(base: str, k: int) -> str:
    """The article k times; every line of copy i ends with " (i)", so no copy is a duplicate a cleaner would drop."""
    if k == 1:
        return base
    return "\n\n".join("\n".join(f"{line} ({i})" if line.strip() else line for line in base.splitlines())
                       for i in range(1, k + 1))


def of_bytes(base: str, n: int) -> str:
    """The repeated article cut at the last line break before ``n`` UTF-8 bytes."""
    k = max(1, math.ceil(n / len(base.encode("utf-8"))) + 1)
    text = scaled(base, k)
    data = text.encode("utf-8")[:n]
    return data[:data.rfind(b"\n")].decode("utf-8")


def one_line(base: str, n: int) -> str:
    """``n`` bytes of the repeated article as a single line (its lines joined with spaces)."""
    text = of_bytes(base, n + 100_000)
    line = " ".join(part.strip() for part in text.splitlines() if part.strip())
    data = line.encode("utf-8")[:n]
    return data[:data.rfind(b" ")].decode("utf-8")


def text_for(label: str) -> str:
    base = EXAMPLE.read_text(encoding="utf-8").strip()
    if label.endswith("x"):
        return scaled(base, int(label[:-1]))
    if label.endswith(" MB line"):
        return one_line(base, int(float(label.split()[0]) * 1_000_000))
    if label.endswith(" MB"):
        return of_bytes(base, int(float(label.split()[0]) * 1_000_000))
    raise ValueError(label)


def _per_word(nlp, text: str, settings, min_words: int) -> tuple[float, float, int, object]:
    """Analyse ``text`` until at least ``min_words`` words are read (at least once): total wall and CPU
    seconds over those runs, the words read, and the last analysis."""
    import cablegram

    wall = cpu = 0.0
    words, analysis = 0, None
    while words < min_words or analysis is None:
        analysis = None
        w0, c0 = time.perf_counter(), time.process_time()
        analysis = cablegram.analyze(text, nlp=nlp, settings=settings)
        wall += time.perf_counter() - w0
        cpu += time.process_time() - c0
        words += len(analysis.document.text.split())
    return wall, cpu, words, analysis


def measure(label: str, min_words: int, ref_words: int) -> dict:
    """One size, in this process: analyse, check, report (run by the parent in a fresh process)."""
    import resource

    import cablegram
    from cablegram.check import check_analysis
    from cablegram.config import Settings

    text = text_for(label)
    example = text_for("1x")
    nlp = cablegram.load()
    settings = Settings(max_bytes=len(text.encode("utf-8")) + 1)
    cablegram.analyze(EXAMPLE.read_text(encoding="utf-8")[:3000], nlp=nlp)  # warm up lexicons and models
    _, ref_cpu_before, ref_words_before, _ = _per_word(nlp, example, settings, ref_words)
    wall, cpu, words, analysis = _per_word(nlp, text, settings, min_words)
    runs = round(words / len(analysis.document.text.split()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _, ref_cpu_after, ref_words_after, _ = _per_word(nlp, example, settings, ref_words)
    violations = check_analysis(analysis, text)
    return {"label": label, "bytes": len(text.encode("utf-8")), "chars": len(text), "input_words": len(text.split()),
            "words": len(analysis.document.text.split()), "runs": runs, "lines": text.count("\n") + 1,
            "wall": wall / runs, "cpu": cpu / runs, "cpu_per_word": cpu / words, "wall_per_word": wall / words,
            "ref_cpu_per_word": (ref_cpu_before + ref_cpu_after) / (ref_words_before + ref_words_after),
            "peak_mb": peak, "peak_check_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "actors": len(analysis.actors), "attributions": len(analysis.attributions),
            "events": len(analysis.events), "times": len(analysis.times), "violations": len(violations),
            "first_violation": violations[0] if violations else None}


def _limit(gb: float):
    def apply() -> None:
        import resource

        cap = int(gb * 1024 ** 3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    return apply


def run_size(label: str, min_words: int, ref_words: int, cap_gb: float) -> dict:
    """``measure`` in a fresh process; a MemoryError (or any failure) is reported, not raised."""
    cmd = [sys.executable, "-m", "benchmarks.scaling", "--one", label, "--min-words", str(min_words),
           "--ref-words", str(ref_words)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                          preexec_fn=_limit(cap_gb) if cap_gb else None)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode == 0 and lines:
        return json.loads(lines[-1])
    err = (proc.stderr.strip().splitlines() or ["exit code %d" % proc.returncode])[-1]
    return {"label": label, "failed": err[:160], "wall": time.perf_counter() - t0}


def main() -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1,10,100", help="multiples of the example's length")
    p.add_argument("--mb", default="5", help="sizes in MB of the repeated example (comma-separated; '' for none)")
    p.add_argument("--line-mb", default="1", help="sizes in MB of a single-line input ('' for none)")
    p.add_argument("--min-words", type=int, default=10_000,
                   help="analyse each size until this many words are read (at least once); time = the mean")
    p.add_argument("--ref-words", type=int, default=5_000,
                   help="words of the example analysed before and after each size in its process (paired ratio)")
    p.add_argument("--budget", type=float, default=1800, help="skip a size predicted to take longer (seconds)")
    p.add_argument("--cap-gb", type=float, default=0, help="run each size under this address-space limit")
    p.add_argument("--one", help=argparse_hidden())
    args = p.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.min_words, args.ref_words)), flush=True)
        return 0

    labels = [f"{int(k)}x" for k in args.sizes.split(",") if k]
    labels += [f"{m} MB" for m in args.mb.split(",") if m]
    labels += [f"{m} MB line" for m in args.line_mb.split(",") if m]
    results, per_word_1x = [], None
    for label in labels:
        n = len(text_for(label).split())
        done = [r for r in results if "cpu" in r and "failed" not in r]
        if done and args.budget:
            last = done[-1]
            predicted = last["wall"] / last["input_words"] * n
            if predicted > args.budget:
                print(f"{label}: skipped, predicted {predicted:,.0f} s at the last size's rate is over the budget "
                      f"of {args.budget:g} s", flush=True)
                results.append({"label": label, "failed": f"skipped (~{predicted:,.0f} s predicted)"})
                continue
        r = run_size(label, args.min_words, args.ref_words, args.cap_gb)
        results.append(r)
        if "failed" in r:
            print(f"{label}: failed after {r['wall']:.0f} s: {r['failed']}", flush=True)
            continue
        if label == "1x":
            per_word_1x = (r["wall_per_word"], r["cpu_per_word"])
        print(f"{label}: {r['bytes']:,} bytes, {r['words']:,} words x {r['runs']} runs, {r['wall']:.1f} s wall, "
              f"{r['cpu']:.1f} s CPU a run, {1e3 * r['cpu_per_word']:.3f} CPU ms/word (the example alongside: "
              f"{1e3 * r['ref_cpu_per_word']:.3f}), peak {r['peak_mb']:,.0f} MB, {r['violations']} violations", flush=True)

    rows = []
    for r in results:
        if "failed" in r:
            rows.append([r["label"]] + [None] * 13 + [r["failed"]])
            continue
        wall_w, cpu_w = 1e3 * r["wall_per_word"], 1e3 * r["cpu_per_word"]
        rows.append([r["label"], f"{r['bytes']:,}", f"{r['words']:,}", r["runs"], f"{r['wall']:.1f}", f"{r['cpu']:.1f}",
                     wall_w, cpu_w, 1e3 * r["ref_cpu_per_word"],
                     cpu_w / (1e3 * per_word_1x[1]) if per_word_1x else None,
                     cpu_w / (1e3 * r["ref_cpu_per_word"]),
                     wall_w / (1e3 * per_word_1x[0]) if per_word_1x else None,
                     f"{r['peak_mb']:,.0f}", f"{r['peak_check_mb']:,.0f}",
                     f"{r['actors']} / {r['attributions']} / {r['events']} / {r['times']}; "
                     f"{r['violations']} violations"])
    print()
    print(table(["size", "bytes", "words analysed", "runs", "wall s a run", "CPU s a run", "wall ms/word",
                 "CPU ms/word", "example alongside CPU ms/word", "CPU ratio", "paired CPU ratio", "wall ratio", "peak MB", "peak MB with check", "actors / attributions / events / times"], rows))
    return 0


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    run_main(main)
