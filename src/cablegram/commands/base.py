"""The shared Typer ``app``, its output flags and input reading (every command module registers on it).

Output flags are defined once here (``JsonFlag``, ``NlFlag``, ``CsvFlag``) and
shared by every listing command through :func:`emit`: a table on a TTY, JSON
Lines when piped, or what the flags ask. ``-`` means stdin (or stdout).
Errors print one line (``error E0xx: … (remedy)``) and exit with the code
listed in ``cablegram --help`` / :data:`cablegram.errors.EXIT_CODES`.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from pathlib import Path
from typing import Annotated, Iterable, Optional

import typer

from ..errors import EXIT_CODES, NotFoundError

_EXIT_HELP = "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES.items())

app = typer.Typer(
    name="cablegram",
    help="News reporting in, the system it describes out: actors, who said what, events, time.\n\n"
         f"Exit codes:\n\n\b\n{_EXIT_HELP}",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# -- output flags, defined once ------------------------------------------------------------
JsonFlag = Annotated[bool, typer.Option("--json", help="Output a JSON array.")]
NlFlag = Annotated[bool, typer.Option("--nl", help="Output JSON Lines (one object per line).")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Output CSV with a header row.")]


def emit(rows: Iterable[dict], *, json_: bool = False, nl: bool = False, csv_: bool = False,
         columns: Optional[list[str]] = None, out=None) -> int:
    """Write rows as a JSON array, JSON Lines, CSV, or (on a TTY, no flag) a table. Returns the row count."""
    out = out or sys.stdout
    rows = list(rows)
    if columns is None:
        columns = list(dict.fromkeys(k for r in rows for k in r))
    if json_:
        out.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    elif csv_:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _flat(r.get(k)) for k in columns})
    elif nl or not out.isatty():
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns, show_lines=False)
        for r in rows:
            table.add_row(*(_flat(r.get(k)) for k in columns))
        Console(file=out).print(table)
    return len(rows)


def _flat(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def read_input(path: str) -> bytes:
    """The bytes of a file, or of stdin for ``-``."""
    if path == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if not p.exists():
        if re.match(r"(www\.)?[\w-]+(\.[\w-]+)+/", path):
            raise NotFoundError(f"no such file: {path}", remedy="for a web page give its URL with https:// or http://")
        raise NotFoundError(f"no such file: {path}")
    if p.is_dir():
        raise NotFoundError(f"{path} is a directory (use `cablegram ingest` for many documents)")
    return p.read_bytes()


def read_article(path: str, *, allow_private: bool = False, max_bytes: int) -> tuple[bytes, Optional[str]]:
    """The bytes of a file, of stdin for ``-``, or of a URL fetched as ``ingest`` fetches one (http(s)
    only, public addresses unless ``allow_private``, timeouts, at most ``max_bytes``); with the URL
    the page came from after redirects (None for a file)."""
    from ..ingest.fetch import fetch, is_url

    if is_url(path):
        got = fetch(path, allow_private=allow_private, max_bytes=max_bytes)
        return got.data, got.url
    return read_input(path), None




def text_progress(out=None, *, start_chars: int = 20_000, every: float | None = None):
    """An ``on_progress(done, total)`` for :func:`cablegram.analyze` writing to stderr: a line when a
    text of ``start_chars`` characters or more starts (a few seconds of work on a laptop), then, while
    its windows are read, the count and the time left (rewritten in place on a terminal; else a line
    at most every ``every`` seconds, 30 by default), and one line at the end."""
    out = out or sys.stderr
    tty = out.isatty() if hasattr(out, "isatty") else False
    every = every if every is not None else (0.5 if tty else 30.0)
    state = {"t0": time.monotonic(), "last": None}

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if done == 0:
            state["t0"] = now
            if total >= start_chars:
                out.write(f"analysing {total:,} characters ...\n")
                out.flush()
                state["last"] = now
            return
        if state["last"] is None:
            return
        elapsed = now - state["t0"]
        if done >= total:
            out.write(("\r\033[K" if tty else "") + f"analysed {total:,} characters in {elapsed:,.0f} s\n")
        elif now - state["last"] >= every:
            left = elapsed * (total - done) / done
            line = (f"  {done:,} of {total:,} characters ({100 * done / total:.0f}%), {elapsed:,.0f} s, "
                    f"about {_duration(left)} left")
            out.write(f"\r\033[K{line}" if tty else line + "\n")
        else:
            return
        out.flush()
        state["last"] = now

    return report


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"
