"""Pass 4, persons: full names clustered; "Mr. Kim"/"Kim" bound to the full name that the
surname was first bound to (journalistic convention: a second person with the same surname is
given in full), else the most recently introduced; gender from honorifics, roles and given names."""

from __future__ import annotations

from ..ids import slug
from . import gazetteer as gz
from . import dictionary, titles
from .state import ActorInfo, Mention, State


def persons(st: State) -> dict[str, ActorInfo]:
    """Every person mention bound to a person actor: full names clustered, short names ("Mr. Kim",
    "Kim", "Secretary Rice") bound to a full name of the article or of the dictionary, roles
    collected, gender read, appositive role phrases added as mentions."""
    people: dict[str, ActorInfo] = {}
    surnames_tagged_as_places(st)
    persons = sorted((m for m in st.mentions if m.kind == "person"), key=lambda m: m.start)
    for m in persons:
        titles.extend_person(st, m)  # honorifics and titles; roles
    by_surname = _full_names(st, persons, people)
    persons += _untagged_surnames(st, by_surname)
    persons.sort(key=lambda m: m.start)
    _bind_short_names(st, persons, people, by_surname)
    _collect_roles(st, persons, people)
    gender_evidence(st, persons, people)
    drop_affiliations(st)
    for m in persons:
        for extra in titles.appositive_mentions(st, m):
            extra.actor = m.actor
            st.add(extra)
    return people


def _full_names(st: State, persons: list[Mention], people: dict[str, ActorInfo]) -> dict[str, list[tuple[int, str]]]:
    """Names of two words or more, one actor each; their surname keys -> (first token, id)."""
    doc = st.doc
    canon: dict[str, str] = {}
    by_surname: dict[str, list[tuple[int, str]]] = {}
    for m in persons:
        words = name_words(m.name)
        if len(words) == 1 and m.start < m.head and dictionary.person(doc[m.head - 1].text + " " + words[0]):
            words = [doc[m.head - 1].text] + words  # "Pope Francis", "King Charles": the title is the name
            m.name = " ".join(words)
        if len(words) < 2:
            continue
        key = "".join(gz.norm(w) for w in words).replace("-", "")
        if len(words) >= 3:  # another romanisation of a long name ("Hamza bin Laden", "Hamza bin Ladin")
            key = dictionary.spelling(" ".join(words)).replace(" ", "")
        if key not in canon:
            canon[key] = slug(" ".join(words))
            people[canon[key]] = ActorInfo(canon[key], " ".join(words), "person")
            for k in surname_keys(words):
                by_surname.setdefault(k, []).append((m.start, canon[key]))
        m.actor = canon[key]
    _merge_prefixes(persons, people, by_surname)
    return by_surname


def _merge_prefixes(persons: list[Mention], people: dict[str, ActorInfo], by_surname: dict) -> None:
    """A name whose words begin the one longer name of the article is that person ("Princess
    Ubolratana" ... "Princess Ubolratana Mahidol")."""
    words = {ident: info.name.lower().split() for ident, info in people.items()}
    into: dict[str, str] = {}
    for a, wa in words.items():
        longer = {b for b, wb in words.items() if len(wb) > len(wa) and wb[:len(wa)] == wa}
        if len(longer) == 1:
            into[a] = next(iter(longer))
    for a, b in into.items():
        while b in into:
            b = into[b]
        people.pop(a, None)
        for m in persons:
            if m.actor == a:
                m.actor = b
        for k, entries in by_surname.items():
            by_surname[k] = [(i, b if ident == a else ident) for i, ident in entries]


def _untagged_surnames(st: State, by_surname: dict) -> list[Mention]:
    """Surnames spaCy left untagged ("Rathbun said"): a later reference to a full name."""
    doc = st.doc
    out = []
    for tok in doc:
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or gz.norm(tok.text) not in by_surname \
                or st.taken[tok.i] is not None or st.skip[tok.i]:
            continue
        prev, nxt = (doc[tok.i - 1] if tok.i else None), (doc[tok.i + 1] if tok.i + 1 < len(doc) else None)
        if prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper() \
                and prev.lower_.rstrip(".") not in st.honorifics:
            continue
        if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
            continue
        extra = st.add(Mention(tok.i, tok.i + 1, "person", tok.text, head=tok.i, name=tok.text))
        titles.extend_person(st, extra)
        out.append(extra)
    return out


def _bind_short_names(st: State, persons: list[Mention], people: dict[str, ActorInfo], by_surname: dict) -> None:
    """"Mr. Kim"/"Kim" to the full name the surname was first bound to (a second person of the
    same surname is given in full), else the most recently introduced; a namesake named in full
    just before wins ("Kim Taewoo said ... Kim added"); else the one person of the dictionary
    the title and the article's date allow ("Secretary Rice" 2005), else a person of its own."""
    bound: dict[str, str] = {}
    sent_of = st.sentence_index()
    last_seen: dict[str, int] = {}
    for m in persons:
        words = name_words(m.name)
        if m.actor or not words:
            if m.actor:
                last_seen[m.actor] = m.start
            continue
        k = gz.norm(words[-1])
        cands = by_surname.get(k, [])
        if k in bound:
            m.actor = bound[k]
            a_seen = last_seen.get(m.actor, -1)
            recent = [c[1] for c in cands if c[1] != m.actor and last_seen.get(c[1], -1) > a_seen
                      and sent_of[last_seen[c[1]]] >= sent_of[m.start] - 1]
            if len(set(recent)) == 1:
                m.actor = recent[0]
        elif cands:
            before = [c for c in cands if c[0] < m.start]
            m.actor = bound[k] = (max(before) if before else min(cands))[1]
        else:
            m.actor = bound[k] = _given_name_of(st, k, people) or _own_person(st, m, words, people)
        if len({c[1] for c in cands}) > 1:
            people[m.actor].ambiguous = True
        last_seen[m.actor] = m.start


