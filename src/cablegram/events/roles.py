"""Who is the source and who the target of an event, as event coders code it.

The parse rules (``triggers.py``/``parties.py``) reach the participants their patterns cover;
an event coder asks one question more: which of the parties the sentence names is the actor,
which the recipient, and which are only speakers, places or bystanders. That choice is learned
here: a small logistic model scores every candidate party of a sentence for one event (its
anchor, the trigger) as source, target, reciprocal or other, over parse features — the
dependency path between the party and the trigger, the preposition governing the party, voice,
order, whether the attribution stage made it a speaker, what the parse rules said of it, its
actor type and sector. The weights (``data/role_model.json``) are trained by
``training/event_roles.py``; they are read with plain arithmetic at run time.

Candidates are the actors stage's mentions in the sentence, plus named places whose country is
an actor of the document ("shelled Juba", "an embassy in Tehran"), coded by their country.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Span as SpacySpan, Token

from .lexicon import DATA, triggers
from .parse import coord_root, verb_of
from .parties import FIRST_PERSON, token_actor, token_place

ROLES = ("S", "T", "R", "O")  # source, target, reciprocal (compound actor), other
MODEL = DATA / "role_model.json"
DEFAULT_THRESHOLDS = {"S": 0.3, "T": 0.3, "R": 0.5}


@dataclass
class Candidate:
    """One party named in a sentence: an actor mention or a place."""

    start: int  # token offsets in the Doc
    end: int
    key: str  # actor id
    country: Optional[str]
    kind: str  # actor type, or "place"
    sector: Optional[str] = None

    def head(self, doc) -> Token:
        return doc[self.start:self.end].root


@dataclass
class Anchor:
    """The event a candidate's role is asked of: its trigger and what the parse rules said."""

    trigger: Token
    clause: Token
    source: tuple = ()
    target: tuple = ()
    passive: bool = False
    main: bool = False
    to: tuple = ()  # prepositions whose object the lexicon makes the target
    type: str = ""
    voice_passive: bool = False  # the doer of a passive is in the trigger's phrase ("by X", "in a US raid")
    frame: Optional[Token] = None  # the reporting verb whose complement holds the event ("officials said")
    said_by: frozenset = frozenset()  # token indices of the speaker of the attribution holding the event


def country_of(actor) -> Optional[str]:
    """ISO3, or the IGO/NGO slot of CAMEO, of a schema Actor; None where unknown."""
    if actor is None:
        return None
    if actor.country:
        return actor.country
    code = (actor.code or "").replace(" ", "")
    return code[:3] if len(code) >= 3 and code[:3].isalpha() and code[:3].isupper() else None


def candidates(sent: SpacySpan) -> list[Candidate]:
    """The actors' mentions in a span, and places whose country is an actor of the document."""
    doc = sent.doc
    got = [m for m in _mentions(doc) if sent.start <= m[0] and m[1] <= sent.end]
    return _candidates(doc, got, _place_spans(doc, sent.start, sent.end))


def _mentions(doc) -> list[tuple[int, int, str]]:
    """The actors' mentions, and the first-person pronouns of direct quotations (their speakers)."""
    out = [(m.start, m.end, m.label_) for m in (doc.spans["cg_mentions"] if "cg_mentions" in doc.spans else [])]
    taken = {i for s, e, _ in out for i in range(s, e)}
    out += [(i, i + 1, a) for i, a in doc.user_data.get(FIRST_PERSON, {}).items() if i not in taken]
    return sorted(out)


def candidates_by_sentence(doc) -> dict[int, list[Candidate]]:
    """:func:`candidates` of every sentence, keyed by the sentence's first token (one pass over the mentions)."""
    starts = {}
    for sent in doc.sents:
        starts.update((i, sent.start) for i in range(sent.start, sent.end))
    mentions: dict[int, list] = {}
    for m in _mentions(doc):
        mentions.setdefault(starts[m[0]], []).append(m)
    places: dict[int, list] = {}
    for start, end in _place_spans(doc, 0, len(doc)):
        places.setdefault(starts[start], []).append((start, end))
    return {s: _candidates(doc, mentions.get(s, []), places.get(s, [])) for s in set(mentions) | set(places)}


