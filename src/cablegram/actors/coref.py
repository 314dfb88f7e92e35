"""Pass 5, references back: "the President" to the person last named with that role, short
forms ("the North") and pronouns to the person, group or country they refer to ("the country" and
bare group nouns: :mod:`.nouns`).
Look-backs are windowed, so time stays linear in the length of the article."""

from __future__ import annotations

import bisect
from typing import Optional

from spacy.tokens import Token

from ..ids import slug
from . import dictionary
from . import gazetteer as gz
from .state import ActorInfo, Mention, State

PRONOUN_WINDOW = 2  # sentences looked back for an antecedent


def role_descriptions(st: State, people: dict[str, ActorInfo]) -> None:
    """"the President", "the minister": the person last named with that role."""
    doc = st.doc
    lower = set(st.special.get("subordinate_titles", []))
    holders: list[tuple[int, str, set]] = []  # (token, actor, role words) in text order
    for m in sorted((m for m in st.mentions if m.kind == "person" and m.actor), key=lambda m: m.start):
        info = people.get(m.actor)
        if info and info.roles:
            words = {w for r in info.roles for w in _title_words(r, lower)}
            holders.append((m.start, m.actor, words))
    if not holders:
        return
    starts = [h[0] for h in holders]
    roles = gz.role_index()
    for tok in doc:
        if st.taken[tok.i] is not None or st.skip[tok.i] or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        role = roles.get(tok.lower_)
        if role is None or role.kind != "P" or gz.is_plural(tok.lower_):
            continue
        det = st.determiner(tok)
        if det is None or det.lower_ != "the" or tok.dep_ in ("attr", "appos", "compound", "npadvmod"):
            continue
        if any(c.dep_ in ("prep", "poss", "compound", "amod", "nmod") and c.lower_ not in st.former
               for c in tok.children if c.i != det.i):
            continue  # "the president of Chile", "the Russian president": another description
        j = bisect.bisect_left(starts, tok.i) - 1
        while j >= 0 and tok.lower_ not in holders[j][2]:
            j -= 1
        if j >= 0 and st.free(det.i, tok.i + 1):
            ident = holders[j][1]
            st.add(Mention(det.i, tok.i + 1, "appos", ident, head=tok.i, actor=ident))


def _title_words(role: str, lower: set) -> list[str]:
    """The words of a role that "the <word>" can stand for: not one made a lower office by the
    word before it ("Vice President": "president" is another office)."""
    words = [w.lower() for w in role.replace(";", " ").split()]
    return [gz.singular(w) for k, w in enumerate(words) if not (k and words[k - 1] in lower)]


def office_holders(st: State) -> None:
    """"The British prime minister", "the US Secretary of State": the person holding that office —
    one named in the article with that role and country, else the one the dictionary knows for that
    country at the article's date (named in the article or not), else, for a head of state or
    government, the one person of that country the dictionary has in office then."""
    for m in [m for m in st.mentions if m.kind == "roleholder" and m.iso3 and m.role and not m.of_body]:
        title = " ".join(gz.singular(w) for w in m.role.lower().split())
        ident = _holder_in_text(st, m, title) or _holder_in_dictionary(st, m, title)
        if ident:
            m.kind, m.actor, m.key = "appos", ident, ident


def _holder_in_text(st: State, m: Mention, title: str) -> Optional[str]:
    words = set(title.split())
    for ident, info in st.people.items():
        said = {gz.singular(w.lower()) for r in info.roles for w in r.replace(";", " ").split()}
        if words <= said and m.iso3 in info.role_countries:
            return ident
    return None


def _holder_in_dictionary(st: State, m: Mention, title: str) -> Optional[str]:
    entry = dictionary.holder(title, m.iso3, st.published)
    if entry is None and title in st.head_titles:
        named = {dictionary.person(info.name): ident for ident, info in st.people.items()}
        current = [ident for p, ident in named.items() if p is not None and (
            f := dictionary.facts(p, st.published)).current and f.country == m.iso3 and f.sector == "GOV"]
        return current[0] if len(current) == 1 else None
    if entry is None:
        return None
    ident = slug(entry.name)
    info = st.people.setdefault(ident, ActorInfo(ident, entry.name, "person"))
    if m.role not in info.roles:
        info.roles.append(m.role)
    info.role_countries.append(m.iso3)
    return ident


