"""Hypothesis strategies for hostile but realistic news articles.

Sentences follow the shapes news reporting uses (direct and indirect speech,
"according to", anonymous sources, accusations, meetings, threats) filled with
names that carry titles, hyphens, apostrophes, particles and non-Latin scripts,
quotes in every quotation-mark style (nested and unbalanced), dates in many
formats (some impossible), and scraper debris (boilerplate lines, odd line
endings, invisible characters). All fixture text here is written for these tests.
"""

from __future__ import annotations

from hypothesis import strategies as st

TITLES = [
    "", "", "President ", "Prime Minister ", "Mr. ", "Mrs. ", "Ms. ", "Dr. ", "Gen. ", "Lt. Col. ",
    "Foreign Minister ", "Defense Secretary ", "Sheikh ", "Sen. ", "Rep. ", "Prof. ", "Chancellor ",
    "Supreme Leader ", "Crown Prince ", "Adm. ", "the Rev. ", "Sir ", "Dame ",
]
GIVEN = [
    "Maria", "John", "Jean-Luc", "Anna-Lena", "Mohammed", "Li", "Oleksandr", "Aung", "Ngozi", "José",
    "Zoë", "Björn", "Siobhán", "Nguyễn Thị", "Çağla", "Łukasz", "Kim Jong", "D'Andre", "Mary-Kate",
    "A.J.", "Владимир", "Ελένη", "محمد", "习", "김", "Ahmed", "Tanvir", "Yuki", "Olusegun",
]
FAMILY = [
    "Smith", "O'Brien", "D'Souza", "al-Hashimi", "Al-Assad", "bin Salman", "van der Berg",
    "de la Cruz", "Müller", "Ivanova", "Park", "Nakamura", "Okonkwo-Adeyemi", "MacDonald",
    "Smith-Jones", "N'Diaye", "Hương", "Żółć", "Şahin", "Путин", "Παπαδοπούλου", "بن سلمان",
    "近平", "정은", "Ould Cheikh", "ibn Rashid", "Kowalski", "O'Neill-Murphy", "Jr.", "III",
]
ROLES = [
    "a spokesperson for the ministry", "the country's top diplomat", "a senior official who spoke on "
    "condition of anonymity", "an analyst at a think tank in Geneva", "the head of the opposition",
    "a former ambassador", "the army's chief of staff", "a resident of the town",
]
GROUPS = [
    "Russia", "North Korea", "the United States", "China", "Ukraine", "the European Union", "NATO",
    "the United Nations", "Iran", "Israel", "Hamas", "the Kremlin", "the White House", "Pyongyang",
    "Beijing", "the Pentagon", "the Ministry of Foreign Affairs", "the World Health Organization",
    "Côte d'Ivoire", "São Tomé and Príncipe", "the Democratic Republic of the Congo", "Türkiye",
    "the Taliban", "protesters", "the rebels", "U.S. officials", "Western diplomats", "police",
    "the central bank", "South Korea's military", "Россия", "中国",
]
ANON = [
    "officials", "a senior official", "sources familiar with the matter", "diplomats", "two people "
    "briefed on the talks", "an official who asked not to be named", "experts", "analysts",
]
PLACES = [
    "Vladivostok", "Geneva", "the capital", "Kyiv", "Gaza", "Khartoum", "Port-au-Prince", "Pyongyang",
    "New York", "Addis Ababa", "Chișinău", "N'Djamena", "'s-Hertogenbosch", "Москва", "東京",
]
CONTENTS = [
    "we will not back down", "the talks were productive", "the sanctions must be lifted",
    "they are ready to negotiate without preconditions", "no decision has been made",
    "this is a violation of international law", "the border will remain closed",
    "the country is in urgent need of ammunition", "there is no evidence of that",
    "our patience has limits", "more aid would arrive within days", "the deal is dead",
    "it's too early to say", "nobody wants a war", "the troops will withdraw by the end of the year",
    "the ceasefire was holding", "we'll see", "Россия не отступит", "これは始まりに過ぎない",
    "الوضع خطير جدا", "he said, she said", "that is \"fake news\"", "yes; no; maybe",
]
CUES = ["said", "says", "told reporters", "added", "warned", "claimed", "insisted", "wrote on X",
        "said in a statement", "told the BBC", "denied", "stressed", "noted", "argued"]
