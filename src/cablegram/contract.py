"""The contract between stages: the ``Doc._``/``Token._`` attributes they share, and helpers to read a Doc.

This is a bottom module: it imports no stage and no orchestration, so every
stage, the pipeline and the tests of one stage on a hand-built ``Doc`` can use
it. Each stage declares what it reads (``requires``) and writes (``assigns``)
with these names, e.g. ``requires=["doc._.cg_times", "token._.cg_time"]``.

``Doc._.cg_doc_id``      str, the document id (ids of spans derive from it)
``Doc._.cg_published``   ISO date of publication or None (time anchors on it)
``Doc._.cg_parts``       list of :class:`schema.Part` (title, dek, caption, heading, paragraph)
``Doc._.cg_site``        the site the article came from: the URL's host ("en.wikinews.org"), else the
                       publisher's name, or None (the actors stage keeps the publisher's own name out)
``Doc._.cg_actors``      dict actor id -> :class:`schema.Actor`     (actors stage)
``Doc.spans["cg_mentions"]``  one span per actor mention, ``label_`` = actor id
``Token._.cg_actor``     actor id of the innermost mention the token is in, or None (pronouns,
                       "the spokesman", surnames and "the country" are mentions of their actor)
``Token._.cg_np_actor``  actor id of the noun phrase the token heads or sits in: its mention, else
                       the phrase it modifies or its appositive, a relative pronoun's antecedent, a
                       role noun's owner ("Russia's foreign minister" -> RUS when the minister is no
                       actor of its own); "Kim's priorities" is not Kim
``Token._.cg_place``     ISO3 of the country of the place name the token is in (countries, capitals,
                       cities, regions; also where the place acts as a government), or None
``Doc.spans["cg_places"]`` one span per place name, ``label_`` = ISO3
``Doc._.cg_affiliations`` dict actor id -> id of the actor it speaks or works for ("X's spokesperson,
                       Y" -> {Y: X})
``Doc._.cg_times``       list of :class:`schema.Time`              (time stage)
``Token._.cg_time``      id of the time expression the token is in, or None
``Token._.cg_date``      (a getter the time stage registers) :class:`schema.EventDate` of the predicate at the
                       token -- its governing time expression's words, its value a calendar value within
                       1800-2100 or None (PRESENT_REF is the publication date; never a placeholder) --
                       or None when no time expression governs it
``Doc._.cg_attributions`` list of :class:`schema.Attribution`      (attribution stage)
``Token._.cg_attribution`` id of the attribution whose content holds the token, or None
``Doc._.cg_events``      list of :class:`schema.Event`             (events stage)

``doc._.cg_doc_id``, ``cg_published``, ``cg_parts``, ``cg_site``, ``cg_offset`` and ``cg_prior_actors`` are
set by :func:`make_doc` (the pipeline's input), not by a stage; a stage may read them without
declaring them.

Long texts are analysed in windows (:func:`windows`): each window is a Doc of its own, and its
input attributes say where it lies:

``Doc._.cg_offset``       int, where the Doc's text starts in ``document.text`` (0 for a whole document);
                        the pipeline shifts the window's spans by it, stages keep Doc-relative offsets
``Doc._.cg_prior_actors`` dict actor id -> :class:`schema.Actor` found in the earlier windows of the
                        same document (None for a whole document or a first window): the state a stage
                        may carry across windows (mentions' offsets are into ``document.text``)

A window's ``cg_doc_id`` is ``"<document id>@<cg_offset>"``, so the ids of its spans stay unique
and stable; ``cg_parts`` are the parts inside the window, Doc-relative.

Caches any stage may read (in ``doc.user_data``, made on first use): ``cg_text`` (:func:`text_of`) and
``cg_col_<name>``, every token's strings, head and children (:func:`column`, :func:`heads`, :func:`children`,
:func:`ent_iobs`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Mapping, Optional

from spacy.tokens import Doc, Token

if TYPE_CHECKING:
    from spacy.language import Language

    from .schema import Actor, Document

# (attribute, default): what the pipeline's input carries, then what each stage assigns.
INPUT_ATTRS = {"cg_doc_id": "", "cg_published": None, "cg_parts": None, "cg_site": None, "cg_offset": 0,
               "cg_prior_actors": None}
DOC_ATTRS = {**INPUT_ATTRS, "cg_actors": None, "cg_affiliations": None, "cg_times": None, "cg_attributions": None,
             "cg_events": None}
TOKEN_ATTRS = {"cg_actor": None, "cg_np_actor": None, "cg_place": None, "cg_time": None, "cg_attribution": None}


def register_extensions() -> None:
    """Declare the ``Doc._``/``Token._`` attributes the stages share (idempotent)."""
    for name, default in DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in TOKEN_ATTRS.items():
        if not Token.has_extension(name):
            Token.set_extension(name, default=default)


register_extensions()


def check_order(nlp: "Language", stages=None) -> None:
    """Refuse a pipeline in which a stage requires what no earlier component assigns.

    Each stage's ``requires`` (its factory's declaration) must be covered by the ``assigns`` of
    components before it, or be the pipeline's input (:data:`INPUT_ATTRS`); otherwise the stage
    would run on defaults and silently lose what it depends on. ``stages``: the component names
    to check (default: every ``cablegram_*`` component).
    """
    from .errors import StageOrderError

    assigned = {f"doc._.{name}" for name in INPUT_ATTRS}
    for name in nlp.pipe_names:
        meta = nlp.get_pipe_meta(name)
        if (name in stages) if stages is not None else name.startswith("cablegram_"):
            missing = [a for a in meta.requires if a.split(".")[1:2] == ["_"] and a not in assigned]
            if missing:
                raise StageOrderError(f"{name} requires {', '.join(missing)}, which no earlier component assigns "
                                      f"(pipeline: {', '.join(nlp.pipe_names)})")
        assigned.update(meta.assigns)


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per ``Doc`` (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get("cg_text")
    if text is None:
        text = doc.user_data["cg_text"] = doc.text
    return text


# -- token columns: every token's strings, read once per Doc ----------------------------------------------------

_COLUMNS = {"text": "ORTH", "lower": "LOWER", "lemma": "LEMMA", "pos": "POS", "tag": "TAG", "dep": "DEP",
            "ent_type": "ENT_TYPE"}


def column(doc: Doc, name: str) -> list[str]:
    """Every token's ``text``, ``lower_``, ``lemma_``, ``pos_``, ``tag_``, ``dep_`` or ``ent_type_`` (``name``
    without the "_"), read at once with ``Doc.to_array`` and kept in ``doc.user_data["cg_col_<name>"]``.

    Why: ``for t in doc`` and ``doc[i]`` make a new Token each time and look its strings up again, and
    the stages read the same few attributes of every token many times over. spaCy's annotation is
    final before the first stage runs (no stage changes it), so a column read once stays true."""
    key = f"cg_col_{name}"
    col = doc.user_data.get(key)
    if col is None:
        from spacy import attrs

        strings, memo = doc.vocab.strings, {}
        col = doc.user_data[key] = [memo[h] if h in memo else memo.setdefault(h, strings[h])
                                    for h in doc.to_array(getattr(attrs, _COLUMNS[name])).tolist()]
    return col


def heads(doc: Doc) -> list[int]:
    """Every token's ``head.i`` (kept as :func:`column` keeps its columns, ``doc.user_data["cg_col_head"]``)."""
    col = doc.user_data.get("cg_col_head")
    if col is None:
        from spacy.attrs import HEAD

        col = doc.user_data["cg_col_head"] = [i + d for i, d in enumerate(doc.to_array(HEAD).astype("int64").tolist())]
    return col


