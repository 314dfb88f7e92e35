"""A package's import graph read from its source with ``ast`` (every import, top-level or in a function).

Used by ``tests/test_layers.py`` (layers, loops) and ``tests/test_extras.py`` (declared dependencies).
"""

from __future__ import annotations

import ast
from pathlib import Path


def module_name(path: Path, top: Path) -> str:
    parts = list(path.relative_to(top.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(top: Path) -> dict[str, Path]:
    return {module_name(p, top): p for p in sorted(top.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The absolute names a module imports (``from pkg import sub`` counts as ``pkg.sub`` when sub is a module)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            subs = {f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in known}
            out.update(subs)
            if len(subs) < len(node.names):
                out.add(mod)
    return out


def graph(top: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (each resolved to a module that exists)."""
    mods = modules(top)
    root = top.name
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for target in imports(name, path, set(mods)):
            if target != root and not target.startswith(root + "."):
                continue
            while target not in mods and "." in target:
                target = target.rsplit(".", 1)[0]
            if target != name:
                edges[name].add(target)
    return edges


def owner(module: str, groups) -> str | None:
    """The longest prefix of ``module`` in ``groups`` (a group names a module or a package)."""
    best = None
    for group in groups:
        if module == group or module.startswith(group + "."):
            if best is None or len(group) > len(best):
                best = group
    return best


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out
