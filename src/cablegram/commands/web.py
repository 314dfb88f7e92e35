"""``cablegram serve``: the web view over a store, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .base import app


@app.command()
def serve(
    db: Annotated[Optional[str], typer.Option("--db", help="The store (DuckDB file; default ./cablegram.duckdb "
                                                          "or $CABLEGRAM_DB), opened read-only.")] = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind. The default serves this machine only; "
                                                     "0.0.0.0 exposes the store to your network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    access_log: Annotated[bool, typer.Option("--access-log", help="Log every request.")] = False,
) -> None:
    """Serve the web view: corpus, articles with their evidence, actor graph, dyads, JSON API under /api/."""
    from ..web.serve import serve as run_serve

    run_serve(db, host=host, port=port, access_log=access_log, say=lambda line: typer.echo(line, err=True))
