"""The plain-text cleaner on the flagship example, on our own scraped-looking pages, and on bad input."""

from __future__ import annotations

import re

import pytest

from cablegram.clean import assemble, clean_document
from cablegram.clean.text import agency_of, body_text, clean_text, publisher_of
from cablegram.clean.urlmeta import url_date, url_section
from cablegram.ingest import read_source


def _doc(text: str, url=None):
    return clean_document(read_source(text), url=url)


@pytest.fixture(scope="module")
def example_doc(example_text):
    return _doc(example_text)


def test_example_metadata(example_doc, expected):
    exp = expected["document"]
    d = example_doc
    assert d.title == exp["title"]
    assert d.dek == " ".join(exp["dek"].split())
    assert d.url == exp["url"]
    assert d.published == exp["published"] and d.published_source == "url"
    assert d.section == exp["section"]
    assert d.publisher == exp["publisher"]
    assert d.agency == exp["source_agency"]
    assert d.photo_credit == exp["photo_credit"]
    assert d.caption.startswith(exp["photo_caption_starts"])
    assert d.headings == exp["section_headings"]


def test_example_body_and_boilerplate(example_doc, expected, example_text):
    exp = expected["document"]
    d = example_doc
    paragraphs = [d.text[p.start:p.end] for p in d.parts if p.kind == "paragraph"]
    assert paragraphs[0].startswith(exp["body_starts"])
    assert paragraphs[-1].rstrip("”\"").endswith(exp["body_ends"])
    for line in exp["boilerplate_not_in_body"]:
        for kept in d.text.split("\n\n"):
            assert not kept.startswith(line), line
    # the donation appeal and the promo paragraph are out in full
    assert "Dear Reader" not in d.text and "bran muffin" not in d.text and "Monitor difference" not in d.text
    # no body paragraph lost: every input line is in the text or in the boilerplate
    kept = set(d.text.split("\n\n"))
    removed = {b.text for b in d.boilerplate}
    for line in example_text.splitlines():
        s = " ".join(line.split())
        if s:
            assert s in kept or s in removed, s
    end = example_text.index(exp["body_ends"]) + len(exp["body_ends"]) + 1
    body = example_text[example_text.index(exp["body_starts"]):end]
    for para in body.split("\n\n"):
        assert " ".join(para.split()) in kept
    # parts point at the text
    for p in d.parts:
        assert d.text[p.start:p.end].strip() == d.text[p.start:p.end]
    assert {p.kind for p in d.parts} == {"title", "dek", "caption", "heading", "paragraph"}
    kinds = {b.text: b.kind for b in d.boilerplate}
    assert kinds["|"] == "separator"
    assert kinds["Dear Reader,"] == "donation-appeal"
    assert kinds["Alexander Zemlianichenko/AP/File"] == "credit"


MADE_UP_PAGE = """Harbour council approves new sea wall | Coastal Gazette
Skip to content
Home
News
Sport
Opinion
Weather
Subscribe
Log in

Harbour council approves new sea wall
By Maria Lindqvist
March 3, 2024

The harbour council voted on Tuesday to build a new sea wall along the eastern quay, ending two years of debate over how to protect the fishing port from winter storms.

Council leader Tomas Berg said the wall would cost about 40 million kroner and should be finished before the winter of 2026. Opponents argued that the money would be better spent on moving the fish market inland.

Why did the council change its mind?

Engineers told the council in January that the old breakwater had cracked in two places during the December storms, and that a repair would only last a few years.

Fishermen who use the eastern quay welcomed the decision, saying the storms had damaged several boats last winter.

Share this article
Facebook
Twitter
Email
Related stories
Ferry timetable changes from April
Town library reopens after renovation
Sign up for our daily newsletter and get the latest news delivered to your inbox.
We use cookies to improve your experience. Accept all cookies
© 2024 Coastal Gazette. All rights reserved.
Privacy Policy
Terms of Use
"""


def test_made_up_page():
    c = clean_text(MADE_UP_PAGE)
    body = body_text(c)
    assert body.startswith("The harbour council voted on Tuesday")
    assert "damaged several boats last winter." in body
    assert "Why did the council change its mind?" in c.meta.get("headings", [])
    for junk in ("Skip to content", "Share this article", "newsletter", "cookies", "Privacy Policy", "Ferry timetable"):
        assert junk not in body
    assert c.meta["title"] == "Harbour council approves new sea wall"
    assert c.meta.get("byline") == "Maria Lindqvist"
    kinds = {b.text: b.boilerplate_kind for b in c.blocks if b.kind == "boilerplate"}
    assert kinds["We use cookies to improve your experience. Accept all cookies"] == "cookie"
    assert kinds["© 2024 Coastal Gazette. All rights reserved."] == "footer"
    assert publisher_of(None, [b for b in []]) is None


def test_link_list_and_login_page_give_empty_body_and_warning():
    links = "\n".join(f"Section {w}" for w in ("Politics", "Business", "Science", "Health", "Sport", "Arts", "Travel",
                                               "Books", "Food", "Style", "Opinion", "Video"))
    login = "Sign in\nEmail address\nPassword\nForgot your password?\nRemember me\nLog in\nCreate an account\n"
    for text in (links, login):
        c = clean_text(text)
        assert body_text(c) == ""
        assert c.warnings and "no article body" in c.warnings[0]
        assert all(b.kind in ("boilerplate", "title") for b in c.blocks)


