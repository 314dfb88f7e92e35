"""cablegram: news reporting in, the system it describes out.

``cablegram.analyze(text_or_html, url=..., published=...)`` is the one door for
a single article; ``cablegram.load()`` gives the spaCy ``Language`` with
cablegram's stages for use on your own.
"""

from .errors import CablegramError
from .pipeline import analyze, load
from .schema import Analysis
from .version import __version__

__all__ = ["analyze", "load", "Analysis", "CablegramError", "__version__"]