# (open, close) pairs: straight, curly, single, guillemets both ways, German, CJK, TeX-like.
QUOTES = [
    ('"', '"'), ("\u201c", "\u201d"), ("\u2018", "\u2019"), ("'", "'"), ("\u00ab", "\u00bb"),
    ("\u00bb", "\u00ab"), ("\u201e", "\u201c"), ("\u201a", "\u2018"), ("\u300c", "\u300d"),
    ("\u300e", "\u300f"), ("\u2039", "\u203a"), ("``", "''"), ("\u00ab\u00a0", "\u00a0\u00bb"),
    ("\u201c", "\u201c"), ("\u201d", "\u201d"), ("\uff02", "\uff02"), ("\u275d", "\u275e"),
]
DATES = [
    "Monday", "on Tuesday", "last week", "next month", "yesterday", "today", "two days ago",
    "5 March 2021", "March 5, 2021", "March 5th", "5th of March", "Mar. 5", "2021-03-05",
    "05/03/2021", "3/5/21", "5.3.2021", "21 March, 2021", "in January 2020", "in 2019", "the 1990s",
    "mid-2020", "Q3 2021", "FY2022", "early next year", "10:30 a.m. local time", "at 14:00 GMT",
    "2021-03-05T10:00:00Z", "Sept. 11", "the weekend", "31 February 2021", "2021-13-45",
    "0000-00-00", "June 31", "the 21st century", "Ramadan", "1 Jan", "1/1/1970", "99/99/9999",
    "December 31, 9999", "Jan 1, 0001", "this morning", "late on Friday night", "in the spring",
]
EVENTS = [
    "{a} accused {b} of violating the agreement",
    "{a} met {b} in {place} {date}",
    "{a} threatened to impose sanctions on {b}",
    "{a} agreed to resume talks with {b}",
    "{a} may send troops to {place}",
    "{a} is expected to ask {b} for food and energy shipments",
    "{a} rejected {b}'s proposal",
    "{a} called on {b} to release the prisoners",
    "{a} sent 10,000 tonnes of grain to {b}",
    "{a} fired two missiles toward {place} {date}",
    "{a} and {b} signed a cooperation deal {date}",
    "{a} protested against {b}'s decision",
    "{a} did not rule out talks with {b}",
    "{a} suspected {b} of providing artillery shells",
]
BOILERPLATE = [
    "Advertisement", "ADVERTISEMENT", "Subscribe to our newsletter", "Share this article",
    "\u00a9 2023 Example Media Group. All rights reserved.", "Click here to read more", "Read more:",
    "Related: Ten things to know", "---", "***", "* * *", "\u2014", "Sign up for free", "Photo: AP",
    "Follow us on Twitter @example", "Cookie settings", "Image credit: Reuters/File",
    "https://example.com/news/2021/03/05/story?ref=home", "#breaking #world", "\U0001F4F0\U0001F449",
    "Advertisement\t\t", "Skip to main content", "Log in | Register", "Comments (0)",
    "Support independent journalism. Donate now.", "Scan the QR code", "Listen to this article 3 min",
    "Updated 5 March 2021, 10:32 GMT", "By Jane Doe and John Roe", "(Reuters) -", "AP \u2014",
    "|", ">>", "...", "\u200b", "\ufeff", "\u00a0", " \t ",
]
LINE_BREAKS = ["\n\n", "\n", "\r\n\r\n", "\r\n", "\r", "\n \n", "\n\t\n", "\n\n\n", "\u2028", "\x0c\n"]
INVISIBLE = ["", "", "", "\u200b", "\u200e", "\u200f", "\u00ad", "\u2060", "\ufe0f", "\u0301"]


def names():
    """A person's name, with or without a title."""
    return st.builds(lambda t, g, f: f"{t}{g} {f}".strip(), st.sampled_from(TITLES), st.sampled_from(GIVEN),
                     st.sampled_from(FAMILY))


def speakers():
    return st.one_of(
        names(),
        st.builds(lambda n, r: f"{n}, {r}", names(), st.sampled_from(ROLES)),
        st.sampled_from(GROUPS),
        st.sampled_from(ANON),
    )


@st.composite
def quoted(draw, content=None):
    """Content inside quotation marks, sometimes nested, sometimes unbalanced."""
    text = draw(content if content is not None else st.sampled_from(CONTENTS))
    open_, close = draw(st.sampled_from(QUOTES))
    style = draw(st.sampled_from(["plain", "plain", "nested", "unopened", "unclosed", "doubled"]))
    if style == "nested":
        inner_open, inner_close = draw(st.sampled_from(QUOTES))
        inner = draw(st.sampled_from(CONTENTS))
        return f"{open_}{text}, {inner_open}{inner}{inner_close}{close}"
    if style == "unopened":
        return f"{text}{close}"
    if style == "unclosed":
        return f"{open_}{text}"
    if style == "doubled":
        return f"{open_}{open_}{text}{close}{close}"
    return f"{open_}{text}{close}"


