"""The attribution stage's English words, read once from ``data/``.

``cues.yaml`` holds the cue verbs, nouns and prepositions; ``sources.yaml`` the
head nouns that make a phrase a source and its kind. Code never lists words.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from spacy.tokens import Token

DATA = Path(__file__).with_name("data")


def norm(text: str) -> str:
    """Lower case, one space, straight apostrophes: how line labels are compared."""
    return " ".join(text.replace("’", "'").lower().split())


@dataclass(frozen=True)
class Lexicon:
    speech: frozenset
    cognition: frozenset
    passive_ok: frozenset
    phrasal: dict
    not_sources: frozenset
    source_heads: dict  # lemma -> source kind
    object_cues: frozenset = frozenset()
    object_preps: dict = field(default_factory=dict)
    labels: frozenset = frozenset()
    addressee: frozenset = frozenset()
    headline_forms: frozenset = frozenset()
    noun_cues: dict = field(default_factory=dict)
    person_roles: frozenset = frozenset()
    regard_verbs: frozenset = frozenset()
    frame_preps: frozenset = frozenset()
    breaking_particles: frozenset = frozenset()
    author_preps: frozenset = frozenset()
    issue_verbs: frozenset = frozenset()
    circumstance_deps: frozenset = frozenset()
    quote_joins: frozenset = frozenset()
    stance_copulas: frozenset = frozenset()
    intention: frozenset = frozenset()

    def is_cue(self, tok: Token) -> bool:
        """A reporting verb: in a cue list, or a verb + particle from the phrasal list."""
        if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
            return False
        lemma = tok.lemma_.lower()
        if lemma in self.speech or lemma in self.cognition:
            # "show up", "give off": a particle makes another verb of it
            return not any(c.dep_ == "prt" and c.lower_ in self.breaking_particles for c in tok.children)
        parts = self.phrasal.get(lemma)
        return bool(parts) and any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ in parts for c in tok.children)


def _present_forms(lemmas) -> set[str]:
    """Third-person present forms, as headlines use them: says, slams, endorses, denies."""
    out = set()
    for lemma in lemmas:
        lemma = str(lemma).lower()
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            out.add(lemma[:-1] + "ies")
        elif lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
            out.add(lemma + "es")
        else:
            out.add(lemma + "s")
    return out


@functools.cache
def lexicon() -> Lexicon:
    cues = yaml.safe_load((DATA / "cues.yaml").read_text(encoding="utf-8"))
    sources = yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))
    heads: dict[str, str] = {}
    for kind in ("organization", "document", "group", "anonymous"):  # later kinds win on overlap
        for lemma in sources.get(kind, []):
            heads[str(lemma).lower()] = kind
    return Lexicon(
        speech=frozenset(map(str, cues["speech"])),
        cognition=frozenset(map(str, cues["cognition"])),
        passive_ok=frozenset(map(str, cues["passive_ok"])),
        phrasal={k: set(v) for k, v in (cues.get("phrasal") or {}).items()},
        not_sources=frozenset(cues.get("not_sources", [])),
        source_heads=heads,
        object_cues=frozenset(map(str, cues.get("object_cues", []))),
        object_preps={k: set(v) for k, v in (cues.get("object_preps") or {}).items()},
        labels=frozenset(norm(x) for x in cues.get("not_speaker_labels", [])),
        addressee=frozenset(cues.get("addressee_verbs", [])),
        noun_cues={k: set(v or []) for k, v in (cues.get("noun_cues") or {}).items()},
        person_roles=frozenset(map(str, sources.get("person_roles", []))),
        regard_verbs=frozenset(cues.get("regard_verbs", [])),
        frame_preps=frozenset(cues.get("frame_preps", [])),
        breaking_particles=frozenset(cues.get("breaking_particles", [])),
        author_preps=frozenset(cues.get("author_preps", [])),
        issue_verbs=frozenset(cues.get("issue_verbs", [])),
        circumstance_deps=frozenset(cues.get("circumstance_deps", [])),
        quote_joins=frozenset(cues.get("quote_joins", [])),
        stance_copulas=frozenset(cues.get("stance_copulas", [])),
        intention=frozenset(cues.get("intention", [])),
        headline_forms=frozenset(_present_forms(
            set(cues["speech"]) | set(cues["cognition"]) | set(cues.get("object_cues", [])))
            | set(cues.get("headline_extra", []))),
    )
