"""``cablegram serve``: the web view over a store, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..cli import app


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
    import uvicorn

    from ..store import default_db
    from .app import create_app, local_hosts

    path = db or default_db()
    web = create_app(path, allowed_hosts=local_hosts(host))
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"cablegram: serving {path} (read-only) on http://{shown}:{port}/  (Ctrl-C stops)", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"cablegram: note: bound to {host}, so anyone who can reach this machine can read the store",
                   err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=access_log,
                server_header=False, date_header=False)
