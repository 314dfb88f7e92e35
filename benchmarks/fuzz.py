"""Coverage-guided fuzzing (atheris/libFuzzer) of the cleaner, the URL date parser and the full ``analyze``.

    .venv/bin/python -m benchmarks.fuzz [--data PATH] [--seconds 600] [--only clean_text,url_date,analyze]

Each target runs in its own process for a bounded time (``-max_total_time``),
one after the other, mutating seeds taken from the texts and URLs of the
shared corpora (written to a work folder outside the repository, never into
it). cablegram's own modules are instrumented, so libFuzzer's ``cov`` counts
edges in cablegram code reached.

A target fails on *any* uncaught exception other than an expected
:class:`~cablegram.errors.InputError` (that is a clear error, by design), and
on any broken invariant (:mod:`cablegram.check`). Findings are logged and the
run goes on (one log line and one input file per distinct signature), so one
bug does not hide the next; the table reports them. Turn each into a
regression test in ``tests/properties/test_regressions.py``.

Not part of the CI gate: the issue asks for 30 minutes per target.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from benchmarks.common import arg_parser, data_path, run_main, table

TARGETS = ("url_date", "clean_text", "analyze")
MAX_LEN = {"url_date": 512, "clean_text": 8192, "analyze": 4096}
WORKDIR = Path(tempfile.gettempdir()) / "cablegram-fuzz"


# -- seeds ------------------------------------------------------------------------------------
def _jsonl(path: Path, limit: int):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= limit:
                break
            yield json.loads(line)


def seeds(data: Path, target: str, per_corpus: int = 60) -> list[bytes]:
    """Seed inputs for a target from the shared data: article texts (cut short), or URLs."""
    corpora = data_path(data, "corpora")
    out: list[bytes] = []
    if target == "url_date":
        for rel in ("corpora/wikinews-2019-2021/articles.jsonl.gz",
                    "extraction/zyte-article-extraction-benchmark/pages.dev.jsonl.gz",
                    "extraction/wcxb-articles/pages.dev.jsonl.gz"):
            path = data / rel
            if path.exists():
                out += [r["url"].encode() for r in _jsonl(path, 400) if r.get("url")]
        return out
    cut = MAX_LEN[target] // 2
    for name in ("wikinews-2019-2021", "bbc-news-2225", "reuters-21578"):
        path = corpora / name / "articles.jsonl.gz"
        if path.exists():
            out += [r["text"][:cut].encode("utf-8", "replace") for r in _jsonl(path, per_corpus) if r.get("text")]
    return out


# -- the targets (run inside the fuzzing process) -----------------------------------------------
def _make_target(name: str, findings: Path):
    import atheris

    with atheris.instrument_imports(include=["cablegram"]):
        import cablegram
        from cablegram.check import _check_span, check_analysis, lost_lines
        from cablegram.clean import assemble
        from cablegram.clean.text import clean_text
        from cablegram.clean.urlmeta import url_date, url_metadata
        from cablegram.errors import InputError
        from cablegram.ids import document_id

    seen: set[str] = set()

    def record(kind: str, detail: str, data: bytes, signature: str | None = None) -> None:
        """One line per distinct signature (what broke where, not the input's words); the input beside it."""
        signature = signature or re.sub(r"\([^)]*\)|\[[^\]]*\]|'[^']*'|\"[^\"]*\"|\d+", "_", detail)[:300]
        if signature in seen:
            return
        seen.add(signature)
        digest = hashlib.sha1(data).hexdigest()[:12]
        (findings / f"{name}-{digest}.bin").write_bytes(data)
        with open(findings / "findings.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"target": name, "kind": kind, "detail": detail, "input": f"{name}-{digest}.bin"},
                                ensure_ascii=False) + "\n")

    if name == "url_date":
        def run(data: bytes) -> None:
            url = data.decode("utf-8", "replace")
            value, precision = url_date(url)
            if value is not None and not re.fullmatch(r"\d{4}-\d\d(-\d\d)?", value):
                record("invariant", f"url_date gave {value!r}", data)
            url_metadata(url)
    elif name == "clean_text":
        def run(data: bytes) -> None:
            text = data.decode("utf-8", "replace")
            document = assemble(document_id(text), clean_text(text))
            d = document.model_dump()
            for i, part in enumerate(d["parts"]):
                problem = _check_span(f"parts[{i}]", part, d["text"], has_text=False)
                if problem:
                    record("invariant", problem, data)
            for _, line in lost_lines(d, text)[:1]:
                record("invariant", "clean_text lost an input line", data)
    else:
        nlp = cablegram.load()

        def run(data: bytes) -> None:
            try:
                analysis = cablegram.analyze(data, nlp=nlp)
            except InputError:
                return
            for problem in check_analysis(analysis, data, schema=False):
                record("invariant", problem.split(":")[0] + ": " + problem.split(":", 1)[-1][:80], data)

    def one_input(data: bytes) -> None:
        try:
            run(data)
        except Exception as exc:  # noqa: BLE001 - every uncaught exception is a finding
            frames = traceback.extract_tb(exc.__traceback__)
            where = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames)
                          if "cablegram" in f.filename), frames[-1].filename if frames else "?")
            record("crash", f"{type(exc).__name__} at {where}: {str(exc)[:120]}", data,
                   signature=f"{type(exc).__name__} at {where}")

    return one_input


def fuzz_child(name: str, corpus: Path, findings: Path, seconds: int) -> None:
    """Run one target under libFuzzer (this process ends when the time is up)."""
    import atheris

    one_input = _make_target(name, findings)
    argv = [sys.argv[0], str(corpus), f"-max_total_time={seconds}", f"-max_len={MAX_LEN[name]}",
            "-timeout=120", "-rss_limit_mb=4096", "-print_final_stats=1", "-reload=0"]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


