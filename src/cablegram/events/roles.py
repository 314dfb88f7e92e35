"""Who is the source and who the target of a sentence's main event, as event coders code it.

The parse-based extractor (``extract.py``) finds events with the participants its
patterns reach; PLOVER/CAMEO coding asks one question more per sentence: which
of the parties named is the actor, which the recipient, and which are only
speakers, places or bystanders. That choice is learned here: a small logistic
model over parse features of each candidate party (its dependency path to the
main verb, the preposition governing it, voice, order, whether the attribution
stage made it a speaker, whether the extractor made it a source or target, its
actor type and sector). The weights (``data/role_model.json``) are trained by
``training/event_roles.py`` on ConfliBERT's CAMEO source/target/reciprocal spans and PLV's
marked source/target pairs; they are read with plain arithmetic at run time.

Candidates are the actors stage's mentions in the sentence, plus named places
(GPE/LOC entities the gazetteer places in a country: "shelled Juba", "an
embassy in Tehran"), which event coders code by their country.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Span as SpacySpan, Token

from .lexicon import DATA, triggers

ROLES = ("S", "T", "R", "O")  # source, target, reciprocal (compound actor), other
MODEL = DATA / "role_model.json"


@dataclass
class Candidate:
    """One party named in a sentence: an actor mention or a place."""

    start: int  # token offsets in the Doc
    end: int
    key: str  # actor id, or "place:ISO3"
    country: Optional[str]
    kind: str  # actor type, or "place"
    sector: Optional[str] = None

    def head(self, doc) -> Token:
        return doc[self.start:self.end].root


def country_of(actor) -> Optional[str]:
    """ISO3, or the IGO/NGO slot of CAMEO, of a schema Actor; None where unknown."""
    if actor is None:
        return None
    if actor.country:
        return actor.country
    code = (actor.code or "").replace(" ", "")
    return code[:3] if len(code) >= 3 and code[:3].isalpha() and code[:3].isupper() else None


def candidates(sent: SpacySpan) -> list[Candidate]:
    doc = sent.doc
    actors = doc._.cg_actors or {}
    out: list[Candidate] = []
    taken: set[int] = set()
    for m in doc.spans["cg_mentions"] if "cg_mentions" in doc.spans else []:
        if m.start < sent.start or m.end > sent.end:
            continue
        act = actors.get(m.label_)
        if act is None:
            continue
        out.append(Candidate(m.start, m.end, act.id, country_of(act), act.type, act.sector))
        taken.update(range(m.start, m.end))
    for ent in sent.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC") or taken.intersection(range(ent.start, ent.end)):
            continue
        iso = ent[0]._.cg_place
        if iso:
            out.append(Candidate(ent.start, ent.end, f"place:{iso}", iso, "place"))
    return sorted(out, key=lambda c: c.start)


def _verb_of(tok: Token) -> Optional[Token]:
    """The nearest verb governing a token (itself excluded)."""
    cur, steps = tok, 0
    while cur.head.i != cur.i and steps < 8:
        cur = cur.head
        steps += 1
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return cur if cur.pos_ in ("VERB", "AUX") else None


def _passive(verb: Optional[Token]) -> bool:
    return verb is not None and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


@functools.cache
def _trigger_lemmas() -> frozenset:
    t = triggers()
    return frozenset(t["verbs"]) | frozenset(t["nouns"])


def _context(sent: SpacySpan) -> dict:
    """What every candidate's features compare against: cue tokens, speakers, events."""
    doc = sent.doc
    cues: set[int] = set()
    speakers: set[str] = set()
    speaker_toks: set[int] = set()
    content: set[int] = set()
    s0, s1 = sent.start_char, sent.end_char
    for a in doc._.cg_attributions or []:
        if a.cue is None or not (s0 <= a.cue.start < s1):
            continue
        cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
        if cue is not None:
            cues.update(t.i for t in cue)
        if a.speaker:
            speakers.add(a.speaker)
        if a.speaker_span is not None:
            sp = doc.char_span(a.speaker_span.start, a.speaker_span.end, alignment_mode="expand")
            if sp is not None:
                speaker_toks.update(t.i for t in sp)
        cs = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
        if cs is not None:
            content.update(t.i for t in cs)
    evs = [e for e in doc._.cg_events or [] if e.trigger is not None and s0 <= e.trigger.start < s1]
    evs.sort(key=lambda e: e.trigger.start)
    src = {x for e in evs for x in e.source}
    tgt = {x for e in evs for x in e.target}
    first = evs[0] if evs else None
    pairs = {(s, t, e.trigger.start) for e in evs for s in e.source for t in e.target}
    recip = {s for s, t, k in pairs if (t, s, k) in pairs}
    root = sent.root
    main = main_verb(sent, cues)
    return {"cues": cues, "speakers": speakers, "speaker_toks": speaker_toks, "content": content,
            "src": src, "tgt": tgt, "first": first, "recip": recip, "root": root, "main": main,
            "claimants": {e.claimant for e in evs if e.claimant}}


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


