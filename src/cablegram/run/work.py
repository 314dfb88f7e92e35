"""The unit of work of a corpus run: a shard of checked inputs in, a shard of analyses out.

:func:`prepare` runs where the inputs are read (cheap: decode, checks, id);
:func:`run_shard` runs wherever the executor puts it (this process, a worker
process, a Dask worker) and loads the model once per process
(:func:`cablegram.pipeline.load` caches it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from ..errors import EmptyInputError
from ..ingest import Source, read_source
from ..ingest.readers import Failure, Item
from ..schema import Analysis


@dataclass
class Task:
    """One checked input, ready for analysis."""

    source: str
    input: Source
    published: Optional[str] = None
    title: Optional[str] = None

    @property
    def id(self) -> str:
        return self.input.id


@dataclass
class Done:
    """One analysed document and the raw input it came from."""

    source: str
    analysis: Analysis
    raw: str


Result = Union[Done, Failure]


def prepare(item: Item, *, max_bytes: int = 10_000_000) -> Union[Task, Failure]:
    """Decode and check one item (raises nothing: a bad input becomes a :class:`Failure`)."""
    try:
        src = read_source(item.data, max_bytes=max_bytes, url=item.url, format=item.format)
    except Exception as exc:  # noqa: BLE001 - every bad input is recorded, the run goes on
        return Failure.of(item.source, exc)
    src.warnings.extend(item.warnings)  # e.g. a published date the corpus gave that is no date
    return Task(source=item.source, input=src, published=item.published, title=item.title)


def run_shard(tasks: list[Task], pipeline: Optional[str] = None, batch_size: int = 32) -> list[Result]:
    """Clean and analyse a shard; a document that fails becomes a :class:`Failure`, the rest go on."""
    from ..clean import clean_document
    from ..contract import WHOLE_CHARS
    from ..pipeline import analyze_document, load, make_doc, pipeline_name, process
    from ..readoff import read_off

    nlp = load(pipeline)
    name = pipeline_name(nlp)
    results: list[Result] = []
    ready = []
    for task in tasks:
        try:
            document = clean_document(task.input, url=task.input.url, published=task.published, title=task.title)
            if task.title and document.title != task.title:  # a corpus' own title beats a guessed one
                document = document.model_copy(update={"title": task.title})
            if not document.text.strip():
                raise EmptyInputError("no article text found in the input")
            if len(document.text) > WHOLE_CHARS:  # read in windows, alone: memory stays that of one window
                results.append(Done(task.source, _warned(analyze_document(document, nlp), task), task.input.raw))
                continue
            ready.append((task, document))
        except Exception as exc:  # noqa: BLE001
            results.append(Failure.of(task.source, exc))
    if not ready:
        return results
    try:  # each Doc read off as it comes, so only a batch of Docs is held at a time
        docs = nlp.pipe((make_doc(d, nlp) for _, d in ready), batch_size=batch_size)
        results.extend([Done(t.source, _warned(read_off(doc, d, name), t), t.input.raw)
                        for (t, d), doc in zip(ready, docs)])
    except Exception:  # noqa: BLE001 - find the document that broke the batch, keep the others
        for task, document in ready:
            try:
                doc = process(nlp, make_doc(document, nlp))
                results.append(Done(task.source, _warned(read_off(doc, document, name), task), task.input.raw))
            except Exception as exc:  # noqa: BLE001
                results.append(Failure.of(task.source, exc))
    return results


def _warned(analysis: Analysis, task: Task) -> Analysis:
    """The analysis with the warnings of reading its input (a corpus date that was ignored, ...)."""
    analysis.warnings.extend(w for w in task.input.warnings if w not in analysis.warnings)
    return analysis


def warm(pipeline: Optional[str] = None) -> str:
    """Load the model in this process (an executor's worker initialiser)."""
    from ..pipeline import load, pipeline_name

    return pipeline_name(load(pipeline))