# -- the driver -----------------------------------------------------------------------------------
_STATS = re.compile(r"#(\d+)\s+(?:DONE|pulse|NEW|REDUCE|INITED)\s+cov: (\d+) ft: (\d+) corp: (\d+)/\S+"
                    r"(?:.*?exec/s: (\d+))?")


def run_target(name: str, data: Path, seconds: int, workdir: Path) -> dict:
    corpus, findings = workdir / name / "corpus", workdir / name / "findings"
    corpus.mkdir(parents=True, exist_ok=True)
    findings.mkdir(parents=True, exist_ok=True)
    (findings / "findings.jsonl").unlink(missing_ok=True)
    seed_list = seeds(data, name)
    for s in seed_list:
        (corpus / hashlib.sha1(s).hexdigest()).write_bytes(s)
    log = workdir / name / "libfuzzer.log"
    t0 = time.time()
    with open(log, "w") as fh:
        proc = subprocess.run([sys.executable, "-m", "benchmarks.fuzz", "--child", name, "--corpus", str(corpus),
                               "--findings", str(findings), "--seconds", str(seconds)],
                              stdout=fh, stderr=subprocess.STDOUT, cwd=Path(__file__).resolve().parents[1])
    wall = time.time() - t0
    text = log.read_text(errors="replace")
    stats = [m.groups() for m in _STATS.finditer(text)]
    runs = re.search(r"Done (\d+) runs in (\d+) second", text)
    execs = int(runs.group(1)) if runs else (int(stats[-1][0]) if stats else 0)
    fuzz_secs = int(runs.group(2)) if runs else None
    found = []
    if (findings / "findings.jsonl").exists():
        found = [json.loads(x) for x in (findings / "findings.jsonl").read_text().splitlines() if x.strip()]
    init = next((s for s in stats if s), None)
    return {
        "target": name, "seeds": len(seed_list), "wall_s": round(wall), "fuzz_s": fuzz_secs, "execs": execs,
        "exec_per_s": round(execs / fuzz_secs, 1) if fuzz_secs else None,
        "cov_seeds": int(init[1]) if init else None, "cov": int(stats[-1][1]) if stats else None,
        "ft": int(stats[-1][2]) if stats else None, "corpus": int(stats[-1][3]) if stats else None,
        "crashes": sum(f["kind"] == "crash" for f in found),
        "violations": sum(f["kind"] == "invariant" for f in found), "exit": proc.returncode,
        "findings": found, "log": str(log),
    }


def main() -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--seconds", type=int, default=600, help="fuzzing time per target (the issue asks 1800)")
    p.add_argument("--only", default=",".join(TARGETS), help="comma-separated targets")
    p.add_argument("--workdir", default=str(WORKDIR), help="corpus and findings (outside the repo)")
    p.add_argument("--replay", action="store_true",
                   help="re-run the saved findings of each target against the current code and count what still fails")
    p.add_argument("--child", help=argparse_hidden())
    p.add_argument("--corpus", help=argparse_hidden())
    p.add_argument("--findings", help=argparse_hidden())
    args = p.parse_args()
    if args.child:
        fuzz_child(args.child, Path(args.corpus), Path(args.findings), args.seconds)
        return 0
    if args.replay:
        return replay([t.strip() for t in args.only.split(",") if t.strip()], Path(args.workdir))
    data = Path(args.data)
    data_path(data, "corpora")
    rows, results = [], []
    for name in [t.strip() for t in args.only.split(",") if t.strip()]:
        r = run_target(name, data, args.seconds, Path(args.workdir))
        results.append(r)
        rows.append([r["target"], r["seeds"], r["fuzz_s"], r["execs"], r["exec_per_s"], r["cov_seeds"], r["cov"],
                     r["ft"], r["corpus"], r["crashes"], r["violations"]])
        print(f"{name}: {r['execs']} runs in {r['fuzz_s']} s, cov {r['cov']}, "
              f"{r['crashes']} crash / {r['violations']} violation signatures (log {r['log']})", flush=True)
    print()
    print(table(["target", "seeds", "seconds", "executions", "exec/s", "cov (seeds)", "cov (end)", "features",
                 "corpus", "crashes", "violations"], rows))
    for r in results:
        for f in r["findings"]:
            print(f"- {f['target']} {f['kind']}: {f['detail']} [{f['input']}]")
    (Path(args.workdir) / "results.json").write_text(json.dumps(results, indent=1))
    return 1 if any(r["crashes"] for r in results) else 0


def replay(targets: list[str], workdir: Path) -> int:
    """Run each saved finding through its target again (instrumentation off); print what still fails."""
    import atheris  # noqa: F401 - _make_target instruments; harmless outside libFuzzer

    rows = []
    for name in targets:
        findings = workdir / name / "findings"
        inputs = sorted(findings.glob(f"{name}-*.bin")) if findings.exists() else []
        if not inputs:
            continue
        scratch = workdir / name / "replay"
        scratch.mkdir(parents=True, exist_ok=True)
        (scratch / "findings.jsonl").unlink(missing_ok=True)
        one_input = _make_target(name, scratch)
        for path in inputs:
            one_input(path.read_bytes())
        still = [json.loads(x) for x in (scratch / "findings.jsonl").read_text().splitlines()] \
            if (scratch / "findings.jsonl").exists() else []
        failing = len({f["input"] for f in still})
        rows.append([name, len(inputs), failing, len(inputs) - failing])
        for f in still[:20]:
            print(f"- still: {f['kind']}: {f['detail']} [{f['input']}]")
    print(table(["target", "saved findings", "still failing", "now pass"], rows))
    return 1 if any(r[2] for r in rows) else 0


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    run_main(main)
