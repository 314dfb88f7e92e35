"""The import layers, read from the source with ``ast`` (every import, top-level or inside a function).

Layers only point down, there is no import loop, and no stage imports another stage: stages talk
through the ``Doc`` (see :mod:`cablegram.contract`). ``training/`` and ``benchmarks/`` sit outside
the runtime: nothing in ``src/`` imports them, and ``training`` never imports ``benchmarks``.

An edge a stage's owner is still removing is listed in ``KNOWN`` with the issue that removes it;
the test fails when a listed edge is gone, so the list only shrinks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.imports import cycles, graph as read_graph, imports, modules, owner

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "cablegram"

# Lowest first. A module may import its own layer's modules or any lower layer's, never a higher one.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("bottom", ("cablegram.version", "cablegram.errors", "cablegram.ids", "cablegram.ontology", "cablegram.schema",
                "cablegram.config", "cablegram.contract", "cablegram.lang", "cablegram.extras", "cablegram.schema_export",
                "cablegram.dates")),
    ("input", ("cablegram.ingest", "cablegram.clean")),
    ("stages", ("cablegram.actors", "cablegram.time", "cablegram.attribution", "cablegram.events")),
    ("pipeline", ("cablegram", "cablegram.pipeline", "cablegram.readoff", "cablegram.check", "cablegram.brief")),
    ("corpus", ("cablegram.store", "cablegram.run", "cablegram.web")),
    ("commands", ("cablegram.commands", "cablegram.__main__")),
]
STAGES = dict(LAYERS)["stages"]

# (importer, imported) -> who removes it. Importer is a module, imported a module or package.
KNOWN: dict[tuple[str, str], str] = {
}


def layer_of(module: str) -> int | None:
    """The module's layer; the root package ``cablegram`` names only its ``__init__``, not what is under it."""
    groups = {g: i for i, (_, names) in enumerate(LAYERS) for g in names}
    group = owner(module, [g for g in groups if "." in g]) or (module if module in groups else None)
    return groups[group] if group else None


def violations(edges: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    """Every edge that breaks a layer rule, with why."""
    bad = {}
    for a, targets in edges.items():
        for b in targets:
            la, lb = layer_of(a), layer_of(b)
            if la is None or lb is None:
                continue
            if lb > la:
                bad[(a, b)] = f"upward: {LAYERS[la][0]} imports {LAYERS[lb][0]}"
            sa, sb = owner(a, STAGES), owner(b, STAGES)
            if sa and sb and sa != sb:
                bad[(a, sb)] = f"stage {sa} imports stage {sb}"
    return bad


def test_every_module_has_a_layer():
    lost = [m for m in modules(SRC) if layer_of(m) is None]
    assert not lost, f"place these modules in a layer of tests/test_layers.py: {lost}"


def test_no_import_loop():
    assert cycles(read_graph(SRC)) == []


def test_layers_point_down_and_no_stage_imports_another():
    bad = violations(read_graph(SRC))
    new = {edge: why for edge, why in bad.items() if edge not in KNOWN}
    assert not new, "imports against the layers:\n" + "\n".join(f"  {a} -> {b}: {why}" for (a, b), why in new.items())


def test_known_violations_are_still_there():
    """When an owner removes a listed edge, the entry goes too (the list only shrinks)."""
    bad = violations(read_graph(SRC))
    gone = [f"{a} -> {b} ({who})" for (a, b), who in KNOWN.items() if (a, b) not in bad]
    assert not gone, "remove from KNOWN in tests/test_layers.py: " + "; ".join(gone)


@pytest.mark.parametrize("folder, forbidden", [
    ("src/cablegram", ("training", "benchmarks", "tests")),
    ("training", ("benchmarks", "tests")),
])
def test_outside_the_runtime(folder, forbidden):
    top = ROOT / folder
    found = []
    for name, path in modules(top).items():
        for target in imports(name, path, set()):
            if target.split(".")[0] in forbidden:
                found.append(f"{name} imports {target}")
    assert not found, found


def test_the_checker_sees_what_it_should(tmp_path):
    """The graph reader on a small package: relative imports, submodules, a loop, an upward import."""
    pkg = tmp_path / "cablegram"
    (pkg / "actors").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .pipeline import x\n")
    (pkg / "pipeline.py").write_text("def f():\n    from .actors import component\n")
    (pkg / "actors" / "__init__.py").write_text("")
    (pkg / "actors" / "component.py").write_text("from ..pipeline import f\nfrom .. import errors\n")
    (pkg / "errors.py").write_text("")
    edges = read_graph(pkg)
    assert edges["cablegram.pipeline"] == {"cablegram.actors.component"}
    assert edges["cablegram.actors.component"] == {"cablegram.pipeline", "cablegram.errors"}
    assert cycles(edges) == [["cablegram.actors.component", "cablegram.pipeline"]]
    assert violations(edges) == {("cablegram.actors.component", "cablegram.pipeline"): "upward: stages imports pipeline"}
