"""Build the actors stage's dated dictionary from the PETRARCH2/Phoenix actor dictionaries.

    python -m training.actor_dictionary [SHARED_DATA]

Reads the TABARI-format actor files of openeventdata/petrarch2 (MIT, Open Event Data Alliance;
``events/reference/petrarch2-dictionaries/`` under the shared data) and this project's own
tables in ``training/data/actors/`` (figures and bodies of the world after 2014, IGOs with their
CAMEO slot), and writes the tables that ship in ``cablegram/actors/data/``:

``people.tsv``  one row per person: name, aliases, dated codes (country, PLOVER sector, from, to),
                titles met before the name in the sources ("secretary of state"), source;
``bodies.tsv``  one row per organisation: name, aliases, country, sector, kind (org, igo,
                company, group, ngo), CAMEO slot of an IGO (UNO / IGO), source;
``agents.tsv``  the generic agents of Phoenix.agents.txt ("farmer" AGR, "riot police" COP) that
                the hand-written role lexicon ``roles.tsv`` lacks, as weak role words.

The project's tables win over PETRARCH's where both know a name. PETRARCH's data end with the
CountryInfo snapshot of 2014-01-30: a term still open then is closed at that date (who held an
office in 2014 is not known to hold it later). Nothing here reads any evaluation set.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from cablegram.actors.gazetteer import DATA as ACTORS_DATA
from cablegram.actors.gazetteer import norm
from cablegram.ids import slug

from .gold import DEFAULT_DATA

HERE = Path(__file__).resolve().parent / "data" / "actors"
SOURCE = ("events", "reference", "petrarch2-dictionaries")
FILES = {"Phoenix.Countries.actors.txt": "countries", "Phoenix.International.actors.txt": "international",
         "Phoenix.MilNonState.actors.txt": "nonstate"}
SNAPSHOT = "2014-01-30"  # CountryInfo.140130.txt: the last date PETRARCH's terms are known for
_CODE = re.compile(r"\[([^\]]*)\]")
_DATE = re.compile(r"^\d{6}$|^\d{8}$")


@dataclass
class Term:
    code: str
    start: Optional[str] = None  # ISO date
    end: Optional[str] = None


@dataclass
class Block:
    """One TABARI entry: root names, '+' synonyms, and the codes that follow them."""

    names: list[str] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    source: str = ""
    comment: str = ""


# -- reading TABARI ------------------------------------------------------------------------------

def _date(text: str) -> Optional[str]:
    """YYMMDD (years to 14 are 20xx) or YYYYMMDD -> ISO date; None if malformed."""
    if not _DATE.match(text):
        return None
    if len(text) == 6:
        yy = int(text[:2])
        text = ("20" if yy <= 14 else "19") + text
    y, m, d = int(text[:4]), int(text[4:6]), int(text[6:8])
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_code(raw: str) -> Optional[Term]:
    """'USAGOV 010120-050126', 'GBRELI', 'IGOUNO >070101', 'AFGGOV <100201' -> Term."""
    parts = raw.replace("> ", ">").replace("< ", "<").split()
    if not parts or not re.match(r"^~?[A-Z]{3,}$", parts[0]):
        return None
    code = parts[0].lstrip("~")
    if len(parts) == 1:
        return Term(code)
    span = parts[1]
    if span.startswith(">"):
        start = _date(span[1:])
        return Term(code, start=start) if start else None
    if span.startswith("<"):
        end = _date(span[1:])
        return Term(code, end=end) if end else None
    if "-" in span:
        a, b = span.split("-", 1)
        start, end = _date(a), _date(b)
        return Term(code, start=start, end=end) if start and end else None
    return None


def _name(raw: str) -> str:
    return raw.split("#")[0].split("[")[0].strip().strip("+").strip().strip("_").replace("_", " ").strip()


def read_blocks(path: Path, source: str) -> list[Block]:
    """TABARI blocks: consecutive root lines and '+' lines share the code lines that follow."""
    blocks: list[Block] = []
    cur: Optional[Block] = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.startswith("#"):
            cur = None if (cur is None or cur.terms or not line.strip()) else cur
            continue
        body, _, comment = line.partition("#")
        codes = [t for t in (parse_code(c) for c in _CODE.findall(body)) if t]
        indented = line[0] in " \t"
        if indented:
            if cur is not None:
                cur.terms.extend(codes)
            continue
        name = _name(body)
        if line.startswith("+"):
            if cur is None:
                continue
            if name:
                cur.names.append(name)
            cur.terms.extend(codes)
            continue
        if cur is None or cur.terms:
            cur = Block(source=source, comment=comment.strip())
            blocks.append(cur)
        if name:
            cur.names.append(name)
        cur.terms.extend(codes)
    return [b for b in blocks if b.names and b.terms]


# -- CAMEO codes -> country, sector ------------------------------------------------------------

def load_tsv(path: Path) -> Iterable[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield [c.strip() for c in line.split("\t")]


class Codes:
    """CAMEO actor codes read as (country or IGO slot, PLOVER sector)."""

    def __init__(self) -> None:
        import pycountry

        self.iso3 = {c.alpha_3 for c in pycountry.countries} | {"XKX", "PSE", "SUN", "YUG", "CSK", "DDR"}
        self.rows = {r[0]: r for r in load_tsv(HERE / "cameo_codes.tsv")}

    def read(self, code: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
        """(country ISO3 or None, PLOVER sector or None, slot: 'UNO'/'IGO'/'NGO'/'MNC'/'IMG' or None)."""
        chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
        country = slot = None
        rest = chunks
        if chunks and chunks[0] in self.iso3:
            country, rest = chunks[0], chunks[1:]
        elif chunks and chunks[0] in self.rows and self.rows[chunks[0]][1] == "slot":
            slot, rest = chunks[0], chunks[1:]
        elif chunks and self.rows.get(chunks[0], [None, ""])[1] == "alias":
            country, rest = self.rows[chunks[0]][2], chunks[1:]
        if slot == "IGO" and rest and rest[0] == "UNO":
            slot, rest = "UNO", rest[1:]
        if slot in ("NGO", "MNC", "IMG") and rest and rest[0] in self.iso3 and \
                self.rows.get(rest[0], ["", ""])[1] != "sector":  # IMGMUS...: Muslim, not Mauritius
            country, rest = rest[0], rest[1:]
        sector = None
        for c in rest:
            row = self.rows.get(c)
            if row is not None and row[1] == "sector" and not (slot == "IMG" and row[2] == "REL"):
                sector = row[2]  # a militarized group's religion (IMGMUS...) is no sector: the slot's REB
                break
        if sector is None and slot in self.rows:
            sector = self.rows[slot][2] or None
        return country, sector, slot


# -- people and bodies -------------------------------------------------------------------------

_SMALL = {"of", "the", "for", "and", "in", "on", "de", "del", "la", "le", "du", "des", "al", "el", "bin", "ibn",
          "van", "von", "der", "da", "dos", "das"}


def display(name: str, person: bool) -> str:
    """'GEORGE_W._BUSH' -> 'George W. Bush'; 'AL-QAEDA' -> 'Al-Qaeda'; an organisation keeps its
    acronyms ('UN', 'U.N.', 'NATO') and lower-cases its small words."""
    words = []
    for i, w in enumerate(name.split()):
        if "." in w and re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", w):
            words.append(w.upper())
        elif not person and re.fullmatch(r"[A-Z0-9]{2,4}", w) and w.lower() not in _SMALL:
            words.append(w)
        elif not person and i > 0 and w.lower() in _SMALL:
            words.append(w.lower())
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(words)


@dataclass
class Person:
    name: str
    aliases: set = field(default_factory=set)
    terms: list = field(default_factory=list)  # (country, sector, start, end, slot, office)
    titles: set = field(default_factory=set)
    source: str = "petrarch2"


@dataclass
class Body:
    name: str
    aliases: set = field(default_factory=set)
    country: Optional[str] = None
    sector: Optional[str] = None
    kind: str = "org"
    slot: Optional[str] = None
    source: str = "petrarch2"
    ident: str = ""


def _is_person(block: Block, words: dict) -> bool:
    """A block is a person when one of its codes is dated (an office held from-to), or when its
    root name has no organisation word and reads as a name."""
    head = block.names[0].lower().split()
    if any(w.strip("().,") in words["body"] or w in ("of", "and", "the", "for") for w in head):
        return False  # "Islamic State of Iraq and the Levant" [IMGMUSISI >19990101]: a body with dated codes
    if any(t.start or t.end for t in block.terms):
        return True
    return "CountryInfo" in block.comment


def _title_of(alias: str, name: str, words: dict) -> Optional[str]:
    """The title an alias puts before the name: 'SECRETARY OF STATE CONDOLEEZZA RICE' -> 'secretary of
    state'; 'UN SECRETARY-GENERAL BAN KI-MOON' -> 'secretary-general'. Only titles the role lexicon
    knows the head of; a nickname ('CONDI RICE') is no title."""
    a, n = alias.lower().replace(",", " ").split(), name.lower().split()
    surname = n[-1] if n else ""
    if surname not in a or a.index(surname) == 0:
        return None
    cut = a.index(n[0]) if n and n[0] in a and a.index(n[0]) < a.index(surname) else a.index(surname)
    title = a[:cut]
    vocab = words["role_vocab"]
    while title and title[0] not in vocab:
        title = title[1:]  # "nations secretary general", "us president": the title starts at a role word
    if not title or not all(re.fullmatch(r"[a-z]+(?:-[a-z]+)*", w) for w in title):
        return None
    cut = next((i for i, w in enumerate(title) if w in ("of", "for", "to", "in", "at") and i), len(title))
    head = title[cut - 1]  # "secretary of state" -> secretary
    if not any(part in words["role_heads"] for part in [head, head.rstrip("s"), *head.split("-")]):
        return None
    return " ".join(title) if len(title) <= 6 else None


def _role_words() -> tuple[set, set]:
    """Every word of the role lexicon (titles are made of these) and its person-role heads."""
    vocab, heads = set(), set()
    for row in load_tsv(ACTORS_DATA / "roles.tsv"):
        phrase, kind = row[0], row[2]
        vocab.update(phrase.split())
        if kind == "P":
            toks = phrase.split()
            cut = next((i for i, w in enumerate(toks) if w in ("of", "for", "to", "in", "at") and i), len(toks))
            heads.add(toks[cut - 1])  # "head of state" -> head
    vocab.update({"of", "the", "for", "and", "general", "deputy", "vice", "acting", "chief", "state", "foreign",
                  "defense", "defence", "interior", "finance", "justice"})
    return vocab, heads


def _is_office(name: str, words: dict) -> bool:
    """A name whose head (the last word before a preposition) is a person's role."""
    toks = name.lower().split()
    cut = next((i for i, w in enumerate(toks) if w in ("of", "for", "to", "in", "on") and i), len(toks))
    head = toks[cut - 1].strip(".,()")
    return head in words["role_heads"] or head.rstrip("s") in words["role_heads"]