def body_descriptions(st: State) -> None:
    """"the party", "the commission": the body last named with that noun ("Thai Raksa Chart
    Party ... the party"); "the government", "the military" (a country's own institutions): the
    article's country's, as one actor per country and noun."""
    doc = st.doc
    named = sorted((m for m in st.mentions if m.kind in ("org", "igo")), key=lambda m: m.start)
    for tok in doc:
        if st.taken[tok.i] is not None or st.skip[tok.i] or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        noun = gz.singular(tok.lower_)
        role = gz.role_index().get(noun)
        det = st.determiner(tok)
        if role is None or role.kind != "O" or det is None or det.lower_ != "the" or not st.free(det.i, tok.i + 1) \
                or noun in st.country_nouns:
            continue
        if tok.dep_ in ("compound", "attr", "appos") or any(
                c.dep_ in ("poss", "compound", "amod", "nmod", "prep") for c in tok.children if c.i != det.i):
            continue  # "the ruling party", "the party of X": another description
        m = _last_named_body([n for n in named if st.doc[n.head].ent_type_], det, tok, noun)  # "Thai Raksa
        # Chart Party ... the party"; else a country's own institution, else a body described before
        if m is None and noun in st.national_bodies:
            m = _national_body(st, det, tok, noun, role)
        m = m or _last_named_body(named, det, tok, noun)
        if m is not None:
            st.add(m)
    company_descriptions(st)


def company_descriptions(st: State) -> None:
    """"the company", "the network", "the broadcaster": the company named last before it, when no
    named body ends with that noun (a word list: ``company_nouns``)."""
    doc = st.doc
    nouns = set(st.special.get("company_nouns", []))
    companies = sorted((m for m in st.mentions if m.kind == "org" and m.org_kind == "company"), key=lambda m: m.start)
    if not companies:
        return
    for tok in doc:
        noun = gz.singular(tok.lower_)
        if noun not in nouns or tok.pos_ != "NOUN" or st.taken[tok.i] is not None or st.skip[tok.i]:
            continue
        det = st.determiner(tok)
        if det is None or det.lower_ != "the" or det.i != tok.i - 1 or not st.free(det.i, tok.i + 1) \
                or tok.dep_ in ("compound", "attr", "appos") \
                or any(c.dep_ in ("acl", "relcl") or (c.dep_ == "prep" and not _clausal(c)) for c in tok.children):
            continue  # "the company's", yes; "the company that makes X", "the largest company": no
        before = [m for m in companies if m.end <= det.i]
        if before:
            ident = before[-1].actor or before[-1].key
            st.add(Mention(det.i, tok.i + 1, "appos", ident, head=tok.i, actor=ident))


def _clausal(prep: Token) -> bool:
    """A preposition that takes a clause ("accused the network of swindling", parsed onto the
    noun): it says what was done, not which company."""
    return any(c.dep_ == "pcomp" and c.pos_ in ("VERB", "AUX") for c in prep.children)


def _national_body(st: State, det, tok, noun: str, role) -> Optional[Mention]:
    iso = st.story_country
    if iso is None:
        return None
    ident = "-".join(x for x in (gz.iso2(iso) or "", slug(noun)) if x).lower()
    return Mention(det.i, tok.i + 1, "org", ident, iso3=iso, sector=role.sector,
                   name=st.proper_name(tok.i, tok.i + 1, iso), head=tok.i)


def _last_named_body(named: list, det, tok, noun: str) -> Optional[Mention]:
    for m in reversed(named):
        if m.start >= det.i:
            continue
        words = [gz.singular(w.lower()) for w in (m.name or "").split()]
        if words and words[-1] == noun:
            ident = m.actor or m.key
            return Mention(det.i, tok.i + 1, "appos", ident, head=tok.i, actor=ident)
    return None


