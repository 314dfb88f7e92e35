"""Every invariant on every article of the Wikinews 2019-2021 corpus (295 dated world-news texts).

Each article is analysed as a user would (its text, with its URL and
publication date) and checked with :func:`cablegram.check.check_analysis`
against its raw text. Skipped when ../shared/data is absent.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter

import pytest

import cablegram
from cablegram.check import check_analysis
from cablegram.errors import InputError

CORPUS = ("corpora", "wikinews-2019-2021", "articles.jsonl.gz")


@pytest.mark.slow
@pytest.mark.data
def test_invariants_hold_on_every_wikinews_article(nlp, data_dir):
    path = data_dir.joinpath(*CORPUS)
    if not path.exists():
        pytest.skip(f"{path} not present")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    broken: dict[str, list[str]] = {}
    refused = 0
    for r in records:
        try:
            analysis = cablegram.analyze(r["text"], url=r.get("url"), published=r.get("date"), nlp=nlp)
        except InputError:
            refused += 1  # a clear error is allowed; a traceback is not
            continue
        violations = check_analysis(analysis, r["text"])
        if violations:
            broken[r["id"]] = violations
    kinds = Counter(v.split(":")[0].split("(")[0].split("[")[0] for vs in broken.values() for v in vs)
    detail = "\n".join(f"{doc}: {vs[0]}" for doc, vs in list(broken.items())[:15])
    assert not broken, (f"{len(broken)} of {len(records)} articles break invariants "
                        f"({refused} refused); by kind {dict(kinds)}:\n{detail}")
    assert len(records) - refused >= 290
