"""The article inside scraped text: cablegram's plain-text cleaner vs keep-everything vs trafilatura on the HTML.

For each page the visible text (``text``) goes in and the gold article body
comes out. Scored: word F1 over lower-cased ``\\w+`` tokens (averaged over
pages), and where the set has them, the share of ``must_keep`` snippets kept
and ``must_drop`` snippets dropped. The cleaner's body is everything it keeps
except the title (dek, caption, headings, paragraphs), since the gold bodies
leave the title out; a variant with the title is printed too. "title F1" is
word F1 of the title the cleaner found against WCXB's ``gold_title``; "date acc"
the share of pages whose publication date (from the URL, else a dateline in
the text) equals ``gold_published``.

    python -m benchmarks.extraction [--data PATH] [--limit N] [--no-trafilatura] [--cv K]

The shipped weights were learned on these dev pages, so the plain figures are
in-sample; ``--cv K`` retrains on K-1 folds and scores the held-out fold (the
honest figure; slow).
"""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

from training.gold import score_page, snippet_shares  # the cleaner's score, shared with its training

from .common import Skip, arg_parser, data_path, digest_files, run_main, table, word_prf

SETS = {"wcxb": ("extraction", "wcxb-articles", "pages.dev.jsonl.gz"),
        "zyte": ("extraction", "zyte-article-extraction-benchmark", "pages.dev.jsonl.gz")}


def trafilatura_body(html: str, url: str | None) -> str:
    import trafilatura

    try:
        return trafilatura.extract(html, url=url, include_comments=False, include_tables=True) or ""
    except Exception:  # a reference baseline: a failure counts as an empty body
        return ""


def load(data: str | Path | None, name: str, limit: int | None = None) -> list[dict]:
    path = data_path(data, *SETS[name])
    pages = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            pages.append(json.loads(line))
            if limit and len(pages) >= limit:
                break
    return pages


def _mean(xs):
    return sum(xs) / len(xs) if xs else None


def evaluate(pages: list[dict], *, trafilatura: bool = True) -> dict:
    rows: dict = {k: {"f1": [], "keep": [], "drop": [], "title": [], "date": [], "sec": 0.0} for k in ("keep-everything", "cablegram",
                                                                             "cablegram+title", "trafilatura (html)")}
    for page in pages:
        gold = page.get("gold_body") or ""
        everything = page.get("text") or ""
        acc = rows["keep-everything"]
        acc["f1"].append(word_prf(everything, gold)[2])
        k, d = snippet_shares(everything, page)
        acc["keep"] += k
        acc["drop"] += d
        t0 = time.perf_counter()
        res = score_page(page)
        rows["cablegram"]["sec"] += time.perf_counter() - t0
        rows["cablegram+title"]["f1"].append(res["f1_with_title"])
        for key, r in (("cablegram", res),):
            rows[key]["f1"].append(r["f1"])
            rows[key]["keep"] += r["keep"]
            rows[key]["drop"] += r["drop"]
            if r["title"] is not None:
                rows[key]["title"].append(r["title"])
            if r["date"] is not None:
                rows[key]["date"].append(r["date"])
        if trafilatura:
            t0 = time.perf_counter()
            body = trafilatura_body(page.get("html") or "", page.get("url"))
            rows["trafilatura (html)"]["sec"] += time.perf_counter() - t0
            rows["trafilatura (html)"]["f1"].append(word_prf(body, gold)[2])
            k, d = snippet_shares(body, page)
            rows["trafilatura (html)"]["keep"] += k
            rows["trafilatura (html)"]["drop"] += d
    return {name: {"f1": _mean(a["f1"]), "keep": _mean(a["keep"]), "drop": _mean(a["drop"]), "title": _mean(a["title"]),
                   "date": _mean(a["date"]),
                   "ms_per_page": 1000 * a["sec"] / max(1, len(pages)) if a["sec"] else None}
            for name, a in rows.items() if a["f1"]}


def gate(data_dir: Path) -> tuple[dict[str, float], str]:
    """Figures for the CI gate: the cleaner's word F1 and must-drop share per set (no trafilatura, ~1 min)."""
    metrics, files = {}, []
    for name in SETS:
        files.append(data_path(data_dir, *SETS[name]))
        res = evaluate(load(data_dir, name), trafilatura=False)["cablegram"]
        metrics[f"{name}_f1"] = res["f1"]
        if res["drop"] is not None:
            metrics[f"{name}_must_drop"] = res["drop"]
            metrics[f"{name}_must_keep"] = res["keep"]
    return metrics, digest_files(files)


def main() -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--no-trafilatura", action="store_true", help="skip the HTML reference (faster)")
    p.add_argument("--cv", type=int, default=0, help="also report K-fold cross-validated figures (retrains)")
    args = p.parse_args()
    any_set = False
    for name in SETS:
        try:
            pages = load(args.data, name, args.limit)
        except Skip as exc:
            print(f"{name}: skipped ({exc})")
            continue
        any_set = True
        res = evaluate(pages, trafilatura=not args.no_trafilatura)
        print(f"\n{name}: {len(pages)} pages (dev)")
        print(table(["method", "word F1", "must_keep kept", "must_drop dropped", "title F1", "date acc", "ms/page"],
                    [[k, v["f1"], v["keep"], v["drop"], v["title"], v["date"], v["ms_per_page"]]
                     for k, v in res.items()]))
    if not any_set:
        raise Skip("no extraction set found")
    if args.cv:
        from training.clean_lines import cross_validate, load_pages, page_matrix

        pages = load_pages(Path(args.data))
        if args.limit:
            pages = pages[: args.limit]
        mats = [page_matrix(pg) for pg in pages]
        res = cross_validate(pages, mats, args.cv)
        print(f"\ncablegram, {args.cv}-fold cross-validated (trained on the other folds' pages):")
        print(table(["set", "word F1", "must_keep kept", "must_drop dropped"],
                    [[s, r["f1"], r["keep"], r["drop"]] for s, r in res.items()]))
    return 0


if __name__ == "__main__":
    run_main(main)
