"""Corpus readers: paths, directories, globs, JSON Lines, WARC, RSS/Atom and URLs in; items out.

:func:`iter_items` turns what a user names on the command line into a stream
of :class:`Item` (one article's bytes and what is known about it) and
:class:`Failure` (a source that could not be read, with its reason), so a
corpus run records every bad input and goes on.
"""

from __future__ import annotations

import datetime as _dt
import glob as _glob
import gzip
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from ..dates import read_date
from ..errors import CablegramError

TEXT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".shtml", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml", ".feed")
KNOWN_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES
_GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass
class Item:
    """One article as read, before any checks."""

    source: str  # where it came from: path, path:line, path#offset, URL
    data: Union[bytes, str]
    url: Optional[str] = None
    published: Optional[str] = None
    title: Optional[str] = None
    format: Optional[str] = None  # "html" | "text" | None (sniffed)
    warnings: list[str] = field(default_factory=list)  # e.g. a published date that is no date


@dataclass
class Failure:
    """A source that yielded no article, and why."""

    source: str
    reason: str
    code: Optional[str] = None

    @classmethod
    def of(cls, source: str, exc: BaseException) -> "Failure":
        if isinstance(exc, CablegramError):
            return cls(source, exc.message, exc.code)
        text = str(exc).strip().splitlines()
        return cls(source, f"{type(exc).__name__}: {text[0] if text else ''}"[:500], type(exc).__name__)


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for s in KNOWN_SUFFIXES:
        if name.endswith(s):
            return s
    return path.suffix.lower()


def normalize_date(value) -> Optional[str]:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from what a corpus gives, else None (see
    :func:`cablegram.dates.read_date`, which also says why a date was ignored)."""
    return read_date(value)[0]


def iter_items(inputs: Iterable[str], *, allow_private: bool = False, max_bytes: int = 10_000_000,
               timeout: float = 20.0, on_skip: Optional[Callable[[str, str], None]] = None,
               ) -> Iterator[Union[Item, Failure]]:
    """Every article named by ``inputs`` (paths, dirs, globs, URLs, ``-``), in a stable order.

    A file inside a named folder that is not read (hidden, or not a format cablegram reads) is
    told to ``on_skip(path, reason)``, so a run can say what it left out and why.
    """
    from .fetch import is_url

    for name in inputs:
        name = str(name)
        if name == "-":
            yield from _read_stream("<stdin>", sys.stdin.buffer.read(), max_bytes)
        elif is_url(name):
            yield from _read_url(name, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)
        else:
            path = Path(name)
            if path.is_dir():
                for child in sorted(p for p in path.rglob("*") if p.is_file()):
                    why = _unwanted(child, path)
                    if why is None:
                        yield from read_path(child, max_bytes=max_bytes)
                    elif on_skip is not None:
                        on_skip(str(child), why)
            elif path.exists():
                yield from read_path(path, max_bytes=max_bytes)
            elif _GLOB_CHARS.search(name):
                matches = sorted(_glob.glob(name, recursive=True))
                files = [Path(m) for m in matches if Path(m).is_file()]
                if not files:
                    yield Failure(name, "the pattern matches no file", "E015")
                for f in files:
                    yield from read_path(f, max_bytes=max_bytes)
            else:
                yield Failure(name, "no such file or directory", "E015")


def _unwanted(path: Path, root: Path) -> Optional[str]:
    """Why a file found in a folder is not read, or None when it is."""
    rel = path.relative_to(root)
    if any(part.startswith(".") for part in rel.parts):
        return "hidden (name starts with '.')"
    suffix = _suffix(path)
    if suffix not in KNOWN_SUFFIXES:
        return f"{suffix or 'no suffix'} (not a format cablegram reads)"
    return None


def read_path(path: Path, *, max_bytes: int = 10_000_000) -> Iterator[Union[Item, Failure]]:
    """The articles in one file, by its kind (JSON Lines, WARC, feed, or one text/HTML article)."""
    source = str(path)
    kind = _suffix(path)
    try:
        if kind in JSONL_SUFFIXES:
            yield from _read_jsonl(path, max_bytes)
            return
        if kind in WARC_SUFFIXES:
            yield from _read_warc(path, max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield Failure(source, f"file is {size:,} bytes, over the limit of {max_bytes:,}", "E014")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(source, f"cannot read: {exc.strerror or exc}", "E015")
        return
    if kind in FEED_SUFFIXES and not _looks_html_bytes(data):
        yield from _read_feed(source, data, max_bytes)
    else:
        yield Item(source=source, data=data)


def _looks_html_bytes(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _read_stream(source: str, data: bytes, max_bytes: int) -> Iterator[Union[Item, Failure]]:
    yield Item(source=source, data=data)


def _open_text(path: Path):
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Union[Item, Failure]]:
    """One article per line: ``text`` or ``html``, optional ``url``, ``published`` (or ``date``), ``title``."""
    try:
        with _open_text(path) as fh:
            for n, line in enumerate(fh, 1):
                source = f"{path}:{n}"
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Failure(source, f"line is not JSON ({exc.msg} at column {exc.colno})", "E016")
                    continue
                if not isinstance(obj, dict):
                    yield Failure(source, "line is not a JSON object", "E016")
                    continue
                html, text = obj.get("html"), obj.get("text")
                body = html if isinstance(html, str) and html.strip() else text
                if not isinstance(body, str) or not body.strip():
                    yield Failure(source, "no `text` or `html` in this line", "E011")
                    continue
                published, warning = read_date(obj.get("published") or obj.get("date"))
                yield Item(source=source, data=body, url=_str(obj.get("url")), published=published,
                           title=_str(obj.get("title")), format="html" if body is html else None,
                           warnings=[warning] if warning else [])
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Failure(str(path), f"cannot read: {exc}", "E015")


def _str(value) -> Optional[str]:
    return value.strip() or None if isinstance(value, str) else None


def _read_warc(path: Path, max_bytes: int) -> Iterator[Union[Item, Failure]]:
    """HTTP responses (and resource records) with HTML or text bodies; a broken record ends the file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    offset = 0
    try:
        with open(path, "rb") as fh:
            iterator = ArchiveIterator(fh)
            for record in iterator:
                if record.rec_type not in ("response", "resource"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                if record.rec_type == "response":
                    if record.http_headers is None:
                        continue
                    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                    status = record.http_headers.get_statuscode()
                else:
                    ctype = (record.rec_headers.get_header("Content-Type") or "").lower()
                    status = "200"
                if ctype and not any(t in ctype for t in ("html", "text/plain", "xhtml")):
                    continue
                data = record.content_stream().read(max_bytes + 1)
                offset = iterator.get_record_offset()  # (reads the record to its end)
                source = f"{path}#{offset}"
                if status and status.isdigit() and int(status) >= 300:
                    yield Failure(source, f"HTTP {status} in the archive for {url}", "E020")
                    continue
                if len(data) > max_bytes:
                    yield Failure(source, f"record over the limit of {max_bytes:,} bytes", "E014")
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:
                    yield Failure(source, "truncated WARC record (shorter than its Content-Length)", "E016")
                    continue
                yield Item(source=source, data=data, url=url, format="html" if "html" in ctype else None)
        if path.name.lower().endswith(".gz"):
            _check_gzip_end(path)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, Exception) as exc:  # truncated or corrupt
        yield Failure(f"{path}#{offset}", f"truncated or corrupt WARC: {type(exc).__name__}: {exc}"[:500], "E016")


