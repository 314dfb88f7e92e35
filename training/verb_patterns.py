"""Build the events stage's verb-object patterns from PETRARCH2's CAMEO verb dictionary.

    python -m training.verb_patterns [SHARED_DATA]

Reads ``CAMEO.2.0.txt`` of openeventdata/petrarch2 (MIT, Open Event Data Alliance;
``events/reference/petrarch2-dictionaries/`` under the shared data) and writes
``cablegram/events/lang/en/verb_objects.tsv``: one row per pattern in which the words after a verb
name what the verb acts on, with the CAMEO code the pattern gives and its PLOVER event
(``cameo2plover.tsv``). The same verb codes differently by its object: "reduce ties" is SANCTION
(161), "reduce tension" CONSULT (040); "deploy peacekeepers" AID (074), "deploy troops" MOBILIZE
(154); "grant asylum" AID (075), "grant permission" CONCEDE (080).

Only the verbs of the trigger lexicon and its light verbs are kept ("imposed sanctions"), and only
patterns of the form ``- * WORDS`` (the verb first, then its object or a
prepositional phrase; words before the verb, which PETRARCH matches against the source, are not
read). A phrase ``{A B}`` is a head noun ``B`` with the modifier ``A``; a synonym set ``&SET``
expands to its members; ``+``/``$`` (PETRARCH's target/source slots) are dropped. A pattern
applies to the verb its comment names when that verb is in its block, else to every verb of the
block. Nothing here reads an evaluation set.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from cablegram.events.lexicon import cameo_table, triggers

from .gold import DEFAULT_DATA

SOURCE = ("events", "reference", "petrarch2-dictionaries", "CAMEO.2.0.txt")
OUT = Path(__file__).resolve().parents[1] / "src" / "cablegram" / "events" / "lang" / "en" / "verb_objects.tsv"
NO_EVENT = "-"
CODE = re.compile(r"\[([0-9-]+)\]")


def _word(w: str) -> str:
    return w.strip("_").replace("_", " ").lower()


def read(path: Path) -> tuple[dict[str, list[str]], list[tuple[list[str], dict[str, str], list[tuple[str, str, str]]]]]:
    """Synonym sets and blocks (verbs, {verb: code}, [(pattern, code, comment verb)])."""
    sets: dict[str, list[str]] = {}
    blocks = []
    current_set = None
    block = None
    default = None
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip() if not raw.startswith("- ") else raw.rstrip()
        comment = raw.split("#", 1)[1].strip() if "#" in raw else ""
        if not line.strip():
            current_set = None
            continue
        if line.startswith("&"):
            current_set = line.strip().rstrip("_")
            sets[current_set] = []
            continue
        if current_set and line.startswith("+"):
            sets[current_set].append(line[1:].strip())
            continue
        if line.startswith("---"):
            m = CODE.search(line)
            default = m.group(1) if m else "---"
            block = ([], {}, [])
            blocks.append(block)
            continue
        if block is None:
            continue
        if line.startswith("- "):
            body = line.split("#", 1)[0]
            m = CODE.search(body)
            if not m:
                continue
            pattern = body[: m.start()].strip()[1:].strip()
            verb = comment.split()[0].lower() if comment else ""
            block[2].append((pattern, m.group(1), verb))
            continue
        word = line.split("{")[0].split("[")[0].strip()
        if not word or word.startswith("+") or "_" in word.strip("_"):
            continue  # multi-word verbs ("+RULE_OUT") are left to the lexicon's pairs
        m = CODE.search(line)
        verb = word.lower()
        block[0].append(verb)
        block[1][verb] = m.group(1) if m else default
    return sets, blocks


def _phrase(tokens: list[str], sets: dict[str, list[str]]) -> list[tuple[str, tuple[str, ...]]]:
    """(head, modifiers) alternatives of a phrase's words (synonym sets expanded)."""
    words = [t for t in tokens if t not in ("+", "$")]
    if not words:
        return []
    options: list[list[str]] = []
    for w in words:
        if w.startswith("&"):
            members = sets.get(w.rstrip("_"))
            if not members:
                return []
            options.append([_word(m) for m in members])
        else:
            options.append([_word(w)])
    heads = options[-1]
    mods = tuple(o[0] for o in options[:-1] if len(o) == 1)
    return [(h.split()[-1], mods + tuple(h.split()[:-1])) for h in heads]


def patterns(sets, pattern: str):
    """(prep, head, modifiers) alternatives of a ``* WORDS`` pattern, or [] if it is not one."""
    if not pattern.startswith("*"):
        return []
    rest = pattern[1:].strip()
    tokens = re.findall(r"\{[^}]*\}|\([^)]*\)|\S+", rest)
    tokens = [t for t in tokens if t not in ("+", "$")]
    if not tokens:
        return []
    first = tokens[0]
    if first.startswith("("):
        inner = first.strip("()").replace("{", " ").replace("}", " ").split()
        if len(inner) < 2 or inner[0].startswith("&"):
            return []
        return [(_word(inner[0]), h, m) for h, m in _phrase(inner[1:], sets)]
    words = first.strip("{}").split()
    if any(not re.fullmatch(r"&?[A-Z][A-Z_-]*", w) for w in words):
        return []
    return [("", h, m) for h, m in _phrase(words, sets)]


def build(shared: Path) -> list[dict]:
    sets, blocks = read(shared.joinpath(*SOURCE))
    table = cameo_table()
    lex = triggers("en")
    known = set(lex["verbs"]) | set(lex["light"])  # the verbs a trigger of the lexicon can be or sit under
    rows, seen = [], set()
    for verbs, codes, pats in blocks:
        for pattern, code, named in pats:
            if code == "---":
                event = NO_EVENT
            elif code in table:
                event = table[code]["event"]
            else:
                continue
            applies = [named] if named in codes else verbs
            for prep, head, mods in patterns(sets, pattern):
                for verb in applies:
                    if verb not in known:
                        continue
                    key = (verb, prep, head, mods)
                    if key in seen or not head.isalpha():
                        continue
                    seen.add(key)
                    rows.append({"verb": verb, "prep": prep, "object": head, "with": " ".join(mods),
                                 "cameo": code, "event": event})
    return rows


def main(argv: list[str]) -> None:
    shared = Path(argv[0]) if argv else DEFAULT_DATA
    rows = build(shared)
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        f.write("# verb + object (or prepositional phrase) -> CAMEO code and PLOVER event; '-' = no event.\n"
                "# From openeventdata/petrarch2 CAMEO.2.0.txt by python -m training.verb_patterns. Copyright (c) 2015 "
                "Open Event Data Alliance, MIT licence (text in cablegram/actors/data/DICTIONARY-LICENSE.txt)\n")
        w = csv.DictWriter(f, fieldnames=["verb", "prep", "object", "with", "cameo", "event"], delimiter="\t",
                           lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} patterns -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