def children(doc: Doc) -> list[list[int]]:
    """Every token's children's indices, in order (as ``Token.children`` gives them), from :func:`heads`
    (kept as :func:`column` keeps its columns, ``doc.user_data["cg_col_children"]``). Read only."""
    col = doc.user_data.get("cg_col_children")
    if col is None:
        col = doc.user_data["cg_col_children"] = [[] for _ in range(len(doc))]
        for i, h in enumerate(heads(doc)):
            if h != i:
                col[h].append(i)
    return col


def ent_iobs(doc: Doc) -> list[str]:
    """Every token's ``ent_iob_`` ("", "I", "O" or "B"; kept as :func:`column` keeps its columns)."""
    col = doc.user_data.get("cg_col_ent_iob")
    if col is None:
        from spacy.attrs import ENT_IOB

        col = doc.user_data["cg_col_ent_iob"] = [("", "I", "O", "B")[x] for x in doc.to_array(ENT_IOB).tolist()]
    return col


def make_doc(document: "Document", nlp: "Language", window: Optional[tuple[int, int]] = None,
             prior_actors: "Optional[Mapping[str, Actor]]" = None) -> Doc:
    """A ``Doc`` over the clean text with the document's metadata attached (the pipeline's input).

    ``window`` = (start, end): a Doc over ``document.text[start:end]`` only (see :func:`windows`),
    its parts clipped to it; ``prior_actors``: the actors of the document's earlier windows.
    """
    from .schema import Part

    if window is None:
        doc = nlp.make_doc(document.text)
        doc._.cg_doc_id = document.id
        doc._.cg_parts = list(document.parts)
    else:
        start, end = window
        doc = nlp.make_doc(document.text[start:end])
        doc._.cg_doc_id = f"{document.id}@{start}"
        doc._.cg_offset = start
        doc._.cg_parts = [Part(kind=p.kind, start=max(p.start, start) - start, end=min(p.end, end) - start)
                          for p in document.parts if p.end > start and p.start < end]
        doc._.cg_prior_actors = prior_actors
    doc._.cg_published = document.published
    doc._.cg_site = _host(document.url) or document.publisher
    return doc


