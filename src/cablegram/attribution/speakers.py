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
        # nor a date ("said Monday") or a title in quotation marks (on “Fox and Friends”) parsed as one
        subjects = [c for c in verb.children if c.dep_ in SUBJ and c.i not in exclude
                    and not (passive and c.dep_ == "nsubjpass") and c.ent_type_ not in ("DATE", "TIME")
                    and c.i not in ctx.quote_tokens]
        # the nearest subject: a misparse may hang a second one off the cue
        subj = min(subjects, key=lambda c: abs(c.i - verb.i)) if subjects else None
        if subj is None:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if subj is not None and subj.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
            # "Christie, who said …": the speaker phrase is the pronoun, the actor its antecedent;
            # "a statement which read …": the statement's author where the sentence names one
            owner = document_owner(ctx, verb.head)
            if owner is not None:
                return phrase(ctx, owner), owner.i
            if verb.head.pos_ in ("PROPN", "NOUN") and verb.head.i not in exclude:
                return phrase(ctx, verb.head), verb.head.i
            return (subj.i, subj.i + 1), verb.head.i
        if subj is None and verb.dep_ == "acl" and is_document(ctx, verb.head):
            # "issued a statement saying …", "filed a motion claiming …": whoever issued it, else the document
            owner = document_owner(ctx, verb.head) or verb.head
            return phrase(ctx, owner), owner.i
        if subj is not None and is_document(ctx, subj):
            # "The motion claims …": the words are the document's, its author the speaker
            owner = document_owner(ctx, subj) or earlier_owner(ctx, subj)
            if owner is not None:
                return phrase(ctx, subj), owner.i
        if subj is not None:
            if subj.lower_ in ctx.lex.not_sources and not (
                    subj.lower_ == "it" and cue.lemma_.lower() in ctx.lex.speech and subj.dep_ == "nsubj"):
                return None   # "It said it would …" is an organisation speaking; "it seems" is nobody
            return phrase(ctx, subj), subj.i
        if verb.dep_ in ("conj", "xcomp", "advcl", "dep") and verb.head is not verb and verb.head.i not in exclude:
            verb = verb.head
            continue
        break
    return _adjacent(ctx, cue, exclude)


def holder(ctx: Context, cue: Token, exclude: set[int] = frozenset()) -> Optional[Speaker]:
    """Who holds a cue word with no subject of its own: its possessor ("his reluctance to …"), the
    subject of the verb it completes ("Trump made no mention of …", "they were scared of …",
    "responded by saying …"), or the noun it modifies ("the survey data showing …")."""
    tok = cue
    for _ in range(4):
        poss = next((c for c in tok.children if c.dep_ == "poss" and c.i not in exclude), None)
        if poss is not None and poss.lower_ not in ctx.lex.not_sources:
            return phrase(ctx, poss), poss.i
        head = tok.head
        if head is tok or head.i in exclude:
            return None
        if tok.dep_ in ("amod", "acl") and head.pos_ in ("NOUN", "PROPN") and can_be_source(ctx, head):
            return phrase(ctx, head), head.i
        if tok.dep_ not in _HOSTED:
            return None
        if head.pos_ in ("VERB", "AUX"):
            return speaker(ctx, head, exclude)
        tok = head
    return None


_HOSTED = frozenset({"acomp", "oprd", "attr", "dobj", "xcomp", "pcomp", "pobj", "prep", "conj", "advcl"})


def is_document(ctx: Context, tok: Token) -> bool:
    """A noun that carries someone's words: a statement, tweet, report, motion, letter."""
    return tok.pos_ in ("NOUN", "PROPN") and ctx.lex.source_heads.get(tok.lemma_.lower()) == "document"


def document_owner(ctx: Context, noun: Token) -> Optional[Token]:
    """Who issued a document noun: its possessor ("Facebook's statement"), the object of "by"/"from"
    ("a tweet by the president"), or the subject of the verb it is the object of ("X released a
    statement"); None when the sentence names nobody."""
    if not is_document(ctx, noun):
        return None
    for c in noun.children:
        if c.dep_ == "poss" and c.lower_ not in ctx.lex.not_sources:
            return c
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ctx.lex.author_preps:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and not is_document(ctx, pobj):
                return pobj
            if pobj is not None:
                return document_owner(ctx, pobj) or pobj
    for c in noun.children:
        # "a court document filed by the state attorney"
        agent = next((g for g in c.children if g.dep_ == "agent"), None) if c.dep_ == "acl" else None
        pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
        if pobj is not None:
            return pobj
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in ctx.lex.issue_verbs:
        verb = noun.head
        for _ in range(3):
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
            if subj is not None:
                return None if subj.lower_ in ctx.lex.not_sources else subj
            if verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head is verb:
                break
            verb = verb.head
    return None


def earlier_owner(ctx: Context, noun: Token) -> Optional[Token]:
    """The author of a definite document noun named in an earlier sentence of its paragraph or the one
    before ("attorneys general filed a lawsuit … The motion claims …")."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children):
        return None
    lo = ctx.para_bounds(max(0, ctx.para_bounds(noun.i)[0] - 1))[0]
    for i in range(noun.sent.start - 1, lo - 1, -1):
        t = ctx.doc[i]
        if is_document(ctx, t):
            owner = document_owner(ctx, t)
            if owner is not None and (owner.pos_ != "PRON" or ctx.actor_of(owner)):
                return owner
    return None


def according_source(ctx: Context, according: Token) -> Optional[Speaker]:
    """X of "according to X"; the author of "according to a statement by X"."""
    to = next((c for c in according.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if pobj is None:
        return None
    source = document_owner(ctx, pobj) or pobj
    return phrase(ctx, source), source.i


def _adjacent(ctx: Context, cue: Token, exclude: set[int]) -> Optional[Speaker]:
    """The parse failed to attach a subject: a name set off right before the cue ("…, the president of
    the league, Jamel Msallem, said"), else the noun phrase right after it (inverted "said X")."""
    doc = ctx.doc
    k = cue.i - 2 if cue.i >= 2 and doc[cue.i - 1].text == "," else cue.i - 1
    if k >= 0 and k not in exclude:
        name = doc[k]
        if name.dep_ == "appos" and name.pos_ == "NOUN" and name.head.i < name.i:
            name = name.head   # "…, Flynn, a top Trump surrogate, said"
        if name.pos_ == "PROPN" and name.ent_type_ not in _NOT_NAMES and ctx.actor_of(name) and name.i not in exclude:
            return phrase(ctx, name), name.i
    j = cue.i + 1
    if cue.tag_ in ("VBG", "VBN"):
        return None   # "suggesting a few questions": what follows a participle is its object
    if j < len(doc) and doc[j].pos_ in ("PROPN", "PRON", "NOUN", "DET", "ADJ") and j not in exclude \
            and doc[j].ent_type_ not in _NOT_NAMES:
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
    doc = ctx.doc
    while lo < head.i and (doc[lo].is_punct or doc[lo].is_space or "\n" in doc[lo].whitespace_):
        lo += 1   # a parse may hang the previous paragraph's closing quotation mark on the phrase
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
