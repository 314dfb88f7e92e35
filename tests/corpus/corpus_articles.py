"""Small fixture articles written for these tests (no corpus text), distinct so their ids differ."""

from __future__ import annotations

PAIRS = [
    ("Russia", "North Korea"), ("France", "Germany"), ("Japan", "China"), ("Brazil", "Argentina"),
    ("India", "Pakistan"), ("Kenya", "Ethiopia"), ("Canada", "Mexico"), ("Turkey", "Greece"),
    ("Egypt", "Sudan"), ("Poland", "Ukraine"), ("Chile", "Peru"), ("Vietnam", "Thailand"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(i: int) -> str:
    a, b = PAIRS[i % len(PAIRS)]
    day = DAYS[i % len(DAYS)]
    return (
        f"{a} asks {b} for talks on trade, number {i}\n\n"
        f"The foreign minister of {a} asked {b} on {day} to resume talks on grain exports, "
        f"officials in the capital said. \"We are ready to meet at any time,\" the minister told reporters.\n\n"
        f"{b} rejected the proposal last week, according to a government spokesman, who said the "
        f"conditions set by {a} were unacceptable. Analysts expect the two governments to meet again in "
        f"March (item {i}).\n"
    )


def html_page(i: int) -> str:
    body = "".join(f"<p>{p}</p>" for p in article(i).split("\n\n")[1:])
    title = article(i).split("\n\n")[0]
    return (f"<!DOCTYPE html><html><head><title>{title}</title>"
            f"<meta property=\"article:published_time\" content=\"2023-09-0{1 + i % 9}\"></head>"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright The Test Gazette</footer></body></html>")
