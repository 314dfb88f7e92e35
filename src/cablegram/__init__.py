"""cablegram: news reporting in, the system it describes out.

``cablegram.analyze(text_or_html, url=..., published=...)`` is the one door for
a single article; ``cablegram.load()`` gives the spaCy ``Language`` with
cablegram's stages for use on your own.
"""

__version__ = "0.1.0"

from .errors import CablegramError  # noqa: E402
from .pipeline import analyze, load  # noqa: E402
from .schema import Analysis  # noqa: E402

__all__ = ["analyze", "load", "Analysis", "CablegramError", "__version__"]
