"""Pass 3, described actors: role nouns with a country ("U.S. officials", "a U.S. official",
"South Korea's spy agency") and source nouns ("experts")."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from ..ids import slug
from . import furniture
from . import gazetteer as gz
from . import titles
from .sectors import former_sector, sector_of_words
from .state import ARGUMENT_DEPS, Mention, State, fragment_root


def described(st: State) -> None:
    doc, pos, skip, taken = st.doc, st.pos, st.skip, st.taken
    verbless, last = st.lines
    for i in range(len(doc)):
        if skip[i] or taken[i] is not None:
            continue
        if pos[i] not in ("NOUN", "PROPN") and not (verbless[i] and last[i] <= i and doc[i].is_alpha):
            continue  # nor the head of a verbless line (see _line_head)
        if not _may_end_role(st.lowers, i):
            continue  # role_phrase's first test, before a Token is made
        tok = doc[i]
        found = role_phrase(st, tok)
        if found is None or not _heads_description(st, tok, found[1]):
            continue
        m = _describe(st, tok, *found)
        if m is not None:
            st.add(m)


def body_actions(st: State) -> None:
    """"A military coup", "a police raid": a country's own body modifying a noun of an act is
    that country's body (the country named with it, else the article's), so the act has a doer
    as "the Hamas attack" has; the noun itself stays an act, not an actor."""
    doc, acts = st.doc, set(st.special.get("action_nouns", []))
    for tok in doc:
        if tok.lemma_.lower() not in acts or tok.pos_ != "NOUN" or st.skip[tok.i]:
            continue
        named = [st.taken[c.i] for c in tok.children if st.taken[c.i] is not None and st.taken[c.i].kind == "country"]
        iso = named[0].iso3 if named else st.story_country
        for c in tok.children:
            role = gz.role_index().get(c.lower_)
            if c.dep_ not in ("amod", "compound") or c.i > tok.i or c.lower_ not in st.national_bodies \
                    or role is None or not iso or not st.free(c.i, c.i + 1):
                continue
            ident = "-".join(x for x in (gz.iso2(iso) or "", slug(c.lower_)) if x).lower()
            st.add(Mention(c.i, c.i + 1, "org", ident, iso3=iso, sector=role.sector,
                           name=st.proper_name(c.i, c.i + 1, iso), head=c.i))


def _line_head(st: State, tok: Token) -> bool:
    """The last word of a verbless line, whatever spaCy tagged it ("paramedic" as ADJ, "crowd
    control police" read as an imperative)."""
    verbless, last = st.lines
    return verbless[tok.i] and last[tok.i] <= tok.i and tok.is_alpha  # no word after it in its sentence


def role_phrase(st: State, tok: Token) -> Optional[tuple[str, int, gz.Role]]:
    """The longest role phrase of the lexicon ending at ``tok``: (phrase, first token, role)."""
    doc, roles, lowers, ends = st.doc, gz.role_index(), st.lowers, gz.role_last_words()
    sing = gz.singular(lowers[tok.i])
    if not _may_end_role(lowers, tok.i):
        return None  # no phrase of the lexicon ends with this word
    if tok.i + 1 < len(doc) and doc[tok.i + 1].dep_ == "compound" and doc[tok.i + 1].head.i > tok.i \
            and doc[tok.i + 1].pos_ in ("NOUN", "PROPN"):
        return None  # not the head of its compound
    if _postpositive(tok) and f"{sing} general" in roles:
        return f"{sing} general", tok.i, roles[f"{sing} general"]  # "attorneys general"
    if sing.rsplit(" ", 1)[-1] not in ends and lowers[tok.i].rsplit(" ", 1)[-1] not in ends:
        return None
    ahead = lowers[tok.i + 1:tok.i + 4]
    if ahead[:1] in (["of"], ["for"]) and any(" ".join([sing] + ahead[:k]) in roles for k in (2, 3)):
        return None  # "Secretary" of "Secretary of State": the phrase ends further on
    for n in range(min(gz.max_role_len(), tok.i + 1), 0, -1):
        before = lowers[tok.i - n + 1:tok.i]
        for cand in dict.fromkeys((" ".join(before + [sing]), " ".join(before + [tok.lower_]))):
            if cand in roles and (roles[cand].kind in ("P", "G", "O", "X") or (
                    roles[cand].kind == "M" and gz.is_plural(tok.lower_) and tok.pos_ in ("NOUN", "PROPN"))):
                return cand, tok.i - n + 1, roles[cand]
    return None


def _may_end_role(lowers: list[str], i: int) -> bool:
    """Whether a phrase of the role lexicon may end at token ``i`` (its word, singular or not, ends
    one; or "general" follows it)."""
    ends, sing = gz.role_last_words(), gz.singular(lowers[i])
    return sing.rsplit(" ", 1)[-1] in ends or lowers[i].rsplit(" ", 1)[-1] in ends or lowers[i + 1:i + 2] == ["general"]


def _postpositive(tok: Token) -> bool:
    """"attorneys general", "secretaries general": the adjective after the noun is part of the role."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ == "general" and nxt.head.i == tok.i


def _heads_description(st: State, tok: Token, first: int) -> bool:
    """A role noun heads a description of its own: not a modifier of a bigger noun ("police
    station" is handled at its head), not a title before a name ("President Vladimir Putin"), not
    a predicate or an apposition (they describe another actor)."""
    if tok.dep_ == "compound" and tok.head.i != tok.i and tok.head.lower_ not in st.report_nouns:
        return False  # but "eyewitness reports": the witnesses are the source
    if any(st.taken[j] is not None and st.taken[j].kind == "person" for j in range(first, tok.i + 1)):
        return False
    if tok.head.ent_type_ == "PERSON" and tok.dep_ == "amod":
        return False
    if any(c.dep_ == "appos" and (c.ent_type_ == "PERSON" or (st.taken[c.i] is not None and st.taken[c.i].kind == "person"))
           for c in tok.children):
        return False  # "a Scientology attorney, Kendrick Moxon": the person's role (see .titles)
    return tok.dep_ not in ("attr", "appos", "acomp", "npadvmod", "oprd")


def _describe(st: State, tok: Token, phrase: str, first: int, role: gz.Role) -> Optional[Mention]:
    doc = st.doc
    last = _last_word(tok, phrase)
    noun = " ".join([doc[j].lower_ for j in range(first, last.i + 1)])
    if any(w in ("of", "for") for w in phrase.split()[1:-1]):
        tok = doc[first]  # "the US Secretary of State": the head is "Secretary"
    if _no_informant(st, tok, role) or any(
            c.dep_ in ("compound", "amod") and furniture.is_furniture(c.text, st.own_names) for c in tok.children):
        return None  # "a Wikinews correspondent": the publisher's own staff
    country, cstart = country_modifier(st, tok, first)
    det = st.determiner(tok)
    if role.kind == "O" and det is not None and det.lower_ == "the" and det.i == first - 1 and first == tok.i \
            and named_before(st, tok, gz.singular(tok.lower_)):
        return None  # "Thai Raksa Chart Party ... the party": that party (see coref.body_descriptions)
    start = min(cstart, first) if det is None or det.i >= min(cstart, first) else det.i
    start = extend_modifiers(st, tok, start)
    if country is None and role.kind == "O" and det is not None and det.lower_ == "the" \
            and role.sector in _NATIONAL and st.story_country and tok.lower_ not in st.country_nouns:
        country = st.story_country  # "the opposing military political party": a party of the article's country
    owner = titles.role_owner(st, tok) if role.kind == "P" and not gz.is_plural(tok.lower_) else None
    decided = _owned(st, tok, det, noun, owner) if owner is not None else \
        _kind_and_noun(st, tok, role, country, det, noun, first)
    if decided is None:
        return None
    kind, noun = decided
    words = [doc[j].lower_ for j in range(start, last.i + 1) if st.taken[j] is None and doc[j].pos_ != "DET"]
    sector = phrase_sector(st, words, role, tok)
    body_country, body_sector, body_slot_ = affiliation(st, tok)
    country = country or body_country
    if body_sector and not role.strong:
        sector = body_sector  # "president of the Riigikogu": the body decides
    ident = noun if owner is not None else "-".join(x for x in (gz.iso2(country) or "", slug(noun)) if x).lower()
    end = max(_of_country_end(st, last), last.i + 1)
    m = Mention(start, end, kind, ident, iso3=country, sector=sector, name=_name(st, det, start, _origin_end(st, last, end, kind), kind, country),
                head=tok.i, role=phrase if kind == "roleholder" else None,
                of_body=bool(body_sector), slot=None if country else body_slot_)
    if owner is not None:
        st.owners.append((m, owner))
    return m


def named_before(st: State, tok: Token, noun: str) -> bool:
    """A body whose proper name (an entity of the parse) ends with this noun was named before the token."""
    return any(m.kind in ("org", "igo") and m.start < tok.i and st.doc[m.head].ent_type_
               and (m.name or "").lower().split()[-1:] == [noun] for m in st.mentions)


def _no_informant(st: State, tok: Token, role: gz.Role) -> bool:
    """"water sources" are no informants; "industry sources said" are."""
    return role.source and role.sector == "UNK" and not (tok.dep_ == "nsubj" and tok.head.lemma_ in st.speech) \
        and any(c.dep_ in ("compound", "amod") and c.i < tok.i and st.taken[c.i] is None
                and gz.singular(c.lower_) not in gz.role_index() for c in tok.children)


def _owned(st: State, tok: Token, det: Optional[Token], noun: str, owner: Mention) -> tuple[str, str]:
    """"a spokesman for Mr Blair", "Kim's spokesman": one person speaking for another actor, an
    unnamed source when indefinite; its id is the owner's and the role's."""
    kind = "anonymous" if det is not None and det.lower_ in ("a", "an", "one", "another") else "roleholder"
    return kind, f"{slug(owner.actor or owner.key)}-{slug(noun)}"


def _name(st: State, det: Optional[Token], start: int, end: int, kind: str, country: Optional[str]) -> str:
    """A described actor's name: its words without the article; a body or an office-holder is
    named as a name ("the government of Syria" -> "Government of Syria", "the election commission"
    -> "Election Commission of Thailand"); groups and sources keep their words ("U.S. officials")."""
    first = start if det is None else max(start, det.i + 1)
    if kind in ("org", "roleholder"):
        return st.proper_name(first, end, country)
    # a group is a common noun phrase, however the writer capitalised its role words ("A number of
    # Senators", "Protesters said"): they are written lower case, names in it keep theirs ("U.S. officials")
    out = []
    for t in st.doc[first:end]:
        w = t.text
        if st.taken[t.i] is None and w[:1].isupper() and not w.isupper() and (
                gz.singular(t.lower_) in gz.role_index() or t.is_sent_start and t.tag_ in ("NN", "NNS")):
            w = w[:1].lower() + w[1:]
        out.append(w + t.whitespace_)
    return "".join(out).strip()


def _kind_and_noun(st: State, tok: Token, role: gz.Role, country: Optional[str], det: Optional[Token],
                   noun: str, first: int) -> Optional[tuple[str, str]]:
    """Whether a role noun is an actor of its own and of which kind: a group ("U.S. officials",
    "protesters" acting), an unnamed source ("a U.S. official" joins "U.S. officials"), a
    role-holder ("the Russian foreign minister", "a former Brazilian president") or a body
    described with its country ("South Korea's spy agency"). Equipment stands for the forces of
    its country ("two Chinese warplanes")."""
    article = det.lower_ if det is not None else None
    fragment = fragment_root(tok) or _line_head(st, tok)
    if role.kind == "X":
        return ("group", noun) if country else None
    if role.kind == "O":
        return _body_kind(tok, role, noun, bool(country or fragment))
    if role.kind == "M" and gz.is_plural(tok.lower_):
        return "group", noun  # "Buddhists", "Christians": the people of a modifier
    if gz.is_plural(tok.lower_) or role.kind == "G":
        acting = tok.dep_ in ARGUMENT_DEPS or tok.dep_ == "poss" or fragment  # "Protesters' demands"
        qualified = tok.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ in ("amod", "compound") and c.i < tok.i for c in tok.children)  # "Legal and religious groups"
        if country or role.source or (role.strong and acting) or fragment or qualified:
            return ("anonymous" if role.source else "group"), noun
        return None
    if role.source and tok.dep_ == "compound" and tok.head.lower_ in st.report_nouns:
        plural = " ".join([st.doc[j].lower_ for j in range(first, tok.i)] + [pluralise(tok.lower_)])
        return "anonymous", plural
    if article in ("a", "an", "one", "another"):
        # one unnamed member of a group ("a U.S. official", "a Belarusian protester") joins the group
        plural = " ".join([st.doc[j].lower_ for j in range(first, tok.i)] + [pluralise(tok.lower_)])
        if role.source:
            return "anonymous", plural
        return ("group", plural) if country or role.strong or fragment else None
    if country and article in ("the", None):
        return "roleholder", noun
    if article is None and fragment:
        return "roleholder", noun  # a title alone ("Defense Minister"), a headline's noun
    return None


_NATIONAL = {"GOV", "LEG", "MIL", "COP", "JUD", "SPY", "PTY", "OPP"}


def _body_kind(tok: Token, role: gz.Role, noun: str, placed: bool) -> Optional[tuple[str, str]]:
    """A body noun is a body with a country or in a headline; qualified bodies in the plural acting
    together are a group ("Legal and religious groups have called for ...")."""
    if placed:
        return "org", noun
    if gz.is_plural(tok.lower_) and role.sector not in _NATIONAL and tok.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ in ("amod", "compound") and c.i < tok.i for c in tok.children):
        return "group", noun
    return None


def _last_word(tok: Token, phrase: str) -> Token:
    """The role phrase's last word: "general" of "attorneys general", else the head noun."""
    return tok.doc[tok.i + 1] if phrase.endswith(" general") and _postpositive(tok) else tok


def _origin_end(st: State, tok: Token, end: int, kind: str) -> int:
    """A group named with how many places its members come from: its name runs on over "from"
    and the count ("attorneys general from sixteen states", "mayors from 40 cities")."""
    doc = st.doc
    if kind != "group" or end >= len(doc) or doc[end].lower_ != "from" or doc[end].head.i != tok.i:
        return end
    words = list(doc[end].subtree)[1:]
    # a count of places only: named places or countries give the group its country instead
    if not words or not any(t.lower_ in st.place_kinds for t in words) or not all(
            st.taken[t.i] is None and not st.place_at[t.i]
            and (t.like_num or t.lower_ in st.place_kinds or t.dep_ in ("cc", "punct", "det")) for t in words):
        return end
    return max(t.i for t in words) + 1


def _of_country_end(st: State, tok: Token) -> int:
    """A described body's name runs on over "of <country>" ("the ministry of internal affairs of
    Belarus")."""
    doc = st.doc
    end = tok.i + 1
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        k = end + 1 + (doc[end + 1].lower_ == "the")
        m = st.taken[k] if k < len(doc) else None
        if m is not None and m.kind == "country" and m.start == k:
            return m.end
    return end


def body_slot(m: Mention) -> Optional[str]:
    """The CAMEO slot of a body of no country: UNO/IGO for an IGO, NGO for a transnational NGO."""
    if m.kind == "igo":
        return m.slot or "IGO"
    return "NGO" if m.kind == "org" and m.org_kind == "ngo" and m.iso3 is None else None


def affiliation(st: State, tok: Token) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """The body a role is of ("president of the Riigikogu", "head of the central bank", "Interior
    Ministry officials", "UN officials"): its country, sector and slot (see :func:`body_slot`),
    from a mention or a seat named right after the role, or a body named right before it."""
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ not in ("of", "at", "for", "in"):
            continue
        for p in c.children:
            if p.dep_ != "pobj":
                continue
            m = st.taken[p.i]
            if m is not None and m.kind in ("org", "igo") and m.sector:
                return m.iso3, m.sector, body_slot(m)
            seat = gz.seat_index().get(gz.norm(st.doc[p.i].text))
            if seat is not None:
                return seat[0], seat[1] if seat[1] != "GOV" else None, None
            if st.place_at[p.i] and c.lower_ != "for":
                return st.place_at[p.i], None, None
    for c in tok.children:
        # a body named before the role ("Panamanian Immigration inspectors", "Interior Ministry officials")
        m = st.taken[c.i] if c.i < tok.i and c.dep_ in ("compound", "nmod") else None
        if m is not None and m.kind in ("org", "igo") and m.sector and m.end == tok.i:
            return m.iso3, m.sector, body_slot(m)
    return None, None, igo_modifier(st, tok)


def phrase_sector(st: State, words: list[str], role: gz.Role, tok: Optional[Token] = None) -> Optional[str]:
    """The sector of a described actor: its role, unless a stronger modifier decides ("army
    accountant" MIL, "crowd control police" COP) or a collective noun gathers others ("a group
    of thieves" CRM); a former holder of a state office is ELI."""
    sector = sector_of_words(words, head=gz.singular(words[-1])) if words else None
    sector = sector or role.sector
    if tok is not None and role.kind == "G" and not role.strong:
        members = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                   if p.dep_ == "pobj" and gz.role_index().get(gz.singular(p.lower_))]
        if members:
            sector = gz.role_index()[gz.singular(members[0].lower_)].sector
    if any(w in st.former for w in words):
        sector = former_sector(sector)
    return sector


def extend_modifiers(st: State, tok: Token, start: int) -> int:
    for c in tok.children:
        if c.i < start and c.dep_ in ("amod", "compound", "nummod", "det", "poss", "nmod") and \
                all(st.doc[j].text not in (",", ";") for j in range(c.i, tok.i)):
            sub = min(t.i for t in c.subtree)
            start = min(start, sub)
    return start


def country_modifier(st: State, tok: Token, first: int) -> tuple[Optional[str], int]:
    """The country a role noun is qualified by: "U.S. officials", "Russia's", "officials in Kyiv"."""
    for c in tok.children:
        if c.i < tok.i and c.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod"):
            for t in c.subtree:
                m = st.taken[t.i]
                if m is not None and m.kind in ("country", "org") and m.iso3:
                    return m.iso3, min(x.i for x in c.subtree)
            for t in c.subtree:
                if st.place_at[t.i]:
                    return st.place_at[t.i], min(x.i for x in c.subtree)
    for j in range(first, tok.i):
        m = st.taken[j]
        if m is not None and m.kind == "country" and m.iso3:
            return m.iso3, m.start
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "in", "from") and c.i == tok.i + 1:
            for p in c.children:
                if p.dep_ == "pobj":
                    m = st.taken[p.i]
                    if m is not None and m.kind == "country" and m.iso3:
                        return m.iso3, first
    return None, first


def igo_modifier(st: State, tok: Token) -> Optional[str]:
    """The slot of an IGO or a transnational NGO qualifying a role noun ("EU foreign ministers",
    "European Community foreign ministers", "Red Cross officials"): their office is in its slot,
    not in a country's."""
    for c in tok.children:
        if c.i < tok.i and c.dep_ in ("compound", "nmod", "poss", "amod"):
            for t in c.subtree:
                m = st.taken[t.i]
                if m is not None and m.kind in ("igo", "org") and body_slot(m):
                    return body_slot(m)
    return None


def pluralise(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    return word + "s"
