"""How cablegram's learned parts and generated tables are made, from ``../shared/data`` (train splits only).

Run by hand (see DEVELOPERS.md); each script writes the JSON weights or tables that ship in a
stage's ``data/``. Nothing under ``src/`` imports this package, and it never imports
``benchmarks`` (benchmarks may import it, e.g. to cross-validate with the same training code):
what both need to read and score the gold data lives in :mod:`training.gold`.
"""