def test_one_sentence_on_its_own_is_the_body():
    """A statement given alone (``cablegram analyze -`` with one sentence, a gold record) is no page: it is read,
    however short, while a lone short line that is not a sentence still gives no body."""
    for text in ("On Thursday, the German government rejected a request by Mr. Erdogan to hold a rally in Cologne.",
                 "Delhi Police, on Thursday, arrested an alleged sharpshooter of a gang after an encounter.\n"):
        c = clean_text(text)
        assert body_text(c) == text.strip() and not c.warnings
        assert [b.kind for b in c.blocks] == ["paragraph"]
    for text in ("Sign in to continue", "Section Politics\nSection Business"):
        c = clean_text(text)
        assert body_text(c) == "" and "no article body" in c.warnings[0]


def test_odd_whitespace_and_huge_line_do_not_crash():
    para = "The committee met on Monday and agreed that the new rules would take effect in the spring of next year. "
    text = "A title line\r\n\r\n" + para * 3 + "\f\n\tIndented\tline with tabs.\r" + para * 2 + "\v\n"
    c = clean_text(text)
    assert "committee met on Monday" in body_text(c)
    huge = ("word " * 1_000_000)[:5_000_000]
    c = clean_text(huge)
    assert isinstance(c.blocks, list)
    assert clean_text("").blocks == [] and clean_text("\n\n \t\f").blocks == []
    bad = "Caf\ufffd story \udcff".encode("utf-8", "surrogatepass")
    doc = clean_document(read_source(bad))
    assert doc.id


def test_assemble_offsets_and_nothing_lost():
    c = clean_text(MADE_UP_PAGE)
    doc = assemble("x", c)
    for part in doc.parts:
        assert doc.text[part.start:part.end] == doc.text[part.start:part.end].strip()
    lines = {" ".join(l.split()) for l in MADE_UP_PAGE.splitlines() if l.strip()}
    assert lines <= set(doc.text.split("\n\n")) | {b.text for b in doc.boilerplate}


def test_agency_lines():
    assert agency_of("This story was reported by The Associated Press.") == "The Associated Press"
    assert agency_of("Reporting by Jan Novak; additional reporting by Reuters") == "Reuters"
    assert agency_of("The minister said the talks would continue.") is None


@pytest.mark.parametrize("url,date,precision", [
    ("https://example.org/World/Europe/2023/0906/some-story", "2023-09-06", "day"),
    ("https://example.org/news/2021/11/30/some-story/", "2021-11-30", "day"),
    ("https://example.org/a/20190412/story.html", "2019-04-12", "day"),
    ("https://example.org/a/story-2020-02-29", "2020-02-29", "day"),
    ("https://example.org/a/2020/13/45/story", None, None),
])
def test_url_dates(url, date, precision):
    assert url_date(url) == (date, precision)


def test_url_section():
    assert url_section("https://example.org/World/Asia-Pacific/2023/0906/some-story") == "World/Asia-Pacific"


def test_url_found_in_text_by_slug():
    text = ("Dam talks stall over water sharing\n\n" +
            "Negotiators from the three countries ended a week of talks on Friday without agreeing how to share the "
            "river's water during droughts, officials said.\n\n" * 3 +
            "Read this story online\nhttps://news.example.com/africa/2022/05/14/dam-talks-stall-over-water-sharing\n"
            "https://news.example.com/subscribe\n")
    c = clean_text(text)
    assert c.meta["url"] == "https://news.example.com/africa/2022/05/14/dam-talks-stall-over-water-sharing"
    assert not re.search(r"https?://", body_text(c))


def test_html_path_uses_trafilatura_and_falls_back():
    from cablegram.clean.html import clean_html

    page = ("<html><head><title>Dam talks stall</title></head><body><nav><a href='/'>Home</a></nav><article>"
            "<h1>Dam talks stall</h1><p>Negotiators from the three countries ended a week of talks on Friday without "
            "agreeing how to share the river water during droughts, officials said on Saturday in the capital.</p>"
            "<p>The talks will resume next month in a neighbouring country, according to a statement from the host "
            "government, which called the meeting constructive.</p><p>This story was reported by Reuters.</p>"
            "</article></body></html>")
    c = clean_html(page, url="https://www.reuters.com/world/2022/05/14/dam-talks")
    assert c.meta["title"] == "Dam talks stall" and c.meta["agency"] == "Reuters"
    assert [b.kind for b in c.blocks] == ["title", "paragraph", "paragraph", "boilerplate"]
    assert isinstance(clean_html("<html><body><a href='/'>Home</a></body></html>").blocks, list)


def test_text_dates_and_brand():
    from cablegram.clean.text import text_date

    assert text_date("Updated Sept. 6, 2023 at 4:00 p.m.") == "2023-09-06"
    assert text_date("Published 14 March 2022") == "2022-03-14"
    assert text_date("Posted 2019-04-12 10:00") == "2019-04-12"
    assert text_date("February 30, 2021") is None
    c = clean_text(MADE_UP_PAGE)
    assert (c.meta["published"], c.meta["published_source"]) == ("2024-03-03", "text")
    assert c.meta["publisher"] == "Coastal Gazette"
    blocks = [b for b in c.blocks if b.kind == "title"]
    assert [b.text for b in blocks] == ["Harbour council approves new sea wall"]


def test_news_sentences_with_promo_words_stay():
    page = ("Port strike enters second week\n\n"
            "Dock workers at the country's largest port stayed off the job for an eighth day on Monday, leaving "
            "dozens of container ships waiting at anchor outside the harbour.\n\n"
            "The port authority declined to comment and did not reply to requests for information about the talks.\n\n"
            "Union leaders said they would meet the employers again on Wednesday, but warned that the strike could "
            "spread to two smaller ports in the north if no offer was made.\n\n"
            "Share on Facebook\nShare on Twitter\n")
    body = body_text(clean_text(page))
    assert "declined to comment" in body
    assert "Share on Facebook" not in body
