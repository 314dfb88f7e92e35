"""The boundaries of names, before their kind is decided (pass 1, :mod:`.named`): spaCy's
entities repaired with the dictionary and the parse."""

from __future__ import annotations

from . import gazetteer as gz
from .state import NON_ACTOR_ENTS, State


def role_kind(word: str) -> str:
    role = gz.role_index().get(word) or gz.role_index().get(gz.singular(word))
    return role.kind if role is not None else ""


def name_spans(st: State) -> list[tuple[int, int, str]]:
    """spaCy's entities with their boundaries repaired: a longer name of the dictionary wins
    ("Islamic State of Iraq" + "Levant"); a person split in two is one ("Zine El Abidine" + "Ben
    Ali"); a body runs on over "of/for (the) X" ("Ministry of Internal Affairs of Belarus",
    "District Court for the Northern District of California"); an untagged run of capitalised
    words starting with a known given name is a person ("Adam Schiff")."""
    doc = st.doc
    spans = [[e.start, e.end, e.label_] for e in doc.ents]
    spans = _dictionary_names(st, spans)
    merged: list[list] = []
    for sp in spans:
        prev = merged[-1] if merged else None
        if prev and prev[2] == "PERSON" == sp[2] and prev[1] == sp[0]:
            prev[1] = sp[1]
            continue
        merged.append(sp)
    for sp in merged:
        if sp[2] == "ORG":
            sp[1] = _body_runs_on(st, sp[0], sp[1], merged)
    out = _absorb(merged)
    out += _untagged_names(st, out)
    trimmed = []
    for a, b, c in out:
        while b > a and (doc[b - 1].is_space or doc[b - 1].text in ("-", "\u2013", "\u2014")):
            b -= 1  # "the National Guard\n\n": spaCy's span ran over a paragraph break
        while a < b and doc[a].is_space:
            a += 1
        if a < b:
            trimmed.append((a, b, c))
    return sorted(trimmed)


def _dictionary_names(st: State, spans: list[list]) -> list[list]:
    """A dictionary or gazetteer name of two words or more that covers spaCy's entities and is
    longer than each replaces them, with the dictionary's kind ("Sierra" ORG + "Leonean": the
    demonym "Sierra Leonean")."""
    doc = st.doc
    kinds = {"PERSON": "PERSON", "ORG": "ORG", "IGO": "ORG", "COUNTRY": "GPE", "DEMONYM": "NORP"}
    out = list(spans)
    for start, end, label in st.names.find():
        if label not in kinds or end - start < 2:
            continue
        inside = [sp for sp in out if sp[0] < end and start < sp[1]]
        lead = start - 1 if start and doc[start - 1].lower_ == "the" else start  # spaCy's "the Islamic State ..."
        if inside and all(lead <= sp[0] and sp[1] <= end and sp[1] - sp[0] < end - lead for sp in inside) \
                and all(sp[2] not in NON_ACTOR_ENTS for sp in inside):
            out = [sp for sp in out if sp not in inside] + [[start, end, kinds[label]]]
    return sorted(out)


def _body_runs_on(st: State, start: int, end: int, spans: list[list]) -> int:
    """The end of a body's name that runs on over "of/for (the) <Name>"."""
    doc = st.doc
    if role_kind(doc[end - 1].lower_) != "O" and doc[end - 1].lower_ not in st.org_words:
        return end
    j = end
    if j + 1 < len(doc) and doc[j].lower_ in ("of", "for") and doc[j].whitespace_:
        k = j + 1 + (doc[j + 1].lower_ == "the")
        run = k
        while run < len(doc) and doc[run].ent_type_ not in NON_ACTOR_ENTS and (doc[run].text[:1].isupper() or (doc[run].lower_ in ("of", "and", "the")
                                                                   and run + 1 < len(doc)
                                                                   and doc[run + 1].text[:1].isupper())):
            run += 1
        if run > k and doc[run - 1].text[:1].isupper() and run - j <= 10:
            return run
    return end


def _absorb(spans: list[list]) -> list[list]:
    """Drop spans inside a longer one (after a body ran on over them)."""
    out = []
    for sp in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if out and sp[0] >= out[-1][0] and sp[1] <= out[-1][1]:
            continue
        out.append(sp)
    return out


def _untagged_names(st: State, spans: list[list]) -> list[list]:
    doc = st.doc
    covered = [False] * len(doc)
    for a, b, _ in spans:
        for i in range(a, b):
            covered[i] = True
    given = gz.gender()["names"]["m"] | gz.gender()["names"]["f"]
    titles = set(st.special["name_titles"]) | st.honorifics
    out = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        titled = tok.lower_.rstrip(".") in titles and i + 1 < len(doc) and not covered[i + 1] \
            and doc[i + 1].pos_ == "PROPN" and doc[i + 1].text[:1].isupper()
        if covered[i] or not tok.text[:1].isupper() or not (titled or (tok.pos_ == "PROPN" and tok.lower_ in given)):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and not covered[j] and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and j - i < 4:
            j += 1
        if j - i >= 2 and st.name_like(doc[i:j]):
            out.append([i, j, "PERSON"])
        i = j
    return out


def named_things(st: State, found) -> set[str]:
    """Names the text describes as a building or a thing by an apposition or a copula ("Hagia
    Sophia, formerly a Greek Orthodox church"; "X is a museum"): word list ``thing_nouns``."""
    doc, nouns = st.doc, set(st.special.get("thing_nouns", []))
    out = set()
    for start, end, label in found:
        if label != "PERSON":
            continue
        root = doc[start:end].root
        described = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ == "be":
            described += [c for c in root.head.children if c.dep_ == "attr"]
        if any(gz.singular(c.lower_) in nouns and not c.ent_type_ for c in described):
            out.add(gz.norm(doc[start:st.strip_possessive(start, end, doc)].text))
    return out