def build_people_and_bodies(blocks: list[Block], codes: Codes, words: dict) -> tuple[dict, dict]:
    people: dict[str, Person] = {}
    bodies: dict[str, Body] = {}
    for b in blocks:
        read = [(t, codes.read(t.code)) for t in b.terms]
        if all(c is None and slot is None for _, (c, _s, slot) in read):
            continue  # a code of no country and no slot ("ELI" alone): nothing to say
        is_person = _is_person(b, words)
        names = [display(n, is_person) for n in b.names if len(n) > 1]
        if not names:
            continue
        if b.source == "countries" and all(not (t.start or t.end) for t in b.terms) and \
                all(len(t.code) == 3 for t in b.terms):
            continue  # a country's own block (its names and cities): the gazetteer has countries
        if b.source == "countries" and is_person and all(c[1] is None for _, c in read):
            continue  # the same, its country dated ("South Sudan" SDN until 2011, "Serbia" YUG/SCG/SRB): no person
        if is_person:
            key = norm(names[0])
            p = people.setdefault(key, Person(names[0]))
            for n in names[1:]:
                title = _title_of(n, names[0], words)
                if title:
                    p.titles.add(title)
                elif len(n.split()) >= 2 or n.lower() == names[0].lower().split()[-1]:
                    p.aliases.add(n)
            for t, (country, sector, slot) in read:
                end = t.end if t.end or not t.start else SNAPSHOT
                p.terms.append((country, sector, t.start, end, slot, None))
            continue
        if _is_office(names[0], words):
            continue  # "President of the United States", "US Secretary of Defense": an office, not a body
        country, sector, slot = next(((c, s, sl) for _, (c, s, sl) in read if c or sl), (None, None, None))
        kind = {"UNO": "igo", "IGO": "igo", "MNC": "company", "NGO": "ngo", "IMG": "group"}.get(slot or "", "org")
        if sector == "REB" and kind == "org":
            kind = "group"
        key = norm(names[0])
        body = bodies.setdefault(key, Body(names[0], country=country, sector=sector, kind=kind, slot=slot
                                          if slot in ("UNO", "IGO") or (slot == "IMG" and not country) else None))
        body.aliases.update(n for n in names[1:] if len(n) > 2)
    return people, bodies


