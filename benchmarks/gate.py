"""The quality gate: benchmark figures must stay at or above the floors pinned in ``floors.json``.

Each entry of ``floors.json`` names a benchmark module that exposes
``gate(data_dir: Path) -> tuple[dict[str, float], str]`` (its figures and a
digest of the gold data they were computed on). A floor is pinned together
with that digest: if the gold data changes, the gate fails until the floors are
re-pinned. ``--update`` raises floors to what was measured (rounded down to two
places) and never lowers one unless ``--allow-lower`` is given as well.

    python -m benchmarks.gate [--data ../shared/data] [--only NAME] [--update [--allow-lower]]
"""

from __future__ import annotations

import importlib
import json
import math
import sys
import time
from pathlib import Path

from .common import Skip, arg_parser, table

FLOORS = Path(__file__).with_name("floors.json")
TOLERANCE = 1e-9


def load_floors(path: Path = FLOORS) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def check(name: str, entry: dict, metrics: dict[str, float], digest: str) -> list[str]:
    """Failures of one benchmark against its entry (empty if it passes)."""
    failures = []
    if entry.get("digest") and entry["digest"] != digest:
        failures.append(f"{name}: gold data digest {digest} differs from pinned {entry['digest']} "
                        f"(re-pin with --update after checking why)")
    for metric, floor in entry.get("floors", {}).items():
        value = metrics.get(metric)
        if value is None:
            failures.append(f"{name}: metric {metric} was not reported")
        elif value + TOLERANCE < floor:
            failures.append(f"{name}: {metric} = {value:.4f} is below its floor {floor:.4f}")
    return failures


def update(entry: dict, metrics: dict[str, float], digest: str, allow_lower: bool) -> list[str]:
    """Raise (or, with allow_lower, set) floors to the measured figures; return refusals."""
    refused = []
    floors = entry.setdefault("floors", {})
    for metric in list(floors):
        if metric not in metrics:
            continue
        new = math.floor(metrics[metric] * 100) / 100
        if new < floors[metric] and not allow_lower:
            refused.append(f"refusing to lower {metric} from {floors[metric]} to {new} (pass --allow-lower)")
            continue
        floors[metric] = new
    entry["digest"] = digest
    return refused


def main(argv: list[str] | None = None) -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    p.add_argument("--update", action="store_true", help="raise floors to the measured figures")
    p.add_argument("--allow-lower", action="store_true", help="with --update: allow a floor to go down")
    p.add_argument("--floors", default=str(FLOORS))
    args = p.parse_args(argv)
    path = Path(args.floors)
    spec = load_floors(path)
    rows, failures, refused, updated = [], [], [], []
    for name, entry in spec.items():
        if args.only and name not in args.only:
            continue
        module = importlib.import_module(entry["module"])
        t0 = time.perf_counter()
        try:
            metrics, digest = module.gate(Path(args.data))
        except Skip as exc:
            print(f"{name}: skipped ({exc})")
            continue
        seconds = time.perf_counter() - t0
        for metric, floor in entry.get("floors", {}).items():
            value = metrics.get(metric)
            ok = value is not None and value + TOLERANCE >= floor
            rows.append([name, metric, value, floor, "ok" if ok else "BELOW", f"{seconds:.0f}s"])
        if args.update:
            refused += update(entry, metrics, digest, args.allow_lower)
            updated.append(name)
        else:
            failures += check(name, entry, metrics, digest)
    print(table(["benchmark", "metric", "value", "floor", "", "time"], rows))
    if args.update:
        # re-read the file and replace only the entries this run measured, so that
        # concurrent updates of other benchmarks' floors are never overwritten
        fresh = load_floors(path)
        for name in updated:
            fresh[name] = spec[name]
        path.write_text(json.dumps(fresh, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        for line in refused:
            print(line)
        return 1 if refused else 0
    for line in failures:
        print("FAIL", line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
