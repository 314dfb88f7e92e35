"""Stores for the web tests: the hand-built articles (fast), and those plus the example through the real pipeline."""

from __future__ import annotations

import pytest

from webfixtures import crafted, hostile


def _build(path, analyses, sources):
    from cablegram.store import Store

    with Store(str(path)) as store:
        for a, src in zip(analyses, sources):
            store.add(a, raw=a.document.text, source=src)
    return str(path)


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> str:
    return _build(tmp_path_factory.mktemp("webdb") / "fixture.duckdb", [crafted(), hostile()],
                  ["fixtures/grain.txt", "fixtures/<hostile>.txt"])


@pytest.fixture(scope="session")
def client(fixture_db):
    from starlette.testclient import TestClient

    from cablegram.web import create_app

    app = create_app(fixture_db, allowed_hosts={"testserver", "127.0.0.1", "localhost"})
    with TestClient(app) as c:
        yield c
    app.state.corpus.close()


@pytest.fixture(scope="session")
def full_db(tmp_path_factory, example) -> str:
    """crafted + hostile + the flagship example analysed by the real pipeline."""
    return _build(tmp_path_factory.mktemp("webfull") / "full.duckdb", [example, crafted(), hostile()],
                  ["examples/kim-putin.txt", "fixtures/grain.txt", "fixtures/<hostile>.txt"])

