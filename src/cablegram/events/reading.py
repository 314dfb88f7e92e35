"""The events of a Doc: candidate events (``triggers.find``) read into :class:`schema.Event`.

Every event keeps its modality (``modality``), claimant (the attribution stage's speaker, else a
reporting verb's subject or an "according to"), what, place, date (the time stage's) and the
evidence of its clause.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Token

from ..ids import span_id
from ..schema import Event
from . import classify, criticism, lexicon, roles
from .excluded import attributive, in_own_clause, in_prevented, may_do, object_named, oblique, undergoes, where, why
from .fields import attribution_covering, cameo, claimant_of, event_date, evidence, span
from .modality import intends, modality
from .parse import child, is_question
from .parties import FIRST_PERSON, first_person, subjects
from .triggers import Found, enabling, entry_for, silent, speaking, find, retype_word, targets_and_what, word_start

NEEDS_COUNTERPART = {"REQUEST", "REJECT", "AGREE", "AID"}
# ``doc.user_data`` key: ids of the events that are their sentence's main event (what an event coder
# codes the sentence as); ``coding`` reads it to give one record per sentence
MAIN_EVENTS = "cg_main_events"


def _counterparts(found: list["Reading"]) -> Counter:
    """Who the document pairs each actor with (for "in return, X will want food")."""
    pairs: Counter = Counter()
    for r in found:
        for s in r.source:
            for t in r.target:
                if s != t:
                    pairs[(s, t)] += 1
                    pairs[(t, s)] += 1
    return pairs


@dataclass
class Reading:
    """One candidate event as it is being read: the rule finding, then type, parties, modality."""

    found: Found
    type: str
    mode: Optional[str]
    modality: str
    tense: Optional[str]
    consumed: bool
    rep: Optional[Token]
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    reciprocal: bool = False
    main: bool = False
    main_clause: bool = False  # the trigger is on the sentence's main clause
    p_source: float = 0.0      # the role model's probability of the source it chose (0: the rules' choice)
    p_target: float = 0.0      # and of the target


def _type_and_mode(f: Found, mod: str, tense: Optional[str], consumed: bool) -> tuple[str, Optional[str]]:
    """The type after negation ("did not accept": REJECT) and announcements (PLOVER codes announced
    future cooperation as AGREE and announced future conflict as THREATEN), and its mode."""
    etype = f.entry.get("neg") if consumed else f.type
    if not consumed and (tense == "future" or intends(f.trigger, f.clause)) and mod in ("asserted", "reported", "expected"):
        flipped = lexicon.future_type(etype)
        if flipped != etype:
            return flipped, f.type.lower()
    return etype, (f.entry.get("mode") if not consumed else None)


def _initial(f: Found) -> Reading:
    mod, tense, consumed, rep = modality(f.trigger, f.clause, f.entry)
    etype, mode = _type_and_mode(f, mod, tense, consumed)
    return Reading(f, etype, mode, mod, tense, consumed, rep, list(f.source), [t for t in f.target if t not in f.source])


def main_reading(sent, readings: list[Reading]) -> Optional[Reading]:
    """The sentence's main event, as an event coder codes the sentence: the one on the main clause
    (the root verb, the clause a speech verb reports, their complements), else the first with the
    most parties."""
    if not readings:
        return None
    at = {}
    for r in readings:
        at.setdefault(r.found.trigger.i, r)
        at.setdefault(r.found.clause.i, r)
    for tok in main_clause(sent):
        if tok.i in at:
            at[tok.i].main_clause = True
            return at[tok.i]
    return max(readings, key=lambda r: (bool(r.source) + bool(r.target), -r.found.trigger.i))


def main_clause(sent) -> list[Token]:
    """The main clause's verbs, outermost first: the root verb ("demanded that…", "agreed to…"),
    the clause a speech verb reports ("X said Y attacked Z"), their complements and conjuncts."""
    order = [sent.root, roles.main_verb(sent)]
    for tok in list(order):
        order += [c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "conj") and c.pos_ in ("VERB", "AUX")]
    return list(dict.fromkeys(order))


def main_types(sent, readings: list[Reading]) -> list[str]:
    """Event types of the sentence's main clause, outermost first: the candidate event on it, else
    the trigger lexicon's entry (its negated type under "not"), a light verb ("staged rallies")
    taking its object's."""
    at = {r.found.trigger.i: r.type for r in readings}
    out = []
    for tok in main_clause(sent):
        t = at.get(tok.i) or _lexicon_type(tok)
        if t is not None:
            out.append(t)
    return out