@st.composite
def sentences(draw):
    """One sentence in a shape news reporting uses."""
    shape = draw(st.integers(0, 11))
    who = draw(speakers())
    cue = draw(st.sampled_from(CUES))
    content = draw(st.sampled_from(CONTENTS))
    date = draw(st.sampled_from(DATES))
    if shape == 0:
        return f"{draw(quoted())} {who} {cue}."
    if shape == 1:
        return f"{who} {cue} {content}."
    if shape == 2:
        return f"{draw(quoted())}, {cue} {who}, {draw(st.sampled_from(ROLES))}."
    if shape == 3:
        return f"According to {who}, {content}."
    if shape == 4:
        return f"{who} told reporters {date} that {content}."
    if shape == 5:
        return f"{content.capitalize()}, {who} {cue} {date}."
    if shape == 6:
        return f"{who} {cue}: {draw(quoted())}"
    if shape == 7:
        first, second = draw(quoted()), draw(quoted())
        return f"{first} {who} {cue}. {second}"
    if shape == 8:
        event = draw(st.sampled_from(EVENTS))
        return event.format(a=draw(speakers()), b=draw(speakers()), place=draw(st.sampled_from(PLACES)),
                            date=date) + "."
    if shape == 9:
        event = draw(st.sampled_from(EVENTS))
        inner = event.format(a=draw(speakers()), b=draw(speakers()), place=draw(st.sampled_from(PLACES)),
                             date=date)
        return f"{who} {cue} that {inner}, {draw(st.sampled_from(ANON))} said."
    if shape == 10:
        return f"{date.capitalize()}, {who} arrived in {draw(st.sampled_from(PLACES))}."
    # free text: a few random words from an alphabet with punctuation and non-Latin letters
    junk = draw(st.text(st.sampled_from(list("aé ñ,.;:!?'\"\u201c\u201d()[]-\u2014\u2019ЖЖ中ع1 ")),
                        min_size=1, max_size=40))
    return f"{who} {cue} {junk}"


@st.composite
def paragraphs(draw):
    n = draw(st.integers(1, 3))
    text = " ".join(draw(sentences()) for _ in range(n))
    invisible = draw(st.sampled_from(INVISIBLE))
    if invisible:
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + invisible + text[pos:]
    return text


@st.composite
def articles(draw, max_paragraphs: int = 5):
    """A short article: maybe a title, paragraphs, boilerplate lines interleaved, mixed line breaks."""
    blocks = []
    if draw(st.booleans()):
        blocks.append(draw(st.sampled_from(GROUPS + ANON)).capitalize() + " " +
                      draw(st.sampled_from(["warns", "meets", "rejects", "says"])) + " " +
                      draw(st.sampled_from(CONTENTS)))
    if draw(st.booleans()):
        blocks.append(draw(st.sampled_from(DATES)))
    for _ in range(draw(st.integers(1, max_paragraphs))):
        if draw(st.integers(0, 3)) == 0:
            blocks.append(draw(st.sampled_from(BOILERPLATE)))
        blocks.append(draw(paragraphs()))
    if draw(st.booleans()):
        blocks.append(draw(st.sampled_from(BOILERPLATE)))
    out = []
    for i, block in enumerate(blocks):
        if i:
            out.append(draw(st.sampled_from(LINE_BREAKS)))
        indent = draw(st.sampled_from(["", "", "", " ", "\t", "   "]))
        out.append(indent + block)
    text = "".join(out)
    if not text.strip():  # all-whitespace boilerplate only; an article has words
        text += " Officials said nothing."
    return text


def hostile_text():
    """Anything at all: arbitrary Unicode, control characters, lone surrogates, markup fragments."""
    return st.one_of(
        st.text(max_size=300),
        st.text(st.characters(codec="utf-8"), max_size=300),
        st.binary(max_size=300),
        st.builds(lambda a, b: a + b, st.sampled_from(["<html><body><p>", "<p>", "<div>", "<!doctype html>",
                                                        "<?xml version='1.0'?>", "{\"text\": "]),
                  st.text(max_size=200)),
    )
