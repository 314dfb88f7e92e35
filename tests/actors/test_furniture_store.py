"""On the Wikinews corpus store, a page's furniture is never an actor: no time zone ("UTC"), no
publisher's own name ("Wikinews", "WN") among the actors of any of its 295 articles.

The store is built with the project's own ingest from ``../shared/data`` (minutes); set
CABLEGRAM_WIKINEWS_DB to a store built before to reuse it. Skips without the shared data.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import cablegram
from cablegram.actors import furniture

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "shared" / "data" / "corpora" / "wikinews-2019-2021" / "articles.jsonl.gz"
FURNITURE = ("UTC", "GMT", "WN", "Wikinews", "English Wikinews", "Wikinews Shorts")


def test_furniture_of_a_wikinews_page_is_no_actor(nlp):
    text = ("Wikinews has learned that the talks ended at 18:00 UTC on Monday. Russia and Ukraine "
            "agreed to meet again, the Russian foreign minister said.\n\nWN: What happens next?\n\n"
            "Sergei Lavrov said the next round would be held in Minsk.")
    a = cablegram.analyze(text, url="https://en.wikinews.org/wiki/Talks_end", published="2021-03-01", nlp=nlp)
    names = {x.name for x in a.actors}
    assert not names & set(FURNITURE), names
    assert {"RUS", "UKR"} <= {x.id for x in a.actors}
    # elsewhere, Wikinews is a source like any other; a time zone never is an actor
    b = cablegram.analyze(text, url="https://www.example.org/news/talks", published="2021-03-01", nlp=nlp)
    assert "UTC" not in {x.name for x in b.actors}


@pytest.mark.slow
@pytest.mark.data
def test_no_furniture_among_the_wikinews_stores_actors(tmp_path):
    given = os.environ.get("CABLEGRAM_WIKINEWS_DB")
    if given:
        db = given
    elif not CORPUS.exists():
        pytest.skip(f"{CORPUS} not found (the shared data)")
    else:
        from cablegram.run import ingest

        db = str(tmp_path / "wikinews.duckdb")
        report = ingest([str(CORPUS)], db=db, jobs=min(2, os.cpu_count() or 1))
        assert report.added >= 280
    import duckdb

    con = duckdb.connect(db, read_only=True)
    try:
        n_actors = con.execute("SELECT count(*) FROM actors").fetchone()[0]
        rows = con.execute("SELECT name, count(*) FROM actors GROUP BY name").fetchall()
    finally:
        con.close()
    own = furniture.own_names("en.wikinews.org")
    bad = {name: n for name, n in rows if name and (name in FURNITURE or furniture.is_furniture(name, own))}
    assert n_actors > 1000
    assert not bad, f"site furniture among the store's actors: {bad}"