def _candidates(doc, mentions: list[tuple[int, int, str]], places: list[tuple[int, int]]) -> list[Candidate]:
    actors = doc._.cg_actors or {}
    out: list[Candidate] = []
    taken: set[int] = set()
    for start, end, label in mentions:
        act = actors.get(label)
        if act is None:
            continue
        out.append(Candidate(start, end, act.id, country_of(act), act.type, act.sector))
        taken.update(range(start, end))
    for start, end in places:
        if taken.intersection(range(start, end)):
            continue
        iso = token_place(doc[start])
        if iso and iso in actors:
            out.append(Candidate(start, end, iso, iso, "place"))
    return sorted(out, key=lambda c: c.start)


def _place_spans(doc, start: int, end: int) -> list[tuple[int, int]]:
    if "cg_places" in doc.spans:
        return [(s.start, s.end) for s in doc.spans["cg_places"] if start <= s.start and s.end <= end]
    return [(e.start, e.end) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC") and start <= e.start and e.end <= end]


def _passive(verb: Optional[Token]) -> bool:
    return verb is not None and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


@functools.cache
def _trigger_lemmas() -> frozenset:
    t = triggers()
    return frozenset(t["verbs"]) | frozenset(t["nouns"])


def context(sent: SpacySpan, anchors: list[Anchor]) -> dict:
    """What every candidate's features compare against: cue tokens, speakers, the rule parties."""
    doc = sent.doc
    cues: set[int] = set()
    speakers: set[str] = set()
    speaker_toks: set[int] = set()
    content: set[int] = set()
    s0, s1 = sent.start_char, sent.end_char
    for a in doc._.cg_attributions or []:
        if a.cue is None or not (s0 <= a.cue.start < s1):
            continue
        cues.update(_tokens(doc, a.cue))
        if a.speaker:
            speakers.add(a.speaker)
        if a.speaker_span is not None:
            speaker_toks.update(_tokens(doc, a.speaker_span))
        content.update(_tokens(doc, a.content))
    ordered = sorted(anchors, key=lambda a: a.trigger.i)
    pairs = {(s, t, a.trigger.i) for a in ordered for s in a.source for t in a.target}
    return {"cues": cues, "speakers": speakers, "speaker_toks": speaker_toks, "content": content,
            "src": {x for a in ordered for x in a.source}, "tgt": {x for a in ordered for x in a.target},
            "first": ordered[0] if ordered else None, "recip": {s for s, t, k in pairs if (t, s, k) in pairs},
            "root": sent.root, "main": main_verb(sent, cues)}


def _tokens(doc, span) -> set[int]:
    got = doc.char_span(span.start, span.end, alignment_mode="expand")
    return {t.i for t in got} if got is not None else set()


def main_verb(sent: SpacySpan, cues: Optional[set] = None):
    """The verb of the sentence's main event: the root, or the clause it reports ("X said (that) Y
    did Z", "Y did Z, X said")."""
    root = sent.root
    comp = next((c for c in root.children if c.dep_ == "ccomp"), None)
    if comp is not None and ((cues is not None and root.i in cues) or comp.i < root.i
                             or (cues is None and _is_cue(root))):
        return comp
    return root


def _is_cue(tok: Token) -> bool:
    for a in tok.doc._.cg_attributions or []:
        if a.cue is not None and a.cue.start <= tok.idx < a.cue.end:
            return True
    return False


def _path(tok: Token, stop: Token, n: int = 3) -> list[Token]:
    """``tok`` and its heads up to (not past) ``stop`` or the root, at most ``n`` steps."""
    out = [tok]
    while out[-1].i != stop.i and out[-1].head.i != out[-1].i and len(out) <= n:
        out.append(out[-1].head)
    return out


def _lca(a: Token, b: Token) -> Token:
    ups = {a.i}
    cur = a
    while cur.head.i != cur.i:
        cur = cur.head
        ups.add(cur.i)
    cur = b
    while cur.i not in ups and cur.head.i != cur.i:
        cur = cur.head
    return cur


def _dep_name(tok: Token) -> str:
    return f"{tok.dep_}:{tok.lower_}" if tok.dep_ in ("prep", "agent") else tok.dep_


def anchor_features(f: dict, h: Token, c: Candidate, anchor: Anchor) -> None:
    """Where the party stands to the event's trigger: the dependency path between them, what the
    parse rules said, the preposition the lexicon reserves for the target, voice, order."""
    trig = anchor.trigger
    top = _lca(h, trig)
    up = [_dep_name(t) for t in _path(h, top)[:-1]] if h.i != top.i else []
    down = [_dep_name(t) for t in _path(trig, top)[:-1]] if trig.i != top.i else []
    f["a_up=" + ">".join(up[:3])] = 1
    f["a_down=" + ">".join(down[:2])] = 1
    f["a_updown=" + ">".join(up[:2]) + "|" + ">".join(down[:1])] = 1
    f["a_lca_trigger"] = float(top.i == trig.i)
    f["a_rule_src"] = float(c.key in anchor.source)
    f["a_rule_tgt"] = float(c.key in anchor.target)
    f["a_rule_none"] = float(not anchor.source and not anchor.target)
    f["a_before"] = float(h.i < trig.i)
    f[f"a_dist={min(abs(h.i - trig.i) // 4, 4)}"] = 1
    f[f"a_voice={'pass' if anchor.voice_passive else 'act'}|{up[0] if up else '-'}"] = 1
    f["a_agentless"] = float(anchor.passive)
    _frame_features(f, h, c, anchor)
    f[f"a_pos={trig.pos_}"] = 1
    if anchor.type:
        f[f"a_type={anchor.type}|{up[0] if up else '-'}"] = 1
    f["a_main"] = float(anchor.main)
    if h.dep_ == "pobj" and h.head.lower_ in anchor.to:
        f["a_to_prep"] = 1


def _frame_features(f: dict, h: Token, c: Candidate, anchor: Anchor) -> None:
    """The subject of a reporting verb framing the event ("U.S. officials said Russia is seeking…")
    tells of it; whether the reported clause names a doer of its own is what decides."""
    frame = anchor.frame
    if frame is None:
        return
    speaker = coord_root(h).dep_ in ("nsubj", "nsubjpass") and coord_root(h).head.i == frame.i
    clause = anchor.clause if anchor.clause.pos_ in ("VERB", "AUX") else anchor.trigger
    own = next((k for k in clause.children if k.dep_ in ("nsubj", "nsubjpass")), None)
    own_other = own is not None and own.pos_ != "PRON" and not (h.i == own.i or own.i in {t.i for t in h.subtree})
    f["a_frame_speaker"] = float(speaker)
    f[f"a_frame_speaker|own_subject={own_other}"] = float(speaker)
    f[f"a_frame|own_subject={own is not None}|{own.pos_ if own is not None else '-'}"] = 1


def features(sent: SpacySpan, cands: list[Candidate], ctx: dict, anchor: Optional[Anchor] = None) -> list[dict[str, float]]:
    """One sparse feature dict per candidate (relative to ``anchor`` where given)."""
    doc = sent.doc
    lemmas = _trigger_lemmas()
    out = []
    keys = [c.key for c in cands]
    for i, c in enumerate(cands):
        h = c.head(doc)
        f = _party_features(h, c, ctx, lemmas)
        f[f"rank={min(i, 3)}"] = 1
        f["last"] = float(i == len(cands) - 1)
        f["same_key_count"] = float(keys.count(c.key) - 1)
        first = ctx["first"]
        if first is not None:
            f["ev0_src"] = float(c.key in first.source)
            f["ev0_tgt"] = float(c.key in first.target)
        if anchor is not None:
            anchor_features(f, h, c, anchor)
        out.append(f)
    return out


def _party_features(h: Token, c: Candidate, ctx: dict, lemmas: frozenset) -> dict[str, float]:
    """The party's place in the sentence: its dependency, path, preposition, voice, speakerhood."""
    f: dict[str, float] = {"bias": 1.0, f"dep={h.dep_}": 1, f"headpos={h.head.pos_}": 1}
    f["path=" + ">".join(t.dep_ for t in _path(h, h.sent.root, 2))] = 1
    if h.dep_ == "pobj":
        f[f"prep={h.head.lower_}"] = 1
        f[f"prep={h.head.lower_}|{h.head.head.pos_}"] = 1
        f[f"prep_voice={h.head.lower_}|{_passive(h.head.head)}"] = 1
        f["agent"] = float(h.head.dep_ == "agent")  # "attacked by X": the doer of a passive
    if h.dep_ == "poss":
        f[f"poss_of={h.head.dep_}"] = 1
    if h.dep_ in ("amod", "compound", "nmod"):
        f[f"mod_of={h.head.dep_}"] = 1
    verb = verb_of(h)
    f[f"dep_voice={h.dep_}|{'pass' if _passive(verb) else 'act'}"] = 1
    top = coord_root(h)
    if top.dep_ in ("amod", "compound", "nmod", "poss") and top.head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
        f[f"modifies={top.head.dep_}|{'pass' if _passive(verb_of(top.head)) else 'act'}"] = 1
    if verb is not None:
        f["verb_is_root"] = float(verb.i == ctx["root"].i)
        f["verb_is_main"] = float(verb.i == ctx["main"].i)
        f["verb_is_cue"] = float(verb.i in ctx["cues"])
        f["verb_is_trigger"] = float(verb.lemma_.lower() in lemmas)
        f[f"dep_under_cue={h.dep_}|{verb.i in ctx['cues']}"] = 1
    else:
        f["no_verb"] = 1
    f["speaker"] = float(c.key in ctx["speakers"])
    f["speaker_span"] = float(any(t in ctx["speaker_toks"] for t in range(c.start, c.end)))
    f["in_content"] = float(h.i in ctx["content"])
    f["ev_src"] = float(c.key in ctx["src"])
    f["ev_tgt"] = float(c.key in ctx["tgt"])
    f["ev_recip"] = float(c.key in ctx["recip"])
    f["before_main"] = float(h.i < ctx["main"].i)
    f[f"kind={c.kind}"] = 1
    f[f"sector={c.sector}"] = 1
    f["has_country"] = float(c.country is not None)
    f["coord"] = float(h.dep_ == "conj" or any(k.dep_ == "conj" for k in h.children))
    f[f"coord_dep={top.dep_}"] = f["coord"]
    f[f"ent={h.ent_type_ or '-'}"] = 1
    return f


@functools.cache
def _weights() -> Optional[dict]:
    if not MODEL.exists():
        return None
    return json.loads(MODEL.read_text(encoding="utf-8"))


def available() -> bool:
    return _weights() is not None


def thresholds() -> dict[str, float]:
    return dict((_weights() or {}).get("thresholds") or DEFAULT_THRESHOLDS)


_BY_NAME: list = []  # [coef, feature name -> its weight per label (0.0 where none)] of the weights last used


def probabilities(feats: list[dict[str, float]], weights: Optional[dict] = None) -> list[dict[str, float]]:
    """P(role) per candidate from the trained weights (uniform when the model is missing)."""
    w = weights or _weights()
    if w is None:
        return [{r: 1 / len(ROLES) for r in ROLES} for _ in feats]
    labels, coef, icpt = w["labels"], w["coef"], w["intercept"]
    if not _BY_NAME or _BY_NAME[0] is not coef:
        _BY_NAME[:] = [coef, {n: tuple(c.get(n, 0.0) for c in coef) for n in dict.fromkeys(n for c in coef for n in c)}]
    by_name, zero = _BY_NAME[1], (0.0,) * len(labels)
    out = []
    for f in feats:
        if len(labels) == 4:  # the shipped model: each feature looked up once, the same additions in the same
            a0 = a1 = a2 = a3 = 0  # order as one sum() per label (a feature without a weight adds 0.0)
            for name, v in f.items():
                w0, w1, w2, w3 = by_name.get(name, zero)
                a0, a1, a2, a3 = a0 + w0 * v, a1 + w1 * v, a2 + w2 * v, a3 + w3 * v
            acc = [a0, a1, a2, a3]
        else:
            acc = [sum(coef[k].get(name, 0.0) * v for name, v in f.items()) for k in range(len(labels))]
        z = [icpt[k] + acc[k] for k in range(len(labels))]
        top = max(z)
        e = [math.exp(x - top) for x in z]
        s = sum(e)
        out.append({lab: e[k] / s for k, lab in enumerate(labels)})
    return out


def _passive_doers(anchor: Anchor) -> set[int]:
    """A passive's doer is in its own phrase: not its subject, not the report framing it, not the
    one it was done to ("which was given to me": the recipient)."""
    own = {t.i for t in anchor.trigger.subtree}
    frame = {t.i for t in anchor.frame.subtree} - own if anchor.frame is not None else set()
    if anchor.frame is not None and anchor.frame.i in own:  # "…, Trump said" hanging off the event
        frame = {t.i for t in anchor.frame.subtree}
    subj = {t.i for k in anchor.trigger.children if k.dep_ in ("nsubjpass", "nsubj") for t in k.subtree}
    to = {t.i for k in anchor.trigger.children if k.dep_ in ("prep", "dative") and k.lower_ in anchor.to
          for t in k.subtree}
    return own - frame - subj - to


def doers(doc, cands: list[Candidate], anchor: Anchor) -> Optional[set[int]]:
    """Token indices of the parties that can be the event's source, None where any can:

    * a passive's doer is named in its own phrase ("was arrested by police", "killed in a US raid"),
      never its subject or a party elsewhere in the sentence;
    * the speaker of the report holding the event ("U.S. officials said Russia is seeking…", the
      attribution stage's speaker) is not its source when the reported clause names a doer of its
      own — a noun, or a pronoun the actors stage resolved to another actor (event coders read "X
      said it would…" as X's event: "it" may be X).
    """
    if anchor.voice_passive:
        return _passive_doers(anchor)
    said_by = set(anchor.said_by)
    if anchor.frame is not None:
        said_by |= {t.i for k in anchor.frame.children if k.dep_ in ("nsubj", "nsubjpass") for t in k.subtree}
    speakers = {c.key for c in cands if c.head(doc).i in said_by}
    if not speakers:
        return None
    if anchor.source and not set(anchor.source) & speakers:
        # the parse found the doer elsewhere ("the first minister to visit", "proposed an exercise")
        return {c.head(doc).i for c in cands if c.key not in speakers}
    clause = anchor.clause if anchor.clause.pos_ in ("VERB", "AUX") else anchor.trigger
    subj = next((k for k in clause.children if k.dep_ == "nsubj"), None)
    if subj is None or subj.i in said_by:
        return None
    who = token_actor(subj)
    if who is not None and who in speakers:
        return None
    heads = {t.i for t in doc if t.i in said_by and t.head.i not in said_by}
    if subj.pos_ == "PRON" and who is None and _may_be(subj, [c for c in cands if c.head(doc).i in heads]):
        return None  # "X said it would…": the pronoun may be the speaker
    return {c.head(doc).i for c in cands if c.key not in speakers}


def _may_be(pron: Token, speakers: list[Candidate]) -> bool:
    """Whether an unresolved pronoun can stand for one of the speakers (the heads of their phrases):
    "it" for a country, not a person; "he" for a person."""
    word = pron.lower_
    if word in ("it", "its"):
        return any(c.kind != "person" for c in speakers)
    if word in ("he", "she", "him", "her"):
        return any(c.kind == "person" for c in speakers)
    return True


def decide(doc, cands: list[Candidate], probs: list[dict[str, float]], th: dict[str, float],
           sources_within: Optional[set] = None) -> dict:
    """Roles from per-candidate probabilities and the thresholds ``th`` (S, T, R); where
    ``sources_within`` is given (token indices: a passive's phrase), only a party inside it can act.

    The source is the likeliest source (several where a coordinated phrase holds them); the target
    the likeliest target among the other parties outside the source's phrase. Two or more parties
    whose likeliest role is "reciprocal" ("X and Y agreed") make a compound actor.
    """
    scored = list(zip(cands, probs))
    if not scored:
        return {"source": [], "target": [], "compound": False, "scores": []}
    doers = [(c, p) for c, p in scored if sources_within is None or c.head(doc).i in sources_within]
    recip = [c for c, p in doers if max(p, key=p.get) == "R" and p["R"] >= th["R"]]
    if len({c.key for c in recip}) >= 2:
        return {"source": _dedupe(recip), "target": [], "compound": True, "scores": scored}
    best_s = max(doers, key=lambda cp: cp[1]["S"] + cp[1]["R"], default=None)
    source = [best_s[0]] if best_s is not None and best_s[1]["S"] + best_s[1]["R"] >= th["S"] else []
    source += _coordinated(doc, source, doers)
    inside = {t.i for c in source for t in c.head(doc).subtree}
    skeys = {c.key for c in source}
    rest = [(c, p) for c, p in scored if c.key not in skeys and c.head(doc).i not in inside]
    target = []
    if rest:
        best_t = max(rest, key=lambda cp: cp[1]["T"])
        if best_t[1]["T"] >= th["T"]:
            target = [best_t[0]] + _coordinated(doc, [best_t[0]], rest)
    return {"source": _dedupe(source), "target": _dedupe(target), "compound": False, "scores": scored}


def country_for(doc, cand: Candidate, cands: list[Candidate], story: Optional[str]) -> Optional[str]:
    """A party's country: its own; else that of a party inside its phrase ("King Hassan of
    Morocco", "European Community foreign ministers"); else the sentence's one country ``story``."""
    if cand.country:
        return cand.country
    sub = {t.i for t in cand.head(doc).subtree} | set(range(cand.start, cand.end))
    inner = [c for c in cands if c is not cand and c.country and c.head(doc).i in sub]
    if inner:
        return min(inner, key=lambda c: abs(c.head(doc).i - cand.head(doc).i)).country
    return story


def speakers(doc, cands: list[Candidate]) -> set[str]:
    """Keys of the parties named only in a trailing attribution ("…, Thai police said"): they tell
    the story, they are not in it."""
    spans = [(a.speaker_span.start, a.speaker_span.end) for a in doc._.cg_attributions or []
             if a.speaker_span is not None and a.cue is not None and a.content.end <= a.speaker_span.start]
    inside = {c.key for c in cands if any(s0 <= doc[c.start].idx < s1 for s0, s1 in spans)}
    outside = {c.key for c in cands if not any(s0 <= doc[c.start].idx < s1 for s0, s1 in spans)}
    return inside - outside


def story_country(cands: list[Candidate], leave_out: set = frozenset()) -> Optional[str]:
    """The one country a sentence names, if it names exactly one: event coders give it to the
    sentence's unresolved domestic actors ("the rebels", "Judge X" in a story about one country)."""
    found = {c.country for c in cands
             if c.country and c.country not in ("IGO", "UNO", "NGO", "IMG") and c.key not in leave_out}
    return found.pop() if len(found) == 1 else None


def _coordinated(doc, chosen: list[Candidate], scored) -> list[Candidate]:
    """Parties coordinated with a chosen one ("to Iran, Libya and Cuba") share its role."""
    if not chosen:
        return []
    root = coord_root(chosen[0].head(doc))
    group = {root.i} | {t.i for t in root.subtree if t.dep_ == "conj" and coord_root(t).i == root.i}
    return [c for c, _ in scored if c is not chosen[0] and c.head(doc).i in group]


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    seen, out = set(), []
    for c in cands:
        if c.key not in seen:
            seen.add(c.key)
            out.append(c)
    return out
