"""The command line: thin functions over the library, named like what they call.

Output flags are defined once here (``JsonFlag``, ``NlFlag``, ``CsvFlag``) and
shared by every listing command through :func:`emit`: a table on a TTY, JSON
Lines when piped, or what the flags ask. ``-`` means stdin (or stdout).
Errors print one line (``error E0xx: … (remedy)``) and exit with the code
listed in ``cablegram --help`` / :data:`cablegram.errors.EXIT_CODES`.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Iterable, Optional

import typer

from .errors import EXIT_CODES, CablegramError, NotFoundError

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
        raise NotFoundError(f"no such file: {path}")
    if p.is_dir():
        raise NotFoundError(f"{path} is a directory (use `cablegram ingest` for many documents)")
    return p.read_bytes()


class Format(str, Enum):
    json = "json"
    md = "md"
    html = "html"


@app.command()
def analyze(
    path: Annotated[str, typer.Argument(help="A text or HTML file, or - for stdin.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="json, md (the brief) or html.")] = Format.md,
    url: Annotated[Optional[str], typer.Option(help="The article's URL (gives date and section).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date, ISO 8601.")] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Verify the analysis' invariants; exit 5 if broken.")] = False,
    pipeline: Annotated[Optional[str], typer.Option(help="An installed spaCy pipeline to build on.")] = None,
    max_bytes: Annotated[Optional[int], typer.Option(
        "--max-bytes", min=1, help="Refuse larger inputs (default 10,000,000 or $CABLEGRAM_MAX_BYTES).")] = None,
) -> None:
    """Analyse one article: its actors, who said what, events and time, as a brief or JSON."""
    import cablegram
    from .config import Settings

    settings = Settings(max_bytes=max_bytes) if max_bytes else Settings()
    data = read_input(path)
    nlp = cablegram.load(pipeline)
    analysis = cablegram.analyze(data, url=url, published=published, nlp=nlp, settings=settings)
    if check:
        from .check import assert_valid

        assert_valid(analysis, raw_input=data)  # bytes: decoded as ingest decodes them (BOM, UTF-16)
    if format is Format.json:
        text = analysis.model_dump_json(indent=2) + "\n"
    elif format is Format.html:
        from .brief import render_html

        text = render_html(analysis)
    else:
        from .brief import render_markdown

        text = render_markdown(analysis)
    if output and output != "-":
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command()
def code(
    path: Annotated[str, typer.Argument(help="A text or HTML file, or - for stdin.")],
    url: Annotated[Optional[str], typer.Option(help="The article's URL (gives date and section).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date, ISO 8601.")] = None,
    pipeline: Annotated[Optional[str], typer.Option(help="An installed spaCy pipeline to build on.")] = None,
    json_: JsonFlag = False,
    nl: NlFlag = False,
    csv_: CsvFlag = False,
) -> None:
    """Code one article sentence by sentence, as event coders do: PLOVER type, CAMEO root, source
    and target countries (one record per sentence with an event and a source)."""
    from .config import Settings
    from .events.coding import code_article

    data = read_input(path)
    rows = code_article(data, url=url, published=published, settings=Settings(pipeline=pipeline) if pipeline
                        else Settings())  # the input is checked before the pipeline loads
    if not (json_ or nl or csv_) and sys.stdout.isatty():
        rows = [{"type": r["type"], "cameo": r["cameo"], "source": " ".join(r["source_countries"]),
                 "target": " ".join(r["target_countries"]), "sentence": r["sentence"][:90]} for r in rows]
    emit(rows, json_=json_, nl=nl, csv_=csv_)


@app.command()
def schema() -> None:
    """Print the JSON Schema of an analysis."""
    from .schema_export import render

    sys.stdout.write(render())


def _register_commands() -> None:
    """Commands that live beside the library they wrap (corpus store, web view)."""
    import importlib

    for module in ("cablegram.store.commands", "cablegram.web.commands"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module and not module.startswith(exc.name or "\0"):
                raise


_register_commands()


def main() -> None:
    try:
        app()
    except CablegramError as exc:
        print(str(exc), file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # never a traceback for a user, unless asked
        if os.environ.get("CABLEGRAM_DEBUG"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {exc} (set CABLEGRAM_DEBUG=1 for a traceback; "
              "please report it)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