def merge_own(people: dict, bodies: dict) -> None:
    """The project's own tables: its rows replace PETRARCH's terms for the same name."""
    own_people: dict[str, Person] = {}
    for row in load_tsv(HERE / "people.tsv"):
        names, iso3, sector, start, end = (row + ["", "", "", "", ""])[:5]
        office = (row[5] if len(row) > 5 else "").strip().lower() or None  # the office of that term
        names = [n for n in names.split(";") if n]
        key = norm(names[0])
        p = own_people.setdefault(key, Person(names[0], source="cablegram"))
        p.aliases.update(names[1:])
        p.terms.append((iso3, sector or None, _own_date(start, False), _own_date(end, True), None, office))
    for key, own in own_people.items():
        by_length = sorted(own.aliases, key=lambda a: (-len(norm(a).split()), norm(a)))  # the fullest alias first
        old = people.get(key) or next((people[norm(a)] for a in by_length if norm(a) in people), None)
        if old is not None:
            own.aliases |= {old.name} | old.aliases
            own.aliases.discard(own.name)
            own.titles |= old.titles
            people.pop(norm(old.name), None)
        people[key] = own
    for row in load_tsv(HERE / "orgs.tsv"):
        names = [n for n in row[0].split(";") if n]
        slot = row[1] if row[1] in ("IMG",) else None  # a transnational armed group: no country of its own
        body = Body(names[0], set(names[1:]), country=None if slot else row[1] or None, sector=row[2] or None,
                    source="cablegram", kind=row[3] if len(row) > 3 and row[3] else _own_kind(row[1], row[2]),
                    slot=slot)
        _replace_body(bodies, body)
    for row in load_tsv(HERE / "igos.tsv"):
        ident, slot, sector, names = row[0], row[1], row[2], [n for n in row[3].split(";") if n]
        body = Body(names[0], set(names[1:]) | {ident}, sector=sector or "IGO", kind="igo", slot=slot,
                    source="cablegram", ident=ident)
        _replace_body(bodies, body)


