"""The Doc contract enforced: a stage declares every ``Doc._``/``Token._`` attribute it reads, and a
pipeline missing a stage either refuses to load (E033) or its later stages give the same output.

Reads are recorded by an instrumented run (:mod:`benchmarks.contract`). What a stage's owner is
still fixing is listed below with the issue; the lists only shrink (a fixed entry fails until removed).
"""

from __future__ import annotations

import pytest
import spacy

from benchmarks.contract import drop_each, example_document, run_recorded, undeclared
from cablegram.contract import check_order, make_doc
from cablegram.errors import ConfigError, StageOrderError

# (component, attribute read but not in its requires) -> who declares it (or stops reading it)
UNDECLARED_KNOWN: dict = {}

# (stage left out, later stage whose output changed without an error) -> who fixes it
SILENT_KNOWN: dict = {}


@pytest.fixture(scope="module")
def document():
    return example_document()


def test_every_read_is_declared(nlp, document):
    _, reads = run_recorded(nlp, make_doc(document, nlp))
    assert reads.get("cablegram_events", {}).get("token._.cg_np_actor"), "the recorder saw no read"
    found = {(name, attr) for name, attrs in undeclared(nlp, reads).items() for attr in attrs}
    new = sorted(found - set(UNDECLARED_KNOWN))
    assert not new, "attributes read but not in the component's requires: " + "; ".join(f"{n}: {a}" for n, a in new)
    fixed = sorted(set(UNDECLARED_KNOWN) - found)
    assert not fixed, "now declared (or no longer read): remove from UNDECLARED_KNOWN: " + "; ".join(
        f"{n}: {a}" for n, a in fixed)


@pytest.mark.slow
def test_without_each_stage_refuse_or_same_output(document):
    result = drop_each(document)
    silent = set()
    for dropped, res in result.items():
        if "error" in res:
            assert "E033" in res["error"] and "requires" in res["error"]
            continue
        silent.update((dropped, later) for later in res["changed"])
    new = sorted(silent - set(SILENT_KNOWN))
    assert not new, f"silent loss (a later stage changed without an error): {new}; {result}"
    fixed = sorted(set(SILENT_KNOWN) - silent)
    assert not fixed, f"no longer silent: remove from SILENT_KNOWN: {fixed}"


def test_a_stage_without_what_it_requires_is_refused():
    import cablegram.events.component  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("cablegram_events")
    with pytest.raises(StageOrderError) as err:
        check_order(nlp)
    assert isinstance(err.value, ConfigError) and err.value.exit_code == 3
    text = str(err.value)
    assert text.startswith("error E033: cablegram_events requires ") and "doc._.cg_actors" in text
    assert "add the stage that assigns it earlier" in text


def test_a_complete_order_is_accepted():
    import cablegram.pipeline

    cablegram.pipeline._import_stages()

    nlp = spacy.blank("en")
    for stage in cablegram.pipeline.STAGES:
        nlp.add_pipe(stage)
    check_order(nlp)
    with pytest.raises(StageOrderError):
        cablegram.pipeline.load(stages=("cablegram_time", "cablegram_attribution"))