def _check_gzip_end(path: Path) -> None:
    """warcio stops quietly at a cut gzip member; reading the file through says whether it was cut."""
    with gzip.open(path, "rb") as fh:
        while fh.read(1 << 20):
            pass


def _read_feed(source: str, data: bytes, max_bytes: int) -> Iterator[Union[Item, Failure]]:
    """Each entry's content (or summary) with its link, date and title."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        why = feed.get("bozo_exception")
        yield Failure(source, f"not an RSS/Atom feed{': ' + str(why) if why else ' (no entries)'}"[:500], "E016")
        return
    for n, entry in enumerate(feed.entries):
        src = f"{source}#{n}"
        body, ctype = None, ""
        for c in entry.get("content") or []:
            if c.get("value"):
                body, ctype = c["value"], c.get("type", "")
                break
        if not body:
            body = entry.get("summary")
            ctype = (entry.get("summary_detail") or {}).get("type", "")
        if not body or not body.strip():
            yield Failure(src, "feed entry has no content or summary", "E011")
            continue
        published = warning = None
        for key in ("published_parsed", "updated_parsed"):
            if entry.get(key):
                try:
                    published, warning = read_date(_dt.date(*entry[key][:3]))
                except (TypeError, ValueError):
                    warning = f"feed entry's date {tuple(entry[key][:3])!r} ignored: not a date"
                break
        yield Item(source=src, data=body, url=entry.get("link"), published=published,
                   title=entry.get("title"), format="html" if "html" in ctype else None,
                   warnings=[warning] if warning else [])


def _read_url(url: str, *, allow_private: bool, max_bytes: int, timeout: float) -> Iterator[Union[Item, Failure]]:
    from .fetch import fetch

    try:
        got = fetch(url, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)
    except CablegramError as exc:
        yield Failure(url, exc.message, exc.code)
        return
    ctype = got.content_type.lower()
    if ("rss" in ctype or "atom" in ctype or ctype.startswith(("application/xml", "text/xml"))) \
            and not _looks_html_bytes(got.data):
        yield from _read_feed(url, got.data, max_bytes)
        return
    yield Item(source=url, data=got.data, url=got.url, format="html" if "html" in ctype else None)


__all__ = ["Item", "Failure", "iter_items", "read_path", "normalize_date"]