def _own_kind(country: str, sector: str) -> str:
    """The kind of a row of the project's orgs table that names none: an armed or criminal group
    by its sector; a body of no country whose sector is NGO ("Amnesty International") an NGO (else
    it would be written nowhere: a body of no country, no slot and kind "org" is not kept)."""
    if sector in ("REB", "UAF", "CRM"):
        return "group"
    return "ngo" if sector == "NGO" and not country else "org"


def _replace_body(bodies: dict, body: Body) -> None:
    for n in [body.name, *body.aliases]:
        old = bodies.pop(norm(n), None)
        if old is not None:
            body.aliases |= ({old.name} | old.aliases) - {body.name}
    bodies[norm(body.name)] = body


def _own_date(text: str, end: bool) -> Optional[str]:
    """'2019' / '2019-07' (the project's tables) -> an ISO date: the start or the end of that period."""
    m = re.match(r"(\d{4})(?:-(\d{2}))?", text or "")
    if not m:
        return None
    y, mo = int(m.group(1)), int(m.group(2) or (12 if end else 1))
    if not end:
        return f"{y:04d}-{mo:02d}-01"
    import calendar

    return f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"


# -- writing -------------------------------------------------------------------------------------

HEADER = """# GENERATED by training/actor_dictionary.py — do not edit; edit training/data/actors/ and re-run.
# Sources: PETRARCH2/Phoenix actor dictionaries (openeventdata/petrarch2, MIT licence, (c) 2014 Open Event
# Data Alliance; see DICTIONARY-LICENSE.txt beside this file) and cablegram's own tables (source "cablegram").
"""


def _terms(terms) -> str:
    out = []
    for country, sector, start, end, slot, office in terms:
        fields = [country or slot or "", sector or "", start or "", end or ""] + ([office] if office else [])
        out.append(":".join(fields))
    return ",".join(dict.fromkeys(out))