def features(sent: SpacySpan, cands: list[Candidate], ctx: Optional[dict] = None) -> list[dict[str, float]]:
    """One sparse feature dict per candidate."""
    doc = sent.doc
    ctx = ctx or _context(sent)
    lemmas = _trigger_lemmas()
    out = []
    n = len(cands)
    keys = [c.key for c in cands]
    for i, c in enumerate(cands):
        h = c.head(doc)
        f: dict[str, float] = {"bias": 1.0}
        f[f"dep={h.dep_}"] = 1
        path = [h.dep_]
        cur = h
        for _ in range(2):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            path.append(cur.dep_)
        f["path=" + ">".join(path)] = 1
        f[f"headpos={h.head.pos_}"] = 1
        if h.dep_ == "pobj":
            f[f"prep={h.head.lower_}"] = 1
            f[f"prep={h.head.lower_}|{h.head.head.pos_}"] = 1
            f[f"prep_voice={h.head.lower_}|{_passive(h.head.head)}"] = 1
            f["agent"] = float(h.head.dep_ == "agent")  # "attacked by X": the doer of a passive
        if h.dep_ == "poss":
            f[f"poss_of={h.head.dep_}"] = 1
        if h.dep_ in ("amod", "compound", "nmod"):
            f[f"mod_of={h.head.dep_}"] = 1
        verb = _verb_of(h)
        pas = _passive(verb)
        f[f"dep_voice={h.dep_}|{'pass' if pas else 'act'}"] = 1
        top = _coord_root(h)
        if top.dep_ in ("amod", "compound", "nmod", "poss") and top.head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            f[f"modifies={top.head.dep_}|{'pass' if _passive(_verb_of(top.head)) else 'act'}"] = 1
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
        f["claimant"] = float(c.key in ctx["claimants"])
        f["in_content"] = float(h.i in ctx["content"])
        f["ev_src"] = float(c.key in ctx["src"])
        f["ev_tgt"] = float(c.key in ctx["tgt"])
        f["ev_recip"] = float(c.key in ctx["recip"])
        first = ctx["first"]
        if first is not None:
            f["ev0_src"] = float(c.key in first.source)
            f["ev0_tgt"] = float(c.key in first.target)
        f[f"rank={min(i, 3)}"] = 1
        f["last"] = float(i == n - 1)
        f["before_main"] = float(h.i < ctx["main"].i)
        f["same_key_count"] = float(keys.count(c.key) - 1)
        f[f"kind={c.kind}"] = 1
        f[f"sector={c.sector}"] = 1
        f["has_country"] = float(c.country is not None)
        f["coord"] = float(h.dep_ == "conj" or any(k.dep_ == "conj" for k in h.children))
        f[f"coord_dep={_coord_root(h).dep_}"] = f["coord"]
        f[f"ent={h.ent_type_ or '-'}"] = 1
        out.append(f)
    return out


