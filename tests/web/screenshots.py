"""Regenerate the screenshots of docs/web.md: every page of the web view at 1400 px and 400 px.

    .venv/bin/python tests/web/screenshots.py [--db STORE] [--out docs/web]

The store defaults to $CABLEGRAM_WIKINEWS_DB, else the Wikinews corpus of ../shared/data is ingested
into a temporary store first (minutes). The pages shown are picked from the store, not named here:
the article reporting the most-reported event both parties act in, the dyad of the strongest tie, the
country with the most events. The real app runs under uvicorn on a free loopback port and
tests/web/shots.mjs drives Debian's chromium (``bash tests/web/setup.sh``). Exits 1 if a page shows a
script error, a CSP violation, a request leaving the server or overflows a 400 px screen.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "wikinews-2019-2021" / "articles.jsonl.gz"


def pages(db: str) -> list[list[str]]:
    """(name, URL[, action]) of each page to shoot, chosen from what the store holds."""
    from cablegram.web.queries import Corpus

    c = Corpus.open(db)
    try:
        mutual = c.rows("""SELECT first_doc FROM event_clusters WHERE reciprocal AND len(source) = 1
                           AND len(target) = 1 AND source[1] <> target[1]
                           AND regexp_matches(source[1] || target[1], '^[A-Z]{6}$')
                           ORDER BY reports DESC, documents DESC, id LIMIT 1""")
        doc = mutual[0]["first_doc"] if mutual else c.documents(limit=1)["documents"][0]["id"]
        tie = c.ties(limit=1)
        a, b = (tie[0]["a"], tie[0]["b"]) if tie else ("RUS", "PRK")
        top = c.rows("""SELECT k, count(DISTINCT r.cluster_id) AS n
                        FROM (SELECT doc_id, id, unnest(list_concat(source_key, target_key)) AS k FROM events) x
                        JOIN event_reports r ON r.doc_id = x.doc_id AND r.event_id = x.id
                        WHERE regexp_matches(k, '^[A-Z]{3}$') GROUP BY k ORDER BY n DESC, k LIMIT 1""")
        country = top[0]["k"] if top else a
    finally:
        c.close()
    return [["corpus", "/"], ["article", f"/doc/{doc}", "click-trigger"], ["graph", "/graph"],
            ["graph-node", f"/graph?focus={country}"], ["dyad", f"/dyad?a={a}&b={b}&by=month"],
            ["actor", f"/actor/{country}"], ["events", "/events"]]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=os.environ.get("CABLEGRAM_WIKINEWS_DB"), help="the store to show")
    ap.add_argument("--out", default=str(ROOT / "docs" / "web"), help="where the PNGs go")
    args = ap.parse_args()
    from webfixtures import browser_missing, running_server

    reason = browser_missing()
    if reason:
        print(f"screenshots: {reason}: run `bash tests/web/setup.sh`", file=sys.stderr)
        return 2
    tmp = None
    db = args.db
    if not db:
        if not CORPUS.exists():
            print(f"screenshots: no --db and no {CORPUS}", file=sys.stderr)
            return 2
        from cablegram.run import ingest

        tmp = tempfile.TemporaryDirectory(prefix="cablegram-shots-")
        db = os.path.join(tmp.name, "wikinews.duckdb")
        print(f"screenshots: ingesting {CORPUS} into {db} (minutes)", file=sys.stderr)
        ingest([str(CORPUS)], db=db, jobs=min(2, os.cpu_count() or 1))
    try:
        todo = pages(db)
        with running_server(db) as base:
            proc = subprocess.run(["node", str(HERE / "shots.mjs"), "--base", base, "--out", args.out,
                                   "--pages", json.dumps(todo)], capture_output=True, text=True, timeout=600)
    finally:
        if tmp is not None:
            tmp.cleanup()
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        print(proc.stdout[-2000:], proc.stderr[-2000:], file=sys.stderr)
        return 1
    report = json.loads(lines[-1])
    for shot in report["shots"]:
        print(Path(shot).relative_to(ROOT) if Path(shot).is_relative_to(ROOT) else shot)
    for url in todo:
        print(f"  {url[0]}: {url[1]}")
    for problem in report["problems"]:
        print("problem:", problem, file=sys.stderr)
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