def _lexicon_type(tok: Token) -> Optional[str]:
    hit = entry_for(tok)
    if hit is None:
        return None
    entry = hit[1]
    if tok.lemma_.lower() in lexicon.triggers()["light"]:
        d = child(tok, "dobj")
        inner = entry_for(d) if d is not None else None
        if inner is not None and not entry.get("wish"):
            entry = inner[1]
    if entry.get("neg") and any(c.dep_ == "neg" for c in tok.children):
        return entry["neg"]
    return entry["type"]


# --------------------------------------------------------------------------- the sentence's reading

@dataclass
class Sentence:
    sent: object
    readings: list[Reading]
    cands: list
    main: Optional[Reading]

    def classify(self) -> bool:
        """Whether the sentence classifier is asked: a main event and a party to read it with, where
        its answer can change the reading — an unlisted main verb with two parties named (``UNLISTED_PARTIES``),
        an asserted or reported main event, or a negated one of cooperation (a modal one keeps its trigger's
        type, see :func:`_type_sentences`)."""
        if self.main is None or not self.cands:
            return False
        if self.main.found.entry.get("unlisted"):
            return len(self.cands) >= UNLISTED_PARTIES
        return self.main.modality in RETYPED or refused(self.main)


def refused(r: "Reading") -> bool:
    """A negated event of cooperation ("will not lift the ban", "refused to respond to a request", "failed to
    reach agreement"): one the sentence classifier may read as a rejection."""
    return r.modality == "negated" and (lexicon.quad_class(r.type) or "").endswith("-cooperation")


def candidates(doc: Doc) -> list[Reading]:
    """Every candidate event of the document, with its modality and first type (no model yet)."""
    actors = doc._.cg_actors or {}
    if not actors:
        return []
    doc.user_data[FIRST_PERSON] = first_person(doc, actors)
    return [_initial(f) for f in find(doc, actors)]


def sentence(span, readings: list[Reading], cands: Optional[list] = None) -> Sentence:
    """A span read as one sentence (a sentence of the Doc, or a whole gold record)."""
    rs = [r for r in readings if span.start <= r.found.trigger.i < span.end]
    cands = roles.candidates(span) if cands is None else cands
    return Sentence(span, rs, cands, main_reading(span, rs))


def unlisted(sent, cands: list, actors: dict) -> Optional[Reading]:
    """A sentence whose main verb the trigger lexicon does not know ("upgraded their ties",
    "shortened the curfew"), with a party named: a candidate event for the classifier to type."""
    verb = _event_verb(roles.main_verb(sent))
    if not cands or verb is None or is_question(sent):
        return None
    targets, what = targets_and_what(verb, {}, actors, use_obj=True)
    f = Found(verb, {"unlisted": True}, "", verb, subjects(verb, actors), targets, what)
    mod, tense, _, rep = modality(verb, verb, {})
    return Reading(f, "", None, mod, tense, False, rep, list(f.source), [t for t in f.target if t not in f.source])


