"""The command line: thin functions over the library, named like what they call.

All Typer code lives in this package. :mod:`.base` holds the shared ``app``,
output flags and input reading; each module registers its commands on it, in
the order ``cablegram --help`` lists them: one article (:mod:`.article`), the
corpus store (:mod:`.store`), the web view (:mod:`.web`). The library below
knows nothing of Typer. Errors print one line (``error E0xx: … (remedy)``) and
exit with the code listed in ``cablegram --help`` / :data:`cablegram.errors.EXIT_CODES`.
"""

from __future__ import annotations

import os
import sys

from ..errors import CablegramError
from . import article, store, web  # noqa: F401  (registers the commands, in this order)
from .base import app

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except CablegramError as exc:
        if exc.__cause__ is not None and os.environ.get("CABLEGRAM_DEBUG"):
            raise  # a stage's failure (E051): the traceback down to the real cause
        print(str(exc), file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # never a traceback for a user, unless asked
        if os.environ.get("CABLEGRAM_DEBUG"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {exc} (set CABLEGRAM_DEBUG=1 for a traceback; "
              "please report it)", file=sys.stderr)
        sys.exit(1)