def _given_name_of(st: State, word: str, people: dict[str, ActorInfo]):
    """A lone name that no full name of the article ends with but exactly one begins with (titles
    aside): that person by the given name ("Princess Sirilaka Wongsaro" ... "Princess Sirilaka")."""
    titles = set(st.special["name_titles"]) | st.honorifics
    found = set()
    for ident, info in people.items():
        names = [w.lower().rstrip(".") for w in info.name.split()]
        while len(names) > 2 and names[0] in titles:
            names = names[1:]
        if len(names) >= 2 and names[0] == word:
            found.add(ident)
    return next(iter(found)) if len(found) == 1 else None


def _own_person(st: State, m: Mention, words: list[str], people: dict[str, ActorInfo]) -> str:
    """A short name no full name of the article explains: the dictionary's person when its title
    and the date single one out ("Secretary Rice" in 2005: Condoleezza Rice), else its own actor."""
    entry = dictionary.by_title_and_surname(m.role, words[-1], st.published) if m.role else None
    name = entry.name if entry is not None else " ".join(words)
    ident = slug(name)
    people.setdefault(ident, ActorInfo(ident, name, "person"))
    return ident


def _collect_roles(st: State, persons: list[Mention], people: dict[str, ActorInfo]) -> None:
    for m in persons:
        info = people.get(m.actor)
        if info is None:
            continue
        if m.role and m.role not in info.roles:
            info.roles.append(m.role)
        if m.role_country:
            info.role_countries.append(m.role_country)
        if m.role_sector:
            info.role_sectors.append(m.role_sector)
        if m.slot and not m.role_country:
            info.code_country = info.code_country or m.slot  # an office of an IGO named in the title
    for ident, info in people.items():
        if info.role_countries:
            st.person_country[ident] = info.role_countries[0]


def drop_affiliations(st: State) -> None:
    """An organisation named only in a person's role ("an analyst at the Asan Institute")
    is part of that role, not an actor of the article."""
    orgs = [m for m in st.mentions if m.kind == "org"]
    outside = {m.key for m in orgs if not all(i in st.role_tokens for i in range(m.start, m.end))}
    dropped = {id(m) for m in orgs if m.key not in outside}
    if not dropped:
        return
    st.mentions = [m for m in st.mentions if id(m) not in dropped]
    for i, m in enumerate(st.taken):
        if m is not None and id(m) in dropped:
            st.taken[i] = None


def gender_evidence(st: State, persons: list[Mention], people: dict[str, ActorInfo]) -> None:
    """Gender of each person from the text: honorific, gendered role word, given name."""
    g = gz.gender()
    for m in persons:
        if not m.actor or m.actor in st.gender:
            continue
        first = st.doc[m.start].lower_.rstrip(".")
        found = None
        for sex in ("m", "f"):
            if first in g["honorifics"][sex]:
                found = sex
        if found is None:
            info = people.get(m.actor)
            words = set()
            for r in (info.roles if info else []):
                words.update(w.lower() for w in r.split())
            for sex in ("m", "f"):
                if words & g["roles"][sex]:
                    found = sex
            if found is None and info is not None:
                given = info.name.split()[0].lower() if info.name.split() else ""
                if given in g["names"]["m"] and given not in g["names"]["f"]:
                    found = "m"
                elif given in g["names"]["f"] and given not in g["names"]["m"]:
                    found = "f"
        if found:
            st.gender[m.actor] = found


def surnames_tagged_as_places(st: State) -> None:
    """A one-word ORG/GPE that is the surname of a person named in full ("Trump" tagged ORG)."""
    keys = set()
    for m in st.mentions:
        if m.kind == "person":
            words = name_words(m.name)
            if len(words) >= 2:
                keys.update(surname_keys(words))
    for start, end in st.maybe_names:
        word = st.doc[start].text
        if gz.norm(word) not in keys:
            continue
        old = st.taken[start]
        if old is not None:
            if old.kind != "org" or old.start != start or old.end != end:
                continue
            st.mentions = [x for x in st.mentions if x is not old]
            st.taken[start] = None
        st.add(Mention(start, end, "person", word, head=start, name=word))


def name_words(name: str) -> list[str]:
    words = [w.strip(".,") for w in name.replace("\u2019s", "").replace("'s", "").split()]
    return [w for w in words if w and w.lower().rstrip(".") not in {h.lower().rstrip(".") for h in gz.special()["honorifics"]}]


def surname_keys(words: list[str]) -> list[str]:
    """The tokens a later short reference may use: the last word, and the first when it is a
    surname-first (Korean, Chinese, Vietnamese) family name."""
    keys = {gz.norm(words[-1])}  # ASCII-folded: "Erdoğan" ... "Erdogan"
    first = gz.norm(words[0])
    if first in set(gz.special()["surname_first"]):
        keys.add(first)
    # "Nam Sung-wook": a hyphenated given name after a one-syllable first word marks surname-first
    if len(words) == 2 and "-" in words[1]:
        keys.add(first)
    return sorted(keys)
