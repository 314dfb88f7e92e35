"""Who is speaking: the speaker phrase of a cue (its subject or agent) and the actor the
actors stage attached to that phrase. This stage never resolves actors itself."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from .context import SUBJ, Context, Speaker

_PERSONAL = frozenset({"he", "she", "they", "i", "we", "you"})
_NOT_NAMES = ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL")


def speaker(ctx: Context, cue: Token, exclude: set[int] = frozenset()) -> Optional[Speaker]:
    """(token range, head index) of the cue's subject (or agent), following conjoined and participial cues up."""
    verb = cue
    for _ in range(3):
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        # the subject of a passive cue is its addressee or topic ("X was told …"), never its source
        subjects = [c for c in verb.children if c.dep_ in SUBJ and c.i not in exclude
                    and not (passive and c.dep_ == "nsubjpass")]
        # the nearest subject: a misparse may hang a second one off the cue
        subj = min(subjects, key=lambda c: abs(c.i - verb.i)) if subjects else None
        if subj is None:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if subj is not None and subj.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
            # "Christie, who said …": the speaker phrase is the pronoun, the actor its antecedent
            return (subj.i, subj.i + 1), verb.head.i
        if subj is not None:
            if subj.lower_ in ctx.lex.not_sources and not (
                    subj.lower_ == "it" and cue.lemma_.lower() in ctx.lex.speech and subj.dep_ == "nsubj"):
                return None   # "It said it would …" is an organisation speaking; "it seems" is nobody
            return phrase(ctx, subj), subj.i
        if verb.dep_ in ("conj", "xcomp", "advcl", "dep") and verb.head is not verb:
            verb = verb.head
            continue
        break
    return _adjacent(ctx, cue, exclude)


def _adjacent(ctx: Context, cue: Token, exclude: set[int]) -> Optional[Speaker]:
    """The parse failed to attach a subject: the noun phrase right after the cue (inverted "said X")."""
    doc = ctx.doc
    j = cue.i + 1
    if j < len(doc) and doc[j].pos_ in ("PROPN", "PRON", "NOUN", "DET", "ADJ") and j not in exclude:
        k = j
        while k < len(doc) and doc[k].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PART") and k not in exclude:
            k += 1
        if doc[j].pos_ == "PRON":
            k = j + 1
        head = max(range(j, max(k, j + 1)), key=lambda x: doc[x].pos_ in ("PROPN", "NOUN", "PRON"))
        return (j, max(k, j + 1)), head
    return None


def phrase(ctx: Context, head: Token) -> tuple[int, int]:
    """The speaker phrase: left edge to the head, then its right modifiers up to a comma/appositive."""
    lo = head.left_edge.i
    hi = head.i + 1
    if head.dep_ == "poss":   # "Trump's claim": the speaker is Trump, not Trump's
        return lo, hi
    for t in ctx.doc[head.i + 1:head.right_edge.i + 1]:
        if t.is_punct or t.dep_ in ("appos", "relcl", "acl") or t.head.dep_ in ("appos", "relcl"):
            break
        hi = t.i + 1
    return lo, hi


def can_be_source(ctx: Context, head: Token) -> bool:
    """A subject that can hold a stance: a name, a personal pronoun, or a source noun."""
    if head.pos_ == "PROPN":
        return head.ent_type_ not in _NOT_NAMES
    if head.pos_ == "PRON":
        return head.lower_ in _PERSONAL
    lemma = head.lemma_.lower()
    return lemma in ctx.lex.source_heads or lemma in ctx.lex.person_roles or bool(ctx.actor_of(head))