def _host(url: Optional[str]) -> Optional[str]:
    m = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", url or "", re.I)
    return m.group(1).lower() if m else None


# -- windows: how a long text is cut into Docs of bounded size ------------------------------------------------

WHOLE_CHARS = 60_000
"""A clean text up to this many characters is analysed as one Doc, as ever: that is every
ordinary article (Reuters' longest is 13K characters, BBC's 25K, Wikinews' 99th percentile 56K;
the readings and every gold set of the gate are far shorter), whose analysis windowing must not
change. A longer text is cut into windows: spaCy's neural components need ~16 KB per token of a
Doc while they run and slow down per word as a Doc grows (CPU per word +19% at 80K characters,
+38% at 160K), and some stages grow faster than the text."""

WINDOW_CHARS = 30_000
"""The most characters of one window (about 5,000 words, a few dozen paragraphs)."""

_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_LINE = re.compile(r"\n\s*")
_SENTENCE = re.compile(r"(?<=[.!?;:\u2026\u3002\uff01\uff1f])[\"'\u201d\u2019\u00bb)\]]*\s+")
_SPACE = re.compile(r"\s+")


def windows(text: str, *, whole: int = WHOLE_CHARS, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) of the windows a clean text is analysed in: one for a text up to ``whole``
    characters; else consecutive windows of at most ``size`` characters covering the text, each
    cut after a paragraph break where there is one in its second half, else after a line break,
    a sentence end, a space, or (a text with no space at all) at ``size`` exactly."""
    n = len(text)
    if n <= whole:
        return [(0, n)]
    out: list[tuple[int, int]] = []
    start = 0
    while n - start > size:
        lo, hi = start + size // 2, start + size
        cut = None
        for pattern in (_PARAGRAPH, _LINE, _SENTENCE, _SPACE):
            last = None
            for m in pattern.finditer(text, lo, hi):
                last = m
            if last is not None:
                cut = last.end()
                break
        if cut is None or cut <= start:
            cut = hi
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out
