"""Bulk inserts through Arrow: one statement per table, however many rows (used by the store and its clusters)."""

from __future__ import annotations

_TYPES: dict[tuple[int, str], list[tuple[str, str]]] = {}


def arrow_type(kind: str):
    """The Arrow type of a DuckDB column type (``VARCHAR[]`` is a list of strings)."""
    import pyarrow as pa

    if kind.endswith("[]"):
        return pa.list_(arrow_type(kind[:-2]))
    return {
        "INTEGER": pa.int32(), "BIGINT": pa.int64(), "BOOLEAN": pa.bool_(), "DOUBLE": pa.float64(),
        "TIMESTAMP": pa.timestamp("us"), "DATE": pa.date32(),
    }.get(kind, pa.string())


def columns(con, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE {table}").fetchall()]


def insert(con, table: str, rows: list[dict], cols: list[tuple[str, str]] | None = None) -> None:
    """Insert ``rows`` (dicts by column name; missing keys are NULL) into ``table``."""
    import pyarrow as pa

    cols = cols or columns(con, table)
    batch = pa.table({name: pa.array([r.get(name) for r in rows], type=arrow_type(kind))  # noqa: F841
                      for name, kind in cols})
    names = ", ".join(f'"{n}"' for n, _ in cols)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM batch")
