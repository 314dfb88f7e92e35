"""Serve the web view over a store with uvicorn (what ``cablegram serve`` calls)."""

from __future__ import annotations

import sys
from typing import Callable, Optional

LOCAL = ("127.0.0.1", "localhost", "::1")


def serve(db: Optional[str] = None, *, host: str = "127.0.0.1", port: int = 8000, access_log: bool = False,
          say: Callable[[str], None] = lambda line: print(line, file=sys.stderr)) -> None:
    """Serve the store at ``db`` (read-only) on ``host:port`` until interrupted; ``say`` gets the status lines."""
    import uvicorn

    from ..store import default_db
    from .app import create_app, local_hosts

    path = db or default_db()
    web = create_app(path, allowed_hosts=local_hosts(host))
    shown = f"[{host}]" if ":" in host else host
    say(f"cablegram: serving {path} (read-only) on http://{shown}:{port}/  (Ctrl-C stops)")
    if host not in LOCAL:
        say(f"cablegram: note: bound to {host}, so anyone who can reach this machine can read the store")
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=access_log,
                server_header=False, date_header=False)