def _event_verb(verb: Token) -> Optional[Token]:
    """The verb an event would hang on: the main verb, or the complement of a verb that reports no
    event of its own ("is ready to contribute", "has been trying to secure")."""
    for _ in range(3):
        if verb.pos_ == "VERB" and verb.lemma_.lower() not in _NOT_EVENTS() and not enabling(verb):
            return None if silent(verb) or speaking(verb) else verb
        nxt = child(verb, "xcomp", "ccomp")
        if nxt is None:
            adj = child(verb, "acomp", "attr")
            nxt = child(adj, "xcomp") if adj is not None else None
        if nxt is None:
            return None
        verb = nxt
    return None


def _NOT_EVENTS() -> frozenset:
    cues = lexicon.modality_cues()
    return cues["reporting"] | cues.get("not_events", frozenset())


def _sentences(doc: Doc, readings: list[Reading], unlisted_ok: bool) -> list[Sentence]:
    """The sentences with a candidate event or a party; where the main clause holds no trigger of
    the lexicon, its verb is a candidate too (``unlisted``), for the classifier to type."""
    actors = doc._.cg_actors or {}
    by_sent: dict[int, list[Reading]] = {}
    for r in readings:
        by_sent.setdefault(r.found.trigger.sent.start, []).append(r)
    cands = roles.candidates_by_sentence(doc)
    out = []
    for sent in doc.sents:
        rs = by_sent.get(sent.start, [])
        main = main_reading(sent, rs)
        if unlisted_ok and (main is None or not main.main_clause):
            extra = unlisted(sent, cands.get(sent.start, []), actors)
            if extra is not None:
                rs = rs + [extra]
                readings.append(extra)
                main = extra
        if rs:
            out.append(Sentence(sent, rs, cands.get(sent.start, []), main))
    return out


def asked(sents: list[Sentence]) -> list[Sentence]:
    """The sentences the sentence classifier is asked to type (:meth:`Sentence.classify`), in order."""
    return [s for s in sents if s.classify()]


def questions(chosen: list[Sentence]) -> tuple[list[str], list[str]]:
    """Their texts, and each one's label that leaves its reading as found (``classify.scores``' ``keep``)."""
    return [s.sent.text for s in chosen], [s.main.type or classify.NONE for s in chosen]  # NONE: an unlisted verb


RETYPED = ("asserted", "reported")  # modalities whose main event the classifier may retype
# parties an unlisted main verb's sentence needs to be asked about (with one: no event in 298 such BBC sentences)
UNLISTED_PARTIES = 2


