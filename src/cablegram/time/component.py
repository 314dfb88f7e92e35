"""The time stage (first version: spaCy's DATE entities, values from dateparser)."""

from __future__ import annotations

from datetime import datetime

from spacy.language import Language
from spacy.tokens import Doc

from ..ids import span_id
from ..schema import Time


@Language.factory("cablegram_time", requires=["doc.ents"], assigns=["doc._.cg_times", "token._.cg_time"])
def make_time(nlp: Language, name: str):
    return TimeComponent()


class TimeComponent:
    def __call__(self, doc: Doc) -> Doc:
        import dateparser

        base = None
        if doc._.cg_published and len(doc._.cg_published) >= 10:
            base = datetime.fromisoformat(doc._.cg_published[:10])
        times = []
        for ent in doc.ents:
            if ent.label_ != "DATE":
                continue
            settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"} if base else {}
            parsed = dateparser.parse(ent.text, languages=["en"], settings=settings)
            value = parsed.date().isoformat() if parsed else None
            t = Time(id=span_id(doc._.cg_doc_id, "time", ent.start_char, ent.end_char),
                     start=ent.start_char, end=ent.end_char, text=ent.text, value=value)
            times.append(t)
            for tok in ent:
                tok._.cg_time = t.id
        doc._.cg_times = times
        return doc
