"""Shared helpers for benchmarks: locating data, scoring, digests, tables."""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import unittest
from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

from training.gold import word_prf, words  # noqa: F401  (one definition, shared with training)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
WORD = re.compile(r"\w+")


class Skip(unittest.SkipTest):
    """Raised when a benchmark's data is absent: the runner prints why and exits 0, and a test
    that reaches it through a benchmark is skipped (pytest treats ``unittest.SkipTest`` as a skip)."""


def data_path(data: str | Path | None, *parts: str) -> Path:
    """``data/parts...``, or :class:`Skip` if it is not there."""
    base = Path(data) if data else DEFAULT_DATA
    path = base.joinpath(*parts)
    if not path.exists():
        raise Skip(f"{path} not found (pass --data PATH to the shared data)")
    return path


def arg_parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--data", default=str(DEFAULT_DATA), help="folder of the shared gold data")
    p.add_argument("--limit", type=int, default=None, help="score only the first N cases")
    return p


def run_main(main) -> None:
    """Run a benchmark's main(); a missing data set is a clean skip, not a failure."""
    try:
        code = main()
    except Skip as exc:
        print(f"skipped: {exc}")
        code = 0
    sys.exit(code or 0)


def digest_files(paths: Iterable[Path]) -> str:
    """A sha256 over the bytes of the given files (sorted by name): pins the gold data a floor was set on."""
    h = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain-text table (Markdown pipe style) with floats to 3 places."""
    def fmt(v: object) -> str:
        if isinstance(v, float):
            return f"{v:.3f}"
        return "" if v is None else str(v)

    rows = [[fmt(v) for v in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    out = [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in rows]
    return "\n".join(out)