def _type_sentences(sents: list[Sentence], weights: Optional[dict], scored=None) -> None:
    """The main event of each sentence takes the sentence's type: the classifier's probabilities
    (one call for the document) with the parse's votes and the main clause's type
    (:func:`classify.combine`). Where another candidate event of the sentence already has that
    type, it is the main event.

    * An unlisted main verb (:func:`unlisted`) becomes an event of the type chosen where that is a
      type (not :data:`classify.NONE`) whose probability, the classifier's, is at least
      ``classify.UNLISTED_MIN``; else it makes no event and the sentence's main event is the first typed
      reading's (:func:`main_reading`).
    * A main event of the trigger lexicon, asserted or reported, takes the type chosen where the
      classifier gives that type the probability :func:`classify.retypes` asks; where the choice is
      :data:`classify.NONE` ("no event" outweighs every type with the parse's votes) the trigger
      keeps its own type: the classifier gives no retype, and the lexicon's event stands.
    * A negated main event of cooperation (:func:`refused`) becomes an asserted REJECT where the
      type chosen is REJECT ("will not lift the ban"); any other negated or modal main event keeps
      its trigger's type ("did not attack" is no REJECT).
    * A reported main event is never typed REQUEST by the classifier: "X said that Y must leave" is a
      demand only as the parse's demand rule reads it (of a party other than the speaker's own country).

    ``scored``: the classifier's (labels, probabilities) of the asked sentences (:func:`asked`),
    where the caller asked them already (with other Docs' sentences: a sentence's probabilities do
    not depend on what it is asked with)."""
    chosen, probs = asked(sents), {}
    if chosen:
        texts, keep = questions(chosen)
        labels, p = scored if scored is not None else classify.scores(texts, weights, keep)
        probs = {id(s): {lab: float(v) for lab, v in zip(labels, row)} for s, row in zip(chosen, p)}
    for s in sents:
        if s.main is None:
            continue
        p = probs.get(id(s))
        ordered = sorted(s.readings, key=lambda r: r.found.trigger.i)
        votes = [(r.type, bool(r.source) and bool(r.target)) for r in ordered if r.type]
        etype = classify.combine(p, votes, main_types(s.sent, s.readings), s.sent.text)
        if etype == classify.NONE or (etype == "REQUEST" and s.main.rep is not None):
            etype = None
        other = next((r for r in ordered if r.type == etype and r is not s.main), None) if etype else None
        if s.main.found.entry.get("unlisted"):
            confident = etype is not None and p is not None and max(
                (v for lab, v in p.items() if lab != classify.NONE), default=0.0) >= classify.UNLISTED_MIN
            if other is None and confident:
                s.main.type = etype
            else:  # no type (NONE): no event is the sentence's own, the lexicon's events stand as found
                s.main = other or (main_reading(s.sent, [r for r in s.readings if r.type]) if etype else None)
        elif refused(s.main):
            if etype == "REJECT" and p is not None:
                s.main.type, s.main.mode, s.main.modality = etype, None, "asserted"
        elif etype and etype != s.main.type and s.main.modality in RETYPED and classify.retypes(p, etype, s.main.type, retype_word(s.main.found)):
            if other is not None:
                s.main = other
            else:
                s.main.type, s.main.mode = etype, None
        if s.main is not None:
            s.main.main = True


def anchor(r: Reading) -> roles.Anchor:
    f = r.found
    to = tuple(f.entry.get("to") or ()) + ("to", "with", "against")
    return roles.Anchor(f.trigger, f.clause, tuple(f.source), tuple(f.target), f.passive, r.main, to, r.type,
                        f.voice_passive, r.rep, _speaker_tokens(f.trigger))


def _speaker_tokens(tok: Token) -> frozenset:
    """Token indices of the speaker the attribution stage gave the clause holding ``tok``."""
    att = attribution_covering(tok, tok.doc)
    if att is None or att.speaker_span is None:
        return frozenset()
    got = tok.doc.char_span(att.speaker_span.start, att.speaker_span.end, alignment_mode="expand")
    return frozenset(t.i for t in got) if got is not None else frozenset()


def _roles(doc: Doc, s: Sentence, th: dict) -> None:
    """Source and target of every event of the sentence from the role model; the parse rules'
    parties where the model finds none."""
    if not s.cands:
        return
    anchors = [anchor(r) for r in s.readings]
    ctx = roles.context(s.sent, anchors)
    for r, a in zip(s.readings, anchors):
        if not r.type or attributive(r.found.trigger):
            continue
        doers = roles.doers(doc, s.cands, a)
        got = roles.decide(doc, s.cands, roles.probabilities(roles.features(s.sent, s.cands, ctx, a)), th, doers)
        if a.voice_passive and not got["source"] and doers:
            got = _passive_doer(doc, got, doers)
        got = dict(got, source=_holders(s.cands, got["source"]), target=_holders(s.cands, got["target"]))
        undergo = undergoes(r)
        src = [c.key for c in got["source"] if may_do(doc, c, a) and not why(doc, c, a) and c.key not in undergo]
        own = object_named(r)
        tgt = [c.key for c in got["target"] if not where(doc, c, a) and in_prevented(doc, c, a) and not why(doc, c, a)
               and in_own_clause(doc, c, a)
               and (own is None or c.head(doc).i in own or not oblique(c.head(doc), r.found.trigger))]
        prob = {c.key: p for c, p in got["scores"]}
        r.p_source = max((prob[k]["S"] + prob[k]["R"] for k in src if k in prob), default=0.0)
        r.p_target = max((prob[k]["T"] for k in tgt if k in prob), default=0.0)
        if got["compound"]:  # "X and Y agreed": one event, the first named as source
            ordered = [c.key for c in sorted(got["source"], key=lambda c: c.start)]
            src, tgt, r.reciprocal = ordered[:1], ordered[1:], True
        r.source = src or r.source
        r.target = [t for t in (tgt or r.target) if t not in r.source]