def body_short_forms(st: State) -> None:
    """A company or a party named with its last word ("ABS-CBN Corporation", "Thai Raksa Chart
    Party") is the same body where the text names it without that word ("ABS-CBN's franchise",
    "Thai Raksa Chart said") or with it in lower case ("The Thai Raksa Chart party"), which the
    parse often leaves untagged, or takes for a person or for another body."""
    doc = st.doc
    parties = set(st.special.get("party_heads", []))
    forms: dict[tuple, tuple[Mention, str]] = {}
    texts = st.texts
    for m in st.mentions:
        words = texts[m.start:m.end]
        if m.kind != "org" or len(words) < 2 or not words[0][:1].isupper():
            continue
        last = words[-1].lower().rstrip(".")
        if not ((last in st.company_suffixes and m.org_kind == "company") or last in parties):
            continue
        short = tuple(words[:-1])
        if len(short) == 1 and (gz.lookup_country(short[0]) or gz.singular(short[0].lower()) in gz.role_index()):
            continue  # "Labour" yes; "National", "Democratic", "Thai" no
        forms.setdefault(short, (m, last))
    for short, (body, last) in forms.items():
        n, ident = len(short), body.actor or body.key
        for i in range(len(doc) - n + 1):
            if texts[i] != short[0] or tuple(texts[i:i + n]) != short or any(st.skip[i:i + n]):
                continue
            end = i + n + int(i + n < len(doc) and doc[i + n].lower_.rstrip(".") == last)
            held = st.taken[i]
            if held is body or (held is not None and (held.actor or held.key) == ident):
                continue
            if held is not None and held.kind in ("person", "org") and held.start == i and held.end in (i + n, end):
                st.mentions.remove(held)  # the parse's person or body is the short name
                for j in range(held.start, held.end):
                    st.taken[j] = None
            if not st.free(i, end):
                continue
            if end == i + n and i + n < len(doc) and doc[i + n].text[:1].isupper() and doc[i + n].pos_ == "PROPN":
                continue  # part of a longer name ("ABS-CBN News Channel")
            if i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].text[:1].isupper():
                continue
            st.add(Mention(i, end, "org", ident, iso3=body.iso3, sector=body.sector, name=body.name,
                           head=end - 1, org_kind=body.org_kind, actor=ident))


def short_forms(st: State) -> None:
    doc = st.doc
    named = {m.iso3 for m in st.mentions if m.kind == "country"}
    forms = []
    for f in st.special.get("short_forms", []):
        if f.get("country") and (not f.get("when") or named & set(f["when"])):
            forms.append((f["form"].split(), f["country"]))
    for i, tok in enumerate(doc):
        if tok.lower_ != "the":
            continue
        for words, iso in forms:
            n = len(words)
            if i + n <= len(doc) and [t.text for t in doc[i:i + n]][1:] == words[1:] and st.free(i, i + n):
                st.add(Mention(i, i + n, "country", iso, iso3=iso, head=i + n - 1))
                break


_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}


class _Context:
    """What the pronoun pass looks back over: the resolved mentions in text order and the
    sentence of every token."""

    def __init__(self, st: State):
        doc = st.doc
        self.resolved = sorted((m for m in st.mentions if m.actor or m.kind != "person"), key=lambda m: m.start)
        self.starts = [m.start for m in self.resolved]
        self.person_at = {m.head: m for m in self.resolved if m.kind in ("person", "roleholder")}
        self.sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self.sent_index = [0] * len(doc)
        for si, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_index[i] = si


