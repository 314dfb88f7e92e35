"""Corpus commands (ingest, events, quotes, actors, dyad, sql, export): thin functions over the library.

Registered on the shared Typer ``app`` of :mod:`.base`; the store and the runner expose plain
functions (:mod:`cablegram.store.query`, :func:`cablegram.run.ingest`, :func:`cablegram.store.export.export`).
Queries open the store read-only; output goes through :func:`.base.emit`.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from .base import CsvFlag, JsonFlag, NlFlag, app, emit
from ..store import DEFAULT_DB, Store, default_db

DbOpt = Annotated[Optional[str], typer.Option("--db", help=f"The store (DuckDB file; default ./{DEFAULT_DB} "
                                                             "or $CABLEGRAM_DB).")]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", "-n", help="At most this many rows.")]


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class By(str, Enum):
    day = "day"
    month = "month"
    year = "year"


class ExportFormat(str, Enum):
    plover = "plover"
    gdelt = "gdelt"
    parquet = "parquet"
    gexf = "gexf"
    graphml = "graphml"
    sqlite = "sqlite"


def _progress():
    """A rich progress line on a TTY (documents, documents/s, errors); nothing otherwise."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=Console(file=sys.stderr), transient=False)
    task = progress.add_task("starting", total=None)

    def update(report) -> None:
        progress.update(task, description=(
            f"{report.added:,} documents ({report.docs_per_second:.1f}/s), {report.skipped:,} already in the store, "
            f"{report.failed:,} errors"))

    return progress, update


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs (quote them), .jsonl(.gz), .warc(.gz), "
                                                    "RSS/Atom files, http(s) URLs, or - for stdin.")],
    db: DbOpt = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (each loads the model once).")] = 1,
    engine: Annotated[Engine, typer.Option(help="local processes, or a Dask cluster.")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (default: a LocalCluster "
                                                          "of --jobs workers, at least 2).")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let URLs reach loopback and private "
                                                                       "addresses.")] = False,
    max_bytes: Annotated[Optional[int], typer.Option("--max-bytes", help="Largest input accepted.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="Read at most this many inputs.")] = None,
    pipeline: Annotated[Optional[str], typer.Option(help="An installed spaCy pipeline to build on.")] = None,
    json_: JsonFlag = False,
) -> None:
    """Analyse many articles into the store; already-stored ones are skipped, failures go to the errors table.

    Exit code 7 when some inputs failed (see `cablegram sql "SELECT * FROM errors"`).
    """
    from ..run import ingest as run_ingest

    progress, update = _progress()
    if progress:
        progress.start()
    try:
        report = run_ingest(paths, db=db or default_db(), jobs=jobs, engine=engine.value, scheduler=scheduler,
                            allow_private=allow_private, max_bytes=max_bytes, limit=limit, pipeline=pipeline,
                            on_progress=update)
    finally:
        if progress:
            progress.stop()
    if json_:
        import json

        sys.stdout.write(json.dumps(report.as_dict()) + "\n")
    print(f"{report.added:,} documents added ({report.words:,} words) in {report.seconds:.1f} s, "
          f"{report.skipped:,} already in the store, {report.failed:,} failed -> {db or default_db()}",
          file=sys.stderr)
    if report.not_read:
        from ..ingest.readers import KNOWN_SUFFIXES

        n = sum(report.not_read.values())
        print(f"{n:,} file{'s' if n != 1 else ''} in the folders not read: "
              + ", ".join(f"{k:,} x {why}" for why, k in report.not_read.most_common())
              + f" (cablegram reads {' '.join(KNOWN_SUFFIXES)})", file=sys.stderr)
    for f in report.failures[:5]:
        print(f"  failed: {f.source}: {f.reason}", file=sys.stderr)
    if report.failed > 5:
        print(f"  ... and {report.failed - 5:,} more (SELECT * FROM errors)", file=sys.stderr)
    if report.failed:
        raise typer.Exit(7)


@app.command()
def events(
    source: Annotated[Optional[str], typer.Option(help="Source actor: ISO3 country (RUS), code, id or name.")] = None,
    target: Annotated[Optional[str], typer.Option(help="Target actor, likewise.")] = None,
    type: Annotated[Optional[str], typer.Option("--type", help="PLOVER event type (REQUEST, ASSAULT, ...).")] = None,
    since: Annotated[Optional[str], typer.Option(help="From this date (2023, 2023-01, 2023-01-15).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Up to this date, inclusive.")] = None,
    modality: Annotated[Optional[str], typer.Option(help="asserted, reported, possible, expected, ...")] = None,
    db: DbOpt = None, limit: LimitOpt = None, json_: JsonFlag = False, nl: NlFlag = False, csv_: CsvFlag = False,
) -> None:
    """Events in the store: who does, wants or offers what to whom, and the words that say so."""
    from ..store import query

    with Store(db or default_db(), read_only=True) as store:
        rows = query.events(store, source=source, target=target, type=type, since=since, until=until,
                            modality=modality, limit=limit)
    emit(rows, json_=json_, nl=nl, csv_=csv_, columns=None if (json_ or nl) else
         ["date", "type", "source", "target", "what", "modality", "evidence", "title"])


@app.command()
def quotes(
    speaker: Annotated[Optional[str], typer.Option(help="Speaker: actor id, name (part of) or ISO3 country.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="direct, indirect or mixed.")] = None,
    source_kind: Annotated[Optional[str], typer.Option("--source-kind", help="named, anonymous, group, ...")] = None,
    since: Annotated[Optional[str], typer.Option(help="Documents published from this date.")] = None,
    db: DbOpt = None, limit: LimitOpt = None, json_: JsonFlag = False, nl: NlFlag = False, csv_: CsvFlag = False,
) -> None:
    """Who said what across the corpus."""
    from ..store import query

    with Store(db or default_db(), read_only=True) as store:
        rows = query.quotes(store, speaker=speaker, kind=kind, source_kind=source_kind, since=since, limit=limit)
    emit(rows, json_=json_, nl=nl, csv_=csv_, columns=None if (json_ or nl) else
         ["date", "speaker", "kind", "cue", "quote", "title"])


@app.command()
def actors(
    country: Annotated[Optional[str], typer.Option(help="ISO3 country code.")] = None,
    type: Annotated[Optional[str], typer.Option("--type", help="person, country, organization, group, anonymous.")] = None,
    name: Annotated[Optional[str], typer.Option(help="Name contains this.")] = None,
    db: DbOpt = None, limit: LimitOpt = None, json_: JsonFlag = False, nl: NlFlag = False, csv_: CsvFlag = False,
) -> None:
    """Actors across the corpus, by the number of documents they appear in."""
    from ..store import query

    with Store(db or default_db(), read_only=True) as store:
        rows = query.actors(store, country=country, type=type, name=name, limit=limit)
    emit(rows, json_=json_, nl=nl, csv_=csv_)


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="Source actor (RUS, an id or a name).")],
    b: Annotated[str, typer.Argument(help="Target actor.")],
    by: Annotated[By, typer.Option(help="Period: day, month or year.")] = By.month,
    both: Annotated[bool, typer.Option("--both", help="Count events in both directions.")] = False,
    since: Annotated[Optional[str], typer.Option(help="From this date.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Up to this date, inclusive.")] = None,
    db: DbOpt = None, json_: JsonFlag = False, nl: NlFlag = False, csv_: CsvFlag = False,
) -> None:
    """Events from A to B over time: counts by period, PLOVER type and quad class."""
    from ..store import query

    with Store(db or default_db(), read_only=True) as store:
        rows = query.dyad(store, a, b, by=by.value, both=both, since=since, until=until)
    emit(rows, json_=json_, nl=nl, csv_=csv_)


@app.command()
def sql(
    statement: Annotated[str, typer.Argument(help="SQL (DuckDB dialect) over documents, actors, mentions, "
                                                  "attributions, events, times, errors.")],
    write: Annotated[bool, typer.Option("--write", help="Open the store for writing.")] = False,
    db: DbOpt = None, json_: JsonFlag = False, nl: NlFlag = False, csv_: CsvFlag = False,
) -> None:
    """Any query over the store (read-only unless --write)."""
    from ..store import query

    with Store(db or default_db(), read_only=not write) as store:
        rows = query.sql(store, statement)
    emit(rows, json_=json_, nl=nl, csv_=csv_)


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Argument(help="plover (JSON Lines), gdelt (CSV), parquet (a folder), "
                                                        "gexf, graphml (actor graph), sqlite (for Datasette).")],
    output: Annotated[str, typer.Argument(help="The file (a folder for parquet).")],
    db: DbOpt = None,
) -> None:
    """Write the store out in another format."""
    from ..store.export import export as run_export

    with Store(db or default_db(), read_only=True) as store:
        n = run_export(store, format.value, output)
    print(f"wrote {n:,} {'edges' if format.value in ('gexf', 'graphml') else 'rows'} to {output}", file=sys.stderr)
