"""``cablegram analyze``, ``code`` and ``schema``: one article at a time, thin functions over the library."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..dates import parse_date
from .base import CsvFlag, JsonFlag, NlFlag, app, emit, read_article, text_progress

PathArg = Annotated[str, typer.Argument(help="A text or HTML file, an http(s) URL (fetched), or - for stdin.")]
AllowPrivate = Annotated[bool, typer.Option("--allow-private", help="Let a URL reach loopback and private addresses.")]


class Format(str, Enum):
    json = "json"
    md = "md"
    html = "html"


@app.command()
def analyze(
    path: PathArg,
    format: Annotated[Format, typer.Option("--format", "-f", help="json, md (the brief) or html.")] = Format.md,
    url: Annotated[Optional[str], typer.Option(help="The article's URL (gives date and section).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Verify the analysis' invariants; exit 5 if broken.")] = False,
    pipeline: Annotated[Optional[str], typer.Option(help="An installed spaCy pipeline to build on.")] = None,
    max_bytes: Annotated[Optional[int], typer.Option(
        "--max-bytes", min=1, help="Refuse larger inputs (default 10,000,000 or $CABLEGRAM_MAX_BYTES).")] = None,
    allow_private: AllowPrivate = False,
) -> None:
    """Analyse one article: its actors, who said what, events and time, as a brief or JSON."""
    import cablegram
    from ..config import Settings

    settings = Settings(max_bytes=max_bytes) if max_bytes else Settings()
    published = parse_date(published, what="--published")  # refused at once, before the pipeline loads
    data, fetched = read_article(path, allow_private=allow_private, max_bytes=settings.max_bytes)
    url = url or fetched
    nlp = cablegram.load(pipeline)
    analysis = cablegram.analyze(data, url=url, published=published, nlp=nlp, settings=settings,
                                 on_progress=text_progress())
    if check:
        from ..check import assert_valid

        assert_valid(analysis, raw_input=data)  # bytes: decoded as ingest decodes them (BOM, UTF-16)
    if format is Format.json:
        text = analysis.model_dump_json(indent=2) + "\n"
    elif format is Format.html:
        from ..brief import render_html

        text = render_html(analysis)
    else:
        from ..brief import render_markdown

        text = render_markdown(analysis)
    if output and output != "-":
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command()
def code(
    path: PathArg,
    url: Annotated[Optional[str], typer.Option(help="The article's URL (gives date and section).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")] = None,
    pipeline: Annotated[Optional[str], typer.Option(help="An installed spaCy pipeline to build on.")] = None,
    json_: JsonFlag = False,
    nl: NlFlag = False,
    csv_: CsvFlag = False,
    allow_private: AllowPrivate = False,
) -> None:
    """Code one article sentence by sentence, as event coders do: PLOVER type, CAMEO root, source
    and target countries (one record per sentence with an event and a source)."""
    from ..config import Settings
    from ..pipeline import code_article

    settings = Settings(pipeline=pipeline) if pipeline else Settings()
    published = parse_date(published, what="--published")
    data, fetched = read_article(path, allow_private=allow_private, max_bytes=settings.max_bytes)
    rows = code_article(data, url=url or fetched, published=published, settings=settings,
                        on_progress=text_progress())  # the input is checked before the pipeline loads
    if not (json_ or nl or csv_) and sys.stdout.isatty():
        rows = [{"type": r["type"], "cameo": r["cameo"], "source": " ".join(r["source_countries"]),
                 "target": " ".join(r["target_countries"]), "sentence": r["sentence"][:90]} for r in rows]
    emit(rows, json_=json_, nl=nl, csv_=csv_)


@app.command()
def schema() -> None:
    """Print the JSON Schema of an analysis."""
    from ..schema_export import render

    sys.stdout.write(render())