def pronouns(st: State) -> None:
    """he/she -> a person (gender agreeing, the subject of a nearby clause first), they -> a group
    or an unnamed source, it/its -> a country or a body, within a window of sentences."""
    ctx = _Context(st)
    for tok in st.doc:
        want = _wanted(st, tok)
        if want is None:
            continue
        pg = ("m" if tok.lower_ in _MALE else "f" if tok.lower_ in _FEMALE else None) if want[0] == "person" else None
        limit = ctx.sents[max(0, ctx.sent_index[tok.i] - (1 if want[0] == "country" else PRONOUN_WINDOW))].start
        j = bisect.bisect_left(ctx.starts, tok.i) - 1
        target = None
        if want[0] == "country":
            # "Russia is seeking to buy ammunition from North Korea to refill reserves drained by its
            # war" is Russia's war: the subject of a clause holding the pronoun
            target = clause_subject(st, tok, ctx.resolved, want)
        elif want[0] == "person" and tok.dep_ in ("nsubj", "nsubjpass"):
            target = _subject_antecedent(st, ctx, tok, j, limit, want, pg)  # "X said ... He said" is X
        elif want[0] == "person" and tok.dep_ == "poss":
            target = _own_clause_subject(st, ctx, tok, pg)  # "Rice would meet Sharon during her visit"
        if target is None:
            target, j = _nearest_antecedent(st, ctx, tok, j, limit, want, pg)
        if target is None and want[0] == "group" and tok.lower_ == "they" and tok.dep_ in ("nsubj", "nsubjpass"):
            target = _body_subject(st, ctx, tok)
        if target is None:
            continue
        ident = target.actor or target.key
        if pg and ident not in st.gender:
            _learn_gender(st, ctx, tok, j, limit, want, ident, pg)
        st.add(Mention(tok.i, tok.i + 1, "pronoun", ident, head=tok.i, actor=ident))
        st.pronoun_at[tok.i] = ident


def _body_subject(st: State, ctx: _Context, tok: Token) -> Optional[Mention]:
    """"they" (a subject) for a body, when no group can be meant: the body that is the subject of
    a clause earlier in the same sentence ("the network didn't carry his commercials, which they've
    said was due to a lack of airtime"). Only subjects: "them", "their" are as often another side's."""
    j = bisect.bisect_left(ctx.starts, tok.i) - 1
    while j >= 0 and ctx.resolved[j].start >= tok.sent.start:
        cand = ctx.resolved[j]
        if cand.kind == "person" or (cand.kind in ("group", "anonymous", "roleholder", "country")
                                     and st.doc[cand.head].dep_ in ("nsubj", "nsubjpass")):
            return None  # a nearer acting subject of another kind
        if cand.kind in ("org", "appos") and (cand.actor or cand.key) not in st.people and cand.end <= tok.i \
                and st.doc[cand.head].dep_ in ("nsubj", "nsubjpass"):
            return cand
        j -= 1
    return None


def _wanted(st: State, tok: Token) -> Optional[tuple]:
    """The kinds of mention a pronoun can take, or None for no pronoun to resolve."""
    if tok.pos_ != "PRON" and tok.tag_ not in ("PRP", "PRP$"):
        return None
    if st.taken[tok.i] is not None or st.skip[tok.i]:
        return None
    forms = st.special["pronouns"]
    low = tok.lower_
    if low in forms["person"]:
        return ("person", "roleholder")
    if low in forms["group"]:
        return ("group", "anonymous")
    if low in forms["country"] and tok.dep_ in ("nsubj", "nsubjpass", "poss") and not expletive(st, tok):
        return ("country", "org", "igo")
    return None


def _agrees(st: State, cand: Mention, pg: Optional[str]) -> bool:
    g = st.gender.get(cand.actor or cand.key)
    return pg is None or g is None or g == pg


def _subject_antecedent(st: State, ctx: _Context, tok: Token, j: int, limit: int, want: tuple,
                        pg: Optional[str]) -> Optional[Mention]:
    doc = st.doc
    while j >= 0 and ctx.resolved[j].start >= limit:
        cand = ctx.resolved[j]
        if cand.end <= tok.i and cand.kind in want and doc[cand.head].dep_ in ("nsubj", "nsubjpass") \
                and _agrees(st, cand, pg):
            return cand
        j -= 1
    return None


def _own_clause_subject(st: State, ctx: _Context, tok: Token, pg: Optional[str]) -> Optional[Mention]:
    """The person subject of the clause a possessive pronoun sits in, when it agrees."""
    by_head = ctx.person_at
    cur, steps = tok, 0
    while cur.head.i != cur.i and steps < 8:
        cur, steps = cur.head, steps + 1
        if cur.pos_ not in ("VERB", "AUX"):
            continue
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.i in by_head and tok.sent.start <= subj.i and by_head[subj.i].end <= tok.i:
            cand = by_head[subj.i]
            return cand if _agrees(st, cand, pg) else None
        return None
    return None


