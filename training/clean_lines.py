"""Learn the line classifier's weights from pages with a gold article body.

    python -m training.clean_lines [--data ../shared/data] [--folds 5]

Each line of a page's visible text is labelled 1 if its words occur, in order,
in the gold body (long lines anywhere, short lines only near where the previous
line matched, so a stray "Share" does not count). Stage 1 learns from the line's
own and context features; stage 2 adds the out-of-fold stage-1 scores of its
neighbours. Both are exported as JSON (``data/lines_stage{1,2}.json``). With
``--folds`` it also reports cross-validated word F1 (train on folds, score the
held-out pages), the honest figure.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import numpy as np

import cablegram.clean as clean_package
from cablegram.clean.features import NAMES, CONTEXT, WORD, context_features, featurise, normalise, split_lines
from cablegram.clean.model import Trees, export

from .gold import DEFAULT_DATA, load_pages, score_page  # noqa: F401  (load_pages: used by benchmarks.extraction)

DATA_DIR = Path(clean_package.__file__).resolve().parent / "data"
PARAMS = dict(max_iter=150, learning_rate=0.08, max_leaf_nodes=31, min_samples_leaf=40, l2_regularization=1.0,
              random_state=0)


def labels(lines, gold: str) -> list[int]:
    """1 for a line whose word sequence occurs in the gold body (see module doc)."""
    g = " " + " ".join(w.lower() for w in WORD.findall(gold)) + " "
    out, pos = [], -1
    for line in lines:
        t = " " + " ".join(w.lower() for w in line.words) + " "
        if len(line.words) == 0:
            out.append(0)
            continue
        if len(line.words) >= 6:
            k = g.find(t, max(0, pos - 2000)) if pos >= 0 else g.find(t)
            if k < 0:
                k = g.find(t)
        else:
            start = max(0, pos - 50) if pos >= 0 else 0
            k = g.find(t, start, (pos if pos >= 0 else 0) + 400 + len(t))
        if k >= 0:
            out.append(1)
            pos = k + len(t) - 1
        else:
            out.append(0)
    return out


def page_matrix(page: dict):
    lines = split_lines(normalise(page.get("text") or ""))
    rows, _ = featurise(lines)
    return lines, rows, labels(lines, page.get("gold_body") or "")


def cached_matrices(pages: list[dict], cache: str | None) -> list:
    """Feature matrices of the pages, reused from ``cache`` (a scratch file outside the repo) if it matches."""
    import pickle

    key = (len(pages), tuple(p.get("id") for p in pages[:5]), tuple(NAMES))
    if cache and Path(cache).exists():
        with open(cache, "rb") as fh:
            stored = pickle.load(fh)
        if stored.get("key") == key:
            return [([], rows, ys) for rows, ys in stored["mats"]]
    mats = [page_matrix(pg) for pg in pages]
    for pg in pages:
        pg.pop("html", None)
    if cache:
        with open(cache, "wb") as fh:
            pickle.dump({"key": key, "mats": [(rows, ys) for _, rows, ys in mats]}, fh)
    return mats


def _fit(X, y):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**PARAMS).fit(X, y)


def fit_two_stage(mats: list, inner_folds: int = 2) -> tuple[Trees, Trees]:
    """Stage 1 on all pages; stage 2 on stage-1 scores made out of fold (so they look like test-time scores)."""
    X = np.array([r for _, rows, _ in mats for r in rows], dtype=float)
    y = np.array([l for _, _, ys in mats for l in ys])
    page_of = np.concatenate([[k] * len(rows) for k, (_, rows, _) in enumerate(mats)]).astype(int)
    oof = np.zeros(len(y))
    fold_of_page = np.arange(len(mats)) % inner_folds
    for f in range(inner_folds):
        test = fold_of_page[page_of] == f
        oof[test] = _fit(X[~test], y[~test]).predict_proba(X[test])[:, 1]  # same as the exported trees
    stage1 = Trees(export(_fit(X, y), NAMES))
    X2, start = [], 0
    for _, rows, _ in mats:
        ctx = context_features(list(oof[start:start + len(rows)]))
        X2.extend(r + c for r, c in zip(rows, ctx))
        start += len(rows)
    stage2 = Trees(export(_fit(np.array(X2, dtype=float), y), NAMES + CONTEXT))
    return stage1, stage2


def score_pages(pages: list[dict], models) -> dict:
    """Per set: mean word F1 of the cleaner's body, and must-keep / must-drop shares."""
    out: dict = {}
    for page in pages:
        res = score_page(page, models=models)
        acc = out.setdefault(page["set"], {"f1": [], "keep": [], "drop": []})
        acc["f1"].append(res["f1"])
        acc["keep"].extend(res["keep"])
        acc["drop"].extend(res["drop"])
    return {s: {k: (float(np.mean(v)) if v else None) for k, v in acc.items()} for s, acc in out.items()}


def cross_validate(pages: list[dict], mats: list, folds: int) -> dict:
    """Train on k-1 folds of pages, score the held-out fold; pooled over folds."""
    scored: dict = {}
    for f in range(folds):
        train = [m for k, m in enumerate(mats) if k % folds != f]
        test = [p for k, p in enumerate(pages) if k % folds == f]
        models = fit_two_stage(train)
        res = score_pages(test, models)
        for s, r in res.items():
            acc = scored.setdefault(s, {"f1": [], "keep": [], "drop": [], "n": 0})
            n = sum(1 for p in test if p["set"] == s)
            acc["n"] += n
            for k in ("f1", "keep", "drop"):
                if r[k] is not None:
                    acc[k].append((r[k], n))
        print(f"fold {f}: {res}", flush=True)
    return {s: {k: (sum(v * n for v, n in acc[k]) / sum(n for _, n in acc[k]) if acc[k] else None)
                for k in ("f1", "keep", "drop")} for s, acc in scored.items()}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=str(DEFAULT_DATA))
    p.add_argument("--folds", type=int, default=0, help="also report k-fold cross-validated figures")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--no-save", action="store_true")
    p.add_argument("--cache", default=None, help="keep the feature matrices in this file between runs")
    args = p.parse_args(argv)
    pages = load_pages(Path(args.data))[: args.limit]
    mats = cached_matrices(pages, args.cache)
    print(f"{len(pages)} pages, {sum(len(r) for _, r, _ in mats)} lines, "
          f"{sum(sum(y) for _, _, y in mats)} article lines", flush=True)
    if args.folds:
        print(json.dumps(cross_validate(pages, mats, args.folds), indent=1))
    if not args.no_save:
        s1, s2 = fit_two_stage(mats)
        for name, model in (("lines_stage1", s1), ("lines_stage2", s2)):
            spec = {"features": model.names, "baseline": model.baseline,
                    "trees": [{k: v.tolist() for k, v in t.items()} for t in model.trees],
                    "_about": "learned by training.clean_lines on the dev pages of the extraction sets"}
            (DATA_DIR / f"{name}.json").write_text(json.dumps(spec, separators=(",", ":")), encoding="utf-8")
        print("saved", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
