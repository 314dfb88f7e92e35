"""How much a reader must hold: cyclomatic complexity of every function and the size of every module.

    python -m benchmarks.complexity [--over 40] [--lines 500] [--top 15] [--json] [PATH ...]

Measured with radon (a test/bench-only dependency, pinned in requirements.txt) over ``src/cablegram``
by default. Lists the functions above ``--over`` (the issue's bar: none above 40) and the modules of
more than ``--lines`` lines, each with the area of the code it belongs to, and the largest modules.
Exit code 1 if anything is over a bar (a report, not a gate: the gate pins quality figures).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "cablegram"


def functions(path: Path) -> list[dict]:
    """Every function and method of a file with its cyclomatic complexity."""
    from radon.complexity import cc_visit

    out = []

    def walk(blocks, prefix=""):
        for b in blocks:
            if type(b).__name__ == "Class":  # its methods come as blocks of their own, with classname set
                continue
            owner = f"{b.classname}." if getattr(b, "classname", None) else prefix
            out.append({"name": f"{owner}{b.name}", "line": b.lineno, "complexity": b.complexity})
            walk(getattr(b, "closures", []), f"{owner}{b.name}.")

    walk(cc_visit(path.read_text(encoding="utf-8")))
    return out


def area(rel: str) -> str:
    """The part of the code a module belongs to (a stage, clean, store, ...): who to ask."""
    parts = Path(rel).parts
    if parts[:2] == ("src", "cablegram"):
        parts = parts[2:]
    return parts[0] if len(parts) > 1 else "core"


def report(paths: list[Path], base: Path) -> dict:
    funcs, modules = [], []
    for top in paths:
        files = [top] if top.is_file() else sorted(top.rglob("*.py"))
        for path in files:
            rel = str(path.relative_to(base))
            lines = len(path.read_text(encoding="utf-8").splitlines())
            modules.append({"module": rel, "lines": lines, "area": area(rel)})
            for f in functions(path):
                funcs.append({"module": rel, "area": area(rel), **f})
    funcs.sort(key=lambda f: -f["complexity"])
    modules.sort(key=lambda m: -m["lines"])
    return {"functions": funcs, "modules": modules}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("paths", nargs="*", default=[str(SRC)])
    p.add_argument("--over", type=int, default=40, help="list functions above this complexity")
    p.add_argument("--lines", type=int, default=500, help="list modules longer than this")
    p.add_argument("--top", type=int, default=10, help="also list this many largest modules")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    paths = [Path(x).resolve() for x in args.paths]
    base = SRC if paths == [SRC] else ROOT
    rep = report(paths, base)
    over = [f for f in rep["functions"] if f["complexity"] > args.over]
    long = [m for m in rep["modules"] if m["lines"] > args.lines]
    if args.json:
        print(json.dumps({"over": over, "long": long, "largest": rep["modules"][: args.top]}, indent=1))
    else:
        from benchmarks.common import table

        print(f"functions above complexity {args.over}: {len(over)} (of {len(rep['functions'])})")
        if over:
            print(table(["complexity", "function", "module", "area"],
                        [[f["complexity"], f["name"], f"{f['module']}:{f['line']}", f["area"]] for f in over]))
        print(f"\nmodules over {args.lines} lines: {len(long)} (of {len(rep['modules'])}); largest:")
        print(table(["lines", "module", "area"], [[m["lines"], m["module"], m["area"]]
                                                  for m in rep["modules"][: max(args.top, len(long))]]))
    return 1 if over or long else 0


if __name__ == "__main__":
    sys.exit(main())
