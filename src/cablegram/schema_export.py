"""Write the JSON Schema of an analysis to ``schema/analysis.schema.json`` (``make schema``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .schema import json_schema

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "schema" / "analysis.schema.json"


def render() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    path = Path((argv or sys.argv[1:] or [str(DEFAULT_PATH)])[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
