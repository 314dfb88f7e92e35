"""Optional features and the extras that install them (``pip install 'cablegram[web]'``).

What the default analysis needs is a required dependency (``pyproject.toml``'s
``dependencies``); a feature beyond it names its extra here and calls :func:`require`
before it imports, so a missing package is a clear :class:`MissingExtraError` (E032,
with the ``pip install`` that fixes it), never a traceback or a silent fallback.
"""

from __future__ import annotations

import importlib

from .errors import MissingExtraError

# extra -> the modules it provides (checked in order; the first missing one is named)
EXTRAS: dict[str, tuple[str, ...]] = {
    "web": ("starlette", "uvicorn"),
    "dask": ("dask", "distributed"),
}


def require(extra: str, feature: str) -> None:
    """Raise :class:`MissingExtraError` if a module of ``extra`` cannot be imported."""
    for module in EXTRAS[extra]:
        try:
            importlib.import_module(module)
        except ImportError:
            raise MissingExtraError(module, extra, feature) from None