def write(people: dict, bodies: dict, out: Path, words: dict) -> None:
    lines = [HEADER + "# name\taliases (;)\tterms (COUNTRY:SECTOR:FROM:TO[:OFFICE], ...; UNO/IGO for an IGO's office)\t"
             "titles (;)\tsource"]
    for key in sorted(people):
        p = people[key]
        if not any(t[0] or t[4] for t in p.terms):
            continue
        aliases = sorted(a for a in p.aliases if norm(a) != key and not set(norm(a).split()) & words["body"])
        lines.append("\t".join([p.name, ";".join(aliases), _terms(p.terms), ";".join(sorted(p.titles)), p.source]))
    (out / "people.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = [HEADER + "# id\tname\taliases (;)\tcountry\tsector\tkind\tslot\tsource"]
    for key in sorted(bodies):
        b = bodies[key]
        if not (b.country or b.slot or b.kind in ("company", "ngo", "group")):
            continue
        aliases = sorted(a for a in b.aliases if norm(a) != key)
        lines.append("\t".join([b.ident or slug(b.name), b.name, ";".join(aliases), b.country or "", b.sector or "",
                                b.kind, b.slot or "", b.source]))
    (out / "bodies.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_agents(path: Path, codes: Codes, words: dict) -> list[tuple[str, str, str]]:
    """PETRARCH's generic agents ("FARMER [~AGR]", "JUSTICE_!MINIST! [~GOV]") as role-lexicon rows
    (phrase, PLOVER sector, kind: O an organisation, X equipment, else P a person's role)."""
    macros: dict[str, list[str]] = {}
    rows: list[tuple[str, str, str]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#")[0].strip()
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", body)
        if m:
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        code = _CODE.search(body)
        if not code or not body[:1].isalpha() and not body.startswith("!"):
            continue
        phrase = re.sub(r"\{[^}]*\}", "", body[:code.start()]).strip()
        _country, sector, _slot = codes.read(code.group(1).strip().lstrip("~"))
        if not phrase or not sector:
            continue
        for form in _expand(phrase, macros):
            text = " ".join(form.replace("_", " ").lower().split())
            if text and re.fullmatch(r"[a-z][a-z' -]*", text) and not re.search(r"\bminist\b", text):
                rows.append((text, sector, _agent_kind(text, words)))
    return rows


def _expand(phrase: str, macros: dict) -> list[str]:
    for name, forms in macros.items():
        if name in phrase:
            singular = [f for f in forms if not f.endswith(("MEN", "IES", "S"))] or forms[:1]
            return [x for f in singular for x in _expand(phrase.replace(name, f if phrase.startswith(name) or
                                                                         phrase.endswith(name) else f), macros)]
    return [phrase]


def _agent_kind(text: str, words: dict) -> str:
    """O, X or P by the head word: the last word before a preposition ("minister for tourism")."""
    toks = text.split()
    cut = next((i for i, w in enumerate(toks) if w in ("of", "for", "in", "on", "to", "at", "with") and i), len(toks))
    last = toks[cut - 1]
    if last in words["equipment"]:
        return "X"
    return "O" if last in words["body"] or last.endswith(("ministry", "ment", "ship", "ity")) else "P"


def write_agents(rows, out: Path) -> int:
    own = {r[0] for r in load_tsv(ACTORS_DATA / "roles.tsv")}
    lines = [HEADER + "# Generic agents of Phoenix.agents.txt the role lexicon (roles.tsv) lacks; roles.tsv wins.\n"
             "# phrase\tsector\tkind\tstrength\tsrc"]
    seen = set()
    for phrase, sector, kind in rows:
        if phrase in own or phrase in seen:
            continue
        seen.add(phrase)
        lines.append("\t".join([phrase, sector, kind, "w", "0"]))
    (out / "agents.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(seen)


def build(shared: Path, out: Path = ACTORS_DATA) -> tuple[int, int]:
    src = shared.joinpath(*SOURCE)
    if not src.exists():
        raise SystemExit(f"{src} not found (pass the shared data folder)")
    words = {k: {w.lower() for w in v} for k, v in _words().items()}
    words["role_vocab"], words["role_heads"] = _role_words()
    blocks = []
    for name, source in FILES.items():
        blocks += read_blocks(src / name, source)
    codes = Codes()
    people, bodies = build_people_and_bodies(blocks, codes, words)
    merge_own(people, bodies)
    write(people, bodies, out, words)
    write_agents(read_agents(src / "Phoenix.agents.txt", codes, words), out)
    (out / "DICTIONARY-LICENSE.txt").write_text(
        "people.tsv and bodies.tsv are generated from the PETRARCH2/Phoenix actor dictionaries\n"
        "(https://github.com/openeventdata/petrarch2, petrarch2/data/dictionaries/), under this licence:\n\n"
        + (src / "LICENSE").read_text(encoding="utf-8"), encoding="utf-8")
    return len(people), len(bodies)


def _words() -> dict:
    import yaml

    return yaml.safe_load((HERE / "words.yaml").read_text(encoding="utf-8"))


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    shared = Path(argv[0]) if argv else DEFAULT_DATA
    n_people, n_bodies = build(shared)
    print(f"wrote {ACTORS_DATA / 'people.tsv'} ({n_people} people) and {ACTORS_DATA / 'bodies.tsv'} ({n_bodies} bodies)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
