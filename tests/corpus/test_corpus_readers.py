"""Readers: every kind of input becomes items, every bad input a recorded failure (never an exception)."""

from __future__ import annotations

import gzip
import io
import json

from corpus_articles import article, html_page

from cablegram.ingest.readers import Failure, Item, iter_items, normalize_date


def _items(*inputs, **kw):
    return list(iter_items([str(i) for i in inputs], **kw))


def test_files_dirs_and_globs(tmp_path):
    (tmp_path / "a.txt").write_text(article(0), encoding="utf-8")
    (tmp_path / "b.html").write_text(html_page(1), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(article(2), encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")  # unknown suffix: not taken from a folder
    (tmp_path / ".hidden.txt").write_text("x")
    got = _items(tmp_path)
    assert [i.source.rsplit("/", 1)[-1] for i in got] == ["a.txt", "b.html", "c.txt"]
    assert all(isinstance(i, Item) for i in got)
    globbed = _items(tmp_path / "**" / "*.txt")
    assert len(globbed) == 2
    missing = _items(tmp_path / "nope.txt", tmp_path / "*.xyz")
    assert [type(m) for m in missing] == [Failure, Failure] and missing[0].code == "E015"


def test_jsonl_lines_and_bad_lines(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    lines = [json.dumps({"text": article(0), "url": "https://example.org/2023/09/05/a", "date": "5 Sep 2023",
                         "title": "T0"}),
             "{not json",
             json.dumps({"html": html_page(1)}),
             json.dumps({"title": "no body"}),
             json.dumps([1, 2]),
             ""]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    got = _items(path)
    assert isinstance(got[0], Item) and got[0].published == "2023-09-05" and got[0].title == "T0"
    assert got[0].source.endswith(":1")
    assert isinstance(got[1], Failure) and "not JSON" in got[1].reason
    assert isinstance(got[2], Item) and got[2].format == "html"
    assert isinstance(got[3], Failure) and isinstance(got[4], Failure)
    assert len(got) == 5


def test_warc_records_and_truncated_archive(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, (status, ctype) in enumerate([("200 OK", "text/html; charset=utf-8"), ("404 Not Found", "text/html"),
                                             ("200 OK", "image/png")]):
            payload = html_page(i).encode("utf-8")
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(f"https://news.example.org/story/{i}", "response",
                                            payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(rec)
    got = _items(path)
    assert isinstance(got[0], Item) and got[0].url == "https://news.example.org/story/0" and got[0].format == "html"
    assert isinstance(got[1], Failure) and "404" in got[1].reason
    assert len(got) == 2  # the image is not an article

    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) // 2])
    got = _items(cut)
    assert isinstance(got[-1], Failure) and "WARC" in got[-1].reason

    plain = tmp_path / "plain.warc"
    with open(plain, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example.org/p", "response",
                                                      payload=io.BytesIO(html_page(5).encode()), http_headers=headers))
    data = plain.read_bytes()
    plain.write_bytes(data[: len(data) * 2 // 3])
    got = _items(plain)
    assert len(got) == 1 and isinstance(got[0], Failure) and "truncated" in got[0].reason


def test_feeds_and_not_a_feed(tmp_path):
    rss = tmp_path / "feed.rss"
    rss.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
        f"<item><title>One</title><link>https://wire.example.org/one</link>"
        f"<pubDate>Tue, 05 Sep 2023 10:00:00 GMT</pubDate><description>{article(3)}</description></item>"
        "<item><title>Empty</title><link>https://wire.example.org/two</link></item>"
        "</channel></rss>", encoding="utf-8")
    got = _items(rss)
    assert isinstance(got[0], Item) and got[0].published == "2023-09-05" and got[0].title == "One"
    assert got[0].url == "https://wire.example.org/one"
    assert isinstance(got[1], Failure)
    bad = tmp_path / "broken.xml"
    bad.write_text("this is { not xml at all", encoding="utf-8")
    got = _items(bad)
    assert len(got) == 1 and isinstance(got[0], Failure) and "feed" in got[0].reason


def test_too_large_is_refused_without_reading(tmp_path):
    big = tmp_path / "big.html"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB (sparse): refused on its size
    got = _items(big)
    assert isinstance(got[0], Failure) and got[0].code == "E014"


def test_normalize_date():
    assert normalize_date("2023-09") == "2023-09"
    assert normalize_date("2023-09-05T10:00:00Z") == "2023-09-05"
    assert normalize_date("26-FEB-1987 15:01:01.79") == "1987-02-26"
    assert normalize_date("not a date") is None
