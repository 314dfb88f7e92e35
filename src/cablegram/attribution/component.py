"""The attribution stage (first version: text in quotation marks, speaker = subject of the nearest 'said')."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..ids import span_id
from ..schema import Attribution, Span

_QUOTE = re.compile(r"[\"“]([^\"“”]{20,}?)[\"”]")
_CUES = {"say", "tell", "add", "state", "ask", "warn"}


@Language.factory("cablegram_attribution", requires=["token.dep", "token._.cg_actor"],
                  assigns=["doc._.cg_attributions", "token._.cg_attribution"])
def make_attribution(nlp: Language, name: str):
    return AttributionComponent()


class AttributionComponent:
    def __call__(self, doc: Doc) -> Doc:
        found = []
        for m in _QUOTE.finditer(doc.text):
            start, end = m.span(1)
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            sent_end = span.sent.end if span.sent else len(doc)
            window = doc[span.end:min(len(doc), sent_end + 12)]
            cue = next((t for t in window if t.lemma_ in _CUES and t.pos_ == "VERB"), None)
            speaker = None
            if cue is not None:
                subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None:
                    speaker = subj
            attr = Attribution(
                id=span_id(doc._.cg_doc_id, "attr", start, end),
                kind="direct",
                content=Span(start=start, end=end, text=doc.text[start:end]),
                speaker=speaker._.cg_actor if speaker is not None else None,
                speaker_span=Span(start=speaker.idx, end=speaker.idx + len(speaker.text), text=speaker.text)
                if speaker is not None else None,
                cue=Span(start=cue.idx, end=cue.idx + len(cue.text), text=cue.text) if cue is not None else None,
            )
            found.append(attr)
            for tok in span:
                tok._.cg_attribution = attr.id
        doc._.cg_attributions = found
        return doc