def _coord_root(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


@functools.cache
def _weights() -> Optional[dict]:
    if not MODEL.exists():
        return None
    raw = json.loads(MODEL.read_text(encoding="utf-8"))
    return raw


def available() -> bool:
    return _weights() is not None


def probabilities(feats: list[dict[str, float]]) -> list[dict[str, float]]:
    """P(role) per candidate from the trained weights (uniform when the model is missing)."""
    w = _weights()
    if w is None:
        return [{r: 1 / len(ROLES) for r in ROLES} for _ in feats]
    labels, coef, icpt = w["labels"], w["coef"], w["intercept"]
    out = []
    for f in feats:
        z = [icpt[k] + sum(coef[k].get(name, 0.0) * v for name, v in f.items()) for k in range(len(labels))]
        top = max(z)
        e = [math.exp(x - top) for x in z]
        s = sum(e)
        out.append({lab: e[k] / s for k, lab in enumerate(labels)})
    return out


def assign(sent: SpacySpan, cands: Optional[list[Candidate]] = None) -> dict:
    """The sentence's coded dyad: ``{"source": [Candidate], "target": [Candidate], "compound": bool}``.

    The source is the likeliest source (several where a coordinated phrase holds them); the target
    the likeliest target among the other parties outside the source's phrase. Two or more parties whose likeliest role is
    "reciprocal" ("X and Y agreed") make a compound actor without a recipient, as PLOVER codes it.
    """
    doc = sent.doc
    cands = candidates(sent) if cands is None else cands
    if not cands:
        return {"source": [], "target": [], "compound": False, "scores": []}
    probs = probabilities(features(sent, cands))
    w = _weights() or {}
    return decide(doc, cands, probs, w.get("thresholds", {"S": 0.3, "T": 0.3, "R": 0.5}))


def decide(doc, cands: list[Candidate], probs: list[dict[str, float]], th: dict[str, float]) -> dict:
    """Roles from per-candidate probabilities and the thresholds ``th`` (S, T, R)."""
    scored = list(zip(cands, probs))
    recip = [c for c, p in scored if max(p, key=p.get) == "R" and p["R"] >= th["R"]]
    if len({c.key for c in recip}) >= 2:
        return {"source": _dedupe(recip), "target": [], "compound": True, "scores": scored}
    best_s = max(scored, key=lambda cp: cp[1]["S"] + cp[1]["R"])
    source = [best_s[0]] if best_s[1]["S"] + best_s[1]["R"] >= th["S"] else []
    source += _coordinated(doc, source, scored, "S")
    inside = {t.i for c in source for t in c.head(doc).subtree}
    skeys = {c.key for c in source}
    rest = [(c, p) for c, p in scored if c.key not in skeys and c.head(doc).i not in inside]
    target = []
    if rest:
        best_t = max(rest, key=lambda cp: cp[1]["T"])
        if best_t[1]["T"] >= th["T"]:
            target = [best_t[0]] + _coordinated(doc, [best_t[0]], rest, "T")
    return {"source": _dedupe(source), "target": _dedupe(target), "compound": False, "scores": scored}


_UNSET = object()


def country_for(doc, cand: Candidate, cands: list[Candidate], story=_UNSET) -> Optional[str]:
    """A party's country: its own; else that of a party inside its phrase ("King Hassan of
    Morocco", "European Community foreign ministers", "Kofi Annan, UN secretary-general");
    else the sentence's one country (``story``, computed by :func:`story_country` with the
    report's speakers left out when the caller has not)."""
    if cand.country:
        return cand.country
    sub = {t.i for t in cand.head(doc).subtree} | set(range(cand.start, cand.end))
    inner = [c for c in cands if c is not cand and c.country and c.head(doc).i in sub]
    if inner:
        return min(inner, key=lambda c: abs(c.head(doc).i - cand.head(doc).i)).country
    return story_country(cands, speakers(doc, cands)) if story is _UNSET else story


def speakers(doc, cands: list[Candidate]) -> set[str]:
    """Keys of the parties named only in a trailing attribution ("…, Thai police said"): they tell
    the story, they are not in it."""
    spans = [(a.speaker_span.start, a.speaker_span.end, a.cue.start) for a in doc._.cg_attributions or []
             if a.speaker_span is not None and a.cue is not None and a.content.end <= a.speaker_span.start]
    inside = {c.key for c in cands if any(s0 <= doc[c.start].idx < s1 for s0, s1, _ in spans)}
    outside = {c.key for c in cands if not any(s0 <= doc[c.start].idx < s1 for s0, s1, _ in spans)}
    return inside - outside


def story_country(cands: list[Candidate], leave_out: set = frozenset()) -> Optional[str]:
    """The one country a sentence names, if it names exactly one: event coders give it to the
    sentence's unresolved domestic actors ("the rebels", "Judge X" in a story about one country)."""
    found = {c.country for c in cands
             if c.country and c.country not in ("IGO", "UNO", "NGO") and c.key not in leave_out}
    return found.pop() if len(found) == 1 else None


def _coordinated(doc, chosen: list[Candidate], scored, role: str) -> list[Candidate]:
    """Parties coordinated with a chosen one ("to Iran, Libya and Cuba") share its role."""
    if not chosen:
        return []
    head = chosen[0].head(doc)
    root = _coord_root(head)
    group = {root.i} | {t.i for t in root.subtree if t.dep_ == "conj" and _coord_root(t).i == root.i}
    return [c for c, _ in scored if c is not chosen[0] and c.head(doc).i in group]


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    seen, out = set(), []
    for c in cands:
        if c.key not in seen:
            seen.add(c.key)
            out.append(c)
    return out