def _holders(cands: list, chosen: list) -> list:
    """A party named inside another's phrase ("Hong Kong" in "Hong Kong Chief Executive Carrie Lam",
    "Philippine" in "Philippine President Rodrigo Duterte") stands for the phrase's own actor: the
    modifier only says where the holder is from."""
    out = []
    for c in chosen:
        holder = max((d for d in cands if d.key != c.key and d.start <= c.start and c.end <= d.end
                      and d.end - d.start > c.end - c.start), key=lambda d: d.end - d.start, default=None)
        out.append(holder or c)
    return list({c.key: c for c in out}.values())


def _home_country(doc: Doc, actors: dict) -> Optional[str]:
    """The article's country: the country actor mentioned most (none where two tie)."""
    counts = Counter(m.label_ for m in doc.spans["cg_mentions"] if m.label_ in actors
                     and actors[m.label_].type == "country") if "cg_mentions" in doc.spans else Counter()
    best = counts.most_common(2)
    return best[0][0] if best and (len(best) == 1 or best[0][1] > best[1][1]) else None


def _place_victim(r: Reading, actors: dict, home: Optional[str]) -> None:
    """"ISIL claimed responsibility for all three attacks" in an article about Tunisia: an attack with a
    doer and no one named as attacked is on the article's country (where a doer from elsewhere struck)."""
    if r.type not in lexicon.triggers()["home_target_types"] or not r.source or r.target or home is None:
        return
    if home in r.source or any(roles.country_of(actors.get(s)) in (home, None) for s in r.source):
        return
    r.target = [home]


def _state_doer(r: Reading, actors: dict, home: Optional[str]) -> None:
    """"Siarhei, who was arrested in May": the doer of an agentless passive state act is the state
    of the article's country (else of the one arrested), where the article names that country."""
    f = r.found
    if not (f.passive and r.target and not r.source and r.type
            and f.trigger.lemma_.lower() in lexicon.triggers()["state_acts"]):
        return
    countries = {a.country or a.id: a.id for a in actors.values() if a.type == "country"}
    tcountry = {roles.country_of(actors.get(t)) for t in r.target} - {None}
    iso = next(iter(tcountry)) if len(tcountry) == 1 else None
    doer = home or countries.get(iso)
    if doer and doer not in r.target:
        r.source = [doer]


def _passive_doer(doc: Doc, got: dict, doers: set) -> dict:
    """"was killed in a US raid": a passive's doer is the party named in its own phrase, even where
    the role model is unsure; it is not also the target."""
    inside = [(c, p) for c, p in got["scores"] if c.head(doc).i in doers]
    if not inside:
        return got
    best = max(inside, key=lambda cp: cp[1]["S"] + cp[1]["R"])[0]
    return dict(got, source=[best], target=[c for c in got["target"] if c.key != best.key])


def _parties(r: Reading, pairs: Counter) -> bool:
    """Whether the event has parties enough to be kept (a counterpart found where the type needs one)."""
    f = r.found
    if r.type in NEEDS_COUNTERPART and not r.target and len(r.source) == 1 and not f.entry.get("unlisted"):
        partners = Counter({t: n for (s, t), n in pairs.items() if s == r.source[0]})
        best = partners.most_common(2)
        if best and (len(best) == 1 or best[0][1] > best[1][1]):
            r.target = [best[0][0]]
    if f.entry.get("needs_target") and not r.target:
        return False
    if f.entry.get("weak") and not (r.source and r.target):
        return False
    if f.reciprocal and not r.target and len(r.source) > 1:
        r.source, r.target = r.source[:1], r.source[1:]  # the parse rules' order: as named
    elif f.reciprocal and not r.source and len(r.target) > 1:
        r.source, r.target = r.target[:1], r.target[1:]  # "let's talk": each party acts on the other
    r.reciprocal = r.reciprocal or (f.reciprocal and bool(r.source and r.target))
    return bool(r.source or r.target)