def _nearest_antecedent(st: State, ctx: _Context, tok: Token, j: int, limit: int, want: tuple,
                        pg: Optional[str]) -> tuple[Optional[Mention], int]:
    """The nearest mention before the pronoun that it can take, and its index."""
    doc = st.doc
    while j >= 0 and ctx.resolved[j].start >= limit:
        cand = ctx.resolved[j]
        before = cand.end <= tok.i
        if before and want[0] == "group" and cand.kind in ("person", "country", "roleholder") \
                and doc[cand.head].dep_ != "poss":
            return None, j  # "Mr. Kim and Mr. Putin ... They": a plural of named actors, not a group
        if before and cand.kind in want and _agrees(st, cand, pg):
            if want[0] == "country" and (blocked(st, cand.end, tok.i) or (
                    ctx.sent_index[cand.start] != ctx.sent_index[tok.i]
                    and doc[cand.head].dep_ not in ("nsubj", "nsubjpass"))):
                return None, j
            return cand, j
        if before and want[0] == "country" and cand.kind in ("person", "roleholder", "group", "anonymous") \
                and doc[cand.head].dep_ in ("nsubj", "nsubjpass"):
            return None, j  # a nearer acting subject that is not a country
        j -= 1
    return None, j


def _learn_gender(st: State, ctx: _Context, tok: Token, j: int, limit: int, want: tuple, ident: str, pg: str) -> None:
    """A person's gender from a pronoun no other person nearby could take."""
    others = {(c.actor or c.key) for c in ctx.resolved[max(0, j - 12):j + 1]
              if c.kind in want and c.start >= limit and c.end <= tok.i}
    if others <= {ident}:
        st.gender[ident] = pg


def clause_subject(st: State, tok: Token, resolved: list, want: tuple) -> Optional["Mention"]:
    """The country (or body) that is the subject of a clause governing ``tok``, nearest clause
    first, within the pronoun's sentence and before it, when the nearest candidate is only the
    object of a preposition (subjects are likelier antecedents than obliques)."""
    by_head = {m.head: m for m in resolved if m.kind in want and m.end <= tok.i}
    sent_start = tok.sent.start
    nearest = max((m for m in by_head.values() if m.start >= sent_start), key=lambda m: m.start, default=None)
    if nearest is None or st.doc[nearest.head].dep_ != "pobj":
        return None  # only an oblique ("…from North Korea") yields to the subject; else the nearest
    cur, steps = tok, 0
    while cur.head.i != cur.i and steps < 12:
        below, cur = cur, cur.head
        steps += 1
        if cur.pos_ in ("NOUN", "PROPN") and below.dep_ in ("acl", "relcl"):
            # "U.S. moves to reinforce its alliances": the noun's owner is the clause's subject
            owner = [c for c in cur.children if c.dep_ in ("compound", "poss", "amod", "nmod") and c.i in by_head]
            if owner:
                return by_head[owner[-1].i]
        if cur.pos_ not in ("VERB", "AUX"):
            continue
        for c in cur.children:
            if c.dep_ in ("nsubj", "nsubjpass") and sent_start <= c.i < tok.i and c.i in by_head:
                return by_head[c.i]
    return None


def expletive(st: State, tok: Token) -> bool:
    if tok.lower_ != "it":
        return False
    head = tok.head
    if head.lemma_ == "be" or tok.dep_ == "expl":
        return True
    return any(c.dep_ in ("ccomp", "xcomp") and c.i > head.i and head.lemma_ in ("seem", "appear") for c in head.children)


def blocked(st: State, start: int, end: int) -> bool:
    """A singular common noun argument between a country and "it" is a likelier antecedent."""
    for t in st.doc[start:end]:
        if t.tag_ == "NN" and t.dep_ in ("nsubj", "dobj", "nsubjpass") and st.taken[t.i] is None \
                and gz.singular(t.lower_) not in gz.role_index():
            return True
    return False
