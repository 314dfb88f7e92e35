"""Actors: mentions resolved to canonical actors with country, sector, code and roles.

The stage (:mod:`.component`) writes what other stages read onto the ``Doc`` (see
:mod:`cablegram.contract`); no stage calls in here. A single mention string is resolved by the
same stage on a short document (see ``benchmarks/actors.py``).
"""
