"""The state the passes share while resolving one article: the mentions found so far, which
tokens they cover, the places, and the small word-classes of ``data/special.yaml``.

A pass adds mentions with :meth:`State.add` and checks :meth:`State.free` before claiming
tokens, so a token belongs to at most one named mention (pronouns excepted).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc, Span as SpacySpan, Token

from ..contract import column

from . import furniture, lookup
from . import gazetteer as gz

SKIP_PARTS = {"credit", "byline", "agency"}
NON_ACTOR_ENTS = {"DATE", "TIME", "EVENT", "LAW", "WORK_OF_ART", "MONEY", "PERCENT", "QUANTITY", "CARDINAL",
                  "ORDINAL", "PRODUCT", "LANGUAGE"}
LOCATIVE = {"in", "at", "to", "into", "near", "from", "inside", "outside", "across", "around", "toward",
            "towards", "via", "through", "throughout", "within", "on", "onto", "over", "off", "of"}
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "iobj", "pobj", "agent", "conj", "appos", "attr", "dative"}


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
    slot: Optional[str] = None  # CAMEO slot of an IGO (UNO for the UN family, IGO otherwise)
    org_kind: str = "org"  # of an org mention: org | company | group | ngo
    actor: Optional[str] = None  # final actor id
    of_body: bool = False  # a role of a body named with it ("president of the Riigikogu"), not the country's office


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


_FINITE = ("VBD", "VBZ", "VBP", "MD")


def fragment_root(tok: Token) -> bool:
    """The head of a verbless line ("Kenyan police", "A Belarusian protester", a caption): what it
    names is what the line is about. A line is verbless when no verb in it is finite and it has
    no subject."""
    if tok.dep_ != "ROOT":
        return False
    return fragment_line(tok)


def fragment_line(tok: Token) -> bool:
    sent = tok.sent
    return not any(t.tag_ in _FINITE or t.dep_ in ("nsubj", "nsubjpass") for t in sent) and len(sent) <= 12


_SMALL = {"of", "the", "and", "for", "in", "on", "at", "to", "de", "del"}
# country names said with "the": "of the United States", "of the Philippines" (not "of the Belarus")
_THE_COUNTRY = re.compile(r"\b(?:Republic|Kingdom|Federation|Union)\b|\s\w+s$|^(?:Netherlands|Philippines|Bahamas|"
                          r"Maldives|Gambia|Comoros|Seychelles)$")


class State:
    """One article being resolved."""

    def __init__(self, doc: Doc):
        self.doc = doc
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
        self.particles = set(self.special["name_particles"])
        self.company_suffixes = set(self.special["company_suffixes"])
        self.company_followers = set(self.special["company_followers"])
        self.place_nouns = set(self.special["place_nouns"])
        self.place_kinds = set(self.special.get("place_kinds", []))
        self.published = getattr(doc._, "cg_published", None)
        self.own_names = furniture.own_names(getattr(doc._, "cg_site", None))
        self.person_country: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        self.role_tokens: set[int] = set()  # tokens of persons' role phrases ("analyst at X")  # actor id -> "m" / "f" where the text shows it
        self.maybe_names: list[tuple[int, int]] = []  # one-word ORG/GPE that may be a surname
        self.people: dict[str, ActorInfo] = {}  # person actor id -> facts, once pass 4 has run
        self.pronoun_at: list[Optional[str]] = [None] * len(doc)  # token -> actor id of a pronoun there
        self.owners: list[tuple[Mention, Mention]] = []  # (holder of a role, whose role it is)
        self.national_bodies = set(self.special["national_bodies"])
        self.generic_modifiers = set(self.special["generic_modifiers"])
        self.report_nouns = set(self.special["report_nouns"])
        self.head_titles = set(self.special["head_titles"])
        self.country_nouns = set(self.special["country_nouns"]) | {"state", "states"}
        self.generic: list[tuple[int, int]] = []  # bodies named by common nouns, resolved after pass 1
        self.story_country: Optional[str] = None  # the country the article is about, once pass 1 has run

    def proper_name(self, start: int, end: int, iso: Optional[str]) -> str:
        """A description named as a name, from its tokens: "the government" of Syria -> "Government
        of Syria", "its embassy" of Israel -> "Embassy of Israel"; a description that names its
        country or a place already keeps its words ("Syrian Government", "the United States
        government" -> "United States Government")."""
        doc = self.doc
        while start < end - 1 and (doc[start].dep_ == "det" or doc[start].tag_ == "PRP$"):
            start += 1
        owner = self.taken[start]
        if owner is not None and owner.kind == "country" and owner.end < end - 1 and (
                doc[owner.end].tag_ == "POS" or doc[owner.end].lower_ in ("'s", "\u2019s")) and \
                doc[owner.end - 1].is_lower:
            start = owner.end + 1  # "the country's election commission": Election Commission of Thailand
        toks = [t.text for t in doc[start:end]]
        out = [(t.text if (t.text[:1].isupper() or t.i > start and t.lower_ in _SMALL or t.tag_ == "POS")
                else t.text[:1].upper() + t.text[1:]) + t.whitespace_ for t in doc[start:end]]
        name = "".join(out).strip()
        named_place = any((m := self.taken[j]) is not None and m.kind == "country" or self.place_at[j]
                          for j in range(start, end))
        if not iso or iso not in gz.countries() or named_place or any(
                gz.lookup_country(t) for t in toks):
            return name
        country = gz.country_name(iso)
        the = "the " if _THE_COUNTRY.search(country) else ""
        return f"{name} of {the}{country}"

    def find_story_country(self) -> Optional[str]:
        """The one country the article names, or the one most of its country mentions name (at
        least two of them and half of all), or None: "the government", "police" without a country are that country's."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            if m.kind == "country" and m.iso3:
                counts[m.iso3] = counts.get(m.iso3, 0) + 1
        if not counts:
            return None
        iso, top = max(counts.items(), key=lambda kv: kv[1])
        if len(counts) == 1:
            return iso  # the one country the article names
        total = sum(counts.values())
        return iso if top >= 2 and top * 2 >= total and list(counts.values()).count(top) == 1 else None

    def _skip_mask(self) -> list[bool]:
        doc = self.doc
        mask = [False] * len(doc)
        parts = getattr(doc._, "cg_parts", None) or []
        for p in parts:
            kind = getattr(p, "kind", None)
            if kind in SKIP_PARTS:
                span = doc.char_span(p.start, p.end, alignment_mode="expand")
                if span is not None:
                    for i in range(span.start, span.end):
                        mask[i] = True
        return mask

    @functools.cached_property
    def names(self) -> "lookup.Finder":
        """The gazetteer's and the dictionary's names in the doc (:func:`.lookup.find`), looked up once."""
        return lookup.Finder(self.doc)

    @property
    def lowers(self) -> list[str]:
        """Every token's ``lower_`` (:func:`~cablegram.contract.column`, read once per Doc): the passes compare
        word sequences at every token. Read only."""
        return column(self.doc, "lower")

    @property
    def pos(self) -> list[str]:
        """Every token's ``pos_``, read once (see :attr:`lowers`)."""
        return column(self.doc, "pos")

    @property
    def texts(self) -> list[str]:
        """Every token's ``text``, read once (see :attr:`lowers`)."""
        return column(self.doc, "text")

    @functools.cached_property
    def lines(self) -> tuple[list[bool], list[int]]:
        """Per token: whether its sentence is a verbless line (:func:`fragment_line`), and the index of
        the sentence's last token that is no punctuation or space (-1 if none); one pass over the
        sentences instead of one per token."""
        doc = self.doc
        tags, deps = column(doc, "tag"), column(doc, "dep")
        blank = [p or s for p, s in doc.to_array([IS_PUNCT, IS_SPACE]).tolist()]
        verbless, last = [False] * len(doc), [-1] * len(doc)
        for sent in doc.sents:
            line = len(sent) <= 12
            end = -1
            for i in range(sent.start, sent.end):
                if tags[i] in _FINITE or deps[i] in ("nsubj", "nsubjpass"):
                    line = False
                if not blank[i]:
                    end = i
            for i in range(sent.start, sent.end):
                verbless[i], last[i] = line, end
        return verbless, last

    def free(self, start: int, end: int) -> bool:
        return all(self.taken[i] is None for i in range(start, end)) and not any(self.skip[start:end])

    def place(self, start: int, end: int, iso: str) -> None:
        self.places.append((start, end, iso))
        for i in range(start, end):
            self.place_at[i] = iso

    def add(self, m: Mention) -> Mention:
        self.mentions.append(m)
        if m.kind != "pronoun":
            for i in range(m.start, m.end):
                if self.taken[i] is None:
                    self.taken[i] = m
        return m

    @staticmethod
    def strip_possessive(start: int, end: int, doc: Doc) -> int:
        while end > start + 1 and doc[end - 1].tag_ == "POS" or (end > start + 1 and doc[end - 1].lower_ in ("'s", "\u2019s", "'", "\u2019")):
            end -= 1
        return end

    def role_head(self, tok: Token) -> bool:
        r = gz.role_index().get(gz.singular(tok.lower_))
        return bool(r and r.kind == "P")

    def determiner(self, tok: Token) -> Optional[Token]:
        for c in tok.children:
            if c.dep_ == "det" and c.i < tok.i:
                return c
        return None

    def sentence_index(self) -> list[int]:
        doc = self.doc
        out = [0] * len(doc)
        if not doc.has_annotation("SENT_START"):
            return out
        for si, s in enumerate(doc.sents):
            for i in range(s.start, s.end):
                out[i] = si
        return out

    def name_like(self, span: SpacySpan) -> bool:
        toks = [t for t in span if t.text not in ("-", "\u2010")]
        # particles do not count: "Nawaf Al-Ahmad Al-Jaber Al-Sabah" is four names long
        if not toks or len([t for t in toks if t.lower_ not in self.particles]) > 5:
            return False
        for t in toks:
            after_hyphen = t.i > span.start and span.doc[t.i - 1].text in ("-", "\u2010")
            particle = t.lower_ in self.particles and t is not toks[-1]
            if not ((t.text[:1].isupper() or after_hyphen or particle)
                    and t.text.replace("-", "").replace(".", "").replace("'", "").isalpha()):
                return False
            if t.lower_ in self.org_words:
                return False
            if t.text.isupper() and len(t.text) > 1 and not t.text.endswith(".") \
                    and not (t is toks[-1] and len(toks) > 1 and set(t.text) <= set("IVX")):
                return False  # acronyms ("ICBMs", "NATO") are not personal names; "Elizabeth II" is
        if len(toks) == 1 and toks[0].text.endswith("s") and toks[0].text[:-1].isupper():
            return False
        return True
