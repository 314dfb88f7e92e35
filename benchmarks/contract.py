"""The Doc contract, observed: what each stage reads off the ``Doc`` against what it declares.

    python -m benchmarks.contract [FILE] [--drop]

An instrumented run of ``analyze()``'s pipeline on an article (default: the flagship example)
records every ``Doc._``/``Token._``/``Span._`` attribute and ``doc.spans`` group each component
reads, and lists those missing from its ``requires`` (reads of its own ``assigns`` and of the
pipeline's input attributes, :data:`cablegram.contract.INPUT_ATTRS`, need no declaration).
``--drop`` builds the pipeline without each stage in turn: every later stage must either refuse
at load (:class:`cablegram.errors.StageOrderError`) or give what it gives with the whole
pipeline — a changed output without an error is silent loss. ``tests/test_contract.py`` asserts
both, with the violations their owners are still removing listed there.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kim-putin.txt"


@contextlib.contextmanager
def recording():
    """While active, ``reads[component][attr]`` counts reads made while ``current[0]`` names a component."""
    from spacy.tokens import underscore
    from spacy.tokens._dict_proxies import SpanGroups

    reads: dict[str, Counter] = defaultdict(Counter)
    current: list = [None]
    get_ext, get_group, has_group = underscore.Underscore.__getattr__, SpanGroups.__getitem__, SpanGroups.__contains__

    def kind(u) -> str:
        start, end = object.__getattribute__(u, "_start"), object.__getattribute__(u, "_end")
        return "doc" if start is None else ("token" if end is None else "span")

    def ext(self, name):
        if current[0] is not None and name.startswith("cg_"):
            reads[current[0]][f"{kind(self)}._.{name}"] += 1
        return get_ext(self, name)

    def group(self, key):
        if current[0] is not None and str(key).startswith("cg_"):
            reads[current[0]]["doc.spans"] += 1
        return get_group(self, key)

    def has(self, key):
        if current[0] is not None and str(key).startswith("cg_"):
            reads[current[0]]["doc.spans"] += 1
        return has_group(self, key)

    underscore.Underscore.__getattr__, SpanGroups.__getitem__, SpanGroups.__contains__ = ext, group, has
    try:
        yield reads, current
    finally:
        underscore.Underscore.__getattr__, SpanGroups.__getitem__, SpanGroups.__contains__ = get_ext, get_group, has_group


def run_recorded(nlp, doc):
    """Run the pipeline's components on ``doc`` one by one (as ``nlp(doc)`` does), recording reads."""
    with recording() as (reads, current):
        for name, proc in nlp.pipeline:
            current[0] = name
            doc = proc(doc)
        current[0] = None
    return doc, {name: Counter(c) for name, c in reads.items()}


def declared(nlp, name: str) -> tuple[set[str], set[str]]:
    meta = nlp.get_pipe_meta(name)
    return set(meta.requires), set(meta.assigns)


def undeclared(nlp, reads: dict[str, Counter]) -> dict[str, dict[str, int]]:
    """Per cablegram component: attributes read but neither required, assigned nor pipeline input."""
    from cablegram.contract import INPUT_ATTRS

    exempt = {f"doc._.{name}" for name in INPUT_ATTRS}
    out = {}
    for name, _ in nlp.pipeline:
        if not name.startswith("cablegram_"):
            continue
        requires, assigns = declared(nlp, name)
        missing = {a: n for a, n in reads.get(name, {}).items() if a not in requires | assigns | exempt}
        if missing:
            out[name] = dict(sorted(missing.items()))
    return out


def example_document(path: Path = EXAMPLE):
    from cablegram.pipeline import prepare

    document, _ = prepare(path.read_bytes())
    return document


def outputs(doc) -> dict[str, str]:
    """Each stage's doc-level output, serialised to compare runs."""
    def dump(value):
        if value is None:
            return None
        if isinstance(value, dict):
            value = [value[k] for k in sorted(value)]
        return json.dumps([v.model_dump(mode="json") for v in value], sort_keys=True)

    return {"cablegram_actors": dump(doc._.cg_actors), "cablegram_time": dump(doc._.cg_times),
            "cablegram_attribution": dump(doc._.cg_attributions), "cablegram_events": dump(doc._.cg_events)}


def summary(doc) -> dict[str, int]:
    """A few counts that say what a stage's output holds (for messages)."""
    events = doc._.cg_events or []
    return {"actors": len(doc._.cg_actors or {}), "times": len(doc._.cg_times or []),
            "attributions": len(doc._.cg_attributions or []), "events": len(events),
            "dated events": sum(1 for e in events if e.date is not None and e.date.text)}


def drop_each(document=None) -> dict[str, dict]:
    """For each stage left out: ``{"error": str}`` if loading refused, else the later stages whose output changed."""
    from cablegram.contract import make_doc
    from cablegram.errors import StageOrderError
    from cablegram.pipeline import STAGES, load

    document = document or example_document()
    full_nlp = load(stages=STAGES)
    full = full_nlp(make_doc(document, full_nlp))
    want = outputs(full)
    result = {}
    for dropped in STAGES:
        kept = tuple(s for s in STAGES if s != dropped)
        try:
            nlp = load(stages=kept)
        except StageOrderError as exc:
            result[dropped] = {"error": str(exc)}
            continue
        doc = nlp(make_doc(document, nlp))
        got = outputs(doc)
        later = STAGES[STAGES.index(dropped) + 1:]
        changed = [s for s in later if got[s] != want[s]]
        result[dropped] = {"changed": changed, "full": summary(full), "without": summary(doc)}
    return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("file", nargs="?", default=str(EXAMPLE))
    p.add_argument("--drop", action="store_true", help="also build the pipeline without each stage in turn")
    args = p.parse_args(argv)
    from cablegram.contract import make_doc
    from cablegram.pipeline import load

    document = example_document(Path(args.file))
    nlp = load()
    _, reads = run_recorded(nlp, make_doc(document, nlp))
    missing = undeclared(nlp, reads)
    for name, _ in nlp.pipeline:
        if not name.startswith("cablegram_"):
            continue
        requires, _assigns = declared(nlp, name)
        print(f"{name}\n  requires: {', '.join(sorted(requires))}")
        for attr, n in sorted(reads.get(name, {}).items()):
            flag = "  UNDECLARED" if attr in missing.get(name, {}) else ""
            print(f"  reads {attr:28} {n:7,}{flag}")
    if args.drop:
        for dropped, res in drop_each(document).items():
            if "error" in res:
                print(f"without {dropped}: refused at load: {res['error']}")
            else:
                print(f"without {dropped}: changed {res['changed'] or 'nothing'} "
                      f"(full {res['full']}, without {res['without']})")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
