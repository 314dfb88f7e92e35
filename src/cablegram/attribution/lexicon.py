"""The attribution stage's words, read once per language from ``lang/<lang>/``.

``cues.yaml`` holds the cue verbs, nouns and prepositions; ``sources.yaml`` the
head nouns that make a phrase a source and its kind (their shapes: :mod:`.lang`).
Code never lists words.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from spacy.tokens import Token

from .. import lang as language
from .lang import Cues, Sources


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
    breaking_particles: frozenset = frozenset()
    author_preps: frozenset = frozenset()
    issue_verbs: frozenset = frozenset()
    circumstance_deps: frozenset = frozenset()
    quote_joins: frozenset = frozenset()
    stance_copulas: frozenset = frozenset()
    intention: frozenset = frozenset()
    describing_deps: frozenset = frozenset()
    clause_only: frozenset = frozenset()

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

    def describes(self, tok: Token) -> bool:
        """A participle modifying a noun with an agent ("resolutions, supported by Russia"): it describes the
        noun, no one is reported."""
        return tok.dep_ in self.describing_deps and any(c.dep_ == "agent" for c in tok.children)

    def wants(self, tok: Token) -> bool:
        """A cue of wish or intention that is no speech verb ("seeks to", "wants"): what its subject wants."""
        lemma = tok.lemma_.lower()
        return lemma in self.intention and lemma not in self.speech

    def needs_clause(self, tok: Token) -> bool:
        """A verb that reports only through its own clause: a cognition verb that is no speech verb, or one
        of ``clause_only`` ("spoke"); never a parenthetical or trailing cue."""
        lemma = tok.lemma_.lower()
        return lemma in self.clause_only or (lemma in self.cognition and lemma not in self.speech)


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


def lexicon() -> Lexicon:
    """The words of the active language (the component's, :func:`cablegram.lang.using`)."""
    return _lexicon(language.active())


@functools.cache
def _lexicon(lang: str) -> Lexicon:
    cues = language.load(__package__, "cues", Cues, lang)
    sources = language.load(__package__, "sources", Sources, lang)
    heads: dict[str, str] = {}
    for kind in ("organization", "document", "group", "anonymous"):  # later kinds win on overlap
        for lemma in getattr(sources, kind):
            heads[lemma.lower()] = kind
    return Lexicon(
        speech=frozenset(cues.speech),
        cognition=frozenset(cues.cognition),
        passive_ok=frozenset(cues.passive_ok),
        phrasal={k: set(v) for k, v in cues.phrasal.items()},
        not_sources=frozenset(cues.not_sources),
        source_heads=heads,
        object_cues=frozenset(cues.object_cues),
        object_preps={k: set(v) for k, v in cues.object_preps.items()},
        labels=frozenset(norm(x) for x in cues.not_speaker_labels),
        addressee=frozenset(cues.addressee_verbs),
        noun_cues={k: set(v) for k, v in cues.noun_cues.items()},
        person_roles=frozenset(sources.person_roles),
        regard_verbs=frozenset(cues.regard_verbs),
        breaking_particles=frozenset(cues.breaking_particles),
        author_preps=frozenset(cues.author_preps),
        issue_verbs=frozenset(cues.issue_verbs),
        circumstance_deps=frozenset(cues.circumstance_deps),
        quote_joins=frozenset(cues.quote_joins),
        stance_copulas=frozenset(cues.stance_copulas),
        intention=frozenset(cues.intention),
        describing_deps=frozenset(cues.describing_deps),
        clause_only=frozenset(cues.clause_only),
        headline_forms=frozenset(_present_forms(set(cues.speech) | set(cues.cognition) | set(cues.object_cues))
                                 | set(cues.headline_extra)),
    )
