"""The attribution stage: who said what, quoted directly or reported.

Passes over the parsed ``Doc``, each a module, each claiming the tokens it uses (a token
belongs to at most one attribution):

1. :mod:`.direct` — quotations and their cues; continued and multi-paragraph quotes.
2. :mod:`.lines` — ``Name: words`` lines and title-case headlines.
3. :mod:`.reported` — reported clauses, parenthetical and trailing cues, ``according to``.
4. :mod:`.stances` — stances with a noun-phrase content and cue nouns with a possessor.
5. :mod:`.learned` — what the rules missed: (cue, content) pairs over the parse scored by a
   model trained on PolNeAR (``training/attribution_tagger.py``), on the words still free.

Then :mod:`.readoff` turns what was found into :class:`schema.Attribution`. Words live in
``lang/<lang>/`` (:mod:`.lexicon`, shapes in :mod:`.lang`). Speakers are the actors the actors stage put on the Doc; this
stage never resolves actors itself.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc

from .. import lang as language
from .context import Context, Found
from .direct import assign_continuations, find_direct
from .lang import FILES
from .learned import find_learned, shipped
from .lines import find_block_quotes, find_headline, find_speaker_labels
from .readoff import to_schema
from .reported import find_reported
from .stances import find_stances

log = logging.getLogger(__name__)


@Language.factory(
    "cablegram_attribution",
    default_config={"lang": "en"},
    requires=["token.dep", "token._.cg_actor", "token._.cg_np_actor", "doc._.cg_actors"],
    assigns=["doc._.cg_attributions", "token._.cg_attribution"],
)
def make_attribution(nlp: Language, name: str, lang: str):
    """``lang``: the folder of ``lang/`` whose words the stage reads (checked here, E034)."""
    language.check(__package__, FILES, lang)
    shipped()   # the learned pass's weights: missing ones are an error when the pipeline is built
    return AttributionComponent(lang)


class AttributionComponent:
    def __init__(self, lang: str = language.DEFAULT):
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_attributions = []
        if len(doc) == 0:
            return doc
        with language.using(self.lang):
            doc._.cg_attributions = to_schema(doc, run_passes(doc))
        return doc


def run_passes(doc: Doc, tagger=None) -> list[Found]:
    """All passes in order; a pass that fails on an odd parse is logged and skipped, the others still count.
    ``tagger``: the learned pass's model (default: the shipped one)."""
    ctx = Context(doc)
    found = rule_passes(ctx)
    # what the rules missed, proposed by the learned pair model on the words still free
    found += _guard(doc, find_learned, ctx, tagger)
    found.sort(key=lambda f: f.start)
    _guard(doc, assign_continuations, ctx, found)
    return found


def rule_passes(ctx: Context) -> list[Found]:
    """The rule passes (direct, line forms, reported, stances), each claiming the words it uses."""
    doc = ctx.doc
    direct = _guard(doc, find_direct, ctx)
    # line-level forms ("Name: words", title-case headlines) before the parse-based passes
    labelled = _guard(doc, find_speaker_labels, ctx) + _guard(doc, find_block_quotes, ctx) \
        + _guard(doc, find_headline, ctx)
    # reported clauses first (they may hold other cues), then stances with a noun-phrase content
    indirect = _guard(doc, find_reported, ctx) + _guard(doc, find_stances, ctx)
    return direct + indirect + labelled


def _guard(doc: Doc, step, *args) -> list[Found]:
    try:
        return step(*args) or []
    except Exception:  # noqa: BLE001 - one bad sentence must not lose the document's analysis
        log.warning("attribution pass %s failed on document %s", getattr(step, "__name__", "?"),
                    doc._.cg_doc_id, exc_info=True)
        return []