def prepare(doc: Doc, type_weights: Optional[dict] = None) -> tuple[list[Reading], list[Sentence]]:
    """The candidate events of a Doc and its sentences with their main events typed (roles not yet read)."""
    readings, sents = untyped(doc)
    _type_sentences(sents, type_weights)
    return readings, sents


def untyped(doc: Doc) -> tuple[list[Reading], list[Sentence]]:
    """The candidate events of a Doc and its sentences, before the classifier types them: the first
    half of :func:`read`; ``[s.sent.text for s in asked(sents)]`` are what the classifier will be asked."""
    readings = candidates(doc)
    return readings, _sentences(doc, readings, classify.available())


def read(doc: Doc, type_weights: Optional[dict] = None) -> list[Event]:
    """The document's events: candidates found by the parse rules, each sentence's main event typed
    by the sentence classifier, every event's parties chosen by the role model."""
    actors = doc._.cg_actors or {}
    if not actors:
        return []
    return finish(doc, *untyped(doc), type_weights)


def finish(doc: Doc, readings: list[Reading], sents: list[Sentence], type_weights: Optional[dict] = None,
           scored=None) -> list[Event]:
    """The second half of :func:`read`: the sentences typed (by ``scored``, the classifier's
    (labels, probabilities) of :func:`asked`, where given), the parties read, the events made."""
    actors = doc._.cg_actors or {}
    _type_sentences(sents, type_weights, scored)
    th = roles.thresholds()
    for s in sents:
        _roles(doc, s, th)
    home = _home_country(doc, actors)
    for r in readings:
        _state_doer(r, actors, home)
        _place_victim(r, actors, home)
    for f in criticism.found(doc, actors, criticism.pairs(readings)):
        r = _initial(f)
        if r.modality != "negated":
            readings.append(r)
    pairs = _counterparts(readings)
    events: list[Event] = []
    seen: set = set()
    mains = doc.user_data.setdefault(MAIN_EVENTS, set())
    for r in sorted(readings, key=lambda r: r.found.trigger.i):
        if not r.type or not _parties(r, pairs):
            continue
        key = (r.type, tuple(sorted(r.source + r.target)) if r.reciprocal else (tuple(r.source), tuple(r.target)),
               r.found.trigger.i)
        if key in seen:
            continue
        seen.add(key)
        events.append(_event(doc, r, actors))
        if r.main:
            mains.add(events[-1].id)
    return events


def _event(doc: Doc, r: Reading, actors: dict) -> Event:
    f = r.found
    claimant, att = claimant_of(f, doc, actors, r.rep)
    mod = r.modality
    if (att is not None or r.rep is not None or claimant) and mod in ("asserted", "hypothetical"):
        mod = "reported" if mod == "asserted" else mod
    trig = span(doc, word_start(f.trigger), f.trigger.idx + len(f.trigger.text))
    return Event(
        id=span_id(doc._.cg_doc_id, "event", trig.start, trig.end, r.type, *r.source, "->", *r.target),
        type=r.type, mode=r.mode, cameo=cameo(f.entry, r.type), quad_class=lexicon.quad_class(r.type),
        source=list(r.source), target=list(r.target), reciprocal=r.reciprocal, what=f.what, modality=mod,
        tense=r.tense, claimant=claimant, attribution=att.id if att is not None else None,
        date=event_date(f, doc), place=f.place, trigger=trig, evidence=evidence(f),
    )
